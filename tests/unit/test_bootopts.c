/* test_bootopts.c - the boot options reader: which options shape the
 * layout and how (OSData's end against ESXi's documented sizes), which go
 * to the installed host, the refused words and values, a key given twice,
 * and what bootopts_apply puts into a plan (once, however often). */
#include "config.h"

#include <errno.h>
#include <stdlib.h>
#include <string.h>

#include "bootopts.h"
#include "tap.h"

#define MIB (1024ull * 1024)
#define GIB (1024ull * MIB)

/* Parse line into a fresh b; the return code. */
static int parse(const char *line, struct bootopts *b, struct stoat_err *e)
{
	memset(b, 0, sizeof(*b));
	return bootopts_parse(b, line, 0, e);
}

/* OSData's end (exclusive, bytes) and whether a datastore follows, for a
 * 500 GiB disk under line's options. */
static uint64_t osdata_end(const char *line, bool *vmfs)
{
	struct layout_opts lo = { 0 };
	struct stoat_err e = { 0 };
	struct bootopts b;
	struct layout l;
	const struct layout_part *p;

	if (parse(line, &b, &e) < 0)
		return 0;
	bootopts_layout(&b, &lo);
	if (layout_plan(500 * GIB, 512, false, LAYOUT_ESXI7, &lo, &l, &e) < 0)
		return 0;
	*vmfs = layout_find_role(&l, ROLE_VMFS) != NULL;
	p = layout_find_role(&l, ROLE_OSDATA);
	return p ? (p->end + 1) * 512 : 0;
}

static void shaping(void)
{
	uint64_t start = 16986112ull * 512;	/* OSData's start over 32 GiB */
	bool v = false;

	is_u64(osdata_end("", &v), 128 * GIB, "no options: OSData ends at 128 GiB");
	ok(v, "and a datastore follows");
	is_u64(osdata_end("systemMediaSize=min", &v), 33000000000ull / MIB * MIB, "min: OSData ends at 33 GB");
	is_u64(osdata_end("systemMediaSize=small", &v), 69000000000ull / MIB * MIB, "small: OSData ends at 69 GB");
	is_u64(osdata_end("systemMediaSize=default", &v), 128 * GIB, "default: 128 GiB");
	is_u64(osdata_end("systemMediaSize=max", &v), (500 * GIB / 512 - 33) * 512, "max: OSData takes the disk");
	ok(!v, "and leaves no datastore");
	is_u64(osdata_end("autoPartitionOSDataSize=8192", &v), start + 8192 * MIB, "autoPartitionOSDataSize=8192: 8192 MiB of OSData");
	ok(v, "and a datastore after it");
	is_u64(osdata_end("autoPartitionOSDataSize=4096 systemMediaSize=max", &v), start + 4096 * MIB,
	       "autoPartitionOSDataSize wins over systemMediaSize");
	is_u64(osdata_end("systemMediaSize=min systemMediaSize=small", &v), 69000000000ull / MIB * MIB,
	       "a key given twice: the later value");
	is_u64(osdata_end("SystemMediaSize=MAX", &v), (500 * GIB / 512 - 33) * 512, "keys and values in any case");
}

static void host_and_refused(void)
{
	static const char *const refused[] = { "runweasel", "cdromBoot", "ks=http://h/ks.cfg", "KS", "cdromboot=1" };
	static const char *const bad[] = { "systemMediaSize=huge", "systemMediaSize", "autoPartitionOSDataSize=",
					   "autoPartitionOSDataSize=0", "autoPartitionOSDataSize=-1",
					   "autoPartitionOSDataSize=8G", "autoPartitionOSDataSize=99999999999",
					   "a\"b=1", "=v", "k\xc3\xa9=1", "a/b=1" };
	struct stoat_err e = { 0 };
	struct bootopts b;
	size_t i;

	ok(parse("allowLegacyCPU=true  preferVmklinux=TRUE\tnoIOMMU systemMediaSize=min", &b, &e) == 0,
	   "host options and an install option read");
	is_str(b.host, "allowLegacyCPU=true preferVmklinux=TRUE noIOMMU", "the host options, in order, without the install's");
	ok(parse("allowLegacyCPU=false allowLegacyCPU=true", &b, &e) == 0 && !strcmp(b.host, "allowLegacyCPU=true"),
	   "a host option given twice: once, the later value");
	for (i = 0; i < sizeof(refused) / sizeof(refused[0]); i++) {
		ok(parse(refused[i], &b, &e) == -EINVAL && strstr(e.msg, "belongs to the installer"),
		   "refused: %s", refused[i]);
	}
	for (i = 0; i < sizeof(bad) / sizeof(bad[0]); i++)
		ok(parse(bad[i], &b, &e) == -EINVAL && strstr(e.msg, bad[i]), "refused, naming it: %s", bad[i]);
	memset(&b, 0, sizeof(b));
	ok(bootopts_parse(&b, "cdromBoot runweasel ks=x systemMediaSize=min vmkBoot=1", BOOTOPTS_MEDIA, &e) == 0,
	   "from the media, the installer's words are skipped");
	ok(b.has_media_size && b.media_size == LAYOUT_MS_MIN && !strcmp(b.host, "vmkBoot=1"),
	   "and the rest read as usual");
	memset(&b, 0, sizeof(b));
	ok(bootopts_parse(&b, "http://10.0.0.1/ks.cfg a=1 x\"y", BOOTOPTS_MEDIA, &e) == 0 && !strcmp(b.host, "a=1"),
	   "from the media, words that are no option (a URL without ks=, a quote) are skipped: %s", b.host);
}

static void apply(void)
{
	static struct install_plan p;
	struct stoat_err e = { 0 };
	struct bootopts b;
	char k[] = "runweasel systemMediaSize=min a=1 autoPartitionOSDataSize=9 ks=x";

	plan_init(&p);
	parse("systemMediaSize=small autoPartitionOSDataSize=8192 allowLegacyCPU=false x=1", &b, &e);
	b.nested_template = true;
	ok(bootopts_apply(&b, &p, &e) == 0 && bootopts_apply(&b, &p, &e) == 0, "applied twice");
	is_str(p.bootopts, "allowLegacyCPU=true x=1", "the template sets allowLegacyCPU=true over the line's");
	is_str(p.install_opts, "systemMediaSize=small autoPartitionOSDataSize=8192", "the install options, for Confirm");
	ok(p.nested_template && p.n_scripts == 1 && !strcmp(p.scripts[0].interpreter, "busybox")
	   && strstr(p.scripts[0].body, "esxcli system settings advanced set -o /Net/FollowHardwareMac -i 1"),
	   "one first-boot script, however often applied");
	b.nested_template = false;
	ok(bootopts_apply(&b, &p, &e) == 0 && p.n_scripts == 0 && !p.nested_template, "turned off: the script goes");
	is_str(p.bootopts, "allowLegacyCPU=false x=1", "and allowLegacyCPU is the line's again");
	plan_free(&p);
	bootopts_strip(k);
	is_str(k, "a=1", "bootopts_strip leaves only the host's options");
}

int main(void)
{
	shaping();
	host_and_refused();
	apply();
	return tap_done();
}
