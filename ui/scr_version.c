/* scr_version.c - the media does not say which ESXi version it holds (no
 * version in its image database, boot.cfg or volume id): ask for the
 * layout instead of guessing, and say what build= the installed boot.cfg
 * will then have. Shown after the license; skipped for media that says
 * its version. */
#include "config.h"

#include <stdio.h>

#include "media.h"
#include "nls.h"
#include "ui.h"

static const struct ui_hint version_hints[] = {
	{ UK_ESC, N_("Cancel"), false },
	{ UK_F9, N_("Back"), false },
	{ UK_ENTER, N_("Continue"), false },
};

/* The answers: a major version and its row. */
struct version_item {
	int major;
	const char *label;
};

static const struct version_item version_items[] = {
	{ 6, N_("ESXi 6.x: the 6.0 to 6.7 partition layout") },
	{ 7, N_("ESXi 7.x or 8.x: the 7.0 and later partition layout") },
};

#define VERSION_W 74

/* The three paragraphs: what is wrong, why, and the build= to come. */
static void version_text(const struct wiz *w, char *why, size_t why_size, char *build, size_t build_size)
{
	media_version_why(w->media, why, why_size);
	snprintf(build, build_size,
		 _("The installed boot.cfg will say build=%s: VMware's boot loader needs a build= that starts with a digit, and the real build is not known."),
		 media_answer_build(version_items[w->ver_list.sel].major));
}

/* Skip the question for media that says its version. */
static void version_enter(struct wiz *w)
{
	enum media_version_source s = media_version_source(w->media);

	if (s != MEDIA_VERSION_UNKNOWN && s != MEDIA_VERSION_ANSWER) {
		wiz_replace(w, SCR_SCAN);
		return;
	}
	w->ver_list.n = (int)N_ELEMS(version_items);
}

/* Draw the question, the reasons, the two answers and the build= note. */
static void version_draw(struct wiz *w)
{
	const struct tui *t = &w->tui;
	const char *intro = _("This media does not say which ESXi version it holds, and stoat does not guess: choose the partition layout it needs.");
	char why[1024], build[512];
	struct ui_box b;
	int h, y, i;

	version_text(w, why, sizeof(why), build, sizeof(build));
	h = ui_wrap(intro, VERSION_W - 4, NULL, 0) + ui_wrap(why, VERSION_W - 4, NULL, 0) +
	    ui_wrap(build, VERSION_W - 4, NULL, 0) + w->ver_list.n + 4 + 3 +
	    ui_keybar_rows(version_hints, N_ELEMS(version_hints), VERSION_W - 4);
	b = wiz_dialog(w, h, VERSION_W, _("ESXi Version Unknown"), version_hints, N_ELEMS(version_hints));
	y = b.y + ui_para(&b, b.y, intro, theme_attr(t, EL_DIALOG)) + 1;
	y += ui_para(&b, y, why, theme_attr(t, EL_DIALOG)) + 1;
	for (i = 0; i < w->ver_list.n; i++)
		ui_radio_row(t, &b, y + i, _(version_items[i].label), i == w->ver_list.sel, false);
	ui_para(&b, y + w->ver_list.n + 1, build, theme_attr(t, EL_EMPH));
}

/* Up/Down choose, Enter answers and goes on, F9 back to the license. */
static void version_key(struct wiz *w, const struct ui_event *ev)
{
	if (ui_list_key(&w->ver_list, ev->key, w->ver_list.n))
		return;
	switch (ev->key) {
	case UK_F9:
		wiz_back(w);
		break;
	case UK_ENTER:
		if (media_set_major(w->media, version_items[w->ver_list.sel].major) == 0) {
			w->major = media_major(w->media);
			wiz_go(w, SCR_SCAN);
		}
		break;
	default:
		break;
	}
}

const struct scr_ops scr_version = {
	.name = "version",
	.enter = version_enter,
	.draw = version_draw,
	.key = version_key,
};
