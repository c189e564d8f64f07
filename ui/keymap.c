/* keymap.c - keys as a table: curses codes, hint labels, serial fallbacks.
 *
 * Serial terminals often lack function keys, so Esc followed by a digit
 * stands for one: Esc 1..9 = F1..F9, Esc 0 = F10, Esc - (or !) = F11,
 * Esc = = F12. Esc alone (nothing within a moment) or Esc Esc is Esc. */
#include "config.h"

#include "nls.h"
#include "ui.h"

/* How long the key loop waits before checking signals (ms). */
#define KEY_POLL_MS 200
/* How long Esc waits for a fallback digit (ms). */
#define KEY_ESC_MS 600

struct key_def {
	int code;		/* curses KEY_* code, or 0 */
	enum ui_key key;
	const char *label;	/* shown in hints */
	char fallback;		/* the character after Esc, or 0 */
};

static const struct key_def key_table[] = {
	{ KEY_ENTER, UK_ENTER, N_("Enter"), 0 },
	{ 0, UK_ESC, N_("Esc"), 0 },
	{ 0, UK_TAB, N_("Tab"), 0 },
	{ KEY_BTAB, UK_BTAB, N_("Shift+Tab"), 0 },
	{ KEY_BACKSPACE, UK_BACKSPACE, N_("Backspace"), 0 },
	{ KEY_UP, UK_UP, N_("Up"), 0 },
	{ KEY_DOWN, UK_DOWN, N_("Down"), 0 },
	{ KEY_LEFT, UK_LEFT, N_("Left"), 0 },
	{ KEY_RIGHT, UK_RIGHT, N_("Right"), 0 },
	{ KEY_PPAGE, UK_PGUP, N_("PgUp"), 0 },
	{ KEY_NPAGE, UK_PGDN, N_("PgDn"), 0 },
	{ KEY_HOME, UK_HOME, N_("Home"), 0 },
	{ KEY_END, UK_END, N_("End"), 0 },
	{ KEY_RESIZE, UK_RESIZE, "", 0 },
	{ KEY_F(1), UK_F1, "F1", '1' },
	{ KEY_F(2), UK_F2, "F2", '2' },
	{ KEY_F(3), UK_F3, "F3", '3' },
	{ KEY_F(4), UK_F4, "F4", '4' },
	{ KEY_F(5), UK_F5, "F5", '5' },
	{ KEY_F(6), UK_F6, "F6", '6' },
	{ KEY_F(7), UK_F7, "F7", '7' },
	{ KEY_F(8), UK_F8, "F8", '8' },
	{ KEY_F(9), UK_F9, "F9", '9' },
	{ KEY_F(10), UK_F10, "F10", '0' },
	{ KEY_F(11), UK_F11, "F11", '-' },
	{ KEY_F(12), UK_F12, "F12", '=' },
	{ 0, UK_F11, "F11", '!' },
};

/* The table entry of a key, or NULL. */
static const struct key_def *keymap_find(enum ui_key k)
{
	size_t i;

	for (i = 0; i < N_ELEMS(key_table); i++)
		if (key_table[i].key == k)
			return &key_table[i];
	return NULL;
}

/* The label of a key in hints: "Enter", "Esc", "F11". */
const char *keymap_label(enum ui_key k)
{
	const struct key_def *d = keymap_find(k);

	return d ? _(d->label) : "?";
}

/* The serial fallback of a key ("Esc 1"), or NULL. */
const char *keymap_fallback(enum ui_key k)
{
	static const char *const names[] = {
		"Esc 1", "Esc 2", "Esc 3", "Esc 4", "Esc 5", "Esc 6",
		"Esc 7", "Esc 8", "Esc 9", "Esc 0", "Esc -", "Esc =",
	};

	if (k >= UK_F1 && k <= UK_F12)
		return names[k - UK_F1];
	return NULL;
}

/* Translate a wget_wch result into an event. */
static void keymap_translate(int rc, wint_t wc, struct ui_event *ev)
{
	size_t i;

	ev->key = UK_NONE;
	ev->ch = 0;
	ev->code = rc == KEY_CODE_YES ? (int)wc : 0;
	if (rc == KEY_CODE_YES) {
		for (i = 0; i < N_ELEMS(key_table); i++)
			if (key_table[i].code && key_table[i].code == (int)wc) {
				ev->key = key_table[i].key;
				return;
			}
		return;
	}
	switch (wc) {
	case '\r': case '\n': ev->key = UK_ENTER; return;
	case '\t': ev->key = UK_TAB; return;
	case 27: ev->key = UK_ESC; return;
	case 12: ev->key = UK_REDRAW; return;
	case 8: case 127: ev->key = UK_BACKSPACE; return;
	default: break;
	}
	if (wc >= 32 && wc != 127) {
		ev->key = UK_CHAR;
		ev->ch = (wchar_t)wc;
	}
}

/* Wait up to ms for a key without the Esc fallback wait; UK_TICK if none. */
void keymap_poll(struct ui_event *ev, int ms)
{
	wint_t wc = 0;
	int rc;

	if (tui_quit_signal()) {
		ev->key = UK_QUIT;
		ev->ch = 0;
		ev->code = 0;
		return;
	}
	timeout(ms);
	rc = get_wch(&wc);
	if (rc == ERR) {
		ev->key = tui_quit_signal() ? UK_QUIT : UK_TICK;
		ev->ch = 0;
		ev->code = 0;
		return;
	}
	keymap_translate(rc, wc, ev);
}

/* Read one key (waits at most a poll interval); Esc then a digit gives an
 * F-key, for terminals without them. */
void keymap_read(struct ui_event *ev)
{
	struct ui_event next;
	size_t i;

	keymap_poll(ev, KEY_POLL_MS);
	if (ev->key != UK_ESC)
		return;
	/* Esc: a fallback character may follow. */
	keymap_poll(&next, KEY_ESC_MS);
	if (next.key == UK_TICK || next.key == UK_ESC)
		return;
	if (next.key == UK_QUIT) {
		*ev = next;
		return;
	}
	if (next.key == UK_CHAR)
		for (i = 0; i < N_ELEMS(key_table); i++)
			if (key_table[i].fallback &&
			    key_table[i].fallback == next.ch) {
				ev->key = key_table[i].key;
				return;
			}
	/* Not a fallback: deliver Esc now and the key next time. */
	if (next.key == UK_CHAR)
		unget_wch(next.ch);
	else if (next.code)
		ungetch(next.code);
}
