/* ks_ctx.c - what every file of the kickstart reader shares: errors and
 * warnings that name the file and line, and the parsing of a command's
 * --options, booleans and lists. kickstart.c calls the commands
 * (ks_cmds.c), which call the network command (ks_net.c) and partition and
 * serialnum (ks_part.c); all of them call down into here, and this file
 * calls none of them. */
#include "config.h"

#include <errno.h>
#include <stdarg.h>
#include <stdio.h>
#include <string.h>
#include <strings.h>

#include "ks_int.h"
#include "nls.h"

/* Fill c->e with "FILE:LINE: message" and return -code. */
int ks_error(struct ks_ctx *c, const struct ks_pos *at, int code, const char *fmt, ...)
{
	char msg[512];
	va_list ap;

	va_start(ap, fmt);
	vsnprintf(msg, sizeof(msg), fmt, ap);
	va_end(ap);
	return err_set(c->e, code, "%s:%u: %s", at->file, at->line, msg);
}

/* Append "FILE:LINE: message" to list (n entries of size bytes each, at
 * most max) unless it is full. */
static void ks_record(char *list, size_t size, size_t *n, size_t max, const struct ks_pos *at,
		      const char *fmt, va_list ap)
{
	char msg[500];

	if (*n >= max)
		return;
	vsnprintf(msg, sizeof(msg), fmt, ap);
	snprintf(list + *n * size, size, "%s:%u: %s", at->file, at->line, msg);
	(*n)++;
}

/* Record a "FILE:LINE: message" warning. */
void ks_warn(struct ks_ctx *c, const struct ks_pos *at, const char *fmt, ...)
{
	struct kickstart *ks = c->ks;
	va_list ap;

	va_start(ap, fmt);
	ks_record(ks->warnings[0], sizeof(ks->warnings[0]), &ks->n_warnings, KS_MAX_WARNINGS,
		  at, fmt, ap);
	va_end(ap);
}

/* Record a "FILE:LINE: message" note. */
void ks_note(struct ks_ctx *c, const struct ks_pos *at, const char *fmt, ...)
{
	struct kickstart *ks = c->ks;
	va_list ap;

	va_start(ap, fmt);
	ks_record(ks->notes[0], sizeof(ks->notes[0]), &ks->n_notes, KS_MAX_NOTES, at, fmt, ap);
	va_end(ap);
}

/* Warn about an unknown option, naming the one it may have meant when
 * only the case differs (ESXi matches option names exactly). */
static void ks_unknown_opt(struct ks_ctx *c, const struct ks_pos *at, const struct ks_optdef *defs,
			   size_t ndefs, const char *cmd, const char *name, size_t n)
{
	size_t k;

	for (k = 0; k < ndefs; k++)
		if (strlen(defs[k].name) == n && !strncasecmp(defs[k].name, name, n)) {
			ks_warn(c, at, _("%s: unknown option --%.*s; it is ignored (ESXi matches names exactly: --%s)"),
				cmd, (int)n, name, defs[k].name);
			return;
		}
	ks_warn(c, at, _("%s: unknown option --%.*s; it is ignored"), cmd, (int)n, name);
}

/* Remember where a command was read (see ks_int.h). */
void ks_seen_set(struct ks_seen *s, const struct ks_pos *at)
{
	snprintf(s->file, sizeof(s->file), "%s", at->file);
	s->line = at->line;
}

/* Parse argv[1..] against defs into a; positional words are kept. */
int ks_opts(struct ks_ctx *c, const struct ks_pos *at, const struct ks_optdef *defs,
	    size_t ndefs, int argc, char **argv, struct ks_args *a)
{
	int i;

	memset(a, 0, sizeof(*a));
	for (i = 1; i < argc; i++) {
		char *w = argv[i], *eq;
		const char *v;
		size_t k, n;

		if (strncmp(w, "--", 2) || !w[2]) {
			a->pos[a->npos++] = w;
			continue;
		}
		eq = strchr(w, '=');
		n = eq ? (size_t)(eq - w - 2) : strlen(w + 2);
		for (k = 0; k < ndefs; k++)
			if (strlen(defs[k].name) == n && !strncmp(defs[k].name, w + 2, n))
				break;
		if (k == ndefs) {
			ks_unknown_opt(c, at, defs, ndefs, argv[0], w + 2, n);
			continue;
		}
		if (defs[k].kind == KO_FLAG && eq) {
			ks_warn(c, at, _("%s: option --%s takes no value; it is ignored"), argv[0], defs[k].name);
			continue;
		}
		v = eq ? eq + 1 : "";
		/* --firstdisk= with nothing after it: ESXi ignores the option */
		if (defs[k].kind == KO_OPTVALUE && eq && !v[0]) {
			ks_warn(c, at, _("%s: option --%s needs a value (--%s=VALUE); it is ignored"),
				argv[0], defs[k].name, defs[k].name);
			continue;
		}
		/* as in ESXi, a value is only taken after '=': in "--disk sdb"
		 * the option lacks its value and "sdb" is a stray word */
		if (defs[k].kind == KO_VALUE && !v[0]) {
			ks_warn(c, at, _("%s: option --%s needs a value (--%s=VALUE); it is ignored"),
				argv[0], defs[k].name, defs[k].name);
			continue;
		}
		if (a->val[k] && defs[k].once)
			return ks_error(c, at, EINVAL, _("%s: option --%s is given twice"), argv[0], defs[k].name);
		if (a->val[k]) {
			ks_warn(c, at, _("%s: option --%s is given twice; the first value is kept"),
				argv[0], defs[k].name);
			continue;
		}
		a->val[k] = v;
	}
	return 0;
}

/* Warn about words a command does not take; they are ignored. */
void ks_no_pos(struct ks_ctx *c, const struct ks_pos *at, const char *cmd,
	       const struct ks_args *a, int keep)
{
	int i;

	for (i = 0; i < a->npos - keep; i++)
		ks_warn(c, at, _("%s: unknown argument \"%s\"; it is ignored"), cmd, a->pos[i]);
}

/* 1 for 1/true, 0 for 0/false (any case), -1 for anything else. */
int ks_bool(const char *v)
{
	if (!strcmp(v, "1") || !strcasecmp(v, "true"))
		return 1;
	if (!strcmp(v, "0") || !strcasecmp(v, "false"))
		return 0;
	return -1;
}

/* Copy the comma list in into buf without blanks around its items. */
const char *ks_list_squeeze(const char *in, char *buf, size_t size)
{
	size_t o = 0;

	if (strlen(in) >= size)
		return in;
	while (*in) {
		size_t n;

		in += strspn(in, " \t");
		n = strcspn(in, ",");
		while (n > 0 && (in[n - 1] == ' ' || in[n - 1] == '\t'))
			n--;
		memcpy(buf + o, in, n);
		o += n;
		in += strcspn(in, ",");
		if (*in == ',')
			buf[o++] = *in++;
	}
	buf[o] = '\0';
	return buf;
}

/* True when s is a comma list of words made of [A-Za-z0-9._:+-/]. */
bool ks_list_ok(const char *s)
{
	const char *ok = "abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789._:+-/";
	size_t n;

	if (!*s)
		return false;
	for (;;) {
		n = strspn(s, ok);
		if (n == 0)
			return false;
		s += n;
		if (!*s)
			return true;
		if (*s != ',')
			return false;
		s++;
	}
}
