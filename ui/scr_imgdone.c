/* scr_imgdone.c - the result of a flash or a backup: bytes, time and speed,
 * whether it was verified, and for a backup the checksum file and how to
 * check it with other tools; for a flash onto several devices a line per
 * device, and with a new identity what was changed on the copy. Enter
 * leaves the wizard with status 0, or 1 when a device failed or the copy
 * could not be made safe. */
#include "config.h"

#include <stdio.h>
#include <string.h>

#include "nls.h"
#include "ui.h"
#include "lang.h"

/* Columns of a device's name in the result lines of several devices. */
#define IMGDONE_NAME_COLS 28

static const struct ui_hint imgdone_hints[] = {
	{ UK_ENTER, N_("Exit"), false },
};

/* The tool that decompresses each kind to stdout, for the check line. */
static const struct {
	enum image_compression comp;
	const char *cat;
} imgdone_cats[] = {
	{ IMAGE_ZSTD, "zstd -dc" }, { IMAGE_XZ, "xz -dc" },
	{ IMAGE_GZIP, "gzip -dc" }, { IMAGE_BZIP2, "bzip2 -dc" },
};

/* MB/s of bytes in secs (0 when too quick to tell). */
static double imgdone_rate(uint64_t bytes, double secs)
{
	return secs > 0 ? (double)bytes / secs / 1e6 : 0;
}

/* Draw what the new identity changed on the copy, or why it failed. */
static void imgdone_identity(struct wiz *w, const struct ui_box *b, int y)
{
	const struct tui *t = &w->tui;
	char buf[1024];
	unsigned i;

	if (w->img_identity_rc < 0) {
		snprintf(buf, sizeof(buf), _("The image was written, but the copy could not be made safe: %s"),
			 w->img_identity_err);
		ui_para(b, y, buf, theme_attr(t, EL_ERROR));
		return;
	}
	for (i = 0; i < w->img_identity.n_banks; i++) {
		identity_bank_text(&w->img_identity.bank[i], buf, sizeof(buf));
		y += ui_para(b, y, buf, theme_attr(t, EL_DIALOG));
	}
	if (!w->img_identity.n_banks)
		ui_para(b, y, _("No valid boot bank was found on the copy: nothing to change."),
			theme_attr(t, EL_DIALOG));
}

/* Draw what image_flash reported. */
static void imgdone_flash(struct wiz *w, const struct ui_box *b, int y)
{
	const struct tui *t = &w->tui;
	const struct image_flash_result *r = &w->img_flash;
	char buf[4400], name[512], size[32], zeros[32];

	ui_disklist_row_name(&w->img_target, name, sizeof(name));
	snprintf(buf, sizeof(buf), _("%s now holds the image %s."), name, w->img_path);
	y += ui_para(b, y, buf, theme_attr(t, EL_EMPH)) + 1;
	disk_format_size(r->bytes, size, sizeof(size));
	disk_format_size(r->skipped, zeros, sizeof(zeros));
	snprintf(buf, sizeof(buf), _("Written: %s in %s s (%s MB/s); %s of zeros were left to the device."),
		 size, lang_num(r->write_secs, 1).s, lang_num(imgdone_rate(r->bytes, r->write_secs), 1).s, zeros);
	y += ui_para(b, y, buf, theme_attr(t, EL_DIALOG));
	if (r->verified)
		snprintf(buf, sizeof(buf), _("Verified: yes, read back and compared in %s s."),
			 lang_num(r->verify_secs, 1).s);
	else
		snprintf(buf, sizeof(buf), "%s", _("Verified: no, verification was turned off."));
	y += ui_para(b, y, buf, theme_attr(t, EL_DIALOG));
	if (r->checked_sha256)
		snprintf(buf, sizeof(buf), _("Checksum: the image matched its checksum file %s.sha256."), w->img_path);
	else
		snprintf(buf, sizeof(buf), _("Checksum: there was no %s.sha256 beside the image to check it against."),
			 w->img_path);
	y += ui_para(b, y, buf, theme_attr(t, EL_DIALOG));
	if (w->img_new_identity)
		imgdone_identity(w, b, y + 1);
}

/* Draw a line per device of a flash onto several. */
static void imgdone_multi(struct wiz *w, const struct ui_box *b, int y)
{
	const struct tui *t = &w->tui;
	const struct image_multi_result *r = &w->img_multi;
	char buf[4400], name[512], fit[512], size[32];
	unsigned i, ok = w->img_n - r->failed;

	snprintf(buf, sizeof(buf), P_("%u device now holds the image %s.", "%u devices now hold the image %s.", ok),
		 ok, w->img_path);
	y += ui_para(b, y, buf, theme_attr(t, EL_EMPH)) + 1;
	for (i = 0; i < w->img_n && y < b->y + b->h - 2; i++) {
		const struct image_multi_dev *d = &r->dev[i];

		ui_disklist_row_name(&w->img_targets[i], name, sizeof(name));
		if (d->rc < 0) {
			/* the whole reason, wrapped */
			snprintf(buf, sizeof(buf), _("%s: FAILED: %s"), name, d->err.msg);
			y += ui_para(b, y, buf, theme_attr(t, EL_ERROR));
			continue;
		}
		/* a line each: the name, then what was done */
		disk_format_size(d->bytes, size, sizeof(size));
		if (d->verified)
			snprintf(buf, sizeof(buf), _("%s written in %s s, verified in %s s"), size,
				 lang_num(d->write_secs, 1).s, lang_num(d->verify_secs, 1).s);
		else
			snprintf(buf, sizeof(buf), _("%s written in %s s, not verified"), size,
				 lang_num(d->write_secs, 1).s);
		/* the end of the name: a backing file's name stays */
		ui_fit_left(name, IMGDONE_NAME_COLS, fit, sizeof(fit));
		ui_put(y, b->x, IMGDONE_NAME_COLS, fit, theme_attr(t, EL_DIALOG));
		ui_put(y++, b->x + IMGDONE_NAME_COLS + 1, b->w - IMGDONE_NAME_COLS - 1, buf,
		       theme_attr(t, EL_DIALOG));
	}
	if (r->checked_sha256)
		snprintf(buf, sizeof(buf), _("Checksum: the image matched its checksum file %s.sha256."), w->img_path);
	else
		snprintf(buf, sizeof(buf), _("Checksum: there was no %s.sha256 beside the image to check it against."),
			 w->img_path);
	ui_para(b, y + 1, buf, theme_attr(t, EL_DIALOG));
}

/* Draw what image_backup reported. */
static void imgdone_backup(struct wiz *w, const struct ui_box *b, int y)
{
	const struct tui *t = &w->tui;
	const struct image_backup_result *r = &w->img_backup;
	const char *cat = NULL;
	char buf[9000], name[512], size[32], fsize[32];
	size_t i;

	ui_disklist_row_name(&w->img_target, name, sizeof(name));
	snprintf(buf, sizeof(buf), _("%s was saved as %s."), name, w->img_path);
	y += ui_para(b, y, buf, theme_attr(t, EL_EMPH)) + 1;
	disk_format_size(r->bytes, size, sizeof(size));
	disk_format_size(r->file_bytes, fsize, sizeof(fsize));
	snprintf(buf, sizeof(buf), _("Read: %s in %s s (%s MB/s); the image file holds %s (%s)."),
		 size, lang_num(r->read_secs, 1).s, lang_num(imgdone_rate(r->bytes, r->read_secs), 1).s, fsize,
		 image_compression_name(r->comp));
	y += ui_para(b, y, buf, theme_attr(t, EL_DIALOG));
	if (r->verified)
		snprintf(buf, sizeof(buf), _("Verified: yes, the image was read back and matches the device (%s s)."),
			 lang_num(r->verify_secs, 1).s);
	else
		snprintf(buf, sizeof(buf), "%s", _("Verified: no, verification was turned off."));
	y += ui_para(b, y, buf, theme_attr(t, EL_DIALOG));
	snprintf(buf, sizeof(buf), _("Checksum file: %s"), r->sha256_path);
	y += ui_para(b, y, buf, theme_attr(t, EL_DIALOG));
	snprintf(buf, sizeof(buf), _("SHA-256 of the uncompressed image: %s"), r->sha256);
	y += ui_para(b, y, buf, theme_attr(t, EL_DIALOG)) + 1;
	for (i = 0; i < N_ELEMS(imgdone_cats); i++)
		if (imgdone_cats[i].comp == r->comp)
			cat = imgdone_cats[i].cat;
	if (cat)
		snprintf(buf, sizeof(buf), _("Check it elsewhere with: %s %s | sha256sum -c %s"), cat,
			 w->img_path, r->sha256_path);
	else
		snprintf(buf, sizeof(buf), _("Check it elsewhere with: sha256sum -c %s (in its directory)"),
			 r->sha256_path);
	ui_para(b, y, buf, theme_attr(t, EL_DIALOG));
}

/* Draw the result dialog. */
static void imgdone_draw(struct wiz *w)
{
	const char *title = w->img == IMG_FLASH ? _("Image Written") : _("Backup Complete");
	bool multi = w->img == IMG_FLASH && w->img_n > 1;
	struct ui_box b;

	if (multi && w->img_multi.failed == w->img_n)
		title = _("The Image Was Not Written");
	else if (multi && w->img_multi.failed)
		title = _("Image Written to Some Devices");
	b = wiz_dialog(w, LINES - 2, 78, title, imgdone_hints, N_ELEMS(imgdone_hints));
	if (multi)
		imgdone_multi(w, &b, b.y);
	else if (w->img == IMG_FLASH)
		imgdone_flash(w, &b, b.y);
	else
		imgdone_backup(w, &b, b.y);
}

/* Enter (or Esc: there is nothing left to cancel) leaves with status 0,
 * or 1 when a device failed or the copy could not be made safe. */
static void imgdone_key(struct wiz *w, const struct ui_event *ev)
{
	char msg[600];

	if (ev->key != UK_ENTER && ev->key != UK_ESC)
		return;
	if (w->img == IMG_FLASH && w->img_n > 1 && w->img_multi.failed) {
		snprintf(msg, sizeof(msg), P_("writing the image failed on %u of %u device",
					      "writing the image failed on %u of %u devices", w->img_n),
			 w->img_multi.failed, w->img_n);
		wiz_exit(w, WIZARD_FAIL, msg);
	} else if (w->img == IMG_FLASH && w->img_n <= 1 && w->img_new_identity && w->img_identity_rc < 0) {
		snprintf(msg, sizeof(msg), _("the image was written to %s, but the copy could not be made safe: %s"),
			 w->disk_path, w->img_identity_err);
		wiz_exit(w, WIZARD_FAIL, msg);
	} else {
		wiz_exit(w, WIZARD_OK, "");
	}
}

const struct scr_ops scr_imgdone = {
	.name = "imgdone",
	.draw = imgdone_draw,
	.key = imgdone_key,
	.own_esc = true,
};
