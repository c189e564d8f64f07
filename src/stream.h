/* stream.h - pull streams of bytes, and libarchive's decompression on top.
 *
 * Boot-loader files hide inside payloads inside archives on the media
 * (an ISO holding btldr.v00: gzip holding xz holding a vmtar). Each layer
 * reads the one below through a struct stream, so nothing is unpacked to
 * disk and at most one buffer per layer is held. */
#ifndef STOAT_STREAM_H
#define STOAT_STREAM_H

#include <stddef.h>
#include <stdint.h>
#include <sys/types.h>

#include "err.h"

/* A source of bytes. read() fills up to len bytes of buf and returns the
 * count, 0 at the end, or -errno with e filled. */
struct stream {
	void *ctx;
	ssize_t (*read)(void *ctx, void *buf, size_t len, struct stoat_err *e);
};

/* Read until len bytes or the end: the count (short only at the end) or
 * -errno. */
ssize_t stream_read_full(const struct stream *s, void *buf, size_t len,
			 struct stoat_err *e);

/* Read and drop n bytes: 0, -EIO when the stream ends first (e says so),
 * or -errno. */
int stream_skip(const struct stream *s, uint64_t n, struct stoat_err *e);

/* Read exactly size bytes into a malloc'd buffer (one NUL byte added
 * after them). -EFBIG without reading when size > max; -EIO when the
 * stream ends first. */
int stream_slurp(const struct stream *s, uint64_t size, size_t max,
		 unsigned char **out, struct stoat_err *e);

/* A stream over bytes in memory. */
struct stream_mem {
	const unsigned char *p;
	size_t len, pos;
};
void stream_mem_init(struct stream_mem *m, struct stream *s, const void *buf, size_t len);

/* A stream that yields at most limit bytes of another one, and says
 * -EIO ("ends early") when the other ends before limit. what names the
 * bytes in that message. */
struct stream_limit {
	const struct stream *in;
	uint64_t left;
	const char *what;
};
void stream_limit_init(struct stream_limit *l, struct stream *s, const struct stream *in,
		       uint64_t limit, const char *what);

/* A stream that first yields head (len bytes), then the rest of in. */
struct stream_cat {
	const unsigned char *head;
	size_t len, pos;
	const struct stream *in;
};
void stream_cat_init(struct stream_cat *c, struct stream *s, const void *head, size_t len,
		     const struct stream *in);

/* What a walk over an archive's members does with each regular file:
 * pick() returns 1 to have it handed to use() as a stream, 0 to pass it,
 * < 0 to stop the walk with that value. use() reads as much as it likes
 * (the rest is skipped) and returns 0, or < 0 to stop. Names are as
 * stored in the archive. */
struct stream_members {
	void *ctx;
	int (*pick)(void *ctx, const char *name, uint64_t size, struct stoat_err *e);
	int (*use)(void *ctx, const char *name, uint64_t size, const struct stream *in,
		   struct stoat_err *e);
};

/* Walk a plain (decompressed) tar archive read from plain with libarchive
 * (ustar, pax, GNU tar), at most STREAM_TAR_MAX_ENTRIES entries. */
#define STREAM_TAR_MAX_ENTRIES 65536
int stream_tar_walk(const struct stream *plain, const struct stream_members *m,
		    struct stoat_err *e);

/* Decompress in through libarchive (raw format): gzip, xz, lzma, zstd and
 * bzip2, layer after layer as deep as they go (gzip holding xz comes out
 * plain); bytes that are not compressed come out as they are. Filters
 * that would run an external program (lrzip, lzop, grzip) are left out
 * on purpose: a payload must not choose what runs. At most
 * STREAM_UNPACK_MAX bytes come out (-EFBIG after that). */
#define STREAM_UNPACK_MAX (8ull << 30)
struct stream_unpack;
int stream_unpack_open(const struct stream *in, struct stream_unpack **out,
		       struct stream *plain, struct stoat_err *e);
void stream_unpack_close(struct stream_unpack *u);

#endif
