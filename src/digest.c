/* digest.c - SHA-256 of a buffer, and its hex spelling. */
#include "config.h"

#include "digest.h"

/* SHA-256 of len bytes at p into out. */
void digest_buf(const void *p, size_t len, unsigned char out[SHA256_DIGEST_SIZE])
{
	struct sha256_ctx c;

	sha256_init(&c);
	sha256_update(&c, len, p);
	sha256_digest(&c, SHA256_DIGEST_SIZE, out);
}

/* Lower-case hex of a digest, NUL-terminated, as sha256sum prints it. */
void digest_hex(const unsigned char d[SHA256_DIGEST_SIZE], char hex[DIGEST_HEX_SIZE])
{
	static const char xd[] = "0123456789abcdef";
	int i;

	for (i = 0; i < SHA256_DIGEST_SIZE; i++) {
		hex[2 * i] = xd[d[i] >> 4];
		hex[2 * i + 1] = xd[d[i] & 15];
	}
	hex[2 * SHA256_DIGEST_SIZE] = '\0';
}
