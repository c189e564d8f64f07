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

/* clang-tidy's analyzer sees one file at a time, so it does not know that
 * err_set always returns a negative number; it follows every
 * "return err_set(...)" as a success as well, into code that uses what a
 * success fills (a NULL array in gpt.c, an unset field in disk.c, ...).
 * State the contract where it can see it. Only the analyzer defines
 * __clang_analyzer__: the compiled code calls err_set as declared. */
#ifdef __clang_analyzer__
#define err_set(...) __extension__({					\
		int err_set_rc_ = (err_set)(__VA_ARGS__);		\
		if (err_set_rc_ >= 0)					\
			__builtin_unreachable();			\
		err_set_rc_;						\
	})
#endif

/* Prefix the message already in e with "what: ", keeping the code. */
int err_prefix(struct stoat_err *e, const char *fmt, ...)
	__attribute__((format(printf, 2, 3)));

#endif
