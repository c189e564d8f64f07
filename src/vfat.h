/* vfat.h - make and fill FAT file systems inside a device or image at a
 * byte offset, without mounting: mkfs.fat and mtools run as children with
 * explicit argv (never a shell). */
#ifndef STOAT_VFAT_H
#define STOAT_VFAT_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "err.h"

/* A FAT volume: a region of the device path (held open as devfd). */
struct vfat_vol {
	const char *dev;	/* device or image path, for mtools */
	int devfd;		/* the installer's own (O_EXCL) descriptor */
	uint64_t offset, size;	/* bytes */
	unsigned sector_size;	/* 512 or 4096 */
};

/* Format v as FAT16 (allow_fat12: fall back to what mkfs.fat picks for
 * a partition too small for FAT16, as p1 on 4 KiB-sector disks). mkfs.fat
 * writes into a sparse scratch file that is then copied into place through
 * devfd, because mkfs.fat opens block devices O_EXCL and the installer
 * holds the target that way. volid: FAT serial number. */
int vfat_format(const struct vfat_vol *v, uint32_t volid, bool allow_fat12,
		struct stoat_err *e);

/* Format v as FAT32 (an installer stick: what UEFI firmware and syslinux
 * both read), with mkfs.fat's reserved sectors and the volume label
 * label (at most 11 characters). */
int vfat_format32(const struct vfat_vol *v, uint32_t volid, const char *label,
		  struct stoat_err *e);

/* Create a folder (and its parents), like mmd. */
int vfat_mkdir(const struct vfat_vol *v, const char *path, struct stoat_err *e);

/* Set (set: true) or clear the DOS attributes named in which ('r'
 * read-only, 'h' hidden, 's' system, 'a' archive) on a file, like mattrib. */
int vfat_attrib(const struct vfat_vol *v, const char *path, bool set, const char *which,
		struct stoat_err *e);

/* Write a file in pieces: begin, write..., end (which waits for mcopy and
 * reports its error). abort kills the child; use it after a failure. */
struct vfat_put;
int vfat_put_begin(const struct vfat_vol *v, const char *path,
		   struct vfat_put **out, struct stoat_err *e);
int vfat_put_write(struct vfat_put *w, const void *buf, size_t len,
		   struct stoat_err *e);
int vfat_put_end(struct vfat_put *w, struct stoat_err *e);
void vfat_put_abort(struct vfat_put *w);

/* Write a whole file from memory. */
int vfat_put_buf(const struct vfat_vol *v, const char *path, const void *buf,
		 size_t len, struct stoat_err *e);

/* Rename a file, replacing one of the new name, like mren -D o: the
 * directory entry changes, the data stays where it was. */
int vfat_rename(const struct vfat_vol *v, const char *from, const char *to,
		struct stoat_err *e);

/* Read a file back (mcopy to a pipe), handing each piece to fn. */
int vfat_get(const struct vfat_vol *v, const char *path,
	     int (*fn)(void *ctx, const void *buf, size_t len), void *ctx,
	     struct stoat_err *e);

#endif
