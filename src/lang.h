/* lang.h - the languages stoat speaks: where the catalogs are, which one
 * is in use, and switching at run time (the wizard's language list and
 * --lang). No curses here; the wizard decides what a terminal can draw. */
#ifndef STOAT_LANG_H
#define STOAT_LANG_H

#include <stdbool.h>
#include <stddef.h>

#include "err.h"

struct lang {
	char code[16];		/* gettext language code: "ja", "pt_BR" */
	char native[48];	/* the language named in itself: "日本語" */
	char english[48];	/* its English name, for a font without it */
	bool wide;		/* needs a font with CJK glyphs */
	char decimal[8];	/* its decimal mark: "." or "," */
};

#define LANG_MAX 32

/* Bind the text domain to the first catalog folder that exists:
 * $STOAT_LOCALEDIR, the "locale" folder beside the running program (a
 * build tree), or the configured LOCALEDIR. Call once after setlocale. */
void lang_init(void);
/* The folder lang_init chose. */
const char *lang_dir(void);
/* The languages that can be chosen: English, then every language with a
 * catalog in lang_dir(), by code. Adding a language is adding its .po:
 * one stoat has no name for is listed by its code. Returns the count. */
size_t lang_list(struct lang *v, size_t max);
/* Describe a code ("ja", "ja_JP.UTF-8", "ja_JP": the language part is
 * kept, "pt_BR" stays whole when that catalog exists). */
void lang_describe(const char *code, struct lang *out);
/* The language messages come out in now (as gettext picks it: LANGUAGE,
 * then LC_ALL, LC_MESSAGES, LANG); English when nothing else applies. */
void lang_current(struct lang *out);
/* True when the character set of the locale is UTF-8. */
bool lang_utf8(void);
/* Make messages come out in this language from now on: sets LANGUAGE,
 * moves a "C" locale to C.UTF-8 so gettext honours it, and drops the
 * translations already looked up. 0, or -errno with e filled (no such
 * catalog, no UTF-8 locale for a language that needs one). */
int lang_use(const char *code, struct stoat_err *e);

/* The decimal mark of the language messages come out in now (its
 * convention, not LC_NUMERIC: the language can be switched at run time,
 * and a rescue Linux has no locale for it). */
void lang_decimal_mark(char *buf, size_t size);
/* v with decimals digits after mark (NULL: lang_decimal_mark()), whatever
 * LC_NUMERIC says: "40,00" in Italian, "40.00" in English and Japanese. */
void lang_format_number(double v, int decimals, const char *mark, char *buf, size_t size);

#endif
