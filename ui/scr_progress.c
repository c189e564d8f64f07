/* scr_progress.c - runs the executor: gauge, current step, MB/s and the
 * time left at that speed. Esc asks, a quitting signal stops at once;
 * either way the executor stops safely before the next step. --log gets
 * the plan, each step and one line for the end. */
#include "config.h"

#include <stdio.h>
#include <stdlib.h>
#include <time.h>

#include "install.h"
#include "logfile.h"
#include "nls.h"
#include "ui.h"
#include "lang.h"

/* Seconds on the monotonic clock. */
static double prog_now(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	return (double)ts.tv_sec + (double)ts.tv_nsec / 1e9;
}

/* Draw the gauge dialog. */
static void prog_draw(struct wiz *w)
{
	const struct tui *t = &w->tui;
	char buf[256], name[512];
	const struct disk *d = wiz_disk(w);
	double frac = w->total_bytes ? (double)w->done_bytes / (double)w->total_bytes : 0;
	struct ui_box b;
	int y;

	b = wiz_dialog(w, 13, 72, w->plan.upgrade ? _("Upgrading") : _("Installing"), NULL, 0);
	y = b.y;
	if (d) {
		ui_disklist_row_name(d, name, sizeof(name));
		snprintf(buf, sizeof(buf), w->plan.upgrade ? _("Upgrading ESXi on %s.") : _("Installing on %s."), name);
		ui_put(y, b.x, b.w, buf, theme_attr(t, EL_DIALOG));
	}
	y += 2;
	ui_put(y, b.x, b.w, install_step_name(&w->plan, (enum install_stage)w->stage), theme_attr(t, EL_TITLE));
	y += 2;
	ui_gauge(t, y, b.x, b.w, frac);
	y += 1;
	if (w->rate > 0 && w->done_bytes && w->total_bytes > w->done_bytes) {
		/* time left at the speed measured since the start */
		double left = (double)(w->total_bytes - w->done_bytes) / w->rate;

		snprintf(buf, sizeof(buf), _("%3.0f%% done, %s MB/s, %d:%02d left"), frac * 100,
			 lang_num(w->rate / 1e6, 1).s,
			 (int)left / 60, (int)left % 60);
	} else {
		snprintf(buf, sizeof(buf), _("%3.0f%% done, %s MB/s"), frac * 100, lang_num(w->rate / 1e6, 1).s);
	}
	ui_put(y, b.x, b.w, buf, theme_attr(t, EL_DIALOG));
	ui_put(y + 2, b.x, b.w, w->log_line, theme_attr(t, EL_DISABLED));
	ui_put(y + 3, b.x, b.w, _("Press Esc to stop the installation."), theme_attr(t, EL_DISABLED));
}

/* Redraw now. */
static void prog_show(struct wiz *w)
{
	wiz_redraw(w);
	refresh();
}

/* Callback: a stage starts. */
static void prog_stage(void *ctx, enum install_stage st)
{
	struct wiz *w = ctx;

	w->stage = (int)st;
	/* the end is logged once, by prog_work */
	if (st != STAGE_DONE)
		logfile_line(w->log, install_step_name(&w->plan, st));
	prog_show(w);
}

/* Callback: bytes done. Redraws at most ten times a second. */
static void prog_bytes(void *ctx, uint64_t done, uint64_t total)
{
	static const double every = 0.1;
	struct wiz *w = ctx;
	double now = prog_now();

	w->done_bytes = done;
	w->total_bytes = total;
	if (now > w->t_start)
		w->rate = (double)done / (now - w->t_start);
	if (done == total || now - w->t_redraw >= every) {
		w->t_redraw = now;
		prog_show(w);
	}
}

/* Callback: a log line. */
static void prog_log(void *ctx, const char *line)
{
	struct wiz *w = ctx;

	snprintf(w->log_line, sizeof(w->log_line), "%s", line);
	logfile_line(w->log, line);
}

/* Callback: stop? Esc asks; a quitting signal stops at once. */
static int prog_cancelled(void *ctx)
{
	struct wiz *w = ctx;
	struct ui_event ev;

	if (w->cancel_asked || tui_quit_signal())
		return 1;
	keymap_poll(&ev, 0);
	if (ev.key == UK_RESIZE || ev.key == UK_REDRAW) {
		if (ev.key == UK_REDRAW)
			clearok(curscr, TRUE);
		prog_show(w);
	}
	if (ev.key == UK_QUIT)
		return 1;
	if (ev.key == UK_ESC &&
	    wiz_ask(w, _("Stop the Installation?"),
		    _("The installation stops after the current step. The disk will not be bootable and must be installed again."),
		    N_("Yes, stop")))
		w->cancel_asked = true;
	if (w->done)
		w->cancel_asked = true;
	return w->cancel_asked;
}

/* Run the executor, then go to Complete or leave with the error. */
static void prog_work(struct wiz *w)
{
	struct install_progress cb = {
		.ctx = w, .stage = prog_stage, .bytes = prog_bytes,
		.log = prog_log, .cancelled = prog_cancelled,
	};
	struct stoat_err e = { 0 };
	char msg[600], *text;
	int rc;

	if (w->o->log && logfile_open(w->o->log, &w->log, &e) < 0) {
		wiz_message(w, _("Installation Not Started"), e.msg, true);
		wiz_exit(w, WIZARD_FAIL, e.msg);
		return;
	}
	text = install_log_plan(&w->plan, w->media);
	logfile_text(w->log, text);
	free(text);
	w->t_start = prog_now();
	rc = install_run(&w->plan, w->media, &cb, &e);
	logfile_line(w->log, rc < 0 ? e.msg : w->plan.upgrade ? _("The upgrade is complete.") : _("The installation is complete."));
	logfile_close(w->log);
	w->log = NULL;
	if (rc < 0) {
		if (w->cancel_asked || tui_quit_signal()) {
			wiz_exit(w, WIZARD_FAIL, _("the installation was stopped; the disk is not bootable"));
			return;
		}
		wiz_message(w, _("Installation Failed"), e.msg, true);
		snprintf(msg, sizeof(msg), _("the installation failed: %s"), e.msg);
		wiz_exit(w, WIZARD_FAIL, msg);
		return;
	}
	w->stage = STAGE_DONE;
	wiz_go(w, SCR_COMPLETE);
}

const struct scr_ops scr_progress = {
	.name = "progress",
	.draw = prog_draw,
	.work = prog_work,
	.own_esc = true,
};
