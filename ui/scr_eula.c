/* scr_eula.c - the license agreement: a pager over the media's license
 * text. F11 accepts; Esc asks whether to leave without accepting it (the
 * cancel dialog), and leaving gives status 1. */
#include "config.h"

#include <stdio.h>

#include "media.h"
#include "nls.h"
#include "ui.h"

static const struct ui_hint eula_hints[] = {
	{ UK_ESC, N_("Do not Accept"), false },
	{ UK_F11, N_("Accept and Continue"), false },
};

/* Draw the license page at the pager position. */
static void eula_draw(struct wiz *w)
{
	const struct tui *t = &w->tui;
	struct ui_box b, text;
	int shown;

	b = wiz_dialog(w, LINES - 2, 78, _("License Agreement"), eula_hints, N_ELEMS(eula_hints));
	ui_put(b.y, b.x, b.w, _("Read the license below. Scroll with the arrow keys, PgUp and PgDn."),
	       theme_attr(t, EL_EMPH));
	/* the text under the note and a blank line; its position on the last line */
	text = (struct ui_box){ .y = b.y + 2, .x = b.x, .h = b.h - 3, .w = b.w };
	shown = ui_pager_draw(t, &w->pager, w->eula, &text);
	if (shown >= 0)
		ui_pager_position(t, &w->pager, shown, b.y + b.h - 1, b.x + b.w);
}

/* Scroll; F11 accepts (Esc goes to the cancel dialog). */
static void eula_key(struct wiz *w, const struct ui_event *ev)
{
	if (ui_pager_key(&w->pager, ev->key == UK_CHAR ? UK_PGDN : ev->key))
		return;
	switch (ev->key) {
	case UK_F11:
		w->pager.top = 0;
		/* media that does not say its version asks for the layout first */
		wiz_go(w, media_version_source(w->media) == MEDIA_VERSION_UNKNOWN ? SCR_VERSION : SCR_SCAN);
		break;
	default:
		break;
	}
}

const struct scr_ops scr_eula = {
	.name = "eula",
	.draw = eula_draw,
	.key = eula_key,
};
