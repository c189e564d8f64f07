/* child.h - run a helper program: fork/exec with a fixed environment
 * (PATH=/usr/sbin:/usr/bin:/sbin:/bin, LC_ALL=C, no user mtools config),
 * never through a shell, with its stderr kept for the error message. */
#ifndef STOAT_CHILD_H
#define STOAT_CHILD_H

#include <stdbool.h>
#include <stddef.h>
#include <sys/types.h>

#include "err.h"

/* A running child with optional pipes to its stdin and from its stdout. */
struct child {
	pid_t pid;
	int in, out, err;	/* our ends, -1 when not piped */
};

/* Start argv[0] (looked up in PATH) with stdin/stdout piped as asked;
 * stderr is always piped. */
int child_start(char *const argv[], bool pipe_in, bool pipe_out, struct child *c,
		struct stoat_err *e);

/* Close our ends, wait for the child; on failure fill e with what and the
 * last line it wrote to stderr. */
int child_finish(struct child *c, const char *what, struct stoat_err *e);

/* Run argv to its end with its standard output in out (NUL-terminated,
 * cut to size). */
int child_run(char *const argv[], char *out, size_t size, const char *what, struct stoat_err *e);

#endif
