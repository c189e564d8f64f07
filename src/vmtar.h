/* vmtar.h - read VMware's vmtar payloads (the .v00/.t00 boot modules).
 *
 * A vmtar is tar-like: 512-byte headers (name, octal size, type; magic
 * "visor " at offset 257), but all headers come first and each file's
 * data lies at the byte offset stored little-endian (u32) at header
 * offset 0x1F0. On the media it is gzip-compressed, and newer media hold
 * xz or zstd inside the gzip; vmtar_read peels all of that through
 * libarchive (stream_unpack_open).
 *
 * The reader streams: it never holds more than one header, the list of
 * entries its caller picked, and one copy buffer. Picked entries are
 * handed over in the order of their data offsets, so a payload whose
 * offsets do not follow the header order is read in one pass all the
 * same. Refused (with a message): a stream that does not start with a
 * vmtar header, a header without the magic before the headers end, an
 * entry without a name, a size that is not octal or needs more than 32
 * bits, more than VMTAR_MAX_ENTRIES headers, a picked entry whose data
 * starts inside the headers or overlaps another picked entry, and data
 * that lies beyond the end of the stream (truncated payloads). The
 * header checksum is not checked: it protects nothing a size check does
 * not, and VMware's tools are not documented to fill it as tar does. */
#ifndef STOAT_VMTAR_H
#define STOAT_VMTAR_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "err.h"
#include "stream.h"

#define VMTAR_BLOCK 512
#define VMTAR_MAGIC_OFF 257		/* "visor " */
#define VMTAR_OFFSET_OFF 0x1F0		/* u32 LE: where the data lies */
#define VMTAR_NAME_MAX 256		/* prefix (151) + '/' + name (100) + NUL */
#define VMTAR_MAX_ENTRIES 65536		/* headers per payload */
#define VMTAR_MAX_PICKS 4096		/* entries one caller may pick */

enum vmtar_type {
	VMTAR_FILE,		/* '0' or NUL: a regular file */
	VMTAR_HARDLINK,		/* '1' */
	VMTAR_SYMLINK,		/* '2' */
	VMTAR_DIR,		/* '5' */
	VMTAR_OTHER,		/* anything else */
};

struct vmtar_entry {
	char name[VMTAR_NAME_MAX];	/* prefix "/" name, as stored */
	uint64_t size;			/* bytes of data */
	uint32_t offset;		/* where they lie in the plain payload */
	enum vmtar_type type;
	unsigned index;			/* position among the headers, from 0 */
};

/* What a caller does with the entries of one payload. pick() sees every
 * header in stored order and returns 1 to have that entry's data handed
 * to data() later, 0 to pass it, or < 0 to stop the read with that
 * value. data() gets the picked entries in the order of their offsets,
 * each with a stream of exactly its size bytes (it may read fewer: the
 * rest is skipped); < 0 stops the read. Only VMTAR_FILE entries reach
 * data(). */
struct vmtar_visit {
	void *ctx;
	int (*pick)(void *ctx, const struct vmtar_entry *ent, struct stoat_err *e);
	int (*data)(void *ctx, const struct vmtar_entry *ent, const struct stream *in,
		    struct stoat_err *e);
};

/* Whether a 512-byte block is a vmtar header (the magic at 257). */
bool vmtar_is_header(const void *block);

/* Read a plain (decompressed) payload from plain. head holds bytes
 * already read from its start (the caller peeked at them; NULL and 0 when
 * none): they count as the first bytes of the payload. */
int vmtar_parse(const struct stream *plain, const void *head, size_t head_len,
		const struct vmtar_visit *v, struct stoat_err *e);

/* Read a payload as it is stored (gzip, gzip holding xz or zstd, or
 * plain): decompress it through libarchive, then vmtar_parse it. */
int vmtar_read(const struct stream *stored, const struct vmtar_visit *v,
	       struct stoat_err *e);

/* vmtar_read on bytes in memory. */
int vmtar_read_mem(const void *buf, size_t len, const struct vmtar_visit *v,
		   struct stoat_err *e);

#endif
