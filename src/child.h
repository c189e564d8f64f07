/* child.h - run a helper program: looked up in PATH (child_path), fork/exec
 * with a fixed environment (that PATH, LC_ALL=C, no user mtools config,
 * mtools' code page), never through a shell, with its stderr kept for the
 * error message. Nothing here needs /dev/fd or /dev/stdin. */
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

/* Where programs are looked up when PATH is unset or empty. */
#define CHILD_DEFAULT_PATH "/usr/sbin:/usr/bin:/sbin:/bin"

/* The folders programs are looked up in: PATH, else CHILD_DEFAULT_PATH. */
const char *child_path(void);

/* Look name up in the ':'-separated folders of path (a name with a '/' is
 * taken as it is): 0 with the program's path in out, -ENOENT when no
 * folder holds an executable file of that name. */
int child_find_in(const char *path, const char *name, char *out, size_t size);

/* Whether glibc here converts DOS code page 850 (its gconv modules are
 * present). When not, children run mtools with code page 367 (ASCII). */
bool child_cp850(void);

/* Start argv[0] (looked up in child_path()) with stdin/stdout piped as asked;
 * stderr is always piped. */
int child_start(char *const argv[], bool pipe_in, bool pipe_out, struct child *c,
		struct stoat_err *e);

/* Close our ends, wait for the child; on failure fill e with what and the
 * last two lines it wrote to stderr. */
int child_finish(struct child *c, const char *what, struct stoat_err *e);

/* Run argv to its end with its standard output in out (NUL-terminated,
 * cut to size). */
int child_run(char *const argv[], char *out, size_t size, const char *what, struct stoat_err *e);

#endif
