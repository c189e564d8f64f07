/* passwd.c - the root password policy and SHA-512 crypt hashing.
 *
 * Policy (REFERENCE.md section 6, item 7): 7 to 40 printable ASCII
 * characters drawn from at least 3 of the classes lower case, upper case,
 * digit and other. Like ESXi's pam_passwdqc setup, an upper-case letter that
 * starts the password and a digit that ends it do not count toward the
 * classes ("Password1" has only lower case letters that count). */
#include "config.h"

#include <crypt.h>
#include <errno.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>
#include <sys/random.h>

#include "nls.h"
#include "passwd.h"

#define PW_MIN_LEN 7
#define PW_MAX_LEN 40
#define PW_MIN_CLASSES 3
#define PW_SALT_LEN 16

/* The crypt(3) alphabet for salts and hash text: 64 characters. */
static const char pw_alphabet[] =
	"./0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz";

/* One sentence per rule, indexed by enum pw_rule. */
static const char *const pw_messages[] = {
	[PW_OK] = N_("The password meets the requirements."),
	[PW_EMPTY] = N_("Enter a password."),
	[PW_TOO_SHORT] = N_("The password must be at least 7 characters long."),
	[PW_TOO_LONG] = N_("The password must be at most 40 characters long."),
	[PW_NOT_ASCII] = N_("The password may contain only printable ASCII characters (letters, digits, space and punctuation)."),
	[PW_FEW_CLASSES] = N_("The password must mix at least 3 kinds of characters: lower-case letters, upper-case letters, digits and other characters. A capital letter at the start and a digit at the end do not count."),
};

/* Clear memory through a call the compiler may not optimise away. */
void pw_wipe(void *p, size_t n)
{
	if (p && n)
		explicit_bzero(p, n);
}

/* Bit for the class of c: 1 lower, 2 upper, 4 digit, 8 other. */
static unsigned pw_class(unsigned char c)
{
	if (c >= 'a' && c <= 'z')
		return 1;
	if (c >= 'A' && c <= 'Z')
		return 2;
	if (c >= '0' && c <= '9')
		return 4;
	return 8;
}

/* Check pw against the policy; the first rule it breaks, or PW_OK. */
enum pw_rule pw_check(const char *pw)
{
	size_t len, i;
	unsigned classes = 0, n = 0;

	if (!pw || !pw[0])
		return PW_EMPTY;
	len = strlen(pw);
	for (i = 0; i < len; i++)
		if ((unsigned char)pw[i] < 0x20 || (unsigned char)pw[i] > 0x7e)
			return PW_NOT_ASCII;
	if (len < PW_MIN_LEN)
		return PW_TOO_SHORT;
	if (len > PW_MAX_LEN)
		return PW_TOO_LONG;
	for (i = 0; i < len; i++) {
		unsigned char c = (unsigned char)pw[i];

		if (i == 0 && c >= 'A' && c <= 'Z')
			continue;
		if (i == len - 1 && c >= '0' && c <= '9')
			continue;
		classes |= pw_class(c);
	}
	for (i = 0; i < 4; i++)
		n += (classes >> i) & 1;
	return n >= PW_MIN_CLASSES ? PW_OK : PW_FEW_CLASSES;
}

/* The translated sentence for a rule. */
const char *pw_rule_message(enum pw_rule r)
{
	if ((unsigned)r >= sizeof(pw_messages) / sizeof(pw_messages[0]))
		r = PW_FEW_CLASSES;
	return _(pw_messages[r]);
}

/* Fill salt with n random characters of the crypt alphabet. */
static int pw_salt(char *salt, size_t n, struct stoat_err *e)
{
	unsigned char raw[PW_SALT_LEN];
	size_t got = 0, i;

	if (n > sizeof(raw))
		return err_set(e, EINVAL, "salt too long");
	while (got < n) {
		ssize_t r = getrandom(raw + got, n - got, 0);

		if (r < 0) {
			if (errno == EINTR)
				continue;
			return err_set(e, errno, _("Cannot get random bytes from the kernel for the password salt: %s."),
				       strerror(errno));
		}
		got += (size_t)r;
	}
	/* 256 is a multiple of 64, so the low six bits are uniform. */
	for (i = 0; i < n; i++)
		salt[i] = pw_alphabet[raw[i] & 63];
	salt[n] = '\0';
	pw_wipe(raw, sizeof(raw));
	return 0;
}

/* Run crypt_r(pw, setting) into out; 0 or a negative errno. */
static int pw_crypt(const char *pw, const char *setting, char *out, size_t size,
		    struct stoat_err *e)
{
	struct crypt_data *cd = calloc(1, sizeof(*cd));
	const char *h;
	int rc = 0;

	if (!cd)
		return err_set(e, ENOMEM, _("Out of memory while hashing the password."));
	h = crypt_r(pw, setting, cd);
	if (!h || h[0] == '*' || h[0] == '\0')
		rc = err_set(e, EINVAL, _("The system crypt library could not make a SHA-512 password hash."));
	else if (strlen(h) >= size)
		rc = err_set(e, ENOSPC, _("The password hash does not fit its buffer."));
	else
		memcpy(out, h, strlen(h) + 1);
	pw_wipe(cd, sizeof(*cd));
	free(cd);
	return rc;
}

/* Hash pw as SHA-512 crypt with a fresh 16-character salt. */
int pw_hash(const char *pw, char *out, size_t size, struct stoat_err *e)
{
	char setting[4 + PW_SALT_LEN + 2];
	int rc;

	if (!pw || !out || size == 0)
		return err_set(e, EINVAL, _("No password to hash."));
	out[0] = '\0';
	memcpy(setting, "$6$", 3);
	rc = pw_salt(setting + 3, PW_SALT_LEN, e);
	if (rc < 0)
		return rc;
	strcat(setting, "$");
	rc = pw_crypt(pw, setting, out, size, e);
	pw_wipe(setting, sizeof(setting));
	return rc;
}

/* Compare two strings in time that does not depend on where they differ. */
static bool pw_equal(const char *a, const char *b)
{
	size_t la = strlen(a), lb = strlen(b), i;
	unsigned char d = la != lb;

	for (i = 0; i < la && i < lb; i++)
		d |= (unsigned char)(a[i] ^ b[i]);
	return d == 0;
}

/* True when pw hashes to hash. */
bool pw_verify(const char *pw, const char *hash)
{
	char out[256];
	bool ok;

	if (!pw || !hash || !pw_hash_acceptable(hash))
		return false;
	if (pw_crypt(pw, hash, out, sizeof(out), NULL) < 0)
		return false;
	ok = pw_equal(out, hash);
	pw_wipe(out, sizeof(out));
	return ok;
}

/* Count leading characters of s that belong to the crypt alphabet. */
static size_t pw_span(const char *s)
{
	return strspn(s, pw_alphabet);
}

/* True for "$1$SALT$HASH" (salt 1-8, hash 22) and "$6$[rounds=N$]SALT$HASH"
 * (salt 1-16, hash 86). */
static bool pw_modular_ok(const char *h, char id, size_t max_salt, size_t hash_len)
{
	size_t n;

	if (h[0] != '$' || h[1] != id || h[2] != '$')
		return false;
	h += 3;
	if (id == '6' && !strncmp(h, "rounds=", 7)) {
		char *end;
		unsigned long r = strtoul(h + 7, &end, 10);

		if (end == h + 7 || *end != '$' || r < 1000 || r > 999999999)
			return false;
		h = end + 1;
	}
	n = pw_span(h);
	if (n == 0 || n > max_salt || h[n] != '$')
		return false;
	h += n + 1;
	return pw_span(h) == hash_len && h[hash_len] == '\0';
}

/* Accept the hash forms kickstart --iscrypted allows: $1$, $6$, 13-char DES. */
bool pw_hash_acceptable(const char *hash)
{
	if (!hash)
		return false;
	if (strlen(hash) == 13 && pw_span(hash) == 13)
		return true;
	return pw_modular_ok(hash, '1', 8, 22) || pw_modular_ok(hash, '6', 16, 86);
}
