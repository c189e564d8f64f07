/* scr_cancel.c - the "leave the installer?" dialog that Esc opens over any
 * screen: F9 (or Esc) returns to that screen, F11 leaves with status 1. */
#include "config.h"

#include "nls.h"
#include "ui.h"

static const struct ui_hint cancel_hints[] = {
	{ UK_F9, N_("No"), false },
	{ UK_F11, N_("Yes, cancel"), false },
};

/* Draw the question over the screen below (drawn by the wizard). */
static void cancel_draw(struct wiz *w)
{
	struct ui_box b;
	int y;

	b = ui_dialog(&w->tui, 8, 60, _("Cancel the Installation?"), cancel_hints,
		      N_ELEMS(cancel_hints), false);
	y = b.y;
	y += ui_para(&b, y, _("Nothing has been written to any disk yet."),
		     theme_attr(&w->tui, EL_DIALOG));
	ui_para(&b, y, _("Do you want to leave the installer?"),
		theme_attr(&w->tui, EL_EMPH));
}

/* F11 leaves; F9 or Esc go back to the screen below. */
static void cancel_key(struct wiz *w, const struct ui_event *ev)
{
	switch (ev->key) {
	case UK_F11:
		wiz_exit(w, WIZARD_FAIL, _("the installation was cancelled; no disk was changed"));
		break;
	case UK_F9:
	case UK_ESC:
		w->next = w->cancel_from;
		break;
	default:
		break;
	}
}

const struct scr_ops scr_cancel = {
	.name = "cancel",
	.draw = cancel_draw,
	.key = cancel_key,
	.own_esc = true,
};
