/* inspect.c - what an ESXi disk or image holds (see inspect.h). */
#include "config.h"

#include <archive.h>
#include <archive_entry.h>
#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/ioctl.h>
#include <sys/stat.h>
#include <unistd.h>
#ifdef HAVE_LINUX_FS_H
#include <linux/fs.h>
#endif

#include "bootbank.h"
#include "gpt.h"
#include "image.h"
#include "imgdb.h"
#include "inspect.h"
#include "nls.h"
#include "sbuf.h"

/* Largest imgdb.tgz of a bank read for its version. */
#define INSPECT_IMGDB_MAX (64u << 20)

/* Whether a name in local.tgz is etc/vmware/esx.conf. */
bool inspect_is_esx_conf(const char *name)
{
	while (*name == '/' || (name[0] == '.' && name[1] == '/'))
		name += *name == '/' ? 1 : 2;
	return !strcmp(name, "etc/vmware/esx.conf");
}

/* Find the /system/uuid line and its value. */
bool inspect_conf_uuid(const char *text, size_t len, size_t *off, size_t *n, char *uuid,
		       size_t size)
{
	static const char key[] = "/system/uuid";
	size_t i = 0, end, k = sizeof(key) - 1, j;

	while (i < len) {
		const char *nl = memchr(text + i, '\n', len - i);

		end = nl ? (size_t)(nl - text) + 1 : len;
		j = i;
		while (j < end && (text[j] == ' ' || text[j] == '\t'))
			j++;
		if (end - j > k && !memcmp(text + j, key, k) &&
		    (text[j + k] == ' ' || text[j + k] == '\t' || text[j + k] == '=')) {
			size_t v, w;

			for (j += k; j < end && (text[j] == ' ' || text[j] == '\t'); j++)
				;
			if (j < end && text[j] == '=') {
				for (j++; j < end && (text[j] == ' ' || text[j] == '\t'); j++)
					;
				v = j;
				w = end;
				while (w > v && (text[w - 1] == '\n' || text[w - 1] == '\r' ||
						 text[w - 1] == ' ' || text[w - 1] == '\t'))
					w--;
				if (w > v + 1 && text[v] == '"' && text[w - 1] == '"') {
					v++;
					w--;
				}
				if (w - v >= size)
					w = v + size - 1;
				memcpy(uuid, text + v, w - v);
				uuid[w - v] = '\0';
				*off = i;
				*n = end - i;
				return true;
			}
		}
		i = end;
	}
	return false;
}

/* A libarchive reader of a (compressed) tar in memory, or NULL. */
static struct archive *inspect_tar_open(const void *buf, size_t len)
{
	struct archive *a = archive_read_new();

	if (!a)
		return NULL;
	archive_read_support_filter_gzip(a);
	archive_read_support_filter_xz(a);
	archive_read_support_filter_zstd(a);
	archive_read_support_filter_bzip2(a);
	archive_read_support_format_tar(a);
	if (archive_read_open_memory(a, buf, len) != ARCHIVE_OK) {
		archive_read_free(a);
		return NULL;
	}
	return a;
}

/* Read the current entry's data into b, at most max bytes. */
static int inspect_slurp(struct archive *a, size_t max, struct sbuf *b)
{
	char buf[65536];
	la_ssize_t n;

	memset(b, 0, sizeof(*b));
	while ((n = archive_read_data(a, buf, sizeof(buf))) > 0) {
		if (b->len + (size_t)n > max)
			return -EFBIG;
		sbuf_add(b, buf, (size_t)n);
		if (b->oom)
			return -ENOMEM;
	}
	return n < 0 ? -EIO : 0;
}

/* Find esx.conf in local.tgz and its UUID. */
static void inspect_local(const void *buf, size_t len, struct inspect_bank *b)
{
	struct archive *a = inspect_tar_open(buf, len);
	struct archive_entry *ent;
	struct sbuf conf = { 0 };
	size_t off, n;
	int r;

	if (!a) {
		snprintf(b->trouble, sizeof(b->trouble), "%s", _("local.tgz in state.tgz cannot be read"));
		return;
	}
	while ((r = archive_read_next_header(a, &ent)) == ARCHIVE_OK || r == ARCHIVE_WARN) {
		if (!inspect_is_esx_conf(archive_entry_pathname(ent)))
			continue;
		if (inspect_slurp(a, INSPECT_CONF_MAX, &conf) < 0)
			snprintf(b->trouble, sizeof(b->trouble), "%s", _("etc/vmware/esx.conf in local.tgz cannot be read"));
		else if (!inspect_conf_uuid(conf.p ? conf.p : "", conf.len, &off, &n, b->uuid, sizeof(b->uuid)))
			snprintf(b->trouble, sizeof(b->trouble), "%s", _("esx.conf holds no /system/uuid line"));
		free(conf.p);
		archive_read_free(a);
		return;
	}
	if (r != ARCHIVE_EOF)
		snprintf(b->trouble, sizeof(b->trouble), "%s", _("local.tgz in state.tgz is damaged"));
	else
		snprintf(b->trouble, sizeof(b->trouble), "%s", _("local.tgz holds no etc/vmware/esx.conf"));
	archive_read_free(a);
}

/* Read a state.tgz: plain, encrypted, or not as expected. */
void inspect_state(const void *state, size_t len, struct inspect_bank *b)
{
	struct archive *a = inspect_tar_open(state, len);
	struct archive_entry *ent;
	bool ve = false, info = false;
	int r;

	b->config = INSPECT_CONF_UNREADABLE;
	b->uuid[0] = b->trouble[0] = '\0';
	if (!a) {
		snprintf(b->trouble, sizeof(b->trouble), "%s", _("state.tgz is not a readable archive"));
		return;
	}
	while ((r = archive_read_next_header(a, &ent)) == ARCHIVE_OK || r == ARCHIVE_WARN) {
		const char *name = archive_entry_pathname(ent);
		struct sbuf local = { 0 };

		if (!strcmp(name, "local.tgz.ve"))
			ve = true;
		else if (!strcmp(name, "encryption.info"))
			info = true;
		if (strcmp(name, "local.tgz"))
			continue;
		if (inspect_slurp(a, INSPECT_LOCAL_MAX, &local) < 0) {
			snprintf(b->trouble, sizeof(b->trouble), "%s", _("local.tgz in state.tgz cannot be read"));
		} else {
			b->config = INSPECT_CONF_PLAIN;
			inspect_local(local.p ? local.p : "", local.len, b);
		}
		free(local.p);
		archive_read_free(a);
		return;
	}
	archive_read_free(a);
	if (ve || info) {
		b->config = INSPECT_CONF_ENCRYPTED;
		snprintf(b->trouble, sizeof(b->trouble), "%s",
			 _("the configuration is encrypted (local.tgz.ve and encryption.info, ESXi 7.0 U2 and later)"));
	} else if (r != ARCHIVE_EOF) {
		snprintf(b->trouble, sizeof(b->trouble), "%s", _("state.tgz is damaged"));
	} else {
		snprintf(b->trouble, sizeof(b->trouble), "%s", _("state.tgz holds no local.tgz"));
	}
}

/* The esx-base version in the bank's imgdb.tgz, when it names one. */
static void inspect_imgdb(const char *dev, const struct bootbank_part *bp, struct inspect_bank *b)
{
	struct imgdb *db = calloc(1, sizeof(*db));
	struct stoat_err ignore;
	struct stream_mem m;
	struct stream s;
	struct sbuf buf = { 0 };

	if (db && bootbank_read(dev, bp, "imgdb.tgz", INSPECT_IMGDB_MAX, &buf, &ignore) == 0) {
		stream_mem_init(&m, &s, buf.p ? buf.p : "", buf.len);
		if (imgdb_scan(db, "imgdb.tgz", &s, &ignore) == 0 &&
		    imgdb_version(db, b->version, sizeof(b->version)) != 1)
			b->version[0] = '\0';
	}
	free(buf.p);
	free(db);
}

/* Read boot bank num (if the table has it) into b. */
static void inspect_bank(int fd, const char *dev, const struct inspect_result *r, unsigned num,
			 struct inspect_bank *b)
{
	struct bootcfg *cfg = malloc(sizeof(*cfg));
	struct bootbank_part bp = { 0, 0, r->sector_size };
	struct stoat_err ignore;
	struct sbuf state = { 0 };
	unsigned i;

	memset(b, 0, sizeof(*b));
	b->num = num;
	for (i = 0; i < r->n_parts; i++)
		if (r->part[i].num == num && !strcmp(r->part[i].type_guid, GUID_LINUXNATIVE)) {
			bp.start = r->part[i].start;
			bp.end = r->part[i].end;
		}
	if (!cfg || !bp.end || bootbank_cfg(fd, dev, &bp, cfg, &ignore) < 0) {
		free(cfg);
		return;
	}
	b->found = true;
	b->valid = cfg->bootstate != 3;
	b->bootable = bootbank_bootable(cfg);
	b->bootstate = cfg->bootstate;
	b->updated = cfg->updated;
	snprintf(b->build, sizeof(b->build), "%s", cfg->build);
	free(cfg);
	inspect_imgdb(dev, &bp, b);
	if (bootbank_read(dev, &bp, "state.tgz", INSPECT_STATE_MAX, &state, &ignore) == 0)
		inspect_state(state.p ? state.p : "", state.len, b);
	free(state.p);
}

/* Inspect the raw disk or image open as fd (path for mtools). */
static int inspect_fd(int fd, const char *path, struct inspect_result *r, struct stoat_err *e)
{
	static const unsigned sizes[] = { 512, 4096 };
	struct gpt_table *t = calloc(1, sizeof(*t));
	unsigned i, k;
	int rc = -ENOENT;

	if (!t)
		return err_set(e, ENOMEM, _("out of memory"));
	for (k = 0; k < 2 && rc < 0; k++) {
		if (r->sector_size && r->sector_size != sizes[k])
			continue;
		rc = gpt_read(fd, sizes[k], t, e);
		if (rc == 0)
			r->sector_size = sizes[k];
	}
	if (rc < 0) {
		free(t);
		if (rc != -ENOENT && rc != -EINVAL)
			return rc;
		if (!r->sector_size)
			r->sector_size = 512;
		return 0;
	}
	r->gpt = true;
	for (i = 0; i < t->n && r->n_parts < INSPECT_MAX_PARTS; i++) {
		struct inspect_part *p = &r->part[r->n_parts++];

		p->num = t->part[i].num;
		p->start = t->part[i].start;
		p->end = t->part[i].end;
		p->bytes = (p->end - p->start + 1) * r->sector_size;
		snprintf(p->type_guid, sizeof(p->type_guid), "%s", t->part[i].type_guid);
		p->role = bootbank_role(p->num, p->type_guid);
		/* in disk order */
		for (k = r->n_parts - 1; k > 0 && r->part[k - 1].start > r->part[k].start; k--) {
			struct inspect_part tmp = r->part[k];

			r->part[k] = r->part[k - 1];
			r->part[k - 1] = tmp;
		}
	}
	free(t);
	r->boots = -1;
	for (i = 0; i < 2; i++) {
		inspect_bank(fd, path, r, 5 + i, &r->bank[i]);
		if (r->bank[i].bootable &&
		    (r->boots < 0 || r->bank[i].updated > r->bank[r->boots].updated))
			r->boots = (int)i;
	}
	return 0;
}

/* Inspect a path: raw in place, compressed through a temporary file
 * (image_plain_open). */
int inspect_path(const char *path, struct inspect_result *r, struct stoat_err *e)
{
	struct image_plain pl;
	struct stat st;
	int rc;

	memset(r, 0, sizeof(*r));
	r->boots = -1;
	snprintf(r->path, sizeof(r->path), "%s", path);
	rc = image_plain_open(path, &pl, e);
	snprintf(r->filter, sizeof(r->filter), "%s", pl.filter);
	r->size = pl.size;
	r->via_temp = pl.via_temp;
	if (rc < 0)
		return rc;
	if (!pl.via_temp && fstat(pl.fd, &st) == 0 && S_ISBLK(st.st_mode)) {
#ifdef BLKSSZGET
		int ss = 0;

		if (ioctl(pl.fd, BLKSSZGET, &ss) == 0 && (ss == 512 || ss == 4096))
			r->sector_size = (unsigned)ss;
#endif
	}
	rc = inspect_fd(pl.fd, pl.name, r, e);
	image_plain_close(&pl);
	return rc;
}

/* Label of a configuration kind. */
const char *inspect_config_label(enum inspect_config c)
{
	switch (c) {
	case INSPECT_CONF_NONE: return _("none (no state.tgz)");
	case INSPECT_CONF_PLAIN: return _("not encrypted");
	case INSPECT_CONF_ENCRYPTED: return _("encrypted");
	case INSPECT_CONF_UNREADABLE: break;
	}
	return _("unreadable");
}

/* JSON word of a configuration kind. */
const char *inspect_config_name(enum inspect_config c)
{
	static const char *const names[] = { "none", "plain", "encrypted", "unreadable" };

	return names[c];
}
