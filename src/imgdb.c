/* imgdb.c - read the ESXi version from the image database on install
 * media (see imgdb.h): a walk over the database's tar for the profiles and
 * VIB descriptors, and a small XML scanner for the few elements needed. */
#include "config.h"

#include <ctype.h>
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "imgdb.h"
#include "nls.h"

#define XML_DEPTH 16		/* element names kept; deeper ones only counted */
#define XML_NAME 24		/* longest element name kept ("" beyond) */
#define XML_TEXT 192		/* longest text captured */
#define ESX_BASE "esx-base"

/* Which document the root element says this is. */
enum doc_kind { DOC_OTHER, DOC_VIB, DOC_PROFILE };

/* What the scanner wants kept of the text of the element it is in. */
enum capture { CAP_NONE, CAP_VIB_NAME, CAP_VIB_VERSION, CAP_PROFILE_NAME, CAP_VIB_ID };

/* The scanner's state over one document. */
struct xml_scan {
	struct imgdb *db;
	char stack[XML_DEPTH][XML_NAME];
	unsigned depth;			/* may pass XML_DEPTH */
	enum doc_kind kind;
	enum capture cap;
	unsigned cap_depth;		/* depth of the element captured */
	char text[XML_TEXT];
	size_t text_len;
	bool text_bad;			/* too long, an entity, or a child element */
	char vib_name[XML_TEXT], vib_version[XML_TEXT];
	bool seen_name, seen_version, seen_profile_name;
};

/* Whether s is a version as VIBs write it. */
bool imgdb_version_ok(const char *s, size_t n)
{
	size_t i;

	if (!n || n >= IMGDB_VERSION_MAX || !isdigit((unsigned char)s[0]))
		return false;
	for (i = 0; i < n; i++)
		if (!isalnum((unsigned char)s[i]) && !strchr(".-+", s[i]))
			return false;
	return true;
}

/* Add version v (n bytes) to a list of distinct versions. */
static void add_version(char (*list)[IMGDB_VERSION_MAX], unsigned *count, const char *v, size_t n)
{
	unsigned i;

	if (!imgdb_version_ok(v, n))
		return;
	for (i = 0; i < *count; i++)
		if (strlen(list[i]) == n && !memcmp(list[i], v, n))
			return;
	if (*count < IMGDB_MAX_VERSIONS) {
		memcpy(list[*count], v, n);
		list[(*count)++][n] = '\0';
	}
}

/* The captured text without the blanks around it, or NULL when bad. */
static const char *cap_text(struct xml_scan *x, size_t *n)
{
	char *s = x->text;
	size_t len = x->text_len;

	if (x->text_bad)
		return NULL;
	while (len && isspace((unsigned char)*s)) {
		s++;
		len--;
	}
	while (len && isspace((unsigned char)s[len - 1]))
		len--;
	s[len] = '\0';
	*n = len;
	return len ? s : NULL;
}

/* An element with captured text closed: keep what it says. */
static void cap_done(struct xml_scan *x)
{
	const char *t, *v;
	size_t n, i;

	if (!(t = cap_text(x, &n)))
		return;
	switch (x->cap) {
	case CAP_VIB_NAME:
		memcpy(x->vib_name, t, n + 1);
		break;
	case CAP_VIB_VERSION:
		memcpy(x->vib_version, t, n + 1);
		break;
	case CAP_PROFILE_NAME:
		/* for messages only: printable ASCII */
		for (i = 0; i < n && i < sizeof(x->db->profile) - 1; i++)
			x->db->profile[i] = (char)(t[i] >= 0x20 && t[i] < 0x7f ? t[i] : '?');
		x->db->profile[i] = '\0';
		break;
	case CAP_VIB_ID:
		/* Vendor_type_name_version: the version follows "_esx-base_" */
		v = strcasestr(t, "_" ESX_BASE "_");
		if (v) {
			v += strlen(ESX_BASE) + 2;
			add_version(x->db->listed, &x->db->n_listed, v, strlen(v));
		}
		break;
	default:
		break;
	}
}

/* Whether element name (n bytes) is want, ignoring case. */
static bool name_is(const char *name, size_t n, const char *want)
{
	return strlen(want) == n && !strncasecmp(name, want, n);
}

/* Whether the open elements from depth 2 on are the names given. */
static bool path_is(const struct xml_scan *x, const char *const *names, unsigned n)
{
	unsigned i;

	if (x->depth != n + 1 || x->depth > XML_DEPTH)
		return false;
	for (i = 0; i < n; i++)
		if (strcasecmp(x->stack[i + 1], names[i]))
			return false;
	return true;
}

/* An element opened (the stack already holds it): what to capture. */
static enum capture cap_for(struct xml_scan *x)
{
	static const char *const vib_id[] = { "viblist", "vib", "vib-id" };
	static const char *const name[] = { "name" };
	static const char *const version[] = { "version" };

	if (x->kind == DOC_VIB) {
		if (!x->seen_name && path_is(x, name, 1))
			return x->seen_name = true, CAP_VIB_NAME;
		if (!x->seen_version && path_is(x, version, 1))
			return x->seen_version = true, CAP_VIB_VERSION;
	} else if (x->kind == DOC_PROFILE) {
		if (!x->seen_profile_name && path_is(x, name, 1))
			return x->seen_profile_name = true, CAP_PROFILE_NAME;
		if (path_is(x, vib_id, 3))
			return CAP_VIB_ID;
	}
	return CAP_NONE;
}

/* Length of an element name at s (at most n bytes); 0 when none. */
static size_t name_len(const char *s, size_t n)
{
	size_t i = 0;

	if (!n || !(isalpha((unsigned char)s[0]) || s[0] == '_' || s[0] == ':'))
		return 0;
	while (i < n && (isalnum((unsigned char)s[i]) || strchr("_:.-", s[i])))
		i++;
	return i;
}

/* Where the tag that starts at s ends (its '>'), quotes respected, or
 * NULL when the text ends first. */
static const char *tag_end(const char *s, const char *end)
{
	char quote = 0;

	for (; s < end; s++) {
		if (quote) {
			if (*s == quote)
				quote = 0;
		} else if (*s == '"' || *s == '\'') {
			quote = *s;
		} else if (*s == '>') {
			return s;
		}
	}
	return NULL;
}

/* Append captured text. */
static void cap_add(struct xml_scan *x, const char *s, size_t n)
{
	if (x->cap == CAP_NONE || x->text_bad)
		return;
	if (memchr(s, '&', n) || x->text_len + n >= sizeof(x->text)) {
		x->text_bad = true;	/* entities never occur in what is read */
		return;
	}
	memcpy(x->text + x->text_len, s, n);
	x->text_len += n;
}

/* An opening tag named name (n bytes); self: it closes itself (an
 * element with no text: it still counts as the element it is). */
static void open_tag(struct xml_scan *x, const char *name, size_t n, bool self)
{
	enum capture c;

	if (x->cap != CAP_NONE)
		x->text_bad = true;	/* the value has an element inside */
	if (x->depth < XML_DEPTH) {
		if (n < XML_NAME) {
			memcpy(x->stack[x->depth], name, n);
			x->stack[x->depth][n] = '\0';
		} else {
			x->stack[x->depth][0] = '\0';
		}
	}
	if (++x->depth == 1)
		x->kind = name_is(name, n, "vib") ? DOC_VIB
			: name_is(name, n, "imageprofile") ? DOC_PROFILE : DOC_OTHER;
	if (x->cap == CAP_NONE && (c = cap_for(x)) != CAP_NONE && !self) {
		x->cap = c;
		x->cap_depth = x->depth;
		x->text_len = 0;
		x->text_bad = false;
	}
	if (self)
		x->depth--;
}

/* A closing tag named name (n bytes); false when it closes nothing open. */
static bool close_tag(struct xml_scan *x, const char *name, size_t n)
{
	if (!x->depth)
		return false;
	if (x->depth <= XML_DEPTH && x->stack[x->depth - 1][0] &&
	    !name_is(name, n, x->stack[x->depth - 1]))
		return false;
	if (x->cap != CAP_NONE && x->depth == x->cap_depth) {
		cap_done(x);
		x->cap = CAP_NONE;
	}
	x->depth--;
	return true;
}

/* Where the two-byte or longer string tail starts at or after s, or NULL. */
static const char *find(const char *s, const char *end, const char *tail)
{
	return memmem(s, (size_t)(end - s), tail, strlen(tail));
}

/* Scan one XML document (see imgdb.h). Comments, processing
 * instructions and declarations are skipped, CDATA is text; the scan
 * stops at the first thing that is not XML (what was found before it
 * stays, so a document cut at IMGDB_DOC_MAX still gives its first
 * elements). */
void imgdb_parse_doc(struct imgdb *db, const char *text, size_t len)
{
	struct xml_scan *x = calloc(1, sizeof(*x));
	const char *s = text, *end = text + len, *t;
	size_t n;

	if (!x)
		return;
	x->db = db;
	if (len >= 3 && !memcmp(s, "\xef\xbb\xbf", 3))
		s += 3;		/* a UTF-8 byte order mark */
	while (s < end) {
		if (*s != '<') {
			t = memchr(s, '<', (size_t)(end - s));
			t = t ? t : end;
			cap_add(x, s, (size_t)(t - s));
			s = t;
		} else if ((size_t)(end - s) >= 4 && !memcmp(s, "<!--", 4)) {
			if (!(t = find(s + 4, end, "-->")))
				break;
			s = t + 3;
		} else if ((size_t)(end - s) >= 9 && !memcmp(s, "<![CDATA[", 9)) {
			if (!(t = find(s + 9, end, "]]>")))
				break;
			cap_add(x, s + 9, (size_t)(t - s - 9));
			s = t + 3;
		} else if ((size_t)(end - s) >= 2 && (s[1] == '?' || s[1] == '!')) {
			if (!(t = find(s + 2, end, s[1] == '?' ? "?>" : ">")))
				break;
			s = t + (s[1] == '?' ? 2 : 1);
		} else if ((size_t)(end - s) >= 2 && s[1] == '/') {
			n = name_len(s + 2, (size_t)(end - s - 2));
			if (!n || !(t = tag_end(s + 2 + n, end)) || !close_tag(x, s + 2, n))
				break;
			s = t + 1;
		} else {
			n = name_len(s + 1, (size_t)(end - s - 1));
			if (!n || !(t = tag_end(s + 1 + n, end)))
				break;
			open_tag(x, s + 1, n, t[-1] == '/');
			s = t + 1;
		}
	}
	if (x->kind == DOC_VIB && !strcasecmp(x->vib_name, ESX_BASE))
		add_version(db->described, &db->n_described, x->vib_version, strlen(x->vib_version));
	if (x->kind != DOC_OTHER)
		db->n_docs++;
	free(x);
}

/* The version db names (see imgdb.h). */
int imgdb_version(const struct imgdb *db, char *out, size_t size)
{
	const char (*list)[IMGDB_VERSION_MAX] = db->n_listed ? db->listed : db->described;
	unsigned n = db->n_listed ? db->n_listed : db->n_described, i;
	size_t len = 0;

	if (size)
		out[0] = '\0';
	for (i = 0; i < n && len < size; i++)
		len += (size_t)snprintf(out + len, size - len, "%s%s", i ? ", " : "", list[i]);
	return n == 0 ? 0 : n == 1 ? 1 : -1;
}

/* One walk over a database archive. */
struct db_walk {
	struct imgdb *db;
	char *buf;			/* IMGDB_DOC_MAX + 1 bytes */
};

/* Whether a member of the archive is a profile or a VIB descriptor: it
 * lies directly in a folder esximg/profiles or esximg/vibs. */
static int db_pick(void *ctx, const char *name, uint64_t size, struct stoat_err *e)
{
	static const char *const dirs[] = { "esximg/profiles/", "esximg/vibs/" };
	struct db_walk *w = ctx;
	const char *p;
	size_t i;

	(void)size;
	(void)e;
	if (w->db->n_docs >= IMGDB_MAX_DOCS)
		return 0;
	for (i = 0; i < sizeof(dirs) / sizeof(dirs[0]); i++) {
		p = strstr(name, dirs[i]);
		if (p && (p == name || p[-1] == '/') && p[strlen(dirs[i])] &&
		    !strchr(p + strlen(dirs[i]), '/'))
			return 1;
	}
	return 0;
}

/* Read a picked member (at most IMGDB_DOC_MAX bytes of it) and scan it. */
static int db_use(void *ctx, const char *name, uint64_t size, const struct stream *in,
		  struct stoat_err *e)
{
	struct db_walk *w = ctx;
	size_t want = size < IMGDB_DOC_MAX ? (size_t)size : IMGDB_DOC_MAX;
	ssize_t got = stream_read_full(in, w->buf, want, e);

	(void)name;
	if (got < 0)
		return (int)got;
	imgdb_parse_doc(w->db, w->buf, (size_t)got);
	return 0;
}

/* A stream that says -EFBIG past a number of bytes. */
struct db_cap {
	const struct stream *in;
	uint64_t left;
};

/* db_cap's read. */
static ssize_t db_cap_read(void *ctx, void *buf, size_t len, struct stoat_err *e)
{
	struct db_cap *c = ctx;
	ssize_t n = c->in->read(c->in->ctx, buf, len, e);

	if (n > 0 && (uint64_t)n > c->left)
		return err_set(e, EFBIG, _("it unpacks to more than %llu MiB; only so much is read for the version"),
			       IMGDB_PLAIN_MAX >> 20);
	if (n > 0)
		c->left -= (uint64_t)n;
	return n;
}

/* Read one database archive (see imgdb.h). */
int imgdb_scan(struct imgdb *db, const char *name, const struct stream *in,
	       struct stoat_err *e)
{
	struct db_walk w = { db, malloc(IMGDB_DOC_MAX + 1) };
	struct stream_members m = { &w, db_pick, db_use };
	struct stoat_err own = { 0 };
	unsigned char head[512];
	struct stream_unpack *u = NULL;
	struct stream plain, capped, whole;
	struct db_cap cap;
	struct stream_cat cat;
	ssize_t n;
	int rc;

	if (!w.buf)
		return err_set(e, ENOMEM, _("out of memory"));
	rc = stream_unpack_open(in, &u, &plain, &own);
	if (rc == 0) {
		cap.in = &plain;
		cap.left = IMGDB_PLAIN_MAX;
		capped.ctx = &cap;
		capped.read = db_cap_read;
		n = stream_read_full(&capped, head, sizeof(head), &own);
		if (n < 0) {
			rc = (int)n;
		} else if (n < (ssize_t)sizeof(head) || memcmp(head + 257, "ustar", 5)) {
			rc = err_set(&own, EINVAL, _("it is not a tar archive"));
		} else {
			stream_cat_init(&cat, &whole, head, sizeof(head), &capped);
			rc = stream_tar_walk(&whole, &m, &own);
		}
	}
	stream_unpack_close(u);
	free(w.buf);
	if (rc == -ENOMEM)
		return err_set(e, ENOMEM, "%s", own.msg);
	if (rc < 0 && !db->trouble[0])
		snprintf(db->trouble, sizeof(db->trouble), _("%s cannot be read: %s"), name, own.msg);
	return 0;
}
