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
#include <stdlib.h>
#include <string.h>
#include <sys/ioctl.h>
#include <time.h>
#include <unistd.h>
#include <wchar.h>

#include "cli.h"
#include "identity.h"
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

/* Catch the signals that stop a copy (see cli.h). */
void cli_catch_signals(bool on)
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

/* The parts of a progress line: percent, bytes done (of the total when
 * known) and the time left. */
static int progress_parts(const struct image_progress *p, char *bytes, size_t bsize, char *eta,
			  size_t esize)
{
	char done[32], total[32];

	disk_format_size(p->done, done, sizeof(done));
	if (p->total) {
		disk_format_size(p->total, total, sizeof(total));
		snprintf(bytes, bsize, _("%s of %s"), done, total);
	} else {
		snprintf(bytes, bsize, "%s", done);
	}
	format_eta(p->eta, eta, esize);
	return (int)(image_progress_fraction(p) * 100);
}

/* Progress callback: percent, bytes (of the total when known), MB/s and
 * the time left at the measured speed. */
static void progress_cb(void *ctx, const struct image_progress *p)
{
	struct cli_image *c = ctx;
	char bytes[80], eta[16];
	int pct;

	if (!c->started || p->stage != c->stage) {
		progress_close(c);
		c->started = true;
		c->stage = p->stage;
		c->last_tenth = -1;
	}
	pct = progress_parts(p, bytes, sizeof(bytes), eta, sizeof(eta));
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

/* The signal cli_catch_signals caught, in words (see cli.h). */
const char *cli_signal_cause(void)
{
	switch (cli_image_signal) {
	case SIGINT: return _("Ctrl-C (SIGINT)");
	case SIGTERM: return _("SIGTERM");
	case SIGHUP: return _("SIGHUP (the terminal went away)");
	case SIGPIPE: return _("SIGPIPE (the output was closed)");
	default: break;
	}
	return NULL;
}

/* What stopped the copy, for the message and the log. */
static const char *interrupt_cause(const struct cli_image *c)
{
	const char *sig = cli_signal_cause();

	if (sig)
		return sig;
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
	cli_catch_signals(true);
	return EXIT_OK;
}

/* Give the signals back and close --log. */
static void image_end(struct cli_image *c)
{
	cli_catch_signals(false);
	logfile_close(c->log);
	c->log = NULL;
}

/* Ask on the terminal before a device is overwritten (see cli.h). */
int cli_ask_overwrite(const struct stoat_opts *o, const struct disk *d, const char *prompt)
{
	char size[32], line[64];

	if (o->yes)
		return 1;
	if (!isatty(STDIN_FILENO))
		return -1;
	disk_format_size(d->size, size, sizeof(size));
	fprintf(stderr, _("All data on %s will be overwritten.\n"), d->path);
	if (d->is_file)
		fprintf(stderr, _("  An image file of %s.\n"), size);
	else
		fprintf(stderr, _("  Vendor: %s  Model: %s  Size: %s  Serial: %s\n"),
			d->vendor[0] ? d->vendor : "-", d->model[0] ? d->model : "-", size,
			d->serial[0] ? d->serial : "-");
	fputs(prompt, stderr);
	fflush(stderr);
	if (!fgets(line, sizeof(line), stdin))
		return 0;
	line[strcspn(line, "\r\n")] = '\0';
	return cli_is_yes(line);
}

/* Ask on the terminal before a device is overwritten by the image. */
static bool confirm_cb(void *ctx, const struct disk *d, uint64_t image_size)
{
	struct cli_image *c = ctx;
	int yes = cli_ask_overwrite(c->o, d, _("Type yes to write the image, anything else to stop: "));

	c->asked_no_tty |= yes < 0;
	return yes > 0;
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

/* Before a flash with --new-identity or --drop-datastore: inspect the
 * image and refuse what cannot be made safe, before anything is written;
 * warn about a datastore that would be copied along. EXIT_OK to go on. */
static int identity_before(struct cli_image *c, const struct identity_opts *io, const char *image)
{
	struct identity_image im;
	struct stoat_err e = { 0 };
	char size[32];
	unsigned i;

	if (identity_prepare(image, io, &im, &e) < 0) {
		cli_error("%s", e.msg);
		cli_log(c, _("flash failed: %s"), e.msg);
		return EXIT_FAIL;
	}
	if (im.via_temp)
		fprintf(stderr, _("The %s-compressed image was unpacked into a sparse temporary file to be inspected.\n"),
			im.filter);
	for (i = 0; i < im.n_vmfs && !io->drop_datastore; i++) {
		disk_format_size(im.vmfs_bytes[i], size, sizeof(size));
		fprintf(stderr, _("Warning: partition %u of the image is a VMFS datastore (%s). The copy's datastore keeps the original's VMFS UUID: ESXi sees it as a snapshot and does not mount it while a volume with that UUID is mounted. Give it a new signature on the copy's host (esxcli storage vmfs snapshot resignature -l LABEL, or \"Assign a new signature\" when mounting it in the vSphere Client), never \"Keep the existing signature\" where the original is also seen; or flash with --drop-datastore to leave it out of the copy.\n"),
			im.vmfs[i], size);
	}
	if (io->drop_datastore && !im.n_vmfs)
		fprintf(stderr, "%s\n", _("The image holds no VMFS datastore partition: --drop-datastore has nothing to remove."));
	return EXIT_OK;
}

/* After a flash: make the copy safe and say what changed. */
static int identity_after(struct cli_image *c, const struct identity_opts *io)
{
	struct identity_result res;
	struct stoat_err e = { 0 };
	char size[32];
	unsigned i;

	if (identity_apply(io, &res, &e) < 0) {
		cli_error(_("the image was written to %s, but the copy could not be made safe: %s"), io->device, e.msg);
		cli_log(c, _("flash: the copy could not be made safe: %s"), e.msg);
		return EXIT_FAIL;
	}
	for (i = 0; i < res.n_banks; i++) {
		const struct identity_bank *b = &res.bank[i];
		char line[512];

		identity_bank_text(b, line, sizeof(line));
		printf("%s\n", line);
		if (b->changed)
			cli_log(c, _("flash: bootbank %u: removed the system UUID %s"), b->num, b->uuid);
	}
	if (io->new_identity && !res.n_banks)
		printf("%s\n", _("No valid boot bank was found on the copy: nothing to change."));
	for (i = 0; i < res.n_dropped; i++) {
		disk_format_size(res.dropped_bytes[i], size, sizeof(size));
		printf(_("Removed partition %u (VMFS datastore, %s) from the partition table of %s.\n"),
		       res.dropped[i], size, io->device);
		cli_log(c, _("flash: removed partition %u (VMFS datastore) from the table"), res.dropped[i]);
	}
	return EXIT_OK;
}

static int cli_flash_many(const struct stoat_opts *o);

/* stoat flash IMAGE DEVICE... [--yes] [--no-verify] [--force]
 * [--new-identity] [--drop-datastore] [--probe] (these three: one device) */
int cli_flash(const struct stoat_opts *o)
{
	struct image_flash_result res;
	struct cli_image c = { .o = o, .tty = isatty(STDERR_FILENO), .stage = IMAGE_WRITE,
			       .last_tenth = -1, .res = &res };
	struct image_cb cb = { .progress = progress_cb, .confirm = flash_confirm_cb, .ctx = &c,
			       .cancelled = cancelled_cb };
	struct image_flash_opts fo = { 0 };
	struct identity_opts io = { 0 };
	struct stoat_err e = { 0 };
	char size[32], zeros[32];
	int rc;

	if (o->n_args < 2) {
		cli_error(_("flash needs an image and a device: stoat flash IMAGE DEVICE..."));
		return EXIT_USAGE;
	}
	if (o->used || o->inspect) {
		cli_error(o->used ? _("--used applies to backup only") : _("--inspect applies to backup only"));
		return EXIT_USAGE;
	}
	if ((o->new_identity || o->drop_datastore) && o->no_verify) {
		cli_error(_("--new-identity and --drop-datastore change the copy only after it was verified: leave out --no-verify"));
		return EXIT_USAGE;
	}
	if (o->n_args > 2) {
		if (o->new_identity || o->drop_datastore || o->probe) {
			cli_error(_("--new-identity, --drop-datastore and --probe work on one device at a time"));
			return EXIT_USAGE;
		}
		return cli_flash_many(o);
	}
	io.device = o->args[1];
	io.new_identity = o->new_identity;
	io.drop_datastore = o->drop_datastore;
	fo.image = o->args[0];
	fo.device = o->args[1];
	fo.verify = !o->no_verify;
	fo.force = o->force;
	if (image_begin(&c) != EXIT_OK)
		return EXIT_FAIL;
	cli_log(&c, _("flash: %s onto %s"), fo.image, fo.device);
	if ((io.new_identity || io.drop_datastore) && identity_before(&c, &io, fo.image) != EXIT_OK) {
		image_end(&c);
		return EXIT_FAIL;
	}
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
	/* --log stays open for what the identity step changes */
	rc = io.new_identity || io.drop_datastore ? identity_after(&c, &io) : EXIT_OK;
	image_end(&c);
	return rc;
}

/* --- stoat flash IMAGE DEV1 DEV2 ...: several devices at once --- */

/* What the terminal shows of one device. */
struct cli_dev {
	enum image_stage stage;
	bool started, failed;
	int last_tenth;
	char line[512];
};

struct cli_multi {
	struct cli_image c;
	const struct image_multi_opts *mo;
	struct cli_dev dev[IMAGE_MULTI_MAX];
	bool drawn;		/* the block of per-device lines is on the screen */
};

/* Cut s to at most cols display columns. */
static void fit_width(char *s, int cols)
{
	mbstate_t st;
	size_t i = 0, len = strlen(s);
	int w = 0;

	memset(&st, 0, sizeof(st));
	while (i < len) {
		wchar_t wc;
		size_t n = mbrtowc(&wc, s + i, len - i, &st);
		int cw;

		if (n == (size_t)-1 || n == (size_t)-2 || n == 0)
			break;
		cw = wcwidth(wc);
		if (w + (cw > 0 ? cw : 0) > cols)
			break;
		w += cw > 0 ? cw : 0;
		i += n;
	}
	s[i] = '\0';
}

/* Redraw the block of per-device lines in place (a terminal). */
static void multi_draw(struct cli_multi *m)
{
	struct winsize ws;
	int cols = ioctl(STDERR_FILENO, TIOCGWINSZ, &ws) == 0 && ws.ws_col > 1 ? ws.ws_col - 1 : 79;
	unsigned i;

	if (m->drawn)
		fprintf(stderr, "\033[%uA", m->mo->n);
	for (i = 0; i < m->mo->n; i++) {
		char line[sizeof(m->dev[i].line)];

		memcpy(line, m->dev[i].line, sizeof(line));
		fit_width(line, cols);
		fprintf(stderr, "\r%s\033[K\n", line);
	}
	m->drawn = true;
}

/* Progress of device i: its line redrawn on a terminal, else a plain
 * line every 10%. */
static void multi_progress_cb(void *ctx, unsigned i, const struct image_progress *p)
{
	struct cli_multi *m = ctx;
	struct cli_dev *d = &m->dev[i];
	char bytes[80], eta[16];
	int pct;

	if (!d->started || p->stage != d->stage) {
		d->started = true;
		d->stage = p->stage;
		d->last_tenth = -1;
	}
	m->c.started = true;
	m->c.stage = p->stage;
	pct = progress_parts(p, bytes, sizeof(bytes), eta, sizeof(eta));
	snprintf(d->line, sizeof(d->line), _("%s: %-9s %3d%%  %s  %7s MB/s  %s left"),
		 m->mo->devices[i], image_stage_name(p->stage), pct, bytes,
		 lang_num(p->rate / 1e6, 1).s, eta);
	if (m->c.tty) {
		multi_draw(m);
	} else if (pct / 10 > d->last_tenth) {
		d->last_tenth = pct / 10;
		fprintf(stderr, "%s\n", d->line);
	}
	if (fflush(stderr) == EOF || ferror(stderr))
		m->c.output_closed = true;
}

/* Device i dropped out: say so in its line (or on a line of its own) and
 * in the log; the others go on. */
static void multi_failed_cb(void *ctx, unsigned i, const struct stoat_err *e)
{
	struct cli_multi *m = ctx;

	m->dev[i].failed = true;
	snprintf(m->dev[i].line, sizeof(m->dev[i].line), _("%s: failed: %s"), m->mo->devices[i],
		 e->msg);
	if (m->c.tty)
		multi_draw(m);
	else
		fprintf(stderr, "%s\n", m->dev[i].line);
	cli_log(&m->c, _("flash: %s failed: %s"), m->mo->devices[i], e->msg);
	if (fflush(stderr) == EOF || ferror(stderr))
		m->c.output_closed = true;
}

/* Stop callback of the flash onto several devices. */
static bool multi_cancelled_cb(void *ctx)
{
	return cancelled_cb(&((struct cli_multi *)ctx)->c);
}

/* The one confirmation naming every device; logged like a single one. */
static bool multi_confirm_cb(void *ctx, const struct disk *const *t, unsigned n, uint64_t image_size)
{
	struct cli_multi *m = ctx;
	char size[32], line[64];
	unsigned i;
	bool yes;

	(void)image_size;
	log_image(&m->c, m->mo->image, &m->c.res->info);
	for (i = 0; i < n; i++)
		log_target(&m->c, _("flash: target"), t[i]);
	if (m->c.o->yes) {
		yes = true;
	} else if (!isatty(STDIN_FILENO)) {
		m->c.asked_no_tty = true;
		yes = false;
	} else {
		fprintf(stderr, P_("All data on %u device will be overwritten:\n",
				   "All data on these %u devices will be overwritten:\n", n), n);
		for (i = 0; i < n; i++) {
			disk_format_size(t[i]->size, size, sizeof(size));
			if (t[i]->is_file)
				fprintf(stderr, _("  %s  an image file of %s\n"), t[i]->path, size);
			else
				fprintf(stderr, _("  %s  Vendor: %s  Model: %s  Size: %s  Serial: %s\n"),
					t[i]->path, t[i]->vendor[0] ? t[i]->vendor : "-",
					t[i]->model[0] ? t[i]->model : "-", size,
					t[i]->serial[0] ? t[i]->serial : "-");
		}
		fprintf(stderr, P_("Type yes to write the image to %u device, anything else to stop: ",
				   "Type yes to write the image to all %u, anything else to stop: ", n), n);
		fflush(stderr);
		yes = fgets(line, sizeof(line), stdin) != NULL;
		if (yes) {
			line[strcspn(line, "\r\n")] = '\0';
			yes = cli_is_yes(line);
		}
	}
	cli_log(&m->c, yes ? _("flash: confirmed") : _("flash: not confirmed"));
	return yes;
}

/* The result line of device i on stdout, and in the log. */
static void multi_result(struct cli_multi *m, const struct image_multi_result *res, unsigned i)
{
	const struct image_multi_dev *r = &res->dev[i];
	const char *dev = m->mo->devices[i];
	char size[32];

	if (r->rc < 0) {
		printf(_("%s: FAILED: %s\n"), dev, r->err.msg);
		return;
	}
	disk_format_size(r->bytes, size, sizeof(size));
	cli_log(&m->c, _("flash complete: %s (%s) written to %s in %s s%s"), m->mo->image, size, dev,
		lang_num(r->write_secs, 1).s, r->verified ? _(", read back and compared") : _(", not verified"));
	if (r->verified)
		printf(_("%s: OK: %s written in %s s (%s MB/s), read back and compared in %s s\n"), dev,
		       size, lang_num(r->write_secs, 1).s,
		       lang_num(r->write_secs > 0 ? (double)r->bytes / r->write_secs / 1e6 : 0.0, 1).s,
		       lang_num(r->verify_secs, 1).s);
	else
		printf(_("%s: OK: %s written in %s s (%s MB/s), not verified\n"), dev, size,
		       lang_num(r->write_secs, 1).s,
		       lang_num(r->write_secs > 0 ? (double)r->bytes / r->write_secs / 1e6 : 0.0, 1).s);
}

/* stoat flash IMAGE DEV1 DEV2 ...: one image, read once, onto them all. */
static int cli_flash_many(const struct stoat_opts *o)
{
	struct image_multi_result *res;
	struct cli_multi *m;
	struct image_multi_cb cb = { multi_progress_cb, multi_confirm_cb, multi_failed_cb,
				     multi_cancelled_cb, NULL };
	struct image_multi_opts mo = { 0 };
	struct image_flash_result info = { 0 };
	struct stoat_err e = { 0 };
	unsigned i;
	int rc;

	if (o->n_args - 1 > IMAGE_MULTI_MAX) {
		cli_error(_("flash writes at most %u devices at once"), IMAGE_MULTI_MAX);
		return EXIT_USAGE;
	}
	res = calloc(1, sizeof(*res));
	m = calloc(1, sizeof(*m));
	if (!res || !m) {
		free(res);
		free(m);
		cli_error(_("out of memory"));
		return EXIT_FAIL;
	}
	mo.image = o->args[0];
	mo.devices = &o->args[1];
	mo.n = o->n_args - 1;
	mo.verify = !o->no_verify;
	mo.force = o->force;
	m->c = (struct cli_image){ .o = o, .tty = isatty(STDERR_FILENO), .stage = IMAGE_WRITE,
				   .last_tenth = -1, .res = &info };
	m->mo = &mo;
	cb.ctx = m;
	for (i = 0; i < mo.n; i++)
		snprintf(m->dev[i].line, sizeof(m->dev[i].line), _("%s: waiting"), mo.devices[i]);
	if (image_begin(&m->c) != EXIT_OK) {
		free(res);
		free(m);
		return EXIT_FAIL;
	}
	cli_log(&m->c, _("flash: %s onto %u devices"), mo.image, mo.n);
	/* the log's image line reads the probe through c.res */
	rc = image_flash_multi(&mo, &cb, res, &e);
	info.info = res->info;
	log_image(&m->c, mo.image, &res->info);
	if (rc < 0 && !res->started) {
		if (m->c.asked_no_tty && !interrupt_cause(&m->c)) {
			cli_error(_("%u devices would be overwritten: run from a terminal to confirm, or add --yes; nothing was written"),
				  mo.n);
			cli_log(&m->c, _("flash: not confirmed (no terminal, no --yes); nothing was written"));
		} else if (rc == -EMEDIUMTYPE) {
			cli_error(_("%s; add --force to write it all the same; nothing was written"), e.msg);
			cli_log(&m->c, _("flash failed: %s"), e.msg);
		} else {
			report_failure(&m->c, _("flash"), &e);
		}
		image_end(&m->c);
		free(res);
		free(m);
		return EXIT_FAIL;
	}
	if (res->checked_sha256)
		printf(_("The image matched its checksum file %s.sha256.\n"), mo.image);
	for (i = 0; i < mo.n; i++)
		multi_result(m, res, i);
	if (rc < 0)
		report_failure(&m->c, _("flash"), &e);
	image_end(&m->c);
	free(res);
	free(m);
	return rc < 0 ? EXIT_FAIL : EXIT_OK;
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

/* backup --inspect: what the device just saved holds (read from the
 * device, which the image equals, so nothing is unpacked). */
static int backup_inspect(const struct stoat_opts *o, const char *device)
{
	struct inspect_result *r = malloc(sizeof(*r));
	struct stoat_err e = { 0 };

	if (!r || inspect_path(device, r, &e) < 0) {
		cli_error(_("the image was saved, but %s could not be inspected: %s"), device,
			  r ? e.msg : _("out of memory"));
		free(r);
		return EXIT_FAIL;
	}
	if (!o->json)
		printf("\n");
	cli_inspect_print(r, o->json);
	free(r);
	return EXIT_OK;
}

/* stoat backup DEVICE IMAGE [--used] [--no-verify] [--force] [--inspect [--json]] */
int cli_backup(const struct stoat_opts *o)
{
	struct cli_image c = { .o = o, .tty = isatty(STDERR_FILENO), .stage = IMAGE_READ,
			       .last_tenth = -1 };
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
	if (o->new_identity || o->drop_datastore) {
		cli_error(_("--new-identity and --drop-datastore apply to flash only"));
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
	return o->inspect ? backup_inspect(o, bo.device) : EXIT_OK;
}
