/* digest.h - the two things stoat does with SHA-256 beyond nettle's
 * streaming calls (sha256_init, sha256_update, sha256_digest from
 * <nettle/sha2.h>): hash one buffer, and spell a digest as sha256sum does. */
#ifndef STOAT_DIGEST_H
#define STOAT_DIGEST_H

#include <stddef.h>

#include <nettle/sha2.h>

#define DIGEST_HEX_SIZE (2 * SHA256_DIGEST_SIZE + 1)

/* SHA-256 of len bytes at p into out. */
void digest_buf(const void *p, size_t len, unsigned char out[SHA256_DIGEST_SIZE]);
/* Lower-case hex of a digest, NUL-terminated, as sha256sum prints it. */
void digest_hex(const unsigned char d[SHA256_DIGEST_SIZE], char hex[DIGEST_HEX_SIZE]);

#endif
