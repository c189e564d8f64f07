/* scr_imgdev.c - choose the device to write an image to, or to back up:
 * the disk list of the install path (groups, markers, badges, F1 details,
 * F5 rescan), with the rows greyed by the backend's image rules, so a
 * mounted device cannot be backed up and the running system's disk never
 * written. Writing, Space marks several devices to write at once; Enter
 * then goes on with the marked ones. */
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

/* The scanned disk at path, or NULL. */
static const struct disk *imgdev_find(const struct wiz *w, const char *path)
{
	size_t i;

	for (i = 0; i < w->disks.n; i++)
		if (!strcmp(w->disks.v[i].path, path))
			return &w->disks.v[i];
	return NULL;
}

/* Arrival: marks only while writing an image, and only of disks still
 * there after a rescan. */
static void imgdev_enter(struct wiz *w)
{
	unsigned i, n = 0;

	for (i = 0; i < w->img_n_marked && w->img == IMG_FLASH; i++)
		if (imgdev_find(w, w->img_marked[i]))
			memmove(w->img_marked[n++], w->img_marked[i], sizeof(w->img_marked[0]));
	w->img_n_marked = n;
}

/* Draw the device list with a note on the highlighted device. */
static void imgdev_draw(struct wiz *w)
{
	const struct ui_hint hints[] = {
		{ UK_ESC, N_("Cancel"), false },
		{ UK_F1, N_("Details"), false },
		{ UK_F5, N_("Refresh"), false },
		{ UK_F9, N_("Back"), false },
		{ UK_CHAR, N_("Mark"), false },
		{ UK_ENTER, N_("Continue"), false },
	};
	const struct tui *t = &w->tui;
	const struct disk *cur = wiz_disk(w);
	bool mark = w->img == IMG_FLASH;
	struct stoat_err e = { 0 };
	char buf[256];
	struct ui_box b;
	int x, y, room;

	/* the hints but Space when marking is off; Enter stays last */
	struct ui_hint shown[N_ELEMS(hints)];
	size_t i, n = 0;

	for (i = 0; i < N_ELEMS(hints); i++)
		if (mark || hints[i].key != UK_CHAR)
			shown[n++] = hints[i];
	b = wiz_dialog(w, LINES - 2, 78, w->img == IMG_FLASH ? _("Select the Device to Write the Image To")
		       : w->img == IMG_STICK ? _("Select the Device for the Installer Stick")
		       : _("Select the Device to Back Up"), shown, n);
	x = ui_disklist_draw(w, &b, b.y, b.y + b.h - 3, imgdev_usable, mark);
	y = b.y + b.h - 2;
	room = b.w - (x - b.x);
	if (!cur)
		return;
	if (mark && w->img_n_marked && wiz_img_check(w, cur, &e) == 0) {
		snprintf(buf, sizeof(buf), P_("%u device marked: Enter writes the image to it.",
					      "%u devices marked: Enter writes the image to all of them.",
					      w->img_n_marked), w->img_n_marked);
		ui_put(y, x, room, buf, theme_attr(t, EL_EMPH));
	} else if (wiz_img_check(w, cur, &e) < 0)
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
	w->img_n = 1;
	wiz_go(w, w->img == IMG_STICK ? SCR_STICKRUN : SCR_IMGPATH);
}

/* Enter with devices marked: each must still pass the checks; one marked
 * device is written as the highlighted one would be. */
static void imgdev_choose_marked(struct wiz *w)
{
	struct stoat_err e = { 0 };
	char msg[800];
	unsigned i;

	for (i = 0; i < w->img_n_marked; i++) {
		const struct disk *d = imgdev_find(w, w->img_marked[i]);

		if (d && wiz_img_check(w, d, &e) == 0)
			continue;
		snprintf(msg, sizeof(msg), "%s: %s", w->img_marked[i],
			 d ? e.msg : _("it is no longer there; press F5 to scan again."));
		wiz_message(w, _("Device Cannot Be Used"), msg, true);
		return;
	}
	snprintf(w->disk_path, sizeof(w->disk_path), "%s", w->img_marked[0]);
	w->img_n = w->img_n_marked;
	wiz_go(w, SCR_IMGPATH);
}

/* Keys of the device list. */
static void imgdev_key(struct wiz *w, const struct ui_event *ev)
{
	const struct disk *cur = wiz_disk(w);
	struct stoat_err e = { 0 };

	if (ui_disklist_key(w, ev, w->img == IMG_FLASH, imgdev_usable))
		return;
	switch (ev->key) {
	case UK_CHAR:
		/* Space on a device that cannot be written: say why */
		if (w->img == IMG_FLASH && ev->ch == L' ' && cur && wiz_img_check(w, cur, &e) < 0)
			wiz_message(w, _("Device Cannot Be Used"), e.msg, true);
		break;
	case UK_F5:
		wiz_replace(w, SCR_SCAN);
		break;
	case UK_F9:
		wiz_back(w);
		break;
	case UK_ENTER:
		if (w->img == IMG_FLASH && w->img_n_marked)
			imgdev_choose_marked(w);
		else if (cur)
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
	.enter = imgdev_enter,
	.draw = imgdev_draw,
	.key = imgdev_key,
};
