/* media_find.h - look for ESXi install media when none was named: CD/DVD
 * drives, block devices holding an ISO (a stick written with it), mounted
 * filesystems holding the media's files, and ESXi ISO files in the current
 * folder and on mounted filesystems.
 *
 * A candidate counts only when media_open() reads it and it says its ESXi
 * version; what looked like media but is not is kept with the reason. The
 * work is bounded (files opened, entries read, time), and every root is a
 * parameter so fixture trees can stand in for /sys, /dev and the mount
 * table. */
#ifndef STOAT_MEDIA_FIND_H
#define STOAT_MEDIA_FIND_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "err.h"

enum media_found_kind {
	MEDIA_FOUND_OPTICAL,	/* a CD/DVD drive (sr*) */
	MEDIA_FOUND_DEVICE,	/* another block device holding an ISO */
	MEDIA_FOUND_FOLDER,	/* a mounted filesystem holding the files */
	MEDIA_FOUND_FILE,	/* an ISO file */
};

struct media_found {
	enum media_found_kind kind;
	char path[4096];	/* what --media would name: /dev/sr0, a file */
	char title[160];	/* media_title: "VMware ESXi 6.7.0" */
	char version[128];	/* media_version: "6.7.0-8169922" */
	uint64_t size;		/* bytes (0 for a folder) */
	bool usable;		/* ESXi install media that says its version */
	char why[320];		/* when not usable: why, translated */
};

struct media_found_list {
	struct media_found *v;
	size_t n;
	size_t n_usable;
	bool cut;		/* a limit stopped the search early */
};

struct media_find_opts {
	const char *sysfs_root;		/* NULL: "/sys" */
	const char *dev_root;		/* NULL: "/dev" */
	const char *mountinfo;		/* NULL: "/proc/self/mountinfo" */
	const char *cwd;		/* NULL: "."; "" looks in no folder */
	const char *const *skip;	/* files never offered (--disk images) */
	size_t n_skip;
	unsigned max_opens;		/* media opened at most; 0: 32 */
	unsigned max_ms;		/* time allowed; 0: 20 s */
};

/* Look for install media; usable ones first in list order (drives,
 * devices, folders, files), then the rest. 0, or -ENOMEM with e filled;
 * nothing found is no error. Free with media_found_free. */
int media_find(const struct media_find_opts *o, struct media_found_list *out,
	       struct stoat_err *e);
void media_found_free(struct media_found_list *l);

/* "optical", "device", "folder", "file". */
const char *media_found_kind_name(enum media_found_kind k);

#endif
