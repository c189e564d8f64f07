/* test_sha256.c - SHA-256 against the FIPS 180-4 example vectors, with the
 * SHA-NI code (when the CPU has it) and the portable code. */
#include "config.h"

#include <stdlib.h>
#include <string.h>

#include "sha256.h"
#include "tap.h"

/* Hash len bytes of text in pieces of step bytes; hex into out. */
static void hash(const char *text, size_t len, size_t step, char out[65])
{
	struct sha256 s;
	unsigned char d[32];
	size_t i;

	sha256_init(&s);
	for (i = 0; i < len; i += step)
		sha256_update(&s, text + i, len - i < step ? len - i : step);
	sha256_final(&s, d);
	sha256_hex(d, out);
}

/* The vectors, split in several ways. */
static void vectors(const char *how)
{
	static const char two_block[] = "abcdbcdecdefdefgefghfghighijhijkijkljklmklmnlmnomnopnopq";
	char *million = malloc(1000000);
	char hex[65];

	hash("", 0, 1, hex);
	is_str(hex, "e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855", "%s: empty", how);
	hash("abc", 3, 1, hex);
	is_str(hex, "ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad", "%s: abc", how);
	hash(two_block, strlen(two_block), 7, hex);
	is_str(hex, "248d6a61d20638b8e5c026930c3e6039a33ce45964ff2167f6ecedd419db06c1", "%s: 448-bit message, 7-byte pieces", how);
	memset(million, 'a', 1000000);
	hash(million, 1000000, 65536, hex);
	is_str(hex, "cdc76e5c9914fb9281a1c7e284d73e67f1809a48a497200e046d39ccc7112cd0", "%s: a million a's", how);
	hash(million, 1000000, 1000000, hex);
	is_str(hex, "cdc76e5c9914fb9281a1c7e284d73e67f1809a48a497200e046d39ccc7112cd0", "%s: a million a's at once", how);
	free(million);
}

int main(void)
{
	struct sha256 s;

	unsetenv("STOAT_SHA256_PORTABLE");
	sha256_init(&s);
	vectors(s.ni ? "SHA-NI" : "portable (no SHA-NI here)");
	setenv("STOAT_SHA256_PORTABLE", "1", 1);
	sha256_init(&s);
	ok(!s.ni, "STOAT_SHA256_PORTABLE selects the portable code");
	vectors("portable");
	return tap_done();
}
