/* theme.c - colors as a table of semantic elements x schemes.
 *
 * The installer scheme: light-gray dialogs with line borders on black,
 * black text on light gray, yellow highlights, the selected row and the
 * gauge in yellow, errors in dark red. The monochrome scheme uses only
 * attributes, for --no-color, NO_COLOR and terminals without color.
 * Widgets ask theme_attr(t, EL_...) and never use pair numbers. */
#include "config.h"

#include "ui.h"

enum { SCHEME_INSTALLER, SCHEME_MONO, SCHEME_COUNT };

struct theme_entry {
	short fg, bg;		/* installer scheme colors */
	attr_t color_attr;	/* extra attributes with colors */
	attr_t mono_attr;	/* attributes in the monochrome scheme */
};

/* Indexed by enum ui_el; the color pair of element i is i + 1. */
static const struct theme_entry theme_table[EL_COUNT] = {
	[EL_SCREEN]	= { COLOR_WHITE, COLOR_BLACK, A_NORMAL, A_NORMAL },
	[EL_TOPLINE]	= { COLOR_WHITE, COLOR_BLACK, A_BOLD, A_BOLD },
	[EL_DIALOG]	= { COLOR_BLACK, COLOR_WHITE, A_NORMAL, A_NORMAL },
	[EL_BORDER]	= { COLOR_BLACK, COLOR_WHITE, A_NORMAL, A_NORMAL },
	[EL_TITLE]	= { COLOR_BLACK, COLOR_WHITE, A_BOLD, A_BOLD },
	[EL_EMPH]	= { COLOR_YELLOW, COLOR_WHITE, A_BOLD, A_BOLD | A_UNDERLINE },
	[EL_SELECTED]	= { COLOR_BLACK, COLOR_YELLOW, A_NORMAL, A_REVERSE },
	[EL_DISABLED]	= { COLOR_BLACK, COLOR_WHITE, A_DIM, A_DIM },
	[EL_ERROR]	= { COLOR_RED, COLOR_WHITE, A_NORMAL, A_BOLD },
	[EL_ERRDIALOG]	= { COLOR_RED, COLOR_WHITE, A_BOLD, A_BOLD },
	[EL_GAUGE]	= { COLOR_BLACK, COLOR_YELLOW, A_NORMAL, A_REVERSE },
	[EL_GAUGE_EMPTY] = { COLOR_BLACK, COLOR_WHITE, A_NORMAL, A_NORMAL },
	[EL_KEY]	= { COLOR_BLACK, COLOR_WHITE, A_BOLD, A_BOLD },
	[EL_FIELD]	= { COLOR_WHITE, COLOR_BLACK, A_NORMAL, A_UNDERLINE },
	[EL_FIELD_FOCUS] = { COLOR_YELLOW, COLOR_BLACK, A_BOLD, A_REVERSE },
};

/* Set up the color pairs of the scheme (mono: attributes only). */
void theme_init(struct tui *t)
{
	int i;

	if (t->mono)
		return;
	if (COLOR_PAIRS <= EL_COUNT) {
		t->mono = true;
		return;
	}
	for (i = 0; i < EL_COUNT; i++)
		init_pair((short)(i + 1), theme_table[i].fg, theme_table[i].bg);
}

/* The curses attributes of an element in the active scheme. */
attr_t theme_attr(const struct tui *t, enum ui_el el)
{
	const struct theme_entry *te;

	if ((int)el < 0 || el >= EL_COUNT)
		el = EL_DIALOG;
	te = &theme_table[el];
	if (t->mono)
		return te->mono_attr;
	return COLOR_PAIR(el + 1) | te->color_attr;
}
