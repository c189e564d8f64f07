/* identity.c - a copy of an ESXi disk with its own identity (see
 * identity.h). */
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
#include "identity.h"
#include "nls.h"
#include "vfat.h"

/* The temporary name of the new state.tgz on the bank (8.3, as the
 * bank's own files). */
#define ID_TMP_NAME "state.tmp"

/* What to do with one entry of an archive being copied: 1 with its new
 * content in out, 0 to copy it as it is, or -errno. */
typedef int (*id_edit_fn)(void *ctx, const char *name, struct archive *r, struct sbuf *out,
			  struct stoat_err *e);

/* archive_write callback: append to the sbuf. */
static la_ssize_t id_sink(struct archive *a, void *ctx, const void *buf, size_t len)
{
	struct sbuf *b = ctx;

	sbuf_add(b, buf, len);
	if (b->oom) {
		archive_set_error(a, ENOMEM, "out of memory");
		return -1;
	}
	return (la_ssize_t)len;
}

/* Read the current entry's data into b, at most max bytes. */
static int id_slurp(struct archive *r, size_t max, struct sbuf *b, const char *name,
		    struct stoat_err *e)
{
	char buf[65536];
	la_ssize_t n;

	memset(b, 0, sizeof(*b));
	while ((n = archive_read_data(r, buf, sizeof(buf))) > 0) {
		if (b->len + (size_t)n > max)
			return err_set(e, EFBIG, _("%s is larger than stoat reads into memory"), name);
		sbuf_add(b, buf, (size_t)n);
		if (b->oom)
			return err_set(e, ENOMEM, _("out of memory"));
	}
	if (n < 0)
		return err_set(e, EIO, _("%s cannot be read: %s"), name,
			       archive_error_string(r) ? archive_error_string(r) : strerror(EIO));
	return 0;
}

/* Copy the gzip'd tar in[len] to out entry by entry, in the archive's own
 * tar format, letting edit replace entries' content. 1 when edit replaced
 * any, 0 when none, or -errno. */
static int id_rewrite(const void *in, size_t len, const char *what, id_edit_fn edit, void *ctx,
		      struct sbuf *out, struct stoat_err *e)
{
	struct archive *r = archive_read_new(), *w = archive_write_new();
	struct archive_entry *ent;
	char buf[65536];
	int rc = 0, changed = 0, ar;
	bool opened = false;

	memset(out, 0, sizeof(*out));
	if (!r || !w) {
		rc = err_set(e, ENOMEM, _("out of memory"));
		goto out;
	}
	archive_read_support_filter_gzip(r);
	archive_read_support_format_tar(r);
	if (archive_read_open_memory(r, in, len) != ARCHIVE_OK) {
		rc = err_set(e, EINVAL, _("%s is not a gzip'd tar archive"), what);
		goto out;
	}
	while (rc == 0 && ((ar = archive_read_next_header(r, &ent)) == ARCHIVE_OK || ar == ARCHIVE_WARN)) {
		const char *name = archive_entry_pathname(ent);
		struct sbuf repl = { 0 };
		int ed = 0;
		la_ssize_t n;

		if (!opened) {
			/* the format the archive has (ustar, GNU, pax) */
			if (archive_write_set_format(w, archive_format(r)) != ARCHIVE_OK &&
			    archive_write_set_format_pax_restricted(w) != ARCHIVE_OK) {
				rc = err_set(e, EINVAL, _("cannot write %s: %s"), what, archive_error_string(w));
				break;
			}
			/* no zero padding after the gzip stream */
			archive_write_set_bytes_in_last_block(w, 1);
			if (archive_write_add_filter_gzip(w) != ARCHIVE_OK ||
			    archive_write_open(w, out, NULL, id_sink, NULL) != ARCHIVE_OK) {
				rc = err_set(e, EIO, _("cannot write %s: %s"), what, archive_error_string(w));
				break;
			}
			opened = true;
		}
		if (archive_entry_filetype(ent) == AE_IFREG && (ed = edit(ctx, name, r, &repl, e)) < 0) {
			rc = ed;
			free(repl.p);
			break;
		}
		if (ed > 0) {
			changed = 1;
			archive_entry_set_size(ent, (la_int64_t)repl.len);
		}
		if (archive_write_header(w, ent) < ARCHIVE_WARN) {
			rc = err_set(e, EIO, _("cannot write %s: %s"), what, archive_error_string(w));
		} else if (ed > 0) {
			if (repl.len && archive_write_data(w, repl.p, repl.len) != (la_ssize_t)repl.len)
				rc = err_set(e, EIO, _("cannot write %s: %s"), what, archive_error_string(w));
		} else {
			while ((n = archive_read_data(r, buf, sizeof(buf))) > 0)
				if (archive_write_data(w, buf, (size_t)n) != n) {
					n = -1;
					break;
				}
			if (n < 0)
				rc = err_set(e, EIO, _("cannot copy %s in %s"), name, what);
		}
		free(repl.p);
	}
	if (rc == 0 && ar != ARCHIVE_EOF)
		rc = err_set(e, EINVAL, _("%s is damaged: %s"), what,
			     archive_error_string(r) ? archive_error_string(r) : strerror(EIO));
	if (rc == 0 && (!opened || archive_write_close(w) != ARCHIVE_OK))
		rc = err_set(e, EIO, _("cannot write %s: %s"), what,
			     opened ? archive_error_string(w) : _("it is empty"));
out:
	if (r)
		archive_read_free(r);
	if (w)
		archive_write_free(w);
	if (rc < 0) {
		free(out->p);
		memset(out, 0, sizeof(*out));
	}
	return rc < 0 ? rc : changed;
}

/* Where the UUID removed from esx.conf goes. */
struct id_uuid {
	char *uuid;
	size_t size;
	bool found;
};

/* Edit of local.tgz: esx.conf without the /system/uuid line. */
static int id_edit_conf(void *ctx, const char *name, struct archive *r, struct sbuf *out,
			struct stoat_err *e)
{
	struct id_uuid *u = ctx;
	struct sbuf conf = { 0 };
	size_t off, n;
	int rc;

	if (!inspect_is_esx_conf(name))
		return 0;
	if ((rc = id_slurp(r, INSPECT_CONF_MAX, &conf, name, e)) < 0) {
		free(conf.p);
		return rc;
	}
	if (conf.p && inspect_conf_uuid(conf.p, conf.len, &off, &n, u->uuid, u->size)) {
		u->found = true;
		memmove(conf.p + off, conf.p + off + n, conf.len - off - n);
		conf.len -= n;
	}
	*out = conf;
	return 1;
}

/* Edit of state.tgz: local.tgz rewritten by id_edit_conf. */
static int id_edit_local(void *ctx, const char *name, struct archive *r, struct sbuf *out,
			 struct stoat_err *e)
{
	struct sbuf local = { 0 };
	int rc;

	if (strcmp(name, "local.tgz"))
		return 0;
	if ((rc = id_slurp(r, INSPECT_LOCAL_MAX, &local, "local.tgz", e)) == 0)
		rc = id_rewrite(local.p ? local.p : "", local.len, "local.tgz", id_edit_conf, ctx, out, e);
	free(local.p);
	return rc < 0 ? rc : 1;
}

/* state.tgz without the UUID line. */
int identity_strip(const void *state, size_t len, struct sbuf *out, char *uuid, size_t size,
		   struct stoat_err *e)
{
	struct id_uuid u = { uuid, size, false };
	int rc = id_rewrite(state, len, "state.tgz", id_edit_local, &u, out, e);

	if (rc >= 0 && !u.found) {
		free(out->p);
		memset(out, 0, sizeof(*out));
		return 0;
	}
	return rc < 0 ? rc : 1;
}

/* Can r be made safe as o asks? */
int identity_check(const struct inspect_result *r, const struct identity_opts *o,
		   struct stoat_err *e)
{
	unsigned i;

	if (!r->gpt)
		return err_set(e, EINVAL, _("%s has no GPT partition table: it is not an ESXi disk"), r->path);
	for (i = 0; o->new_identity && i < 2; i++) {
		const struct inspect_bank *b = &r->bank[i];

		if (!b->valid)
			continue;
		if (b->config == INSPECT_CONF_ENCRYPTED)
			return err_set(e, EPERM, _("the configuration on bootbank %u of %s is encrypted (ESXi 7.0 U2 and later), so its system UUID cannot be removed from a copy; nothing was written. Clear the UUID on the host before taking the image, or reset the copy's configuration on its first boot"),
				       b->num, r->path);
		if (b->config == INSPECT_CONF_UNREADABLE)
			return err_set(e, EINVAL, _("the configuration on bootbank %u of %s cannot be made safe: %s; nothing was written"),
				       b->num, r->path, b->trouble);
	}
	return 0;
}

/* Write the new state.tgz of bank bp: under the temporary name, read
 * back and compared, then renamed over state.tgz. */
static int id_put(const char *dev, const struct bootbank_part *bp, const struct sbuf *st,
		  struct stoat_err *e)
{
	struct vfat_vol v = { dev, -1, bp->start * bp->sector_size,
			      (bp->end - bp->start + 1) * bp->sector_size, bp->sector_size };
	struct sbuf back = { 0 };
	int rc;

	if ((rc = vfat_put_buf(&v, ID_TMP_NAME, st->p, st->len, e)) < 0)
		return rc;
	rc = bootbank_read(dev, bp, ID_TMP_NAME, st->len + 1, &back, e);
	if (rc == 0 && (back.len != st->len || (st->len && back.p && st->p && memcmp(back.p, st->p, st->len))))
		rc = err_set(e, EIO, _("the new state.tgz does not read back as written"));
	free(back.p);
	if (rc == 0)
		rc = vfat_rename(&v, ID_TMP_NAME, "state.tgz", e);
	return rc;
}

/* Rewrite state.tgz of one valid bank. */
static int id_bank(const char *dev, const struct inspect_result *r, const struct inspect_bank *ib,
		   struct identity_bank *out, struct stoat_err *e)
{
	struct bootbank_part bp = { 0, 0, r->sector_size };
	struct sbuf st = { 0 }, fresh = { 0 };
	unsigned i;
	int rc;

	out->num = ib->num;
	out->config = ib->config;
	if (ib->config == INSPECT_CONF_NONE)
		return 0;
	for (i = 0; i < r->n_parts; i++)
		if (r->part[i].num == ib->num) {
			bp.start = r->part[i].start;
			bp.end = r->part[i].end;
		}
	rc = bootbank_read(dev, &bp, "state.tgz", INSPECT_STATE_MAX, &st, e);
	if (rc == 0) {
		out->before = st.len;
		rc = identity_strip(st.p ? st.p : "", st.len, &fresh, out->uuid, sizeof(out->uuid), e);
	}
	if (rc > 0) {
		out->after = fresh.len;
		rc = id_put(dev, &bp, &fresh, e);
		out->changed = rc == 0;
	}
	free(st.p);
	free(fresh.p);
	if (rc < 0)
		return err_prefix(e, _("bootbank %u"), ib->num);
	return 0;
}

/* Remove the VMFS partitions from the table of the device open as fd. */
static int id_drop(int fd, const struct inspect_result *r, struct identity_result *res,
		   struct stoat_err *e)
{
	unsigned i;
	int rc;
	struct stat st;

	for (i = 0; i < r->n_parts; i++) {
		if (r->part[i].role != ROLE_VMFS)
			continue;
		if ((rc = gpt_remove(fd, r->sector_size, r->part[i].num, e)) < 0)
			return rc;
		res->dropped[res->n_dropped] = r->part[i].num;
		res->dropped_bytes[res->n_dropped++] = r->part[i].bytes;
	}
#ifdef BLKRRPART
	/* Best effort: a loop device without partition scanning says EINVAL. */
	if (res->n_dropped && fstat(fd, &st) == 0 && S_ISBLK(st.st_mode))
		(void)ioctl(fd, BLKRRPART);
#else
	(void)st;
#endif
	return 0;
}

/* Make the copy on o->device safe. */
int identity_apply(const struct identity_opts *o, struct identity_result *res,
		   struct stoat_err *e)
{
	struct inspect_result *r = malloc(sizeof(*r));
	struct stat st;
	unsigned i;
	int rc, fd = -1;

	memset(res, 0, sizeof(*res));
	if (!r)
		return err_set(e, ENOMEM, _("out of memory"));
	if ((rc = inspect_path(o->device, r, e)) < 0 || (rc = identity_check(r, o, e)) < 0)
		goto out;
	if (r->via_temp) {
		rc = err_set(e, EINVAL, _("%s is compressed; a copy is made safe on the device it was written to"), o->device);
		goto out;
	}
	fd = open(o->device, O_RDWR | O_CLOEXEC);
	if (fd >= 0 && fstat(fd, &st) == 0 && S_ISBLK(st.st_mode)) {
		close(fd);
		fd = open(o->device, O_RDWR | O_CLOEXEC | O_EXCL);
	}
	if (fd < 0) {
		rc = err_set(e, errno, _("cannot open %s: %s"), o->device, strerror(errno));
		goto out;
	}
	for (i = 0; o->new_identity && i < 2; i++) {
		if (!r->bank[i].valid)
			continue;
		if ((rc = id_bank(o->device, r, &r->bank[i], &res->bank[res->n_banks], e)) < 0)
			goto out;
		res->n_banks++;
		if (fsync(fd) < 0) {
			rc = err_set(e, errno, _("cannot write to %s: %s"), o->device, strerror(errno));
			goto out;
		}
	}
	if (o->drop_datastore)
		rc = id_drop(fd, r, res, e);
out:
	if (fd >= 0)
		close(fd);
	free(r);
	return rc;
}

/* Before a flash with o: inspect the image file, refuse what cannot be
 * made safe and list the datastores the copy would carry. */
int identity_prepare(const char *image, const struct identity_opts *o,
		     struct identity_image *im, struct stoat_err *e)
{
	struct inspect_result *r = malloc(sizeof(*r));
	unsigned i;
	int rc;

	memset(im, 0, sizeof(*im));
	if (!r)
		return err_set(e, ENOMEM, "%s", _("out of memory"));
	rc = inspect_path(image, r, e);
	if (rc == 0)
		rc = identity_check(r, o, e);
	if (rc == 0) {
		im->via_temp = r->via_temp;
		snprintf(im->filter, sizeof(im->filter), "%s", r->filter);
		for (i = 0; i < r->n_parts; i++) {
			if (r->part[i].role != ROLE_VMFS)
				continue;
			im->vmfs[im->n_vmfs] = r->part[i].num;
			im->vmfs_bytes[im->n_vmfs++] = r->part[i].bytes;
		}
	}
	free(r);
	return rc;
}

/* What identity_apply did to boot bank b, a translated sentence. */
void identity_bank_text(const struct identity_bank *b, char *buf, size_t size)
{
	if (b->changed)
		snprintf(buf, size, _("Bootbank %u: removed the system UUID %s from esx.conf (state.tgz %llu -> %llu bytes); ESXi makes a new one at the next boot."),
			 b->num, b->uuid, (unsigned long long)b->before, (unsigned long long)b->after);
	else if (b->config == INSPECT_CONF_NONE)
		snprintf(buf, size, _("Bootbank %u: no state.tgz (the host never saved its configuration): nothing to change."),
			 b->num);
	else
		snprintf(buf, size, _("Bootbank %u: esx.conf holds no system UUID: nothing to change."), b->num);
}
