/* bootcfg.c - parse and write ESXi boot.cfg, edit kernelopt. */
#include "config.h"

#include <ctype.h>
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "bootcfg.h"
#include "nls.h"

/* Copy s[0..n) into dst (size bytes) with surrounding blanks removed;
 * -ENAMETOOLONG when it does not fit. */
static int copy_trimmed(char *dst, size_t size, const char *s, size_t n)
{
	while (n && isspace((unsigned char)*s)) {
		s++;
		n--;
	}
	while (n && isspace((unsigned char)s[n - 1]))
		n--;
	if (n >= size)
		return -ENAMETOOLONG;
	memcpy(dst, s, n);
	dst[n] = '\0';
	return 0;
}

/* Split a modules= value at "---" separators into b->modules. */
static int parse_modules(struct bootcfg *b, const char *v, size_t n,
			 unsigned lineno, struct stoat_err *e)
{
	const char *end = v + n;

	b->n_modules = 0;
	while (v < end) {
		const char *sep = NULL, *p;
		size_t len;

		for (p = v; p + 3 <= end; p++)
			if (!memcmp(p, "---", 3)) {
				sep = p;
				break;
			}
		len = (size_t)((sep ? sep : end) - v);
		if (b->n_modules == BOOTCFG_MAX_MODULES)
			return err_set(e, EINVAL, _("boot.cfg line %u lists more than %d modules"),
				       lineno, BOOTCFG_MAX_MODULES);
		if (copy_trimmed(b->modules[b->n_modules], BOOTCFG_NAME_MAX, v, len) < 0)
			return err_set(e, EINVAL, _("boot.cfg line %u has a module name longer than %d characters"),
				       lineno, BOOTCFG_NAME_MAX - 1);
		/* An empty entry (a leading, doubled or trailing "---") is
		 * skipped, as mboot's list walker skips it. */
		if (b->modules[b->n_modules][0])
			b->n_modules++;
		v = sep ? sep + 3 : end;
	}
	return 0;
}

/* Parse a small decimal value of key=value as VMware's loader does: an
 * empty value is 0, a '-' may lead, anything else but digits is wrong. */
static int parse_int(const char *v, size_t n, int *out)
{
	char buf[16];
	char *end;
	long x;

	if (copy_trimmed(buf, sizeof(buf), v, n) < 0)
		return -EINVAL;
	if (!buf[0]) {
		*out = 0;
		return 0;
	}
	if (!isdigit((unsigned char)buf[buf[0] == '-']))
		return -EINVAL;
	x = strtol(buf, &end, 10);
	if (*end || x < -1000000 || x > 1000000)
		return -EINVAL;
	*out = (int)x;
	return 0;
}

/* The string fields of struct bootcfg, by key. */
static char *str_field(struct bootcfg *b, const char *key, size_t klen, size_t *size)
{
	static const struct {
		const char *key;
		size_t off, size;
	} fields[] = {
		{ "title", offsetof(struct bootcfg, title), sizeof(((struct bootcfg *)0)->title) },
		{ "prefix", offsetof(struct bootcfg, prefix), sizeof(((struct bootcfg *)0)->prefix) },
		{ "kernel", offsetof(struct bootcfg, kernel), sizeof(((struct bootcfg *)0)->kernel) },
		{ "kernelopt", offsetof(struct bootcfg, kernelopt), sizeof(((struct bootcfg *)0)->kernelopt) },
		{ "build", offsetof(struct bootcfg, build), sizeof(((struct bootcfg *)0)->build) },
	};
	size_t i;

	for (i = 0; i < sizeof(fields) / sizeof(fields[0]); i++)
		if (strlen(fields[i].key) == klen && !strncasecmp(fields[i].key, key, klen)) {
			*size = fields[i].size;
			return (char *)b + fields[i].off;
		}
	return NULL;
}

/* Parse boot.cfg text into b. */
int bootcfg_parse(const char *text, size_t len, struct bootcfg *out,
		  struct stoat_err *e)
{
	const char *p = text, *end = text + len;
	unsigned lineno = 0;

	memset(out, 0, sizeof(*out));
	out->timeout = 5;
	while (p < end) {
		const char *nl = memchr(p, '\n', (size_t)(end - p));
		const char *le = nl ? nl : end, *eq, *k = p;
		size_t klen, size;
		char *field;
		int rc = 0;

		lineno++;
		p = nl ? nl + 1 : end;
		while (k < le && isspace((unsigned char)*k))
			k++;
		/* '#' starts a comment only as a line's first character (after
		 * blanks), as in VMware's loader: "title=ESXi #2" keeps it. */
		if (k == le || *k == '#')
			continue;
		eq = memchr(k, '=', (size_t)(le - k));
		if (!eq)
			return err_set(e, EINVAL, _("boot.cfg line %u is not of the form key=value"), lineno);
		klen = (size_t)(eq - k);
		while (klen && isspace((unsigned char)k[klen - 1]))
			klen--;
		eq++;
		if ((field = str_field(out, k, klen, &size))) {
			rc = copy_trimmed(field, size, eq, (size_t)(le - eq));
			out->has_build |= field == out->build;
		}
		else if (klen == 7 && !strncasecmp(k, "modules", 7))
			rc = parse_modules(out, eq, (size_t)(le - eq), lineno, e) < 0 ? -2 : 0;
		else if (klen == 9 && !strncasecmp(k, "bootstate", 9))
			rc = parse_int(eq, (size_t)(le - eq), &out->bootstate);
		else if (klen == 7 && !strncasecmp(k, "timeout", 7))
			rc = parse_int(eq, (size_t)(le - eq), &out->timeout);
		else if (klen == 7 && !strncasecmp(k, "updated", 7))
			rc = parse_int(eq, (size_t)(le - eq), &out->updated);
		if (rc == -2)
			return -EINVAL;
		if (rc < 0)
			return err_set(e, EINVAL, _("boot.cfg line %u has a value that is too long or not a number"),
				       lineno);
	}
	/* mboot takes an empty value as no value: "prefix=" leaves paths
	 * relative to boot.cfg's folder, as no prefix= line does. */
	out->has_prefix = out->prefix[0] != '\0';
	if (!out->kernel[0])
		return err_set(e, EINVAL, _("boot.cfg has no kernel= line"));
	return 0;
}

/* Split an entry into its path and its arguments. */
int bootcfg_split_entry(const char *entry, char *path, size_t size, const char **args)
{
	const char *s = entry, *a;
	size_t n;

	while (isspace((unsigned char)*s))
		s++;
	for (n = 0; s[n] && !isspace((unsigned char)s[n]); n++)
		;
	for (a = s + n; isspace((unsigned char)*a); a++)
		;
	*args = a;
	if (!n)
		return -EINVAL;
	if (n >= size)
		return -ENAMETOOLONG;
	memcpy(path, s, n);
	path[n] = '\0';
	return 0;
}

/* Render b in the bootbank key order; returns the length needed. buf
 * may be NULL when size is 0 (no pointer arithmetic is done on it then). */
size_t bootcfg_format(const struct bootcfg *b, char *buf, size_t size)
{
	size_t n = 0, i;
	int w;

#define PUT(...) do { \
		w = snprintf(n < size ? buf + n : NULL, n < size ? size - n : 0, __VA_ARGS__); \
		n += (size_t)(w > 0 ? w : 0); \
	} while (0)
	PUT("bootstate=%d\ntitle=%s\ntimeout=%d\nprefix=%s\nkernel=%s\nkernelopt=%s\nmodules=",
	    b->bootstate, b->title, b->timeout, b->prefix, b->kernel, b->kernelopt);
	for (i = 0; i < b->n_modules; i++)
		PUT("%s%s", i ? " --- " : "", b->modules[i]);
	PUT("\nbuild=%s\nupdated=%d\n", b->build, b->updated);
#undef PUT
	return n;
}

/* Length of the key of the option word w (up to '=' or the word's end). */
static size_t key_len(const char *w, size_t wlen)
{
	const char *eq = memchr(w, '=', wlen);

	return eq ? (size_t)(eq - w) : wlen;
}

/* Find the next option word in *p; returns its start and length, or NULL. */
static const char *next_word(const char **p, size_t *len)
{
	const char *s = *p, *w;

	while (*s == ' ' || *s == '\t')
		s++;
	if (!*s)
		return NULL;
	w = s;
	while (*s && *s != ' ' && *s != '\t')
		s++;
	*len = (size_t)(s - w);
	*p = s;
	return w;
}

/* Whether c may stand in an option's key (vmkernel names, dotted ones). */
static bool kopt_key_char(char c)
{
	return isalnum((unsigned char)c) || c == '_' || c == '.' || c == '-' || c == ':';
}

/* Check the option word w (n bytes): printable ASCII, no quotes, a key. */
int bootcfg_kopt_word_check(const char *w, size_t n)
{
	size_t klen = key_len(w, n), i;

	for (i = 0; i < n; i++)
		if ((unsigned char)w[i] < 0x21 || (unsigned char)w[i] > 0x7e || w[i] == '"' || w[i] == '\'')
			return BOOTCFG_KOPT_BADCHAR;
	for (i = 0; i < klen; i++)
		if (!kopt_key_char(w[i]))
			return BOOTCFG_KOPT_BADKEY;
	return klen ? 0 : BOOTCFG_KOPT_BADKEY;
}

/* Count the words of opts that are no boot option; copy the first. */
size_t bootcfg_kopt_bad_words(const char *opts, char *first, size_t size)
{
	const char *p = opts, *w;
	size_t len, n = 0;

	if (size)
		first[0] = '\0';
	while ((w = next_word(&p, &len)))
		if (bootcfg_kopt_word_check(w, len) && !n++ && size)
			snprintf(first, size, "%.*s", (int)len, w);
	return n;
}

/* Whether word w has the same key as opt. */
static bool same_key(const char *w, size_t wlen, const char *opt)
{
	size_t kw = key_len(w, wlen), ko = key_len(opt, strlen(opt));

	return kw == ko && !strncasecmp(w, opt, kw);
}

/* Whether opts holds an option with opt's key. */
bool bootcfg_kopt_has(const char *opts, const char *opt)
{
	const char *p = opts, *w;
	size_t len;

	while ((w = next_word(&p, &len)))
		if (same_key(w, len, opt))
			return true;
	return false;
}

/* Set opt once, in place of an option with its key or at the end. */
int bootcfg_kopt_add(char *opts, size_t size, const char *opt)
{
	char *out;
	const char *p = opts, *w;
	size_t len, n = 0, olen = strlen(opt);
	bool placed = false;

	if (!olen || strpbrk(opt, " \t"))
		return -EINVAL;
	out = malloc(size);
	if (!out)
		return -ENOMEM;
	while ((w = next_word(&p, &len))) {
		bool mine = same_key(w, len, opt);

		if (mine && placed)
			continue;	/* a duplicate of the key: drop it */
		if (mine) {
			w = opt;
			len = olen;
			placed = true;
		}
		if (n + (n ? 1 : 0) + len >= size)
			goto nospace;
		if (n)
			out[n++] = ' ';
		memcpy(out + n, w, len);
		n += len;
	}
	if (!placed) {
		if (n + (n ? 1 : 0) + olen >= size)
			goto nospace;
		if (n)
			out[n++] = ' ';
		memcpy(out + n, opt, olen);
		n += olen;
	}
	out[n] = '\0';
	memcpy(opts, out, n + 1);
	free(out);
	return 0;
nospace:
	free(out);
	return -ENOSPC;
}

/* Drop every option with key (or, key NULL, every word that is no
 * option); returns how many. */
static int kopt_drop(char *opts, const char *key)
{
	const char *p = opts, *w;
	size_t len, n = 0;
	int removed = 0;

	/* Writing never overtakes reading, so edit in place. */
	while ((w = next_word(&p, &len))) {
		if (key ? same_key(w, len, key) : bootcfg_kopt_word_check(w, len) != 0) {
			removed++;
			continue;
		}
		if (n)
			opts[n++] = ' ';
		memmove(opts + n, w, len);
		n += len;
	}
	opts[n] = '\0';
	return removed;
}

/* Drop every option with key; returns how many. */
int bootcfg_kopt_remove(char *opts, const char *key)
{
	return kopt_drop(opts, key);
}

/* Drop every word that is no boot option; returns how many. */
int bootcfg_kopt_remove_bad(char *opts)
{
	return kopt_drop(opts, NULL);
}
