/* syslinux.c - legacy BIOS boot as ESXi sets it up: syslinux 3.86.
 *
 * What syslinux 3.86's installer (libinstaller/syslxmod.c, mtools/
 * syslinux.c) does, and so what this file does:
 * - ldlinux.sys carries LDLINUX_MAGIC (0x3EB202FE) at a 4-byte aligned
 *   offset of its first sector, followed by a build stamp (the magic
 *   XOR the build date, which the boot sector compares) and the patch
 *   area: u16 dwords in the file (size / 4, rounded down), u16 sectors
 *   after the first, u32 checksum, then 64 u32 sector numbers for the
 *   second sector on. Sector numbers count 512-byte sectors from the
 *   start of the FAT volume (the boot sector adds the partition offset
 *   it gets from the MBR). The checksum makes the sum of the first
 *   "dwords" dwords equal the magic.
 * - Only ldlinux.sys's first sector is rewritten after mcopy put it in
 *   place; its FAT entry is marked read-only, hidden and system. 3.86 has
 *   no auxiliary data vector (ADV) sectors on FAT: only extlinux has one.
 * - The boot sector keeps the volume's BPB: bytes 0-2 (the jump) and
 *   0x5A-0x1FD come from ldlinux.bss, whose 0x1F8 (u32) is the sector of
 *   ldlinux.sys's first sector and 0x1FC (u16) the largest transfer. */
#include "config.h"

#include <errno.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "fatmap.h"
#include "gpt.h"
#include "io.h"
#include "le.h"
#include "nls.h"
#include "syslinux.h"

#define LDLINUX_MAGIC 0x3EB202FEu
#define SECTOR 512u
#define PATCH_BYTES (8 + 4 * (SYSLINUX_MAX_SECTORS - 1))	/* after magic + stamp */
#define BS_CODE 0x5A		/* FAT32's BPB ends here: the safe start */
#define BS_END 0x1FE		/* the 55AA signature stays the volume's */
#define BS_FIRST 0x1F8

/* Offset of the magic in ldlinux.sys's first sector, with room for the
 * whole patch area after it; -1 when there is none. */
static long find_magic(const uint8_t *ld, size_t len)
{
	size_t i, end = len < SECTOR ? len : SECTOR;

	for (i = 0; i + 8 + PATCH_BYTES <= end; i += 4)
		if (le32_get(ld + i) == LDLINUX_MAGIC)
			return (long)i;
	return -1;
}

/* Whether the boot sector code compares the same build stamp as
 * ldlinux.sys has after its magic (the imm32 of its cmp). */
static int same_build(const uint8_t *bs, const uint8_t *ld, long magic)
{
	uint32_t stamp = le32_get(ld + magic + 4);
	unsigned i;

	if (bs[0] != 0xEB || bs[2] != 0x90)
		return 0;
	for (i = BS_CODE; i + 4 <= BS_FIRST; i++)
		if (le32_get(bs + i) == stamp)
			return 1;
	return 0;
}

/* Bytes of a GPT MBR stub that go into LBA 0: all of a stub of 1 to 440
 * bytes, the first 440 of a whole sector (ending in 55AA); 0 for neither. */
static size_t stub_code(const uint8_t *stub, size_t len)
{
	if (len >= 1 && len <= SYSLINUX_MBR_CODE_MAX)
		return len;
	if (len == SECTOR && stub[510] == 0x55 && stub[511] == 0xAA)
		return SYSLINUX_MBR_CODE_MAX;
	return 0;
}

/* Whether the stub leaves 0x1A8-0x1B7 free for the boot partition's GUID
 * (a 3.x stub ends before it; a longer one may be zero-padded there). */
static bool stub_guid_free(const uint8_t *stub, size_t len)
{
	size_t i;

	for (i = SYSLINUX_MBR_GUID_OFF; i < len && i < SYSLINUX_MBR_GUID_OFF + 16; i++)
		if (stub[i])
			return false;
	return true;
}

/* The reason a disk with sector_size-byte sectors cannot boot by BIOS. */
static int sector_refusal(unsigned sector_size, struct stoat_err *e)
{
	return err_set(e, EOPNOTSUPP,
		       _("Legacy BIOS boot needs 512-byte sectors: syslinux 3.86, which ESXi boots from, cannot read %u-byte sectors."),
		       sector_size);
}

/* Whether the kit can boot a disk with these sectors; nothing is read. */
int syslinux_check(unsigned sector_size, const void *ldlinux, size_t len,
		   const void *bootsect, size_t bs_len, const void *mbr, size_t mbr_len,
		   struct stoat_err *e)
{
	long magic;

	if (sector_size != SECTOR)
		return sector_refusal(sector_size, e);
	magic = find_magic(ldlinux, len);
	if (magic < 0)
		return err_set(e, EINVAL,
			       _("ldlinux.sys is not a syslinux 3.x loader: there is no patch area in its first sector."));
	if (len > SYSLINUX_MAX_SECTORS * SECTOR)
		return err_set(e, EINVAL,
			       _("ldlinux.sys is %zu bytes, more than syslinux 3.86 can load (%u)."),
			       len, SYSLINUX_MAX_SECTORS * SECTOR);
	if (bs_len != SYSLINUX_BOOTSECT_SIZE || !same_build(bootsect, ldlinux, magic))
		return err_set(e, EINVAL,
			       _("The syslinux boot sector (fatBootSector) does not belong to this ldlinux.sys."));
	if (mbr && !stub_code(mbr, mbr_len))
		return err_set(e, EINVAL, _("The GPT MBR boot code must be 1 to 440 bytes, not %zu."),
			       mbr_len);
	return 0;
}

/* Fill ldlinux.sys's patch area and checksum for the sectors sec. */
int syslinux_patch(uint8_t *ldlinux, size_t len, const uint32_t *sec, unsigned n,
		   struct stoat_err *e)
{
	unsigned need = (unsigned)((len + SECTOR - 1) / SECTOR), i;
	size_t dwords = len / 4;
	long magic = find_magic(ldlinux, len);
	uint8_t *pa;
	uint32_t sum = 0;

	if (magic < 0 || need > SYSLINUX_MAX_SECTORS)
		return err_set(e, EINVAL,
			       _("ldlinux.sys is not a syslinux 3.x loader: there is no patch area in its first sector."));
	if (n < need)
		return err_set(e, EINVAL, _("ldlinux.sys needs %u sectors but only %u are listed."),
			       need, n);
	pa = ldlinux + magic + 8;
	le16_put(pa, (uint16_t)dwords);
	le16_put(pa + 2, (uint16_t)(need - 1));
	memset(pa + 8, 0, 4 * (SYSLINUX_MAX_SECTORS - 1));
	for (i = 1; i < need; i++)
		le32_put(pa + 8 + 4 * (i - 1), sec[i]);
	le32_put(pa + 4, 0);
	for (i = 0; i < dwords; i++)
		sum += le32_get(ldlinux + 4 * (size_t)i);
	le32_put(pa + 4, LDLINUX_MAGIC - sum);
	return 0;
}

/* The kit's boot code over a FAT boot sector, BPB kept. */
void syslinux_bootsect(uint8_t fs_bs[SYSLINUX_BOOTSECT_SIZE],
		       const uint8_t kit[SYSLINUX_BOOTSECT_SIZE], uint32_t first)
{
	memcpy(fs_bs, kit, 3);
	memcpy(fs_bs + BS_CODE, kit + BS_CODE, BS_END - BS_CODE);
	le32_put(fs_bs + BS_FIRST, first);
}

/* pwrite on the volume, with a message. */
static int vol_write(const struct vfat_vol *v, uint64_t pos, const void *buf, size_t len,
		     struct stoat_err *e)
{
	int rc = io_pwrite_all(v->devfd, buf, len, v->offset + pos);

	if (rc < 0)
		return err_set(e, -rc, _("Cannot write to %s at byte %llu: %s."), v->dev,
			       (unsigned long long)(v->offset + pos), strerror(-rc));
	return 0;
}

/* Whether the sectors listed hold the patched file (what the boot sector
 * and ldlinux.sys's loader will read). */
static int read_back(const struct vfat_vol *v, const uint32_t *sec, const uint8_t *img,
		     size_t len, struct stoat_err *e)
{
	uint8_t buf[SECTOR];
	size_t done, piece;
	unsigned i;
	int rc;

	for (i = 0, done = 0; done < len; i++, done += piece) {
		piece = len - done < SECTOR ? len - done : SECTOR;
		rc = io_pread_exact(v->devfd, buf, piece, v->offset + (uint64_t)sec[i] * SECTOR);
		if (rc < 0)
			return err_set(e, -rc, _("Cannot read the FAT volume at byte %llu: %s."),
				       (unsigned long long)(v->offset + (uint64_t)sec[i] * SECTOR),
				       strerror(-rc));
		if (memcmp(buf, img + done, piece))
			return err_set(e, EIO,
				       _("ldlinux.sys does not read back as written from the sectors its FAT entry lists."));
	}
	return 0;
}

/* ldlinux.sys and the boot code into the FAT volume v. */
int syslinux_install(const struct vfat_vol *v, const void *ldlinux, size_t len,
		     const void *bootsect, size_t bs_len, struct stoat_err *e)
{
	static const char name[11] = { 'L', 'D', 'L', 'I', 'N', 'U', 'X', ' ', 'S', 'Y', 'S' };
	uint32_t sec[SYSLINUX_MAX_SECTORS];
	struct fatmap_vol fv;
	struct fatmap_file f;
	uint8_t bs[SYSLINUX_BOOTSECT_SIZE], *img;
	int rc;

	if ((rc = syslinux_check(v->sector_size, ldlinux, len, bootsect, bs_len, NULL, 0, e)) < 0)
		return rc;
	if ((rc = fatmap_open(v->devfd, v->offset, &fv, e)) < 0)
		return rc;
	if (fv.bytes_per_sec != SECTOR)
		return sector_refusal(fv.bytes_per_sec, e);
	/* An ldlinux.sys from an earlier install is read-only: clear that
	 * first, as syslinux's installer does. */
	rc = fatmap_file(v->devfd, v->offset, &fv, name, sec, 1, &f, e);
	if (rc == 0 && (f.attr & 0x07))
		rc = vfat_attrib(v, "ldlinux.sys", false, "rhs", e);
	if (rc < 0 && rc != -ENOENT)
		return rc;
	if ((rc = vfat_put_buf(v, "ldlinux.sys", ldlinux, len, e)) < 0)
		return rc;
	if ((rc = fatmap_file(v->devfd, v->offset, &fv, name, sec, SYSLINUX_MAX_SECTORS, &f, e)) < 0)
		return rc;
	if (f.size != len)
		return err_set(e, EIO, _("ldlinux.sys on the FAT volume is %u bytes instead of %zu."),
			       (unsigned)f.size, len);
	img = malloc(len);
	if (!img)
		return err_set(e, ENOMEM, _("Out of memory."));
	memcpy(img, ldlinux, len);
	rc = syslinux_patch(img, len, sec, f.n, e);
	/* Only the first sector changes; a file shorter than a sector is
	 * written only as far as it goes. */
	if (rc == 0)
		rc = vol_write(v, (uint64_t)sec[0] * SECTOR, img, len < SECTOR ? len : SECTOR, e);
	if (rc == 0)
		rc = vfat_attrib(v, "ldlinux.sys", true, "rhs", e);
	if (rc == 0 && (rc = io_pread_exact(v->devfd, bs, sizeof(bs), v->offset)) < 0)
		rc = err_set(e, -rc, _("Cannot read the FAT volume at byte %llu: %s."),
			     (unsigned long long)v->offset, strerror(-rc));
	if (rc == 0) {
		syslinux_bootsect(bs, bootsect, sec[0]);
		rc = vol_write(v, 0, bs, sizeof(bs), e);
	}
	if (rc == 0 && fsync(v->devfd) < 0)
		rc = err_set(e, errno, _("Cannot write to %s at byte %llu: %s."), v->dev,
			     (unsigned long long)v->offset, strerror(errno));
	if (rc == 0)
		rc = read_back(v, sec, img, len, e);
	free(img);
	return rc;
}

/* The MBR stub, p1's GUID and attribute bit 2 for partition part. */
int syslinux_mbr_install(int fd, unsigned sector_size, unsigned part, const void *stub,
			 size_t len, struct stoat_err *e)
{
	struct gpt_table *t;
	const uint8_t *guid = NULL;
	uint8_t mbr[SECTOR];
	size_t code;
	unsigned i;
	int rc;

	if (sector_size != SECTOR)
		return sector_refusal(sector_size, e);
	if (!(code = stub_code(stub, len)))
		return err_set(e, EINVAL, _("The GPT MBR boot code must be 1 to 440 bytes, not %zu."),
			       len);
	t = calloc(1, sizeof(*t));
	if (!t)
		return err_set(e, ENOMEM, _("Out of memory."));
	rc = gpt_read(fd, sector_size, t, e);
	for (i = 0; rc == 0 && i < t->n && !guid; i++)
		if (t->part[i].num == part)
			guid = t->part[i].part_guid;
	if (rc == 0 && !guid)
		rc = err_set(e, ENOENT, _("There is no partition %u in the GPT."), part);
	if (rc == 0 && (rc = io_pread_exact(fd, mbr, sizeof(mbr), 0)) < 0)
		rc = err_set(e, -rc, _("Cannot read sector 0: %s."), strerror(-rc));
	if (rc == 0 && (mbr[510] != 0x55 || mbr[511] != 0xAA || mbr[446 + 4] != 0xEE))
		rc = err_set(e, EINVAL, _("The protective MBR is missing."));
	if (rc == 0)
		rc = gpt_set_attrs(fd, sector_size, part, GPT_ATTR_LEGACY_BOOT, e);
	if (rc == 0) {
		memset(mbr, 0, SYSLINUX_MBR_CODE_MAX);
		memcpy(mbr, stub, code);
		/* A 3.x stub ends before 0x1A8 and reads the GUID there; a
		 * longer stub may have code there (4.03: hlt; jmp) that must
		 * stay. */
		if (stub_guid_free(stub, code))
			memcpy(mbr + SYSLINUX_MBR_GUID_OFF, guid, 16);
		rc = io_pwrite_all(fd, mbr, SYSLINUX_MBR_CODE_MAX, 0);
		if (rc == 0 && fsync(fd) < 0)
			rc = -errno;
		if (rc < 0)
			rc = err_set(e, -rc, _("Cannot write the boot code to sector 0: %s."),
				     strerror(-rc));
	}
	free(t);
	return rc;
}
