/* media.h - ESXi-format install media read with libarchive.
 *
 * Media is an ISO file, a block device holding an ISO, a directory, or a
 * tar/tgz. Names match case-insensitively (ISO9660 names are upper case,
 * boot.cfg names lower case). */
#ifndef STOAT_MEDIA_H
#define STOAT_MEDIA_H

#include <stdbool.h>
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
/* The full version, what the installed boot.cfg says as build=
 * ("6.7.0-8169922"); "" while unknown (see below). */
const char *media_version(const struct media *m);
int media_major(const struct media *m);			/* 6, 7, 8; 0 unknown */

/* Where the version comes from, in this order of trust: the image
 * database (the esx-base VIB in imgdb.tgz, else imgpayld.tgz), build= of
 * the media's boot.cfg, the ISO volume id ("ESXI-6.7.0-..."). An empty
 * build= (VMware's 6.0 to 6.7 media) says nothing by itself. When nothing
 * says it, the version stays unknown until the operator answers
 * (media_set_major): never a guess. */
enum media_version_source {
	MEDIA_VERSION_UNKNOWN,
	MEDIA_VERSION_IMGDB,
	MEDIA_VERSION_BUILD,
	MEDIA_VERSION_VOLID,
	MEDIA_VERSION_ANSWER,
};
enum media_version_source media_version_source(const struct media *m);

/* Why the version is unknown, in sentences naming what was looked at
 * (translated when called); "" when it is known. */
void media_version_why(const struct media *m, char *buf, size_t size);

/* Whether the media's boot.cfg has a build= line with nothing in it, as
 * VMware's 6.0 to 6.7 media have: a hint for the question, not an answer. */
bool media_build_empty(const struct media *m);

/* The build= written for an answer: "6" for the 6.x layout, "7" for the
 * 7.x/8.x one (VMware's boot loader needs one that starts with a digit;
 * the real build is not known). NULL for other majors. */
const char *media_answer_build(int major);

/* The operator's answer for media whose version is unknown: 6 or 7.
 * media_version becomes media_answer_build(major). -EINVAL for another
 * major or media that says its version. */
int media_set_major(struct media *m, int major);

/* What opening found worth a warning (modules found only next to
 * boot.cfg, a build= the image database contradicts, ...): translated
 * sentences. */
size_t media_warning_count(const struct media *m);
const char *media_warning(const struct media *m, size_t i);

/* License text (malloc'd, NUL-terminated) from the media, or NULL when it
 * has none. */
char *media_eula(struct media *m, struct stoat_err *e);

/* Total bytes of the files an install copies from the media. */
uint64_t media_payload_bytes(const struct media *m);

/* --- what an install copies, and how it is read (media.c) --- */

/* A module of the boot order, copied to the bootbank (p5). The system
 * partition (p1) is not filled from loose media files but from the boot
 * kit (media_bootkit): VMware's media carry mboot as EFI/BOOT/BOOTX64.EFI,
 * which cannot boot an installed disk. */
struct media_item {
	const char *src;		/* name on the media, as stored */
	char dest[BOOTCFG_NAME_MAX];	/* name in the bootbank: "b.b00" */
	char args[BOOTCFG_NAME_MAX];	/* the module's arguments in boot.cfg, or "" */
	uint64_t size;
};

/* The media's boot.cfg (BOOT.CFG, or EFI/BOOT/BOOT.CFG when that is the
 * only one): kernel, modules, kernelopt, title, build.
 *
 * Its kernel and modules are found as VMware's loader finds them: a path
 * that starts with '/' or is a URL ("://") as it is, any other under
 * prefix= (without a prefix= line, under the folder of boot.cfg). A path
 * the media does not have there (a boot.cfg edited for PXE, whose prefix
 * names a server folder or a URL) is looked for next to boot.cfg, then
 * at the media's root, and a warning says so. A module's arguments
 * ("/b.b00 arg=1") stay with it; words after the kernel's path are
 * dropped with a warning (the loader reads kernel= as one path). */
const struct bootcfg *media_bootcfg(const struct media *m);

/* Files an install copies: the boot order's modules first (kernel, then
 * modules, in order). */
size_t media_items(const struct media *m, const struct media_item **out);

/* Every regular file of the media (an installer stick copies them all):
 * how many, and the i-th one's name (normalised: "EFI/BOOT/BOOTX64.EFI",
 * as stored) and size. */
size_t media_file_count(const struct media *m);
const char *media_file(const struct media *m, size_t i, uint64_t *size);

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

/* Receives every regular file of the media while media_files reads it,
 * by its name as the media lists it ("EFI/BOOT/BOOTX64.EFI"; no "./",
 * leading '/' or ISO ";1"). begin returns 1 to take the file's bytes
 * (data, then end), 0 to skip it, < 0 to stop. */
struct media_file_sink {
	void *ctx;
	int (*begin)(void *ctx, const char *name, uint64_t size, struct stoat_err *e);
	int (*data)(void *ctx, const void *buf, size_t len, struct stoat_err *e);
	int (*end)(void *ctx, struct stoat_err *e);
};

/* One pass over all of the media's regular files, in the media's own
 * order, handing them to the sink (stoat pxe and mkstick copy them all). A
 * name that climbs out of the media stops the pass with -EINVAL. */
int media_files(struct media *m, const struct media_file_sink *sink,
		struct stoat_err *e);

/* The boot kit for p1 (safeboot, mboot, crypto64, the syslinux pieces),
 * searched in the media's btldr payload, imgpayld.tgz and loose files
 * (bootkit.h) on first use and kept with the media. A missing GPT MBR stub
 * is taken from the host's syslinux (configure's --with-gptmbr). NULL with
 * e filled when the media cannot be read; pieces may be missing
 * (bootkit_uefi_ready, bootkit_bios_ready). */
struct bootkit;
const struct bootkit *media_bootkit(struct media *m, struct stoat_err *e);

/* --- for bootkit.c, which reads the kit's payloads as the media holds them --- */

/* Normalise a stored name (no "./", leading '/' or ISO ";1"); -EINVAL for a ".." part. */
int media_norm_name(const char *raw, char *out, size_t size);

struct stream_members;
/* Walk path (archive, device or folder) once, handing the files p picks to p->use as streams. */
int media_walk_pull(const char *path, bool is_dir, const struct stream_members *p,
		    struct stoat_err *e);

#endif
