/* lang.h - the languages stoat speaks: where the catalogs are, which one
 * is in use, and switching at run time (the wizard's language list and
 * --lang). No curses here; the wizard decides what a terminal can draw. */
#ifndef STOAT_LANG_H
#define STOAT_LANG_H

#include <stdbool.h>
#include <stddef.h>

#include "err.h"

struct lang {
	const char *code;	/* gettext language code: "ja" */
	const char *native;	/* the language named in itself: "日本語" */
	const char *english;	/* ASCII name for terminals that cannot draw it */
	bool wide;		/* needs a font with CJK glyphs */
};

/* Bind the text domain to the first catalog folder that exists:
 * $STOAT_LOCALEDIR, the "locale" folder beside the running program (a
 * build tree), or the configured LOCALEDIR. Call once after setlocale. */
void lang_init(void);
/* The folder lang_init chose. */
const char *lang_dir(void);
/* Every language stoat knows, English first; n gets the count. */
const struct lang *lang_table(size_t *n);
/* The entry for a code ("ja", "ja_JP.UTF-8" and "ja_JP" all match), or
 * NULL when stoat does not know the language. */
const struct lang *lang_find(const char *code);
/* True when the language can be shown: English, or its catalog exists. */
bool lang_available(const struct lang *l);
/* The language messages come out in now (as gettext picks it: LANGUAGE,
 * then LC_ALL, LC_MESSAGES, LANG); English when nothing else applies. */
const struct lang *lang_current(void);
/* True when the character set of the locale is UTF-8. */
bool lang_utf8(void);
/* Make messages come out in this language from now on: sets LANGUAGE,
 * moves a "C" locale to C.UTF-8 so gettext honours it, and drops the
 * translations already looked up. 0, or -errno with e filled (unknown
 * code, no catalog, no UTF-8 locale for a language that needs one). */
int lang_use(const char *code, struct stoat_err *e);

#endif
