/* gpt.h - read a GUID partition table back and patch entry type GUIDs
 * and attributes.
 *
 * libparted 3.5 cannot set arbitrary type GUIDs, so partition.c lets it
 * write the table and then patches the entries here, recomputing the entry
 * array CRC and both headers' CRCs. All I/O goes through a file descriptor
 * open on the whole device or image file. */
#ifndef STOAT_GPT_H
#define STOAT_GPT_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "err.h"
#include "layout.h"

#define GPT_MAX_ENTRIES 128

/* Legacy BIOS bootable: GPT attribute bit 2, shown as 128 by partedUtil. */
#define GPT_ATTR_LEGACY_BOOT (1ull << 2)

struct gpt_entry_info {
	unsigned num;		/* entry index + 1 */
	uint64_t start, end;	/* first and last LBA, inclusive */
	uint64_t attrs;
	char type_guid[33];	/* upper-case hex, no dashes */
	uint8_t part_guid[16];	/* the unique partition GUID, on-disk bytes */
};

struct gpt_table {
	unsigned sector_size;
	uint64_t first_usable, last_usable, backup_lba;
	bool backup_ok;		/* backup header and its array are valid and equal */
	uint64_t end_lba;	/* last LBA of the partition that ends last, every
				 * used entry counted (also past GPT_MAX_ENTRIES);
				 * 0 when no entry is used */
	unsigned n;		/* used entries, in entry order (GPT_MAX_ENTRIES at most) */
	struct gpt_entry_info part[GPT_MAX_ENTRIES];
};

/* The CRC-32 GPT uses (as zlib's crc32 with a zero seed). */
uint32_t gpt_crc32(const void *buf, size_t len);

/* "C12A7328F81F11D2BA4B00A0C93EC93B" -> the 16 on-disk (mixed-endian)
 * bytes. 0 or -EINVAL. */
int gpt_guid_encode(const char *hex, uint8_t out[16]);
/* On-disk bytes -> 32 upper-case hex digits. */
void gpt_guid_decode(const uint8_t in[16], char out[33]);

/* Read and validate the primary GPT, header and entry array CRCs checked,
 * and check the backup. 0; -ENOENT when LBA 1 holds no GPT header;
 * -EINVAL when a header or the entries are damaged; or -errno of a read. */
int gpt_read(int fd, unsigned sector_size, struct gpt_table *t,
	     struct stoat_err *e);

/* Set each planned partition's entry type GUID in the primary and backup
 * arrays and fix every CRC. The entries must already hold the planned
 * sectors. */
int gpt_set_types(int fd, unsigned sector_size, const struct layout *l,
		  struct stoat_err *e);

/* OR bits (e.g. GPT_ATTR_LEGACY_BOOT) into the attributes of partition
 * num in the primary and backup arrays and fix every CRC; writes nothing
 * when they are set already. -ENOENT when the entry is unused. */
int gpt_set_attrs(int fd, unsigned sector_size, unsigned num, uint64_t bits,
		  struct stoat_err *e);

/* Remove partition num from the table: its entry is zeroed in the
 * primary and backup arrays and every CRC fixed; the partition's data
 * stays where it was. -ENOENT when the entry is unused. */
int gpt_remove(int fd, unsigned sector_size, unsigned num, struct stoat_err *e);

#endif
