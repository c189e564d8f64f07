/* media.h - ESXi-format install media read with libarchive.
 *
 * Media is an ISO file, a block device holding an ISO, a directory, or a
 * tar/tgz. Names match case-insensitively (ISO9660 names are upper case,
 * boot.cfg names lower case). */
#ifndef STOAT_MEDIA_H
#define STOAT_MEDIA_H

#include <stddef.h>
#include <stdint.h>

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

#endif
