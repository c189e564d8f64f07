/* media_version.c - which ESXi version install media hold: the image
 * database first, then build= of the media's boot.cfg, then the ISO
 * volume id (see media.h), and the operator's answer when none of them
 * says it. Never a guess: the layout and the installed build= follow from
 * this. */
#include "config.h"

#include <ctype.h>
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "imgdb.h"
#include "media_priv.h"
#include "nls.h"

/* The database files, in the order they are trusted. */
static const char *const db_files[2] = { "imgdb.tgz", "imgpayld.tgz" };

/* The pass over the media that reads the database files. */
struct db_pass {
	char want[2][1024];		/* media names of db_files, "" when absent */
	struct imgdb db[2];
	bool read[2];
};

/* The media name of a database file: the boot.cfg module of that name,
 * else the file next to boot.cfg, else at the root; "" when none. */
static void db_where(const struct media *m, const char *file, char *out, size_t size)
{
	char alt[sizeof(m->cfg_dir) + 32];
	size_t i;
	long idx;

	out[0] = '\0';
	for (i = 0; i < m->n_items; i++)
		if (!strcasecmp(m->items[i].dest, file)) {
			snprintf(out, size, "%s", m->items[i].src);
			return;
		}
	snprintf(alt, sizeof(alt), "%s%s%s", m->cfg_dir, m->cfg_dir[0] ? "/" : "", file);
	if ((idx = media_find_entry(m, alt)) < 0)
		idx = media_find_entry(m, file);
	if (idx >= 0)
		snprintf(out, size, "%s", m->ent[idx].name);
}

/* Which database file a media member is: 0, 1, or -1 for neither. */
static int db_kind(const struct db_pass *d, const char *raw)
{
	char name[1024];
	int k;

	if (media_norm_name(raw, name, sizeof(name)) < 0)
		return -1;
	for (k = 0; k < 2; k++)
		if (d->want[k][0] && !strcasecmp(name, d->want[k]))
			return k;
	return -1;
}

/* Read a database file, each once; imgpayld.tgz only while imgdb.tgz
 * has not named a version. */
static int db_pick(void *ctx, const char *raw, uint64_t size, struct stoat_err *e)
{
	struct db_pass *d = ctx;
	char v[IMGDB_VERSION_MAX * IMGDB_MAX_VERSIONS];
	int k = db_kind(d, raw);

	(void)size;
	(void)e;
	if (k < 0 || d->read[k])
		return 0;
	if (k == 1 && d->read[0] && imgdb_version(&d->db[0], v, sizeof(v)) == 1)
		return 0;
	return 1;
}

/* Scan a picked database file. */
static int db_use(void *ctx, const char *raw, uint64_t size, const struct stream *in,
		  struct stoat_err *e)
{
	struct db_pass *d = ctx;
	int k = db_kind(d, raw);
	const char *base = strrchr(d->want[k], '/');

	(void)size;
	d->read[k] = true;
	return imgdb_scan(&d->db[k], base ? base + 1 : d->want[k], in, e);
}

/* What the database files said: the state, and the version (dbv) when
 * it is MEDIA_DB_VERSION. The first file that names a version (or more
 * than one) decides; else the one that got furthest (the states are in
 * that order). */
static void db_settle(struct media *m, struct db_pass *d, char *dbv, size_t size)
{
	enum media_db_state st;
	const char *base;
	int k, r;

	m->db_state = MEDIA_DB_ABSENT;
	for (k = 0; k < 2; k++) {
		if (!d->want[k][0])
			continue;
		base = strrchr(d->want[k], '/') ? strrchr(d->want[k], '/') + 1 : d->want[k];
		r = d->read[k] ? imgdb_version(&d->db[k], dbv, size) : 0;
		st = r == 1 ? MEDIA_DB_VERSION : r < 0 ? MEDIA_DB_CONFLICT
		   : d->db[k].n_docs ? MEDIA_DB_NO_BASE
		   : d->db[k].trouble[0] || !d->read[k] ? MEDIA_DB_UNREADABLE : MEDIA_DB_EMPTY;
		if (st > m->db_state) {
			m->db_state = st;
			snprintf(m->db_name, sizeof(m->db_name), "%s", base);
			snprintf(m->db_note, sizeof(m->db_note), "%s",
				 st == MEDIA_DB_CONFLICT ? dbv : d->db[k].trouble);
		}
		if (st >= MEDIA_DB_CONFLICT)
			break;
	}
	if (m->db_state != MEDIA_DB_VERSION && size)
		dbv[0] = '\0';
}

/* The version in an ISO volume id "ESXI-6.7.0-...", or false. */
static bool volid_version(const char *volid, char *out, size_t size)
{
	size_t n;

	if (strncasecmp(volid, "ESXI-", 5) || !isdigit((unsigned char)volid[5]))
		return false;
	n = strspn(volid + 5, "0123456789.");
	while (n && volid[5 + n - 1] == '.')
		n--;
	snprintf(out, size, "%.*s", (int)n, volid + 5);
	return true;
}

/* Whether build= holds a version: a digit first (what VMware's boot
 * loader wants) and no control characters. */
static bool build_ok(const char *b)
{
	for (const char *s = b; *s; s++)
		if ((unsigned char)*s < 0x20 || *s == 0x7f)
			return false;
	return isdigit((unsigned char)b[0]);
}

/* The product name from boot.cfg's title and the version. */
static void set_title(struct media *m)
{
	char t[256];
	size_t n;

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

/* The form of version v the ESXi installer writes as build=: the
 * version and the build number as `vmware -v` prints them ("6.7.0
 * build-8169922" is build=6.7.0-8169922), the build number being the
 * last field of a VIB version's release ("6.7.0-0.0.8169922"). */
static void installer_form(const char *v, char *out, size_t size)
{
	const char *dash = strchr(v, '-'), *last;

	last = dash ? strrchr(dash + 1, '.') : NULL;
	last = last ? last + 1 : dash ? dash + 1 : NULL;
	if (!last || !*last)
		snprintf(out, size, "%s", v);
	else
		snprintf(out, size, "%.*s-%s", (int)(dash - v), v, last);
}

/* Version, major and title from the database's version (dbv, "" when
 * none), build= and the volume id, in that order. With a database, the
 * version is written the way the ESXi installer writes build=, unless
 * the media's build= names the same version and build in another form
 * (7.x media say build=7.0.3-0.55.20328353): then that stays. */
static void settle(struct media *m, const char *dbv)
{
	const char *b = m->boot.build;
	bool bok = build_ok(b);
	char dbform[sizeof(m->version)], bform[sizeof(m->version)];
	long major;

	if (b[0] && !bok)
		media_warn(m, _("the media's boot.cfg says build=%s, which is not a version (it does not start with a digit); it is not used"),
			   b);
	m->vsrc = MEDIA_VERSION_UNKNOWN;
	m->version[0] = '\0';
	if (dbv[0]) {
		installer_form(dbv, dbform, sizeof(dbform));
		installer_form(b, bform, sizeof(bform));
		snprintf(m->version, sizeof(m->version), "%s", bok && !strcmp(bform, dbform) ? b : dbform);
		m->vsrc = MEDIA_VERSION_IMGDB;
		if (bok && strcmp(bform, dbform))
			media_warn(m, _("the media's boot.cfg says build=%s, but its image database (%s) says %s: stoat goes by the image database"),
				   b, m->db_name, dbv);
	} else if (bok) {
		snprintf(m->version, sizeof(m->version), "%s", b);
		m->vsrc = MEDIA_VERSION_BUILD;
	} else if (volid_version(m->volid, m->version, sizeof(m->version))) {
		m->vsrc = MEDIA_VERSION_VOLID;
	}
	major = strtol(m->version, NULL, 10);
	m->major = major > 0 && major < 1000 ? (int)major : 0;
	set_title(m);
}

/* Read the image database, then settle the version (see media_priv.h). */
int media_find_version(struct media *m, struct stoat_err *e)
{
	struct db_pass *d = calloc(1, sizeof(*d));
	struct stream_members p = { d, db_pick, db_use };
	char dbv[IMGDB_VERSION_MAX * IMGDB_MAX_VERSIONS] = "";
	int k, rc = 0;

	if (!d)
		return err_set(e, ENOMEM, _("out of memory"));
	for (k = 0; k < 2; k++)
		db_where(m, db_files[k], d->want[k], sizeof(d->want[k]));
	if (d->want[0][0] || d->want[1][0])
		rc = media_walk_pull(m->path, m->is_dir, &p, e);
	if (rc == 0) {
		db_settle(m, d, dbv, sizeof(dbv));
		settle(m, dbv);
	}
	free(d);
	return rc;
}

/* The build= an answer writes. */
const char *media_answer_build(int major)
{
	return major == 6 ? "6" : major == 7 ? "7" : NULL;
}

/* The operator's answer for media that does not say its version. */
int media_set_major(struct media *m, int major)
{
	const char *b = media_answer_build(major);

	if (!b || (m->vsrc != MEDIA_VERSION_UNKNOWN && m->vsrc != MEDIA_VERSION_ANSWER))
		return -EINVAL;
	snprintf(m->version, sizeof(m->version), "%s", b);
	m->major = major;
	m->vsrc = MEDIA_VERSION_ANSWER;
	return 0;
}

/* Why the version is unknown: what each source said, one sentence each. */
void media_version_why(const struct media *m, char *buf, size_t size)
{
	size_t n = 0;

#define SAY(...) do { \
		if (n < size) \
			n += (size_t)snprintf(buf + n, size - n, __VA_ARGS__); \
	} while (0)
	/* sentences are set apart by a blank, except after a full-width
	 * full stop (Japanese puts none there) */
#define BETWEEN() do { \
		if (n >= 3 && n < size && !memcmp(buf + n - 3, "\xe3\x80\x82", 3)) \
			break; \
		SAY(" "); \
	} while (0)
	if (size)
		buf[0] = '\0';
	if (m->vsrc != MEDIA_VERSION_UNKNOWN && m->vsrc != MEDIA_VERSION_ANSWER)
		return;
	switch (m->db_state) {
	case MEDIA_DB_ABSENT:
		SAY("%s", _("It has no image database (imgdb.tgz)."));
		break;
	case MEDIA_DB_UNREADABLE:
		SAY(_("Its image database gives no version: %s."), m->db_note[0] ? m->db_note : m->db_name);
		break;
	case MEDIA_DB_EMPTY:
		SAY(_("Its image database (%s) holds no image profile and no VIB descriptor."), m->db_name);
		break;
	case MEDIA_DB_NO_BASE:
		SAY(_("Its image database (%s) has no esx-base VIB."), m->db_name);
		break;
	case MEDIA_DB_CONFLICT:
		SAY(_("Its image database (%s) names more than one ESXi version: %s."), m->db_name, m->db_note);
		break;
	default:
		break;
	}
	BETWEEN();
	if (!m->boot.has_build)
		SAY("%s", _("Its boot.cfg has no build= line."));
	else if (!m->boot.build[0])
		SAY("%s", _("Its boot.cfg has an empty build=, as VMware's 6.0 to 6.7 media have."));
	else
		SAY(_("Its boot.cfg says build=%s, which does not start with a digit."), m->boot.build);
	BETWEEN();
	if (!m->is_iso)
		SAY("%s", _("It is no ISO image, so it has no volume id."));
	else
		SAY(_("Its volume id (%s) names no version."), m->volid[0] ? m->volid : "-");
#undef BETWEEN
#undef SAY
}
