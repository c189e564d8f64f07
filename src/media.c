/* media.c - ESXi-format install media: open and validate, list what an
 * install copies, stream it, and find the license text. */
#include "config.h"

#include <ctype.h>
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <sys/stat.h>

#include "array.h"
#include "bootkit.h"
#include "media_priv.h"
#include "nls.h"

#define BOOTCFG_MAX_BYTES (256u << 10)
#define EULA_MAX_BYTES (4u << 20)

/* State of the first pass: entries plus the boot.cfg texts. */
struct open_ctx {
	struct media *m;
	int capture;		/* 0 none, 1 BOOT.CFG, 2 EFI/BOOT/BOOT.CFG */
	char *cfg[3];
	size_t cfg_len[3];
};

/* Record one entry; capture the boot.cfg files. */
static int open_entry(void *vctx, const char *raw, uint64_t size, struct stoat_err *e)
{
	struct open_ctx *c = vctx;
	struct media *m = c->m;
	struct media_entry *v;
	char name[1024];

	if (media_norm_name(raw, name, sizeof(name)) < 0)
		return err_set(e, EINVAL, _("the media holds a file named '%s' that climbs out of the media; refusing it"),
			       raw);
	/* ISO images and the tar files install media come as name their
	 * files relative to the media's root; one that does not is made to
	 * look like something else */
	if (!m->is_dir && raw[0] == '/')
		return err_set(e, EINVAL, _("the media holds a file named '%s', with an absolute path, which install media never have; refusing it"),
			       raw);
	if (!(v = array_grow(m->ent, m->n_ent, &m->cap_ent, sizeof(*v), 64)))
		return err_set(e, ENOMEM, _("out of memory"));
	m->ent = v;
	if (!(m->ent[m->n_ent].name = strdup(name)))
		return err_set(e, ENOMEM, _("out of memory"));
	m->ent[m->n_ent++].size = size;
	c->capture = !strcasecmp(name, "boot.cfg") ? 1 : !strcasecmp(name, "efi/boot/boot.cfg") ? 2 : 0;
	if (!c->capture)
		return 0;
	if (size > BOOTCFG_MAX_BYTES)
		return err_set(e, EFBIG, _("the media's %s is larger than %u KiB; it is not a boot.cfg"),
			       name, BOOTCFG_MAX_BYTES >> 10);
	free(c->cfg[c->capture]);
	c->cfg[c->capture] = NULL;
	c->cfg_len[c->capture] = 0;
	return 1;
}

/* Append captured boot.cfg bytes. */
static int open_data(void *vctx, const void *buf, size_t len, struct stoat_err *e)
{
	struct open_ctx *c = vctx;
	size_t have = c->cfg_len[c->capture];
	char *p;

	if (have + len > BOOTCFG_MAX_BYTES)
		return err_set(e, EFBIG, _("the media's boot.cfg is too large"));
	if (!(p = realloc(c->cfg[c->capture], have + len + 1)))
		return err_set(e, ENOMEM, _("out of memory"));
	memcpy(p + have, buf, len);
	p[have + len] = '\0';
	c->cfg[c->capture] = p;
	c->cfg_len[c->capture] = have + len;
	return 0;
}

/* End of a captured file: nothing to do. */
static int open_end(void *vctx, struct stoat_err *e)
{
	return 0;
}

/* Add a bootbank item copied from entry idx to dest, with its arguments. */
static int add_item(struct media *m, long idx, const char *dest, const char *args,
		    struct stoat_err *e)
{
	struct media_item *v = realloc(m->items, (m->n_items + 1) * sizeof(*v));

	if (!v)
		return err_set(e, ENOMEM, _("out of memory"));
	m->items = v;
	v += m->n_items++;
	memset(v, 0, sizeof(*v));
	v->src = m->ent[idx].name;
	snprintf(v->dest, sizeof(v->dest), "%s", dest);
	snprintf(v->args, sizeof(v->args), "%s", args);
	v->size = m->ent[idx].size;
	m->payload += v->size;
	return 0;
}

/* Whether a boot.cfg path is a URL (VMware's loader: "://" inside). */
static bool is_url(const char *p)
{
	return strstr(p, "://") != NULL;
}

/* Copy s with its backslashes made slashes (the loader takes both). */
static void slashes(char *dst, size_t size, const char *s)
{
	size_t i;

	for (i = 0; i + 1 < size && s[i]; i++) {
		char c = s[i];

		if (c == '\\')
			c = '/';
		dst[i] = c;
	}
	if (size)
		dst[i] = '\0';
}

/* Where VMware's loader looks for path (a boot.cfg entry's path) of boot
 * cfg b in folder dir, as a media name in want. 1: want is on the media;
 * 0: it is a URL (want says it); -EINVAL: it climbs out of the media. */
static int loader_path(const struct bootcfg *b, const char *dir, const char *path,
		       char *want, size_t size)
{
	char p[BOOTCFG_NAME_MAX], pre[sizeof(b->prefix)], joined[sizeof(pre) + BOOTCFG_NAME_MAX + 8];
	size_t n;

	slashes(p, sizeof(p), path);
	slashes(pre, sizeof(pre), b->prefix);
	n = strlen(pre);
	if (is_url(p)) {
		snprintf(want, size, "%s", p);
		return 0;
	}
	if (p[0] == '/') {
		snprintf(joined, sizeof(joined), "%s", p);
	} else if (!b->has_prefix) {
		snprintf(joined, sizeof(joined), "%s/%s", dir, p);
	} else if (is_url(pre)) {
		snprintf(want, size, "%s%s%s", pre, n && pre[n - 1] == '/' ? "" : "/", p);
		return 0;
	} else {
		snprintf(joined, sizeof(joined), "%s/%s", pre, p);
	}
	return media_norm_name(joined, want, size) < 0 ? -EINVAL : 1;
}

/* A found module: the loader's own place (0), next to boot.cfg (1). */
struct resolved {
	long idx;
	bool fell_back;
	char want[512];				/* where the loader looks */
};

/* Find the media entry of boot.cfg entry path (cfgname: "boot.cfg" or
 * "EFI/BOOT/BOOT.CFG" for messages, dir its folder): where the loader
 * looks, else next to boot.cfg, else at the root. 0, or -errno with e
 * naming the prefix that was tried. */
static int resolve_path(struct media *m, const struct bootcfg *b, const char *cfgname,
			const char *dir, const char *path, struct resolved *r, struct stoat_err *e)
{
	char p[BOOTCFG_NAME_MAX], alt[BOOTCFG_NAME_MAX + 80], norm[sizeof(alt)];
	const char *base;
	int rc;

	slashes(p, sizeof(p), path);
	base = strrchr(p, '/') ? strrchr(p, '/') + 1 : p;
	if (!*base || !strcmp(base, "..") || !strcmp(base, "."))
		return err_set(e, EINVAL, _("the media's %s names the module '%s', which is not a plain file name; refusing the media"),
			       cfgname, path);
	r->fell_back = false;
	r->idx = -1;
	rc = loader_path(b, dir, path, r->want, sizeof(r->want));
	if (rc < 0 && !b->prefix[0])
		return err_set(e, EINVAL, _("the media's %s names the module '%s', which climbs out of the media; refusing it"),
			       cfgname, path);
	if (rc < 0)
		return err_set(e, EINVAL, _("the media's %s names the module '%s', which with prefix=%s climbs out of the media; refusing it"),
			       cfgname, path, b->prefix);
	if (rc == 1)
		r->idx = media_find_entry(m, r->want);
	if (r->idx < 0) {
		snprintf(alt, sizeof(alt), "%s/%s", dir, base);
		if (media_norm_name(alt, norm, sizeof(norm)) == 0)
			r->idx = media_find_entry(m, norm);
		if (r->idx < 0 && dir[0])
			r->idx = media_find_entry(m, base);
		r->fell_back = r->idx >= 0;
	}
	if (r->idx < 0 && !b->prefix[0])
		return err_set(e, ENOENT, _("the media's %s names the module '%s', but the media has no such file (looked for %s, then next to boot.cfg and at the media's root)"),
			       cfgname, path, r->want);
	if (r->idx < 0)
		return err_set(e, ENOENT, _("the media's %s names the module '%s', but the media has no such file (looked for %s with prefix=%s, then next to boot.cfg)"),
			       cfgname, path, r->want, b->prefix);
	return 0;
}

/* Fallbacks of one boot.cfg, for the warning. */
struct fell {
	unsigned n, of;
	char first[512];
};

/* Resolve one kernel= or modules= entry of the media's boot.cfg and list
 * it as a bootbank item (the kernel first). */
static int add_module(struct media *m, const char *entry, bool kernel, struct fell *f,
		      struct stoat_err *e)
{
	char path[BOOTCFG_NAME_MAX], dest[BOOTCFG_NAME_MAX];
	const char *args, *base;
	struct resolved r;
	size_t i;
	int rc;

	if (bootcfg_split_entry(entry, path, sizeof(path), &args) < 0)
		return err_set(e, EINVAL, _("the media's boot.cfg has an empty module name"));
	if ((rc = resolve_path(m, &m->boot, "boot.cfg", m->cfg_dir, path, &r, e)) < 0)
		return rc;
	f->of++;
	if (r.fell_back && !f->n++)
		snprintf(f->first, sizeof(f->first), "%s", r.want);
	base = strrchr(path, '/') ? strrchr(path, '/') + 1 : path;
	if (strrchr(base, '\\'))
		base = strrchr(base, '\\') + 1;
	for (i = 0; i < sizeof(dest) - 1 && base[i]; i++)
		dest[i] = (char)tolower((unsigned char)base[i]);
	dest[i] = '\0';
	for (i = 0; i < m->n_items; i++)
		if (!strcasecmp(m->items[i].dest, dest))
			return err_set(e, EINVAL, _("the media's boot.cfg lists the module '%s' twice"), entry);
	if (kernel && *args) {
		media_warn(m, _("the media's boot.cfg has words after the kernel's path (kernel=%s): VMware's boot loader reads kernel= as one path, so they are left out; kernel options belong in kernelopt="),
			   entry);
		args = "";
	}
	return add_item(m, r.idx, dest, args, e);
}

/* Whether name starts with prefix, ignoring case. */
static bool has_prefix(const char *name, const char *prefix)
{
	return !strncasecmp(name, prefix, strlen(prefix));
}

/* Pick the license file: EULA*, then LICENSE*, then OPEN_SOU*; shallowest. */
static long pick_eula(const struct media *m)
{
	static const char *const prefixes[] = { "eula", "license", "licence", "open_sou" };
	size_t p, i;
	long best = -1;
	int best_depth = 99;

	for (p = 0; p < sizeof(prefixes) / sizeof(prefixes[0]) && best < 0; p++)
		for (i = 0; i < m->n_ent; i++) {
			const char *n = m->ent[i].name, *base = strrchr(n, '/');
			const char *dot;
			int depth = 0;

			for (const char *s = n; *s; s++)
				depth += *s == '/';
			base = base ? base + 1 : n;
			dot = strrchr(base, '.');
			if (!has_prefix(base, prefixes[p]) || (dot && strcasecmp(dot, ".txt")))
				continue;
			if (depth < best_depth) {
				best = (long)i;
				best_depth = depth;
			}
		}
	return best;
}

/* Parse the boot.cfg texts and build the item list. */
static int media_setup(struct media *m, struct open_ctx *c, struct stoat_err *e)
{
	int which = c->cfg[1] ? 1 : 2, rc;
	struct bootcfg *efi;
	struct fell f = { 0 };
	struct resolved r;
	char bad[64];
	size_t i, nbad;

	if (!c->cfg[1] && !c->cfg[2]) {
		if (m->is_dir)
			return err_set(e, ENOENT, _("%s is not ESXi install media: it is a folder that has no boot.cfg"),
				       m->path);
		if (m->is_iso)
			return err_set(e, ENOENT, _("%s is not ESXi install media: it is an ISO image that has no boot.cfg"),
				       m->path);
		return err_set(e, ENOENT, _("%s is not ESXi install media: it is a tar archive that has no boot.cfg"),
			       m->path);
	}
	if ((rc = bootcfg_parse(c->cfg[which], c->cfg_len[which], &m->boot, e)) < 0)
		return err_prefix(e, _("the media's %s"), which == 1 ? "BOOT.CFG" : "EFI/BOOT/BOOT.CFG");
	snprintf(m->cfg_dir, sizeof(m->cfg_dir), "%s", which == 1 ? "" : "EFI/BOOT");
	if ((rc = add_module(m, m->boot.kernel, true, &f, e)) < 0)
		return rc;
	for (i = 0; i < m->boot.n_modules; i++)
		if ((rc = add_module(m, m->boot.modules[i], false, &f, e)) < 0)
			return rc;
	if ((nbad = bootcfg_kopt_bad_words(m->boot.kernelopt, bad, sizeof(bad))))
		media_warn(m, P_("the media's boot.cfg kernelopt holds %zu word that is no boot option ('%s'); it is not carried to the installed host",
				 "the media's boot.cfg kernelopt holds %zu words that are no boot options (the first: '%s'); they are not carried to the installed host",
				 nbad),
			   nbad, bad);
	if (f.n && !m->boot.prefix[0])
		media_warn(m, _("%u of the %u files the media's boot.cfg names are not where it says (%s): they are taken from next to boot.cfg or the media's root instead"),
			   f.n, f.of, f.first);
	else if (f.n)
		media_warn(m, _("%u of the %u files the media's boot.cfg names are not where it says (%s, with prefix=%s): as for a boot.cfg edited for network boot, they are taken from next to boot.cfg instead"),
			   f.n, f.of, f.first, m->boot.prefix);
	/* The UEFI copy must name only modules the media has, too. */
	if (which == 1 && c->cfg[2]) {
		if (!(efi = malloc(sizeof(*efi))))
			return err_set(e, ENOMEM, _("out of memory"));
		rc = bootcfg_parse(c->cfg[2], c->cfg_len[2], efi, e);
		if (rc < 0)
			err_prefix(e, _("the media's %s"), "EFI/BOOT/BOOT.CFG");
		for (i = 0; rc == 0 && i <= efi->n_modules; i++) {
			char path[BOOTCFG_NAME_MAX];
			const char *args;

			if (bootcfg_split_entry(i ? efi->modules[i - 1] : efi->kernel, path, sizeof(path), &args) < 0)
				continue;
			rc = resolve_path(m, efi, "EFI/BOOT/BOOT.CFG", "EFI/BOOT", path, &r, e);
		}
		free(efi);
		if (rc < 0)
			return rc;
	}
	m->eula = pick_eula(m);
	return media_find_version(m, e);
}

/* Open path, read it once and validate it; nothing is written anywhere. */
int media_open(const char *path, struct media **out, struct stoat_err *e)
{
	struct open_ctx c = { 0 };
	struct media_pass p = { &c, open_entry, open_data, open_end };
	struct media *m;
	struct stat st;
	int rc = 0, i;

	*out = NULL;
	if (stat(path, &st) < 0)
		return err_set(e, errno, _("%s cannot be opened: %s"), path, strerror(errno));
	/* a FIFO or a terminal would be read without end */
	if (!S_ISDIR(st.st_mode) && !S_ISREG(st.st_mode) && !S_ISBLK(st.st_mode))
		return err_set(e, EINVAL, _("%s is not ESXi install media: it is neither a file, a folder nor a block device"),
			       path);
	if (!(m = calloc(1, sizeof(*m))))
		return err_set(e, ENOMEM, _("out of memory"));
	c.m = m;
	snprintf(m->path, sizeof(m->path), "%s", path);
	m->is_dir = S_ISDIR(st.st_mode);
	m->eula = -1;
	if (!m->is_dir && (rc = media_iso_check(path, m->volid, sizeof(m->volid), e)) < 0)
		goto fail;
	m->is_iso = !m->is_dir && rc == 1;
	if ((rc = media_walk(path, m->is_dir, &p, e)) < 0)
		goto fail;
	if ((rc = media_setup(m, &c, e)) < 0)
		goto fail;
	for (i = 0; i < 3; i++)
		free(c.cfg[i]);
	*out = m;
	return 0;
fail:
	for (i = 0; i < 3; i++)
		free(c.cfg[i]);
	media_close(m);
	/* every refusal starts with the media it is about */
	if (e && strncmp(e->msg, path, strlen(path)))
		err_prefix(e, "%s", path);
	return rc;
}

/* Free everything media_open allocated. */
void media_close(struct media *m)
{
	size_t i;

	if (!m)
		return;
	for (i = 0; i < m->n_ent; i++)
		free(m->ent[i].name);
	free(m->ent);
	free(m->items);
	if (m->kit)
		bootkit_free(m->kit);
	free(m->kit);
	free(m);
}

/* Accessors (see media.h). */
const char *media_title(const struct media *m) { return m->title; }
const char *media_version(const struct media *m) { return m->version; }
int media_major(const struct media *m) { return m->major; }
enum media_version_source media_version_source(const struct media *m) { return m->vsrc; }
bool media_build_empty(const struct media *m) { return m->boot.has_build && !m->boot.build[0]; }
size_t media_warning_count(const struct media *m) { return m->n_warn; }
const char *media_warning(const struct media *m, size_t i) { return i < m->n_warn ? m->warn[i] : NULL; }
uint64_t media_payload_bytes(const struct media *m) { return m->payload; }
const struct bootcfg *media_bootcfg(const struct media *m) { return &m->boot; }

/* Name of the license file chosen by pick_eula, or NULL. */
const char *media_eula_name(const struct media *m)
{
	return m->eula >= 0 ? m->ent[m->eula].name : NULL;
}

/* The files an install copies, in boot order then loaders. */
size_t media_items(const struct media *m, const struct media_item **out)
{
	*out = m->items;
	return m->n_items;
}

/* How many files the media holds. */
size_t media_file_count(const struct media *m)
{
	return m->n_ent;
}

/* The i-th file of the media and its size. */
const char *media_file(const struct media *m, size_t i, uint64_t *size)
{
	if (i >= m->n_ent)
		return NULL;
	if (size)
		*size = m->ent[i].size;
	return m->ent[i].name;
}

/* State of a streaming pass. */
struct stream_ctx {
	struct media *m;
	const struct media_sink *sink;
	bool *seen;
	long cur;		/* item being read, -1 none */
	long want_eula;		/* media_eula: the entry to capture */
	char *text;
	size_t len;
};

/* Start an item when its entry comes by. */
static int stream_entry(void *vctx, const char *raw, uint64_t size, struct stoat_err *e)
{
	struct stream_ctx *c = vctx;
	char name[1024];
	size_t i;

	c->cur = -1;
	if (media_norm_name(raw, name, sizeof(name)) < 0)
		return 0;
	for (i = 0; i < c->m->n_items; i++)
		if (!c->seen[i] && !strcasecmp(c->m->items[i].src, name)) {
			if (size != c->m->items[i].size)
				return err_set(e, EIO, _("the media changed while it was read: %s has a new size"), name);
			int r = c->sink->begin(c->sink->ctx, i, e);

			c->seen[i] = true;
			if (r != 0)
				return r < 0 ? r : 0;
			c->cur = (long)i;
			return 1;
		}
	return 0;
}

/* Pass bytes of the current item to the sink. */
static int stream_data(void *vctx, const void *buf, size_t len, struct stoat_err *e)
{
	struct stream_ctx *c = vctx;

	return c->sink->data(c->sink->ctx, (size_t)c->cur, buf, len, e);
}

/* Finish the current item. */
static int stream_end(void *vctx, struct stoat_err *e)
{
	struct stream_ctx *c = vctx;

	return c->sink->end(c->sink->ctx, (size_t)c->cur, e);
}

/* One pass over the media, handing every item to the sink once. */
int media_stream(struct media *m, const struct media_sink *sink, struct stoat_err *e)
{
	struct stream_ctx c = { m, sink, NULL, -1, -1, NULL, 0 };
	struct media_pass p = { &c, stream_entry, stream_data, stream_end };
	size_t i;
	int rc;

	if (!(c.seen = calloc(m->n_items + 1, sizeof(bool))))
		return err_set(e, ENOMEM, _("out of memory"));
	rc = media_walk(m->path, m->is_dir, &p, e);
	for (i = 0; rc == 0 && i < m->n_items; i++)
		if (!c.seen[i])
			rc = err_set(e, EIO, _("the media changed while it was read: %s is gone"),
				     m->items[i].src);
	free(c.seen);
	return rc;
}

/* media_eula: want only the license entry. */
static int eula_entry(void *vctx, const char *raw, uint64_t size, struct stoat_err *e)
{
	struct stream_ctx *c = vctx;
	char name[1024];

	if (c->text || media_norm_name(raw, name, sizeof(name)) < 0 ||
	    strcasecmp(name, c->m->ent[c->want_eula].name))
		return 0;
	if (size > EULA_MAX_BYTES)
		return err_set(e, EFBIG, _("the license text %s is larger than %u MiB"), name,
			       EULA_MAX_BYTES >> 20);
	if (!(c->text = malloc(size + 1)))
		return err_set(e, ENOMEM, _("out of memory"));
	c->len = 0;
	return 1;
}

/* Collect license bytes. */
static int eula_data(void *vctx, const void *buf, size_t len, struct stoat_err *e)
{
	struct stream_ctx *c = vctx;

	if (c->len + len > c->m->ent[c->want_eula].size)
		return err_set(e, EIO, _("the license text is longer than the media says"));
	memcpy(c->text + c->len, buf, len);
	c->len += len;
	return 0;
}

/* Read the license file whole (at most EULA_MAX_BYTES). */
char *media_eula(struct media *m, struct stoat_err *e)
{
	struct stream_ctx c = { m, NULL, NULL, -1, m->eula, NULL, 0 };
	struct media_pass p = { &c, eula_entry, eula_data, open_end };

	if (m->eula < 0)
		return NULL;
	if (media_walk(m->path, m->is_dir, &p, e) < 0) {
		free(c.text);
		return NULL;
	}
	if (!c.text) {
		err_set(e, EIO, _("the media changed while it was read: %s is gone"),
			m->ent[m->eula].name);
		return NULL;
	}
	c.text[c.len] = '\0';
	return c.text;
}

/* media_files: hand a file to the sink by its normalised name. */
static int files_entry(void *vctx, const char *raw, uint64_t size, struct stoat_err *e)
{
	const struct media_file_sink *sink = vctx;
	char name[1024];

	if (media_norm_name(raw, name, sizeof(name)) < 0)
		return err_set(e, EINVAL, _("the media holds a file named '%s' that climbs out of the media; refusing it"),
			       raw);
	return name[0] ? sink->begin(sink->ctx, name, size, e) : 0;
}

/* media_files: pass a file's bytes on. */
static int files_data(void *vctx, const void *buf, size_t len, struct stoat_err *e)
{
	const struct media_file_sink *sink = vctx;

	return sink->data(sink->ctx, buf, len, e);
}

/* media_files: the end of a file. */
static int files_end(void *vctx, struct stoat_err *e)
{
	const struct media_file_sink *sink = vctx;

	return sink->end(sink->ctx, e);
}

/* One pass over every regular file of the media. */
int media_files(struct media *m, const struct media_file_sink *sink,
		struct stoat_err *e)
{
	struct media_pass p = { (void *)sink, files_entry, files_data, files_end };

	return media_walk(m->path, m->is_dir, &p, e);
}

/* The boot kit for p1, searched once and kept with the media. */
const struct bootkit *media_bootkit(struct media *m, struct stoat_err *e)
{
	if (!m->kit && !m->kit_rc) {
		if (!(m->kit = calloc(1, sizeof(*m->kit)))) {
			err_set(e, ENOMEM, _("out of memory"));
			return NULL;
		}
		m->kit_rc = bootkit_find(m->path, m->is_dir, &m->boot, m->kit, &m->kit_err);
		if (m->kit_rc == 0)
			m->kit_rc = bootkit_host_gptmbr(m->kit, GPTMBR_PATH, &m->kit_err);
		if (m->kit_rc < 0) {
			bootkit_free(m->kit);
			free(m->kit);
			m->kit = NULL;
		} else {
			m->kit_rc = 1;
		}
	}
	if (!m->kit)
		*e = m->kit_err;
	return m->kit;
}
