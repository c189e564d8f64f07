/* fuzz_passwd.c - libFuzzer target for the password policy checker and the
 * hash-form check kickstart --iscrypted relies on.
 *
 * Beyond "no crash": pw_check returns a known rule with a message, and now
 * and then a password the policy accepts is hashed, the hash is of an
 * acceptable form, and it verifies against the password (and not against
 * a different one). */
#include "config.h"

#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "passwd.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

/* Stop the run with a crash the fuzzer records. */
static void fuzz_fail(const char *what)
{
	fprintf(stderr, "fuzz_passwd: %s\n", what);
	abort();
}

/* Hash an accepted password and check the hash round trip. */
static void fuzz_hash(const char *pw)
{
	char hash[256];
	struct stoat_err e = { 0 };

	if (pw_hash(pw, hash, sizeof(hash), &e) < 0) {
		if (!e.msg[0])
			fuzz_fail("pw_hash failed without a message");
		return;
	}
	if (!pw_hash_acceptable(hash))
		fuzz_fail("pw_hash made a hash pw_hash_acceptable refuses");
	if (!pw_verify(pw, hash))
		fuzz_fail("hash does not verify");
	if (pw_verify("not-the-password-1A", hash) && strcmp(pw, "not-the-password-1A") != 0)
		fuzz_fail("hash verifies another password");
}

/* First byte: what to do; the rest, NUL-terminated, is the text. */
int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	enum pw_rule r;
	unsigned op;
	char *s;

	if (size < 1)
		return 0;
	op = data[0];
	if (!(s = malloc(size)))
		return 0;
	memcpy(s, data + 1, size - 1);
	s[size - 1] = '\0';
	r = pw_check(s);
	if (r < PW_OK || r > PW_WEAK)
		fuzz_fail("unknown rule");
	if (r != PW_OK && (!pw_rule_message(r) || !pw_rule_message(r)[0]))
		fuzz_fail("rule without a message");
	if (r == PW_OK && (strlen(s) < 7 || strlen(s) > 40))
		fuzz_fail("accepted a password of the wrong length");
	/* Hashing is slow (SHA-512, 5000 rounds): only for 1 input in 64. */
	if (r == PW_OK && op % 64 == 0)
		fuzz_hash(s);
	/* Any hash string: the acceptor must not crash; an accepted one is
	 * also fed to crypt through pw_verify unless its round count would
	 * make one call take seconds. */
	if (pw_hash_acceptable(s) && !strstr(s, "rounds="))
		(void)pw_verify("Sekrit-Pass9", s);
	pw_wipe(s, size);
	free(s);
	return 0;
}
