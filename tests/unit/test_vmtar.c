/* test_vmtar.c - the vmtar reader: payloads built here (plain, gzip,
 * gzip holding xz or zstd, compressed with libarchive's writer), payloads
 * from tests/fixtures/mkvmtar.py, and hostile ones. */
#include "config.h"

#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "stream.h"
#include "tap.h"
#include "vmtar.h"
#include "vmtar_fixture.h"

#define MAX_GOT 8

/* Byte i of the content of a file with seed s. */
static unsigned char vt_byte(size_t i, int s)
{
	return (unsigned char)((i * 131 + (size_t)s * 7 + (i >> 9)) & 0xff);
}

/* One file of the payloads built here: name, size, type; its content is
 * the pattern of the seed in the name's last character. */
struct vt_file {
	const char *name;
	size_t size;
	char type;
};

/* A plain payload of the files, with their patterns. */
static unsigned char *vt_build_files(const struct vt_file *f, size_t n, size_t *len)
{
	struct vt_member m[8];
	unsigned char *data[8], *p;
	size_t i, j;

	for (i = 0; i < n; i++) {
		data[i] = malloc(f[i].size + 1);
		for (j = 0; j < f[i].size; j++)
			data[i][j] = vt_byte(j, f[i].name[strlen(f[i].name) - 1] - '0');
		m[i] = (struct vt_member){ f[i].name, data[i], f[i].size, f[i].type };
	}
	p = vt_build(m, n, len);
	for (i = 0; i < n; i++)
		free(data[i]);
	return p;
}

/* What a read saw. */
struct vt_got {
	char name[MAX_GOT][VMTAR_NAME_MAX];
	uint64_t size[MAX_GOT];
	int bad_bytes[MAX_GOT];
	unsigned n, headers;
	int seed_of[MAX_GOT];
};

/* pick: every file. */
static int vt_pick(void *ctx, const struct vmtar_entry *ent, struct stoat_err *e)
{
	struct vt_got *g = ctx;

	g->headers++;
	return ent->type == VMTAR_FILE;
}

/* data: slurp and compare with the pattern of the seed in the name's
 * last character ("...N"). */
static int vt_data(void *ctx, const struct vmtar_entry *ent, const struct stream *in,
		   struct stoat_err *e)
{
	struct vt_got *g = ctx;
	unsigned char *d;
	size_t i;
	int rc, seed = ent->name[strlen(ent->name) - 1] - '0';

	if ((rc = stream_slurp(in, ent->size, 64u << 20, &d, e)) < 0)
		return rc;
	if (g->n < MAX_GOT) {
		snprintf(g->name[g->n], sizeof(g->name[0]), "%s", ent->name);
		g->size[g->n] = ent->size;
		for (i = 0; i < ent->size; i++)
			if (d[i] != vt_byte(i, seed))
				g->bad_bytes[g->n]++;
		g->n++;
	}
	free(d);
	return 0;
}

static const char long_name[] =
	"usr/lib/vmware/a-folder-with-a-rather-long-name/and-another-one-below-it/"
	"and-a-third-level-to-pass-a-hundred/file3";

static const struct vt_file kit[] = {
	{ "boot0", 0, '5' },
	{ "boot/safeboot.ef1", 1000, '0' },
	{ "boot/mboot.ef2", 70000, '0' },
	{ long_name, 513, '0' },
	{ "boot/empty4", 0, '0' },
};

/* Read buf (stored form) and check every file came out whole, in data
 * order (the reverse of the headers). */
static void vt_check_all(const unsigned char *buf, size_t len, const char *what)
{
	struct vt_got g = { 0 };
	struct vmtar_visit v = { &g, vt_pick, vt_data };
	struct stoat_err e = { 0 };
	int rc = vmtar_read_mem(buf, len, &v, &e);

	if (!ok(rc == 0, "%s: read (%s)", what, e.msg))
		return;
	is_u64(g.headers, 5, "%s: five headers", what);
	is_u64(g.n, 4, "%s: four files handed over", what);
	is_str(g.name[0], long_name, "%s: data in offset order (last data-holding header first); prefix and name joined", what);
	is_u64(g.size[0], 513, "%s: its size", what);
	is_str(g.name[1], "boot/empty4", "%s: an empty file at the same offset after it", what);
	is_str(g.name[3], "boot/safeboot.ef1", "%s: first header's data last", what);
	ok(!g.bad_bytes[0] && !g.bad_bytes[2] && !g.bad_bytes[3], "%s: every byte as written", what);
}

/* Expect a refusal with errno code whose message holds text. */
static void vt_refused(const unsigned char *buf, size_t len, int code, const char *text,
		       const char *what)
{
	struct vt_got g = { 0 };
	struct vmtar_visit v = { &g, vt_pick, vt_data };
	struct stoat_err e = { 0 };
	int rc = vmtar_read_mem(buf, len, &v, &e);

	ok(rc == -code && strstr(e.msg, text), "%s: refused with '%s' (%d: %s)", what, text, rc, e.msg);
}

/* The well-formed payload in each compression. */
static void test_good(void)
{
	static const char *const none[] = { NULL }, *const gz[] = { "gzip", NULL },
		*const gzxz[] = { "gzip", "xz", NULL }, *const gzzst[] = { "gzip", "zstd", NULL },
		*const xz[] = { "xz", NULL };
	struct { const char *const *f; const char *what; } c[] = {
		{ none, "plain" }, { gz, "gzip" }, { gzxz, "gzip holding xz" },
		{ gzzst, "gzip holding zstd" }, { xz, "xz" },
	};
	size_t plen, clen, i;
	unsigned char *plain = vt_build_files(kit, 5, &plen), *z;

	for (i = 0; i < sizeof(c) / sizeof(c[0]); i++) {
		z = vt_compress(plain, plen, c[i].f, &clen);
		if (c[i].f[0] && !strcmp(c[i].f[0], "gzip"))
			ok(clen > 2 && z[0] == 0x1f && z[1] == 0x8b, "%s: gzip outside", c[i].what);
		vt_check_all(z, clen, c[i].what);
		free(z);
	}
	free(plain);
}

/* Hostile payloads. */
static void test_hostile(void)
{
	static const char *const gz[] = { "gzip", NULL };
	size_t plen, clen, big_len = (VMTAR_MAX_ENTRIES + 2) * 512u, i;
	unsigned char *plain = vt_build_files(kit, 5, &plen), *p = malloc(plen), *z, *big;
	struct vt_got g = { 0 };
	struct vmtar_visit v = { &g, vt_pick, vt_data };
	struct stoat_err e = { 0 };

	z = vt_compress(plain, plen, gz, &clen);
	vt_refused(z, clen / 2, EIO, "cannot decompress", "gzip cut in half");
	free(z);
	vt_refused(plain, plen - 600, EIO, "ends early", "plain payload cut inside the data");
	vt_refused(plain, 3 * 512 + 100, EIO, "middle of a header", "cut inside the headers");
	vt_refused(plain, 0, EIO, "too short", "empty input");

	memcpy(p, plain, plen);
	memcpy(p + 257, "ustar ", 6);
	vt_refused(p, plen, EINVAL, "not a vmtar payload", "tar magic instead of visor");
	memcpy(p, plain, plen);
	memcpy(p + 2 * 512 + 257, "xxxxx ", 6);
	vt_refused(p, plen, EINVAL, "has no vmtar magic", "third header without the magic");

	memcpy(p, plain, plen);
	le32_put(p + 512 + 0x1F0, 50u << 20);
	vt_refused(p, plen, EIO, "cannot reach the data of 'boot/safeboot.ef1'", "offset beyond the end");
	memcpy(p, plain, plen);
	le32_put(p + 512 + 0x1F0, 512);
	vt_refused(p, plen, EINVAL, "inside the headers", "offset into the headers");
	memcpy(p, plain, plen);
	le32_put(p + 512 + 0x1F0, le32_get(p + 2 * 512 + 0x1F0) + 512);
	vt_refused(p, plen, EINVAL, "overlaps", "data overlapping another file's");

	memcpy(p, plain, plen);
	memcpy(p + 512 + 124, "77777777777", 11);
	vt_refused(p, plen, EINVAL, "more than a vmtar holds", "size of 8 GiB");
	memcpy(p, plain, plen);
	memcpy(p + 512 + 124, "0000001x750", 11);
	vt_refused(p, plen, EINVAL, "not an octal number", "bad octal size");
	memcpy(p, plain, plen);
	memset(p + 512, 0, 100);
	vt_refused(p, plen, EINVAL, "has no name", "header without a name");

	/* 100 name bytes without a NUL: ustar allows it; exactly those 100. */
	memcpy(p, plain, plen);
	memset(p + 512, 'A', 100);
	memset(&g, 0, sizeof(g));
	i = (size_t)vmtar_read_mem(p, plen, &v, &e);
	ok(i == 0 && g.n == 4 && strlen(g.name[3]) == 100 && g.name[3][99] == 'A',
	   "a 100-byte name without NUL is read as exactly 100 bytes");

	/* a size over the caller's cap: refused before reading */
	memcpy(p, plain, plen);
	memcpy(p + 2 * 512 + 124, "00400000001", 11);
	vt_refused(p, plen, EFBIG, "more than the", "64 MiB + 1 byte file (caller's cap)");

	big = calloc(1, big_len);
	for (i = 0; i <= VMTAR_MAX_ENTRIES; i++)
		vt_header(big + i * 512, "d", 0, '5', 0);
	vt_refused(big, big_len, E2BIG, "more than", "65537 headers");
	free(big);
	free(p);
	free(plain);
}

/* Payloads written by the fixture generator, a second implementation of
 * the format. */
static void test_fixture(void)
{
	static const char *const how[] = { "gzip", "gzip+xz", "gzip+zstd", "none" };
	const char *top = getenv("top_srcdir");
	char dir[] = "/tmp/test_vmtar.XXXXXX", cmd[8192], path[4200];
	size_t i, j, len;
	FILE *f;

	if (!top || !mkdtemp(dir)) {
		skip("top_srcdir not set: the fixture generator is not reachable");
		return;
	}
	snprintf(path, sizeof(path), "%s/src3", dir);
	f = fopen(path, "w");
	for (j = 0; j < 300000; j++)
		fputc(vt_byte(j, 3), f);
	fclose(f);
	snprintf(path, sizeof(path), "%s/src5", dir);
	f = fopen(path, "w");
	for (j = 0; j < 4097; j++)
		fputc(vt_byte(j, 5), f);
	fclose(f);
	for (i = 0; i < sizeof(how) / sizeof(how[0]); i++) {
		struct vt_got g = { 0 };
		struct vmtar_visit v = { &g, vt_pick, vt_data };
		struct stoat_err e = { 0 };
		unsigned char *buf;

		snprintf(cmd, sizeof(cmd),
			 "python3 '%s/tests/fixtures/mkvmtar.py' --compress %s --reverse-data --dir usr "
			 "%s/p usr/x/file3=%s/src3 %s/file5=%s/src5 2>/dev/null", top, how[i], dir,
			 dir, long_name, dir);
		if (system(cmd) != 0) {
			skip("mkvmtar.py did not run (python3 or zstd missing?)");
			continue;
		}
		snprintf(path, sizeof(path), "%s/p", dir);
		f = fopen(path, "rb");
		buf = malloc(1 << 21);
		len = fread(buf, 1, 1 << 21, f);
		fclose(f);
		ok(vmtar_read_mem(buf, len, &v, &e) == 0 && g.headers == 3 && g.n == 2,
		   "mkvmtar.py %s: three headers, two files (%s)", how[i], e.msg);
		ok(g.size[0] == 4097 && g.size[1] == 300000 && !g.bad_bytes[0] && !g.bad_bytes[1],
		   "mkvmtar.py %s: both files whole, the reversed data followed", how[i]);
		free(buf);
	}
	snprintf(cmd, sizeof(cmd), "rm -rf '%s'", dir);
	ok(system(cmd) == 0, "temporary folder removed");
}

int main(void)
{
	test_good();
	test_hostile();
	test_fixture();
	return tap_done();
}
