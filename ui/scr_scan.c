/* scr_scan.c - "scanning for devices": shown while disk_scan() runs, then
 * on to the disk list (or, for an image, the device list). A failed scan
 * shows the reason and leaves. */
#include "config.h"

#include <string.h>

#include "nls.h"
#include "ui.h"

/* Draw the short "please wait" dialog. */
static void scan_draw(struct wiz *w)
{
	struct ui_box b;

	b = wiz_dialog(w, 7, 60, _("Scanning"), NULL, 0);
	ui_para(&b, b.y, _("Scanning for available devices. This can take a few seconds."),
		theme_attr(&w->tui, EL_DIALOG));
}

/* Can the disk be chosen on the screen that follows? */
static bool scan_usable(const struct wiz *w, const struct disk *d)
{
	struct stoat_err e;

	return w->img ? imgdev_check(w, d, &e) == 0 : d->verdict == DISK_USABLE;
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

/* Scan the disks (again, for F5). */
static void scan_work(struct wiz *w)
{
	struct disk_scan_opts so;
	struct stoat_err e = { 0 };

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
		wiz_exit(w, EXIT_FAIL, e.msg);
		return;
	}
	w->scanned = true;
	scan_pick(w);
	wiz_replace(w, w->img ? SCR_IMGDEV : SCR_DISK);
}

const struct scr_ops scr_scan = {
	.name = "scan",
	.draw = scan_draw,
	.work = scan_work,
};
