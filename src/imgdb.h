/* imgdb.h - the ESXi version in the image database of install media.
 *
 * VMware's media carry their image database as imgdb.tgz (and, from 7.0,
 * imgpayld.tgz beside it): a gzip'd tar holding
 *   var/db/esximg/profiles/<name>   the image profile: <imageprofile> with
 *       <name> and a <viblist> of <vib><vib-id>Vendor_type_name_version
 *       </vib-id>...</vib>;
 *   var/db/esximg/vibs/<name>-<n>.xml   one VIB descriptor each: <vib>
 *       with <name> and <version> among its first children.
 * The ESXi version is the version of the esx-base VIB ("6.7.0-0.0.8169922",
 * "7.0.3-0.55.20328353"), whose last field is the build number. Only these few elements are read, by a small scanner that
 * tolerates what it does not know and never reads more than bounded
 * sizes; nothing else of the XML is trusted. */
#ifndef STOAT_IMGDB_H
#define STOAT_IMGDB_H

#include <stdbool.h>
#include <stddef.h>

#include "err.h"
#include "stream.h"

#define IMGDB_DOC_MAX (4u << 20)		/* bytes of one profile or descriptor read */
#define IMGDB_PLAIN_MAX (512ull << 20)		/* bytes of one unpacked archive read */
#define IMGDB_MAX_DOCS 8192			/* profiles and descriptors read */
#define IMGDB_MAX_VERSIONS 4
#define IMGDB_VERSION_MAX 64

struct imgdb {
	/* esx-base versions the image profiles list, and those of esx-base
	 * descriptors; each distinct value once */
	char listed[IMGDB_MAX_VERSIONS][IMGDB_VERSION_MAX];
	unsigned n_listed;
	char described[IMGDB_MAX_VERSIONS][IMGDB_VERSION_MAX];
	unsigned n_described;
	unsigned n_docs;			/* profiles and descriptors seen */
	char profile[128];			/* the first profile's <name>, for messages */
	char trouble[320];			/* the first archive that could not be read, and why */
};

/* Read one archive of the media (imgdb.tgz, imgpayld.tgz) named name from
 * in, adding what it says to db. 0, or -ENOMEM; an archive that is not a
 * (compressed) tar or cannot be read is noted in db->trouble, not an
 * error. */
int imgdb_scan(struct imgdb *db, const char *name, const struct stream *in,
	       struct stoat_err *e);

/* Scan one XML document (a profile or a VIB descriptor; anything else is
 * ignored) of len bytes; what imgdb_scan does with each member. */
void imgdb_parse_doc(struct imgdb *db, const char *text, size_t len);

/* The version db names: 1 with out filled; 0 when it names none; -1 when
 * it names more than one (out then holds them, comma separated). The
 * profile's list decides; descriptors only when no profile names one. */
int imgdb_version(const struct imgdb *db, char *out, size_t size);

/* Whether s is a version as VIBs write it: a digit first, then letters,
 * digits, '.', '-' and '+', at most IMGDB_VERSION_MAX - 1 of them. */
bool imgdb_version_ok(const char *s, size_t n);

#endif
