/* ks_disk.c - which disk a kickstart install line means, and copying the
 * kickstart's choices into an install plan.
 *
 * --disk=NAME matches a disk's path (/dev/sdc, an image file), its name
 * (sdc, nvme0n1) or its WWN (naa.600... with or without the "naa." prefix).
 * --firstdisk walks its filters in order and, for each, the disks in scan
 * order; the first usable disk that matches wins. Filters:
 *   local      not remote and not flash (USB or SD). ESXi calls USB disks
 *              "usb", not "local"; SD cards are USB-attached on most ESXi
 *              hosts, so we put our mmcblk SD cards with usb as well.
 *   remote     iSCSI, Fibre Channel, NBD (struct disk's remote flag)
 *   usb        USB or SD flash (disk_is_flash)
 *   esx        holds an ESXi installation; localesx / remoteesx narrow it
 *   other      a vendor, model or driver name, compared ignoring case
 *              (usb-storage, uas, ahci, nvme, "SanDisk", "Samsung SSD 860";
 *              blanks inside are part of it); a model also matches by its
 *              leading words. vmkusb, umass and usb-storage (ESXi's USB
 *              driver names) then take any USB disk, as in ESXi. Empty
 *              items match nothing.
 * --ignoressd skips non-rotational disks that are neither flash nor image
 * files (what ESXi reports as SSDs). */
#include "config.h"

#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "keyboard.h"
#include "kickstart.h"
#include "nls.h"

/* True when d is what ESXi would call a local disk. */
static bool ks_is_local(const struct disk *d)
{
	return !d->remote && !disk_is_flash(d);
}

/* True when the vendor/model/driver word w names d. */
static bool ks_word_matches(const struct disk *d, const char *w, size_t n)
{
	const char *fields[] = { d->vendor, d->model, d->driver };
	size_t i;

	for (i = 0; i < 3; i++) {
		const char *f = fields[i];

		while (*f == ' ')
			f++;
		if (!strncasecmp(f, w, n) && (f[n] == '\0' || f[n] == ' '))
			return true;
	}
	return false;
}

/* True when disk d passes filter word w (n chars). */
static bool ks_filter(const struct disk *d, const char *w, size_t n)
{
#define IS(lit) (n == sizeof(lit) - 1 && !strncasecmp(w, lit, n))
	if (IS("local"))
		return ks_is_local(d);
	if (IS("remote"))
		return d->remote;
	if (IS("usb"))
		return disk_is_flash(d);
	if (IS("esx"))
		return d->has_esxi;
	if (IS("localesx"))
		return d->has_esxi && ks_is_local(d);
	if (IS("remoteesx"))
		return d->has_esxi && d->remote;
#undef IS
	return ks_word_matches(d, w, n);
}

/* True when name denotes d (path, name, /dev/name or WWN). */
static bool ks_names(const struct disk *d, const char *name)
{
	const char *wwn = d->wwn;

	if (!strcmp(name, d->path) || !strcmp(name, d->name))
		return true;
	if (!strncmp(name, "/dev/", 5) && !strcmp(name + 5, d->name))
		return true;
	if (!wwn[0])
		return false;
	if (!strncmp(wwn, "naa.", 4) || !strncmp(wwn, "0x", 2))
		wwn += wwn[0] == 'n' ? 4 : 2;
	if (!strncasecmp(name, "naa.", 4))
		name += 4;
	return !strcasecmp(name, wwn);
}

/* True when d is a solid-state disk in ESXi's sense. */
static bool ks_is_ssd(const struct disk *d)
{
	return !d->rotational && !disk_is_flash(d) && !d->is_file && d->transport != TR_FILE;
}

/* True when filter word w (n chars) is one of ESXi's USB driver names,
 * which after their own match take any USB disk. */
static bool ks_usb_driver(const char *w, size_t n)
{
	static const char *const names[] = { "vmkusb", "umass", "usb-storage" };
	size_t i;

	for (i = 0; i < sizeof(names) / sizeof(names[0]); i++)
		if (strlen(names[i]) == n && !strncasecmp(w, names[i], n))
			return true;
	return false;
}

/* The first usable disk passing the filter list w, or NULL; never skip;
 * each item is tried on every disk before the next item. */
static const struct disk *ks_first(const struct kickstart *ks, const char *w,
				   const struct disk_list *disks, const struct disk *skip)
{
	size_t n, i;

	while (*w) {
		int pass, passes;

		n = strcspn(w, ",");
		passes = ks_usb_driver(w, n) ? 2 : 1;
		for (pass = 0; pass < passes; pass++)
			for (i = 0; i < disks->n; i++) {
				const struct disk *d = &disks->v[i];

				if ((skip && d == skip) || d->verdict != DISK_USABLE || (ks->ignoressd && ks_is_ssd(d)))
					continue;
				if (ks->action == KS_UPGRADE && !d->has_esxi)
					continue;
				if (n && (pass ? disk_is_flash(d) : ks_filter(d, w, n)))
					return d;
			}
		w += n;
		if (*w == ',')
			w++;
	}
	return NULL;
}

/* True when the clearpart lines (the first dl and il characters of their
 * --drives= and --ignoredrives= lists, all and fd for --alldrives and
 * --firstdisk) name d. */
static bool ks_clearpart_names(const struct kickstart *ks, const struct disk *d, bool all, bool fd,
			       size_t dl, size_t il)
{
	const char *p;
	size_t n;

	if (all || fd)
		return true;
	for (p = ks->clearpart_ignore; p < ks->clearpart_ignore + il && *p; p += n + !!p[n]) {
		char name[4096];

		n = strcspn(p, ",");
		snprintf(name, sizeof(name), "%.*s", (int)n, p);
		if (ks_names(d, name))
			return false;
	}
	if (il)
		return true;
	for (p = ks->clearpart_drives; p < ks->clearpart_drives + dl && *p; p += n + !!p[n]) {
		char name[4096];

		n = strcspn(p, ",");
		snprintf(name, sizeof(name), "%.*s", (int)n, p);
		if (ks_names(d, name))
			return true;
	}
	return false;
}

/* True when a clearpart line lets the chosen disk lose its VMFS. */
static bool ks_clearpart_allows(const struct kickstart *ks, const struct disk *d)
{
	return ks->clearpart && ks->clearpart_overwritevmfs
	       && ks_clearpart_names(ks, d, ks->clearpart_all, ks->clearpart_firstdisk,
				     strlen(ks->clearpart_drives), strlen(ks->clearpart_ignore));
}

/* The target the install line names, from the scanned disks. */
int kickstart_pick_disk(const struct kickstart *ks, const struct disk_list *disks,
			const struct disk **out, struct stoat_err *e)
{
	const struct disk *d = NULL;
	size_t i;

	*out = NULL;
	if (ks->action == KS_NONE)
		return err_set(e, EINVAL, _("The kickstart file has no install, upgrade or installorupgrade command."));
	if (ks->disk[0]) {
		for (i = 0; i < disks->n && !d; i++)
			if (ks_names(&disks->v[i], ks->disk))
				d = &disks->v[i];
		if (!d)
			return err_set(e, ENODEV, _("%s: no disk named %s was found; check the name with stoat list-disks"),
				       ks->where, ks->disk);
		if (d->verdict != DISK_USABLE)
			return err_set(e, EBUSY, _("%s: the disk %s cannot be used: %s"), ks->where, d->path,
				       d->reason[0] ? d->reason : disk_verdict_name(d->verdict));
	} else {
		d = ks_first(ks, ks->firstdisk, disks, NULL);
		if (!d)
			return err_set(e, ENODEV, ks->action == KS_UPGRADE
				       ? _("%s: no usable disk with an ESXi installation matches --firstdisk=%s")
				       : _("%s: no usable disk matches --firstdisk=%s"), ks->where, ks->firstdisk);
	}
	if (ks->action == KS_UPGRADE && !d->has_esxi)
		return err_set(e, ENOENT, _("%s: the disk %s holds no ESXi installation to upgrade; use install instead"),
			       ks->where, d->path);
	if (ks->overwritevsan && !d->has_vsan && ks->action != KS_UPGRADE)
		return err_set(e, EINVAL, _("%s: --overwritevsan is given, but the disk %s is not claimed by vSAN"),
			       ks->where, d->path);
	/* An upgrade never touches the datastore. installorupgrade on a disk
	 * with an upgradable bootbank is decided once the installation has
	 * been read (kickstart_vmfs_ok then guards the install). */
	if (ks->action == KS_INSTALL || (ks->action == KS_INSTALLORUPGRADE && !d->upgradable)) {
		int rc = kickstart_vmfs_ok(ks, d, e);

		if (rc < 0)
			return rc;
	}
	*out = d;
	return 0;
}

/* The disk partition line i names: never the install disk. */
int kickstart_part_disk(const struct kickstart *ks, size_t i, const struct disk_list *disks,
			const struct disk *target, const struct disk **out, struct stoat_err *e)
{
	const struct ks_part *p = &ks->parts[i];
	const struct disk *d = NULL;
	size_t k;

	*out = NULL;
	if (i >= ks->n_parts)
		return err_set(e, EINVAL, "no partition line %zu", i);
	if (p->disk[0]) {
		for (k = 0; k < disks->n && !d; k++)
			if (ks_names(&disks->v[k], p->disk))
				d = &disks->v[k];
		if (!d)
			return err_set(e, ENODEV, _("%s: no disk named %s was found for the datastore %s"),
				       p->where, p->disk, p->name);
		if (target && !strcmp(d->path, target->path))
			return err_set(e, EINVAL, _("%s: %s is the install disk; the datastore %s must go on another disk"),
				       p->where, d->path, p->name);
	} else {
		d = ks_first(ks, p->firstdisk, disks, target);
		if (!d)
			return err_set(e, ENODEV, _("%s: no usable disk other than the install disk matches --onfirstdisk=%s"),
				       p->where, p->firstdisk);
	}
	*out = d;
	return 0;
}

/* The disk install --systemdisk= (or name) names, or NULL when none is. */
int kickstart_system_disk(const struct kickstart *ks, const char *name,
			  const struct disk_list *disks, const struct disk **out,
			  struct stoat_err *e)
{
	size_t k;

	*out = NULL;
	if (!name)
		name = ks->systemdisk;
	if (!name[0])
		return 0;
	for (k = 0; k < disks->n; k++)
		if (ks_names(&disks->v[k], name)) {
			*out = &disks->v[k];
			return 0;
		}
	return err_set(e, ENODEV, _("%s: no disk named %s was found for --systemdisk; check the name with stoat list-disks"),
		       ks->where, name);
}

/* Whether a fresh install onto d may go ahead as far as its VMFS goes.
 * As in ESXi, whose installer reads the install line before any clearpart
 * line, clearpart does not stand in for --overwritevmfs here. */
int kickstart_vmfs_ok(const struct kickstart *ks, const struct disk *d, struct stoat_err *e)
{
	if (d->has_vmfs && !ks->overwritevmfs && ks->novmfsondisk)
		return err_set(e, EEXIST, _("%s: the disk %s holds a VMFS datastore, and --novmfsondisk does not keep one: add --overwritevmfs to erase it"),
			       ks->where, d->path);
	if (d->has_vmfs && !ks->overwritevmfs && !ks->preservevmfs)
		return err_set(e, EEXIST, _("%s: the disk %s holds a VMFS datastore; add --overwritevmfs to erase it or --preservevmfs to keep it"),
			       ks->where, d->path);
	return 0;
}

/* Whether partition line i's datastore may go onto d as ESXi decides it:
 * only a clearpart line read before line i clears d, and its
 * --overwritevmfs lets d's VMFS go; install --overwritevmfs does not. */
int kickstart_ds_clear_ok(const struct kickstart *ks, size_t i, const struct disk *d, struct stoat_err *e)
{
	const struct ks_part *p = &ks->parts[i];
	bool cleared = p->cp_before && ks_clearpart_names(ks, d, p->cp_all, p->cp_firstdisk,
							  p->cp_drives_len, p->cp_ignore_len);

	if (d->nparts && !cleared)
		return err_set(e, ENOTEMPTY, _("%s: the disk %s already has partitions; as in ESXi, a clearpart line naming it must come before the partition line"),
			       p->where, d->path);
	if (d->has_vmfs && !p->cp_overwritevmfs)
		return err_set(e, EEXIST, _("%s: the disk %s holds a VMFS datastore; the clearpart line naming it needs --overwritevmfs (install --overwritevmfs is for the install disk only)"),
			       p->where, d->path);
	return 0;
}

/* Fill plan's kickstart-owned fields. */
int kickstart_to_plan(const struct kickstart *ks, struct install_plan *plan,
		      struct stoat_err *e)
{
	size_t i, n = 0;

	for (i = 0; i < ks->n_scripts; i++)
		if (ks->scripts[i].when == KS_FIRSTBOOT)
			n++;
	if (n > PLAN_MAX_SCRIPTS)
		return err_set(e, E2BIG, _("The kickstart file has %zu %%firstboot scripts; at most %d fit."),
			       n, PLAN_MAX_SCRIPTS);
	snprintf(plan->keyboard, sizeof(plan->keyboard), "%s",
		 ks->keyboard[0] ? ks->keyboard : KEYBOARD_DEFAULT);
	snprintf(plan->pwhash, sizeof(plan->pwhash), "%s", ks->pwhash);
	snprintf(plan->bootopts, sizeof(plan->bootopts), "%s", ks->bootopts);
	snprintf(plan->serialnum, sizeof(plan->serialnum), "%s", ks->serialnum);
	plan->legacy_usb = ks->legacy_usb;
	plan->preserve_vmfs = ks->preservevmfs;
	plan->overwrite_vmfs = ks->overwritevmfs || ks_clearpart_allows(ks, &plan->target);
	plan->dry_run = plan->dry_run || ks->dryrun;
	free(plan->network_json);
	plan->network_json = NULL;
	if (ks->network_json && !(plan->network_json = strdup(ks->network_json)))
		return err_set(e, ENOMEM, _("Out of memory while building the install plan."));
	for (i = 0; i < plan->n_scripts; i++) {
		free(plan->scripts[i].body);
		plan->scripts[i].body = NULL;
	}
	plan->n_scripts = 0;
	for (i = 0; i < ks->n_scripts; i++) {
		struct plan_script *ps;

		if (ks->scripts[i].when != KS_FIRSTBOOT)
			continue;
		ps = &plan->scripts[plan->n_scripts];
		snprintf(ps->interpreter, sizeof(ps->interpreter), "%s", ks->scripts[i].interpreter);
		ps->body = strdup(ks->scripts[i].body ? ks->scripts[i].body : "");
		if (!ps->body)
			return err_set(e, ENOMEM, _("Out of memory while building the install plan."));
		plan->n_scripts++;
	}
	return 0;
}
