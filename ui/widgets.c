/* widgets.c - the screen furniture: background and top line, dialog frames,
 * key bars generated from hint tables, gauge, masked field, list motion. */
#include "config.h"

#include <limits.h>
#include <string.h>

#include "nls.h"
#include "ui.h"

/* Fill a rectangle with blanks in attribute a. */
static void ui_fill(int y, int x, int h, int w, attr_t a)
{
	int i;

	attrset(a);
	for (i = 0; i < h; i++)
		mvhline(y + i, x, ' ', w);
}

/* Fill the screen, draw the top line. */
void ui_background(const struct tui *t, const char *topline)
{
	attr_t a = theme_attr(t, EL_TOPLINE);

	bkgdset(' ' | theme_attr(t, EL_SCREEN));
	erase();
	ui_fill(0, 0, LINES, COLS, theme_attr(t, EL_SCREEN));
	ui_put(0, 1, COLS - 2, topline, a);
}

/* Text of one hint: "(F11) Accept and Continue". */
static void hint_text(const struct ui_hint *h, char *buf, size_t size)
{
	snprintf(buf, size, "(%s) %s", keymap_label(h->key), _(h->label));
}

#define HINT_GAP 3

/* Rows the key bar of the hints needs inside width w. */
int ui_keybar_rows(const struct ui_hint *hints, size_t n, int w)
{
	char buf[160];
	int rows = n ? 1 : 0, col = 0, hw;
	size_t i;

	for (i = 0; i < n; i++) {
		hint_text(&hints[i], buf, sizeof(buf));
		hw = ui_width(buf);
		if (col && col + HINT_GAP + hw > w) {
			rows++;
			col = 0;
		}
		col += (col ? HINT_GAP : 0) + hw;
	}
	return rows;
}

/* Draw hints[from..to) centred on row y. */
static void keybar_row(const struct tui *t, int y, int x, int w,
		       const struct ui_hint *hints, size_t from, size_t to)
{
	char buf[160], key[32];
	int total = 0, col;
	size_t i;

	for (i = from; i < to; i++) {
		hint_text(&hints[i], buf, sizeof(buf));
		total += (i > from ? HINT_GAP : 0) + ui_width(buf);
	}
	col = x + (total < w ? (w - total) / 2 : 0);
	for (i = from; i < to; i++) {
		attr_t ka = hints[i].disabled ? theme_attr(t, EL_DISABLED) : theme_attr(t, EL_KEY);
		attr_t la = hints[i].disabled ? theme_attr(t, EL_DISABLED) : theme_attr(t, EL_DIALOG);

		if (i > from)
			col += HINT_GAP;
		snprintf(key, sizeof(key), "(%s)", keymap_label(hints[i].key));
		col += ui_put(y, col, x + w - col, key, ka);
		col += ui_put(y, col, x + w - col, " ", la);
		col += ui_put(y, col, x + w - col, _(hints[i].label), la);
	}
}

/* Draw the key hints centred in rows starting at y. */
void ui_keybar(const struct tui *t, int y, int x, int w,
	       const struct ui_hint *hints, size_t n, attr_t bg)
{
	char buf[160];
	size_t i, from = 0;
	int col = 0, hw;

	(void)bg;
	for (i = 0; i < n; i++) {
		hint_text(&hints[i], buf, sizeof(buf));
		hw = ui_width(buf);
		if (col && col + HINT_GAP + hw > w) {
			keybar_row(t, y++, x, w, hints, from, i);
			from = i;
			col = 0;
		}
		col += (col ? HINT_GAP : 0) + hw;
	}
	if (from < n)
		keybar_row(t, y, x, w, hints, from, n);
}

/* Draw a centred dialog of h x w (clipped to the screen) with title and a
 * key bar; returns the inner area above the key bar. */
struct ui_box ui_dialog(const struct tui *t, int h, int w, const char *title,
			const struct ui_hint *hints, size_t n_hints, bool error)
{
	attr_t frame = theme_attr(t, error ? EL_ERRDIALOG : EL_BORDER);
	struct ui_box b;
	int y, x, kb, tw;

	if (w > COLS - 2)
		w = COLS - 2;
	if (h > LINES - 2)
		h = LINES - 2;
	y = 1 + (LINES - 1 - h) / 2;
	x = (COLS - w) / 2;
	ui_fill(y, x, h, w, theme_attr(t, EL_DIALOG));
	attrset(frame);
	mvhline(y, x + 1, ACS_HLINE, w - 2);
	mvhline(y + h - 1, x + 1, ACS_HLINE, w - 2);
	mvvline(y + 1, x, ACS_VLINE, h - 2);
	mvvline(y + 1, x + w - 1, ACS_VLINE, h - 2);
	mvaddch(y, x, ACS_ULCORNER);
	mvaddch(y, x + w - 1, ACS_URCORNER);
	mvaddch(y + h - 1, x, ACS_LLCORNER);
	mvaddch(y + h - 1, x + w - 1, ACS_LRCORNER);
	if (title && *title) {
		tw = ui_width(title) + 2;
		if (tw > w - 4)
			tw = w - 4;
		ui_put(y, x + (w - tw) / 2, 1, " ", frame);
		ui_put(y, x + (w - tw) / 2 + 1, tw - 2, title,
		       theme_attr(t, error ? EL_ERRDIALOG : EL_TITLE));
		ui_put(y, x + (w - tw) / 2 + tw - 1, 1, " ", frame);
	}
	b.x = x + 2;
	b.w = w - 4;
	b.y = y + 2;
	kb = ui_keybar_rows(hints, n_hints, b.w);
	if (kb)
		ui_keybar(t, y + h - 1 - kb, b.x, b.w, hints, n_hints, 0);
	b.h = h - 3 - (kb ? kb + 1 : 0);
	return b;
}

/* A horizontal gauge of w columns, frac in [0,1]. */
void ui_gauge(const struct tui *t, int y, int x, int w, double frac)
{
	int fill;

	if (frac < 0)
		frac = 0;
	if (frac > 1)
		frac = 1;
	fill = (int)(frac * w + 0.5);
	attrset(theme_attr(t, EL_GAUGE));
	mvhline(y, x, t->mono ? '#' : ' ', fill);
	attrset(theme_attr(t, EL_GAUGE_EMPTY));
	mvhline(y, x + fill, t->mono ? '.' : ACS_CKBOARD, w - fill);
}

/* A gauge of done out of total bytes on line y, "done of total" under it. */
void ui_gauge_bytes(const struct tui *t, int y, int x, int w, uint64_t done, uint64_t total)
{
	char d[32], tot[32], buf[96];

	ui_gauge(t, y, x, w, total ? (double)done / (double)total : 0);
	disk_format_size(done, d, sizeof(d));
	disk_format_size(total, tot, sizeof(tot));
	snprintf(buf, sizeof(buf), _("%s of %s"), d, tot);
	ui_put(y + 1, x, w, buf, theme_attr(t, EL_DIALOG));
}

/* One row of a choice list (see ui.h). */
void ui_radio_row(const struct tui *t, const struct ui_box *b, int y, const char *label,
		  bool sel, bool off)
{
	attr_t a = theme_attr(t, sel ? EL_SELECTED : off ? EL_DISABLED : EL_DIALOG);
	char row[512];

	attrset(a);
	mvhline(y, b->x, ' ', b->w);
	snprintf(row, sizeof(row), "(%c) %s", sel ? 'o' : ' ', label);
	ui_put(y, b->x + 1, b->w - 2, row, a);
}

/* A masked field of w columns holding n characters. */
void ui_field(const struct tui *t, int y, int x, int w, size_t n, bool focus)
{
	int i;

	attrset(theme_attr(t, EL_DIALOG));
	mvaddch(y, x - 1, '[');
	mvaddch(y, x + w, ']');
	attrset(theme_attr(t, focus ? EL_FIELD_FOCUS : EL_FIELD));
	mvhline(y, x, ' ', w);
	for (i = 0; i < (int)n && i < w - 1; i++)
		mvaddch(y, x + i, '*');
	if (focus) {
		move(y, x + (i < w - 1 ? i : w - 1));
		curs_set(1);
	}
}

/* The "terminal too small" notice. */
void ui_too_small(const struct tui *t)
{
	char msg[160];

	bkgdset(' ' | theme_attr(t, EL_SCREEN));
	erase();
	snprintf(msg, sizeof(msg), _("The terminal is too small: %dx%d. Make it at least %dx%d."),
		 COLS, LINES, UI_MIN_COLS, UI_MIN_LINES);
	{
		struct ui_box b = { LINES / 2 - 1, 1, LINES / 2 + 1, COLS - 2 };

		ui_para(&b, b.y, msg, theme_attr(t, EL_TOPLINE));
	}
}

/* Keep the selection on screen. */
void ui_list_fix(struct ui_list *l, int visible)
{
	if (l->sel >= l->n)
		l->sel = l->n - 1;
	if (l->sel < 0)
		l->sel = 0;
	if (visible < 1)
		visible = 1;
	if (l->top > l->sel)
		l->top = l->sel;
	if (l->sel >= l->top + visible)
		l->top = l->sel - visible + 1;
	if (l->top > l->n - visible)
		l->top = l->n - visible;
	if (l->top < 0)
		l->top = 0;
}

/* Move the selection for up/down/pgup/pgdn/home/end; true if handled. */
bool ui_list_key(struct ui_list *l, enum ui_key k, int visible)
{
	switch (k) {
	case UK_UP: l->sel--; break;
	case UK_DOWN: l->sel++; break;
	case UK_PGUP: l->sel -= visible > 1 ? visible - 1 : 1; break;
	case UK_PGDN: l->sel += visible > 1 ? visible - 1 : 1; break;
	case UK_HOME: l->sel = 0; break;
	case UK_END: l->sel = l->n - 1; break;
	default: return false;
	}
	ui_list_fix(l, visible);
	return true;
}

/* A text field showing the end of s, with the cursor after it. */
void ui_text_field(const struct tui *t, int y, int x, int w, const char *s)
{
	size_t off = 0, len = strlen(s);

	/* Skip whole characters until the rest fits before the cursor. */
	while (off < len && ui_width(s + off) > w - 1) {
		off++;
		while (off < len && ((unsigned char)s[off] & 0xC0) == 0x80)
			off++;
	}
	attrset(theme_attr(t, EL_DIALOG));
	mvaddch(y, x - 1, '[');
	mvaddch(y, x + w, ']');
	attrset(theme_attr(t, EL_FIELD_FOCUS));
	mvhline(y, x, ' ', w);
	ui_put(y, x, w - 1, s + off, theme_attr(t, EL_FIELD_FOCUS));
	move(y, x + ui_width(s + off));
	curs_set(1);
}

/* Append a typed character to buf (as multibyte), when it fits. */
void ui_text_type(char *buf, size_t size, wchar_t ch)
{
	char mb[MB_LEN_MAX];
	size_t len = strlen(buf), n;
	mbstate_t st;

	memset(&st, 0, sizeof(st));
	n = wcrtomb(mb, ch, &st);
	if (n == (size_t)-1 || len + n >= size)
		return;
	memcpy(buf + len, mb, n);
	buf[len + n] = '\0';
}

/* Remove the last character of buf. */
void ui_text_erase(char *buf)
{
	size_t len = strlen(buf);

	while (len > 0) {
		unsigned char c = (unsigned char)buf[--len];

		buf[len] = '\0';
		if ((c & 0xC0) != 0x80)
			break;
	}
}
