/* scr_confirm.c - confirm the install: says what is written and what is
 * kept (the dry run's outline), names the disk exactly (vendor, model,
 * path, size, transport), draws the partition layout as a proportional
 * bar with a legend, lists the boot options (for an upgrade the host's,
 * which it keeps). F11 installs (onto a USB or SD device after offering
 * the probe, scr_probe.c; with --dry-run, shows the plan), F9 back, Esc
 * cancel. */
#include "config.h"

#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "install.h"
#include "nls.h"
#include "osdata.h"
#include "ui.h"
#include "upgrade.h"

/* Fill the plan from the answers; 0 or -errno with e filled. */
static int confirm_plan(struct wiz *w, struct stoat_err *e)
{
	const struct disk *d = wiz_disk(w);
	struct install_plan *p = &w->plan;
	struct bootopts bo;
	size_t i;

	if (!d)
		return err_set(e, ENODEV, _("no disk is selected"));
	snprintf(p->media_path, sizeof(p->media_path), "%s", w->o->media);
	p->target = *d;
	p->layout = w->layout;
	/* ESX-OSData's place (scr_osdata.c), its disk planned anew */
	osdata_forget(p);
	p->osdata = w->layout.flash ? w->osdata : LAYOUT_OSDATA_RAM;
	for (i = 0; p->osdata == LAYOUT_OSDATA_DISK && i < w->disks.n; i++)
		if (!strcmp(w->disks.v[i].path, w->osdata_path))
			break;
	if (p->osdata == LAYOUT_OSDATA_DISK &&
	    (i == w->disks.n || osdata_use_disk(p, &w->disks.v[i], w->o->media_size, e) < 0))
		return i == w->disks.n ? err_set(e, ENODEV, _("the disk chosen for ESX-OSData is gone; scan the disks again")) : -e->code;
	p->legacy_usb = w->legacy_usb && w->major < 7;
	p->preserve_vmfs = w->action == DA_PRESERVE;
	p->overwrite_vmfs = w->action == DA_OVERWRITE;
	p->dry_run = w->o->dry_run;
	p->allow_no_uefi = w->o->allow_no_uefi;
	p->no_boot_entry = w->o->no_boot_entry;
	snprintf(p->efi_dir, sizeof(p->efi_dir), "%s", w->o->efi_dir ? w->o->efi_dir : "");
	if (wiz_bootopts(w, &bo, e) < 0 || bootopts_apply(&bo, p, e) < 0)
		return -e->code;
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
	char buf[1024], cap[32], vm[300], what[1600], why[256] = "", opts[512];
	bool entry = false, legend;
	struct ui_box b, top;
	int y, gaps, rest;
	size_t i;

	if (!d)
		return;
	if (!w->plan.upgrade)
		entry = install_boot_entry(&w->plan, w->media, why, sizeof(why));
	/* below the summary: disk (2 lines), layout title, bar and legend,
	 * legacy USB, boot options, keyboard, and the firmware boot entry
	 * unless the summary already says UEFI boot is not set up (an
	 * upgrade: its boot options may take two lines, and no entry) */
	rest = 2 + 1 + ui_layoutbar_rows(&w->plan.layout) + 3 + (w->plan.upgrade || entry || why[0])
		+ (w->plan.nested_template ? 2 : 0);
	b = wiz_dialog(w, LINES - 2, 78, w->plan.upgrade ? _("Confirm Upgrade") : _("Confirm Install"), hints,
		       N_ELEMS(hints));
	if (w->o->dry_run)
		snprintf(what, sizeof(what), "%s",
			 _("Dry run: nothing will be written. F11 shows what the installation would do."));
	else
		install_summary(&w->plan, w->media, what, sizeof(what));
	/* the summary is what must be read: when it does not fit, the
	 * legend (the outline names the partitions too) makes room */
	legend = ui_wrap(what, b.w, NULL, 0) <= b.h - rest || ui_layoutbar_rows(&w->plan.layout) < 2;
	if (!legend)
		rest -= ui_layoutbar_rows(&w->plan.layout) - 1;
	/* The summary (with the boot paths not set up, when any) takes what
	 * the rest leaves; the blank lines between the parts go first. */
	top = b;
	top.h = b.h - rest > 1 ? b.h - rest : 1;
	y = b.y + ui_para(&top, b.y, what, theme_attr(t, EL_EMPH));
	if (y > top.y + top.h)
		y = top.y + top.h;
	gaps = b.y + b.h - y - rest;
	if (gaps-- > 0)
		y++;
	ui_disklist_row_name(d, vm, sizeof(vm));
	disk_format_size(d->size, cap, sizeof(cap));
	snprintf(buf, sizeof(buf), _("Disk: %s"), vm);
	ui_put(y++, b.x, b.w, buf, theme_attr(t, EL_TITLE));
	snprintf(buf, sizeof(buf), _("Size: %s   Transport: %s   Path: %s"), cap, disk_transport_name(d->transport),
		 d->path);
	ui_put(y++, b.x, b.w, buf, theme_attr(t, EL_DIALOG));
	if (gaps-- > 0)
		y++;
	if (w->plan.upgrade)
		snprintf(buf, sizeof(buf), "%s", _("Partition table (kept as it is):"));
	else
		snprintf(buf, sizeof(buf), w->layout.flash ? _("Partition layout (%s, flash device):")
			 : _("Partition layout (%s):"), layout_profile_name(w->layout.profile));
	ui_put(y++, b.x, b.w, buf, theme_attr(t, EL_DIALOG));
	/* the layout as planned: with an upgrade's kept partitions too */
	y += legend ? ui_layoutbar_draw(t, &w->plan.layout, &b, y) : ui_layoutbar_bar(t, &w->plan.layout, &b, y);
	if (gaps-- > 0)
		y++;
	if (w->major >= 7)
		snprintf(buf, sizeof(buf), "%s", _("Legacy USB: not available for this media"));
	else if (w->legacy_usb)
		snprintf(buf, sizeof(buf), "%s", _("Legacy USB: On (a first-boot script makes it permanent)"));
	else
		snprintf(buf, sizeof(buf), "%s", _("Legacy USB: Off"));
	ui_put(y++, b.x, b.w, buf, theme_attr(t, EL_DIALOG));
	if (w->plan.upgrade) {
		/* an upgrade keeps the host's settings: show those, not defaults */
		install_boot_options(&w->plan, w->media, opts, sizeof(opts));
		struct ui_box two = { .y = y, .x = b.x, .h = 2, .w = b.w };

		snprintf(buf, sizeof(buf), _("Boot options (the host's, kept): %s"), opts[0] ? opts : _("none"));
		y += ui_para(&two, y, buf, theme_attr(t, EL_DIALOG)) > 1 ? 2 : 1;
		ui_put(y++, b.x, b.w, _("Keyboard, root password and network: the host's own, kept"),
		       theme_attr(t, EL_DIALOG));
	} else {
		install_bootopts_line(&w->plan, w->media, what, sizeof(what));
		snprintf(buf, sizeof(buf), _("Boot options: %s"), what[0] ? what : _("none added"));
		ui_put(y++, b.x, b.w, buf, theme_attr(t, EL_DIALOG));
		for (i = 0; w->plan.nested_template && i < N_ELEMS(install_nested_lines); i++)
			ui_put(y++, b.x, b.w, _(install_nested_lines[i]), theme_attr(t, EL_DIALOG));
		snprintf(buf, sizeof(buf), _("Keyboard: %s"), w->plan.keyboard);
		ui_put(y++, b.x, b.w, buf, theme_attr(t, EL_DIALOG));
	}
	if (entry || why[0]) {
		if (entry)
			snprintf(buf, sizeof(buf), _("Firmware boot entry: \"%s\", first in the boot order"),
				 "VMware ESXi");
		else
			snprintf(buf, sizeof(buf), _("Firmware boot entry: none (%s)"), why);
		ui_put(y++, b.x, b.w, buf, theme_attr(t, EL_DIALOG));
	}
}

/* F11 installs (dry run: describes), F9 back. */
static void confirm_key(struct wiz *w, const struct ui_event *ev)
{
	struct stoat_err e = { 0 };

	if (ev->key == UK_F9) {
		wiz_back(w);
	} else if (ev->key == UK_F11) {
		if (!w->o->dry_run) {
			/* a USB or SD device: offer the probe first */
			w->probe_for = PF_INSTALL;
			wiz_go(w, wiz_probe_offered(w) && !w->plan.upgrade ? SCR_PROBE : SCR_PROGRESS);
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
