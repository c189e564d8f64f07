/* sbuf.h - a growing byte buffer, kept NUL-terminated, for text and small
 * files built in memory (firstboot.json and onetime.tgz, the --dry-run
 * text, files read back from a bootbank).
 *
 * Running out of memory is sticky: oom is set, later appends do nothing,
 * and the caller checks oom once at the end. Start from { 0 }; free(p). */
#ifndef STOAT_SBUF_H
#define STOAT_SBUF_H

#include <stdbool.h>
#include <stddef.h>

struct sbuf {
	char *p;		/* NULL until something is added */
	size_t len, cap;
	bool oom;
};

/* Append n bytes of s. */
void sbuf_add(struct sbuf *b, const void *s, size_t n);

/* Append formatted text. */
void sbuf_printf(struct sbuf *b, const char *fmt, ...)
	__attribute__((format(printf, 2, 3)));

#endif
