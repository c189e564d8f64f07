/* lang.c - the languages stoat speaks: catalog folder, current language,
 * switching at run time.
 *
 * gettext picks the language from LANGUAGE (unless the locale is "C"),
 * else from the LC_MESSAGES locale. A rescue Linux often has no locale
 * but C.UTF-8 generated, so a language is switched on by LANGUAGE with a
 * C.UTF-8 locale underneath when the environment's own locale is missing. */
#include "config.h"

#include <ctype.h>
#include <dirent.h>
#include <errno.h>
#include <langinfo.h>
#include <limits.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "lang.h"
#include "nls.h"

/* Names for the languages stoat has or is likely to get, and the decimal
 * mark each writes numbers with (as its CLDR locale data says). A catalog
 * of a language missing here still works, listed by its code. English is
 * the msgids: it needs no catalog and is the fallback. */
static const struct lang lang_names[] = {
	{ "en", "English", "English", false, "." },
	{ "ja", "日本語", "Japanese", true, "." },
	{ "it", "Italiano", "Italian", false, "," },
	{ "de", "Deutsch", "German", false, "," },
	{ "es", "Español", "Spanish", false, "," },
	{ "fr", "Français", "French", false, "," },
	{ "ko", "한국어", "Korean", true, "." },
	{ "pt_BR", "Português do Brasil", "Brazilian Portuguese", false, "," },
	{ "ru", "Русский", "Russian", false, "," },
	{ "zh_CN", "简体中文", "Simplified Chinese", true, "." },
	{ "zh_TW", "繁體中文", "Traditional Chinese", true, "." },
};

#define N_NAMES (sizeof(lang_names) / sizeof(lang_names[0]))

/* True when path is a folder. */
static bool is_dir(const char *path)
{
	struct stat st;

	return stat(path, &st) == 0 && S_ISDIR(st.st_mode);
}

/* The "locale" folder beside the running program into buf, or "". */
static void exe_localedir(char *buf, size_t size)
{
	char exe[PATH_MAX];
	ssize_t n = readlink("/proc/self/exe", exe, sizeof(exe) - 1);
	char *slash;

	buf[0] = '\0';
	if (n <= 0)
		return;
	exe[n] = '\0';
	slash = strrchr(exe, '/');
	if (!slash)
		return;
	*slash = '\0';
	snprintf(buf, size, "%s/locale", exe);
	if (!is_dir(buf))
		buf[0] = '\0';
}

/* True when a locale category is the plain C locale. */
static bool is_c_locale(int category)
{
	const char *name = setlocale(category, NULL);

	return !name || !strcmp(name, "C") || !strcmp(name, "POSIX");
}

/* True when lang_dir() holds a catalog for exactly this code. */
static bool has_catalog(const char *code)
{
	char path[PATH_MAX];

	if (!*code || strchr(code, '/') || code[0] == '.')
		return false;
	snprintf(path, sizeof(path), "%s/%s/LC_MESSAGES/%s.mo", lang_dir(), code, PACKAGE);
	return access(path, R_OK) == 0;
}

/* The catalog code for a language or locale name, as gettext looks it
 * up ("ja_JP.UTF-8" -> "ja_JP", else "ja"); "en" for English, C and
 * POSIX; "" when there is no catalog. */
static void lang_resolve(const char *name, char *code, size_t size)
{
	char c[sizeof(((struct lang *)0)->code)];

	snprintf(c, sizeof(c), "%.*s", (int)strcspn(name, ".@"), name);
	if (!strcmp(c, "C") || !strcmp(c, "POSIX") || !strncmp(c, "en", 2)) {
		snprintf(code, size, "en");
		return;
	}
	if (has_catalog(c)) {
		snprintf(code, size, "%s", c);
		return;
	}
	c[strcspn(c, "_")] = '\0';
	snprintf(code, size, "%s", has_catalog(c) ? c : "");
}

/* The language the environment asks for when its locale does not exist. */
static const char *env_language(void)
{
	static const char *const vars[] = { "LC_ALL", "LC_MESSAGES", "LANG" };
	size_t i;

	for (i = 0; i < sizeof(vars) / sizeof(vars[0]); i++) {
		const char *v = getenv(vars[i]);

		if (v && *v)
			return v;
	}
	return NULL;
}

/* Bind the text domain to the first catalog folder that exists. */
void lang_init(void)
{
	const char *env = getenv("STOAT_LOCALEDIR"), *want;
	char beside[PATH_MAX + 8], code[16];

	exe_localedir(beside, sizeof(beside));
	if (env && *env)
		bindtextdomain(PACKAGE, env);
	else if (beside[0])
		bindtextdomain(PACKAGE, beside);
	else
		bindtextdomain(PACKAGE, LOCALEDIR);
	textdomain(PACKAGE);

	/* LANG=ja_JP.UTF-8 where that locale was never generated: setlocale
	 * fell back to C and gettext would ignore the request. Honour it
	 * through C.UTF-8 when stoat has the catalog. */
	want = env_language();
	if (!is_c_locale(LC_MESSAGES) || !want)
		return;
	lang_resolve(want, code, sizeof(code));
	if (*code && strcmp(code, "en"))
		lang_use(code, NULL);
}

/* The folder lang_init chose. */
const char *lang_dir(void)
{
	return bindtextdomain(PACKAGE, NULL);
}

/* The decimal mark of a language stoat has no entry for: its own locale's,
 * when the system has that locale, else ".". */
static void lang_locale_mark(const char *code, char *buf, size_t size)
{
	char name[64];
	locale_t loc;
	const char *r;
	size_t i, len;

	snprintf(buf, size, ".");
	/* "pt_BR" as it is, "de" as "de_DE" */
	len = (size_t)snprintf(name, sizeof(name), "%s", code);
	if (!strchr(code, '_') && len < 8) {
		name[len] = '_';
		for (i = 0; i < len; i++)
			name[len + 1 + i] = (char)toupper((unsigned char)code[i]);
		name[2 * len + 1] = '\0';
	}
	snprintf(name + strlen(name), sizeof(name) - strlen(name), ".UTF-8");
	loc = newlocale(LC_NUMERIC_MASK, name, (locale_t)0);
	if (loc == (locale_t)0)
		return;
	r = nl_langinfo_l(RADIXCHAR, loc);
	if (r && *r)
		snprintf(buf, size, "%s", r);
	freelocale(loc);
}

/* Describe a code: the names table, else the code itself. */
void lang_describe(const char *code, struct lang *out)
{
	size_t i;

	memset(out, 0, sizeof(*out));
	snprintf(out->code, sizeof(out->code), "%s", code);
	for (i = 0; i < N_NAMES; i++)
		if (!strcmp(lang_names[i].code, code)) {
			*out = lang_names[i];
			return;
		}
	/* "zh_HK" when only "zh_CN" is named: the family's font needs. */
	for (i = 0; i < N_NAMES; i++)
		if (!strncmp(lang_names[i].code, code, 2))
			out->wide = lang_names[i].wide;
	snprintf(out->native, sizeof(out->native), "%s", code);
	snprintf(out->english, sizeof(out->english), "%s", code);
	lang_locale_mark(code, out->decimal, sizeof(out->decimal));
}

/* Order languages by code. */
static int lang_cmp(const void *a, const void *b)
{
	return strcmp(((const struct lang *)a)->code, ((const struct lang *)b)->code);
}

/* English, then every language with a catalog, by code. */
size_t lang_list(struct lang *v, size_t max)
{
	DIR *d;
	struct dirent *de;
	size_t n = 0;

	if (max == 0)
		return 0;
	lang_describe("en", &v[n++]);
	d = opendir(lang_dir());
	if (!d)
		return n;
	while ((de = readdir(d)) && n < max)
		if (strcmp(de->d_name, "en") && strlen(de->d_name) < sizeof(v->code) &&
		    has_catalog(de->d_name))
			lang_describe(de->d_name, &v[n++]);
	closedir(d);
	qsort(v + 1, n - 1, sizeof(*v), lang_cmp);
	return n;
}

/* The language messages come out in now. */
void lang_current(struct lang *out)
{
	const char *list = getenv("LANGUAGE");
	char code[16];

	lang_describe("en", out);
	if (is_c_locale(LC_MESSAGES))
		return;
	if (list && *list) {
		/* gettext takes the first entry that has a catalog. */
		while (*list) {
			size_t len = strcspn(list, ":");
			char item[64];

			snprintf(item, sizeof(item), "%.*s", (int)(len < 63 ? len : 63), list);
			lang_resolve(item, code, sizeof(code));
			if (!strcmp(code, "en"))
				return;	/* no catalog: the msgids */
			if (*code) {
				lang_describe(code, out);
				return;
			}
			list += len + (list[len] == ':');
		}
		return;
	}
	lang_resolve(setlocale(LC_MESSAGES, NULL), code, sizeof(code));
	if (*code)
		lang_describe(code, out);
}

/* True when the character set of the locale is UTF-8. */
bool lang_utf8(void)
{
	const char *cs = nl_langinfo(CODESET);

	return cs && !strcmp(cs, "UTF-8");
}

/* The decimal mark of the language messages come out in now. */
void lang_decimal_mark(char *buf, size_t size)
{
	struct lang l;

	lang_current(&l);
	snprintf(buf, size, "%s", l.decimal[0] ? l.decimal : ".");
}

/* v with decimals digits after the mark: printf's digits, its decimal
 * point (LC_NUMERIC's) replaced by mark. */
void lang_format_number(double v, int decimals, const char *mark, char *buf, size_t size)
{
	const char *point = localeconv()->decimal_point;
	char num[64], m[8], *at;

	if (!size)
		return;
	if (!mark) {
		lang_decimal_mark(m, sizeof(m));
		mark = m;
	}
	snprintf(num, sizeof(num), "%.*f", decimals, v);
	at = point && *point ? strstr(num, point) : NULL;
	if (!at) {
		snprintf(buf, size, "%s", num);
		return;
	}
	snprintf(buf, size, "%.*s%s%s", (int)(at - num), num, mark, at + strlen(point));
}

/* Make messages come out in this language from now on. */
int lang_use(const char *name, struct stoat_err *e)
{
	char code[16];

	lang_resolve(name, code, sizeof(code));
	if (!*code) {
		struct lang v[LANG_MAX];
		char have[LANG_MAX * 18] = "";
		size_t i, n = lang_list(v, LANG_MAX);

		for (i = 0; i < n; i++)
			snprintf(have + strlen(have), sizeof(have) - strlen(have), "%s%s",
				 i ? ", " : "", v[i].code);
		return err_set(e, EINVAL, _("there is no '%s' translation; the languages here are %s"),
			       name, have);
	}
	if (strcmp(code, "en")) {
		/* Translations are UTF-8: the locale must be, too. */
		if (!lang_utf8() && !setlocale(LC_CTYPE, "C.UTF-8"))
			return err_set(e, ENOENT, _("no UTF-8 locale is available to show '%s' (not even C.UTF-8)"),
				       code);
		if (is_c_locale(LC_MESSAGES))
			setlocale(LC_MESSAGES, "C.UTF-8");
	}
	if (setenv("LANGUAGE", code, 1) < 0)
		return err_set(e, errno, _("cannot set LANGUAGE: %s"), strerror(errno));
	/* Calling textdomain again is gettext's signal to drop the
	 * translations looked up so far. */
	textdomain(PACKAGE);
	return 0;
}

/* v formatted as lang_format_number does with the current mark. */
struct lang_num lang_num(double v, int decimals)
{
	struct lang_num n = { "" };

	lang_format_number(v, decimals, NULL, n.s, sizeof(n.s));
	return n;
}
