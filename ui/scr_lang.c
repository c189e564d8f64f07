/* scr_lang.c - choose the language of the wizard (F2 on the welcome
 * screen). Each language is named in itself; one this terminal cannot
 * show is greyed with the reason. Enter switches at once, F9 goes back. */
#include "config.h"

#include <stdio.h>
#include <string.h>

#include "lang.h"
#include "nls.h"
#include "ui.h"

static const struct ui_hint lang_hints[] = {
	{ UK_ESC, N_("Cancel"), false },
	{ UK_F9, N_("Back"), false },
	{ UK_ENTER, N_("Choose"), false },
};

/* Why this terminal cannot show language l, or NULL when it can. */
static const char *lang_blocked(const struct lang *l)
{
	if (!strcmp(l->code, "en"))
		return NULL;
	if (!lang_utf8())
		return _("needs a UTF-8 terminal");
	if (l->wide && tui_console())
		return _("the Linux console cannot draw it");
	return NULL;
}

/* The name to show: in itself, or in ASCII where the font lacks it. */
static const char *lang_label(const struct lang *l)
{
	return l->wide && (tui_console() || !lang_utf8()) ? l->english : l->native;
}

/* Select the language in use. */
static void lang_enter(struct wiz *w)
{
	struct lang cur;
	size_t i, n;

	lang_current(&cur);
	n = lang_list(w->langs, LANG_MAX);
	w->lang_list.n = (int)n;
	w->lang_list.sel = 0;
	for (i = 0; i < n; i++)
		if (!strcmp(w->langs[i].code, cur.code))
			w->lang_list.sel = (int)i;
	w->lang_status[0] = '\0';
}

/* Draw the list. */
static void lang_draw(struct wiz *w)
{
	const struct tui *t = &w->tui;
	const struct lang *v = w->langs;
	int i, y, n = w->lang_list.n;
	struct ui_box b;

	b = wiz_dialog(w, n + 9, 56, _("Language"), lang_hints, N_ELEMS(lang_hints));
	y = b.y + ui_para(&b, b.y, _("Choose the language of the installer."), theme_attr(t, EL_DIALOG)) + 1;
	for (i = 0; i < n; i++, y++) {
		const char *why = lang_blocked(&v[i]);
		bool sel = i == w->lang_list.sel;
		attr_t a = theme_attr(t, sel ? EL_SELECTED : why ? EL_DISABLED : EL_DIALOG);
		char row[160];

		if (why)
			snprintf(row, sizeof(row), "%s (%s)", lang_label(&v[i]), why);
		else
			snprintf(row, sizeof(row), "%s", lang_label(&v[i]));
		attrset(a);
		mvhline(y, b.x + 2, ' ', b.w - 4);
		if (sel)
			ui_put(y, b.x + 2, 1, ">", a);
		ui_put(y, b.x + 4, b.w - 6, row, a);
	}
	if (w->lang_status[0])
		ui_para(&b, y + 1, w->lang_status, theme_attr(t, EL_ERROR));
}

/* Arrows move, Enter switches the language and goes back, F9 goes back. */
static void lang_key(struct wiz *w, const struct ui_event *ev)
{
	const struct lang *l = &w->langs[w->lang_list.sel];
	struct stoat_err e = { 0 };
	const char *why;

	if (ui_list_key(&w->lang_list, ev->key, w->lang_list.n)) {
		w->lang_status[0] = '\0';
		return;
	}
	if (ev->key == UK_F9) {
		wiz_back(w);
	} else if (ev->key == UK_ENTER) {
		why = lang_blocked(l);
		if (why) {
			snprintf(w->lang_status, sizeof(w->lang_status), "%s: %s", lang_label(l), why);
		} else if (lang_use(l->code, &e) < 0) {
			snprintf(w->lang_status, sizeof(w->lang_status), "%s", e.msg);
		} else {
			wiz_lang_changed(w);
			wiz_back(w);
		}
	}
}

const struct scr_ops scr_lang = {
	.name = "language",
	.enter = lang_enter,
	.draw = lang_draw,
	.key = lang_key,
};
