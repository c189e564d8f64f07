/* disk_priv.h - the pieces of disk discovery shared between disk_*.c.
 *
 * Not a public contract: front ends use disk.h only. */
#ifndef STOAT_DISK_PRIV_H
#define STOAT_DISK_PRIV_H

#include <stdbool.h>
#include <stddef.h>
#include <sys/types.h>

#include "disk.h"

struct disk_mounts {
	struct disk_mount *v;
	size_t n;
};

/* disk_sysfs.c */
bool disk_sysfs_skip(const char *sysfs, const char *name, bool all);
int disk_sysfs_fill(const char *sysfs, const char *dev_root, const char *name,
		    struct disk *d);
int disk_sysfs_name_of_devnum(const char *sysfs, dev_t dev, char *name, size_t size);
void disk_nameset_add(struct disk_nameset *s, const char *name);
bool disk_nameset_has(const struct disk_nameset *s, const char *name);
void disk_sysfs_wholes_of_devnum(const char *sysfs, dev_t dev, struct disk_nameset *out);
void disk_sysfs_wholes_of_name(const char *sysfs, const char *name, struct disk_nameset *out);
void disk_sysfs_loops_backed_by(const char *sysfs, const char *file,
				struct disk_nameset *out);

/* disk_probe.c */
void disk_probe_init(void);
void disk_probe_content(struct disk *d);

/* disk_mounts.c */
int disk_mounts_read(const char *mountinfo, const char *swaps, const char *sysfs,
		     struct disk_mounts *m, struct stoat_err *e);
void disk_mounts_free(struct disk_mounts *m);
void disk_mounts_unescape(const char *s, char *out, size_t size);
void disk_mounts_wholes_of_devnum(const struct disk_mounts *m, const char *sysfs,
				  dev_t dev, struct disk_nameset *out);

#endif
