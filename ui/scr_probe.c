/* scr_probe.c - know the device before writing to it (src/probe.h).
 *
 * From F1 on a disk list (PF_DETAILS): the read-only probe of the
 * highlighted disk. After the confirmation of an install (PF_INSTALL) or
 * of a flash (PF_FLASH, run nested in the flash's confirm callback) onto
 * a USB or SD device: first the offer, probe or skip; then the probe,
 * writing only where the install or the image writes anyway. A device
 * that holds less than it claims is refused with its real size (and
 * stays refused for this run); a slow one is warned of with the measured
 * numbers, and the operator goes on or goes back. A gauge while it runs;
 * Esc stops it. Esc elsewhere goes back, as F9 does. */
#include "config.h"

#include <errno.h>
#include <stdio.h>
#include <string.h>
#include <time.h>

#include "nls.h"
#include "ui.h"

/* The offer's choices: probe first (the default), or skip. */
static const char *const probe_items[2][2] = {
	{ N_("Probe the device first, then decide"), N_("Skip the probe and install") },
	{ N_("Probe the device first, then decide"), N_("Skip the probe and write the image") },
};

/* Seconds on the monotonic clock. */
static double probe_now(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	return (double)ts.tv_sec + (double)ts.tv_nsec / 1e9;
}

/* The areas the probe may write: the install's partitions, or where the
 * image goes after its first MiB; none for the details. */
static size_t probe_areas(const struct wiz *w, struct probe_area *a, size_t max)
{
	if (w->probe_for == PF_INSTALL)
		return probe_area_layout(&w->plan.layout, a, max);
	if (w->probe_for == PF_FLASH)
		return probe_area_image(w->img_size, a, max);
	return 0;
}

/* The bytes of the areas, as a size for people. */
static void probe_area_size(const struct wiz *w, char *buf, size_t size)
{
	struct probe_area a[PROBE_MAX_AREAS];
	size_t n = probe_areas(w, a, PROBE_MAX_AREAS), i;
	uint64_t total = 0;

	for (i = 0; i < n; i++)
		total += a[i].len;
	disk_format_size(total, buf, size);
}

/* Whether the chosen disk was found to hold less than it claims. */
static bool probe_refused(const struct wiz *w)
{
	const struct disk *d = wiz_disk(w);

	return d && w->probe_fake[0] && !strcmp(d->path, w->probe_fake);
}

/* Arrival: the details probe at once; the offer, or the refusal kept
 * from before, after a confirmation. */
static void probe_enter(struct wiz *w)
{
	w->probe_quit = false;
	w->probe_go = false;
	w->probe_pager.top = 0;
	if (w->probe_for == PF_DETAILS) {
		w->probe_state = PS_RUNNING;
	} else if (probe_refused(w)) {
		w->probe_state = PS_DONE;
	} else {
		w->probe_state = PS_OFFER;
		w->probe_choice = (struct ui_list){ .n = 2 };
	}
}

/* A number with decimals and its unit, or "-" when not measured. */
static void probe_num(double v, int prec, const char *unit, char *buf, size_t size)
{
	if (v < 0)
		snprintf(buf, size, "-");
	else
		snprintf(buf, size, "%s %s", lang_num(v, prec).s, unit);
}

/* The verdict word of a level. */
static const char *probe_level_word(enum probe_level l)
{
	switch (l) {
	case PROBE_MEETS: return _("meets");
	case PROBE_BELOW: return _("BELOW");
	default: return _("not measured");
	}
}

/* Add a line to the text in buf. */
static void probe_line(char *buf, size_t size, const char *s)
{
	size_t len = strlen(buf);

	if (len + 1 < size)
		snprintf(buf + len, size - len, "%s%s", len ? "\n" : "", s);
}

/* The result, one line each (the verdicts may wrap). */
static void probe_text(const struct probe_result *r, char *buf, size_t size)
{
	char line[600], n[64];
	unsigned i;

	buf[0] = '\0';
	snprintf(line, sizeof(line), _("Driver: %s"), r->disk.driver[0] ? r->disk.driver : "-");
	probe_line(buf, size, line);
	if (r->queue_depth >= 0)
		snprintf(n, sizeof(n), "%d", r->queue_depth);
	else
		snprintf(n, sizeof(n), "-");
	snprintf(line, sizeof(line), _("Queue depth: %s"), n);
	probe_line(buf, size, line);
	if (r->usb_mbps)
		snprintf(n, sizeof(n), "%u Mb/s", r->usb_mbps);
	else
		snprintf(n, sizeof(n), "-");
	snprintf(line, sizeof(line), _("USB link speed: %s"), n);
	probe_line(buf, size, line);
	snprintf(line, sizeof(line), _("Capacity: %s"), r->cap_text[0] ? r->cap_text : "-");
	probe_line(buf, size, line);
	probe_num(r->read_mbs, 1, "MB/s", n, sizeof(n));
	snprintf(line, sizeof(line), _("Read speed: %s"), n);
	probe_line(buf, size, line);
	probe_num(r->write_mbs, 1, "MB/s", n, sizeof(n));
	snprintf(line, sizeof(line), _("Write speed: %s (sequential, direct I/O)"), n);
	probe_line(buf, size, line);
	probe_num(r->iops, 0, "IOPS", n, sizeof(n));
	snprintf(line, sizeof(line), _("Random writes: %s (4 KiB, direct I/O)"), n);
	probe_line(buf, size, line);
	for (i = 0; i < r->n_verdict; i++) {
		snprintf(line, sizeof(line), _("Verdict: %s: %s"), probe_level_word(r->v[i].level),
			 r->v[i].text);
		probe_line(buf, size, line);
	}
}

/* What the result means for the install or flash, and whether it is an
 * error (a refusal, a failure). */
static void probe_outcome(const struct wiz *w, char *buf, size_t size, bool *error)
{
	char warn[512];

	*error = false;
	if (probe_refused(w)) {
		*error = true;
		snprintf(buf, size, "%s %s", w->probe_fake_msg, w->probe_for == PF_FLASH
			 ? _("The image was not written. The probe wrote its test data only at addresses where the image would have gone.")
			 : _("The installation was not started. The probe wrote its test data only at addresses inside the partitions it would have made."));
	} else if (w->probe_rc == -ECANCELED) {
		snprintf(buf, size, "%s", _("The probe was stopped; what it measured so far is shown."));
	} else if (w->probe_rc < 0) {
		*error = true;
		snprintf(buf, size, "%s", w->probe_err);
	} else if (w->probe_for == PF_DETAILS) {
		snprintf(buf, size, "%s", _("Read only: nothing was written to the device."));
	} else if (probe_slow_warning(&w->probe, warn, sizeof(warn))) {
		snprintf(buf, size, "%s", warn);
	} else if (w->probe.method == PROBE_M_READ) {
		snprintf(buf, size, "%s", _("Only read: the capacity was not checked by writing."));
	} else {
		snprintf(buf, size, "%s", _("The capacity check found no fault, and the write speed is not below VMware's figure."));
	}
}

/* The device's name, size and transport on line y. */
static int probe_device_line(struct wiz *w, const struct ui_box *b, int y)
{
	const struct disk *d = wiz_disk(w);
	char name[512], cap[32], buf[700];

	if (!d)
		return y;
	ui_disklist_row_name(d, name, sizeof(name));
	disk_format_size(d->size, cap, sizeof(cap));
	snprintf(buf, sizeof(buf), _("Device: %s, %s, %s"), name, cap, disk_transport_name(d->transport));
	ui_put(y, b->x, b->w, buf, theme_attr(&w->tui, EL_TITLE));
	return y + 2;
}

/* The offer: what the probe does and writes where, probe or skip. */
static void probe_draw_offer(struct wiz *w, struct ui_box b)
{
	const struct tui *t = &w->tui;
	const struct disk *d = wiz_disk(w);
	struct probe_area a[PROBE_MAX_AREAS];
	bool flash = w->probe_for == PF_FLASH;
	char buf[1200], cap[32], area[32];
	int y = probe_device_line(w, &b, b.y), i;

	if (!d)
		return;
	disk_format_size(d->size, cap, sizeof(cap));
	snprintf(buf, sizeof(buf), flash
		 ? _("Before the image is written, stoat can probe this USB or SD device: its driver, queue depth and USB link speed, its read and write speed, and whether it really holds the %s it claims.")
		 : _("Before the installation writes to it, stoat can probe this USB or SD device: its driver, queue depth and USB link speed, its read and write speed, and whether it really holds the %s it claims."),
		 cap);
	y += ui_para(&b, y, buf, theme_attr(t, EL_DIALOG)) + 1;
	probe_area_size(w, area, sizeof(area));
	if (!probe_areas(w, a, PROBE_MAX_AREAS))
		snprintf(buf, sizeof(buf), "%s",
			 _("The image's size is not known before it is written, so the probe only reads: it cannot check the capacity by writing."));
	else
		snprintf(buf, sizeof(buf), flash
			 ? _("The probe writes test data only where the image is about to be written (%s, after its first MiB, which the image writes last) and reads it back; the image then overwrites it. Nothing else on the device is written. It takes about half a minute.")
			 : _("The probe writes test data only inside the partitions the installation is about to make (%s in all) and reads it back; the installation then overwrites them. Nothing else on the device is written. It takes about half a minute."),
			 area);
	y += ui_para(&b, y, buf, theme_attr(t, EL_EMPH)) + 1;
	for (i = 0; i < 2; i++)
		ui_radio_row(t, &b, y + i, _(probe_items[flash][i]), i == w->probe_choice.sel, false);
}

/* While it runs: where it writes, what runs, a gauge, Esc. */
static void probe_draw_running(struct wiz *w, struct ui_box b)
{
	const struct tui *t = &w->tui;
	struct probe_area a[PROBE_MAX_AREAS];
	char buf[600], area[32];
	int y = probe_device_line(w, &b, b.y);

	probe_area_size(w, area, sizeof(area));
	if (!probe_areas(w, a, PROBE_MAX_AREAS))
		snprintf(buf, sizeof(buf), "%s", _("Reading only: nothing is written to the device."));
	else if (w->probe_for == PF_FLASH)
		snprintf(buf, sizeof(buf), _("Writing test data only where the image goes (%s, after its first MiB)."), area);
	else
		snprintf(buf, sizeof(buf), _("Writing test data only inside the partitions the installation makes (%s)."), area);
	y += ui_para(&b, y, buf, theme_attr(t, EL_DIALOG)) + 1;
	ui_put(y, b.x, b.w, w->probe_what, theme_attr(t, EL_TITLE));
	y += 2;
	ui_gauge(t, y, b.x, b.w, w->probe_pct / 100.0);
	snprintf(buf, sizeof(buf), _("%3u%% of this step"), w->probe_pct);
	ui_put(y + 1, b.x, b.w, buf, theme_attr(t, EL_DIALOG));
	ui_put(y + 3, b.x, b.w, _("Press Esc to stop the probe."), theme_attr(t, EL_DISABLED));
}

/* The result, scrolling, and below it what it means. */
static void probe_draw_done(struct wiz *w, struct ui_box b)
{
	const struct tui *t = &w->tui;
	const struct disk *d = wiz_disk(w);
	char text[4096], out[1200];
	struct ui_box top;
	int y = probe_device_line(w, &b, b.y), h, shown;
	bool error;

	probe_outcome(w, out, sizeof(out), &error);
	h = ui_wrap(out, b.w, NULL, 0);
	if (h > 5)
		h = 5;
	top = (struct ui_box){ .y = y, .x = b.x, .w = b.w, .h = b.y + b.h - y - h - 1 };
	if (d && top.h > 0 && !strcmp(w->probe.disk.path, d->path)) {
		probe_text(&w->probe, text, sizeof(text));
		shown = ui_pager_draw(t, &w->probe_pager, text, &top);
		if (shown >= 0 && shown < w->probe_pager.n)
			ui_pager_position(t, &w->probe_pager, shown, top.y + top.h, b.x + b.w);
	}
	top = (struct ui_box){ .y = b.y + b.h - h, .x = b.x, .w = b.w, .h = h };
	ui_para(&top, top.y, out, theme_attr(t, error ? EL_ERROR : EL_EMPH));
}

/* Draw the screen for its state. */
static void probe_draw(struct wiz *w)
{
	bool flash = w->probe_for == PF_FLASH, refused = probe_refused(w);
	struct ui_hint offer[] = {
		{ UK_F9, N_("Back"), false },
		{ UK_ENTER, N_("Continue"), false },
	};
	struct ui_hint done[] = {
		{ UK_F9, N_("Back"), false },
		{ UK_F11, flash ? N_("Write the image") : N_("Install"), refused },
	};
	struct ui_hint details[] = { { UK_ENTER, N_("OK"), false } };
	const struct ui_hint *hints = NULL;
	size_t nh = 0;
	const char *title = _("Probing the Device");
	struct ui_box b;

	if (w->probe_state == PS_OFFER) {
		hints = offer, nh = N_ELEMS(offer);
		title = _("Probe the Device Before Writing?");
	} else if (w->probe_state == PS_DONE) {
		title = _("Probe Results");
		if (w->probe_for == PF_DETAILS)
			hints = details, nh = N_ELEMS(details);
		else
			hints = done, nh = refused ? 1 : N_ELEMS(done);
	}
	b = wiz_dialog(w, LINES - 2, 78, title, hints, nh);
	if (w->probe_state == PS_OFFER)
		probe_draw_offer(w, b);
	else if (w->probe_state == PS_RUNNING)
		probe_draw_running(w, b);
	else
		probe_draw_done(w, b);
}

/* Probe callback: show how far, and stop on Esc or a quitting signal. */
static bool probe_tick(void *ctx, const char *what, unsigned pct)
{
	struct wiz *w = ctx;
	struct ui_event ev;
	double now = probe_now();

	snprintf(w->probe_what, sizeof(w->probe_what), "%s", what);
	w->probe_pct = pct;
	keymap_poll(&ev, 0);
	if (ev.key == UK_QUIT || tui_quit_signal()) {
		w->probe_quit = true;
		return false;
	}
	if (ev.key == UK_ESC)
		return false;
	if (ev.key == UK_REDRAW)
		clearok(curscr, TRUE);
	if (ev.key == UK_RESIZE || ev.key == UK_REDRAW || now - w->probe_drawn > 0.1) {
		w->probe_drawn = now;
		wiz_redraw(w);
		refresh();
	}
	return true;
}

/* Run the probe (the state says so), keep a refusal. */
static void probe_work(struct wiz *w)
{
	const struct disk *d = wiz_disk(w);
	struct probe_area a[PROBE_MAX_AREAS];
	struct probe_opts po = {
		.area = a, .n_area = probe_areas(w, a, PROBE_MAX_AREAS),
		.held = w->probe_for == PF_FLASH, .tick = probe_tick, .ctx = w,
	};
	struct stoat_err e = { 0 };

	if (w->probe_state != PS_RUNNING || !d)
		return;
	w->probe_what[0] = '\0';
	w->probe_pct = 0;
	w->probe_err[0] = '\0';
	w->probe_rc = probe_run(d->path, &po, &w->probe, &e);
	if (w->probe_rc < 0)
		snprintf(w->probe_err, sizeof(w->probe_err), "%s", e.msg);
	/* the result names the wizard's path (a --disk spec's, too) */
	snprintf(w->probe.disk.path, sizeof(w->probe.disk.path), "%s", d->path);
	w->probe_pager.top = 0;
	w->probe_state = PS_DONE;
	if (w->probe_quit) {
		w->probe_go = false;
		wiz_exit(w, WIZARD_FAIL, w->probe_for == PF_DETAILS
			 ? _("interrupted by a signal; the disks were left as they were")
			 : _("interrupted by a signal during the probe, before the installation or the image was written"));
		return;
	}
	if (w->probe_rc == 0 && probe_refuse(&w->probe, &e) < 0) {
		snprintf(w->probe_fake, sizeof(w->probe_fake), "%s", d->path);
		snprintf(w->probe_fake_msg, sizeof(w->probe_fake_msg), "%s", e.msg);
	}
}

/* Leave toward the install or the flash. */
static void probe_proceed(struct wiz *w)
{
	if (w->probe_for == PF_FLASH) {
		w->probe_go = true;
		wiz_replace(w, SCR_IMGRUN);
	} else {
		wiz_go(w, SCR_PROGRESS);
	}
}

/* Leave back where the operator came from: nothing is written. */
static void probe_leave(struct wiz *w)
{
	if (w->probe_for == PF_FLASH) {
		w->probe_go = false;
		wiz_replace(w, SCR_IMGRUN);
	} else {
		wiz_back(w);
	}
}

/* Keys: the offer's choice; after the result, go on or back. */
static void probe_key(struct wiz *w, const struct ui_event *ev)
{
	if (w->probe_state == PS_RUNNING)
		return;
	if (ev->key == UK_F9 || ev->key == UK_ESC ||
	    (ev->key == UK_ENTER && w->probe_state == PS_DONE && w->probe_for == PF_DETAILS)) {
		probe_leave(w);
		return;
	}
	if (w->probe_state == PS_OFFER) {
		ui_list_key(&w->probe_choice, ev->key, 2);
		if (ev->key == UK_ENTER && w->probe_choice.sel == 0) {
			w->probe_state = PS_RUNNING;
			w->worked = false;	/* the loop runs work() again */
		} else if (ev->key == UK_ENTER) {
			probe_proceed(w);
		}
		return;
	}
	if (ev->key == UK_F11 && w->probe_for != PF_DETAILS && !probe_refused(w))
		probe_proceed(w);
	else
		ui_pager_key(&w->probe_pager, ev->key);
}

const struct scr_ops scr_probe = {
	.name = "probe",
	.enter = probe_enter,
	.draw = probe_draw,
	.key = probe_key,
	.work = probe_work,
	.own_esc = true,
};
