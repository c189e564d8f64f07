/* sha256.h - SHA-256 (FIPS 180-4) for verifying copied files. */
#ifndef STOAT_SHA256_H
#define STOAT_SHA256_H

#include <stddef.h>
#include <stdint.h>

struct sha256 {
	uint32_t h[8];
	uint64_t len;		/* bytes hashed so far */
	unsigned char buf[64];
	size_t fill;
	int ni;			/* the CPU has the SHA extensions (x86) */
};

void sha256_init(struct sha256 *s);
void sha256_update(struct sha256 *s, const void *data, size_t len);
void sha256_final(struct sha256 *s, unsigned char out[32]);
/* Lower-case hex of a digest into hex[65]. */
void sha256_hex(const unsigned char d[32], char hex[65]);

#endif
