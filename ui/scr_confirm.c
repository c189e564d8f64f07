/* scr_confirm.c - confirm the install: names the disk exactly (vendor,
 * model, path, size, transport), draws the partition layout as a
 * proportional bar with a legend, lists the boot options. F11 installs
 * (or, with --dry-run, shows the plan), F9 back, Esc cancel. */
#include "config.h"

#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "install.h"
#include "nls.h"
#include "ui.h"
#include "upgrade.h"

/* Fill the plan from the answers; 0 or -errno with e filled. */
static int confirm_plan(struct wiz *w, struct stoat_err *e)
{
	const struct disk *d = wiz_disk(w);
	struct install_plan *p = &w->plan;

	if (!d)
		return err_set(e, ENODEV, _("no disk is selected"));
	snprintf(p->media_path, sizeof(p->media_path), "%s", w->o->media);
	p->target = *d;
	p->layout = w->layout;
	p->legacy_usb = w->legacy_usb && w->major < 7;
	p->preserve_vmfs = w->action == DA_PRESERVE;
	p->overwrite_vmfs = w->action == DA_OVERWRITE;
	p->dry_run = w->o->dry_run;
	p->upgrade = false;
	memset(&p->up, 0, sizeof(p->up));
	if (w->action == DA_UPGRADE && upgrade_plan(p, w->media, e) < 0)
		return -e->code;
	if (p->preserve_vmfs && plan_keep_vmfs(p, e) < 0)
		return -e->code;
	if (plan_validate(p, e) < 0)
		return -e->code;
	return install_check(p, w->media, e);
}

/* Build and check the plan; a problem sends the operator back. */
static void confirm_enter(struct wiz *w)
{
	struct stoat_err e = { 0 };

	if (confirm_plan(w, &e) < 0) {
		wiz_message(w, w->action == DA_UPGRADE ? _("Cannot Upgrade") : _("Cannot Install"), e.msg, true);
		wiz_back(w);
	}
}

/* Partition size as the legend shows it: "4.0 MiB", "2.50 GiB". */
static void confirm_size(uint64_t bytes, char *buf, size_t size)
{
	if (bytes < (1ull << 30))
		snprintf(buf, size, _("%.1f MiB"), (double)bytes / (1 << 20));
	else
		snprintf(buf, size, _("%.2f GiB"), (double)bytes / (1 << 30));
}

/* Cells of the bar: proportional to the whole disk, at least 2 each so
 * every partition number shows; cells[n] is the unpartitioned rest. */
static void bar_cells(const struct layout *l, int width, int *cells)
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

/* scr_confirm.c: draw the layout as a proportional bar with a legend. */
int layout_bar_draw(struct wiz *w, const struct ui_box *b, int y)
{
	const struct tui *t = &w->tui;
	const struct layout *l = &w->plan.layout;	/* as planned: kept parts too */
	unsigned sec = l->sector_size ? l->sector_size : 512;
	int cells[LAYOUT_MAX_PARTS + 1], x = b->x, i, col, rows, n = (int)l->n;
	char txt[96], size[32];

	if (!n)
		return 0;
	bar_cells(l, b->w, cells);
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
	/* Legend in two columns: number, size, role. */
	rows = (n + 1) / 2;
	for (i = 0; i < n; i++) {
		confirm_size((l->part[i].end - l->part[i].start + 1) * sec, size, sizeof(size));
		snprintf(txt, sizeof(txt), "%u  %10s  %s", l->part[i].num, size,
			 layout_role_label(l->part[i].role));
		col = i < rows ? 0 : b->w / 2;
		ui_put(y + 1 + i % rows, b->x + col, b->w / 2 - 1, txt, theme_attr(t, EL_DIALOG));
	}
	return 1 + rows;
}

/* Draw the summary. */
static void confirm_draw(struct wiz *w)
{
	const struct ui_hint hints[] = {
		{ UK_ESC, N_("Cancel"), false },
		{ UK_F9, N_("Back"), false },
		{ UK_F11, w->o->dry_run ? N_("Show the plan") : w->plan.upgrade ? N_("Upgrade") : N_("Install"), false },
	};
	const struct tui *t = &w->tui;
	const struct disk *d = wiz_disk(w);
	char buf[1024], cap[32], vm[300], what[600];
	struct ui_box b;
	int y;

	if (!d)
		return;
	b = wiz_dialog(w, LINES - 2, 78, w->plan.upgrade ? _("Confirm Upgrade") : _("Confirm Install"), hints,
		       N_ELEMS(hints));
	y = b.y;
	if (w->o->dry_run)
		y += ui_para(&b, y, _("Dry run: nothing will be written. F11 shows what the installation would do."),
			     theme_attr(t, EL_EMPH));
	else {
		install_summary(&w->plan, w->media, what, sizeof(what));
		y += ui_para(&b, y, what, theme_attr(t, EL_EMPH));
	}
	ui_disklist_row_name(d, vm, sizeof(vm));
	disk_format_size(d->size, cap, sizeof(cap));
	snprintf(buf, sizeof(buf), _("Disk: %s"), vm);
	ui_put(++y, b.x, b.w, buf, theme_attr(t, EL_TITLE));
	snprintf(buf, sizeof(buf), _("Path: %s"), d->path);
	ui_put(++y, b.x, b.w, buf, theme_attr(t, EL_DIALOG));
	snprintf(buf, sizeof(buf), _("Size: %s   Transport: %s"), cap, disk_transport_name(d->transport));
	ui_put(++y, b.x, b.w, buf, theme_attr(t, EL_DIALOG));
	y += 2;
	if (w->plan.upgrade)
		snprintf(buf, sizeof(buf), "%s", _("Partition table (kept as it is):"));
	else
		snprintf(buf, sizeof(buf), w->layout.flash ? _("Partition layout (%s, flash device):")
			 : _("Partition layout (%s):"), layout_profile_name(w->layout.profile));
	ui_put(y++, b.x, b.w, buf, theme_attr(t, EL_DIALOG));
	y += layout_bar_draw(w, &b, y) + 1;
	if (w->major >= 7)
		snprintf(buf, sizeof(buf), "%s", _("Legacy USB: not available for this media"));
	else if (w->legacy_usb)
		snprintf(buf, sizeof(buf), "%s", _("Legacy USB: On (a first-boot script makes it permanent)"));
	else
		snprintf(buf, sizeof(buf), "%s", _("Legacy USB: Off"));
	ui_put(y++, b.x, b.w, buf, theme_attr(t, EL_DIALOG));
	snprintf(buf, sizeof(buf), _("Boot options: %s"),
		 w->legacy_usb && w->major < 7 ? "preferVmklinux=TRUE" : _("none added"));
	ui_put(y++, b.x, b.w, buf, theme_attr(t, EL_DIALOG));
	snprintf(buf, sizeof(buf), _("Keyboard: %s"), w->plan.keyboard);
	ui_put(y++, b.x, b.w, buf, theme_attr(t, EL_DIALOG));
}

/* F11 installs (dry run: describes), F9 back. */
static void confirm_key(struct wiz *w, const struct ui_event *ev)
{
	struct stoat_err e = { 0 };

	if (ev->key == UK_F9) {
		wiz_back(w);
	} else if (ev->key == UK_F11) {
		if (!w->o->dry_run) {
			wiz_go(w, SCR_PROGRESS);
			return;
		}
		free(w->dry_text);
		w->dry_text = install_describe(&w->plan, w->media, &e);
		if (!w->dry_text)
			wiz_message(w, _("Cannot Describe the Installation"), e.msg, true);
		else
			wiz_go(w, SCR_COMPLETE);
	}
}

const struct scr_ops scr_confirm = {
	.name = "confirm",
	.enter = confirm_enter,
	.draw = confirm_draw,
	.key = confirm_key,
};
