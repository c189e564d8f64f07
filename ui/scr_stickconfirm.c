/* scr_stickconfirm.c - the last word before an installer stick is made:
 * the device as the backend found it after its safety checks, the media,
 * and how the stick will boot (this screen runs from inside mkstick_run's
 * confirm callback, see scr_stickrun.c). F11 goes ahead, F9 goes back to
 * the device list. */
#include "config.h"

#include <stdio.h>

#include "nls.h"
#include "ui.h"

static const struct ui_hint stickconfirm_hints[] = {
	{ UK_ESC, N_("Cancel"), false },
	{ UK_F9, N_("Back"), false },
	{ UK_F11, N_("Make Stick"), false },
};

/* Draw the device, the media and the boot paths. */
static void stickconfirm_draw(struct wiz *w)
{
	const struct tui *t = &w->tui;
	const struct mkstick_result *r = &w->img_stick;
	char buf[4400], name[512], size[32];
	struct ui_box b;
	int y;

	b = wiz_dialog(w, LINES - 2, 78, _("Confirm the Installer Stick"), stickconfirm_hints,
		       N_ELEMS(stickconfirm_hints));
	y = b.y;
	y += ui_para(&b, y, _("Everything on this device will be replaced by the ESXi installer."),
		     theme_attr(t, EL_EMPH)) + 1;
	ui_disklist_row_name(&r->target, name, sizeof(name));
	snprintf(buf, sizeof(buf), _("Device: %s"), name);
	ui_put(y++, b.x, b.w, buf, theme_attr(t, EL_TITLE));
	snprintf(buf, sizeof(buf), _("Path: %s"), r->target.path);
	ui_put(y++, b.x, b.w, buf, theme_attr(t, EL_DIALOG));
	disk_format_size(r->target.size, size, sizeof(size));
	snprintf(buf, sizeof(buf), _("Size: %s (%llu bytes)"), size, (unsigned long long)r->target.size);
	ui_put(y++, b.x, b.w, buf, theme_attr(t, EL_DIALOG));
	y++;
	disk_format_size(r->bytes, size, sizeof(size));
	snprintf(buf, sizeof(buf), _("Media: %s (%s), %zu files, %s"), r->title, r->version, r->files, size);
	y += ui_para(&b, y, buf, theme_attr(t, EL_TITLE));
	if (r->uefi)
		ui_put(y++, b.x, b.w, _("UEFI boot: yes"), theme_attr(t, EL_DIALOG));
	else {
		snprintf(buf, sizeof(buf), _("UEFI boot: not set up: %s"), r->uefi_why);
		y += ui_para(&b, y, buf, theme_attr(t, EL_DIALOG));
	}
	if (r->bios)
		ui_put(y++, b.x, b.w, _("BIOS boot: yes (syslinux 3.86, FAT16)"), theme_attr(t, EL_DIALOG));
	else {
		snprintf(buf, sizeof(buf), _("BIOS boot: not set up: %s"), r->bios_why);
		y += ui_para(&b, y, buf, theme_attr(t, EL_DIALOG));
	}
	snprintf(buf, sizeof(buf), _("Kernel options: %s"), r->kernelopt);
	ui_para(&b, y, buf, theme_attr(t, EL_DIALOG));
}

/* F11 goes ahead, F9 does not; either way back to the run screen. */
static void stickconfirm_key(struct wiz *w, const struct ui_event *ev)
{
	if (ev->key == UK_F11 || ev->key == UK_F9) {
		w->img_confirmed = ev->key == UK_F11;
		wiz_replace(w, SCR_STICKRUN);
	}
}

const struct scr_ops scr_stickconfirm = {
	.name = "stickconfirm",
	.draw = stickconfirm_draw,
	.key = stickconfirm_key,
};
