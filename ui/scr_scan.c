/* scr_scan.c - "scanning for devices": shown while disk_scan() runs, then
 * on to the disk list (or, for an image, the device list; a network boot
 * tree, which writes to no device, goes on to its folder instead). A
 * failed scan shows the reason and leaves. When the legacy-USB toggle
 * changed (F3, or --legacy-usb at the start), the USB
 * disks change driver first (src/usbquirk.c) and the report goes under the
 * disk list. */
#include "config.h"

#include <stdlib.h>
#include <string.h>

#include "nls.h"
#include "ui.h"
#include "usbquirk.h"

/* How long to wait for moved USB disks to come back. */
#define USB_WAIT_MS 10000

/* Draw the short "please wait" dialog. */
static void scan_draw(struct wiz *w)
{
	const char *msg = _("Scanning for available devices. This can take a few seconds.");
	struct ui_box b;

	if (w->usb_live)
		msg = w->legacy_usb
			? _("Moving USB disks from uas to usb-storage, then scanning again. This can take a few seconds.")
			: _("Moving USB disks back to uas, then scanning again. This can take a few seconds.");
	b = wiz_dialog(w, 7, 60, w->usb_live ? _("Changing USB Drivers") : _("Scanning"), NULL, 0);
	ui_para(&b, b.y, msg, theme_attr(&w->tui, EL_DIALOG));
}

/* Move the USB disks to usb-storage (or back) and say what happened under
 * the disk list; the chosen disk is followed if it comes back renamed. */
static void scan_usb_live(struct wiz *w)
{
	const char *force = getenv("STOAT_TEST_USB_SKIP_BOT_CHECK");
	struct usbquirk_opts uo = {
		.media_path = w->o->media, .wait_ms = USB_WAIT_MS,
		.skip_bot_check = force && !strcmp(force, "1"),
	};
	struct usbquirk_result r;
	struct stoat_err e = { 0 };
	int rc;

	w->usb_live = false;
	rc = w->legacy_usb ? usbquirk_on(&uo, &r, &e) : usbquirk_off(&uo, &r, &e);
	if (rc < 0) {
		snprintf(w->disk_status, sizeof(w->disk_status), "%s", e.msg);
		return;
	}
	/* off with nothing to undo keeps the note about the installed system */
	if (w->legacy_usb || r.changed)
		snprintf(w->disk_status, sizeof(w->disk_status), "%s", r.msg);
	usbquirk_follow(&uo, &r, w->disk_path, sizeof(w->disk_path));
}

/* Can the disk be chosen on the screen that follows? */
static bool scan_usable(const struct wiz *w, const struct disk *d)
{
	struct stoat_err e;

	return w->img ? wiz_img_check(w, d, &e) == 0 : d->verdict == DISK_USABLE;
}

/* Pick the first usable disk when the remembered one is gone. */
static void scan_pick(struct wiz *w)
{
	size_t i;

	if (wiz_disk(w))
		return;
	w->disk_path[0] = '\0';
	for (i = 0; i < w->disks.n; i++)
		if (scan_usable(w, &w->disks.v[i])) {
			snprintf(w->disk_path, sizeof(w->disk_path), "%s", w->disks.v[i].path);
			return;
		}
	if (w->disks.n)
		snprintf(w->disk_path, sizeof(w->disk_path), "%s", w->disks.v[0].path);
}

/* A network boot tree needs no device: straight on to its folder. */
static void scan_enter(struct wiz *w)
{
	if (w->img == IMG_PXE)
		wiz_replace(w, SCR_PXEPATH);
}

/* Scan the disks (again, for F5), after the live USB change if one is due. */
static void scan_work(struct wiz *w)
{
	struct disk_scan_opts so;
	struct stoat_err e = { 0 };

	if (w->usb_live)
		scan_usb_live(w);
	memset(&so, 0, sizeof(so));
	so.only_listed = w->o->only_listed;
	so.specs = w->o->disks;
	so.n_specs = w->o->n_disks;
	so.media_path = w->o->media;
	if (w->img) {
		/* The image rules: any size will do, and only a flash target
		 * must not hold the install media (a backup only reads). */
		so.min_bytes = 1;
		if (w->img == IMG_BACKUP)
			so.media_path = NULL;
	}
	disk_list_free(&w->disks);
	if (disk_scan(&so, &w->disks, &e) < 0) {
		wiz_message(w, _("Scanning Failed"), e.msg, true);
		wiz_exit(w, WIZARD_FAIL, e.msg);
		return;
	}
	w->scanned = true;
	scan_pick(w);
	wiz_replace(w, w->img ? SCR_IMGDEV : SCR_DISK);
}

const struct scr_ops scr_scan = {
	.name = "scan",
	.enter = scan_enter,
	.draw = scan_draw,
	.work = scan_work,
};
