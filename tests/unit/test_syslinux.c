/* test_syslinux.c - syslinux 3.86's patch format on a synthetic
 * ldlinux.sys, the boot sector merge, the kit checks, and the read-only
 * FAT reader against volumes mkfs.fat and mtools wrote (FAT12, FAT16,
 * FAT32, 4096-byte sectors, a fragmented file). */
#include "config.h"

#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <unistd.h>

#include "fatmap.h"
#include "le.h"
#include "syslinux.h"
#include "tap.h"
#include "vfat.h"

#define MAGIC 0x3EB202FEu
#define STAMP 0x75235B8Fu

/* A fake ldlinux.sys of len bytes (magic at 0x20) and its boot sector. */
static void fake_kit(uint8_t *ld, size_t len, uint8_t bs[512])
{
	size_t i;

	for (i = 0; i < len; i++)
		ld[i] = (uint8_t)(i * 7 + 3);
	le32_put(ld + 0x20, MAGIC);
	le32_put(ld + 0x24, STAMP);
	for (i = 0; i < 512; i++)
		bs[i] = (uint8_t)(0xA0 ^ i);
	bs[0] = 0xEB;
	bs[1] = 0x58;
	bs[2] = 0x90;
	le32_put(bs + 0xEB, STAMP);	/* the boot sector's cmp dword [...], imm32 */
}

/* The kit checks and what they refuse. */
static void checks(void)
{
	static uint8_t ld[65 * 512 + 4], bs[512], stub[441];
	struct stoat_err e = { 0 };

	fake_kit(ld, 3002, bs);
	ok(syslinux_check(512, ld, 3002, bs, 512, stub, 424, &e) == 0, "a 3.x kit passes: %s", e.msg);
	ok(syslinux_check(4096, ld, 3002, bs, 512, stub, 424, &e) == -EOPNOTSUPP
	   && strstr(e.msg, "512-byte"), "4096-byte sectors are refused with the reason: %s", e.msg);
	ok(syslinux_check(512, ld, 3002, bs, 512, stub, 441, &e) == -EINVAL,
	   "a 441-byte MBR stub is refused: %s", e.msg);
	ok(syslinux_check(512, ld, 3002, bs, 512, NULL, 0, &e) == 0, "no stub: not checked");
	ok(syslinux_check(512, ld, 65 * 512 + 1, bs, 512, NULL, 0, &e) == -EINVAL,
	   "more than 65 sectors are refused: %s", e.msg);
	ok(syslinux_check(512, ld, 3002, bs, 511, NULL, 0, &e) == -EINVAL,
	   "a boot sector of 511 bytes is refused");
	le32_put(bs + 0xEB, STAMP + 1);
	ok(syslinux_check(512, ld, 3002, bs, 512, NULL, 0, &e) == -EINVAL,
	   "a boot sector of another build (other stamp) is refused: %s", e.msg);
	le32_put(bs + 0xEB, STAMP);
	le32_put(ld + 0x20, 0);
	le32_put(ld + 0x180, MAGIC);	/* patch area would end past 512 */
	ok(syslinux_check(512, ld, 3002, bs, 512, NULL, 0, &e) == -EINVAL,
	   "a patch area that does not fit the first sector is refused: %s", e.msg);
}

/* The patch area and checksum, and the boot sector merge. */
static void patch(void)
{
	static uint8_t ld[3002], bs[512], fs[512];
	static const uint32_t sec[7] = { 100, 101, 300, 301, 302, 9, 77 };
	struct stoat_err e = { 0 };
	uint32_t sum = 0;
	bool list = true, bpb = true, code = true;
	unsigned i;

	fake_kit(ld, sizeof(ld), bs);
	ok(syslinux_patch(ld, sizeof(ld), sec, 5, &e) == -EINVAL,
	   "5 sectors for a 6-sector file are refused: %s", e.msg);
	memset(ld + 0x30, 0xFF, 256);	/* stale pointers must be cleared */
	ok(syslinux_patch(ld, sizeof(ld), sec, 7, &e) == 0, "7 listed sectors patch a 6-sector file");
	ok(le16_get(ld + 0x28) == 750, "dwords: 3002 / 4 = 750 (rounded down)");
	ok(le16_get(ld + 0x2A) == 5, "sectors after the first: 5");
	for (i = 0; i < 64; i++)
		list = list && le32_get(ld + 0x30 + 4 * i) == (i < 5 ? sec[i + 1] : 0);
	ok(list, "the list holds sectors 2..6 (101 300 301 302 9), the rest zero");
	for (i = 0; i < 750; i++)
		sum += le32_get(ld + 4 * i);
	ok(sum == MAGIC, "the first 750 dwords add up to the magic (checksum)");

	for (i = 0; i < 512; i++)
		fs[i] = (uint8_t)i;
	fs[510] = 0x55;
	fs[511] = 0xAA;
	syslinux_bootsect(fs, bs, 0x12345678);
	for (i = 3; i < 0x5A; i++)
		bpb = bpb && fs[i] == (uint8_t)i;
	for (i = 0x5A; i < 0x1F8; i++)
		code = code && fs[i] == bs[i];
	ok(!memcmp(fs, bs, 3) && code && fs[0x1FC] == bs[0x1FC] && fs[0x1FD] == bs[0x1FD],
	   "the boot sector takes the kit's bytes 0-2 and 0x5A-0x1FD");
	ok(bpb, "and keeps the volume's BPB (3-0x59)");
	ok(le32_get(fs + 0x1F8) == 0x12345678, "0x1F8 points at ldlinux.sys's first sector");
	ok(fs[510] == 0x55 && fs[511] == 0xAA, "the 55AA signature stays");
}

/* Map file name on volume img (mkfs.fat options opts) and compare the
 * sectors' bytes with the file written there. */
static void one_fat(const char *dir, const char *label, const char *opts, unsigned kib,
		    unsigned bits, unsigned bps, bool fragment)
{
	char img[512], src[512];
	uint32_t sec[200];
	struct fatmap_vol v;
	struct fatmap_file f;
	struct stoat_err e = { 0 };
	uint8_t want[60000], got[4096];
	bool same = true, contiguous = true;
	unsigned i;
	size_t n;
	int fd, rc;
	FILE *s;

	snprintf(img, sizeof(img), "%s/%s.img", dir, label);
	snprintf(src, sizeof(src), "%s/data", dir);
	for (i = 0; i < sizeof(want); i++)
		want[i] = (uint8_t)(i * 13 + i / 512);
	s = fopen(src, "wb");
	n = s ? fwrite(want, 1, sizeof(want), s) : 0;
	if (s)
		fclose(s);
	rc = tap_sh("rm -f %s && mkfs.fat -C %s %s %u >/dev/null", img, opts, img, kib);
	/* Twenty one-cluster files with holes after the first and third; on
	 * FAT32 the FSInfo "next free" hint is cleared so that mtools fills
	 * the holes there too. Z.DAT is the root folder's 21st entry: on
	 * FAT32 (16 entries a cluster) in its second cluster. */
	if (fragment)
		rc = rc ? rc : tap_sh("cd %s && for i in $(seq 1 20); do echo $i >f$i; "
				  "mcopy -i %s f$i :: || exit 1; done && mdel -i %s ::f2 ::f4", dir, img, img);
	if (fragment && bits == 32)
		rc = rc ? rc : tap_sh("printf '\\377\\377\\377\\377' | dd of=%s bs=1 seek=%u conv=notrunc "
				  "status=none", img, 512 + 0x1EC);
	rc = rc ? rc : tap_sh("mcopy -i %s %s ::/BIG.DAT", img, src);
	if (fragment)
		rc = rc ? rc : tap_sh("mcopy -i %s %s/f3 ::/Y.DAT && mcopy -i %s %s/f3 ::/Z.DAT",
				  img, dir, img, dir);
	if (!ok(rc == 0 && n == sizeof(want), "%s: mkfs.fat %s and mcopy", label, opts))
		return;
	fd = open(img, O_RDONLY);
	rc = fatmap_open(fd, 0, &v, &e);
	ok(rc == 0 && v.fat_bits == bits && v.bytes_per_sec == bps,
	   "%s: read as FAT%u with %u-byte sectors (%s)", label, v.fat_bits, v.bytes_per_sec,
	   rc ? e.msg : "ok");
	rc = fatmap_file(fd, 0, &v, "BIG     DAT", sec, 200, &f, &e);
	ok(rc == 0 && f.size == sizeof(want) && f.n * bps >= sizeof(want),
	   "%s: BIG.DAT found, %u bytes in %u sectors (%s)", label, f.size, f.n, rc ? e.msg : "ok");
	for (i = 0; rc == 0 && i * bps < sizeof(want); i++) {
		size_t piece = sizeof(want) - i * bps < bps ? sizeof(want) - i * bps : bps;

		same = same && pread(fd, got, piece, (off_t)sec[i] * bps) == (ssize_t)piece
		       && !memcmp(got, want + i * bps, piece);
		contiguous = contiguous && (!i || sec[i] == sec[i - 1] + 1);
	}
	ok(rc == 0 && same, "%s: the listed sectors hold the file's bytes", label);
	if (fragment) {
		ok(!contiguous, "%s: and the file is fragmented (the list is not one run)", label);
		rc = fatmap_file(fd, 0, &v, "Z       DAT", sec, 200, &f, &e);
		ok(rc == 0 && f.size == 2 && f.n == v.sec_per_clus,
		   "%s: the 21st root entry is found too (%s)", label, rc ? e.msg : "ok");
	}
	ok(fatmap_file(fd, 0, &v, "NOSUCH  SYS", sec, 200, &f, &e) == -ENOENT,
	   "%s: a missing file is -ENOENT: %s", label, e.msg);
	close(fd);
}

/* syslinux_install of an ldlinux.sys shorter than a sector (hostile
 * media can carry one with a valid patch area): the sector on the volume
 * gets the patched file and nothing from past its end. */
static void short_install(const char *dir)
{
	static uint8_t ld[400], bs[512];
	uint8_t got[512];
	char img[512];
	struct stoat_err e = { 0 };
	struct fatmap_vol fv;
	struct fatmap_file f;
	struct vfat_vol v = { 0 };
	uint32_t sec[2];
	bool tail = true;
	unsigned i;
	int fd, rc;

	snprintf(img, sizeof(img), "%s/short.img", dir);
	fake_kit(ld, sizeof(ld), bs);
	rc = tap_sh("rm -f %s && mkfs.fat -C -F 16 -s 1 %s 8192 >/dev/null", img, img);
	fd = rc ? -1 : open(img, O_RDWR);
	v.dev = img;
	v.devfd = fd;
	v.sector_size = 512;
	rc = fd < 0 ? -1 : syslinux_install(&v, ld, sizeof(ld), bs, sizeof(bs), &e);
	ok(rc == 0, "a 400-byte ldlinux.sys installs: %s", rc ? e.msg : "ok");
	rc = rc ? rc : fatmap_open(fd, 0, &fv, &e);
	rc = rc ? rc : fatmap_file(fd, 0, &fv, "LDLINUX SYS", sec, 2, &f, &e);
	rc = rc ? rc : (pread(fd, got, sizeof(got), (off_t)sec[0] * 512) == 512 ? 0 : -1);
	for (i = sizeof(ld); rc == 0 && i < sizeof(got); i++)
		tail = tail && got[i] == 0;
	ok(rc == 0 && tail, "its sector past byte 400 stays as mcopy left it (zero)");
	if (fd >= 0)
		close(fd);
}

/* A GPT MBR stub as a whole 512-byte sector (code, zero padding, 55AA):
 * the kit check takes it, and LBA 0 gets its first 440 bytes with p1's
 * unique GUID at 0x1A8, where a 3.x stub (code ending before 0x1A8)
 * reads it; the partitioner's bytes from 0x1B8 stay. */
static void sector_stub(const char *dir)
{
	static uint8_t ld[3002], bs[512], stub[512];
	uint8_t mbr[512], before[512], ent[128];
	char img[512];
	struct stoat_err e = { 0 };
	int fd, rc;

	fake_kit(ld, sizeof(ld), bs);
	memset(stub, 0x33, 424);
	stub[510] = 0x55;
	stub[511] = 0xAA;
	ok(syslinux_check(512, ld, sizeof(ld), bs, 512, stub, 512, &e) == 0,
	   "a 512-byte GPT MBR sector passes the kit check: %s", e.msg);
	snprintf(img, sizeof(img), "%s/mbr.img", dir);
	rc = tap_sh("rm -f %s && truncate -s 8M %s && sgdisk -n1:2048:+1M %s >/dev/null", img, img, img);
	fd = rc ? -1 : open(img, O_RDWR);
	rc = fd < 0 ? -1 : (pread(fd, before, 512, 0) == 512 ? 0 : -1);
	rc = rc ? rc : syslinux_mbr_install(fd, 512, 1, stub, sizeof(stub), &e);
	ok(rc == 0, "syslinux_mbr_install takes it: %s", rc ? e.msg : "ok");
	rc = rc ? rc : (pread(fd, mbr, 512, 0) == 512 && pread(fd, ent, 128, 1024) == 128 ? 0 : -1);
	ok(rc == 0 && !memcmp(mbr, stub, 424), "LBA 0 holds the stub's code");
	ok(rc == 0 && !memcmp(mbr + 0x1A8, ent + 16, 16), "and p1's unique GUID at 0x1A8");
	ok(rc == 0 && !memcmp(mbr + 0x1B8, before + 0x1B8, 512 - 0x1B8),
	   "and the partitioner's bytes from 0x1B8 on");
	if (fd >= 0)
		close(fd);
}

/* The FAT reader on real volumes. */
static void fats(const char *dir)
{
	if (tap_sh("command -v mkfs.fat >/dev/null && command -v mcopy >/dev/null")) {
		skip("mkfs.fat or mtools is missing");
		return;
	}
	setenv("MTOOLS_SKIP_CHECK", "1", 1);
	setenv("MTOOLSRC", "/dev/null", 1);
	one_fat(dir, "fat12", "-F 12 -s 1", 2048, 12, 512, true);
	one_fat(dir, "fat16", "-F 16 -s 4 -R 4", 40960, 16, 512, true);
	one_fat(dir, "fat32", "-F 32 -s 1", 40960, 32, 512, true);
	one_fat(dir, "fat12-4k", "-S 4096 -s 1", 4096, 12, 4096, false);
	short_install(dir);
	if (tap_sh("command -v sgdisk >/dev/null"))
		skip("sgdisk is missing");
	else
		sector_stub(dir);
}

int main(void)
{
	char dir[] = "/tmp/stoat-syslinux.XXXXXX";

	checks();
	patch();
	if (!mkdtemp(dir))
		return 1;
	fats(dir);
	tap_sh("rm -rf %s", dir);
	return tap_done();
}
