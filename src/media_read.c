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
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <sys/ioctl.h>
#include <sys/stat.h>
#include <unistd.h>
#ifdef HAVE_LINUX_FS_H
#include <linux/fs.h>
#endif

#include "io.h"
#include "le.h"
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

/* Deliver one archive entry's data to the pass, filling holes with zeros. */
static int walk_archive_data(struct archive *a, const struct media_pass *p,
			     struct stoat_err *e)
{
	static const char zeros[4096];
	const void *buf;
	size_t len;
	la_int64_t off, pos = 0;
	int r;

	while ((r = archive_read_data_block(a, &buf, &len, &off)) == ARCHIVE_OK) {
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
		return err_set(e, EIO, _("the media cannot be read (truncated or corrupt?): %s"),
			       archive_error_string(a) ? archive_error_string(a) : _("unknown error"));
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
	struct archive *a = ctx;
	la_ssize_t n = archive_read_data(a, buf, len);

	if (n < 0)
		return err_set(e, EIO, _("the media cannot be read (truncated or corrupt?): %s"),
			       archive_error_string(a) ? archive_error_string(a) : _("unknown error"));
	return (ssize_t)n;
}

/* One regular archive entry: to the pass, or as a stream to the pull. */
static int walk_archive_entry(struct archive *a, const char *name, uint64_t size,
			      const struct walk_ops *w, struct stoat_err *e)
{
	struct stream s = { a, walk_archive_read };
	int rc;

	if (w->push) {
		rc = w->push->entry(w->push->ctx, name, size, e);
		if (rc == 1)
			rc = walk_archive_data(a, w->push, e);
		return rc;
	}
	rc = w->pull->pick(w->pull->ctx, name, size, e);
	if (rc == 1)
		rc = w->pull->use(w->pull->ctx, name, size, &s, e);
	return rc;
}

/* Walk an archive (ISO9660, tar, compressed tar) in its own order. */
static int walk_archive(const char *path, const struct walk_ops *w,
			struct stoat_err *e)
{
	struct archive *a = archive_read_new();
	struct archive_entry *ent;
	unsigned entries = 0;
	int r, rc = 0;

	if (!a)
		return err_set(e, ENOMEM, _("out of memory"));
	/* ISO9660 and tar only: ESXi media come as ISO or tar/tgz, and cpio
	 * headers let a hostile file make libarchive allocate gigabytes. */
	archive_read_support_format_iso9660(a);
	archive_read_support_format_tar(a);
	archive_read_support_format_gnutar(a);
	archive_read_support_filter_all(a);
	if (archive_read_open_filename(a, path, MEDIA_BLOCK) != ARCHIVE_OK) {
		rc = err_set(e, EIO, _("cannot read the media %s: %s"), path,
			     archive_error_string(a) ? archive_error_string(a) : _("unknown error"));
		goto out;
	}
	while ((r = archive_read_next_header(a, &ent)) == ARCHIVE_OK || r == ARCHIVE_WARN) {
		const char *name = archive_entry_pathname(ent);

		if (++entries > MEDIA_MAX_ENTRIES) {
			rc = err_set(e, E2BIG, _("the media %s holds more than %d entries: it is not install media, or its folders loop"),
				     path, MEDIA_MAX_ENTRIES);
			goto out;
		}
		if (archive_entry_filetype(ent) != AE_IFREG || !name)
			continue;
		rc = walk_archive_entry(a, name, (uint64_t)archive_entry_size(ent), w, e);
		if (rc < 0)
			goto out;
		rc = 0;
	}
	if (r != ARCHIVE_EOF)
		rc = err_set(e, EIO, _("the media %s cannot be read (truncated or corrupt?): %s"), path,
			     archive_error_string(a) ? archive_error_string(a) : _("unknown error"));
out:
	archive_read_free(a);
	return rc;
}

/* Read one file of a directory media into the pass. */
static int walk_file(const char *full, const struct media_pass *p, struct stoat_err *e)
{
	char *buf = malloc(MEDIA_BLOCK);
	int fd = open(full, O_RDONLY | O_CLOEXEC), rc = 0;
	ssize_t n;

	if (fd < 0 || !buf) {
		rc = fd < 0 ? err_set(e, errno, _("cannot read %s: %s"), full, strerror(errno))
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
		rc = err_set(e, (int)-n, _("cannot read %s: %s"), full, strerror((int)-n));
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
		return err_set(e, (int)-n, _("cannot read %s: %s"), f->path, strerror((int)-n));
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
		return err_set(e, errno, _("cannot read %s: %s"), full, strerror(errno));
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
		return err_set(e, errno, _("cannot list %s: %s"), dir, strerror(errno));
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

/* Size of a regular file or block device; 0 when unknown. */
static uint64_t media_size_of(int fd)
{
	struct stat st;
	uint64_t sz = 0;

	if (fstat(fd, &st) < 0)
		return 0;
	if (S_ISREG(st.st_mode))
		return (uint64_t)st.st_size;
#ifdef BLKGETSIZE64
	if (S_ISBLK(st.st_mode) && ioctl(fd, BLKGETSIZE64, &sz) == 0)
		return sz;
#endif
	return 0;
}

/* Compare an ISO's volume size with the bytes actually there. */
int media_iso_check(const char *path, char *volid, size_t volid_size,
		    struct stoat_err *e)
{
	unsigned char pvd[2048];
	uint64_t need, have;
	int fd = open(path, O_RDONLY | O_CLOEXEC);
	size_t n;

	if (volid_size)
		volid[0] = '\0';
	if (fd < 0)
		return err_set(e, errno, _("cannot open the media %s: %s"), path, strerror(errno));
	if (io_pread_exact(fd, pvd, sizeof(pvd), 32768) < 0 ||
	    pvd[0] != 1 || memcmp(pvd + 1, "CD001", 5)) {
		close(fd);
		return 0;
	}
	have = media_size_of(fd);
	close(fd);
	/* volume space size (LE, 32 bit) x logical block size (LE, 16 bit) */
	need = (uint64_t)le32_get(pvd + 80) * le16_get(pvd + 128);
	if (have && have < need)
		return err_set(e, EIO, _("the ISO image %s is truncated: it has %llu of its %llu bytes"),
			       path, (unsigned long long)have, (unsigned long long)need);
	if (volid_size) {
		n = 32 < volid_size - 1 ? 32 : volid_size - 1;
		memcpy(volid, pvd + 40, n);
		volid[n] = '\0';
		while (n && volid[n - 1] == ' ')
			volid[--n] = '\0';
	}
	return 1;
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
