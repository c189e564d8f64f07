/* cli_install.c - `stoat install --kickstart FILE [--media PATH]
 * [--dry-run] [--check]`: unattended install with headless progress. */
#include "config.h"

#include <errno.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

#include "cli.h"
#include "install.h"
#include "keyboard.h"
#include "kickstart.h"
#include "logfile.h"
#include "media.h"
#include "nls.h"
#include "probe.h"
#include "osdata.h"
#include "sysscan.h"
#include "upgrade.h"

/* Set by SIGINT/SIGTERM; the executor stops before its next step. */
static volatile sig_atomic_t cli_install_stop;

/* What the progress callbacks need. */
struct cli_progress {
	FILE *log;		/* --log FILE, or NULL */
	bool tty;
	struct timespec last;	/* CLOCK_MONOTONIC of the last percentage line */
	bool printed;		/* a percentage line was printed */
	int last_pct;
	bool open_line;		/* tty: a \r line is showing */
	const struct install_plan *plan;	/* names and numbers the steps */
};

/* Signal handler: only set the flag. */
static void on_signal(int sig)
{
	(void)sig;
	cli_install_stop = 1;
}

/* End a \r progress line on a terminal before other output. */
static void close_line(struct cli_progress *pr)
{
	if (pr->open_line) {
		putchar('\n');
		pr->open_line = false;
	}
}

/* A new stage: one line. */
static void cb_stage(void *ctx, enum install_stage st)
{
	struct cli_progress *pr = ctx;

	char line[256];
	int count, num = install_step_number(pr->plan, st, &count);

	close_line(pr);
	if (st == STAGE_DONE)
		snprintf(line, sizeof(line), "%s", install_step_name(pr->plan, st));
	else
		snprintf(line, sizeof(line), "[%d/%d] %s", num, count, install_step_name(pr->plan, st));
	printf("%s\n", line);
	fflush(stdout);
	logfile_line(pr->log, line);
}

/* Seconds from a to b. */
static double ts_diff(const struct timespec *a, const struct timespec *b)
{
	return (double)(b->tv_sec - a->tv_sec) + (double)(b->tv_nsec - a->tv_nsec) / 1e9;
}

/* Bytes: a percentage line when at least a second has passed since the
 * last one (a monotonic clock, so no two lines come milliseconds apart at
 * a wall-clock second's edge), and always the 100% line. */
static void cb_bytes(void *ctx, uint64_t done, uint64_t total)
{
	struct cli_progress *pr = ctx;
	struct timespec now;
	int pct = total ? (int)(done * 100 / total) : 100;

	clock_gettime(CLOCK_MONOTONIC, &now);
	if (pct == pr->last_pct || (pr->printed && pct < 100 && ts_diff(&pr->last, &now) < 1.0))
		return;
	pr->last = now;
	pr->printed = true;
	pr->last_pct = pct;
	if (pr->tty) {
		printf("\r%3d%%", pct);
		pr->open_line = true;
	} else {
		printf("%3d%%\n", pct);
	}
	fflush(stdout);
}

/* A log line from the executor. */
static void cb_log(void *ctx, const char *line)
{
	struct cli_progress *pr = ctx;

	close_line(pr);
	printf("%s\n", line);
	fflush(stdout);
	logfile_line(pr->log, line);
}

/* Whether the user asked to stop. */
static int cb_cancelled(void *ctx)
{
	(void)ctx;
	return cli_install_stop;
}

/* What a running script's output callback needs. */
struct cli_script_out {
	struct cli_progress *pr;
	const char *section;
};

/* A line of a %pre/%post script: to stdout and the log, prefixed. */
static void cb_script_line(void *ctx, const char *text)
{
	struct cli_script_out *so = ctx;
	char line[1200];

	snprintf(line, sizeof(line), "%s: %s", so->section, text);
	close_line(so->pr);
	printf("%s\n", line);
	fflush(stdout);
	logfile_line(so->pr->log, line);
}

/* Run one script, its output to stdout and the log. 0, also when it
 * failed with --ignorefailure=true (after a warning); else -errno, e
 * filled. */
static int run_one(const struct ks_script *s, const char *disk, const char *media,
		   struct cli_progress *pr, struct stoat_err *e)
{
	struct cli_script_out so = { pr, ks_script_section(s) };
	struct ks_script_io io = { &so, cb_script_line, cb_cancelled };
	char line[700];
	int rc;

	snprintf(line, sizeof(line), _("Running the %s script at %s."), so.section, s->where);
	close_line(pr);
	printf("%s\n", line);
	fflush(stdout);
	logfile_line(pr->log, line);
	if ((rc = ks_script_run(s, disk, media, &io, e)) == 0)
		return 0;
	logfile_line(pr->log, e->msg);
	if (!s->ignorefailure)
		return rc;
	cli_error(_("warning: %s; going on (--ignorefailure=true)"), e->msg);
	return 0;
}

/* Run every %post script in file order. EXIT_OK, or EXIT_FAIL after
 * saying which one failed. */
static int run_post(const struct kickstart *ks, const char *disk, const char *media,
		    struct cli_progress *pr)
{
	struct stoat_err e = { 0 };
	size_t i;

	for (i = 0; i < ks->n_scripts && i < KS_MAX_SCRIPTS; i++)
		if (ks->scripts[i].when == KS_POST && run_one(&ks->scripts[i], disk, media, pr, &e) < 0) {
			cli_error(_("%s; the installation itself is complete"), e.msg);
			return EXIT_FAIL;
		}
	return EXIT_OK;
}

/* What the %pre hook needs. */
struct cli_pre {
	struct cli_progress *pr;
	const char *media;
	bool failed;		/* a %pre script failed: nothing was written */
};

/* The kickstart reader's %pre hook: run the script now, as ESXi does,
 * before the includes are read and before any disk is chosen (so
 * STOAT_DISK is empty). */
static int cb_pre(void *ctx, const struct ks_script *s, struct stoat_err *e)
{
	struct cli_pre *cp = ctx;
	int rc = run_one(s, "", cp->media, cp->pr, e);

	cp->failed = rc < 0;
	return rc;
}

/* List the %pre/%post scripts that a real run would start. */
static void list_scripts(const struct kickstart *ks)
{
	size_t i;

	for (i = 0; i < ks->n_scripts && i < KS_MAX_SCRIPTS; i++) {
		const struct ks_script *s = &ks->scripts[i];

		if (s->when == KS_FIRSTBOOT)
			continue;
		printf(s->when == KS_PRE ? _("before: the %s script at %s would run (%s, timeout %u s%s)\n")
		       : _("after: the %s script at %s would run (%s, timeout %u s%s)\n"),
		       ks_script_section(s), s->where, s->interpreter,
		       s->timeout ? s->timeout : KS_SCRIPT_TIMEOUT,
		       s->ignorefailure ? _(", failure ignored") : "");
	}
}

/* Why the kickstart's reboot must not happen: the target is an image file
 * or a loop device, which start no machine, least of all this one; NULL
 * when rebooting may start what was installed. Into buf. */
static const char *no_reboot_why(const struct install_plan *plan, char *buf, size_t size)
{
	enum install_boots where = install_boots_where(plan);

	if (where == BOOTS_IMAGE || plan->target.is_file)
		snprintf(buf, size, _("%s is an image file, which starts no machine until it is written to a device"),
			 plan->target.path);
	else if (where == BOOTS_LOOP)
		snprintf(buf, size, _("%s is a loop device, which starts no machine until its file is written to a device"),
			 plan->target.path);
	else
		return NULL;
	return buf;
}

/* Print the dry run's last line: what a real run does at its end. */
static void describe_end(const struct kickstart *ks, const struct stoat_opts *o,
			 const struct install_plan *plan)
{
	struct ks_end end;
	char why[4200];

	ks_end_plan(ks, o->no_reboot, isatty(0) != 0, o->media, &end);
	if (end.kind == KS_END_REBOOT && no_reboot_why(plan, why, sizeof(why)))
		printf(_("then: exit without rebooting: %s\n"), why);
	else if (end.kind == KS_END_REBOOT && end.eject)
		printf(_("then: reboot, eject %s\n"), end.eject_path);
	else if (end.kind == KS_END_REBOOT && ks->noeject)
		printf(_("then: reboot, leave the media in (--noeject)\n"));
	else if (end.kind == KS_END_REBOOT)
		printf(_("then: reboot (the media is not an optical drive: nothing to eject)\n"));
	else if (end.kind == KS_END_WAIT)
		printf(_("then: wait for Enter, then exit\n"));
	else if (ks->reboot)
		printf(_("then: exit without rebooting (--no-reboot)\n"));
	else
		printf(_("then: exit\n"));
}

/* After a successful install: reboot (ejecting optical media first), wait
 * for Enter, or just return; never reboot for a target that starts no
 * machine (why_not, or NULL). Returns the exit status. */
static int finish(const struct kickstart *ks, const struct stoat_opts *o, const char *why_not)
{
	struct stoat_err e = { 0 };
	struct ks_end end;
	char line[256];

	ks_end_plan(ks, o->no_reboot, isatty(0) != 0, o->media, &end);
	if (end.kind == KS_END_WAIT) {
		printf(_("Press Enter to leave the installer.\n"));
		fflush(stdout);
		while (fgets(line, sizeof(line), stdin) && !strchr(line, '\n'))
			;
		return EXIT_OK;
	}
	if (end.kind != KS_END_REBOOT)
		return EXIT_OK;
	if (why_not) {
		printf(_("Not rebooting: %s.\n"), why_not);
		return EXIT_OK;
	}
	if (end.eject && ks_media_eject(end.eject_path, &e) < 0)
		cli_error(_("warning: %s"), e.msg);
	printf(_("Rebooting.\n"));
	return cli_reboot();
}

/* The prerequisite checks: print what they found; EXIT_FAIL when the
 * kickstart's switches do not let an error (or, under paranoid, a
 * warning) through. Notes (this machine's memory and CPU when the target
 * is flash or an image file) only inform. */
static int prereqs(const struct kickstart *ks, const struct install_plan *plan,
		   const struct media *m)
{
	struct sysscan_opts so = { getenv("STOAT_PROC"), &plan->target, &plan->layout,
				   media_version(m) };
	struct sysscan_policy pol = { ks->paranoid, ks->ignoreprereqwarnings, ks->ignoreprereqerrors };
	struct stoat_err e = { 0 };
	struct sys_findings f;
	int i;

	sysscan_run(&so, &f);
	if (sysscan_verdict(&f, &pol, &e) < 0) {
		cli_error("%s", e.msg);
		return EXIT_FAIL;
	}
	for (i = 0; i < f.n; i++)
		if (f.f[i].level == SYS_ERROR)
			cli_error(_("warning: %s (an error, passed by --ignoreprereqerrors)"), f.f[i].text);
		else if (f.f[i].level == SYS_NOTE)
			cli_error(_("note: %s"), f.f[i].text);
		else
			cli_error(_("warning: %s"), f.f[i].text);
	return EXIT_OK;
}

/* install --probe: probe the target, writing only where the install
 * writes; EXIT_FAIL for a device that holds less than it claims, a
 * warning for a slow one. */
static int install_probe(const struct install_plan *plan, struct cli_progress *pr)
{
	struct probe_area a[PROBE_MAX_AREAS];
	size_t n = probe_area_layout(&plan->layout, a, PROBE_MAX_AREAS);
	struct probe_result r;
	struct stoat_err e = { 0 };
	char warn[512];

	if (cli_probe_run(plan->target.path, a, n, false, &r, &e) < 0) {
		cli_error("%s", e.msg);
		return EXIT_FAIL;
	}
	cli_probe_print(stdout, &r);
	logfile_line(pr->log, r.cap_text);
	if (probe_refuse(&r, &e) < 0) {
		fflush(stdout);
		cli_error("%s", e.msg);
		logfile_line(pr->log, e.msg);
		return EXIT_FAIL;
	}
	if (probe_slow_warning(&r, warn, sizeof(warn)))
		cli_error(_("warning: %s"), warn);
	return EXIT_OK;
}

/* Turn the plan into an upgrade when the kickstart asks for one (or for
 * installorupgrade and the disk holds ESXi). 1: upgrade, 0: install,
 * < 0: refused (e filled). */
static int plan_upgrade_or_not(const struct kickstart *ks, const struct disk *d, struct media *m,
			       struct install_plan *plan, struct stoat_err *e)
{
	int rc;

	if (ks->action != KS_UPGRADE && !(ks->action == KS_INSTALLORUPGRADE && d->upgradable))
		return 0;
	rc = upgrade_plan(plan, m, e);
	if (rc == 0)
		return 1;
	if (ks->action == KS_UPGRADE || rc != -ENOENT)
		return err_prefix(e, "%s", ks->where);
	/* installorupgrade and nothing to upgrade: a fresh install, which
	 * must not lose a datastore it was not told it may. */
	plan->upgrade = false;
	memset(&plan->up, 0, sizeof(plan->up));
	plan->preserve_vmfs = ks->preservevmfs;
	return kickstart_vmfs_ok(ks, d, e);
}

/* Where ESX-OSData goes: --osdata, else install --systemdisk=. *sd: the
 * disk that is to hold it, or NULL when it stays where the layout puts it
 * (a disk target keeps it as p7; a 7.x flash target keeps it in RAM unless
 * --osdata flash). */
static int system_disk(const struct stoat_opts *o, const struct kickstart *ks,
		       const struct disk_list *disks, const struct disk *d, enum layout_profile prof,
		       struct layout_opts *lo, const struct disk **sd, struct stoat_err *e)
{
	const char *name = o->osdata;
	int rc;

	*sd = NULL;
	if (name && layout_osdata_parse(name, &lo->osdata) == 0)
		name = "";
	if ((rc = kickstart_system_disk(ks, name, disks, sd, e)) < 0)
		return rc;
	if (!*sd && lo->osdata == LAYOUT_OSDATA_RAM)
		return 0;
	if (*sd && !strcmp((*sd)->path, d->path)) {
		*sd = NULL;
	} else if (!disk_is_flash(d) || prof != LAYOUT_ESXI7) {
		cli_error(_("warning: %s: --systemdisk=%s is used only when 7.x or later is installed onto USB or SD flash; ESX-OSData stays on %s"),
			  ks->where, *sd ? (*sd)->path : o->osdata, d->path);
		*sd = NULL;
		lo->osdata = LAYOUT_OSDATA_RAM;
	} else if (*sd) {
		lo->osdata = LAYOUT_OSDATA_DISK;
	}
	return 0;
}

/* Fill the plan from the kickstart, the chosen disk and the media. */
static int build_plan(const struct stoat_opts *o, const struct kickstart *ks,
		      const struct disk_list *disks, const struct disk *d, struct media *m,
		      struct install_plan *plan, struct stoat_err *e)
{
	const struct disk *sd = NULL;
	struct layout_opts lo = { 0 };
	struct bootopts bo;
	enum layout_profile prof = o->layout;
	int rc;

	plan_init(plan);
	plan->target = *d;
	snprintf(plan->media_path, sizeof(plan->media_path), "%s", o->media);
	if ((rc = kickstart_to_plan(ks, plan, e)) < 0)
		return rc;
	plan->legacy_usb = plan->legacy_usb || o->legacy_usb;
	if ((rc = cli_bootopts(o, ks, m, &bo, e)) < 0 || (rc = bootopts_apply(&bo, plan, e)) < 0)
		return rc;
	plan->dry_run = plan->dry_run || o->dry_run;
	plan->allow_no_uefi = o->allow_no_uefi;
	plan->no_boot_entry = o->no_boot_entry;
	snprintf(plan->efi_dir, sizeof(plan->efi_dir), "%s", getenv("STOAT_EFI_DIR") ? getenv("STOAT_EFI_DIR") : "");
	if ((rc = plan_upgrade_or_not(ks, d, m, plan, e)) != 0)
		return rc < 0 ? rc : 0;
	if (prof == LAYOUT_AUTO)
		prof = layout_profile_for_version(media_version(m));
	lo.novmfsondisk = ks->novmfsondisk || o->novmfsondisk;
	lo.media_size = o->media_size;
	bootopts_layout(&bo, &lo);
	if ((rc = system_disk(o, ks, disks, d, prof, &lo, &sd, e)) < 0)
		return rc;
	plan->osdata = lo.osdata;
	rc = layout_plan(d->size, d->lsec ? d->lsec : 512, disk_is_flash(d), prof, &lo,
			 &plan->layout, e);
	if (rc == 0 && sd)
		rc = osdata_use_disk(plan, sd, lo.media_size, e);
	if (rc == 0 && plan->preserve_vmfs)
		rc = plan_keep_vmfs(plan, e);
	return rc;
}

/* What an upgrade does not apply from the kickstart: say so. */
static void upgrade_warnings(const struct kickstart *ks)
{
	bool other = strcmp(ks->keyboard, KEYBOARD_DEFAULT) || ks->network_json;
	size_t i;

	for (i = 0; i < ks->n_scripts && i < KS_MAX_SCRIPTS; i++)
		other = other || ks->scripts[i].when == KS_FIRSTBOOT;
	/* for upgrade, reading the file said so already */
	if (ks->pwhash[0] && ks->action != KS_UPGRADE)
		cli_error(_("warning: %s"), _("the host keeps its root password on upgrade (it lives in state.tgz): rootpw is not applied"));
	if (other)
		cli_error(_("warning: %s"), _("the keyboard, network settings and first-boot scripts of the kickstart file are not applied on upgrade: the host keeps its own configuration"));
}

/* The dry run's lines for the partition commands: where each datastore
 * goes (the plan's datastores, after kickstart_parts_to_plan). */
static void list_parts(const struct kickstart *ks, const struct install_plan *plan)
{
	size_t i;

	if (plan->upgrade) {
		for (i = 0; i < ks->n_parts && i < KS_MAX_PARTS; i++)
			printf(_("partition: the datastore %s (%s) is not created on upgrade\n"),
			       ks->parts[i].name, ks->parts[i].where);
		return;
	}
	for (i = 0; i < plan->n_datastores; i++)
		printf(_("partition: %s would be repartitioned with one VMFS partition, and the host creates the datastore %s on it at first boot\n"),
		       plan->datastores[i].path, plan->datastores[i].name);
}

/* Scan disks, pick the kickstart's target, plan, then describe or run;
 * why_not (size why_size) gets why the kickstart's reboot must not
 * happen, or stays empty. */
static int install_with(const struct stoat_opts *o, const struct kickstart *ks,
			struct media *m, struct cli_progress *ppr, char *why_not, size_t why_size)
{
	struct disk_scan_opts so = { 0 };
	struct disk_list disks = { 0 };
	struct install_plan plan;
	struct stoat_err e = { 0 };
	struct cli_progress pr = *ppr;
	char line[1024];
	struct install_progress cb = { &pr, cb_stage, cb_bytes, cb_log, cb_cancelled };
	const struct disk *d;
	char *text;
	int rc;

	so.specs = o->disks;
	so.n_specs = o->n_disks;
	so.only_listed = o->only_listed;
	so.media_path = o->media;
	plan_init(&plan);
	if (ks->action == KS_NONE) {
		/* Only a dry run or check gets here: the command is in an
		 * include that a %pre script would write. */
		printf(_("no plan: the install, upgrade or installorupgrade command is not in the parts of the file that could be read\n"));
		rc = EXIT_OK;
		goto out;
	}
	if (disk_scan(&so, &disks, &e) < 0 || kickstart_pick_disk(ks, &disks, &d, &e) < 0 ||
	    build_plan(o, ks, &disks, d, m, &plan, &e) < 0 ||
	    (!plan.upgrade && kickstart_parts_to_plan(ks, &disks, &plan, &e) < 0)) {
		cli_error("%s", e.msg);
		rc = EXIT_FAIL;
		goto out;
	}
	/* A dry run whose rootpw is in an include it could not read: the
	 * plan gets a stand-in that is never written. */
	if (plan.dry_run && !plan.pwhash[0] && ks->n_notes)
		snprintf(plan.pwhash, sizeof(plan.pwhash), "$6$notread$");
	if (plan_validate(&plan, &e) < 0 || install_check(&plan, m, &e) < 0) {
		cli_error("%s", e.msg);
		rc = EXIT_FAIL;
		goto out;
	}
	/* The media fits (install_check above), so media problems come first
	 * and alone; then the host. */
	if ((rc = prereqs(ks, &plan, m)) != EXIT_OK)
		goto out;
	pr.plan = &plan;
	if (plan.upgrade)
		upgrade_warnings(ks);
	if (plan.dry_run) {
		if (!(text = install_describe(&plan, m, &e))) {
			cli_error("%s", e.msg);
			rc = EXIT_FAIL;
			goto out;
		}
		fputs(text, stdout);
		free(text);
		list_parts(ks, &plan);
		list_scripts(ks);
		describe_end(ks, o, &plan);
		rc = EXIT_OK;
		goto out;
	}
	if (o->probe && (rc = install_probe(&plan, &pr)) != EXIT_OK)
		goto out;
	if (plan.upgrade)
		snprintf(line, sizeof(line), _("Upgrading ESXi %s on %s to %s: bootbank %u is written, bootbank %u is kept."),
			 plan.up.active_build, plan.target.path, media_title(m), plan.up.target, plan.up.active);
	else
		snprintf(line, sizeof(line), _("Installing %s onto %s."), media_title(m), plan.target.path);
	printf("%s\n", line);
	logfile_line(pr.log, line);
	text = install_log_plan(&plan, m);
	logfile_text(pr.log, text);
	free(text);
	if (install_run(&plan, m, &cb, &e) < 0) {
		close_line(&pr);
		fflush(stdout);
		cli_error("%s", e.msg);
		logfile_line(pr.log, e.msg);
		rc = EXIT_FAIL;
	} else {
		close_line(&pr);
		if (plan.upgrade)
			snprintf(line, sizeof(line), _("Upgraded %s on %s; it boots bootbank %u next. Remove the installation media before rebooting."),
				 media_title(m), plan.target.path, plan.up.target);
		else
			snprintf(line, sizeof(line), _("Installed %s onto %s. Remove the installation media before rebooting."),
				 media_title(m), plan.target.path);
		printf("%s\n", line);
		logfile_line(pr.log, line);
		rc = run_post(ks, plan.target.path, o->media, &pr);
		if (!no_reboot_why(&plan, why_not, why_size))
			why_not[0] = '\0';
	}
out:
	plan_free(&plan);
	disk_list_free(&disks);
	return rc;
}

/* Media that does not say its version: --layout answers for it, else
 * stoat stops, saying what it looked at; it never guesses. */
static int version_answer(const struct stoat_opts *o, struct media *m)
{
	char why[1024];
	int major;

	if (media_version_source(m) != MEDIA_VERSION_UNKNOWN)
		return EXIT_OK;
	if (o->layout == LAYOUT_AUTO) {
		media_version_why(m, why, sizeof(why));
		cli_error(_("the media does not say which ESXi version it holds, and stoat does not guess it: %s Give --layout esxi6 for 6.x media or --layout esxi7 for 7.x and 8.x media; the installed boot.cfg then says build=6 or build=7."),
			  why);
		return EXIT_FAIL;
	}
	major = o->layout == LAYOUT_ESXI6 ? 6 : 7;
	media_set_major(m, major);
	cli_error(_("warning: the media does not say which ESXi version it holds; --layout %s answers for it, and the installed boot.cfg says build=%s"),
		  layout_profile_name(o->layout), media_answer_build(major));
	return EXIT_OK;
}

/* Print the reader's warnings and notes. */
static void print_findings(const struct kickstart *ks)
{
	size_t i;

	for (i = 0; i < ks->n_warnings && i < KS_MAX_WARNINGS; i++)
		cli_error(_("warning: %s"), ks->warnings[i]);
	for (i = 0; i < ks->n_notes && i < KS_MAX_NOTES; i++)
		cli_error(_("note: %s"), ks->notes[i]);
}

/* stoat install: kickstart, media, disk, plan, then run or describe.
 * The file is read first without its includes, so that a bad file runs no
 * script; then, for a real run, again with the %pre scripts run as they
 * come, as ESXi does. --check and --dry-run run no %pre and read the
 * includes they can, noting those they cannot. */
int cli_install(const struct stoat_opts *o)
{
	struct cli_progress pr = { .tty = isatty(1) != 0, .last_pct = -1 };
	struct cli_pre cp = { &pr, o->media, false };
	struct ks_pre_hook hook = { &cp, cb_pre };
	struct kickstart ks;
	struct stoat_err e = { 0 };
	struct media *m = NULL;
	bool lenient = o->check || o->dry_run;
	char why_not[4200] = "";
	int rc;

	if (!o->kickstart) {
		cli_error(_("install needs --kickstart FILE (the wizard runs without a command)"));
		return EXIT_USAGE;
	}
	memset(&ks, 0, sizeof(ks));
	rc = kickstart_load_with(o->kickstart, lenient ? KS_LOAD_LENIENT : KS_LOAD_DEFER, NULL, &ks, &e);
	if (rc == 0 && !lenient && ks.dryrun) {
		/* the file's own dryrun: no %pre either */
		lenient = true;
		kickstart_free(&ks);
		rc = kickstart_load_with(o->kickstart, KS_LOAD_LENIENT, NULL, &ks, &e);
	}
	if (rc < 0) {
		print_findings(&ks);	/* the warnings that led to the error */
		cli_error("%s", e.msg);
		return EXIT_FAIL;
	}
	if (o->check) {
		print_findings(&ks);
		printf(_("%s: the kickstart file is valid.\n"), o->kickstart);
		list_scripts(&ks);
		kickstart_free(&ks);
		return EXIT_OK;
	}
	if (!o->media) {
		kickstart_free(&ks);
		cli_error(_("install needs --media PATH (an ISO file, block device, folder or tar)"));
		return EXIT_USAGE;
	}
	if (media_open(o->media, &m, &e) < 0) {
		kickstart_free(&ks);
		cli_error("%s", e.msg);
		return EXIT_FAIL;
	}
	if (version_answer(o, m) != EXIT_OK) {
		kickstart_free(&ks);
		media_close(m);
		return EXIT_FAIL;
	}
	if (!lenient) {
		kickstart_free(&ks);
		if (o->log && logfile_open(o->log, &pr.log, &e) < 0) {
			cli_error("%s", e.msg);
			media_close(m);
			return EXIT_FAIL;
		}
		/* a lost terminal or log reader stops between steps too, as
		 * for flash: the helper programs never outlive the install */
		signal(SIGINT, on_signal);
		signal(SIGTERM, on_signal);
		signal(SIGHUP, on_signal);
		signal(SIGPIPE, on_signal);
		if (kickstart_load_with(o->kickstart, 0, &hook, &ks, &e) < 0) {
			print_findings(&ks);
			if (cp.failed)
				cli_error(_("%s; nothing was written"), e.msg);
			else
				cli_error("%s", e.msg);
			rc = EXIT_FAIL;
			goto done;
		}
	}
	print_findings(&ks);
	rc = install_with(o, &ks, m, &pr, why_not, sizeof(why_not));
	kickstart_free(&ks);
done:
	logfile_close(pr.log);
	signal(SIGINT, SIG_DFL);
	signal(SIGTERM, SIG_DFL);
	signal(SIGHUP, SIG_DFL);
	signal(SIGPIPE, SIG_DFL);
	media_close(m);		/* closed before an eject */
	if (rc == EXIT_OK && !o->dry_run && !ks.dryrun)
		rc = finish(&ks, o, why_not[0] ? why_not : NULL);
	return rc;
}
