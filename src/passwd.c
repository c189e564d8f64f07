/* passwd.c - the root password policy and SHA-512 crypt hashing.
 *
 * Policy: ESXi's own. Its installer (weasel) first checks the length (7 to
 * 40 characters) and that every character is printable ASCII, then asks
 * passwdqc, configured on ESXi as min=disabled,disabled,disabled,7,7 (and
 * passwdqc's default max=40): a password needs three or four character
 * classes and 7 characters; an upper-case letter that starts it and a
 * digit that ends it do not count as classes; and it may not be based on a
 * dictionary word or a common sequence. Like weasel, only those passwdqc
 * reasons refuse; any other (such as "based on personal login
 * information", which weasel ignores) is let through. */
#include "config.h"

#include <crypt.h>
#include <errno.h>
#include <passwdqc.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "io.h"
#include "nls.h"
#include "passwd.h"

#define PW_MIN_LEN 7
#define PW_MAX_LEN 40
#define PW_SALT_LEN 16

/* The crypt(3) alphabet for salts and hash text: 64 characters. */
static const char pw_alphabet[] =
	"./0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz";

/* ESXi's passwdqc settings. */
static const char *const pw_qc_args[] = { "min=disabled,disabled,disabled,7,7", "max=40" };

/* passwdqc's reasons that refuse a password, and our rule for each. */
static const struct {
	const char *reason;
	enum pw_rule rule;
} pw_qc_rules[] = {
	{ "not enough different characters or classes for this length", PW_FEW_CLASSES },
	{ "not enough different characters or classes", PW_FEW_CLASSES },
	{ "based on a dictionary word and not a passphrase", PW_DICTIONARY },
	{ "based on a common sequence of characters and not a passphrase", PW_SEQUENCE },
};

/* One sentence per rule, indexed by enum pw_rule. */
static const char *const pw_messages[] = {
	[PW_OK] = N_("The password meets the requirements."),
	[PW_EMPTY] = N_("Enter a password."),
	[PW_TOO_SHORT] = N_("The password must be at least 7 characters long."),
	[PW_TOO_LONG] = N_("The password must be at most 40 characters long."),
	[PW_NOT_ASCII] = N_("The password may contain only printable ASCII characters (letters, digits, space and punctuation)."),
	[PW_FEW_CLASSES] = N_("The password must mix at least 3 kinds of characters: lower-case letters, upper-case letters, digits and other characters. A capital letter at the start and a digit at the end do not count."),
	[PW_DICTIONARY] = N_("The password is based on a dictionary word: ESXi refuses it. Add more characters of other kinds inside it, or choose another."),
	[PW_SEQUENCE] = N_("The password is based on a common sequence of characters (such as abcd, 1234 or qwerty): ESXi refuses it."),
	[PW_WEAK] = N_("ESXi's password check (passwdqc) refuses this password."),
};

/* Clear memory through a call the compiler may not optimise away. */
void pw_wipe(void *p, size_t n)
{
	if (p && n)
		explicit_bzero(p, n);
}

/* Ask passwdqc with ESXi's settings; PW_OK or the rule it breaks. */
static enum pw_rule pw_qc(const char *pw, const char **why)
{
	passwdqc_params_t params;
	enum pw_rule r = PW_OK;
	const char *reason;
	char *perr = NULL;
	size_t i;

	passwdqc_params_reset(&params);
	if (passwdqc_params_parse(&params, &perr, 2, pw_qc_args) != 0) {
		free(perr);
		*why = "check failed";
		return PW_WEAK;
	}
	reason = passwdqc_check(&params.qc, pw, NULL, NULL);
	passwdqc_params_free(&params);
	if (!reason)
		return PW_OK;
	if (!strcmp(reason, "check failed") || !strcmp(reason, "out of memory"))
		r = PW_WEAK;
	for (i = 0; i < sizeof(pw_qc_rules) / sizeof(pw_qc_rules[0]); i++)
		if (!strcmp(reason, pw_qc_rules[i].reason))
			r = pw_qc_rules[i].rule;
	if (r != PW_OK)
		*why = reason;
	return r;
}

/* Check pw against the policy, saying passwdqc's reason in *why. */
enum pw_rule pw_check_why(const char *pw, const char **why)
{
	const char *dummy;
	size_t len, i;

	if (!why)
		why = &dummy;
	*why = "";
	if (!pw || !pw[0])
		return PW_EMPTY;
	len = strlen(pw);
	if (len < PW_MIN_LEN)
		return PW_TOO_SHORT;
	if (len > PW_MAX_LEN)
		return PW_TOO_LONG;
	for (i = 0; i < len; i++)
		if ((unsigned char)pw[i] < 0x20 || (unsigned char)pw[i] > 0x7e)
			return PW_NOT_ASCII;
	return pw_qc(pw, why);
}

/* Check pw against the policy; the first rule it breaks, or PW_OK. */
enum pw_rule pw_check(const char *pw)
{
	return pw_check_why(pw, NULL);
}

/* The translated sentence for a rule. */
const char *pw_rule_message(enum pw_rule r)
{
	if ((unsigned)r >= sizeof(pw_messages) / sizeof(pw_messages[0]))
		r = PW_WEAK;
	return _(pw_messages[r]);
}

/* Fill salt with n random characters of the crypt alphabet. */
static int pw_salt(char *salt, size_t n, struct stoat_err *e)
{
	unsigned char raw[PW_SALT_LEN];
	size_t i;
	int rc;

	if (n > sizeof(raw))
		return err_set(e, EINVAL, "salt too long");
	if ((rc = io_random(raw, n)) < 0)
		return err_set(e, -rc, _("Cannot get random bytes from the kernel for the password salt: %s."),
			       strerror(-rc));
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

/* True when the n characters at s are all in set. */
static bool pw_all_in(const char *s, size_t n, const char *set)
{
	return strspn(s, set) >= n;
}

/* See passwd.h: the --iscrypted forms ESXi's installer takes. "$1$" and 22
 * to 31 characters of [A-Za-z0-9./$]; "$6$", a salt of 0 to 16 characters
 * of [A-Za-z0-9./], "$" and 86 of them (no rounds=); or any 13 characters
 * (its "DES") that do not start with "$1$" or "$6$", which stoat asks to
 * be printable ASCII other than ':' (that would break /etc/shadow). */
bool pw_hash_acceptable(const char *hash)
{
	static const char md5[] = "abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789./$";
	size_t n, salt, i;

	if (!hash)
		return false;
	n = strlen(hash);
	if (!strncmp(hash, "$1$", 3))
		return n >= 3 + 22 && n <= 3 + 31 && pw_all_in(hash + 3, n - 3, md5);
	if (!strncmp(hash, "$6$", 3)) {
		salt = strspn(hash + 3, pw_alphabet);
		return salt <= 16 && hash[3 + salt] == '$' && n == 3 + salt + 1 + 86 &&
		       pw_all_in(hash + 4 + salt, 86, pw_alphabet);
	}
	if (n != 13)
		return false;
	for (i = 0; i < n; i++)
		if ((unsigned char)hash[i] < 0x21 || (unsigned char)hash[i] > 0x7e || hash[i] == ':')
			return false;
	return true;
}
