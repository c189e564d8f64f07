/* scr_cancel.c - the "leave the installer?" dialog that Esc (or a first
 * Ctrl-C) opens over any screen: F9 (or Esc) returns to that screen, F11
 * leaves with status 1, and so does Ctrl-C while it asks. Over the license
 * it asks whether to leave without accepting it.
 *
 * Serial fallbacks typed slowly: Esc opens this dialog at once, so a
 * fallback character that follows within CANCEL_LATE_S ("Esc" then "2")
 * closes it and hands the F-key to the screen below. */
#include "config.h"

#include <time.h>

#include "nls.h"
#include "ui.h"

/* How long after opening a fallback character still counts (seconds). */
#define CANCEL_LATE_S 1.0

/* What the dialog says over a screen. */
struct cancel_text {
	enum scr_id from;		/* SCR_COUNT: any other screen */
	const char *title, *para, *yes, *exit_msg;
};

static const struct cancel_text cancel_texts[] = {
	{ SCR_EULA, N_("Leave the Installer?"),
	  N_("The installation cannot go on without accepting the license agreement."),
	  N_("Yes, leave"),
	  N_("the license agreement was not accepted; nothing was installed") },
	{ SCR_COUNT, N_("Cancel the Installation?"),
	  N_("Nothing has been written to any disk yet."),
	  N_("Yes, cancel"),
	  N_("the installation was cancelled; no disk was changed") },
};

/* The text for the screen below. */
static const struct cancel_text *cancel_text(const struct wiz *w)
{
	size_t i;

	for (i = 0; i + 1 < N_ELEMS(cancel_texts); i++)
		if (cancel_texts[i].from == w->cancel_from)
			break;
	return &cancel_texts[i];
}

/* Seconds on the monotonic clock. */
static double cancel_now(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	return (double)ts.tv_sec + (double)ts.tv_nsec / 1e9;
}

/* Remember when the dialog opened, for the late fallbacks. */
static void cancel_enter(struct wiz *w)
{
	w->cancel_at = cancel_now();
}

/* Draw the question over the screen below (drawn by the wizard). */
static void cancel_draw(struct wiz *w)
{
	const struct cancel_text *c = cancel_text(w);
	const struct ui_hint hints[] = {
		{ UK_F9, N_("No"), false },
		{ UK_F11, c->yes, false },
	};
	struct ui_box b;
	int y;

	b = ui_dialog(&w->tui, 8, 60, _(c->title), hints, N_ELEMS(hints), false);
	y = b.y;
	y += ui_para(&b, y, _(c->para), theme_attr(&w->tui, EL_DIALOG));
	ui_para(&b, y, _("Do you want to leave the installer?"),
		theme_attr(&w->tui, EL_EMPH));
}

/* F11 (or Ctrl-C) leaves; F9 or Esc go back to the screen below; a
 * fallback character just after the Esc goes back with its F-key. */
static void cancel_key(struct wiz *w, const struct ui_event *ev)
{
	enum ui_key k;

	switch (ev->key) {
	case UK_F11:
		wiz_exit(w, WIZARD_FAIL, _(cancel_text(w)->exit_msg));
		break;
	case UK_ESC:
		if (ev->ch == 3) {	/* Ctrl-C while asking */
			wiz_exit(w, WIZARD_FAIL, _(cancel_text(w)->exit_msg));
			break;
		}
		/* fall through */
	case UK_F9:
		w->next = w->cancel_from;
		break;
	case UK_CHAR:
		k = keymap_fallback_key(ev->ch);
		if (k != UK_NONE && cancel_now() - w->cancel_at < CANCEL_LATE_S) {
			w->next = w->cancel_from;
			keymap_unget(k);
		}
		break;
	default:
		break;
	}
}

const struct scr_ops scr_cancel = {
	.name = "cancel",
	.enter = cancel_enter,
	.draw = cancel_draw,
	.key = cancel_key,
	.own_esc = true,
};
