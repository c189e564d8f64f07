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
	struct image_progress p = { IMAGE_WRITE, 25, 100, 0, 0 };

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

	/* the CLI passes no confirm callback: backup goes ahead */
	cb.confirm = NULL;
	unlink(img);
	rc = image_backup(&bo, &cb, &res, &e);
	ok(rc == 0 && stat(img, &st) == 0, "without a confirm callback a backup goes ahead");
	unlink(img);
	unlink(sum);
	rmdir(sub);
	unlink(dev);
}

int main(void)
{
	char dir[] = "/tmp/stoat-test-image.XXXXXX";

	test_usable();
	test_progress();
	if (!mkdtemp(dir)) {
		skip("cannot make a temporary directory");
		return tap_done();
	}
	test_flash_stop(dir);
	test_backup(dir);
	rmdir(dir);
	return tap_done();
}
