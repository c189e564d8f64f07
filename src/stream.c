/* stream.c - pull streams: whole reads, skips, memory, limits, and
 * libarchive's decompression layered on any stream. */
#include "config.h"

#include <archive.h>
#include <archive_entry.h>
#include <errno.h>
#include <stdbool.h>
#include <stdlib.h>
#include <string.h>

#include "nls.h"
#include "stream.h"

#define STREAM_CHUNK (64u << 10)

/* Read until len bytes or the end. */
ssize_t stream_read_full(const struct stream *s, void *buf, size_t len,
			 struct stoat_err *e)
{
	size_t got = 0;

	while (got < len) {
		ssize_t n = s->read(s->ctx, (unsigned char *)buf + got, len - got, e);

		if (n < 0)
			return n;
		if (n == 0)
			break;
		got += (size_t)n;
	}
	return (ssize_t)got;
}

/* Read and drop n bytes. */
int stream_skip(const struct stream *s, uint64_t n, struct stoat_err *e)
{
	unsigned char *buf;
	int rc = 0;

	if (!n)
		return 0;
	if (!(buf = malloc(STREAM_CHUNK)))
		return err_set(e, ENOMEM, _("out of memory"));
	while (n) {
		size_t want = n < STREAM_CHUNK ? (size_t)n : STREAM_CHUNK;
		ssize_t got = s->read(s->ctx, buf, want, e);

		if (got < 0) {
			rc = (int)got;
			break;
		}
		if (got == 0) {
			rc = err_set(e, EIO, _("the data ends early (truncated?)"));
			break;
		}
		n -= (uint64_t)got;
	}
	free(buf);
	return rc;
}

/* Read exactly size bytes into a new buffer. */
int stream_slurp(const struct stream *s, uint64_t size, size_t max,
		 unsigned char **out, struct stoat_err *e)
{
	unsigned char *buf;
	ssize_t got;

	*out = NULL;
	if (size > max)
		return err_set(e, EFBIG, _("%llu bytes is more than the %zu this file may have"),
			       (unsigned long long)size, max);
	if (!(buf = malloc((size_t)size + 1)))
		return err_set(e, ENOMEM, _("out of memory"));
	got = stream_read_full(s, buf, (size_t)size, e);
	if (got >= 0 && (uint64_t)got < size)
		got = err_set(e, EIO, _("the data ends early (truncated?)"));
	if (got < 0) {
		free(buf);
		return (int)got;
	}
	buf[size] = '\0';
	*out = buf;
	return 0;
}

/* stream_mem: copy from the buffer. */
static ssize_t mem_read(void *ctx, void *buf, size_t len, struct stoat_err *e)
{
	struct stream_mem *m = ctx;
	size_t n = m->len - m->pos < len ? m->len - m->pos : len;

	(void)e;
	if (n)
		memcpy(buf, m->p + m->pos, n);
	m->pos += n;
	return (ssize_t)n;
}

/* A stream over len bytes at buf. */
void stream_mem_init(struct stream_mem *m, struct stream *s, const void *buf, size_t len)
{
	m->p = buf;
	m->len = len;
	m->pos = 0;
	s->ctx = m;
	s->read = mem_read;
}

/* stream_limit: at most left bytes, and all of them. */
static ssize_t limit_read(void *ctx, void *buf, size_t len, struct stoat_err *e)
{
	struct stream_limit *l = ctx;
	ssize_t n;

	if (!l->left)
		return 0;
	if (len > l->left)
		len = (size_t)l->left;
	n = l->in->read(l->in->ctx, buf, len, e);
	if (n == 0)
		return err_set(e, EIO, _("%s ends early (truncated?)"), l->what);
	if (n > 0)
		l->left -= (uint64_t)n;
	return n;
}

/* A stream of the next limit bytes of in. */
void stream_limit_init(struct stream_limit *l, struct stream *s, const struct stream *in,
		       uint64_t limit, const char *what)
{
	l->in = in;
	l->left = limit;
	l->what = what;
	s->ctx = l;
	s->read = limit_read;
}

/* stream_cat: the head bytes first, then in. */
static ssize_t cat_read(void *ctx, void *buf, size_t len, struct stoat_err *e)
{
	struct stream_cat *c = ctx;
	size_t n = c->len - c->pos < len ? c->len - c->pos : len;

	if (!n)
		return c->in->read(c->in->ctx, buf, len, e);
	memcpy(buf, c->head + c->pos, n);
	c->pos += n;
	return (ssize_t)n;
}

/* A stream of head followed by in. */
void stream_cat_init(struct stream_cat *c, struct stream *s, const void *head, size_t len,
		     const struct stream *in)
{
	c->head = head;
	c->len = len;
	c->pos = 0;
	c->in = in;
	s->ctx = c;
	s->read = cat_read;
}

/* libarchive reading from a stream. */
struct stream_arc {
	struct archive *a;
	const struct stream *in;
	struct stoat_err in_err;	/* what the stream below said */
	bool in_failed;
	uint64_t fed;			/* bytes taken from the stream below */
	unsigned char buf[STREAM_CHUNK];
};

/* libarchive's read callback: the next chunk of the stream below. */
static la_ssize_t arc_feed(struct archive *a, void *ctx, const void **buf)
{
	struct stream_arc *s = ctx;
	ssize_t n = s->in->read(s->in->ctx, s->buf, sizeof(s->buf), &s->in_err);

	if (n < 0) {
		s->in_failed = true;
		archive_set_error(a, (int)-n, "%s", s->in_err.msg);
		return ARCHIVE_FATAL;
	}
	*buf = s->buf;
	s->fed += (uint64_t)n;
	return (la_ssize_t)n;
}

/* The error of the last libarchive call, or of the stream below it. */
static int arc_error(struct stream_arc *s, const char *what, struct stoat_err *e)
{
	const char *why = archive_error_string(s->a);

	if (s->in_failed) {
		if (e)
			*e = s->in_err;
		return -(s->in_err.code ? s->in_err.code : EIO);
	}
	return err_set(e, EIO, "%s: %s", what, why ? why : _("unknown error"));
}

/* Start reading in through s->a (formats and filters already chosen). */
static int arc_open(struct stream_arc *s, const struct stream *in, const char *what,
		    struct stoat_err *e)
{
	s->in = in;
	if (archive_read_open(s->a, s, NULL, arc_feed, NULL) != ARCHIVE_OK)
		return arc_error(s, what, e);
	return 0;
}

struct stream_unpack {
	struct stream_arc arc;
	bool eof;
	uint64_t out;
};

/* stream of the decompressed bytes. */
static ssize_t unpack_read(void *ctx, void *buf, size_t len, struct stoat_err *e)
{
	struct stream_unpack *u = ctx;
	la_ssize_t n;

	if (u->eof)
		return 0;
	n = archive_read_data(u->arc.a, buf, len);
	if (n < 0)
		return arc_error(&u->arc, _("cannot decompress"), e);
	u->out += (uint64_t)n;
	if (u->out > STREAM_UNPACK_MAX)
		return err_set(e, EFBIG, _("it unpacks to more than %llu GiB; refusing it"),
			       STREAM_UNPACK_MAX >> 30);
	return (ssize_t)n;
}

/* Open the decompressed view of in. */
int stream_unpack_open(const struct stream *in, struct stream_unpack **out,
		       struct stream *plain, struct stoat_err *e)
{
	struct stream_unpack *u = calloc(1, sizeof(*u));
	struct archive_entry *ent;
	int r, rc;

	*out = NULL;
	if (!u || !(u->arc.a = archive_read_new())) {
		free(u);
		return err_set(e, ENOMEM, _("out of memory"));
	}
	archive_read_support_filter_gzip(u->arc.a);
	archive_read_support_filter_xz(u->arc.a);
	archive_read_support_filter_lzma(u->arc.a);
	archive_read_support_filter_zstd(u->arc.a);
	archive_read_support_filter_bzip2(u->arc.a);
	archive_read_support_format_raw(u->arc.a);
	rc = arc_open(&u->arc, in, _("cannot decompress"), e);
	r = rc < 0 ? ARCHIVE_FATAL : archive_read_next_header(u->arc.a, &ent);
	/* libarchive knows no format for nothing at all: empty is empty. */
	if (r == ARCHIVE_EOF || (r == ARCHIVE_FATAL && !u->arc.fed && !u->arc.in_failed)) {
		u->eof = true;
	} else if (r != ARCHIVE_OK && r != ARCHIVE_WARN) {
		rc = arc_error(&u->arc, _("cannot decompress"), e);
		stream_unpack_close(u);
		return rc;
	}
	plain->ctx = u;
	plain->read = unpack_read;
	*out = u;
	return 0;
}

/* Free the decompressor (the stream below stays). */
void stream_unpack_close(struct stream_unpack *u)
{
	if (!u)
		return;
	archive_read_free(u->arc.a);
	free(u);
}

/* stream over the current tar member. */
static ssize_t tar_member_read(void *ctx, void *buf, size_t len, struct stoat_err *e)
{
	struct stream_arc *s = ctx;
	la_ssize_t n = archive_read_data(s->a, buf, len);

	if (n < 0)
		return arc_error(s, _("the tar archive cannot be read"), e);
	return (ssize_t)n;
}

/* Walk the regular files of a plain tar archive. */
int stream_tar_walk(const struct stream *plain, const struct stream_members *m,
		    struct stoat_err *e)
{
	struct stream_arc *s = calloc(1, sizeof(*s));
	struct stream member = { s, tar_member_read };
	struct archive_entry *ent;
	unsigned entries = 0;
	int r, rc;

	if (!s || !(s->a = archive_read_new())) {
		free(s);
		return err_set(e, ENOMEM, _("out of memory"));
	}
	archive_read_support_format_tar(s->a);
	archive_read_support_format_gnutar(s->a);
	if ((rc = arc_open(s, plain, _("the tar archive cannot be read"), e)) < 0)
		goto out;
	while ((r = archive_read_next_header(s->a, &ent)) == ARCHIVE_OK || r == ARCHIVE_WARN) {
		const char *name = archive_entry_pathname(ent);
		uint64_t size = (uint64_t)archive_entry_size(ent);

		if (++entries > STREAM_TAR_MAX_ENTRIES) {
			rc = err_set(e, E2BIG, _("the tar archive has more than %d entries"),
				     STREAM_TAR_MAX_ENTRIES);
			goto out;
		}
		if (archive_entry_filetype(ent) != AE_IFREG || !name)
			continue;
		if ((rc = m->pick(m->ctx, name, size, e)) == 1)
			rc = m->use(m->ctx, name, size, &member, e);
		if (rc < 0)
			goto out;
	}
	rc = r == ARCHIVE_EOF ? 0 : arc_error(s, _("the tar archive cannot be read"), e);
out:
	archive_read_free(s->a);
	free(s);
	return rc;
}
