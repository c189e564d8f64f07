/* scr_eula.c - the license agreement: a pager over the media's license
 * text. F11 accepts, Esc declines and leaves with status 1. */
#include "config.h"

#include <stdio.h>
#include <stdlib.h>

#include "nls.h"
#include "ui.h"

static const struct ui_hint eula_hints[] = {
	{ UK_ESC, N_("Do not Accept"), false },
	{ UK_F11, N_("Accept and Continue"), false },
};

/* Lines the pager shows in the current layout. */
static int eula_rows(struct ui_box *b)
{
	return b->h - 2;
}

/* Draw the license page at the pager position. */
static void eula_draw(struct wiz *w)
{
	const struct tui *t = &w->tui;
	struct ui_line *lines;
	struct ui_box b;
	char pos[128];
	int n, i, rows;

	b = wiz_dialog(w, LINES - 2, 78, _("License Agreement"), eula_hints, N_ELEMS(eula_hints));
	ui_put(b.y, b.x, b.w, _("Read the license below. Scroll with the arrow keys, PgUp and PgDn."),
	       theme_attr(t, EL_EMPH));
	b.y += 1;
	b.h -= 1;
	rows = eula_rows(&b);
	n = ui_wrap(w->eula, b.w, NULL, 0);
	lines = calloc((size_t)n + 1, sizeof(*lines));
	if (!lines)
		return;
	ui_wrap(w->eula, b.w, lines, n);
	w->pager.n = n;
	if (w->pager.top > n - rows)
		w->pager.top = n - rows;
	if (w->pager.top < 0)
		w->pager.top = 0;
	for (i = 0; i < rows && w->pager.top + i < n; i++)
		ui_nput(b.y + 1 + i, b.x, b.w, w->eula + lines[w->pager.top + i].off,
			lines[w->pager.top + i].len, theme_attr(t, EL_DIALOG));
	snprintf(pos, sizeof(pos), _("Lines %d-%d of %d"), n ? w->pager.top + 1 : 0,
		 w->pager.top + i, n);
	ui_put(b.y + b.h - 1, b.x + b.w - ui_width(pos), ui_width(pos), pos,
	       theme_attr(t, EL_DISABLED));
	free(lines);
}

/* Scroll; F11 accepts; Esc declines. */
static void eula_key(struct wiz *w, const struct ui_event *ev)
{
	int page = LINES - 10;

	switch (ev->key) {
	case UK_UP: w->pager.top--; break;
	case UK_DOWN: w->pager.top++; break;
	case UK_PGUP: w->pager.top -= page; break;
	case UK_PGDN: case UK_CHAR: w->pager.top += page; break;
	case UK_HOME: w->pager.top = 0; break;
	case UK_END: w->pager.top = w->pager.n; break;
	case UK_F11:
		w->pager.top = 0;
		wiz_go(w, SCR_SCAN);
		break;
	case UK_ESC:
		wiz_exit(w, WIZARD_FAIL, _("the license agreement was not accepted; nothing was installed"));
		break;
	default:
		break;
	}
	if (w->pager.top < 0)
		w->pager.top = 0;
}

const struct scr_ops scr_eula = {
	.name = "eula",
	.draw = eula_draw,
	.key = eula_key,
	.own_esc = true,
};
