/* scr_bootopts.c - boot options, as ESXi's installer takes them after
 * Shift+O: an editable line checked as it is typed (bootopts.h), and the
 * nested-ESXi template choice (F2). Enter applies both to this install,
 * Esc goes back and leaves them as they were. */
#include "config.h"

#include <stdio.h>
#include <string.h>

#include "bootopts.h"
#include "nls.h"
#include "ui.h"

/* Start from what applies now. */
static void bootopts_enter(struct wiz *w)
{
	snprintf(w->bootedit, sizeof(w->bootedit), "%s", w->bootline);
	w->nested_edit = w->nested;
}

/* Check the edited line; false with e saying what is wrong. */
static bool bootopts_check(const struct wiz *w, struct stoat_err *e)
{
	struct bootopts bo = { 0 };

	return bootopts_parse(&bo, w->bootedit, 0, e) == 0;
}

/* Draw the explanation, the line, its check and the template choice. */
static void bootopts_draw(struct wiz *w)
{
	const struct ui_hint hints[] = {
		{ UK_ESC, N_("Back"), false },
		{ UK_F2, w->nested_edit ? N_("Nested Template: On") : N_("Nested Template: Off"), false },
		{ UK_ENTER, N_("Apply"), false },
	};
	const struct tui *t = &w->tui;
	const char *label = _("Options:");
	struct stoat_err e = { 0 };
	struct ui_box b;
	int y, lw = ui_width(label);

	b = wiz_dialog(w, 19, 78, _("Boot Options"), hints, N_ELEMS(hints));
	y = b.y;
	y += ui_para(&b, y, _("Boot options as ESXi's installer takes them after Shift+O, separated by spaces. systemMediaSize=min|small|default|max and autoPartitionOSDataSize=MB shape the 7.x layout of this install; every other option (allowLegacyCPU=true, ...) goes into the installed boot.cfg and stays there. The installer's own words (runweasel, cdromBoot, ks=) cannot be given."),
		     theme_attr(t, EL_DIALOG)) + 1;
	ui_put(y, b.x, lw, label, theme_attr(t, EL_DIALOG));
	if (!bootopts_check(w, &e))
		ui_para(&b, y + 2, e.msg, theme_attr(t, EL_ERROR));
	else
		ui_para(&b, y + 2, _("These options apply to this install; the media's own boot options are read first, and these win over them."),
			theme_attr(t, EL_EMPH));
	ui_para(&b, y + 5, w->nested_edit
		? _("Nested-ESXi template: on. allowLegacyCPU=true in boot.cfg, /Net/FollowHardwareMac set to 1 at first boot, and no local datastore. F2 turns it off.")
		: _("Nested-ESXi template: off. F2 makes this install a template for nested ESXi hosts that are cloned."),
		theme_attr(t, EL_DIALOG));
	/* The field last: it leaves the cursor in place. */
	ui_text_field(t, y, b.x + lw + 2, b.w - lw - 3, w->bootedit);
}

/* Typing, F2 the template, Enter applies a valid line, Esc back. */
static void bootopts_key(struct wiz *w, const struct ui_event *ev)
{
	struct stoat_err e = { 0 };

	switch (ev->key) {
	case UK_CHAR: ui_text_type(w->bootedit, sizeof(w->bootedit), ev->ch); break;
	case UK_BACKSPACE: ui_text_erase(w->bootedit); break;
	case UK_F2: w->nested_edit = !w->nested_edit; break;
	case UK_ESC: wiz_back(w); break;
	case UK_ENTER:
		if (!bootopts_check(w, &e))
			break;	/* the message is on the screen already */
		snprintf(w->bootline, sizeof(w->bootline), "%s", w->bootedit);
		w->nested = w->nested_edit;
		wiz_back(w);
		break;
	default:
		break;
	}
}

const struct scr_ops scr_bootopts = {
	.name = "bootopts",
	.enter = bootopts_enter,
	.draw = bootopts_draw,
	.key = bootopts_key,
	.own_esc = true,
};
