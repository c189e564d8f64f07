/* tap.h - a minimal TAP producer for the unit tests.
 *
 * ok(cond, fmt, ...) prints one test point; is_str/is_u64 show both values
 * on failure. Call tap_done() last: it prints the plan and returns the exit
 * status. */
#ifndef STOAT_TAP_H
#define STOAT_TAP_H

#include <inttypes.h>
#include <stdarg.h>
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

static unsigned tap_n, tap_failed;

static inline bool tap_vok(bool cond, const char *fmt, va_list ap)
{
	printf("%s %u - ", cond ? "ok" : "not ok", ++tap_n);
	vprintf(fmt, ap);
	putchar('\n');
	if (!cond)
		tap_failed++;
	fflush(stdout);
	return cond;
}

static inline __attribute__((format(printf, 2, 3)))
bool ok(bool cond, const char *fmt, ...)
{
	va_list ap;
	bool r;

	va_start(ap, fmt);
	r = tap_vok(cond, fmt, ap);
	va_end(ap);
	return r;
}

static inline __attribute__((format(printf, 3, 4)))
bool is_str(const char *got, const char *want, const char *fmt, ...)
{
	bool cond = got && want ? !strcmp(got, want) : got == want;
	va_list ap;

	va_start(ap, fmt);
	tap_vok(cond, fmt, ap);
	va_end(ap);
	if (!cond)
		printf("#   got:  '%s'\n#   want: '%s'\n", got ? got : "(null)",
		       want ? want : "(null)");
	return cond;
}

static inline __attribute__((format(printf, 3, 4)))
bool is_u64(uint64_t got, uint64_t want, const char *fmt, ...)
{
	va_list ap;

	va_start(ap, fmt);
	tap_vok(got == want, fmt, ap);
	va_end(ap);
	if (got != want)
		printf("#   got:  %" PRIu64 "\n#   want: %" PRIu64 "\n", got, want);
	return got == want;
}

static inline void skip(const char *why)
{
	printf("ok %u # SKIP %s\n", ++tap_n, why);
}

/* Run a shell command built like printf; its exit status. */
static inline __attribute__((format(printf, 1, 2)))
int tap_sh(const char *fmt, ...)
{
	char cmd[4096];
	va_list ap;

	va_start(ap, fmt);
	vsnprintf(cmd, sizeof(cmd), fmt, ap);
	va_end(ap);
	fflush(stdout);
	return system(cmd);
}

static inline int tap_done(void)
{
	printf("1..%u\n", tap_n);
	return tap_failed ? 1 : 0;
}

#endif
