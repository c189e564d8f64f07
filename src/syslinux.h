/* syslinux.h - legacy BIOS boot as ESXi sets it up: syslinux 3.86.
 *
 * Three pieces, from the media's boot-loader kit: the GPT MBR stub in LBA
 * 0 (gptmbr.bin; the 3.86 stub finds the boot partition by its unique
 * GUID at MBR offset 0x1A8, 4.x stubs by GPT attribute bit 2), syslinux's
 * FAT boot sector (fatBootSector = ldlinux.bss) merged into the system
 * partition's boot sector, and ldlinux.sys in that partition's root,
 * patched with the sectors it occupies, as syslinux 3.86's installer does.
 * syslinux.cfg and the .c32 modules are ordinary files (vfat_put_buf). */
#ifndef STOAT_SYSLINUX_H
#define STOAT_SYSLINUX_H

#include <stddef.h>
#include <stdint.h>

#include "err.h"
#include "vfat.h"

#define SYSLINUX_BOOTSECT_SIZE 512	/* fatBootSector / ldlinux.bss */
#define SYSLINUX_MBR_CODE_MAX 440	/* MBR bytes a stub may fill */
#define SYSLINUX_MBR_GUID_OFF 0x1A8	/* 3.x stubs: boot partition GUID */
#define SYSLINUX_MAX_SECTORS 65		/* boot sector pointer + 64 in the list */

/* Whether the kit can boot this disk, before anything is written: disk
 * sectors of 512 bytes (-EOPNOTSUPP otherwise: syslinux 3.86 and its MBR
 * read only those), ldlinux.sys in 3.86's format (its patch area in its
 * first sector, at most 65 sectors), a 512-byte boot sector from the
 * same build, a stub of 1 to 440 bytes or a whole 512-byte sector ending
 * in 55AA (of which bytes 0-439 are used). mbr may be NULL (not checked).
 * 0, or -EOPNOTSUPP / -EINVAL with the reason in e. */
int syslinux_check(unsigned sector_size, const void *ldlinux, size_t len,
		   const void *bootsect, size_t bs_len, const void *mbr, size_t mbr_len,
		   struct stoat_err *e);

/* Install syslinux into the FAT volume v (formatted, 512-byte sectors):
 * copy ldlinux.sys into its root with mcopy (an old one is replaced),
 * patch its first sector on disk with the sectors the FAT gives it, mark
 * it read-only, hidden and system, and put the boot sector's code (bytes
 * 0x00-0x02 and 0x5A-0x1FD, with the pointer to ldlinux.sys's first
 * sector) over v's boot sector, keeping its BPB. Reads ldlinux.sys back
 * through the sector list to prove it. */
int syslinux_install(const struct vfat_vol *v, const void *ldlinux, size_t len,
		     const void *bootsect, size_t bs_len, struct stoat_err *e);

/* LBA 0 of the disk on fd: bytes 0-439 become the stub (zero-filled),
 * with partition part's unique GUID at 0x1A8 when the stub leaves
 * 0x1A8-0x1B7 zero (3.x ends before it), and part gets GPT attribute bit 2 (both copies of the table,
 * CRCs fixed). The disk signature and the protective MBR entries (0x1B8
 * on) stay as the partitioner wrote them. */
int syslinux_mbr_install(int fd, unsigned sector_size, unsigned part, const void *stub,
			 size_t len, struct stoat_err *e);

/* Fill ldlinux.sys's patch area (in memory): the dword count, the number
 * of sectors after the first, sec[1..] as the sector list (volume-relative
 * 512-byte sectors; n may list more than the file needs) and the checksum
 * that makes all its dwords add up to the magic. */
int syslinux_patch(uint8_t *ldlinux, size_t len, const uint32_t *sec, unsigned n,
		   struct stoat_err *e);

/* Merge the kit's boot sector code into a FAT boot sector, with first
 * (ldlinux.sys's first sector) as the pointer at 0x1F8. */
void syslinux_bootsect(uint8_t fs_bs[SYSLINUX_BOOTSECT_SIZE],
		       const uint8_t kit[SYSLINUX_BOOTSECT_SIZE], uint32_t first);

#endif
