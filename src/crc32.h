/* crc32.h - the CRC-32 that GPT, gzip and zlib use (IEEE 802.3,
 * reflected, polynomial 0xEDB88320, started and finished with all ones):
 * GPT headers and entry arrays, and the check of a gzip image's trailer.
 * Table driven, so a whole image can stream through it. */
#ifndef STOAT_CRC32_H
#define STOAT_CRC32_H

#include <stddef.h>
#include <stdint.h>

struct crc32 {
	uint32_t table[256];
	uint32_t crc;
};

/* Start a CRC (builds the table). */
void crc32_init(struct crc32 *c);
/* Feed len bytes. */
void crc32_update(struct crc32 *c, const void *buf, size_t len);
/* The CRC of everything fed so far. */
uint32_t crc32_value(const struct crc32 *c);

#endif
