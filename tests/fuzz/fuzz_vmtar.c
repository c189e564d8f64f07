/* fuzz_vmtar.c - libFuzzer target for the vmtar reader and the boot-kit
 * search over payloads.
 *
 * Each input is a payload as stored (gzip, xz, zstd, plain; vmtar or tar).
 * It is read twice: by vmtar_read, taking every file whose data lies in
 * the first 16 MiB (at most 1 MiB each), and by bootkit_scan as a btldr
 * payload. Beyond "no crash": a refusal carries a message, a file handed
 * over yields exactly the size its header gives, and the kit's pieces
 * hold bytes within the limit and origins that are strings. */
#include "config.h"

#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "bootkit.h"
#include "stream.h"
#include "vmtar.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

/* Stop the run with a crash the fuzzer records. */
static void fuzz_fail(const char *what)
{
	fprintf(stderr, "fuzz_vmtar: %s\n", what);
	abort();
}

/* pick: files whose data lies early enough. */
static int fuzz_pick(void *ctx, const struct vmtar_entry *ent, struct stoat_err *e)
{
	(void)ctx;
	(void)e;
	if (!memchr(ent->name, '\0', sizeof(ent->name)) || !ent->name[0])
		fuzz_fail("an entry without a terminated, non-empty name");
	return ent->type == VMTAR_FILE && (uint64_t)ent->offset + ent->size <= (16u << 20);
}

/* data: read it all (up to 1 MiB) and check the count. */
static int fuzz_data(void *ctx, const struct vmtar_entry *ent, const struct stream *in,
		     struct stoat_err *e)
{
	unsigned char *buf, more;
	int rc;

	(void)ctx;
	rc = stream_slurp(in, ent->size, 1u << 20, &buf, e);
	if (rc == -EFBIG)
		return 0;
	if (rc < 0)
		return rc;
	free(buf);
	if (in->read(in->ctx, &more, 1, e) != 0)
		fuzz_fail("a file's stream yields more than its size");
	return 0;
}

/* One input: a payload. */
int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	struct vmtar_visit v = { NULL, fuzz_pick, fuzz_data };
	struct stoat_err e = { 0 };
	struct bootkit kit = { 0 };
	struct stream_mem m;
	struct stream s;
	char why[512];
	size_t i;

	if (vmtar_read_mem(data, size, &v, &e) < 0 && !e.msg[0])
		fuzz_fail("a refusal without a message");
	stream_mem_init(&m, &s, data, size);
	if (bootkit_scan(&kit, "BTLDR.V00", BOOTKIT_FROM_BTLDR, &s, &e) < 0 && !e.msg[0])
		fuzz_fail("bootkit_scan failed without a message");
	for (i = 0; i < BOOTKIT_N_PIECES; i++) {
		const struct bootkit_file *f = &kit.piece[i];

		if (f->data && (f->size > BOOTKIT_FILE_MAX || f->source != BOOTKIT_FROM_BTLDR))
			fuzz_fail("a piece too large or from elsewhere");
		if (!memchr(f->origin, '\0', sizeof(f->origin)) || !memchr(f->why, '\0', sizeof(f->why)))
			fuzz_fail("an unterminated origin or reason");
	}
	if (!bootkit_uefi_ready(&kit, why, sizeof(why)) && !why[0])
		fuzz_fail("UEFI not ready without a reason");
	if (!bootkit_bios_ready(&kit, why, sizeof(why)) && !why[0])
		fuzz_fail("BIOS not ready without a reason");
	bootkit_free(&kit);
	return 0;
}
