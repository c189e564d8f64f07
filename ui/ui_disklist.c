/* ui_disklist.c - the disk list widget the install and image paths share:
 * the marker legend, column heads, Local and Remote groups, flash badges,
 * capacity, rows greyed by the screen's own rule, and its keys (arrows,
 * pages, F1 details, and from there F2 the read-only probe). A screen may
 * turn on marking: Space marks several disks, "[x]" on their rows. */
#include "config.h"

#include <stdio.h>
#include <string.h>

#include "nls.h"
#include "ui.h"

#define COL_DEVICE 60
#define COL_CAPACITY 10
/* The most disks the list shows (a machine's and the --disk files). */
#define DISK_ROWS_MAX 128
/* The most columns of a backing file in a disk's name (so the name and
 * its label fit one line of the details). */
#define ROW_FILE_MAX 36
/* The text width of a message dialog (wiz_message), for F1's lines. */
#define DETAILS_WIDTH 60

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

/* The disk row text as the list shows it (for F1 and other screens): the
 * vendor and model, a loop device's backing file (its end, when long), or
 * what it is. */
void ui_disklist_row_name(const struct disk *d, char *buf, size_t size)
{
	char vm[256];

	snprintf(vm, sizeof(vm), "%s%s%s", d->vendor, d->vendor[0] && d->model[0] ? " " : "",
		 d->model);
	if (!vm[0] && d->backing_file[0]) {
		ui_fit_left(d->backing_file, ROW_FILE_MAX, vm, sizeof(vm));
		snprintf(buf, size, "%s (%s)", vm, d->name);
		return;
	}
	if (!vm[0])
		snprintf(vm, sizeof(vm), "%s", d->is_file ? _("Image file") : _("Unknown device"));
	snprintf(buf, size, "%s (%s)", vm, d->name);
}

/* The row text cut to room columns: a backing file loses the start of its
 * path, so the file name and the device name stay. */
static void disklist_row_text(const struct disk *d, int room, char *buf, size_t size)
{
	char tail[80], file[512];

	ui_disklist_row_name(d, buf, size);
	if (ui_width(buf) <= room || !d->backing_file[0] || d->vendor[0] || d->model[0])
		return;
	snprintf(tail, sizeof(tail), " (%s)", d->name);
	ui_fit_left(d->backing_file, room - ui_width(tail), file, sizeof(file));
	snprintf(buf, size, "%s%s", file, tail);
}

/* The marker column: every marker the disk has, in the legend's order:
 * '*' VMFS, '#' vSAN, '@' an ESXi boot bank to upgrade. */
static void disklist_markers(const struct disk *d, char *buf)
{
	size_t n = 0;

	if (d->has_vmfs)
		buf[n++] = '*';
	if (d->has_vsan)
		buf[n++] = '#';
	if (d->upgradable)
		buf[n++] = '@';
	buf[n] = '\0';
}

/* Draw one disk row: markers, name with badge (60 wide) after box (the
 * mark, "[x] ", or ""), capacity (10). One marker sits in the marker
 * column; more reach left into the margin (never left of minx). */
static void disklist_row(struct wiz *w, int y, int x, int minx, const struct disk *d, bool sel,
			 bool usable, const char *box)
{
	const struct tui *t = &w->tui;
	attr_t a = theme_attr(t, sel ? EL_SELECTED : usable ? EL_DIALOG : EL_DISABLED);
	char name[512], cap[32], mk[4];
	const char *badge = d->transport == TR_USB ? " [USB]" : d->transport == TR_SD ? " [SD]" : "";
	int room = COL_DEVICE - 2 - ui_width(badge) - ui_width(box), used, m, fit;

	attrset(a);
	mvhline(y, x, ' ', COL_DEVICE + 1 + COL_CAPACITY);
	disklist_markers(d, mk);
	m = (int)strlen(mk);
	fit = x + 1 - minx < m ? x + 1 - minx : m;
	if (fit > 0)
		ui_put(y, x + 1 - fit, fit, mk + (m - fit), a);
	disklist_row_text(d, room, name, sizeof(name));
	used = ui_put(y, x + 2, COL_DEVICE - 2, box, a);
	used += ui_put(y, x + 2 + used, room, name, a);
	ui_put(y, x + 2 + used, COL_DEVICE - 2 - used, badge, a);
	disk_format_size(d->size, cap, sizeof(cap));
	ui_put(y, x + COL_DEVICE + 1 + COL_CAPACITY - ui_width(cap), COL_CAPACITY, cap, a);
}

/* One line of the list: a group heading, a disk, or "(none)". */
struct disklist_line {
	const struct disk *d;	/* NULL for a heading or "(none)" */
	const char *text;	/* the heading or "(none)" */
	bool heading;
};

/* The lines of the list in Local and Remote groups; returns the count and
 * the line of the chosen disk in *sel. */
static int disklist_lines(const struct wiz *w, struct disklist_line *v, int *sel)
{
	size_t order[DISK_ROWS_MAX], n, i;
	const struct disk *cur = wiz_disk(w);
	int g, k = 0;
	bool any;

	n = disklist_order(w, order, N_ELEMS(order));
	*sel = 0;
	for (g = 0; g < 2; g++) {
		v[k++] = (struct disklist_line){ NULL, g ? _("Remote:") : _("Local:"), true };
		any = false;
		for (i = 0; i < n; i++) {
			const struct disk *d = &w->disks.v[order[i]];

			if (d->remote != (g == 1))
				continue;
			any = true;
			if (d == cur)
				*sel = k;
			v[k++] = (struct disklist_line){ d, NULL, false };
		}
		if (!any)
			v[k++] = (struct disklist_line){ NULL, _("(none)"), false };
	}
	return k;
}

/* The first line shown of total lines in a window of rows lines that keeps
 * line sel in view, with *up and *down telling whether a "more" line
 * takes the window's first or last line. */
static int disklist_window(int total, int rows, int sel, bool *up, bool *down)
{
	*up = *down = false;
	if (total <= rows || rows < 3)
		return 0;
	if (sel < rows - 1) {
		*down = true;
		return 0;
	}
	*up = true;
	if (sel >= total - (rows - 1))
		return total - (rows - 1);
	*down = true;
	return sel - (rows - 2) + 1;
}

/* A "more" line: an arrow and how many disks lie beyond it. */
static void disklist_more(const struct tui *t, int y, int x, chtype arrow, bool above, int disks)
{
	char buf[128] = "";

	if (disks > 0)
		snprintf(buf, sizeof(buf),
			 above ? P_("%d more disk above", "%d more disks above", (unsigned long)disks)
			       : P_("%d more disk below", "%d more disks below", (unsigned long)disks),
			 disks);
	attrset(theme_attr(t, EL_EMPH));
	mvaddch(y, x, arrow);
	ui_put(y, x + 2, COL_DEVICE, buf, theme_attr(t, EL_EMPH));
}

/* The disks among lines [from, to). */
static int disklist_count(const struct disklist_line *v, int from, int to)
{
	int i, n = 0;

	for (i = from; i < to; i++)
		n += v[i].d != NULL;
	return n;
}

/* The marker legend, the column heads and the disk list in Local and
 * Remote groups from line y to line end (exclusive), scrolled to keep the
 * chosen disk visible, with a "more" line where disks are out of view;
 * rows usable() rejects are greyed. Returns the list's left column. */
int ui_disklist_draw(struct wiz *w, const struct ui_box *b, int y, int end,
		     bool (*usable)(const struct wiz *w, const struct disk *d), bool mark)
{
	const struct tui *t = &w->tui;
	struct disklist_line v[DISK_ROWS_MAX + 4];
	const struct disk *cur = wiz_disk(w);
	int x, i, total, sel, top, rows, vis = 0;
	bool up, down;

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
	rows = end - y;
	total = disklist_lines(w, v, &sel);
	top = disklist_window(total, rows, sel, &up, &down);
	if (up)
		disklist_more(t, y + vis++, x, ACS_UARROW, true, disklist_count(v, 0, top));
	for (i = top; i < total && vis < rows - (down ? 1 : 0); i++, vis++) {
		if (v[i].d) {
			bool ok = usable(w, v[i].d);
			const char *box = !mark || !w->img_n_marked ? ""
				: ui_disklist_marked(w, v[i].d) ? "[x] " : ok ? "[ ] " : "    ";

			disklist_row(w, y + vis, x, b->x, v[i].d, v[i].d == cur, ok, box);
		} else {
			ui_put(y + vis, v[i].heading ? x : x + 2, COL_DEVICE, v[i].text,
			       theme_attr(t, v[i].heading ? EL_TITLE : EL_DISABLED));
		}
	}
	if (down)
		disklist_more(t, y + vis, x, ACS_DARROW, false, disklist_count(v, i, total));
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
}

/* Add a line to the text in buf, when there is room. */
static void disklist_add_line(char *buf, size_t size, const char *s)
{
	size_t len = strlen(buf);

	if (len + 1 < size)
		snprintf(buf + len, size - len, "\n%s", s);
}

/* F1: everything known about the highlighted disk; a loop device's
 * backing file and the status each on a line of their own, whole
 * sentences. A device (not an image file) offers F2, the read-only
 * probe (scr_probe.c). */
static void disklist_details(struct wiz *w, const struct disk *d)
{
	static const struct ui_hint hints[] = {
		{ UK_F2, N_("Probe (read only)"), false },
		{ UK_ENTER, N_("OK"), false },
	};
	char msg[2048], line[512], file[256], cap[32], name[512];
	const char *yes = _("yes"), *no = _("no");

	disk_format_size(d->size, cap, sizeof(cap));
	ui_disklist_row_name(d, name, sizeof(name));
	snprintf(msg, sizeof(msg),
		 _("Vendor: %s\nModel: %s\nFull name: %s\nSerial: %s\nInterface: %s (%s)\nCapacity: %s (%llu bytes)\nPath: %s\nESXi found: %s\nSSD: %s\nDatastores: %s"),
		 d->vendor[0] ? d->vendor : "-", d->model[0] ? d->model : "-", name,
		 d->serial[0] ? d->serial : "-", disk_transport_name(d->transport),
		 d->driver[0] ? d->driver : "-", cap, (unsigned long long)d->size, d->path,
		 d->has_esxi ? yes : no, d->rotational ? no : yes,
		 d->has_vmfs ? _("a VMFS datastore") : _("none"));
	if (d->backing_file[0]) {
		/* on one line: the path loses its start when long */
		snprintf(line, sizeof(line), _("Backing file: %s"), "");
		ui_fit_left(d->backing_file, DETAILS_WIDTH - ui_width(line), file, sizeof(file));
		snprintf(line, sizeof(line), _("Backing file: %s"), file);
		disklist_add_line(msg, sizeof(msg), line);
	}
	if (d->verdict == DISK_USABLE) {
		disklist_add_line(msg, sizeof(msg), _("Status: it can be used."));
	} else {
		disklist_add_line(msg, sizeof(msg), _("Status: it cannot be used."));
		disklist_add_line(msg, sizeof(msg), d->reason[0] ? d->reason : _("This disk cannot be used."));
	}
	if (d->is_file) {
		wiz_message(w, _("Disk Details"), msg, false);
		return;
	}
	if (wiz_message_keys(w, _("Disk Details"), msg, hints, N_ELEMS(hints)) == UK_F2) {
		w->probe_for = PF_DETAILS;
		wiz_go(w, SCR_PROBE);
	}
}

/* Whether disk d is marked (w->img_marked). */
bool ui_disklist_marked(const struct wiz *w, const struct disk *d)
{
	unsigned i;

	for (i = 0; i < w->img_n_marked; i++)
		if (!strcmp(w->img_marked[i], d->path))
			return true;
	return false;
}

/* Space: unmark a marked disk, mark a usable one (up to IMAGE_MULTI_MAX).
 * False for an unusable disk, which the screen explains. */
static bool disklist_toggle(struct wiz *w, const struct disk *d,
			    bool (*usable)(const struct wiz *w, const struct disk *d))
{
	char msg[256];
	unsigned i;

	for (i = 0; i < w->img_n_marked; i++) {
		if (strcmp(w->img_marked[i], d->path))
			continue;
		memmove(w->img_marked[i], w->img_marked[i + 1],
			(w->img_n_marked - i - 1) * sizeof(w->img_marked[0]));
		w->img_n_marked--;
		return true;
	}
	if (!usable(w, d))
		return false;
	if (w->img_n_marked >= IMAGE_MULTI_MAX) {
		snprintf(msg, sizeof(msg), _("At most %u devices can be written at once."), IMAGE_MULTI_MAX);
		wiz_message(w, _("Too Many Devices"), msg, true);
		return true;
	}
	snprintf(w->img_marked[w->img_n_marked++], sizeof(w->img_marked[0]), "%s", d->path);
	return true;
}

/* The keys every disk list shares: arrows, pages and F1 details, and with
 * mark, Space to mark or unmark the highlighted disk. True when the key
 * was one of them. */
bool ui_disklist_key(struct wiz *w, const struct ui_event *ev, bool mark,
		     bool (*usable)(const struct wiz *w, const struct disk *d))
{
	const struct disk *cur = wiz_disk(w);

	if (mark && cur && ev->key == UK_CHAR && ev->ch == L' ')
		return disklist_toggle(w, cur, usable);

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
