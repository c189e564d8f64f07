/* ks_part.c - the kickstart commands that name things beside the install:
 * partition (a datastore on another disk) and serialnum (the license key).
 *
 * partition NAME --ondisk=DISK | --ondrive=DISK | --onfirstdisk[=LIST]:
 * ESXi creates a VMFS datastore called NAME on that disk, which must not
 * be the install disk and may hold one such line. stoat checks the disk as
 * it checks the install target, gives it one VMFS-typed GPT partition when
 * the install runs, and the installed host creates the datastore at its
 * first boot (firstboot_ds.c). --size, --grow, --maxsize and --fstype are
 * ESXi's deprecated options: warnings.
 *
 * serialnum --esx=KEY (or vmserialnum): five groups of five letters,
 * digits or underscores joined by dashes; an ill-formed key is an error,
 * as in ESXi. ESXi then runs VMware's key check (check_serial), which
 * stoat does not have. The key goes to the installed host's first-boot
 * settings. */
#include "config.h"

#include <errno.h>
#include <stdio.h>
#include <string.h>

#include "ks_int.h"
#include "nls.h"

enum { PO_ONDISK, PO_ONDRIVE, PO_ONFIRSTDISK, PO_SIZE, PO_GROW, PO_MAXSIZE, PO_FSTYPE, PO_N };

/* True when name can be a datastore name: 1 to 64 printable ASCII
 * characters, no slash. */
static bool ks_ds_name_ok(const char *name)
{
	size_t i, n = strlen(name);

	if (n == 0 || n > 64)
		return false;
	for (i = 0; i < n; i++)
		if ((unsigned char)name[i] < 0x20 || (unsigned char)name[i] > 0x7e || name[i] == '/')
			return false;
	return true;
}

/* partition / part NAME --ondisk=|--ondrive=|--onfirstdisk[=] */
int ks_cmd_partition(struct ks_ctx *c, const struct ks_pos *at, int argc, char **argv)
{
	static const struct ks_optdef defs[PO_N] = {
		[PO_ONDISK] = { "ondisk", KO_VALUE, true },
		[PO_ONDRIVE] = { "ondrive", KO_VALUE, true },
		[PO_ONFIRSTDISK] = { "onfirstdisk", KO_OPTVALUE, true },
		[PO_SIZE] = { "size", KO_OPTVALUE, false },
		[PO_GROW] = { "grow", KO_OPTVALUE, false },
		[PO_MAXSIZE] = { "maxsize", KO_OPTVALUE, false },
		[PO_FSTYPE] = { "fstype", KO_OPTVALUE, false },
	};
	struct kickstart *ks = c->ks;
	char list[1024];
	struct ks_part *p;
	const char *disk;
	struct ks_args a;
	size_t i;
	int k, rc = ks_opts(c, at, defs, PO_N, argc, argv, &a);

	if (rc < 0)
		return rc;
	for (k = PO_SIZE; k < PO_N; k++)
		if (a.val[k])
			ks_warn(c, at, _("%s: --%s is deprecated in ESXi kickstart files; it is ignored"),
				argv[0], defs[k].name);
	if (!a.npos)
		return ks_error(c, at, EINVAL, _("%s needs the datastore's name first, for example partition datastore2 --ondisk=sdb"),
				argv[0]);
	for (k = 1; k < a.npos; k++)
		ks_warn(c, at, _("%s: unknown argument \"%s\"; it is ignored"), argv[0], a.pos[k]);
	if (!ks_ds_name_ok(a.pos[0]))
		return ks_error(c, at, EINVAL, _("%s: \"%s\" is not a datastore name (1 to 64 printable characters, no slash)"),
				argv[0], a.pos[0]);
	if (a.val[PO_ONDISK] && a.val[PO_ONDRIVE])
		return ks_error(c, at, EINVAL, _("%s: --ondisk and --ondrive mean the same; give only one"), argv[0]);
	disk = a.val[PO_ONDISK] ? a.val[PO_ONDISK] : a.val[PO_ONDRIVE];
	if (!!disk + !!a.val[PO_ONFIRSTDISK] != 1)
		return ks_error(c, at, EINVAL, _("%s needs exactly one of --ondisk=DISK, --ondrive=DISK or --onfirstdisk"),
				argv[0]);
	if (a.val[PO_ONFIRSTDISK])
		a.val[PO_ONFIRSTDISK] = ks_list_squeeze(a.val[PO_ONFIRSTDISK], list, sizeof(list));
	for (i = 0; i < ks->n_parts; i++) {
		if (!strcmp(ks->parts[i].name, a.pos[0]))
			return ks_error(c, at, EINVAL, _("%s: the datastore %s is already named at %s"),
					argv[0], a.pos[0], ks->parts[i].where);
		if (disk && !strcmp(ks->parts[i].disk, disk))
			return ks_error(c, at, EINVAL, _("%s: the disk %s already gets a datastore at %s (one per disk)"),
					argv[0], disk, ks->parts[i].where);
	}
	if (ks->n_parts >= KS_MAX_PARTS)
		return ks_error(c, at, E2BIG, _("too many partition lines (at most %d)"), KS_MAX_PARTS);
	p = &ks->parts[ks->n_parts++];
	memset(p, 0, sizeof(*p));
	snprintf(p->name, sizeof(p->name), "%s", a.pos[0]);
	if (disk)
		snprintf(p->disk, sizeof(p->disk), "%s", disk);
	else
		snprintf(p->firstdisk, sizeof(p->firstdisk), "%s",
			 a.val[PO_ONFIRSTDISK][0] ? a.val[PO_ONFIRSTDISK] : "local,remote");
	snprintf(p->where, sizeof(p->where), "%s:%u", at->file, at->line);
	p->cp_before = ks->clearpart;
	p->cp_all = ks->clearpart_all;
	p->cp_firstdisk = ks->clearpart_firstdisk;
	p->cp_overwritevmfs = ks->clearpart_overwritevmfs;
	p->cp_drives_len = strlen(ks->clearpart_drives);
	p->cp_ignore_len = strlen(ks->clearpart_ignore);
	return 0;
}

/* The smallest disk a datastore of its own is planned on. */
#define KS_DS_MIN_BYTES (2ull << 30)

/* Check the disk d of partition line i as an install target is checked. */
static int ks_part_check(const struct kickstart *ks, size_t i, const struct disk *d,
			 const struct install_plan *plan, struct stoat_err *e)
{
	const struct ks_part *p = &ks->parts[i];
	size_t k;

	if (d->verdict != DISK_USABLE)
		return err_set(e, EBUSY, _("%s: the disk %s cannot hold the datastore %s: %s"), p->where, d->path,
			       p->name, d->reason[0] ? d->reason : disk_verdict_name(d->verdict));
	if (d->size < KS_DS_MIN_BYTES)
		return err_set(e, ENOSPC, _("%s: the disk %s is too small for the datastore %s (at least 2 GiB)"),
			       p->where, d->path, p->name);
	if (d->has_vmfs && ks->preservevmfs && !ks->overwritevmfs)
		return err_set(e, EEXIST, _("%s: the disk %s holds a VMFS datastore, which --preservevmfs keeps; the datastore %s cannot go there"),
			       p->where, d->path, p->name);
	if (kickstart_ds_clear_ok(ks, i, d, e) < 0)
		return err_prefix(e, _("datastore %s"), p->name);
	for (k = 0; k < plan->n_datastores; k++)
		if (!strcmp(plan->datastores[k].path, d->path))
			return err_set(e, EINVAL, _("%s: the disk %s already gets the datastore %s (one per disk)"),
				       p->where, d->path, plan->datastores[k].name);
	return 0;
}

/* Add the partition lines' datastores to plan: each on its disk, checked. */
int kickstart_parts_to_plan(const struct kickstart *ks, const struct disk_list *disks,
			    struct install_plan *plan, struct stoat_err *e)
{
	size_t i;
	int rc;

	plan->n_datastores = 0;
	for (i = 0; i < ks->n_parts && i < PLAN_MAX_DATASTORES; i++) {
		struct plan_datastore *ds = &plan->datastores[plan->n_datastores];
		const struct disk *d;

		if ((rc = kickstart_part_disk(ks, i, disks, &plan->target, &d, e)) < 0 ||
		    (rc = ks_part_check(ks, i, d, plan, e)) < 0)
			return rc;
		memset(ds, 0, sizeof(*ds));
		snprintf(ds->name, sizeof(ds->name), "%s", ks->parts[i].name);
		snprintf(ds->path, sizeof(ds->path), "%s", d->path);
		ds->size = d->size;
		ds->lsec = d->lsec ? d->lsec : 512;
		plan->n_datastores++;
	}
	return 0;
}

/* True for five groups of five letters, digits or underscores joined by
 * dashes: ESXi's pattern (\w{5} five times). Its \w also takes letters
 * outside ASCII, which no license key holds; stoat refuses those. */
static bool ks_serial_ok(const char *s)
{
	size_t i;

	if (strlen(s) != 29)
		return false;
	for (i = 0; i < 29; i++)
		if (i % 6 == 5 ? s[i] != '-'
		    : !strchr("ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789_", s[i]))
			return false;
	return true;
}

/* serialnum / vmserialnum --esx=KEY */
int ks_cmd_serialnum(struct ks_ctx *c, const struct ks_pos *at, int argc, char **argv)
{
	static const struct ks_optdef defs[] = { { "esx", KO_VALUE, false } };
	struct kickstart *ks = c->ks;
	struct ks_args a;
	int rc = ks_opts(c, at, defs, 1, argc, argv, &a);

	if (rc < 0)
		return rc;
	ks_no_pos(c, at, argv[0], &a, 0);
	if (!a.val[0])
		return ks_error(c, at, EINVAL, _("%s needs --esx=KEY (the license key)"), argv[0]);
	if (!ks_serial_ok(a.val[0]))
		return ks_error(c, at, EINVAL, _("%s: --esx needs five groups of five letters, digits or _ separated by dashes (XXXXX-XXXXX-XXXXX-XXXXX-XXXXX)"),
				argv[0]);
	if (ks->serialnum[0])
		ks_warn(c, at, _("%s is given more than once; the last one is used"), argv[0]);
	snprintf(ks->serialnum, sizeof(ks->serialnum), "%s", a.val[0]);
	ks_seen_set(&c->serialnum_at, at);
	return 0;
}
