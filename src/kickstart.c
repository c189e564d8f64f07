/* kickstart.c - read ESXi kickstart files (REFERENCE.md section 5): files,
 * %include chains, shell-like word splitting, script sections, and the
 * checks that need the whole file. Commands live in ks_cmds.c (network in
 * ks_net.c), disk choice and the plan in ks_disk.c, the helpers they all
 * share in ks_ctx.c.
 *
 * Grammar notes (ours, from the ESXi documentation's description):
 * - one command per line; '#' starts a comment where a word could start;
 *   words split like a POSIX shell ('single', "double", backslash);
 * - ESXi documents no line continuation, so a trailing backslash is an
 *   error that says so rather than being silently joined;
 * - %pre, %post and %firstboot open a script that runs to the next section
 *   line (%pre, %post, %firstboot, %include, %end) or the end of its file;
 * - %include FILE (or "include FILE") is read relative to the directory of
 *   the file that names it; a file that includes itself, directly or
 *   through others, is an error. */
#include "config.h"

#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <fcntl.h>
#include <sys/stat.h>
#include <unistd.h>

#include "keyboard.h"
#include "io.h"
#include "ks_int.h"
#include "nls.h"
#include "passwd.h"

#define KS_MAX_FILE (4u << 20)	/* a kickstart file is text, not an image */

/* Read a whole file into a NUL-terminated malloc'd buffer. Plain read(2),
 * not stdio, so no library buffer keeps a copy of a clear-text password. */
static int ks_slurp(struct ks_ctx *c, const char *path, const struct ks_pos *from,
		    char **out, size_t *len)
{
	int fd = open(path, O_RDONLY | O_CLOEXEC), err = 0;
	size_t n = 0;
	ssize_t r;
	char *buf;

	if (fd < 0) {
		err = errno;
		if (from)
			return ks_error(c, from, err, _("cannot read the included file %s: %s"),
					path, strerror(err));
		return err_set(c->e, err, _("Cannot read the kickstart file %s: %s."),
			       path, strerror(err));
	}
	buf = malloc(KS_MAX_FILE + 1);
	if (!buf) {
		close(fd);
		return err_set(c->e, ENOMEM, _("Out of memory while reading %s."), path);
	}
	/* One byte more than allowed, to tell a file that is too large. */
	r = io_read_all(fd, buf, KS_MAX_FILE + 1);
	close(fd);
	if (r < 0)
		err = (int)-r;
	else
		n = (size_t)r;
	if (err || n > KS_MAX_FILE) {
		pw_wipe(buf, err ? KS_MAX_FILE + 1 : n);	/* a password may be in it */
		free(buf);
		if (err == EISDIR)
			return err_set(c->e, err, _("%s is a folder, not a kickstart file."), path);
		return err_set(c->e, err ? err : EFBIG, _("Cannot read the kickstart file %s: it is unreadable or larger than 4 MiB."),
			       path);
	}
	buf[n] = '\0';
	if (memchr(buf, '\0', n)) {
		pw_wipe(buf, n);
		free(buf);
		return err_set(c->e, EINVAL, _("The kickstart file %s is not a text file (it holds NUL bytes)."),
			       path);
	}
	*out = buf;
	*len = n;
	return 0;
}

/* Split line into words like a POSIX shell; argv points into buf. */
static int ks_split(struct ks_ctx *c, const struct ks_pos *at, const char *p, char *buf,
		    char **argv, int *argc)
{
	char *o = buf;
	int n = 0;

	for (;;) {
		while (*p == ' ' || *p == '\t')
			p++;
		if (!*p || *p == '#')
			break;
		if (n == KS_MAX_ARGS)
			return ks_error(c, at, E2BIG, _("too many words on one line (at most %d)"),
					KS_MAX_ARGS);
		argv[n++] = o;
		while (*p && *p != ' ' && *p != '\t') {
			if (*p == '\'') {
				for (p++; *p && *p != '\''; )
					*o++ = *p++;
				if (!*p)
					return ks_error(c, at, EINVAL, _("a single quote (') is not closed on this line"));
				p++;
			} else if (*p == '"') {
				for (p++; *p && *p != '"'; ) {
					if (*p == '\\' && p[1] && strchr("\"\\$`", p[1]))
						p++;
					*o++ = *p++;
				}
				if (!*p)
					return ks_error(c, at, EINVAL, _("a double quote (\") is not closed on this line"));
				p++;
			} else if (*p == '\\') {
				if (!p[1])
					return ks_error(c, at, EINVAL, _("a line may not end with a backslash: kickstart commands have no line continuation, so put the whole command on one line"));
				p++;
				*o++ = *p++;
			} else {
				*o++ = *p++;
			}
		}
		*o++ = '\0';
	}
	*argc = n;
	return 0;
}

/* Append one line of text to the open script's body. */
static int ks_script_add(struct ks_ctx *c, const char *line, size_t len)
{
	struct ks_script *s = c->cur;
	size_t have = s->body ? strlen(s->body) : 0;
	char *b = realloc(s->body, have + len + 2);

	if (!b)
		return err_set(c->e, ENOMEM, _("Out of memory while reading a kickstart script."));
	memcpy(b + have, line, len);
	b[have + len] = '\n';
	b[have + len + 1] = '\0';
	s->body = b;
	return 0;
}

/* The section keyword a line starts with (%pre, ..., %include), or NULL. */
static const char *ks_section_word(const char *line)
{
	static const char *const words[] = { "%pre", "%post", "%firstboot", "%include", "%end" };
	size_t i, n;

	while (*line == ' ' || *line == '\t')
		line++;
	for (i = 0; i < sizeof(words) / sizeof(words[0]); i++) {
		n = strlen(words[i]);
		if (!strncmp(line, words[i], n) && (!line[n] || line[n] == ' ' || line[n] == '\t'))
			return words[i];
	}
	return NULL;
}

static int ks_read(struct ks_ctx *c, const char *path, const struct ks_pos *from,
		   unsigned *lines);

/* Handle "%include FILE" / "include FILE" found at `at`. */
static int ks_include(struct ks_ctx *c, const struct ks_pos *at, int argc, char **argv)
{
	char path[4096];
	const char *slash;
	unsigned lines;

	if (argc != 2)
		return ks_error(c, at, EINVAL, _("%s needs exactly one file name"), argv[0]);
	slash = strrchr(at->file, '/');
	if (argv[1][0] == '/' || !slash)
		snprintf(path, sizeof(path), "%s", argv[1]);
	else
		snprintf(path, sizeof(path), "%.*s/%s", (int)(slash - at->file), at->file, argv[1]);
	return ks_read(c, path, at, &lines);
}

/* Handle one line outside any script: a section line or a command. */
static int ks_line(struct ks_ctx *c, const struct ks_pos *at, const char *line)
{
	char *buf = malloc(strlen(line) + 2), *argv[KS_MAX_ARGS + 1];
	int argc = 0, rc;

	if (!buf)
		return err_set(c->e, ENOMEM, _("Out of memory while reading the kickstart file."));
	rc = ks_split(c, at, line, buf, argv, &argc);
	if (rc == 0 && argc > 0) {
		argv[argc] = NULL;
		if (!strcmp(argv[0], "%include") || !strcmp(argv[0], "include"))
			rc = ks_include(c, at, argc, argv);
		else if (!strcmp(argv[0], "%end"))
			rc = 0;		/* anaconda style; harmless here */
		else if (argv[0][0] == '%' && strcmp(argv[0], "%pre") && strcmp(argv[0], "%post")
			 && strcmp(argv[0], "%firstboot"))
			rc = ks_error(c, at, EINVAL, _("unknown section %s (known: %%pre, %%post, %%firstboot, %%include)"),
				      argv[0]);
		else
			rc = ks_command(c, at, argc, argv);
	}
	pw_wipe(buf, strlen(line) + 2);
	free(buf);
	return rc;
}

/* Read one file (the top one when from is NULL) line by line. */
static int ks_read(struct ks_ctx *c, const char *path, const struct ks_pos *from,
		   unsigned *lines)
{
	char real[PATH_MAX], *text = NULL, *p, *nl;
	struct ks_pos at = { path, 0 };
	size_t len = 0;
	unsigned i;
	int rc;

	if (c->depth >= KS_MAX_DEPTH)
		return ks_error(c, from, ELOOP, _("%%include is nested more than %d deep"), KS_MAX_DEPTH);
	rc = ks_slurp(c, path, from, &text, &len);
	if (rc < 0)
		return rc;
	if (!realpath(path, real))
		snprintf(real, sizeof(real), "%s", path);
	for (i = 0; i < c->depth; i++)
		if (!strcmp(c->stack[i], real)) {
			pw_wipe(text, len);
			free(text);
			return ks_error(c, from, ELOOP, _("%%include loop: %s is already being read"), path);
		}
	snprintf(c->stack[c->depth++], sizeof(c->stack[0]), "%s", real);

	c->cur = NULL;
	for (p = text; rc == 0 && *p; p = nl ? nl + 1 : p + strlen(p)) {
		size_t n;

		nl = strchr(p, '\n');
		if (nl)
			*nl = '\0';
		n = strlen(p);
		if (n && p[n - 1] == '\r')
			p[--n] = '\0';
		at.line++;
		if (c->cur && !ks_section_word(p))
			rc = ks_script_add(c, p, n);
		else {
			c->cur = NULL;
			rc = ks_line(c, &at, p);
		}
		if (!nl)
			break;
	}
	c->cur = NULL;		/* a script ends with its file */
	c->depth--;
	*lines = at.line;
	pw_wipe(text, len);	/* it may hold a clear-text password */
	free(text);
	return rc;
}

/* Checks that need the whole file: required commands, paranoid. */
static int ks_finish(struct ks_ctx *c, const struct ks_pos *end)
{
	struct kickstart *ks = c->ks;
	struct ks_pos cp = { c->clearpart_file, c->clearpart_at.line };

	if (!ks->accepteula)
		return ks_error(c, end, EINVAL, _("the file ended without accepting the license: add the line vmaccepteula"));
	if (!c->have_rootpw)
		return ks_error(c, end, EINVAL, _("the file ended without a root password: add rootpw --iscrypted HASH (or rootpw PASSWORD)"));
	if (ks->action == KS_NONE)
		return ks_error(c, end, EINVAL, _("the file ended without an install, upgrade or installorupgrade command"));
	if (ks->clearpart && ks->action != KS_INSTALL)
		return ks_error(c, &cp, EINVAL, _("clearpart can only be used with install"));
	if (ks->clearpart && (ks->clearpart_all || ks->clearpart_ignore[0]
			      || (ks->clearpart_drives[0] && strcmp(ks->clearpart_drives, ks->disk))))
		ks_warn(c, &cp, _("stoat clears only the install disk; other drives named by clearpart are left untouched"));
	if (!ks->keyboard[0])
		snprintf(ks->keyboard, sizeof(ks->keyboard), "%s", KEYBOARD_DEFAULT);
	if (ks->paranoid && ks->n_warnings > 0)
		return err_set(c->e, EINVAL, _("%s (paranoid turns warnings into errors)"),
			       ks->warnings[0]);
	return 0;
}

/* Parse and validate path into ks. */
int kickstart_load(const char *path, struct kickstart *ks, struct stoat_err *e)
{
	struct ks_ctx *c;
	struct ks_pos end;
	unsigned lines = 0;
	int rc;

	memset(ks, 0, sizeof(*ks));
	if (!path || !path[0])
		return err_set(e, EINVAL, _("No kickstart file was named."));
	c = calloc(1, sizeof(*c));
	if (!c)
		return err_set(e, ENOMEM, _("Out of memory while reading the kickstart file."));
	c->ks = ks;
	c->e = e;
	rc = ks_read(c, path, NULL, &lines);
	if (rc == 0) {
		end.file = path;
		end.line = lines ? lines : 1;
		rc = ks_finish(c, &end);
	}
	free(c);
	if (rc < 0) {
		kickstart_free(ks);
		pw_wipe(ks, sizeof(*ks));
	}
	return rc;
}

/* Free what kickstart_load allocated; safe to call twice. */
void kickstart_free(struct kickstart *ks)
{
	size_t i;

	if (!ks)
		return;
	for (i = 0; i < ks->n_scripts && i < KS_MAX_SCRIPTS; i++) {
		free(ks->scripts[i].body);
		ks->scripts[i].body = NULL;
	}
	free(ks->network_json);
	ks->network_json = NULL;
}
