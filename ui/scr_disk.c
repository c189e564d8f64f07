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

#define COL_DEVICE 60
#define COL_CAPACITY 10
/* The most disks the list shows (a machine's and the --disk files). */
#define DISK_ROWS_MAX 128

/* The disks in display order: local first, then remote. */
static size_t disk_order(const struct wiz *w, size_t *order, size_t max)
{
	size_t i, n = 0;
	int pass;

	for (pass = 0; pass < 2; pass++)
		for (i = 0; i < w->disks.n && n < max; i++)
			if (w->disks.v[i].remote == (pass == 1))
				order[n++] = i;
	return n;
}

/* scr_disk.c: the disk row text as the list shows it (for F1 and tests). */
void disk_row_name(const struct disk *d, char *buf, size_t size)
{
	char vm[256];

	snprintf(vm, sizeof(vm), "%s%s%s", d->vendor, d->vendor[0] && d->model[0] ? " " : "",
		 d->model);
	if (!vm[0])
		snprintf(vm, sizeof(vm), "%s", d->is_file ? _("Image file") : _("Unknown device"));
	snprintf(buf, size, "%s (%s)", vm, d->name);
}

/* The marker column: '@' upgradable, '*' VMFS, '#' vSAN. */
static char disk_marker(const struct disk *d)
{
	if (d->upgradable)
		return '@';
	if (d->has_vmfs)
		return '*';
	if (d->has_vsan)
		return '#';
	return ' ';
}

/* Draw one disk row: marker, name with badge (60 wide), capacity (10). */
static void disk_row(struct wiz *w, int y, int x, const struct disk *d, bool sel, bool usable)
{
	const struct tui *t = &w->tui;
	attr_t a = theme_attr(t, sel ? EL_SELECTED : usable ? EL_DIALOG : EL_DISABLED);
	char name[512], cap[32], mk[2] = { disk_marker(d), 0 };
	const char *badge = d->transport == TR_USB ? " [USB]" : d->transport == TR_SD ? " [SD]" : "";
	int room = COL_DEVICE - 2 - ui_width(badge), used;

	attrset(a);
	mvhline(y, x, ' ', COL_DEVICE + 1 + COL_CAPACITY);
	ui_put(y, x, 1, mk, a);
	disk_row_name(d, name, sizeof(name));
	used = ui_put(y, x + 2, room, name, a);
	ui_put(y, x + 2 + used, COL_DEVICE - 2 - used, badge, a);
	disk_format_size(d->size, cap, sizeof(cap));
	ui_put(y, x + COL_DEVICE + 1 + COL_CAPACITY - ui_width(cap), COL_CAPACITY, cap, a);
}

/* scr_disk.c: the marker legend, the column heads and the disk list in
 * Local and Remote groups from line y to line end (exclusive), scrolled
 * to keep the chosen disk visible; rows usable() rejects are greyed.
 * Returns the list's left column. */
int disk_list_draw(struct wiz *w, const struct ui_box *b, int y, int end,
		   bool (*usable)(const struct wiz *w, const struct disk *d))
{
	const struct tui *t = &w->tui;
	size_t order[DISK_ROWS_MAX], n, i;
	const struct disk *cur = wiz_disk(w);
	int x, g, rows_left, skip, vis = 0, selrow = 0;
	bool any;

	n = disk_order(w, order, N_ELEMS(order));
	x = b->x + (b->w - (COL_DEVICE + 1 + COL_CAPACITY)) / 2;
	ui_put(y, x, b->w - (x - b->x), _("* holds a VMFS datastore   # claimed by vSAN   @ holds an ESXi boot bank"),
	       theme_attr(t, EL_DIALOG));
	y += 2;
	ui_put(y, x, COL_DEVICE, _("Storage Device"), theme_attr(t, EL_TITLE));
	ui_put(y, x + COL_DEVICE + 1 + COL_CAPACITY - ui_width(_("Capacity")), COL_CAPACITY,
	       _("Capacity"), theme_attr(t, EL_TITLE));
	attrset(theme_attr(t, EL_BORDER));
	mvhline(y + 1, x, ACS_HLINE, COL_DEVICE + 1 + COL_CAPACITY);
	y += 2;
	/* Rows: group headings, "(none)", disks; scrolled to keep the
	 * selection visible. */
	rows_left = end - y;
	for (i = 0; i < n; i++)
		if (cur && &w->disks.v[order[i]] == cur)
			selrow = (int)i + 1 + (w->disks.v[order[i]].remote ? 2 : 0);
	skip = selrow >= rows_left ? selrow - rows_left + 1 : 0;
	for (g = 0; g < 2; g++) {
		if (skip-- <= 0 && vis < rows_left) {
			ui_put(y + vis++, x, COL_DEVICE, g ? _("Remote:") : _("Local:"), theme_attr(t, EL_TITLE));
		}
		any = false;
		for (i = 0; i < n; i++) {
			const struct disk *d = &w->disks.v[order[i]];

			if (d->remote != (g == 1))
				continue;
			any = true;
			if (skip-- <= 0 && vis < rows_left)
				disk_row(w, y + vis++, x, d, d == cur, usable(w, d));
		}
		if (!any && skip-- <= 0 && vis < rows_left)
			ui_put(y + vis++, x + 2, COL_DEVICE, _("(none)"), theme_attr(t, EL_DISABLED));
	}
	return x;
}

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
	x = disk_list_draw(w, &b, b.y, b.y + b.h - 3, disk_install_usable);
	/* Under the list: why the highlighted disk cannot be used, or a note. */
	y = b.y + b.h - 2;
	g = b.w - (x - b.x);
	if (cur && cur->verdict != DISK_USABLE)
		ui_put(y, x, g, cur->reason[0] ? cur->reason : _("This disk cannot be used."),
		       theme_attr(t, EL_ERROR));
	else if (w->disk_status[0])
		ui_put(y, x, g, w->disk_status, theme_attr(t, EL_EMPH));
	else if (cur && disk_is_flash(cur))
		ui_put(y, x, g, _("Flash devices get the flash layout: no scratch or datastore."),
		       theme_attr(t, EL_DIALOG));
}

/* scr_disk.c: move the chosen disk by delta rows in display order. */
void disk_list_move(struct wiz *w, int delta)
{
	size_t order[DISK_ROWS_MAX], n, i;
	const struct disk *cur = wiz_disk(w);
	int at = 0;

	n = disk_order(w, order, N_ELEMS(order));
	if (!n)
		return;
	for (i = 0; i < n; i++)
		if (&w->disks.v[order[i]] == cur)
			at = (int)i;
	at += delta;
	if (at < 0)
		at = 0;
	if (at >= (int)n)
		at = (int)n - 1;
	snprintf(w->disk_path, sizeof(w->disk_path), "%s", w->disks.v[order[at]].path);
	w->disk_status[0] = '\0';
}

/* scr_disk.c: F1, everything known about the highlighted disk. */
void disk_details(struct wiz *w, const struct disk *d)
{
	char msg[2048], cap[32], name[512];
	const char *yes = _("yes"), *no = _("no");

	disk_format_size(d->size, cap, sizeof(cap));
	disk_row_name(d, name, sizeof(name));
	snprintf(msg, sizeof(msg),
		 _("Vendor: %s\nModel: %s\nFull name: %s\nSerial: %s\nInterface: %s (%s)\nCapacity: %s (%llu bytes)\nPath: %s\nESXi found: %s\nSSD: %s\nDatastores: %s\nStatus: %s"),
		 d->vendor[0] ? d->vendor : "-", d->model[0] ? d->model : "-", name,
		 d->serial[0] ? d->serial : "-", disk_transport_name(d->transport),
		 d->driver[0] ? d->driver : "-", cap, (unsigned long long)d->size, d->path,
		 d->has_esxi ? yes : no, d->rotational ? no : yes,
		 d->has_vmfs ? _("a VMFS datastore") : _("none"),
		 d->verdict == DISK_USABLE ? _("can be used") : d->reason);
	wiz_message(w, _("Disk Details"), msg, false);
}

/* Enter: plan the layout for the chosen disk and go on. */
static void disk_choose(struct wiz *w, const struct disk *d)
{
	struct layout_opts lo = { .novmfsondisk = w->o->novmfsondisk,
				  .media_size = w->o->media_size };
	enum layout_profile prof = w->o->layout;
	struct stoat_err e = { 0 };

	if (d->verdict != DISK_USABLE) {
		wiz_message(w, _("Disk Cannot Be Used"),
			    d->reason[0] ? d->reason : _("This disk cannot be used."), true);
		return;
	}
	if (prof == LAYOUT_AUTO)
		prof = layout_profile_for_version(media_version(w->media));
	if (layout_plan(d->size, d->lsec ? d->lsec : 512, disk_is_flash(d), prof, &lo,
			&w->layout, &e) < 0) {
		wiz_message(w, _("Disk Cannot Be Used"), e.msg, true);
		return;
	}
	wiz_go(w, SCR_DISKACTION);
}

/* The keys every disk list shares: arrows, pages and F1 details. True
 * when the key was one of them. */
bool disk_list_key(struct wiz *w, const struct ui_event *ev)
{
	const struct disk *cur = wiz_disk(w);

	switch (ev->key) {
	case UK_UP: disk_list_move(w, -1); return true;
	case UK_DOWN: disk_list_move(w, 1); return true;
	case UK_PGUP: case UK_HOME: disk_list_move(w, -1000); return true;
	case UK_PGDN: case UK_END: disk_list_move(w, 1000); return true;
	case UK_F1:
		if (cur)
			disk_details(w, cur);
		return true;
	default:
		return false;
	}
}

/* Keys of the disk list. */
static void disk_key(struct wiz *w, const struct ui_event *ev)
{
	const struct disk *cur = wiz_disk(w);

	if (disk_list_key(w, ev))
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
			if (scan_usb_live_applies(w)) {
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
