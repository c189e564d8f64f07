/* le.h - little-endian loads and stores on byte buffers.
 *
 * On-disk formats stoat reads and patches (GPT, FAT boot sectors, vmtar
 * headers, syslinux's patch area) are little-endian whatever the CPU; these
 * helpers read and write them byte by byte, so alignment never matters. */
#ifndef STOAT_LE_H
#define STOAT_LE_H

#include <stdint.h>

/* Load a little-endian 16-bit value. */
static inline uint16_t le16_get(const void *p)
{
	const uint8_t *b = p;

	return (uint16_t)(b[0] | b[1] << 8);
}

/* Load a little-endian 32-bit value. */
static inline uint32_t le32_get(const void *p)
{
	const uint8_t *b = p;

	return (uint32_t)b[0] | (uint32_t)b[1] << 8 | (uint32_t)b[2] << 16 | (uint32_t)b[3] << 24;
}

/* Load a little-endian 64-bit value. */
static inline uint64_t le64_get(const void *p)
{
	const uint8_t *b = p;

	return (uint64_t)le32_get(b) | (uint64_t)le32_get(b + 4) << 32;
}

/* Store a 16-bit value little-endian. */
static inline void le16_put(void *p, uint16_t v)
{
	uint8_t *b = p;

	b[0] = (uint8_t)v;
	b[1] = (uint8_t)(v >> 8);
}

/* Store a 32-bit value little-endian. */
static inline void le32_put(void *p, uint32_t v)
{
	uint8_t *b = p;

	le16_put(b, (uint16_t)v);
	le16_put(b + 2, (uint16_t)(v >> 16));
}

/* Store a 64-bit value little-endian. */
static inline void le64_put(void *p, uint64_t v)
{
	uint8_t *b = p;

	le32_put(b, (uint32_t)v);
	le32_put(b + 4, (uint32_t)(v >> 32));
}

#endif
