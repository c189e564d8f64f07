/* disk_mounts.c - which whole disks hold a mounted filesystem or swap.
 *
 * Reads a mountinfo file (normally /proc/self/mountinfo) and the swap table
 * (/proc/swaps) and traces each device back through partitions and dm/md
 * slaves to the disks beneath it, using the sysfs root given. */
#include "config.h"

#include <errno.h>
#include <limits.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <sys/sysmacros.h>
#include <unistd.h>

#include "array.h"
#include "disk_priv.h"
#include "nls.h"

/* Copy a mountinfo field, turning \040-style octal escapes back into bytes. */
void disk_mounts_unescape(const char *s, char *out, size_t size)
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

	for (tok = strtok_r(line, " \t\n", &save); tok && n < max;
	     tok = strtok_r(NULL, " \t\n", &save))
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

/* One decimal field of "major:minor", ending at stop; NULL when s does
 * not start with digits, the number is too big or stop does not follow. */
static const char *devnum_part(const char *s, char stop, unsigned *v)
{
	unsigned long x;
	char *end;

	if (*s < '0' || *s > '9')
		return NULL;	/* strtoul would take a sign or blanks */
	errno = 0;
	x = strtoul(s, &end, 10);
	if (errno || x > UINT_MAX || *end != stop)
		return NULL;
	*v = (unsigned)x;
	return end;
}

/* Parse one mountinfo line into m (device number, mount point, file
 * system type, source); false when it is not a mountinfo line. */
bool disk_mounts_parse(char *line, struct disk_mount *m)
{
	char *f[64];
	const char *p;
	unsigned maj, min;
	size_t n = split(line, f, 64), i;

	if (n < 7 || !(p = devnum_part(f[2], ':', &maj)) || !devnum_part(p + 1, '\0', &min))
		return false;
	for (i = 6; i < n && strcmp(f[i], "-"); i++)
		;
	if (i + 2 >= n)
		return false;
	memset(m, 0, sizeof(*m));
	m->dev = makedev(maj, min);
	disk_mounts_unescape(f[4], m->target, sizeof(m->target));
	snprintf(m->fstype, sizeof(m->fstype), "%s", f[i + 1]);
	disk_mounts_unescape(f[i + 2], m->source, sizeof(m->source));
	return true;
}

/* Parse one mountinfo line into m; false for lines that name no device. */
static bool parse_line(char *line, struct disk_mount *m)
{
	return disk_mounts_parse(line, m) &&
	       (major(m->dev) != 0 || !strncmp(m->source, "/dev/", 5));
}

/* Parse one /proc/swaps line into m; false for the heading, swap files
 * (their filesystem's mount already counts) and zram. */
static bool parse_swap(char *line, struct disk_mount *m)
{
	char *f[8];
	size_t n = split(line, f, 8);

	if (n < 2 || strcmp(f[1], "partition") || strncmp(f[0], "/dev/", 5))
		return false;
	memset(m, 0, sizeof(*m));
	m->swap = true;
	disk_mounts_unescape(f[0], m->source, sizeof(m->source));
	return true;
}

/* Append m to mounts. 0 or -ENOMEM. */
static int add_mount(struct disk_mounts *mounts, size_t *cap, const struct disk_mount *m)
{
	struct disk_mount *v = array_grow(mounts->v, mounts->n, cap, sizeof(*v), 16);

	if (!v)
		return -ENOMEM;
	mounts->v = v;
	mounts->v[mounts->n++] = *m;
	return 0;
}

/* Read one table (mountinfo, or swaps when swap is true) into mounts. */
static int read_table(const char *path, bool swap, const char *sysfs,
		      struct disk_mounts *mounts, size_t *cap, struct stoat_err *e)
{
	char *line = NULL;
	size_t linecap = 0;
	int rc = 0;
	FILE *f;

	f = fopen(path, "re");
	if (!f)
		return err_set(e, errno, swap ? _("cannot read the swap table %s: %s")
				   : _("cannot read the mount table %s: %s"), path, strerror(errno));
	while (rc == 0 && getline(&line, &linecap, f) > 0) {
		struct disk_mount m;

		if (!(swap ? parse_swap(line, &m) : parse_line(line, &m)))
			continue;
		trace_mount(sysfs, &m);
		if (add_mount(mounts, cap, &m) < 0)
			rc = err_set(e, ENOMEM, _("out of memory reading the mount table"));
	}
	free(line);
	fclose(f);
	return rc;
}

/* Read every mount in mountinfo that lies on a block device, and every
 * swap partition in swaps (when not NULL). */
int disk_mounts_read(const char *mountinfo, const char *swaps, const char *sysfs,
		     struct disk_mounts *mounts, struct stoat_err *e)
{
	size_t cap = 0;
	int rc;

	mounts->v = NULL;
	mounts->n = 0;
	rc = read_table(mountinfo, false, sysfs, mounts, &cap, e);
	if (rc == 0 && swaps && access(swaps, F_OK) == 0)
		rc = read_table(swaps, true, sysfs, mounts, &cap, e);
	if (rc < 0)
		disk_mounts_free(mounts);
	return rc;
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
