/* bootbank.h - read an ESXi boot bank in place: a FAT partition of a disk
 * or image file, read through mtools at the partition's offset (nothing is
 * mounted or written). Shared by the upgrade planner, inspect and the
 * identity rewrite. */
#ifndef STOAT_BOOTBANK_H
#define STOAT_BOOTBANK_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "bootcfg.h"
#include "err.h"
#include "layout.h"
#include "sbuf.h"

/* Largest boot.cfg read into memory. */
#define BOOTBANK_CFG_MAX (64u << 10)

/* A partition holding a FAT: sectors [start, end] of sector_size bytes. */
struct bootbank_part {
	uint64_t start, end;
	unsigned sector_size;
};

/* Role of an existing partition of an ESXi disk, from its number and
 * type GUID (upper-case hex, no dashes). */
enum layout_role bootbank_role(unsigned num, const char *guid);

/* Read the whole file name of the FAT in p on dev into b (started afresh;
 * the caller frees b->p also after a failure), at most max bytes
 * (-EFBIG beyond). */
int bootbank_read(const char *dev, const struct bootbank_part *p, const char *name,
		  size_t max, struct sbuf *b, struct stoat_err *e);

/* The bytes that open a boot bank's second sector, before its UUID. */
#define BOOTBANK_MARKER "VMWARE FAT16    "

/* Whether the FAT at byte off of fd carries BOOTBANK_MARKER at the start
 * of its second sector, where safeboot reads it: byte 512, or 4096 on a
 * 4Kn disk, as the FAT's own header (BPB) gives its sector size. */
bool bootbank_marked(int fd, uint64_t off);

/* Whether the partition (read through fd) carries the VMware boot bank
 * marker ("VMWARE FAT16    " at the start of its second sector, where
 * safeboot reads it: byte 512, or 4096 on a 4Kn disk), and its boot.cfg
 * parsed into b. 0, or -ENOENT when it has no marker or no readable boot.cfg. */
int bootbank_cfg(int fd, const char *dev, const struct bootbank_part *p, struct bootcfg *b,
		 struct stoat_err *e);

/* Whether VMware's safeboot would boot a bank with this boot.cfg:
 * bootstate 0 or 1, updated > 0 and a build= that starts with a digit
 * (REFERENCE.md section 2); of two such banks the higher updated= boots. */
bool bootbank_bootable(const struct bootcfg *b);

#endif
