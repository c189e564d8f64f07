/* install.c - the executor: check the plan against the media, describe it
 * for --dry-run, and run the steps in order with boot.cfg last. */
#include "config.h"

#include <errno.h>
#include <fcntl.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/ioctl.h>
#include <sys/stat.h>
#include <unistd.h>
#ifdef HAVE_LINUX_FS_H
#include <linux/fs.h>
#endif

#include "firstboot.h"
#include "install_priv.h"
#include "nls.h"
#include "partition.h"

static const char *const stage_names[STAGE_COUNT] = {
	[STAGE_CHECK] = N_("Checking the target disk"),
	[STAGE_PARTITION] = N_("Partitioning the disk"),
	[STAGE_FORMAT] = N_("Formatting the FAT partitions"),
	[STAGE_BOOTLOADER] = N_("Installing the boot loader"),
	[STAGE_COPY] = N_("Copying the system modules"),
	[STAGE_ALTBANK] = N_("Preparing the alternate bootbank"),
	[STAGE_ZERO] = N_("Clearing the core dump and datastore areas"),
	[STAGE_VERIFY] = N_("Verifying the copied files"),
	[STAGE_BOOTCFG] = N_("Writing the boot configuration"),
	[STAGE_INSPECT] = N_("Reading the installed ESXi"),
	[STAGE_CARRY] = N_("Carrying over the host configuration"),
	[STAGE_DONE] = N_("Installation complete"),
};

/* The steps of an install and of an upgrade, in order. */
static const enum install_stage install_seq[] = {
	STAGE_CHECK, STAGE_PARTITION, STAGE_FORMAT, STAGE_BOOTLOADER, STAGE_COPY,
	STAGE_ALTBANK, STAGE_ZERO, STAGE_VERIFY, STAGE_BOOTCFG,
};
static const enum install_stage upgrade_seq[] = {
	STAGE_CHECK, STAGE_INSPECT, STAGE_FORMAT, STAGE_COPY, STAGE_CARRY,
	STAGE_VERIFY, STAGE_BOOTCFG,
};

/* Translated name of a stage. */
const char *install_stage_name(enum install_stage st)
{
	return st < STAGE_COUNT ? _(stage_names[st]) : "";
}

/* Translated name of a stage in the plan's kind of run. */
const char *install_step_name(const struct install_plan *p, enum install_stage st)
{
	if (p && p->upgrade && st == STAGE_FORMAT)
		return _("Formatting the bootbank to be upgraded");
	if (p && p->upgrade && st == STAGE_DONE)
		return _("Upgrade complete");
	return install_stage_name(st);
}

/* The plan's step sequence and its length. */
static const enum install_stage *step_seq(const struct install_plan *p, int *count)
{
	*count = p && p->upgrade ? (int)(sizeof(upgrade_seq) / sizeof(upgrade_seq[0]))
		 : (int)(sizeof(install_seq) / sizeof(install_seq[0]));
	return p && p->upgrade ? upgrade_seq : install_seq;
}

/* 1-based number of st in the plan's run; 0 when it is not a step. */
int install_step_number(const struct install_plan *p, enum install_stage st, int *count)
{
	const enum install_stage *seq = step_seq(p, count);
	int i;

	for (i = 0; i < *count; i++)
		if (seq[i] == st)
			return i + 1;
	return 0;
}

/* The planned partition with GPT number num, or NULL. */
const struct layout_part *inst_part(const struct install_plan *p, unsigned num)
{
	unsigned i;

	for (i = 0; i < p->layout.n; i++)
		if (p->layout.part[i].num == num)
			return &p->layout.part[i];
	return NULL;
}

/* The first planned partition with role r, or NULL. */
const struct layout_part *inst_role(const struct install_plan *p, enum layout_role r)
{
	unsigned i;

	for (i = 0; i < p->layout.n; i++)
		if (p->layout.part[i].role == r)
			return &p->layout.part[i];
	return NULL;
}

/* The FAT volume of partition lp on the target. */
struct vfat_vol inst_vol(const struct inst *in, const struct layout_part *lp)
{
	unsigned ss = in->p->layout.sector_size;
	struct vfat_vol v = { in->dev, in->fd, lp->start * ss, (lp->end - lp->start + 1) * ss, ss };

	return v;
}

/* Hand a formatted line to the log callback. */
void inst_log(const struct inst *in, const char *fmt, ...)
{
	char line[512];
	va_list ap;

	if (!in->cb || !in->cb->log)
		return;
	va_start(ap, fmt);
	vsnprintf(line, sizeof(line), fmt, ap);
	va_end(ap);
	in->cb->log(in->cb->ctx, line);
}

/* fsync the target. */
int inst_sync(struct inst *in, struct stoat_err *e)
{
	if (fsync(in->fd) < 0)
		return err_set(e, errno, _("cannot flush %s to the device: %s"), in->dev, strerror(errno));
	in->unsynced = 0;
	return 0;
}

/* Count n more bytes done, syncing every INSTALL_SYNC_STEP. */
int inst_advance(struct inst *in, uint64_t n, struct stoat_err *e)
{
	int rc;

	in->unsynced += n;
	/* Sync in steps, so the figure shown is what the device holds. */
	if (in->unsynced >= INSTALL_SYNC_STEP && (rc = inst_sync(in, e)) < 0)
		return rc;
	in->done += n;
	if (in->done > in->total)
		in->total = in->done;
	if (in->cb && in->cb->bytes)
		in->cb->bytes(in->cb->ctx, in->done, in->total);
	return 0;
}

/* Whether the legacy-USB kernel option and script apply to this media. */
static bool legacy_usb_applies(const struct install_plan *p, struct media *m)
{
	return p->legacy_usb && media_major(m) > 0 && media_major(m) < 7;
}

/* "Loading VMware ESXi": the installed title, from the media's product. */
void inst_title(struct media *m, char *buf, size_t size)
{
	const char *t = media_title(m), *sp = strrchr(t, ' ');
	size_t n = strlen(t);

	if (sp && media_version(m)[0] && sp[1] >= '0' && sp[1] <= '9')
		n = (size_t)(sp - t);
	snprintf(buf, size, "Loading %.*s", (int)n, t);
}

/* The altbootbank boot.cfg: marked invalid. */
void inst_alt_bootcfg(const struct install_plan *p, struct media *m, struct bootcfg *out)
{
	/* Invalid on purpose: bootstate 3, and no kernel or modules, so that
	 * nothing boots from it even by mistake. */
	memset(out, 0, sizeof(*out));
	out->bootstate = 3;
	inst_title(m, out->title, sizeof(out->title));
	out->timeout = 5;
	snprintf(out->build, sizeof(out->build), "%s", media_version(m));
	out->updated = 2;
}

/* The installer's kernel options, never left in an installed boot.cfg. */
static const char *const installer_words[] = { "runweasel", "cdromBoot", "ks" };

/* Remove the installer's words from a kernelopt. */
void inst_strip_installer_words(char *kernelopt)
{
	size_t i;

	for (i = 0; i < sizeof(installer_words) / sizeof(installer_words[0]); i++)
		bootcfg_kopt_remove(kernelopt, installer_words[i]);
}

/* What every boot.cfg stoat writes shares, after the caller set the base
 * kernelopt: the operator's boot options, never the installer's words,
 * preferVmklinux only where vmklinux exists (6.x), the media's kernel and
 * modules (leaving `spare` module slots for the caller) and the build. */
void inst_bootcfg_common(const struct install_plan *p, struct media *m, bool legacy_usb,
			 size_t spare, struct bootcfg *out)
{
	const struct media_item *it;
	size_t n = media_items(m, &it), i;
	char opts[sizeof(p->bootopts)], *w, *save = NULL;

	snprintf(opts, sizeof(opts), "%s", p->bootopts);
	for (w = strtok_r(opts, " \t", &save); w; w = strtok_r(NULL, " \t", &save))
		bootcfg_kopt_add(out->kernelopt, sizeof(out->kernelopt), w);
	inst_strip_installer_words(out->kernelopt);
	if (media_major(m) >= 7)
		bootcfg_kopt_remove(out->kernelopt, "preferVmklinux");
	if (legacy_usb)
		bootcfg_kopt_add(out->kernelopt, sizeof(out->kernelopt), "preferVmklinux=TRUE");
	for (i = 0; i < n && it[i].part == MEDIA_TO_BOOTBANK; i++) {
		if (i == 0)
			snprintf(out->kernel, sizeof(out->kernel), "%s", it[i].dest);
		else if (out->n_modules < BOOTCFG_MAX_MODULES - spare)
			snprintf(out->modules[out->n_modules++], BOOTCFG_NAME_MAX, "%s", it[i].dest);
	}
	snprintf(out->build, sizeof(out->build), "%s", media_version(m));
}

/* The bootbank boot.cfg written last (REFERENCE.md section 2). */
void inst_final_bootcfg(const struct install_plan *p, struct media *m,
			bool legacy_usb, struct bootcfg *out)
{
	const struct bootcfg *mb = media_bootcfg(m);

	memset(out, 0, sizeof(*out));
	out->bootstate = 0;
	inst_title(m, out->title, sizeof(out->title));
	out->timeout = 5;
	snprintf(out->kernelopt, sizeof(out->kernelopt), "%s", mb->kernelopt);
	inst_strip_installer_words(out->kernelopt);
	bootcfg_kopt_add(out->kernelopt, sizeof(out->kernelopt), "no-auto-partition");
	if (inst_part(p, 9))
		bootcfg_kopt_add(out->kernelopt, sizeof(out->kernelopt), "installerDiskDumpSlotSize=2560");
	inst_bootcfg_common(p, m, legacy_usb, 1, out);
	snprintf(out->modules[out->n_modules++], BOOTCFG_NAME_MAX, "onetime.tgz");
	out->updated = 1;
}

/* Room for files on a FAT16 volume of size bytes, and its cluster size. */
static uint64_t fat_room(uint64_t size, uint64_t *cluster)
{
	uint64_t c = 512, meta;

	while (size / c > 65524 && c < 65536)
		c *= 2;
	*cluster = c;
	meta = 2 * 2 * (size / c) + 64 * 1024;	/* two FATs, root dir, reserved */
	return size > meta ? size - meta : 0;
}

/* Bytes that files of these sizes take on a volume with cluster c. */
static uint64_t round_up(uint64_t n, uint64_t c)
{
	return (n + c - 1) / c * c;
}

/* Check the media against the plan: partitions present, files fit. An
 * upgrade writes only the bootbank (modules and the carried files); the
 * boot loader partition is kept. */
int install_check(const struct install_plan *p, struct media *m, struct stoat_err *e)
{
	static const enum layout_role roles[] = { ROLE_BOOTBANK, ROLE_SYSTEM };
	const struct media_item *it;
	size_t n = media_items(m, &it), i, r;

	if (!inst_role(p, ROLE_BOOTBANK) || !inst_role(p, ROLE_ALTBOOTBANK) || !inst_role(p, ROLE_SYSTEM))
		return err_set(e, EINVAL, _("the partition layout lacks the boot loader or a bootbank partition"));
	for (r = 0; r < sizeof(roles) / sizeof(roles[0]); r++) {
		const struct layout_part *lp = inst_role(p, roles[r]);
		uint64_t size = (lp->end - lp->start + 1) * p->layout.sector_size, c, room, need = 0;

		if (lp->keep)
			continue;
		room = fat_room(size, &c);
		for (i = 0; i < n; i++)
			if ((it[i].part == MEDIA_TO_SYSTEM) == (roles[r] == ROLE_SYSTEM))
				need += round_up(it[i].size, c);
		for (i = 0; roles[r] == ROLE_BOOTBANK && p->upgrade && i < p->up.n_carry; i++)
			need += round_up(p->up.carry[i].size, c);
		/* onetime.tgz and boot.cfg: a few clusters, 64 KiB allowed */
		if (roles[r] == ROLE_BOOTBANK)
			need += round_up(64 * 1024, c) + c;
		if (need > room && p->upgrade)
			return err_set(e, EFBIG, _("the new modules and the host's configuration need %llu MiB, but bootbank partition %u holds only %llu MiB; it cannot be upgraded in place"),
				       (unsigned long long)(need >> 20), lp->num, (unsigned long long)(room >> 20));
		if (need > room)
			return err_set(e, EFBIG, _("the media's files for partition %u need %llu MiB, but it holds only %llu MiB; use a larger layout or other media"),
				       lp->num, (unsigned long long)(need >> 20), (unsigned long long)(room >> 20));
	}
	return 0;
}

/* Whether the scanned disk d still holds the kept partition lp as it was
 * planned (same place and type). */
static bool kept_still_there(const struct disk *d, const struct layout_part *lp, unsigned ss)
{
	unsigned i;

	for (i = 0; i < d->nparts && i < DISK_MAX_PARTS; i++)
		if (d->part[i].start == lp->start * ss && d->part[i].size == (lp->end - lp->start + 1) * ss &&
		    !strcmp(d->part[i].type_guid, lp->type_guid))
			return true;
	return false;
}

/* Step 1: re-check the target and open it exclusively. */
static int step_check(struct inst *in, struct stoat_err *e)
{
	const struct install_plan *p = in->p;
	struct disk_scan_opts so = { 0 };
	struct disk d;
	struct stat st;
	unsigned i;
	int rc;

	so.media_path = p->media_path[0] ? p->media_path : NULL;
	if (stat(in->dev, &st) < 0)
		return err_set(e, errno, _("%s is gone: %s"), in->dev, strerror(errno));
	if ((rc = disk_probe_one(&so, in->dev, &d, e)) < 0)
		return rc;
	if (d.size != p->target.size)
		return err_set(e, EBUSY, _("%s changed size (%llu bytes, planned for %llu); scan the disks again"),
			       in->dev, (unsigned long long)d.size, (unsigned long long)p->target.size);
	if (d.readonly)
		return err_set(e, EROFS, _("%s is read-only (check its write-protect switch)"), in->dev);
	if (d.mounted)
		return err_set(e, EBUSY, _("%s has mounted partitions; unmount them first"), in->dev);
	if (d.holds_root || d.holds_media)
		return err_set(e, EBUSY, _("%s holds the running system or the install media; it cannot be the target"),
			       in->dev);
	if (p->layout.total_sectors * p->layout.sector_size > d.size)
		return err_set(e, EINVAL, _("the layout was planned for a larger disk than %s"), in->dev);
	for (i = 0; i < p->layout.n; i++)
		if (p->layout.part[i].keep && !kept_still_there(&d, &p->layout.part[i], p->layout.sector_size))
			return err_set(e, ESTALE, _("partition %u of %s, which is to be kept, is no longer where it was planned; scan the disks again"),
				       p->layout.part[i].num, in->dev);
	in->fd = open(in->dev, O_RDWR | O_EXCL | O_CLOEXEC);
	if (in->fd < 0)
		return err_set(e, errno, errno == EBUSY ? _("%s is in use by another program or mounted: %s")
				       : _("cannot open %s for writing: %s"), in->dev, strerror(errno));
	return 0;
}

/* Step 2: partition; first wipe the old bootbank headers so a stopped
 * install can never boot an old boot.cfg. */
static int step_partition(struct inst *in, struct stoat_err *e)
{
	static const enum layout_role wipe[] = { ROLE_BOOTBANK, ROLE_ALTBOOTBANK };
	struct partition_opts po = { NULL, true };
	char warn[512] = "", *z = calloc(1, 65536);
	struct stat st;
	size_t i;
	int rc;

	if (!z)
		return err_set(e, ENOMEM, _("out of memory"));
	for (i = 0; i < sizeof(wipe) / sizeof(wipe[0]); i++) {
		const struct layout_part *lp = inst_role(in->p, wipe[i]);

		if (pwrite(in->fd, z, 65536, (off_t)(lp->start * in->p->layout.sector_size)) != 65536) {
			free(z);
			return err_set(e, errno ? errno : EIO, _("cannot write to %s: %s"), in->dev,
				       strerror(errno ? errno : EIO));
		}
	}
	free(z);
	if ((rc = inst_sync(in, e)) < 0)
		return rc;
	/* partition_apply opens the device O_EXCL itself: let go for that
	 * call only, then take the device back exclusively. */
	close(in->fd);
	rc = partition_apply(in->dev, &in->p->layout, &po, warn, sizeof(warn), e);
	in->fd = open(in->dev, O_RDWR | O_EXCL | O_CLOEXEC);
	if (rc < 0)
		return rc;
	if (in->fd < 0)
		return err_set(e, errno, _("%s was taken by another program while it was partitioned: %s"),
			       in->dev, strerror(errno));
	if (warn[0])
		inst_log(in, "%s", warn);
#ifdef BLKRRPART
	/* Tell the kernel about the new partitions through our own exclusive
	 * descriptor (nothing below needs them: FAT work goes by offset). */
	if (fstat(in->fd, &st) == 0 && S_ISBLK(st.st_mode) && ioctl(in->fd, BLKRRPART) < 0 &&
	    errno != EINVAL)	/* EINVAL: a device the kernel does not partition */
		inst_log(in, _("The kernel did not re-read the partition table of %s (%s); this does not affect the install."),
			 in->dev, strerror(errno));
#endif
	return 0;
}

/* Run the plan's steps in order; *failed is set to the stage that
 * failed. */
static int run_steps(struct inst *in, enum install_stage *failed, struct stoat_err *e)
{
	int count, i, rc = 0;
	const enum install_stage *seq = step_seq(in->p, &count);

	for (i = 0; i < count && rc == 0; i++) {
		enum install_stage st = seq[i];

		*failed = st;
		if (st != STAGE_CHECK && in->cb && in->cb->cancelled && in->cb->cancelled(in->cb->ctx))
			return err_set(e, ECANCELED, in->p->upgrade
				       ? _("cancelled by the user; the active bootbank was not touched and still boots")
				       : _("cancelled by the user; the disk is not bootable"));
		if (in->cb && in->cb->stage)
			in->cb->stage(in->cb->ctx, st);
		switch (st) {
		case STAGE_CHECK: rc = step_check(in, e); break;
		case STAGE_PARTITION: rc = step_partition(in, e); break;
		case STAGE_INSPECT: rc = inst_inspect(in, e); break;
		case STAGE_FORMAT: rc = inst_format(in, e); break;
		case STAGE_BOOTLOADER: rc = inst_copy(in, MEDIA_TO_SYSTEM, e); break;
		case STAGE_COPY:
			rc = inst_copy(in, MEDIA_TO_BOOTBANK, e);
			if (rc == 0 && in->onetime)
				rc = inst_onetime(in, e);
			break;
		case STAGE_CARRY: rc = inst_carry(in, e); break;
		case STAGE_ALTBANK: rc = inst_altbank(in, e); break;
		case STAGE_ZERO: rc = inst_zero(in, e); break;
		case STAGE_VERIFY: rc = inst_verify(in, e); break;
		case STAGE_BOOTCFG: rc = inst_bootcfg(in, e); break;
		default: break;
		}
	}
	return rc;
}

/* Bytes of the media's bootbank modules. */
static uint64_t bootbank_bytes(const struct inst *in)
{
	uint64_t n = 0;
	size_t i;

	for (i = 0; i < in->n_items; i++)
		if (in->items[i].part == MEDIA_TO_BOOTBANK)
			n += in->items[i].size;
	return n;
}

/* After a failed step: did the target itself go away (a stick pulled out,
 * a card removed)? Then that, not the step's symptom, is the cause. */
static bool target_vanished(const struct inst *in)
{
	struct stat st;
	uint64_t size = 0;
	int fd;

	if (stat(in->dev, &st) < 0)
		return true;
	if (!S_ISBLK(st.st_mode))
		return false;
	fd = open(in->dev, O_RDONLY | O_CLOEXEC | O_NONBLOCK);
	if (fd < 0)
		return errno == ENXIO || errno == ENODEV || errno == ENOENT;
	if (ioctl(fd, BLKGETSIZE64, &size) < 0)
		size = 0;
	close(fd);
	return size == 0;
}

/* Run the nine steps; on failure name the step and leave no boot.cfg. */
int install_run(const struct install_plan *p, struct media *m,
		const struct install_progress *cb, struct stoat_err *e)
{
	struct inst in;
	enum install_stage failed = STAGE_CHECK;
	struct bootcfg *b;
	unsigned i;
	int rc;

	if ((rc = plan_validate(p, e)) < 0 || (rc = install_check(p, m, e)) < 0)
		return err_prefix(e, _("%s failed"), install_stage_name(STAGE_CHECK));
	memset(&in, 0, sizeof(in));
	in.p = p;
	in.m = m;
	in.cb = cb;
	in.dev = p->target.path;
	in.fd = -1;
	in.flash = p->layout.flash || disk_is_flash(&p->target);
	in.legacy_usb = legacy_usb_applies(p, m);
	in.n_items = media_items(m, &in.items);
	in.sum = calloc(in.n_items + 1, sizeof(*in.sum));
	b = malloc(sizeof(*b));
	if (!in.sum || !b) {
		free(in.sum);
		free(b);
		return err_set(e, ENOMEM, _("out of memory"));
	}
	/* An upgrade writes no onetime.tgz: see upgrade.h. */
	rc = p->upgrade ? 0 : firstboot_build(p, in.legacy_usb, &in.onetime, &in.onetime_len, e);
	if (p->upgrade) {
		inst_upgrade_bootcfg(p, m, in.legacy_usb, b);
		in.total = bootbank_bytes(&in);
		for (i = 0; i < p->up.n_carry; i++)
			in.total += p->up.carry[i].size;
		in.total = 2 * (in.total + bootcfg_format(b, NULL, 0));
	} else {
		inst_final_bootcfg(p, m, in.legacy_usb, b);
		in.total = 2 * (media_payload_bytes(m) + in.onetime_len + bootcfg_format(b, NULL, 0)) +
			   inst_zero_bytes(p);
	}
	free(b);
	if (rc == 0)
		rc = run_steps(&in, &failed, e);
	if (rc < 0 && failed != STAGE_CHECK && target_vanished(&in))
		err_prefix(e, _("the target disk %s disappeared (unplugged?)"), in.dev);
	if (in.fd >= 0)
		close(in.fd);
	free(in.sum);
	free(in.onetime);
	if (rc < 0) {
		int count, num = install_step_number(p, failed, &count);

		return err_prefix(e, _("step %d of %d (%s) failed"), num, count,
				  install_step_name(p, failed));
	}
	for (i = 0; i < in.n_notes; i++)
		inst_log(&in, "%s", in.note[i]);
	if (cb && cb->stage)
		cb->stage(cb->ctx, STAGE_DONE);
	return 0;
}
