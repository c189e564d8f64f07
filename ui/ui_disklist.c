/* ui_disklist.c - the disk list widget the install and image paths share:
 * the marker legend, column heads, Local and Remote groups, flash badges,
 * capacity, rows greyed by the screen's own rule, and its keys (arrows,
 * pages, F1 details). */
#include "config.h"

#include <stdio.h>

#include "nls.h"
#include "ui.h"

#define COL_DEVICE 60
#define COL_CAPACITY 10
/* The most disks the list shows (a machine's and the --disk files). */
#define DISK_ROWS_MAX 128

/* The disks in display order: local first, then remote. */
static size_t disklist_order(const struct wiz *w, size_t *order, size_t max)
{
	size_t i, n = 0;
	int pass;

	for (pass = 0; pass < 2; pass++)
		for (i = 0; i < w->disks.n && n < max; i++)
			if (w->disks.v[i].remote == (pass == 1))
				order[n++] = i;
	return n;
}

/* The disk row text as the list shows it (for F1 and other screens). */
void ui_disklist_row_name(const struct disk *d, char *buf, size_t size)
{
	char vm[256];

	snprintf(vm, sizeof(vm), "%s%s%s", d->vendor, d->vendor[0] && d->model[0] ? " " : "",
		 d->model);
	if (!vm[0])
		snprintf(vm, sizeof(vm), "%s", d->is_file ? _("Image file") : _("Unknown device"));
	snprintf(buf, size, "%s (%s)", vm, d->name);
}

/* The marker column: '@' upgradable, '*' VMFS, '#' vSAN. */
static char disklist_marker(const struct disk *d)
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
static void disklist_row(struct wiz *w, int y, int x, const struct disk *d, bool sel, bool usable)
{
	const struct tui *t = &w->tui;
	attr_t a = theme_attr(t, sel ? EL_SELECTED : usable ? EL_DIALOG : EL_DISABLED);
	char name[512], cap[32], mk[2] = { disklist_marker(d), 0 };
	const char *badge = d->transport == TR_USB ? " [USB]" : d->transport == TR_SD ? " [SD]" : "";
	int room = COL_DEVICE - 2 - ui_width(badge), used;

	attrset(a);
	mvhline(y, x, ' ', COL_DEVICE + 1 + COL_CAPACITY);
	ui_put(y, x, 1, mk, a);
	ui_disklist_row_name(d, name, sizeof(name));
	used = ui_put(y, x + 2, room, name, a);
	ui_put(y, x + 2 + used, COL_DEVICE - 2 - used, badge, a);
	disk_format_size(d->size, cap, sizeof(cap));
	ui_put(y, x + COL_DEVICE + 1 + COL_CAPACITY - ui_width(cap), COL_CAPACITY, cap, a);
}

/* The marker legend, the column heads and the disk list in Local and
 * Remote groups from line y to line end (exclusive), scrolled to keep the
 * chosen disk visible; rows usable() rejects are greyed. Returns the
 * list's left column. */
int ui_disklist_draw(struct wiz *w, const struct ui_box *b, int y, int end,
		     bool (*usable)(const struct wiz *w, const struct disk *d))
{
	const struct tui *t = &w->tui;
	size_t order[DISK_ROWS_MAX], n, i;
	const struct disk *cur = wiz_disk(w);
	int x, g, rows_left, skip, vis = 0, selrow = 0;
	bool any;

	n = disklist_order(w, order, N_ELEMS(order));
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
				disklist_row(w, y + vis++, x, d, d == cur, usable(w, d));
		}
		if (!any && skip-- <= 0 && vis < rows_left)
			ui_put(y + vis++, x + 2, COL_DEVICE, _("(none)"), theme_attr(t, EL_DISABLED));
	}
	return x;
}

/* Move the chosen disk by delta rows in display order. */
static void disklist_move(struct wiz *w, int delta)
{
	size_t order[DISK_ROWS_MAX], n, i;
	const struct disk *cur = wiz_disk(w);
	int at = 0;

	n = disklist_order(w, order, N_ELEMS(order));
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

/* F1: everything known about the highlighted disk. */
static void disklist_details(struct wiz *w, const struct disk *d)
{
	char msg[2048], cap[32], name[512];
	const char *yes = _("yes"), *no = _("no");

	disk_format_size(d->size, cap, sizeof(cap));
	ui_disklist_row_name(d, name, sizeof(name));
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

/* The keys every disk list shares: arrows, pages and F1 details. True
 * when the key was one of them. */
bool ui_disklist_key(struct wiz *w, const struct ui_event *ev)
{
	const struct disk *cur = wiz_disk(w);

	switch (ev->key) {
	case UK_UP: disklist_move(w, -1); return true;
	case UK_DOWN: disklist_move(w, 1); return true;
	case UK_PGUP: case UK_HOME: disklist_move(w, -1000); return true;
	case UK_PGDN: case UK_END: disklist_move(w, 1000); return true;
	case UK_F1:
		if (cur)
			disklist_details(w, cur);
		return true;
	default:
		return false;
	}
}
