/* install_ds.c - the datastores the installed host creates at first boot
 * (firstboot.h): the other disks that kickstart `partition NAME
 * --ondisk=` lines name, re-checked before anything is written and then
 * given one VMFS-typed GPT partition each, marked for the first-boot
 * script (inst_mark_disk). */
#include "config.h"

#include <errno.h>
#include <stdlib.h>
#include <string.h>

#include "firstboot.h"
#include "install_steps.h"
#include "nls.h"
#include "partition.h"

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
	struct layout l;
	int rc;

	if ((rc = ds_recheck(in->p, ds, e)) < 0)
		return rc;
	inst_ds_layout(in->p, ds, &l);
	rc = inst_mark_disk(in, ds->path, &l, FIRSTBOOT_MARK_DATASTORE, in->ds_token, k + 1, e);
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
