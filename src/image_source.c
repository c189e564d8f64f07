/* image_source.c - read an image file, raw or compressed, as one stream.
 *
 * The compression is found by content: libarchive's raw format with every
 * filter. An uncompressed image is then read directly, which is faster than
 * going through libarchive's copies. */
#include "config.h"

#include <archive.h>
#include <archive_entry.h>
#include <ctype.h>
#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/ioctl.h>
#include <sys/stat.h>
#include <unistd.h>
#ifdef HAVE_LINUX_FS_H
#include <linux/fs.h>
#endif

#include "crc32.h"
#include "image_priv.h"
#include "io.h"
#include "le.h"
#include "nls.h"

/* libarchive does not check gzip's trailer: compare CRC-32 and size with
 * the last eight bytes of the file (one gzip member, as gzip writes). */
static int gzip_check(struct image_source *s, struct stoat_err *e)
{
	unsigned char t[8];
	uint32_t crc, size;

	int rc = io_pread_exact(s->fd, t, 8, s->file_size - 8);

	if (rc < 0)
		return err_set(e, -rc, _("cannot read the image %s: %s"), s->path, strerror(-rc));
	crc = le32_get(t);
	size = le32_get(t + 4);
	if (crc != crc32_value(&s->crc) || size != (uint32_t)s->pos)
		return err_set(e, EINVAL, _("the image %s is damaged (its gzip checksum does not match the data)"),
			       s->path);
	return 0;
}

/* Open path and find out whether (and how) it is compressed. */
int image_source_open(struct image_source *s, const char *path, struct stoat_err *e)
{
	struct archive_entry *ent;
	struct stat st;
	int r;

	memset(s, 0, sizeof(*s));
	s->fd = -1;
	snprintf(s->path, sizeof(s->path), "%s", path);
	s->fd = open(path, O_RDONLY | O_CLOEXEC);
	if (s->fd < 0)
		return err_set(e, errno, _("cannot open the image %s: %s"), path, strerror(errno));
	if (fstat(s->fd, &st) < 0 || S_ISDIR(st.st_mode)) {
		image_source_close(s);
		return err_set(e, EISDIR, _("%s is a directory, not an image file"), path);
	}
	s->file_size = (uint64_t)st.st_size;
#ifdef BLKGETSIZE64
	if (S_ISBLK(st.st_mode) && ioctl(s->fd, BLKGETSIZE64, &s->file_size) < 0)
		s->file_size = 0;
#endif
	s->ar = archive_read_new();
	if (!s->ar) {
		image_source_close(s);
		return err_set(e, ENOMEM, _("out of memory"));
	}
	archive_read_support_filter_all(s->ar);
	archive_read_support_format_raw(s->ar);
	r = archive_read_open_fd(s->ar, s->fd, IMAGE_MIB);
	if (r == ARCHIVE_OK)
		r = archive_read_next_header(s->ar, &ent);
	if (r == ARCHIVE_EOF || (r == ARCHIVE_OK && s->file_size == 0 && S_ISREG(st.st_mode))) {
		image_source_close(s);
		return err_set(e, EINVAL, _("the image %s is empty"), path);
	}
	if (r < ARCHIVE_WARN) {
		r = err_set(e, EINVAL, _("cannot read the image %s: %s"), path,
			    archive_error_string(s->ar) ? archive_error_string(s->ar) : strerror(EIO));
		image_source_close(s);
		return r;
	}
	if (archive_filter_code(s->ar, 0) == ARCHIVE_FILTER_NONE) {
		archive_read_free(s->ar);
		s->ar = NULL;
		snprintf(s->filter, sizeof(s->filter), "none");
		posix_fadvise(s->fd, 0, 0, POSIX_FADV_SEQUENTIAL);
		return 0;
	}
	s->compressed = true;
	s->filter_code = archive_filter_code(s->ar, 0);
	s->layers = archive_filter_count(s->ar) - 1;
	if (archive_filter_code(s->ar, 0) == ARCHIVE_FILTER_GZIP && archive_filter_count(s->ar) == 2 &&
	    s->file_size >= 18) {
		s->gzip = true;
		crc32_init(&s->crc);
	}
	snprintf(s->filter, sizeof(s->filter), "%s", archive_filter_name(s->ar, 0));
	return 0;
}

/* Close whatever is open. */
void image_source_close(struct image_source *s)
{
	if (s->ar)
		archive_read_free(s->ar);
	s->ar = NULL;
	if (s->fd >= 0)
		close(s->fd);
	s->fd = -1;
}

/* Fill one buffer with the next piece of the uncompressed stream. */
int image_source_fill(void *ctx, struct image_buf *b, struct stoat_err *e)
{
	struct image_source *s = ctx;
	size_t n = 0;
	ssize_t got;

	if (!s->ar) {
		if ((got = io_pread_all(s->fd, b->data, IMAGE_BUF_SIZE, s->pos)) < 0)
			return err_set(e, (int)-got, _("cannot read the image %s: %s"), s->path,
				       strerror((int)-got));
		n = (size_t)got;
	}
	while (s->ar && n < IMAGE_BUF_SIZE) {
		got = archive_read_data(s->ar, b->data + n, IMAGE_BUF_SIZE - n);
		if (got == 0)
			break;
		if (got < 0)
			return err_set(e, EINVAL, _("the image %s is damaged or truncated (%s)"),
				       s->path, archive_error_string(s->ar) ? archive_error_string(s->ar) : _("read error"));
		n += (size_t)got;
	}
	if (s->hash && n)
		sha256_update(&s->sha, n, b->data);
	if (s->gzip && n)
		crc32_update(&s->crc, b->data, n);
	if (s->gzip && !n && !s->ended) {
		int rc = gzip_check(s, e);

		if (rc < 0)
			return rc;
	}
	if (!n)
		s->ended = true;
	b->len = n;
	s->pos += n;
	b->in_pos = s->ar ? (uint64_t)archive_filter_bytes(s->ar, -1) : s->pos;
	return 0;
}

/* The first len bytes (or fewer, at the end) of a fresh source's stream. */
int image_source_head(struct image_source *s, unsigned char *buf, size_t len, size_t *got,
		      struct stoat_err *e)
{
	ssize_t n;

	*got = 0;
	if (!s->ar) {
		if ((n = io_pread_all(s->fd, buf, len, 0)) < 0)
			return err_set(e, (int)-n, _("cannot read the image %s: %s"), s->path,
				       strerror((int)-n));
		*got = (size_t)n;
		return 0;
	}
	while (*got < len && (n = archive_read_data(s->ar, buf + *got, len - *got)) != 0) {
		if (n < 0)
			return err_set(e, EINVAL, _("the image %s is damaged or truncated (%s)"),
				       s->path, archive_error_string(s->ar) ? archive_error_string(s->ar) : _("read error"));
		*got += (size_t)n;
	}
	return 0;
}

/* Read PATH.sha256 when it holds the digest of the uncompressed stream: a
 * sha256sum line naming "-" (any image) or the file itself (raw only). */
int image_sidecar_read(const char *path, bool compressed, char hex[65])
{
	char name[4200], line[4400], *p, *fname;
	const char *base = strrchr(path, '/') ? strrchr(path, '/') + 1 : path;
	FILE *f;
	int i;

	snprintf(name, sizeof(name), "%s.sha256", path);
	f = fopen(name, "re");
	if (!f)
		return 0;
	p = fgets(line, sizeof(line), f);
	fclose(f);
	if (!p)
		return 0;
	line[strcspn(line, "\r\n")] = '\0';
	for (i = 0; i < 64; i++) {
		if (!isxdigit((unsigned char)line[i]))
			return 0;
		hex[i] = (char)tolower((unsigned char)line[i]);
	}
	hex[64] = '\0';
	if (line[64] != ' ' || (line[65] != ' ' && line[65] != '*'))
		return 0;
	fname = line + 66;
	if (!strcmp(fname, "-"))
		return 1;
	return !compressed && !strcmp(fname, base);
}

/* Zero runs this long are left as holes in image_plain's temporary file. */
#define IMAGE_PLAIN_HOLE (64u << 10)

/* Whether len bytes are all zero. */
static bool plain_zero(const unsigned char *p, size_t len)
{
	return len == 0 || (p[0] == 0 && !memcmp(p, p + 1, len - 1));
}

/* Stream a compressed image into the sparse file fd: zero runs of
 * IMAGE_PLAIN_HOLE bytes are skipped. */
static int plain_unpack(struct image_source *src, int fd, uint64_t *size, struct stoat_err *e)
{
	struct image_buf b = { 0 };
	uint64_t pos = 0;
	size_t off;
	int rc;

	if (!(b.data = malloc(IMAGE_BUF_SIZE)))
		return err_set(e, ENOMEM, _("out of memory"));
	while ((rc = image_source_fill(src, &b, e)) == 0 && b.len) {
		for (off = 0; off < b.len; off += IMAGE_PLAIN_HOLE) {
			size_t n = b.len - off < IMAGE_PLAIN_HOLE ? b.len - off : IMAGE_PLAIN_HOLE;

			if (!plain_zero(b.data + off, n) &&
			    (rc = io_pwrite_all(fd, b.data + off, n, pos + off)) < 0) {
				rc = err_set(e, -rc, _("cannot write the temporary file: %s"), strerror(-rc));
				break;
			}
		}
		if (rc < 0)
			break;
		pos += b.len;
	}
	free(b.data);
	if (rc == 0 && ftruncate(fd, (off_t)pos) < 0)
		rc = err_set(e, errno, _("cannot write the temporary file: %s"), strerror(errno));
	*size = pos;
	return rc;
}

/* Open path as plain bytes (see image.h). p's filter, size and via_temp
 * are filled as far as known even when it fails. */
int image_plain_open(const char *path, struct image_plain *p, struct stoat_err *e)
{
	struct image_source src;
	const char *tmp = getenv("TMPDIR");
	int rc;

	memset(p, 0, sizeof(*p));
	p->fd = -1;
	if ((rc = image_source_open(&src, path, e)) < 0)
		return rc;
	snprintf(p->filter, sizeof(p->filter), "%s", src.filter);
	if (!src.compressed) {
		/* the source's own descriptor; its reader is already gone */
		p->fd = src.fd;
		src.fd = -1;
		p->size = src.file_size;
		snprintf(p->name, sizeof(p->name), "%s", path);
		image_source_close(&src);
		return 0;
	}
	snprintf(p->name, sizeof(p->name), "%s/stoat-inspect.XXXXXX", tmp && *tmp ? tmp : "/tmp");
	if ((p->fd = mkstemp(p->name)) < 0) {
		rc = err_set(e, errno, _("cannot make a temporary file in %s: %s"), tmp && *tmp ? tmp : "/tmp",
			     strerror(errno));
		image_source_close(&src);
		return rc;
	}
	p->via_temp = true;
	rc = plain_unpack(&src, p->fd, &p->size, e);
	image_source_close(&src);
	if (rc < 0)
		image_plain_close(p);
	return rc;
}

/* Close the descriptor; remove the temporary file if there is one. */
void image_plain_close(struct image_plain *p)
{
	if (p->fd >= 0)
		close(p->fd);
	p->fd = -1;
	if (p->via_temp && p->name[0])
		unlink(p->name);
	p->name[0] = '\0';
}
