/* scr_welcome.c - the first screen: what the wizard does, how to drive it
 * from a terminal without function keys. Enter continues, F2 chooses the
 * language, F3 offers the other tasks (flash images, installer sticks,
 * network boot trees), Esc cancels. The dialog is as tall as its text in
 * the language in use. */
#include "config.h"

#include <stdio.h>

#include "media.h"
#include "nls.h"
#include "ui.h"

static const struct ui_hint welcome_hints[] = {
	{ UK_ESC, N_("Cancel"), false },
	{ UK_F2, N_("Language"), false },
	{ UK_F3, N_("Flash Image"), false },
	{ UK_ENTER, N_("Continue"), false },
};

#define WELCOME_W 70
#define WELCOME_PARAS 7

/* With no --media, the line saying which install media was found (or
 * that the search is running, or that none was). */
static const char *welcome_media(const struct wiz *w, char *buf, size_t size)
{
	if (!w->found_done || w->find_busy)
		return _("Looking for install media...");
	if (w->media)
		snprintf(buf, size, _("Install media found: %s on %s."), media_title(w->media),
			 w->media_path);
	else if (w->found.n_usable > 1)
		snprintf(buf, size, _("Install media found in %zu places: press Enter to choose one."),
			 w->found.n_usable);
	else
		return _("No install media was found: press Enter to see what to do, or F3 for flash images.");
	return buf;
}

/* The paragraphs of the dialog and their elements; returns the count. */
static int welcome_text(const struct wiz *w, const char *p[WELCOME_PARAS],
			enum ui_el el[WELCOME_PARAS], char *buf, size_t size)
{
	int n = 0;

	snprintf(buf, size / 2, _("This wizard installs %s on a disk or on a USB or SD flash device."),
		 w->media && media_title(w->media) ? media_title(w->media) : "ESXi");
	p[n] = buf, el[n++] = EL_DIALOG;
	if (w->finding)
		p[n] = welcome_media(w, buf + size / 2, size / 2), el[n++] = EL_EMPH;
	if (w->lang_note[0])
		p[n] = w->lang_note, el[n++] = EL_EMPH;
	p[n] = _("Check that the hardware is supported, and save anything you still need from the disk you will install to: it will be erased.");
	el[n++] = EL_DIALOG;
	p[n] = _("No function keys on this terminal? Press Esc and then a digit: Esc 1 to Esc 9 act as F1 to F9, Esc 0 as F10 and Esc - as F11.");
	el[n++] = EL_EMPH;
	p[n] = _("Instead of installing, F3 writes or backs up a whole device image, makes an installer stick or writes a network boot tree.");
	el[n++] = EL_DIALOG;
	p[n] = _("Press Enter to continue.");
	el[n++] = EL_DIALOG;
	return n;
}

/* Rows the dialog needs for paragraphs p[0..n-1] with gap blank rows
 * between them. */
static int welcome_height(const char *const *p, int n, int gap)
{
	int i, h = 0;

	for (i = 0; i < n; i++)
		h += ui_wrap(p[i], WELCOME_W - 4, NULL, 0) + gap;
	return h + 3 + ui_keybar_rows(welcome_hints, N_ELEMS(welcome_hints), WELCOME_W - 4);
}

/* Draw the welcome dialog. When the text is too tall for the screen (a
 * long language, the media search's line), the last paragraph goes (the
 * key bar says Enter continues), then the blank rows between paragraphs. */
static void welcome_draw(struct wiz *w)
{
	const struct tui *t = &w->tui;
	const char *p[WELCOME_PARAS];
	enum ui_el el[WELCOME_PARAS];
	struct ui_box b;
	char buf[1536];
	int i, n, y, gap = 1, h;

	n = welcome_text(w, p, el, buf, sizeof(buf));
	h = welcome_height(p, n, gap);
	if (h > LINES - 2)
		h = welcome_height(p, --n, gap);
	if (h > LINES - 2)
		h = welcome_height(p, n, --gap) + 1;
	b = wiz_dialog(w, h, WELCOME_W, _("Welcome"), welcome_hints, N_ELEMS(welcome_hints));
	y = b.y;
	for (i = 0; i < n; i++)
		y += ui_para(&b, y, p[i], theme_attr(t, el[i])) + gap;
}

/* Enter goes on to the license, F2 to the language list, F3 to the
 * flash images instead. */
static void welcome_key(struct wiz *w, const struct ui_event *ev)
{
	if (ev->key == UK_ENTER)
		wiz_go(w, w->media ? SCR_EULA : SCR_MEDIA);
	else if (ev->key == UK_F2)
		wiz_go(w, SCR_LANG);
	else if (ev->key == UK_F3)
		wiz_go(w, SCR_IMGMENU);
	else if (ev->key == UK_CHAR && ev->ch == 'O')	/* Shift+O, as ESXi's */
		wiz_go(w, SCR_BOOTOPTS);
}

/* With no --media, look for it once, after the first draw. */
static void welcome_work(struct wiz *w)
{
	if (w->finding && !w->found_done)
		wiz_media_find(w);
}

const struct scr_ops scr_welcome = {
	.name = "welcome",
	.draw = welcome_draw,
	.key = welcome_key,
	.work = welcome_work,
};
