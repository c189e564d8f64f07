/* test_image.c - the parts of the image API the wizard relies on: the
 * usability rules, the progress helpers, backup's confirmation and
 * stopping a flash or a backup half-way. Image files stand in for devices;
 * results are read back from the files. */
#include "config.h"

#include <dirent.h>
#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "image.h"
#include "image_priv.h"
#include "tap.h"

#define MIB (1024u * 1024u)

struct calls {
	int confirm, cancelled, stop_at;	/* stop when cancelled reaches stop_at */
	bool answer;
	struct disk seen;
	uint64_t seen_size;
};

/* confirm callback: remember what was asked, answer as told. */
static bool t_confirm(void *ctx, const struct disk *d, uint64_t size)
{
	struct calls *c = ctx;

	c->confirm++;
	c->seen = *d;
	c->seen_size = size;
	return c->answer;
}

/* cancelled callback: true from the stop_at-th call on (0: never). */
static bool t_cancelled(void *ctx)
{
	struct calls *c = ctx;

	return c->stop_at && ++c->cancelled >= c->stop_at;
}

/* Write len bytes of a repeating pattern seeded by seed to path. */
static int write_pattern(const char *path, size_t len, unsigned seed)
{
	unsigned char *buf = malloc(len);
	size_t i;
	int fd, rc;

	if (!buf)
		return -1;
	for (i = 0; i < len; i++) {
		seed = seed * 1103515245u + 12345u;
		buf[i] = (unsigned char)(seed >> 16);
	}
	fd = open(path, O_WRONLY | O_CREAT | O_TRUNC, 0644);
	rc = fd >= 0 && write(fd, buf, len) == (ssize_t)len ? 0 : -1;
	if (fd >= 0)
		close(fd);
	free(buf);
	return rc;
}

/* True when the first len bytes of a and b are the same. */
static bool same_head(const char *a, const char *b, size_t len)
{
	unsigned char *x = malloc(len), *y = malloc(len);
	FILE *fa = fopen(a, "rb"), *fb = fopen(b, "rb");
	bool same = x && y && fa && fb && fread(x, 1, len, fa) == len &&
		    fread(y, 1, len, fb) == len && !memcmp(x, y, len);

	if (fa)
		fclose(fa);
	if (fb)
		fclose(fb);
	free(x);
	free(y);
	return same;
}

/* Entries in dir other than . and .. */
static int count_files(const char *dir)
{
	DIR *d = opendir(dir);
	struct dirent *de;
	int n = 0;

	if (!d)
		return -1;
	while ((de = readdir(d)))
		if (strcmp(de->d_name, ".") && strcmp(de->d_name, ".."))
			n++;
	closedir(d);
	return n;
}

/* image_disk_usable: the rules by verdict and direction. */
static void test_usable(void)
{
	struct disk d;
	struct stoat_err e = { 0 };

	memset(&d, 0, sizeof(d));
	snprintf(d.path, sizeof(d.path), "/dev/sdz");
	ok(image_disk_usable(&d, true, &e) == 0, "a usable disk can be flashed");
	d.verdict = DISK_MOUNTED;
	snprintf(d.reason, sizeof(d.reason), "/dev/sdz1 is mounted on /mnt; unmount it first.");
	ok(image_disk_usable(&d, false, &e) == -EBUSY, "a mounted disk cannot be backed up");
	ok(strstr(e.msg, "/dev/sdz cannot be used: /dev/sdz1 is mounted") != NULL,
	   "and the message names the disk and the reason (%s)", e.msg);
	ok(image_disk_usable(&d, true, &e) == -EBUSY, "nor flashed");
	d.verdict = DISK_SYSTEM;
	ok(image_disk_usable(&d, false, &e) == -EBUSY, "the system disk is refused for a backup");
	d.verdict = DISK_MEDIA;
	ok(image_disk_usable(&d, true, &e) == -EBUSY, "the disk holding the image is refused");
	d.verdict = DISK_READONLY;
	ok(image_disk_usable(&d, false, &e) == 0, "a read-only disk can be backed up");
	ok(image_disk_usable(&d, true, &e) == -EROFS, "but not flashed");
	d.verdict = DISK_TOO_SMALL;
	ok(image_disk_usable(&d, true, &e) == -ENOSPC, "an empty device is refused");
	d.is_file = true;
	ok(image_disk_usable(&d, true, &e) == 0, "an empty image file can be written (it grows)");
}

/* image_progress_fraction and image_stage_name. */
static void test_progress(void)
{
	struct image_progress p = { IMAGE_WRITE, 25, 100, 0, 0, 0, -1 };

	ok(image_progress_fraction(&p) == 0.25, "the fraction is done/total when the total is known");
	p.total = 0;
	p.in_done = 30;
	p.in_total = 40;
	ok(image_progress_fraction(&p) == 0.75, "else the share of the input consumed");
	p.in_done = 50;
	ok(image_progress_fraction(&p) == 1.0, "and never more than 1");
	p.in_total = 0;
	ok(image_progress_fraction(&p) == 0.0, "0 when nothing is known");
	is_str(image_stage_name(IMAGE_WRITE), "Writing", "stage name: writing");
	is_str(image_stage_name(IMAGE_VERIFY), "Verifying", "stage name: verifying");
	is_str(image_stage_name(IMAGE_READ), "Reading", "stage name: reading");
}

/* A flash stopped after its first buffer leaves the first MiB alone. */
static void test_flash_stop(const char *dir)
{
	char img[512], dev[512], old[512];
	struct calls c = { .answer = true, .stop_at = 2 };
	struct image_cb cb = { NULL, t_confirm, &c, t_cancelled };
	struct image_flash_opts fo = { 0 };
	struct image_flash_result res;
	struct stoat_err e = { 0 };
	int rc;

	snprintf(img, sizeof(img), "%s/src.img", dir);
	snprintf(dev, sizeof(dev), "%s/dev.img", dir);
	snprintf(old, sizeof(old), "%s/dev.orig", dir);
	if (write_pattern(img, 12 * MIB, 1) || write_pattern(dev, 12 * MIB, 2) ||
	    write_pattern(old, 12 * MIB, 2)) {
		skip("cannot write the test files");
		return;
	}
	fo.image = img;
	fo.device = dev;
	fo.verify = true;
	rc = image_flash(&fo, &cb, &res, &e);
	ok(rc == -EMEDIUMTYPE && c.confirm == 0, "a pattern without a partition table is refused before the question (%s)", e.msg);
	fo.force = true;	/* it is only a pattern: write it all the same */
	rc = image_flash(&fo, &cb, &res, &e);
	ok(rc == -ECANCELED, "a flash stopped on request fails with ECANCELED (%d: %s)", rc, e.msg);
	ok(c.confirm == 1, "after the confirmation was asked once");
	ok(strstr(e.msg, "stopped on request") && strstr(e.msg, "first MiB was left as it was"),
	   "the message says it stopped and the first MiB is as it was (%s)", e.msg);
	ok(same_head(dev, old, MIB), "the target's first MiB is unchanged");

	/* not confirmed: nothing at all is written */
	c = (struct calls){ .answer = false };
	rc = image_flash(&fo, &cb, &res, &e);
	ok(rc == -ECANCELED && strstr(e.msg, "nothing was written"), "a flash not confirmed is refused (%s)", e.msg);
	ok(same_head(dev, old, MIB), "and the first MiB is still unchanged");
	unlink(img);
	unlink(dev);
	unlink(old);
}

/* Backup asks its confirmation with the device found, and can stop. */
static void test_backup(const char *dir)
{
	char dev[512], img[512], sum[600], sub[512];
	struct calls c = { .answer = false };
	struct image_cb cb = { NULL, t_confirm, &c, t_cancelled };
	struct image_backup_opts bo = { 0 };
	struct image_backup_result res;
	struct stoat_err e = { 0 };
	struct stat st;
	int rc;

	snprintf(sub, sizeof(sub), "%s/backup", dir);
	snprintf(dev, sizeof(dev), "%s/stick.img", dir);
	snprintf(img, sizeof(img), "%s/saved.img.zst", sub);
	snprintf(sum, sizeof(sum), "%s.sha256", img);
	if (mkdir(sub, 0755) < 0 || write_pattern(dev, 10 * MIB, 3)) {
		skip("cannot write the test files");
		return;
	}
	bo.device = dev;
	bo.image = img;
	bo.verify = true;
	rc = image_backup(&bo, &cb, &res, &e);
	ok(rc == -ECANCELED, "a backup not confirmed is refused (%s)", e.msg);
	is_u64((uint64_t)c.confirm, 1, "backup asks its confirmation once");
	is_str(c.seen.path, dev, "with the device it checked");
	is_u64(c.seen_size, 10 * MIB, "and the bytes it will read");
	ok(count_files(sub) == 0, "and makes no file at all");

	c = (struct calls){ .answer = true, .stop_at = 2 };
	rc = image_backup(&bo, &cb, &res, &e);
	ok(rc == -ECANCELED && strstr(e.msg, "stopped on request"), "a backup stopped on request fails (%s)", e.msg);
	ok(count_files(sub) == 0, "and leaves no image, no checksum and no temporary file");

	c = (struct calls){ .answer = true };
	rc = image_backup(&bo, &cb, &res, &e);
	ok(rc == 0 && res.verified, "a confirmed backup completes and is verified (%s)", rc ? e.msg : "ok");
	ok(stat(img, &st) == 0 && stat(sum, &st) == 0, "the image and its checksum file exist");

	/* an existing image (or its checksum file) is replaced only with force */
	c = (struct calls){ .answer = true };
	rc = image_backup(&bo, &cb, &res, &e);
	ok(rc == -EEXIST && c.confirm == 0, "a second backup over the first is refused before the question (%s)", e.msg);
	unlink(img);
	rc = image_backup(&bo, &cb, &res, &e);
	ok(rc == -EEXIST && strstr(e.msg, ".sha256 already exists"), "so is one over a checksum file left behind (%s)", e.msg);
	bo.force = true;

	/* without a confirm callback a backup goes ahead */
	cb.confirm = NULL;
	rc = image_backup(&bo, &cb, &res, &e);
	ok(rc == 0 && stat(img, &st) == 0, "without a confirm callback (and with force) a backup goes ahead (%s)", rc ? e.msg : "ok");
	unlink(img);
	unlink(sum);
	rmdir(sub);
	unlink(dev);
}

/* image_backup_path_check: only regular files, replaced only with force. */
static void test_backup_paths(const char *dir)
{
	char fifo[512], link[512], reg[512], sub[600], dev[512];
	struct calls c = { .answer = true };
	struct image_cb cb = { NULL, t_confirm, &c, NULL };
	struct image_backup_opts bo = { 0 };
	struct stoat_err e = { 0 };
	struct stat st;

	snprintf(fifo, sizeof(fifo), "%s/fifo.img", dir);
	snprintf(link, sizeof(link), "%s/link.img", dir);
	snprintf(reg, sizeof(reg), "%s/reg.img", dir);
	snprintf(sub, sizeof(sub), "%s/reg.img.sha256", dir);
	snprintf(dev, sizeof(dev), "%s/dev.img", dir);
	if (mkfifo(fifo, 0644) < 0 || symlink("/dev/null", link) < 0 || write_pattern(reg, 4096, 5) ||
	    write_pattern(dev, MIB, 6)) {
		skip("cannot make the test files");
		return;
	}
	ok(image_backup_path_check("/dev/null", true, &e) == -EINVAL && strstr(e.msg, "character device"),
	   "a device node is refused, even with force (%s)", e.msg);
	ok(image_backup_path_check(dir, true, &e) == -EINVAL && strstr(e.msg, "a directory"),
	   "a directory is refused (%s)", e.msg);
	ok(image_backup_path_check(fifo, true, &e) == -EINVAL && strstr(e.msg, "a fifo"),
	   "a fifo is refused (%s)", e.msg);
	ok(image_backup_path_check(link, true, &e) == -EINVAL && strstr(e.msg, "symbolic link"),
	   "a symbolic link is refused (%s)", e.msg);
	ok(image_backup_path_check(reg, false, &e) == -EEXIST && strstr(e.msg, reg),
	   "an existing image is refused without force, by name (%s)", e.msg);
	ok(image_backup_path_check(reg, true, &e) == 0, "and accepted with force");
	mkdir(sub, 0755);
	ok(image_backup_path_check(reg, true, &e) == -EINVAL && strstr(e.msg, ".sha256 exists and is a directory"),
	   "a checksum path that is a directory is refused (%s)", e.msg);
	bo.device = dev;
	bo.image = fifo;
	bo.force = true;
	ok(image_backup(&bo, &cb, NULL, &e) == -EINVAL && c.confirm == 0, "image_backup refuses a fifo before the question");
	ok(lstat(fifo, &st) == 0 && S_ISFIFO(st.st_mode), "and the fifo is still a fifo");
	rmdir(sub);
	unlink(fifo);
	unlink(link);
	unlink(reg);
	unlink(dev);
}

/* The speed meter: time left from the measured speed. */
static void test_meter(void)
{
	struct image_meter m = { 0 };
	struct image_progress p = { IMAGE_WRITE, 0, 100000000, 0, 0, 0, -1 };

	image_meter_begin(&m, IMAGE_WRITE, 0);
	p.done = 10000000;
	image_meter_update(&m, &p, 1);
	ok(p.rate == 10e6 && p.eta == 9, "10 MB in 1 s of 100 MB: 10 MB/s, 9 s left (%g, %g)", p.rate, p.eta);
	p.done = 30000000;
	image_meter_update(&m, &p, 2);
	ok(p.rate > 10e6 && p.rate < 20e6, "a faster second follows, smoothed (%g)", p.rate);
	ok(p.eta > 70e6 / 20e6 && p.eta < 7, "and the time left is the rest at that speed (%g)", p.eta);
	p = (struct image_progress){ IMAGE_VERIFY, 0, 0, 5000000, 20000000, 0, -1 };
	image_meter_begin(&m, IMAGE_VERIFY, 10);
	p.done = 50000000;
	image_meter_update(&m, &p, 11);
	ok(p.rate == 50e6 && p.eta == 3, "verifying starts afresh; with no total, by the input: 15 MB left at 5 MB/s (%g)", p.eta);
	p = (struct image_progress){ IMAGE_WRITE, 1, 100, 0, 0, 0, 0 };
	m = (struct image_meter){ 0 };
	image_meter_update(&m, &p, 5);
	ok(p.eta < 0, "with no speed yet there is no time left");
}

/* image_probe and image_flashable on the kinds of file an operator may name. */
static void test_probe(const char *dir)
{
	static const struct {
		const char *text;
		size_t at;
		enum image_kind kind;
		int rc;
	} cases[] = {
		{ "just some notes\n", 0, IMAGE_KIND_TEXT, -EINVAL },
		{ "# ks\nvmaccepteula\nrootpw secret\ninstall --firstdisk\n", 0, IMAGE_KIND_KICKSTART, -EINVAL },
		{ "\x55\xaa", 510, IMAGE_KIND_MBR, 0 },
		{ "EFI PART", 512, IMAGE_KIND_GPT, 0 },
		{ "EFI PART", 4096, IMAGE_KIND_GPT, 0 },
		{ "\x01\x02", 100, IMAGE_KIND_UNKNOWN, -EMEDIUMTYPE },
	};
	char path[512];
	struct image_info in;
	struct stoat_err e = { 0 };
	size_t i;

	snprintf(path, sizeof(path), "%s/probe.img", dir);
	for (i = 0; i < sizeof(cases) / sizeof(cases[0]); i++) {
		FILE *f = fopen(path, "wb");
		int rc;

		if (!f)
			break;
		if (cases[i].at) {
			if (ftruncate(fileno(f), 8192) < 0)
				break;
			fseek(f, (long)cases[i].at, SEEK_SET);
		}
		fputs(cases[i].text, f);
		fclose(f);
		rc = image_probe(path, &in, &e);
		ok(rc == 0 && in.kind == cases[i].kind && !in.compressed,
		   "case %zu: probed as kind %d (%d)", i, (int)cases[i].kind, (int)in.kind);
		ok(image_flashable(path, &in, false, &e) == cases[i].rc, "case %zu: flashable %d (%s)", i, cases[i].rc,
		   cases[i].rc ? e.msg : "ok");
		if (cases[i].rc)
			ok(image_flashable(path, &in, true, &e) == (cases[i].rc == -EMEDIUMTYPE ? 0 : cases[i].rc),
			   "case %zu: force writes only binary data", i);
	}
	unlink(path);
}

int main(void)
{
	char dir[] = "/tmp/stoat-test-image.XXXXXX";

	test_usable();
	test_progress();
	test_meter();
	if (!mkdtemp(dir)) {
		skip("cannot make a temporary directory");
		return tap_done();
	}
	test_flash_stop(dir);
	test_backup(dir);
	test_backup_paths(dir);
	test_probe(dir);
	rmdir(dir);
	return tap_done();
}
