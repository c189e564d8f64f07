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
		{ "dotdot", "kernel=/b.b00\nmodules=/k.b00 --- /../S.V00\n", "climbs out of the media" },
		{ "dotname", "kernel=/b.b00\nmodules=/k.b00 --- /x/..\n", "not a plain file name" },
		{ "prefix", "prefix=../..\nkernel=b.b00\n", "with prefix=../.. climbs out of the media" },
		{ "prefix-missing", "prefix=ESXi-7.0\nkernel=b.b00\nmodules=nope.v00\n",
		  "names the module 'nope.v00', but the media has no such file (looked for ESXi-7.0/nope.v00 with prefix=ESXi-7.0, then next to boot.cfg)" },
		{ "url-missing", "prefix=http://10.0.0.1/esxi\nkernel=b.b00\nmodules=nope.v00\n",
		  "(looked for http://10.0.0.1/esxi/nope.v00 with prefix=http://10.0.0.1/esxi, then next to boot.cfg)" },
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

/* Open media at dir with boot.cfg text cfg; NULL (and a failed test
 * naming what) when it does not open. */
static struct media *open_with(const char *root, const char *name, const char *cfg)
{
	char dir[4096];
	struct media *m = NULL;
	struct stoat_err e = { 0 };

	snprintf(dir, sizeof(dir), "%s/%s", root, name);
	make_media(dir, cfg);
	if (!ok(media_open(dir, &m, &e) == 0, "%s: opens: %s", name, e.msg))
		return NULL;
	return m;
}

/* Whether the media's warnings hold text. */
static bool warned(const struct media *m, const char *text)
{
	size_t i;

	for (i = 0; i < media_warning_count(m); i++)
		if (strstr(media_warning(m, i), text))
			return true;
	return false;
}

/* prefix= as VMware's loader reads it, and boot.cfg edited for network
 * boot whose files are still at the root. */
static void test_prefix(const char *root)
{
	static const struct {
		const char *name, *cfg, *prefix;
	} pxe[] = {
		{ "pxe-dir", "prefix=ESXi-7.0\nkernel=b.b00\nmodules=k.b00 --- S.V00\nbuild=7.0.3-1\n",
		  "prefix=ESXi-7.0" },
		{ "pxe-url", "prefix=http://10.0.0.1/esxi/8.0U3/\nkernel=b.b00\nmodules=k.b00 --- S.V00\nbuild=8.0.3-1\n",
		  "(http://10.0.0.1/esxi/8.0U3/b.b00, with prefix=http://10.0.0.1/esxi/8.0U3/)" },
		{ "pxe-abs", "prefix=/esxi/8.0U3\nkernel=b.b00\nmodules=k.b00 --- S.V00\nbuild=8.0.3-1\n",
		  "(esxi/8.0U3/b.b00, with prefix=/esxi/8.0U3)" },
	};
	const struct media_item *it;
	struct media *m;
	char dir[4096];
	size_t i;

	for (i = 0; i < sizeof(pxe) / sizeof(pxe[0]); i++) {
		if (!(m = open_with(root, pxe[i].name, pxe[i].cfg)))
			continue;
		ok(media_items(m, &it) == 3 && !strcmp(it[0].src, "B.B00") && !strcmp(it[2].src, "S.V00"),
		   "%s: the files come from the root, next to boot.cfg", pxe[i].name);
		ok(media_warning_count(m) == 1 && warned(m, "3 of the 3 files") && warned(m, "taken from next to boot.cfg"),
		   "%s: one warning says so: %s", pxe[i].name, media_warning(m, 0) ? media_warning(m, 0) : "(none)");
		ok(warned(m, pxe[i].prefix), "%s: the warning names the prefix and where it looked", pxe[i].name);
		media_close(m);
	}
	/* the files where the prefix says: no warning */
	snprintf(dir, sizeof(dir), "%s/pxe-there", root);
	make_media(dir, "prefix=ESXi-7.0\nkernel=b.b00\nmodules=k.b00\nbuild=7.0.3-1\n");
	tap_sh("cd '%s' && mkdir ESXI-7.0 && mv K.B00 ESXI-7.0/ && head -c 20 /dev/zero >ESXI-7.0/B.B00", dir);
	{
		struct stoat_err e = { 0 };

		if (ok(media_open(dir, &m, &e) == 0, "files under the prefix folder: opens: %s", e.msg)) {
			ok(media_items(m, &it) == 2 && !strcmp(it[0].src, "ESXI-7.0/B.B00") && it[0].size == 20,
			   "they are taken from there, not from the root (%s)", media_items(m, &it) ? it[0].src : "-");
			is_u64(media_warning_count(m), 0, "with no warning");
			media_close(m);
		}
	}
	/* absolute paths do not take the prefix */
	if ((m = open_with(root, "pxe-absolute", "prefix=nowhere\nkernel=/b.b00\nmodules=/k.b00\nbuild=6.7.0-1\n"))) {
		is_u64(media_warning_count(m), 0, "paths starting with '/' ignore prefix= (no fallback, no warning)");
		media_close(m);
	}
	/* no prefix= line: relative to the folder of boot.cfg */
	snprintf(dir, sizeof(dir), "%s/efi-only", root);
	make_media(dir, "kernel=b.b00\nmodules=k.b00\nbuild=6.7.0-1\n");
	tap_sh("rm -f '%s/BOOT.CFG'", dir);
	{
		struct stoat_err e = { 0 };

		if (ok(media_open(dir, &m, &e) == 0, "EFI/BOOT/BOOT.CFG alone with relative names: opens: %s", e.msg)) {
			ok(warned(m, "EFI/BOOT/b.b00"), "they were looked for in EFI/BOOT first, then at the root: %s",
			   media_warning(m, 0) ? media_warning(m, 0) : "(none)");
			media_close(m);
		}
	}
}

/* Module arguments, the kernel's words, tboot.b00. */
static void test_entries(const char *root)
{
	const struct media_item *it;
	struct stoat_err e = { 0 };
	struct media *m;
	char dir[4096];

	if ((m = open_with(root, "args", "kernel=/b.b00\nmodules=/k.b00 --- /S.v00 arg=1 x#y\nbuild=6.7.0-1\n"))) {
		media_items(m, &it);
		is_str(it[2].dest, "s.v00", "a module with arguments lands under its own name");
		is_str(it[2].args, "arg=1 x#y", "and keeps its arguments");
		is_str(it[1].args, "", "a module without arguments has none");
		media_close(m);
	}
	if ((m = open_with(root, "kargs", "kernel=/b.b00 foo=1\nmodules=/k.b00\nbuild=6.7.0-1\n"))) {
		media_items(m, &it);
		ok(!strcmp(it[0].dest, "b.b00") && !it[0].args[0] && warned(m, "kernel=/b.b00 foo=1"),
		   "words after the kernel's path are dropped, with a warning");
		media_close(m);
	}
	snprintf(dir, sizeof(dir), "%s/tboot", root);
	make_media(dir, "kernel=/tboot.b00\nmodules=/b.b00 --- /k.b00\nbuild=6.5.0-4564106\n");
	put_file(dir, "TBOOT.B00", NULL, 500, 9);
	if (ok(media_open(dir, &m, &e) == 0, "tboot: opens: %s", e.msg)) {
		media_items(m, &it);
		ok(!strcmp(it[0].dest, "tboot.b00") && !strcmp(it[1].dest, "b.b00"),
		   "kernel=/tboot.b00: tboot.b00 is the kernel, b.b00 the first module");
		media_close(m);
	}
}

/* Put an image database in dir/IMGDB.TGZ whose esx-base is version. */
static void put_imgdb(const char *dir, const char *version)
{
	tap_sh("cd '%s' && mkdir -p db/var/db/esximg/vibs && "
	       "printf '<vib><name>esx-base</name><version>%s</version></vib>' "
	       ">db/var/db/esximg/vibs/esx-base-1.xml && tar -C db -czf IMGDB.TGZ var && rm -rf db",
	       dir, version);
}

/* Where the version comes from; never a guess. */
static void test_version(const char *root)
{
	static const char mods[] = "kernel=/b.b00\nmodules=/k.b00 --- /imgdb.tgz\n";
	static const struct {
		const char *name, *build, *esx_base, *want, *what;
		bool warns;
	} db[] = {
		{ "v-db6", "", "6.7.0-0.0.8169922", "6.7.0-8169922",
		  "an empty build=: esx-base's version, as the ESXi installer writes build=", false },
		{ "v-db7", "", "7.0.3-0.55.20328353", "7.0.3-20328353",
		  "an empty build= is 7.x when the database says so", false },
		{ "v-agree", "7.0.3-0.55.20328353", "7.0.3-0.55.20328353", "7.0.3-0.55.20328353",
		  "build= as the database says it stays as it is", false },
		{ "v-agree6", "6.7.0-8169922", "6.7.0-0.0.8169922", "6.7.0-8169922",
		  "build= naming the same version and build in another form stays", false },
		{ "v-disagree", "7.0.3-1", "6.7.0-0.0.8169922", "6.7.0-8169922",
		  "build= that the database contradicts loses", true },
	};
	char dir[4096], cfg[512], why[1024];
	struct stoat_err e = { 0 };
	struct media *m;
	size_t i;

	if ((m = open_with(root, "v-build", good_cfg))) {
		ok(media_version_source(m) == MEDIA_VERSION_BUILD, "no image database: build= says it");
		ok(media_set_major(m, 7) == -EINVAL && !strcmp(media_version(m), "6.5.0-4564106"),
		   "media that says its version takes no answer");
		media_close(m);
	}
	/* empty build=, and nothing else says it */
	snprintf(cfg, sizeof(cfg), "kernel=/b.b00\nmodules=/k.b00\nbuild=\n");
	if ((m = open_with(root, "v-empty", cfg))) {
		ok(media_version_source(m) == MEDIA_VERSION_UNKNOWN && !media_version(m)[0] && !media_major(m),
		   "empty build=, no database, no volume id: unknown, not guessed");
		ok(media_build_empty(m), "the empty build= is noticed (the hint)");
		media_version_why(m, why, sizeof(why));
		ok(strstr(why, "no image database") && strstr(why, "empty build=") && strstr(why, "no volume id"),
		   "and why says what was looked at: %s", why);
		ok(media_set_major(m, 5) == -EINVAL, "5 is no answer");
		ok(media_set_major(m, 6) == 0 && !strcmp(media_version(m), "6") && media_major(m) == 6 &&
		   media_version_source(m) == MEDIA_VERSION_ANSWER, "the answer 6: build=6, major 6");
		ok(media_set_major(m, 7) == 0 && !strcmp(media_version(m), "7"), "an answer can change");
		media_close(m);
	}
	/* the image database, with or without build= */
	for (i = 0; i < sizeof(db) / sizeof(db[0]); i++) {
		snprintf(dir, sizeof(dir), "%s/%s", root, db[i].name);
		snprintf(cfg, sizeof(cfg), "%sbuild=%s\n", mods, db[i].build);
		make_media(dir, cfg);
		put_imgdb(dir, db[i].esx_base);
		if (!ok(media_open(dir, &m, &e) == 0, "%s: opens: %s", db[i].name, e.msg))
			continue;
		ok(media_version_source(m) == MEDIA_VERSION_IMGDB && !strcmp(media_version(m), db[i].want) &&
		   (media_warning_count(m) != 0) == db[i].warns,
		   "%s: %s (%s, %zu warnings)", db[i].name, db[i].what, media_version(m), media_warning_count(m));
		if (db[i].warns)
			ok(warned(m, "goes by the image database"), "%s: the warning says the database wins", db[i].name);
		if (i == 0)
			is_str(media_title(m), "VMware ESXi 6.7.0", "v-db6: the title shows the version");
		media_close(m);
	}
	/* a build= that is no version */
	if ((m = open_with(root, "v-word", "kernel=/b.b00\nbuild=GA\n"))) {
		ok(media_version_source(m) == MEDIA_VERSION_UNKNOWN && warned(m, "build=GA, which is not a version"),
		   "build=GA is not a version: unknown, with a warning");
		media_close(m);
	}
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
	test_prefix(root);
	test_entries(root);
	test_version(root);
	snprintf(cmd, sizeof(cmd), "rm -rf '%s'", root);
	if (system(cmd) != 0)
		printf("# could not remove %s\n", root);
	return tap_done();
}
