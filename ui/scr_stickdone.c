/* scr_stickdone.c - the installer stick is made: how it boots by UEFI and
 * by BIOS, and the installer's kernel options. Enter leaves the wizard
 * with status 0. */
#include "config.h"

#include <stdio.h>

#include "nls.h"
#include "ui.h"

static const struct ui_hint stickdone_hints[] = {
	{ UK_ENTER, N_("Exit"), false },
};

/* Draw what mkstick_run reported. */
static void stickdone_draw(struct wiz *w)
{
	const struct tui *t = &w->tui;
	const struct mkstick_result *r = &w->img_stick;
	char buf[4400], name[512];
	struct ui_box b;
	int y;

	b = wiz_dialog(w, LINES - 2, 78, _("Installer Stick Made"), stickdone_hints, N_ELEMS(stickdone_hints));
	y = b.y;
	ui_disklist_row_name(&r->target, name, sizeof(name));
	snprintf(buf, sizeof(buf), _("%s is an installer stick for %s (%s)."), name, r->title, r->version);
	y += ui_para(&b, y, buf, theme_attr(t, EL_EMPH)) + 1;
	if (r->uefi)
		snprintf(buf, sizeof(buf), "%s", _("UEFI boot: EFI/BOOT/BOOTX64.EFI (the media's mboot) reads EFI/BOOT/BOOT.CFG."));
	else
		snprintf(buf, sizeof(buf), _("UEFI boot: not set up: %s"), r->uefi_why);
	y += ui_para(&b, y, buf, theme_attr(t, EL_DIALOG));
	if (r->bios)
		snprintf(buf, sizeof(buf), "%s", _("BIOS boot: syslinux 3.86 from the media's boot-loader kit runs mboot.c32 on BOOT.CFG."));
	else
		snprintf(buf, sizeof(buf), _("BIOS boot: not set up: %s"), r->bios_why);
	y += ui_para(&b, y, buf, theme_attr(t, EL_DIALOG));
	snprintf(buf, sizeof(buf), _("Kernel options: %s"), r->kernelopt);
	ui_para(&b, y, buf, theme_attr(t, EL_DIALOG));
}

/* Enter (or Esc: there is nothing left to cancel) leaves with status 0. */
static void stickdone_key(struct wiz *w, const struct ui_event *ev)
{
	if (ev->key == UK_ENTER || ev->key == UK_ESC)
		wiz_exit(w, WIZARD_OK, "");
}

const struct scr_ops scr_stickdone = {
	.name = "stickdone",
	.draw = stickdone_draw,
	.key = stickdone_key,
	.own_esc = true,
};
