/* scr_imgdev.c - choose the device to write an image to, or to back up:
 * the disk list of the install path (groups, markers, badges, F1 details,
 * F5 rescan), with the rows greyed by the backend's image rules, so a
 * mounted device cannot be backed up and the running system's disk never
 * written. */
#include "config.h"

#include <stdio.h>
#include <string.h>

#include "nls.h"
#include "ui.h"

/* The row rule for the shared disk list. */
static bool imgdev_usable(const struct wiz *w, const struct disk *d)
{
	struct stoat_err e;

	return wiz_img_check(w, d, &e) == 0;
}

/* Draw the device list with a note on the highlighted device. */
static void imgdev_draw(struct wiz *w)
{
	static const struct ui_hint hints[] = {
		{ UK_ESC, N_("Cancel"), false },
		{ UK_F1, N_("Details"), false },
		{ UK_F5, N_("Refresh"), false },
		{ UK_F9, N_("Back"), false },
		{ UK_ENTER, N_("Continue"), false },
	};
	const struct tui *t = &w->tui;
	const struct disk *cur = wiz_disk(w);
	struct stoat_err e = { 0 };
	struct ui_box b;
	int x, y, room;

	b = wiz_dialog(w, LINES - 2, 78, w->img == IMG_FLASH ? _("Select the Device to Write the Image To")
		       : w->img == IMG_STICK ? _("Select the Device for the Installer Stick")
		       : _("Select the Device to Back Up"), hints, N_ELEMS(hints));
	x = ui_disklist_draw(w, &b, b.y, b.y + b.h - 3, imgdev_usable);
	y = b.y + b.h - 2;
	room = b.w - (x - b.x);
	if (!cur)
		return;
	if (wiz_img_check(w, cur, &e) < 0)
		ui_put(y, x, room, cur->reason[0] ? cur->reason : e.msg, theme_attr(t, EL_ERROR));
	else if (w->img == IMG_FLASH)
		ui_put(y, x, room, _("Everything on this device will be replaced by the image."),
		       theme_attr(t, EL_EMPH));
	else if (w->img == IMG_STICK)
		ui_put(y, x, room, _("Everything on this device will be replaced by the installer."),
		       theme_attr(t, EL_EMPH));
	else
		ui_put(y, x, room, _("This device is only read; nothing on it is changed."),
		       theme_attr(t, EL_DIALOG));
}

/* Enter: a device the backend would refuse is refused here with its
 * message; a usable one goes on to the image file. */
static void imgdev_choose(struct wiz *w, const struct disk *d)
{
	struct stoat_err e = { 0 };

	if (wiz_img_check(w, d, &e) < 0) {
		wiz_message(w, _("Device Cannot Be Used"), e.msg, true);
		return;
	}
	wiz_go(w, w->img == IMG_STICK ? SCR_STICKRUN : SCR_IMGPATH);
}

/* Keys of the device list. */
static void imgdev_key(struct wiz *w, const struct ui_event *ev)
{
	const struct disk *cur = wiz_disk(w);

	if (ui_disklist_key(w, ev))
		return;
	switch (ev->key) {
	case UK_F5:
		wiz_replace(w, SCR_SCAN);
		break;
	case UK_F9:
		wiz_back(w);
		break;
	case UK_ENTER:
		if (cur)
			imgdev_choose(w, cur);
		else
			wiz_message(w, _("No Device"), _("No device was found. Attach one and press F5 to scan again."), true);
		break;
	default:
		break;
	}
}

const struct scr_ops scr_imgdev = {
	.name = "imgdev",
	.draw = imgdev_draw,
	.key = imgdev_key,
};
