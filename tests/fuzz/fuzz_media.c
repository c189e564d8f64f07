/* fuzz_media.c - libFuzzer target for the media reader (libarchive).
 *
 * Each input is the bytes of an ISO, tar, tgz or anything else, put in a
 * memfd and opened through /proc/self/fd/N, so no file is left behind.
 * Media that opens is also listed, its license read, and every item
 * streamed once. Beyond "no crash": a refusal carries a message, items
 * have names inside their partition, a stream that succeeds delivers
 * exactly the size each item announced, and the boot-kit search either
 * fails with a message or says why a boot path is missing. */
#include "config.h"

#include <stdbool.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mman.h>
#include <unistd.h>

#include "bootkit.h"
#include "media.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

#define FUZZ_MAX_ITEMS 4096

struct fuzz_sink {
	uint64_t got[FUZZ_MAX_ITEMS];
	size_t n_items, current;
};

/* Stop the run with a crash the fuzzer records. */
static void fuzz_fail(const char *what)
{
	fprintf(stderr, "fuzz_media: %s\n", what);
	abort();
}

/* Sink: an item starts. */
static int fuzz_begin(void *vctx, size_t item, struct stoat_err *e)
{
	struct fuzz_sink *s = vctx;

	(void)e;
	if (item >= s->n_items)
		fuzz_fail("begin for an item that does not exist");
	s->current = item;
	return 0;
}

/* Sink: bytes of the current item. */
static int fuzz_data(void *vctx, size_t item, const void *buf, size_t len,
		     struct stoat_err *e)
{
	struct fuzz_sink *s = vctx;

	(void)e;
	if (item != s->current || (len && !buf))
		fuzz_fail("data for the wrong item");
	if (item < FUZZ_MAX_ITEMS)
		s->got[item] += len;
	return 0;
}

/* Sink: an item ends. */
static int fuzz_end(void *vctx, size_t item, struct stoat_err *e)
{
	struct fuzz_sink *s = vctx;

	(void)e;
	if (item != s->current)
		fuzz_fail("end for the wrong item");
	return 0;
}

/* Whether a destination path is absolute or has a ".." component ("a..b"
 * is a plain name). */
static bool fuzz_escapes(const char *dest)
{
	const char *p = dest;

	if (dest[0] == '/')
		return true;
	while (*p) {
		size_t n = strcspn(p, "/");

		if (n == 2 && p[0] == '.' && p[1] == '.')
			return true;
		p += n;
		if (*p == '/')
			p++;
	}
	return false;
}

/* Search the boot kit: a failure has a message, a missing path a reason,
 * and a second call gives the kit kept with the media. */
static void fuzz_bootkit(struct media *m)
{
	struct stoat_err e = { 0 };
	const struct bootkit *kit = media_bootkit(m, &e);
	char why[512];

	if (!kit) {
		if (!e.msg[0])
			fuzz_fail("media_bootkit failed without a message");
	} else if ((!bootkit_uefi_ready(kit, why, sizeof(why)) && !why[0]) ||
		   (!bootkit_bios_ready(kit, why, sizeof(why)) && !why[0])) {
		fuzz_fail("a boot path is missing without a reason");
	} else if (media_bootkit(m, &e) != kit) {
		fuzz_fail("media_bootkit searched twice");
	}
}

/* Check what an opened media lists, then stream it. */
static void fuzz_opened(struct media *m)
{
	static struct fuzz_sink s;
	struct media_sink sink = { &s, fuzz_begin, fuzz_data, fuzz_end };
	const struct media_item *it;
	struct stoat_err e = { 0 };
	size_t n, i;
	char *eula;

	if (!media_title(m) || !media_version(m) || !media_bootcfg(m))
		fuzz_fail("opened media without title, version or boot.cfg");
	n = media_items(m, &it);
	for (i = 0; i < n; i++) {
		if (!it[i].src || !memchr(it[i].dest, '\0', sizeof(it[i].dest)) ||
		    fuzz_escapes(it[i].dest))
			fuzz_fail("an item whose destination escapes its partition");
	}
	eula = media_eula(m, &e);
	free(eula);
	fuzz_bootkit(m);
	memset(&s, 0, sizeof(s));
	s.n_items = n;
	s.current = (size_t)-1;
	e.msg[0] = '\0';
	if (media_stream(m, &sink, &e) < 0) {
		if (!e.msg[0])
			fuzz_fail("media_stream failed without a message");
		return;
	}
	for (i = 0; i < n && i < FUZZ_MAX_ITEMS; i++)
		if (s.got[i] != it[i].size)
			fuzz_fail("an item streamed with another size than listed");
}

/* One input: the whole media image. */
int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	struct stoat_err e = { 0 };
	struct media *m = NULL;
	char path[64];
	size_t off = 0;
	int fd = memfd_create("stoat-fuzz-media", MFD_CLOEXEC), rc;

	if (fd < 0)
		fuzz_fail("memfd_create failed");
	while (off < size) {
		ssize_t w = write(fd, data + off, size - off);

		if (w <= 0)
			fuzz_fail("short write to the memfd");
		off += (size_t)w;
	}
	snprintf(path, sizeof(path), "/proc/self/fd/%d", fd);
	rc = media_open(path, &m, &e);
	if (rc < 0) {
		if (!e.msg[0] || m)
			fuzz_fail("refusal without a message, or with a media");
	} else {
		fuzz_opened(m);
		media_close(m);
	}
	close(fd);
	return 0;
}
