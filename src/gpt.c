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

#include "crc32.h"
#include "gpt.h"
#include "io.h"
#include "le.h"
#include "nls.h"

#define MAX_ARRAY_BYTES (1024 * 1024)

/* A parsed, validated header. */
struct gpt_hdr {
	uint8_t raw[512];	/* the first 512 bytes of its sector */
	uint32_t size;
	uint64_t my_lba, alt_lba, first_usable, last_usable, array_lba;
	uint32_t n_entries, entry_size, array_crc;
};

/* The CRC-32 GPT uses (as zlib's crc32 with a zero seed). */
uint32_t gpt_crc32(const void *buf, size_t len)
{
	struct crc32 c;

	crc32_init(&c);
	crc32_update(&c, buf, len);
	return crc32_value(&c);
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

/* Text order byte i of a GUID goes to on-disk position guid_order[i]: the
 * first three fields are stored little-endian, the last two as written. */
static const uint8_t guid_order[16] = { 3, 2, 1, 0, 5, 4, 7, 6,
					8, 9, 10, 11, 12, 13, 14, 15 };

/* 32 hex digits -> the 16 on-disk bytes. 0 or -EINVAL. */
int gpt_guid_encode(const char *hex, uint8_t out[16])
{
	int i, hi, lo;

	if (!hex || strlen(hex) != 32)
		return -EINVAL;
	for (i = 0; i < 16; i++) {
		hi = hexval(hex[2 * i]);
		lo = hexval(hex[2 * i + 1]);
		if (hi < 0 || lo < 0)
			return -EINVAL;
		out[guid_order[i]] = (uint8_t)(hi << 4 | lo);
	}
	return 0;
}

/* The 16 on-disk bytes -> 32 upper-case hex digits. */
void gpt_guid_decode(const uint8_t in[16], char out[33])
{
	int i;

	for (i = 0; i < 16; i++)
		snprintf(out + 2 * i, 3, "%02X", in[guid_order[i]]);
}

/* Read and validate the header at lba. */
static int read_hdr(int fd, unsigned ss, uint64_t lba, struct gpt_hdr *h,
		    struct stoat_err *e)
{
	uint8_t tmp[512];
	uint32_t crc;
	int rc;

	rc = io_pread_exact(fd, h->raw, sizeof(h->raw), lba * ss);
	if (rc < 0)
		return err_set(e, -rc, _("Cannot read the GPT header at sector %llu: %s."),
			       (unsigned long long)lba, strerror(-rc));
	if (memcmp(h->raw, "EFI PART", 8))
		return err_set(e, ENOENT, _("There is no GPT header at sector %llu."),
			       (unsigned long long)lba);
	h->size = le32_get(h->raw + 12);
	if (h->size < 92 || h->size > sizeof(h->raw))
		return err_set(e, EINVAL, _("The GPT header at sector %llu has a bad size."),
			       (unsigned long long)lba);
	memcpy(tmp, h->raw, h->size);
	memset(tmp + 16, 0, 4);
	crc = gpt_crc32(tmp, h->size);
	if (crc != le32_get(h->raw + 16))
		return err_set(e, EINVAL, _("The GPT header at sector %llu has a bad checksum."),
			       (unsigned long long)lba);
	h->my_lba = le64_get(h->raw + 24);
	h->alt_lba = le64_get(h->raw + 32);
	h->first_usable = le64_get(h->raw + 40);
	h->last_usable = le64_get(h->raw + 48);
	h->array_lba = le64_get(h->raw + 72);
	h->n_entries = le32_get(h->raw + 80);
	h->entry_size = le32_get(h->raw + 84);
	h->array_crc = le32_get(h->raw + 88);
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
	rc = io_pread_exact(fd, a, alloc, h->array_lba * ss);
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
	le32_put(h->raw + 88, array_crc);
	memset(h->raw + 16, 0, 4);
	le32_put(h->raw + 16, gpt_crc32(h->raw, h->size));
	/* Only the header bytes change; the rest of the sector stays. */
	return io_pwrite_all(fd, h->raw, h->size, h->my_lba * ss);
}

/* Read and check the primary GPT into t, and whether the backup agrees. */
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
	for (i = 0; i < h.n_entries; i++) {
		const uint8_t *ent = a + (size_t)i * h.entry_size;
		static const uint8_t zero[16];
		struct gpt_entry_info *p;

		if (!memcmp(ent, zero, 16))
			continue;
		if (le64_get(ent + 40) > t->end_lba)
			t->end_lba = le64_get(ent + 40);
		if (t->n >= GPT_MAX_ENTRIES)
			continue;	/* counted in end_lba, not listed */
		p = &t->part[t->n++];
		p->num = i + 1;
		gpt_guid_decode(ent, p->type_guid);
		p->start = le64_get(ent + 32);
		p->end = le64_get(ent + 40);
		p->attrs = le64_get(ent + 48);
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

	rc = io_pwrite_all(fd, p->a, p->len, p->b.array_lba * ss);
	if (rc == 0)
		rc = write_hdr(fd, ss, &p->b, crc);
	if (rc == 0)
		rc = io_pwrite_all(fd, p->a, p->len, p->h.array_lba * ss);
	if (rc == 0)
		rc = write_hdr(fd, ss, &p->h, crc);
	if (rc == 0 && fsync(fd) < 0)
		rc = -errno;
	patch_free(p);
	return rc;
}

/* Patch the planned type GUIDs into both entry arrays; fix every CRC. */
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

		if (lp->num < 1 || lp->num > p.h.n_entries || le64_get(ent + 32) != lp->start
		    || le64_get(ent + 40) != lp->end) {
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

/* Load the table for patching and find the used entry of partition num;
 * -ENOENT (nothing held) when it is unused. */
static int patch_entry(int fd, unsigned ss, unsigned num, struct gpt_patch *p, uint8_t **ent,
		       struct stoat_err *e)
{
	static const uint8_t zero[16];
	int rc = patch_load(fd, ss, p, e);

	*ent = NULL;
	if (rc < 0)
		return rc;
	if (num >= 1 && num <= p->h.n_entries)
		*ent = p->a + (size_t)(num - 1) * p->h.entry_size;
	if (!*ent || !memcmp(*ent, zero, 16)) {
		patch_free(p);
		return err_set(e, ENOENT, _("There is no partition %u in the GPT."), num);
	}
	return 0;
}

/* OR attribute bits into one entry of both arrays; fix every CRC. */
int gpt_set_attrs(int fd, unsigned sector_size, unsigned num, uint64_t bits,
		  struct stoat_err *e)
{
	struct gpt_patch p;
	uint64_t attrs;
	uint8_t *ent;
	int rc;

	if ((rc = patch_entry(fd, sector_size, num, &p, &ent, e)) < 0)
		return rc;
	if (((attrs = le64_get(ent + 48)) & bits) == bits) {
		patch_free(&p);	/* already set: write nothing */
		return 0;
	}
	attrs |= bits;
	le64_put(ent + 48, attrs);
	rc = patch_store(fd, sector_size, &p);
	if (rc < 0)
		return err_set(e, -rc, _("Cannot write the GPT partition attributes: %s."),
			       strerror(-rc));
	return 0;
}

/* Zero one entry of both arrays; fix every CRC. */
int gpt_remove(int fd, unsigned sector_size, unsigned num, struct stoat_err *e)
{
	struct gpt_patch p;
	uint8_t *ent;
	int rc;

	if ((rc = patch_entry(fd, sector_size, num, &p, &ent, e)) < 0)
		return rc;
	memset(ent, 0, p.h.entry_size);
	rc = patch_store(fd, sector_size, &p);
	if (rc < 0)
		return err_set(e, -rc, _("Cannot remove partition %u from the GPT: %s."), num,
			       strerror(-rc));
	return 0;
}
