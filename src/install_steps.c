/* install_steps.c - the executor's steps after partitioning: format,
 * copy, first-boot payload, altbootbank, zeroing, verify, boot.cfg last. */
#include "config.h"

#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "bootbank.h"
#include "digest.h"
#include "firstboot.h"
#include "install_steps.h"
#include "io.h"
#include "nls.h"

/* Whether role r is formatted FAT. */
static bool role_is_fat(enum layout_role r)
{
	return r == ROLE_SYSTEM || r == ROLE_BOOTBANK || r == ROLE_ALTBOOTBANK ||
	       r == ROLE_LOCKER || r == ROLE_SCRATCH;
}

/* Step 3: FAT16 on every FAT partition, bootbank markers on p5/p6; the
 * partitions the plan keeps are left alone (an upgrade formats only the
 * bank it writes). */
int inst_format(struct inst *in, struct stoat_err *e)
{
	const struct layout *l = &in->p->layout;
	unsigned i;
	int rc;

	for (i = 0; i < l->n; i++) {
		const struct layout_part *lp = &l->part[i];
		struct vfat_vol v = inst_vol(in, lp);
		unsigned char id[20];

		if (!role_is_fat(lp->role) || lp->keep)
			continue;
		if ((rc = inst_random(id, sizeof(id), e)) < 0)
			return rc;
		/* The bootbank UUID: first nibble 7 on a disk, e on flash. */
		id[0] = (unsigned char)((in->flash ? 0xe0 : 0x70) | (id[0] & 0x0f));
		rc = vfat_format(&v, (uint32_t)id[16] << 24 | (uint32_t)id[17] << 16 |
				 (uint32_t)id[18] << 8 | id[19], lp->role == ROLE_SYSTEM, e);
		if (rc < 0)
			return err_prefix(e, _("partition %u"), lp->num);
		/* The marker and UUID open the FAT's second sector, where
		 * safeboot reads them (byte 512, or 4096 on a 4Kn disk). */
		if (lp->role == ROLE_BOOTBANK || lp->role == ROLE_ALTBOOTBANK) {
			unsigned char sec[32];

			memcpy(sec, BOOTBANK_MARKER, 16);
			memcpy(sec + 16, id, 16);
			if ((rc = io_pwrite_all(in->fd, sec, sizeof(sec), v.offset + v.sector_size)) < 0)
				return err_set(e, -rc, _("cannot write the bootbank marker of partition %u: %s"),
					       lp->num, strerror(-rc));
		}
	}
	return inst_sync(in, e);
}

/* State of one copy pass. */
struct copy_ctx {
	struct inst *in;
	struct vfat_put *w;
	struct sha256_ctx sha;
};

/* Start copying item i into the bootbank. */
static int copy_begin(void *vctx, size_t i, struct stoat_err *e)
{
	struct copy_ctx *c = vctx;
	struct inst *in = c->in;
	struct vfat_vol v = inst_vol(in, inst_role(in->p, ROLE_BOOTBANK));

	if (in->cb && in->cb->cancelled && in->cb->cancelled(in->cb->ctx))
		return err_set(e, ECANCELED, _("cancelled"));
	sha256_init(&c->sha);
	return vfat_put_begin(&v, in->items[i].dest, &c->w, e);
}

/* Hash and pass on a piece of the item. */
static int copy_data(void *vctx, size_t i, const void *buf, size_t len, struct stoat_err *e)
{
	struct copy_ctx *c = vctx;
	int rc;

	sha256_update(&c->sha, len, buf);
	if ((rc = vfat_put_write(c->w, buf, len, e)) < 0)
		return rc;
	return inst_advance(c->in, len, e);
}

/* Finish the item: wait for mcopy, keep the digest. */
static int copy_end(void *vctx, size_t i, struct stoat_err *e)
{
	struct copy_ctx *c = vctx;
	struct vfat_put *w = c->w;

	c->w = NULL;
	sha256_digest(&c->sha, SHA256_DIGEST_SIZE, c->in->sum[i]);
	return vfat_put_end(w, e);
}

/* Step 5: copy the media's modules into the bootbank. */
int inst_copy(struct inst *in, struct stoat_err *e)
{
	struct copy_ctx c = { .in = in };
	struct media_sink sink = { &c, copy_begin, copy_data, copy_end };
	int rc = media_stream(in->m, &sink, e);

	if (c.w)
		vfat_put_abort(c.w);
	if (rc < 0)
		return rc;
	return inst_sync(in, e);
}

/* Step 5, end: onetime.tgz onto the bootbank. */
int inst_onetime(struct inst *in, struct stoat_err *e)
{
	struct vfat_vol v = inst_vol(in, inst_role(in->p, ROLE_BOOTBANK));
	int rc;

	digest_buf(in->onetime, in->onetime_len, in->onetime_sum);
	if ((rc = vfat_put_buf(&v, "onetime.tgz", in->onetime, in->onetime_len, e)) < 0)
		return rc;
	if ((rc = inst_advance(in, in->onetime_len, e)) < 0)
		return rc;
	return inst_sync(in, e);
}

/* Step 6: the invalid boot.cfg on the altbootbank. */
int inst_altbank(struct inst *in, struct stoat_err *e)
{
	struct vfat_vol v = inst_vol(in, inst_role(in->p, ROLE_ALTBOOTBANK));
	struct bootcfg b;
	char buf[4096];
	size_t n;
	int rc;

	inst_alt_bootcfg(in->p, in->m, &b);
	n = bootcfg_format(&b, buf, sizeof(buf));
	if (n >= sizeof(buf))
		return err_set(e, ENOSPC, _("the altbootbank boot.cfg is too long"));
	if ((rc = vfat_put_buf(&v, "boot.cfg", buf, n, e)) < 0)
		return rc;
	return inst_sync(in, e);
}

/* Write zeros over [off, off+len) of the target. */
static int zero_range(struct inst *in, uint64_t off, uint64_t len, struct stoat_err *e)
{
	size_t chunk = 4u << 20;
	char *z = calloc(1, chunk);
	int rc = 0;

	if (!z)
		return err_set(e, ENOMEM, _("out of memory"));
	while (len && rc == 0) {
		size_t n = len < chunk ? (size_t)len : chunk;

		if ((rc = io_pwrite_all(in->fd, z, n, off)) < 0) {
			rc = err_set(e, -rc, _("cannot write zeros to %s: %s"), in->dev, strerror(-rc));
			break;
		}
		off += n;
		len -= n;
		rc = inst_advance(in, n, e);
	}
	free(z);
	return rc;
}

/* How much of partition lp the zero step clears (0: none). */
static uint64_t zero_len(const struct install_plan *p, const struct layout_part *lp)
{
	uint64_t size = (lp->end - lp->start + 1) * p->layout.sector_size;
	uint64_t want;

	if (lp->keep)
		return 0;
	switch (lp->role) {
	case ROLE_COREDUMP: want = INSTALL_COREDUMP_ZERO; break;
	case ROLE_VMFS: case ROLE_OSDATA: want = INSTALL_VMFS_ZERO; break;
	default: return 0;
	}
	return want < size ? want : size;
}

/* Total bytes the zero step writes. */
uint64_t inst_zero_bytes(const struct install_plan *p)
{
	uint64_t n = 0;
	unsigned i;

	for (i = 0; i < p->layout.n; i++)
		n += zero_len(p, &p->layout.part[i]);
	return n;
}

/* Step 7: zero the core dump starts and the VMFS/OSData first MiB, mark
 * the datastore partition, then partition the other datastore disks. */
int inst_zero(struct inst *in, struct stoat_err *e)
{
	const struct layout *l = &in->p->layout;
	unsigned i;
	int rc;

	for (i = 0; i < l->n; i++) {
		const struct layout_part *lp = &l->part[i];
		uint64_t n = zero_len(in->p, lp);

		if (lp->keep && lp->role == ROLE_VMFS && in->n_notes < sizeof(in->note) / sizeof(in->note[0]))
			snprintf(in->note[in->n_notes++], sizeof(in->note[0]),
				 _("Partition %u, the VMFS datastore, was kept as it was: neither it nor its first MiB was written."),
				 lp->num);
		if (!n)
			continue;
		if ((rc = zero_range(in, lp->start * l->sector_size, n, e)) < 0)
			return err_prefix(e, _("partition %u"), lp->num);
		/* the mark the first-boot script looks for (firstboot_ds.c) */
		if (lp->role == ROLE_VMFS &&
		    (rc = inst_mark(in->fd, in->dev, lp->start * l->sector_size,
				    n < FIRSTBOOT_MARKER_MAX ? n : FIRSTBOOT_MARKER_MAX,
				    FIRSTBOOT_MARK_DATASTORE, in->ds_token, 0, e)) < 0)
			return err_prefix(e, _("partition %u"), lp->num);
		if (lp->role == ROLE_VMFS && in->n_notes < sizeof(in->note) / sizeof(in->note[0]))
			snprintf(in->note[in->n_notes++], sizeof(in->note[0]),
				 _("Partition %u is typed for a VMFS datastore; the host creates it (%s) at its first boot. With UEFI Secure Boot on, ESXi skips first-boot scripts: create it from ESXi then."),
				 lp->num, firstboot_ds_fstype(in->p));
		else if (lp->role == ROLE_OSDATA && in->n_notes < sizeof(in->note) / sizeof(in->note[0]))
			snprintf(in->note[in->n_notes++], sizeof(in->note[0]),
				 _("Partition %u (ESX-OSData, VMFS-L) cannot be formatted here: its first MiB was zeroed; ESXi formats it on first boot."),
				 lp->num);
	}
	if ((rc = inst_sync(in, e)) < 0)
		return rc;
	return inst_datastores(in, e);
}

/* State of one read-back. */
struct verify_ctx {
	struct inst *in;
	struct sha256_ctx sha;
	uint64_t len;
	struct stoat_err *e;
};

/* Hash a piece read back. */
static int verify_piece(void *vctx, const void *buf, size_t len)
{
	struct verify_ctx *c = vctx;

	sha256_update(&c->sha, len, buf);
	c->len += len;
	return inst_advance(c->in, len, c->e);
}

/* Read path back from the partition and compare with want. */
static int verify_one(struct inst *in, const struct layout_part *lp, const char *path,
		      const unsigned char want[32], uint64_t size, struct stoat_err *e)
{
	struct vfat_vol v = inst_vol(in, lp);
	struct verify_ctx c = { .in = in, .e = e };
	unsigned char got[SHA256_DIGEST_SIZE];
	char hw[DIGEST_HEX_SIZE], hg[DIGEST_HEX_SIZE];
	int rc;

	sha256_init(&c.sha);
	if ((rc = vfat_get(&v, path, verify_piece, &c, e)) < 0)
		return rc;
	sha256_digest(&c.sha, SHA256_DIGEST_SIZE, got);
	if (c.len != size || memcmp(got, want, SHA256_DIGEST_SIZE)) {
		digest_hex(want, hw);
		digest_hex(got, hg);
		return err_set(e, EIO, _("%s on partition %u reads back wrong (%llu of %llu bytes, SHA-256 %.12s..., expected %.12s...); the device may be failing"),
			       path, lp->num, (unsigned long long)c.len, (unsigned long long)size, hg, hw);
	}
	return 0;
}

/* Step 8: read every copied file back from the device and compare. */
int inst_verify(struct inst *in, struct stoat_err *e)
{
	size_t i;
	int rc = 0;

	/* Read from the device, not from the page cache: write everything
	 * out, then drop the cached pages of the target. */
	if ((rc = inst_sync(in, e)) < 0)
		return rc;
	posix_fadvise(in->fd, 0, 0, POSIX_FADV_DONTNEED);

	for (i = 0; i < in->sb.n_files && !in->p->upgrade; i++) {
		const struct sysboot_file *f = &in->sb.file[i];

		if ((rc = verify_one(in, inst_role(in->p, ROLE_SYSTEM), f->dest, in->p1_sum[i],
				     f->size, e)) < 0)
			return rc;
	}
	for (i = 0; i < in->n_items; i++) {
		const struct media_item *it = &in->items[i];

		if ((rc = verify_one(in, inst_role(in->p, ROLE_BOOTBANK), it->dest, in->sum[i],
				     it->size, e)) < 0)
			return rc;
	}
	if (in->onetime)
		rc = verify_one(in, inst_role(in->p, ROLE_BOOTBANK), "onetime.tgz", in->onetime_sum,
				in->onetime_len, e);
	for (i = 0; rc == 0 && in->p->upgrade && i < in->p->up.n_carry; i++)
		rc = verify_one(in, inst_role(in->p, ROLE_BOOTBANK), in->p->up.carry[i].name,
				in->p->up.carry[i].sum, in->p->up.carry[i].size, e);
	if (rc < 0)
		return rc;
	return inst_sync(in, e);
}

/* Step 9: write the bootbank boot.cfg, sync, read it back. */
int inst_bootcfg(struct inst *in, struct stoat_err *e)
{
	const struct layout_part *lp = inst_role(in->p, ROLE_BOOTBANK);
	struct vfat_vol v = inst_vol(in, lp);
	struct bootcfg *b = malloc(sizeof(*b));
	unsigned char want[SHA256_DIGEST_SIZE];
	char *buf = malloc(65536);
	size_t n;
	int rc;

	if (!b || !buf) {
		free(b);
		free(buf);
		return err_set(e, ENOMEM, _("out of memory"));
	}
	if (in->p->upgrade)
		inst_upgrade_bootcfg(in->p, in->m, in->legacy_usb, b);
	else
		inst_final_bootcfg(in->p, in->m, in->legacy_usb, b);
	n = bootcfg_format(b, buf, 65536);
	free(b);
	if (n >= 65536) {
		free(buf);
		return err_set(e, ENOSPC, _("the bootbank boot.cfg is too long"));
	}
	digest_buf(buf, n, want);
	rc = vfat_put_buf(&v, "boot.cfg", buf, n, e);
	free(buf);
	if (rc == 0)
		rc = inst_advance(in, n, e);
	if (rc == 0)
		rc = inst_sync(in, e);
	/* Read it back too: a boot.cfg that is not what we meant is worse
	 * than none. */
	if (rc == 0)
		rc = verify_one(in, lp, "boot.cfg", want, n, e);
	return rc;
}
