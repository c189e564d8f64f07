/* ks_ctx.c - what every file of the kickstart reader shares: errors and
 * warnings that name the file and line, and the parsing of a command's
 * --options. kickstart.c calls the commands (ks_cmds.c), which call the
 * network command (ks_net.c); all of them call down into here, and this
 * file calls none of them. */
#include "config.h"

#include <errno.h>
#include <stdarg.h>
#include <stdio.h>
#include <string.h>

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

/* Record a "FILE:LINE: message" warning. */
void ks_warn(struct ks_ctx *c, const struct ks_pos *at, const char *fmt, ...)
{
	struct kickstart *ks = c->ks;
	char msg[400];
	va_list ap;

	if (ks->n_warnings >= KS_MAX_WARNINGS)
		return;
	va_start(ap, fmt);
	vsnprintf(msg, sizeof(msg), fmt, ap);
	va_end(ap);
	snprintf(ks->warnings[ks->n_warnings++], sizeof(ks->warnings[0]), "%s:%u: %s",
		 at->file, at->line, msg);
}

/* Parse argv[1..] against defs into a; positional words are kept. */
int ks_opts(struct ks_ctx *c, const struct ks_pos *at, const struct ks_optdef *defs,
	    size_t ndefs, int argc, char **argv, struct ks_args *a)
{
	int i;

	memset(a, 0, sizeof(*a));
	for (i = 1; i < argc; i++) {
		char *w = argv[i], *eq;
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
		if (k == ndefs)
			return ks_error(c, at, EINVAL, _("%s: unknown option --%.*s"), argv[0], (int)n, w + 2);
		if (a->val[k])
			return ks_error(c, at, EINVAL, _("%s: option --%s is given twice"), argv[0], defs[k].name);
		if (defs[k].kind == KO_FLAG && eq)
			return ks_error(c, at, EINVAL, _("%s: option --%s takes no value"), argv[0], defs[k].name);
		if (defs[k].kind == KO_VALUE && !eq) {
			if (i + 1 >= argc || !strncmp(argv[i + 1], "--", 2))
				return ks_error(c, at, EINVAL, _("%s: option --%s needs a value (--%s=VALUE)"),
						argv[0], defs[k].name, defs[k].name);
			a->val[k] = argv[++i];
		} else {
			a->val[k] = eq ? eq + 1 : "";
		}
		if (defs[k].kind == KO_VALUE && !a->val[k][0])
			return ks_error(c, at, EINVAL, _("%s: option --%s needs a value (--%s=VALUE)"),
					argv[0], defs[k].name, defs[k].name);
	}
	return 0;
}

/* Refuse words after a command that takes none. */
int ks_no_pos(struct ks_ctx *c, const struct ks_pos *at, const char *cmd,
	      const struct ks_args *a)
{
	if (a->npos)
		return ks_error(c, at, EINVAL, _("%s takes no arguments, but \"%s\" follows it"), cmd, a->pos[0]);
	return 0;
}
