/* cli_mkstick.c - `stoat mkstick MEDIA DEVICE [--ks FILE] [--yes]`.
 *
 * The front end of mkstick_run: asks on the terminal (as stoat flash does)
 * with what the stick will get, prints each stage and the copy's progress
 * to stderr, logs to --log, and says at the end how the stick boots.
 * Ctrl-C, SIGTERM, SIGHUP and SIGPIPE stop the copy (cli_catch_signals);
 * that is reported and logged as an interruption: the stick does not boot. */
#include "config.h"

#include <errno.h>
#include <stdio.h>
#include <string.h>
#include <unistd.h>

#include "cli.h"
#include "logfile.h"
#include "mkstick.h"
#include "nls.h"

struct cli_stick {
	const struct stoat_opts *o;
	bool tty, asked_no_tty, line_open, started;
	enum mkstick_stage stage;
	int last_quarter;
	FILE *log;
};

/* Log one line to --log (nothing without it). */
static void stick_log(struct cli_stick *c, const char *line)
{
	if (c->log)
		logfile_line(c->log, line);
}

/* End a refreshed progress line, if one is open. */
static void stick_close_line(struct cli_stick *c)
{
	if (c->line_open)
		fputc('\n', stderr);
	c->line_open = false;
}

/* Progress: a line per stage; the copy in percent (refreshed on a
 * terminal, every quarter otherwise). */
static void stick_progress(void *ctx, const struct mkstick_progress *p)
{
	struct cli_stick *c = ctx;
	int pct = p->total ? (int)(p->done * 100 / p->total) : 0;

	if (!c->started || p->stage != c->stage) {
		stick_close_line(c);
		c->started = true;
		c->stage = p->stage;
		c->last_quarter = -1;
		if (p->stage != MKSTICK_COPY)
			fprintf(stderr, "%s...\n", mkstick_stage_name(p->stage));
	}
	if (p->stage != MKSTICK_COPY)
		return;
	if (c->tty) {
		fprintf(stderr, "\r%s %3d%%  %-40.40s", mkstick_stage_name(p->stage), pct,
			p->file ? p->file : "");
		c->line_open = true;
	} else if (pct / 25 > c->last_quarter) {
		c->last_quarter = pct / 25;
		fprintf(stderr, "%s %d%%\n", mkstick_stage_name(p->stage), pct);
	}
	fflush(stderr);
}

/* Stop callback: a caught signal. */
static bool stick_cancelled(void *ctx)
{
	(void)ctx;
	return cli_signal_cause() != NULL;
}

/* Say (and log) why mkstick_run failed: an interruption as such, with
 * the stage it stopped in. */
static void stick_failed(struct cli_stick *c, const struct mkstick_opts *mo, const struct stoat_err *e)
{
	const char *cause = cli_signal_cause();
	char line[1400];

	if (c->asked_no_tty && !cause) {
		cli_error(_("%s would be overwritten: run from a terminal to confirm, or add --yes; nothing was written"),
			  mo->device);
		snprintf(line, sizeof(line), _("mkstick failed: %s"), e->msg);
	} else if (cause && c->started) {
		cli_error(_("%s interrupted by %s while %s: %s"), "mkstick", cause,
			  mkstick_stage_name(c->stage), e->msg);
		snprintf(line, sizeof(line), _("%s interrupted by %s while %s: %s"), "mkstick", cause,
			 mkstick_stage_name(c->stage), e->msg);
	} else if (cause) {
		cli_error(_("%s interrupted by %s: %s"), "mkstick", cause, e->msg);
		snprintf(line, sizeof(line), _("%s interrupted by %s: %s"), "mkstick", cause, e->msg);
	} else {
		cli_error("%s", e->msg);
		snprintf(line, sizeof(line), _("mkstick failed: %s"), e->msg);
	}
	stick_log(c, line);
}

/* Say what the stick gets, then ask (unless --yes). */
static bool stick_confirm(void *ctx, const struct mkstick_result *r)
{
	struct cli_stick *c = ctx;
	char size[32], line[700];
	int yes;

	disk_format_size(r->bytes, size, sizeof(size));
	snprintf(line, sizeof(line), _("mkstick: %s (%s) onto %s: %zu files, %s"), r->title, r->version,
		 r->target.path, r->files, size);
	stick_log(c, line);
	if (!c->o->yes) {
		fprintf(stderr, _("An installer stick for %s (%s) is made: %zu files, %s.\n"), r->title,
			r->version, r->files, size);
		if (!r->bios)
			fprintf(stderr, _("  It will boot by UEFI only: BIOS boot is not set up: %s\n"), r->bios_why);
	}
	yes = cli_ask_overwrite(c->o, &r->target, _("Type yes to make the installer stick, anything else to stop: "));
	c->asked_no_tty = yes < 0;
	stick_log(c, yes > 0 ? _("mkstick: confirmed") : _("mkstick: not confirmed"));
	return yes > 0;
}

/* stoat mkstick MEDIA DEVICE [--ks FILE] [--yes] */
int cli_mkstick(const struct stoat_opts *o)
{
	struct cli_stick c = { o, isatty(STDERR_FILENO), false, false, false, MKSTICK_PARTITION, -1, NULL };
	struct mkstick_cb cb = { stick_progress, stick_confirm, stick_cancelled, &c };
	struct mkstick_opts mo = { 0 };
	struct mkstick_result r;
	struct stoat_err e = { 0 };
	char line[1400];
	int rc;

	if (o->n_args != 2) {
		cli_error(_("mkstick needs install media and a device: stoat mkstick MEDIA DEVICE [--ks FILE]"));
		return EXIT_USAGE;
	}
	mo.media = o->args[0];
	mo.device = o->args[1];
	mo.ks = o->ks;
	if (o->log && logfile_open(o->log, &c.log, &e) < 0) {
		cli_error("%s", e.msg);
		return EXIT_FAIL;
	}
	cli_catch_signals(true);
	rc = mkstick_run(&mo, &cb, &r, &e);
	stick_close_line(&c);
	if (rc < 0)
		stick_failed(&c, &mo, &e);
	cli_catch_signals(false);
	if (rc < 0) {
		logfile_close(c.log);
		return EXIT_FAIL;
	}
	snprintf(line, sizeof(line), _("mkstick complete: %s, kernelopt=%s"), mo.device, r.kernelopt);
	stick_log(&c, line);
	logfile_close(c.log);
	printf(_("%s is an installer stick for %s (%s).\n"), mo.device, r.title, r.version);
	if (r.uefi)
		printf(_("UEFI boot: EFI/BOOT/BOOTX64.EFI (the media's mboot) reads EFI/BOOT/BOOT.CFG.\n"));
	else
		printf(_("UEFI boot: not set up: %s\n"), r.uefi_why);
	if (r.bios)
		printf(_("BIOS boot: syslinux 3.86 from the media's boot-loader kit runs mboot.c32 on BOOT.CFG.\n"));
	else
		printf(_("BIOS boot: not set up: %s\n"), r.bios_why);
	if (r.ks)
		printf(_("Kickstart: %s copied as KS.CFG; the installer reads it (%s).\n"), o->ks, MKSTICK_KS_OPT);
	printf(_("Kernel options: %s\n"), r.kernelopt);
	if (r.warn[0])
		printf(_("Note: %s\n"), r.warn);
	return EXIT_OK;
}
