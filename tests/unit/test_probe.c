/* test_probe.c - the pure parts of the probe: f3probe's report read back,
 * the write areas of an install (kept partitions left out) and of a
 * flash, and the known-issues table by version and target. */
#include "config.h"

#include <stdio.h>
#include <string.h>

#include "known_issues.h"
#include "probe.h"
#include "tap.h"

/* f3probe 8.0's report on a counterfeit stick, as it prints it. */
static const char f3_bad[] =
	"F3 probe 8.0\n"
	"Bad news: The device `/dev/sdb' is a counterfeit of type limbo\n\n"
	"Device geometry:\n"
	"\t         *Usable* size: 7.86 GB (16477879 blocks)\n"
	"\t        Announced size: 15.33 GB (32155648 blocks)\n"
	"\t                Module: 16.00 GB (2^34 Bytes)\n"
	"\t   Physical block size: 512.00 Byte (2^9 Bytes)\n";

static const char f3_good[] =
	"F3 probe 8.0\n"
	"Good news: The device `/dev/sdb' is the real thing\n\n"
	"Device geometry:\n"
	"\t         *Usable* size: 1.00 GB (262144 blocks)\n"
	"\t        Announced size: 1.00 GB (262144 blocks)\n"
	"\t   Physical block size: 4.00 KB (2^12 Bytes)\n";

int main(void)
{
	struct layout l = { .sector_size = 512, .n = 3 };
	struct probe_area a[PROBE_MAX_AREAS];
	const struct known_issue *k[4];
	uint64_t usable = 0;
	bool fake = false;
	size_t n;

	ok(probe_f3_parse(f3_bad, &fake, &usable) == 0 && fake, "f3probe: bad news is a fake");
	is_u64(usable, 16477879ull * 512, "its usable size: blocks times the block size");
	ok(probe_f3_parse(f3_good, &fake, &usable) == 0 && !fake, "f3probe: good news is not");
	is_u64(usable, 262144ull * 4096, "with 4 KiB blocks");
	ok(probe_f3_parse("f3probe: cannot open", &fake, &usable) < 0, "an error text is no report");

	l.part[0] = (struct layout_part){ .num = 1, .start = 64, .end = 8191 };
	l.part[1] = (struct layout_part){ .num = 5, .start = 8224, .end = 520191 };
	l.part[2] = (struct layout_part){ .num = 3, .start = 600000, .end = 900000, .keep = true };
	n = probe_area_layout(&l, a, PROBE_MAX_AREAS);
	is_u64(n, 2, "an install's areas: its partitions, the kept one left out");
	ok(a[0].off == 64 * 512 && a[0].len == 8128 * 512, "p1's bytes");
	ok(a[1].off == 8224ull * 512 && a[1].len == (520191ull - 8224 + 1) * 512, "p5's bytes");
	n = probe_area_image((8u << 20) + 10000, a, PROBE_MAX_AREAS);
	ok(n == 1 && a[0].off == 1u << 20 && a[0].len == (7u << 20) + 8192,
	   "a flash's area: the image's whole 4 KiB after its first MiB");
	is_u64(probe_area_image((1u << 20) + 100, a, PROBE_MAX_AREAS), 0, "an image of 1 MiB and a bit: none");

	is_u64(known_issue_build("7.0.2-0.0.17630552"), 17630552, "the build of 7.0.2-0.0.17630552");
	is_u64(known_issue_build("7.0.2"), 0, "no build in 7.0.2");
	is_u64(known_issues_find("7.0.2-0.0.17630552", true, k, 4), 1, "7.0 U2 onto USB: the bootbank note");
	ok(strstr(k[0]->source, "83376") != NULL, "with KB 83376 as its source");
	is_u64(known_issues_find("7.0.2-0.15.17867351", true, k, 4), 1, "7.0 U2a too");
	is_u64(known_issues_find("7.0.2-0.20.18426014", true, k, 4), 0, "not 7.0 U2c");
	is_u64(known_issues_find("7.0.2-0.0.17630552", false, k, 4), 0, "not onto a disk");
	is_u64(known_issues_find("7.0.3-0.0.18644231", true, k, 4), 0, "not 7.0 U3");
	is_u64(known_issues_find("7.0.20-0.0.1", true, k, 4), 0, "nor a 7.0.20");
	is_u64(known_issues_find(NULL, true, k, 4), 0, "nor an unknown version");
	return tap_done();
}
