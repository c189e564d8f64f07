/* lang.c - the languages stoat speaks: catalog folder, current language,
 * switching at run time.
 *
 * gettext picks the language from LANGUAGE (unless the locale is "C"),
 * else from the LC_MESSAGES locale. A rescue Linux often has no locale
 * but C.UTF-8 generated, so a language is switched on by LANGUAGE with a
 * C.UTF-8 locale underneath when the environment's own locale is missing. */
#include "config.h"

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

/* English first: it is the msgids, needs no catalog, and is the fallback. */
static const struct lang lang_list[] = {
	{ "en", "English", "English", false },
	{ "ja", "日本語", "Japanese", true },
	{ "it", "Italiano", "Italian", false },
};

#define N_LANGS (sizeof(lang_list) / sizeof(lang_list[0]))

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
	const char *env = getenv("STOAT_LOCALEDIR");
	char beside[PATH_MAX + 8];
	const char *want;

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
	if (is_c_locale(LC_MESSAGES) && want && lang_find(want) &&
	    strcmp(lang_find(want)->code, "en") && lang_available(lang_find(want)))
		lang_use(want, NULL);
}

/* The folder lang_init chose. */
const char *lang_dir(void)
{
	return bindtextdomain(PACKAGE, NULL);
}

/* Every language stoat knows, English first. */
const struct lang *lang_table(size_t *n)
{
	*n = N_LANGS;
	return lang_list;
}

/* The entry for a code or locale name, or NULL. */
const struct lang *lang_find(const char *code)
{
	size_t i, len;

	if (!code)
		return NULL;
	for (i = 0; i < N_LANGS; i++) {
		len = strlen(lang_list[i].code);
		if (!strncmp(code, lang_list[i].code, len) &&
		    strchr("_.@", code[len]) != NULL)	/* also matches '\0' */
			return &lang_list[i];
	}
	return NULL;
}

/* True when the language can be shown: English, or its catalog exists. */
bool lang_available(const struct lang *l)
{
	char path[PATH_MAX];

	if (!strcmp(l->code, "en"))
		return true;
	snprintf(path, sizeof(path), "%s/%s/LC_MESSAGES/%s.mo", lang_dir(), l->code, PACKAGE);
	return access(path, R_OK) == 0;
}

/* The language messages come out in now. */
const struct lang *lang_current(void)
{
	const char *list = getenv("LANGUAGE");
	const struct lang *l;

	if (is_c_locale(LC_MESSAGES))
		return &lang_list[0];
	if (list && *list) {
		/* gettext takes the first entry that has a catalog. */
		while (*list) {
			size_t len = strcspn(list, ":");
			char item[64];

			snprintf(item, sizeof(item), "%.*s", (int)(len < 63 ? len : 63), list);
			l = lang_find(item);
			if (l && strcmp(l->code, "en") && lang_available(l))
				return l;
			list += len + (list[len] == ':');
		}
		return &lang_list[0];
	}
	l = lang_find(setlocale(LC_MESSAGES, NULL));
	return l && lang_available(l) ? l : &lang_list[0];
}

/* True when the character set of the locale is UTF-8. */
bool lang_utf8(void)
{
	const char *cs = nl_langinfo(CODESET);

	return cs && !strcmp(cs, "UTF-8");
}

/* Make messages come out in this language from now on. */
int lang_use(const char *code, struct stoat_err *e)
{
	const struct lang *l = lang_find(code);

	if (!l)
		return err_set(e, EINVAL, _("the language '%s' is not known; choose en, ja or it"), code);
	if (!lang_available(l))
		return err_set(e, ENOENT, _("the %s translation is not installed (looked in %s)"),
			       l->english, lang_dir());
	if (strcmp(l->code, "en")) {
		/* Translations are UTF-8: the locale must be, too. */
		if (!lang_utf8() && !setlocale(LC_CTYPE, "C.UTF-8"))
			return err_set(e, ENOENT, _("no UTF-8 locale is available to show %s (not even C.UTF-8)"),
				       l->english);
		if (is_c_locale(LC_MESSAGES))
			setlocale(LC_MESSAGES, "C.UTF-8");
	}
	if (setenv("LANGUAGE", l->code, 1) < 0)
		return err_set(e, errno, _("cannot set LANGUAGE: %s"), strerror(errno));
	/* Calling textdomain again is gettext's signal to drop the
	 * translations looked up so far. */
	textdomain(PACKAGE);
	return 0;
}
