/* child.c - run the programs stoat needs (mkfs.fat, mtools, efibootmgr):
 * looked up in PATH by stoat itself, fork/exec with a fixed environment,
 * never a shell, stderr kept for the error message. */
#include "config.h"

#include <errno.h>
#include <fcntl.h>
#include <iconv.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/prctl.h>
#include <sys/stat.h>
#include <sys/wait.h>
#include <unistd.h>

#include "child.h"
#include "io.h"
#include "nls.h"

#define CHILD_PIPE_BUF (1u << 20)

/* The environment children run with, besides PATH and mtools' code page:
 * no user mtools config, no mtools check of a partition table we do not
 * use, C messages (stoat reads some of them). */
static const char *const child_env_fixed[] = {
	"MTOOLSRC=/dev/null",
	"MTOOLS_SKIP_CHECK=1",
	"LC_ALL=C",
};

/* The folders searched for programs: PATH, or the usual ones without it. */
const char *child_path(void)
{
	const char *path = getenv("PATH");

	return path && *path ? path : CHILD_DEFAULT_PATH;
}

/* Find name in the folders of path; 0 with its path in out, or -ENOENT. */
int child_find_in(const char *path, const char *name, char *out, size_t size)
{
	const char *dir = path, *end;
	struct stat st;

	if (strchr(name, '/')) {
		snprintf(out, size, "%s", name);
		return access(name, X_OK) == 0 ? 0 : -ENOENT;
	}
	for (; dir; dir = end ? end + 1 : NULL) {
		int len;

		end = strchr(dir, ':');
		len = end ? (int)(end - dir) : (int)strlen(dir);
		/* an empty entry is the current folder, as for the shell */
		if ((size_t)snprintf(out, size, "%.*s%s%s", len, dir, len ? "/" : "./", name) >= size)
			continue;
		if (stat(out, &st) == 0 && S_ISREG(st.st_mode) && access(out, X_OK) == 0)
			return 0;
	}
	out[0] = '\0';
	return -ENOENT;
}

/* Whether glibc can convert DOS code page 850, the one mtools uses by
 * default (a minimal initramfs may lack the gconv modules it loads). */
bool child_cp850(void)
{
	iconv_t from = iconv_open("WCHAR_T", "CP850"), to = iconv_open("CP850//TRANSLIT", "WCHAR_T");
	bool ok = from != (iconv_t)-1 && to != (iconv_t)-1;

	if (from != (iconv_t)-1)
		iconv_close(from);
	if (to != (iconv_t)-1)
		iconv_close(to);
	return ok;
}

/* The environment of a child: the fixed entries, PATH as stoat searched
 * it, GCONV_PATH when stoat has one, and mtools' code page: 850 (its
 * default) where glibc can convert it, else 367 (ASCII), which glibc
 * converts without modules and which holds every name stoat writes. */
struct child_envp {
	char *path, *gconv;		/* malloc'd entries */
	const char *env[8];
};

/* Fill ce; 0 or -ENOMEM. Free with child_env_free. */
static int child_env(struct child_envp *ce)
{
	const char *gconv = getenv("GCONV_PATH");
	size_t i, n = 0;

	memset(ce, 0, sizeof(*ce));
	if (asprintf(&ce->path, "PATH=%s", child_path()) < 0) {
		ce->path = NULL;
		return -ENOMEM;
	}
	if (gconv && *gconv && asprintf(&ce->gconv, "GCONV_PATH=%s", gconv) < 0) {
		ce->gconv = NULL;
		return -ENOMEM;
	}
	ce->env[n++] = ce->path;
	for (i = 0; i < sizeof(child_env_fixed) / sizeof(child_env_fixed[0]); i++)
		ce->env[n++] = child_env_fixed[i];
	ce->env[n++] = child_cp850() ? "DEFAULT_CODEPAGE=850" : "DEFAULT_CODEPAGE=367";
	if (ce->gconv)
		ce->env[n++] = ce->gconv;
	ce->env[n] = NULL;
	return 0;
}

/* Free what child_env allocated. */
static void child_env_free(struct child_envp *ce)
{
	free(ce->path);
	free(ce->gconv);
}

/* Start argv[0] with stdin/stdout piped as asked; stderr always piped. */
int child_start(char *const argv[], bool pipe_in, bool pipe_out,
		       struct child *c, struct stoat_err *e)
{
	int pin[2] = { -1, -1 }, pout[2] = { -1, -1 }, perr[2] = { -1, -1 }, rc;
	struct child_envp ce;
	char prog[4096];
	pid_t parent;

	c->pid = -1;
	c->in = c->out = c->err = -1;
	if (child_find_in(child_path(), argv[0], prog, sizeof(prog)) < 0)
		return err_set(e, ENOENT, _("cannot run %s: it is in no folder of PATH (%s)"), argv[0],
			       child_path());
	if (child_env(&ce) < 0) {
		child_env_free(&ce);
		return err_set(e, ENOMEM, _("out of memory"));
	}
	if ((pipe_in && pipe2(pin, O_CLOEXEC) < 0) || (pipe_out && pipe2(pout, O_CLOEXEC) < 0) ||
	    pipe2(perr, O_CLOEXEC) < 0)
		goto fail;
	parent = getpid();
	if ((c->pid = fork()) < 0)
		goto fail;
	if (c->pid == 0) {
		int nul = open("/dev/null", O_RDWR);

		/* Out of the terminal's process group (below), a hangup no
		 * longer reaches the child: it ends when stoat ends instead,
		 * however stoat ends (children are started from the main
		 * thread, whose end is what the kernel watches). */
		if (prctl(PR_SET_PDEATHSIG, SIGTERM) < 0 || getppid() != parent)
			_exit(127);

		dup2(pipe_in ? pin[0] : nul, 0);
		dup2(pipe_out ? pout[1] : nul, 1);
		dup2(perr[1], 2);
		signal(SIGPIPE, SIG_DFL);
		/* a Ctrl-C at the terminal is for stoat, which asks first and
		 * stops between steps: not for mkfs.fat or mcopy mid-write.
		 * mtools catches SIGINT even when it is ignored, so the child
		 * leaves the terminal's process group, which Ctrl-C signals. */
		signal(SIGINT, SIG_IGN);
		setpgid(0, 0);
		execve(prog, argv, (char *const *)ce.env);
		dprintf(2, "cannot run %s: %s\n", prog, strerror(errno));
		_exit(127);
	}
	child_env_free(&ce);
	setpgid(c->pid, c->pid);	/* also here: no Ctrl-C reaches it before its exec */
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
	child_env_free(&ce);
	for (int i = 0; i < 2; i++) {
		if (pin[i] >= 0) close(pin[i]);
		if (pout[i] >= 0) close(pout[i]);
		if (perr[i] >= 0) close(perr[i]);
	}
	return rc;
}

/* The last two lines of text (no trailing newline), joined by "; ": the
 * cause and what it stopped, as mtools reports ("Error converting to
 * codepage 850", then "Cannot initialize '::'"). Edits text in place. */
static char *child_last_lines(char *text)
{
	char *last = strrchr(text, '\n'), *prev;

	if (!last)
		return text;
	*last = '\0';
	prev = strrchr(text, '\n');
	prev = prev ? prev + 1 : text;
	if (!*prev || last - prev > 200) {
		*last = '\n';
		return last + 1;
	}
	*last = ';';
	memmove(last + 2, last + 1, strlen(last + 1) + 1);
	last[1] = ' ';
	return prev;
}

/* Wait for the child; on failure fill e with what (and the last lines it
 * wrote to stderr). */
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
		r = io_read_all(c->err, buf, sizeof(buf) - 2);	/* room for "; " */
	while (r == (ssize_t)sizeof(buf) - 2);
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
	line = child_last_lines(buf);
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
