/* test_bootkit.c - finding the p1 boot kit: content checks on VMware's
 * real loaders (../shared/esxboot) and on stand-ins built here, payloads
 * (btldr vmtar, imgpayld.tgz, nested archives), priorities, refusals,
 * and whole media from tests/fixtures/mkmedia.sh. */
#include "config.h"

#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "bootkit.h"
#include "media.h"
#include "stream.h"
#include "tap.h"
#include "vmtar_fixture.h"

/* A stand-in file: its bytes. */
struct fake {
	unsigned char *p;
	size_t n;
};

/* A PE32+ image for machine with subsystem, carrying the strings in marks
 * (joined, NUL-separated). */
static struct fake fake_pe(uint16_t machine, uint16_t subsystem, const char *marks)
{
	struct fake f = { calloc(1, 4096), 4096 };

	f.p[0] = 'M';
	f.p[1] = 'Z';
	le32_put(f.p + 0x3C, 0x80);
	memcpy(f.p + 0x80, "PE\0\0", 4);
	le16_put(f.p + 0x84, machine);
	le16_put(f.p + 0x80 + 24, 0x20B);
	le16_put(f.p + 0x80 + 24 + 68, subsystem);
	for (size_t at = 1024; *marks; marks += strlen(marks) + 1, at += 64)
		memcpy(f.p + at, marks, strlen(marks));
	return f;
}

/* A COM32 module carrying marks. */
static struct fake fake_c32(const char *marks)
{
	struct fake f = { calloc(1, 2048), 2048 };

	memcpy(f.p, "\xb8\xfe\x4c\xcd\x21", 5);
	for (size_t at = 512; *marks; marks += strlen(marks) + 1, at += 64)
		memcpy(f.p + at, marks, strlen(marks));
	return f;
}

#define SAFEBOOT_MARKS "VMWARE FAT16    \0bootUUID=\0"
#define MBOOT_MARKS "kernelopt\0Multiboot header is not found.\0"
#define CRYPTO_MARKS "VMware's ESXboot Cryptographic Module, v1.0\0"

/* The stand-in kit, in the piece order of bootkit.h, plus a menu.c32. */
struct kit_fakes {
	struct fake f[BOOTKIT_N_PIECES + 1];
};

static void fakes_make(struct kit_fakes *k)
{
	k->f[BOOTKIT_SAFEBOOT_EFI] = fake_pe(0x8664, 10, SAFEBOOT_MARKS);
	k->f[BOOTKIT_MBOOT_EFI] = fake_pe(0x8664, 10, MBOOT_MARKS);
	k->f[BOOTKIT_CRYPTO_EFI] = fake_pe(0x8664, 11, CRYPTO_MARKS);
	k->f[BOOTKIT_SAFEBOOT_C32] = fake_c32(SAFEBOOT_MARKS);
	k->f[BOOTKIT_MBOOT_C32] = fake_c32(MBOOT_MARKS);
	k->f[BOOTKIT_LDLINUX_SYS] = (struct fake){ calloc(1, 8192), 8192 };
	memcpy(k->f[BOOTKIT_LDLINUX_SYS].p, "\r\nSYSLINUX 3.86 ", 16);
	le32_put(k->f[BOOTKIT_LDLINUX_SYS].p + 0x20, 0x3eb202fe);
	k->f[BOOTKIT_FAT_BOOT_SECTOR] = (struct fake){ calloc(1, 512), 512 };
	memcpy(k->f[BOOTKIT_FAT_BOOT_SECTOR].p, "\xeb\x58\x90SYSLINUX", 11);
	k->f[BOOTKIT_GPTMBR] = (struct fake){ calloc(1, 424), 424 };
	memset(k->f[BOOTKIT_GPTMBR].p, 0x33, 424);
	k->f[BOOTKIT_N_PIECES] = fake_c32("menu\0");
}

static void fakes_free(struct kit_fakes *k)
{
	for (size_t i = 0; i <= BOOTKIT_N_PIECES; i++)
		free(k->f[i].p);
}

/* Names the kit's files have inside a payload (BOOTx64.EFI is mboot). */
static const char *const kit_names[BOOTKIT_N_PIECES + 1] = {
	"usr/lib/vmware/boot/safeboot.efi", "usr/lib/vmware/boot/BOOTx64.EFI",
	"usr/lib/vmware/boot/crypto64.efi", "usr/lib/vmware/boot/safeboot.c32",
	"usr/lib/vmware/boot/mboot.c32", "usr/lib/vmware/boot/ldlinux.sys",
	"usr/lib/vmware/boot/fatBootSector", "usr/lib/vmware/boot/gptmbr.bin",
	"usr/lib/vmware/boot/menu.c32",
};

/* The kit as vmtar members. */
static size_t kit_members(const struct kit_fakes *k, struct vt_member *m)
{
	size_t i;

	m[0] = (struct vt_member){ "usr/lib/vmware/boot", NULL, 0, '5' };
	for (i = 0; i <= BOOTKIT_N_PIECES; i++)
		m[i + 1] = (struct vt_member){ kit_names[i], k->f[i].p, k->f[i].n, '0' };
	return BOOTKIT_N_PIECES + 2;
}

/* Scan bytes as a container named name. */
static int scan_mem(struct bootkit *kit, const char *name, enum bootkit_source src,
		    const void *buf, size_t len)
{
	struct stoat_err e = { 0 };
	struct stream_mem m;
	struct stream s;

	stream_mem_init(&m, &s, buf, len);
	return bootkit_scan(kit, name, src, &s, &e);
}

/* Whether piece p holds exactly the bytes of f. */
static bool same(const struct bootkit *kit, int p, const struct fake *f)
{
	return kit->piece[p].data && kit->piece[p].size == f->n && !memcmp(kit->piece[p].data, f->p, f->n);
}

/* The kit in a gzip'd btldr vmtar: every piece, from the btldr. */
static void test_btldr(const struct kit_fakes *k)
{
	static const char *const gz[] = { "gzip", NULL };
	struct vt_member m[BOOTKIT_N_PIECES + 2];
	struct bootkit kit = { 0 };
	size_t plen, zlen, n = kit_members(k, m), i;
	unsigned char *plain = vt_build(m, n, &plen), *z = vt_compress(plain, plen, gz, &zlen);
	char why[512];
	bool all = true;

	ok(scan_mem(&kit, "BTLDR.V00", BOOTKIT_FROM_BTLDR, z, zlen) == 0, "btldr: scanned");
	for (i = 0; i < BOOTKIT_N_PIECES; i++)
		all &= same(&kit, (int)i, &k->f[i]) && kit.piece[i].source == BOOTKIT_FROM_BTLDR;
	ok(all, "btldr: all eight pieces, byte for byte, from the btldr (content decides: BOOTx64.EFI is mboot)");
	is_str(kit.piece[BOOTKIT_SAFEBOOT_EFI].origin, "BTLDR.V00: usr/lib/vmware/boot/safeboot.efi",
	       "btldr: the origin names the payload and the path in it");
	ok(bootkit_uefi_ready(&kit, why, sizeof(why)) && !why[0], "btldr: UEFI boot can be set up");
	ok(bootkit_bios_ready(&kit, why, sizeof(why)), "btldr: BIOS boot can be set up");
	bootkit_free(&kit);

	/* the same payload cut short: noted, nothing found past the cut */
	ok(scan_mem(&kit, "BTLDR.V00", BOOTKIT_FROM_BTLDR, z, zlen / 2) == 0 &&
	   strstr(kit.trouble, "BTLDR.V00 cannot be read"), "btldr cut in half: noted (%s)", kit.trouble);
	ok(!bootkit_uefi_ready(&kit, why, sizeof(why)) && strstr(why, "BTLDR.V00 cannot be read"),
	   "btldr cut in half: the UEFI reason says why (%s)", why);
	bootkit_free(&kit);
	free(z);
	free(plain);
}

/* bootkit_find on a folder whose boot.cfg lists the btldr with an
 * argument after its path ("/btldr.t00 x=1", which boot.cfg allows) and
 * a backslash: the btldr is still the payload searched. */
static void test_btldr_args(const struct kit_fakes *k)
{
	static const char *const gz[] = { "gzip", NULL };
	struct vt_member m[BOOTKIT_N_PIECES + 2];
	struct bootcfg *b = calloc(1, sizeof(*b));
	struct bootkit kit = { 0 };
	struct stoat_err e = { 0 };
	size_t plen, zlen, n = kit_members(k, m);
	unsigned char *plain = vt_build(m, n, &plen), *z = vt_compress(plain, plen, gz, &zlen);
	char dir[] = "/tmp/test_bootkit.XXXXXX", path[600], why[512];
	FILE *f = NULL;
	int rc = -1;

	if (b && mkdtemp(dir)) {
		snprintf(path, sizeof(path), "%s/BTLDR.T00", dir);
		if ((f = fopen(path, "wb")))
			rc = fwrite(z, 1, zlen, f) == zlen ? 0 : -1;
		if (f)
			fclose(f);
	}
	if (rc == 0) {
		snprintf(b->kernel, sizeof(b->kernel), "/b.b00");
		snprintf(b->modules[0], sizeof(b->modules[0]), "\\btldr.t00 x=1");
		b->n_modules = 1;
		rc = bootkit_find(dir, true, b, &kit, &e);
	}
	ok(rc == 0 && kit.piece[BOOTKIT_SAFEBOOT_EFI].source == BOOTKIT_FROM_BTLDR &&
	   bootkit_uefi_ready(&kit, why, sizeof(why)),
	   "a btldr listed with an argument is searched (%s)", rc ? e.msg : kit.searched);
	bootkit_free(&kit);
	snprintf(path, sizeof(path), "rm -rf '%s'", dir);
	ok(system(path) == 0, "its folder removed");
	free(b);
	free(z);
	free(plain);
}

/* The kit in a vmtar (gzip holding xz) inside imgpayld.tgz, the GPT MBR
 * loose in the tar; and the depth limit. */
static void test_imgpayld(const struct kit_fakes *k)
{
	static const char *const gzxz[] = { "gzip", "xz", NULL }, *const gz[] = { "gzip", NULL };
	struct vt_member m[BOOTKIT_N_PIECES + 2], t[3];
	struct bootkit kit = { 0 };
	size_t plen, vlen, tlen, n, lvl, len;
	unsigned char *plain, *v, *tgz, *cur, *next;
	char why[512], name[32];

	/* the vmtar: the kit without ldlinux.sys, fatBootSector, gptmbr.bin */
	kit_members(k, m);
	m[1 + BOOTKIT_LDLINUX_SYS] = m[1 + BOOTKIT_N_PIECES];
	n = 2 + BOOTKIT_LDLINUX_SYS;
	plain = vt_build(m, n, &plen);
	v = vt_compress(plain, plen, gzxz, &vlen);

	t[0] = (struct vt_member){ "profile.xml", "<image/>\n", 9, '0' };
	t[1] = (struct vt_member){ "payloads/btldr", v, vlen, '0' };
	t[2] = (struct vt_member){ "extra/gptmbr.bin", k->f[BOOTKIT_GPTMBR].p, k->f[BOOTKIT_GPTMBR].n, '0' };
	tgz = vt_write("ustar", t, 3, gz, &tlen);
	ok(scan_mem(&kit, "IMGPAYLD.TGZ", BOOTKIT_FROM_IMGPAYLD, tgz, tlen) == 0 && !kit.trouble[0], "imgpayld: scanned (%s)", kit.trouble);
	ok(same(&kit, BOOTKIT_SAFEBOOT_EFI, &k->f[BOOTKIT_SAFEBOOT_EFI]) &&
	   kit.piece[BOOTKIT_SAFEBOOT_EFI].source == BOOTKIT_FROM_IMGPAYLD,
	   "imgpayld: safeboot found in the vmtar inside the tar");
	is_str(kit.piece[BOOTKIT_MBOOT_EFI].origin,
	       "IMGPAYLD.TGZ: payloads/btldr: usr/lib/vmware/boot/BOOTx64.EFI",
	       "imgpayld: the origin shows the nesting");
	is_str(kit.piece[BOOTKIT_GPTMBR].origin, "IMGPAYLD.TGZ: extra/gptmbr.bin",
	       "imgpayld: a file loose in the tar is found too");
	ok(bootkit_uefi_ready(&kit, why, sizeof(why)), "imgpayld: UEFI boot can be set up");
	ok(!bootkit_bios_ready(&kit, why, sizeof(why)) &&
	   strstr(why, "fatBootSector") && strstr(why, "ldlinux.sys"),
	   "imgpayld without the last two pieces: BIOS not ready, and why names them (%s)", why);
	bootkit_free(&kit);
	free(tgz);

	/* nest the vmtar in tgz in tgz ...: found down to BOOTKIT_MAX_DEPTH */
	cur = v;
	len = vlen;
	for (lvl = 2; lvl <= BOOTKIT_MAX_DEPTH + 1; lvl++) {
		snprintf(name, sizeof(name), "level%zu.tgz", lvl);
		t[0] = (struct vt_member){ name, cur, len, '0' };
		next = vt_write("ustar", t, 1, gz, &len);
		if (cur != v)
			free(cur);
		cur = next;
		scan_mem(&kit, "IMGPAYLD.TGZ", BOOTKIT_FROM_IMGPAYLD, cur, len);
		ok((kit.piece[BOOTKIT_SAFEBOOT_EFI].data != NULL) == (lvl <= BOOTKIT_MAX_DEPTH),
		   "the kit in an archive %zu levels deep (imgpayld.tgz is 1): %s", lvl,
		   lvl <= BOOTKIT_MAX_DEPTH ? "found" : "not looked for (depth limit)");
		bootkit_free(&kit);
	}
	free(cur);
	free(v);
	free(plain);
}

/* Content over names, priorities, near misses. */
static void test_judging(const struct kit_fakes *k)
{
	struct fake arm = fake_pe(0xAA64, 10, SAFEBOOT_MARKS), elf = { calloc(1, 64), 64 };
	struct fake other = fake_pe(0x8664, 10, "hello\0");
	struct bootkit kit = { 0 };
	char why[512];

	memcpy(elf.p, "\177ELF", 4);
	ok(bootkit_classify("mboot64.efi", k->f[0].p, k->f[0].n, why, sizeof(why)) == BOOTKIT_SAFEBOOT_EFI,
	   "safeboot's bytes named mboot64.efi are safeboot");
	ok(bootkit_classify("safeboot.efi", arm.p, arm.n, why, sizeof(why)) < 0 &&
	   strstr(why, "another processor"), "an arm64 safeboot is refused (%s)", why);
	ok(bootkit_classify("safeboot.c32", elf.p, elf.n, why, sizeof(why)) < 0 &&
	   strstr(why, "syslinux 5"), "an ELF .c32 is refused (%s)", why);
	ok(bootkit_classify("bootx64.efi", other.p, other.n, why, sizeof(why)) < 0 &&
	   strstr(why, "not VMware's"), "a foreign UEFI program is refused (%s)", why);
	ok(bootkit_classify("safeboot.efi", k->f[BOOTKIT_LDLINUX_SYS].p, 8192, why, sizeof(why)) < 0 &&
	   strstr(why, "no MZ header"), "ldlinux.sys named safeboot.efi is refused (%s)", why);
	ok(bootkit_classify("fatBootSector", k->f[BOOTKIT_FAT_BOOT_SECTOR].p, 511, why, sizeof(why)) < 0,
	   "a 511-byte boot sector is refused");
	ok(bootkit_classify("gptmbr.bin", k->f[BOOTKIT_FAT_BOOT_SECTOR].p, 512, why, sizeof(why)) < 0,
	   "a 512-byte gptmbr.bin without 55AA is refused");

	/* the arm64 one is remembered as the reason safeboot is missing */
	bootkit_offer(&kit, "safeboot.efi", arm.p, arm.n, BOOTKIT_FROM_BTLDR, "BTLDR.V00: safeboot.efi");
	bootkit_offer(&kit, "BOOTX64.EFI", k->f[1].p, k->f[1].n, BOOTKIT_FROM_MEDIA, "EFI/BOOT/BOOTX64.EFI");
	ok(!bootkit_uefi_ready(&kit, why, sizeof(why)) && strstr(why, "safeboot (UEFI)") &&
	   strstr(why, "another processor") && !strstr(why, "mboot"),
	   "UEFI not ready: safeboot missing, the arm64 file named (%s)", why);
	ok(kit.piece[BOOTKIT_MBOOT_EFI].source == BOOTKIT_FROM_MEDIA, "mboot taken from the media's loose file");
	ok(bootkit_offer(&kit, "mboot64.efi", k->f[1].p, k->f[1].n, BOOTKIT_FROM_BTLDR, "b") == BOOTKIT_MBOOT_EFI &&
	   kit.piece[BOOTKIT_MBOOT_EFI].source == BOOTKIT_FROM_BTLDR, "the btldr's mboot replaces the loose one");
	ok(bootkit_offer(&kit, "mboot64.efi", k->f[1].p, k->f[1].n, BOOTKIT_FROM_IMGPAYLD, "i") < 0,
	   "imgpayld's mboot does not replace the btldr's");
	bootkit_free(&kit);
	free(arm.p);
	free(elf.p);
	free(other.p);
}

/* A file that claims to be safeboot but is 64 MiB + 1: not read. */
static void test_too_large(void)
{
	struct bootkit kit = { 0 };
	unsigned char *plain;
	size_t plen;
	struct vt_member m = { "safeboot.efi", "MZ", 2, '0' };
	char why[512];

	plain = vt_build(&m, 1, &plen);
	memcpy(plain + 124, "00400000001", 11);
	scan_mem(&kit, "BTLDR.V00", BOOTKIT_FROM_BTLDR, plain, plen);
	ok(!bootkit_uefi_ready(&kit, why, sizeof(why)) && strstr(why, "too large"),
	   "a 64 MiB + 1 safeboot.efi is refused unread (%s)", why);
	bootkit_free(&kit);
	free(plain);
}

/* The host's GPT MBR stub when the kit has none. */
static void test_host_gptmbr(void)
{
	char path[] = "/tmp/test_bootkit_mbr.XXXXXX", why[512];
	struct bootkit kit = { 0 };
	unsigned char buf[600];
	struct stoat_err e = { 0 };
	int fd = mkstemp(path);

	memset(buf, 0x66, sizeof(buf));
	if (fd < 0 || write(fd, buf, 440) != 440) {
		skip("cannot write a temporary file");
		return;
	}
	bootkit_host_gptmbr(&kit, path, &e);
	ok(kit.piece[BOOTKIT_GPTMBR].source == BOOTKIT_FROM_HOST && kit.piece[BOOTKIT_GPTMBR].size == 440,
	   "a 440-byte host gptmbr.bin is taken");
	bootkit_free(&kit);
	if (write(fd, buf, 160) != 160)
		return;
	bootkit_host_gptmbr(&kit, path, &e);
	ok(!kit.piece[BOOTKIT_GPTMBR].data && strstr(kit.piece[BOOTKIT_GPTMBR].why, "not a GPT MBR"),
	   "a 600-byte one is refused (%s)", kit.piece[BOOTKIT_GPTMBR].why);
	ok(!bootkit_bios_ready(&kit, why, sizeof(why)) && strstr(why, "gptmbr.bin"), "BIOS not ready: %s", why);
	bootkit_free(&kit);
	close(fd);
	unlink(path);
}

/* The esx-boot kit folder, or NULL. */
static const char *esxboot_dir(void)
{
	static char dir[4096];
	const char *env = getenv("STOAT_ESXBOOT_DIR"), *top = getenv("top_srcdir");
	const char *rel[] = { "../shared/esxboot", "../../shared/esxboot" };
	char probe[4200];

	if (env && *env) {
		snprintf(dir, sizeof(dir), "%s", env);
		return dir;
	}
	for (size_t i = 0; top && i < 2; i++) {
		snprintf(dir, sizeof(dir), "%s/%s", top, rel[i]);
		snprintf(probe, sizeof(probe), "%s/bin/safeboot64.efi", dir);
		if (access(probe, R_OK) == 0)
			return dir;
	}
	return NULL;
}

/* Read a whole small file. */
static unsigned char *slurp(const char *path, size_t *n)
{
	FILE *f = fopen(path, "rb");
	unsigned char *buf = malloc(1 << 20);

	*n = f ? fread(buf, 1, 1 << 20, f) : 0;
	if (f)
		fclose(f);
	return buf;
}

/* VMware's own loaders, built from esx-boot, and syslinux 3.86. */
static void test_real_loaders(const char *dir)
{
	static const struct { const char *file, *as; int piece; } real[] = {
		{ "bin/safeboot64.efi", "safeboot64.efi", BOOTKIT_SAFEBOOT_EFI },
		{ "bin/mboot64.efi", "BOOTx64.EFI", BOOTKIT_MBOOT_EFI },
		{ "bin/crypto64.efi", "crypto64.efi", BOOTKIT_CRYPTO_EFI },
		{ "bin/safeboot.c32", "safeboot.c32", BOOTKIT_SAFEBOOT_C32 },
		{ "bin/mboot.c32", "mboot.c32", BOOTKIT_MBOOT_C32 },
		{ "bios/ldlinux.sys", "ldlinux.sys", BOOTKIT_LDLINUX_SYS },
		{ "bios/ldlinux.bss", "fatBootSector", BOOTKIT_FAT_BOOT_SECTOR },
		{ "bios/gptmbr.bin", "gptmbr.bin", BOOTKIT_GPTMBR },
		{ "bios/gptmbr-4.03.bin", "gptmbr.bin", BOOTKIT_GPTMBR },
	};
	char path[4200], why[512];
	size_t i, n;

	for (i = 0; i < sizeof(real) / sizeof(real[0]); i++) {
		unsigned char *d;
		const char *base = real[i].as;

		snprintf(path, sizeof(path), "%s/%s", dir, real[i].file);
		d = slurp(path, &n);
		why[0] = '\0';
		ok(bootkit_classify(base, d, n, why, sizeof(why)) == real[i].piece,
		   "esx-boot %s as %s is %s %s", real[i].file, base, bootkit_piece_name(real[i].piece), why);
		if (strstr(base, ".efi"))
			ok(bootkit_classify("safeboot.efi", d, n, why, sizeof(why)) == real[i].piece,
			   "... also when named safeboot.efi");
		free(d);
	}
}

/* Whether a piece holds exactly the bytes of dir/rel. */
static bool same_file(const struct bootkit_file *f, const char *dir, const char *rel)
{
	char path[4200];
	size_t n;
	unsigned char *d;
	bool eq;

	snprintf(path, sizeof(path), "%s/%s", dir, rel);
	d = slurp(path, &n);
	eq = f->data && n && f->size == n && !memcmp(f->data, d, n);
	free(d);
	return eq;
}

/* Whole media from mkmedia.sh: the kit in the btldr, in imgpayld.tgz,
 * nowhere; folder and ISO. */
static void test_media(const char *dir)
{
	static const struct { const char *args, *what; int kit; } cases[] = {
		{ "--format dir --kit-in btldr", "6.x folder, kit in BTLDR.T00", 1 },
		{ "--version 7.0.3-19193900 --kit-in btldr", "7.x ISO, kit in BTLDR.V00", 1 },
		{ "--version 7.0.3-19193900 --format tgz --kit-in imgpayld", "7.x tgz, kit in IMGPAYLD.TGZ", 2 },
		{ "--format iso --kit-in none", "6.x ISO without safeboot", 0 },
	};
	const char *top = getenv("top_srcdir");
	char tmp[] = "/tmp/test_bootkit.XXXXXX", cmd[8192], out[4200], why[512];
	size_t i;

	if (!top || !mkdtemp(tmp)) {
		skip("top_srcdir not set: mkmedia.sh is not reachable");
		return;
	}
	for (i = 0; i < sizeof(cases) / sizeof(cases[0]); i++) {
		struct stoat_err e = { 0 };
		const struct bootkit *kit;
		struct media *m = NULL;
		const struct bootkit_file *p;

		snprintf(out, sizeof(out), "%s/m%zu", tmp, i);
		snprintf(cmd, sizeof(cmd), "'%s/tests/fixtures/mkmedia.sh' --esxboot '%s' %s '%s' 2>&1",
			 top, dir, cases[i].args, out);
		if (!ok(system(cmd) == 0, "mkmedia.sh %s", cases[i].args))
			continue;
		if (!ok(media_open(out, &m, &e) == 0, "%s: opens (%s)", cases[i].what, e.msg))
			continue;
		kit = media_bootkit(m, &e);
		if (!ok(kit != NULL, "%s: searched (%s)", cases[i].what, e.msg)) {
			media_close(m);
			continue;
		}
		ok(media_bootkit(m, &e) == kit, "%s: searched once, kept with the media", cases[i].what);
		p = kit->piece;
		if (cases[i].kit) {
			enum bootkit_source src = cases[i].kit == 1 ? BOOTKIT_FROM_BTLDR : BOOTKIT_FROM_IMGPAYLD;

			ok(p[BOOTKIT_SAFEBOOT_EFI].source == src && p[BOOTKIT_MBOOT_EFI].source == src &&
			   p[BOOTKIT_LDLINUX_SYS].source == src && p[BOOTKIT_GPTMBR].source == src,
			   "%s: pieces from the payload (%s)", cases[i].what, p[0].origin);
			ok(bootkit_uefi_ready(kit, why, sizeof(why)), "%s: UEFI ready %s", cases[i].what, why);
			ok(bootkit_bios_ready(kit, why, sizeof(why)), "%s: BIOS ready %s", cases[i].what, why);
			ok((p[BOOTKIT_CRYPTO_EFI].data != NULL) == (media_major(m) >= 7),
			   "%s: crypto64 only on 7.x", cases[i].what);
			ok(same_file(&p[BOOTKIT_SAFEBOOT_EFI], dir, "bin/safeboot64.efi") &&
			   same_file(&p[BOOTKIT_MBOOT_EFI], dir, "bin/mboot64.efi") &&
			   same_file(&p[BOOTKIT_FAT_BOOT_SECTOR], dir, "bios/ldlinux.bss"),
			   "%s: safeboot, mboot and the boot sector are esx-boot's bytes", cases[i].what);
		} else {
			ok(!bootkit_uefi_ready(kit, why, sizeof(why)) && strstr(why, "safeboot (UEFI)") &&
			   !strstr(why, "mboot"), "%s: UEFI refused: %s", cases[i].what, why);
			is_str(p[BOOTKIT_MBOOT_EFI].origin, "EFI/BOOT/BOOTX64.EFI",
			       "%s: mboot is the media's loose EFI/BOOT/BOOTX64.EFI", cases[i].what);
			ok(p[BOOTKIT_SAFEBOOT_C32].source == BOOTKIT_FROM_MEDIA,
			   "%s: SAFEBOOT.C32 at the root counts", cases[i].what);
			ok(!bootkit_bios_ready(kit, why, sizeof(why)) && strstr(why, "ldlinux.sys"),
			   "%s: BIOS refused: %s", cases[i].what, why);
		}
		media_close(m);
	}
	snprintf(cmd, sizeof(cmd), "rm -rf '%s'", tmp);
	ok(system(cmd) == 0, "temporary media removed");
}

int main(void)
{
	struct kit_fakes k;
	const char *dir = esxboot_dir();

	fakes_make(&k);
	test_btldr(&k);
	test_btldr_args(&k);
	test_imgpayld(&k);
	test_judging(&k);
	test_too_large();
	test_host_gptmbr();
	fakes_free(&k);
	if (dir) {
		test_real_loaders(dir);
		test_media(dir);
	} else {
		skip("no esx-boot kit (../shared/esxboot; STOAT_ESXBOOT_DIR): VMware's loaders and real-layout media not tested");
	}
	return tap_done();
}
