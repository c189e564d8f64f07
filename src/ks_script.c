/* ks_script.c - run a kickstart %pre or %post script in the rescue Linux.
 *
 * The body goes to a private temporary file (mode 0700, removed after) that
 * the interpreter reads: busybox -> "busybox sh" when busybox is on PATH,
 * else /bin/sh; python -> python3, else python. The child gets its own
 * process group, stdin from /dev/null, stdout and stderr on a pipe whose
 * lines reach the caller's callback, no file descriptor of ours, and the
 * caller's environment plus STOAT_DISK, STOAT_MEDIA and STOAT_SECTION.
 * Nothing of the root password is in there: the kickstart reader keeps only
 * its hash, and that is not passed on. fork/exec, never system().
 *
 * A script that runs past its timeout (KS_SCRIPT_TIMEOUT without
 * --timeout=) has its whole process group killed. */
#include "config.h"

#include <errno.h>
#include <fcntl.h>
#include <poll.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <linux/cdrom.h>
#include <linux/major.h>
#include <sys/ioctl.h>
#include <sys/stat.h>
#include <sys/sysmacros.h>
#include <sys/wait.h>
#include <unistd.h>

#include "io.h"
#include "kickstart.h"
#include "nls.h"
#include "pace.h"

extern char **environ;

/* The section name, "%pre" or "%post". */
const char *ks_script_section(const struct ks_script *s)
{
	return s->when == KS_PRE ? "%pre" : s->when == KS_POST ? "%post" : "%firstboot";
}

/* Find an executable called name on PATH; 0 and out filled when found. */
static int ks_which(const char *name, char *out, size_t size)
{
	const char *path = getenv("PATH"), *p;
	size_t n;

	if (!path || !*path)
		path = "/usr/local/bin:/usr/bin:/bin:/usr/sbin:/sbin";
	for (p = path; *p; p += n + (p[n] == ':')) {
		n = strcspn(p, ":");
		if (!n)
			continue;
		snprintf(out, size, "%.*s/%s", (int)n, p, name);
		if (access(out, X_OK) == 0)
			return 0;
	}
	return -ENOENT;
}

/* The interpreter's argv (before the script file) for s. */
static int ks_interp(const struct ks_script *s, char *path, size_t size, const char **arg1,
		     struct stoat_err *e)
{
	*arg1 = NULL;
	if (!strcmp(s->interpreter, "python")) {
		if (ks_which("python3", path, size) == 0 || ks_which("python", path, size) == 0)
			return 0;
		return err_set(e, ENOENT, _("the %s script at %s needs python3 (or python), which is not on PATH"),
			       ks_script_section(s), s->where);
	}
	if (ks_which("busybox", path, size) == 0) {
		*arg1 = "sh";
		return 0;
	}
	snprintf(path, size, "/bin/sh");
	return 0;
}

/* Write the body to a private temporary file; its name goes to path. */
static int ks_tempfile(const struct ks_script *s, char *path, size_t size, struct stoat_err *e)
{
	const char *tmp = getenv("TMPDIR");
	size_t len = strlen(s->body);
	int fd, err;

	snprintf(path, size, "%s/stoat-script-XXXXXX", tmp && *tmp ? tmp : "/tmp");
	fd = mkostemp(path, O_CLOEXEC);
	if (fd < 0)
		return err_set(e, errno, _("cannot write the %s script at %s to a temporary file: %s"),
			       ks_script_section(s), s->where, strerror(errno));
	if (fchmod(fd, 0700) < 0)
		goto fail;
	if ((err = io_write_all(fd, s->body, len)) < 0) {
		errno = -err;
		goto fail;
	}
	if (close(fd) < 0) {
		fd = -1;
		goto fail;
	}
	return 0;
fail:
	err = errno;
	if (fd >= 0)
		close(fd);
	unlink(path);
	return err_set(e, err, _("cannot write the %s script at %s to a temporary file: %s"),
		       ks_script_section(s), s->where, strerror(err));
}

/* The environment for the child: ours without STOAT_DISK/MEDIA/SECTION,
 * then those three. malloc'd array of pointers into env and vars. */
static char **ks_env(char vars[3][4200], const struct ks_script *s, const char *disk,
		     const char *media)
{
	size_t n = 0, i;
	char **env;

	while (environ && environ[n])
		n++;
	env = calloc(n + 4, sizeof(*env));
	if (!env)
		return NULL;
	snprintf(vars[0], sizeof(vars[0]), "STOAT_DISK=%s", disk ? disk : "");
	snprintf(vars[1], sizeof(vars[1]), "STOAT_MEDIA=%s", media ? media : "");
	snprintf(vars[2], sizeof(vars[2]), "STOAT_SECTION=%s", ks_script_section(s) + 1);
	for (n = 0, i = 0; environ && environ[i]; i++)
		if (strncmp(environ[i], "STOAT_DISK=", 11) && strncmp(environ[i], "STOAT_MEDIA=", 12)
		    && strncmp(environ[i], "STOAT_SECTION=", 14))
			env[n++] = environ[i];
	env[n++] = vars[0];
	env[n++] = vars[1];
	env[n++] = vars[2];
	return env;
}

/* In the child: set up and exec; never returns. */
static void ks_child(int out, const char *interp, const char *arg1, const char *file,
		     char **env, long maxfd)
{
	const char *argv[4];
	int null = open("/dev/null", O_RDONLY), i = 0;
	long fd;

	setpgid(0, 0);
	signal(SIGINT, SIG_DFL);
	signal(SIGTERM, SIG_DFL);
	signal(SIGPIPE, SIG_DFL);
	if (null < 0 || dup2(null, 0) < 0 || dup2(out, 1) < 0 || dup2(out, 2) < 0)
		_exit(126);
	for (fd = 3; fd < maxfd; fd++)
		close((int)fd);
	argv[i++] = interp;
	if (arg1)
		argv[i++] = arg1;
	argv[i++] = file;
	argv[i] = NULL;
	execve(interp, (char *const *)argv, env);
	_exit(127);
}

/* Hand complete lines of buf (len bytes) to out; keep the rest. Control
 * characters other than tab become '?', so a script cannot drive the
 * terminal or the log. With flush, the rest is a line too. */
static size_t ks_lines(char *buf, size_t len, bool flush, const struct ks_script_io *io)
{
	size_t start = 0, i;

	for (i = 0; i < len; i++) {
		if (buf[i] == '\n' || (flush && i == len - 1) || i - start >= 1023) {
			size_t end = buf[i] == '\n' ? i : i + 1, k;

			for (k = start; k < end; k++)
				if (((unsigned char)buf[k] < 0x20 && buf[k] != '\t') || buf[k] == 0x7f)
					buf[k] = '?';
			if (io && io->line) {
				char line[1100];

				snprintf(line, sizeof(line), "%.*s", (int)(end - start), buf + start);
				io->line(io->ctx, line);
			}
			start = i + 1;
		}
	}
	memmove(buf, buf + start, len - start);
	return len - start;
}

/* Read the child's output until it exits (and its pipe is drained, for at
 * most a second after), the timeout or a cancel. */
static int ks_wait(pid_t pid, int fd, unsigned timeout, const struct ks_script_io *io,
		   int *status, bool *timed_out, bool *cancelled)
{
	double t0 = pace_now(), exited = 0;
	char buf[2048];
	size_t have = 0;
	bool done = false, eof = false;

	while (!(done && eof)) {
		struct pollfd p = { fd, POLLIN, 0 };
		ssize_t n;
		int r;

		if (!done && waitpid(pid, status, WNOHANG) == pid) {
			done = true;
			exited = pace_now();
		}
		if (done && pace_now() - exited > 1.0)
			break;		/* a background child keeps the pipe */
		if (!done && pace_now() - t0 >= timeout) {
			*timed_out = true;
			break;
		}
		if (!done && io && io->cancelled && io->cancelled(io->ctx)) {
			*cancelled = true;
			break;
		}
		if (eof) {
			usleep(20000);
			continue;
		}
		r = poll(&p, 1, 100);
		if (r < 0 && errno != EINTR)
			return -errno;
		if (r <= 0)
			continue;
		/* One read of what the pipe holds now, not io_read_all: that
		 * would wait for a full buffer or the end, and the lines must
		 * reach the caller as they come, with the timeout and cancel
		 * checked in between. */
		n = read(fd, buf + have, sizeof(buf) - have);
		if (n < 0 && errno == EINTR)
			continue;
		if (n <= 0) {
			eof = true;
			continue;
		}
		have = ks_lines(buf, have + (size_t)n, false, io);
	}
	if (have)
		ks_lines(buf, have, true, io);
	if (!done) {
		kill(-pid, SIGKILL);
		kill(pid, SIGKILL);
		waitpid(pid, status, 0);
	}
	return 0;
}

/* Run one %pre or %post script; 0 when it exited 0. */
int ks_script_run(const struct ks_script *s, const char *disk, const char *media,
		  const struct ks_script_io *io, struct stoat_err *e)
{
	char interp[4096], file[4096], vars[3][4200], **env = NULL;
	const char *sec = ks_script_section(s), *arg1;
	unsigned timeout = s->timeout ? s->timeout : KS_SCRIPT_TIMEOUT;
	bool timed_out = false, cancelled = false;
	int pfd[2] = { -1, -1 }, status = 0, rc;
	long maxfd = sysconf(_SC_OPEN_MAX);
	pid_t pid;

	if (maxfd < 0 || maxfd > 65536)
		maxfd = 65536;
	if ((rc = ks_interp(s, interp, sizeof(interp), &arg1, e)) < 0)
		return rc;
	if ((rc = ks_tempfile(s, file, sizeof(file), e)) < 0)
		return rc;
	env = ks_env(vars, s, disk, media);
	if (!env || pipe2(pfd, O_CLOEXEC) < 0) {
		rc = err_set(e, env ? errno : ENOMEM, _("cannot start the %s script at %s: %s"), sec,
			     s->where, strerror(env ? errno : ENOMEM));
		goto out;
	}
	fflush(NULL);
	pid = fork();
	if (pid < 0) {
		rc = err_set(e, errno, _("cannot start the %s script at %s: %s"), sec, s->where,
			     strerror(errno));
		goto out;
	}
	if (pid == 0)
		ks_child(pfd[1], interp, arg1, file, env, maxfd);
	setpgid(pid, pid);	/* also here, so kill(-pid) works at once */
	close(pfd[1]);
	pfd[1] = -1;
	rc = ks_wait(pid, pfd[0], timeout, io, &status, &timed_out, &cancelled);
	if (rc < 0)
		rc = err_set(e, -rc, _("cannot read the output of the %s script at %s: %s"), sec,
			     s->where, strerror(-rc));
	else if (cancelled)
		rc = err_set(e, ECANCELED, _("the %s script at %s was stopped: the installation was cancelled"),
			     sec, s->where);
	else if (timed_out)
		rc = err_set(e, ETIMEDOUT, _("the %s script at %s did not finish within %u seconds and was killed"),
			     sec, s->where, timeout);
	else if (WIFSIGNALED(status))
		rc = err_set(e, EINTR, _("the %s script at %s was killed by signal %d (%s)"), sec,
			     s->where, WTERMSIG(status), strsignal(WTERMSIG(status)));
	else if (WIFEXITED(status) && WEXITSTATUS(status) == 127)
		rc = err_set(e, ENOEXEC, _("the %s script at %s could not be started (exit status 127: %s not found?)"),
			     sec, s->where, interp);
	else if (WIFEXITED(status) && WEXITSTATUS(status))
		rc = err_set(e, EIO, _("the %s script at %s failed with exit status %d"), sec,
			     s->where, WEXITSTATUS(status));
out:
	if (pfd[0] >= 0)
		close(pfd[0]);
	if (pfd[1] >= 0)
		close(pfd[1]);
	free(env);
	unlink(file);
	return rc;
}

/* True when path is an optical drive: a SCSI CD-ROM (major 11, what libata
 * and USB drives are), or another block device that answers
 * CDROM_GET_CAPABILITY. */
bool ks_media_optical(const char *path)
{
	struct stat st;
	int fd, r;

	if (!path || stat(path, &st) < 0 || !S_ISBLK(st.st_mode))
		return false;
	if (major(st.st_rdev) == SCSI_CDROM_MAJOR)
		return true;
	fd = open(path, O_RDONLY | O_NONBLOCK | O_CLOEXEC);
	if (fd < 0)
		return false;
	r = ioctl(fd, CDROM_GET_CAPABILITY, 0);
	close(fd);
	return r >= 0;
}

/* Eject the optical drive at path (CDROMEJECT). */
int ks_media_eject(const char *path, struct stoat_err *e)
{
	int fd = open(path, O_RDONLY | O_NONBLOCK | O_CLOEXEC), err;

	if (fd < 0)
		return err_set(e, errno, _("cannot eject %s: %s"), path, strerror(errno));
	if (ioctl(fd, CDROMEJECT, 0) < 0) {
		err = errno;
		close(fd);
		return err_set(e, err, _("cannot eject %s: %s"), path, strerror(err));
	}
	close(fd);
	return 0;
}

/* What a successful unattended install does at its end (see kickstart.h). */
void ks_end_plan(const struct kickstart *ks, bool no_reboot, bool stdin_tty,
		 const char *media, struct ks_end *out)
{
	memset(out, 0, sizeof(*out));
	if (ks->reboot && !no_reboot) {
		out->kind = KS_END_REBOOT;
		out->eject = !ks->noeject && ks_media_optical(media);
		if (out->eject)
			snprintf(out->eject_path, sizeof(out->eject_path), "%s", media);
	} else if (!ks->reboot && stdin_tty) {
		out->kind = KS_END_WAIT;
	} else {
		out->kind = KS_END_EXIT;
	}
}
