/* kickstart.c - read ESXi kickstart files (REFERENCE.md section 5): files,
 * %include chains, word splitting, script sections, and the checks that
 * need the whole file. Commands live in ks_cmds.c (network in ks_net.c,
 * partition and serialnum in ks_part.c), disk choice and the plan in
 * ks_disk.c, the helpers they all share in ks_ctx.c.
 *
 * Grammar notes (ESXi's installer, weasel, reads lines with Python's
 * shlex.split(line, comments=True), and stoat does the same):
 * - one command per line; words split like a shell ('single', "double",
 *   backslash), and '#' outside quotes starts a comment wherever it is,
 *   also inside a word: "rootpw VMware#12!x" sets the password "VMware";
 * - there is no line continuation: a trailing backslash is an error;
 * - command and option names are matched exactly, as weasel's grammar
 *   does: "REBOOT" is an unknown command (a warning, with the name it
 *   may have meant); 8.0's option is taken as --dpupcislots and, as
 *   VMware's documentation also writes it, --dpuPciSlots;
 * - a UTF-8 byte order mark stays part of the first word, as it does for
 *   weasel, which makes that word unknown: stoat says so in a warning;
 * - %pre, %post and %firstboot open a script that runs to the next line
 *   that starts (in its first column) with %pre, %post, %firstboot,
 *   %include, include, %packages or %vmlicense_text, or to the end of its
 *   file. ESXi has no %end: a %end line stays in the script, with a
 *   warning;
 * - %include FILE (or include FILE): a path starting with / is taken as
 *   it is, one starting with . relative to the including file's folder;
 *   any other relative path is looked for next to the including file and
 *   then, as ESXi reads it, from the root (/FILE). A file that includes
 *   itself, directly or through others, is an error;
 * - as in ESXi, every %pre script of a file runs before the file's
 *   %include lines are read (when a pre hook is given), so a %pre may
 *   write the file that is included. */
#include "config.h"

#include <errno.h>
#include <stddef.h>
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

/* Split line into words like Python's shlex with comments (ESXi's
 * installer does): quotes, backslash, and '#' outside quotes ends the
 * line, also inside a word. argv points into buf. */
static int ks_split(struct ks_ctx *c, const struct ks_pos *at, const char *p, char *buf,
		    char **argv, int *argc)
{
	char *o = buf;
	int n = 0;
	bool comment = false;

	while (!comment) {
		while (*p == ' ' || *p == '\t' || *p == '\r')
			p++;
		if (!*p || *p == '#')
			break;
		if (n == KS_MAX_ARGS)
			return ks_error(c, at, E2BIG, _("too many words on one line (at most %d)"),
					KS_MAX_ARGS);
		argv[n++] = o;
		while (*p && *p != ' ' && *p != '\t' && *p != '\r') {
			if (*p == '#') {
				comment = true;
				break;
			} else if (*p == '\'') {
				for (p++; *p && *p != '\''; )
					*o++ = *p++;
				if (!*p)
					return ks_error(c, at, EINVAL, _("a single quote (') is not closed on this line"));
				p++;
			} else if (*p == '"') {
				for (p++; *p && *p != '"'; ) {
					if (*p == '\\' && (p[1] == '"' || p[1] == '\\'))
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

/* True when line ends an open script: it starts, in its first column,
 * with one of ESXi's section keywords (a prefix match, as in ESXi). */
static bool ks_ends_script(const char *line)
{
	static const char *const words[] = { "%pre", "%post", "%firstboot", "%include", "include",
					     "%packages", "%vmlicense_text" };
	size_t i;

	for (i = 0; i < sizeof(words) / sizeof(words[0]); i++)
		if (!strncmp(line, words[i], strlen(words[i])))
			return true;
	return false;
}

/* True when line is a %end line (anaconda's, not ESXi's). */
static bool ks_is_end(const char *line)
{
	line += strspn(line, " \t");
	return !strncmp(line, "%end", 4) && (!line[4] || strchr(" \t\r#", line[4]));
}

static int ks_read(struct ks_ctx *c, const char *path, const struct ks_pos *from,
		   unsigned *lines);
static int ks_pre_pass(struct ks_ctx *c, const char *path, const struct ks_pos *from);

/* Where "%include name" in the file `from` points (see the top comment):
 * next to `from`, else ESXi's /name when that exists. */
static void ks_include_path(const char *from, const char *name, char *path, size_t size)
{
	const char *slash = strrchr(from, '/');
	char root[4096];
	struct stat st;

	if (name[0] == '/' || !slash)
		snprintf(path, size, "%s", name);
	else
		snprintf(path, size, "%.*s/%s", (int)(slash - from), from, name);
	if (name[0] == '/' || name[0] == '.' || stat(path, &st) == 0)
		return;
	snprintf(root, sizeof(root), "/%s", name);
	if (stat(root, &st) == 0)
		snprintf(path, size, "%s", root);
}

/* Handle "%include FILE" / "include FILE" found at `at`. */
static int ks_include(struct ks_ctx *c, const struct ks_pos *at, int argc, char **argv)
{
	char path[4096];
	unsigned lines;
	int i, rc, fd;

	if (argc < 2)
		return ks_error(c, at, EINVAL, _("%s needs a file name"), argv[0]);
	for (i = 1; i < argc - 1; i++)
		ks_warn(c, at, _("%s: unknown argument \"%s\"; it is ignored"), argv[0], argv[i]);
	ks_include_path(at->file, argv[argc - 1], path, sizeof(path));
	if (c->flags & KS_LOAD_DEFER) {
		ks_note(c, at, _("%s %s is read after the %%pre scripts have run"), argv[0], path);
		return 0;
	}
	fd = open(path, O_RDONLY | O_CLOEXEC);
	if (fd < 0 && (c->flags & KS_LOAD_LENIENT)) {
		ks_note(c, at, _("%s %s could not be read: %s (no %%pre script runs here; one may write it)"),
			argv[0], path, strerror(errno));
		return 0;
	}
	if (fd >= 0)
		close(fd);
	if (c->pre && (rc = ks_pre_pass(c, path, at)) < 0)
		return rc;
	return ks_read(c, path, at, &lines);
}

/* Handle one line outside any script: a section line or a command. In
 * the %pre pass only %pre lines count. */
static int ks_line(struct ks_ctx *c, const struct ks_pos *at, const char *line)
{
	size_t size = strlen(line) + 2, i;
	char *buf = malloc(size), *argv[KS_MAX_ARGS + 1];
	int argc = 0, rc;

	if (!buf)
		return err_set(c->e, ENOMEM, _("Out of memory while reading the kickstart file."));
	rc = ks_split(c, at, line, buf, argv, &argc);
	if (rc == 0 && argc > 0) {
		argv[argc] = NULL;
		if (c->pre_only)
			rc = strcmp(argv[0], "%pre") ? 0 : ks_command(c, at, argc, argv);
		else if (!strcmp(argv[0], "%include") || !strcmp(argv[0], "include"))
			rc = ks_include(c, at, argc, argv);
		else
			rc = ks_command(c, at, argc, argv);
		for (i = 0; rc == 0 && !c->pre_only && line[i]; i++)
			if ((unsigned char)line[i] > 0x7e) {
				ks_warn(c, at, _("this line holds a character that is not ASCII"));
				break;
			}
	}
	pw_wipe(buf, size);
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
	/* A UTF-8 byte order mark, as Windows editors write one, is read as
	 * weasel reads it: part of the first word. */
	if (!strncmp(text, "\xef\xbb\xbf", 3) && !c->pre_only) {
		struct ks_pos first = { path, 1 };

		ks_warn(c, &first, _("the file starts with a UTF-8 byte order mark, which ESXi reads as part of the first word: save the file without it"));
	}
	for (p = text; rc == 0 && *p; p = nl ? nl + 1 : p + strlen(p)) {
		size_t n;

		nl = strchr(p, '\n');
		if (nl)
			*nl = '\0';
		n = strlen(p);
		if (n && p[n - 1] == '\r')
			p[--n] = '\0';
		at.line++;
		if (c->cur && !ks_ends_script(p)) {
			if (ks_is_end(p) && !c->pre_only)
				ks_warn(c, &at, _("ESXi has no %%end: this line stays in the %s script"),
					ks_script_section(c->cur));
			rc = ks_script_add(c, p, n);
		} else {
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

/* Run the %pre scripts of one file through c->pre, in file order, before
 * the file is read for everything else (and so before its includes). */
static int ks_pre_pass(struct ks_ctx *c, const char *path, const struct ks_pos *from)
{
	struct kickstart *tmp = calloc(1, sizeof(*tmp));
	struct ks_ctx *p = calloc(1, sizeof(*p));
	unsigned lines;
	size_t i;
	int rc = -ENOMEM;

	if (!tmp || !p) {
		free(tmp);
		free(p);
		return err_set(c->e, ENOMEM, _("Out of memory while reading the kickstart file."));
	}
	p->ks = tmp;
	p->e = c->e;
	p->pre_only = true;
	rc = ks_read(p, path, from, &lines);
	for (i = 0; rc == 0 && i < tmp->n_scripts; i++)
		rc = c->pre->run(c->pre->ctx, &tmp->scripts[i], c->e);
	kickstart_free(tmp);
	free(tmp);
	free(p);
	return rc;
}

/* True when clearpart --drives= names a drive that is neither the install
 * disk nor a partition line's disk (the disks stoat does partition). */
static bool ks_clearpart_beyond(const struct kickstart *ks)
{
	const char *p;
	size_t n, i;

	for (p = ks->clearpart_drives; *p; p += n + !!p[n]) {
		bool ours;

		n = strcspn(p, ",");
		ours = strlen(ks->disk) == n && !strncmp(p, ks->disk, n);
		for (i = 0; i < ks->n_parts && !ours; i++)
			ours = strlen(ks->parts[i].disk) == n && !strncmp(p, ks->parts[i].disk, n);
		if (!ours)
			return true;
	}
	return false;
}

/* Checks that need the whole file: required commands, paranoid. With
 * includes left unread, a missing command is a note, not an error. */
static int ks_finish(struct ks_ctx *c, const struct ks_pos *end)
{
	struct kickstart *ks = c->ks;
	struct ks_pos cp = { c->clearpart_at.file, c->clearpart_at.line };
	bool unread = ks->n_notes > 0;
	size_t i;

	if (!ks->accepteula && !unread)
		return ks_error(c, end, EINVAL, _("the file ended without accepting the license: add the line vmaccepteula"));
	if (!c->have_rootpw && !unread && ks->action != KS_UPGRADE)
		return ks_error(c, end, EINVAL, _("the file ended without a root password: add rootpw --iscrypted HASH (or rootpw PASSWORD)"));
	if (ks->action == KS_NONE && !unread)
		return ks_error(c, end, EINVAL, _("the file ended without an install, upgrade or installorupgrade command"));
	if (!ks->accepteula)
		ks_note(c, end, _("no vmaccepteula yet: it may be in an include that was not read"));
	if (!c->have_rootpw && ks->action != KS_UPGRADE)
		ks_note(c, end, _("no rootpw yet: it may be in an include that was not read"));
	if (ks->action == KS_NONE)
		ks_note(c, end, _("no install, upgrade or installorupgrade yet: it may be in an include that was not read"));
	/* ESXi's installer drops these for an upgrade, each with a warning */
	if (ks->action == KS_UPGRADE) {
		const struct { bool given; const char *name; const struct ks_seen *at; } dropped[] = {
			{ c->have_rootpw, "rootpw", &c->rootpw_at }, { c->have_keyboard, "keyboard", &c->keyboard_at },
			{ c->have_network, "network", &c->network_at },
			{ ks->serialnum[0] != '\0', "serialnum", &c->serialnum_at },
		};

		for (i = 0; i < sizeof(dropped) / sizeof(dropped[0]); i++)
			if (dropped[i].given) {
				struct ks_pos at = { dropped[i].at->file, dropped[i].at->line };

				ks_warn(c, &at, _("%s is not applied by upgrade: the host keeps its own"),
					dropped[i].name);
			}
	}
	if (!c->have_network && !unread && ks->action != KS_UPGRADE)
		ks_warn(c, end, _("no network command: the management network uses DHCP"));
	if (c->partitionembed_where[0] && ks->action != KS_INSTALL && ks->action != KS_NONE)
		return err_set(c->e, EINVAL, _("%s: partitionembed can only be used with install"),
			       c->partitionembed_where);
	if (ks->clearpart && ks->action != KS_INSTALL && ks->action != KS_NONE)
		return ks_error(c, &cp, EINVAL, _("clearpart can only be used with install"));
	for (i = 0; i < ks->n_parts; i++) {
		if (ks->action != KS_INSTALL && ks->action != KS_NONE)
			return err_set(c->e, EINVAL, _("%s: partition can only be used with install"),
				       ks->parts[i].where);
		if (ks->disk[0] && !strcmp(ks->parts[i].disk, ks->disk))
			return err_set(c->e, EINVAL, _("%s: partition names the install disk %s; a datastore for it goes on another disk"),
				       ks->parts[i].where, ks->disk);
	}
	if (ks->clearpart && (ks->clearpart_all || ks->clearpart_ignore[0] || ks_clearpart_beyond(ks)))
		ks_warn(c, &cp, _("stoat clears only the install disk and the partition lines' disks; other drives named by clearpart are left untouched"));
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
	return kickstart_load_with(path, 0, NULL, ks, e);
}

/* Parse and validate path into ks, with KS_LOAD_* flags and a %pre hook. */
int kickstart_load_with(const char *path, unsigned flags, const struct ks_pre_hook *pre,
			struct kickstart *ks, struct stoat_err *e)
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
	c->flags = flags;
	c->pre = pre && pre->run ? pre : NULL;
	rc = c->pre ? ks_pre_pass(c, path, NULL) : 0;
	if (rc == 0)
		rc = ks_read(c, path, NULL, &lines);
	if (rc == 0) {
		end.file = path;
		end.line = lines ? lines : 1;
		rc = ks_finish(c, &end);
	}
	free(c);
	if (rc < 0) {
		size_t nw = ks->n_warnings;

		/* everything goes but the warnings, which say what led to the
		 * error (no warning quotes the password: rootpw only counts its stray words) */
		kickstart_free(ks);
		pw_wipe(ks, offsetof(struct kickstart, warnings));
		pw_wipe((char *)ks + sizeof(ks->warnings) + offsetof(struct kickstart, warnings),
			sizeof(*ks) - sizeof(ks->warnings) - offsetof(struct kickstart, warnings));
		ks->n_warnings = nw;
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
