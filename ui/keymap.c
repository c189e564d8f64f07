/* keymap.c - keys as tables: the escape sequences terminals send, hint
 * labels, serial fallbacks.
 *
 * stoat reads the bytes itself (keypad is off) so that a key means the
 * same whatever TERM says: the function-key sequences of xterm, vt100 and
 * vt220, the Linux console, PuTTY, rxvt and screen/tmux are all known. A
 * modifier (Shift, Ctrl, Alt: ESC [ 1 ; 2 P, ESC [ 23 ; 5 ~, rxvt's
 * ESC [ 23 ^) does not change the key: Shift-F11 is F11, for terminals
 * that keep the plain key for themselves. Other sequences (ESC [ 200 ~,
 * ESC [ 99 ~) are read to their end and ignored, never taken for Esc.
 *
 * Terminals without function keys: Esc followed by a digit stands for one:
 * Esc 1..9 = F1..F9, Esc 0 = F10, Esc - (or !) = F11, Esc = = F12. Esc
 * alone (nothing within KEY_SEQ_MS) or Esc Esc is Esc. A digit typed a
 * moment after a lone Esc reaches the cancel dialog that Esc opened, which
 * hands the F-key back to the screen below (keymap_fallback_key and
 * keymap_unget). */
#include "config.h"

#include "nls.h"
#include "ui.h"

/* How long the key loop waits before checking signals (ms). */
#define KEY_POLL_MS 200
/* How long Esc, and each byte of a sequence, waits for the next (ms). */
#define KEY_SEQ_MS 80
/* The longest sequence read; longer ones are read to their end and ignored. */
#define KEY_SEQ_MAX 32

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
	/* the one character key a hint names: the Space bar (read as UK_CHAR) */
	{ 0, UK_CHAR, N_("Space"), 0 },
};

/* One escape sequence: ESC [ or ESC O, numbers, a final byte. A letter
 * final means the same after ESC [ and ESC O, whatever the numbers (they
 * are modifiers: ESC [ 1 ; 2 P); a '~' final is told apart by its first
 * number. */
struct seq_def {
	char lead;		/* '[' for the Linux console's ESC [ [ X, else 0 */
	char final;
	int num;		/* the first number, for '~' */
	enum ui_key key;
	char ch;		/* for UK_CHAR: the keypad's character */
};

static const struct seq_def seq_table[] = {
	/* F1-F4: xterm, vt100 PF1-PF4, screen, tmux (ESC O P, ESC [ 1 ; 2 P) */
	{ 0, 'P', 0, UK_F1, 0 }, { 0, 'Q', 0, UK_F2, 0 },
	{ 0, 'R', 0, UK_F3, 0 }, { 0, 'S', 0, UK_F4, 0 },
	/* vt220, PuTTY, rxvt, and F5-F12 everywhere: ESC [ 11 ~ .. ESC [ 24 ~ */
	{ 0, '~', 11, UK_F1, 0 }, { 0, '~', 12, UK_F2, 0 },
	{ 0, '~', 13, UK_F3, 0 }, { 0, '~', 14, UK_F4, 0 },
	{ 0, '~', 15, UK_F5, 0 }, { 0, '~', 17, UK_F6, 0 },
	{ 0, '~', 18, UK_F7, 0 }, { 0, '~', 19, UK_F8, 0 },
	{ 0, '~', 20, UK_F9, 0 }, { 0, '~', 21, UK_F10, 0 },
	{ 0, '~', 23, UK_F11, 0 }, { 0, '~', 24, UK_F12, 0 },
	/* the Linux console and PuTTY's Linux mode: ESC [ [ A .. ESC [ [ E */
	{ '[', 'A', 0, UK_F1, 0 }, { '[', 'B', 0, UK_F2, 0 },
	{ '[', 'C', 0, UK_F3, 0 }, { '[', 'D', 0, UK_F4, 0 },
	{ '[', 'E', 0, UK_F5, 0 },
	/* cursor keys, normal and application mode */
	{ 0, 'A', 0, UK_UP, 0 }, { 0, 'B', 0, UK_DOWN, 0 },
	{ 0, 'C', 0, UK_RIGHT, 0 }, { 0, 'D', 0, UK_LEFT, 0 },
	{ 0, 'H', 0, UK_HOME, 0 }, { 0, 'F', 0, UK_END, 0 },
	{ 0, 'Z', 0, UK_BTAB, 0 },
	/* the editing keys; 7 and 8 are rxvt's Home and End */
	{ 0, '~', 1, UK_HOME, 0 }, { 0, '~', 7, UK_HOME, 0 },
	{ 0, '~', 4, UK_END, 0 }, { 0, '~', 8, UK_END, 0 },
	{ 0, '~', 5, UK_PGUP, 0 }, { 0, '~', 6, UK_PGDN, 0 },
	/* the numeric keypad in application mode (ESC O M, ESC O p ..) */
	{ 0, 'M', 0, UK_ENTER, 0 },
	{ 0, 'j', 0, UK_CHAR, '*' }, { 0, 'k', 0, UK_CHAR, '+' },
	{ 0, 'l', 0, UK_CHAR, ',' }, { 0, 'm', 0, UK_CHAR, '-' },
	{ 0, 'n', 0, UK_CHAR, '.' }, { 0, 'o', 0, UK_CHAR, '/' },
	{ 0, 'X', 0, UK_CHAR, '=' },
	{ 0, 'p', 0, UK_CHAR, '0' }, { 0, 'q', 0, UK_CHAR, '1' },
	{ 0, 'r', 0, UK_CHAR, '2' }, { 0, 's', 0, UK_CHAR, '3' },
	{ 0, 't', 0, UK_CHAR, '4' }, { 0, 'u', 0, UK_CHAR, '5' },
	{ 0, 'v', 0, UK_CHAR, '6' }, { 0, 'w', 0, UK_CHAR, '7' },
	{ 0, 'x', 0, UK_CHAR, '8' }, { 0, 'y', 0, UK_CHAR, '9' },
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

/* The F-key a character after Esc stands for, or UK_NONE. */
enum ui_key keymap_fallback_key(wchar_t ch)
{
	size_t i;

	for (i = 0; i < N_ELEMS(key_table); i++)
		if (key_table[i].fallback && (wchar_t)key_table[i].fallback == ch)
			return key_table[i].key;
	return UK_NONE;
}

/* Hand key k back: the next read returns it. */
void keymap_unget(enum ui_key k)
{
	const struct key_def *d = keymap_find(k);

	if (d && d->code)
		ungetch(d->code);
}

/* Fill ev with key k (and character ch). */
static void keymap_set(struct ui_event *ev, enum ui_key k, wchar_t ch, int code)
{
	ev->key = k;
	ev->ch = ch;
	ev->code = code;
}

/* Translate a get_wch result (not Esc) into an event. */
static void keymap_translate(int rc, wint_t wc, struct ui_event *ev)
{
	size_t i;

	keymap_set(ev, UK_NONE, 0, rc == KEY_CODE_YES ? (int)wc : 0);
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
	case 12: ev->key = UK_REDRAW; return;
	case 8: case 127: ev->key = UK_BACKSPACE; return;
	default: break;
	}
	if (wc >= 32 && wc != 127) {
		ev->key = UK_CHAR;
		ev->ch = (wchar_t)wc;
	}
}

/* One get_wch waiting at most ms: OK, KEY_CODE_YES or ERR. */
static int keymap_get(int ms, wint_t *wc)
{
	timeout(ms);
	return get_wch(wc);
}

/* The key of a whole sequence, or UK_NONE; ch gets a keypad character. */
static enum ui_key keymap_seq_key(char lead, char final, int num, wchar_t *ch)
{
	size_t i;

	/* rxvt marks modifiers with the final: ESC [ 23 $ (Shift), ^ (Ctrl),
	 * @ (both) */
	if (!lead && num > 0 && (final == '$' || final == '^' || final == '@'))
		final = '~';
	for (i = 0; i < N_ELEMS(seq_table); i++) {
		const struct seq_def *s = &seq_table[i];

		if (s->lead != lead || s->final != final)
			continue;
		if (final == '~' && s->num != num)
			continue;
		*ch = (wchar_t)(unsigned char)s->ch;
		return s->key;
	}
	return UK_NONE;
}

/* Read the rest of a sequence after ESC [ (csi) or ESC O into ev; an
 * unknown or broken one gives UK_NONE. */
static void keymap_seq(bool csi, struct ui_event *ev)
{
	int rc, num = -1, len = 0;
	bool first_done = false;
	char lead = 0;
	wchar_t ch = 0;
	wint_t wc;

	keymap_set(ev, UK_NONE, 0, 0);
	for (;;) {
		rc = keymap_get(KEY_SEQ_MS, &wc);
		if (rc != OK) {
			/* cut short (or a resize meanwhile): drop it */
			if (rc == KEY_CODE_YES)
				keymap_translate(rc, wc, ev);
			return;
		}
		if (wc < 0x20 || wc > 0x7e) {
			/* not part of a sequence: read it next time */
			unget_wch((wchar_t)wc);
			return;
		}
		if (csi && len == 0 && wc == '[') {
			/* the Linux console: ESC [ [ and one letter */
			lead = '[';
			len++;
			continue;
		}
		if (++len > KEY_SEQ_MAX) {
			/* far too long: read to its end, then ignore it */
			if (wc >= 0x40)
				return;
			continue;
		}
		if (wc >= '0' && wc <= '9' && !first_done && !lead) {
			num = (num < 0 ? 0 : num * 10) + (int)(wc - '0');
			if (num > 99999)
				num = 99999;
			continue;
		}
		if (wc == ';' || wc == ':')
			first_done = true;
		/* rxvt's Shift marker '$' ends its sequences */
		if (wc >= 0x40 || (wc == '$' && num > 0)) {
			ev->key = keymap_seq_key(lead, (char)wc, num, &ch);
			ev->ch = ch;
			return;
		}
	}
}

/* After ESC: a sequence, a fallback F-key, Esc Esc, or Esc alone. */
static void keymap_after_esc(struct ui_event *ev)
{
	wint_t wc;
	enum ui_key k;
	int rc;

	keymap_set(ev, UK_ESC, 0, 0);
	rc = keymap_get(KEY_SEQ_MS, &wc);
	if (rc == ERR)
		return;				/* Esc alone */
	if (rc == KEY_CODE_YES) {
		/* a resize or a handed-back key: Esc now, that next */
		ungetch((int)wc);
		return;
	}
	if (wc == '[' || wc == 'O') {
		keymap_seq(wc == '[', ev);
		return;
	}
	if (wc == 27) {
		/* Esc Esc is Esc; Esc before a sequence is Alt: the key */
		rc = keymap_get(KEY_SEQ_MS, &wc);
		if (rc == OK && (wc == '[' || wc == 'O'))
			keymap_seq(wc == '[', ev);
		else if (rc == OK)
			unget_wch((wchar_t)wc);
		else if (rc == KEY_CODE_YES)
			ungetch((int)wc);
		return;
	}
	k = keymap_fallback_key((wchar_t)wc);
	if (k != UK_NONE) {
		keymap_set(ev, k, 0, 0);
		return;
	}
	/* Not a fallback: deliver Esc now and the key next time. */
	unget_wch((wchar_t)wc);
}

/* Wait up to ms for a key; UK_TICK if none. Sequences and the Esc
 * fallbacks are read whole; a first Ctrl-C comes as Esc with ch 3. */
void keymap_poll(struct ui_event *ev, int ms)
{
	wint_t wc = 0;
	int rc;

	if (tui_quit_signal()) {
		keymap_set(ev, UK_QUIT, 0, 0);
		return;
	}
	if (tui_interrupt_take()) {
		keymap_set(ev, UK_ESC, 3, 0);
		return;
	}
	rc = keymap_get(ms, &wc);
	if (rc == ERR) {
		keymap_set(ev, tui_quit_signal() ? UK_QUIT : UK_TICK, 0, 0);
		if (ev->key == UK_TICK && tui_interrupt_take())
			keymap_set(ev, UK_ESC, 3, 0);
		return;
	}
	if (rc == OK && wc == 27)
		keymap_after_esc(ev);
	else
		keymap_translate(rc, wc, ev);
	/* F9 and Esc answer No to every question: a Ctrl-C asks again */
	if (ev->key == UK_F9 || ev->key == UK_ESC)
		tui_interrupt_rearm();
}

/* Read one key, waiting at most a poll interval. */
void keymap_read(struct ui_event *ev)
{
	keymap_poll(ev, KEY_POLL_MS);
}
