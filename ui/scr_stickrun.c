/* scr_stickrun.c - runs mkstick_run for the chosen device and the
 * wizard's media. Its confirm callback shows the confirmation screen
 * (nested, with the device as the backend found it and what the stick
 * gets); then a gauge over the media's files. Esc asks, then stops
 * between files. A refusal before anything was written goes back to the
 * device list with the backend's message. */
#include "config.h"

#include <errno.h>
#include <stdio.h>
#include <string.h>

#include "logfile.h"
#include "nls.h"
#include "ui.h"

/* A fresh run: nothing confirmed, nothing reported. */
static void stickrun_enter(struct wiz *w)
{
	w->img_confirmed = false;
	w->img_started = false;
	w->cancel_asked = false;
	memset(&w->stick_prog, 0, sizeof(w->stick_prog));
}

/* Draw "checking" before the confirmation, the stage and gauge after. */
static void stickrun_draw(struct wiz *w)
{
	const struct tui *t = &w->tui;
	const struct mkstick_progress *p = &w->stick_prog;
	char buf[4400], name[512];
	struct ui_box b;
	int y;

	b = wiz_dialog(w, 13, 74, _("Making the Installer Stick"), NULL, 0);
	y = b.y;
	if (!w->img_confirmed) {
		ui_para(&b, y, _("Checking the media and the device..."), theme_attr(t, EL_DIALOG));
		return;
	}
	ui_disklist_row_name(&w->img_target, name, sizeof(name));
	snprintf(buf, sizeof(buf), _("Writing the installer of %s to %s."), w->img_stick.title, name);
	y += ui_para(&b, y, buf, theme_attr(t, EL_DIALOG)) + 1;
	ui_put(y, b.x, b.w, w->img_started ? mkstick_stage_name(p->stage) : "", theme_attr(t, EL_TITLE));
	y += 2;
	ui_gauge_bytes(t, y, b.x, b.w, p->done, p->total);
	ui_put(y + 3, b.x, b.w, _("Press Esc to stop."), theme_attr(t, EL_DISABLED));
}

/* Callback: everything is checked; ask on the confirmation screen. */
static bool stickrun_confirm(void *ctx, const struct mkstick_result *r)
{
	struct wiz *w = ctx;

	w->img_target = r->target;
	w->img_stick = *r;
	w->img_confirmed = false;
	wiz_nested(w, SCR_STICKCONFIRM);
	if (w->done)
		w->img_confirmed = false;
	if (w->img_confirmed) {
		wiz_redraw(w);
		refresh();
	}
	return w->img_confirmed;
}

/* Callback: progress. */
static void stickrun_progress(void *ctx, const struct mkstick_progress *p)
{
	struct wiz *w = ctx;

	w->img_started = true;
	w->stick_prog = *p;
	wiz_redraw(w);
	refresh();
}

/* Callback: stop? Esc asks; a quitting signal stops at once. */
static bool stickrun_cancelled(void *ctx)
{
	struct wiz *w = ctx;
	struct ui_event ev;

	if (w->cancel_asked || tui_quit_signal())
		return true;
	keymap_poll(&ev, 0);
	if (ev.key == UK_QUIT)
		return true;
	if (ev.key == UK_ESC && tui_big_enough() &&
	    wiz_ask(w, _("Stop Making the Stick?"),
		    _("Copying stops at once. The stick is then incomplete and does not boot."),
		    N_("Yes, stop")))
		w->cancel_asked = true;
	if (w->done)
		w->cancel_asked = true;
	return w->cancel_asked;
}

/* Run the backend, then show the result or the failure. */
static void stickrun_work(struct wiz *w)
{
	struct mkstick_cb cb = { stickrun_progress, stickrun_confirm, stickrun_cancelled, w };
	struct mkstick_opts mo = { .media = w->o->media, .device = w->disk_path };
	struct stoat_err e = { 0 };
	char line[800];
	int rc;

	if (w->o->log && logfile_open(w->o->log, &w->log, &e) < 0) {
		wiz_message(w, _("Installer Stick"), e.msg, true);
		wiz_back(w);
		return;
	}
	rc = mkstick_run(&mo, &cb, &w->img_stick, &e);
	if (rc == 0)
		snprintf(line, sizeof(line), _("mkstick complete: %s, kernelopt=%s"), w->disk_path,
			 w->img_stick.kernelopt);
	else
		snprintf(line, sizeof(line), _("mkstick failed: %s"), e.msg);
	logfile_line(w->log, line);
	logfile_close(w->log);
	w->log = NULL;
	if (w->done)
		return;
	if (rc == 0) {
		wiz_replace(w, SCR_STICKDONE);
	} else if (rc == -ECANCELED && !w->img_confirmed && !w->cancel_asked) {
		wiz_back(w);	/* F9 on the confirmation */
	} else if (w->img_confirmed || w->cancel_asked || tui_quit_signal()) {
		wiz_message(w, _("The Stick Was Not Made"), e.msg, true);
		wiz_exit(w, WIZARD_FAIL, e.msg);
	} else {
		wiz_message(w, _("The Stick Was Not Made"), e.msg, true);
		wiz_back(w);
	}
}

const struct scr_ops scr_stickrun = {
	.name = "stickrun",
	.enter = stickrun_enter,
	.draw = stickrun_draw,
	.work = stickrun_work,
	.own_esc = true,
};
