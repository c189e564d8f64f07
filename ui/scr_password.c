/* scr_password.c - the root password: two masked fields (Tab moves), a
 * live empty/match/mismatch status, the policy with a message per rule.
 * The password is hashed on Enter and the typed text wiped at once. */
#include "config.h"

#include <limits.h>
#include <stdio.h>
#include <string.h>

#include "nls.h"
#include "passwd.h"
#include "ui.h"

static const struct ui_hint pw_hints[] = {
	{ UK_ESC, N_("Cancel"), false },
	{ UK_F9, N_("Back"), false },
	{ UK_TAB, N_("Next field"), false },
	{ UK_ENTER, N_("Continue"), false },
};

/* Characters (not bytes) in a field. */
static size_t pw_chars(const char *s, size_t len)
{
	size_t i, n = 0;

	for (i = 0; i < len; i++)
		if (((unsigned char)s[i] & 0xC0) != 0x80)
			n++;
	return n;
}

/* Draw the two fields with their status and the policy. */
static void pw_draw(struct wiz *w)
{
	const struct tui *t = &w->tui;
	const char *l1 = _("Root password:"), *l2 = _("Confirm password:");
	int lw = ui_width(l1) > ui_width(l2) ? ui_width(l1) : ui_width(l2);
	const char *status;
	enum pw_rule r;
	struct ui_box b;
	int y, fx, fw;

	b = wiz_dialog(w, 19, 72, _("Enter a Root Password"), pw_hints, N_ELEMS(pw_hints));
	y = b.y;
	y += ui_para(&b, y, _("The password must have 7 to 40 ASCII characters from at least three of these classes: lower case, upper case, digits, other characters. A capital letter at the start and a digit at the end do not count toward the classes."),
		     theme_attr(t, EL_DIALOG)) + 1;
	fx = b.x + lw + 2;
	fw = b.w - lw - 4;
	if (fw > 30)
		fw = 30;
	ui_put(y, b.x, lw, l1, theme_attr(t, EL_DIALOG));
	ui_put(y + 2, b.x, lw, l2, theme_attr(t, EL_DIALOG));
	/* Status line first: the focused field must place the cursor last. */
	if (!w->pw_len[0] && !w->pw_len[1])
		status = w->pw_set ? _("A password is already set: press Enter to keep it.")
			: _("Empty: type the password in both fields.");
	else if (!w->pw_len[1])
		status = _("Now type the same password in the second field.");
	else if (w->pw_len[0] == w->pw_len[1] && !memcmp(w->pw[0], w->pw[1], w->pw_len[0]))
		status = _("Match: both passwords are the same.");
	else
		status = _("Mismatch: the passwords are different.");
	ui_put(y + 4, b.x, b.w, status, theme_attr(t, EL_EMPH));
	r = pw_check(w->pw[0]);
	if (w->pw_len[0] && r != PW_OK)
		ui_para(&b, y + 5, pw_rule_message(r), theme_attr(t, EL_ERROR));
	else if (w->pw_note[0])
		ui_para(&b, y + 5, w->pw_note, theme_attr(t, EL_ERROR));
	ui_field(t, y + 2, fx, fw, pw_chars(w->pw[1], w->pw_len[1]), w->pw_focus == 1);
	ui_field(t, y, fx, fw, pw_chars(w->pw[0], w->pw_len[0]), w->pw_focus == 0);
	if (w->pw_focus == 1)
		ui_field(t, y + 2, fx, fw, pw_chars(w->pw[1], w->pw_len[1]), true);
}

/* Append a typed character to the focused field (as multibyte). */
static void pw_type(struct wiz *w, wchar_t ch)
{
	char mb[MB_LEN_MAX];
	mbstate_t st;
	size_t n;
	int f = w->pw_focus;

	memset(&st, 0, sizeof(st));
	n = wcrtomb(mb, ch, &st);
	if (n == (size_t)-1 || w->pw_len[f] + n >= WIZ_PW_MAX)
		return;
	memcpy(w->pw[f] + w->pw_len[f], mb, n);
	w->pw_len[f] += n;
	w->pw[f][w->pw_len[f]] = '\0';
	pw_wipe(mb, sizeof(mb));
}

/* Remove the last character of the focused field. */
static void pw_erase(struct wiz *w)
{
	int f = w->pw_focus;

	while (w->pw_len[f] > 0) {
		unsigned char c = (unsigned char)w->pw[f][--w->pw_len[f]];

		w->pw[f][w->pw_len[f]] = '\0';
		if ((c & 0xC0) != 0x80)
			break;
	}
}

/* Enter: check the policy and the match, hash, wipe, go on. */
static void pw_submit(struct wiz *w)
{
	struct stoat_err e = { 0 };
	enum pw_rule r;

	w->pw_note[0] = '\0';
	if (!w->pw_len[0] && !w->pw_len[1] && w->pw_set) {
		wiz_go(w, SCR_SYSSCAN);
		return;
	}
	r = pw_check(w->pw[0]);
	if (r != PW_OK) {
		snprintf(w->pw_note, sizeof(w->pw_note), "%s", pw_rule_message(r));
		w->pw_focus = 0;
		return;
	}
	if (w->pw_len[0] != w->pw_len[1] || memcmp(w->pw[0], w->pw[1], w->pw_len[0])) {
		snprintf(w->pw_note, sizeof(w->pw_note), "%s",
			 _("The two passwords differ: type the same password in both fields."));
		w->pw_focus = 1;
		return;
	}
	if (pw_hash(w->pw[0], w->plan.pwhash, sizeof(w->plan.pwhash), &e) < 0) {
		pw_wipe(w->pw, sizeof(w->pw));
		w->pw_len[0] = w->pw_len[1] = 0;
		wiz_message(w, _("Password Not Set"), e.msg, true);
		return;
	}
	pw_wipe(w->pw, sizeof(w->pw));
	w->pw_len[0] = w->pw_len[1] = 0;
	w->pw_focus = 0;
	w->pw_set = true;
	wiz_go(w, SCR_SYSSCAN);
}

/* Typing, Tab between fields, Enter, F9. */
static void pw_key(struct wiz *w, const struct ui_event *ev)
{
	switch (ev->key) {
	case UK_CHAR: pw_type(w, ev->ch); w->pw_note[0] = '\0'; break;
	case UK_BACKSPACE: pw_erase(w); w->pw_note[0] = '\0'; break;
	case UK_TAB: case UK_BTAB: case UK_UP: case UK_DOWN:
		w->pw_focus = !w->pw_focus;
		break;
	case UK_ENTER: pw_submit(w); break;
	case UK_F9:
		pw_wipe(w->pw, sizeof(w->pw));
		w->pw_len[0] = w->pw_len[1] = 0;
		wiz_back(w);
		break;
	default: break;
	}
}

const struct scr_ops scr_password = {
	.name = "password",
	.draw = pw_draw,
	.key = pw_key,
};
