/* cli_image.c - `stoat flash IMAGE DEVICE` and `stoat backup DEVICE IMAGE`.
 *
 * The front end: asks for confirmation on the terminal, prints progress to
 * stderr (one refreshed line on a terminal, a plain line every 10% when not)
 * and a summary at the end, and logs each step to --log. Ctrl-C, SIGTERM,
 * SIGHUP, SIGPIPE and an output that can no longer be written stop the
 * copy between buffers; that is reported and logged as an interruption.
 * The work is done by image_flash/image_backup. */
#include "config.h"

#include <errno.h>
#include <inttypes.h>
#include <signal.h>
#include <stdarg.h>
#include <stdio.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

#include "cli.h"
#include "image.h"
#include "logfile.h"
#include "nls.h"
#include "lang.h"
#include "probe.h"

/* The signal that asked to stop, 0 if none. */
static volatile sig_atomic_t cli_image_signal;

struct cli_image {
	const struct stoat_opts *o;
	bool tty;		/* stderr is a terminal: refresh one line */
	bool asked_no_tty;	/* confirmation was needed but stdin is no terminal */
	enum image_stage stage;
	bool started, line_open;
	int last_tenth;
	bool output_closed;	/* stderr could not be written: stop */
	FILE *log;		/* --log, or NULL */
	const struct image_flash_result *res;	/* flash: the image as probed */
	bool image_logged;
	bool probe_stopped;	/* flash --probe refused the device or failed */
};

/* Signal handler: remember which signal asked to stop. */
static void on_signal(int sig)
{
	cli_image_signal = sig;
}

/* Catch the signals that stop a copy, without SA_RESTART so that a
 * question being asked returns at once; or give them back (on false). */
static void catch_signals(bool on)
{
	static const int sigs[] = { SIGINT, SIGTERM, SIGHUP, SIGPIPE };
	struct sigaction sa;
	size_t i;

	memset(&sa, 0, sizeof(sa));
	sigemptyset(&sa.sa_mask);
	sa.sa_handler = on ? on_signal : SIG_DFL;
	cli_image_signal = 0;
	for (i = 0; i < sizeof(sigs) / sizeof(sigs[0]); i++)
		sigaction(sigs[i], &sa, NULL);
}

/* Log one line to --log (nothing without it). */
static void cli_log(struct cli_image *c, const char *fmt, ...) __attribute__((format(printf, 2, 3)));
static void cli_log(struct cli_image *c, const char *fmt, ...)
{
	char line[1200];
	va_list ap;

	if (!c->log)
		return;
	va_start(ap, fmt);
	vsnprintf(line, sizeof(line), fmt, ap);
	va_end(ap);
	logfile_line(c->log, line);
}

/* End a refreshed progress line with a newline, if one is open. */
static void progress_close(struct cli_image *c)
{
	if (c->line_open)
		fputc('\n', stderr);
	c->line_open = false;
}

/* "1:05" for an estimate in seconds, "-:--" while there is none. */
static void format_eta(double eta, char *buf, size_t size)
{
	if (eta < 0)
		snprintf(buf, size, "-:--");
	else
		snprintf(buf, size, "%d:%02d", (int)eta / 60, (int)eta % 60);
}

/* Progress callback: percent, bytes (of the total when known), MB/s and
 * the time left at the measured speed. */
static void progress_cb(void *ctx, const struct image_progress *p)
{
	struct cli_image *c = ctx;
	char done[32], total[32], bytes[80], eta[16];
	int pct;

	if (!c->started || p->stage != c->stage) {
		progress_close(c);
		c->started = true;
		c->stage = p->stage;
		c->last_tenth = -1;
	}
	pct = (int)(image_progress_fraction(p) * 100);
	disk_format_size(p->done, done, sizeof(done));
	if (p->total) {
		disk_format_size(p->total, total, sizeof(total));
		snprintf(bytes, sizeof(bytes), _("%s of %s"), done, total);
	} else {
		snprintf(bytes, sizeof(bytes), "%s", done);
	}
	format_eta(p->eta, eta, sizeof(eta));
	if (c->tty) {
		fputc('\r', stderr);
		fprintf(stderr, _("%-9s %3d%%  %s  %7s MB/s  %s left "),
			image_stage_name(p->stage), pct, bytes, lang_num(p->rate / 1e6, 1).s, eta);
		c->line_open = true;
		if (pct == 100)
			progress_close(c);
	} else if (pct / 10 > c->last_tenth) {
		c->last_tenth = pct / 10;
		fprintf(stderr, _("%s %d%%  %s  %s MB/s  %s left\n"),
			image_stage_name(p->stage), pct, bytes, lang_num(p->rate / 1e6, 1).s, eta);
	}
	if (fflush(stderr) == EOF || ferror(stderr))
		c->output_closed = true;
}

/* Stop callback: a caught signal, or an output that is gone. */
static bool cancelled_cb(void *ctx)
{
	const struct cli_image *c = ctx;

	return cli_image_signal != 0 || c->output_closed;
}

/* What stopped the copy, for the message and the log. */
static const char *interrupt_cause(const struct cli_image *c)
{
	switch (cli_image_signal) {
	case SIGINT: return _("Ctrl-C (SIGINT)");
	case SIGTERM: return _("SIGTERM");
	case SIGHUP: return _("SIGHUP (the terminal went away)");
	case SIGPIPE: return _("SIGPIPE (the output was closed)");
	default: break;
	}
	return c->output_closed ? _("the output was closed") : NULL;
}

/* Say (and log) why image_flash or image_backup failed: an interruption
 * as such, with the stage it stopped in. */
static void report_failure(struct cli_image *c, const char *what, const struct stoat_err *e)
{
	const char *cause = interrupt_cause(c);

	progress_close(c);
	if (cause && c->started) {
		cli_error(_("%s interrupted by %s while %s: %s"), what, cause,
			  image_stage_name(c->stage), e->msg);
		cli_log(c, _("%s interrupted by %s while %s: %s"), what, cause,
			image_stage_name(c->stage), e->msg);
	} else if (cause) {
		cli_error(_("%s interrupted by %s: %s"), what, cause, e->msg);
		cli_log(c, _("%s interrupted by %s: %s"), what, cause, e->msg);
	} else {
		cli_error("%s", e->msg);
		cli_log(c, _("%s failed: %s"), what, e->msg);
	}
}

/* Open --log and catch the stopping signals; EXIT_OK or EXIT_FAIL. */
static int image_begin(struct cli_image *c)
{
	struct stoat_err e = { 0 };

	if (c->o->log && logfile_open(c->o->log, &c->log, &e) < 0) {
		cli_error("%s", e.msg);
		return EXIT_FAIL;
	}
	catch_signals(true);
	return EXIT_OK;
}

/* Give the signals back and close --log. */
static void image_end(struct cli_image *c)
{
	catch_signals(false);
	logfile_close(c->log);
	c->log = NULL;
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

/* The log line naming what is about to be written, or read. */
static void log_target(struct cli_image *c, const char *verb, const struct disk *d)
{
	char size[32];

	disk_format_size(d->size, size, sizeof(size));
	cli_log(c, _("%s %s: vendor %s, model %s, size %s, serial %s"), verb, d->path,
		d->vendor[0] ? d->vendor : "-", d->model[0] ? d->model : "-", size,
		d->serial[0] ? d->serial : "-");
}

/* The image as probed, for the log: compression and size. */
static void log_image(struct cli_image *c, const char *path, const struct image_info *in)
{
	char size[32];

	if (c->image_logged || !in->filter[0])
		return;
	c->image_logged = true;
	if (in->size) {
		disk_format_size(in->size, size, sizeof(size));
		cli_log(c, _("flash: image %s (%s, %s uncompressed, from %s)"), path, in->filter, size,
			in->size_from);
	} else {
		cli_log(c, _("flash: image %s (%s, uncompressed size not known in advance)"), path, in->filter);
	}
}

/* flash --probe, after the confirmation: probe the device (which the
 * flash holds open) writing only where the image will be written, its
 * first MiB left out; false, said and logged, for a device that holds
 * less than it claims or a probe that fails. A slow one is warned of. */
static bool flash_probe(struct cli_image *c, const struct disk *d, uint64_t image_size)
{
	struct probe_area a[1];
	size_t n = probe_area_image(image_size, a, 1);
	struct probe_result r;
	struct stoat_err e = { 0 };
	char warn[512];

	if (!n)
		fprintf(stderr, _("The image's size is not known before it is written: the probe only reads.\n"));
	if (cli_probe_run(d->path, a, n, true, &r, &e) < 0) {
		c->probe_stopped = true;
		cli_error(_("%s; nothing of the image was written"), e.msg);
		cli_log(c, _("flash: probe failed: %s"), e.msg);
		return false;
	}
	cli_probe_print(stdout, &r);
	fflush(stdout);
	cli_log(c, _("flash: probe: %s"), r.cap_text);
	if (probe_refuse(&r, &e) < 0) {
		c->probe_stopped = true;
		cli_error(_("%s; nothing of the image was written"), e.msg);
		cli_log(c, _("flash: refused: %s"), e.msg);
		return false;
	}
	if (probe_slow_warning(&r, warn, sizeof(warn))) {
		cli_error(_("warning: %s"), warn);
		cli_log(c, _("warning: %s"), warn);
	}
	return true;
}

/* Confirm callback of flash: ask, and log the device and the answer;
 * with --probe, probe the device once it is confirmed. */
static bool flash_confirm_cb(void *ctx, const struct disk *d, uint64_t image_size)
{
	struct cli_image *c = ctx;
	bool yes;

	log_image(c, c->o->args[0], &c->res->info);
	log_target(c, _("flash: target"), d);
	yes = confirm_cb(ctx, d, image_size);
	cli_log(c, yes ? _("flash: confirmed") : _("flash: not confirmed"));
	return yes && (!c->o->probe || flash_probe(c, d, image_size));
}

/* stoat flash IMAGE DEVICE [--yes] [--no-verify] [--force] [--probe] */
int cli_flash(const struct stoat_opts *o)
{
	struct image_flash_result res;
	struct cli_image c = { o, isatty(STDERR_FILENO), false, IMAGE_WRITE, false, false, -1, false, NULL,
			       &res, false, false };
	struct image_cb cb = { .progress = progress_cb, .confirm = flash_confirm_cb, .ctx = &c,
			       .cancelled = cancelled_cb };
	struct image_flash_opts fo = { 0 };
	struct stoat_err e = { 0 };
	char size[32], zeros[32];
	int rc;

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
	fo.force = o->force;
	if (image_begin(&c) != EXIT_OK)
		return EXIT_FAIL;
	cli_log(&c, _("flash: %s onto %s"), fo.image, fo.device);
	rc = image_flash(&fo, &cb, &res, &e);
	log_image(&c, fo.image, &res.info);
	if (rc < 0) {
		if (c.probe_stopped) {
			progress_close(&c);	/* flash_probe said why */
		} else if (c.asked_no_tty && !interrupt_cause(&c)) {
			progress_close(&c);
			cli_error(_("%s would be overwritten: run from a terminal to confirm, or add --yes; nothing was written"),
				  fo.device);
			cli_log(&c, _("flash: not confirmed (no terminal, no --yes); nothing was written"));
		} else if (rc == -EMEDIUMTYPE) {
			progress_close(&c);
			cli_error(_("%s; add --force to write it all the same; nothing was written"), e.msg);
			cli_log(&c, _("flash failed: %s"), e.msg);
		} else {
			report_failure(&c, _("flash"), &e);
		}
		image_end(&c);
		return EXIT_FAIL;
	}
	progress_close(&c);
	disk_format_size(res.bytes, size, sizeof(size));
	disk_format_size(res.skipped, zeros, sizeof(zeros));
	cli_log(&c, _("flash complete: %s (%s) written to %s in %s s%s"), fo.image, size, fo.device,
		lang_num(res.write_secs, 1).s, res.verified ? _(", read back and compared") : _(", not verified"));
	image_end(&c);
	printf(_("Wrote %s (%s) to %s in %s s, %s MB/s; %s of zeros were left to the device.\n"),
	       fo.image, size, fo.device, lang_num(res.write_secs, 1).s,
	       lang_num(res.write_secs > 0 ? (double)res.bytes / res.write_secs / 1e6 : 0.0, 1).s, zeros);
	if (res.checked_sha256)
		printf(_("The image matched its checksum file %s.sha256.\n"), fo.image);
	if (res.verified)
		printf(_("Read back and compared in %s s: the device holds the image.\n"),
		       lang_num(res.verify_secs, 1).s);
	else
		printf(_("Not verified (--no-verify).\n"));
	return EXIT_OK;
}

/* Confirm callback of backup: no question, only the log line. */
static bool backup_confirm_cb(void *ctx, const struct disk *d, uint64_t size)
{
	struct cli_image *c = ctx;
	char sz[32];

	log_target(ctx, _("backup: source"), d);
	disk_format_size(size, sz, sizeof(sz));
	cli_log(c, _("backup: reading %s"), sz);
	return true;
}

/* stoat backup DEVICE IMAGE [--used] [--no-verify] [--force] */
int cli_backup(const struct stoat_opts *o)
{
	struct cli_image c = { o, isatty(STDERR_FILENO), false, IMAGE_READ, false, false, -1, false, NULL,
			       NULL, false, false };
	struct image_cb cb = { .progress = progress_cb, .confirm = backup_confirm_cb, .ctx = &c,
			       .cancelled = cancelled_cb };
	struct image_backup_opts bo = { 0 };
	struct image_backup_result res;
	struct stoat_err e = { 0 };
	char size[32], fsize[32];
	int rc;

	if (o->n_args != 2) {
		cli_error(_("backup needs a device and an image file: stoat backup DEVICE IMAGE"));
		return EXIT_USAGE;
	}
	bo.device = o->args[0];
	bo.image = o->args[1];
	bo.used = o->used;
	bo.verify = !o->no_verify;
	bo.force = o->force;
	if (image_begin(&c) != EXIT_OK)
		return EXIT_FAIL;
	cli_log(&c, _("backup: %s to %s"), bo.device, bo.image);
	rc = image_backup(&bo, &cb, &res, &e);
	if (rc == -EEXIST) {
		cli_error(_("%s; add --force to replace it (it is replaced only once the new image is complete), or choose another name; nothing was read or written"),
			  e.msg);
		cli_log(&c, _("backup failed: %s"), e.msg);
	} else if (rc < 0) {
		report_failure(&c, _("backup"), &e);
	}
	if (rc < 0) {
		image_end(&c);
		return EXIT_FAIL;
	}
	progress_close(&c);
	disk_format_size(res.bytes, size, sizeof(size));
	disk_format_size(res.file_bytes, fsize, sizeof(fsize));
	cli_log(&c, _("backup complete: %s (%s) saved as %s (%s, %s), SHA-256 %s%s"), bo.device, size,
		bo.image, image_compression_name(res.comp), fsize, res.sha256,
		res.verified ? _(", read back and compared") : _(", not verified"));
	image_end(&c);
	printf(_("Saved %s (%s) as %s (%s, %s) in %s s.\n"), bo.device, size, bo.image,
	       image_compression_name(res.comp), fsize, lang_num(res.read_secs, 1).s);
	printf(_("SHA-256 of the uncompressed image: %s, written to %s.\n"), res.sha256,
	       res.sha256_path);
	if (res.verified)
		printf(_("The image was read back and matches the device (%s s).\n"),
		       lang_num(res.verify_secs, 1).s);
	return EXIT_OK;
}
