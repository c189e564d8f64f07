/* scr_imgpath.c - the image file: a text field for its path with a live
 * note. Writing: the file must exist. Backing up: the name picks the
 * compression (image_compression_for, as `stoat backup` does) and the note
 * says which; the backend's rules refuse a device node, directory or fifo
 * as the file, and replacing an existing file (or its .sha256) needs an
 * explicit "Replace" first. F4 turns the read-back verification off and on. */
#include "config.h"

#include <errno.h>
#include <limits.h>
#include <stdio.h>
#include <string.h>
#include <sys/stat.h>

#include "nls.h"
#include "ui.h"

/* The directory part of path ("." when it has none) into buf. */
static void imgpath_dir(const char *path, char *buf, size_t size)
{
	const char *slash = strrchr(path, '/');

	if (!slash)
		snprintf(buf, size, ".");
	else if (slash == path)
		snprintf(buf, size, "/");
	else
		snprintf(buf, size, "%.*s", (int)(slash - path), path);
}

/* Will the typed path do? If not, why says so; if so, note may say more. */
static bool imgpath_check(const struct wiz *w, char *why, size_t wsize, char *note, size_t nsize)
{
	char dir[4096], sz[32];
	struct stoat_err e = { 0 };
	struct stat st;
	int rc;

	why[0] = note[0] = '\0';
	if (!w->img_path[0]) {
		snprintf(why, wsize, "%s", _("Type the path of the image file."));
		return false;
	}
	if (w->img == IMG_FLASH) {
		if (stat(w->img_path, &st) < 0) {
			snprintf(why, wsize, _("There is no file %s: %s."), w->img_path, strerror(errno));
			return false;
		}
		if (S_ISDIR(st.st_mode)) {
			snprintf(why, wsize, "%s", _("This is a directory, not an image file."));
			return false;
		}
		disk_format_size((uint64_t)st.st_size, sz, sizeof(sz));
		snprintf(note, nsize, _("The file exists: %s. Raw or compressed, its kind is found from its content."), sz);
		return true;
	}
	imgpath_dir(w->img_path, dir, sizeof(dir));
	if (stat(dir, &st) < 0 || !S_ISDIR(st.st_mode)) {
		snprintf(why, wsize, _("There is no directory %s to save the image in."), dir);
		return false;
	}
	if (stat(w->img_path, &st) == 0 && S_ISDIR(st.st_mode)) {
		snprintf(why, wsize, "%s", _("This is a directory: add a file name."));
		return false;
	}
	/* the backend's rules: only new or regular files, replaced on request */
	rc = image_backup_path_check(w->img_path, true, &e);
	if (rc < 0) {
		snprintf(why, wsize, "%s", e.msg);
		return false;
	}
	if (image_backup_path_check(w->img_path, false, &e) == -EEXIST)
		snprintf(note, nsize, _("Compression: %s. %s: Enter asks before it is replaced."),
			 image_compression_name(image_compression_for(w->img_path)), e.msg);
	else
		snprintf(note, nsize, _("Compression: %s."),
			 image_compression_name(image_compression_for(w->img_path)));
	return true;
}

/* Backing up over an existing file (or its .sha256): ask first, naming it.
 * True to go on (w->img_force set), false to stay and change the name. */
static bool imgpath_replace_ok(struct wiz *w)
{
	struct stoat_err e = { 0 };
	char msg[1200];

	w->img_force = false;
	if (w->img != IMG_BACKUP || image_backup_path_check(w->img_path, false, &e) != -EEXIST)
		return true;
	snprintf(msg, sizeof(msg), _("%s. Replace it with the new backup? The old file stays as it is until the new image is complete and verified; F9 keeps it and lets you change the name."),
		 e.msg);
	w->img_force = wiz_ask(w, _("Replace the Existing File?"), msg, N_("Replace"));
	return w->img_force;
}

/* Draw the explanation, the field, the note and the verification. */
static void imgpath_draw(struct wiz *w)
{
	const struct ui_hint hints[] = {
		{ UK_ESC, N_("Cancel"), false },
		{ UK_F4, w->img_verify ? N_("Verify: On") : N_("Verify: Off"), false },
		{ UK_F9, N_("Back"), false },
		{ UK_ENTER, N_("Continue"), false },
	};
	const struct tui *t = &w->tui;
	const struct disk *d = wiz_disk(w);
	const char *label = _("Image file:");
	char buf[1024], name[512] = "", note[512], why[4200];
	struct ui_box b;
	int y, lw = ui_width(label);

	b = wiz_dialog(w, 15, 78, w->img == IMG_FLASH ? _("Image File to Write")
		       : _("Save the Backup As"), hints, N_ELEMS(hints));
	if (d)
		ui_disklist_row_name(d, name, sizeof(name));
	if (w->img == IMG_FLASH && w->img_n > 1)
		snprintf(buf, sizeof(buf), P_("Type the path of the image file to write to the %u marked device. It may be raw or compressed with gzip, xz, zstd or bzip2.",
					      "Type the path of the image file to write to the %u marked devices. It may be raw or compressed with gzip, xz, zstd or bzip2.",
					      w->img_n), w->img_n);
	else if (w->img == IMG_FLASH)
		snprintf(buf, sizeof(buf), _("Type the path of the image file to write to %s. It may be raw or compressed with gzip, xz, zstd or bzip2."),
			 name);
	else
		snprintf(buf, sizeof(buf), _("Type the path of the image file to save %s in. The name picks the compression: .zst, .xz, .gz and .bz2 compress; .img, .raw, .bin and .dd stay raw; any other name gets zstd."),
			 name);
	y = b.y;
	y += ui_para(&b, y, buf, theme_attr(t, EL_DIALOG)) + 1;
	ui_put(y, b.x, lw, label, theme_attr(t, EL_DIALOG));
	if (!imgpath_check(w, why, sizeof(why), note, sizeof(note)))
		ui_para(&b, y + 2, why, theme_attr(t, w->img_path[0] ? EL_ERROR : EL_DIALOG));
	else
		ui_para(&b, y + 2, note, theme_attr(t, EL_EMPH));
	ui_para(&b, y + 5, w->img_verify
		? (w->img == IMG_FLASH ? _("Verification: on. The device is read back and compared with the image.")
		   : _("Verification: on. The new image is read back and compared with the device."))
		: _("Verification: off. Press F4 to turn it on."), theme_attr(t, EL_DIALOG));
	/* The field last: it leaves the cursor in place. */
	ui_text_field(t, y, b.x + lw + 2, b.w - lw - 3, w->img_path);
}

/* Typing, F4 verification, Enter goes on when the path will do, F9 back. */
static void imgpath_key(struct wiz *w, const struct ui_event *ev)
{
	char note[512], why[4200];

	switch (ev->key) {
	case UK_CHAR: ui_text_type(w->img_path, sizeof(w->img_path), ev->ch); break;
	case UK_BACKSPACE: ui_text_erase(w->img_path); break;
	case UK_F4: w->img_verify = !w->img_verify; break;
	case UK_F9: wiz_back(w); break;
	case UK_ENTER:
		if (!imgpath_check(w, why, sizeof(why), note, sizeof(note)))
			wiz_message(w, _("Image File"), why, true);
		else if (imgpath_replace_ok(w) && !w->done)
			wiz_go(w, SCR_IMGRUN);
		break;
	default:
		break;
	}
}

const struct scr_ops scr_imgpath = {
	.name = "imgpath",
	.draw = imgpath_draw,
	.key = imgpath_key,
};
