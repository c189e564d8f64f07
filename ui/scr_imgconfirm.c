/* scr_imgconfirm.c - the last word before an image is written or a device
 * read: names the device by vendor, model, size and serial as the backend
 * found it after its safety checks (this screen runs from inside its
 * confirm callback, see scr_imgrun.c), or every device of a flash onto
 * several at once. Writing one device, F2 gives the copy a new identity
 * (identity.h): the image is inspected first, and what cannot be made
 * safe is refused here. F11 goes ahead, F9 goes back to the image file,
 * Esc asks to cancel. */
#include "config.h"

#include <stdio.h>
#include <string.h>
#include <sys/stat.h>

#include "nls.h"
#include "ui.h"

/* A value to show: "-" stands for an empty one. */
static const char *imgconfirm_value(const char *v)
{
	return v && v[0] ? v : "-";
}

/* The image line of a flash: its path and size, or that it is compressed. */
static void imgconfirm_image(const struct wiz *w, char *buf, size_t size)
{
	char sz[32];

	if (w->img_size) {
		disk_format_size(w->img_size, sz, sizeof(sz));
		snprintf(buf, size, _("Image: %s (raw, %s)"), w->img_path, sz);
	} else {
		snprintf(buf, size, _("Image: %s (compressed; its size shows while it is written)"),
			 w->img_path);
	}
}

/* With a new identity: what happens, or that the image is being
 * inspected, and each datastore the copy carries along. */
static void imgconfirm_identity_note(struct wiz *w, const struct ui_box *b, int y)
{
	const struct tui *t = &w->tui;
	const struct identity_image *im = &w->img_idimage;
	char buf[1024], size[32];
	unsigned i;

	if (w->img_id_busy) {
		ui_para(b, y, _("Inspecting the image..."), theme_attr(t, EL_DIALOG));
		return;
	}
	if (!w->img_new_identity)
		return;
	y += ui_para(b, y, _("New identity: on. The verified copy's system UUID is removed; ESXi makes a new one at its next boot."),
		     theme_attr(t, EL_DIALOG));
	/* as many datastore warnings as there is room for */
	for (i = 0; i < im->n_vmfs && y + 3 <= b->y + b->h; i++) {
		disk_format_size(im->vmfs_bytes[i], size, sizeof(size));
		snprintf(buf, sizeof(buf), _("Partition %u is a VMFS datastore (%s) whose UUID the copy keeps: resignature it on the copy's host (esxcli storage vmfs snapshot resignature), never keep it where the original is seen."),
			 im->vmfs[i], size);
		y += ui_para(b, y, buf, theme_attr(t, EL_EMPH));
	}
}

/* Several devices: each on a line, the image, and why no probe is offered. */
static void imgconfirm_draw_multi(struct wiz *w)
{
	static const struct ui_hint hints[] = {
		{ UK_ESC, N_("Cancel"), false },
		{ UK_F9, N_("Back"), false },
		{ UK_F11, N_("Write"), false },
	};
	const struct tui *t = &w->tui;
	char buf[4400], name[512], cap[32];
	unsigned i, shown;
	size_t k;
	bool flash_dev = false;
	struct ui_box b;
	int y;

	b = wiz_dialog(w, LINES - 2, 78, _("Confirm Writing the Image"), hints, N_ELEMS(hints));
	y = b.y;
	snprintf(buf, sizeof(buf), P_("Everything on this %u device will be overwritten by the image.",
				      "Everything on these %u devices will be overwritten by the image.",
				      w->img_n), w->img_n);
	y += ui_para(&b, y, buf, theme_attr(t, EL_EMPH)) + 1;
	/* room for the list: what follows takes 6 lines */
	shown = w->img_n;
	if ((int)shown > b.h - (y - b.y) - 6)
		shown = (unsigned)(b.h - (y - b.y) - 7);
	/* as wiz_probe_offered judges one: the disks as the wizard lists them */
	for (k = 0; k < w->disks.n; k++)
		flash_dev |= ui_disklist_marked(w, &w->disks.v[k]) && !w->disks.v[k].is_file &&
			disk_is_flash(&w->disks.v[k]);
	for (i = 0; i < w->img_n && i < shown; i++) {
		const struct disk *d = &w->img_targets[i];

		ui_disklist_row_name(d, name, sizeof(name));
		disk_format_size(d->size, cap, sizeof(cap));
		snprintf(buf, sizeof(buf), _("%s, %s, serial %s, %s"), name, cap,
			 imgconfirm_value(d->serial), d->path);
		ui_put(y++, b.x, b.w, buf, theme_attr(t, EL_TITLE));
	}
	if (shown < w->img_n) {
		snprintf(buf, sizeof(buf), P_("and %u more device", "and %u more devices", w->img_n - shown),
			 w->img_n - shown);
		ui_put(y++, b.x, b.w, buf, theme_attr(t, EL_TITLE));
	}
	y++;
	imgconfirm_image(w, buf, sizeof(buf));
	ui_put(y++, b.x, b.w, buf, theme_attr(t, EL_TITLE));
	ui_put(y++, b.x, b.w, w->img_verify ? _("Verification: on") : _("Verification: off"),
	       theme_attr(t, EL_DIALOG));
	if (flash_dev)
		ui_para(&b, y, _("The write probe is not offered when several devices are written at once: write a stick on its own to probe it first."),
			theme_attr(t, EL_DIALOG));
}

/* Draw the device as found, the image and what will happen. */
static void imgconfirm_draw(struct wiz *w)
{
	const struct ui_hint hints[] = {
		{ UK_ESC, N_("Cancel"), false },
		{ UK_F2, w->img_new_identity ? N_("New identity: On") : N_("New identity: Off"),
		  false },
		{ UK_F9, N_("Back"), false },
		{ UK_F11, w->img == IMG_FLASH ? N_("Write") : N_("Back Up"), false },
	};
	const struct ui_hint *shown = hints;
	const struct tui *t = &w->tui;
	const struct disk *d = &w->img_target;
	char buf[4400], name[512], cap[32], size[32];
	bool flash = w->img == IMG_FLASH;
	struct stat st;
	struct ui_box b;
	int y;

	if (flash && w->img_n > 1) {
		imgconfirm_draw_multi(w);
		return;
	}
	/* the backup has no F2 */
	if (!flash) {
		static const struct ui_hint bhints[] = {
			{ UK_ESC, N_("Cancel"), false },
			{ UK_F9, N_("Back"), false },
			{ UK_F11, N_("Back Up"), false },
		};

		shown = bhints;
	}
	b = wiz_dialog(w, LINES - 2, 78, flash ? _("Confirm Writing the Image") : _("Confirm the Backup"),
		       shown, flash ? N_ELEMS(hints) : N_ELEMS(hints) - 1);
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
	if (flash) {
		imgconfirm_image(w, buf, sizeof(buf));
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
	if (flash)
		imgconfirm_identity_note(w, &b, y);
}

/* F2: turn the new identity off, or on once the image was inspected and
 * found fit for it (identity_prepare); a refusal is shown with its reason. */
static void imgconfirm_identity(struct wiz *w)
{
	struct identity_opts io = { .device = w->img_target.path, .new_identity = true };
	struct stoat_err e = { 0 };
	int rc;

	if (w->img_new_identity) {
		w->img_new_identity = false;
		return;
	}
	if (!w->img_verify) {
		wiz_message(w, _("New Identity"), _("The copy gets a new identity only once it was read back and compared: turn verification on (F4 on the image file screen) first."),
			    true);
		return;
	}
	w->img_id_busy = true;
	wiz_redraw(w);
	refresh();
	rc = identity_prepare(w->img_path, &io, &w->img_idimage, &e);
	w->img_id_busy = false;
	if (rc < 0)
		wiz_message(w, _("No New Identity for This Copy"), e.msg, true);
	else
		w->img_new_identity = true;
}

/* F11 goes ahead, F9 does not; either way back to the run screen. F2
 * (writing one device) turns the new identity on and off. */
static void imgconfirm_key(struct wiz *w, const struct ui_event *ev)
{
	if (ev->key == UK_F2 && w->img == IMG_FLASH && w->img_n <= 1) {
		imgconfirm_identity(w);
	} else if (ev->key == UK_F11 || ev->key == UK_F9) {
		w->img_confirmed = ev->key == UK_F11;
		wiz_replace(w, SCR_IMGRUN);
	}
}

const struct scr_ops scr_imgconfirm = {
	.name = "imgconfirm",
	.draw = imgconfirm_draw,
	.key = imgconfirm_key,
};
