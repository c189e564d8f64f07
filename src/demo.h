/* demo.h - sample ESXi-format media and demo disk images for --demo.
 *
 * Built once into a cache folder (sparse files, never a real disk). */
#ifndef STOAT_DEMO_H
#define STOAT_DEMO_H

#include "err.h"

#define DEMO_MAX_DISKS 4

struct demo_files {
	char dir[4096];			/* the cache folder used */
	char media[4096];		/* sample ISO */
	unsigned n_disks;
	char disks[DEMO_MAX_DISKS][4200];	/* --disk specs: "PATH:usb", ... */
};

/* Create what is missing under cache_dir (NULL: $XDG_CACHE_HOME/stoat/demo
 * or ~/.cache/stoat/demo): the sample ISO (boot.cfg, modules, EFI loader
 * placeholder, license text) and sparse disks: 40 GiB local, 16 GiB USB
 * stick, 8 GiB SD card, 512 MiB (too small). */
int demo_prepare(const char *cache_dir, struct demo_files *out, struct stoat_err *e);

/* Remove the sample ISO and the demo disk images from cache_dir (NULL:
 * the default folder), so that the next demo_prepare makes them afresh;
 * nothing else in the folder is touched. The folder used goes to dir. */
int demo_reset(const char *cache_dir, char *dir, size_t size, struct stoat_err *e);

#endif
