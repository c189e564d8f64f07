/* cli_image.c - `stoat flash IMAGE DEVICE` and `stoat backup DEVICE IMAGE`.
 *
 * The front end: asks for confirmation on the terminal, prints progress to
 * stderr (one refreshed line on a terminal, a plain line every 10% when not)
 * and a summary at the end. The work is done by image_flash/image_backup. */
#include "config.h"

#include <errno.h>
#include <inttypes.h>
#include <stdio.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

#include "cli.h"
#include "image.h"
#include "nls.h"

struct cli_image {
	const struct stoat_opts *o;
	bool tty;		/* stderr is a terminal: refresh one line */
	bool asked_no_tty;	/* confirmation was needed but stdin is no terminal */
	enum image_stage stage;
	bool started, line_open;
	int last_tenth;
	double t0;
};

/* Seconds on the monotonic clock. */
static double cli_now(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	return (double)ts.tv_sec + (double)ts.tv_nsec / 1e9;
}

/* End a refreshed progress line with a newline, if one is open. */
static void progress_close(struct cli_image *c)
{
	if (c->line_open)
		fputc('\n', stderr);
	c->line_open = false;
}

/* Progress callback: percent, MB/s and time left. */
static void progress_cb(void *ctx, const struct image_progress *p)
{
	struct cli_image *c = ctx;
	double now = cli_now(), secs, rate, frac, eta = 0;
	char done[32];
	int pct;

	if (!c->started || p->stage != c->stage) {
		progress_close(c);
		c->started = true;
		c->stage = p->stage;
		c->t0 = now;
		c->last_tenth = -1;
	}
	frac = image_progress_fraction(p);
	pct = (int)(frac * 100);
	secs = now - c->t0;
	rate = secs > 0 ? (double)p->done / secs / 1e6 : 0;
	if (frac > 0)
		eta = secs * (1 - frac) / frac;
	disk_format_size(p->done, done, sizeof(done));
	if (c->tty) {
		fputc('\r', stderr);
		fprintf(stderr, _("%-9s %3d%%  %10s  %7.1f MB/s  %d:%02d left "),
			image_stage_name(p->stage), pct, done, rate, (int)eta / 60, (int)eta % 60);
		c->line_open = true;
		if (pct == 100)
			progress_close(c);
	} else if (pct / 10 > c->last_tenth) {
		c->last_tenth = pct / 10;
		fprintf(stderr, _("%s %d%%  %s  %.1f MB/s  %d:%02d left\n"),
			image_stage_name(p->stage), pct, done, rate, (int)eta / 60, (int)eta % 60);
	}
	fflush(stderr);
}

/* Ask on the terminal before a device is overwritten. */
static bool confirm_cb(void *ctx, const struct disk *d, uint64_t image_size)
{
	struct cli_image *c = ctx;
	char size[32], line[64];

	if (c->o->yes)
		return true;
	if (!isatty(STDIN_FILENO)) {
		c->asked_no_tty = true;
		return false;
	}
	disk_format_size(d->size, size, sizeof(size));
	fprintf(stderr, _("All data on %s will be overwritten.\n"), d->path);
	if (d->is_file)
		fprintf(stderr, _("  An image file of %s.\n"), size);
	else
		fprintf(stderr, _("  Vendor: %s  Model: %s  Size: %s  Serial: %s\n"),
			d->vendor[0] ? d->vendor : "-", d->model[0] ? d->model : "-", size,
			d->serial[0] ? d->serial : "-");
	fprintf(stderr, _("Type yes to write the image, anything else to stop: "));
	fflush(stderr);
	if (!fgets(line, sizeof(line), stdin))
		return false;
	line[strcspn(line, "\r\n")] = '\0';
	return cli_is_yes(line);
}

/* stoat flash IMAGE DEVICE [--yes] [--no-verify] */
int cli_flash(const struct stoat_opts *o)
{
	struct cli_image c = { o, isatty(STDERR_FILENO), false, IMAGE_WRITE, false, false, -1, 0 };
	struct image_cb cb = { .progress = progress_cb, .confirm = confirm_cb, .ctx = &c };
	struct image_flash_opts fo = { 0 };
	struct image_flash_result res;
	struct stoat_err e = { 0 };
	char size[32], zeros[32];

	if (o->n_args != 2) {
		cli_error(_("flash needs an image and a device: stoat flash IMAGE DEVICE"));
		return EXIT_USAGE;
	}
	if (o->used) {
		cli_error(_("--used applies to backup only"));
		return EXIT_USAGE;
	}
	fo.image = o->args[0];
	fo.device = o->args[1];
	fo.verify = !o->no_verify;
	if (image_flash(&fo, &cb, &res, &e) < 0) {
		progress_close(&c);
		if (c.asked_no_tty)
			cli_error(_("%s would be overwritten: run from a terminal to confirm, or add --yes; nothing was written"),
				  fo.device);
		else
			cli_error("%s", e.msg);
		return EXIT_FAIL;
	}
	progress_close(&c);
	disk_format_size(res.bytes, size, sizeof(size));
	disk_format_size(res.skipped, zeros, sizeof(zeros));
	printf(_("Wrote %s (%s) to %s in %.1f s, %.1f MB/s; %s of zeros were left to the device.\n"),
	       fo.image, size, fo.device, res.write_secs,
	       res.write_secs > 0 ? (double)res.bytes / res.write_secs / 1e6 : 0.0, zeros);
	if (res.checked_sha256)
		printf(_("The image matched its checksum file %s.sha256.\n"), fo.image);
	if (res.verified)
		printf(_("Read back and compared in %.1f s: the device holds the image.\n"), res.verify_secs);
	else
		printf(_("Not verified (--no-verify).\n"));
	return EXIT_OK;
}

/* stoat backup DEVICE IMAGE [--used] [--no-verify] */
int cli_backup(const struct stoat_opts *o)
{
	struct cli_image c = { o, isatty(STDERR_FILENO), false, IMAGE_READ, false, false, -1, 0 };
	struct image_cb cb = { .progress = progress_cb, .ctx = &c };
	struct image_backup_opts bo = { 0 };
	struct image_backup_result res;
	struct stoat_err e = { 0 };
	char size[32], fsize[32];

	if (o->n_args != 2) {
		cli_error(_("backup needs a device and an image file: stoat backup DEVICE IMAGE"));
		return EXIT_USAGE;
	}
	bo.device = o->args[0];
	bo.image = o->args[1];
	bo.used = o->used;
	bo.verify = !o->no_verify;
	if (image_backup(&bo, &cb, &res, &e) < 0) {
		progress_close(&c);
		cli_error("%s", e.msg);
		return EXIT_FAIL;
	}
	progress_close(&c);
	disk_format_size(res.bytes, size, sizeof(size));
	disk_format_size(res.file_bytes, fsize, sizeof(fsize));
	printf(_("Saved %s (%s) as %s (%s, %s) in %.1f s.\n"), bo.device, size, bo.image,
	       image_compression_name(res.comp), fsize, res.read_secs);
	printf(_("SHA-256 of the uncompressed image: %s, written to %s.\n"), res.sha256,
	       res.sha256_path);
	if (res.verified)
		printf(_("The image was read back and matches the device (%.1f s).\n"), res.verify_secs);
	return EXIT_OK;
}
