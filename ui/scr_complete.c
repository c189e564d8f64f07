/* scr_complete.c - the end: remove the installation media (highlighted),
 * Enter reboots; in --demo, --no-reboot or --dry-run Enter leaves with 0.
 * After a dry run it shows what would have been written. */
#include "config.h"

#include <stdio.h>

#include "media.h"
#include "nls.h"
#include "ui.h"

/* True when Enter leaves instead of rebooting. */
static bool done_no_reboot(const struct wiz *w)
{
	return w->o->demo || w->o->no_reboot || w->o->dry_run;
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

/* Draw the success message. */
static void done_draw(struct wiz *w)
{
	static const struct ui_hint reboot_hints[] = { { UK_ENTER, N_("Reboot"), false } };
	static const struct ui_hint exit_hints[] = { { UK_ENTER, N_("Exit"), false } };
	const struct tui *t = &w->tui;
	char buf[512], name[512];
	const struct disk *d = wiz_disk(w);
	struct ui_box b;
	int y;

	if (w->dry_text) {
		done_draw_dry(w);
		return;
	}
	b = wiz_dialog(w, 12, 70, w->plan.upgrade ? _("Upgrade Complete") : _("Installation Complete"),
		       done_no_reboot(w) ? exit_hints : reboot_hints, 1);
	y = b.y;
	if (d) {
		ui_disklist_row_name(d, name, sizeof(name));
		if (w->plan.upgrade)
			snprintf(buf, sizeof(buf), _("ESXi on %s was upgraded to %s; it starts the new version at the next boot, and keeps its configuration and datastore."),
				 name, media_title(w->media) ? media_title(w->media) : "ESXi");
		else
			snprintf(buf, sizeof(buf), _("%s was installed on %s."),
				 media_title(w->media) ? media_title(w->media) : "ESXi", name);
		y += ui_para(&b, y, buf, theme_attr(t, EL_DIALOG)) + 1;
	}
	y += ui_para(&b, y, _("Remove the installation media before rebooting."),
		     theme_attr(t, EL_EMPH)) + 1;
	ui_para(&b, y, done_no_reboot(w)
		? _("Press Enter to leave the installer; this machine will not be rebooted.")
		: _("Press Enter to reboot the machine."), theme_attr(t, EL_DIALOG));
}

/* Enter leaves or reboots; arrows scroll the dry-run text. */
static void done_key(struct wiz *w, const struct ui_event *ev)
{
	if (w->dry_text && ui_pager_key(&w->pager, ev->key))
		return;
	if (ev->key != UK_ENTER)
		return;
	if (!done_no_reboot(w))
		w->reboot = true;
	wiz_exit(w, WIZARD_OK, "");
}

const struct scr_ops scr_complete = {
	.name = "complete",
	.draw = done_draw,
	.key = done_key,
};
