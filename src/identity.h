/* identity.h - make a copy of an ESXi disk safe to boot beside the
 * original: remove the host's system UUID from the configuration on every
 * valid boot bank (ESXi makes a new one at the next boot), and remove the
 * VMFS datastore partition from the copy's table.
 *
 * The UUID is the line `/system/uuid = "..."` of etc/vmware/esx.conf in
 * local.tgz in state.tgz on the boot bank. Both archives are rewritten
 * with libarchive: every other entry, its metadata and every other byte
 * of content stay as they were. The new state.tgz is written under a
 * temporary name, read back, and renamed over the old one, so that the
 * bank's boot.cfg never names a half-written state.tgz. Encrypted
 * configuration (ESXi 7.0 U2 and later: local.tgz.ve and encryption.info)
 * cannot be edited this way and is refused. */
#ifndef STOAT_IDENTITY_H
#define STOAT_IDENTITY_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "err.h"
#include "inspect.h"
#include "sbuf.h"

struct identity_opts {
	const char *device;	/* the copy: a block device or image file */
	bool new_identity;	/* remove the system UUID */
	bool drop_datastore;	/* remove the VMFS partitions from the table */
};

struct identity_bank {
	unsigned num;		/* 5 or 6 */
	bool changed;		/* state.tgz rewritten without the UUID */
	char uuid[128];		/* the UUID removed */
	enum inspect_config config;
	uint64_t before, after;	/* bytes of state.tgz */
};

struct identity_result {
	unsigned n_banks;	/* valid boot banks looked at */
	struct identity_bank bank[2];
	unsigned n_dropped;
	unsigned dropped[INSPECT_MAX_PARTS];	/* partition numbers removed */
	uint64_t dropped_bytes[INSPECT_MAX_PARTS];
};

/* Whether what r found (the image, before anything is written) can be
 * made safe as o asks: 0, or -EPERM for encrypted configuration, -EINVAL
 * when there is no GPT or a valid bank's configuration cannot be read;
 * e says why. */
int identity_check(const struct inspect_result *r, const struct identity_opts *o,
		   struct stoat_err *e);

/* The image to be flashed, as identity_prepare found it. */
struct identity_image {
	bool via_temp;		/* compressed: unpacked to a temporary file */
	char filter[32];	/* its compression */
	unsigned n_vmfs;	/* VMFS datastore partitions in its table */
	unsigned vmfs[INSPECT_MAX_PARTS];	/* their numbers */
	uint64_t vmfs_bytes[INSPECT_MAX_PARTS];
};

/* Before a flash with o: inspect the image file (inspect_path), refuse
 * what cannot be made safe (identity_check) and list the datastores the
 * copy would carry. 0, or -errno with e saying why. */
int identity_prepare(const char *image, const struct identity_opts *o,
		     struct identity_image *im, struct stoat_err *e);

/* What identity_apply did to boot bank b, a translated sentence. */
void identity_bank_text(const struct identity_bank *b, char *buf, size_t size);

/* Do it on o->device (checked again first). */
int identity_apply(const struct identity_opts *o, struct identity_result *res,
		   struct stoat_err *e);

/* state.tgz of len bytes without the UUID line, into out (started
 * afresh; the caller frees out->p). 1 when the line was removed (its
 * value in uuid), 0 when there was none (out is then empty), or -errno. */
int identity_strip(const void *state, size_t len, struct sbuf *out, char *uuid, size_t size,
		   struct stoat_err *e);

#endif
