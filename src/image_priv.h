/* image_priv.h - pieces shared by image_*.c; not a public contract. */
#ifndef STOAT_IMAGE_PRIV_H
#define STOAT_IMAGE_PRIV_H

#include <pthread.h>
#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include <sys/types.h>

#include <nettle/sha2.h>

#include "crc32.h"
#include "disk.h"
#include "err.h"
#include "image.h"
#include "pace.h"

#define IMAGE_MIB (1024u * 1024u)
#define IMAGE_BUF_SIZE (4u * IMAGE_MIB)	/* one write or read */
#define IMAGE_RING 8			/* buffers in the ring: 32 MiB */
#define IMAGE_ALIGN 4096u		/* buffer alignment for O_DIRECT */

/* --- image_ring.c: a producer thread fills buffers, the caller drains --- */

/* One buffer: len bytes of the stream starting at offset. */
struct image_buf {
	unsigned char *data;
	size_t len;
	uint64_t offset;
	uint64_t in_pos;	/* input file bytes consumed up to here */
};

/* Fill b->data with up to IMAGE_BUF_SIZE bytes; set b->len (0: end).
 * Return 0 or a negative errno with e filled. Runs on the producer thread. */
typedef int (*image_fill_fn)(void *ctx, struct image_buf *b, struct stoat_err *e);

/* A producer thread and the memory of its IMAGE_RING buffers: what a
 * ring for one consumer and one shared by several have in common. */
struct image_pump {
	pthread_t thread;
	pthread_mutex_t lock;
	pthread_cond_t cond;
	unsigned char *mem;
	bool stop, started;
};

/* Allocate the buffers of buf[], init the lock and start fn(arg). */
int image_pump_start(struct image_pump *p, struct image_buf *buf, void *(*fn)(void *),
		     void *arg, struct stoat_err *e);
/* Tell the producer to stop, wait for it, free the buffers. */
void image_pump_end(struct image_pump *p);

struct image_ring {
	struct image_pump p;
	struct image_buf buf[IMAGE_RING];
	unsigned head, count;		/* filled buffers: head .. head+count */
	unsigned taken;			/* of those, handed to the consumer */
	bool eof;
	int rc;				/* producer's error, 0 if none */
	struct stoat_err err;
	image_fill_fn fill;
	void *ctx;
};

/* pthread_create with every signal blocked in the new thread. */
int image_thread_start(pthread_t *th, void *(*fn)(void *), void *arg);
int image_ring_start(struct image_ring *r, image_fill_fn fill, void *ctx,
		     struct stoat_err *e);
/* Next filled buffer (NULL at the end of the stream), or a negative errno. */
int image_ring_get(struct image_ring *r, struct image_buf **b, struct stoat_err *e);
/* Give the oldest buffer taken with image_ring_get back to the producer. */
void image_ring_put(struct image_ring *r);
/* Stop the producer and free everything; safe after a failed start. */
void image_ring_end(struct image_ring *r);

/* --- image_io.c: writer threads keeping several requests in flight --- */
#define IMAGE_IO_THREADS 4
#define IMAGE_IO_QUEUE 64

struct image_op {
	const unsigned char *p;
	size_t len;
	uint64_t off;
	unsigned tag;		/* ring slot holding p */
};

struct image_io {
	int fd;
	pthread_t th[IMAGE_IO_THREADS];
	unsigned nth;
	pthread_mutex_t lock;
	pthread_cond_t work, done;
	struct image_op q[IMAGE_IO_QUEUE];
	unsigned qhead, qcount;
	unsigned pending[IMAGE_RING];	/* requests outstanding per slot */
	bool stop;
	int rc;				/* first error */
};

int image_io_start(struct image_io *io, int fd, struct stoat_err *e);
int image_io_submit(struct image_io *io, const unsigned char *p, size_t len,
		    uint64_t off, unsigned tag);
int image_io_wait(struct image_io *io, unsigned tag);
int image_io_drain(struct image_io *io);
void image_io_end(struct image_io *io);

struct archive;

/* --- image_source.c: an image file, raw or compressed --- */
struct image_source {
	char path[4096];
	int fd;				/* raw: read directly */
	struct archive *ar;		/* compressed: libarchive raw reader */
	bool compressed;
	char filter[32];		/* "zstd", "xz", ... or "none" */
	int filter_code;		/* libarchive's ARCHIVE_FILTER_* of the outer one */
	int layers;			/* filters stacked (gzip holding xz: 2) */
	uint64_t file_size;		/* of the file on disk */
	uint64_t pos;			/* uncompressed bytes handed out */
	bool hash;			/* compute the stream's SHA-256 */
	bool gzip, ended;		/* check gzip's CRC-32 at the end */
	struct crc32 crc;
	struct sha256_ctx sha;
};

int image_source_open(struct image_source *s, const char *path, struct stoat_err *e);
void image_source_close(struct image_source *s);
/* image_fill_fn reading the next piece of the uncompressed stream. */
int image_source_fill(void *ctx, struct image_buf *b, struct stoat_err *e);
/* Read up to len bytes from the start of a freshly opened source's
 * uncompressed stream into buf; *got says how many. */
int image_source_head(struct image_source *s, unsigned char *buf, size_t len, size_t *got,
		      struct stoat_err *e);
/* Read PATH.sha256 when it holds the stream's digest; 1 found, 0 not. */
int image_sidecar_read(const char *path, bool compressed, char hex[65]);

/* --- image_target.c: the device's usability and identity (struct
 * image_dev, image_target_check, image_target_open and image_set_direct
 * are in image.h: mkstick.c uses them too) --- */
/* A stage's speed, measured from the reports themselves. */
struct image_meter {
	double last;			/* time of the last report handed on */
	bool started;
	enum image_stage stage;
	double t;			/* time of the last sample */
	uint64_t done, in_done;		/* bytes at the last sample */
	double rate, in_rate;		/* smoothed bytes/s: stream, input file */
};
/* Start measuring a stage at now (its bytes counted from 0). */
void image_meter_begin(struct image_meter *m, enum image_stage st, double now);
/* Take a sample at now: fill p->rate and p->eta (seconds left at the
 * measured speed, by the stream when its total is known, else by the
 * input file; -1 until a speed is known). A new stage starts afresh. */
void image_meter_update(struct image_meter *m, struct image_progress *p, double now);
/* Measure p and hand it to cb's progress callback, at most four times a
 * second unless forced. */
void image_report(const struct image_cb *cb, struct image_meter *m, struct image_progress *p,
		  bool force);
/* Whether the front end asked to stop (cb's cancelled callback). */
bool image_cancelled(const struct image_cb *cb);

/* --- image_flash.c: the steps of a flash, shared with image_multi.c --- */

/* Where a flash's stream comes from: its own ring, or its share of a ring
 * read once for several devices. A buffer's slot (its tag for image_io)
 * is b - base. */
struct image_feed {
	int (*get)(void *ctx, struct image_buf **b, struct stoat_err *e);
	void (*put)(void *ctx);
	struct image_buf *base;
	void *ctx;
};

/* One device being flashed. */
struct image_flasher {
	const struct image_flash_opts *o;
	const struct image_cb *cb;
	struct image_source src;
	struct image_dev dev;
	unsigned char *first;		/* the image's first MiB, written last */
	size_t first_len;
	bool can_zero;			/* the device zeroes ranges on request */
	int zero_mode;			/* fallocate mode that does it */
	uint64_t zero_upto;		/* [1 MiB, zero_upto) reads back as zeros */
	uint64_t zero_limit;		/* no need to zero past this */
	uint64_t skipped;
	uint64_t synced, prev_off, prev_len;	/* sync_file_range windows */
	uint64_t size;			/* uncompressed image size; 0: not known */
	struct image_meter meter;
};

/* Set f up for o and cb, nothing open yet. */
void image_flasher_init(struct image_flasher *f, const struct image_flash_opts *o,
			const struct image_cb *cb);
/* The checks of one target against the probed image, then open it. */
int image_flasher_open(struct image_flasher *f, const struct image_info *in,
		       struct stoat_err *e);
/* After confirmation: the first-MiB buffer and the zeroing plan. */
int image_flasher_prepare(struct image_flasher *f, struct stoat_err *e);
/* Write the stream from feed, all but its first MiB; *total: bytes seen. */
int image_flasher_stream(struct image_flasher *f, const struct image_feed *feed,
			 uint64_t *total, struct stoat_err *e);
/* After the stream: a file's size, a stale GPT tail zeroed, synced. */
int image_flasher_settle(struct image_flasher *f, uint64_t total, struct stoat_err *e);
/* Compare the device from byte from with the stream from feed. */
int image_flasher_compare(struct image_flasher *f, const struct image_feed *feed,
			  uint64_t from, uint64_t total, struct stoat_err *e);
/* The first MiB, last; read back when o->verify. */
int image_flasher_first(struct image_flasher *f, uint64_t total, struct stoat_err *e);
/* Add "DEVICE was partly written" to e; returns its code. */
int image_flasher_partly(struct image_flasher *f, struct stoat_err *e);
/* Close the source and device, free the buffers. */
void image_flasher_close(struct image_flasher *f);

#endif
