/* media.h - ESXi-format install media read with libarchive.
 *
 * Media is an ISO file, a block device holding an ISO, a directory, or a
 * tar/tgz. Names match case-insensitively (ISO9660 names are upper case,
 * boot.cfg names lower case). */
#ifndef STOAT_MEDIA_H
#define STOAT_MEDIA_H

#include <stddef.h>
#include <stdint.h>

#include "bootcfg.h"
#include "err.h"

struct media;

/* Open and validate: boot.cfg present and sane, every module present, no
 * path escapes. 0 or -errno with e filled; nothing is written anywhere. */
int media_open(const char *path, struct media **out, struct stoat_err *e);
void media_close(struct media *m);

const char *media_title(const struct media *m);	/* "VMware ESXi 6.7.0" */
const char *media_version(const struct media *m);	/* build=, "6.7.0-8169922" */
int media_major(const struct media *m);			/* 6, 7, 8 */

/* License text (malloc'd, NUL-terminated) from the media, or NULL when it
 * has none. */
char *media_eula(struct media *m, struct stoat_err *e);

/* Total bytes of the files an install copies from the media. */
uint64_t media_payload_bytes(const struct media *m);

/* --- what an install copies, and how it is read (media.c) --- */

/* Where a media file goes. */
enum media_dest {
	MEDIA_TO_BOOTBANK,	/* p5: a module of the boot order */
	MEDIA_TO_SYSTEM,	/* p1: EFI loader and companions, BIOS loader */
};

struct media_item {
	const char *src;		/* name on the media, as stored */
	char dest[BOOTCFG_NAME_MAX];	/* path in the partition: "b.b00",
					   "EFI/BOOT/BOOTX64.EFI", "mboot.c32" */
	enum media_dest part;
	uint64_t size;
};

/* The media's boot.cfg (BOOT.CFG, or EFI/BOOT/BOOT.CFG when that is the
 * only one): kernel, modules, kernelopt, title, build. */
const struct bootcfg *media_bootcfg(const struct media *m);

/* Files an install copies: the boot order's modules first (kernel, then
 * modules, in order), then the p1 loader files. */
size_t media_items(const struct media *m, const struct media_item **out);

/* Whether the media has an EFI loader (EFI/BOOT/BOOTX64.EFI). */
int media_has_efi(const struct media *m);

/* Name of the license file used by media_eula (NULL when none). */
const char *media_eula_name(const struct media *m);

/* Receives the contents of media items while media_stream reads them.
 * begin returns 0 to take the item, 1 to skip it, < 0 to stop. */
struct media_sink {
	void *ctx;
	int (*begin)(void *ctx, size_t item, struct stoat_err *e);
	int (*data)(void *ctx, size_t item, const void *buf, size_t len,
		    struct stoat_err *e);
	int (*end)(void *ctx, size_t item, struct stoat_err *e);
};

/* Read every item once, in the media's own order (one pass over an
 * archive, never unpacked), handing the bytes to the sink. A sink callback
 * returning < 0 stops the pass with that value (and its e). */
int media_stream(struct media *m, const struct media_sink *sink,
		 struct stoat_err *e);

/* The boot kit for p1 (safeboot, mboot, crypto64, the syslinux pieces),
 * searched in the media's btldr payload, imgpayld.tgz and loose files
 * (bootkit.h). A missing GPT MBR stub is taken from the host's syslinux
 * (configure's --with-gptmbr). 0 with kit filled, or -errno when the
 * media cannot be read; free kit with bootkit_free either way. */
struct bootkit;
int media_bootkit(struct media *m, struct bootkit *kit, struct stoat_err *e);

#endif
