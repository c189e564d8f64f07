/* probe.c - measure a disk before writing to it (probe.h): sysfs facts,
 * the read-only checks, and, inside the areas the caller allows, write
 * speed, random-write IOPS and the capacity check with signed sectors.
 * The verdict and f3probe live in probe_verdict.c. */
#include "config.h"

#include <errno.h>
#include <fcntl.h>
#include <limits.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/random.h>
#include <unistd.h>

#include "io.h"
#include "le.h"
#include "nls.h"
#include "pace.h"
#include "probe.h"
#include "probe_priv.h"
#include "sysfs.h"

#define BLK 4096u			/* every probe I/O is whole 4 KiB */
#define CHUNK (1024u * 1024u)		/* sequential tests: 1 MiB a call */
#define SEQ_MAX (64ull * 1024 * 1024)	/* at most 64 MiB each */
#define IOPS_MAX 4096u			/* random writes at most */
#define POINTS_MAX 1024u		/* capacity check: grid points */
#define ECHO_BYTES (64u * 1024u)	/* read-only: the start compared */
/* The first 8 bytes of every signed block (no NUL). */
static const unsigned char probe_magic[8] = { 's', 't', 'o', 'a', 't', 'p', 'r', 'b' };

/* Tell the caller where we are; false when it wants us to stop. */
static bool probe_tick(const struct probe_opts *o, const char *what, uint64_t done,
		       uint64_t total)
{
	unsigned pct = total ? (unsigned)(done * 100 / total) : 0;

	return !o->tick || o->tick(o->ctx, what, pct > 100 ? 100 : pct);
}

/* One step of xorshift64: the fill of signed sectors and random offsets. */
static uint64_t probe_rand(uint64_t *s)
{
	uint64_t x = *s ? *s : 0x9e3779b97f4a7c15ull;

	x ^= x << 13;
	x ^= x >> 7;
	x ^= x << 17;
	*s = x;
	return x;
}

/* Fill a 4 KiB block signed with the nonce and its own offset. */
static void probe_sign(unsigned char *b, uint64_t nonce, uint64_t off)
{
	uint64_t s = nonce ^ (off * 0x100000001b3ull);
	size_t i;

	memcpy(b, probe_magic, sizeof(probe_magic));
	le64_put(b + 8, nonce);
	le64_put(b + 16, off);
	for (i = 24; i < BLK; i += 8)
		le64_put(b + i, probe_rand(&s));
}

/* Whether b is a block signed with nonce, and if so at which offset. */
static bool probe_signed(const unsigned char *b, uint64_t nonce, uint64_t *off)
{
	unsigned char want[BLK];

	if (memcmp(b, probe_magic, sizeof(probe_magic)) || le64_get(b + 8) != nonce)
		return false;
	*off = le64_get(b + 16);
	probe_sign(want, nonce, *off);
	return !memcmp(b, want, BLK);
}

/* The USB link speed in Mb/s: the "speed" of the USB device above the
 * disk in sysfs; 0 when none is found. */
static unsigned probe_usb_speed(const char *root, const char *name)
{
	char dir[PATH_MAX], real[PATH_MAX], buf[32], path[PATH_MAX + 16];
	size_t rootlen;

	snprintf(dir, sizeof(dir), "%s/block/%s/device", root, name);
	if (!realpath(dir, real) || !realpath(root, dir))
		return 0;
	rootlen = strlen(dir);
	while (strlen(real) > rootlen) {
		char *slash;

		snprintf(path, sizeof(path), "%s/idVendor", real);
		if (access(path, F_OK) == 0) {
			snprintf(path, sizeof(path), "%s/speed", real);
			if (sysfs_read_attr(path, buf, sizeof(buf)) < 0)
				return 0;
			return (unsigned)strtod(buf, NULL);
		}
		if (!(slash = strrchr(real, '/')))
			break;
		*slash = '\0';
	}
	return 0;
}

/* Driver facts from sysfs: queue depth and USB link speed. */
static void probe_sysfs(const struct probe_opts *o, struct probe_result *r)
{
	const char *root = o->sysfs_root ? o->sysfs_root : "/sys";
	char dir[PATH_MAX];
	bool found = false;
	unsigned long long qd;

	snprintf(dir, sizeof(dir), "%s/block/%s/device", root, r->disk.name);
	qd = sysfs_read_u64(dir, "queue_depth", 0, &found);
	r->queue_depth = found && qd <= INT_MAX ? (int)qd : -1;
	r->usb_mbps = probe_usb_speed(root, r->disk.name);
}

/* Read-only capacity signs: the last sector reads, and the device's
 * start does not come back at a power of two below its size (a stick
 * whose address lines wrap). */
static int probe_read_checks(int fd, struct probe_result *r, unsigned char *buf)
{
	uint64_t size = r->disk.size & ~(uint64_t)(BLK - 1), at;
	static const unsigned char zero[ECHO_BYTES];

	r->method = PROBE_M_READ;
	r->cap = PROBE_CAP_OK;
	r->checked_bytes = size;
	r->last_ok = size >= BLK && io_pread_exact(fd, buf, BLK, size - BLK) == 0;
	if (!r->last_ok) {
		r->cap = PROBE_CAP_SUSPECT;
		snprintf(r->cap_text, sizeof(r->cap_text),
			 _("suspect (read-only): its last sector cannot be read"));
		return 0;
	}
	if (io_pread_exact(fd, buf, ECHO_BYTES, 0) < 0 || !memcmp(buf, zero, ECHO_BYTES)) {
		snprintf(r->cap_text, sizeof(r->cap_text),
			 _("not written to (read-only): its last sector reads"));
		return 0;
	}
	for (at = 16ull << 20; at + ECHO_BYTES <= size; at <<= 1) {
		if (io_pread_exact(fd, buf + ECHO_BYTES, ECHO_BYTES, at) < 0)
			continue;
		if (!memcmp(buf, buf + ECHO_BYTES, ECHO_BYTES)) {
			char have[32];

			r->cap = PROBE_CAP_SUSPECT;
			r->real_size = at;
			disk_format_size(at, have, sizeof(have));
			snprintf(r->cap_text, sizeof(r->cap_text),
				 _("suspect (read-only): its first 64 KiB come back at %s, as on a stick that holds only that much"),
				 have);
			return 0;
		}
	}
	snprintf(r->cap_text, sizeof(r->cap_text),
		 _("not written to (read-only): its last sector reads and its start does not come back further on"));
	return 0;
}

/* Sequential direct reads from the start for at most the time budget. */
static int probe_read_speed(int fd, const struct probe_opts *o, struct probe_result *r,
			    unsigned char *buf)
{
	uint64_t total = r->disk.size < SEQ_MAX ? r->disk.size & ~(uint64_t)(CHUNK - 1) : SEQ_MAX;
	uint64_t done = 0;
	double t0 = pace_now(), budget = o->seconds ? o->seconds : 3;

	while (done < total && pace_now() - t0 < budget) {
		int rc = io_pread_exact(fd, buf, CHUNK, done);

		if (rc < 0)
			return rc;
		done += CHUNK;
		if (!probe_tick(o, _("Reading"), done, total))
			return -ECANCELED;
	}
	if (done)
		r->read_mbs = (double)done / 1e6 / (pace_now() - t0);
	return 0;
}

/* The largest area, where the speed tests write. */
static const struct probe_area *probe_largest(const struct probe_opts *o)
{
	const struct probe_area *best = NULL;
	size_t i;

	for (i = 0; i < o->n_area; i++)
		if (!best || o->area[i].len > best->len)
			best = &o->area[i];
	return best;
}

/* Sequential direct writes of 1 MiB from the largest area's start. */
static int probe_write_speed(int fd, const struct probe_opts *o, struct probe_result *r,
			     unsigned char *buf)
{
	const struct probe_area *a = probe_largest(o);
	uint64_t start = (a->off + CHUNK - 1) & ~(uint64_t)(CHUNK - 1);
	uint64_t end = (a->off + a->len) & ~(uint64_t)(CHUNK - 1), done = 0, total;
	double t0, budget = o->seconds ? o->seconds : 3;
	uint64_t s = (uint64_t)pace_now();
	size_t i;

	if (end <= start)
		return 0;
	total = end - start < SEQ_MAX ? end - start : SEQ_MAX;
	for (i = 0; i < CHUNK; i += 8)
		le64_put(buf + i, probe_rand(&s));
	t0 = pace_now();
	while (done < total && pace_now() - t0 < budget) {
		int rc = io_pwrite_all(fd, buf, CHUNK, start + done);

		if (rc < 0)
			return rc;
		done += CHUNK;
		if (!probe_tick(o, _("Writing sequentially"), done, total))
			return -ECANCELED;
	}
	if (fdatasync(fd) < 0)
		return -errno;
	r->write_bytes = done;
	if (done)
		r->write_mbs = (double)done / 1e6 / (pace_now() - t0);
	return 0;
}

/* Direct 4 KiB writes at random places of the largest area. */
static int probe_iops(int fd, const struct probe_opts *o, struct probe_result *r,
		      unsigned char *buf)
{
	const struct probe_area *a = probe_largest(o);
	uint64_t first = (a->off + BLK - 1) / BLK, last = (a->off + a->len) / BLK, s;
	double t0, budget = o->seconds ? o->seconds : 3;
	unsigned n = 0;

	if (last <= first)
		return 0;
	if (getrandom(&s, sizeof(s), 0) != (ssize_t)sizeof(s))
		s = (uint64_t)pace_now();
	t0 = pace_now();
	while (n < IOPS_MAX && pace_now() - t0 < budget) {
		uint64_t blk = first + probe_rand(&s) % (last - first);
		int rc;

		le64_put(buf, s);
		if ((rc = io_pwrite_all(fd, buf, BLK, blk * BLK)) < 0)
			return rc;
		n++;
		if (!(n % 64) && !probe_tick(o, _("Writing at random"), (uint64_t)n, IOPS_MAX))
			return -ECANCELED;
	}
	if (fdatasync(fd) < 0)
		return -errno;
	if (n)
		r->iops = n / (pace_now() - t0);
	return 0;
}

/* Sort helper for offsets. */
static int probe_cmp_u64(const void *a, const void *b)
{
	uint64_t x = *(const uint64_t *)a, y = *(const uint64_t *)b;

	return x < y ? -1 : x > y;
}

/* The grid of offsets the capacity check signs: every multiple of a
 * power-of-two step (1 MiB or more, so at most about POINTS_MAX) inside
 * the areas, plus each area's first and last 4 KiB. A device that wraps
 * at a multiple of the step maps two grid points onto one sector. */
static size_t probe_grid(const struct probe_opts *o, uint64_t *pts, size_t max,
			 uint64_t *span)
{
	uint64_t step = CHUNK, total = 0;
	size_t i, n = 0;

	for (i = 0; i < o->n_area; i++)
		total += o->area[i].len;
	while (total / step > POINTS_MAX)
		step <<= 1;
	*span = total;
	for (i = 0; i < o->n_area && n < max; i++) {
		uint64_t first = (o->area[i].off + BLK - 1) & ~(uint64_t)(BLK - 1);
		uint64_t end = (o->area[i].off + o->area[i].len) & ~(uint64_t)(BLK - 1), x;

		if (end < first + BLK)
			continue;
		pts[n++] = first;
		for (x = (first / step + 1) * step; x + BLK <= end - BLK && n < max; x += step)
			pts[n++] = x;
		if (n < max && end - BLK > first)
			pts[n++] = end - BLK;
	}
	qsort(pts, n, sizeof(*pts), probe_cmp_u64);
	return n;
}

/* Write the signed grid, then read it all back: a sector that comes
 * back signed for another offset shows the device wraps (the smallest
 * distance is its real size); one that comes back unsigned shows writes
 * are lost from there on. */
static int probe_capacity(int fd, const struct probe_opts *o, struct probe_result *r,
			  unsigned char *buf)
{
	enum { MAXP = POINTS_MAX + 2 * PROBE_MAX_AREAS + 8 };
	uint64_t *pts = malloc(MAXP * sizeof(*pts)), nonce, span, wrap = 0, lost = UINT64_MAX;
	size_t n, i;
	int rc = 0;

	if (!pts)
		return -ENOMEM;
	if (getrandom(&nonce, sizeof(nonce), 0) != (ssize_t)sizeof(nonce))
		nonce = (uint64_t)pace_now() * 2654435761u;
	n = probe_grid(o, pts, MAXP, &span);
	for (i = 0; i < n && rc == 0; i++) {
		probe_sign(buf, nonce, pts[i]);
		rc = io_pwrite_all(fd, buf, BLK, pts[i]);
		if (rc == 0 && !(i % 32) && !probe_tick(o, _("Checking the capacity"), i, 2 * n))
			rc = -ECANCELED;
	}
	if (rc == 0 && fdatasync(fd) < 0)
		rc = -errno;
	for (i = 0; i < n && rc == 0; i++) {
		uint64_t at;

		if (io_pread_exact(fd, buf, BLK, pts[i]) < 0 || !probe_signed(buf, nonce, &at)) {
			if (pts[i] < lost)
				lost = pts[i];
		} else if (at != pts[i]) {
			uint64_t d = at > pts[i] ? at - pts[i] : pts[i] - at;

			if (!wrap || d < wrap)
				wrap = d;
		}
		if (!(i % 32) && !probe_tick(o, _("Checking the capacity"), n + i, 2 * n))
			rc = -ECANCELED;
	}
	free(pts);
	if (rc < 0)
		return rc;
	r->method = PROBE_M_STOAT;
	r->points = (unsigned)n;
	r->checked_bytes = span;
	if (wrap || lost != UINT64_MAX) {
		r->cap = PROBE_CAP_FAKE;
		r->real_size = wrap && wrap < lost ? wrap : lost;
	} else {
		r->cap = PROBE_CAP_OK;
	}
	probe_cap_text(r);
	return 0;
}

/* Whether every area lies inside the device. */
static bool probe_areas_fit(const struct probe_opts *o, uint64_t size)
{
	size_t i;

	for (i = 0; i < o->n_area; i++)
		if (o->area[i].off > size || o->area[i].len > size - o->area[i].off)
			return false;
	return true;
}

/* Open the device: shared for reading, exclusive for writing unless the
 * caller holds it so already; direct I/O where the file system allows it
 * (image files on tmpfs do not). */
static int probe_open(const char *path, bool write, bool held)
{
	int flags = (write ? O_RDWR | (held ? 0 : O_EXCL) : O_RDONLY) | O_CLOEXEC;
	int fd = open(path, flags | O_DIRECT);

	if (fd < 0 && errno == EINVAL)
		fd = open(path, flags);
	return fd < 0 ? -errno : fd;
}

/* The measuring part, on an open device. */
static int probe_measure(int fd, const struct probe_opts *o, struct probe_result *r,
			 unsigned char *buf, bool *f3_left)
{
	int rc;

	if ((rc = probe_read_checks(fd, r, buf)) < 0 || (rc = probe_read_speed(fd, o, r, buf)) < 0)
		return rc;
	if (!o->n_area)
		return 0;
	if ((rc = probe_write_speed(fd, o, r, buf)) < 0 || (rc = probe_iops(fd, o, r, buf)) < 0)
		return rc;
	if (!o->no_f3 && !o->held && probe_f3_found()) {
		*f3_left = true;
		return 0;
	}
	return probe_capacity(fd, o, r, buf);
}

/* Probe the device at path: facts, read checks, and the write tests in
 * the allowed areas. */
int probe_run(const char *path, const struct probe_opts *o, struct probe_result *r,
	      struct stoat_err *e)
{
	struct disk_scan_opts so = { .sysfs_root = o->sysfs_root };
	unsigned char *buf = NULL;
	bool f3_left = false;
	int fd, rc;

	memset(r, 0, sizeof(*r));
	r->read_mbs = r->write_mbs = r->iops = -1;
	r->queue_depth = -1;
	if ((rc = disk_probe_one(&so, path, &r->disk, e)) < 0)
		return rc;
	probe_sysfs(o, r);
	if (o->n_area && !probe_areas_fit(o, r->disk.size))
		return err_set(e, EINVAL, _("%s: the area to probe lies beyond the end of the device"), path);
	if ((fd = probe_open(path, o->n_area > 0, o->held)) < 0)
		return err_set(e, -fd, _("cannot open %s: %s"), path, strerror(-fd));
	if (posix_memalign((void **)&buf, BLK, CHUNK + ECHO_BYTES) != 0) {
		close(fd);
		return err_set(e, ENOMEM, _("out of memory"));
	}
	rc = probe_measure(fd, o, r, buf, &f3_left);
	free(buf);
	close(fd);
	if (rc == 0 && f3_left)
		rc = probe_f3_run(path, o, r, e);
	else if (rc < 0 && rc != -ECANCELED)
		err_set(e, -rc, _("cannot probe %s: %s"), path, strerror(-rc));
	if (rc == -ECANCELED)
		err_set(e, ECANCELED, _("The probe was stopped."));
	probe_verdicts(r);
	return rc;
}

/* The write areas of an install: the partitions it makes. */
size_t probe_area_layout(const struct layout *l, struct probe_area *a, size_t max)
{
	size_t n = 0;
	unsigned i;

	for (i = 0; i < l->n && n < max; i++) {
		const struct layout_part *p = &l->part[i];

		if (p->keep || p->end < p->start)
			continue;
		a[n].off = p->start * l->sector_size;
		a[n].len = (p->end - p->start + 1) * l->sector_size;
		n++;
	}
	return n;
}

/* The write area of a flash: the image's length after its first MiB,
 * whole 4 KiB. */
size_t probe_area_image(uint64_t len, struct probe_area *a, size_t max)
{
	uint64_t end = len & ~(uint64_t)(BLK - 1);

	if (!max || end < CHUNK + BLK)
		return 0;
	a[0].off = CHUNK;
	a[0].len = end - CHUNK;
	return 1;
}
