/* scr_disk.c - select a disk: Local and Remote groups, markers, flash
 * badges, unusable disks greyed with their reason, F1 details, F5 rescan,
 * F3 the legacy-USB toggle (for the installed system, and live through the
 * scan screen). */
#include "config.h"

#include <stdio.h>
#include <string.h>

#include "layout.h"
#include "media.h"
#include "nls.h"
#include "ui.h"

/* The install path's rule: the scan's verdict. */
static bool disk_install_usable(const struct wiz *w, const struct disk *d)
{
	(void)w;
	return d->verdict == DISK_USABLE;
}

/* Draw the disk selection dialog. */
static void disk_draw(struct wiz *w)
{
	const struct tui *t = &w->tui;
	struct ui_hint hints[] = {
		{ UK_ESC, N_("Cancel"), false },
		{ UK_F1, N_("Details"), false },
		{ UK_F3, w->legacy_usb ? N_("Legacy USB: On") : N_("Legacy USB: Off"), w->major >= 7 },
		{ UK_F5, N_("Refresh"), false },
		{ UK_ENTER, N_("Continue"), false },
	};
	const struct disk *cur = wiz_disk(w);
	struct ui_box b;
	int y, x, g;

	b = wiz_dialog(w, LINES - 2, 78, _("Select a Disk to Install or Upgrade"), hints, N_ELEMS(hints));
	x = ui_disklist_draw(w, &b, b.y, b.y + b.h - 3, disk_install_usable, false);
	/* Under the list: why the highlighted disk cannot be used, or a
	 * note; then what the legacy-USB toggle did, whatever the highlight. */
	y = b.y + b.h - 2;
	g = b.w - (x - b.x);
	if (cur && cur->verdict != DISK_USABLE)
		ui_put(y, x, g, cur->reason[0] ? cur->reason : _("This disk cannot be used."),
		       theme_attr(t, EL_ERROR));
	else if (cur && disk_is_flash(cur))
		ui_put(y, x, g, _("Flash devices get the flash layout: no scratch or datastore."),
		       theme_attr(t, EL_DIALOG));
	if (w->disk_status[0])
		ui_put(y + 1, x, g, w->disk_status, theme_attr(t, EL_EMPH));
}

/* Enter: plan the layout for the chosen disk, check that the media fits
 * it and go on. */
static void disk_choose(struct wiz *w, const struct disk *d)
{
	struct layout_opts lo = { .novmfsondisk = w->o->novmfsondisk,
				  .media_size = w->o->media_size };
	enum layout_profile prof = w->o->layout;
	struct stoat_err e = { 0 };
	struct bootopts bo;

	if (d->verdict != DISK_USABLE) {
		wiz_message(w, _("Disk Cannot Be Used"),
			    d->reason[0] ? d->reason : _("This disk cannot be used."), true);
		return;
	}
	if (prof == LAYOUT_AUTO)
		prof = layout_profile_for_version(media_version(w->media));
	if (wiz_bootopts(w, &bo, &e) < 0) {
		wiz_message(w, _("Boot Options"), e.msg, true);
		return;
	}
	bootopts_layout(&bo, &lo);
	lo.osdata = w->osdata;
	if (layout_plan(d->size, d->lsec ? d->lsec : 512, disk_is_flash(d), prof, &lo,
			&w->layout, &e) < 0) {
		wiz_message(w, _("Disk Cannot Be Used"), e.msg, true);
		return;
	}
	/* A fresh install's fit is checked here; a disk that may be upgraded
	 * is checked once Install or Upgrade is chosen (the upgrade keeps p1
	 * and needs no UEFI boot loader from the media). */
	if (!d->upgradable && !wiz_install_fits(w, d))
		return;
	/* 7.x on flash: first ask where ESX-OSData goes */
	wiz_go(w, w->layout.flash && prof == LAYOUT_ESXI7 ? SCR_OSDATA : SCR_DISKACTION);
}

/* Keys of the disk list. */
static void disk_key(struct wiz *w, const struct ui_event *ev)
{
	const struct disk *cur = wiz_disk(w);

	if (ui_disklist_key(w, ev, false, disk_install_usable))
		return;
	switch (ev->key) {
	case UK_F3:
		if (w->major >= 7) {
			snprintf(w->disk_status, sizeof(w->disk_status), "%s",
				 _("Legacy USB is not available: ESXi 7 and later have no such drivers."));
		} else {
			w->legacy_usb = !w->legacy_usb;
			snprintf(w->disk_status, sizeof(w->disk_status), "%s", w->legacy_usb
				 ? _("Legacy USB on: the installed system will use the older USB drivers.")
				 : _("Legacy USB off: the installed system will use the default USB drivers."));
			/* and here and now: USB disks change driver, then a rescan */
			if (wiz_usb_live_applies(w)) {
				w->usb_live = true;
				wiz_replace(w, SCR_SCAN);
			}
		}
		break;
	case UK_F5:
		w->disk_status[0] = '\0';
		wiz_replace(w, SCR_SCAN);
		break;
	case UK_ENTER:
		if (cur)
			disk_choose(w, cur);
		else
			wiz_message(w, _("No Disk"), _("No disk was found to install to. Attach one and press F5 to scan again."), true);
		break;
	default:
		break;
	}
}

const struct scr_ops scr_disk = {
	.name = "disk",
	.draw = disk_draw,
	.key = disk_key,
};
