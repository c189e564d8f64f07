/* sysboot.h - what the system partition (p1) of an installed disk holds,
 * as ESXi builds it, and whether each boot path can be set up.
 *
 * UEFI: firmware runs \EFI\BOOT\BOOTX64.EFI, which must be safeboot (the
 * same bytes as \EFI\VMware\safeboot64.efi); safeboot picks the bootbank
 * and chainloads \EFI\VMware\mboot64.efi, which loads boot.cfg's modules.
 * Legacy BIOS: syslinux 3.86 (ldlinux.sys and its boot sector, the GPT MBR
 * stub in LBA 0) runs safeboot.c32 from syslinux.cfg. Every piece comes
 * from the media's boot kit (bootkit.h). This file decides; the install
 * step (install_boot.c) writes. */
#ifndef STOAT_SYSBOOT_H
#define STOAT_SYSBOOT_H

#include <stdbool.h>
#include <stddef.h>

#include "bootkit.h"
#include "err.h"
#include "plan.h"

struct media;

#define SYSBOOT_MAX_FILES 8

/* One file of p1 as it is written (ldlinux.sys is written by syslinux). */
struct sysboot_file {
	const char *dest;		/* "EFI/VMware/mboot64.efi", "syslinux.cfg" */
	const void *data;
	size_t size;
};

struct sysboot {
	const struct bootkit *kit;	/* the media's (kept with the media) */
	bool uefi, bios;		/* each path can be set up */
	char uefi_why[512], bios_why[512];	/* when not: why, a sentence */
	struct sysboot_file file[SYSBOOT_MAX_FILES];
	size_t n_files;
	size_t bytes;			/* of the files and ldlinux.sys */
};

/* Decide p1 for the plan p and media m: which paths can be set up (BIOS
 * needs 512-byte sectors and the whole syslinux kit) and the files to
 * write. 0, or -errno when the media cannot be read. */
int sysboot_plan(const struct install_plan *p, struct media *m, struct sysboot *sb,
		 struct stoat_err *e);

/* The text of syslinux.cfg: safeboot.c32 for bank selection, no halt. */
extern const char sysboot_syslinux_cfg[];

#endif
