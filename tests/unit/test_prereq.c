/* test_prereq.c - the prerequisite check of the programs an install runs
 * (prereq.h) and the child runner under it (child.h): the PATH lookup
 * (executables only, the empty entry, a name with a slash), a failing
 * child's message with its last two stderr lines, and prereq_run with a
 * PATH of links that lacks mmd, with every program, and with a broken
 * mcopy, whose message vfat.c keeps when it exits before reading. */
#include "config.h"

#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "child.h"
#include "prereq.h"
#include "tap.h"
#include "vfat.h"

/* Write text to path with mode. */
static void put(const char *path, const char *text, mode_t mode)
{
	FILE *f = fopen(path, "w");

	if (f) {
		fputs(text, f);
		fclose(f);
	}
	chmod(path, mode);
}

/* Link dir/name to name as found in the test's own PATH. */
static void link_prog(const char *dir, const char *name)
{
	char real[4096], link[4096];

	if (child_find_in(getenv("PATH"), name, real, sizeof(real)) < 0)
		return;
	snprintf(link, sizeof(link), "%s/%s", dir, name);
	if (symlink(real, link) < 0)
		perror(link);
}

/* The message of running sh -c script, which fails. */
static void run_sh(const char *script, struct stoat_err *e)
{
	char *argv[] = { "sh", "-c", (char *)script, NULL };
	struct child c;

	memset(e, 0, sizeof(*e));
	if (child_start(argv, false, false, &c, e) == 0)
		child_finish(&c, "the script", e);
}

/* Whether r has a problem containing text. */
static bool has(const struct prereq_result *r, const char *text)
{
	int i;

	for (i = 0; i < r->n; i++)
		if (strstr(r->problem[i], text))
			return true;
	return false;
}

int main(void)
{
	char dir[] = "/tmp/test_prereq.XXXXXX", path[4096], found[4096], want[4096], bin[4096];
	struct prereq_need need = { true, true, false };
	const char *orig = getenv("PATH");
	char *saved = strdup(orig ? orig : CHILD_DEFAULT_PATH);
	struct prereq_result r;
	struct stoat_err e;

	if (!mkdtemp(dir))
		return 1;
	/* --- the lookup --- */
	snprintf(path, sizeof(path), "%s/a", dir);
	mkdir(path, 0755);
	snprintf(path, sizeof(path), "%s/b", dir);
	mkdir(path, 0755);
	snprintf(path, sizeof(path), "%s/a/tool", dir);
	put(path, "#!/bin/sh\n", 0644);		/* not executable */
	snprintf(path, sizeof(path), "%s/b/tool", dir);
	put(path, "#!/bin/sh\n", 0755);
	snprintf(path, sizeof(path), "%s/a/sub", dir);
	mkdir(path, 0755);			/* a folder, not a program */
	snprintf(path, sizeof(path), "%s/a:%s/b", dir, dir);
	snprintf(want, sizeof(want), "%s/b/tool", dir);
	ok(child_find_in(path, "tool", found, sizeof(found)) == 0 && !strcmp(found, want),
	   "lookup: a file without x is passed over for the next folder's (%s)", found);
	ok(child_find_in(path, "sub", found, sizeof(found)) == -ENOENT, "lookup: a folder is not a program");
	ok(child_find_in(path, "nothing", found, sizeof(found)) == -ENOENT, "lookup: nowhere is -ENOENT");
	ok(child_find_in("/nonexistent", want, found, sizeof(found)) == 0 && !strcmp(found, want),
	   "lookup: a name with a slash is taken as it is");
	if (chdir(dir) == 0 && chdir("b") == 0)
		ok(child_find_in("/nonexistent:", "tool", found, sizeof(found)) == 0 &&
		   !strcmp(found, "./tool"), "lookup: an empty PATH entry is the current folder");
	else
		skip("cannot enter the scratch folder");
	if (chdir("/") < 0)
		return 1;

	/* --- a failing child's message --- */
	run_sh("echo cause >&2; echo consequence >&2; exit 3", &e);
	is_str(e.msg, "the script failed: cause; consequence", "two stderr lines: both, cause first");
	run_sh("echo noise >&2; echo cause >&2; echo consequence >&2; exit 1", &e);
	is_str(e.msg, "the script failed: cause; consequence", "more: the last two");
	run_sh("echo alone >&2; exit 1", &e);
	is_str(e.msg, "the script failed: alone", "one line: that line");
	run_sh("exit 1", &e);
	is_str(e.msg, "the script failed: no message", "none: says so");
	setenv("PATH", dir, 1);
	{
		char *argv[] = { "mmd", NULL };
		struct child c;

		ok(child_start(argv, false, false, &c, &e) == -ENOENT && strstr(e.msg, "mmd") &&
		   strstr(e.msg, dir), "a program in no folder of PATH is not started: %s", e.msg);
	}

	/* --- prereq_run --- */
	snprintf(bin, sizeof(bin), "%s/bin", dir);
	mkdir(bin, 0755);
	setenv("PATH", saved, 1);
	link_prog(bin, "mkfs.fat");
	link_prog(bin, "mcopy");
	link_prog(bin, "mattrib");
	setenv("PATH", bin, 1);
	prereq_run(&need, &r);
	ok(r.n == 1 && r.missing && has(&r, "mmd (from the mtools package)"),
	   "PATH without mmd: one problem, naming mmd and mtools (%s)", r.n ? r.problem[0] : "none");
	need.mkdir = false;
	prereq_run(&need, &r);
	ok(r.n == 0, "an install that makes no folders (an upgrade) does not need it");
	need.mkdir = true;
	setenv("PATH", saved, 1);
	prereq_run(&need, &r);
	ok(r.n == 0 && !r.missing, "every program there: the self-test passes (%s)", r.n ? r.problem[0] : "none");

	/* an mcopy that says what mtools says without gconv */
	link_prog(bin, "mmd");
	snprintf(path, sizeof(path), "%s/mcopy", bin);
	unlink(path);
	put(path, "#!/bin/sh\necho 'Error converting to codepage 850 Invalid argument' >&2\n"
		  "echo \"Cannot initialize '::'\" >&2\nexit 1\n", 0755);
	setenv("PATH", bin, 1);
	prereq_run(&need, &r);
	ok(r.n == 1 && !r.missing && has(&r, "scratch image") && has(&r, "codepage 850") &&
	   has(&r, "gconv"), "a broken mcopy: the self-test says so and what is missing (%s)",
	   r.n ? r.problem[0] : "none");
	/* mcopy gone before stoat writes: its message, not EPIPE's */
	{
		struct vfat_vol v = { "/nonexistent.img", -1, 0, 1 << 20, 512 };
		static char data[1 << 16];
		struct vfat_put *w;

		memset(&e, 0, sizeof(e));
		if (vfat_put_begin(&v, "x.cfg", &w, &e) == 0) {
			usleep(300000);		/* the fake mcopy has exited */
			if (vfat_put_write(w, data, sizeof(data), &e) < 0)
				vfat_put_abort(w);
			else
				vfat_put_end(w, &e);
		}
		ok(strstr(e.msg, "codepage 850 Invalid argument; Cannot initialize") != NULL,
		   "mcopy that exits before its data: its own message (%s)", e.msg);
	}
	setenv("PATH", saved, 1);

	tap_sh("rm -rf '%s'", dir);
	free(saved);
	return tap_done();
}
