/* image_io.c - a few writer threads, so several writes are in flight.
 *
 * One synchronous O_DIRECT write at a time leaves a device idle between
 * requests (that is dd's pace). The flash loop instead queues positional
 * writes here, tagged with the ring slot whose memory they use, and gives
 * a slot back to the reader once its tag is done. */
#include "config.h"

#include <errno.h>
#include <string.h>

#include "image_priv.h"
#include "io.h"
#include "nls.h"

/* Worker: take requests until told to stop. */
static void *io_main(void *arg)
{
	struct image_io *io = arg;

	pthread_mutex_lock(&io->lock);
	for (;;) {
		struct image_op op;
		int rc;

		while (!io->qcount && !io->stop)
			pthread_cond_wait(&io->work, &io->lock);
		if (!io->qcount)
			break;
		op = io->q[io->qhead];
		io->qhead = (io->qhead + 1) % IMAGE_IO_QUEUE;
		io->qcount--;
		if (!io->rc) {
			pthread_mutex_unlock(&io->lock);
			rc = io_pwrite_all(io->fd, op.p, op.len, op.off);
			pthread_mutex_lock(&io->lock);
			if (rc < 0 && !io->rc)
				io->rc = rc;
		}
		io->pending[op.tag]--;
		pthread_cond_broadcast(&io->done);
	}
	pthread_mutex_unlock(&io->lock);
	return NULL;
}

/* Start the writer threads on fd. */
int image_io_start(struct image_io *io, int fd, struct stoat_err *e)
{
	unsigned i;
	int rc;

	memset(io, 0, sizeof(*io));
	io->fd = fd;
	pthread_mutex_init(&io->lock, NULL);
	pthread_cond_init(&io->work, NULL);
	pthread_cond_init(&io->done, NULL);
	for (i = 0; i < IMAGE_IO_THREADS; i++) {
		rc = image_thread_start(&io->th[i], io_main, io);
		if (rc) {
			image_io_end(io);
			return err_set(e, rc, _("cannot start the writer threads: %s"), strerror(rc));
		}
		io->nth++;
	}
	return 0;
}

/* Queue a write of len bytes at off from p, whose memory belongs to ring
 * slot tag. The first error so far, or 0. */
int image_io_submit(struct image_io *io, const unsigned char *p, size_t len,
		    uint64_t off, unsigned tag)
{
	int rc;

	pthread_mutex_lock(&io->lock);
	while (io->qcount == IMAGE_IO_QUEUE)
		pthread_cond_wait(&io->done, &io->lock);
	io->q[(io->qhead + io->qcount) % IMAGE_IO_QUEUE] =
		(struct image_op){ p, len, off, tag };
	io->qcount++;
	io->pending[tag]++;
	rc = io->rc;
	pthread_cond_signal(&io->work);
	pthread_mutex_unlock(&io->lock);
	return rc;
}

/* Wait until every request of slot tag is done; the first error or 0. */
int image_io_wait(struct image_io *io, unsigned tag)
{
	int rc;

	pthread_mutex_lock(&io->lock);
	while (io->pending[tag])
		pthread_cond_wait(&io->done, &io->lock);
	rc = io->rc;
	pthread_mutex_unlock(&io->lock);
	return rc;
}

/* Wait for every request; the first error or 0. */
int image_io_drain(struct image_io *io)
{
	unsigned t;
	int rc = 0;

	for (t = 0; t < IMAGE_RING; t++)
		rc = image_io_wait(io, t);
	return rc;
}

/* Finish what is queued, stop the threads. Safe after a failed start. */
void image_io_end(struct image_io *io)
{
	unsigned i;

	pthread_mutex_lock(&io->lock);
	io->stop = true;
	pthread_cond_broadcast(&io->work);
	pthread_mutex_unlock(&io->lock);
	for (i = 0; i < io->nth; i++)
		pthread_join(io->th[i], NULL);
	io->nth = 0;
	pthread_mutex_destroy(&io->lock);
	pthread_cond_destroy(&io->work);
	pthread_cond_destroy(&io->done);
}
