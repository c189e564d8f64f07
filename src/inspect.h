/* inspect.h - what an ESXi disk, stick or whole-device image holds: its
 * partitions and their roles, each boot bank's ESXi version and build and
 * which bank boots, whether the host configuration (state.tgz) is
 * encrypted, the system UUID when it can be read, and the datastores.
 * Nothing is mounted or written: the GPT is read directly and the boot
 * banks' FATs through mtools at their offsets. */
#ifndef STOAT_INSPECT_H
#define STOAT_INSPECT_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "err.h"
#include "layout.h"

#define INSPECT_MAX_PARTS 16
#define INSPECT_STATE_MAX (64u << 20)	/* largest state.tgz read */
#define INSPECT_LOCAL_MAX (256u << 20)	/* largest local.tgz unpacked in memory */
#define INSPECT_CONF_MAX (16u << 20)	/* largest esx.conf read */

struct inspect_part {
	unsigned num;
	uint64_t start, end;		/* sectors, inclusive */
	uint64_t bytes;
	char type_guid[33];
	enum layout_role role;
};

/* The host configuration a boot bank carries in state.tgz. */
enum inspect_config {
	INSPECT_CONF_NONE,		/* no state.tgz: never booted, or wiped */
	INSPECT_CONF_PLAIN,		/* state.tgz holding local.tgz */
	INSPECT_CONF_ENCRYPTED,		/* local.tgz.ve + encryption.info (7.0 U2+) */
	INSPECT_CONF_UNREADABLE,	/* there, but not as expected (see trouble) */
};

struct inspect_bank {
	unsigned num;			/* partition number: 5 or 6 */
	bool found;			/* VMware marker and a readable boot.cfg */
	bool valid;			/* found, and bootstate is not 3 (invalid) */
	bool bootable;			/* what safeboot accepts (bootbank_bootable) */
	int bootstate, updated;
	char build[128];		/* boot.cfg's build= */
	char version[64];		/* esx-base version in the bank's imgdb.tgz, or "" */
	enum inspect_config config;
	char uuid[128];			/* esx.conf's /system/uuid, or "" */
	char trouble[256];		/* why the configuration could not be read */
};

struct inspect_result {
	char path[4096];
	uint64_t size;			/* bytes of the disk or (uncompressed) image */
	unsigned sector_size;
	bool gpt;			/* a valid GPT was found */
	bool via_temp;			/* a compressed image, unpacked to a sparse temporary file */
	char filter[32];		/* its compression ("none" when raw) */
	unsigned n_parts;
	struct inspect_part part[INSPECT_MAX_PARTS];	/* in disk order */
	struct inspect_bank bank[2];	/* partitions 5 and 6 */
	int boots;			/* index in bank[] of the bank safeboot boots, -1: none */
};

/* Inspect a raw image file or a block device in place, or a compressed
 * image (gzip, xz, zstd, bzip2) streamed into a sparse temporary file in
 * $TMPDIR (or /tmp) that is removed again. 0, or -errno with e saying why
 * (a disk without a GPT is not an error: r->gpt stays false). */
int inspect_path(const char *path, struct inspect_result *r, struct stoat_err *e);

/* Read a state.tgz of len bytes into b's config, uuid and trouble. */
void inspect_state(const void *state, size_t len, struct inspect_bank *b);

/* Find the /system/uuid line of an esx.conf text of len bytes: the offset
 * of its first byte and its length with the newline, the value (without
 * quotes) in uuid. false when there is none. */
bool inspect_conf_uuid(const char *text, size_t len, size_t *off, size_t *n, char *uuid,
		       size_t size);

/* Whether a name in local.tgz is etc/vmware/esx.conf (with or without a
 * leading "./" or "/"). */
bool inspect_is_esx_conf(const char *name);

/* Label of a configuration kind for people, translated. */
const char *inspect_config_label(enum inspect_config c);
/* Its word in JSON: "none", "plain", "encrypted", "unreadable". */
const char *inspect_config_name(enum inspect_config c);

#endif
