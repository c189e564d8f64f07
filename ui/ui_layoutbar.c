/* ui_layoutbar.c - a partition layout drawn as a proportional bar, one
 * cell a partition (and the free rest), with a two-column legend of
 * number, size and role under it. */
#include "config.h"

#include <stdio.h>

#include "lang.h"
#include "nls.h"
#include "ui.h"

/* Partition size as the legend shows it: "4.0 MiB", "2.50 GiB", with the
 * decimal mark of the language in use. */
static void layoutbar_size(uint64_t bytes, char *buf, size_t size)
{
	char num[64];
	bool gib = bytes >= (1ull << 30);

	lang_format_number((double)bytes / (double)(gib ? 1ull << 30 : 1ull << 20), gib ? 2 : 1, NULL,
			   num, sizeof(num));
	snprintf(buf, size, "%s %s", num, gib ? "GiB" : "MiB");
}

/* Cells of the bar: proportional to the whole disk, at least 2 each so
 * every partition number shows; cells[n] is the unpartitioned rest. */
static void layoutbar_cells(const struct layout *l, int width, int *cells)
{
	double total = (double)l->total_sectors;
	uint64_t used_sec = 0;
	int used = 0, i, n = (int)l->n;

	for (i = 0; i < n; i++)
		used_sec += l->part[i].end - l->part[i].start + 1;
	if (total < (double)used_sec)
		total = (double)used_sec;
	for (i = 0; i < n; i++) {
		cells[i] = (int)((double)(l->part[i].end - l->part[i].start + 1) / total * width);
		if (cells[i] < 2)
			cells[i] = 2;
		used += cells[i];
	}
	cells[n] = width - used;
	if (total - (double)used_sec < total / 100 || cells[n] < 0)
		cells[n] = 0;
	while (used + cells[n] > width) {	/* take from the widest */
		int wi = 0;

		for (i = 1; i < n; i++)
			if (cells[i] > cells[wi])
				wi = i;
		cells[wi]--;
		used--;
	}
	if (!cells[n])		/* no free space shown: last partition fills */
		cells[n - 1] += width - used;
}

/* Lines ui_layoutbar_draw takes for layout l: the bar and the legend's
 * rows (two columns), 0 for an empty layout. */
int ui_layoutbar_rows(const struct layout *l)
{
	return l->n ? 1 + ((int)l->n + 1) / 2 : 0;
}

/* Draw layout l as a bar across the box's width on line y; returns the
 * lines used (1, or 0 for an empty layout). */
int ui_layoutbar_bar(const struct tui *t, const struct layout *l, const struct ui_box *b, int y)
{
	int cells[LAYOUT_MAX_PARTS + 1], x = b->x, i, n = (int)l->n;
	char txt[96];

	if (!n)
		return 0;
	layoutbar_cells(l, b->w, cells);
	for (i = 0; i <= n; i++) {
		attr_t a = theme_attr(t, i == n ? EL_DIALOG : i % 2 ? EL_FIELD : EL_GAUGE);

		if (!cells[i])
			continue;
		attrset(a);
		mvhline(y, x, ' ', cells[i]);
		mvaddch(y, x, '|');
		if (i < n)
			snprintf(txt, sizeof(txt), "%u %s", l->part[i].num,
				 layout_role_label(l->part[i].role));
		else
			snprintf(txt, sizeof(txt), "%s", _("(free)"));
		ui_put(y, x + 1, cells[i] - 1, txt, a);
		x += cells[i];
	}
	return 1;
}

/* Draw layout l as a bar across the box's width on line y with its legend
 * below; returns the lines used (ui_layoutbar_rows). */
int ui_layoutbar_draw(const struct tui *t, const struct layout *l, const struct ui_box *b, int y)
{
	unsigned sec = l->sector_size ? l->sector_size : 512;
	int i, col, rows = ui_layoutbar_rows(l) - 1, n = (int)l->n;
	char txt[96], size[32];

	if (!ui_layoutbar_bar(t, l, b, y))
		return 0;
	/* Legend in two columns: number, size, role. */
	for (i = 0; i < n; i++) {
		layoutbar_size((l->part[i].end - l->part[i].start + 1) * sec, size, sizeof(size));
		snprintf(txt, sizeof(txt), "%u  %10s  %s", l->part[i].num, size,
			 layout_role_label(l->part[i].role));
		col = i < rows ? 0 : b->w / 2;
		ui_put(y + 1 + i % rows, b->x + col, b->w / 2 - 1, txt, theme_attr(t, EL_DIALOG));
	}
	return 1 + rows;
}
