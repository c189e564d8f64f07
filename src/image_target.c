/* image_target.c - the device an image is written to or read from.
 *
 * Usability comes from disk_probe_one() (the installer's own rules: system
 * disk, media disk, mounted, read-only). The device is then opened with
 * O_EXCL, and O_DIRECT where it is allowed. Also the progress report
 * (paced by pace.h) and the stop check that flash and backup share. */
#include "config.h"

#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/ioctl.h>
#include <sys/stat.h>
#include <sys/sysmacros.h>
#include <unistd.h>
#ifdef HAVE_LINUX_FS_H
#include <linux/fs.h>
#endif

#include "image_priv.h"
#include "nls.h"
#include "sysfs.h"

/* A stage starts now, at byte 0 of its stream and its input. */
void image_meter_begin(struct image_meter *m, enum image_stage st, double now)
{
	m->started = true;
	m->stage = st;
	m->t = now;
	m->done = m->in_done = 0;
	m->rate = m->in_rate = 0;
}

/* Sample the speed: smoothed over the last second or so of reports. */
void image_meter_update(struct image_meter *m, struct image_progress *p, double now)
{
	double dt = now - m->t;

	if (!m->started || p->stage != m->stage || p->done < m->done) {
		image_meter_begin(m, p->stage, now);	/* no start seen: from here */
		m->done = p->done;
		m->in_done = p->in_done;
	} else if (dt >= 0.05) {
		double r = (double)(p->done - m->done) / dt;
		double ir = p->in_done >= m->in_done ? (double)(p->in_done - m->in_done) / dt : 0;

		m->rate = m->rate > 0 ? 0.7 * m->rate + 0.3 * r : r;
		m->in_rate = m->in_rate > 0 ? 0.7 * m->in_rate + 0.3 * ir : ir;
		m->t = now;
		m->done = p->done;
		m->in_done = p->in_done;
	}
	p->rate = m->rate;
	p->eta = -1;
	if (p->total && m->rate > 0)
		p->eta = p->done >= p->total ? 0 : (double)(p->total - p->done) / m->rate;
	else if (!p->total && p->in_total && m->in_rate > 0)
		p->eta = p->in_done >= p->in_total ? 0 : (double)(p->in_total - p->in_done) / m->in_rate;
}

/* Report progress at most four times a second (always when forced). */
void image_report(const struct image_cb *cb, struct image_meter *m, struct image_progress *p,
		  bool force)
{
	if (!cb || !cb->progress || !pace_due(&m->last, force))
		return;
	image_meter_update(m, p, m->last);
	cb->progress(cb->ctx, p);
}

/* Whether the front end asked to stop. */
bool image_cancelled(const struct image_cb *cb)
{
	return cb && cb->cancelled && cb->cancelled(cb->ctx);
}

/* Turn O_DIRECT on or off on the open device. */
int image_set_direct(struct image_dev *d, bool on)
{
	int fl = fcntl(d->fd, F_GETFL);

	if (fl < 0)
		return -errno;
	fl = on ? (fl | O_DIRECT) : (fl & ~O_DIRECT);
	if (fcntl(d->fd, F_SETFL, fl) < 0)
		return -errno;
	d->direct = on;
	return 0;
}

/* Does the block device offload zeroing (REQ_OP_WRITE_ZEROES)? Then a
 * zeroing request is fast and never falls back to writing zeros. */
static bool blk_write_zeroes(int fd)
{
	static const char *const where[] = { "", "/.." };	/* disk, partition */
	unsigned long long v = 0;
	struct stat st;
	bool found;
	size_t i;

	if (fstat(fd, &st) < 0)
		return false;
	for (i = 0; i < sizeof(where) / sizeof(where[0]); i++) {
		char dir[128];

		snprintf(dir, sizeof(dir), "/sys/dev/block/%u:%u%s/queue",
			 major(st.st_rdev), minor(st.st_rdev), where[i]);
		v = sysfs_read_u64(dir, "write_zeroes_max_bytes", 0, &found);
		if (found)
			return v > 0;
	}
	return false;
}

/* Is the device usable for reading (backup) or writing (flash)? The
 * installer's rules from disk_probe_one(); fills d->info. */
int image_target_check(const char *path, bool for_write, const char *image,
		       const char *sysfs_root, const char *dev_root,
		       const char *mountinfo, struct image_dev *d,
		       struct stoat_err *e)
{
	struct disk_scan_opts so = { 0 };
	struct stat st;
	int rc;

	memset(d, 0, sizeof(*d));
	d->fd = -1;
	snprintf(d->info.path, sizeof(d->info.path), "%s", path);
	snprintf(d->info.name, sizeof(d->info.name), "%s",
		 strrchr(path, '/') ? strrchr(path, '/') + 1 : path);
	if (stat(path, &st) < 0) {
		if (errno == ENOENT && for_write) {
			d->is_file = d->info.is_file = true;
			d->info.transport = TR_FILE;
			return 0;
		}
		return err_set(e, errno, _("cannot use %s: %s"), path, strerror(errno));
	}
	if (!S_ISREG(st.st_mode) && !S_ISBLK(st.st_mode))
		return err_set(e, EINVAL, _("%s is neither a block device nor an image file"), path);
	d->is_blk = S_ISBLK(st.st_mode);
	d->is_file = !d->is_blk;

	so.sysfs_root = sysfs_root;
	so.dev_root = dev_root;
	so.mountinfo = mountinfo;
	so.media_path = image;
	so.min_bytes = 1;
	if ((rc = disk_probe_one(&so, path, &d->info, e)) < 0)
		return rc;
	d->size = d->info.size;
	return image_disk_usable(&d->info, for_write, e);
}

/* Can a classified disk be flashed (for_write) or backed up? See image.h. */
int image_disk_usable(const struct disk *d, bool for_write, struct stoat_err *e)
{
	switch (d->verdict) {
	case DISK_SYSTEM:
	case DISK_MEDIA:
	case DISK_MOUNTED:
		return err_set(e, EBUSY, _("%s cannot be used: %s"), d->path, d->reason);
	case DISK_READONLY:
		if (for_write)
			return err_set(e, EROFS, _("%s cannot be written: %s"), d->path, d->reason);
		break;
	case DISK_TOO_SMALL:
		if (!d->is_file)
			return err_set(e, ENOSPC, _("%s cannot be used: %s"), d->path, d->reason);
		break;
	default:
		break;
	}
	return 0;
}

/* The word for a stage in progress lines. */
const char *image_stage_name(enum image_stage s)
{
	switch (s) {
	case IMAGE_WRITE: return _("Writing");
	case IMAGE_VERIFY: return _("Verifying");
	case IMAGE_READ: return _("Reading");
	}
	return "";
}

/* The share of the stage done: uncompressed bytes, else input consumed. */
double image_progress_fraction(const struct image_progress *p)
{
	double frac = 0;

	if (p->total)
		frac = (double)p->done / (double)p->total;
	else if (p->in_total)
		frac = (double)p->in_done / (double)p->in_total;
	return frac > 1 ? 1 : frac;
}

/* Open the checked target: O_EXCL for devices, O_DIRECT where allowed. */
int image_target_open(const char *path, bool for_write, struct image_dev *d,
		      struct stoat_err *e)
{
	int flags = (for_write ? O_RDWR : O_RDONLY) | O_CLOEXEC;
	int ro = 0;

	if (d->is_blk)
		flags |= O_EXCL;
	if (d->is_file && for_write)
		flags |= O_CREAT;
	d->fd = open(path, flags | O_DIRECT, 0644);
	d->direct = d->fd >= 0;
	if (d->fd < 0 && errno == EINVAL)
		d->fd = open(path, flags, 0644);
	if (d->fd < 0) {
		int err = errno;

		if (err == EBUSY)
			return err_set(e, err, _("%s is in use (mounted, or held by another program)"), path);
		if (err == EROFS || (err == EACCES && d->is_blk))
			return err_set(e, EROFS, _("%s is read-only (check its write-protect switch)"), path);
		return err_set(e, err, _("cannot open %s: %s"), path, strerror(err));
	}
	d->lsec = 512;
	if (d->is_blk) {
		unsigned long long sz = 0;
		int ss = 512;

		if (ioctl(d->fd, BLKGETSIZE64, &sz) < 0 || ioctl(d->fd, BLKSSZGET, &ss) < 0) {
			int err = errno;

			close(d->fd);
			d->fd = -1;
			return err_set(e, err, _("cannot read the size of %s: %s"), path, strerror(err));
		}
		d->size = d->info.size = sz;
		d->lsec = (unsigned)ss;
		d->write_zeroes = blk_write_zeroes(d->fd);
		if (for_write && ioctl(d->fd, BLKROGET, &ro) == 0 && ro) {
			close(d->fd);
			d->fd = -1;
			return err_set(e, EROFS, _("%s is read-only (check its write-protect switch)"), path);
		}
	}
	return 0;
}
