/* child.c - run the programs stoat needs (mkfs.fat, mtools, efibootmgr):
 * fork/exec with a fixed environment, never a shell, stderr kept for the
 * error message. */
#include "config.h"

#include <errno.h>
#include <fcntl.h>
#include <signal.h>
#include <stdio.h>
#include <string.h>
#include <sys/wait.h>
#include <unistd.h>

#include "child.h"
#include "io.h"
#include "nls.h"

#define CHILD_PIPE_BUF (1u << 20)

/* The environment children run with: the system's programs, no user
 * mtools config, no mtools check of a partition table we do not use, C
 * messages (stoat reads some of them). */
static char *const child_env[] = {
	"PATH=/usr/sbin:/usr/bin:/sbin:/bin",
	"MTOOLSRC=/dev/null",
	"MTOOLS_SKIP_CHECK=1",
	"LC_ALL=C",
	NULL,
};

/* Start argv[0] with stdin/stdout piped as asked; stderr always piped. */
int child_start(char *const argv[], bool pipe_in, bool pipe_out,
		       struct child *c, struct stoat_err *e)
{
	int pin[2] = { -1, -1 }, pout[2] = { -1, -1 }, perr[2] = { -1, -1 }, rc;

	c->pid = -1;
	c->in = c->out = c->err = -1;
	if ((pipe_in && pipe2(pin, O_CLOEXEC) < 0) || (pipe_out && pipe2(pout, O_CLOEXEC) < 0) ||
	    pipe2(perr, O_CLOEXEC) < 0)
		goto fail;
	if ((c->pid = fork()) < 0)
		goto fail;
	if (c->pid == 0) {
		int nul = open("/dev/null", O_RDWR);

		dup2(pipe_in ? pin[0] : nul, 0);
		dup2(pipe_out ? pout[1] : nul, 1);
		dup2(perr[1], 2);
		signal(SIGPIPE, SIG_DFL);
		/* a Ctrl-C at the terminal is for stoat, which asks first and
		 * stops between steps: not for mkfs.fat or mcopy mid-write */
		signal(SIGINT, SIG_IGN);
		execvpe(argv[0], argv, child_env);
		dprintf(2, "cannot run %s: %s\n", argv[0], strerror(errno));
		_exit(127);
	}
	if (pipe_in) {
		close(pin[0]);
		fcntl(pin[1], F_SETPIPE_SZ, (int)CHILD_PIPE_BUF);	/* fewer wake-ups */
	}
	if (pipe_out) {
		close(pout[1]);
		fcntl(pout[0], F_SETPIPE_SZ, (int)CHILD_PIPE_BUF);
	}
	close(perr[1]);
	c->in = pin[1];
	c->out = pout[0];
	c->err = perr[0];
	return 0;
fail:
	rc = err_set(e, errno, _("cannot start %s: %s"), argv[0], strerror(errno));
	for (int i = 0; i < 2; i++) {
		if (pin[i] >= 0) close(pin[i]);
		if (pout[i] >= 0) close(pout[i]);
		if (perr[i] >= 0) close(perr[i]);
	}
	return rc;
}

/* Wait for the child; on failure fill e with what (and its last stderr
 * line). */
int child_finish(struct child *c, const char *what, struct stoat_err *e)
{
	char buf[2048], *line;
	size_t n = 0;
	ssize_t r;
	int st;

	if (c->in >= 0)
		close(c->in);
	if (c->out >= 0)
		close(c->out);
	/* Read to the end; of a long message keep only the last piece. */
	do
		r = io_read_all(c->err, buf, sizeof(buf) - 1);
	while (r == (ssize_t)sizeof(buf) - 1);
	n = r > 0 ? (size_t)r : 0;
	close(c->err);
	buf[n] = '\0';
	while (waitpid(c->pid, &st, 0) < 0 && errno == EINTR)
		;
	c->pid = -1;
	if (WIFEXITED(st) && WEXITSTATUS(st) == 0)
		return 0;
	while (n && (buf[n - 1] == '\n' || buf[n - 1] == ' '))
		buf[--n] = '\0';
	line = strrchr(buf, '\n');
	line = line ? line + 1 : buf;
	if (WIFSIGNALED(st))
		return err_set(e, EIO, _("%s was killed by signal %d"), what, WTERMSIG(st));
	return err_set(e, EIO, _("%s failed: %s"), what, *line ? line : _("no message"));
}


/* Run argv to its end with its standard output read into out. */
int child_run(char *const argv[], char *out, size_t size, const char *what, struct stoat_err *e)
{
	struct child c;
	char sink[4096];
	ssize_t n;
	int rc;

	if (!size)
		return err_set(e, EINVAL, _("no room for the output of %s"), what);
	if ((rc = child_start(argv, false, true, &c, e)) < 0)
		return rc;
	n = io_read_all(c.out, out, size - 1);
	out[n > 0 ? n : 0] = '\0';
	/* read what does not fit, so the child never blocks on a full pipe */
	while (n > 0 && io_read_all(c.out, sink, sizeof(sink)) > 0)
		;
	return child_finish(&c, what, e);
}
