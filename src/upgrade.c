/* upgrade.c - find the ESXi installation on a disk, plan its upgrade, and
 * the executor's upgrade-only steps (re-reading the installation under
 * the exclusive open, carrying state.tgz over). See upgrade.h. Uses the
 * shared context (inst_ctx.c) only; install.c calls the steps here. */
#include "config.h"

#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "bootbank.h"
#include "digest.h"
#include "gpt.h"
#include "install_steps.h"
#include "io.h"
#include "nls.h"
#include "sbuf.h"
#include "upgrade.h"

/* Largest carried file read into memory. */
#define UP_CARRY_MAX (256ull << 20)

/* Read a whole file of the FAT in partition lp into b (malloc'd). */
static int up_read(const char *dev, unsigned ss, const struct layout_part *lp,
		   const char *name, size_t max, struct sbuf *b, struct stoat_err *e)
{
	struct bootbank_part bp = { lp->start, lp->end, ss };

	return bootbank_read(dev, &bp, name, max, b, e);
}

/* The table of the disk as a layout whose partitions are all kept. */
static int up_table(int fd, const struct disk *d, unsigned ss, struct layout *l,
		    struct stoat_err *e)
{
	struct gpt_table *t = calloc(1, sizeof(*t));
	unsigned i, j;
	int rc;

	if (!t)
		return err_set(e, ENOMEM, _("out of memory"));
	memset(l, 0, sizeof(*l));
	if ((rc = gpt_read(fd, ss, t, e)) < 0) {
		free(t);
		return err_set(e, ENOENT, _("%s holds no ESXi installation: it has no readable GPT partition table"), d->path);
	}
	rc = 0;
	if (t->n > LAYOUT_MAX_PARTS)
		rc = err_set(e, EINVAL, _("%s has %u partitions, more than an ESXi layout has; it cannot be upgraded in place"),
			     d->path, t->n);
	for (i = 0; i < t->n && rc == 0; i++) {
		struct layout_part *p = &l->part[l->n];
		const struct gpt_entry_info *g = &t->part[i];

		p->type_name = layout_type_name(g->type_guid, &p->type_guid);
		if (!p->type_name) {
			rc = err_set(e, EINVAL, _("partition %u of %s has a type ESXi does not use (%s); it cannot be upgraded in place"),
				     g->num, d->path, g->type_guid);
			break;
		}
		p->num = g->num;
		p->start = g->start;
		p->end = g->end;
		p->attr = g->attrs & GPT_ATTR_LEGACY_BOOT ? 128 : 0;
		p->role = bootbank_role(g->num, g->type_guid);
		p->keep = true;
		/* partedUtil order: by start sector (1,5,6,7,8,9,2,3). */
		for (j = l->n; j > 0 && l->part[j - 1].start > g->start; j--) {
			struct layout_part tmp = l->part[j];

			l->part[j] = l->part[j - 1];
			l->part[j - 1] = tmp;
		}
		l->n++;
	}
	l->sector_size = ss;
	l->total_sectors = d->size / ss;
	l->flash = disk_is_flash(d);
	free(t);
	return rc;
}

/* The bank's boot.cfg, parsed into b; 0, or -ENOENT when it has none or
 * carries no VMware bootbank marker. */
static int up_bank(int fd, const char *dev, const struct layout *l, const struct layout_part *lp,
		   struct bootcfg *b, struct stoat_err *e)
{
	struct bootbank_part bp;

	if (!lp || strcmp(lp->type_guid, GUID_LINUXNATIVE))
		return -ENOENT;
	bp.start = lp->start;
	bp.end = lp->end;
	bp.sector_size = l->sector_size;
	return bootbank_cfg(fd, dev, &bp, b, e);
}

/* Note a file to carry over: read it from the active bank and hash it.
 * A file that cannot be read is taken as absent (the bank's boot.cfg was
 * just read through the same FAT, so the volume itself is readable). */
static bool up_carry(const char *dev, const struct layout *l, const struct layout_part *lp,
		     const char *name, struct plan_upgrade *up)
{
	struct plan_carry *c = &up->carry[up->n_carry];
	struct stoat_err ignore;
	struct sbuf b = { 0 };	/* freed below also when up_read is not called */

	if (up->n_carry >= PLAN_MAX_CARRY || up_read(dev, l->sector_size, lp, name, UP_CARRY_MAX, &b, &ignore) < 0) {
		free(b.p);
		return false;
	}
	snprintf(c->name, sizeof(c->name), "%s", name);
	c->size = b.len;
	digest_buf(b.p ? b.p : "", b.len, c->sum);
	free(b.p);
	up->n_carry++;
	return true;
}

/* Whether boot.cfg b lists module name. */
static bool up_lists(const struct bootcfg *b, const char *name)
{
	size_t i;

	for (i = 0; i < b->n_modules; i++)
		if (!strcmp(b->modules[i], name) || (b->modules[i][0] == '/' && !strcmp(b->modules[i] + 1, name)))
			return true;
	return false;
}

/* Read the installation through fd into l and up (see upgrade_plan). */
static int up_read_install(int fd, const struct disk *d, struct media *m, struct layout *l,
			   struct plan_upgrade *up, struct stoat_err *e)
{
	unsigned ss = d->lsec ? d->lsec : 512;
	struct bootcfg *b = malloc(2 * sizeof(*b));
	struct layout_part *bank[2];
	int ok[2], act, rc, have_major;
	size_t i;

	if (!b)
		return err_set(e, ENOMEM, _("out of memory"));
	memset(up, 0, sizeof(*up));
	if ((rc = up_table(fd, d, ss, l, e)) < 0)
		goto out;
	bank[0] = layout_find_num(l, 5);
	bank[1] = layout_find_num(l, 6);
	for (i = 0; i < 2; i++)
		ok[i] = up_bank(fd, d->path, l, bank[i], &b[i], e) == 0 && b[i].bootstate != 3;
	if (!bank[0] || !bank[1] || (!ok[0] && !ok[1])) {
		rc = err_set(e, ENOENT, _("%s holds no ESXi installation to upgrade: no bootbank (partition 5 or 6) has a valid boot.cfg"),
			     d->path);
		goto out;
	}
	/* The active bank: the valid one with the higher updated=. */
	act = !ok[0] || (ok[1] && b[1].updated > b[0].updated);
	up->active = bank[act]->num;
	up->target = bank[!act]->num;
	up->active_updated = b[act].updated;
	up->timeout = b[act].timeout;
	snprintf(up->active_build, sizeof(up->active_build), "%s", b[act].build);
	snprintf(up->kernelopt, sizeof(up->kernelopt), "%s", b[act].kernelopt);
	inst_strip_installer_words(up->kernelopt);
	/* Only whether the build starts with a non-zero number counts. */
	have_major = strtol(up->active_build, NULL, 10) != 0;
	if ((have_major && media_major(m) && layout_profile_for_version(up->active_build) !=
	     layout_profile_for_version(media_version(m))) ||
	    (!have_major && (layout_find_role(l, ROLE_OSDATA) != NULL) != (media_major(m) >= 7))) {
		rc = err_set(e, EXDEV, _("%s holds ESXi %s, whose partition layout differs from the one ESXi %d needs, so it cannot be upgraded in place; install instead, keeping the VMFS datastore (--preservevmfs)"),
			     d->path, up->active_build[0] ? up->active_build : "?", media_major(m));
		goto out;
	}
	/* The bank written takes the bootbank role (the executor's copy and
	 * boot.cfg steps write ROLE_BOOTBANK); it alone is not kept. */
	bank[act]->role = ROLE_ALTBOOTBANK;
	bank[!act]->role = ROLE_BOOTBANK;
	bank[!act]->keep = false;
	if (!up_carry(d->path, l, bank[act], "state.tgz", up) && up_lists(&b[act], "onetime.tgz"))
		up_carry(d->path, l, bank[act], "onetime.tgz", up);
	rc = 0;
out:
	free(b);
	return rc;
}

/* Turn p into the upgrade of the installation on p->target. */
int upgrade_plan(struct install_plan *p, struct media *m, struct stoat_err *e)
{
	int fd = open(p->target.path, O_RDONLY | O_CLOEXEC), rc;

	if (fd < 0)
		return err_set(e, errno, _("cannot read %s: %s"), p->target.path, strerror(errno));
	rc = up_read_install(fd, &p->target, m, &p->layout, &p->up, e);
	close(fd);
	if (rc < 0)
		return rc;
	p->upgrade = true;
	p->preserve_vmfs = p->overwrite_vmfs = false;
	return install_check(p, m, e);
}

/* The upgrade's second step: read the installation again, now that the
 * disk is held exclusively, and make sure it is what was planned. */
int inst_inspect(struct inst *in, struct stoat_err *e)
{
	const struct install_plan *p = in->p;
	struct layout *l = malloc(sizeof(*l));
	struct plan_upgrade *up = malloc(sizeof(*up));
	unsigned i;
	int rc;

	if (!l || !up) {
		free(l);
		free(up);
		return err_set(e, ENOMEM, _("out of memory"));
	}
	rc = up_read_install(in->fd, &p->target, in->m, l, up, e);
	if (rc == 0 && (up->active != p->up.active || up->active_updated != p->up.active_updated ||
			up->n_carry != p->up.n_carry || l->n != p->layout.n))
		rc = -ESTALE;
	for (i = 0; rc == 0 && i < up->n_carry; i++)
		if (up->carry[i].size != p->up.carry[i].size || memcmp(up->carry[i].sum, p->up.carry[i].sum, 32))
			rc = -ESTALE;
	for (i = 0; rc == 0 && i < l->n; i++)
		if (l->part[i].num != p->layout.part[i].num || l->part[i].start != p->layout.part[i].start ||
		    l->part[i].end != p->layout.part[i].end || l->part[i].keep != p->layout.part[i].keep)
			rc = -ESTALE;
	if (rc == -ESTALE)
		rc = err_set(e, ESTALE, _("the ESXi installation on %s changed since the upgrade was planned; nothing was written, plan it again"),
			     in->dev);
	else if (rc == 0)
		inst_log(in, _("Writing bootbank %u; bootbank %u (ESXi %s) stays as it is."), p->up.target,
			 p->up.active, p->up.active_build);
	free(l);
	free(up);
	return rc;
}

/* The upgrade's carry step: state.tgz (or a pending onetime.tgz) from the
 * active bank to the new one, byte for byte. */
int inst_carry(struct inst *in, struct stoat_err *e)
{
	const struct install_plan *p = in->p;
	const struct layout_part *from = inst_part(p, p->up.active), *to = inst_role(p, ROLE_BOOTBANK);
	struct vfat_vol v = inst_vol(in, to);
	unsigned char sum[SHA256_DIGEST_SIZE];
	struct sbuf b = { 0 };
	unsigned i;
	int rc = 0;

	if (!p->up.n_carry)
		inst_log(in, "%s", _("The active bootbank holds no state.tgz: there is no saved host configuration to carry over."));
	for (i = 0; i < p->up.n_carry && rc == 0; i++) {
		const struct plan_carry *c = &p->up.carry[i];

		rc = up_read(in->dev, p->layout.sector_size, from, c->name, UP_CARRY_MAX, &b, e);
		if (rc == 0) {
			digest_buf(b.p ? b.p : "", b.len, sum);
			if (b.len != c->size || memcmp(sum, c->sum, SHA256_DIGEST_SIZE))
				rc = err_set(e, ESTALE, _("%s on bootbank %u changed since the upgrade was planned"),
					     c->name, p->up.active);
		}
		if (rc == 0)
			rc = vfat_put_buf(&v, c->name, b.p ? b.p : "", b.len, e);
		if (rc == 0)
			rc = inst_advance(in, b.len, e);
		if (rc == 0)
			inst_log(in, _("Carried %s over from bootbank %u."), c->name, p->up.active);
		free(b.p);
	}
	return rc < 0 ? rc : inst_sync(in, e);
}
