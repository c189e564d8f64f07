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

#include "bootkit.h"
#include "media_priv.h"
#include "nls.h"

#define BOOTCFG_MAX_BYTES (256u << 10)
#define EULA_MAX_BYTES (4u << 20)

struct media_entry {
	char *name;		/* normalised */
	uint64_t size;
};

struct media {
	char path[4096];
	bool is_dir;
	struct media_entry *ent;
	size_t n_ent, cap_ent;
	struct bootcfg boot;
	char title[160], version[128];
	int major;
	struct media_item *items;
	size_t n_items;
	bool has_efi;
	long eula;		/* index into ent, -1 when none */
	uint64_t payload;
};

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
	char name[1024];

	if (media_norm_name(raw, name, sizeof(name)) < 0)
		return err_set(e, EINVAL, _("the media holds a file named '%s' that climbs out of the media; refusing it"),
			       raw);
	if (m->n_ent == m->cap_ent) {
		size_t cap = m->cap_ent ? m->cap_ent * 2 : 64;
		struct media_entry *v = realloc(m->ent, cap * sizeof(*v));

		if (!v)
			return err_set(e, ENOMEM, _("out of memory"));
		m->ent = v;
		m->cap_ent = cap;
	}
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

/* Index of the entry named name (case-insensitive), or -1. */
static long find_entry(const struct media *m, const char *name)
{
	size_t i;

	for (i = 0; i < m->n_ent; i++)
		if (!strcasecmp(m->ent[i].name, name))
			return (long)i;
	return -1;
}

/* Add an item copied from entry idx to dest in part. */
static int add_item(struct media *m, long idx, const char *dest, enum media_dest part,
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
	v->part = part;
	v->size = m->ent[idx].size;
	m->payload += v->size;
	return 0;
}

/* Resolve one boot.cfg module name to a media entry and list it. */
static int add_module(struct media *m, const char *modname, struct stoat_err *e)
{
	char want[BOOTCFG_NAME_MAX * 3], norm[BOOTCFG_NAME_MAX * 3], dest[BOOTCFG_NAME_MAX];
	const char *base = modname;
	size_t i;
	long idx;

	while (*base == '/')
		base++;
	if (!*base || strchr(base, '/') || strchr(base, '\\') || !strcmp(base, "..") ||
	    !strcmp(base, "."))
		return err_set(e, EINVAL, _("the media's boot.cfg names the module '%s', which is not a plain file name; refusing the media"),
			       modname);
	snprintf(want, sizeof(want), "%s/%s", m->boot.prefix, base);
	if (media_norm_name(want, norm, sizeof(norm)) < 0)
		return err_set(e, EINVAL, _("the media's boot.cfg prefix '%s' climbs out of the media; refusing it"),
			       m->boot.prefix);
	if ((idx = find_entry(m, norm)) < 0)
		return err_set(e, ENOENT, _("the media's boot.cfg names the module '%s', but the media has no such file"),
			       modname);
	for (i = 0; i < sizeof(dest) - 1 && base[i]; i++)
		dest[i] = (char)tolower((unsigned char)base[i]);
	dest[i] = '\0';
	for (i = 0; i < m->n_items; i++)
		if (!strcasecmp(m->items[i].dest, dest))
			return err_set(e, EINVAL, _("the media's boot.cfg lists the module '%s' twice"), modname);
	return add_item(m, idx, dest, MEDIA_TO_BOOTBANK, e);
}

/* Whether name starts with prefix, ignoring case. */
static bool has_prefix(const char *name, const char *prefix)
{
	return !strncasecmp(name, prefix, strlen(prefix));
}

/* List the p1 loader files: EFI/BOOT/ (but its BOOT.CFG) and *.C32. */
static int add_loaders(struct media *m, struct stoat_err *e)
{
	size_t i, j;
	int rc;

	for (i = 0; i < m->n_ent; i++) {
		const char *n = m->ent[i].name, *dot = strrchr(n, '.');
		char dest[BOOTCFG_NAME_MAX];

		if (has_prefix(n, "efi/boot/") && !strchr(n + 9, '/') &&
		    strcasecmp(n + 9, "boot.cfg")) {
			snprintf(dest, sizeof(dest), "EFI/BOOT/%s", n + 9);
			for (j = 9; dest[j]; j++)
				dest[j] = (char)toupper((unsigned char)dest[j]);
			if (!strcasecmp(n + 9, "bootx64.efi"))
				m->has_efi = true;
		} else if (!strchr(n, '/') && dot && !strcasecmp(dot, ".c32")) {
			for (j = 0; n[j] && j < sizeof(dest) - 1; j++)
				dest[j] = (char)tolower((unsigned char)n[j]);
			dest[j] = '\0';
		} else {
			continue;
		}
		if ((rc = add_item(m, (long)i, dest, MEDIA_TO_SYSTEM, e)) < 0)
			return rc;
	}
	return 0;
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

/* Title and version from boot.cfg (or the ISO volume id). */
static void set_identity(struct media *m, const char *volid)
{
	char t[256];
	size_t n;
	const char *v = m->boot.build;

	snprintf(m->version, sizeof(m->version), "%s", v);
	if (!m->version[0] && !strncasecmp(volid, "ESXI-", 5))
		snprintf(m->version, sizeof(m->version), "%.*s",
			 (int)strspn(volid + 5, "0123456789."), volid + 5);
	m->major = atoi(m->version);
	snprintf(t, sizeof(t), "%s", m->boot.title);
	if (!strncasecmp(t, "Loading ", 8))
		memmove(t, t + 8, strlen(t + 8) + 1);
	n = strlen(t);
	if (n >= 10 && !strcasecmp(t + n - 10, " installer"))
		t[n - 10] = '\0';
	if (!t[0] || !strcasecmp(t, "ESXi"))
		snprintf(t, sizeof(t), "VMware ESXi");
	snprintf(m->title, sizeof(m->title), "%s%s%.*s", t, m->version[0] ? " " : "",
		 (int)strcspn(m->version, "-"), m->version);
}

/* Parse the boot.cfg texts and build the item list. */
static int media_setup(struct media *m, struct open_ctx *c, const char *volid,
		       struct stoat_err *e)
{
	int which = c->cfg[1] ? 1 : 2, rc;
	struct bootcfg efi;
	size_t i;

	if (!c->cfg[1] && !c->cfg[2])
		return err_set(e, ENOENT, _("%s has no boot.cfg; it is not ESXi install media"), m->path);
	if ((rc = bootcfg_parse(c->cfg[which], c->cfg_len[which], &m->boot, e)) < 0)
		return err_prefix(e, _("the media's %s"), which == 1 ? "BOOT.CFG" : "EFI/BOOT/BOOT.CFG");
	if ((rc = add_module(m, m->boot.kernel, e)) < 0)
		return rc;
	for (i = 0; i < m->boot.n_modules; i++)
		if ((rc = add_module(m, m->boot.modules[i], e)) < 0)
			return rc;
	/* The UEFI copy must name only modules the media has, too. */
	if (which == 1 && c->cfg[2]) {
		if (bootcfg_parse(c->cfg[2], c->cfg_len[2], &efi, e) < 0)
			return err_prefix(e, _("the media's %s"), "EFI/BOOT/BOOT.CFG");
		for (i = 0; i <= efi.n_modules; i++) {
			const char *mod = i ? efi.modules[i - 1] : efi.kernel;
			char want[BOOTCFG_NAME_MAX * 3], norm[BOOTCFG_NAME_MAX * 3];

			snprintf(want, sizeof(want), "%s/%s", efi.prefix, mod);
			if (media_norm_name(want, norm, sizeof(norm)) < 0 || find_entry(m, norm) < 0)
				return err_set(e, ENOENT, _("the media's EFI/BOOT/BOOT.CFG names the module '%s', but the media has no such file"),
					       mod);
		}
	}
	if ((rc = add_loaders(m, e)) < 0)
		return rc;
	m->eula = pick_eula(m);
	set_identity(m, volid);
	return 0;
}

/* Open path, read it once and validate it; nothing is written anywhere. */
int media_open(const char *path, struct media **out, struct stoat_err *e)
{
	struct open_ctx c = { 0 };
	struct media_pass p = { &c, open_entry, open_data, open_end };
	struct media *m;
	struct stat st;
	char volid[64] = "";
	int rc, i;

	*out = NULL;
	if (stat(path, &st) < 0)
		return err_set(e, errno, _("cannot open the media %s: %s"), path, strerror(errno));
	if (!(m = calloc(1, sizeof(*m))))
		return err_set(e, ENOMEM, _("out of memory"));
	c.m = m;
	snprintf(m->path, sizeof(m->path), "%s", path);
	m->is_dir = S_ISDIR(st.st_mode);
	m->eula = -1;
	if (!m->is_dir && (rc = media_iso_check(path, volid, sizeof(volid), e)) < 0)
		goto fail;
	if ((rc = media_walk(path, m->is_dir, &p, e)) < 0)
		goto fail;
	if ((rc = media_setup(m, &c, volid, e)) < 0)
		goto fail;
	for (i = 0; i < 3; i++)
		free(c.cfg[i]);
	*out = m;
	return 0;
fail:
	for (i = 0; i < 3; i++)
		free(c.cfg[i]);
	media_close(m);
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
	free(m);
}

/* Accessors (see media.h). */
const char *media_title(const struct media *m) { return m->title; }
const char *media_version(const struct media *m) { return m->version; }
int media_major(const struct media *m) { return m->major; }
uint64_t media_payload_bytes(const struct media *m) { return m->payload; }
const struct bootcfg *media_bootcfg(const struct media *m) { return &m->boot; }
int media_has_efi(const struct media *m) { return m->has_efi; }

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

/* Find the boot kit for p1 on the media. */
int media_bootkit(struct media *m, struct bootkit *kit, struct stoat_err *e)
{
	int rc = bootkit_find(m->path, m->is_dir, &m->boot, kit, e);

	if (rc == 0)
		rc = bootkit_host_gptmbr(kit, GPTMBR_PATH, e);
	return rc;
}
