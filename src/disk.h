/* disk.h - find every block device and say whether it can be installed to.
 *
 * Classification reads sysfs (transport, size, flags, identity) and libblkid
 * (content). The sysfs root is a parameter so fixture trees can stand in for
 * /sys in unit tests. */
#ifndef STOAT_DISK_H
#define STOAT_DISK_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include <sys/types.h>

#include "err.h"

enum disk_transport {
	TR_UNKNOWN = 0,
	TR_USB,		/* sysfs path passes a USB interface (usb-storage or uas) */
	TR_SD,		/* mmcblk on an MMC host (sdhci, ...) */
	TR_NVME,
	TR_SATA,
	TR_SAS,
	TR_SCSI,
	TR_VIRTIO,
	TR_LOOP,
	TR_ISCSI,	/* remote */
	TR_FC,		/* remote */
	TR_NBD,		/* remote */
	TR_FILE,	/* an image file given with --disk FILE:disk */
};

enum disk_verdict {
	DISK_USABLE = 0,
	DISK_TOO_SMALL,
	DISK_READONLY,
	DISK_SYSTEM,	/* holds the running root filesystem */
	DISK_MEDIA,	/* holds the install media */
	DISK_MOUNTED,	/* has mounted partitions (or active swap) */
};

struct disk_part {
	unsigned num;
	uint64_t start, size;		/* bytes */
	char type_guid[33];		/* upper-case hex, no dashes; "" if MBR */
	unsigned mbr_type;		/* MBR type byte (0xfb is VMFS); 0 on GPT */
	char fstype[16];
	char label[64];
};

#define DISK_MAX_PARTS 16

struct disk {
	char name[64];		/* sdc, mmcblk0, nvme0n1, or the file's base name */
	char path[4096];	/* /dev/sdc or the image file */
	uint64_t size;		/* bytes */
	unsigned lsec, psec;	/* logical and physical sector size */
	char vendor[64], model[128], serial[128], wwn[64];
	enum disk_transport transport;
	char driver[32];	/* usb-storage, uas, sdhci-pci, nvme, ahci, ... */
	char backing_file[4096];	/* a loop device's file, as sysfs says; else "" */
	bool remote, removable, readonly, rotational;
	bool is_file;		/* an image file standing in for a disk */

	char pttype[8];		/* "gpt", "dos" or "" */
	char fstype[16];	/* a filesystem on the whole disk (an ISO on a stick) */
	char label[64];		/* its label */
	unsigned nparts;
	struct disk_part part[DISK_MAX_PARTS];
	bool has_esxi;		/* bootbanks with boot.cfg or VMware type GUIDs */
	bool has_vmfs;		/* marker '*' */
	bool has_vsan;		/* marker '#' */
	bool upgradable;	/* marker '@': a bootbank we could upgrade */
	bool has_data;		/* any partition table or filesystem at all */

	bool holds_root, holds_media, mounted;
	enum disk_verdict verdict;
	char reason[256];	/* translated; empty when usable */
};

struct disk_list {
	struct disk *v;
	size_t n;
};

/* An image file standing in for a disk: "FILE", "FILE:usb", "FILE:sd",
 * "FILE:disk". */
struct disk_spec {
	char path[4096];
	enum disk_transport transport;	/* TR_USB, TR_SD or TR_FILE */
};

struct disk_scan_opts {
	const char *sysfs_root;		/* NULL: "/sys" */
	const char *dev_root;		/* NULL: "/dev" */
	const char *mountinfo;		/* NULL: "/proc/self/mountinfo" */
	const char *swaps;		/* NULL: "/proc/swaps", or none when
					 * mountinfo is given */
	bool all;			/* include md, dm, ram, sr, empty loop */
	bool only_listed;		/* skip /sys: only the specs below */
	const struct disk_spec *specs;
	size_t n_specs;
	const char *media_path;		/* marks the disk holding the media */
	uint64_t min_bytes;		/* 0: 910 MiB */
};

/* Parse "FILE[:usb|:sd|:disk]". 0 or -EINVAL with e filled. */
int disk_spec_parse(const char *arg, struct disk_spec *out, struct stoat_err *e);

/* Fill list with every disk found, classified; free with disk_list_free. */
int disk_scan(const struct disk_scan_opts *opts, struct disk_list *list,
	      struct stoat_err *e);
void disk_list_free(struct disk_list *list);

/* Re-read one disk (by path) for the install-time re-check. */
int disk_probe_one(const struct disk_scan_opts *opts, const char *path,
		   struct disk *out, struct stoat_err *e);

bool disk_is_flash(const struct disk *d);	/* USB or SD */
const char *disk_transport_name(enum disk_transport t);	/* "usb", "sd", ... */
const char *disk_verdict_name(enum disk_verdict v);	/* "usable", ... */

/* "%.2f GiB", "%.2f TiB" or "N MiB", as the disk screen shows capacity,
 * with the decimal mark of the language in use (lang_decimal_mark). */
void disk_format_size(uint64_t bytes, char *buf, size_t size);
/* The same with the decimal mark given: "." for output meant for programs
 * (list-disks --json); NULL is the language's. */
void disk_format_size_mark(uint64_t bytes, const char *mark, char *buf, size_t size);

/* Mounted filesystems, as /proc/self/mountinfo lists them (the disk scan
 * reads them to mark mounted disks; media_find to look for media). */
#define DISK_NAMESET_MAX 32

/* A small set of whole-disk names (sda, nvme0n1, ...). */
struct disk_nameset {
	char name[DISK_NAMESET_MAX][64];
	size_t n;
};

/* One mounted filesystem traced back to the whole disks under it. */
struct disk_mount {
	dev_t dev;		/* as mountinfo says (0:N for btrfs and such) */
	char source[256];	/* /dev/sda1, as mountinfo says */
	char target[512];	/* mount point, unescaped; "" for swap */
	char fstype[64];	/* as mountinfo says; "" for swap */
	bool swap;		/* an active swap partition, not a mount */
	struct disk_nameset disks;
};
/* Parse one mountinfo line into m (the disks under it not traced); false
 * when it is not one. */
bool disk_mounts_parse(char *line, struct disk_mount *m);

#endif
