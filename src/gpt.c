/* gpt.c - read a GUID partition table back and patch entry type GUIDs and
 * attributes.
 *
 * On-disk format (UEFI spec, all little-endian): the header at LBA 1 (and
 * its backup at the last LBA) holds the signature "EFI PART", its own size
 * and CRC at 12/16, its LBA at 24, the other header's LBA at 32, the usable
 * range at 40/48, the entry array's LBA, count, entry size and CRC at
 * 72/80/84/88. An entry holds the type GUID at 0, the partition's unique
 * GUID at 16, first/last LBA at 32/40 and attributes at 48. */
#include "config.h"

#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "gpt.h"
#include "nls.h"

#define MAX_ARRAY_BYTES (1024 * 1024)

/* A parsed, validated header. */
struct gpt_hdr {
	uint8_t raw[512];	/* the first 512 bytes of its sector */
	uint32_t size;
	uint64_t my_lba, alt_lba, first_usable, last_usable, array_lba;
	uint32_t n_entries, entry_size, array_crc;
};

/* Little-endian 32-bit load. */
static uint32_t get32(const uint8_t *p)
{
	return (uint32_t)p[0] | (uint32_t)p[1] << 8 | (uint32_t)p[2] << 16 |
	       (uint32_t)p[3] << 24;
}

/* Little-endian 64-bit load. */
static uint64_t get64(const uint8_t *p)
{
	return (uint64_t)get32(p) | (uint64_t)get32(p + 4) << 32;
}

/* Little-endian 32-bit store. */
static void put32(uint8_t *p, uint32_t v)
{
	p[0] = (uint8_t)v;
	p[1] = (uint8_t)(v >> 8);
	p[2] = (uint8_t)(v >> 16);
	p[3] = (uint8_t)(v >> 24);
}

uint32_t gpt_crc32(const void *buf, size_t len)
{
	const uint8_t *p = buf;
	uint32_t crc = 0xFFFFFFFFu;
	int k;

	while (len--) {
		crc ^= *p++;
		for (k = 0; k < 8; k++)
			crc = (crc >> 1) ^ (0xEDB88320u & (0u - (crc & 1)));
	}
	return ~crc;
}

/* Value of one hex digit, or -1. */
static int hexval(char c)
{
	if (c >= '0' && c <= '9')
		return c - '0';
	if (c >= 'a' && c <= 'f')
		return c - 'a' + 10;
	if (c >= 'A' && c <= 'F')
		return c - 'A' + 10;
	return -1;
}

int gpt_guid_encode(const char *hex, uint8_t out[16])
{
	/* Text order byte i goes to on-disk position order[i]: the first three
	 * fields are stored little-endian, the last two as written. */
	static const uint8_t order[16] = { 3, 2, 1, 0, 5, 4, 7, 6,
					   8, 9, 10, 11, 12, 13, 14, 15 };
	int i, hi, lo;

	if (!hex || strlen(hex) != 32)
		return -EINVAL;
	for (i = 0; i < 16; i++) {
		hi = hexval(hex[2 * i]);
		lo = hexval(hex[2 * i + 1]);
		if (hi < 0 || lo < 0)
			return -EINVAL;
		out[order[i]] = (uint8_t)(hi << 4 | lo);
	}
	return 0;
}

void gpt_guid_decode(const uint8_t in[16], char out[33])
{
	static const uint8_t order[16] = { 3, 2, 1, 0, 5, 4, 7, 6,
					   8, 9, 10, 11, 12, 13, 14, 15 };
	int i;

	for (i = 0; i < 16; i++)
		snprintf(out + 2 * i, 3, "%02X", in[order[i]]);
}

/* pread exactly len bytes. */
static int read_at(int fd, void *buf, size_t len, uint64_t off)
{
	size_t done = 0;
	ssize_t n;

	while (done < len) {
		n = pread(fd, (char *)buf + done, len - done, (off_t)(off + done));
		if (n < 0 && errno == EINTR)
			continue;
		if (n <= 0)
			return n < 0 ? -errno : -EIO;
		done += (size_t)n;
	}
	return 0;
}

/* pwrite exactly len bytes. */
static int write_at(int fd, const void *buf, size_t len, uint64_t off)
{
	size_t done = 0;
	ssize_t n;

	while (done < len) {
		n = pwrite(fd, (const char *)buf + done, len - done, (off_t)(off + done));
		if (n < 0 && errno == EINTR)
			continue;
		if (n <= 0)
			return n < 0 ? -errno : -EIO;
		done += (size_t)n;
	}
	return 0;
}

/* Read and validate the header at lba. */
static int read_hdr(int fd, unsigned ss, uint64_t lba, struct gpt_hdr *h,
		    struct stoat_err *e)
{
	uint8_t tmp[512];
	uint32_t crc;
	int rc;

	rc = read_at(fd, h->raw, sizeof(h->raw), lba * ss);
	if (rc < 0)
		return err_set(e, -rc, _("Cannot read the GPT header at sector %llu: %s."),
			       (unsigned long long)lba, strerror(-rc));
	if (memcmp(h->raw, "EFI PART", 8))
		return err_set(e, EINVAL, _("There is no GPT header at sector %llu."),
			       (unsigned long long)lba);
	h->size = get32(h->raw + 12);
	if (h->size < 92 || h->size > sizeof(h->raw))
		return err_set(e, EINVAL, _("The GPT header at sector %llu has a bad size."),
			       (unsigned long long)lba);
	memcpy(tmp, h->raw, h->size);
	memset(tmp + 16, 0, 4);
	crc = gpt_crc32(tmp, h->size);
	if (crc != get32(h->raw + 16))
		return err_set(e, EINVAL, _("The GPT header at sector %llu has a bad checksum."),
			       (unsigned long long)lba);
	h->my_lba = get64(h->raw + 24);
	h->alt_lba = get64(h->raw + 32);
	h->first_usable = get64(h->raw + 40);
	h->last_usable = get64(h->raw + 48);
	h->array_lba = get64(h->raw + 72);
	h->n_entries = get32(h->raw + 80);
	h->entry_size = get32(h->raw + 84);
	h->array_crc = get32(h->raw + 88);
	if (h->my_lba != lba || h->entry_size < 128 || h->entry_size % 8
	    || (uint64_t)h->n_entries * h->entry_size > MAX_ARRAY_BYTES)
		return err_set(e, EINVAL, _("The GPT header at sector %llu is inconsistent."),
			       (unsigned long long)lba);
	return 0;
}

/* Read a header's entry array (malloc'd, whole sectors) and check its CRC. */
static int read_array(int fd, unsigned ss, const struct gpt_hdr *h,
		      uint8_t **out, size_t *len, struct stoat_err *e)
{
	size_t bytes = (size_t)h->n_entries * h->entry_size;
	size_t alloc = (bytes + ss - 1) / ss * ss;
	uint8_t *a = calloc(1, alloc ? alloc : ss);
	int rc;

	if (!a)
		return err_set(e, ENOMEM, _("Out of memory."));
	rc = read_at(fd, a, alloc, h->array_lba * ss);
	if (rc < 0) {
		free(a);
		return err_set(e, -rc, _("Cannot read the GPT entries: %s."), strerror(-rc));
	}
	if (gpt_crc32(a, bytes) != h->array_crc) {
		free(a);
		return err_set(e, EINVAL, _("The GPT entries at sector %llu have a bad checksum."),
			       (unsigned long long)h->array_lba);
	}
	*out = a;
	*len = bytes;
	return 0;
}

/* Store a new array CRC in a header, recompute its own CRC and write it. */
static int write_hdr(int fd, unsigned ss, struct gpt_hdr *h, uint32_t array_crc)
{
	put32(h->raw + 88, array_crc);
	memset(h->raw + 16, 0, 4);
	put32(h->raw + 16, gpt_crc32(h->raw, h->size));
	/* Only the header bytes change; the rest of the sector stays. */
	return write_at(fd, h->raw, h->size, h->my_lba * ss);
}

int gpt_read(int fd, unsigned sector_size, struct gpt_table *t,
	     struct stoat_err *e)
{
	struct gpt_hdr h, b;
	uint8_t *a = NULL, *ba = NULL;
	size_t len, blen;
	unsigned i;
	int rc;

	memset(t, 0, sizeof(*t));
	rc = read_hdr(fd, sector_size, 1, &h, e);
	if (rc < 0)
		return rc;
	rc = read_array(fd, sector_size, &h, &a, &len, e);
	if (rc < 0)
		return rc;
	t->sector_size = sector_size;
	t->first_usable = h.first_usable;
	t->last_usable = h.last_usable;
	t->backup_lba = h.alt_lba;
	for (i = 0; i < h.n_entries && t->n < GPT_MAX_ENTRIES; i++) {
		const uint8_t *ent = a + (size_t)i * h.entry_size;
		static const uint8_t zero[16];
		struct gpt_entry_info *p;

		if (!memcmp(ent, zero, 16))
			continue;
		p = &t->part[t->n++];
		p->num = i + 1;
		gpt_guid_decode(ent, p->type_guid);
		p->start = get64(ent + 32);
		p->end = get64(ent + 40);
		p->attrs = get64(ent + 48);
		memcpy(p->part_guid, ent + 16, 16);
	}
	/* The backup must be valid and carry the same entries. */
	if (read_hdr(fd, sector_size, h.alt_lba, &b, NULL) == 0
	    && b.alt_lba == 1 && b.n_entries == h.n_entries && b.entry_size == h.entry_size
	    && read_array(fd, sector_size, &b, &ba, &blen, NULL) == 0)
		t->backup_ok = blen == len && !memcmp(a, ba, len);
	free(a);
	free(ba);
	return 0;
}

/* A table being patched: both headers, the primary array (which the
 * caller edits) and the backup array it must equal. */
struct gpt_patch {
	struct gpt_hdr h, b;
	uint8_t *a, *ba;
	size_t len;
};

/* Free a patch's arrays. */
static void patch_free(struct gpt_patch *p)
{
	free(p->a);
	free(p->ba);
	p->a = p->ba = NULL;
}

/* Read both headers and both entry arrays for patching; the backup must
 * be valid and of the same size. */
static int patch_load(int fd, unsigned ss, struct gpt_patch *p, struct stoat_err *e)
{
	size_t blen;
	int rc;

	p->a = p->ba = NULL;
	rc = read_hdr(fd, ss, 1, &p->h, e);
	if (rc < 0)
		return rc;
	rc = read_hdr(fd, ss, p->h.alt_lba, &p->b, e);
	if (rc < 0)
		return err_prefix(e, _("backup GPT"));
	rc = read_array(fd, ss, &p->h, &p->a, &p->len, e);
	if (rc < 0)
		return rc;
	rc = read_array(fd, ss, &p->b, &p->ba, &blen, e);
	if (rc == 0 && blen != p->len)
		rc = err_set(e, EINVAL, _("The backup GPT has a different entry array."));
	else if (rc < 0)
		rc = err_prefix(e, _("backup GPT"));
	if (rc < 0)
		patch_free(p);
	return rc;
}

/* Write the edited primary array to the backup and the primary place with
 * fresh CRCs in both headers, backup first; frees the arrays. 0 or -errno
 * (e is left to the caller, which knows what was written). */
static int patch_store(int fd, unsigned ss, struct gpt_patch *p)
{
	uint32_t crc = gpt_crc32(p->a, p->len);
	int rc;

	rc = write_at(fd, p->a, p->len, p->b.array_lba * ss);
	if (rc == 0)
		rc = write_hdr(fd, ss, &p->b, crc);
	if (rc == 0)
		rc = write_at(fd, p->a, p->len, p->h.array_lba * ss);
	if (rc == 0)
		rc = write_hdr(fd, ss, &p->h, crc);
	if (rc == 0 && fsync(fd) < 0)
		rc = -errno;
	patch_free(p);
	return rc;
}

int gpt_set_types(int fd, unsigned sector_size, const struct layout *l,
		  struct stoat_err *e)
{
	struct gpt_patch p;
	unsigned i;
	int rc;

	rc = patch_load(fd, sector_size, &p, e);
	if (rc < 0)
		return rc;
	for (i = 0; i < l->n; i++) {
		const struct layout_part *lp = &l->part[i];
		uint8_t *ent = p.a + (size_t)(lp->num - 1) * p.h.entry_size;

		if (lp->num < 1 || lp->num > p.h.n_entries || get64(ent + 32) != lp->start
		    || get64(ent + 40) != lp->end) {
			rc = err_set(e, EIO, _("GPT entry %u does not hold the planned sectors."),
				     lp->num);
			break;
		}
		if (gpt_guid_encode(lp->type_guid, ent) < 0) {
			rc = err_set(e, EINVAL, _("Bad type GUID '%s'."), lp->type_guid);
			break;
		}
	}
	if (rc < 0) {
		patch_free(&p);
		return rc;
	}
	rc = patch_store(fd, sector_size, &p);
	if (rc < 0)
		return err_set(e, -rc, _("Cannot write the GPT type GUIDs: %s."), strerror(-rc));
	return 0;
}

int gpt_set_attrs(int fd, unsigned sector_size, unsigned num, uint64_t bits,
		  struct stoat_err *e)
{
	static const uint8_t zero[16];
	struct gpt_patch p;
	uint64_t attrs = 0;
	uint8_t *ent = NULL;
	int rc;

	rc = patch_load(fd, sector_size, &p, e);
	if (rc < 0)
		return rc;
	if (num >= 1 && num <= p.h.n_entries)
		ent = p.a + (size_t)(num - 1) * p.h.entry_size;
	if (!ent || !memcmp(ent, zero, 16))
		rc = err_set(e, ENOENT, _("There is no partition %u in the GPT."), num);
	else if (((attrs = get64(ent + 48)) & bits) == bits)
		rc = 1;		/* already set: write nothing */
	if (rc != 0) {
		patch_free(&p);
		return rc < 0 ? rc : 0;
	}
	attrs |= bits;
	put32(ent + 48, (uint32_t)attrs);
	put32(ent + 52, (uint32_t)(attrs >> 32));
	rc = patch_store(fd, sector_size, &p);
	if (rc < 0)
		return err_set(e, -rc, _("Cannot write the GPT partition attributes: %s."),
			       strerror(-rc));
	return 0;
}
