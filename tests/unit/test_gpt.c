/* test_gpt.c - the GPT reader and type-GUID patcher against known vectors
 * and against tables written by sgdisk, an independent implementation. */
#include "config.h"

#include <errno.h>
#include <fcntl.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <unistd.h>

#include "gpt.h"
#include "tap.h"

/* First line of a command's output. */
static __attribute__((format(printf, 1, 2))) const char *out(const char *fmt, ...)
{
	static char buf[256];
	char cmd[4096];
	va_list ap;
	FILE *p;

	va_start(ap, fmt);
	vsnprintf(cmd, sizeof(cmd), fmt, ap);
	va_end(ap);
	buf[0] = '\0';
	p = popen(cmd, "r");
	if (p) {
		if (!fgets(buf, sizeof(buf), p))
			buf[0] = '\0';
		pclose(p);
	}
	buf[strcspn(buf, "\n")] = '\0';
	return buf;
}

/* CRC and GUID encoding vectors. */
static void vectors(void)
{
	static const uint8_t esp[16] = { 0x28, 0x73, 0x2A, 0xC1, 0x1F, 0xF8, 0xD2, 0x11,
					 0xBA, 0x4B, 0x00, 0xA0, 0xC9, 0x3E, 0xC9, 0x3B };
	uint8_t b[16];
	char s[33];

	ok(gpt_crc32("123456789", 9) == 0xCBF43926u, "CRC-32 check value of '123456789'");
	ok(gpt_crc32("", 0) == 0, "CRC-32 of nothing is 0");
	ok(gpt_guid_encode(GUID_SYSTEM, b) == 0 && !memcmp(b, esp, 16),
	   "the EFI system GUID encodes to its well-known mixed-endian bytes");
	gpt_guid_decode(esp, s);
	is_str(s, GUID_SYSTEM, "and decodes back");
	ok(gpt_guid_encode(GUID_VMFS, b) == 0 && b[0] == 0x2A && b[3] == 0xAA && b[4] == 0x0F
	   && b[6] == 0xDB && b[8] == 0x95 && b[15] == 0xB8, "the vmfs GUID: first three fields swapped");
	gpt_guid_encode("ebd0a0a2b9e5443387c068b6b72699c7", b);
	gpt_guid_decode(b, s);
	is_str(s, GUID_LINUXNATIVE, "lower-case hex is accepted, decoding is upper-case");
	ok(gpt_guid_encode("EBD0A0A2B9E5443387C068B6B72699C", b) == -EINVAL, "31 digits are refused");
	ok(gpt_guid_encode("XBD0A0A2B9E5443387C068B6B72699C7", b) == -EINVAL, "non-hex is refused");
}

/* Read back and patch a table sgdisk wrote for the 2 GiB esxi6 plan. */
static void with_sgdisk(const char *dir)
{
	char img[512];
	struct gpt_table t;
	struct layout l;
	struct stoat_err e = { 0 };
	struct layout_opts o = { 0 };
	int fd, rc;
	unsigned i;
	bool same = true;

	snprintf(img, sizeof(img), "%s/s.img", dir);
	if (tap_sh("command -v sgdisk >/dev/null")) {
		skip("sgdisk is missing");
		return;
	}
	layout_plan(2ull << 30, 512, false, LAYOUT_ESXI6, &o, &l, &e);
	rc = tap_sh("truncate -s 2G %s && sgdisk -o -a 1 -n 1:64:8191 -t 1:EF00 -A 1:set:2 "
		"-n 5:8224:520191 -n 6:520224:1032191 -n 7:1032224:1257471 "
		"-n 8:1257504:1843199 %s >/dev/null", img, img);
	ok(rc == 0, "sgdisk writes the 2 GiB esxi6 geometry with default types");
	fd = open(img, O_RDWR);
	rc = gpt_read(fd, 512, &t, &e);
	ok(rc == 0, "gpt_read reads sgdisk's table: %s", rc ? e.msg : "ok");
	ok(t.n == 5 && t.backup_ok && t.backup_lba == (2ull << 30) / 512 - 1
	   && t.first_usable == 34 && t.last_usable == (2ull << 30) / 512 - 34,
	   "5 entries, valid backup at the last LBA, usable 34..TOTAL-34");
	for (i = 0; i < t.n && i < l.n; i++)
		same = same && t.part[i].start == l.part[i].start && t.part[i].end == l.part[i].end;
	ok(same && t.part[0].num == 1 && t.part[1].num == 5, "entries carry their numbers and sectors");
	ok(t.end_lba == 1843199, "end_lba is the last sector of the partition that ends last (%llu)",
	   (unsigned long long)t.end_lba);
	ok((t.part[0].attrs & GPT_ATTR_LEGACY_BOOT) && !(t.part[1].attrs & GPT_ATTR_LEGACY_BOOT),
	   "sgdisk's attribute bit 2 reads as legacy boot on p1 only");
	is_str(t.part[0].type_guid, GUID_SYSTEM, "EF00 reads as the EFI system GUID");
	is_str(t.part[1].type_guid, "0FC63DAF848347728E793D69D8477DE4", "8300 reads as Linux data");

	rc = gpt_set_types(fd, 512, &l, &e);
	ok(rc == 0, "gpt_set_types patches it: %s", rc ? e.msg : "ok");
	close(fd);
	is_str(out("sgdisk -v %s | grep -c 'No problems found'", img), "1",
	       "sgdisk -v: no problems after patching (both CRCs and the backup agree)");
	is_str(out("sgdisk -i 7 %s | sed -n 's/^Partition GUID code: \\([^ ]*\\).*/\\1/p'", img),
	       "9D275380-40AD-11DB-BF97-000C2911D1B8", "sgdisk -i 7: vmkDiagnostic");
	is_str(out("sgdisk -i 8 %s | sed -n 's/^Partition GUID code: \\([^ ]*\\).*/\\1/p'", img),
	       "EBD0A0A2-B9E5-4433-87C0-68B6B72699C7", "sgdisk -i 8: linuxNative");
	is_str(out("sgdisk -i 1 %s | sed -n 's/^Attribute flags: //p'", img),
	       "0000000000000004", "sgdisk -i 1: the legacy boot attribute survives");

	/* Attribute bit 2 on p5, the unique GUID sgdisk gave it read back. */
	ok(tap_sh("sgdisk -u 5:0A1B2C3D-4E5F-6172-8394-A5B6C7D8E9F0 %s >/dev/null", img) == 0,
	   "sgdisk sets p5's unique GUID");
	fd = open(img, O_RDWR);
	rc = gpt_read(fd, 512, &t, &e);
	ok(rc == 0 && t.part[1].num == 5 && t.part[1].part_guid[0] == 0x3D
	   && t.part[1].part_guid[3] == 0x0A && t.part[1].part_guid[8] == 0x83
	   && t.part[1].part_guid[15] == 0xF0,
	   "gpt_read gives p5's unique GUID in on-disk (mixed-endian) order");
	rc = gpt_set_attrs(fd, 512, 5, GPT_ATTR_LEGACY_BOOT, &e);
	ok(rc == 0, "gpt_set_attrs sets bit 2 on p5: %s", rc ? e.msg : "ok");
	close(fd);
	is_str(out("sgdisk -i 5 %s | sed -n 's/^Attribute flags: //p'", img),
	       "0000000000000004", "sgdisk -i 5: attribute bit 2 set");
	is_str(out("sgdisk -v %s | grep -c 'No problems found'", img), "1",
	       "sgdisk -v: no problems after setting it (CRCs, backup)");
	tap_sh("cp %s %s.before", img, img);
	fd = open(img, O_RDWR);
	ok(gpt_set_attrs(fd, 512, 5, GPT_ATTR_LEGACY_BOOT, &e) == 0
	   && tap_sh("cmp -s %s %s.before", img, img) == 0,
	   "setting it again succeeds and writes nothing");
	rc = gpt_set_attrs(fd, 512, 4, GPT_ATTR_LEGACY_BOOT, &e);
	ok(rc == -ENOENT && tap_sh("cmp -s %s %s.before", img, img) == 0,
	   "an unused entry is refused, nothing written: %s", e.msg);
	close(fd);

	/* A plan whose sectors differ from the entries is refused untouched. */
	l.part[4].end -= 8;
	fd = open(img, O_RDWR);
	ok(gpt_set_types(fd, 512, &l, &e) == -EIO, "a plan that does not match the entries is refused");
	/* Corrupt one entry byte: the reader must notice the CRC. */
	ok(pwrite(fd, "X", 1, 2 * 512 + 100) == 1, "corrupt one entry byte");
	ok(gpt_read(fd, 512, &t, &e) == -EINVAL && strstr(e.msg, "checksum"),
	   "gpt_read refuses a bad entry array CRC: %s", e.msg);
	/* Without a signature at LBA 1 there is no GPT at all: -ENOENT, which
	 * callers tell apart from a damaged table. */
	ok(pwrite(fd, "NOT PART", 8, 512) == 8, "overwrite the primary header's signature");
	ok(gpt_read(fd, 512, &t, &e) == -ENOENT, "gpt_read says -ENOENT where LBA 1 holds no GPT header");
	close(fd);
}

int main(void)
{
	char dir[] = "/tmp/stoat-gpt.XXXXXX";

	vectors();
	if (!mkdtemp(dir))
		return 1;
	with_sgdisk(dir);
	tap_sh("rm -rf %s", dir);
	return tap_done();
}
