/* syslinux_tool.c - test helper, not a test: run src/syslinux.c's steps on
 * a disk image or device, so the integration tests can boot the result
 * and compare it with syslinux's own installer.
 *
 * syslinux_tool install TARGET PART LDLINUX.SYS LDLINUX.BSS
 * syslinux_tool mbr TARGET PART GPTMBR.BIN
 * syslinux_tool check SECTOR-SIZE LDLINUX.SYS LDLINUX.BSS [GPTMBR.BIN]
 * The sector size of TARGET is the device's, 512 for an image file, or
 * STOAT_SECTOR_SIZE's. Errors go to stderr; exit 1 on failure. */
#include "config.h"

#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/ioctl.h>
#include <sys/stat.h>
#include <unistd.h>
#include <linux/fs.h>

#include "gpt.h"
#include "syslinux.h"
#include "vfat.h"

/* Read a whole (small) file into memory. */
static void *slurp(const char *path, size_t *len)
{
	FILE *f = fopen(path, "rb");
	char *buf = malloc(1 << 20);
	size_t n = 0;

	if (!f || !buf) {
		fprintf(stderr, "syslinux_tool: cannot read %s\n", path);
		if (f)
			fclose(f);
		free(buf);
		exit(1);
	}
	n = fread(buf, 1, 1 << 20, f);
	fclose(f);
	*len = n;
	return buf;
}

/* Logical sector size of the open target. */
static unsigned sector_size(int fd)
{
	const char *env = getenv("STOAT_SECTOR_SIZE");
	struct stat st;
	int ss = 512;

	if (env && *env)
		return (unsigned)atoi(env);
	if (fstat(fd, &st) == 0 && S_ISBLK(st.st_mode) && ioctl(fd, BLKSSZGET, &ss) < 0)
		ss = 512;
	return (unsigned)ss;
}

/* The FAT volume of partition part. */
static int find_vol(const char *path, int fd, unsigned part, struct vfat_vol *v,
		    struct stoat_err *e)
{
	struct gpt_table *t = calloc(1, sizeof(*t));
	unsigned i;
	int rc;

	if (!t)
		return err_set(e, 12, "out of memory");
	v->dev = path;
	v->devfd = fd;
	v->sector_size = sector_size(fd);
	rc = gpt_read(fd, v->sector_size, t, e);
	for (i = 0; rc == 0 && i < t->n; i++) {
		if (t->part[i].num != part)
			continue;
		v->offset = t->part[i].start * v->sector_size;
		v->size = (t->part[i].end - t->part[i].start + 1) * v->sector_size;
		free(t);
		return 0;
	}
	free(t);
	if (rc == 0)
		rc = err_set(e, 2, "no partition %u", part);
	return rc;
}

int main(int argc, char **argv)
{
	struct stoat_err e = { 0 };
	struct vfat_vol v;
	size_t l1, l2, l3 = 0;
	void *b1 = NULL, *b2 = NULL, *b3 = NULL;
	int fd, rc;

	if (argc >= 5 && !strcmp(argv[1], "check")) {
		b1 = slurp(argv[3], &l1);
		b2 = slurp(argv[4], &l2);
		if (argc > 5)
			b3 = slurp(argv[5], &l3);
		rc = syslinux_check((unsigned)atoi(argv[2]), b1, l1, b2, l2, b3, l3, &e);
	} else if (argc == 6 && !strcmp(argv[1], "install")) {
		b1 = slurp(argv[4], &l1);
		b2 = slurp(argv[5], &l2);
		if ((fd = open(argv[2], O_RDWR | O_CLOEXEC)) < 0) {
			perror(argv[2]);
			rc = -1;
		} else {
				rc = find_vol(argv[2], fd, (unsigned)atoi(argv[3]), &v, &e);
			if (rc == 0)
				rc = syslinux_install(&v, b1, l1, b2, l2, &e);
			close(fd);
		}
	} else if (argc == 5 && !strcmp(argv[1], "mbr")) {
		b1 = slurp(argv[4], &l1);
		if ((fd = open(argv[2], O_RDWR | O_CLOEXEC)) < 0) {
			perror(argv[2]);
			rc = -1;
		} else {
			rc = syslinux_mbr_install(fd, sector_size(fd), (unsigned)atoi(argv[3]), b1, l1,
						  &e);
			close(fd);
		}
	} else {
		fprintf(stderr, "usage: syslinux_tool install|mbr|check ...\n");
		return 2;
	}
	free(b1);
	free(b2);
	free(b3);
	if (rc < 0 && e.msg[0])
		fprintf(stderr, "syslinux_tool: %s\n", e.msg);
	return rc < 0;
}
