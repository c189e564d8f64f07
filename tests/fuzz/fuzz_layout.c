/* fuzz_layout.c - libFuzzer target for the partition layout planner.
 *
 * Random device sizes, sector sizes, flash flag, profile and options. The
 * planner must either refuse with a message, or return a table whose
 * partitions all lie inside the GPT's usable area, do not overlap, carry
 * distinct numbers and a type, and render through layout_format. */
#include "config.h"

#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "layout.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

#define FUZZ_GPT_ARRAY_BYTES 16384u	/* 128 entries of 128 bytes */

/* Stop the run with a crash the fuzzer records, naming the invariant. */
static void fuzz_fail(const char *what, const struct layout *l)
{
	fprintf(stderr, "fuzz_layout: %s (size %llu sectors of %u, profile %d, flash %d)\n",
		what, (unsigned long long)l->total_sectors, l->sector_size,
		(int)l->profile, (int)l->flash);
	abort();
}

/* Take n bytes (little-endian) off the front of the input, zero past its end. */
static uint64_t fuzz_take(const uint8_t **data, size_t *size, size_t n)
{
	uint64_t v = 0;
	size_t i;

	for (i = 0; i < n; i++) {
		if (*size) {
			v |= (uint64_t)**data << (8 * i);
			(*data)++;
			(*size)--;
		}
	}
	return v;
}

/* The device size: raw 64 bits, or a MiB count, or a few bytes off a GiB. */
static uint64_t fuzz_size(unsigned mode, uint64_t raw)
{
	switch (mode % 4) {
	case 0:
		return raw;
	case 1:
		return (raw % (1u << 24)) << 20;		/* up to 16 TiB in MiB */
	case 2:
		return ((raw >> 16) % 4096 << 30) + (raw & 0xffff) - 0x8000;
	default:
		return raw % (64ull << 30);
	}
}

/* Check one planned table against the GPT's usable area. */
static void fuzz_check(const struct layout *l, uint64_t bytes)
{
	uint64_t ss = l->sector_size, first, last;
	unsigned i, j;
	size_t need;
	char *buf;

	if (ss != 512 && ss != 4096)
		fuzz_fail("sector size changed", l);
	if (l->total_sectors != bytes / ss)
		fuzz_fail("total_sectors is not the device size", l);
	if (l->n == 0 || l->n > LAYOUT_MAX_PARTS)
		fuzz_fail("partition count out of range", l);
	if (l->profile != LAYOUT_ESXI6 && l->profile != LAYOUT_ESXI7)
		fuzz_fail("profile not fixed", l);
	first = 2 + FUZZ_GPT_ARRAY_BYTES / ss;
	last = l->total_sectors - 2 - FUZZ_GPT_ARRAY_BYTES / ss;
	for (i = 0; i < l->n; i++) {
		const struct layout_part *p = &l->part[i];

		if (p->start > p->end)
			fuzz_fail("partition ends before it starts", l);
		if (p->start < first || p->end > last)
			fuzz_fail("partition outside the usable area", l);
		if (p->num < 1 || p->num > 128)
			fuzz_fail("partition number out of range", l);
		if (!p->type_guid || strlen(p->type_guid) != 32 || !p->type_name)
			fuzz_fail("partition without a type", l);
		for (j = 0; j < i; j++) {
			const struct layout_part *q = &l->part[j];

			if (q->num == p->num)
				fuzz_fail("two partitions with one number", l);
			if (p->start <= q->end && q->start <= p->end)
				fuzz_fail("partitions overlap", l);
		}
	}
	if (memchr(l->warning, '\0', sizeof(l->warning)) == NULL)
		fuzz_fail("warning not terminated", l);
	need = layout_format(l, NULL, 0);
	if (!(buf = malloc(need + 1)))
		return;
	if (layout_format(l, buf, need + 1) != need || strlen(buf) != need)
		fuzz_fail("layout_format length", l);
	free(buf);
}

/* One input: mode, size, sector size, flags, profile, media size. */
int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	static const unsigned sectors[] = { 512, 4096, 0, 1024, 520, 4097 };
	struct layout_opts o = { 0 };
	struct layout l;
	struct stoat_err e = { 0 };
	unsigned mode = (unsigned)fuzz_take(&data, &size, 1);
	uint64_t bytes = fuzz_size(mode, fuzz_take(&data, &size, 8));
	unsigned ss = sectors[fuzz_take(&data, &size, 1) % 6];
	unsigned flags = (unsigned)fuzz_take(&data, &size, 1);
	enum layout_profile prof = (enum layout_profile)(fuzz_take(&data, &size, 1) % 4);
	int rc;

	o.novmfsondisk = flags & 1;
	o.media_size = (enum layout_media_size)((flags >> 2) % 5);
	memset(&l, 0xa5, sizeof(l));
	rc = layout_plan(bytes, ss, (flags & 2) != 0, prof, &o, &l, &e);
	if (rc < 0) {
		if (!e.msg[0] || e.code != -rc)
			fuzz_fail("refusal without a message", &l);
		return 0;
	}
	if (rc != 0)
		fuzz_fail("positive return", &l);
	if (ss != 512 && ss != 4096 && ss != 0)
		fuzz_fail("accepted an unsupported sector size", &l);
	fuzz_check(&l, bytes);
	return 0;
}
