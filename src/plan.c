/* plan.c - struct install_plan: initialise, free, validate. */
#include "config.h"

#include <errno.h>
#include <stdlib.h>
#include <string.h>

#include "keyboard.h"
#include "nls.h"
#include "plan.h"

/* An empty plan with the default keyboard. */
void plan_init(struct install_plan *p)
{
	memset(p, 0, sizeof(*p));
	strcpy(p->keyboard, KEYBOARD_DEFAULT);
}

/* Free the plan's malloc'd members and clear the hash. */
void plan_free(struct install_plan *p)
{
	size_t i;

	free(p->network_json);
	p->network_json = NULL;
	for (i = 0; i < p->n_scripts && i < PLAN_MAX_SCRIPTS; i++) {
		free(p->scripts[i].body);
		p->scripts[i].body = NULL;
	}
	p->n_scripts = 0;
	/* The hash is not the password, but it need not linger either. */
	memset(p->pwhash, 0, sizeof(p->pwhash));
}

/* Whether the layout keeps a VMFS partition. */
static bool plan_kept_vmfs(const struct install_plan *p)
{
	unsigned i;

	for (i = 0; i < p->layout.n; i++)
		if (p->layout.part[i].keep && p->layout.part[i].role == ROLE_VMFS)
			return true;
	return false;
}

/* Whether the layout is usable: parts inside the disk, in order, sane. */
static int check_layout(const struct install_plan *p, struct stoat_err *e)
{
	const struct layout *l = &p->layout;
	uint64_t bytes = l->total_sectors * l->sector_size;
	unsigned i;

	if (!l->n || (l->sector_size != 512 && l->sector_size != 4096))
		return err_set(e, EINVAL, _("no partition layout was planned for %s"), p->target.path);
	if (l->n > LAYOUT_MAX_PARTS)
		return err_set(e, EINVAL, _("the partition layout has too many partitions"));
	if (p->target.size && bytes > p->target.size)
		return err_set(e, EINVAL, _("the partition layout is for a disk larger than %s"),
			       p->target.path);
	for (i = 0; i < l->n; i++)
		if (l->part[i].start > l->part[i].end || l->part[i].end >= l->total_sectors)
			return err_set(e, EINVAL, _("partition %u of the layout lies outside the disk"),
				       l->part[i].num);
	return 0;
}

/* Reject a plan that cannot work, before the confirm screen. */
int plan_validate(const struct install_plan *p, struct stoat_err *e)
{
	int rc;

	if (!p->target.path[0])
		return err_set(e, EINVAL, _("no target disk was chosen"));
	if (p->target.readonly)
		return err_set(e, EROFS, _("%s is read-only"), p->target.path);
	if (p->target.mounted)
		return err_set(e, EBUSY, _("%s has mounted partitions"), p->target.path);
	if (p->target.holds_root)
		return err_set(e, EBUSY, _("%s holds the running system"), p->target.path);
	if (p->target.holds_media)
		return err_set(e, EBUSY, _("%s holds the install media"), p->target.path);
	if ((rc = check_layout(p, e)) < 0)
		return rc;
	if (!p->upgrade && !p->pwhash[0])
		return err_set(e, EINVAL, _("no root password was set"));
	if (p->pwhash[0] && strncmp(p->pwhash, "$", 1) && strlen(p->pwhash) != 13)
		return err_set(e, EINVAL, _("the root password hash is not a crypt(3) hash"));
	if (!keyboard_valid(p->keyboard))
		return err_set(e, EINVAL, _("'%s' is not a known keyboard layout"), p->keyboard);
	if (p->n_scripts > PLAN_MAX_SCRIPTS)
		return err_set(e, EINVAL, _("more than %d first-boot scripts"), PLAN_MAX_SCRIPTS);
	if (p->preserve_vmfs && p->overwrite_vmfs)
		return err_set(e, EINVAL, _("the plan both keeps and overwrites VMFS"));
	if (p->preserve_vmfs && !p->upgrade && !plan_kept_vmfs(p))
		return err_set(e, EINVAL, _("the plan keeps the VMFS datastore, but its layout does not hold it"));
	if (p->upgrade && (!p->up.active || !p->up.target || p->up.active == p->up.target))
		return err_set(e, EINVAL, _("the upgrade plan names no bootbank to write"));
	return 0;
}

/* Keep the existing VMFS partition of the target in the layout. */
int plan_keep_vmfs(struct install_plan *p, struct stoat_err *e)
{
	const struct disk *d = &p->target;
	const struct disk_part *v = NULL;
	unsigned ss = p->layout.sector_size, i;

	for (i = 0; i < d->nparts && i < DISK_MAX_PARTS; i++) {
		if (strcmp(d->part[i].type_guid, GUID_VMFS))
			continue;
		if (v)
			return err_set(e, EEXIST, _("%s holds more than one VMFS partition; stoat can keep only one"), d->path);
		v = &d->part[i];
	}
	if (!v)
		return err_set(e, ENOENT, d->has_vmfs
			       ? _("the VMFS datastore on %s is not a GPT partition of the VMFS type, so it cannot be kept")
			       : _("%s holds no VMFS datastore to keep"), d->path);
	if (!ss || v->start % ss || v->size % ss || !v->size)
		return err_set(e, EINVAL, _("the VMFS partition on %s is not aligned to the disk's sectors"), d->path);
	if (layout_keep_part(&p->layout, ROLE_VMFS, v->start / ss, (v->start + v->size) / ss - 1,
			     v->type_guid, e) < 0)
		return err_prefix(e, _("the VMFS datastore on %s cannot be kept"), d->path);
	return 0;
}
