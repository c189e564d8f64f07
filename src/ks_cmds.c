/* ks_cmds.c - the kickstart commands: a table of names with their options
 * and one handler each.
 *
 * Options follow ESXi's installer (weasel): written --name=value (stoat
 * also takes --name value for options that need a value); an option a
 * command does not know, a value given to a switch, a missing value and a
 * word the command does not take are warnings, and the option or word is
 * ignored. An option given twice warns and keeps the first value, except
 * the disk options, where it is an error. A command given twice warns and
 * the last one wins, except install, upgrade and installorupgrade. Unknown
 * and deprecated commands are warnings. */
#include "config.h"

#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <stdint.h>
#include <strings.h>

#include "bootopts.h"
#include "bootopts.h"
#include "keyboard.h"
#include "ks_int.h"
#include "nls.h"
#include "passwd.h"

/* vmaccepteula, accepteula, paranoid, dryrun: plain switches. */
static int ks_cmd_switch(struct ks_ctx *c, const struct ks_pos *at, int argc, char **argv)
{
	struct ks_args a;
	bool *flag;
	int rc = ks_opts(c, at, NULL, 0, argc, argv, &a);

	if (rc < 0)
		return rc;
	ks_no_pos(c, at, argv[0], &a, 0);
	if (!strcmp(argv[0], "paranoid"))
		flag = &c->ks->paranoid;
	else if (!strcmp(argv[0], "dryrun"))
		flag = &c->ks->dryrun;
	else
		flag = &c->ks->accepteula;
	if (*flag)
		ks_warn(c, at, _("%s is given more than once"), argv[0]);
	*flag = true;
	return 0;
}

/* rootpw [--iscrypted] PASSWORD: the last word is the password, as in
 * ESXi; a second rootpw warns and replaces the first. */
static int ks_cmd_rootpw(struct ks_ctx *c, const struct ks_pos *at, int argc, char **argv)
{
	static const struct ks_optdef defs[] = { { "iscrypted", KO_FLAG, false } };
	struct kickstart *ks = c->ks;
	const char *why;
	struct ks_args a;
	enum pw_rule r;
	char *pw;
	int rc = ks_opts(c, at, defs, 1, argc, argv, &a);

	if (rc < 0)
		return rc;
	if (!a.npos)
		return ks_error(c, at, EINVAL, _("rootpw needs a password"));
	/* the stray words may be part of an unquoted password: counted,
	 * never shown */
	if (a.npos > 1)
		ks_warn(c, at, P_("rootpw: %d word before the password is ignored (quote a password that holds blanks)",
				  "rootpw: %d words before the password are ignored (quote a password that holds blanks)",
				  (unsigned long)(a.npos - 1)),
			a.npos - 1);
	pw = a.pos[a.npos - 1];
	if (c->have_rootpw)
		ks_warn(c, at, _("rootpw is given more than once; the last one is used"));
	if (a.val[0]) {
		/* ESXi's installer matches $6$SALT$HASH only */
		if (!strncmp(pw, "$6$rounds=", 10))
			return ks_error(c, at, EINVAL, _("rootpw --iscrypted: ESXi's installer refuses a $6$ hash with rounds=; make one without it"));
		if (!pw_hash_acceptable(pw))
			return ks_error(c, at, EINVAL, _("rootpw --iscrypted needs a crypt hash starting with $1$ or $6$, or a 13-character DES hash"));
		snprintf(ks->pwhash, sizeof(ks->pwhash), "%s", pw);
	} else {
		r = pw_check_why(pw, &why);
		if (r != PW_OK && why[0])
			return ks_error(c, at, EINVAL, _("the root password does not meet the policy: %s (passwdqc: %s)"),
					pw_rule_message(r), why);
		if (r != PW_OK)
			return ks_error(c, at, EINVAL, _("the root password does not meet the policy: %s"),
					pw_rule_message(r));
		rc = pw_hash(pw, ks->pwhash, sizeof(ks->pwhash), c->e);
		pw_wipe(pw, strlen(pw));
		/* ESXi takes a clear-text password without a warning: so does
		 * stoat (only the hash is kept) */
		if (rc < 0)
			return ks_error(c, at, -rc, "%s", c->e ? c->e->msg : "hash");
	}
	c->have_rootpw = true;
	ks_seen_set(&c->rootpw_at, at);
	return 0;
}

enum { IO_DISK, IO_DRIVE, IO_FIRSTDISK, IO_OVERWRITEVMFS, IO_PRESERVEVMFS, IO_NOVMFSONDISK,
       IO_IGNORESSD, IO_IGNOREPREREQWARNINGS, IO_IGNOREPREREQERRORS, IO_FORCEUNSUPPORTED,
       IO_SYSTEMDISK, IO_OVERWRITEVSAN, IO_REPARTITION, IO_DPUPCISLOTS, IO_DPUPCISLOTS_DOC, IO_FORCEMIGRATE, IO_DELETECOSVMDK, IO_N };

static const struct ks_optdef ks_install_opts[IO_N] = {
	[IO_DISK] = { "disk", KO_VALUE, true },
	[IO_DRIVE] = { "drive", KO_VALUE, true },
	[IO_FIRSTDISK] = { "firstdisk", KO_OPTVALUE, true },
	[IO_OVERWRITEVMFS] = { "overwritevmfs", KO_FLAG, false },
	[IO_PRESERVEVMFS] = { "preservevmfs", KO_FLAG, false },
	[IO_NOVMFSONDISK] = { "novmfsondisk", KO_FLAG, false },
	[IO_IGNORESSD] = { "ignoressd", KO_FLAG, false },
	[IO_IGNOREPREREQWARNINGS] = { "ignoreprereqwarnings", KO_FLAG, false },
	[IO_IGNOREPREREQERRORS] = { "ignoreprereqerrors", KO_FLAG, false },
	[IO_FORCEUNSUPPORTED] = { "forceunsupportedinstall", KO_FLAG, false },
	[IO_SYSTEMDISK] = { "systemdisk", KO_VALUE, false },
	[IO_OVERWRITEVSAN] = { "overwritevsan", KO_FLAG, false },
	[IO_REPARTITION] = { "repartitionsystemdisk", KO_FLAG, false },
	[IO_DPUPCISLOTS] = { "dpupcislots", KO_VALUE, false },
	[IO_DPUPCISLOTS_DOC] = { "dpuPciSlots", KO_VALUE, false },	/* 8.0's documentation spells it both ways */
	[IO_FORCEMIGRATE] = { "forcemigrate", KO_FLAG, false },
	[IO_DELETECOSVMDK] = { "deletecosvmdk", KO_FLAG, false },	/* ESX 4 leftover, taken silently */
};

#define IO_BIT(x) (1u << (x))
#define IO_COMMON (IO_BIT(IO_DISK) | IO_BIT(IO_DRIVE) | IO_BIT(IO_FIRSTDISK) \
		   | IO_BIT(IO_IGNOREPREREQWARNINGS) | IO_BIT(IO_IGNOREPREREQERRORS) \
		   | IO_BIT(IO_FORCEUNSUPPORTED))
/* What each of the three commands takes (ESXi's grammar; upgrade's
 * --overwritevmfs is accepted and changes nothing, as in ESXi). */
#define IO_INSTALL (~(IO_BIT(IO_FORCEMIGRATE) | IO_BIT(IO_DELETECOSVMDK)))
#define IO_UPGRADE (IO_COMMON | IO_BIT(IO_FORCEMIGRATE) | IO_BIT(IO_OVERWRITEVMFS) \
		    | IO_BIT(IO_DELETECOSVMDK))
#define IO_INSTALLORUPGRADE (IO_COMMON | IO_BIT(IO_OVERWRITEVMFS) | IO_BIT(IO_OVERWRITEVSAN) \
			     | IO_BIT(IO_FORCEMIGRATE))

/* Warn about what the install line records but stoat cannot act on. */
static void ks_install_recorded(struct ks_ctx *c, const struct ks_pos *at, const char *cmd,
				const char *const *v)
{
	struct kickstart *ks = c->ks;
	const char *dpu;

	/* --systemdisk is acted on once the disks are known (cli_install.c) */
	if (v[IO_SYSTEMDISK])
		snprintf(ks->systemdisk, sizeof(ks->systemdisk), "%s", v[IO_SYSTEMDISK]);
	if (v[IO_REPARTITION])
		ks_warn(c, at, _("%s: --repartitionsystemdisk is recorded, but stoat always lays out the install disk anew: it changes nothing"),
			cmd);
	dpu = v[IO_DPUPCISLOTS] ? v[IO_DPUPCISLOTS] : v[IO_DPUPCISLOTS_DOC];
	if (dpu) {
		snprintf(ks->dpupcislots, sizeof(ks->dpupcislots), "%s", dpu);
		ks_warn(c, at, _("%s: --dpupcislots=%s is recorded, but stoat does not install ESXi on DPUs"),
			cmd, dpu);
	}
	if (v[IO_FORCEMIGRATE])
		ks_warn(c, at, _("%s: --forcemigrate is recorded, but stoat's upgrade does not check the installed VIBs: it changes nothing"),
			cmd);
}

/* install, upgrade, installorupgrade */
static int ks_cmd_install(struct ks_ctx *c, const struct ks_pos *at, int argc, char **argv)
{
	struct kickstart *ks = c->ks;
	struct ks_args a;
	unsigned allowed, k;
	enum ks_action act;
	char list[1024];
	const char *disk;
	int rc = ks_opts(c, at, ks_install_opts, IO_N, argc, argv, &a);

	if (rc < 0)
		return rc;
	ks_no_pos(c, at, argv[0], &a, 0);
	if (!strcmp(argv[0], "install")) {
		act = KS_INSTALL;
		allowed = IO_INSTALL;
	} else if (!strcmp(argv[0], "upgrade")) {
		act = KS_UPGRADE;
		allowed = IO_UPGRADE;
	} else {
		act = KS_INSTALLORUPGRADE;
		allowed = IO_INSTALLORUPGRADE;
	}
	if (ks->action != KS_NONE)
		return ks_error(c, at, EINVAL, _("only one install, upgrade or installorupgrade command may appear; the first is at %s"),
				ks->where);
	if (act == KS_INSTALLORUPGRADE && a.val[IO_IGNORESSD])
		return ks_error(c, at, EINVAL, _("installorupgrade does not take --ignoressd (ESXi refuses it too)"));
	for (k = 0; k < IO_N; k++)
		if (a.val[k] && !(allowed & IO_BIT(k))) {
			if (act == KS_UPGRADE && k == IO_PRESERVEVMFS)
				ks_warn(c, at, _("upgrade: --preservevmfs is ignored: an upgrade always keeps the datastore"));
			else
				ks_warn(c, at, _("%s: unknown option --%s; it is ignored"), argv[0],
					ks_install_opts[k].name);
			a.val[k] = NULL;
		}
	if (a.val[IO_DISK] && a.val[IO_DRIVE])
		return ks_error(c, at, EINVAL, _("%s: --disk and --drive mean the same; give only one"), argv[0]);
	disk = a.val[IO_DISK] ? a.val[IO_DISK] : a.val[IO_DRIVE];
	if (disk && a.val[IO_FIRSTDISK])
		return ks_error(c, at, EINVAL, _("%s: --disk and --firstdisk cannot be used together"), argv[0]);
	if (!disk && !a.val[IO_FIRSTDISK])
		return ks_error(c, at, EINVAL, _("%s needs --disk=DISK or --firstdisk to say where to install"), argv[0]);
	if (a.val[IO_FIRSTDISK])
		a.val[IO_FIRSTDISK] = ks_list_squeeze(a.val[IO_FIRSTDISK], list, sizeof(list));
	/* ESXi's installer takes both of these pairs without a word (its
	 * grammar means to forbid them but does not): --preservevmfs wins
	 * over --overwritevmfs, and --novmfsondisk over --preservevmfs. */
	if (a.val[IO_PRESERVEVMFS] && a.val[IO_OVERWRITEVMFS] && !a.val[IO_NOVMFSONDISK])
		a.val[IO_OVERWRITEVMFS] = NULL;
	if (a.val[IO_NOVMFSONDISK])
		a.val[IO_PRESERVEVMFS] = NULL;
	if (a.val[IO_IGNORESSD] && disk)
		return ks_error(c, at, EINVAL, _("%s: --ignoressd only works with --firstdisk, not with --disk"), argv[0]);

	ks->action = act;
	snprintf(ks->where, sizeof(ks->where), "%s:%u", at->file, at->line);
	if (disk)
		snprintf(ks->disk, sizeof(ks->disk), "%s", disk);
	else
		snprintf(ks->firstdisk, sizeof(ks->firstdisk), "%s",
			 a.val[IO_FIRSTDISK][0] ? a.val[IO_FIRSTDISK] : "local,remote,usb");
	ks->overwritevmfs = act != KS_UPGRADE && a.val[IO_OVERWRITEVMFS] != NULL;
	ks->preservevmfs = a.val[IO_PRESERVEVMFS] != NULL;
	ks->novmfsondisk = a.val[IO_NOVMFSONDISK] != NULL;
	ks->ignoressd = a.val[IO_IGNORESSD] != NULL;
	ks->ignoreprereqwarnings = a.val[IO_IGNOREPREREQWARNINGS] != NULL;
	ks->ignoreprereqerrors = a.val[IO_IGNOREPREREQERRORS] != NULL;
	ks->forceunsupported = a.val[IO_FORCEUNSUPPORTED] != NULL;
	ks->overwritevsan = a.val[IO_OVERWRITEVSAN] != NULL;
	ks->repartitionsystemdisk = a.val[IO_REPARTITION] != NULL;
	ks->forcemigrate = a.val[IO_FORCEMIGRATE] != NULL;
	ks_install_recorded(c, at, argv[0], a.val);
	return 0;
}

/* keyboard NAME (the name may be quoted or written as several words) */
static int ks_cmd_keyboard(struct ks_ctx *c, const struct ks_pos *at, int argc, char **argv)
{
	char name[128] = "";
	const char *canon;
	struct ks_args a;
	int i, rc = ks_opts(c, at, NULL, 0, argc, argv, &a);

	if (rc < 0)
		return rc;
	if (!a.npos)
		return ks_error(c, at, EINVAL, _("keyboard needs a layout name, for example keyboard German"));
	if (c->have_keyboard)
		ks_warn(c, at, _("keyboard is given more than once; the last one is used"));
	for (i = 0; i < a.npos; i++) {
		size_t l = strlen(name);

		snprintf(name + l, sizeof(name) - l, "%s%s", i ? " " : "", a.pos[i]);
	}
	/* ESXi takes one word and warns about the others */
	if (a.npos > 1)
		ks_warn(c, at, _("keyboard: %s is not quoted, and ESXi reads only one of its words: write keyboard \"%s\""),
			name, name);
	canon = keyboard_canonical(name);
	if (!canon) {
		ks_warn(c, at, _("unknown keyboard layout \"%s\"; using %s"), name, KEYBOARD_DEFAULT);
		canon = KEYBOARD_DEFAULT;
	}
	snprintf(c->ks->keyboard, sizeof(c->ks->keyboard), "%s", canon);
	c->have_keyboard = true;
	ks_seen_set(&c->keyboard_at, at);
	return 0;
}

/* reboot [--noeject] */
static int ks_cmd_reboot(struct ks_ctx *c, const struct ks_pos *at, int argc, char **argv)
{
	static const struct ks_optdef defs[] = { { "noeject", KO_FLAG, false } };
	struct ks_args a;
	int rc = ks_opts(c, at, defs, 1, argc, argv, &a);

	if (rc < 0)
		return rc;
	ks_no_pos(c, at, argv[0], &a, 0);
	if (c->ks->reboot)
		ks_warn(c, at, _("%s is given more than once"), argv[0]);
	c->ks->reboot = true;
	c->ks->noeject = a.val[0] != NULL;
	return 0;
}

enum { CO_ALLDRIVES, CO_DRIVES, CO_FIRSTDISK, CO_IGNOREDRIVES, CO_OVERWRITEVMFS, CO_N };

/* Append a comma list to a clearpart list. */
static void ks_list_add(char *list, size_t size, const char *add)
{
	size_t l = strlen(list);

	snprintf(list + l, size - l, "%s%s", l ? "," : "", add);
}

/* clearpart --alldrives | --drives= | --firstdisk | --ignoredrives= [--overwritevmfs];
 * ESXi takes it more than once and adds the drives up. */
static int ks_cmd_clearpart(struct ks_ctx *c, const struct ks_pos *at, int argc, char **argv)
{
	static const struct ks_optdef defs[CO_N] = {
		[CO_ALLDRIVES] = { "alldrives", KO_FLAG, false },
		[CO_DRIVES] = { "drives", KO_VALUE, true },
		[CO_FIRSTDISK] = { "firstdisk", KO_OPTVALUE, true },
		[CO_IGNOREDRIVES] = { "ignoredrives", KO_VALUE, false },
		[CO_OVERWRITEVMFS] = { "overwritevmfs", KO_FLAG, false },
	};
	struct kickstart *ks = c->ks;
	char lists[CO_N][1024];
	struct ks_args a;
	int k, n, rc = ks_opts(c, at, defs, CO_N, argc, argv, &a);

	if (rc < 0)
		return rc;
	ks_no_pos(c, at, argv[0], &a, 0);
	for (k = CO_DRIVES; k <= CO_IGNOREDRIVES; k++)
		if (a.val[k])
			a.val[k] = ks_list_squeeze(a.val[k], lists[k], sizeof(lists[k]));
	/* ESXi takes --alldrives with --ignoredrives=: all but those */
	if (a.val[CO_ALLDRIVES] && a.val[CO_IGNOREDRIVES])
		a.val[CO_ALLDRIVES] = NULL;
	n = !!a.val[CO_ALLDRIVES] + !!a.val[CO_DRIVES] + !!a.val[CO_FIRSTDISK] + !!a.val[CO_IGNOREDRIVES];
	if (n != 1)
		return ks_error(c, at, EINVAL, _("clearpart needs exactly one of --alldrives, --drives=, --firstdisk or --ignoredrives="));
	/* any --firstdisk list is a list of filters (ESXi takes every item,
	 * "Samsung SSD 860" too); drive names never hold blanks */
	if ((a.val[CO_DRIVES] && !ks_list_ok(a.val[CO_DRIVES]))
	    || (a.val[CO_IGNOREDRIVES] && !ks_list_ok(a.val[CO_IGNOREDRIVES])))
		return ks_error(c, at, EINVAL, _("clearpart: a drive list must be comma-separated names without spaces"));
	ks->clearpart = true;
	ks->clearpart_all = ks->clearpart_all || a.val[CO_ALLDRIVES];
	ks->clearpart_firstdisk = ks->clearpart_firstdisk || a.val[CO_FIRSTDISK];
	ks->clearpart_overwritevmfs = ks->clearpart_overwritevmfs || a.val[CO_OVERWRITEVMFS];
	if (a.val[CO_DRIVES])
		ks_list_add(ks->clearpart_drives, sizeof(ks->clearpart_drives), a.val[CO_DRIVES]);
	if (a.val[CO_IGNOREDRIVES])
		ks_list_add(ks->clearpart_ignore, sizeof(ks->clearpart_ignore), a.val[CO_IGNOREDRIVES]);
	ks_seen_set(&c->clearpart_at, at);
	return 0;
}

/* bootoption --legacy-usb --nested-template --kernelopt="k=v ..." (stoat
 * extensions). The options are read as boot options (bootopts.h) and
 * kept as written; the plan reads them again over the media's. */
static int ks_cmd_bootoption(struct ks_ctx *c, const struct ks_pos *at, int argc, char **argv)
{
	static const struct ks_optdef defs[] = { { "legacy-usb", KO_FLAG, false },
						 { "kernelopt", KO_VALUE, false },
						 { "nested-template", KO_FLAG, false } };
	struct kickstart *ks = c->ks;
	struct bootopts bo = { 0 };
	struct stoat_err e = { 0 };
	struct ks_args a;
	size_t have;
	int rc = ks_opts(c, at, defs, 3, argc, argv, &a);

	if (rc < 0)
		return rc;
	ks_no_pos(c, at, argv[0], &a, 0);
	if (!a.val[0] && !a.val[1] && !a.val[2])
		return ks_error(c, at, EINVAL, _("bootoption needs --legacy-usb, --nested-template and/or --kernelopt=\"OPTIONS\""));
	if (a.val[0])
		ks->legacy_usb = true;
	if (a.val[2])
		ks->nested_template = true;
	if (!a.val[1])
		return 0;
	if ((rc = bootopts_parse(&bo, a.val[1], 0, &e)) < 0)
		return ks_error(c, at, -rc, _("bootoption --kernelopt: %s"), e.msg);
	have = strlen(ks->bootopts);
	if (have + 1 + strlen(a.val[1]) >= sizeof(ks->bootopts))
		return ks_error(c, at, E2BIG, _("bootoption: the kernel options are longer than %zu characters"),
				sizeof(ks->bootopts) - 1);
	snprintf(ks->bootopts + have, sizeof(ks->bootopts) - have, "%s%s", have ? " " : "", a.val[1]);
	return 0;
}

enum { SO_INTERPRETER, SO_IGNOREFAILURE, SO_TIMEOUT, SO_N };

/* %pre / %post / %firstboot [--interpreter=] [--ignorefailure=] [--timeout=]
 * (%firstboot takes only --interpreter; --timeout and --ignorefailure on
 * %pre are stoat's: ESXi's %pre knows neither). A bad interpreter is an
 * error, a bad timeout or ignorefailure value a warning, as in ESXi. */
static int ks_cmd_section(struct ks_ctx *c, const struct ks_pos *at, int argc, char **argv)
{
	static const struct ks_optdef defs[SO_N] = {
		[SO_INTERPRETER] = { "interpreter", KO_VALUE, false },
		[SO_IGNOREFAILURE] = { "ignorefailure", KO_VALUE, false },
		[SO_TIMEOUT] = { "timeout", KO_VALUE, false },
	};
	struct kickstart *ks = c->ks;
	struct ks_script *s;
	struct ks_args a;
	bool fb = !strcmp(argv[0], "%firstboot");
	int rc = ks_opts(c, at, defs, fb ? 1 : SO_N, argc, argv, &a);

	if (rc < 0)
		return rc;
	ks_no_pos(c, at, argv[0], &a, 0);
	if (ks->n_scripts >= KS_MAX_SCRIPTS)
		return ks_error(c, at, E2BIG, _("too many script sections (at most %d)"), KS_MAX_SCRIPTS);
	s = &ks->scripts[ks->n_scripts];
	memset(s, 0, sizeof(*s));
	s->when = fb ? KS_FIRSTBOOT : !strcmp(argv[0], "%pre") ? KS_PRE : KS_POST;
	snprintf(s->interpreter, sizeof(s->interpreter), "%s",
		 a.val[SO_INTERPRETER] ? a.val[SO_INTERPRETER] : "busybox");
	if (!a.val[SO_INTERPRETER])
		ks_warn(c, at, _("%s: no --interpreter; using busybox"), argv[0]);
	if (strcmp(s->interpreter, "busybox") && strcmp(s->interpreter, "python"))
		return ks_error(c, at, EINVAL, _("%s: --interpreter must be busybox or python, not \"%s\""),
				argv[0], s->interpreter);
	if (a.val[SO_IGNOREFAILURE]) {
		const char *v = a.val[SO_IGNOREFAILURE];

		if (!strcasecmp(v, "true"))
			s->ignorefailure = true;
		else if (strcasecmp(v, "false"))
			ks_warn(c, at, _("%s: --ignorefailure must be true or false, not \"%s\"; it is ignored"),
				argv[0], v);
	}
	if (a.val[SO_TIMEOUT]) {
		/* ESXi takes any digits; 0 is its default (stoat's: 600 s) */
		const char *t = a.val[SO_TIMEOUT];
		unsigned long long n = strtoull(t, NULL, 10);

		if (strspn(t, "0123456789") != strlen(t))
			ks_warn(c, at, _("%s: --timeout must be a number of seconds; it is ignored"), argv[0]);
		else
			s->timeout = n > UINT32_MAX ? UINT32_MAX : (unsigned)n;
	}
	snprintf(s->where, sizeof(s->where), "%s:%u", at->file, at->line);
	s->body = strdup("");
	if (!s->body)
		return err_set(c->e, ENOMEM, _("Out of memory while reading a kickstart script."));
	ks->n_scripts++;
	c->cur = s;
	return 0;
}

/* Commands ESXi's installer knows as deprecated or unused: a warning each. */
static const char *const ks_deprecated[] = {
	"auth", "authconfig", "autopart", "autostep", "bootloader", "cmdline", "device",
	"deviceprobe", "esxlocation", "firewall", "firewallport", "firstboot", "harddrive",
	"ignoredisk", "interactive", "lilo", "lilocheck", "logvol", "mouse", "raid", "skipx",
	"text", "timezone", "virtualdisk", "vnc", "volgroup", "xconfig", "xdisplay",
	"vmlicense", "zerombr", "%packages", "%vmlicense_text",
};
static const char *const ks_unused[] = { "lang", "langsupport" };

/* partitionembed: ESXi takes it silently (with install only); stoat's
 * layout is always its own, so it changes nothing. */
static int ks_cmd_ignored(struct ks_ctx *c, const struct ks_pos *at, int argc, char **argv)
{
	struct ks_args a;
	int rc = ks_opts(c, at, NULL, 0, argc, argv, &a);

	if (rc < 0)
		return rc;
	ks_no_pos(c, at, argv[0], &a, 0);
	snprintf(c->partitionembed_where, sizeof(c->partitionembed_where), "%s:%u", at->file, at->line);
	return 0;
}

static const struct {
	const char *name;
	int (*fn)(struct ks_ctx *c, const struct ks_pos *at, int argc, char **argv);
} ks_commands[] = {
	{ "vmaccepteula", ks_cmd_switch },
	{ "accepteula", ks_cmd_switch },
	{ "paranoid", ks_cmd_switch },
	{ "dryrun", ks_cmd_switch },
	{ "rootpw", ks_cmd_rootpw },
	{ "install", ks_cmd_install },
	{ "upgrade", ks_cmd_install },
	{ "installorupgrade", ks_cmd_install },
	{ "keyboard", ks_cmd_keyboard },
	{ "reboot", ks_cmd_reboot },
	{ "network", ks_cmd_network },
	{ "clearpart", ks_cmd_clearpart },
	{ "bootoption", ks_cmd_bootoption },
	{ "%pre", ks_cmd_section },
	{ "%post", ks_cmd_section },
	{ "%firstboot", ks_cmd_section },
	{ "serialnum", ks_cmd_serialnum },
	{ "vmserialnum", ks_cmd_serialnum },
	{ "part", ks_cmd_partition },
	{ "partition", ks_cmd_partition },
	{ "partitionembed", ks_cmd_ignored },
};

/* Dispatch one command line to its handler; unknown, deprecated and
 * unused commands are warnings, as in ESXi, whose installer also stops
 * after KS_MAX_COMMANDS commands it knows. */
int ks_command(struct ks_ctx *c, const struct ks_pos *at, int argc, char **argv)
{
	size_t i, cmd = SIZE_MAX;
	int why = 0;	/* 1 deprecated, 2 unused */

	for (i = 0; i < sizeof(ks_commands) / sizeof(ks_commands[0]) && cmd == SIZE_MAX; i++)
		if (!strcmp(argv[0], ks_commands[i].name))
			cmd = i;
	for (i = 0; i < sizeof(ks_deprecated) / sizeof(ks_deprecated[0]); i++)
		if (!strcmp(argv[0], ks_deprecated[i]))
			why = 1;
	for (i = 0; i < sizeof(ks_unused) / sizeof(ks_unused[0]); i++)
		if (!strcmp(argv[0], ks_unused[i]))
			why = 2;
	if (cmd == SIZE_MAX && !why) {
		for (i = 0; i < sizeof(ks_commands) / sizeof(ks_commands[0]); i++)
			if (!strcasecmp(argv[0], ks_commands[i].name)) {
				ks_warn(c, at, _("unknown command \"%s\"; it is ignored (ESXi matches names exactly: %s)"),
					argv[0], ks_commands[i].name);
				return 0;
			}
		ks_warn(c, at, _("unknown command \"%s\"; it is ignored"), argv[0]);
		return 0;
	}
	if (++c->n_commands > KS_MAX_COMMANDS)
		return ks_error(c, at, E2BIG, _("more than %u commands in the kickstart files, the most ESXi reads"),
				KS_MAX_COMMANDS);
	if (why == 1)
		ks_warn(c, at, _("%s is deprecated in ESXi kickstart files; it is ignored"), argv[0]);
	else if (why == 2)
		ks_warn(c, at, _("%s is not used by ESXi; it is ignored"), argv[0]);
	if (why)
		return 0;
	return ks_commands[cmd].fn(c, at, argc, argv);
}
