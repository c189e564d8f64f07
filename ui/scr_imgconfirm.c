/* scr_imgconfirm.c - the last word before an image is written or a device
 * read: names the device by vendor, model, size and serial as the backend
 * found it after its safety checks (this screen runs from inside its
 * confirm callback, see scr_imgrun.c). F11 goes ahead, F9 goes back to the
 * image file, Esc asks to cancel. */
#include "config.h"

#include <stdio.h>
#include <sys/stat.h>

#include "nls.h"
#include "ui.h"

/* A value to show: "-" stands for an empty one. */
static const char *imgconfirm_value(const char *v)
{
	return v && v[0] ? v : "-";
}

/* Draw the device as found, the image and what will happen. */
static void imgconfirm_draw(struct wiz *w)
{
	const struct ui_hint hints[] = {
		{ UK_ESC, N_("Cancel"), false },
		{ UK_F9, N_("Back"), false },
		{ UK_F11, w->img == IMG_FLASH ? N_("Write") : N_("Back Up"), false },
	};
	const struct tui *t = &w->tui;
	const struct disk *d = &w->img_target;
	char buf[4400], name[512], cap[32], size[32];
	bool flash = w->img == IMG_FLASH;
	struct stat st;
	struct ui_box b;
	int y;

	b = wiz_dialog(w, LINES - 2, 78, flash ? _("Confirm Writing the Image") : _("Confirm the Backup"),
		       hints, N_ELEMS(hints));
	y = b.y;
	y += ui_para(&b, y, flash ? _("Everything on this device will be overwritten by the image.")
		     : _("This device will be read and saved as an image file. Nothing on it is changed."),
		     theme_attr(t, flash ? EL_EMPH : EL_DIALOG)) + 1;
	ui_disklist_row_name(d, name, sizeof(name));
	snprintf(buf, sizeof(buf), _("Device: %s"), name);
	ui_put(y++, b.x, b.w, buf, theme_attr(t, EL_TITLE));
	snprintf(buf, sizeof(buf), _("Vendor: %s"), imgconfirm_value(d->vendor));
	ui_put(y++, b.x, b.w, buf, theme_attr(t, EL_DIALOG));
	snprintf(buf, sizeof(buf), _("Model: %s"), imgconfirm_value(d->model));
	ui_put(y++, b.x, b.w, buf, theme_attr(t, EL_DIALOG));
	disk_format_size(d->size, cap, sizeof(cap));
	snprintf(buf, sizeof(buf), _("Size: %s (%llu bytes)"), cap, (unsigned long long)d->size);
	ui_put(y++, b.x, b.w, buf, theme_attr(t, EL_DIALOG));
	snprintf(buf, sizeof(buf), _("Serial: %s"), imgconfirm_value(d->serial));
	ui_put(y++, b.x, b.w, buf, theme_attr(t, EL_DIALOG));
	snprintf(buf, sizeof(buf), _("Path: %s"), imgconfirm_value(d->path));
	ui_put(y++, b.x, b.w, buf, theme_attr(t, EL_DIALOG));
	snprintf(buf, sizeof(buf), _("Interface: %s"), imgconfirm_value(disk_transport_name(d->transport)));
	ui_put(y++, b.x, b.w, buf, theme_attr(t, EL_DIALOG));
	y++;
	if (flash && w->img_size) {
		disk_format_size(w->img_size, size, sizeof(size));
		snprintf(buf, sizeof(buf), _("Image: %s (raw, %s)"), w->img_path, size);
	} else if (flash) {
		snprintf(buf, sizeof(buf), _("Image: %s (compressed; its size shows while it is written)"),
			 w->img_path);
	} else {
		disk_format_size(w->img_size, size, sizeof(size));
		snprintf(buf, sizeof(buf), _("Image: %s (%s), %s to read"), w->img_path,
			 image_compression_name(image_compression_for(w->img_path)), size);
	}
	ui_put(y++, b.x, b.w, buf, theme_attr(t, EL_TITLE));
	ui_put(y++, b.x, b.w, w->img_verify ? _("Verification: on") : _("Verification: off"),
	       theme_attr(t, EL_DIALOG));
	if (!flash && stat(w->img_path, &st) == 0)
		ui_para(&b, y, _("A file of this name exists; it is replaced only once the new image is complete."),
			theme_attr(t, EL_EMPH));
}

/* F11 goes ahead, F9 does not; either way back to the run screen. */
static void imgconfirm_key(struct wiz *w, const struct ui_event *ev)
{
	if (ev->key == UK_F11 || ev->key == UK_F9) {
		w->img_confirmed = ev->key == UK_F11;
		wiz_replace(w, SCR_IMGRUN);
	}
}

const struct scr_ops scr_imgconfirm = {
	.name = "imgconfirm",
	.draw = imgconfirm_draw,
	.key = imgconfirm_key,
};
