/* test_uilink.c - the wizard is a library: this program links wizard_run
 * from libstoatui.a and libstoat.a alone (no object of cli/, where
 * cli_error and the reboot live), and checks that wizard_run reports its
 * refusals in struct wizard_result, with the exit status the program
 * uses, and writes nothing to stdout or stderr. */
#include "config.h"

#include <fcntl.h>
#include <ftw.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "demo.h"
#include "tap.h"
#include "wizard.h"

/* What one wizard_run printed, and what it returned. */
struct run {
	int rc;
	struct wizard_result r;
	long long out_bytes, err_bytes;
};

/* Bytes in the file behind fd. */
static long long fd_bytes(int fd)
{
	struct stat st;

	return fstat(fd, &st) < 0 ? -1 : (long long)st.st_size;
}

/* Run the wizard with stdout and stderr sent to scratch files and stdin
 * from /dev/null (not a terminal); count what reached each. */
static void run_wizard(const struct wizard_opts *o, struct run *out)
{
	char out_path[] = "/tmp/stoat-uilink-out.XXXXXX";
	char err_path[] = "/tmp/stoat-uilink-err.XXXXXX";
	int fo = mkstemp(out_path), fe = mkstemp(err_path);
	int save_in = dup(0), save_out = dup(1), save_err = dup(2);
	int null = open("/dev/null", O_RDONLY);

	memset(out, 0, sizeof(*out));
	out->out_bytes = out->err_bytes = -1;
	if (fo < 0 || fe < 0 || save_in < 0 || save_out < 0 || save_err < 0 || null < 0)
		return;
	fflush(stdout);
	fflush(stderr);
	dup2(null, 0);
	dup2(fo, 1);
	dup2(fe, 2);
	memset(&out->r, 0x55, sizeof(out->r));	/* shows fields left unset */
	out->rc = wizard_run(o, &out->r);
	fflush(stdout);
	fflush(stderr);
	dup2(save_in, 0);
	dup2(save_out, 1);
	dup2(save_err, 2);
	out->out_bytes = fd_bytes(fo);
	out->err_bytes = fd_bytes(fe);
	close(save_in);
	close(save_out);
	close(save_err);
	close(null);
	close(fo);
	close(fe);
	unlink(out_path);
	unlink(err_path);
}

/* nftw callback: remove one entry of the scratch tree. */
static int rm_entry(const char *path, const struct stat *st, int flag, struct FTW *ftw)
{
	(void)st;
	(void)flag;
	(void)ftw;
	return remove(path);
}

/* Check one refusal: status, message start, no reboot, nothing printed. */
static void check_refusal(const struct wizard_opts *o, int status, const char *msg_start,
			  const char *what)
{
	struct run run;

	run_wizard(o, &run);
	ok(run.rc == status && run.r.status == status, "%s: status %d (got %d, result %d)",
	   what, status, run.rc, run.r.status);
	ok(memchr(run.r.msg, '\0', sizeof(run.r.msg)) &&
	   !strncmp(run.r.msg, msg_start, strlen(msg_start)),
	   "%s: the message starts '%s'", what, msg_start);
	if (memchr(run.r.msg, '\0', sizeof(run.r.msg)))
		printf("#   message: %s\n", run.r.msg);
	ok(!run.r.reboot, "%s: no reboot is asked", what);
	ok(run.out_bytes == 0 && run.err_bytes == 0,
	   "%s: nothing on stdout or stderr (%lld and %lld bytes)", what,
	   run.out_bytes, run.err_bytes);
}

int main(void)
{
	char dir[] = "/tmp/stoat-uilink.XXXXXX";
	struct wizard_opts o = { 0 };
	struct stoat_err e = { 0 };
	struct demo_files df;

	/* No media: the wizard would look for it, but stdin is no terminal. */
	check_refusal(&o, WIZARD_FAIL, "the wizard needs a terminal", "no --media");

	/* Media that does not exist: a failure, said in the result. */
	o.media = "/nonexistent/stoat-uilink.iso";
	check_refusal(&o, WIZARD_FAIL, "/nonexistent/stoat-uilink.iso cannot be opened",
		      "missing media");

	/* Real sample media: opened, then a missing --eula file refused. */
	if (!mkdtemp(dir) || demo_prepare(dir, &df, &e) < 0) {
		ok(0, "the demo media is built (%s)", e.msg);
		return tap_done();
	}
	o.media = df.media;
	o.eula = "/nonexistent/eula.txt";
	check_refusal(&o, WIZARD_FAIL, "cannot read the license file /nonexistent/eula.txt",
		      "missing --eula file");

	/* The media and license are fine; stdin is not a terminal. */
	o.eula = NULL;
	check_refusal(&o, WIZARD_FAIL, "the wizard needs a terminal", "no terminal");

	if (nftw(dir, rm_entry, 8, FTW_DEPTH | FTW_PHYS) != 0)
		printf("# could not remove %s\n", dir);
	return tap_done();
}
