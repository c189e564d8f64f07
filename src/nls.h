/* nls.h - gettext shorthands shared by src/ and ui/. */
#ifndef STOAT_NLS_H
#define STOAT_NLS_H

#include <libintl.h>
#include <locale.h>

#define _(s) gettext(s)
#define N_(s) (s)
#define P_(singular, plural, n) ngettext((singular), (plural), (n))

#endif
