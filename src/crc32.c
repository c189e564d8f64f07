/* crc32.c - the CRC-32 of GPT and gzip, table driven (see crc32.h). */
#include "config.h"

#include "crc32.h"

/* Start a CRC: the table for the reflected polynomial, all ones. */
void crc32_init(struct crc32 *c)
{
	uint32_t i, j, v;

	for (i = 0; i < 256; i++) {
		for (v = i, j = 0; j < 8; j++)
			v = v & 1 ? 0xedb88320u ^ (v >> 1) : v >> 1;
		c->table[i] = v;
	}
	c->crc = 0xffffffffu;
}

/* Feed len bytes, one table step a byte. */
void crc32_update(struct crc32 *c, const void *buf, size_t len)
{
	const unsigned char *p = buf;
	uint32_t v = c->crc;

	while (len--)
		v = c->table[(v ^ *p++) & 0xff] ^ (v >> 8);
	c->crc = v;
}

/* The CRC so far: the running value with its bits inverted. */
uint32_t crc32_value(const struct crc32 *c)
{
	return c->crc ^ 0xffffffffu;
}
