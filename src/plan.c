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
	if (!p->pwhash[0])
		return err_set(e, EINVAL, _("no root password was set"));
	if (strncmp(p->pwhash, "$", 1) && strlen(p->pwhash) != 13)
		return err_set(e, EINVAL, _("the root password hash is not a crypt(3) hash"));
	if (!keyboard_valid(p->keyboard))
		return err_set(e, EINVAL, _("'%s' is not a known keyboard layout"), p->keyboard);
	if (p->n_scripts > PLAN_MAX_SCRIPTS)
		return err_set(e, EINVAL, _("more than %d first-boot scripts"), PLAN_MAX_SCRIPTS);
	if (p->preserve_vmfs && p->overwrite_vmfs)
		return err_set(e, EINVAL, _("the plan both keeps and overwrites VMFS"));
	return 0;
}
