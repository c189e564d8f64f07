/* scr_imgrun.c - runs image_flash or image_backup, or image_flash_multi
 * onto several marked devices. Their confirm callback shows the
 * confirmation screen (nested, with the devices as the backend found
 * them); then a gauge with the stage (writing, verifying, reading), MB/s
 * and the time left, or one gauge a device with its state. Esc asks, then
 * stops between buffers. A refusal before anything was written goes back
 * to the image file with the backend's message. A flash with a new
 * identity (scr_imgconfirm.c) makes the copy safe after it. */
#include "config.h"

#include <errno.h>
#include <stdio.h>
#include <string.h>
#include <time.h>

#include "logfile.h"
#include "nls.h"
#include "ui.h"
#include "lang.h"

/* Seconds on the monotonic clock. */
static double run_now(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	return (double)ts.tv_sec + (double)ts.tv_nsec / 1e9;
}

/* A fresh run: nothing confirmed, nothing reported. */
static void run_enter(struct wiz *w)
{
	w->img_confirmed = false;
	w->img_started = false;
	w->cancel_asked = false;
	w->rate = 0;
	w->img_eta = 0;
	memset(&w->img_prog, 0, sizeof(w->img_prog));
	memset(w->img_dprog, 0, sizeof(w->img_dprog));
	memset(w->img_dstarted, 0, sizeof(w->img_dstarted));
	memset(w->img_dfailed, 0, sizeof(w->img_dfailed));
	w->img_new_identity = false;
	w->img_id_busy = false;
	w->img_identity_rc = 0;
	w->img_identity_err[0] = '\0';
}

/* Several devices: a line each with its name, state and gauge. */
static void run_draw_multi(struct wiz *w)
{
	const struct tui *t = &w->tui;
	char buf[4400], name[512];
	struct ui_box b;
	unsigned i;
	int y, gw;

	b = wiz_dialog(w, 9 + (int)w->img_n < LINES - 2 ? 9 + (int)w->img_n : LINES - 2, 78,
		       _("Writing the Image"), NULL, 0);
	y = b.y;
	if (!w->img_confirmed) {
		ui_para(&b, y, _("Checking the image and the devices..."), theme_attr(t, EL_DIALOG));
		return;
	}
	snprintf(buf, sizeof(buf), P_("Writing %s to %u device.", "Writing %s to %u devices.", w->img_n),
		 w->img_path, w->img_n);
	y += ui_para(&b, y, buf, theme_attr(t, EL_DIALOG)) + 1;
	gw = b.w - 28 - 11 - 6;
	for (i = 0; i < w->img_n && y < b.y + b.h - 2; i++, y++) {
		const struct image_progress *p = &w->img_dprog[i];
		double frac = image_progress_fraction(p);

		ui_disklist_row_name(&w->img_targets[i], name, sizeof(name));
		ui_put(y, b.x, 27, name, theme_attr(t, EL_DIALOG));
		if (w->img_dfailed[i]) {
			ui_put(y, b.x + 28, 11, _("Failed"), theme_attr(t, EL_ERROR));
			continue;
		}
		ui_put(y, b.x + 28, 11, w->img_dstarted[i] ? image_stage_name(p->stage) : _("Waiting"),
		       theme_attr(t, EL_TITLE));
		ui_gauge(t, y, b.x + 28 + 11, gw, frac);
		snprintf(buf, sizeof(buf), "%3.0f%%", frac * 100);
		ui_put(y, b.x + 28 + 11 + gw + 1, 5, buf, theme_attr(t, EL_DIALOG));
	}
	ui_put(y + 1, b.x, b.w, _("Press Esc to stop writing."), theme_attr(t, EL_DISABLED));
}

/* Draw "checking" before the confirmation, the gauge after it. */
static void run_draw(struct wiz *w)
{
	const struct tui *t = &w->tui;
	const struct disk *d = &w->img_target;
	bool flash = w->img == IMG_FLASH;
	char buf[4400], name[512], done[32], of[80];
	double frac = image_progress_fraction(&w->img_prog);
	struct ui_box b;
	int y;

	if (flash && w->img_n > 1) {
		run_draw_multi(w);
		return;
	}
	b = wiz_dialog(w, 13, 74, flash ? _("Writing the Image") : _("Backing Up"), NULL, 0);
	y = b.y;
	if (!w->img_confirmed) {
		ui_para(&b, y, flash ? _("Checking the image and the device...")
			: _("Checking the device..."), theme_attr(t, EL_DIALOG));
		return;
	}
	ui_disklist_row_name(d, name, sizeof(name));
	if (flash)
		snprintf(buf, sizeof(buf), _("Writing %s to %s."), w->img_path, name);
	else
		snprintf(buf, sizeof(buf), _("Saving %s as %s."), name, w->img_path);
	y += ui_para(&b, y, buf, theme_attr(t, EL_DIALOG)) + 1;
	ui_put(y, b.x, b.w, w->img_id_busy ? _("Removing the system UUID from the copy...")
	       : w->img_started ? image_stage_name(w->img_prog.stage) : "", theme_attr(t, EL_TITLE));
	y += 2;
	ui_gauge(t, y, b.x, b.w, frac);
	y += 1;
	disk_format_size(w->img_prog.done, done, sizeof(done));
	if (w->img_prog.total) {
		char total[32];

		disk_format_size(w->img_prog.total, total, sizeof(total));
		snprintf(of, sizeof(of), _("%s of %s"), done, total);
	} else {
		snprintf(of, sizeof(of), "%s", done);
	}
	if (w->img_eta < 0)
		snprintf(buf, sizeof(buf), _("%3.0f%% done, %s, %s MB/s"), frac * 100, of, lang_num(w->rate / 1e6, 1).s);
	else
		snprintf(buf, sizeof(buf), _("%3.0f%% done, %s, %s MB/s, %d:%02d left"), frac * 100, of,
			 lang_num(w->rate / 1e6, 1).s, (int)w->img_eta / 60, (int)w->img_eta % 60);
	ui_put(y, b.x, b.w, buf, theme_attr(t, EL_DIALOG));
	ui_put(y + 2, b.x, b.w, flash ? _("Press Esc to stop writing.") : _("Press Esc to stop the backup."),
	       theme_attr(t, EL_DISABLED));
}

/* Redraw now. */
static void run_show(struct wiz *w)
{
	wiz_redraw(w);
	refresh();
}

/* Callback: the backend has checked everything; ask on the confirmation
 * screen with the device as it found it; onto a USB or SD device, offer
 * the probe (scr_probe.c), whose refusal or F9 counts as a no. */
static bool run_confirm(void *ctx, const struct disk *target, uint64_t size)
{
	struct wiz *w = ctx;

	w->img_target = *target;
	w->img_size = size;
	w->img_confirmed = false;
	wiz_nested(w, SCR_IMGCONFIRM);
	/* a USB or SD device: offer the probe, writing where the image goes */
	if (w->img_confirmed && !w->done && w->img == IMG_FLASH && wiz_probe_offered(w)) {
		w->probe_for = PF_FLASH;
		wiz_nested(w, SCR_PROBE);
		w->img_confirmed = w->probe_go;
	}
	if (w->done)
		w->img_confirmed = false;
	if (w->img_confirmed)
		run_show(w);
	return w->img_confirmed;
}

/* Callback: progress; MB/s and the time left (at the speed the backend
 * measured) are per stage. */
static void run_progress(void *ctx, const struct image_progress *p)
{
	struct wiz *w = ctx;
	double now = run_now();

	if (!w->img_started || p->stage != w->img_prog.stage) {
		w->img_started = true;
		w->t_start = now;
	}
	w->img_prog = *p;
	w->rate = p->rate;
	w->img_eta = p->eta;
	run_show(w);
}

/* Callback: stop? Esc asks; a quitting signal stops at once. */
static bool run_cancelled(void *ctx)
{
	struct wiz *w = ctx;
	struct ui_event ev;

	if (w->cancel_asked || tui_quit_signal())
		return true;
	keymap_poll(&ev, 0);
	if (ev.key == UK_RESIZE || ev.key == UK_REDRAW) {
		if (ev.key == UK_REDRAW)
			clearok(curscr, TRUE);
		run_show(w);
	}
	if (ev.key == UK_QUIT)
		return true;
	if (ev.key == UK_ESC && tui_big_enough() &&
	    wiz_ask(w, w->img == IMG_FLASH ? _("Stop Writing the Image?") : _("Stop the Backup?"),
		    w->img == IMG_FLASH
		    ? _("Writing stops at once. The device is then partly overwritten, but its first MiB, with the partition table, is left as it was.")
		    : _("Reading stops at once and no image file is saved; the device is not changed."),
		    N_("Yes, stop")))
		w->cancel_asked = true;
	if (w->done)
		w->cancel_asked = true;
	if (!w->cancel_asked)
		run_show(w);
	return w->cancel_asked;
}

/* Callback of a flash onto several devices: the one confirmation naming
 * them all; no probe is offered (it probes one device at a time). */
static bool run_confirm_multi(void *ctx, const struct disk *const *targets, unsigned n,
			      uint64_t size)
{
	struct wiz *w = ctx;
	unsigned i;

	for (i = 0; i < n && i < IMAGE_MULTI_MAX; i++)
		w->img_targets[i] = *targets[i];
	w->img_target = *targets[0];
	w->img_size = size;
	w->img_confirmed = false;
	wiz_nested(w, SCR_IMGCONFIRM);
	if (w->done)
		w->img_confirmed = false;
	if (w->img_confirmed)
		run_show(w);
	return w->img_confirmed;
}

/* Callback: device i's progress. */
static void run_progress_multi(void *ctx, unsigned i, const struct image_progress *p)
{
	struct wiz *w = ctx;

	w->img_started = true;
	w->img_dstarted[i] = true;
	w->img_dprog[i] = *p;
	run_show(w);
}

/* Callback: device i dropped out; the others go on. */
static void run_failed_multi(void *ctx, unsigned i, const struct stoat_err *e)
{
	struct wiz *w = ctx;
	char line[800];

	w->img_dfailed[i] = true;
	snprintf(line, sizeof(line), _("flash: %s failed: %s"), w->img_marked[i], e->msg);
	logfile_line(w->log, line);
	run_show(w);
}

/* After a flash with a new identity: remove the system UUID from the copy
 * (identity_apply), saying so meanwhile; the done screen shows the result. */
static void run_identity(struct wiz *w)
{
	struct identity_opts io = { .device = w->disk_path, .new_identity = true };
	struct stoat_err e = { 0 };
	char line[800];
	unsigned i;

	w->img_id_busy = true;
	run_show(w);
	w->img_identity_rc = identity_apply(&io, &w->img_identity, &e);
	w->img_id_busy = false;
	if (w->img_identity_rc < 0) {
		snprintf(w->img_identity_err, sizeof(w->img_identity_err), "%s", e.msg);
		snprintf(line, sizeof(line), _("flash: the copy could not be made safe: %s"), e.msg);
		logfile_line(w->log, line);
		return;
	}
	for (i = 0; i < w->img_identity.n_banks; i++) {
		const struct identity_bank *b = &w->img_identity.bank[i];

		if (!b->changed)
			continue;
		snprintf(line, sizeof(line), _("flash: bootbank %u: removed the system UUID %s"), b->num,
			 b->uuid);
		logfile_line(w->log, line);
	}
}

/* After a failure: back to the image file when nothing was changed (a
 * refusal, or any backup), else leave with the message. */
static void run_failed(struct wiz *w, const char *msg)
{
	char full[700];

	if (w->cancel_asked || tui_quit_signal()) {
		wiz_exit(w, WIZARD_FAIL, msg);
		return;
	}
	wiz_message(w, w->img == IMG_FLASH ? _("The Image Was Not Written") : _("The Backup Failed"),
		    msg, true);
	if (w->img == IMG_FLASH && w->img_confirmed) {
		snprintf(full, sizeof(full), _("writing the image failed: %s"), msg);
		wiz_exit(w, WIZARD_FAIL, full);
		return;
	}
	wiz_back(w);
}

/* Log how the flash or backup ended (complete, interrupted, failed) and
 * close --log. */
static void run_log_end(struct wiz *w, int rc, const struct stoat_err *e)
{
	const char *what = w->img == IMG_FLASH ? _("flash") : _("backup");
	char line[800];

	if (rc == 0)
		snprintf(line, sizeof(line), _("%s complete"), what);
	else if (rc == -ECANCELED && (w->cancel_asked || tui_quit_signal()) && w->img_started)
		snprintf(line, sizeof(line), _("%s interrupted while %s: %s"), what,
			 image_stage_name(w->img_prog.stage), e->msg);
	else if (rc == -ECANCELED && (w->cancel_asked || tui_quit_signal() || w->done))
		snprintf(line, sizeof(line), _("%s interrupted: %s"), what, e->msg);
	else
		snprintf(line, sizeof(line), _("%s failed: %s"), what, e->msg);
	logfile_line(w->log, line);
	logfile_close(w->log);
	w->log = NULL;
}

/* After the backend returned rc: the result screen when done, back to
 * the image file after F9 on the confirmation, else the failure (msg). */
static void run_finish(struct wiz *w, int rc, bool done, const char *msg)
{
	if (w->done)
		return;		/* left from the confirmation's cancel dialog */
	if (done) {
		wiz_replace(w, SCR_IMGDONE);
		return;
	}
	if (rc == -ECANCELED && !w->img_confirmed && !w->cancel_asked) {
		wiz_back(w);	/* F9 on the confirmation */
		return;
	}
	run_failed(w, msg);
}

/* Write the image onto the marked devices at once; the result screen
 * shows each device's outcome, failed ones too. */
static void run_work_multi(struct wiz *w)
{
	struct image_multi_cb cb = {
		.progress = run_progress_multi, .confirm = run_confirm_multi,
		.failed = run_failed_multi, .cancelled = run_cancelled, .ctx = w,
	};
	const char *devs[IMAGE_MULTI_MAX];
	struct image_multi_opts mo = { .image = w->img_path, .devices = devs, .n = w->img_n,
				       .verify = w->img_verify };
	struct stoat_err e = { 0 };
	char line[4400];
	unsigned i;
	int rc;

	for (i = 0; i < w->img_n; i++)
		devs[i] = w->img_marked[i];
	snprintf(line, sizeof(line), _("flash: %s onto %u devices"), w->img_path, w->img_n);
	logfile_line(w->log, line);
	memset(&w->img_multi, 0, sizeof(w->img_multi));
	rc = image_flash_multi(&mo, &cb, &w->img_multi, &e);
	run_log_end(w, rc, &e);
	run_finish(w, rc, w->img_multi.started && !w->cancel_asked && !tui_quit_signal(), e.msg);
}

/* Run the backend, then show the result or the failure. */
static void run_work(struct wiz *w)
{
	struct image_cb cb = {
		.progress = run_progress, .confirm = run_confirm,
		.ctx = w, .cancelled = run_cancelled,
	};
	struct stoat_err e = { 0 };
	char line[700];
	int rc;

	w->t_start = run_now();
	if (w->o->log && logfile_open(w->o->log, &w->log, &e) < 0) {
		wiz_message(w, _("Image File"), e.msg, true);
		wiz_back(w);
		return;
	}
	if (w->img == IMG_FLASH && w->img_n > 1) {
		run_work_multi(w);
		return;
	}
	snprintf(line, sizeof(line), w->img == IMG_FLASH ? _("flash: %s onto %s") : _("backup: %s to %s"),
		 w->img == IMG_FLASH ? w->img_path : w->disk_path,
		 w->img == IMG_FLASH ? w->disk_path : w->img_path);
	logfile_line(w->log, line);
	if (w->img == IMG_FLASH) {
		struct image_flash_opts fo = { .image = w->img_path, .device = w->disk_path,
					       .verify = w->img_verify };

		rc = image_flash(&fo, &cb, &w->img_flash, &e);
		/* --log stays open for what the identity step changes */
		if (rc == 0 && w->img_new_identity)
			run_identity(w);
	} else {
		struct image_backup_opts bo = { .device = w->disk_path, .image = w->img_path,
						.verify = w->img_verify, .force = w->img_force };

		rc = image_backup(&bo, &cb, &w->img_backup, &e);
	}
	run_log_end(w, rc, &e);
	run_finish(w, rc, rc == 0, e.msg);
}

const struct scr_ops scr_imgrun = {
	.name = "imgrun",
	.enter = run_enter,
	.draw = run_draw,
	.work = run_work,
	.own_esc = true,
};
