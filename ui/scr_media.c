/* scr_media.c - no --media was given and install media was found in more
 * than one place (or again after a search from the no-media screen):
 * choose the one to install from. Each row names the media and where it
 * is (arrows on the right where more lie out of view); under the list,
 * the highlighted one's version and kind. Enter opens it and goes on to
 * the license, F5 looks again, F9 goes back. With none found, the
 * no-media screen stands in for this one. */
#include "config.h"

#include <stdio.h>

#include "media.h"
#include "nls.h"
#include "ui.h"

static const struct ui_hint media_hints[] = {
	{ UK_ESC, N_("Cancel"), false },
	{ UK_F5, N_("Look Again"), false },
	{ UK_F9, N_("Back"), false },
	{ UK_ENTER, N_("Continue"), false },
};

/* The media's version and where it is, as the operator knows it. */
static void media_detail(const struct media_found *f, char *buf, size_t size)
{
	switch (f->kind) {
	case MEDIA_FOUND_OPTICAL:
		snprintf(buf, size, _("Version %s, in the CD/DVD drive %s"), f->version, f->path);
		break;
	case MEDIA_FOUND_DEVICE:
		snprintf(buf, size, _("Version %s, on the USB stick or disk %s"), f->version, f->path);
		break;
	case MEDIA_FOUND_FOLDER:
		snprintf(buf, size, _("Version %s, in the folder %s"), f->version, f->path);
		break;
	default:
		snprintf(buf, size, _("Version %s, in the ISO file %s"), f->version, f->path);
		break;
	}
}

#define MEDIA_W 76
#define MEDIA_ROWS 8	/* rows shown at most; the list scrolls */

/* Rows of the list on the screen. */
static int media_visible(const struct wiz *w)
{
	return w->media_list.n < MEDIA_ROWS ? w->media_list.n : MEDIA_ROWS;
}

/* Arrive: with nothing usable found, say what to do instead. */
static void media_enter(struct wiz *w)
{
	if (!w->found.n_usable) {
		wiz_replace(w, SCR_NOMEDIA);
		return;
	}
	w->media_list.n = (int)w->found.n_usable;
	ui_list_fix(&w->media_list, media_visible(w));
}

/* Draw the intro, the media found and the highlighted one's details. */
static void media_draw(struct wiz *w)
{
	const struct tui *t = &w->tui;
	const char *intro = w->find_busy ? _("Looking for install media...")
		: _("ESXi install media was found in more than one place. Choose the one to install from:");
	const struct media_found *f;
	char row[640], detail[4352];
	struct ui_box b;
	int y, i, vis = media_visible(w), h;

	if (!w->media_list.n || w->media_list.sel >= (int)w->found.n_usable)
		return;
	f = &w->found.v[w->media_list.sel];
	media_detail(f, detail, sizeof(detail));
	/* three blocks, a blank line after each */
	h = ui_wrap(intro, MEDIA_W - 4, NULL, 0) + vis + ui_wrap(detail, MEDIA_W - 4, NULL, 0) +
	    3 + 3 + ui_keybar_rows(media_hints, N_ELEMS(media_hints), MEDIA_W - 4);
	b = wiz_dialog(w, h, MEDIA_W, _("Select the Install Media"), media_hints, N_ELEMS(media_hints));
	y = b.y + ui_para(&b, b.y, intro, theme_attr(t, EL_DIALOG)) + 1;
	for (i = 0; i < vis; i++) {
		f = &w->found.v[w->media_list.top + i];
		snprintf(row, sizeof(row), "%-28s %s", f->title, f->path);
		ui_radio_row(t, &b, y + i, row, w->media_list.top + i == w->media_list.sel, false);
	}
	/* arrows at the right edge where more media lie out of view */
	attrset(theme_attr(t, EL_DISABLED));
	if (w->media_list.top > 0)
		mvaddch(y, b.x + b.w - 1, ACS_UARROW);
	if (w->media_list.top + vis < w->media_list.n)
		mvaddch(y + vis - 1, b.x + b.w - 1, ACS_DARROW);
	ui_para(&b, y + vis + 1, detail, theme_attr(t, EL_EMPH));
}

/* Enter opens the highlighted media and goes on to the license. */
static void media_choose(struct wiz *w)
{
	struct stoat_err e = { 0 };

	if (wiz_media_use(w, w->found.v[w->media_list.sel].path, &e) < 0)
		wiz_message(w, _("Install Media"), e.msg, true);
	else
		wiz_go(w, SCR_EULA);
}

/* Arrows choose, Enter uses, F5 looks again, F9 back. */
static void media_key(struct wiz *w, const struct ui_event *ev)
{
	if (ui_list_key(&w->media_list, ev->key, media_visible(w)))
		return;
	switch (ev->key) {
	case UK_ENTER:
		media_choose(w);
		break;
	case UK_F5:
		wiz_media_find(w);
		media_enter(w);
		break;
	case UK_F9:
		wiz_back(w);
		break;
	default:
		break;
	}
}

const struct scr_ops scr_media = {
	.name = "media",
	.enter = media_enter,
	.draw = media_draw,
	.key = media_key,
};
