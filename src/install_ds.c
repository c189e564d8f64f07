/* install_ds.c - the datastores the installed host creates at first boot
 * (firstboot.h): the install's random token, the marks written at the
 * start of each datastore partition, and the other disks that kickstart
 * `partition NAME --ondisk=` lines name, re-checked before anything is
 * written and then given one VMFS-typed GPT partition each. */
#include "config.h"

#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "firstboot.h"
#include "install_steps.h"
#include "io.h"
#include "nls.h"
#include "partition.h"

/* Fill in->ds_token with random hex digits. */
int inst_ds_token(struct inst *in, struct stoat_err *e)
{
	unsigned char r[FIRSTBOOT_TOKEN_LEN / 2];
	size_t i;
	int rc;

	if ((rc = inst_random(r, sizeof(r), e)) < 0)
		return rc;
	for (i = 0; i < sizeof(r); i++)
		snprintf(in->ds_token + 2 * i, 3, "%02x", r[i]);
	return 0;
}

/* Zero the first MiB at off on fd (or less, len) and write mark k there. */
int inst_ds_mark(const struct inst *in, int fd, uint64_t off, uint64_t len, size_t k,
		 struct stoat_err *e)
{
	char mark[FIRSTBOOT_MARKER_MAX];
	char *z;
	int rc;

	if (len > INSTALL_VMFS_ZERO)
		len = INSTALL_VMFS_ZERO;
	firstboot_ds_marker(in->ds_token, k, mark, sizeof(mark));
	if (len < strlen(mark))
		return err_set(e, ENOSPC, _("the datastore partition is too small"));
	if (!(z = calloc(1, (size_t)len)))
		return err_set(e, ENOMEM, _("out of memory"));
	memcpy(z, mark, strlen(mark));
	rc = io_pwrite_all(fd, z, (size_t)len, off);
	free(z);
	if (rc < 0)
		return err_set(e, -rc, _("cannot write the datastore mark: %s"), strerror(-rc));
	return 0;
}

/* Re-check the disk of datastore ds as it is now: same size, writable,
 * nothing mounted, neither the running system nor the media. */
static int ds_recheck(const struct install_plan *p, const struct plan_datastore *ds,
		      struct stoat_err *e)
{
	struct disk_scan_opts so = { 0 };
	struct disk *d = malloc(sizeof(*d));
	int rc = 0;

	if (!d)
		return err_set(e, ENOMEM, _("out of memory"));
	so.media_path = p->media_path[0] ? p->media_path : NULL;
	if ((rc = disk_probe_one(&so, ds->path, d, e)) < 0)
		;
	else if (d->size != ds->size)
		rc = err_set(e, EBUSY, _("%s changed size (%llu bytes, planned for %llu); scan the disks again"),
			     ds->path, (unsigned long long)d->size, (unsigned long long)ds->size);
	else if (d->readonly)
		rc = err_set(e, EROFS, _("%s is read-only (check its write-protect switch)"), ds->path);
	else if (d->mounted)
		rc = err_set(e, EBUSY, _("%s has mounted partitions; unmount them first"), ds->path);
	else if (d->holds_root || d->holds_media)
		rc = err_set(e, EBUSY, _("%s holds the running system or the install media; it cannot be the target"),
			     ds->path);
	else if (!strcmp(d->path, p->target.path))
		rc = err_set(e, EINVAL, _("%s is the install disk; the datastore %s must go on another disk"),
			     ds->path, ds->name);
	free(d);
	return rc < 0 ? err_prefix(e, _("datastore %s"), ds->name) : 0;
}

/* Step 1's part: re-check every other disk before the target is touched. */
int inst_ds_check(const struct inst *in, struct stoat_err *e)
{
	size_t i;
	int rc;

	for (i = 0; i < in->p->n_datastores; i++)
		if ((rc = ds_recheck(in->p, &in->p->datastores[i], e)) < 0)
			return rc;
	return 0;
}

/* The one-partition layout of a datastore disk: partition 1, VMFS type,
 * from 1 MiB to the last usable sector. */
void inst_ds_layout(const struct install_plan *p, const struct plan_datastore *ds,
		    struct layout *l)
{
	unsigned ss = ds->lsec ? ds->lsec : 512;

	memset(l, 0, sizeof(*l));
	l->profile = p->layout.profile;
	l->sector_size = ss;
	l->total_sectors = ds->size / ss;
	l->n = 1;
	l->part[0].num = 1;
	l->part[0].start = (1u << 20) / ss;
	/* the backup GPT: 128 entries of 128 bytes and its header */
	l->part[0].end = l->total_sectors - 2 - (128 * 128) / ss;
	l->part[0].type_guid = GUID_VMFS;
	l->part[0].type_name = "vmfs";
	l->part[0].role = ROLE_VMFS;
}

/* Partition datastore k's disk and mark its partition 1. */
static int ds_write(struct inst *in, size_t k, struct stoat_err *e)
{
	const struct plan_datastore *ds = &in->p->datastores[k];
	struct partition_opts po = { "", false };
	struct layout l;
	char warn[512] = "";
	struct stat st;
	int fd, rc;

	if ((rc = ds_recheck(in->p, ds, e)) < 0)
		return rc;
	inst_ds_layout(in->p, ds, &l);
	if ((rc = partition_apply(ds->path, &l, &po, warn, sizeof(warn), e)) < 0)
		return err_prefix(e, _("datastore %s"), ds->name);
	if (warn[0])
		inst_log(in, "%s", warn);
	if (stat(ds->path, &st) < 0)
		return err_set(e, errno, _("%s is gone: %s"), ds->path, strerror(errno));
	fd = open(ds->path, O_RDWR | O_CLOEXEC | (S_ISBLK(st.st_mode) ? O_EXCL : 0));
	if (fd < 0)
		return err_set(e, errno, _("cannot open %s for writing: %s"), ds->path, strerror(errno));
	rc = inst_ds_mark(in, fd, l.part[0].start * l.sector_size,
			  (l.part[0].end - l.part[0].start + 1) * l.sector_size, k + 1, e);
	if (rc == 0 && fsync(fd) < 0)
		rc = err_set(e, errno, _("cannot write to %s: %s"), ds->path, strerror(errno));
	if (close(fd) < 0 && rc == 0)
		rc = err_set(e, errno, _("cannot write to %s: %s"), ds->path, strerror(errno));
	if (rc < 0)
		return err_prefix(e, _("datastore %s"), ds->name);
	inst_log(in, _("%s: partition 1 is typed for the VMFS datastore %s; the host creates the datastore at first boot."),
		 ds->path, ds->name);
	return 0;
}

/* Step 7's part: the other disks' datastore partitions. */
int inst_datastores(struct inst *in, struct stoat_err *e)
{
	size_t i;
	int rc;

	for (i = 0; i < in->p->n_datastores; i++)
		if ((rc = ds_write(in, i, e)) < 0)
			return rc;
	return 0;
}
