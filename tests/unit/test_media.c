/* test_media.c - media_open on folder media built here: identity, the
 * item list, streaming, the license text, and the refusals. */
#include "config.h"

#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <sys/stat.h>
#include <unistd.h>

#include "bootkit.h"
#include "media.h"
#include "tap.h"

/* Write a file of n bytes (pattern from seed) or the given text. */
static void put_file(const char *dir, const char *name, const char *text, size_t n, int seed)
{
	char path[4096];
	FILE *f;
	size_t i;

	snprintf(path, sizeof(path), "%s/%s", dir, name);
	f = fopen(path, "w");
	if (!f)
		return;
	if (text)
		fputs(text, f);
	else
		for (i = 0; i < n; i++)
			fputc((int)((i * 31 + (size_t)seed) & 0xff), f);
	fclose(f);
}

/* A media folder: BOOT.CFG naming modules, EFI loader, a license. */
static void make_media(const char *dir, const char *cfg)
{
	char sub[4096];

	mkdir(dir, 0755);
	snprintf(sub, sizeof(sub), "%s/EFI", dir);
	mkdir(sub, 0755);
	snprintf(sub, sizeof(sub), "%s/EFI/BOOT", dir);
	mkdir(sub, 0755);
	put_file(dir, "BOOT.CFG", cfg, 0, 0);
	put_file(dir, "B.B00", NULL, 1000, 1);
	put_file(dir, "K.B00", NULL, 70000, 2);
	put_file(dir, "S.V00", NULL, 3000000, 3);
	put_file(dir, "EFI/BOOT/BOOTX64.EFI", NULL, 5000, 4);
	put_file(dir, "EFI/BOOT/BOOT.CFG", cfg, 0, 0);
	put_file(dir, "MBOOT.C32", NULL, 300, 5);
	put_file(dir, "OPEN_SOURCE_LICENSES.TXT", "open source notices\n", 0, 0);
	put_file(dir, "EULA.TXT", "the end user license\n", 0, 0);
}

static const char good_cfg[] =
	"bootstate=0\ntitle=Loading ESXi installer\ntimeout=5\nprefix=\n"
	"kernel=/b.b00\nkernelopt=runweasel cdromBoot\n"
	"modules=/k.b00 --- /S.v00\nbuild=6.5.0-4564106\nupdated=0\n";

/* Counts bytes per item while streaming. */
struct count {
	uint64_t bytes[16];
	unsigned begun, ended;
};

static int c_begin(void *ctx, size_t i, struct stoat_err *e)
{
	((struct count *)ctx)->begun++;
	return 0;
}

static int c_data(void *ctx, size_t i, const void *buf, size_t len, struct stoat_err *e)
{
	((struct count *)ctx)->bytes[i] += len;
	return 0;
}

static int c_end(void *ctx, size_t i, struct stoat_err *e)
{
	((struct count *)ctx)->ended++;
	return 0;
}

/* The good media: every accessor. */
static void test_good(const char *root)
{
	char dir[4096];
	struct media *m;
	struct stoat_err e = { 0 };
	const struct media_item *it;
	struct count cnt = { { 0 }, 0, 0 };
	struct media_sink sink = { &cnt, c_begin, c_data, c_end };
	const struct bootkit *kit;
	char *eula, why[512];
	size_t n, i;

	snprintf(dir, sizeof(dir), "%s/good", root);
	make_media(dir, good_cfg);
	if (!ok(media_open(dir, &m, &e) == 0, "folder media opens: %s", e.msg))
		return;
	is_str(media_title(m), "VMware ESXi 6.5.0", "title from boot.cfg and build");
	is_str(media_version(m), "6.5.0-4564106", "version from build=");
	is_u64((uint64_t)media_major(m), 6, "major version");
	n = media_items(m, &it);
	is_u64(n, 3, "the three modules of the boot order, nothing else");
	is_str(it[0].dest, "b.b00", "kernel first, lower case");
	is_str(it[2].dest, "s.v00", "a module named in mixed case lands in lower case");
	is_str(it[2].src, "S.V00", "and is found on the media case-insensitively");
	for (i = 0; i < n; i++)
		if (!strcasecmp(it[i].src, "EFI/BOOT/BOOTX64.EFI") || !strcasecmp(it[i].src, "MBOOT.C32"))
			break;
	ok(i == n, "the media's loose EFI/BOOT/BOOTX64.EFI and MBOOT.C32 are not items (p1 comes from the boot kit)");
	is_u64(media_payload_bytes(m), 1000 + 70000 + 3000000, "payload bytes: the modules only");
	ok(media_stream(m, &sink, &e) == 0, "streams");
	is_u64(cnt.begun, 3, "each item begins once");
	is_u64(cnt.ended, 3, "and ends once");
	is_u64(cnt.bytes[2], 3000000, "s.v00 streamed whole");
	is_str(media_eula_name(m), "EULA.TXT", "EULA.TXT is preferred over OPEN_SOURCE_LICENSES.TXT");
	eula = media_eula(m, &e);
	is_str(eula, "the end user license\n", "license text read");
	free(eula);
	is_str(media_bootcfg(m)->kernelopt, "runweasel cdromBoot", "the media's boot.cfg is kept as read");
	kit = media_bootkit(m, &e);
	ok(kit && !kit->piece[BOOTKIT_MBOOT_EFI].data &&
	   strstr(kit->piece[BOOTKIT_MBOOT_EFI].why, "BOOTX64.EFI is not a UEFI program"),
	   "a loose BOOTX64.EFI that is no UEFI program is not taken as mboot: %s",
	   kit ? kit->piece[BOOTKIT_MBOOT_EFI].why : e.msg);
	ok(kit && !bootkit_uefi_ready(kit, why, sizeof(why)) && strstr(why, "safeboot (UEFI)"),
	   "without safeboot the media gives no UEFI chain: %s", kit ? why : e.msg);
	media_close(m);
}

/* Media that must be refused, each with its own message. */
static void test_bad(const char *root)
{
	static const struct {
		const char *name, *cfg, *want;
	} cases[] = {
		{ "missing", "kernel=/b.b00\nmodules=/k.b00 --- /nope.v00\n", "nope.v00', but the media has no such file" },
		{ "dotdot", "kernel=/b.b00\nmodules=/k.b00 --- /../S.V00\n", "not a plain file name" },
		{ "prefix", "prefix=../..\nkernel=/b.b00\n", "climbs out of the media" },
		{ "twice", "kernel=/b.b00\nmodules=/k.b00 --- /K.B00\n", "twice" },
		{ "nokernel", "title=x\n", "no kernel= line" },
	};
	char dir[4096], path[4200];
	struct media *m;
	struct stoat_err e;
	size_t i;

	for (i = 0; i < sizeof(cases) / sizeof(cases[0]); i++) {
		snprintf(dir, sizeof(dir), "%s/%s", root, cases[i].name);
		make_media(dir, cases[i].cfg);
		memset(&e, 0, sizeof(e));
		ok(media_open(dir, &m, &e) < 0 && m == NULL && strstr(e.msg, cases[i].want),
		   "%s: refused: %s", cases[i].name, e.msg);
	}
	snprintf(dir, sizeof(dir), "%s/nocfg", root);
	make_media(dir, good_cfg);
	snprintf(path, sizeof(path), "%s/BOOT.CFG", dir);
	unlink(path);
	snprintf(path, sizeof(path), "%s/EFI/BOOT/BOOT.CFG", dir);
	unlink(path);
	ok(media_open(dir, &m, &e) == -ENOENT && strstr(e.msg, "has no boot.cfg"),
	   "no boot.cfg: refused: %s", e.msg);
	snprintf(path, sizeof(path), "%s/BOOT.CFG", dir);
	put_file(dir, "EFI/BOOT/BOOT.CFG", good_cfg, 0, 0);
	ok(media_open(dir, &m, &e) == 0, "only EFI/BOOT/BOOT.CFG: accepted");
	if (m)
		media_close(m);
}

int main(void)
{
	char root[] = "/tmp/stoat-test-media.XXXXXX";
	char cmd[256];

	if (!mkdtemp(root)) {
		printf("1..0 # SKIP cannot make a temporary folder\n");
		return 0;
	}
	test_good(root);
	test_bad(root);
	snprintf(cmd, sizeof(cmd), "rm -rf '%s'", root);
	if (system(cmd) != 0)
		printf("# could not remove %s\n", root);
	return tap_done();
}
