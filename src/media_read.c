/* media_read.c - walk install media once: libarchive for ISO9660 and tar
 * (files or block devices), the file system for a directory; and the
 * small helpers on struct media that media.c and media_version.c share. */
#include "config.h"

#include <archive.h>
#include <archive_entry.h>
#include <dirent.h>
#include <errno.h>
#include <fcntl.h>
#include <stdarg.h>
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <sys/stat.h>
#include <unistd.h>

#include "io.h"
#include "media_priv.h"
#include "nls.h"

#define MEDIA_BLOCK (1u << 20)
#define MEDIA_MAX_DEPTH 8
/* ESXi media hold a few hundred files. A hostile ISO whose directories
 * loop makes libarchive list entries without end, and allocate for each
 * (the fuzzer found one: 6 million entries and 9 GiB in a minute). */
#define MEDIA_MAX_ENTRIES 65536

/* Normalise a stored name; -EINVAL for a ".." part. */
int media_norm_name(const char *raw, char *out, size_t size)
{
	const char *p = raw, *s;
	size_t n;

	while (*p == '/' || (p[0] == '.' && p[1] == '/'))
		p += (*p == '/') ? 1 : 2;
	n = strlen(p);
	if (n >= size)
		return -ENAMETOOLONG;
	memcpy(out, p, n + 1);
	if (n > 2 && !strcmp(out + n - 2, ";1"))
		out[n -= 2] = '\0';
	while (n && out[n - 1] == '/')
		out[--n] = '\0';
	for (s = out; *s; ) {
		const char *slash = strchr(s, '/');
		size_t len = slash ? (size_t)(slash - s) : strlen(s);

		if (len == 2 && s[0] == '.' && s[1] == '.')
			return -EINVAL;
		s += len + (slash ? 1 : 0);
	}
	return 0;
}

/* An archive being walked, and the media it is (for messages). */
struct walk_arc {
	struct archive *a;
	const char *path;
};

/* The archive broke off: say so, with libarchive's detail. */
static int walk_broken(const struct walk_arc *wa, struct stoat_err *e)
{
	const char *why = archive_error_string(wa->a);

	return err_set(e, EIO, _("%s is truncated or corrupt: %s"), wa->path,
		       why ? why : _("unknown error"));
}

/* Deliver one archive entry's data to the pass, filling holes with zeros. */
static int walk_archive_data(const struct walk_arc *wa, const struct media_pass *p,
			     struct stoat_err *e)
{
	static const char zeros[4096];
	const void *buf;
	size_t len;
	la_int64_t off, pos = 0;
	int r;

	while ((r = archive_read_data_block(wa->a, &buf, &len, &off)) == ARCHIVE_OK) {
		while (pos < off) {
			size_t z = (size_t)(off - pos) < sizeof(zeros) ? (size_t)(off - pos) : sizeof(zeros);

			if ((r = p->data(p->ctx, zeros, z, e)) < 0)
				return r;
			pos += (la_int64_t)z;
		}
		if (len && (r = p->data(p->ctx, buf, len, e)) < 0)
			return r;
		pos = off + (la_int64_t)len;
	}
	if (r != ARCHIVE_EOF)
		return walk_broken(wa, e);
	return p->end(p->ctx, e);
}

/* What a walk does with each regular file: push its bytes into a
 * media_pass, or hand it over as a stream (media_walk_pull). */
struct walk_ops {
	const struct media_pass *push;
	const struct stream_members *pull;
};

/* stream over the current archive entry's data. */
static ssize_t walk_archive_read(void *ctx, void *buf, size_t len, struct stoat_err *e)
{
	const struct walk_arc *wa = ctx;
	la_ssize_t n = archive_read_data(wa->a, buf, len);

	if (n < 0)
		return walk_broken(wa, e);
	return (ssize_t)n;
}

/* One regular archive entry: to the pass, or as a stream to the pull. */
static int walk_archive_entry(struct walk_arc *wa, const char *name, uint64_t size,
			      const struct walk_ops *w, struct stoat_err *e)
{
	struct stream s = { wa, walk_archive_read };
	int rc;

	if (w->push) {
		rc = w->push->entry(w->push->ctx, name, size, e);
		if (rc == 1)
			rc = walk_archive_data(wa, w->push, e);
		return rc;
	}
	rc = w->pull->pick(w->pull->ctx, name, size, e);
	if (rc == 1)
		rc = w->pull->use(w->pull->ctx, name, size, &s, e);
	return rc;
}

/* What a file that is not install media is. */
enum walk_kind {
	WALK_ZIP, WALK_COMPRESSED, WALK_PROGRAM, WALK_TEXT, WALK_EMPTY,
	WALK_OTHER,		/* neither ISO9660 nor tar to libarchive */
	WALK_NO_FILES,		/* read as an archive, but no entries in it */
};

/* Kinds known by their first bytes. */
static const struct {
	const char *magic;
	size_t len;
	enum walk_kind kind;
} walk_magic[] = {
	{ "PK\3\4", 4, WALK_ZIP },
	{ "PK\5\6", 4, WALK_ZIP },
	{ "\x1f\x8b", 2, WALK_COMPRESSED },		/* gzip */
	{ "\xfd" "7zXZ", 5, WALK_COMPRESSED },		/* xz */
	{ "BZh", 3, WALK_COMPRESSED },			/* bzip2 */
	{ "\x28\xb5\x2f\xfd", 4, WALK_COMPRESSED },	/* zstd */
	{ "\x7f" "ELF", 4, WALK_PROGRAM },
};

/* Say that path is a file of that kind, not install media. */
static int walk_say_kind(const char *path, enum walk_kind kind, struct stoat_err *e)
{
	switch (kind) {
	case WALK_ZIP:
		return err_set(e, EINVAL, _("%s is not ESXi install media: it is a ZIP archive; ESXi media come as an ISO image or a tar archive"),
			       path);
	case WALK_COMPRESSED:
		return err_set(e, EINVAL, _("%s is not ESXi install media: it is compressed but holds no tar archive (unpack a compressed ISO image first)"),
			       path);
	case WALK_PROGRAM:
		return err_set(e, EINVAL, _("%s is not ESXi install media: it is a program"), path);
	case WALK_TEXT:
		return err_set(e, EINVAL, _("%s is not ESXi install media: it is a text file"), path);
	case WALK_EMPTY:
		return err_set(e, EINVAL, _("%s is not ESXi install media: it is an empty file"), path);
	case WALK_NO_FILES:
		return err_set(e, ENOENT, _("%s is not ESXi install media: it holds no files"), path);
	case WALK_OTHER:
		break;
	}
	return err_set(e, EINVAL, _("%s is not ESXi install media: it is neither an ISO image nor a tar archive"),
		       path);
}

/* Whether the n bytes of head look like text: no NUL, no control
 * characters but tab, line ends and form feed. */
static bool walk_is_text(const unsigned char *head, size_t n)
{
	size_t i;

	for (i = 0; i < n; i++)
		if (!head[i] || (head[i] < 0x20 && !strchr("\t\n\r\f", head[i])))
			return false;
	return n > 0;
}

/* Say what path is, from its first bytes (def when they say nothing). */
static int walk_say_what(const char *path, enum walk_kind def, struct stoat_err *e)
{
	unsigned char head[4096];
	ssize_t n = -1;
	size_t i;
	int fd;

	if ((fd = open(path, O_RDONLY | O_CLOEXEC)) >= 0) {
		n = io_read_all(fd, head, sizeof(head));
		close(fd);
	}
	if (n == 0)
		return walk_say_kind(path, WALK_EMPTY, e);
	for (i = 0; n > 0 && i < sizeof(walk_magic) / sizeof(walk_magic[0]); i++)
		if ((size_t)n >= walk_magic[i].len && !memcmp(head, walk_magic[i].magic, walk_magic[i].len))
			return walk_say_kind(path, walk_magic[i].kind, e);
	if (n > 0 && walk_is_text(head, (size_t)n))
		return walk_say_kind(path, WALK_TEXT, e);
	return walk_say_kind(path, def, e);
}

/* libarchive cannot open path (iso: an ISO image): say why in a
 * sentence that starts with the path. */
static int walk_not_media(const char *path, struct archive *a, bool iso, struct stoat_err *e)
{
	const char *why = archive_error_string(a);
	int code = archive_errno(a);

	if (!why)
		why = _("unknown error");
	/* an error of the system, not of the format (EILSEQ: libarchive's
	 * "unrecognized or invalid format" on Linux) */
	if (code > 0 && code != EILSEQ)
		return err_set(e, code, _("%s cannot be read: %s"), path, why);
	if (iso)
		return err_set(e, EINVAL, _("%s is a damaged ISO image: %s"), path, why);
	return walk_say_what(path, WALK_OTHER, e);
}

/* Walk an archive (ISO9660, tar, compressed tar) in its own order. */
static int walk_archive(const char *path, const struct walk_ops *w,
			struct stoat_err *e)
{
	struct walk_arc wa = { NULL, path };
	struct archive_entry *ent;
	unsigned entries = 0;
	int r, rc, iso;

	/* libarchive trusts an ISO image's folder sizes: check them first */
	if ((iso = media_iso_check(path, NULL, 0, e)) < 0)
		return iso;
	if (!(wa.a = archive_read_new()))
		return err_set(e, ENOMEM, _("out of memory"));
	/* An ISO image is read as ISO9660 alone, as it is (checked above);
	 * anything else as tar, compressed or not, and never as ISO9660, so
	 * that a compressed image cannot reach libarchive unchecked. No cpio:
	 * its headers let a hostile file make libarchive allocate gigabytes. */
	if (iso) {
		archive_read_support_format_iso9660(wa.a);
	} else {
		archive_read_support_format_tar(wa.a);
		archive_read_support_format_gnutar(wa.a);
		archive_read_support_filter_all(wa.a);
	}
	if (archive_read_open_filename(wa.a, path, MEDIA_BLOCK) != ARCHIVE_OK) {
		rc = walk_not_media(path, wa.a, iso == 1, e);
		goto out;
	}
	rc = 0;
	while ((r = archive_read_next_header(wa.a, &ent)) == ARCHIVE_OK || r == ARCHIVE_WARN) {
		const char *name = archive_entry_pathname(ent);

		if (++entries > MEDIA_MAX_ENTRIES) {
			rc = err_set(e, E2BIG, _("%s is not ESXi install media: it holds more than %d entries, or its folders loop"),
				     path, MEDIA_MAX_ENTRIES);
			goto out;
		}
		if (archive_entry_filetype(ent) != AE_IFREG || !name)
			continue;
		rc = walk_archive_entry(&wa, name, (uint64_t)archive_entry_size(ent), w, e);
		if (rc < 0)
			goto out;
		rc = 0;
	}
	if (r != ARCHIVE_EOF)
		rc = walk_broken(&wa, e);
	else if (!entries && !iso)	/* zeros, or a compressed ISO image */
		rc = walk_say_what(path, WALK_NO_FILES, e);
out:
	archive_read_free(wa.a);
	return rc;
}

/* Read one file of a directory media into the pass. */
static int walk_file(const char *full, const struct media_pass *p, struct stoat_err *e)
{
	char *buf = malloc(MEDIA_BLOCK);
	int fd = open(full, O_RDONLY | O_CLOEXEC), rc = 0;
	ssize_t n;

	if (fd < 0 || !buf) {
		rc = fd < 0 ? err_set(e, errno, _("%s cannot be read: %s"), full, strerror(errno))
			    : err_set(e, ENOMEM, _("out of memory"));
		goto out;
	}
	/* Whole blocks until a short one: the end of the file. */
	while ((n = io_read_all(fd, buf, MEDIA_BLOCK)) > 0) {
		if ((rc = p->data(p->ctx, buf, (size_t)n, e)) < 0)
			goto out;
		if ((size_t)n < MEDIA_BLOCK)
			break;
	}
	if (n < 0) {
		rc = err_set(e, (int)-n, _("%s cannot be read: %s"), full, strerror((int)-n));
		goto out;
	}
	rc = p->end(p->ctx, e);
out:
	if (fd >= 0)
		close(fd);
	free(buf);
	return rc;
}

/* A file of a directory media, read as a stream. */
struct walk_fd {
	int fd;
	const char *path;
};

/* stream over a file of a directory media. */
static ssize_t walk_fd_read(void *ctx, void *buf, size_t len, struct stoat_err *e)
{
	const struct walk_fd *f = ctx;
	ssize_t n = io_read_all(f->fd, buf, len);

	if (n < 0)
		return err_set(e, (int)-n, _("%s cannot be read: %s"), f->path, strerror((int)-n));
	return n;
}

/* One regular file of a directory media: to the pass, or as a stream to
 * the pull. */
static int walk_dir_file(const char *full, const char *sub, uint64_t size,
			 const struct walk_ops *w, struct stoat_err *e)
{
	struct walk_fd f = { -1, full };
	struct stream s = { &f, walk_fd_read };
	int rc;

	if (w->push) {
		rc = w->push->entry(w->push->ctx, sub, size, e);
		return rc == 1 ? walk_file(full, w->push, e) : rc;
	}
	if ((rc = w->pull->pick(w->pull->ctx, sub, size, e)) != 1)
		return rc;
	if ((f.fd = open(full, O_RDONLY | O_CLOEXEC)) < 0)
		return err_set(e, errno, _("%s cannot be read: %s"), full, strerror(errno));
	rc = w->pull->use(w->pull->ctx, sub, size, &s, e);
	close(f.fd);
	return rc;
}

/* Walk a directory tree (sorted by name), rel being the path below root. */
static int walk_dir(const char *root, const char *rel, unsigned depth,
		    const struct walk_ops *w, struct stoat_err *e)
{
	struct dirent **list = NULL;
	char dir[8192];
	int n, i, rc = 0;

	snprintf(dir, sizeof(dir), "%s%s%s", root, *rel ? "/" : "", rel);
	if (depth > MEDIA_MAX_DEPTH)
		return 0;
	if ((n = scandir(dir, &list, NULL, alphasort)) < 0)
		return err_set(e, errno, _("%s cannot be listed: %s"), dir, strerror(errno));
	for (i = 0; i < n; i++) {
		char sub[4096], full[8192];
		struct stat st;

		if (rc < 0 || !strcmp(list[i]->d_name, ".") || !strcmp(list[i]->d_name, ".."))
			continue;
		snprintf(sub, sizeof(sub), "%s%s%s", rel, *rel ? "/" : "", list[i]->d_name);
		snprintf(full, sizeof(full), "%s/%s", root, sub);
		if (lstat(full, &st) < 0)
			continue;
		if (S_ISDIR(st.st_mode))
			rc = walk_dir(root, sub, depth + 1, w, e);
		else if (S_ISREG(st.st_mode))
			rc = walk_dir_file(full, sub, (uint64_t)st.st_size, w, e);
	}
	for (i = 0; i < n; i++)
		free(list[i]);
	free(list);
	return rc < 0 ? rc : 0;
}

/* Walk the media once: a folder tree or an archive. */
int media_walk(const char *path, bool is_dir, const struct media_pass *p,
	       struct stoat_err *e)
{
	struct walk_ops w = { p, NULL };

	return is_dir ? walk_dir(path, "", 0, &w, e) : walk_archive(path, &w, e);
}

/* Walk the media once, handing the files pick() wants to use(). */
int media_walk_pull(const char *path, bool is_dir, const struct stream_members *p,
		    struct stoat_err *e)
{
	struct walk_ops w = { NULL, p };

	return is_dir ? walk_dir(path, "", 0, &w, e) : walk_archive(path, &w, e);
}

/* Index of the entry named name (case-insensitive), or -1. */
long media_find_entry(const struct media *m, const char *name)
{
	size_t i;

	for (i = 0; i < m->n_ent; i++)
		if (!strcasecmp(m->ent[i].name, name))
			return (long)i;
	return -1;
}

/* Keep a warning with the media. */
void media_warn(struct media *m, const char *fmt, ...)
{
	va_list ap;

	if (m->n_warn >= MEDIA_MAX_WARNINGS)
		return;
	va_start(ap, fmt);
	vsnprintf(m->warn[m->n_warn++], sizeof(m->warn[0]), fmt, ap);
	va_end(ap);
}
