/* media_priv.h - internals shared by media.c and media_read.c. */
#ifndef STOAT_MEDIA_PRIV_H
#define STOAT_MEDIA_PRIV_H

#include <stdbool.h>
#include <stdint.h>

#include "media.h"
#include "stream.h"

#define MEDIA_MAX_WARNINGS 8

struct media_entry {
	char *name;		/* normalised */
	uint64_t size;
};

/* What the image database said (media_version.c). */
enum media_db_state {
	MEDIA_DB_ABSENT,	/* no imgdb.tgz or imgpayld.tgz */
	MEDIA_DB_UNREADABLE,	/* there, but no database could be read */
	MEDIA_DB_EMPTY,		/* read, but no profile or VIB descriptor */
	MEDIA_DB_NO_BASE,	/* no esx-base VIB */
	MEDIA_DB_CONFLICT,	/* more than one esx-base version */
	MEDIA_DB_VERSION,	/* one version */
};

struct media {
	char path[4096];
	bool is_dir;
	struct media_entry *ent;
	size_t n_ent, cap_ent;
	struct bootcfg boot;
	char cfg_dir[64];	/* folder of the boot.cfg used: "" or "EFI/BOOT" */
	char title[160], version[128];
	int major;
	enum media_version_source vsrc;
	char volid[64];		/* ISO volume id, "" for other media */
	bool is_iso;
	enum media_db_state db_state;
	char db_name[64];	/* the database file that was read first */
	char db_note[320];	/* versions in conflict, or why it cannot be read */
	struct media_item *items;
	size_t n_items;
	struct bootkit *kit;	/* found on first use (media_bootkit) */
	int kit_rc;
	struct stoat_err kit_err;
	long eula;		/* index into ent, -1 when none */
	uint64_t payload;
	char warn[MEDIA_MAX_WARNINGS][480];
	size_t n_warn;
};

/* Index of the entry named name (case-insensitive), or -1 (media_read.c). */
long media_find_entry(const struct media *m, const char *name);

/* Add a warning (printf-style), kept with the media (media_read.c). */
void media_warn(struct media *m, const char *fmt, ...)
	__attribute__((format(printf, 2, 3)));

/* Read the image database and settle version, major and title from it,
 * boot.cfg's build= and the volume id (media_version.c). 0, or -ENOMEM;
 * a database that cannot be read only leaves the version to the rest. */
int media_find_version(struct media *m, struct stoat_err *e);

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

/* media_walk_pull and media_norm_name are in media.h (bootkit.c uses
 * them too). */

/* For ISO images (file or device; media_iso.c): check each primary and
 * supplementary volume descriptor's size, and the extent of every folder
 * libarchive would read, against the size actually there (a bounded walk
 * that survives folders that loop), and fetch the volume id. Returns 0
 * when path is not ISO9660 (nothing to check), 1 when it is and looks
 * whole, < 0 (e filled, starting with path) when it is truncated or
 * damaged, or cannot be opened. */
int media_iso_check(const char *path, char *volid, size_t volid_size,
		    struct stoat_err *e);

#endif
