/* scr_osdata.c - 7.x onto USB or SD flash: where ESX-OSData goes, with
 * what each choice means: a persistent local disk chosen from a list of
 * such disks (VMware's advice), RAM (degraded mode), or the flash itself
 * (7.0 before Update 3; it wears the flash out). Shown only for a 7.x
 * flash target, between the disk list and the disk-action screen. */
#include "config.h"

#include <stdio.h>
#include <string.h>

#include "layout.h"
#include "media.h"
#include "nls.h"
#include "ui.h"

static const struct ui_hint osdata_hints[] = {
	{ UK_ESC, N_("Cancel"), false },
	{ UK_F9, N_("Back"), false },
	{ UK_ENTER, N_("Continue"), false },
};

/* The choices, in the order shown, with what each one means. */
static const struct {
	enum layout_osdata where;
	const char *label, *means;
} osdata_items[] = {
	{ LAYOUT_OSDATA_DISK, N_("On a persistent local disk (VMware's advice)"),
	  N_("Logs, core dumps, VMware Tools and scratch go on a local disk you choose next. That disk is repartitioned and erased; stoat cannot write VMFS-L, so the host formats it at its first boot (not under UEFI Secure Boot).") },
	{ LAYOUT_OSDATA_RAM, N_("In RAM (degraded mode)"),
	  N_("Nothing but the boot banks goes on the flash. The host runs in degraded mode: logs and system data live in RAM and are lost at every reboot.") },
	{ LAYOUT_OSDATA_FLASH, N_("On the flash itself (as ESXi 7.0 before Update 3)"),
	  N_("ESX-OSData (VMFS-L) fills the flash after the boot banks. Logs and traces write to it all the time and wear it out: VMware KB 83376 reports SD cards corrupted this way.") },
};

/* Whether d may hold OSData: a usable, local, persistent disk other than
 * the target, of VMware's minimum size. */
static bool osdata_disk_ok(const struct wiz *w, const struct disk *d)
{
	const struct disk *t = wiz_disk(w);

	return d->verdict == DISK_USABLE && !disk_is_flash(d) && !d->remote && !d->has_vmfs &&
	       d->size >= LAYOUT_OSDATA_DISK_MIN && (!t || strcmp(d->path, t->path));
}

/* The i-th disk that may hold OSData, or NULL. */
static const struct disk *osdata_nth(const struct wiz *w, int i)
{
	size_t k;

	for (k = 0; k < w->disks.n; k++)
		if (osdata_disk_ok(w, &w->disks.v[k]) && i-- == 0)
			return &w->disks.v[k];
	return NULL;
}

/* Plan the flash's layout for where and go on to the disk action. */
static void osdata_choose(struct wiz *w, enum layout_osdata where, const struct disk *od)
{
	struct layout_opts lo = { .novmfsondisk = w->o->novmfsondisk,
				  .media_size = w->o->media_size, .osdata = where };
	const struct disk *d = wiz_disk(w);
	struct stoat_err e = { 0 };

	if (!d || layout_plan(d->size, d->lsec ? d->lsec : 512, true, LAYOUT_ESXI7, &lo,
			      &w->layout, &e) < 0) {
		wiz_message(w, _("Disk Cannot Be Used"), d ? e.msg : _("no disk is selected"), true);
		return;
	}
	w->osdata = where;
	snprintf(w->osdata_path, sizeof(w->osdata_path), "%s", od ? od->path : "");
	w->osdata_picking = false;
	wiz_go(w, SCR_DISKACTION);
}

/* Start on the current answer. */
static void osdata_enter(struct wiz *w)
{
	size_t i;

	w->osdata_list.n = (int)N_ELEMS(osdata_items);
	for (i = 0; i < N_ELEMS(osdata_items); i++)
		if (osdata_items[i].where == w->osdata)
			w->osdata_list.sel = (int)i;
	w->osdata_picking = false;
}

/* The local disks that may hold OSData, as a list. */
static void osdata_draw_disks(struct wiz *w, const struct ui_box *b, int y)
{
	const struct tui *t = &w->tui;
	char name[512], cap[32], row[600];
	const struct disk *d;
	int i;

	w->osdata_disks.n = 0;
	while (osdata_nth(w, w->osdata_disks.n))
		w->osdata_disks.n++;
	if (!w->osdata_disks.n) {
		ui_para(b, y, _("No usable local disk of at least 32 GB without a VMFS datastore was found. Press F9 and choose RAM or the flash."),
			theme_attr(t, EL_ERROR));
		return;
	}
	ui_put(y++, b->x, b->w, _("Choose the local disk for ESX-OSData (it will be erased):"), theme_attr(t, EL_DIALOG));
	ui_list_fix(&w->osdata_disks, b->y + b->h - y - 1);
	for (i = 0; (d = osdata_nth(w, w->osdata_disks.top + i)) && y < b->y + b->h - 1; i++, y++) {
		bool sel = w->osdata_disks.top + i == w->osdata_disks.sel;
		attr_t a = theme_attr(t, sel ? EL_SELECTED : EL_DIALOG);

		ui_disklist_row_name(d, name, sizeof(name));
		disk_format_size(d->size, cap, sizeof(cap));
		snprintf(row, sizeof(row), "%s %s  %s", sel ? ">" : " ", name, cap);
		attrset(a);
		mvhline(y, b->x, ' ', b->w);
		ui_put(y, b->x, b->w, row, a);
	}
}

/* Draw the three choices with the highlighted one's meaning, or the
 * disk list after the local-disk choice. */
static void osdata_draw(struct wiz *w)
{
	const struct tui *t = &w->tui;
	struct ui_box b;
	int y, i;

	b = wiz_dialog(w, LINES - 4 < 16 ? LINES - 4 : 16, 76, _("Where Should ESX-OSData Go?"),
		       osdata_hints, N_ELEMS(osdata_hints));
	y = b.y + ui_para(&b, b.y, _("ESXi 7 and later keep logs, core dumps, VMware Tools and scratch in ESX-OSData. On USB or SD flash VMware advises against it."),
			  theme_attr(t, EL_DIALOG)) + 1;
	if (w->osdata_picking) {
		osdata_draw_disks(w, &b, y);
		return;
	}
	for (i = 0; i < w->osdata_list.n; i++)
		ui_radio_row(t, &b, y + i, _(osdata_items[i].label), i == w->osdata_list.sel, false);
	ui_para(&b, y + w->osdata_list.n + 1, _(osdata_items[w->osdata_list.sel].means),
		theme_attr(t, osdata_items[w->osdata_list.sel].where == LAYOUT_OSDATA_FLASH ? EL_ERROR : EL_EMPH));
}

/* Up/Down choose, Enter confirms (the disk choice opens the disk list),
 * F9 back. */
static void osdata_key(struct wiz *w, const struct ui_event *ev)
{
	struct ui_list *l = w->osdata_picking ? &w->osdata_disks : &w->osdata_list;
	enum layout_osdata where;

	if (ui_list_key(l, ev->key, l->n))
		return;
	switch (ev->key) {
	case UK_F9:
		if (w->osdata_picking)
			w->osdata_picking = false;
		else
			wiz_back(w);
		break;
	case UK_ENTER:
		if (w->osdata_picking) {
			const struct disk *d = osdata_nth(w, w->osdata_disks.sel);

			if (d)
				osdata_choose(w, LAYOUT_OSDATA_DISK, d);
			break;
		}
		where = osdata_items[w->osdata_list.sel].where;
		if (where == LAYOUT_OSDATA_DISK) {
			w->osdata_picking = true;
			w->osdata_disks.sel = w->osdata_disks.top = 0;
		} else {
			osdata_choose(w, where, NULL);
		}
		break;
	default:
		break;
	}
}

const struct scr_ops scr_osdata = {
	.name = "osdata",
	.enter = osdata_enter,
	.draw = osdata_draw,
	.key = osdata_key,
};
