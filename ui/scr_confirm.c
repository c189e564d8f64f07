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
	if (plan_validate(p, e) < 0)
		return -e->code;
	return install_check(p, w->media, e);
}

/* Build and check the plan; a problem sends the operator back. */
static void confirm_enter(struct wiz *w)
{
	struct stoat_err e = { 0 };

	if (confirm_plan(w, &e) < 0) {
		wiz_message(w, _("Cannot Install"), e.msg, true);
		wiz_back(w);
	}
}

int layout_bar_draw(struct wiz *w, const struct ui_box *b, int y)
{
	const struct tui *t = &w->tui;
	const struct layout *l = &w->layout;
	unsigned sec = l->sector_size ? l->sector_size : 512;
	int cells[LAYOUT_MAX_PARTS], used = 0, x = b->x, i, col, rows;
	double total = 0;
	char txt[96], size[32];

	if (!l->n)
		return 0;
	for (i = 0; i < (int)l->n; i++)
		total += (double)(l->part[i].end - l->part[i].start + 1);
	/* Proportional widths, at least 2 cells so every number shows. */
	for (i = 0; i < (int)l->n; i++) {
		cells[i] = (int)((double)(l->part[i].end - l->part[i].start + 1) / total * b->w);
		if (cells[i] < 2)
			cells[i] = 2;
		used += cells[i];
	}
	while (used > b->w) {		/* take the excess from the widest */
		int wi = 0;

		for (i = 1; i < (int)l->n; i++)
			if (cells[i] > cells[wi])
				wi = i;
		cells[wi]--;
		used--;
	}
	for (i = 0; i < (int)l->n; i++) {
		attr_t a = theme_attr(t, i % 2 ? EL_FIELD : EL_GAUGE);

		if (i == (int)l->n - 1)
			cells[i] += b->w - used;
		attrset(a);
		mvhline(y, x, ' ', cells[i]);
		mvaddch(y, x, '|');
		snprintf(txt, sizeof(txt), "%u %s", l->part[i].num, layout_role_label(l->part[i].role));
		ui_put(y, x + 1, cells[i] - 1, txt, a);
		x += cells[i];
	}
	/* Legend in two columns: number, size, role. */
	rows = ((int)l->n + 1) / 2;
	for (i = 0; i < (int)l->n; i++) {
		disk_format_size((l->part[i].end - l->part[i].start + 1) * sec, size, sizeof(size));
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
	static const struct ui_hint hints[] = {
		{ UK_ESC, N_("Cancel"), false },
		{ UK_F9, N_("Back"), false },
		{ UK_F11, N_("Install"), false },
	};
	const struct tui *t = &w->tui;
	const struct disk *d = wiz_disk(w);
	char buf[1024], cap[32], vm[300];
	struct ui_box b;
	int y;

	if (!d)
		return;
	b = wiz_dialog(w, LINES - 2, 78, _("Confirm Install"), hints, N_ELEMS(hints));
	y = b.y;
	if (w->o->dry_run)
		y += ui_para(&b, y, _("Dry run: nothing will be written. F11 shows what the installation would do."),
			     theme_attr(t, EL_EMPH));
	else
		y += ui_para(&b, y, w->action == DA_PRESERVE
			     ? _("This disk will be repartitioned; everything on it except the VMFS datastore will be erased.")
			     : _("This disk will be repartitioned and everything on it will be erased."),
			     theme_attr(t, EL_EMPH));
	snprintf(vm, sizeof(vm), "%s%s%s", d->vendor, d->vendor[0] ? " " : "", d->model);
	disk_format_size(d->size, cap, sizeof(cap));
	snprintf(buf, sizeof(buf), _("Disk: %s"), vm[0] ? vm : d->name);
	ui_put(++y, b.x, b.w, buf, theme_attr(t, EL_TITLE));
	snprintf(buf, sizeof(buf), _("Path: %s   Size: %s   Transport: %s"), d->path, cap,
		 disk_transport_name(d->transport));
	ui_put(++y, b.x, b.w, buf, theme_attr(t, EL_DIALOG));
	y += 2;
	snprintf(buf, sizeof(buf), w->layout.flash ? _("Partition layout (%s, flash device):")
		 : _("Partition layout (%s):"), layout_profile_name(w->layout.profile));
	ui_put(y++, b.x, b.w, buf, theme_attr(t, EL_DIALOG));
	y += layout_bar_draw(w, &b, y) + 1;
	if (w->major >= 7)
		snprintf(buf, sizeof(buf), "%s", _("Legacy USB: not available for this media"));
	else if (w->legacy_usb)
		snprintf(buf, sizeof(buf), "%s", _("Legacy USB: On (boot option preferVmklinux=TRUE, kept by a first-boot script)"));
	else
		snprintf(buf, sizeof(buf), "%s", _("Legacy USB: Off"));
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
