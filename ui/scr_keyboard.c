/* scr_keyboard.c - choose the keyboard layout (default US Default). */
#include "config.h"

#include <stdio.h>
#include <string.h>

#include "keyboard.h"
#include "nls.h"
#include "ui.h"

/* Columns of the longest layout name ("Czechoslovakian", "Latin American"). */
#define KBD_NAME_W 16

static const struct ui_hint kbd_hints[] = {
	{ UK_ESC, N_("Cancel"), false },
	{ UK_F9, N_("Back"), false },
	{ UK_ENTER, N_("Continue"), false },
};

/* Rows of the list in the current layout. */
static int kbd_rows(void)
{
	int r = LINES - 2 - 8;

	return r < 3 ? 3 : r;
}

/* First visit: select the default layout. */
static void kbd_enter(struct wiz *w)
{
	size_t i;

	if (w->kbd_list.n)
		return;
	w->kbd_list.n = (int)keyboard_count();
	for (i = 0; keyboard_layouts[i]; i++)
		if (!strcmp(keyboard_layouts[i], KEYBOARD_DEFAULT))
			w->kbd_list.sel = (int)i;
	/* Show the default in the middle, with its neighbours around it. */
	w->kbd_list.top = w->kbd_list.sel - kbd_rows() / 2;
	ui_list_fix(&w->kbd_list, kbd_rows());
}

/* Draw the list of layouts. */
static void kbd_draw(struct wiz *w)
{
	const struct tui *t = &w->tui;
	struct ui_box b;
	int i, rows = kbd_rows(), lx;

	b = wiz_dialog(w, rows + 7, 60, _("Select a Keyboard Layout"), kbd_hints, N_ELEMS(kbd_hints));
	ui_put(b.y, b.x, b.w, _("Use the arrow keys to select a layout."), theme_attr(t, EL_DIALOG));
	ui_list_fix(&w->kbd_list, rows);
	lx = b.x + 4;
	for (i = 0; i < rows && w->kbd_list.top + i < w->kbd_list.n; i++) {
		int k = w->kbd_list.top + i;
		attr_t a = theme_attr(t, k == w->kbd_list.sel ? EL_SELECTED : EL_DIALOG);

		attrset(a);
		mvhline(b.y + 2 + i, lx, ' ', b.w - 8);
		/* A '>' too, for terminals that show no attributes. */
		if (k == w->kbd_list.sel)
			ui_put(b.y + 2 + i, lx, 1, ">", a);
		ui_put(b.y + 2 + i, lx + 2, KBD_NAME_W, keyboard_layouts[k], a);
		/* The name is an identifier; its translation describes it. */
		if (strcmp(_(keyboard_layouts[k]), keyboard_layouts[k]))
			ui_put(b.y + 2 + i, lx + 3 + KBD_NAME_W, b.w - 12 - KBD_NAME_W,
			       _(keyboard_layouts[k]), theme_attr(t, k == w->kbd_list.sel ? EL_SELECTED : EL_DISABLED));
	}
	attrset(theme_attr(t, EL_DISABLED));
	if (w->kbd_list.top > 0)
		mvaddch(b.y + 2, lx + b.w - 7, ACS_UARROW);
	if (w->kbd_list.top + rows < w->kbd_list.n)
		mvaddch(b.y + 1 + rows, lx + b.w - 7, ACS_DARROW);
}

/* Arrows move, Enter chooses, F9 goes back. */
static void kbd_key(struct wiz *w, const struct ui_event *ev)
{
	if (ui_list_key(&w->kbd_list, ev->key, kbd_rows()))
		return;
	if (ev->key == UK_F9)
		wiz_back(w);
	else if (ev->key == UK_ENTER) {
		snprintf(w->plan.keyboard, sizeof(w->plan.keyboard), "%s",
			 keyboard_layouts[w->kbd_list.sel]);
		wiz_go(w, SCR_PASSWORD);
	}
}

const struct scr_ops scr_keyboard = {
	.name = "keyboard",
	.enter = kbd_enter,
	.draw = kbd_draw,
	.key = kbd_key,
};
