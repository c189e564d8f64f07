/* image_ring.c - a producer thread filling a small ring of aligned buffers.
 *
 * The producer (decompressing an image, or reading a device) runs ahead of
 * the consumer (writing a device, or compressing) by at most IMAGE_RING
 * buffers, so memory stays bounded whatever the stream's size. */
#include "config.h"

#include <errno.h>
#include <signal.h>
#include <stdlib.h>
#include <string.h>

#include "image_priv.h"
#include "nls.h"

/* The producer loop: fill free buffers until the end, an error or stop. */
static void *ring_main(void *arg)
{
	struct image_ring *r = arg;
	uint64_t offset = 0;

	for (;;) {
		struct image_buf *b;
		struct stoat_err e = { 0 };
		int rc;

		pthread_mutex_lock(&r->p.lock);
		while (r->count == IMAGE_RING && !r->p.stop)
			pthread_cond_wait(&r->p.cond, &r->p.lock);
		if (r->p.stop) {
			pthread_mutex_unlock(&r->p.lock);
			return NULL;
		}
		b = &r->buf[(r->head + r->count) % IMAGE_RING];
		pthread_mutex_unlock(&r->p.lock);

		b->offset = offset;
		b->len = 0;
		rc = r->fill(r->ctx, b, &e);

		pthread_mutex_lock(&r->p.lock);
		if (rc < 0) {
			r->rc = rc;
			r->err = e;
		} else if (b->len == 0) {
			r->eof = true;
		} else {
			offset += b->len;
			r->count++;
		}
		pthread_cond_broadcast(&r->p.cond);
		if (rc < 0 || b->len == 0) {
			pthread_mutex_unlock(&r->p.lock);
			return NULL;
		}
		pthread_mutex_unlock(&r->p.lock);
	}
}

/* Start a helper thread with every signal blocked, so that signals (a
 * front end's Ctrl-C) reach the calling thread only and never interrupt
 * a helper's read or write. 0 or a positive error number. */
int image_thread_start(pthread_t *th, void *(*fn)(void *), void *arg)
{
	sigset_t all, old;
	int rc;

	sigfillset(&all);
	pthread_sigmask(SIG_BLOCK, &all, &old);
	rc = pthread_create(th, NULL, fn, arg);
	pthread_sigmask(SIG_SETMASK, &old, NULL);
	return rc;
}

/* Allocate the buffers, init the lock and start the producer. */
int image_pump_start(struct image_pump *p, struct image_buf *buf, void *(*fn)(void *),
		     void *arg, struct stoat_err *e)
{
	unsigned i;
	int rc;

	if (posix_memalign((void **)&p->mem, IMAGE_ALIGN, (size_t)IMAGE_BUF_SIZE * IMAGE_RING))
		return err_set(e, ENOMEM, _("out of memory for the image buffers"));
	for (i = 0; i < IMAGE_RING; i++)
		buf[i].data = p->mem + (size_t)i * IMAGE_BUF_SIZE;
	pthread_mutex_init(&p->lock, NULL);
	pthread_cond_init(&p->cond, NULL);
	rc = image_thread_start(&p->thread, fn, arg);
	if (rc) {
		pthread_mutex_destroy(&p->lock);
		pthread_cond_destroy(&p->cond);
		free(p->mem);
		p->mem = NULL;
		return err_set(e, rc, _("cannot start the reader thread: %s"), strerror(rc));
	}
	p->started = true;
	return 0;
}

/* Stop the producer, wait for it and free the buffers. */
void image_pump_end(struct image_pump *p)
{
	if (!p->started)
		return;
	pthread_mutex_lock(&p->lock);
	p->stop = true;
	pthread_cond_broadcast(&p->cond);
	pthread_mutex_unlock(&p->lock);
	pthread_join(p->thread, NULL);
	pthread_mutex_destroy(&p->lock);
	pthread_cond_destroy(&p->cond);
	free(p->mem);
	p->mem = NULL;
	p->started = false;
}

/* Start the producer of a ring with one consumer. */
int image_ring_start(struct image_ring *r, image_fill_fn fill, void *ctx,
		     struct stoat_err *e)
{
	memset(r, 0, sizeof(*r));
	r->fill = fill;
	r->ctx = ctx;
	return image_pump_start(&r->p, r->buf, ring_main, r, e);
}

/* Wait for the next filled buffer not yet handed out; *b is NULL at the
 * end of the stream. The consumer may hold several before putting them. */
int image_ring_get(struct image_ring *r, struct image_buf **b, struct stoat_err *e)
{
	int rc = 0;

	pthread_mutex_lock(&r->p.lock);
	while (r->count == r->taken && !r->eof && !r->rc)
		pthread_cond_wait(&r->p.cond, &r->p.lock);
	if (r->count > r->taken) {
		*b = &r->buf[(r->head + r->taken) % IMAGE_RING];
		r->taken++;
	} else if (r->rc) {
		rc = r->rc;
		if (e)
			*e = r->err;
	} else {
		*b = NULL;
	}
	pthread_mutex_unlock(&r->p.lock);
	return rc;
}

/* Hand the oldest buffer taken back to the producer. */
void image_ring_put(struct image_ring *r)
{
	pthread_mutex_lock(&r->p.lock);
	if (r->taken) {
		r->head = (r->head + 1) % IMAGE_RING;
		r->count--;
		r->taken--;
	}
	pthread_cond_broadcast(&r->p.cond);
	pthread_mutex_unlock(&r->p.lock);
}

/* Stop the producer, wait for it and free the buffers. */
void image_ring_end(struct image_ring *r)
{
	image_pump_end(&r->p);
}
