/* test_layout.c - the planner against REFERENCE.md section 4: the real
 * tables byte for byte, every 6.x variant at its size boundaries, 7.x sizes,
 * caps and flash, 4 KiB sectors, and invariants over a sweep of sizes. */
#include "config.h"

#include <errno.h>
#include <stdlib.h>

#include "layout.h"
#include "tap.h"

#define MIB (1024ull * 1024)
#define GIB (1024ull * MIB)

static const struct layout_opts no_opts = { 0 };

/* Plan and render; returns a static buffer (or the error message). */
static const char *table(uint64_t bytes, unsigned ss, bool flash,
			 enum layout_profile p, const struct layout_opts *o)
{
	static char buf[2048];
	struct layout l;
	struct stoat_err e = { 0 };

	if (layout_plan(bytes, ss, flash, p, o ? o : &no_opts, &l, &e) < 0) {
		snprintf(buf, sizeof(buf), "error: %s", e.msg);
		return buf;
	}
	layout_format(&l, buf, sizeof(buf));
	return buf;
}

/* The partition numbers of a plan in table order, e.g. "1,5,6,7,8". */
static const char *nums(uint64_t bytes, unsigned ss, bool flash,
			enum layout_profile p, const struct layout_opts *o)
{
	static char buf[64];
	struct layout l;
	struct stoat_err e = { 0 };
	size_t len = 0;
	unsigned i;

	if (layout_plan(bytes, ss, flash, p, o ? o : &no_opts, &l, &e) < 0)
		return "error";
	buf[0] = '\0';
	for (i = 0; i < l.n; i++)
		len += (size_t)snprintf(buf + len, sizeof(buf) - len, "%s%u",
					i ? "," : "", l.part[i].num);
	return buf;
}

/* Find partition num in l, or NULL. */
static const struct layout_part *find(const struct layout *l, unsigned num)
{
	unsigned i;

	for (i = 0; i < l->n; i++)
		if (l->part[i].num == num)
			return &l->part[i];
	return NULL;
}

/* The real tables REFERENCE.md lists, exactly. */
static void known_tables(void)
{
	is_str(table(16 * GIB, 512, false, LAYOUT_ESXI6, NULL),
	       "gpt\n"
	       "2088 255 63 33554432\n"
	       "1 64 8191 C12A7328F81F11D2BA4B00A0C93EC93B systemPartition 128\n"
	       "5 8224 520191 EBD0A0A2B9E5443387C068B6B72699C7 linuxNative 0\n"
	       "6 520224 1032191 EBD0A0A2B9E5443387C068B6B72699C7 linuxNative 0\n"
	       "7 1032224 1257471 9D27538040AD11DBBF97000C2911D1B8 vmkDiagnostic 0\n"
	       "8 1257504 1843199 EBD0A0A2B9E5443387C068B6B72699C7 linuxNative 0\n"
	       "9 1843200 7086079 9D27538040AD11DBBF97000C2911D1B8 vmkDiagnostic 0\n"
	       "2 7086080 15472639 EBD0A0A2B9E5443387C068B6B72699C7 linuxNative 0\n"
	       "3 15472640 33554398 AA31E02A400F11DB9590000C2911D1B8 vmfs 0\n",
	       "esxi6, 16 GiB disk: the real table");
	is_str(table(2 * GIB, 512, false, LAYOUT_ESXI6, NULL),
	       "gpt\n"
	       "261 255 63 4194304\n"
	       "1 64 8191 C12A7328F81F11D2BA4B00A0C93EC93B systemPartition 128\n"
	       "5 8224 520191 EBD0A0A2B9E5443387C068B6B72699C7 linuxNative 0\n"
	       "6 520224 1032191 EBD0A0A2B9E5443387C068B6B72699C7 linuxNative 0\n"
	       "7 1032224 1257471 9D27538040AD11DBBF97000C2911D1B8 vmkDiagnostic 0\n"
	       "8 1257504 1843199 EBD0A0A2B9E5443387C068B6B72699C7 linuxNative 0\n",
	       "esxi6, 2 GiB disk: 1,5,6,7,8 only");
	is_str(table(30842880ull * 512, 512, true, LAYOUT_ESXI6, NULL),
	       "gpt\n"
	       "1919 255 63 30842880\n"
	       "1 64 8191 C12A7328F81F11D2BA4B00A0C93EC93B systemPartition 128\n"
	       "5 8224 520191 EBD0A0A2B9E5443387C068B6B72699C7 linuxNative 0\n"
	       "6 520224 1032191 EBD0A0A2B9E5443387C068B6B72699C7 linuxNative 0\n"
	       "7 1032224 1257471 9D27538040AD11DBBF97000C2911D1B8 vmkDiagnostic 0\n"
	       "8 1257504 1843199 EBD0A0A2B9E5443387C068B6B72699C7 linuxNative 0\n"
	       "9 1843200 7086079 9D27538040AD11DBBF97000C2911D1B8 vmkDiagnostic 0\n",
	       "esxi6, USB stick of 30842880 sectors: 1,5,6,7,8,9");
	is_str(table(10 * GIB, 512, false, LAYOUT_ESXI7, NULL),
	       "gpt\n"
	       "1305 255 63 20971520\n"
	       "1 64 204863 C12A7328F81F11D2BA4B00A0C93EC93B systemPartition 128\n"
	       "5 208896 2306047 EBD0A0A2B9E5443387C068B6B72699C7 linuxNative 0\n"
	       "6 2308096 4405247 EBD0A0A2B9E5443387C068B6B72699C7 linuxNative 0\n"
	       "7 4407296 20971486 4EB2EA3978554790A79EFAE495E21F8D vmfsl 0\n",
	       "esxi7, 10 GiB disk: the real table");
	/* Large disk: 500 GiB = 1048576000 sectors. */
	is_str(table(500 * GIB, 512, false, LAYOUT_ESXI7, NULL),
	       "gpt\n"
	       "65270 255 63 1048576000\n"
	       "1 64 204863 C12A7328F81F11D2BA4B00A0C93EC93B systemPartition 128\n"
	       "5 208896 8595455 EBD0A0A2B9E5443387C068B6B72699C7 linuxNative 0\n"
	       "6 8597504 16984063 EBD0A0A2B9E5443387C068B6B72699C7 linuxNative 0\n"
	       "7 16986112 268435455 4EB2EA3978554790A79EFAE495E21F8D vmfsl 0\n"
	       "8 268437504 1048575966 AA31E02A400F11DB9590000C2911D1B8 vmfs 0\n",
	       "esxi7, large disk: the real table, VMFS after 128 GiB + 1 MiB");
}

/* Every 6.x variant at the edges of its size range. */
static void esxi6_variants(void)
{
	struct layout_opts novmfs = { .novmfsondisk = true };
	uint64_t t34 = (34 * GIB + 9) / 10, t52 = (52 * GIB + 9) / 10, t85 = 85 * GIB / 10;
	struct layout l;
	struct stoat_err e = { 0 };
	int rc;

	rc = layout_plan(910 * MIB - 1, 512, false, LAYOUT_ESXI6, &no_opts, &l, &e);
	ok(rc == -ENOSPC, "910 MiB - 1 byte is refused with ENOSPC");
	ok(strstr(e.msg, "910 MiB") != NULL, "and the message names the 910 MiB minimum: %s", e.msg);
	e.msg[0] = '\0';
	rc = layout_plan(910 * MIB - 1, 512, true, LAYOUT_ESXI6, &no_opts, &l, &e);
	ok(rc == -ENOSPC && strstr(e.msg, "910 MiB"), "flash under 910 MiB is refused too");
	is_str(nums(910 * MIB, 512, false, LAYOUT_ESXI6, NULL), "1,5,6,7,8", "910 MiB disk: 1,5,6,7,8");
	is_str(nums(910 * MIB, 512, true, LAYOUT_ESXI6, NULL), "1,5,6,7,8", "910 MiB flash: 1,5,6,7,8");
	is_str(nums(t34 - 1, 512, true, LAYOUT_ESXI6, NULL), "1,5,6,7,8", "flash just under 3.4 GiB: no p9");
	is_str(nums(t34, 512, true, LAYOUT_ESXI6, NULL), "1,5,6,7,8,9", "flash at 3.4 GiB: p9");
	is_str(nums(2000 * GIB, 512, true, LAYOUT_ESXI6, NULL), "1,5,6,7,8,9", "2000 GiB flash: never 2 or 3");
	is_str(nums(t34, 512, false, LAYOUT_ESXI6, NULL), "1,5,6,7,8", "disk at 3.4 GiB: 1,5,6,7,8");
	is_str(nums(t52 - 1, 512, false, LAYOUT_ESXI6, NULL), "1,5,6,7,8", "disk just under 5.2 GiB: 1,5,6,7,8");
	is_str(nums(t52, 512, false, LAYOUT_ESXI6, NULL), "1,5,6,7,8,2,3", "disk at 5.2 GiB: 1,5,6,7,8,2,3");
	is_str(nums(t85, 512, false, LAYOUT_ESXI6, NULL), "1,5,6,7,8,2,3", "disk at exactly 8.5 GiB: 1,5,6,7,8,2,3");
	is_str(nums(t85 + 512, 512, false, LAYOUT_ESXI6, NULL), "1,5,6,7,8,9,2,3", "disk over 8.5 GiB: all eight");

	ok(layout_plan(6 * GIB, 512, false, LAYOUT_ESXI6, &no_opts, &l, &e) == 0, "6 GiB disk plans");
	ok(find(&l, 2) && find(&l, 2)->start == 1843200 && find(&l, 2)->end == 10229759,
	   "6 GiB: p2 is 1843200-10229759");
	ok(find(&l, 3) && find(&l, 3)->start == 10229760 && find(&l, 3)->end == 6 * GIB / 512 - 34,
	   "6 GiB: p3 is 10229760-END (TOTAL - 34)");
	ok(find(&l, 3) && find(&l, 3)->role == ROLE_VMFS && find(&l, 2)->role == ROLE_SCRATCH,
	   "6 GiB: p2 scratch, p3 datastore");

	is_str(nums(16 * GIB, 512, false, LAYOUT_ESXI6, &novmfs), "1,5,6,7,8,9,2", "--novmfsondisk drops p3 (16 GiB)");
	is_str(nums(6 * GIB, 512, false, LAYOUT_ESXI6, &novmfs), "1,5,6,7,8,2", "--novmfsondisk drops p3 (6 GiB)");
	is_str(nums(30842880ull * 512, 512, true, LAYOUT_ESXI6, &novmfs), "1,5,6,7,8,9",
	       "--novmfsondisk changes nothing on flash");
	ok(layout_plan(16 * GIB, 512, false, LAYOUT_ESXI6, &no_opts, &l, &e) == 0
	   && !l.warning[0], "esxi6 disk plans carry no warning");
	is_u64(layout_min_bytes(LAYOUT_ESXI6, false), 910 * MIB, "esxi6 minimum is 910 MiB");
	is_u64(layout_min_bytes(LAYOUT_ESXI6, true), 910 * MIB, "esxi6 flash minimum is 910 MiB");
}

/* 7.x boot-bank sizes, flash, caps and the datastore threshold. */
static void esxi7_variants(void)
{
	struct layout_opts o = { 0 };
	struct layout l;
	struct stoat_err e = { 0 };
	const struct layout_part *p;
	uint64_t cap;

	ok(layout_plan(4 * GIB - 512, 512, false, LAYOUT_ESXI7, &no_opts, &l, &e) == -ENOSPC
	   && strstr(e.msg, "4 GiB"), "esxi7 under 4 GiB is refused: %s", e.msg);
	is_u64(layout_min_bytes(LAYOUT_ESXI7, false), 4 * GIB, "esxi7 minimum is 4 GiB");

	ok(layout_plan(4 * GIB, 512, false, LAYOUT_ESXI7, &no_opts, &l, &e) == 0, "4 GiB plans");
	ok(l.part[1].end - l.part[1].start + 1 == 500 * MIB / 512, "4 GiB: boot banks of 500 MiB");
	ok(strstr(l.warning, "32 GB") != NULL, "4 GiB disk: warns about VMware's 32 GB minimum");
	ok(layout_plan(10 * GIB - 512, 512, false, LAYOUT_ESXI7, &no_opts, &l, &e) == 0
	   && l.part[2].end - l.part[2].start + 1 == 500 * MIB / 512, "just under 10 GiB: 500 MiB banks");
	ok(layout_plan(32 * GIB - 512, 512, false, LAYOUT_ESXI7, &no_opts, &l, &e) == 0
	   && l.part[2].end - l.part[2].start + 1 == GIB / 512, "just under 32 GiB: 1 GiB banks");
	ok(layout_plan(32 * GIB, 512, false, LAYOUT_ESXI7, &no_opts, &l, &e) == 0
	   && l.part[1].end - l.part[1].start + 1 == (4 * GIB - MIB) / 512, "32 GiB: 4 GiB - 1 MiB banks");
	ok(!l.warning[0], "32 GiB disk: no warning");
	is_str(nums(140 * GIB, 512, false, LAYOUT_ESXI7, NULL), "1,5,6,7", "140 GiB: no datastore yet");
	ok(layout_plan(140 * GIB, 512, false, LAYOUT_ESXI7, &no_opts, &l, &e) == 0
	   && l.part[3].end == 128 * GIB / 512 - 1, "140 GiB: OSData still ends at the 128 GiB boundary");
	is_str(nums(142 * GIB, 512, false, LAYOUT_ESXI7, NULL), "1,5,6,7", "exactly 142 GiB: no datastore");
	is_str(nums(142 * GIB + MIB, 512, false, LAYOUT_ESXI7, NULL), "1,5,6,7,8", "over 142 GiB: datastore p8");
	is_str(nums(128 * GIB, 512, false, LAYOUT_ESXI7, NULL), "1,5,6,7", "128 GiB disk: 1,5,6,7");
	ok(layout_plan(128 * GIB, 512, false, LAYOUT_ESXI7, &no_opts, &l, &e) == 0
	   && l.part[3].end == l.total_sectors - 34, "128 GiB disk: OSData to END");

	o.novmfsondisk = true;
	is_str(nums(500 * GIB, 512, false, LAYOUT_ESXI7, &o), "1,5,6,7", "esxi7 --novmfsondisk drops p8");
	o.novmfsondisk = false;

	o.media_size = LAYOUT_MS_MAX;
	ok(layout_plan(500 * GIB, 512, false, LAYOUT_ESXI7, &o, &l, &e) == 0 && l.n == 4
	   && l.part[3].end == l.total_sectors - 34, "systemMediaSize=max: OSData takes the whole disk");
	o.media_size = LAYOUT_MS_MIN;
	cap = 33000000000ull / MIB * MIB;
	ok(layout_plan(500 * GIB, 512, false, LAYOUT_ESXI7, &o, &l, &e) == 0, "systemMediaSize=min plans");
	ok(l.part[3].end == cap / 512 - 1, "min: OSData ends at 33 GB (MiB-rounded)");
	p = find(&l, 8);
	ok(p && p->start == cap / 512 + 2048 && p->end == l.total_sectors - 34,
	   "min: VMFS from 1 MiB after the cap to END");
	o.media_size = LAYOUT_MS_SMALL;
	cap = 69000000000ull / MIB * MIB;
	ok(layout_plan(500 * GIB, 512, false, LAYOUT_ESXI7, &o, &l, &e) == 0
	   && l.part[3].end == cap / 512 - 1 && find(&l, 8), "small: OSData ends at 69 GB, then VMFS");
	ok(layout_plan(40 * GIB, 512, false, LAYOUT_ESXI7, &o, &l, &e) == 0 && l.n == 4
	   && l.part[3].end == l.total_sectors - 34, "small on a 40 GiB disk: the cap is not reached");
	o.media_size = LAYOUT_MS_DEFAULT;

	ok(layout_plan(16 * GIB, 512, true, LAYOUT_ESXI7, &no_opts, &l, &e) == 0, "esxi7 16 GiB flash plans");
	is_str(nums(16 * GIB, 512, true, LAYOUT_ESXI7, NULL), "1,5,6", "esxi7 flash: 1,5,6 only");
	ok(strstr(l.warning, "RAM") != NULL, "esxi7 flash: warns that logs and data live in RAM: %s", l.warning);
	ok(l.part[1].start == 208896 && l.part[1].end == 2306047, "esxi7 16 GiB flash: 1 GiB banks as on a disk");
	is_str(nums(500 * GIB, 512, true, LAYOUT_ESXI7, NULL), "1,5,6", "esxi7 500 GiB flash: still 1,5,6");
	ok(layout_plan(4 * GIB, 512, true, LAYOUT_ESXI7, &no_opts, &l, &e) == 0
	   && strstr(l.warning, "8 GB"), "esxi7 4 GiB flash: plans, warns about the 8 GB minimum");
}

/* 4096-byte sectors: same byte offsets, END at TOTAL - 6. */
static void sector_4k(void)
{
	static const struct { uint64_t bytes; bool flash; enum layout_profile p; } cases[] = {
		{ 16 * GIB, false, LAYOUT_ESXI6 }, { 2 * GIB, false, LAYOUT_ESXI6 },
		{ 30842880ull * 512, true, LAYOUT_ESXI6 }, { 6 * GIB, false, LAYOUT_ESXI6 },
		{ 10 * GIB, false, LAYOUT_ESXI7 }, { 500 * GIB, false, LAYOUT_ESXI7 },
		{ 16 * GIB, true, LAYOUT_ESXI7 },
	};
	struct stoat_err e = { 0 };
	size_t c;
	unsigned i;

	for (c = 0; c < sizeof(cases) / sizeof(cases[0]); c++) {
		struct layout a, b;
		bool same = true;

		layout_plan(cases[c].bytes, 512, cases[c].flash, cases[c].p, &no_opts, &a, &e);
		layout_plan(cases[c].bytes, 4096, cases[c].flash, cases[c].p, &no_opts, &b, &e);
		same = a.n == b.n && b.total_sectors == cases[c].bytes / 4096;
		for (i = 0; same && i < a.n; i++) {
			bool last_to_end = a.part[i].end == a.total_sectors - 34;

			same = a.part[i].num == b.part[i].num
			       && a.part[i].start * 512 == b.part[i].start * 4096
			       && !strcmp(a.part[i].type_guid, b.part[i].type_guid)
			       && (last_to_end ? b.part[i].end == b.total_sectors - 6
				   : (a.part[i].end + 1) * 512 == (b.part[i].end + 1) * 4096);
			if (!same)
				printf("# p%u: 512 %llu-%llu, 4096 %llu-%llu\n", a.part[i].num,
				       (unsigned long long)a.part[i].start, (unsigned long long)a.part[i].end,
				       (unsigned long long)b.part[i].start, (unsigned long long)b.part[i].end);
		}
		ok(same, "4096-byte sectors, %s %llu GiB%s: same byte offsets, END = TOTAL - 6",
		   layout_profile_name(cases[c].p), (unsigned long long)(cases[c].bytes / GIB),
		   cases[c].flash ? " flash" : "");
	}
	is_str(table(16 * GIB, 4096, false, LAYOUT_ESXI6, NULL),
	       "gpt\n"
	       "261 255 63 4194304\n"
	       "1 8 1023 C12A7328F81F11D2BA4B00A0C93EC93B systemPartition 128\n"
	       "5 1028 65023 EBD0A0A2B9E5443387C068B6B72699C7 linuxNative 0\n"
	       "6 65028 129023 EBD0A0A2B9E5443387C068B6B72699C7 linuxNative 0\n"
	       "7 129028 157183 9D27538040AD11DBBF97000C2911D1B8 vmkDiagnostic 0\n"
	       "8 157188 230399 EBD0A0A2B9E5443387C068B6B72699C7 linuxNative 0\n"
	       "9 230400 885759 9D27538040AD11DBBF97000C2911D1B8 vmkDiagnostic 0\n"
	       "2 885760 1934079 EBD0A0A2B9E5443387C068B6B72699C7 linuxNative 0\n"
	       "3 1934080 4194298 AA31E02A400F11DB9590000C2911D1B8 vmfs 0\n",
	       "esxi6 16 GiB on 4 KiB sectors: the reference table divided by 8");
	ok(layout_plan(16 * GIB, 1024, false, LAYOUT_ESXI6, &no_opts, &(struct layout){ 0 }, &e) == -EINVAL,
	   "1024-byte sectors are refused");
}

/* Check one plan's invariants; prints why on failure. */
static bool sane(const struct layout *l)
{
	uint64_t first = 2 + 16384 / l->sector_size;
	uint64_t last = l->total_sectors - 2 - 16384 / l->sector_size;
	uint64_t mib = MIB / l->sector_size;
	unsigned i, j;

	for (i = 0; i < l->n; i++) {
		const struct layout_part *p = &l->part[i];

		if (p->start > p->end || p->start < first || p->end > last) {
			printf("# p%u %llu-%llu outside [%llu, %llu]\n", p->num,
			       (unsigned long long)p->start, (unsigned long long)p->end,
			       (unsigned long long)first, (unsigned long long)last);
			return false;
		}
		if (p->attr != (p->num == 1 ? 128u : 0u) || !p->type_guid || strlen(p->type_guid) != 32)
			return false;
		for (j = 0; j < i; j++)
			if (l->part[j].num == p->num || !(l->part[j].end < p->start)) {
				printf("# p%u overlaps, repeats or is out of order\n", p->num);
				return false;
			}
		if (l->profile == LAYOUT_ESXI7 && i > 0
		    && (p->start % mib || p->start - l->part[i - 1].end - 1 < mib)) {
			printf("# esxi7 p%u at %llu: not 1 MiB aligned or no 1 MiB gap\n", p->num,
			       (unsigned long long)p->start);
			return false;
		}
	}
	return l->n >= 3;
}

/* Invariants over many sizes, both profiles, sector sizes and kinds. */
static void sweep(void)
{
	static const unsigned sectors[] = { 512, 4096 };
	unsigned pi, si, fi, mi, k;

	for (pi = 0; pi < 2; pi++)
		for (si = 0; si < 2; si++)
			for (fi = 0; fi < 2; fi++) {
				enum layout_profile prof = pi ? LAYOUT_ESXI7 : LAYOUT_ESXI6;
				unsigned planned = 0, bad = 0;
				uint64_t size;

				srand(42);
				for (k = 0; k < 4000; k++) {
					/* geometric from the minimum to ~4 TiB, plus jitter */
					size = layout_min_bytes(prof, fi) + ((uint64_t)1 << (k % 42))
					       + (uint64_t)rand() * 4096;
					for (mi = 0; mi < 4; mi++) {
						struct layout_opts o = { .novmfsondisk = k & 1,
									 .media_size = mi };
						struct layout l;
						struct stoat_err e = { 0 };

						if (layout_plan(size, sectors[si], fi, prof, &o, &l, &e) < 0) {
							bad++;
							printf("# %llu bytes refused: %s\n",
							       (unsigned long long)size, e.msg);
							continue;
						}
						planned++;
						if (!sane(&l)) {
							bad++;
							printf("# at %llu bytes\n", (unsigned long long)size);
						}
					}
				}
				ok(!bad && planned == 16000, "sweep %s %u-byte %s: %u plans sane",
				   layout_profile_name(prof), sectors[si], fi ? "flash" : "disk", planned);
			}
}

/* Small helpers: versions, labels, formatting edge cases. */
static void helpers(void)
{
	char small[8];
	struct layout l;
	struct stoat_err e = { 0 };
	size_t need;

	ok(layout_profile_for_version("6.7.0-8169922") == LAYOUT_ESXI6, "6.7.0 -> esxi6");
	ok(layout_profile_for_version("6.0.0") == LAYOUT_ESXI6, "6.0.0 -> esxi6");
	ok(layout_profile_for_version("7.0.3-19193900") == LAYOUT_ESXI7, "7.0.3 -> esxi7");
	ok(layout_profile_for_version("8.0.2") == LAYOUT_ESXI7, "8.0.2 -> esxi7");
	ok(layout_profile_for_version("10.0") == LAYOUT_ESXI7, "10.0 -> esxi7 (not read as '1')");
	is_str(layout_role_label(ROLE_BOOTBANK), "bootbank", "role label: bootbank");
	is_str(layout_role_label(ROLE_COREDUMP), "core dump", "role label: core dump");
	ok(layout_plan(16 * GIB, 512, false, LAYOUT_AUTO, &no_opts, &l, &e) == -EINVAL && e.msg[0],
	   "LAYOUT_AUTO is refused by the planner with a message");
	layout_plan(16 * GIB, 512, false, LAYOUT_ESXI6, &no_opts, &l, &e);
	need = layout_format(&l, small, sizeof(small));
	is_u64(need, strlen(table(16 * GIB, 512, false, LAYOUT_ESXI6, NULL)),
	       "layout_format returns the full length when the buffer is short");
	is_str(small, "gpt\n208", "and fills what fits, NUL-terminated");
}

int main(void)
{
	known_tables();
	esxi6_variants();
	esxi7_variants();
	sector_4k();
	sweep();
	helpers();
	return tap_done();
}
