/* scr_diskaction.c - the chosen disk already holds something: with ESXi or
 * VMFS, choose upgrade / install keeping VMFS / install overwriting VMFS;
 * with any other data, confirm that it will be overwritten. Skipped for
 * empty disks. */
#include "config.h"

#include <stdio.h>

#include "nls.h"
#include "ui.h"
#include "upgrade.h"

static const struct ui_hint action_hints[] = {
	{ UK_ESC, N_("Cancel"), false },
	{ UK_F9, N_("Back"), false },
	{ UK_ENTER, N_("Continue"), false },
};

struct action_item {
	enum disk_action action;
	const char *label;
};

static const struct action_item action_items[] = {
	{ DA_UPGRADE, N_("Upgrade ESXi, keeping the VMFS datastore") },
	{ DA_PRESERVE, N_("Install ESXi, keeping the VMFS datastore") },
	{ DA_OVERWRITE, N_("Install ESXi, overwriting the VMFS datastore") },
};

/* Why an item cannot be chosen for this disk, or NULL. */
static const char *action_unavailable(const struct wiz *w, const struct disk *d,
				      enum disk_action a)
{
	if (a == DA_UPGRADE && !d->upgradable)
		return _("No ESXi installation that can be upgraded was found on this disk.");
	if (a == DA_PRESERVE && !d->has_vmfs)
		return _("This disk holds no VMFS datastore to keep.");
	if (a == DA_PRESERVE && w->layout.flash)
		return _("Flash devices get no datastore, so there is nothing to keep.");
	return NULL;
}

/* True when the disk holds ESXi or VMFS (the three-way choice). */
static bool action_esxi(const struct disk *d)
{
	return d->has_esxi || d->has_vmfs || d->upgradable;
}

/* Skip the screen for an empty disk; start on the first usable item. */
static void action_enter(struct wiz *w)
{
	const struct disk *d = wiz_disk(w);
	int i;

	if (!d || (!d->has_data && !action_esxi(d))) {
		w->action = DA_INSTALL;
		wiz_replace(w, SCR_KEYBOARD);
		return;
	}
	w->action_list.n = (int)N_ELEMS(action_items);
	if (w->action_list.sel == 0)
		for (i = 0; i < w->action_list.n; i++)
			if (!action_unavailable(w, d, action_items[i].action)) {
				w->action_list.sel = i;
				break;
			}
}

/* Draw either the three-way choice or the overwrite confirmation. */
static void action_draw(struct wiz *w)
{
	const struct tui *t = &w->tui;
	const struct disk *d = wiz_disk(w);
	char name[512], buf[1024];
	struct ui_box b;
	const char *why;
	int y, i;

	if (!d)
		return;
	ui_disklist_row_name(d, name, sizeof(name));
	if (!action_esxi(d)) {
		b = wiz_dialog(w, 11, 70, _("Confirm Disk Overwrite"), action_hints, N_ELEMS(action_hints));
		snprintf(buf, sizeof(buf), _("The disk %s already holds data: a partition table or a file system."), name);
		y = b.y + ui_para(&b, b.y, buf, theme_attr(t, EL_DIALOG)) + 1;
		ui_para(&b, y, _("Everything on it will be overwritten. Press Enter to continue, or F9 to choose another disk."),
			theme_attr(t, EL_EMPH));
		return;
	}
	b = wiz_dialog(w, 15, 74, _("ESXi and/or VMFS Found"), action_hints, N_ELEMS(action_hints));
	snprintf(buf, sizeof(buf), _("The disk %s holds an ESXi installation and/or a VMFS datastore. What should be done with it?"), name);
	y = b.y + ui_para(&b, b.y, buf, theme_attr(t, EL_DIALOG)) + 1;
	for (i = 0; i < w->action_list.n; i++)
		ui_radio_row(t, &b, y + i, _(action_items[i].label), i == w->action_list.sel,
			     action_unavailable(w, d, action_items[i].action) != NULL);
	why = action_unavailable(w, d, action_items[w->action_list.sel].action);
	if (why)
		ui_para(&b, y + w->action_list.n + 1, why, theme_attr(t, EL_ERROR));
}

/* Up/Down choose, Enter confirms, F9 back. */
static void action_key(struct wiz *w, const struct ui_event *ev)
{
	const struct disk *d = wiz_disk(w);

	if (!d)
		return;
	if (action_esxi(d) && ui_list_key(&w->action_list, ev->key, w->action_list.n))
		return;
	switch (ev->key) {
	case UK_F9:
		wiz_back(w);
		break;
	case UK_ENTER:
		if (!action_esxi(d)) {
			w->action = DA_INSTALL;
		} else {
			enum disk_action a = action_items[w->action_list.sel].action;

			if (action_unavailable(w, d, a))
				return;
			w->action = a;
			if (a == DA_UPGRADE) {
				struct stoat_err e = { 0 };

				/* Read the installation now, so a refusal (other
				 * layout, bootbank too small) shows here. */
				w->plan.target = *d;
				if (upgrade_plan(&w->plan, w->media, &e) < 0) {
					w->plan.upgrade = false;
					wiz_message(w, _("Cannot Upgrade"), e.msg, true);
					return;
				}
				/* The host keeps its keyboard and password. */
				wiz_go(w, SCR_SYSSCAN);
				return;
			}
			/* an install onto a disk that could have been
			 * upgraded: its fit was not checked on the list */
			if (!wiz_install_fits(w, d))
				return;
		}
		wiz_go(w, SCR_KEYBOARD);
		break;
	default:
		break;
	}
}

const struct scr_ops scr_diskaction = {
	.name = "diskaction",
	.enter = action_enter,
	.draw = action_draw,
	.key = action_key,
};
