/* sysfs.h - reading small sysfs attributes (block device sizes and flags,
 * queue limits, module parameters, USB ids) and driver links. Paths are plain strings, so a
 * fixture tree can stand in for /sys. */
#ifndef STOAT_SYSFS_H
#define STOAT_SYSFS_H

#include <stdbool.h>
#include <stddef.h>

/* Read the attribute at path into buf as it is, but for the trailing
 * blanks and newline the kernel adds. 0 or -errno. */
int sysfs_read_attr(const char *path, char *buf, size_t size);

/* Read dir/file for showing: trailing blanks cut, leading blanks skipped,
 * control characters replaced by '?'. 0 or -errno. */
int sysfs_read_str(const char *dir, const char *file, char *buf, size_t size);

/* The base name of the target of the link dir/link ("uas" for a driver
 * link) into buf; "" when it is no link. */
void sysfs_link_base(const char *dir, const char *link, char *buf, size_t size);

/* Read a decimal number from dir/file; def when missing or garbled.
 * found (may be NULL) tells whether the file could be read at all. */
unsigned long long sysfs_read_u64(const char *dir, const char *file,
				  unsigned long long def, bool *found);

#endif
