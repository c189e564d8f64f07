/* scr_complete.c - the end: what was written and what was kept (the dry
 * run's outline), then where the disk starts. Enter reboots only when the
 * target is a disk this machine starts from (install_boots_where); for an
 * image file, a loop device or a USB stick or SD card (prepared for
 * another host, so the text says to move it) Enter leaves, as it does in
 * --demo, --no-reboot and --dry-run. Esc leaves without rebooting: the
 * install is done, there is nothing left to cancel. The dialog grows to
 * its text. After a dry run it shows what would have been written. */
#include "config.h"

#include <stdio.h>
#include <stdlib.h>

#include "install.h"
#include "media.h"
#include "nls.h"
#include "ui.h"

#define DONE_PARAS 5

/* True when Enter reboots: a real run onto a disk this machine starts from. */
static bool done_reboots(const struct wiz *w)
{
	return !w->o->demo && !w->o->no_reboot && !w->o->dry_run &&
	       install_boots_where(&w->plan) == BOOTS_HERE;
}

/* Draw the dry-run plan in a pager. */
static void done_draw_dry(struct wiz *w)
{
	static const struct ui_hint hints[] = { { UK_ENTER, N_("Exit"), false } };
	const struct tui *t = &w->tui;
	struct ui_box b, text;

	b = wiz_dialog(w, LINES - 2, 78, _("Dry Run Complete"), hints, N_ELEMS(hints));
	ui_put(b.y, b.x, b.w, _("Nothing was written. The installation would do this:"),
	       theme_attr(t, EL_EMPH));
	text = (struct ui_box){ .y = b.y + 2, .x = b.x, .h = b.h - 2, .w = b.w };
	ui_pager_draw(t, &w->pager, w->dry_text, &text);
}

/* The sentence saying where the installed disk starts, into buf. */
static void done_where(const struct wiz *w, const char *path, char *buf, size_t size)
{
	switch (install_boots_where(&w->plan)) {
	case BOOTS_STICK:
		snprintf(buf, size, "%s", _("Move the USB stick or SD card to the host it was prepared for: this machine is not set to start from it."));
		break;
	case BOOTS_IMAGE:
		snprintf(buf, size, _("%s is an image file: write it to a disk or stick (stoat flash), or start a virtual machine from it."),
			 path);
		break;
	case BOOTS_LOOP:
		snprintf(buf, size, _("%s is a loop device: write its backing file to a disk or stick (stoat flash), or start a virtual machine from it."),
			 path);
		break;
	default:
		snprintf(buf, size, "%s", _("Remove the installation media before rebooting."));
		break;
	}
}

/* Draw the success message: what was done, the outline, where the disk
 * starts, what Enter does; the dialog as tall as that needs. */
static void done_draw(struct wiz *w)
{
	static const struct ui_hint reboot_hints[] = { { UK_ENTER, N_("Reboot"), false } };
	static const struct ui_hint exit_hints[] = { { UK_ENTER, N_("Exit"), false } };
	const struct ui_hint *hints = done_reboots(w) ? reboot_hints : exit_hints;
	const struct tui *t = &w->tui;
	const struct disk *d = wiz_disk(w);
	const char *title = media_title(w->media) ? media_title(w->media) : "ESXi";
	char what[512], where[512], name[512];
	const char *para[DONE_PARAS];
	char *outline = NULL;
	int n = 0, i, h, y, wd = 76;
	struct ui_box b;

	if (w->dry_text) {
		done_draw_dry(w);
		return;
	}
	if (d) {
		ui_disklist_row_name(d, name, sizeof(name));
		if (w->plan.upgrade)
			snprintf(what, sizeof(what), _("ESXi on %s was upgraded to %s; it starts the new version at the next boot, and keeps its configuration and datastore."),
				 name, title);
		else
			snprintf(what, sizeof(what), _("%s was installed on %s."), title, name);
		para[n++] = what;
		outline = install_outline(&w->plan);
		if (outline && outline[0])
			para[n++] = outline;
		done_where(w, d->path, where, sizeof(where));
		para[n++] = where;
	}
	para[n++] = done_reboots(w) ? _("Press Enter to reboot the machine.")
		: _("Press Enter to leave the installer; this machine will not be rebooted.");
	/* the frame, a blank line above the text, the paragraphs with a blank
	 * line between them, a blank line and the key bar */
	h = 3 + 1 + ui_keybar_rows(hints, 1, wd - 4);
	for (i = 0; i < n; i++)
		h += ui_wrap(para[i], wd - 4, NULL, 0) + (i ? 1 : 0);
	b = wiz_dialog(w, h + 1, wd, w->plan.upgrade ? _("Upgrade Complete") : _("Installation Complete"),
		       hints, 1);
	y = b.y;
	for (i = 0; i < n; i++) {
		attr_t a = theme_attr(t, para[i] == where ? EL_EMPH : EL_DIALOG);

		y += ui_para(&b, y, para[i], a) + 1;
	}
	free(outline);
}

/* Enter leaves or reboots, Esc leaves; arrows scroll the dry-run text. */
static void done_key(struct wiz *w, const struct ui_event *ev)
{
	if (w->dry_text && ui_pager_key(&w->pager, ev->key))
		return;
	if (ev->key != UK_ENTER && ev->key != UK_ESC)
		return;
	if (ev->key == UK_ENTER && done_reboots(w))
		w->reboot = true;
	wiz_exit(w, WIZARD_OK, "");
}

const struct scr_ops scr_complete = {
	.name = "complete",
	.draw = done_draw,
	.key = done_key,
	.own_esc = true,
};
