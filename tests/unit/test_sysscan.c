/* test_sysscan.c - the prerequisite checks over fixture /proc folders:
 * memory and CPU findings and their levels for a disk of this machine and
 * for an image file, flash notes, and the kickstart policy's verdicts. */
#include "config.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "sysscan.h"
#include "tap.h"

/* Make a fixture proc folder under dir with the given MemTotal and flags. */
static void mkproc(const char *dir, unsigned long kb, const char *flags)
{
	char path[256];
	FILE *f;

	mkdir(dir, 0700);
	snprintf(path, sizeof(path), "%s/meminfo", dir);
	if ((f = fopen(path, "w"))) {
		fprintf(f, "MemTotal:       %lu kB\nMemFree:        1000 kB\n", kb);
		fclose(f);
	}
	snprintf(path, sizeof(path), "%s/cpuinfo", dir);
	if ((f = fopen(path, "w"))) {
		fprintf(f, "processor\t: 0\nflags\t\t: fpu %s sse2\n", flags);
		fclose(f);
	}
}

/* Index of the first finding of kind k, or -1. */
static int find(const struct sys_findings *f, enum sys_kind k)
{
	int i;

	for (i = 0; i < f->n; i++)
		if (f->f[i].kind == k)
			return i;
	return -1;
}

int main(void)
{
	char root[] = "/tmp/stoat-sysscan-XXXXXX", good[128], low[128], novt[128];
	struct disk disk = { .transport = TR_SATA }, file = { .transport = TR_FILE, .is_file = true };
	struct disk usb = { .transport = TR_USB };
	struct layout l6 = { .profile = LAYOUT_ESXI6 }, l7 = { .profile = LAYOUT_ESXI7 };
	struct sysscan_policy none = { 0 }, paranoid = { true, false, false };
	struct sysscan_policy pw = { true, true, false }, pe = { false, false, true };
	struct stoat_err e = { 0 };
	struct sys_findings f;
	struct sysscan_opts o;
	int i;

	if (!mkdtemp(root))
		return 1;
	snprintf(good, sizeof(good), "%s/good", root);
	snprintf(low, sizeof(low), "%s/low", root);
	snprintf(novt, sizeof(novt), "%s/novt", root);
	mkproc(good, 16384000, "vmx");
	mkproc(low, 2000000, "svm");
	mkproc(novt, 16384000, "pae");

	o = (struct sysscan_opts){ good, &disk, &l6, NULL };
	sysscan_run(&o, &f);
	ok(f.n == 0, "16 GB and vmx onto a local disk: nothing found (%d)", f.n);
	ok(sysscan_verdict(&f, &paranoid, &e) == 0, "and even paranoid goes on");

	o.proc_root = low;
	sysscan_run(&o, &f);
	i = find(&f, SYS_MEMORY);
	ok(i >= 0 && f.f[i].level == SYS_ERROR, "2 GB onto a disk of this machine is an error");
	ok(i >= 0 && strstr(f.f[i].text, "2.0 GB") != NULL, "that names the memory: %s", i >= 0 ? f.f[i].text : "");
	ok(find(&f, SYS_CPU) < 0, "svm counts as hardware virtualization");
	ok(sysscan_verdict(&f, &none, &e) < 0 && strstr(e.msg, "--ignoreprereqerrors"), "the error blocks, naming --ignoreprereqerrors");
	ok(sysscan_verdict(&f, &pe, &e) == 0, "--ignoreprereqerrors passes it");
	o.target = &file;
	sysscan_run(&o, &f);
	i = find(&f, SYS_MEMORY);
	ok(i >= 0 && f.f[i].level == SYS_NOTE, "onto an image file it is a note");
	ok(sysscan_verdict(&f, &paranoid, &e) == 0, "which never blocks, not even under paranoid");
	o.target = &usb;
	sysscan_run(&o, &f);
	i = find(&f, SYS_MEMORY);
	ok(i >= 0 && f.f[i].level == SYS_NOTE, "onto a USB stick too: the stick may be for another host");
	o.target = &disk;
	o.media_version = "8.0.2-22380479";
	o.proc_root = good;
	mkproc(low, 6000000, "vmx");
	sysscan_run(&o, &f);
	ok(f.n == 0, "16 GB is enough for 8.0 media");
	o.proc_root = low;
	sysscan_run(&o, &f);
	i = find(&f, SYS_MEMORY);
	ok(i >= 0 && f.f[i].level == SYS_ERROR && strstr(f.f[i].text, "8 GB"), "6 GB with 8.0 media: an error naming 8 GB");
	o.media_version = "7.0.3-21930508";
	sysscan_run(&o, &f);
	ok(f.n == 0, "6 GB is enough for 7.0 media");

	o = (struct sysscan_opts){ novt, &disk, &l6, NULL };
	sysscan_run(&o, &f);
	i = find(&f, SYS_CPU);
	ok(i >= 0 && f.f[i].level == SYS_WARNING, "no vmx/svm onto a disk of this machine: a warning, as in ESXi");
	ok(sysscan_verdict(&f, &none, &e) == 0, "which does not block");
	ok(sysscan_verdict(&f, &paranoid, &e) < 0 && strstr(e.msg, "--ignoreprereqwarnings"), "except under paranoid, naming --ignoreprereqwarnings");
	ok(sysscan_verdict(&f, &pw, &e) == 0, "paranoid with --ignoreprereqwarnings goes on");

	o = (struct sysscan_opts){ good, &usb, &l6, NULL };
	sysscan_run(&o, &f);
	i = find(&f, SYS_FLASH);
	ok(f.n == 1 && i == 0 && strstr(f.f[0].text, "no scratch or datastore"), "a USB target on 6.x: the flash note");
	o.layout = &l7;
	sysscan_run(&o, &f);
	ok(f.n == 1 && strstr(f.f[0].text, "degraded mode"), "on 7.x: the degraded-mode warning");
	snprintf(l7.warning, sizeof(l7.warning), "a layout warning");
	sysscan_run(&o, &f);
	ok(f.n == 1 && f.f[0].kind == SYS_LAYOUT && !strcmp(f.f[0].text, "a layout warning"), "a layout's own warning replaces it");

	o = (struct sysscan_opts){ "/nonexistent", &disk, NULL, NULL };
	sysscan_run(&o, &f);
	ok(f.n == 0, "an unreadable proc root finds nothing (unknown is not a failure)");

	for (i = 0; i < 3; i++) {
		char p[256];
		const char *d = i == 0 ? good : i == 1 ? low : novt;

		snprintf(p, sizeof(p), "%s/meminfo", d);
		unlink(p);
		snprintf(p, sizeof(p), "%s/cpuinfo", d);
		unlink(p);
		rmdir(d);
	}
	rmdir(root);
	return tap_done();
}
