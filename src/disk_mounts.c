/* disk_mounts.c - which whole disks hold a mounted filesystem.
 *
 * Reads a mountinfo file (normally /proc/self/mountinfo) and traces each
 * mount's device back through partitions and dm/md slaves to the disks
 * beneath it, using the sysfs root given. */
#include "config.h"

#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <sys/sysmacros.h>

#include "disk_priv.h"
#include "nls.h"

/* Copy a mountinfo field, turning \040-style octal escapes back into bytes. */
static void unescape(const char *s, char *out, size_t size)
{
	size_t o = 0;

	while (*s && o + 1 < size) {
		if (s[0] == '\\' && s[1] >= '0' && s[1] <= '3' && s[2] >= '0' && s[2] <= '7' &&
		    s[3] >= '0' && s[3] <= '7') {
			out[o++] = (char)((s[1] - '0') * 64 + (s[2] - '0') * 8 + (s[3] - '0'));
			s += 4;
		} else {
			out[o++] = *s++;
		}
	}
	out[o] = '\0';
}

/* Split line into space-separated fields in place; returns the count. */
static size_t split(char *line, char **f, size_t max)
{
	size_t n = 0;
	char *save = NULL, *tok;

	for (tok = strtok_r(line, " \n", &save); tok && n < max;
	     tok = strtok_r(NULL, " \n", &save))
		f[n++] = tok;
	return n;
}

/* Trace one mount to its disks: by device number, then by the source's
 * device node, then by the source's name. */
static void trace_mount(const char *sysfs, struct disk_mount *m)
{
	struct stat st;
	const char *base;

	if (major(m->dev))
		disk_sysfs_wholes_of_devnum(sysfs, m->dev, &m->disks);
	if (m->disks.n || strncmp(m->source, "/dev/", 5))
		return;
	if (stat(m->source, &st) == 0 && S_ISBLK(st.st_mode))
		disk_sysfs_wholes_of_devnum(sysfs, st.st_rdev, &m->disks);
	if (m->disks.n)
		return;
	base = strrchr(m->source, '/') + 1;
	disk_sysfs_wholes_of_name(sysfs, base, &m->disks);
}

/* Parse one mountinfo line into m; false for lines that name no device. */
static bool parse_line(char *line, struct disk_mount *m)
{
	char *f[64];
	unsigned maj, min;
	size_t n = split(line, f, 64), i;

	if (n < 7 || sscanf(f[2], "%u:%u", &maj, &min) != 2)
		return false;
	for (i = 6; i < n && strcmp(f[i], "-"); i++)
		;
	if (i + 2 >= n)
		return false;
	memset(m, 0, sizeof(*m));
	m->dev = makedev(maj, min);
	unescape(f[4], m->target, sizeof(m->target));
	unescape(f[i + 2], m->source, sizeof(m->source));
	return maj != 0 || !strncmp(m->source, "/dev/", 5);
}

/* Read every mount in mountinfo that lies on a block device. */
int disk_mounts_read(const char *mountinfo, const char *sysfs,
		     struct disk_mounts *mounts, struct stoat_err *e)
{
	char *line = NULL;
	size_t cap = 0, linecap = 0;
	FILE *f;

	mounts->v = NULL;
	mounts->n = 0;
	f = fopen(mountinfo, "re");
	if (!f)
		return err_set(e, errno, _("cannot read the mount table %s: %s"),
			       mountinfo, strerror(errno));
	while (getline(&line, &linecap, f) > 0) {
		struct disk_mount m;

		if (!parse_line(line, &m))
			continue;
		trace_mount(sysfs, &m);
		if (mounts->n == cap) {
			struct disk_mount *v;

			cap = cap ? cap * 2 : 16;
			v = realloc(mounts->v, cap * sizeof(*v));
			if (!v) {
				free(line);
				fclose(f);
				disk_mounts_free(mounts);
				return err_set(e, ENOMEM, _("out of memory reading the mount table"));
			}
			mounts->v = v;
		}
		mounts->v[mounts->n++] = m;
	}
	free(line);
	fclose(f);
	return 0;
}

/* Free what disk_mounts_read allocated. */
void disk_mounts_free(struct disk_mounts *m)
{
	free(m->v);
	m->v = NULL;
	m->n = 0;
}

/* The disks holding the filesystem with device number dev: a mount with that
 * number (btrfs and friends report 0:N) or else the block device itself. */
void disk_mounts_wholes_of_devnum(const struct disk_mounts *m, const char *sysfs,
				  dev_t dev, struct disk_nameset *out)
{
	size_t i, j;

	for (i = 0; i < m->n; i++)
		if (m->v[i].dev == dev)
			for (j = 0; j < m->v[i].disks.n; j++)
				disk_nameset_add(out, m->v[i].disks.name[j]);
	if (!out->n && major(dev))
		disk_sysfs_wholes_of_devnum(sysfs, dev, out);
}
