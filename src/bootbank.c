/* bootbank.c - read an ESXi boot bank in place (see bootbank.h). */
#include "config.h"

#include <ctype.h>
#include <errno.h>
#include <stdlib.h>
#include <string.h>

#include "bootbank.h"
#include "io.h"
#include "le.h"
#include "vfat.h"

/* Role of an existing partition, from its number and type. */
enum layout_role bootbank_role(unsigned num, const char *guid)
{
	static const struct { const char *guid; unsigned num; enum layout_role role; } roles[] = {
		{ GUID_SYSTEM, 0, ROLE_SYSTEM },
		{ GUID_VMKDIAG, 0, ROLE_COREDUMP },
		{ GUID_VMFS, 0, ROLE_VMFS },
		{ GUID_VMFSL, 0, ROLE_OSDATA },
		{ GUID_LINUXNATIVE, 5, ROLE_BOOTBANK },
		{ GUID_LINUXNATIVE, 6, ROLE_ALTBOOTBANK },
		{ GUID_LINUXNATIVE, 8, ROLE_LOCKER },
	};
	size_t i;

	for (i = 0; i < sizeof(roles) / sizeof(roles[0]); i++)
		if (!strcmp(guid, roles[i].guid) && (!roles[i].num || roles[i].num == num))
			return roles[i].role;
	return ROLE_SCRATCH;	/* p2 on 6.x: the other linuxNative FAT */
}

/* Where vfat_get's pieces go while one file is read: a buffer, up to a cap. */
struct bootbank_sink {
	struct sbuf *b;
	size_t max;
};

/* vfat_get callback: append a piece. */
static int bootbank_collect(void *ctx, const void *buf, size_t len)
{
	struct bootbank_sink *k = ctx;

	if (k->b->len + len > k->max)
		return -EFBIG;
	sbuf_add(k->b, buf, len);
	return k->b->oom ? -ENOMEM : 0;
}

/* Read a whole file of the FAT in p into b (malloc'd). */
int bootbank_read(const char *dev, const struct bootbank_part *p, const char *name,
		  size_t max, struct sbuf *b, struct stoat_err *e)
{
	struct vfat_vol v = { dev, -1, p->start * p->sector_size,
			      (p->end - p->start + 1) * p->sector_size, p->sector_size };
	struct bootbank_sink k = { b, max };

	memset(b, 0, sizeof(*b));
	return vfat_get(&v, name, bootbank_collect, &k, e);
}

/* See bootbank.h. */
bool bootbank_marked(int fd, uint64_t off)
{
	unsigned char bps[2];
	char buf[16];
	unsigned ss;

	if (io_pread_exact(fd, bps, sizeof(bps), off + 11) < 0)
		return false;
	ss = le16_get(bps);
	if (ss != 1024 && ss != 2048 && ss != 4096)
		ss = 512;
	return io_pread_exact(fd, buf, sizeof(buf), off + ss) == 0 &&
	       !memcmp(buf, BOOTBANK_MARKER, sizeof(buf));
}

/* The bank's marker and boot.cfg. */
int bootbank_cfg(int fd, const char *dev, const struct bootbank_part *p, struct bootcfg *b,
		 struct stoat_err *e)
{
	struct sbuf cfg = { 0 };
	int rc;

	if (!bootbank_marked(fd, p->start * p->sector_size))
		return -ENOENT;
	if (bootbank_read(dev, p, "boot.cfg", BOOTBANK_CFG_MAX, &cfg, e) < 0) {
		free(cfg.p);
		return -ENOENT;
	}
	rc = bootcfg_parse(cfg.p ? cfg.p : "", cfg.len, b, e);
	free(cfg.p);
	return rc < 0 ? -ENOENT : 0;
}

/* safeboot's test of a bank. */
bool bootbank_bootable(const struct bootcfg *b)
{
	return (b->bootstate == 0 || b->bootstate == 1) && b->updated > 0 &&
	       isdigit((unsigned char)b->build[0]);
}
