/* image_flash.c - write a raw or compressed image onto a whole device.
 *
 * Order matters for safety: every check and the confirmation come first;
 * then everything after the image's first MiB is written (a reader thread
 * decompresses ahead), synced and read back; only then is the first MiB,
 * which holds the partition table, written and checked. An interrupted or
 * failed flash therefore never leaves a device that looks like the image. */
#include "config.h"

#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "digest.h"
#include "image_priv.h"
#include "io.h"
#include "nls.h"

#define FLASH_GRANULE (64u * 1024u)	/* zero detection unit */
#define FLASH_MIN_HOLE (256u * 1024u)	/* shorter zero runs are written */
#define FLASH_ZERO_AHEAD (256ull * IMAGE_MIB)	/* zeroed ahead of the writes */
#define FLASH_SYNC_EVERY (64ull * IMAGE_MIB)
#define FLASH_GPT_TAIL (64u * 1024u)	/* covers a backup GPT at 512 or 4096 */
#define FLASH_WINDOW 4			/* buffers being written at once */

/* Report progress at most four times a second (always when forced). */
static void flash_report(struct image_flasher *f, enum image_stage st, uint64_t done,
			 uint64_t total, uint64_t in_done, bool force)
{
	struct image_progress p = { st, done, total, in_done, f->src.file_size, 0, -1 };

	image_report(f->cb, &f->meter, &p, force);
}

/* Has the front end asked to stop? Then e says so and ECANCELED. */
static int flash_stopped(struct image_flasher *f, struct stoat_err *e)
{
	if (!image_cancelled(f->cb))
		return 0;
	return err_set(e, ECANCELED, _("stopped on request"));
}

/* True when len bytes at p are all zero. */
static bool all_zero(const unsigned char *p, size_t len)
{
	const uint64_t *w = (const uint64_t *)(const void *)p;
	size_t i;

	for (i = 0; i < len / 8; i++)
		if (w[i])
			return false;
	for (i = len & ~(size_t)7; i < len; i++)
		if (p[i])
			return false;
	return true;
}

/* Write len bytes at off; an unaligned tail turns O_DIRECT off for good. */
static int flash_write(struct image_flasher *f, const unsigned char *p, size_t len, uint64_t off)
{
	size_t head = len;
	int rc;

	if (f->dev.direct && (len % IMAGE_ALIGN || off % IMAGE_ALIGN)) {
		head = off % IMAGE_ALIGN ? 0 : len - len % IMAGE_ALIGN;
		if (head && (rc = io_pwrite_all(f->dev.fd, p, head, off)) < 0)
			return rc;
		if ((rc = image_set_direct(&f->dev, false)) < 0)
			return rc;
		return io_pwrite_all(f->dev.fd, p + head, len - head, off + head);
	}
	return io_pwrite_all(f->dev.fd, p, len, off);
}

/* Make sure [1 MiB, end) reads back as zeros, zeroing ahead in large
 * steps with fallocate: ZERO_RANGE on a device that offloads zeroing (or a
 * file), else PUNCH_HOLE (which on a device zeroes for certain or fails,
 * never writing zeros itself). Writes already queued all lie below
 * zero_upto, so they are never undone. */
static void flash_zero_ahead(struct image_flasher *f, uint64_t end)
{
	uint64_t to;

	if (!f->can_zero || f->zero_upto >= end)
		return;
	to = f->zero_upto + FLASH_ZERO_AHEAD;
	if (to < end)
		to = end;
	if (to > f->zero_limit)
		to = f->zero_limit;
	while (to > f->zero_upto &&
	       fallocate(f->dev.fd, f->zero_mode | FALLOC_FL_KEEP_SIZE,
			 (off_t)f->zero_upto, (off_t)(to - f->zero_upto)) < 0) {
		if (f->zero_mode == FALLOC_FL_ZERO_RANGE && errno == EOPNOTSUPP && f->dev.is_file) {
			f->zero_mode = FALLOC_FL_PUNCH_HOLE;	/* tmpfs */
			continue;
		}
		f->can_zero = false;
		return;
	}
	/* past the limit (a file's end, or the image's) it is zeros anyway */
	f->zero_upto = to >= f->zero_limit ? UINT64_MAX : to;
}

/* Queue one piece of the stream for the writer threads; all-zero runs are
 * skipped where the device is known to read back zeros. */
static int flash_put(struct image_flasher *f, struct image_io *io, const unsigned char *p,
		     size_t len, uint64_t off, unsigned tag)
{
	size_t i = 0, run_start = 0;
	int rc;

	flash_zero_ahead(f, off + len);
	if (!f->can_zero || off + len > f->zero_upto)
		return image_io_submit(io, p, len, off, tag);
	while (i < len) {
		size_t z = i;

		/* find a zero run of whole granules starting at i */
		while (z + FLASH_GRANULE <= len && all_zero(p + z, FLASH_GRANULE))
			z += FLASH_GRANULE;
		if (z - i >= FLASH_MIN_HOLE) {
			if (i > run_start &&
			    (rc = image_io_submit(io, p + run_start, i - run_start,
						  off + run_start, tag)) < 0)
				return rc;
			f->skipped += z - i;
			run_start = i = z;
		} else {
			i = (z > i ? z : i) + FLASH_GRANULE;
			if (i > len)
				i = len;
		}
	}
	if (len > run_start)
		return image_io_submit(io, p + run_start, len - run_start, off + run_start, tag);
	return 0;
}

/* Without O_DIRECT, push dirty pages out as we go so 100% means done:
 * start writing the newest window and wait for the one before it. */
static void flash_sync_some(struct image_flasher *f, uint64_t upto)
{
	if (f->dev.direct || upto - f->synced < FLASH_SYNC_EVERY)
		return;
	if (f->prev_len)
		sync_file_range(f->dev.fd, (off_t)f->prev_off, (off_t)f->prev_len,
				SYNC_FILE_RANGE_WAIT_BEFORE | SYNC_FILE_RANGE_WRITE |
				SYNC_FILE_RANGE_WAIT_AFTER);
	sync_file_range(f->dev.fd, (off_t)f->synced, (off_t)(upto - f->synced),
			SYNC_FILE_RANGE_WRITE);
	f->prev_off = f->synced;
	f->prev_len = upto - f->synced;
	f->synced = upto;
}

/* Add "the device was partly written" to an error met while writing. */
int image_flasher_partly(struct image_flasher *f, struct stoat_err *e)
{
	char msg[sizeof(e->msg)];

	memcpy(msg, e->msg, sizeof(msg));
	return err_set(e, e->code, _("%s; %s was partly written, but its first MiB was left as it was"),
		       msg, f->o->device);
}

/* Write one buffer's part after skip: queued, or (for an unaligned last
 * piece under O_DIRECT) synchronously once everything before it is done. */
static int flash_buf(struct image_flasher *f, struct image_io *io, struct image_buf *b,
		     size_t skip, unsigned tag)
{
	size_t len = b->len - skip;
	int rc;

	if (!len)
		return 0;
	if (f->dev.direct && len % IMAGE_ALIGN) {
		if ((rc = image_io_drain(io)) < 0)
			return rc;
		return flash_write(f, b->data + skip, len, b->offset + skip);
	}
	return flash_put(f, io, b->data + skip, len, b->offset + skip, tag);
}

/* Stream the image from feed onto the device, all but its first MiB. Up
 * to FLASH_WINDOW buffers are being written at once. */
int image_flasher_stream(struct image_flasher *f, const struct image_feed *feed,
			 uint64_t *total, struct stoat_err *e)
{
	struct image_io io;
	struct image_buf *b, *held[FLASH_WINDOW];
	unsigned nheld = 0;
	int rc, wrc = 0, drc;

	image_meter_begin(&f->meter, IMAGE_WRITE, pace_now());
	if ((rc = image_io_start(&io, f->dev.fd, e)) < 0)
		return rc;
	for (;;) {
		size_t skip = 0;
		unsigned tag;

		if ((rc = flash_stopped(f, e)) < 0 || (rc = feed->get(feed->ctx, &b, e)) < 0 || !b)
			break;
		tag = (unsigned)(b - feed->base);
		if (f->dev.is_blk && b->offset + b->len > f->dev.size) {
			char sz[32];

			disk_format_size(f->dev.size, sz, sizeof(sz));
			rc = err_set(e, ENOSPC, _("the image is larger than %s (%s)"), f->o->device, sz);
			break;
		}
		if (b->offset < IMAGE_MIB) {
			skip = IMAGE_MIB - b->offset < b->len ? IMAGE_MIB - b->offset : b->len;
			memcpy(f->first + b->offset, b->data, skip);
			f->first_len = b->offset + skip;
		}
		held[nheld++] = b;
		if ((wrc = flash_buf(f, &io, b, skip, tag)) < 0)
			break;
		while (nheld == FLASH_WINDOW) {
			struct image_buf *old = held[0];

			if ((wrc = image_io_wait(&io, (unsigned)(old - feed->base))) < 0)
				break;
			*total = old->offset + old->len;
			memmove(held, held + 1, --nheld * sizeof(held[0]));
			feed->put(feed->ctx);
			flash_sync_some(f, *total);
			flash_report(f, IMAGE_WRITE, *total, f->size, old->in_pos, false);
		}
		if (wrc < 0)
			break;
	}
	drc = image_io_drain(&io);
	if (!wrc)
		wrc = drc;
	if (rc == 0 && wrc < 0)
		rc = err_set(e, wrc, _("writing to %s failed: %s"), f->o->device, strerror(-wrc));
	if (rc == 0 && nheld)
		*total = held[nheld - 1]->offset + held[nheld - 1]->len;
	image_io_end(&io);
	return rc;
}

/* Zero the end of a device larger than the image: a stale backup GPT there
 * would otherwise contradict the image's own partition table. */
static int flash_zero_tail(struct image_flasher *f, uint64_t total)
{
	unsigned char *z;
	uint64_t start;
	int rc;

	if (!f->dev.is_blk || total >= f->dev.size || f->dev.size < FLASH_GPT_TAIL)
		return 0;
	start = f->dev.size - FLASH_GPT_TAIL;
	if (start < total)
		start = (total + f->dev.lsec - 1) / f->dev.lsec * f->dev.lsec;
	if (start >= f->dev.size)
		return 0;
	if (posix_memalign((void **)&z, IMAGE_ALIGN, FLASH_GPT_TAIL))
		return -ENOMEM;
	memset(z, 0, FLASH_GPT_TAIL);
	rc = flash_write(f, z, (size_t)(f->dev.size - start), start);
	free(z);
	return rc;
}

/* Compare the device with the stream from feed, from offset from. */
int image_flasher_compare(struct image_flasher *f, const struct image_feed *feed,
			  uint64_t from, uint64_t total, struct stoat_err *e)
{
	struct image_buf *b;
	unsigned char *dbuf;
	int rc;

	if (posix_memalign((void **)&dbuf, IMAGE_ALIGN, IMAGE_BUF_SIZE))
		return err_set(e, ENOMEM, _("out of memory for the image buffers"));
	if (!f->dev.direct && image_set_direct(&f->dev, true) < 0)
		posix_fadvise(f->dev.fd, 0, 0, POSIX_FADV_DONTNEED);
	image_meter_begin(&f->meter, IMAGE_VERIFY, pace_now());
	while ((rc = flash_stopped(f, e)) == 0 && (rc = feed->get(feed->ctx, &b, e)) == 0 && b) {
		uint64_t s = b->offset > from ? b->offset : from;
		size_t len = b->offset + b->len > s ? (size_t)(b->offset + b->len - s) : 0;
		size_t want = f->dev.direct ? (len + IMAGE_ALIGN - 1) / IMAGE_ALIGN * IMAGE_ALIGN : len;
		ssize_t got;

		if (f->dev.is_blk && s + want > f->dev.size)
			want = (size_t)(f->dev.size - s);
		got = len ? io_pread_all(f->dev.fd, dbuf, want, s) : 0;

		if (got < 0) {
			rc = err_set(e, (int)-got, _("reading %s back failed: %s"), f->o->device,
				     strerror((int)-got));
			break;
		}
		if ((size_t)got < len || memcmp(dbuf, b->data + (s - b->offset), len)) {
			rc = err_set(e, EIO, _("%s does not read back what was written near byte %llu; the device may be failing"),
				     f->o->device, (unsigned long long)s);
			break;
		}
		flash_report(f, IMAGE_VERIFY, b->offset + b->len, total, b->in_pos, false);
		feed->put(feed->ctx);
	}
	free(dbuf);
	return rc;
}

/* The feed of a flash of its own: its ring. */
static int ring_feed_get(void *ctx, struct image_buf **b, struct stoat_err *e)
{
	return image_ring_get(ctx, b, e);
}

/* Give the ring's oldest buffer back. */
static void ring_feed_put(void *ctx)
{
	image_ring_put(ctx);
}

/* Run step on the image read once more through a ring of f's own: the
 * stream (write) or the comparison (verify, after reopening the image). */
static int flash_pass(struct image_flasher *f, bool verify, uint64_t from, uint64_t *total,
		      struct stoat_err *e)
{
	struct image_ring ring;
	struct image_feed feed = { ring_feed_get, ring_feed_put, ring.buf, &ring };
	int rc;

	if (verify) {
		image_source_close(&f->src);
		if ((rc = image_source_open(&f->src, f->o->image, e)) < 0)
			return rc;
	}
	if ((rc = image_ring_start(&ring, image_source_fill, &f->src, e)) < 0)
		return rc;
	if (verify)
		rc = image_flasher_compare(f, &feed, from, *total, e);
	else
		rc = image_flasher_stream(f, &feed, total, e);
	image_ring_end(&ring);
	return rc;
}

/* The refusal of an image larger than the device, with both sizes and
 * where the image's size was read. */
static int flash_too_large(const struct image_info *in, const char *device, uint64_t dev_size,
			   struct stoat_err *e)
{
	char a[32], b[32];

	disk_format_size(in->size_min, a, sizeof(a));
	disk_format_size(dev_size, b, sizeof(b));
	if (!in->compressed)
		return err_set(e, ENOSPC, _("the image (%s) is larger than %s (%s); nothing was written"),
			       a, device, b);
	if (in->size)
		return err_set(e, ENOSPC, _("the image is larger than %s: it holds %s uncompressed (%llu bytes, from %s), the device %s (%llu bytes); nothing was written"),
			       device, a, (unsigned long long)in->size_min, in->size_from, b,
			       (unsigned long long)dev_size);
	return err_set(e, ENOSPC, _("the image is larger than %s: it holds at least %s uncompressed (%llu bytes, from %s), the device %s (%llu bytes); nothing was written"),
		       device, a, (unsigned long long)in->size_min, in->size_from, b,
		       (unsigned long long)dev_size);
}

/* Set f up for o and cb, nothing open yet. */
void image_flasher_init(struct image_flasher *f, const struct image_flash_opts *o,
			const struct image_cb *cb)
{
	memset(f, 0, sizeof(*f));
	f->o = o;
	f->cb = cb;
	f->src.fd = -1;
	f->dev.fd = -1;
}

/* The target's checks (usable, not the image itself, large enough for
 * what the image's headers say), then open it. */
int image_flasher_open(struct image_flasher *f, const struct image_info *in,
		       struct stoat_err *e)
{
	const struct image_flash_opts *o = f->o;
	int rc;

	f->size = in->size;
	if ((rc = image_target_check(o->device, true, o->image, o->sysfs_root, o->dev_root,
				     o->mountinfo, &f->dev, e)) < 0)
		return rc;
	if (f->dev.is_file) {
		struct stat a, b;

		if (stat(o->image, &a) == 0 && stat(o->device, &b) == 0 &&
		    a.st_dev == b.st_dev && a.st_ino == b.st_ino)
			return err_set(e, EINVAL, _("the image and the target are the same file"));
	}
	if ((rc = image_target_open(o->device, true, &f->dev, e)) < 0)
		return rc;
	if (f->dev.is_blk && in->size_min > f->dev.size)
		return flash_too_large(in, o->device, f->dev.size, e);
	return 0;
}

/* After confirmation: the first-MiB buffer, and what must read back as
 * zeros for all-zero blocks to be skipped: up to the image's end (when
 * known) within the device, or a file's end. */
int image_flasher_prepare(struct image_flasher *f, struct stoat_err *e)
{
	if (posix_memalign((void **)&f->first, IMAGE_ALIGN, IMAGE_MIB))
		return err_set(e, ENOMEM, _("out of memory for the image buffers"));
	f->can_zero = f->dev.is_file || f->dev.write_zeroes;
	f->zero_mode = FALLOC_FL_ZERO_RANGE;
	f->zero_upto = IMAGE_MIB;
	f->zero_limit = f->dev.size;
	if (f->size) {
		uint64_t end = (f->size + f->dev.lsec - 1) / f->dev.lsec * f->dev.lsec;

		if (end < f->zero_limit)
			f->zero_limit = end;
	}
	if (f->zero_limit <= IMAGE_MIB)
		f->zero_upto = UINT64_MAX;
	return 0;
}

/* After the stream: a file target cut to the image's size, the stale
 * tail of a larger device zeroed, everything synced. */
int image_flasher_settle(struct image_flasher *f, uint64_t total, struct stoat_err *e)
{
	const struct image_flash_opts *o = f->o;
	int rc;

	if (f->dev.is_file && ftruncate(f->dev.fd, (off_t)total) < 0)
		return image_flasher_partly(f, (err_set(e, errno, _("cannot set the size of %s: %s"),
							o->device, strerror(errno)), e));
	if ((rc = flash_zero_tail(f, total)) < 0 || fdatasync(f->dev.fd) < 0) {
		rc = rc < 0 ? rc : -errno;
		return image_flasher_partly(f, (err_set(e, rc, _("writing to %s failed: %s"),
							o->device, strerror(-rc)), e));
	}
	flash_report(f, IMAGE_WRITE, total, total, f->src.file_size, true);
	return 0;
}

/* The first MiB, last: the partition table appears only now. Read back
 * and compared when o->verify. */
int image_flasher_first(struct image_flasher *f, uint64_t total, struct stoat_err *e)
{
	const struct image_flash_opts *o = f->o;
	unsigned char *back;
	ssize_t n;
	int rc;

	if ((rc = flash_write(f, f->first, f->first_len, 0)) < 0 || fdatasync(f->dev.fd) < 0) {
		rc = rc < 0 ? rc : -errno;
		return err_set(e, rc, _("writing the first MiB of %s failed: %s"), o->device, strerror(-rc));
	}
	if (!o->verify)
		return 0;
	if (posix_memalign((void **)&back, IMAGE_ALIGN, IMAGE_MIB))
		return err_set(e, ENOMEM, _("out of memory for the image buffers"));
	if (!f->dev.direct && image_set_direct(&f->dev, true) < 0)
		posix_fadvise(f->dev.fd, 0, 0, POSIX_FADV_DONTNEED);
	n = io_pread_all(f->dev.fd, back,
			 f->dev.direct ? (f->first_len + IMAGE_ALIGN - 1) / IMAGE_ALIGN * IMAGE_ALIGN
				       : f->first_len, 0);
	rc = n < (ssize_t)f->first_len || memcmp(back, f->first, f->first_len);
	free(back);
	if (rc)
		return err_set(e, EIO, _("%s does not read back its first MiB as written; the device may be failing"),
			       o->device);
	flash_report(f, IMAGE_VERIFY, total, total, f->src.file_size, true);
	return 0;
}

/* Close the source and the device, free the first MiB. */
void image_flasher_close(struct image_flasher *f)
{
	image_source_close(&f->src);
	if (f->dev.fd >= 0)
		close(f->dev.fd);
	f->dev.fd = -1;
	free(f->first);
	f->first = NULL;
}

/* Check, confirm, stream, verify, then write the first MiB. */
static int flash_run(struct image_flasher *f, struct image_flash_result *res, struct stoat_err *e)
{
	const struct image_flash_opts *o = f->o;
	uint64_t total = 0;
	char want[DIGEST_HEX_SIZE] = "", got[DIGEST_HEX_SIZE];
	unsigned char dig[SHA256_DIGEST_SIZE];
	double t0;
	int rc;

	if ((rc = image_probe(o->image, &res->info, e)) < 0 ||
	    (rc = image_flashable(o->image, &res->info, o->force, e)) < 0)
		return rc;
	if ((rc = image_source_open(&f->src, o->image, e)) < 0 ||
	    (rc = image_flasher_open(f, &res->info, e)) < 0)
		return rc;
	if (image_sidecar_read(o->image, f->src.compressed, want)) {
		f->src.hash = true;
		sha256_init(&f->src.sha);
	}
	if (!f->cb || !f->cb->confirm ||
	    !f->cb->confirm(f->cb->ctx, &f->dev.info, f->size))
		return err_set(e, ECANCELED, _("not confirmed; nothing was written"));
	if ((rc = image_flasher_prepare(f, e)) < 0)
		return rc;
	res->direct = f->dev.direct;

	t0 = pace_now();
	if ((rc = flash_pass(f, false, 0, &total, e)) < 0)
		return image_flasher_partly(f, e);
	if (f->src.hash) {
		sha256_digest(&f->src.sha, SHA256_DIGEST_SIZE, dig);
		digest_hex(dig, got);
		if (strcmp(got, want))
			return image_flasher_partly(f, (err_set(e, EINVAL, _("the image %s does not match its checksum file %s.sha256"),
								o->image, o->image), e));
		res->checked_sha256 = true;
	}
	if ((rc = image_flasher_settle(f, total, e)) < 0)
		return rc;
	res->write_secs = pace_now() - t0;

	t0 = pace_now();
	if (o->verify && total > f->first_len &&
	    (rc = flash_pass(f, true, f->first_len, &total, e)) < 0)
		return image_flasher_partly(f, e);
	if ((rc = image_flasher_first(f, total, e)) < 0)
		return rc;
	res->verified = o->verify;
	res->verify_secs = pace_now() - t0;
	res->bytes = total;
	res->skipped = f->skipped;
	return 0;
}

/* Flash an image onto a device; see image.h. */
int image_flash(const struct image_flash_opts *o, const struct image_cb *cb,
		struct image_flash_result *res, struct stoat_err *e)
{
	struct image_flasher f;
	struct image_flash_result dummy;
	int rc;

	image_flasher_init(&f, o, cb);
	if (!res)
		res = &dummy;
	memset(res, 0, sizeof(*res));
	rc = flash_run(&f, res, e);
	image_flasher_close(&f);
	return rc;
}
