/* install.c - the executor's entry point: the names and order of the
 * steps, checking and partitioning the target, and running the steps of
 * an install or an upgrade in order with boot.cfg last. The steps live in
 * install_steps.c and upgrade.c, what they share in inst_ctx.c. */
#include "config.h"

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

#include "efiboot.h"
#include "firstboot.h"
#include "gpt.h"
#include "install_steps.h"
#include "io.h"
#include "nls.h"
#include "osdata.h"
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

/* The unique GUID of the target's partition 1 as its GPT says now. */
static bool p1_guid(const struct inst *in, uint8_t guid[16])
{
	struct stoat_err e = { 0 };
	struct gpt_table *t = malloc(sizeof(*t));
	bool found = false;
	unsigned i;

	if (t && gpt_read(in->fd, in->p->layout.sector_size, t, &e) == 0)
		for (i = 0; i < t->n && !found; i++)
			if (t->part[i].num == 1) {
				memcpy(guid, t->part[i].part_guid, 16);
				found = true;
			}
	free(t);
	return found;
}

/* After the install: the firmware boot entry, where it belongs (efiboot.h).
 * The disk is installed either way; a failure is a note, not an error. */
static void add_boot_entry(struct inst *in)
{
	struct stoat_err e = { 0 };
	uint8_t guid[16];
	char why[256];

	if (!efiboot_wanted(in->p, in->sb.uefi, why, sizeof(why)))
		return;
	if (!p1_guid(in, guid))
		err_set(&e, ENOENT, _("partition 1 is not in the new table"));
	else if (efiboot_create(in->p, inst_role(in->p, ROLE_SYSTEM)->num,
				in->had_p1 ? in->old_p1_guid : NULL, guid, &e) == 0) {
		inst_log(in, _("Firmware boot entry \"%s\" added, first in the boot order."), EFIBOOT_LABEL);
		return;
	}
	inst_log(in, _("The firmware boot entry could not be added (%s); choose the disk in the firmware's boot menu."),
		 e.msg);
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
	if ((rc = osdata_check(p, e)) < 0)
		return rc;
	for (i = 0; i < p->layout.n; i++)
		if (p->layout.part[i].keep && !kept_still_there(&d, &p->layout.part[i], p->layout.sector_size))
			return err_set(e, ESTALE, _("partition %u of %s, which is to be kept, is no longer where it was planned; scan the disks again"),
				       p->layout.part[i].num, in->dev);
	if ((rc = inst_ds_check(in, e)) < 0)
		return rc;
	in->fd = open(in->dev, O_RDWR | O_EXCL | O_CLOEXEC);
	if (in->fd < 0)
		return err_set(e, errno, errno == EBUSY ? _("%s is in use by another program or mounted: %s")
				       : _("cannot open %s for writing: %s"), in->dev, strerror(errno));
	in->had_p1 = p1_guid(in, in->old_p1_guid);
	return 0;
}

/* Step 2: partition; first wipe the old bootbank headers so a stopped
 * install can never boot an old boot.cfg. */
static int step_partition(struct inst *in, struct stoat_err *e)
{
	static const enum layout_role wipe[] = { ROLE_BOOTBANK, ROLE_ALTBOOTBANK };
	struct partition_opts po = { "", true };	/* the boot step writes LBA 0's stub */
	char warn[512] = "", *z = calloc(1, 65536);
	struct stat st;
	size_t i;
	int rc;

	if (!z)
		return err_set(e, ENOMEM, _("out of memory"));
	for (i = 0; i < sizeof(wipe) / sizeof(wipe[0]); i++) {
		const struct layout_part *lp = inst_role(in->p, wipe[i]);

		rc = io_pwrite_all(in->fd, z, 65536, lp->start * in->p->layout.sector_size);
		if (rc < 0) {
			free(z);
			return err_set(e, -rc, _("cannot write to %s: %s"), in->dev, strerror(-rc));
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
	if ((rc = osdata_write(in, e)) < 0)
		return rc;
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
		case STAGE_BOOTLOADER: rc = inst_bootloader(in, e); break;
		case STAGE_COPY:
			rc = inst_copy(in, e);
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
	in.legacy_usb = inst_legacy_usb(p, m);
	in.n_items = media_items(m, &in.items);
	for (i = 0; i < media_warning_count(m); i++)
		inst_log(&in, _("warning: %s"), media_warning(m, i));
	in.sum = calloc(in.n_items + 1, sizeof(*in.sum));
	b = malloc(sizeof(*b));
	if (!in.sum || !b) {
		free(in.sum);
		free(b);
		return err_set(e, ENOMEM, _("out of memory"));
	}
	/* An upgrade writes no onetime.tgz: see upgrade.h. */
	rc = p->upgrade ? 0 : inst_token(in.ds_token, e);
	if (rc == 0 && !p->upgrade)
		rc = firstboot_build(p, in.legacy_usb, in.ds_token, &in.onetime, &in.onetime_len, e);
	/* p1: install_check decided it could be written; here it is kept. */
	if (rc == 0 && !p->upgrade)
		rc = sysboot_plan(p, m, &in.sb, e);
	if (p->upgrade) {
		inst_upgrade_bootcfg(p, m, in.legacy_usb, b);
		in.total = media_payload_bytes(m);
		for (i = 0; i < p->up.n_carry; i++)
			in.total += p->up.carry[i].size;
		in.total = 2 * (in.total + bootcfg_format(b, NULL, 0));
	} else {
		inst_final_bootcfg(p, m, in.legacy_usb, b);
		in.total = 2 * (media_payload_bytes(m) + in.sb.bytes + in.onetime_len +
				bootcfg_format(b, NULL, 0)) + inst_zero_bytes(p);
		/* ldlinux.sys is patched on p1 as it is written: not read back */
		if (in.sb.bios)
			in.total -= in.sb.kit->piece[BOOTKIT_LDLINUX_SYS].size;
	}
	free(b);
	if (rc == 0)
		rc = run_steps(&in, &failed, e);
	if (rc < 0 && failed != STAGE_CHECK && target_vanished(&in))
		err_prefix(e, _("the target disk %s disappeared (unplugged?)"), in.dev);
	if (rc == 0 && !p->upgrade)
		add_boot_entry(&in);
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
