/* mkstick.c - a bootable ESXi installer on a USB stick (see mkstick.h).
 *
 * Order: kickstart, media, boot kit and device are checked and the
 * operator asked before anything is written; then the GPT (partition.c),
 * FAT32 (vfat.c), the media's files in one pass (media_files into
 * mcopy), the loaders the media lacks loose, the kickstart, syslinux
 * (syslinux.c: ldlinux.sys patched, boot sector merged, GPT MBR stub), and
 * boot.cfg last, so that an interrupted stick never looks bootable. */
#include "config.h"

#include <ctype.h>
#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <sys/stat.h>
#include <time.h>
#include <unistd.h>

#include "bootkit.h"
#include "image.h"
#include "io.h"
#include "kickstart.h"
#include "layout.h"
#include "media.h"
#include "mkstick.h"
#include "nls.h"
#include "pace.h"
#include "partition.h"
#include "syslinux.h"
#include "vfat.h"

#define MIB (1024ull * 1024ull)
#define MKSTICK_MAX_DIRS 256
/* The largest FAT16 partition: 32 KiB clusters, fewer than 65525 of them. */
#define MKSTICK_FAT16_MAX (2047 * MIB)

/* syslinux.cfg of the stick: syslinux 3.86 runs the media's mboot.c32 on
 * the stick's boot.cfg. mboot.c32 reads the modules with its own FAT
 * reader, which stops on FAT32 (seen with esx-boot's build under SeaBIOS):
 * a stick that boots by BIOS is FAT16 (see stick_layout). */
static const char mkstick_syslinux_cfg[] = "default mboot.c32 -c boot.cfg -p 1\nnohalt 1\n";

/* Everything one run holds. */
struct stick {
	const struct mkstick_opts *o;
	const struct mkstick_cb *cb;
	struct mkstick_result *res;
	struct media *m;
	const struct bootkit *kit;
	char *ks;
	size_t ks_len;
	struct bootcfg *boot;		/* the stick's boot.cfg */
	bool has_efi, has_c32;		/* the media has them loose */
	bool efi_dir;			/* EFI/BOOT was made */
	struct image_dev dev;
	struct vfat_vol v;
	struct vfat_put *put;
	struct mkstick_progress prog;
	double last;
};

/* Files of the media the stick gets in its own version, or not at all. */
static bool stick_own(const char *name)
{
	static const char *const own[] = { "boot.cfg", "efi/boot/boot.cfg", "ldlinux.sys",
					   "syslinux.cfg", "ks.cfg" };
	size_t i;

	for (i = 0; i < sizeof(own) / sizeof(own[0]); i++)
		if (!strcasecmp(name, own[i]))
			return true;
	return false;
}

/* The word for a stage. */
const char *mkstick_stage_name(enum mkstick_stage s)
{
	switch (s) {
	case MKSTICK_PARTITION: return _("Partitioning");
	case MKSTICK_COPY: return _("Copying");
	case MKSTICK_BOOT: return _("Boot loaders");
	}
	return "";
}

/* Report progress, at most four times a second unless forced. */
static void stick_report(struct stick *s, bool force)
{
	if (!s->cb || !s->cb->progress || !pace_due(&s->last, force))
		return;
	s->cb->progress(s->cb->ctx, &s->prog);
}

/* Whether the front end asked to stop; e says so. */
static int stick_stopped(const struct stick *s, struct stoat_err *e)
{
	if (s->cb && s->cb->cancelled && s->cb->cancelled(s->cb->ctx))
		return err_set(e, ECANCELED, _("stopped before the stick was complete; it does not boot"));
	return 0;
}

/* Read and check the kickstart to copy. */
int mkstick_read_ks(const char *path, char **text, size_t *len, struct stoat_err *e)
{
	struct kickstart ks;
	struct stat st;
	ssize_t n;
	char *buf;
	int fd, rc;

	*text = NULL;
	*len = 0;
	if ((fd = open(path, O_RDONLY | O_CLOEXEC)) < 0)
		return err_set(e, errno, _("cannot read the kickstart %s: %s"), path, strerror(errno));
	if (fstat(fd, &st) < 0 || !S_ISREG(st.st_mode) || st.st_size > (off_t)MKSTICK_KS_MAX) {
		close(fd);
		return err_set(e, EINVAL, _("the kickstart %s is not a file of at most %u KiB"), path,
			       MKSTICK_KS_MAX >> 10);
	}
	buf = malloc((size_t)st.st_size + 1);
	if (!buf) {
		close(fd);
		return err_set(e, ENOMEM, _("out of memory"));
	}
	n = io_read_all(fd, buf, (size_t)st.st_size);
	close(fd);
	if (n < 0) {
		free(buf);
		return err_set(e, (int)-n, _("cannot read the kickstart %s: %s"), path, strerror((int)-n));
	}
	buf[n] = '\0';
	memset(&ks, 0, sizeof(ks));
	rc = kickstart_load(path, &ks, e);
	kickstart_free(&ks);
	if (rc < 0) {
		free(buf);
		return err_prefix(e, _("the kickstart is not copied to the stick"));
	}
	*text = buf;
	*len = (size_t)n;
	return 0;
}

/* "/b.b00 arg=1" for a media item: its path from the stick's root. */
static void stick_entry(const struct media_item *it, char *out, size_t size)
{
	size_t i, n = 0;

	out[n++] = '/';
	for (i = 0; it->src[i] && n + 1 < size; i++)
		out[n++] = (char)tolower((unsigned char)it->src[i]);
	out[n] = '\0';
	if (it->args[0] && n + 1 < size)
		snprintf(out + n, size - n, " %s", it->args);
}

/* The stick's boot.cfg: the media's, every path from the stick's root,
 * no prefix=, cdromBoot dropped, ks=usb:/KS.CFG with a kickstart. */
static int stick_bootcfg(struct stick *s, struct stoat_err *e)
{
	const struct media_item *it;
	size_t n = media_items(s->m, &it), i;

	if (!(s->boot = malloc(sizeof(*s->boot))))
		return err_set(e, ENOMEM, _("out of memory"));
	*s->boot = *media_bootcfg(s->m);
	if (n != s->boot->n_modules + 1)
		return err_set(e, EINVAL, _("the media's boot.cfg does not match its files"));
	s->boot->prefix[0] = '\0';
	s->boot->has_prefix = false;
	stick_entry(&it[0], s->boot->kernel, sizeof(s->boot->kernel));
	for (i = 1; i < n; i++)
		stick_entry(&it[i], s->boot->modules[i - 1], sizeof(s->boot->modules[0]));
	bootcfg_kopt_remove(s->boot->kernelopt, "cdromBoot");
	if (s->ks && bootcfg_kopt_add(s->boot->kernelopt, sizeof(s->boot->kernelopt), MKSTICK_KS_OPT) < 0)
		return err_set(e, ENOSPC, _("the media's kernelopt= leaves no room for %s"), MKSTICK_KS_OPT);
	snprintf(s->res->kernelopt, sizeof(s->res->kernelopt), "%s", s->boot->kernelopt);
	return 0;
}

/* Which boot paths the stick gets, and why not. */
static void stick_paths(struct stick *s)
{
	struct mkstick_result *r = s->res;
	struct stoat_err e = { 0 };
	const struct bootkit_file *p = s->kit->piece;
	size_t i, n = media_file_count(s->m);

	for (i = 0; i < n; i++) {
		const char *name = media_file(s->m, i, NULL);

		s->has_efi |= !strcasecmp(name, "efi/boot/bootx64.efi");
		s->has_c32 |= !strcasecmp(name, "mboot.c32");
	}
	r->uefi = s->has_efi || p[BOOTKIT_MBOOT_EFI].data;
	if (!r->uefi)
		snprintf(r->uefi_why, sizeof(r->uefi_why),
			 _("the media has no EFI/BOOT/BOOTX64.EFI and its boot-loader kit no mboot"));
	r->bios = bootkit_stick_bios_ready(s->kit, r->bios_why, sizeof(r->bios_why));
	if (r->bios && syslinux_check(s->dev.info.lsec ? s->dev.info.lsec : 512,
				      p[BOOTKIT_LDLINUX_SYS].data, p[BOOTKIT_LDLINUX_SYS].size,
				      p[BOOTKIT_FAT_BOOT_SECTOR].data, p[BOOTKIT_FAT_BOOT_SECTOR].size,
				      p[BOOTKIT_GPTMBR].data, p[BOOTKIT_GPTMBR].size, &e) < 0) {
		r->bios = false;
		snprintf(r->bios_why, sizeof(r->bios_why), "%s", e.msg);
	}
	if (r->bios && r->need > MKSTICK_FAT16_MAX) {
		r->bios = false;
		snprintf(r->bios_why, sizeof(r->bios_why),
			 _("the media's files need more than a FAT16 partition holds (2 GiB), and mboot.c32 cannot read FAT32"));
	}
}

/* Check the device with the rules of stoat flash, and its size. */
static int stick_target(struct stick *s, struct stoat_err *e)
{
	const struct mkstick_opts *o = s->o;
	struct mkstick_result *r = s->res;
	char have[32], need[32];
	int rc;

	rc = image_target_check(o->device, true, o->media, o->sysfs_root, o->dev_root, o->mountinfo,
				&s->dev, e);
	if (rc < 0)
		return rc;
	if (s->dev.is_file && !s->dev.info.size)
		return err_set(e, ENOENT, _("%s does not exist; give a USB stick (or an image file of its size)"),
			       o->device);
	if (!s->dev.info.lsec)
		s->dev.info.lsec = 512;
	r->target = s->dev.info;
	r->need = r->bytes + r->bytes / 16 + 16 * MIB;
	if (r->need < 64 * MIB)
		r->need = 64 * MIB;
	if (s->dev.info.size < r->need) {
		disk_format_size(s->dev.info.size, have, sizeof(have));
		disk_format_size(r->need, need, sizeof(need));
		return err_set(e, ENOSPC, _("%s holds %s, but the media's files need a stick of at least %s"),
			       o->device, have, need);
	}
	return 0;
}

/* The one partition: from 1 MiB to the last whole MiB before the backup
 * GPT (FAT32), EFI System; when BIOS boot is set up legacy BIOS bootable
 * and at most MKSTICK_FAT16_MAX (FAT16, which mboot.c32 reads). */
static void stick_layout(const struct stick *s, struct layout *l)
{
	unsigned ss = s->dev.info.lsec;
	uint64_t total = s->dev.info.size / ss, align = MIB / ss;
	uint64_t last = total - 2 - (128 * 128) / ss;

	memset(l, 0, sizeof(*l));
	l->profile = LAYOUT_ESXI7;
	l->sector_size = ss;
	l->total_sectors = total;
	l->flash = true;
	l->n = 1;
	l->part[0].num = 1;
	l->part[0].start = align;
	l->part[0].end = (last + 1) / align * align - 1;
	if (s->res->bios && l->part[0].end - l->part[0].start + 1 > MKSTICK_FAT16_MAX / ss)
		l->part[0].end = l->part[0].start + MKSTICK_FAT16_MAX / ss - 1;
	l->part[0].type_guid = GUID_SYSTEM;
	l->part[0].type_name = "efi";
	l->part[0].attr = s->res->bios ? 128 : 0;
	l->part[0].role = ROLE_SYSTEM;
}

/* Make the folders of every file, parents first. */
static int stick_dirs(struct stick *s, struct stoat_err *e)
{
	char (*dirs)[BOOTCFG_NAME_MAX * 2] = calloc(MKSTICK_MAX_DIRS, sizeof(*dirs));
	size_t i, n = media_file_count(s->m), nd = 0, k;
	int rc = 0;

	if (!dirs)
		return err_set(e, ENOMEM, _("out of memory"));
	for (i = 0; i < n && rc == 0; i++) {
		const char *name = media_file(s->m, i, NULL), *sl;

		for (sl = strchr(name, '/'); sl && rc == 0; sl = strchr(sl + 1, '/')) {
			int len = (int)(sl - name);

			for (k = 0; k < nd && (strncasecmp(dirs[k], name, (size_t)len) || dirs[k][len]); k++)
				;
			if (k < nd)
				continue;
			if (nd == MKSTICK_MAX_DIRS) {
				rc = err_set(e, E2BIG, _("the media has more than %u folders"), MKSTICK_MAX_DIRS);
				break;
			}
			snprintf(dirs[nd], sizeof(dirs[0]), "%.*s", len, name);
			s->efi_dir |= !strcasecmp(dirs[nd], "EFI/BOOT");
			rc = vfat_mkdir(&s->v, dirs[nd++], e);
		}
	}
	free(dirs);
	return rc;
}

/* Sink: start copying a file of the media (its own versions skipped):
 * 1 to take its bytes, 0 to skip it. */
static int copy_begin(void *ctx, const char *name, uint64_t size, struct stoat_err *e)
{
	struct stick *s = ctx;
	int rc;

	(void)size;
	if (stick_own(name))
		return 0;
	if ((rc = stick_stopped(s, e)) < 0)
		return rc;
	s->prog.file = name;
	stick_report(s, false);
	return (rc = vfat_put_begin(&s->v, name, &s->put, e)) < 0 ? rc : 1;
}

/* Sink: the next piece of the file. */
static int copy_data(void *ctx, const void *buf, size_t len, struct stoat_err *e)
{
	struct stick *s = ctx;
	int rc = vfat_put_write(s->put, buf, len, e);

	s->prog.done += len;
	stick_report(s, false);
	return rc < 0 ? rc : stick_stopped(s, e);
}

/* Sink: the file is complete. */
static int copy_end(void *ctx, struct stoat_err *e)
{
	struct stick *s = ctx;
	struct vfat_put *w = s->put;

	s->put = NULL;
	return vfat_put_end(w, e);
}

/* syslinux 3.86 into the volume, its GPT MBR stub into LBA 0. */
static int stick_syslinux(struct stick *s, struct stoat_err *e)
{
	const struct bootkit_file *p = s->kit->piece;
	int rc;

	if (!s->has_c32 && (rc = vfat_put_buf(&s->v, "mboot.c32", p[BOOTKIT_MBOOT_C32].data,
					      p[BOOTKIT_MBOOT_C32].size, e)) < 0)
		return rc;
	if ((rc = vfat_put_buf(&s->v, "syslinux.cfg", mkstick_syslinux_cfg,
			       strlen(mkstick_syslinux_cfg), e)) < 0)
		return rc;
	if ((rc = syslinux_install(&s->v, p[BOOTKIT_LDLINUX_SYS].data, p[BOOTKIT_LDLINUX_SYS].size,
				   p[BOOTKIT_FAT_BOOT_SECTOR].data, p[BOOTKIT_FAT_BOOT_SECTOR].size, e)) < 0)
		return rc;
	return syslinux_mbr_install(s->dev.fd, s->v.sector_size, 1, p[BOOTKIT_GPTMBR].data,
				    p[BOOTKIT_GPTMBR].size, e);
}

/* Loaders, kickstart, syslinux, then both boot.cfg copies. */
static int stick_boot(struct stick *s, struct stoat_err *e)
{
	const struct bootkit_file *mb = &s->kit->piece[BOOTKIT_MBOOT_EFI];
	char *cfg;
	size_t len;
	int rc = 0;

	s->prog.stage = MKSTICK_BOOT;
	s->prog.file = NULL;
	stick_report(s, true);
	if (s->res->uefi && !s->efi_dir) {
		if ((rc = vfat_mkdir(&s->v, "EFI", e)) < 0 || (rc = vfat_mkdir(&s->v, "EFI/BOOT", e)) < 0)
			return rc;
		s->efi_dir = true;
	}
	if (!s->has_efi && mb->data && (rc = vfat_put_buf(&s->v, "EFI/BOOT/BOOTX64.EFI", mb->data, mb->size, e)) < 0)
		return rc;
	if (s->ks && (rc = vfat_put_buf(&s->v, MKSTICK_KS_NAME, s->ks, s->ks_len, e)) < 0)
		return rc;
	if (s->res->bios && (rc = stick_syslinux(s, e)) < 0)
		return err_prefix(e, _("legacy BIOS boot"));
	len = bootcfg_format(s->boot, NULL, 0);
	if (!(cfg = malloc(len + 1)))
		return err_set(e, ENOMEM, _("out of memory"));
	bootcfg_format(s->boot, cfg, len + 1);
	if (s->res->uefi)
		rc = vfat_put_buf(&s->v, "EFI/BOOT/BOOT.CFG", cfg, len, e);
	if (rc == 0)
		rc = vfat_put_buf(&s->v, "BOOT.CFG", cfg, len, e);
	free(cfg);
	if (rc == 0 && fsync(s->dev.fd) < 0)
		rc = err_set(e, errno, _("cannot write to %s: %s"), s->o->device, strerror(errno));
	return rc;
}

/* Partition, format and fill the checked, confirmed device. */
static int stick_write(struct stick *s, struct stoat_err *e)
{
	struct partition_opts po = { .gptmbr = "", .no_reread = s->dev.is_file };
	struct media_file_sink sink = { s, copy_begin, copy_data, copy_end };
	struct layout l;
	uint32_t volid;
	int rc;

	s->prog.stage = MKSTICK_PARTITION;
	s->prog.total = s->res->bytes;
	stick_report(s, true);
	stick_layout(s, &l);
	if ((rc = partition_apply(s->o->device, &l, &po, s->res->warn, sizeof(s->res->warn), e)) < 0)
		return rc;
	if ((rc = image_target_open(s->o->device, true, &s->dev, e)) < 0)
		return rc;
	if (s->dev.direct && (rc = image_set_direct(&s->dev, false)) < 0)
		return err_set(e, -rc, _("cannot open %s: %s"), s->o->device, strerror(-rc));
	s->v.dev = s->o->device;
	s->v.devfd = s->dev.fd;
	s->v.offset = l.part[0].start * l.sector_size;
	s->v.size = (l.part[0].end - l.part[0].start + 1) * l.sector_size;
	s->v.sector_size = l.sector_size;
	volid = (uint32_t)time(NULL) ^ (uint32_t)getpid();
	rc = s->res->bios ? vfat_format(&s->v, volid, false, e) : vfat_format32(&s->v, volid, MKSTICK_LABEL, e);
	if (rc < 0 || (rc = stick_dirs(s, e)) < 0)
		return rc;
	s->prog.stage = MKSTICK_COPY;
	stick_report(s, true);
	rc = media_files(s->m, &sink, e);
	if (s->put) {
		vfat_put_abort(s->put);
		s->put = NULL;
	}
	if (rc < 0)
		return rc;
	return stick_boot(s, e);
}

/* Check everything, confirm, write. */
int mkstick_run(const struct mkstick_opts *o, const struct mkstick_cb *cb,
		struct mkstick_result *res, struct stoat_err *e)
{
	struct stick s;
	size_t i, n;
	int rc;

	memset(&s, 0, sizeof(s));
	memset(res, 0, sizeof(*res));
	s.o = o;
	s.cb = cb;
	s.res = res;
	s.dev.fd = -1;
	if (o->ks && (rc = mkstick_read_ks(o->ks, &s.ks, &s.ks_len, e)) < 0)
		return rc;
	res->ks = s.ks != NULL;
	if ((rc = media_open(o->media, &s.m, e)) < 0)
		goto out;
	snprintf(res->title, sizeof(res->title), "%s", media_title(s.m));
	snprintf(res->version, sizeof(res->version), "%s", media_version(s.m));
	for (i = 0, n = media_file_count(s.m); i < n; i++) {
		uint64_t size;
		const char *name = media_file(s.m, i, &size);

		if (!stick_own(name)) {
			res->bytes += size;
			res->files++;
		}
	}
	if ((rc = stick_bootcfg(&s, e)) < 0 || (rc = stick_target(&s, e)) < 0)
		goto out;
	if (!(s.kit = media_bootkit(s.m, e))) {
		rc = -(e->code ? e->code : EIO);
		goto out;
	}
	stick_paths(&s);
	if (!res->uefi && !res->bios) {
		rc = err_set(e, ENOEXEC, _("the stick could boot neither by UEFI (%s) nor by BIOS (%s)"),
			     res->uefi_why, res->bios_why);
		goto out;
	}
	if (!cb || !cb->confirm || !cb->confirm(cb->ctx, res)) {
		rc = err_set(e, ECANCELED, _("not confirmed; nothing was written"));
		goto out;
	}
	rc = stick_write(&s, e);
	if (rc < 0)
		err_prefix(e, "%s", o->device);
	if (rc == 0) {
		s.prog.done = s.prog.total;
		stick_report(&s, true);
	}
out:
	if (s.dev.fd >= 0 && close(s.dev.fd) < 0 && rc == 0)
		rc = err_set(e, errno, _("cannot finish writing %s: %s"), o->device, strerror(errno));
	if (s.m)
		media_close(s.m);
	free(s.boot);
	free(s.ks);
	return rc;
}
