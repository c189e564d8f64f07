/* main.c - command line: parse one option table, pick the front end. */
#include "config.h"

#include <errno.h>
#include <getopt.h>
#include <inttypes.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <wchar.h>

#include "bootopts.h"
#include "cli.h"
#include "lang.h"
#include "nls.h"

enum opt_id {
	O_HELP = 'h', O_VERSION = 'V',
	O_MEDIA = 256, O_DISK, O_ONLY_LISTED, O_LAYOUT, O_LEGACY_USB, O_DRY_RUN,
	O_NO_REBOOT, O_NO_COLOR, O_LANG, O_LOG, O_EULA, O_DEMO, O_RESET,
	O_JSON, O_ALL,
	O_SIZE, O_SECTOR_SIZE, O_FLASH, O_SMS, O_NOVMFS, O_OSDATA,
	O_KICKSTART, O_KSCHECK, O_CHECK,
	O_YES, O_NO_VERIFY, O_USED, O_ALLOW_NO_UEFI, O_NO_BOOT_ENTRY, O_FORCE,
	O_KS, O_KERNELOPT, O_MAC, O_HTTP, O_PXELINUX,
	O_WRITE, O_PROBE,
	O_NEW_IDENTITY, O_DROP_DATASTORE, O_INSPECT,
	O_BOOT_OPTIONS, O_NESTED,
};

/* Which part of --help an option belongs to. */
enum opt_group { G_WIZARD, G_LIST, G_PLAN, G_INSTALL, G_IMAGE, G_PXE, G_PROBE, G_INFO };

struct opt_def {
	const char *name;
	int has_arg;
	enum opt_id id;
	enum opt_group group;
	const char *metavar;
	const char *help;
};

static const struct opt_def opt_table[] = {
	{ "media", 1, O_MEDIA, G_WIZARD, "PATH", N_("install media: ISO file, block device, directory or tar") },
	{ "disk", 1, O_DISK, G_WIZARD, "FILE[:usb|:sd|:disk]", N_("add an image file as a disk of that kind (repeatable)") },
	{ "only-listed-disks", 0, O_ONLY_LISTED, G_WIZARD, NULL, N_("offer only the --disk files, not the machine's disks") },
	{ "layout", 1, O_LAYOUT, G_WIZARD, "esxi6|esxi7", N_("partition layout (default: from the media version)") },
	{ "legacy-usb", 0, O_LEGACY_USB, G_WIZARD, NULL, N_("use the legacy USB drivers (6.x: preferVmklinux=TRUE)") },
	{ "dry-run", 0, O_DRY_RUN, G_WIZARD, NULL, N_("show what would be written and write nothing") },
	{ "no-reboot", 0, O_NO_REBOOT, G_WIZARD, NULL, N_("exit at the end instead of rebooting") },
	{ "no-color", 0, O_NO_COLOR, G_WIZARD, NULL, N_("monochrome screens (also NO_COLOR=1)") },
	{ "lang", 1, O_LANG, G_WIZARD, "LL", N_("language of the screens and messages (en, ja, it)") },
	{ "log", 1, O_LOG, G_WIZARD, "FILE", N_("append a log of the install to FILE") },
	{ "eula", 1, O_EULA, G_WIZARD, "FILE", N_("license text to show instead of the media's") },
	{ "allow-no-uefi", 0, O_ALLOW_NO_UEFI, G_WIZARD, NULL, N_("install media that cannot set up UEFI boot (no safeboot)") },
	{ "boot-options", 1, O_BOOT_OPTIONS, G_WIZARD, "OPTIONS", N_("boot options as ESXi's installer takes them (Shift+O): systemMediaSize=, autoPartitionOSDataSize=, options for the installed host") },
	{ "nested-template", 0, O_NESTED, G_WIZARD, NULL, N_("a nested-ESXi template: allowLegacyCPU=true, the MAC follows the virtual NIC, no datastore") },
	{ "no-boot-entry", 0, O_NO_BOOT_ENTRY, G_WIZARD, NULL, N_("add no \"VMware ESXi\" entry to this machine's UEFI boot menu") },
	{ "demo", 0, O_DEMO, G_WIZARD, NULL, N_("run the wizard on sample media and demo disk images") },
	{ "reset", 0, O_RESET, G_WIZARD, NULL, N_("with --demo: make the demo disk images and media afresh") },
	{ "json", 0, O_JSON, G_LIST, NULL, N_("list-disks/probe/inspect/backup: print JSON (one object per disk, device or image)") },
	{ "all", 0, O_ALL, G_LIST, NULL, N_("list-disks: include md, dm, ram, optical and empty loop devices; list-media: also what cannot be used") },
	{ "size", 1, O_SIZE, G_PLAN, "BYTES", N_("plan: device size (suffixes K, M, G, T: binary)") },
	{ "sector-size", 1, O_SECTOR_SIZE, G_PLAN, "512|4096", N_("plan: logical sector size") },
	{ "flash", 0, O_FLASH, G_PLAN, NULL, N_("plan: the device is USB or SD flash") },
	{ "system-media-size", 1, O_SMS, G_PLAN, "min|small|default|max", N_("plan: cap the 7.x OSData partition") },
	{ "novmfsondisk", 0, O_NOVMFS, G_PLAN, NULL, N_("plan: no VMFS datastore partition") },
	{ "osdata", 1, O_OSDATA, G_PLAN, "ram|flash|DISK", N_("plan/install: where 7.x on flash keeps ESX-OSData") },
	{ "kickstart", 1, O_KICKSTART, G_INSTALL, "FILE", N_("install: unattended, from a kickstart file") },
	{ "kickstart-check", 1, O_KSCHECK, G_INSTALL, "FILE", N_("validate a kickstart file and exit") },
	{ "check", 0, O_CHECK, G_INSTALL, NULL, N_("install/pxe: validate the kickstart only, or check a network boot tree") },
	{ "yes", 0, O_YES, G_IMAGE, NULL, N_("flash/mkstick/probe: do not ask for confirmation (probe: with --write)") },
	{ "no-verify", 0, O_NO_VERIFY, G_IMAGE, NULL, N_("flash/backup: skip the read-back verification") },
	{ "used", 0, O_USED, G_IMAGE, NULL, N_("backup: stop at the end of the last partition") },
	{ "force", 0, O_FORCE, G_IMAGE, NULL, N_("backup: replace an existing image; flash: write one without a partition table") },
	{ "ks", 1, O_KS, G_PXE, "URL|FILE", N_("pxe: the kickstart's http://, https:// or nfs:// URL; mkstick: a kickstart file to copy to the stick as KS.CFG") },
	{ "kernelopt", 1, O_KERNELOPT, G_PXE, "OPTS", N_("pxe: kernel options to add to boot.cfg") },
	{ "mac", 1, O_MAC, G_PXE, "MAC[=URL]", N_("pxe: a boot.cfg for this host, with its own kickstart (repeatable)") },
	{ "http", 1, O_HTTP, G_PXE, "URL", N_("pxe: also a boot.cfg for UEFI HTTP boot and iPXE, DIR served at URL") },
	{ "pxelinux", 1, O_PXELINUX, G_PXE, "FILE", N_("pxe: serve BIOS clients with this pxelinux.0 (syslinux 4 or older)") },
	{ "write", 0, O_WRITE, G_PROBE, NULL, N_("probe: also the write tests, over the whole device (asks first; erases it)") },
	{ "probe", 0, O_PROBE, G_PROBE, NULL, N_("install/flash: probe the target first, writing only where the install or image writes") },
	{ "new-identity", 0, O_NEW_IDENTITY, G_IMAGE, NULL, N_("flash: remove the system UUID from the copy's configuration") },
	{ "drop-datastore", 0, O_DROP_DATASTORE, G_IMAGE, NULL, N_("flash: remove the VMFS datastore partition from the copy") },
	{ "inspect", 0, O_INSPECT, G_IMAGE, NULL, N_("backup: also say what the device holds (as inspect does)") },
	{ "help", 0, O_HELP, G_INFO, NULL, N_("show this help and exit") },
	{ "version", 0, O_VERSION, G_INFO, NULL, N_("show the version and exit") },
};

#define N_OPTS (sizeof(opt_table) / sizeof(opt_table[0]))

static const struct {
	enum opt_group group;
	const char *title;
} group_titles[] = {
	{ G_WIZARD, N_("Wizard and global options:") },
	{ G_LIST, N_("Listing disks:") },
	{ G_PLAN, N_("Planning a layout:") },
	{ G_INSTALL, N_("Unattended install:") },
	{ G_IMAGE, N_("Whole-device images:") },
	{ G_PXE, N_("Network boot trees:") },
	{ G_PROBE, N_("Probing a disk:") },
	{ G_INFO, N_("Information:") },
};

void cli_error(const char *fmt, ...)
{
	va_list ap;

	fputs("stoat: ", stderr);
	va_start(ap, fmt);
	vfprintf(stderr, fmt, ap);
	va_end(ap);
	fputc('\n', stderr);
}

/* Whether a and b are the same words, ignoring case (in the locale's
 * character set: "SÌ" is "sì"). */
static bool cli_same_words(const char *a, const char *b)
{
	enum { WORD_MAX = 64 };
	wchar_t wa[WORD_MAX], wb[WORD_MAX];
	size_t na = mbstowcs(wa, a, WORD_MAX), nb = mbstowcs(wb, b, WORD_MAX);

	/* not text in this locale, or too long for an answer: bytes */
	if (na == (size_t)-1 || nb == (size_t)-1 || na >= WORD_MAX || nb >= WORD_MAX)
		return !strcmp(a, b);
	return !wcscasecmp(wa, wb);
}

/* True when a typed answer is "yes" or its translation, in any case. */
bool cli_is_yes(const char *answer)
{
	return cli_same_words(answer, "yes") || cli_same_words(answer, _("yes"));
}

/* Print the usage synopsis and every option of the table. */
static void usage(FILE *out)
{
	size_t g, i;

	fprintf(out, _("Usage:\n"
		"  stoat [OPTIONS]                          run the installer wizard\n"
		"  stoat --demo                             wizard on sample media and demo disks\n"
		"  stoat list-disks [--json] [--all]        list disks and whether they can be used\n"
		"  stoat plan --size BYTES [OPTIONS]        print a partition layout (partedUtil format)\n"
		"  stoat plan --disk DEV [OPTIONS]          the same for a real disk or image file\n"
		"  stoat install --kickstart FILE [OPTIONS] unattended install\n"
		"  stoat flash IMAGE DEVICE                 write a (compressed) image to a device\n"
		"  stoat backup DEVICE IMAGE                save a device as a (compressed) image\n"
		"  stoat pxe MEDIA DIR [OPTIONS]            write a network boot tree (TFTP, HTTP)\n"
		"  stoat pxe --check DIR                    list the problems of a network boot tree\n"));
	fputs(_("  stoat flash IMAGE DEVICE DEVICE...       write one image to several devices at once\n"), out);
	fputs(_("  stoat list-media [--all]                 list the install media found without --media\n"), out);
	fputs(_("  stoat probe DEVICE [--json] [--write]    driver, speed, real capacity, VMware's verdict\n"), out);
	fputs(_("  stoat inspect IMAGE|DEVICE               what an ESXi image or device holds\n"), out);
	fprintf(out, _("  stoat mkstick MEDIA DEVICE [--ks FILE]   make a bootable ESXi installer stick\n"));
	for (g = 0; g < sizeof(group_titles) / sizeof(group_titles[0]); g++) {
		fprintf(out, "\n%s\n", _(group_titles[g].title));
		for (i = 0; i < N_OPTS; i++) {
			const struct opt_def *d = &opt_table[i];
			char left[64];

			if (d->group != group_titles[g].group)
				continue;
			snprintf(left, sizeof(left), "--%s%s%s", d->name,
				 d->metavar ? " " : "", d->metavar ? d->metavar : "");
			if (strlen(left) > 28)
				fprintf(out, "  %s\n  %-28s  %s\n", left, "", _(d->help));
			else
				fprintf(out, "  %-28s  %s\n", left, _(d->help));
		}
	}
	fprintf(out, _("\nExit status: 0 success, 1 failure, 2 usage error.\n"));
}

/* Parse "123", "4G", "512M" (binary suffixes) into bytes. */
static int parse_size(const char *s, uint64_t *out)
{
	char *end;
	unsigned long long v;
	unsigned shift = 0;

	errno = 0;
	if (*s == '-')
		return -EINVAL;
	v = strtoull(s, &end, 10);
	if (errno || end == s)
		return -EINVAL;
	switch (*end) {
	case '\0': break;
	case 'K': case 'k': shift = 10; end++; break;
	case 'M': case 'm': shift = 20; end++; break;
	case 'G': case 'g': shift = 30; end++; break;
	case 'T': case 't': shift = 40; end++; break;
	default: return -EINVAL;
	}
	if (*end == 'i' || *end == 'B')
		end += (*end == 'i' && end[1] == 'B') ? 2 : 1;
	if (*end || (shift && v > (UINT64_MAX >> shift)))
		return -EINVAL;
	*out = (uint64_t)v << shift;
	return 0;
}

/* Apply one parsed option to o; EXIT_USAGE on a bad value, -1 to go on. */
static int apply_opt(struct stoat_opts *o, int id, const char *arg)
{
	struct stoat_err e = { 0 };

	switch (id) {
	case O_HELP: usage(stdout); return EXIT_OK;
	case O_VERSION: printf("stoat %s\n", PACKAGE_VERSION); return EXIT_OK;
	case O_MEDIA: o->media = arg; break;
	case O_DISK:
		if (o->n_disks == CLI_MAX_DISKS) {
			cli_error(_("at most %d --disk options"), CLI_MAX_DISKS);
			return EXIT_USAGE;
		}
		if (disk_spec_parse(arg, &o->disks[o->n_disks], &e) < 0) {
			cli_error("%s", e.msg);
			return EXIT_USAGE;
		}
		o->n_disks++;
		break;
	case O_ONLY_LISTED: o->only_listed = true; break;
	case O_LAYOUT:
		if (layout_profile_parse(arg, &o->layout) < 0) {
			cli_error(_("--layout takes esxi6 or esxi7, not '%s'"), arg);
			return EXIT_USAGE;
		}
		break;
	case O_LEGACY_USB: o->legacy_usb = true; break;
	case O_DRY_RUN: o->dry_run = true; break;
	case O_NO_REBOOT: o->no_reboot = true; break;
	case O_ALLOW_NO_UEFI: o->allow_no_uefi = true; break;
	case O_NO_BOOT_ENTRY: o->no_boot_entry = true; break;
	case O_NO_COLOR: o->no_color = true; break;
	case O_LANG:
		/* At once, so that a --help or an error after it is translated. */
		o->lang = arg;
		if (lang_use(arg, &e) < 0) {
			cli_error("%s", e.msg);
			return e.code == EINVAL ? EXIT_USAGE : EXIT_FAIL;
		}
		break;
	case O_LOG: o->log = arg; break;
	case O_EULA: o->eula = arg; break;
	case O_DEMO: o->demo = true; break;
	case O_RESET: o->reset = true; break;
	case O_JSON: o->json = true; break;
	case O_ALL: o->all = true; break;
	case O_SIZE:
		if (parse_size(arg, &o->size) < 0 || o->size == 0) {
			cli_error(_("--size takes a number of bytes, optionally with K, M, G or T, not '%s'"), arg);
			return EXIT_USAGE;
		}
		break;
	case O_SECTOR_SIZE:
		if (strcmp(arg, "512") && strcmp(arg, "4096")) {
			cli_error(_("--sector-size takes 512 or 4096, not '%s'"), arg);
			return EXIT_USAGE;
		}
		o->sector_size = (unsigned)atoi(arg);
		break;
	case O_FLASH: o->flash = true; break;
	case O_SMS:
		if (layout_media_size_parse(arg, &o->media_size) < 0) {
			cli_error(_("--system-media-size takes min, small, default or max, not '%s'"), arg);
			return EXIT_USAGE;
		}
		break;
	case O_NOVMFS: o->novmfsondisk = true; break;
	case O_BOOT_OPTIONS: {
		struct bootopts bo = { 0 };

		if (bootopts_parse(&bo, arg, 0, &e) < 0) {
			cli_error(_("--boot-options: %s"), e.msg);
			return EXIT_USAGE;
		}
		o->boot_options = arg;
		break;
	}
	case O_NESTED: o->nested_template = true; break;
	case O_OSDATA: o->osdata = arg; break;
	case O_KICKSTART: o->kickstart = arg; break;
	case O_KSCHECK: o->kickstart = arg; o->check = true; o->cmd = "install"; break;
	case O_CHECK: o->check = true; break;
	case O_YES: o->yes = true; break;
	case O_NO_VERIFY: o->no_verify = true; break;
	case O_USED: o->used = true; break;
	case O_FORCE: o->force = true; break;
	case O_WRITE: o->write = true; break;
	case O_PROBE: o->probe = true; break;
	case O_KS: o->ks = arg; break;
	case O_KERNELOPT: o->kernelopt = arg; break;
	case O_MAC:
		if (o->n_macs == CLI_MAX_MACS) {
			cli_error(_("at most %d --mac options"), CLI_MAX_MACS);
			return EXIT_USAGE;
		}
		o->macs[o->n_macs++] = arg;
		break;
	case O_HTTP: o->http = arg; break;
	case O_PXELINUX: o->pxelinux = arg; break;
	case O_NEW_IDENTITY: o->new_identity = true; break;
	case O_DROP_DATASTORE: o->drop_datastore = true; break;
	case O_INSPECT: o->inspect = true; break;
	default: usage(stderr); return EXIT_USAGE;
	}
	return -1;
}

/* The subcommands and what runs them. */
static const struct {
	const char *name;
	int (*run)(const struct stoat_opts *o);
} commands[] = {
	{ "list-disks", cli_list_disks },
	{ "list-media", cli_list_media },
	{ "plan", cli_plan },
	{ "install", cli_install },
	{ "flash", cli_flash },
	{ "backup", cli_backup },
	{ "pxe", cli_pxe },
	{ "probe", cli_probe },
	{ "inspect", cli_inspect },
	{ "mkstick", cli_mkstick },
};

int main(int argc, char **argv)
{
	struct option longopts[N_OPTS + 1];
	struct stoat_opts o = { 0 };
	size_t i;
	int c, rc;

	setlocale(LC_ALL, "");
	lang_init();

	for (i = 0; i < N_OPTS; i++)
		longopts[i] = (struct option){ opt_table[i].name,
			opt_table[i].has_arg ? required_argument : no_argument,
			NULL, (int)opt_table[i].id };
	memset(&longopts[N_OPTS], 0, sizeof(longopts[N_OPTS]));

	/* Options may stand before or after the subcommand and its operands. */
	opterr = 0;
	while ((c = getopt_long(argc, argv, "-hV", longopts, NULL)) != -1) {
		if (c == 1) {
			if (!o.cmd)
				o.cmd = optarg;
			else if (o.n_args < CLI_MAX_ARGS)
				o.args[o.n_args++] = optarg;
			else {
				cli_error(_("too many arguments"));
				return EXIT_USAGE;
			}
			continue;
		}
		if (c == '?' || c == ':') {
			/* A long option without its value sets optopt to its
			 * id, which is no character to print. */
			if (optopt > 0 && optopt < O_MEDIA)
				cli_error(_("option '-%c' is not known; see 'stoat --help'"), optopt);
			else
				cli_error(_("option '%s' is not known or lacks its value; see 'stoat --help'"),
					  argv[optind - 1]);
			return EXIT_USAGE;
		}
		if ((rc = apply_opt(&o, c, optarg)) >= 0)
			return rc;
	}

	if (getenv("NO_COLOR") && *getenv("NO_COLOR"))
		o.no_color = true;

	if (o.reset && (!o.demo || o.cmd)) {
		cli_error(_("--reset goes with --demo only"));
		return EXIT_USAGE;
	}
	if (!o.cmd) {
		if (o.demo)
			return cli_demo(&o);
		return cli_wizard(&o);
	}
	for (i = 0; i < sizeof(commands) / sizeof(commands[0]); i++)
		if (!strcmp(o.cmd, commands[i].name))
			return commands[i].run(&o);
	cli_error(_("unknown command '%s'; see 'stoat --help'"), o.cmd);
	return EXIT_USAGE;
}
