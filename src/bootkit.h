/* bootkit.h - the boot kit for p1, found on the install media.
 *
 * An installed ESXi disk boots through safeboot (which picks the boot
 * bank) and mboot (which loads it); by legacy BIOS through syslinux 3.86
 * running safeboot.c32 and mboot.c32. Install media carry mboot loose
 * (EFI/BOOT/BOOTX64.EFI, MBOOT.C32) but safeboot and the syslinux pieces
 * only inside payloads. bootkit_find searches, in this order:
 *   1. the boot-loader payload boot.cfg lists (any module whose name
 *      starts with "btldr": btldr.t00 on 6.x, btldr.v00 on 7.x/8.x), a
 *      vmtar;
 *   2. the image payload archive imgpayld.tgz (a gzip'd tar);
 *   3. the media's own files (loose: EFI/BOOT/BOOTX64.EFI, CRYPTO64.EFI,
 *      MBOOT.C32, SAFEBOOT.C32, ...).
 * Inside 1 and 2 it opens nested archives (vmtar, tar, each compressed
 * or not) down to BOOTKIT_MAX_DEPTH. Files are found by base name, case
 * ignored, wherever they sit, and then judged by content: a .efi must be
 * an x86-64 PE/COFF UEFI image and safeboot, mboot and crypto64 are told
 * apart by strings each carries (safeboot reads the "VMWARE FAT16"
 * boot-bank marker and adds bootUUID=; mboot parses kernelopt= and loads
 * Multiboot kernels; crypto64 names itself); a .c32 must be a COM32
 * module as syslinux 3.86 loads it. The first source that has a piece
 * wins. */
#ifndef STOAT_BOOTKIT_H
#define STOAT_BOOTKIT_H

#include <stdbool.h>
#include <stddef.h>

#include "bootcfg.h"
#include "err.h"
#include "stream.h"

#define BOOTKIT_FILE_MAX (64u << 20)	/* largest loader file taken */
#define BOOTKIT_MAX_DEPTH 4		/* btldr/imgpayld = 1, nested below */
#define BOOTKIT_GPTMBR_CODE 440		/* bytes of LBA 0 a GPT MBR stub may fill */

enum bootkit_piece {
	BOOTKIT_SAFEBOOT_EFI,	/* p1 EFI/BOOT/BOOTX64.EFI, EFI/VMware/safeboot64.efi */
	BOOTKIT_MBOOT_EFI,	/* p1 EFI/VMware/mboot64.efi */
	BOOTKIT_CRYPTO_EFI,	/* p1 EFI/VMware/crypto64.efi (7.0 U3 and later) */
	BOOTKIT_SAFEBOOT_C32,	/* p1 safeboot.c32 */
	BOOTKIT_MBOOT_C32,	/* p1 mboot.c32 */
	BOOTKIT_LDLINUX_SYS,	/* p1 ldlinux.sys (syslinux 3.86) */
	BOOTKIT_FAT_BOOT_SECTOR, /* its FAT boot sector ("fatBootSector", 512 bytes) */
	BOOTKIT_GPTMBR,		/* the GPT MBR stub for LBA 0 (gptmbr.bin) */
	BOOTKIT_N_PIECES
};

/* Where a piece came from; lower values win. */
enum bootkit_source {
	BOOTKIT_MISSING,
	BOOTKIT_FROM_BTLDR,	/* the boot-loader payload of boot.cfg */
	BOOTKIT_FROM_IMGPAYLD,	/* imgpayld.tgz */
	BOOTKIT_FROM_MEDIA,	/* a loose file of the media */
	BOOTKIT_FROM_HOST,	/* this machine (bootkit_host_gptmbr) */
};

struct bootkit_file {
	unsigned char *data;	/* malloc'd; NULL while missing */
	size_t size;
	enum bootkit_source source;
	char origin[320];	/* "BTLDR.V00: safeboot64.efi", a path, ... */
	char why[320];		/* while missing: a file that looked like it
				   and why it was refused, else empty */
};

struct bootkit {
	struct bootkit_file piece[BOOTKIT_N_PIECES];
	char searched[256];	/* "btldr.v00, imgpayld.tgz and the media's files" */
	char trouble[320];	/* the first payload that could not be read, and why */
};

/* Search the media at path (is_dir: a folder) with its boot.cfg. 0 with
 * kit filled (pieces may be missing: see bootkit_uefi_ready and
 * bootkit_bios_ready) or -errno with e filled when the media itself cannot
 * be read. A payload that cannot be read is noted in kit->trouble and the
 * search goes on. Free kit with bootkit_free either way. */
int bootkit_find(const char *path, bool is_dir, const struct bootcfg *boot,
		 struct bootkit *kit, struct stoat_err *e);

/* Search one container (a vmtar, tar or file, compressed or not) read from
 * in, named name, as source src; what bootkit_find does for each payload.
 * 0, or -ENOMEM (the container's own faults go to kit->trouble). */
int bootkit_scan(struct bootkit *kit, const char *name, enum bootkit_source src,
		 const struct stream *in, struct stoat_err *e);

/* Offer one file (base name and bytes) found at origin as source src: it is
 * judged and kept (a copy) when it is a piece the kit lacks or has only
 * from a later source. Returns the piece taken, or -1 (not taken; also
 * when out of memory). A refused file whose name says which piece it
 * meant to be leaves its reason in that piece's why. */
int bootkit_offer(struct bootkit *kit, const char *name, const void *data, size_t size,
		  enum bootkit_source src, const char *origin);

/* When the kit has no GPT MBR stub, take the one at path (syslinux's, as
 * configure found it; "" or NULL: none). 0 also when path is missing or
 * refused (the reason is left in the piece's why). */
int bootkit_host_gptmbr(struct bootkit *kit, const char *path, struct stoat_err *e);

/* Judge a file by content: the piece it is, or -1 with why filled. name
 * (a base name) only says what the file claims to be, for the message. */
int bootkit_classify(const char *name, const unsigned char *data, size_t size,
		     char *why, size_t why_size);

/* Whether UEFI boot can be set up (safeboot and mboot found); when not,
 * why says so in a sentence. */
bool bootkit_uefi_ready(const struct bootkit *kit, char *why, size_t why_size);

/* Whether legacy BIOS boot can be set up (safeboot.c32, mboot.c32,
 * ldlinux.sys, its FAT boot sector and a GPT MBR stub found). */
bool bootkit_bios_ready(const struct bootkit *kit, char *why, size_t why_size);

/* Whether an installer stick can boot by legacy BIOS (mboot.c32,
 * ldlinux.sys, its FAT boot sector and a GPT MBR stub found). */
bool bootkit_stick_bios_ready(const struct bootkit *kit, char *why, size_t why_size);

/* A short name of the piece for messages: "safeboot (UEFI)". */
const char *bootkit_piece_name(enum bootkit_piece p);

/* Free the pieces' bytes; the kit is empty afterwards. */
void bootkit_free(struct bootkit *kit);

#endif
