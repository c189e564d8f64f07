/* err.h - the error struct every backend call fills on failure.
 *
 * Backend functions return 0 on success or a negative errno and leave a
 * message a person can act on in struct stoat_err. They never print. */
#ifndef STOAT_ERR_H
#define STOAT_ERR_H

struct stoat_err {
	int code;		/* positive errno, 0 when unset */
	char msg[512];		/* one line, translated, no trailing newline */
};

/* Fill e (if not NULL) and return -code (code is a positive errno). */
int err_set(struct stoat_err *e, int code, const char *fmt, ...)
	__attribute__((format(printf, 3, 4)));

/* Prefix the message already in e with "what: ", keeping the code. */
int err_prefix(struct stoat_err *e, const char *fmt, ...)
	__attribute__((format(printf, 2, 3)));

#endif
