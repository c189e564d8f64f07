/* sysscan.c - the prerequisite checks (sysscan.h): the programs the
 * install runs (prereq.c), MemTotal from meminfo, vmx/svm in cpuinfo's
 * flags, flash and layout notes. Files are read under a proc root so tests
 * can stand in fixture /proc files. */
#include "config.h"

#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "known_issues.h"
#include "nls.h"
#include "sysscan.h"
#include "lang.h"

/* MemTotal shows a little less than what is installed: 95% of the
 * media's minimum passes. */
#define SYS_RAM_KB(gb) ((unsigned long long)(gb) * 950 * 1024)

/* Add a finding. */
static void sys_add(struct sys_findings *out, enum sys_level level, enum sys_kind kind,
		    const char *text)
{
	if (out->n >= SYS_MAX_FINDINGS)
		return;
	out->f[out->n].level = level;
	out->f[out->n].kind = kind;
	snprintf(out->f[out->n].text, sizeof(out->f[0].text), "%s", text);
	out->n++;
}

/* Open a file under the proc root. */
static FILE *sys_open(const char *root, const char *name)
{
	char path[512];

	snprintf(path, sizeof(path), "%s/%s", root && *root ? root : "/proc", name);
	return fopen(path, "re");
}

/* MemTotal in kB, or 0 when unknown. */
static unsigned long long sys_mem_kb(const char *root)
{
	unsigned long long kb = 0;
	char line[256];
	FILE *f = sys_open(root, "meminfo");

	if (!f)
		return 0;
	while (fgets(line, sizeof(line), f))
		if (!strncmp(line, "MemTotal:", 9)) {
			char *end;

			kb = strtoull(line + 9, &end, 10);
			if (end == line + 9)
				kb = 0;	/* unreadable: unknown, no finding */
			break;
		}
	fclose(f);
	return kb;
}

/* 1 when cpuinfo lists vmx or svm, 0 when not, -1 when unreadable. */
static int sys_has_vt(const char *root)
{
	char line[4096];
	FILE *f = sys_open(root, "cpuinfo");
	int found = 0;

	if (!f)
		return -1;
	while (!found && fgets(line, sizeof(line), f))
		if (!strncmp(line, "flags", 5) && (strstr(line, " vmx") || strstr(line, " svm")))
			found = 1;
	fclose(f);
	return found;
}

/* The media's memory minimum in GB: 8 for ESXi 8.x, else 4. */
static int sys_min_gb(const char *version)
{
	return version && !strncmp(version, "8.", 2) ? 8 : 4;
}

/* A warning for each known issue of the media's version on this kind
 * of target (known_issues.c). */
static void sysscan_known(const struct sysscan_opts *o, struct sys_findings *out)
{
	const struct known_issue *k[4];
	size_t i, n;
	char buf[320];

	if (!o->target)
		return;
	n = known_issues_find(o->media_version, disk_is_flash(o->target), k, 4);
	for (i = 0; i < n; i++) {
		known_issue_text(k[i], buf, sizeof(buf));
		sys_add(out, SYS_WARNING, SYS_FLASH, buf);
	}
}

/* Run the checks for o->target and o->layout. */
void sysscan_run(const struct sysscan_opts *o, struct sys_findings *out)
{
	const struct disk *d = o->target;
	const struct layout *l = o->layout;
	bool elsewhere = d && (d->is_file || d->transport == TR_FILE || disk_is_flash(d));
	unsigned long long kb = sys_mem_kb(o->proc_root);
	int min_gb = sys_min_gb(o->media_version);
	char buf[320];

	out->n = 0;
	if (kb && kb < SYS_RAM_KB(min_gb)) {
		if (min_gb == 8)
			snprintf(buf, sizeof(buf), _("This machine has %s GB of memory; ESXi 8 needs at least 8 GB to boot."),
				 lang_num((double)kb * 1024 / 1e9, 1).s);
		else
			snprintf(buf, sizeof(buf), _("This machine has %s GB of memory; ESXi needs at least 4 GB to boot."),
				 lang_num((double)kb * 1024 / 1e9, 1).s);
		sys_add(out, elsewhere ? SYS_NOTE : SYS_ERROR, SYS_MEMORY, buf);
	}
	if (sys_has_vt(o->proc_root) == 0)
		sys_add(out, elsewhere ? SYS_NOTE : SYS_WARNING, SYS_CPU,
			_("The CPU offers no hardware virtualization (Intel VT-x or AMD-V), or it is disabled in the firmware: 64-bit virtual machines will not run."));
	if (d && disk_is_flash(d)) {
		if (l && l->warning[0])
			sys_add(out, SYS_WARNING, SYS_LAYOUT, l->warning);
		else if (l && l->profile == LAYOUT_ESXI7)
			sys_add(out, SYS_WARNING, SYS_FLASH, _("ESXi 7 and later on USB or SD flash run in a degraded mode: logs and system data live in memory and are lost at every reboot, unless another persistent disk holds them."));
		else
			sys_add(out, SYS_WARNING, SYS_FLASH, _("The target is a USB or SD flash device: it gets no scratch or datastore partition, so logs live in memory and are lost at every reboot."));
	} else if (l && l->warning[0]) {
		sys_add(out, SYS_WARNING, SYS_LAYOUT, l->warning);
	}
	sysscan_known(o, out);
}

/* An error for each program the install needs that is missing or
 * broken, before the other findings. */
void sysscan_tools(const struct prereq_need *n, struct sys_findings *out)
{
	struct sys_findings rest = *out;
	struct prereq_result r;
	int i;

	prereq_run(n, &r);
	out->n = 0;
	for (i = 0; i < r.n; i++)
		sys_add(out, SYS_ERROR, SYS_TOOLS, r.problem[i]);
	for (i = 0; i < rest.n; i++)
		sys_add(out, rest.f[i].level, rest.f[i].kind, rest.f[i].text);
}

/* True when a finding is an error. */
bool sysscan_has_errors(const struct sys_findings *f)
{
	int i;

	for (i = 0; i < f->n; i++)
		if (f->f[i].level == SYS_ERROR)
			return true;
	return false;
}

/* Apply the kickstart's switches; the first blocking finding fails.
 * Notes never block. */
int sysscan_verdict(const struct sys_findings *f, const struct sysscan_policy *p,
		    struct stoat_err *e)
{
	int i;

	for (i = 0; i < f->n; i++) {
		const struct sys_finding *s = &f->f[i];

		if (s->kind == SYS_TOOLS)
			return err_set(e, EINVAL, "%s", s->text);
		if (s->level == SYS_ERROR && !p->ignore_errors)
			return err_set(e, EINVAL, _("the system scan found an error: %s (install --ignoreprereqerrors goes on anyway)"),
				       s->text);
		if (s->level == SYS_WARNING && p->paranoid && !p->ignore_warnings)
			return err_set(e, EINVAL, _("the system scan found a warning, and paranoid turns it into an error: %s (install --ignoreprereqwarnings lets it through)"),
				       s->text);
	}
	return 0;
}
