/* ui_pager.c - a scrolling text: the text wrapped to a box, shown from a
 * remembered line, moved by arrows and pages, with an optional "Lines a-b
 * of n" indicator. The license and the dry-run plan use it. */
#include "config.h"

#include <stdio.h>
#include <stdlib.h>

#include "nls.h"
#include "ui.h"

/* Draw text wrapped to b's width in b's rows, from line p->top (first
 * brought into range). Returns the lines shown, -1 when out of memory. */
int ui_pager_draw(const struct tui *t, struct ui_pager *p, const char *text,
		  const struct ui_box *b)
{
	struct ui_line *lines;
	int n, i;

	n = ui_wrap(text, b->w, NULL, 0);
	lines = calloc((size_t)n + 1, sizeof(*lines));
	if (!lines)
		return -1;
	ui_wrap(text, b->w, lines, n);
	p->n = n;
	if (p->top > n - b->h)
		p->top = n - b->h;
	if (p->top < 0)
		p->top = 0;
	for (i = 0; i < b->h && p->top + i < n; i++)
		ui_nput(b->y + i, b->x, b->w, text + lines[p->top + i].off,
			lines[p->top + i].len, theme_attr(t, EL_DIALOG));
	free(lines);
	return i;
}

/* Draw "Lines a-b of n" for the shown lines, right-aligned on line y
 * ending at column x_end. */
void ui_pager_position(const struct tui *t, const struct ui_pager *p, int shown,
		       int y, int x_end)
{
	char pos[128];
	int pw;

	snprintf(pos, sizeof(pos), _("Lines %d-%d of %d"), p->n ? p->top + 1 : 0,
		 p->top + shown, p->n);
	pw = ui_width(pos);
	ui_put(y, x_end - pw, pw, pos, theme_attr(t, EL_DISABLED));
}

/* Scroll for up/down/pgup/pgdn/home/end; true if handled. A page is the
 * text rows of a full-screen dialog; the next draw keeps top in range. */
bool ui_pager_key(struct ui_pager *p, enum ui_key k)
{
	int page = LINES - 10;

	switch (k) {
	case UK_UP: p->top--; break;
	case UK_DOWN: p->top++; break;
	case UK_PGUP: p->top -= page; break;
	case UK_PGDN: p->top += page; break;
	case UK_HOME: p->top = 0; break;
	case UK_END: p->top = p->n; break;
	default: return false;
	}
	if (p->top < 0)
		p->top = 0;
	return true;
}
