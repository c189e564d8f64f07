/* ks_cmds.c - the kickstart commands: a table of names with their options
 * and one handler each. Options are written --name=value (or --name value
 * for options that need a value); an option a command does not know is an
 * error, as is an unknown command. */
#include "config.h"

#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "keyboard.h"
#include "ks_int.h"
#include "nls.h"
#include "passwd.h"

/* True when s is a comma list of words made of [A-Za-z0-9._:+-]. */
static bool ks_list_ok(const char *s)
{
	const char *ok = "abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789._:+-/";
	size_t n;

	if (!*s)
		return false;
	for (;;) {
		n = strspn(s, ok);
		if (n == 0)
			return false;
		s += n;
		if (!*s)
			return true;
		if (*s != ',')
			return false;
		s++;
	}
}

/* vmaccepteula, accepteula, paranoid, dryrun: plain switches. */
static int ks_cmd_switch(struct ks_ctx *c, const struct ks_pos *at, int argc, char **argv)
{
	struct ks_args a;
	bool *flag;
	int rc = ks_opts(c, at, NULL, 0, argc, argv, &a);

	if (rc == 0)
		rc = ks_no_pos(c, at, argv[0], &a);
	if (rc < 0)
		return rc;
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

/* rootpw [--iscrypted] PASSWORD */
static int ks_cmd_rootpw(struct ks_ctx *c, const struct ks_pos *at, int argc, char **argv)
{
	static const struct ks_optdef defs[] = { { "iscrypted", KO_FLAG } };
	struct kickstart *ks = c->ks;
	struct ks_args a;
	enum pw_rule r;
	int rc = ks_opts(c, at, defs, 1, argc, argv, &a);

	if (rc < 0)
		return rc;
	if (c->have_rootpw)
		return ks_error(c, at, EINVAL, _("rootpw is given more than once"));
	if (a.npos != 1)
		return ks_error(c, at, EINVAL, a.npos ? _("rootpw takes one password; quote a password that contains spaces")
				: _("rootpw needs a password"));
	if (a.val[0]) {
		if (!pw_hash_acceptable(a.pos[0]))
			return ks_error(c, at, EINVAL, _("rootpw --iscrypted needs a crypt hash starting with $1$ or $6$, or a 13-character DES hash"));
		snprintf(ks->pwhash, sizeof(ks->pwhash), "%s", a.pos[0]);
	} else {
		r = pw_check(a.pos[0]);
		if (r != PW_OK)
			return ks_error(c, at, EINVAL, _("the root password does not meet the policy: %s"),
					pw_rule_message(r));
		rc = pw_hash(a.pos[0], ks->pwhash, sizeof(ks->pwhash), c->e);
		pw_wipe(a.pos[0], strlen(a.pos[0]));
		if (rc < 0)
			return ks_error(c, at, -rc, "%s", c->e ? c->e->msg : "hash");
		ks_warn(c, at, _("this file holds the root password in clear text; use rootpw --iscrypted with a hash instead"));
	}
	c->have_rootpw = true;
	return 0;
}

enum { IO_DISK, IO_DRIVE, IO_FIRSTDISK, IO_OVERWRITEVMFS, IO_PRESERVEVMFS, IO_NOVMFSONDISK,
       IO_IGNORESSD, IO_IGNOREPREREQWARNINGS, IO_IGNOREPREREQERRORS, IO_FORCEUNSUPPORTED,
       IO_SYSTEMDISK, IO_N };

static const struct ks_optdef ks_install_opts[IO_N] = {
	[IO_DISK] = { "disk", KO_VALUE },
	[IO_DRIVE] = { "drive", KO_VALUE },
	[IO_FIRSTDISK] = { "firstdisk", KO_OPTVALUE },
	[IO_OVERWRITEVMFS] = { "overwritevmfs", KO_FLAG },
	[IO_PRESERVEVMFS] = { "preservevmfs", KO_FLAG },
	[IO_NOVMFSONDISK] = { "novmfsondisk", KO_FLAG },
	[IO_IGNORESSD] = { "ignoressd", KO_FLAG },
	[IO_IGNOREPREREQWARNINGS] = { "ignoreprereqwarnings", KO_FLAG },
	[IO_IGNOREPREREQERRORS] = { "ignoreprereqerrors", KO_FLAG },
	[IO_FORCEUNSUPPORTED] = { "forceunsupportedinstall", KO_FLAG },
	[IO_SYSTEMDISK] = { "systemdisk", KO_VALUE },
};

#define IO_BIT(x) (1u << (x))
#define IO_COMMON (IO_BIT(IO_DISK) | IO_BIT(IO_DRIVE) | IO_BIT(IO_FIRSTDISK) \
		   | IO_BIT(IO_IGNOREPREREQWARNINGS) | IO_BIT(IO_IGNOREPREREQERRORS) \
		   | IO_BIT(IO_FORCEUNSUPPORTED))

/* install, upgrade, installorupgrade */
static int ks_cmd_install(struct ks_ctx *c, const struct ks_pos *at, int argc, char **argv)
{
	struct kickstart *ks = c->ks;
	struct ks_args a;
	unsigned allowed, k;
	enum ks_action act;
	const char *disk;
	int rc = ks_opts(c, at, ks_install_opts, IO_N, argc, argv, &a);

	if (rc == 0)
		rc = ks_no_pos(c, at, argv[0], &a);
	if (rc < 0)
		return rc;
	if (!strcmp(argv[0], "install")) {
		act = KS_INSTALL;
		allowed = ~0u;
	} else if (!strcmp(argv[0], "upgrade")) {
		act = KS_UPGRADE;
		allowed = IO_COMMON;
	} else {
		act = KS_INSTALLORUPGRADE;
		allowed = IO_COMMON | IO_BIT(IO_OVERWRITEVMFS);
	}
	if (ks->action != KS_NONE)
		return ks_error(c, at, EINVAL, _("only one install, upgrade or installorupgrade command may appear; the first is at %s"),
				ks->where);
	for (k = 0; k < IO_N; k++)
		if (a.val[k] && !(allowed & IO_BIT(k)))
			return ks_error(c, at, EINVAL, _("%s does not take --%s"), argv[0], ks_install_opts[k].name);
	if (a.val[IO_DISK] && a.val[IO_DRIVE])
		return ks_error(c, at, EINVAL, _("%s: --disk and --drive mean the same; give only one"), argv[0]);
	disk = a.val[IO_DISK] ? a.val[IO_DISK] : a.val[IO_DRIVE];
	if (disk && a.val[IO_FIRSTDISK])
		return ks_error(c, at, EINVAL, _("%s: --disk and --firstdisk cannot be used together"), argv[0]);
	if (!disk && !a.val[IO_FIRSTDISK])
		return ks_error(c, at, EINVAL, _("%s needs --disk=DISK or --firstdisk to say where to install"), argv[0]);
	if (a.val[IO_FIRSTDISK] && a.val[IO_FIRSTDISK][0] && !ks_list_ok(a.val[IO_FIRSTDISK]))
		return ks_error(c, at, EINVAL, _("%s: --firstdisk= needs a comma-separated list of filters such as local,remote,usb"),
				argv[0]);
	if (a.val[IO_OVERWRITEVMFS] && a.val[IO_PRESERVEVMFS])
		return ks_error(c, at, EINVAL, _("%s: --overwritevmfs and --preservevmfs contradict each other; choose one"),
				argv[0]);
	if (a.val[IO_NOVMFSONDISK] && a.val[IO_PRESERVEVMFS])
		return ks_error(c, at, EINVAL, _("%s: --novmfsondisk and --preservevmfs contradict each other; choose one"),
				argv[0]);
	if (a.val[IO_IGNORESSD] && disk)
		return ks_error(c, at, EINVAL, _("%s: --ignoressd only works with --firstdisk, not with --disk"), argv[0]);

	ks->action = act;
	snprintf(ks->where, sizeof(ks->where), "%s:%u", at->file, at->line);
	if (disk)
		snprintf(ks->disk, sizeof(ks->disk), "%s", disk);
	else
		snprintf(ks->firstdisk, sizeof(ks->firstdisk), "%s",
			 a.val[IO_FIRSTDISK][0] ? a.val[IO_FIRSTDISK] : "local,remote,usb");
	ks->overwritevmfs = a.val[IO_OVERWRITEVMFS] != NULL;
	ks->preservevmfs = a.val[IO_PRESERVEVMFS] != NULL;
	ks->novmfsondisk = a.val[IO_NOVMFSONDISK] != NULL;
	ks->ignoressd = a.val[IO_IGNORESSD] != NULL;
	ks->ignoreprereqwarnings = a.val[IO_IGNOREPREREQWARNINGS] != NULL;
	ks->ignoreprereqerrors = a.val[IO_IGNOREPREREQERRORS] != NULL;
	ks->forceunsupported = a.val[IO_FORCEUNSUPPORTED] != NULL;
	if (a.val[IO_SYSTEMDISK]) {
		snprintf(ks->systemdisk, sizeof(ks->systemdisk), "%s", a.val[IO_SYSTEMDISK]);
		if (!disk || strcmp(disk, a.val[IO_SYSTEMDISK]))
			ks_warn(c, at, _("stoat keeps the system data on the install disk; --systemdisk=%s is recorded but not used"),
				a.val[IO_SYSTEMDISK]);
	}
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
	if (c->have_keyboard)
		return ks_error(c, at, EINVAL, _("keyboard is given more than once"));
	if (!a.npos)
		return ks_error(c, at, EINVAL, _("keyboard needs a layout name, for example keyboard German"));
	for (i = 0; i < a.npos; i++) {
		size_t l = strlen(name);

		snprintf(name + l, sizeof(name) - l, "%s%s", i ? " " : "", a.pos[i]);
	}
	canon = keyboard_canonical(name);
	if (!canon) {
		ks_warn(c, at, _("unknown keyboard layout \"%s\"; using %s"), name, KEYBOARD_DEFAULT);
		canon = KEYBOARD_DEFAULT;
	}
	snprintf(c->ks->keyboard, sizeof(c->ks->keyboard), "%s", canon);
	c->have_keyboard = true;
	return 0;
}

/* reboot [--noeject] */
static int ks_cmd_reboot(struct ks_ctx *c, const struct ks_pos *at, int argc, char **argv)
{
	static const struct ks_optdef defs[] = { { "noeject", KO_FLAG } };
	struct ks_args a;
	int rc = ks_opts(c, at, defs, 1, argc, argv, &a);

	if (rc == 0)
		rc = ks_no_pos(c, at, argv[0], &a);
	if (rc < 0)
		return rc;
	if (c->ks->reboot)
		ks_warn(c, at, _("%s is given more than once"), argv[0]);
	c->ks->reboot = true;
	c->ks->noeject = c->ks->noeject || a.val[0];
	return 0;
}

enum { CO_ALLDRIVES, CO_DRIVES, CO_FIRSTDISK, CO_IGNOREDRIVES, CO_OVERWRITEVMFS, CO_N };

/* clearpart --alldrives | --drives= | --firstdisk | --ignoredrives= [--overwritevmfs] */
static int ks_cmd_clearpart(struct ks_ctx *c, const struct ks_pos *at, int argc, char **argv)
{
	static const struct ks_optdef defs[CO_N] = {
		[CO_ALLDRIVES] = { "alldrives", KO_FLAG },
		[CO_DRIVES] = { "drives", KO_VALUE },
		[CO_FIRSTDISK] = { "firstdisk", KO_OPTVALUE },
		[CO_IGNOREDRIVES] = { "ignoredrives", KO_VALUE },
		[CO_OVERWRITEVMFS] = { "overwritevmfs", KO_FLAG },
	};
	struct kickstart *ks = c->ks;
	struct ks_args a;
	int n, rc = ks_opts(c, at, defs, CO_N, argc, argv, &a);

	if (rc == 0)
		rc = ks_no_pos(c, at, argv[0], &a);
	if (rc < 0)
		return rc;
	if (ks->clearpart)
		return ks_error(c, at, EINVAL, _("clearpart is given more than once"));
	n = !!a.val[CO_ALLDRIVES] + !!a.val[CO_DRIVES] + !!a.val[CO_FIRSTDISK] + !!a.val[CO_IGNOREDRIVES];
	if (n != 1)
		return ks_error(c, at, EINVAL, _("clearpart needs exactly one of --alldrives, --drives=, --firstdisk or --ignoredrives="));
	if ((a.val[CO_DRIVES] && !ks_list_ok(a.val[CO_DRIVES]))
	    || (a.val[CO_IGNOREDRIVES] && !ks_list_ok(a.val[CO_IGNOREDRIVES]))
	    || (a.val[CO_FIRSTDISK] && a.val[CO_FIRSTDISK][0] && !ks_list_ok(a.val[CO_FIRSTDISK])))
		return ks_error(c, at, EINVAL, _("clearpart: a drive list must be comma-separated names without spaces"));
	ks->clearpart = true;
	ks->clearpart_all = a.val[CO_ALLDRIVES] != NULL;
	ks->clearpart_firstdisk = a.val[CO_FIRSTDISK] != NULL;
	ks->clearpart_overwritevmfs = a.val[CO_OVERWRITEVMFS] != NULL;
	snprintf(ks->clearpart_drives, sizeof(ks->clearpart_drives), "%s",
		 a.val[CO_DRIVES] ? a.val[CO_DRIVES] : "");
	snprintf(ks->clearpart_ignore, sizeof(ks->clearpart_ignore), "%s",
		 a.val[CO_IGNOREDRIVES] ? a.val[CO_IGNOREDRIVES] : "");
	snprintf(c->clearpart_file, sizeof(c->clearpart_file), "%s", at->file);
	c->clearpart_at.line = at->line;
	return 0;
}

/* bootoption --legacy-usb --kernelopt="k=v ..." (a stoat extension) */
static int ks_cmd_bootoption(struct ks_ctx *c, const struct ks_pos *at, int argc, char **argv)
{
	static const struct ks_optdef defs[] = { { "legacy-usb", KO_FLAG }, { "kernelopt", KO_VALUE } };
	static const char *const refused[] = { "runweasel", "cdromBoot", "ks" };
	struct kickstart *ks = c->ks;
	const char *p, *w;
	struct ks_args a;
	size_t i, n, have;
	int rc = ks_opts(c, at, defs, 2, argc, argv, &a);

	if (rc == 0)
		rc = ks_no_pos(c, at, argv[0], &a);
	if (rc < 0)
		return rc;
	if (!a.val[0] && !a.val[1])
		return ks_error(c, at, EINVAL, _("bootoption needs --legacy-usb and/or --kernelopt=\"OPTIONS\""));
	if (a.val[0])
		ks->legacy_usb = true;
	if (!a.val[1])
		return 0;
	for (p = a.val[1]; *p; p++)
		if (*p < 0x21 && *p != ' ')
			return ks_error(c, at, EINVAL, _("bootoption --kernelopt may hold only printable characters and spaces"));
		else if (*p > 0x7e || *p == '"' || *p == '\'')
			return ks_error(c, at, EINVAL, _("bootoption --kernelopt may not hold quotes or non-ASCII characters"));
	for (w = a.val[1]; *w; w += n) {
		w += strspn(w, " ");
		n = strcspn(w, " ");
		for (i = 0; n && i < sizeof(refused) / sizeof(refused[0]); i++)
			if (strlen(refused[i]) <= n && !strncmp(w, refused[i], strlen(refused[i]))
			    && (w[strlen(refused[i])] == '=' || strlen(refused[i]) == n))
				return ks_error(c, at, EINVAL, _("bootoption --kernelopt may not set %s: it belongs to the installer, not the installed system"),
						refused[i]);
	}
	have = strlen(ks->bootopts);
	if (have + 1 + strlen(a.val[1]) >= sizeof(ks->bootopts))
		return ks_error(c, at, E2BIG, _("bootoption: the kernel options are longer than %zu characters"),
				sizeof(ks->bootopts) - 1);
	snprintf(ks->bootopts + have, sizeof(ks->bootopts) - have, "%s%s", have ? " " : "", a.val[1]);
	return 0;
}

enum { SO_INTERPRETER, SO_IGNOREFAILURE, SO_TIMEOUT, SO_N };

/* %pre / %post / %firstboot [--interpreter=] [--ignorefailure=] [--timeout=] */
static int ks_cmd_section(struct ks_ctx *c, const struct ks_pos *at, int argc, char **argv)
{
	static const struct ks_optdef defs[SO_N] = {
		[SO_INTERPRETER] = { "interpreter", KO_VALUE },
		[SO_IGNOREFAILURE] = { "ignorefailure", KO_OPTVALUE },
		[SO_TIMEOUT] = { "timeout", KO_VALUE },
	};
	struct kickstart *ks = c->ks;
	struct ks_script *s;
	struct ks_args a;
	bool fb = !strcmp(argv[0], "%firstboot");
	int rc = ks_opts(c, at, defs, fb ? 1 : SO_N, argc, argv, &a);

	if (rc == 0)
		rc = ks_no_pos(c, at, argv[0], &a);
	if (rc < 0)
		return rc;
	if (ks->n_scripts >= KS_MAX_SCRIPTS)
		return ks_error(c, at, E2BIG, _("too many script sections (at most %d)"), KS_MAX_SCRIPTS);
	s = &ks->scripts[ks->n_scripts];
	memset(s, 0, sizeof(*s));
	s->when = fb ? KS_FIRSTBOOT : !strcmp(argv[0], "%pre") ? KS_PRE : KS_POST;
	snprintf(s->interpreter, sizeof(s->interpreter), "%s",
		 a.val[SO_INTERPRETER] ? a.val[SO_INTERPRETER] : "busybox");
	if (strcmp(s->interpreter, "busybox") && strcmp(s->interpreter, "python"))
		return ks_error(c, at, EINVAL, _("%s: --interpreter must be busybox or python, not \"%s\""),
				argv[0], s->interpreter);
	if (a.val[SO_IGNOREFAILURE]) {
		const char *v = a.val[SO_IGNOREFAILURE];

		if (!*v || !strcmp(v, "true"))
			s->ignorefailure = true;
		else if (strcmp(v, "false"))
			return ks_error(c, at, EINVAL, _("%s: --ignorefailure must be true or false"), argv[0]);
	}
	if (a.val[SO_TIMEOUT]) {
		char *end;
		unsigned long t = strtoul(a.val[SO_TIMEOUT], &end, 10);

		if (*end || t == 0 || t > 86400 || a.val[SO_TIMEOUT][0] == '-')
			return ks_error(c, at, EINVAL, _("%s: --timeout must be a number of seconds from 1 to 86400"), argv[0]);
		s->timeout = (unsigned)t;
	}
	snprintf(s->where, sizeof(s->where), "%s:%u", at->file, at->line);
	s->body = strdup("");
	if (!s->body)
		return err_set(c->e, ENOMEM, _("Out of memory while reading a kickstart script."));
	ks->n_scripts++;
	c->cur = s;
	return 0;
}

/* Commands other installers know that ESXi (and so stoat) does not. */
static int ks_cmd_refused(struct ks_ctx *c, const struct ks_pos *at, int argc, char **argv)
{
	if (!strcmp(argv[0], "serialnum") || !strcmp(argv[0], "vmserialnum"))
		return ks_error(c, at, ENOTSUP, _("%s is not supported: license the host after installation"), argv[0]);
	return ks_error(c, at, ENOTSUP, _("%s is not part of the ESXi kickstart grammar: use install, which creates the partitions itself"),
			argv[0]);
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
	{ "serialnum", ks_cmd_refused },
	{ "vmserialnum", ks_cmd_refused },
	{ "part", ks_cmd_refused },
	{ "partition", ks_cmd_refused },
	{ "autopart", ks_cmd_refused },
};

/* Dispatch one command line to its handler. */
int ks_command(struct ks_ctx *c, const struct ks_pos *at, int argc, char **argv)
{
	size_t i;

	for (i = 0; i < sizeof(ks_commands) / sizeof(ks_commands[0]); i++)
		if (!strcmp(argv[0], ks_commands[i].name))
			return ks_commands[i].fn(c, at, argc, argv);
	return ks_error(c, at, EINVAL, _("unknown command \"%s\""), argv[0]);
}
