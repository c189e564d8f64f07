/* media_priv.h - internals shared by media.c and media_read.c. */
#ifndef STOAT_MEDIA_PRIV_H
#define STOAT_MEDIA_PRIV_H

#include <stdbool.h>
#include <stdint.h>

#include "media.h"
#include "stream.h"

/* One pass over the media's regular files. entry() returns 1 to have the
 * file's bytes delivered through data() and then end(), 0 to skip it, or
 * < 0 to stop the pass with that value. */
struct media_pass {
	void *ctx;
	int (*entry)(void *ctx, const char *name, uint64_t size, struct stoat_err *e);
	int (*data)(void *ctx, const void *buf, size_t len, struct stoat_err *e);
	int (*end)(void *ctx, struct stoat_err *e);
};

/* Walk path (archive, device or directory) once. */
int media_walk(const char *path, bool is_dir, const struct media_pass *p,
	       struct stoat_err *e);

/* One pass over the media's regular files, handing those p picks to
 * p->use as streams (names as stored: see media_norm_name). */
int media_walk_pull(const char *path, bool is_dir, const struct stream_members *p,
		    struct stoat_err *e);

/* Normalise a stored name: drop "./" and leading "/", an ISO ";1"
 * version. -EINVAL when it has a ".." part (an escape). */
int media_norm_name(const char *raw, char *out, size_t size);

/* For ISO images (file or device): check the primary volume descriptor
 * against the size actually there, and fetch the volume id. Returns 0 when
 * path is not ISO9660 (nothing to check), 1 when it is and looks whole,
 * -EIO (e filled) when it is truncated. */
int media_iso_check(const char *path, char *volid, size_t volid_size,
		    struct stoat_err *e);

#endif
