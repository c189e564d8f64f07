/* mkstick.h - a bootable ESXi installer on a USB stick, from install media.
 *
 * The stick gets a GPT with one partition (type EFI System) holding every
 * file of the media; the media's UEFI loader (mboot) stays at
 * EFI/BOOT/BOOTX64.EFI, where firmware looks for it, and reads
 * EFI/BOOT/BOOT.CFG. BOOT.CFG and EFI/BOOT/BOOT.CFG are the media's
 * boot.cfg edited for the stick: no prefix=, every path from the root,
 * cdromBoot dropped (the installer then takes its files from the loaded
 * modules, as on a network boot), and with a kickstart ks=usb:/KS.CFG.
 * Legacy BIOS boots through syslinux 3.86 from the media's boot-loader kit
 * (ldlinux.sys, its FAT boot sector, the GPT MBR stub) running the media's
 * mboot.c32, when the kit has those pieces: mboot.c32 reads FAT16 but not
 * FAT32, so that stick is FAT16 in at most 2047 MiB, legacy BIOS bootable.
 * Otherwise it is FAT32 over the whole stick, and the result says why BIOS
 * boot is not set up. The backend never prints. */
#ifndef STOAT_MKSTICK_H
#define STOAT_MKSTICK_H

#include <stdbool.h>
#include <stdint.h>

#include "bootcfg.h"
#include "disk.h"
#include "err.h"

#define MKSTICK_LABEL "ESXI"	/* the FAT volume label */
#define MKSTICK_KS_NAME "KS.CFG"
#define MKSTICK_KS_OPT "ks=usb:/KS.CFG"
#define MKSTICK_KS_MAX (1u << 20)	/* largest kickstart copied */

enum mkstick_stage {
	MKSTICK_PARTITION,	/* partition table and FAT32 */
	MKSTICK_COPY,		/* the media's files */
	MKSTICK_BOOT,		/* loaders, boot.cfg, kickstart */
};

struct mkstick_progress {
	enum mkstick_stage stage;
	uint64_t done, total;	/* bytes of the media's files */
	const char *file;	/* the file being copied, or NULL */
};

/* What the stick will get and, once made, got. Filled before the
 * confirmation. */
struct mkstick_result {
	struct disk target;		/* the device as it was checked */
	char title[160], version[128];	/* of the media */
	uint64_t bytes;			/* the media's files */
	uint64_t need;			/* smallest stick that holds them */
	size_t files;
	bool uefi, bios;		/* boot paths set up */
	char uefi_why[320], bios_why[320];	/* when not, why */
	bool ks;			/* a kickstart is copied as KS.CFG */
	char kernelopt[BOOTCFG_OPT_MAX];	/* as written to BOOT.CFG */
	char warn[320];			/* a note from partitioning, or "" */
};

struct mkstick_cb {
	/* Called a few times per file at most; may be NULL. */
	void (*progress)(void *ctx, const struct mkstick_progress *p);
	/* Asked once, after every check and before anything is written; true
	 * to go ahead. NULL: refuse. */
	bool (*confirm)(void *ctx, const struct mkstick_result *r);
	/* Asked between files; true stops with ECANCELED. May be NULL. */
	bool (*cancelled)(void *ctx);
	void *ctx;
};

struct mkstick_opts {
	const char *media;	/* ISO, device, folder or tar */
	const char *device;	/* the stick (or an existing image file) */
	const char *ks;		/* kickstart file to copy, or NULL */
	const char *sysfs_root, *dev_root, *mountinfo;	/* NULL: the system's */
};

/* Read a kickstart file for the stick: it must be at most MKSTICK_KS_MAX
 * bytes and pass the kickstart parser. *text (malloc'd) and *len get its
 * bytes. 0, or a negative errno with e naming the file and the fault. */
int mkstick_read_ks(const char *path, char **text, size_t *len, struct stoat_err *e);

/* The word for a stage: "Partitioning", "Copying", "Boot loaders". */
const char *mkstick_stage_name(enum mkstick_stage s);

/* Make the stick: check the kickstart, the media and the device (the rules
 * of stoat flash: not the running system's disk, not the media's, nothing
 * mounted, writable, large enough), confirm, then partition, format, copy,
 * set up the boot loaders and write boot.cfg last. A refusal or a "no"
 * leaves the device as it was. */
int mkstick_run(const struct mkstick_opts *o, const struct mkstick_cb *cb,
		struct mkstick_result *res, struct stoat_err *e);

#endif
