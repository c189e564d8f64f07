/* media_find.c - look for ESXi install media when the operator named none.
 *
 * Block devices come from <sysfs>/block (whole disks and their partitions;
 * CD/DVD drives first), mounted filesystems from the mount table, ISO files
 * from the current folder and from the top (and one folder down) of each
 * mounted filesystem. Only what starts like an ISO image (or a folder with
 * a boot.cfg) is opened with media_open, which decides. The same media is
 * listed once: a loop device and the file behind it, a drive and its
 * mount, a file reached twice are one. */
#include "config.h"

#include <dirent.h>
#include <errno.h>
#include <fcntl.h>
#include <limits.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <sys/stat.h>
#include <sys/sysmacros.h>
#include <unistd.h>

#include "array.h"
#include "disk.h"
#include "io.h"
#include "media.h"
#include "media_find.h"
#include "nls.h"
#include "pace.h"
#include "sysfs.h"

#define FIND_MAX_OPENS 32
#define FIND_MAX_MS 20000
#define FIND_MAX_MOUNTS 256
#define FIND_MAX_DIR_ENTRIES 4096
#define FIND_MAX_NAMES 256
#define FIND_MAX_DEVICES 512
#define ISO_VD_OFFSET 32768	/* the first volume descriptor (sector 16) */

/* A file or folder already looked at, by identity. */
struct find_id {
	dev_t dev;
	ino_t ino;
};

/* The search: options, what was found and looked at, the limits. */
struct find_ctx {
	const struct media_find_opts *o;
	const char *sysfs, *dev_root;
	struct media_found_list *out;
	size_t cap;
	struct find_id *seen;		/* files and folders */
	size_t n_seen, cap_seen;
	dev_t *held;			/* device numbers of listed media */
	size_t n_held, cap_held;
	unsigned opens, max_opens;
	long max_ms;
	double t0;			/* pace_now() at the start */
	int rc;				/* -ENOMEM once memory ran out */
};

/* Filesystems that never hold install media. */
static const char *const pseudo_fs[] = {
	"proc", "sysfs", "devtmpfs", "devpts", "cgroup", "cgroup2", "securityfs",
	"debugfs", "tracefs", "configfs", "fusectl", "mqueue", "hugetlbfs",
	"pstore", "bpf", "autofs", "binfmt_misc", "efivarfs", "nsfs",
	"rpc_pipefs", "selinuxfs", "squashfs",
};

/* Names of the kinds, indexed by enum media_found_kind. */
static const char *const kind_names[] = {
	[MEDIA_FOUND_OPTICAL] = "optical", [MEDIA_FOUND_DEVICE] = "device",
	[MEDIA_FOUND_FOLDER] = "folder", [MEDIA_FOUND_FILE] = "file",
};

/* "optical", "device", "folder", "file". */
const char *media_found_kind_name(enum media_found_kind k)
{
	if ((unsigned)k >= sizeof(kind_names) / sizeof(kind_names[0]))
		return "unknown";
	return kind_names[k];
}

/* True when the time or the opens allowed are used up (and say so). */
static bool find_over(struct find_ctx *c)
{
	if (c->rc < 0 || c->out->cut)
		return true;
	if ((pace_now() - c->t0) * 1000 > (double)c->max_ms || c->opens >= c->max_opens)
		c->out->cut = true;
	return c->out->cut;
}

/* Remember a file or folder; false when it was seen before. */
static bool find_mark(struct find_ctx *c, const struct stat *st)
{
	struct find_id *v;
	size_t i;

	for (i = 0; i < c->n_seen; i++)
		if (c->seen[i].dev == st->st_dev && c->seen[i].ino == st->st_ino)
			return false;
	if (!(v = array_grow(c->seen, c->n_seen, &c->cap_seen, sizeof(*v), 32))) {
		c->rc = -ENOMEM;
		return false;
	}
	c->seen = v;
	c->seen[c->n_seen++] = (struct find_id){ st->st_dev, st->st_ino };
	return true;
}

/* Remember that the media found lies on device number dev. */
static void find_hold(struct find_ctx *c, dev_t dev)
{
	dev_t *v = array_grow(c->held, c->n_held, &c->cap_held, sizeof(*v), 16);

	if (!v) {
		c->rc = -ENOMEM;
		return;
	}
	c->held = v;
	c->held[c->n_held++] = dev;
}

/* True when media already listed lies on device number dev. */
static bool find_held(const struct find_ctx *c, dev_t dev)
{
	size_t i;

	for (i = 0; i < c->n_held; i++)
		if (c->held[i] == dev)
			return true;
	return false;
}

/* True when path starts like an ISO9660 image ("CD001" in sector 16).
 * Opened without blocking, so that a CD drive's tray is left alone. */
static bool find_iso_magic(const char *path)
{
	unsigned char vd[8];
	int fd = open(path, O_RDONLY | O_NONBLOCK | O_CLOEXEC);
	bool ok;

	if (fd < 0)
		return false;
	ok = io_pread_exact(fd, vd, sizeof(vd), ISO_VD_OFFSET) == 0 && !memcmp(vd + 1, "CD001", 5);
	close(fd);
	return ok;
}

/* Open path as media and list it, usable or with the reason it is not. */
static void find_try(struct find_ctx *c, enum media_found_kind kind, const char *path,
		     uint64_t size)
{
	struct stoat_err e = { 0 };
	struct media_found *f;
	struct media *m;

	if (find_over(c))
		return;
	if (!(f = array_grow(c->out->v, c->out->n, &c->cap, sizeof(*f), 8))) {
		c->rc = -ENOMEM;
		return;
	}
	c->out->v = f;
	f = &c->out->v[c->out->n];
	memset(f, 0, sizeof(*f));
	f->kind = kind;
	f->size = size;
	snprintf(f->path, sizeof(f->path), "%s", path);
	c->opens++;
	if (media_open(path, &m, &e) < 0) {
		if (e.code == ENOMEM) {
			c->rc = -ENOMEM;
			return;
		}
		snprintf(f->why, sizeof(f->why), "%s", e.msg);
	} else {
		snprintf(f->title, sizeof(f->title), "%s", media_title(m));
		snprintf(f->version, sizeof(f->version), "%s", media_version(m));
		f->usable = media_version_source(m) != MEDIA_VERSION_UNKNOWN;
		if (!f->usable)
			snprintf(f->why, sizeof(f->why),
				 _("%s does not say which ESXi version it holds; name it with --media to install it"),
				 path);
		media_close(m);
	}
	c->out->n++;
	c->out->n_usable += f->usable;
}

/* Sort names in version order (esxi-6.7 before esxi-7.0, disk2 before disk10). */
static int find_str_cmp(const void *a, const void *b)
{
	return strverscmp(*(const char *const *)a, *(const char *const *)b);
}

/* Sort /sys/block names: CD/DVD drives first, then in version order. */
static int find_dev_cmp(const void *a, const void *b)
{
	const char *x = *(const char *const *)a, *y = *(const char *const *)b;
	int sx = !strncmp(x, "sr", 2), sy = !strncmp(y, "sr", 2);

	return sx != sy ? sy - sx : find_str_cmp(a, b);
}

/* Look at one block device (dir is its sysfs folder, name its node's). */
static void find_device(struct find_ctx *c, const char *dir, const char *name)
{
	uint64_t size = sysfs_read_u64(dir, "size", 0, NULL) * 512;
	char node[PATH_MAX], backing[PATH_MAX], battr[PATH_MAX];
	struct stat st, bst;

	if (!size || find_over(c))
		return;
	snprintf(node, sizeof(node), "%s/%s", c->dev_root, name);
	if (stat(node, &st) < 0 || !S_ISBLK(st.st_mode))
		return;
	/* a loop device and the file behind it are the same media */
	snprintf(battr, sizeof(battr), "%s/loop/backing_file", dir);
	if (sysfs_read_attr(battr, backing, sizeof(backing)) == 0 && stat(backing, &bst) == 0 &&
	    !find_mark(c, &bst))
		return;
	if (!find_iso_magic(node))
		return;
	find_hold(c, st.st_rdev);
	find_try(c, !strncmp(name, "sr", 2) ? MEDIA_FOUND_OPTICAL : MEDIA_FOUND_DEVICE, node, size);
}

/* Look at a whole disk and its partitions. */
static void find_disk(struct find_ctx *c, const char *name)
{
	char dir[PATH_MAX], sub[PATH_MAX];
	struct dirent *de;
	DIR *dh;

	snprintf(dir, sizeof(dir), "%s/block/%s", c->sysfs, name);
	find_device(c, dir, name);
	if (!(dh = opendir(dir)))
		return;
	while ((de = readdir(dh)) && !find_over(c)) {
		if (strncmp(de->d_name, name, strlen(name)))
			continue;
		snprintf(sub, sizeof(sub), "%s/%s/partition", dir, de->d_name);
		if (access(sub, F_OK) < 0)
			continue;
		snprintf(sub, sizeof(sub), "%s/%s", dir, de->d_name);
		find_device(c, sub, de->d_name);
	}
	closedir(dh);
}

/* Read the names of folder dir that keep() accepts, at most max of the
 * first FIND_MAX_DIR_ENTRIES, sorted with cmp; the count (0 when dir
 * cannot be read). The caller frees them. */
static size_t find_names(struct find_ctx *c, const char *dir,
			 bool (*keep)(const struct dirent *de, unsigned depth), unsigned depth,
			 char **names, size_t max, int (*cmp)(const void *, const void *))
{
	size_t n = 0, seen = 0;
	struct dirent *de;
	DIR *dh;

	if (!(dh = opendir(dir)))
		return 0;
	while ((de = readdir(dh)) && seen++ < FIND_MAX_DIR_ENTRIES && n < max) {
		if (de->d_name[0] == '.' || !keep(de, depth))
			continue;
		if (!(names[n] = strdup(de->d_name))) {
			c->rc = -ENOMEM;
			break;
		}
		n++;
	}
	closedir(dh);
	qsort(names, n, sizeof(names[0]), cmp);
	return n;
}

/* A /sys/block entry that may hold media: no RAM disk, floppy, dm or md. */
static bool find_dev_wanted(const struct dirent *de, unsigned depth)
{
	static const char *const never[] = { "ram", "zram", "fd", "dm-", "md" };
	size_t i;

	for (i = 0; i < sizeof(never) / sizeof(never[0]); i++)
		if (!strncmp(de->d_name, never[i], strlen(never[i])))
			return false;
	return true;
}

/* Every block device that may hold media, CD/DVD drives first. */
static void find_devices(struct find_ctx *c)
{
	char dir[PATH_MAX], *names[FIND_MAX_DEVICES];
	size_t n, i;

	snprintf(dir, sizeof(dir), "%s/block", c->sysfs);
	n = find_names(c, dir, find_dev_wanted, 0, names, FIND_MAX_DEVICES, find_dev_cmp);
	for (i = 0; i < n; i++) {
		find_disk(c, names[i]);
		free(names[i]);
	}
}

/* True when name ends in ".iso", in any case. */
static bool find_iso_name(const char *name)
{
	size_t len = strlen(name);

	return len > 4 && !strcasecmp(name + len - 4, ".iso");
}

/* Look at one file that is named like an ISO image. */
static void find_file(struct find_ctx *c, const char *path)
{
	char real[PATH_MAX];
	struct stat st;

	if (stat(path, &st) < 0 || !S_ISREG(st.st_mode) || !find_mark(c, &st))
		return;
	if (!find_iso_magic(path))
		return;
	if (!realpath(path, real))
		snprintf(real, sizeof(real), "%s", path);
	find_try(c, MEDIA_FOUND_FILE, real, (uint64_t)st.st_size);
}

/* An entry of a folder worth a look: an ISO file, or (depth > 0) what
 * may be a folder. */
static bool find_folder_wanted(const struct dirent *de, unsigned depth)
{
	return find_iso_name(de->d_name) || (depth && de->d_type != DT_REG);
}

/* ISO files in folder dir, in name order; with depth 1 then those in its
 * folders on the same filesystem. At most FIND_MAX_DIR_ENTRIES entries
 * are read and FIND_MAX_NAMES kept. */
static void find_in_folder(struct find_ctx *c, const char *dir, unsigned depth)
{
	char path[PATH_MAX], *names[FIND_MAX_NAMES];
	struct stat top, st;
	size_t n, i;
	bool iso;

	if (find_over(c) || stat(dir, &top) < 0)
		return;
	n = find_names(c, dir, find_folder_wanted, depth, names, FIND_MAX_NAMES, find_str_cmp);
	/* the files first, then the folders */
	for (iso = true;; iso = false) {
		for (i = 0; i < n && !find_over(c); i++) {
			if (find_iso_name(names[i]) != iso)
				continue;
			snprintf(path, sizeof(path), "%s%s%s", dir,
				 dir[strlen(dir) - 1] == '/' ? "" : "/", names[i]);
			if (iso)
				find_file(c, path);
			else if (lstat(path, &st) == 0 && S_ISDIR(st.st_mode) && st.st_dev == top.st_dev)
				find_in_folder(c, path, depth - 1);
		}
		if (!iso)
			break;
	}
	for (i = 0; i < n; i++)
		free(names[i]);
}

/* True when folder dir holds a boot.cfg (any case) at its top. */
static bool find_has_bootcfg(const char *dir)
{
	static const char *const names[] = { "boot.cfg", "BOOT.CFG", "efi/boot/boot.cfg",
					     "EFI/BOOT/BOOT.CFG" };
	char path[PATH_MAX];
	size_t i;

	for (i = 0; i < sizeof(names) / sizeof(names[0]); i++) {
		snprintf(path, sizeof(path), "%s/%s", dir, names[i]);
		if (access(path, R_OK) == 0)
			return true;
	}
	return false;
}

/* True when a mount is worth looking in: a real filesystem, not under
 * /proc, /sys or /dev. */
static bool find_mount_wanted(const struct disk_mount *m)
{
	static const char *const under[] = { "/proc", "/sys", "/dev" };
	size_t i, l;

	for (i = 0; i < sizeof(pseudo_fs) / sizeof(pseudo_fs[0]); i++)
		if (!strcmp(m->fstype, pseudo_fs[i]))
			return false;
	for (i = 0; i < sizeof(under) / sizeof(under[0]); i++) {
		l = strlen(under[i]);
		if (!strncmp(m->target, under[i], l) && (!m->target[l] || m->target[l] == '/'))
			return false;
	}
	return true;
}

/* Every mounted filesystem: the media's files at its top, ISO files. */
static void find_mounts(struct find_ctx *c)
{
	const char *path = c->o->mountinfo ? c->o->mountinfo : "/proc/self/mountinfo";
	char *line = NULL;
	size_t linecap = 0;
	unsigned n = 0;
	struct disk_mount m;
	struct stat st;
	FILE *f;

	if (!(f = fopen(path, "re")))
		return;
	while (getline(&line, &linecap, f) > 0 && n++ < FIND_MAX_MOUNTS && !find_over(c)) {
		if (!disk_mounts_parse(line, &m) || !find_mount_wanted(&m))
			continue;
		if (find_has_bootcfg(m.target) && stat(m.target, &st) == 0 &&
		    !find_held(c, m.dev) && find_mark(c, &st)) {
			find_hold(c, m.dev);
			find_try(c, MEDIA_FOUND_FOLDER, m.target, 0);
		}
		find_in_folder(c, m.target, 1);
	}
	free(line);
	fclose(f);
}

/* Move the usable media before the rest, keeping each group's order. */
static void find_usable_first(struct media_found_list *l)
{
	struct media_found t;
	size_t i, j, k = 0;

	for (i = 0; i < l->n; i++) {
		if (!l->v[i].usable)
			continue;
		t = l->v[i];
		for (j = i; j > k; j--)
			l->v[j] = l->v[j - 1];
		l->v[k++] = t;
	}
}

/* Look for install media; usable ones first. */
int media_find(const struct media_find_opts *o, struct media_found_list *out,
	       struct stoat_err *e)
{
	struct find_ctx c = { 0 };
	const char *cwd = o->cwd ? o->cwd : ".";
	struct stat st;
	size_t i;

	memset(out, 0, sizeof(*out));
	c.o = o;
	c.out = out;
	c.sysfs = o->sysfs_root ? o->sysfs_root : "/sys";
	c.dev_root = o->dev_root ? o->dev_root : "/dev";
	c.max_opens = o->max_opens ? o->max_opens : FIND_MAX_OPENS;
	c.max_ms = o->max_ms ? (long)o->max_ms : FIND_MAX_MS;
	c.t0 = pace_now();
	for (i = 0; i < o->n_skip; i++)
		if (stat(o->skip[i], &st) == 0)
			find_mark(&c, &st);
	find_devices(&c);
	if (*cwd)
		find_in_folder(&c, cwd, 0);
	find_mounts(&c);
	free(c.seen);
	free(c.held);
	if (c.rc < 0) {
		media_found_free(out);
		return err_set(e, ENOMEM, _("out of memory looking for install media"));
	}
	find_usable_first(out);
	return 0;
}

/* Free what media_find allocated. */
void media_found_free(struct media_found_list *l)
{
	free(l->v);
	memset(l, 0, sizeof(*l));
}
