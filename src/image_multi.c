/* image_multi.c - one image onto several devices at once.
 *
 * One reader thread decompresses the image into a ring of IMAGE_RING
 * buffers shared by every device; each device has a thread of its own
 * (with its own writer threads, image_io.c) that takes the buffers in
 * order and hands each back when written. A slot is refilled only once
 * every device still writing has handed it back, so the slowest device
 * sets the pace and the memory stays that of one ring, whatever the
 * number of devices or the image's size. A device that fails leaves the
 * set: its position no longer holds the reader back.
 *
 * The steps per device are those of image_flash (image_flash.c): the
 * stream but its first MiB, sync, then one more pass over the image that
 * compares every device at once, then each device's first MiB, last.
 * Callbacks run on the caller's thread: it watches the device threads. */
#include "config.h"

#include <errno.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <time.h>

#include "digest.h"
#include "image_priv.h"
#include "nls.h"

/* The shared ring: a reader filling slots, n consumers taking them. */
struct multi_ring {
	struct image_pump p;
	struct image_buf buf[IMAGE_RING];
	struct image_source *src;
	uint64_t made;				/* buffers filled so far */
	uint64_t next[IMAGE_MULTI_MAX];		/* a consumer's next to take */
	uint64_t freed[IMAGE_MULTI_MAX];	/* and how many it handed back */
	bool live[IMAGE_MULTI_MAX];		/* still taking */
	unsigned n;
	bool eof;
	int rc;
	struct stoat_err err;
};

struct multi;

/* One device: its flash, its thread and what it last reported. */
struct multi_dev {
	struct multi *m;
	unsigned i;
	struct image_flash_opts o;
	struct image_cb cb;
	struct image_flasher f;
	pthread_t th;
	bool joinable;
	bool ok;			/* not failed so far */
	bool told;			/* its failure was handed to the caller */
	uint64_t total;
	struct image_progress snap;
	bool fresh;
	struct stoat_err err;
	int rc;
};

struct multi {
	pthread_mutex_t lock;		/* snap, fresh, rc, running */
	pthread_cond_t cond;
	unsigned running;
	int stop;			/* the caller asked to stop (atomic) */
	bool verify_pass;
	struct multi_ring ring;
	struct image_source src;
	const struct image_multi_opts *o;
	const struct image_multi_cb *cb;
	struct image_multi_result *res;
	struct multi_dev dev[IMAGE_MULTI_MAX];
};

/* The oldest buffer some live consumer still holds (made when none). */
static uint64_t ring_oldest(const struct multi_ring *r)
{
	uint64_t low = r->made;
	unsigned i;

	for (i = 0; i < r->n; i++)
		if (r->live[i] && r->freed[i] < low)
			low = r->freed[i];
	return low;
}

/* Whether any consumer is still taking buffers. */
static bool ring_any_live(const struct multi_ring *r)
{
	unsigned i;

	for (i = 0; i < r->n; i++)
		if (r->live[i])
			return true;
	return false;
}

/* The reader: fill the slot after the newest once every live consumer is
 * done with what it held, until the end, an error, a stop or no one left. */
static void *ring_main(void *arg)
{
	struct multi_ring *r = arg;
	uint64_t offset = 0;

	pthread_mutex_lock(&r->p.lock);
	for (;;) {
		struct stoat_err e = { 0 };
		struct image_buf *b;
		int rc;

		while (!r->p.stop && ring_any_live(r) && r->made - ring_oldest(r) >= IMAGE_RING)
			pthread_cond_wait(&r->p.cond, &r->p.lock);
		if (r->p.stop || !ring_any_live(r))
			break;
		b = &r->buf[r->made % IMAGE_RING];
		pthread_mutex_unlock(&r->p.lock);
		b->offset = offset;
		b->len = 0;
		rc = image_source_fill(r->src, b, &e);
		pthread_mutex_lock(&r->p.lock);
		if (rc < 0) {
			r->rc = rc;
			r->err = e;
		} else if (!b->len) {
			r->eof = true;
		} else {
			offset += b->len;
			r->made++;
		}
		pthread_cond_broadcast(&r->p.cond);
		if (rc < 0 || !b->len)
			break;
	}
	pthread_mutex_unlock(&r->p.lock);
	return NULL;
}

/* Start the reader on src for the consumers marked in live[]. */
static int ring_start(struct multi_ring *r, struct image_source *src, const bool *live,
		      unsigned n, struct stoat_err *e)
{
	unsigned i;

	memset(r, 0, sizeof(*r));
	for (i = 0; i < n; i++)
		r->live[i] = live[i];
	r->n = n;
	r->src = src;
	return image_pump_start(&r->p, r->buf, ring_main, r, e);
}

/* A device leaves the ring: it no longer holds the reader back. */
static void ring_drop(struct multi_ring *r, unsigned i)
{
	pthread_mutex_lock(&r->p.lock);
	r->live[i] = false;
	pthread_cond_broadcast(&r->p.cond);
	pthread_mutex_unlock(&r->p.lock);
}

/* image_feed get of device d: its next buffer, NULL at the end. */
static int dev_get(void *ctx, struct image_buf **b, struct stoat_err *e)
{
	struct multi_dev *d = ctx;
	struct multi_ring *r = &d->m->ring;
	int rc = 0;

	pthread_mutex_lock(&r->p.lock);
	while (r->next[d->i] == r->made && !r->eof && !r->rc && !r->p.stop)
		pthread_cond_wait(&r->p.cond, &r->p.lock);
	*b = NULL;
	if (r->next[d->i] < r->made)
		*b = &r->buf[r->next[d->i]++ % IMAGE_RING];
	else if (r->rc) {
		rc = r->rc;
		*e = r->err;
	}
	pthread_mutex_unlock(&r->p.lock);
	return rc;
}

/* image_feed put of device d: its oldest buffer is written. */
static void dev_put(void *ctx)
{
	struct multi_dev *d = ctx;
	struct multi_ring *r = &d->m->ring;

	pthread_mutex_lock(&r->p.lock);
	if (r->freed[d->i] < r->next[d->i])
		r->freed[d->i]++;
	pthread_cond_broadcast(&r->p.cond);
	pthread_mutex_unlock(&r->p.lock);
}

/* Progress of one device's flash: kept for the caller's thread. */
static void dev_progress(void *ctx, const struct image_progress *p)
{
	struct multi_dev *d = ctx;

	pthread_mutex_lock(&d->m->lock);
	d->snap = *p;
	d->fresh = true;
	pthread_mutex_unlock(&d->m->lock);
}

/* Stop check of one device's flash: the caller asked for it. */
static bool dev_cancelled(void *ctx)
{
	const struct multi_dev *d = ctx;

	return __atomic_load_n(&d->m->stop, __ATOMIC_RELAXED) != 0;
}

/* Record that device d failed with e (the caller hears of it soon). */
static void dev_fail(struct multi_dev *d, int rc, const struct stoat_err *e)
{
	pthread_mutex_lock(&d->m->lock);
	if (d->ok) {
		d->ok = false;
		d->rc = rc;
		d->err = *e;
	}
	pthread_mutex_unlock(&d->m->lock);
}

/* A device's thread: write the stream and sync, or compare it. */
static void *dev_main(void *arg)
{
	struct multi_dev *d = arg;
	struct multi *m = d->m;
	struct image_feed feed = { dev_get, dev_put, m->ring.buf, d };
	struct stoat_err e = { 0 };
	double t0 = pace_now();
	int rc;

	if (!m->verify_pass) {
		rc = image_flasher_stream(&d->f, &feed, &d->total, &e);
		if (rc < 0)
			rc = image_flasher_partly(&d->f, &e);
		else
			rc = image_flasher_settle(&d->f, d->total, &e);
		m->res->dev[d->i].write_secs = pace_now() - t0;
	} else {
		rc = image_flasher_compare(&d->f, &feed, d->f.first_len, d->total, &e);
		if (rc < 0)
			rc = image_flasher_partly(&d->f, &e);
		m->res->dev[d->i].verify_secs = pace_now() - t0;
	}
	ring_drop(&m->ring, d->i);
	if (rc < 0)
		dev_fail(d, rc, &e);
	pthread_mutex_lock(&m->lock);
	m->running--;
	pthread_cond_broadcast(&m->cond);
	pthread_mutex_unlock(&m->lock);
	return NULL;
}

/* Hand the caller what the devices reported since last time: progress,
 * and each failure once. Also pass a stop request on. */
static void multi_tell(struct multi *m)
{
	struct image_progress p[IMAGE_MULTI_MAX];
	bool fresh[IMAGE_MULTI_MAX], failed[IMAGE_MULTI_MAX];
	unsigned i, n = m->o->n;

	pthread_mutex_lock(&m->lock);
	for (i = 0; i < n; i++) {
		struct multi_dev *d = &m->dev[i];

		fresh[i] = d->fresh && d->ok;
		p[i] = d->snap;
		d->fresh = false;
		failed[i] = !d->ok && !d->told;
		if (failed[i])
			d->told = true;
	}
	pthread_mutex_unlock(&m->lock);
	for (i = 0; i < n; i++) {
		if (fresh[i] && m->cb->progress)
			m->cb->progress(m->cb->ctx, i, &p[i]);
		if (failed[i] && m->cb->failed)
			m->cb->failed(m->cb->ctx, i, &m->dev[i].err);
	}
	if (m->cb->cancelled && m->cb->cancelled(m->cb->ctx))
		__atomic_store_n(&m->stop, 1, __ATOMIC_RELAXED);
}

/* One pass over the image (write, or verify) for every device still
 * ok: start the reader and their threads, watch them, wait for them. */
static int multi_pass(struct multi *m, bool verify, struct stoat_err *e)
{
	bool live[IMAGE_MULTI_MAX];
	unsigned i, n = m->o->n;
	int rc;

	m->verify_pass = verify;
	for (i = 0; i < n; i++)
		live[i] = m->dev[i].ok;
	if ((rc = ring_start(&m->ring, &m->src, live, n, e)) < 0)
		return rc;
	for (i = 0; i < n; i++) {
		struct multi_dev *d = &m->dev[i];

		if (!live[i])
			continue;
		pthread_mutex_lock(&m->lock);
		m->running++;
		pthread_mutex_unlock(&m->lock);
		if ((rc = image_thread_start(&d->th, dev_main, d)) != 0) {
			struct stoat_err te = { 0 };

			err_set(&te, rc, _("cannot start the writer threads: %s"), strerror(rc));
			ring_drop(&m->ring, i);
			dev_fail(d, -rc, &te);
			pthread_mutex_lock(&m->lock);
			m->running--;
			pthread_mutex_unlock(&m->lock);
			continue;
		}
		d->joinable = true;
	}
	pthread_mutex_lock(&m->lock);
	while (m->running) {
		struct timespec ts;

		clock_gettime(CLOCK_REALTIME, &ts);
		ts.tv_nsec += 100 * 1000 * 1000;
		if (ts.tv_nsec >= 1000 * 1000 * 1000) {
			ts.tv_sec++;
			ts.tv_nsec -= 1000 * 1000 * 1000;
		}
		pthread_cond_timedwait(&m->cond, &m->lock, &ts);
		pthread_mutex_unlock(&m->lock);
		multi_tell(m);
		pthread_mutex_lock(&m->lock);
	}
	pthread_mutex_unlock(&m->lock);
	for (i = 0; i < n; i++)
		if (m->dev[i].joinable) {
			pthread_join(m->dev[i].th, NULL);
			m->dev[i].joinable = false;
		}
	image_pump_end(&m->ring.p);
	multi_tell(m);
	return 0;
}

/* Fail every device still ok with e (a fault of the image, not of one
 * device), saying for each that it was partly written. */
static void multi_fail_all(struct multi *m, const struct stoat_err *e)
{
	unsigned i;

	for (i = 0; i < m->o->n; i++) {
		struct stoat_err de = *e;

		if (m->dev[i].ok) {
			int rc = image_flasher_partly(&m->dev[i].f, &de);

			dev_fail(&m->dev[i], rc, &de);
		}
	}
	multi_tell(m);
}

/* Refuse a device named twice (the same node, or the same file). */
static int multi_twice(const struct image_multi_opts *o, struct stoat_err *e)
{
	struct stat st[IMAGE_MULTI_MAX];
	bool have[IMAGE_MULTI_MAX];
	unsigned i, j;

	for (i = 0; i < o->n; i++) {
		have[i] = stat(o->devices[i], &st[i]) == 0;
		for (j = 0; j < i; j++) {
			bool same = have[i] && have[j] &&
				    (S_ISBLK(st[i].st_mode) && S_ISBLK(st[j].st_mode)
					     ? st[i].st_rdev == st[j].st_rdev
					     : st[i].st_dev == st[j].st_dev && st[i].st_ino == st[j].st_ino);

			if (same || !strcmp(o->devices[i], o->devices[j]))
				return err_set(e, EINVAL, _("%s and %s are the same device; name each device once"),
					       o->devices[j], o->devices[i]);
		}
	}
	return 0;
}

/* Checks of the image and of every device, then the one confirmation. */
static int multi_check(struct multi *m, char *want, struct stoat_err *e)
{
	const struct image_multi_opts *o = m->o;
	const struct disk *targets[IMAGE_MULTI_MAX];
	unsigned i;
	int rc;

	if (o->n < 1 || o->n > IMAGE_MULTI_MAX)
		return err_set(e, EINVAL, _("between 1 and %u devices can be written at once"),
			       IMAGE_MULTI_MAX);
	if ((rc = multi_twice(o, e)) < 0 ||
	    (rc = image_probe(o->image, &m->res->info, e)) < 0 ||
	    (rc = image_flashable(o->image, &m->res->info, o->force, e)) < 0 ||
	    (rc = image_source_open(&m->src, o->image, e)) < 0)
		return rc;
	for (i = 0; i < o->n; i++) {
		struct multi_dev *d = &m->dev[i];

		if ((rc = image_flasher_open(&d->f, &m->res->info, e)) < 0)
			return rc;
		d->f.src.file_size = m->src.file_size;
		targets[i] = &d->f.dev.info;
	}
	if (image_sidecar_read(o->image, m->src.compressed, want)) {
		m->src.hash = true;
		sha256_init(&m->src.sha);
	}
	if (!m->cb->confirm ||
	    !m->cb->confirm(m->cb->ctx, targets, o->n, m->res->info.size))
		return err_set(e, ECANCELED, _("not confirmed; nothing was written"));
	for (i = 0; i < o->n; i++)
		if ((rc = image_flasher_prepare(&m->dev[i].f, e)) < 0)
			return rc;
	return 0;
}

/* Write pass, checksum, verify pass, first MiB of each: see image.h. */
static int multi_run(struct multi *m, struct stoat_err *e)
{
	const struct image_multi_opts *o = m->o;
	struct image_multi_result *res = m->res;
	char want[DIGEST_HEX_SIZE] = "", got[DIGEST_HEX_SIZE];
	unsigned char dig[SHA256_DIGEST_SIZE];
	unsigned i;
	int rc;

	if ((rc = multi_check(m, want, e)) < 0)
		return rc;
	res->started = true;
	for (i = 0; i < o->n; i++)
		m->dev[i].ok = true;
	if ((rc = multi_pass(m, false, e)) < 0) {
		multi_fail_all(m, e);
		return rc;
	}
	if (m->src.hash && m->ring.eof) {
		sha256_digest(&m->src.sha, SHA256_DIGEST_SIZE, dig);
		digest_hex(dig, got);
		if (strcmp(got, want)) {
			struct stoat_err he = { 0 };

			err_set(&he, EINVAL, _("the image %s does not match its checksum file %s.sha256"),
				o->image, o->image);
			multi_fail_all(m, &he);
		} else {
			res->checked_sha256 = true;
		}
	}
	if (o->verify) {
		image_source_close(&m->src);
		if ((rc = image_source_open(&m->src, o->image, e)) < 0 ||
		    (rc = multi_pass(m, true, e)) < 0) {
			multi_fail_all(m, e);
			return rc;
		}
	}
	for (i = 0; i < o->n; i++) {
		struct multi_dev *d = &m->dev[i];
		struct stoat_err de = { 0 };
		double t0 = pace_now();

		if (!d->ok)
			continue;
		if ((rc = image_flasher_first(&d->f, d->total, &de)) < 0)
			dev_fail(d, rc, &de);
		res->dev[i].verify_secs += pace_now() - t0;
		multi_tell(m);
	}
	return 0;
}

/* Flash one image onto several devices; see image.h. */
int image_flash_multi(const struct image_multi_opts *o, const struct image_multi_cb *cb,
		      struct image_multi_result *res, struct stoat_err *e)
{
	static const struct image_multi_cb none = { 0 };
	struct multi *m;
	unsigned i, n = o->n <= IMAGE_MULTI_MAX ? o->n : 0;
	int rc;

	memset(res, 0, sizeof(*res));
	if (!(m = calloc(1, sizeof(*m))))
		return err_set(e, ENOMEM, _("out of memory"));
	m->o = o;
	m->cb = cb ? cb : &none;
	m->res = res;
	m->src.fd = -1;
	pthread_mutex_init(&m->lock, NULL);
	pthread_cond_init(&m->cond, NULL);
	for (i = 0; i < n; i++) {
		struct multi_dev *d = &m->dev[i];

		d->m = m;
		d->i = i;
		d->o = (struct image_flash_opts){ o->image, o->devices[i], o->verify, o->force,
						  o->sysfs_root, o->dev_root, o->mountinfo };
		d->cb = (struct image_cb){ .progress = dev_progress, .ctx = d,
					   .cancelled = dev_cancelled };
		image_flasher_init(&d->f, &d->o, &d->cb);
	}
	rc = multi_run(m, e);
	for (i = 0; i < n && res->started; i++) {
		struct multi_dev *d = &m->dev[i];
		struct image_multi_dev *r = &res->dev[i];

		r->rc = d->ok ? 0 : d->rc;
		r->err = d->err;
		r->bytes = d->total;
		r->skipped = d->f.skipped;
		r->direct = d->f.dev.direct;
		r->verified = d->ok && o->verify;
		if (!d->ok)
			res->failed++;
	}
	if (rc == 0 && res->failed) {
		rc = __atomic_load_n(&m->stop, __ATOMIC_RELAXED) ? -ECANCELED : -EIO;
		err_set(e, -rc, P_("%u of %u device failed", "%u of %u devices failed", o->n),
			res->failed, o->n);
	}
	for (i = 0; i < n; i++)
		image_flasher_close(&m->dev[i].f);
	image_source_close(&m->src);
	pthread_mutex_destroy(&m->lock);
	pthread_cond_destroy(&m->cond);
	free(m);
	return rc;
}
