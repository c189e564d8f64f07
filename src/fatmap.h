/* fatmap.h - find where a file in a FAT root folder lies, read-only.
 *
 * mtools writes every file stoat puts on a FAT volume; this reader only
 * parses the boot sector, the root folder and the allocation table so a
 * boot loader (syslinux's ldlinux.sys) can be told which sectors hold it.
 * FAT12, FAT16 and FAT32; all reads go through a descriptor at an offset. */
#ifndef STOAT_FATMAP_H
#define STOAT_FATMAP_H

#include <stdint.h>

#include "err.h"

/* Geometry from a FAT boot sector (BPB). Sector numbers are relative to
 * the volume's first sector, in units of bytes_per_sec. */
struct fatmap_vol {
	unsigned bytes_per_sec;		/* 512, 1024, 2048 or 4096 */
	unsigned sec_per_clus;
	unsigned fat_bits;		/* 12, 16 or 32, from the cluster count */
	uint32_t fat_start;		/* first sector of the first FAT */
	uint32_t root_start, root_secs;	/* FAT12/16 fixed root folder */
	uint32_t root_clus;		/* FAT32 root folder's first cluster */
	uint32_t data_start;		/* sector of cluster 2 */
	uint32_t clusters;		/* data clusters (2 .. clusters + 1) */
};

/* A file's directory entry and where its data lies. */
struct fatmap_file {
	uint32_t size;			/* bytes, from the directory entry */
	uint8_t attr;			/* DOS attributes (0x01 read-only, ...) */
	unsigned n;			/* sectors listed (at most max) */
};

/* Parse and check the boot sector of the volume at byte offset off. */
int fatmap_open(int fd, uint64_t off, struct fatmap_vol *v, struct stoat_err *e);

/* Look up name (11 bytes, 8.3 as stored: "LDLINUX SYS") in the root
 * folder and list the first max sectors of its cluster chain in sec
 * (whole clusters: the last cluster's sectors past the end of the file
 * are listed too). -ENOENT when there is no such file, -EINVAL when the
 * chain is broken or shorter than the file. */
int fatmap_file(int fd, uint64_t off, const struct fatmap_vol *v, const char name[11],
		uint32_t *sec, unsigned max, struct fatmap_file *f, struct stoat_err *e);

#endif
