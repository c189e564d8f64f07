/* wiz.c - the wizard's state, its run loop and what every screen shares.
 *
 * All UI state is one struct wiz made here and passed down. Each screen is
 * a const table of functions (ui/scr_*.c); the loop reaches them only
 * through w->screens, the table wizard.c hands in, never by name, so calls
 * run one way: wizard.c -> scr_*.c -> wiz.c. This file runs the key loop,
 * keeps the F9 history, handles Esc, resize and Ctrl-L for every screen,
 * and opens and closes what the screens share (media, terminal). */
#include "config.h"

#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "bootkit.h"
#include "image.h"
#include "install.h"
#include "lang.h"
#include "media.h"
#include "nls.h"
#include "passwd.h"
#include "ui.h"
#include "wizard.h"

/* Go to a screen, remembering this one for F9. */
void wiz_go(struct wiz *w, enum scr_id id)
{
	if (w->cur != SCR_SCAN && w->cur != SCR_CANCEL && w->n_hist < WIZ_HIST)
		w->hist[w->n_hist++] = w->cur;
	w->next = id;
}

/* Go to a screen without remembering this one. */
void wiz_replace(struct wiz *w, enum scr_id id)
{
	w->next = id;
}

/* Go back to the previous screen, keeping the answers. */
void wiz_back(struct wiz *w)
{
	if (w->n_hist > 0)
		w->next = w->hist[--w->n_hist];
}

/* Leave the wizard with a status and a message for the operator (may be ""). */
void wiz_exit(struct wiz *w, int status, const char *msg)
{
	w->done = true;
	w->status = status;
	snprintf(w->exit_msg, sizeof(w->exit_msg), "%s", msg ? msg : "");
}

/* The chosen disk, or NULL. */
const struct disk *wiz_disk(const struct wiz *w)
{
	size_t i;

	if (!w->disk_path[0])
		return NULL;
	for (i = 0; i < w->disks.n; i++)
		if (!strcmp(w->disks.v[i].path, w->disk_path))
			return &w->disks.v[i];
	return NULL;
}

/* Draw a screen's standard dialog (shared look), returns the inner box. */
struct ui_box wiz_dialog(struct wiz *w, int h, int wd, const char *title,
			 const struct ui_hint *hints, size_t n_hints)
{
	return ui_dialog(&w->tui, h, wd, title, hints, n_hints, false);
}

/* Draw screen id (the cancel dialog draws over the screen below it). */
static void wiz_draw_screen(struct wiz *w, enum scr_id id)
{
	if (id == SCR_CANCEL)
		wiz_draw_screen(w, w->cancel_from);
	if (w->screens[id]->draw)
		w->screens[id]->draw(w);
}

/* Redraw the current screen completely. */
void wiz_redraw(struct wiz *w)
{
	curs_set(0);
	if (!tui_big_enough()) {
		ui_too_small(&w->tui);
		return;
	}
	ui_background(&w->tui, w->topline);
	wiz_draw_screen(w, w->cur);
}

/* Handle keys every screen shares; true when the key was used. */
static bool wiz_common_key(struct wiz *w, const struct ui_event *ev)
{
	switch (ev->key) {
	case UK_TICK:
	case UK_RESIZE:
	case UK_NONE:
		return true;
	case UK_REDRAW:
		clearok(curscr, TRUE);
		return true;
	case UK_QUIT:
		/* after a finished install (Complete) the disk is installed */
		if (w->stage == STAGE_DONE)
			wiz_exit(w, WIZARD_OK, _("interrupted by a signal after the installation was complete; this machine was not rebooted"));
		else
			wiz_exit(w, WIZARD_FAIL, _("interrupted by a signal; the disks were left as they were"));
		return true;
	default:
		return !tui_big_enough();	/* too small: ignore keys */
	}
}

/* Draw a modal dialog over the current screen. */
static void wiz_modal_draw(struct wiz *w, const char *title, const char *msg,
			   const struct ui_hint *hints, size_t nh, bool error)
{
	struct ui_line lines[40];
	struct ui_box b;
	int n, wd = 64;

	wiz_redraw(w);
	if (!tui_big_enough())
		return;
	n = ui_wrap(msg, wd - 4, lines, (int)N_ELEMS(lines));
	if (n > 16)
		n = 16;
	b = ui_dialog(&w->tui, n + 4 + ui_keybar_rows(hints, nh, wd - 4),
		      wd, title, hints, nh, error);
	ui_para(&b, b.y, msg, theme_attr(&w->tui, error ? EL_ERROR : EL_DIALOG));
	refresh();
}

/* Show a message dialog over the current screen until Enter or Esc. */
void wiz_message(struct wiz *w, const char *title, const char *msg, bool error)
{
	static const struct ui_hint hints[] = { { UK_ENTER, N_("OK"), false } };
	struct ui_event ev;

	for (;;) {
		wiz_modal_draw(w, title, msg, hints, N_ELEMS(hints), error);
		keymap_read(&ev);
		if (ev.key == UK_ENTER || ev.key == UK_ESC)
			return;
		if (wiz_common_key(w, &ev) && w->done)
			return;
	}
}

/* Ask yes (F11) or no (F9/Esc) over the current screen. */
bool wiz_ask(struct wiz *w, const char *title, const char *msg,
	     const char *yes_label)
{
	struct ui_hint hints[] = {
		{ UK_F9, N_("No"), false },
		{ UK_F11, yes_label, false },
	};
	struct ui_event ev;

	for (;;) {
		wiz_modal_draw(w, title, msg, hints, N_ELEMS(hints), false);
		keymap_read(&ev);
		if (ev.key == UK_ESC || ev.key == UK_F9)
			return false;
		if (wiz_common_key(w, &ev)) {
			if (w->done)
				return false;
			continue;
		}
		if (ev.key == UK_F11)
			return true;
	}
}

/* Show a message over the current screen until one of the hints' keys
 * or Esc; returns the key. */
enum ui_key wiz_message_keys(struct wiz *w, const char *title, const char *msg,
			     const struct ui_hint *hints, size_t n_hints)
{
	struct ui_event ev;
	size_t i;

	for (;;) {
		wiz_modal_draw(w, title, msg, hints, n_hints, false);
		keymap_read(&ev);
		if (ev.key == UK_ESC)
			return UK_ESC;
		if (wiz_common_key(w, &ev)) {
			if (w->done)
				return UK_ESC;
			continue;
		}
		for (i = 0; i < n_hints; i++)
			if (ev.key == hints[i].key && !hints[i].disabled)
				return ev.key;
	}
}

/* Whether the probe is offered before writing: a USB or SD device. */
bool wiz_probe_offered(const struct wiz *w)
{
	const struct disk *d = wiz_disk(w);

	return d && !d->is_file && disk_is_flash(d);
}

/* Read a whole text file (the --eula override); NULL on error. */
static char *wiz_slurp(const char *path, struct stoat_err *e)
{
	FILE *f = fopen(path, "r");
	char *buf = NULL;
	size_t n = 0, cap = 0, r;

	if (!f) {
		err_set(e, errno, _("cannot read the license file %s: %s"), path, strerror(errno));
		return NULL;
	}
	do {
		if (cap - n < 4096) {
			char *nb = realloc(buf, cap + 65536);

			if (!nb) {
				free(buf);
				fclose(f);
				err_set(e, ENOMEM, _("out of memory reading %s"), path);
				return NULL;
			}
			buf = nb;
			cap += 65536;
		}
		r = fread(buf + n, 1, cap - n - 1, f);
		n += r;
	} while (r > 0);
	fclose(f);
	buf[n] = '\0';
	return buf;
}

/* The top line: product, version and "Installer", in the language in use. */
static void wiz_topline(struct wiz *w)
{
	const char *title = w->media ? media_title(w->media) : NULL;
	const char *ver = w->media ? media_version(w->media) : NULL;

	/* an answered major is no version to show */
	if (w->media && media_version_source(w->media) == MEDIA_VERSION_ANSWER)
		ver = NULL;

	if (!title || !*title)
		title = "ESXi";
	/* "VMware ESXi 6.7.0" already names the version: add only the build. */
	if (ver && *ver && !strstr(title, ver)) {
		char t[192];

		snprintf(t, sizeof(t), "%s (%s)", title, ver);
		snprintf(w->topline, sizeof(w->topline), _("%s Installer"), t);
	} else {
		snprintf(w->topline, sizeof(w->topline), _("%s Installer"), title);
	}
}

/* Put our own notice in place of a license the media does not have. */
static int wiz_no_eula(struct wiz *w, struct stoat_err *e)
{
	free(w->eula);
	w->eula = strdup(_("This installation media carries no license text."));
	w->eula_none = true;
	return w->eula ? 0 : err_set(e, ENOMEM, _("out of memory"));
}

/* The language changed: redo the texts made in it. */
void wiz_lang_changed(struct wiz *w)
{
	struct stoat_err e = { 0 };

	wiz_topline(w);
	if (w->eula_none)
		wiz_no_eula(w, &e);
	w->lang_note[0] = '\0';
}

/* Open path as the install media in place of any opened before, and
 * gather what every screen shows from it. */
int wiz_media_use(struct wiz *w, const char *path, struct stoat_err *e)
{
	struct media *m;
	int rc;

	if ((rc = media_open(path, &m, e)) < 0)
		return rc;
	if (w->media)
		media_close(w->media);
	w->media = m;
	if (path != w->media_path)
		snprintf(w->media_path, sizeof(w->media_path), "%s", path);
	w->opts.media = w->media_path;
	free(w->eula);
	w->eula = NULL;
	w->eula_none = false;
	/* --layout answers for media that does not say its version */
	if (media_version_source(w->media) == MEDIA_VERSION_UNKNOWN && w->o->layout != LAYOUT_AUTO)
		media_set_major(w->media, w->o->layout == LAYOUT_ESXI6 ? 6 : 7);
	w->major = media_major(w->media);
	wiz_topline(w);
	if (w->o->eula)
		w->eula = wiz_slurp(w->o->eula, e);
	else
		w->eula = media_eula(w->media, e);
	if (!w->eula && w->o->eula)
		return -e->code;
	return w->eula ? 0 : wiz_no_eula(w, e);
}

/* Look for install media, saying so on the screen meanwhile; with
 * exactly one found, open it for Welcome to show. */
void wiz_media_find(struct wiz *w)
{
	static const struct media_find_opts machine = { 0 };
	struct stoat_err e = { 0 };

	w->find_busy = true;
	wiz_redraw(w);
	refresh();
	media_found_free(&w->found);
	w->find_note[0] = '\0';
	if (media_find(w->o->find ? w->o->find : &machine, &w->found, &e) < 0 ||
	    (w->found.n_usable == 1 && !w->media && wiz_media_use(w, w->found.v[0].path, &e) < 0))
		snprintf(w->find_note, sizeof(w->find_note), "%s", e.msg);
	w->find_busy = false;
	w->found_done = true;
}

/* The Linux console's font has no CJK glyphs: show such a language in
 * English, and say (in English, the one language it can draw) why. */
static void wiz_console_language(struct wiz *w)
{
	struct lang l;

	lang_current(&l);
	if (!l.wide || !tui_console() || lang_use("en", NULL) < 0)
		return;
	snprintf(w->lang_note, sizeof(w->lang_note),
		 "The Linux console cannot draw %s: for it, use a terminal emulator, SSH or a UTF-8 serial terminal.",
		 l.english);
}

/* Run the key loop until a screen ends the wizard, or (stay is not
 * SCR_COUNT) until screen stay moves on to another than the cancel dialog. */
static void wiz_run(struct wiz *w, enum scr_id stay)
{
	const struct scr_ops *s;
	struct ui_event ev;

	while (!w->done) {
		s = w->screens[w->cur];
		if (!w->entered) {
			w->entered = true;
			w->worked = false;
			if (s->enter)
				s->enter(w);
		}
		if (w->next == w->cur && !w->done) {
			wiz_redraw(w);
			refresh();
			if (s->work && !w->worked && tui_big_enough()) {
				w->worked = true;
				s->work(w);
			} else {
				keymap_read(&ev);
				if (!wiz_common_key(w, &ev)) {
					if (ev.key == UK_ESC && !s->own_esc) {
						w->cancel_from = w->cur;
						w->next = SCR_CANCEL;
					} else if (s->key) {
						s->key(w, &ev);
					}
				}
			}
		}
		if (w->next != w->cur) {
			if (stay != SCR_COUNT && w->next != stay && w->next != SCR_CANCEL)
				return;
			/* Leaving the cancel dialog resumes the screen below. */
			w->entered = w->cur == SCR_CANCEL && w->next == w->cancel_from;
			w->worked = w->entered;
			w->cur = w->next;
		}
	}
}

/* Run screen id inside the current screen's work until id moves on. */
void wiz_nested(struct wiz *w, enum scr_id id)
{
	enum scr_id from = w->cur;
	int n_hist = w->n_hist;

	if ((unsigned)id >= SCR_COUNT || id == from)
		return;
	w->cur = w->next = id;
	w->entered = false;
	wiz_run(w, id);
	/* Back in the caller's work(): its screen is entered and working. */
	w->cur = w->next = from;
	w->entered = w->worked = true;
	w->n_hist = n_hist;
}

/* Whether the legacy-USB toggle also switches the USB drivers live: not
 * when only image files are listed, and not in a dry run. */
bool wiz_usb_live_applies(const struct wiz *w)
{
	return !w->o->only_listed && !w->o->dry_run && w->major < 7;
}

/* Can the disk be used for w->img (the backend's rules)? */
int wiz_img_check(const struct wiz *w, const struct disk *d, struct stoat_err *e)
{
	return image_disk_usable(d, w->img != IMG_BACKUP, e);
}

/* Fill r with how the wizard ended. */
static void wiz_result(struct wizard_result *r, int status, const char *msg, bool reboot)
{
	r->status = status;
	snprintf(r->msg, sizeof(r->msg), "%s", msg ? msg : "");
	r->reboot = reboot;
}

/* The wizard's state for options o, without screens yet; NULL, with r
 * filled, when o is refused or memory runs out. */
struct wiz *wiz_new(const struct wizard_opts *o, struct wizard_result *r)
{
	struct wiz *w;

	w = calloc(1, sizeof(*w));
	if (!w) {
		wiz_result(r, WIZARD_FAIL, _("out of memory"), false);
		return NULL;
	}
	w->opts = *o;
	w->o = &w->opts;
	/* no --media: Welcome looks for it */
	w->finding = !o->media;
	w->legacy_usb = o->legacy_usb;
	snprintf(w->bootline, sizeof(w->bootline), "%s", o->boot_options ? o->boot_options : "");
	w->nested = o->nested_template;
	plan_init(&w->plan);
	wiz_console_language(w);
	return w;
}

/* Open the media and the terminal, walk w->screens from Welcome until one
 * ends the wizard, and close the terminal; fills r with how it ended. */
void wiz_main(struct wiz *w, struct wizard_result *r)
{
	struct stoat_err e = { 0 };

	if (w->o->media && wiz_media_use(w, w->o->media, &e) < 0) {
		wiz_result(r, WIZARD_FAIL, e.msg, false);
		return;
	}
	wiz_topline(w);
	if (tui_init(&w->tui, w->o->no_color, &e) < 0) {
		wiz_result(r, WIZARD_FAIL, e.msg, false);
		return;
	}
	/* --legacy-usb: the USB disks change driver before the first scan */
	w->usb_live = w->legacy_usb && wiz_usb_live_applies(w);
	w->img_verify = !w->o->no_verify;
	w->cur = w->next = SCR_WELCOME;
	wiz_run(w, SCR_COUNT);
	/* The USB drivers stay as the operator left them (README). */
	tui_end(&w->tui);
	/* A reboot is what the operator asked for on Complete (or past the
	 * system scan's errors); the program does it. */
	wiz_result(r, w->status, w->exit_msg, w->reboot);
}

/* Release w and everything it holds; passwords are wiped. */
void wiz_free(struct wiz *w)
{
	pw_wipe(w->pw, sizeof(w->pw));
	pw_wipe(w->plan.pwhash, sizeof(w->plan.pwhash));
	plan_free(&w->plan);
	disk_list_free(&w->disks);
	media_found_free(&w->found);
	free(w->eula);
	free(w->dry_text);
	pxe_report_free(&w->pxe_notes);
	free(w->pxe_readme);
	if (w->media)
		media_close(w->media);
	free(w);
}

/* The wizard's boot options, in their order (ui.h). */
int wiz_bootopts(const struct wiz *w, struct bootopts *bo, struct stoat_err *e)
{
	memset(bo, 0, sizeof(*bo));
	bo->nested_template = w->nested;
	if (bootopts_from_media(bo, w->media, e) < 0)
		return -e->code;
	if (w->o->media_size != LAYOUT_MS_DEFAULT) {
		bo->has_media_size = true;
		bo->media_size = w->o->media_size;
	}
	if (bootopts_parse(bo, w->bootline, 0, e) < 0)
		return -e->code;
	return 0;
}

/* Whether the media lacks a UEFI boot loader and the install may not do
 * without one: then no disk can be used, and the media is to blame. */
static bool wiz_media_uefi_lacking(struct wiz *w)
{
	struct stoat_err e = { 0 };
	const struct bootkit *kit = media_bootkit(w->media, &e);
	char why[512];

	return !w->o->allow_no_uefi && kit && !bootkit_uefi_ready(kit, why, sizeof(why));
}

/* See ui.h. */
bool wiz_install_fits(struct wiz *w, const struct disk *d)
{
	struct install_plan *p = malloc(sizeof(*p));
	struct stoat_err e = { 0 };
	int rc;

	if (!p) {
		wiz_message(w, _("Disk Cannot Be Used"), _("out of memory"), true);
		return false;
	}
	plan_init(p);
	p->target = *d;
	p->layout = w->layout;
	p->allow_no_uefi = w->o->allow_no_uefi;
	rc = install_check_fit(p, w->media, &e);
	plan_free(p);
	free(p);
	if (rc == 0)
		return true;
	wiz_message(w, wiz_media_uefi_lacking(w) ? _("Install Media Cannot Be Used") : _("Disk Cannot Be Used"),
		    e.msg, true);
	return false;
}
