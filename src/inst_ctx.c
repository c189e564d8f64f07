/* inst_ctx.c - the installer's shared context (see inst_ctx.h): the
 * plan's partitions, logging, progress and syncing of one run, the
 * boot.cfg builders of installs and upgrades, and install_check, which
 * install_run, upgrade_plan and install_describe all call. Uses nothing
 * of install.c, install_steps.c, upgrade.c or install_describe.c. */
#include "config.h"

#include <ctype.h>
#include <errno.h>
#include <fcntl.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "bootopts.h"
#include "firstboot.h"
#include "inst_ctx.h"
#include "io.h"
#include "nls.h"
#include "partition.h"
#include "prereq.h"

/* The planned partition with GPT number num, or NULL. */
const struct layout_part *inst_part(const struct install_plan *p, unsigned num)
{
	return layout_find_num(&p->layout, num);
}

/* The first planned partition with role r, or NULL. */
const struct layout_part *inst_role(const struct install_plan *p, enum layout_role r)
{
	return layout_find_role(&p->layout, r);
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

/* Fill buf with n random bytes from the kernel. */
int inst_random(void *buf, size_t n, struct stoat_err *e)
{
	int rc = io_random(buf, n);

	if (rc < 0)
		return err_set(e, -rc, _("cannot get random bytes from the kernel: %s"),
			       strerror(-rc));
	return 0;
}

/* Fill token (FIRSTBOOT_TOKEN_LEN + 1 bytes) with random hex digits. */
int inst_token(char *token, struct stoat_err *e)
{
	unsigned char r[FIRSTBOOT_TOKEN_LEN / 2];
	size_t i;
	int rc;

	if ((rc = inst_random(r, sizeof(r), e)) < 0)
		return rc;
	for (i = 0; i < sizeof(r); i++)
		snprintf(token + 2 * i, 3, "%02x", r[i]);
	return 0;
}

/* Zero the first MiB at off on fd, path (or less: len), and write the
 * mark of kind, token and k there. */
int inst_mark(int fd, const char *path, uint64_t off, uint64_t len, const char *kind,
	      const char *token, size_t k, struct stoat_err *e)
{
	char mark[FIRSTBOOT_MARKER_MAX];
	char *z;
	int rc;

	if (len > INSTALL_VMFS_ZERO)
		len = INSTALL_VMFS_ZERO;
	firstboot_mark(kind, token, k, mark, sizeof(mark));
	if (len < strlen(mark))
		return err_set(e, ENOSPC, _("the partition is too small for its mark"));
	if (!(z = calloc(1, (size_t)len)))
		return err_set(e, ENOMEM, _("out of memory"));
	memcpy(z, mark, strlen(mark));
	rc = io_pwrite_all(fd, z, (size_t)len, off);
	free(z);
	if (rc < 0)
		return err_set(e, -rc, _("cannot write to %s: %s"), path, strerror(-rc));
	return 0;
}

/* Give the disk at path layout l (one partition) and mark its partition's
 * start as inst_mark does. */
int inst_mark_disk(const struct inst *in, const char *path, const struct layout *l,
		   const char *kind, const char *token, size_t k, struct stoat_err *e)
{
	struct partition_opts po = { "", false };
	const struct layout_part *lp = &l->part[0];
	char warn[512] = "";
	struct stat st;
	int fd, rc;

	if ((rc = partition_apply(path, l, &po, warn, sizeof(warn), e)) < 0)
		return rc;
	if (warn[0])
		inst_log(in, "%s", warn);
	if (stat(path, &st) < 0)
		return err_set(e, errno, _("%s is gone: %s"), path, strerror(errno));
	fd = open(path, O_RDWR | O_CLOEXEC | (S_ISBLK(st.st_mode) ? O_EXCL : 0));
	if (fd < 0)
		return err_set(e, errno, _("cannot open %s for writing: %s"), path, strerror(errno));
	rc = inst_mark(fd, path, lp->start * l->sector_size, (lp->end - lp->start + 1) * l->sector_size,
		       kind, token, k, e);
	if (rc == 0 && fsync(fd) < 0)
		rc = err_set(e, errno, _("cannot write to %s: %s"), path, strerror(errno));
	if (close(fd) < 0 && rc == 0)
		rc = err_set(e, errno, _("cannot write to %s: %s"), path, strerror(errno));
	return rc;
}

/* Whether the legacy-USB kernel option and script apply to this media:
 * asked for, and media that has vmklinux (6.x). */
bool inst_legacy_usb(const struct install_plan *p, struct media *m)
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

/* Remove the installer's words and the install-shaping options
 * (systemMediaSize, autoPartitionOSDataSize) from a kernelopt. */
void inst_strip_installer_words(char *kernelopt)
{
	bootopts_strip(kernelopt);
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
	for (i = 0; i < n; i++) {
		if (i == 0)
			snprintf(out->kernel, sizeof(out->kernel), "%s", it[i].dest);
		else if (out->n_modules < BOOTCFG_MAX_MODULES - spare)
			snprintf(out->modules[out->n_modules++], BOOTCFG_NAME_MAX, "%s%s%s", it[i].dest,
				 it[i].args[0] ? " " : "", it[i].args);
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
	bootcfg_kopt_remove_bad(out->kernelopt);	/* the media warned */
	bootcfg_kopt_add(out->kernelopt, sizeof(out->kernelopt), "no-auto-partition");
	if (inst_part(p, 9))
		bootcfg_kopt_add(out->kernelopt, sizeof(out->kernelopt), "installerDiskDumpSlotSize=2560");
	inst_bootcfg_common(p, m, legacy_usb, 1, out);
	snprintf(out->modules[out->n_modules++], BOOTCFG_NAME_MAX, "onetime.tgz");
	out->updated = 1;
}

/* The new bank's boot.cfg: the media's modules and the carried files,
 * the installed system's boot options, bootstate 1 (updated, not yet
 * booted) and updated one more than the active bank's. */
void inst_upgrade_bootcfg(const struct install_plan *p, struct media *m, bool legacy_usb,
			  struct bootcfg *out)
{
	size_t i;

	memset(out, 0, sizeof(*out));
	out->bootstate = 1;
	inst_title(m, out->title, sizeof(out->title));
	out->timeout = p->up.timeout;
	snprintf(out->kernelopt, sizeof(out->kernelopt), "%s", p->up.kernelopt);
	inst_bootcfg_common(p, m, legacy_usb, PLAN_MAX_CARRY, out);
	for (i = 0; i < p->up.n_carry; i++)
		snprintf(out->modules[out->n_modules++], BOOTCFG_NAME_MAX, "%s", p->up.carry[i].name);
	out->updated = p->up.active_updated + 1;
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

/* Bytes the files of one partition take on a FAT16 volume of size bytes,
 * and what the volume holds. */
static int check_room(const struct install_plan *p, const struct layout_part *lp,
		      const uint64_t *sizes, size_t n, struct stoat_err *e)
{
	uint64_t size = (lp->end - lp->start + 1) * p->layout.sector_size, c, room, need = 0;
	size_t i;

	room = fat_room(size, &c);
	for (i = 0; i < n; i++)
		need += round_up(sizes[i], c);
	if (lp->role == ROLE_BOOTBANK)	/* onetime.tgz and boot.cfg: 64 KiB allowed */
		need += round_up(64 * 1024, c) + c;
	if (need <= room)
		return 0;
	if (p->upgrade)
		return err_set(e, EFBIG, _("the new modules and the host's configuration need %llu MiB, but bootbank partition %u holds only %llu MiB; it cannot be upgraded in place"),
			       (unsigned long long)(need >> 20), lp->num, (unsigned long long)(room >> 20));
	return err_set(e, EFBIG, _("the media's files for partition %u need %llu MiB, but it holds only %llu MiB; use a larger layout or other media"),
		       lp->num, (unsigned long long)(need >> 20), (unsigned long long)(room >> 20));
}

/* Check the media against the plan: partitions present, a build the boot
 * loader accepts, a UEFI boot loader (unless the plan does without), files
 * that fit; sb gets the system partition's files. An upgrade writes only
 * the bootbank (modules and the carried files); the system partition is
 * kept. */
static int check_media(const struct install_plan *p, struct media *m, struct sysboot *sb,
		       struct stoat_err *e)
{
	const struct media_item *it;
	size_t n = media_items(m, &it), i, k = 0;
	uint64_t *sizes;
	int rc = 0;

	if (!inst_role(p, ROLE_BOOTBANK) || !inst_role(p, ROLE_ALTBOOTBANK) || !inst_role(p, ROLE_SYSTEM))
		return err_set(e, EINVAL, _("the partition layout lacks the boot loader or a bootbank partition"));
	/* safeboot skips a bank whose build= does not start with a digit;
	 * media that does not say its version needs the operator's answer
	 * (media_set_major) first */
	if (!isdigit((unsigned char)media_version(m)[0])) {
		char why[1024];

		media_version_why(m, why, sizeof(why));
		return err_set(e, EINVAL, _("the media does not say which ESXi version it holds, so neither the partition layout nor the build= that VMware's boot loader needs is known. %s"),
			       why);
	}
	if (!p->upgrade) {
		if ((rc = sysboot_plan(p, m, sb, e)) < 0)
			return rc;
		if (!sb->uefi && !p->allow_no_uefi)
			return err_set(e, ENOENT, _("an installed disk would not boot by UEFI: %s; give --allow-no-uefi to install one anyway"),
				       sb->uefi_why);
	}
	if (!(sizes = calloc(n + p->up.n_carry + SYSBOOT_MAX_FILES + 1, sizeof(*sizes))))
		return err_set(e, ENOMEM, _("out of memory"));
	for (i = 0; i < n; i++)
		sizes[k++] = it[i].size;
	for (i = 0; p->upgrade && i < p->up.n_carry; i++)
		sizes[k++] = p->up.carry[i].size;
	if (!inst_role(p, ROLE_BOOTBANK)->keep)
		rc = check_room(p, inst_role(p, ROLE_BOOTBANK), sizes, k, e);
	if (rc == 0 && !p->upgrade && !inst_role(p, ROLE_SYSTEM)->keep) {
		for (k = 0; k < sb->n_files; k++)
			sizes[k] = sb->file[k].size;
		if (sb->bios)
			sizes[k++] = sb->kit->piece[BOOTKIT_LDLINUX_SYS].size;
		rc = check_room(p, inst_role(p, ROLE_SYSTEM), sizes, k, e);
	}
	free(sizes);
	return rc;
}

/* The media against the plan (check_media), without the programs. */
int install_check_fit(const struct install_plan *p, struct media *m, struct stoat_err *e)
{
	struct sysboot sb;

	return check_media(p, m, &sb, e);
}

/* The media against the plan, then the programs the install runs
 * (prereq.h), before anything is written. */
int install_check(const struct install_plan *p, struct media *m, struct stoat_err *e)
{
	struct sysboot sb;
	int rc;

	if ((rc = check_media(p, m, &sb, e)) < 0)
		return rc;
	return prereq_check(p, p->upgrade ? NULL : &sb, e);
}
