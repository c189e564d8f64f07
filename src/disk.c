/* disk.c - block device discovery: list every disk, classified, with the
 * reason it can or cannot be installed to.
 *
 * disk_sysfs.c reads identity and transport, disk_probe.c the content,
 * disk_mounts.c what is mounted; this file puts them together and judges. */
#include "config.h"

#include <dirent.h>
#include <errno.h>
#include <limits.h>
#include <malloc.h>
#include <pthread.h>
#include <stdatomic.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "array.h"
#include "disk.h"
#include "disk_priv.h"
#include "lang.h"
#include "nls.h"

#define MIB (1024ULL * 1024)
#define GIB (1024 * MIB)
#define TIB (1024 * GIB)
#define DEFAULT_MIN_BYTES (910 * MIB)
#define PROBE_THREADS 16

/* What every disk is judged against, gathered once per scan. */
struct scan_ctx {
	const char *sysfs, *dev_root, *mountinfo;
	uint64_t min_bytes;
	struct disk_mounts mounts;
	struct disk_nameset media;	/* whole disks under the install media */
	struct stat media_st;
	bool have_media;
};

/* Parse "FILE[:usb|:sd|:disk]" into out. */
int disk_spec_parse(const char *arg, struct disk_spec *out, struct stoat_err *e)
{
	static const struct {
		const char *suffix;
		enum disk_transport tr;
	} kinds[] = { { ":usb", TR_USB }, { ":sd", TR_SD }, { ":disk", TR_FILE } };
	size_t len = strlen(arg), i;

	out->transport = TR_FILE;
	for (i = 0; i < sizeof(kinds) / sizeof(kinds[0]); i++) {
		size_t sl = strlen(kinds[i].suffix);

		if (len >= sl && !strcmp(arg + len - sl, kinds[i].suffix)) {
			out->transport = kinds[i].tr;
			len -= sl;
			break;
		}
	}
	if (!len)
		return err_set(e, EINVAL, _("--disk needs a file name"));
	if (len >= sizeof(out->path))
		return err_set(e, ENAMETOOLONG, _("--disk file name is too long"));
	memcpy(out->path, arg, len);
	out->path[len] = '\0';
	return 0;
}

/* Names of the verdicts, indexed by enum disk_verdict. */
static const char *const verdict_names[] = {
	[DISK_USABLE] = "usable", [DISK_TOO_SMALL] = "too-small",
	[DISK_READONLY] = "read-only", [DISK_SYSTEM] = "system",
	[DISK_MEDIA] = "media", [DISK_MOUNTED] = "mounted",
};

/* The short name of a verdict: "usable", "too-small", ... */
const char *disk_verdict_name(enum disk_verdict v)
{
	if ((unsigned)v >= sizeof(verdict_names) / sizeof(verdict_names[0]))
		return "unknown";
	return verdict_names[v];
}

/* True for USB sticks and SD cards: they get the flash layout. */
bool disk_is_flash(const struct disk *d)
{
	return d->transport == TR_USB || d->transport == TR_SD;
}

/* Capacity with the given decimal mark: "N MiB" under 1 GiB, then
 * "N.NN GiB", then "N.NN TiB". */
void disk_format_size_mark(uint64_t bytes, const char *mark, char *buf, size_t size)
{
	char num[64];

	if (!size)
		return;
	if (bytes < GIB) {
		snprintf(buf, size, "%llu MiB", (unsigned long long)(bytes / MIB));
		return;
	}
	lang_format_number((double)bytes / (double)(bytes < TIB ? GIB : TIB), 2, mark, num,
			   sizeof(num));
	snprintf(buf, size, "%s %s", num, bytes < TIB ? "GiB" : "TiB");
}

/* Capacity as the disk screen shows it, with the decimal mark of the
 * language in use. */
void disk_format_size(uint64_t bytes, char *buf, size_t size)
{
	disk_format_size_mark(bytes, NULL, buf, size);
}

/* Free the list disk_scan filled. */
void disk_list_free(struct disk_list *list)
{
	free(list->v);
	list->v = NULL;
	list->n = 0;
}

/* Gather what every disk is judged against: mounts and the media's disks. */
static int ctx_init(const struct disk_scan_opts *o, struct scan_ctx *c,
		    struct stoat_err *e)
{
	int rc;

	memset(c, 0, sizeof(*c));
	c->sysfs = o->sysfs_root ? o->sysfs_root : "/sys";
	c->dev_root = o->dev_root ? o->dev_root : "/dev";
	c->mountinfo = o->mountinfo ? o->mountinfo : "/proc/self/mountinfo";
	c->min_bytes = o->min_bytes ? o->min_bytes : DEFAULT_MIN_BYTES;
	rc = disk_mounts_read(c->mountinfo,
			      o->swaps ? o->swaps : o->mountinfo ? NULL : "/proc/swaps",
			      c->sysfs, &c->mounts, e);
	if (rc < 0)
		return rc;
	if (o->media_path && stat(o->media_path, &c->media_st) == 0) {
		c->have_media = true;
		if (S_ISBLK(c->media_st.st_mode))
			disk_sysfs_wholes_of_devnum(c->sysfs, c->media_st.st_rdev, &c->media);
		else
			disk_mounts_wholes_of_devnum(&c->mounts, c->sysfs, c->media_st.st_dev,
						     &c->media);
		disk_sysfs_loops_backed_by(c->sysfs, o->media_path, &c->media);
	}
	return 0;
}

/* The first mount (other than / when want_root is false) lying on the
 * disk called name; NULL when none. */
static const struct disk_mount *find_mount(const struct scan_ctx *c, const char *name,
					   bool want_root)
{
	size_t i;

	for (i = 0; i < c->mounts.n; i++) {
		const struct disk_mount *m = &c->mounts.v[i];

		if (!disk_nameset_has(&m->disks, name))
			continue;
		if (want_root == (!m->swap && !strcmp(m->target, "/")))
			return m;
	}
	return NULL;
}

/* A mount on any loop device backed by the image file d, or NULL. */
static const struct disk_mount *find_file_mount(const struct scan_ctx *c,
						const struct disk *d, char *loop, size_t size)
{
	struct disk_nameset loops = { .n = 0 };
	const struct disk_mount *m;
	size_t i;

	disk_sysfs_loops_backed_by(c->sysfs, d->path, &loops);
	for (i = 0; i < loops.n; i++) {
		m = find_mount(c, loops.name[i], false);
		if (!m)
			m = find_mount(c, loops.name[i], true);
		if (m) {
			snprintf(loop, size, "%s", loops.name[i]);
			return m;
		}
	}
	return NULL;
}

/* Set d's verdict from its flags, with a reason a person can act on. */
static void set_verdict(const struct scan_ctx *c, struct disk *d,
			const struct disk_mount *root, const struct disk_mount *mnt,
			const char *loop)
{
	char have[32], need[32];

	d->reason[0] = '\0';
	if (d->holds_root) {
		d->verdict = DISK_SYSTEM;
		snprintf(d->reason, sizeof(d->reason),
			 _("It holds the running system: %s is mounted on /."), root->source);
	} else if (d->holds_media) {
		d->verdict = DISK_MEDIA;
		snprintf(d->reason, sizeof(d->reason),
			 _("It holds the install media, so it cannot be overwritten."));
	} else if (d->mounted && mnt->swap) {
		d->verdict = DISK_MOUNTED;
		snprintf(d->reason, sizeof(d->reason),
			 _("%s is in use as swap; turn it off with swapoff first."), mnt->source);
	} else if (d->mounted && loop[0]) {
		d->verdict = DISK_MOUNTED;
		snprintf(d->reason, sizeof(d->reason),
			 _("The image is attached to /dev/%s, which is mounted on %s; unmount it and detach the loop device first."),
			 loop, mnt->target);
	} else if (d->mounted) {
		d->verdict = DISK_MOUNTED;
		snprintf(d->reason, sizeof(d->reason),
			 _("%s is mounted on %s; unmount it first."), mnt->source, mnt->target);
	} else if (d->readonly && d->transport == TR_SD) {
		d->verdict = DISK_READONLY;
		snprintf(d->reason, sizeof(d->reason),
			 _("The card is read-only; slide its write-protect switch to unlock it."));
	} else if (d->readonly) {
		d->verdict = DISK_READONLY;
		snprintf(d->reason, sizeof(d->reason), _("The disk is read-only."));
	} else if (!d->size && d->transport == TR_LOOP) {
		d->verdict = DISK_TOO_SMALL;
		snprintf(d->reason, sizeof(d->reason), _("No file is attached to this loop device."));
	} else if (!d->size && (d->removable || disk_is_flash(d))) {
		d->verdict = DISK_TOO_SMALL;
		snprintf(d->reason, sizeof(d->reason),
			 _("There is no medium in it (an empty card reader?)."));
	} else if (!d->size) {
		d->verdict = DISK_TOO_SMALL;
		snprintf(d->reason, sizeof(d->reason), _("It reports a size of zero."));
	} else if (d->size < c->min_bytes) {
		d->verdict = DISK_TOO_SMALL;
		disk_format_size(d->size, have, sizeof(have));
		disk_format_size(c->min_bytes, need, sizeof(need));
		snprintf(d->reason, sizeof(d->reason),
			 _("It is too small: %s, and at least %s is needed."), have, need);
	} else {
		d->verdict = DISK_USABLE;
	}
}

/* Work out whether d holds the system, the media or mounted partitions,
 * then give it a verdict. */
static void classify(const struct scan_ctx *c, struct disk *d)
{
	const struct disk_mount *root = NULL, *mnt = NULL;
	char loop[64] = "";
	struct stat st;

	if (d->is_file) {
		d->holds_media = c->have_media && stat(d->path, &st) == 0 &&
				 st.st_dev == c->media_st.st_dev && st.st_ino == c->media_st.st_ino;
		mnt = find_file_mount(c, d, loop, sizeof(loop));
	} else {
		root = find_mount(c, d->name, true);
		mnt = find_mount(c, d->name, false);
		d->holds_media = disk_nameset_has(&c->media, d->name);
	}
	d->holds_root = root != NULL;
	d->mounted = mnt != NULL;
	set_verdict(c, d, root, mnt, loop);
}

/* Fill d from an image file standing in for a disk. */
static int fill_file(const struct disk_spec *s, struct disk *d, struct stoat_err *e)
{
	const char *base = strrchr(s->path, '/') ? strrchr(s->path, '/') + 1 : s->path;
	struct stat st;

	if (stat(s->path, &st) < 0)
		return err_set(e, errno, _("cannot use %s as a disk: %s"), s->path, strerror(errno));
	if (!S_ISREG(st.st_mode))
		return err_set(e, EINVAL, _("cannot use %s as a disk: it is neither a regular file nor a block device"),
			       s->path);
	memset(d, 0, sizeof(*d));
	snprintf(d->name, sizeof(d->name), "%s", base);
	snprintf(d->path, sizeof(d->path), "%s", s->path);
	d->size = (uint64_t)st.st_size;
	d->lsec = d->psec = 512;
	d->transport = s->transport;
	d->removable = s->transport == TR_USB || s->transport == TR_SD;
	d->readonly = access(s->path, W_OK) != 0;
	d->is_file = true;
	snprintf(d->driver, sizeof(d->driver), "file");
	return 0;
}

/* Fill d from the sysfs entry of the block device at path. */
static int fill_blockdev(const struct scan_ctx *c, const char *path, dev_t rdev,
			 struct disk *d, struct stoat_err *e)
{
	char name[64], probe[PATH_MAX];
	int rc;

	rc = disk_sysfs_name_of_devnum(c->sysfs, rdev, name, sizeof(name));
	if (rc < 0)
		return err_set(e, -rc, _("cannot find %s in %s: %s"), path, c->sysfs, strerror(-rc));
	snprintf(probe, sizeof(probe), "%s/block/%s", c->sysfs, name);
	if (access(probe, F_OK) < 0)
		return err_set(e, EINVAL, _("%s is a partition or not a disk; choose the whole disk"),
			       path);
	memset(d, 0, sizeof(*d));
	rc = disk_sysfs_fill(c->sysfs, c->dev_root, name, d);
	if (rc < 0)
		return err_set(e, -rc, _("cannot read %s in %s: %s"), name, c->sysfs, strerror(-rc));
	return 0;
}

/* Fill d from a --disk spec (an image file or a block device); the content
 * is probed later. */
static int fill_spec(const struct scan_ctx *c, const struct disk_spec *s, struct disk *d,
		     struct stoat_err *e)
{
	struct stat st;

	if (stat(s->path, &st) == 0 && S_ISBLK(st.st_mode)) {
		int rc = fill_blockdev(c, s->path, st.st_rdev, d, e);

		if (rc == 0 && s->transport != TR_FILE)
			d->transport = s->transport;
		return rc;
	}
	return fill_file(s, d, e);
}

/* Append a zeroed disk to list and return it, or NULL when out of memory. */
static struct disk *list_add(struct disk_list *list, size_t *cap)
{
	struct disk *v = array_grow(list->v, list->n, cap, sizeof(*v), 16);

	if (!v)
		return NULL;
	list->v = v;
	memset(&list->v[list->n], 0, sizeof(list->v[0]));
	return &list->v[list->n++];
}

/* qsort helper: disk names in natural order (sda < sdb < sdaa, loop2 < loop10). */
static int name_cmp(const void *a, const void *b)
{
	return strverscmp(*(const char *const *)a, *(const char *const *)b);
}

/* Read the names under <sysfs>/block that make the list, sorted. */
static int list_names(const struct scan_ctx *c, bool all, char ***names, size_t *n,
		      struct stoat_err *e)
{
	char dir[PATH_MAX], **v = NULL;
	size_t cap = 0;
	struct dirent *de;
	DIR *dh;

	*n = 0;
	*names = NULL;
	snprintf(dir, sizeof(dir), "%s/block", c->sysfs);
	dh = opendir(dir);
	if (!dh)
		return err_set(e, errno, _("cannot list block devices in %s: %s"), dir, strerror(errno));
	while ((de = readdir(dh))) {
		if (de->d_name[0] == '.' || disk_sysfs_skip(c->sysfs, de->d_name, all))
			continue;
		char **nv = array_grow(v, *n, &cap, sizeof(*v), 32);

		if (!nv)
			break;
		v = nv;
		if (!(v[*n] = strdup(de->d_name)))
			break;
		(*n)++;
	}
	closedir(dh);
	if (*n)
		qsort(v, *n, sizeof(*v), name_cmp);
	*names = v;
	return 0;
}

/* Disks whose content is being probed by several threads at once. */
struct probe_pool {
	struct disk *v;
	size_t n;
	atomic_size_t next;
};

/* Probe disks from the pool until none is left. */
static void *probe_worker(void *arg)
{
	struct probe_pool *p = arg;
	size_t i;

	while ((i = atomic_fetch_add(&p->next, 1)) < p->n)
		disk_probe_content(&p->v[i]);
	return NULL;
}

/* Probe the content of n disks in parallel: each probe mostly waits for
 * small reads, so a disk's latency, not their sum, sets the scan time. */
static void probe_all(struct disk *v, size_t n)
{
	struct probe_pool pool = { .v = v, .n = n };
	pthread_t t[PROBE_THREADS];
	size_t started = 0, i, want;
	long cpus = sysconf(_SC_NPROCESSORS_ONLN);

	atomic_init(&pool.next, 0);
	disk_probe_init();
	/* libblkid reads some signatures in 256 KiB pieces; keep such buffers
	 * in the heap instead of mapping and unmapping them for every probe. */
	mallopt(M_MMAP_THRESHOLD, 4 * 1024 * 1024);
	mallopt(M_TRIM_THRESHOLD, 64 * 1024 * 1024);
	want = cpus > 0 ? (size_t)cpus * 2 : 2;
	if (want > PROBE_THREADS)
		want = PROBE_THREADS;
	while (started + 1 < want && started + 1 < n &&
	       pthread_create(&t[started], NULL, probe_worker, &pool) == 0)
		started++;
	probe_worker(&pool);	/* this thread helps too (and copes alone) */
	for (i = 0; i < started; i++)
		pthread_join(t[i], NULL);
}

/* Add the sysfs disks to list (their content is probed later). */
static int scan_sysfs(const struct scan_ctx *c, bool all, struct disk_list *list,
		      size_t *cap, struct stoat_err *e)
{
	char **names;
	size_t n, i;
	int rc = list_names(c, all, &names, &n, e);

	for (i = 0; i < n; i++) {
		struct disk *d = rc < 0 ? NULL : list_add(list, cap);

		if (rc == 0 && !d)
			rc = err_set(e, ENOMEM, _("out of memory listing disks"));
		if (d && disk_sysfs_fill(c->sysfs, c->dev_root, names[i], d) < 0)
			list->n--;	/* vanished while we looked */
		free(names[i]);
	}
	free(names);
	return rc;
}

/* True when list already has a disk called name. */
static bool list_has(const struct disk_list *list, const char *name)
{
	size_t i;

	for (i = 0; i < list->n; i++)
		if (!list->v[i].is_file && !strcmp(list->v[i].name, name))
			return true;
	return false;
}

/* Find every disk (and the --disk image files), classified. */
int disk_scan(const struct disk_scan_opts *opts, struct disk_list *list,
	      struct stoat_err *e)
{
	struct scan_ctx c;
	size_t cap = 0, i;
	int rc;

	list->v = NULL;
	list->n = 0;
	rc = ctx_init(opts, &c, e);
	if (rc == 0 && !opts->only_listed)
		rc = scan_sysfs(&c, opts->all, list, &cap, e);
	for (i = 0; rc == 0 && i < opts->n_specs; i++) {
		struct disk tmp, *d;

		rc = fill_spec(&c, &opts->specs[i], &tmp, e);
		if (rc < 0 || (!tmp.is_file && list_has(list, tmp.name)))
			continue;
		d = list_add(list, &cap);
		if (!d)
			rc = err_set(e, ENOMEM, _("out of memory listing disks"));
		else
			*d = tmp;
	}
	if (rc == 0)
		probe_all(list->v, list->n);
	for (i = 0; rc == 0 && i < list->n; i++)
		classify(&c, &list->v[i]);
	disk_mounts_free(&c.mounts);
	if (rc < 0)
		disk_list_free(list);
	return rc;
}

/* Re-read one disk (a device node, a bare name such as "sdc", or an image
 * file) for the install-time re-check. */
int disk_probe_one(const struct disk_scan_opts *opts, const char *path,
		   struct disk *out, struct stoat_err *e)
{
	const char *dev_root = opts->dev_root ? opts->dev_root : "/dev";
	bool bare = !strchr(path, '/') && access(path, F_OK) < 0;	/* "sdc" */
	struct disk_spec spec = { .transport = TR_FILE };
	struct scan_ctx c;
	size_t i;
	int rc;

	if (strlen(path) + (bare ? strlen(dev_root) + 1 : 0) >= sizeof(spec.path))
		return err_set(e, ENAMETOOLONG, _("the disk name %s is too long"), path);
	snprintf(spec.path, sizeof(spec.path), "%s%s%s", bare ? dev_root : "", bare ? "/" : "",
		 path);
	for (i = 0; i < opts->n_specs; i++)
		if (!strcmp(opts->specs[i].path, path))
			spec.transport = opts->specs[i].transport;
	rc = ctx_init(opts, &c, e);
	if (rc < 0)
		return rc;
	rc = fill_spec(&c, &spec, out, e);
	if (rc == 0) {
		disk_probe_content(out);
		classify(&c, out);
	}
	disk_mounts_free(&c.mounts);
	return rc;
}
