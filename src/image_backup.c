/* image_backup.c - save a whole device (or its used part) as an image file.
 *
 * A reader thread reads the device with large O_DIRECT reads and hashes the
 * stream; this thread compresses with libarchive's raw writer (or writes a
 * sparse raw file) into a temporary file beside IMAGE. The temporary file is
 * synced, optionally read back and checked, and only then renamed, so IMAGE
 * is either the old file or the complete new one. IMAGE.sha256 is written the
 * same way, in sha256sum's format. */
#include "config.h"

#include <archive.h>
#include <archive_entry.h>
#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "digest.h"
#include "gpt.h"
#include "image_priv.h"
#include "io.h"
#include "le.h"
#include "nls.h"

static const struct {
	const char *ext;
	enum image_compression comp;
} comp_exts[] = {
	{ ".zst", IMAGE_ZSTD }, { ".zstd", IMAGE_ZSTD }, { ".xz", IMAGE_XZ },
	{ ".gz", IMAGE_GZIP }, { ".bz2", IMAGE_BZIP2 }, { ".img", IMAGE_RAW },
	{ ".raw", IMAGE_RAW }, { ".bin", IMAGE_RAW }, { ".dd", IMAGE_RAW },
};

/* The compression an image name asks for (zstd when it says nothing). */
enum image_compression image_compression_for(const char *name)
{
	size_t len = strlen(name), i;

	for (i = 0; i < sizeof(comp_exts) / sizeof(comp_exts[0]); i++) {
		size_t el = strlen(comp_exts[i].ext);

		if (len > el && !strcasecmp(name + len - el, comp_exts[i].ext))
			return comp_exts[i].comp;
	}
	return IMAGE_ZSTD;
}

/* A short name for a compression. */
const char *image_compression_name(enum image_compression c)
{
	static const char *const names[] = { "raw", "zstd", "xz", "gzip", "bzip2" };

	return (unsigned)c < sizeof(names) / sizeof(names[0]) ? names[c] : "?";
}

/* The end of the last GPT partition in bytes, read with sectors of ss
 * bytes through gpt_read (header and entry CRCs checked): 1 and *end when
 * there is a GPT (*end 0 when it holds no partition), 0 when LBA 1 holds
 * no GPT header, or -errno when the table is damaged or unreadable. */
static int gpt_end(int fd, unsigned ss, uint64_t size, uint64_t *end)
{
	struct gpt_table *t;
	struct stoat_err ignore;
	int rc;

	*end = 0;
	if (size < 2ull * ss)
		return 0;	/* too small to hold a header at this size */
	if (!(t = malloc(sizeof(*t))))
		return -ENOMEM;
	rc = gpt_read(fd, ss, t, &ignore);
	if (rc == 0 && t->end_lba)
		*end = (t->end_lba + 1) * ss;
	free(t);
	if (rc == -ENOENT)
		return 0;
	return rc < 0 ? rc : 1;
}

/* Bytes up to the end of the last partition, from a GPT or an MBR. */
static int used_size(struct image_dev *d, uint64_t *out, struct stoat_err *e)
{
	unsigned char mbr[512];
	unsigned sizes[2] = { d->lsec, d->lsec == 512 ? 4096 : 512 };
	uint64_t end = 0;
	int i, rc = 0;
	bool protective = false;

	image_set_direct(d, false);
	for (i = 0; i < 2 && rc == 0; i++)
		rc = gpt_end(d->fd, sizes[i], d->size, &end);
	if (rc < 0)
		return err_set(e, -rc, _("the GPT on %s cannot be read; back up the whole device without --used"),
			       d->info.path);
	if (rc == 0) {
		if (io_pread_exact(d->fd, mbr, sizeof(mbr), 0) < 0 ||
		    mbr[510] != 0x55 || mbr[511] != 0xaa)
			return err_set(e, EINVAL, _("%s has no partition table; back up the whole device without --used"),
				       d->info.path);
		for (i = 0; i < 4; i++) {
			const unsigned char *p = mbr + 446 + 16 * i;
			uint64_t pe = ((uint64_t)le32_get(p + 8) + le32_get(p + 12)) * d->lsec;

			protective |= p[4] == 0xee;
			if (p[4] && le32_get(p + 12) && pe > end)
				end = pe;
		}
		if (protective || end == 0)
			return err_set(e, EINVAL, _("%s has no readable partitions; back up the whole device without --used"),
				       d->info.path);
	}
	*out = end < d->size ? end : d->size;
	return 0;
}

struct backup_reader {
	struct image_dev *dev;
	uint64_t size, pos;
	struct sha256_ctx sha;
	const char *path;
};

/* image_fill_fn: the next piece of the device, hashed on the way. */
static int backup_fill(void *ctx, struct image_buf *b, struct stoat_err *e)
{
	struct backup_reader *r = ctx;
	size_t len = r->size - r->pos < IMAGE_BUF_SIZE ? (size_t)(r->size - r->pos) : IMAGE_BUF_SIZE;
	size_t want = r->dev->direct ? (len + IMAGE_ALIGN - 1) / IMAGE_ALIGN * IMAGE_ALIGN : len;
	ssize_t got;

	if (!len) {
		b->len = 0;
		return 0;
	}
	got = io_pread_all(r->dev->fd, b->data, want, r->pos);
	if (got < 0)
		return err_set(e, (int)-got, _("reading %s failed: %s"), r->path, strerror((int)-got));
	if ((size_t)got < len)
		return err_set(e, EIO, _("%s ended early, at byte %llu"), r->path,
			       (unsigned long long)r->pos + (unsigned long long)got);
	sha256_update(&r->sha, len, b->data);
	b->len = len;
	r->pos += len;
	b->in_pos = r->pos;
	return 0;
}

/* Open a libarchive raw writer with the compression's filter on fd. */
static struct archive *backup_writer(int fd, enum image_compression c, uint64_t size)
{
	struct archive *a = archive_write_new();
	struct archive_entry *ent;
	char threads[16];
	int r = ARCHIVE_FATAL;

	if (!a)
		return NULL;
	switch (c) {
	case IMAGE_ZSTD: r = archive_write_add_filter_zstd(a); break;
	case IMAGE_XZ: r = archive_write_add_filter_xz(a); break;
	case IMAGE_GZIP: r = archive_write_add_filter_gzip(a); break;
	case IMAGE_BZIP2: r = archive_write_add_filter_bzip2(a); break;
	case IMAGE_RAW: break;
	}
	/* Use every CPU; xz at level 1, as its default (6) takes hours for a
	 * flash device and hundreds of MiB per thread. */
	snprintf(threads, sizeof(threads), "%ld", sysconf(_SC_NPROCESSORS_ONLN));
	if (c == IMAGE_ZSTD || c == IMAGE_XZ)
		archive_write_set_filter_option(a, NULL, "threads", threads);
	if (c == IMAGE_XZ)
		archive_write_set_filter_option(a, NULL, "compression-level", "1");
	if (r == ARCHIVE_OK)
		r = archive_write_set_format_raw(a);
	if (r == ARCHIVE_OK)
		r = archive_write_set_bytes_in_last_block(a, 1);
	if (r == ARCHIVE_OK)
		r = archive_write_open_fd(a, fd);
	if (r == ARCHIVE_OK && (ent = archive_entry_new())) {
		archive_entry_set_pathname(ent, "image");
		archive_entry_set_filetype(ent, AE_IFREG);
		archive_entry_set_perm(ent, 0644);
		archive_entry_set_size(ent, (la_int64_t)size);
		r = archive_write_header(a, ent);
		archive_entry_free(ent);
	}
	if (r != ARCHIVE_OK) {
		archive_write_free(a);
		return NULL;
	}
	return a;
}

struct backup {
	const struct image_backup_opts *o;
	const struct image_cb *cb;
	struct image_dev dev;
	char tmp[4200];
	int tfd;
	struct image_meter meter;
};

/* Progress, at most four times a second unless forced. */
static void backup_report(struct backup *b, enum image_stage st, uint64_t done,
			  uint64_t total, bool force)
{
	struct image_progress p = { st, done, total, done, total, 0, -1 };

	image_report(b->cb, &b->meter, &p, force);
}

/* Has the front end asked to stop? Then e says so and ECANCELED. */
static int backup_stopped(struct backup *bk, struct stoat_err *e)
{
	if (!image_cancelled(bk->cb))
		return 0;
	return err_set(e, ECANCELED, _("stopped on request; no image was saved as %s"), bk->o->image);
}

/* Read the device into the open temporary file; the stream's digest out. */
static int backup_copy(struct backup *bk, uint64_t size, enum image_compression c,
		       char hex[65], struct stoat_err *e)
{
	struct backup_reader rd;
	struct image_ring ring;
	struct image_buf *b;
	struct archive *a = NULL;
	unsigned char dig[SHA256_DIGEST_SIZE];
	int rc;

	memset(&rd, 0, sizeof(rd));
	rd.dev = &bk->dev;
	rd.size = size;
	rd.path = bk->o->device;
	sha256_init(&rd.sha);
	if (c != IMAGE_RAW && !(a = backup_writer(bk->tfd, c, size)))
		return err_set(e, EIO, _("cannot start %s compression"), image_compression_name(c));
	image_meter_begin(&bk->meter, IMAGE_READ, pace_now());
	if ((rc = image_ring_start(&ring, backup_fill, &rd, e)) < 0) {
		archive_write_free(a);
		return rc;
	}
	while ((rc = backup_stopped(bk, e)) == 0 && (rc = image_ring_get(&ring, &b, e)) == 0 && b) {
		if (a) {
			la_ssize_t w = archive_write_data(a, b->data, b->len);

			if (w < 0 || (size_t)w != b->len)
				rc = err_set(e, EIO, _("writing %s failed: %s"), bk->o->image,
					     archive_error_string(a) ? archive_error_string(a) : strerror(EIO));
		} else {
			size_t i;

			/* A fresh file reads zeros where nothing is written. */
			for (i = 0; i < b->len && rc == 0; i += 65536) {
				size_t n = b->len - i < 65536 ? b->len - i : 65536;
				const unsigned char *p = b->data + i;

				if (p[0] == 0 && !memcmp(p, p + 1, n - 1))
					continue;
				if ((rc = io_pwrite_all(bk->tfd, p, n, b->offset + i)) < 0)
					rc = err_set(e, -rc, _("writing %s failed: %s"), bk->o->image,
						     strerror(-rc));
			}
		}
		if (rc < 0)
			break;
		backup_report(bk, IMAGE_READ, b->offset + b->len, size, false);
		image_ring_put(&ring);
	}
	image_ring_end(&ring);
	if (a) {
		if (rc == 0 && archive_write_close(a) != ARCHIVE_OK)
			rc = err_set(e, EIO, _("writing %s failed: %s"), bk->o->image,
				     archive_error_string(a) ? archive_error_string(a) : strerror(EIO));
		archive_write_free(a);
	} else if (rc == 0 && ftruncate(bk->tfd, (off_t)size) < 0) {
		rc = err_set(e, errno, _("writing %s failed: %s"), bk->o->image, strerror(errno));
	}
	if (rc == 0 && fsync(bk->tfd) < 0)
		rc = err_set(e, errno, _("writing %s failed: %s"), bk->o->image, strerror(errno));
	if (rc < 0)
		return rc;
	backup_report(bk, IMAGE_READ, size, size, true);
	sha256_digest(&rd.sha, SHA256_DIGEST_SIZE, dig);
	digest_hex(dig, hex);
	return 0;
}

/* Decompress the written temporary file and compare size and digest. */
static int backup_verify(struct backup *bk, uint64_t size, const char *hex, struct stoat_err *e)
{
	struct image_source src;
	struct image_ring ring;
	struct image_buf *b;
	unsigned char dig[SHA256_DIGEST_SIZE];
	char got[DIGEST_HEX_SIZE];
	uint64_t n = 0;
	int rc;

	if ((rc = image_source_open(&src, bk->tmp, e)) < 0)
		return rc;
	src.hash = true;
	sha256_init(&src.sha);
	image_meter_begin(&bk->meter, IMAGE_VERIFY, pace_now());
	if ((rc = image_ring_start(&ring, image_source_fill, &src, e)) == 0) {
		while ((rc = backup_stopped(bk, e)) == 0 && (rc = image_ring_get(&ring, &b, e)) == 0 && b) {
			n = b->offset + b->len;
			backup_report(bk, IMAGE_VERIFY, n, size, false);
			image_ring_put(&ring);
		}
		image_ring_end(&ring);
	}
	image_source_close(&src);
	if (rc == -ECANCELED)
		return rc;
	if (rc < 0)
		return err_prefix(e, _("checking the new image"));
	sha256_digest(&src.sha, SHA256_DIGEST_SIZE, dig);
	digest_hex(dig, got);
	if (n != size || strcmp(got, hex))
		return err_set(e, EIO, _("the new image does not read back as the device's data; it was not kept"));
	backup_report(bk, IMAGE_VERIFY, size, size, true);
	return 0;
}

/* What a file that is not a regular one is, for messages. */
static const char *path_kind(mode_t m)
{
	static const struct {
		mode_t fmt;
		const char *name;
	} kinds[] = {
		{ S_IFBLK, N_("a block device") }, { S_IFCHR, N_("a character device") },
		{ S_IFDIR, N_("a directory") }, { S_IFIFO, N_("a fifo") },
		{ S_IFSOCK, N_("a socket") }, { S_IFLNK, N_("a symbolic link") },
	};
	size_t i;

	for (i = 0; i < sizeof(kinds) / sizeof(kinds[0]); i++)
		if ((m & S_IFMT) == kinds[i].fmt)
			return _(kinds[i].name);
	return _("not a regular file");
}

/* The rules for one path a backup writes: see image_backup_path_check. */
static int backup_path_ok(const char *path, bool force, struct stoat_err *e)
{
	struct stat st;

	if (lstat(path, &st) < 0) {
		if (errno == ENOENT)
			return 0;
		return err_set(e, errno, _("cannot use %s: %s"), path, strerror(errno));
	}
	if (!S_ISREG(st.st_mode))
		return err_set(e, EINVAL, _("%s exists and is %s, not an image file; nothing was read or written. Name a new file for the image (to copy a device to another, back it up to a file, then flash that file)"),
			       path, path_kind(st.st_mode));
	if (!force)
		return err_set(e, EEXIST, _("%s already exists"), path);
	return 0;
}

/* May a backup be saved as image? See image.h. */
int image_backup_path_check(const char *image, bool force, struct stoat_err *e)
{
	char sum[4200];
	int rc;

	if (!image[0] || image[strlen(image) - 1] == '/')
		return err_set(e, EINVAL, _("%s names a directory, not an image file; add a file name"), image);
	if ((rc = backup_path_ok(image, force, e)) < 0)
		return rc;
	snprintf(sum, sizeof(sum), "%s.sha256", image);
	return backup_path_ok(sum, force, e);
}

/* Rename tmp to path: without force only where path does not exist (a
 * file made there meanwhile is kept); with force over a regular file only. */
static int backup_rename(const char *tmp, const char *path, bool force)
{
	struct stat st;

	if (!force) {
		if (renameat2(AT_FDCWD, tmp, AT_FDCWD, path, RENAME_NOREPLACE) == 0)
			return 0;
		if (errno != EINVAL && errno != ENOSYS)
			return -1;	/* EEXIST among them */
		if (lstat(path, &st) == 0) {
			errno = EEXIST;
			return -1;
		}
		return rename(tmp, path);
	}
	if (lstat(path, &st) == 0 && !S_ISREG(st.st_mode)) {
		errno = EEXIST;
		return -1;
	}
	return rename(tmp, path);
}

/* Write the checksum file beside the image, atomically. */
static int backup_sidecar(struct backup *bk, enum image_compression c, const char *hex,
			  char *path, size_t psize, struct stoat_err *e)
{
	const char *img = bk->o->image;
	const char *base = strrchr(img, '/') ? strrchr(img, '/') + 1 : img;
	char tmp[4300];
	FILE *f;
	int fd;

	snprintf(path, psize, "%s.sha256", img);
	snprintf(tmp, sizeof(tmp), "%s.XXXXXX", path);
	fd = mkostemp(tmp, O_CLOEXEC);
	if (fd < 0 || !(f = fdopen(fd, "w"))) {
		if (fd >= 0)
			close(fd);
		return err_set(e, errno, _("cannot write %s: %s"), path, strerror(errno));
	}
	fprintf(f, "%s  %s\n", hex, c == IMAGE_RAW ? base : "-");
	fchmod(fd, 0644);
	if (fflush(f) || fsync(fd) < 0 || fclose(f) || backup_rename(tmp, path, bk->o->force) < 0) {
		int err = errno;

		unlink(tmp);
		return err_set(e, err, _("cannot write %s: %s"), path, strerror(err));
	}
	return 0;
}

/* Sync the directory holding path so a rename survives a crash. */
static void sync_dir_of(const char *path)
{
	char dir[4200];
	char *slash;
	int fd;

	snprintf(dir, sizeof(dir), "%s", path);
	slash = strrchr(dir, '/');
	if (slash)
		*(slash == dir ? slash + 1 : slash) = '\0';
	else
		snprintf(dir, sizeof(dir), ".");
	fd = open(dir, O_RDONLY | O_DIRECTORY | O_CLOEXEC);
	if (fd >= 0) {
		fsync(fd);
		close(fd);
	}
}

/* Check the device, copy it into a temporary file, verify, rename. */
static int backup_run(struct backup *bk, struct image_backup_result *res, struct stoat_err *e)
{
	const struct image_backup_opts *o = bk->o;
	const char *slash = strrchr(o->image, '/');
	uint64_t size;
	double t0;
	int rc;

	if ((rc = image_backup_path_check(o->image, o->force, e)) < 0)
		return rc;
	if ((rc = image_target_check(o->device, false, NULL, o->sysfs_root, o->dev_root,
				     o->mountinfo, &bk->dev, e)) < 0)
		return rc;
	if ((rc = image_target_open(o->device, false, &bk->dev, e)) < 0)
		return rc;
	size = bk->dev.size;
	if (o->used && (rc = used_size(&bk->dev, &size, e)) < 0)
		return rc;
	if (!bk->dev.direct || o->used)
		image_set_direct(&bk->dev, true);
	if (size == 0)
		return err_set(e, EINVAL, _("%s is empty"), o->device);
	res->comp = image_compression_for(o->image);
	res->bytes = size;
	if (bk->cb && bk->cb->confirm && !bk->cb->confirm(bk->cb->ctx, &bk->dev.info, size))
		return err_set(e, ECANCELED, _("not confirmed; no image was saved as %s"), o->image);

	snprintf(bk->tmp, sizeof(bk->tmp), "%.*s.%s.XXXXXX", slash ? (int)(slash - o->image + 1) : 0,
		 o->image, slash ? slash + 1 : o->image);
	bk->tfd = mkostemp(bk->tmp, O_CLOEXEC);
	if (bk->tfd < 0) {
		bk->tmp[0] = '\0';
		return err_set(e, errno, _("cannot create a file beside %s: %s"), o->image, strerror(errno));
	}
	fchmod(bk->tfd, 0644);
	t0 = pace_now();
	if ((rc = backup_copy(bk, size, res->comp, res->sha256, e)) < 0)
		return rc;
	res->read_secs = pace_now() - t0;
	t0 = pace_now();
	if (o->verify && (rc = backup_verify(bk, size, res->sha256, e)) < 0)
		return rc;
	res->verified = o->verify;
	res->verify_secs = pace_now() - t0;
	{
		struct stat st;

		if (fstat(bk->tfd, &st) == 0)
			res->file_bytes = (uint64_t)st.st_size;
	}
	if (backup_rename(bk->tmp, o->image, o->force) < 0)
		return err_set(e, errno, _("cannot rename the new image to %s: %s"), o->image, strerror(errno));
	bk->tmp[0] = '\0';
	sync_dir_of(o->image);
	return backup_sidecar(bk, res->comp, res->sha256, res->sha256_path,
			      sizeof(res->sha256_path), e);
}

/* Back a device up into an image file; see image.h. */
int image_backup(const struct image_backup_opts *o, const struct image_cb *cb,
		 struct image_backup_result *res, struct stoat_err *e)
{
	struct backup bk = { 0 };
	struct image_backup_result dummy;
	int rc;

	bk.o = o;
	bk.cb = cb;
	bk.tfd = -1;
	bk.dev.fd = -1;
	if (!res)
		res = &dummy;
	memset(res, 0, sizeof(*res));
	rc = backup_run(&bk, res, e);
	if (bk.tfd >= 0)
		close(bk.tfd);
	if (bk.tmp[0])
		unlink(bk.tmp);
	if (bk.dev.fd >= 0)
		close(bk.dev.fd);
	return rc;
}
