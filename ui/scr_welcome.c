/* scr_welcome.c - the first screen: what the wizard does, how to drive it
 * from a terminal without function keys. Enter continues, Esc cancels. */
#include "config.h"

#include <stdio.h>

#include "media.h"
#include "nls.h"
#include "ui.h"

static const struct ui_hint welcome_hints[] = {
	{ UK_ESC, N_("Cancel"), false },
	{ UK_F3, N_("Flash Image"), false },
	{ UK_ENTER, N_("Continue"), false },
};

/* Draw the welcome dialog. */
static void welcome_draw(struct wiz *w)
{
	const struct tui *t = &w->tui;
	struct ui_box b;
	char buf[512];
	int y;

	b = wiz_dialog(w, 17, 70, _("Welcome"), welcome_hints, N_ELEMS(welcome_hints));
	y = b.y;
	snprintf(buf, sizeof(buf), _("This wizard installs %s on a disk or on a USB or SD flash device."),
		 media_title(w->media) ? media_title(w->media) : "ESXi");
	y += ui_para(&b, y, buf, theme_attr(t, EL_DIALOG)) + 1;
	y += ui_para(&b, y, _("Check that the hardware is supported, and save anything you still need from the disk you will install to: it will be erased."),
		     theme_attr(t, EL_DIALOG)) + 1;
	y += ui_para(&b, y, _("No function keys on this terminal? Press Esc and then a digit: Esc 1 to Esc 9 act as F1 to F9, Esc 0 as F10 and Esc - as F11."),
		     theme_attr(t, EL_EMPH)) + 1;
	y += ui_para(&b, y, _("F3 writes or backs up a whole flash image instead of installing."),
		     theme_attr(t, EL_DIALOG)) + 1;
	ui_para(&b, y, _("Press Enter to continue."), theme_attr(t, EL_DIALOG));
}

/* Enter goes on to the license; F3 to the flash images instead. */
static void welcome_key(struct wiz *w, const struct ui_event *ev)
{
	if (ev->key == UK_ENTER)
		wiz_go(w, SCR_EULA);
	else if (ev->key == UK_F3)
		wiz_go(w, SCR_IMGMENU);
}

const struct scr_ops scr_welcome = {
	.name = "welcome",
	.draw = welcome_draw,
	.key = welcome_key,
};
