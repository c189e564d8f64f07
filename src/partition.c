/* partition.c - write a planned layout to a device or image with libparted.
 *
 * Order: check the target matches the plan, wipe old signatures at both
 * ends, let libparted write a fresh GPT with the exact sectors, patch the
 * VMware type GUIDs (libparted 3.5 has no call for that), put the boot stub
 * in LBA 0, read everything back, and on block devices have the kernel
 * re-read the table and wait for the partition nodes. */
#include "config.h"

#include <errno.h>
#include <fcntl.h>
#include <limits.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/ioctl.h>
#include <sys/stat.h>
#include <unistd.h>
#include <linux/blkpg.h>
#include <linux/fs.h>

#include <parted/parted.h>

#include "gpt.h"
#include "io.h"
#include "nls.h"
#include "pace.h"
#include "partition.h"
#include "sysfs.h"

#define WIPE_BYTES (1024 * 1024)
#define NODE_WAIT_MS 10000

/* The last libparted message. libparted's exception callback takes no
 * context pointer, so this one thread-local buffer is the only way to get
 * its text into struct stoat_err. */
static _Thread_local char ped_last_msg[256];

/* libparted exception handler: remember the text, never ask, never print. */
static PedExceptionOption on_ped_exception(PedException *ex)
{
	snprintf(ped_last_msg, sizeof(ped_last_msg), "%s", ex->message ? ex->message : "");
	if (ex->type < PED_EXCEPTION_ERROR) {
		if (ex->options & PED_EXCEPTION_IGNORE)
			return PED_EXCEPTION_IGNORE;
		if (ex->options & PED_EXCEPTION_OK)
			return PED_EXCEPTION_OK;
	}
	if (ex->options & PED_EXCEPTION_CANCEL)
		return PED_EXCEPTION_CANCEL;
	return PED_EXCEPTION_UNHANDLED;
}

/* Fill e from a failed libparted call named what. */
static int ped_fail(struct stoat_err *e, const char *what)
{
	if (ped_last_msg[0])
		return err_set(e, EIO, _("libparted could not %s: %s"), what, ped_last_msg);
	return err_set(e, EIO, _("libparted could not %s."), what);
}

/* Write len zero bytes at off. */
static int zero_at(int fd, uint64_t off, uint64_t len)
{
	static const char zeros[64 * 1024];

	while (len) {
		size_t n = len < sizeof(zeros) ? (size_t)len : sizeof(zeros);
		int rc = io_pwrite_all(fd, zeros, n, off);

		if (rc < 0)
			return rc;
		off += n;
		len -= n;
	}
	return 0;
}

/* Whether byte off lies in a partition the layout keeps. */
static bool in_kept(const struct layout *l, uint64_t off)
{
	uint64_t sec = off / l->sector_size;
	unsigned i;

	for (i = 0; i < l->n; i++)
		if (l->part[i].keep && sec >= l->part[i].start && sec <= l->part[i].end)
			return true;
	return false;
}

/* Zero [off, off+len), sector by sector runs, leaving kept partitions. */
static int zero_unkept(int fd, const struct layout *l, uint64_t off, uint64_t len)
{
	uint64_t end = off + len, run;
	int rc = 0;

	while (off < end && rc == 0) {
		for (; off < end && in_kept(l, off); off += l->sector_size)
			;
		for (run = off; run < end && !in_kept(l, run); run += l->sector_size)
			;
		if (run > off)
			rc = zero_at(fd, off, run - off);
		off = run;
	}
	return rc;
}

/* Zero the first and last MiB: old MBR/GPT, backup GPT, RAID and
 * filesystem superblocks that libblkid would still find on the device.
 * A partition the layout keeps (a VMFS datastore) is left as it is: its
 * last MiB lies in the disk's last MiB. */
static int wipe_ends(int fd, const struct layout *l, struct stoat_err *e)
{
	uint64_t size = l->total_sectors * l->sector_size;
	uint64_t n = size < WIPE_BYTES ? size : WIPE_BYTES;
	int rc;

	rc = zero_unkept(fd, l, 0, n);
	if (rc == 0)
		rc = zero_unkept(fd, l, size - n, n);
	if (rc == 0 && fsync(fd) < 0)
		rc = -errno;
	if (rc < 0)
		return err_set(e, -rc, _("Cannot wipe the old partition table: %s."), strerror(-rc));
	return 0;
}

/* Copy the boot stub's code (440 bytes at most, so the disk signature and
 * the protective MBR's partition records stay) into LBA 0. Returns 0, 1
 * when there is no stub (warn filled) or -errno. */
static int write_stub(int fd, unsigned ss, const char *stub, char *warn,
		      size_t warn_size, struct stoat_err *e)
{
	uint8_t code[440], *sec;
	ssize_t n;
	int sfd, rc = 0;

	if (!stub[0])
		n = -1, errno = ENOENT;
	else if ((sfd = open(stub, O_RDONLY | O_CLOEXEC)) < 0)
		n = -1;
	else {
		n = io_read_all(sfd, code, sizeof(code));
		close(sfd);
		if (n < 0)
			errno = (int)-n;
	}
	if (n <= 0) {
		if (warn)
			snprintf(warn, warn_size,
				 _("No GPT boot stub (%s: %s): the disk will boot by UEFI only, not by legacy BIOS."),
				 stub[0] ? stub : "gptmbr.bin", n < 0 ? strerror(errno) : _("empty file"));
		return 1;
	}
	sec = malloc(ss);
	if (!sec)
		return err_set(e, ENOMEM, _("Out of memory."));
	if (io_pread_exact(fd, sec, ss, 0) < 0)
		rc = -EIO;
	else {
		memcpy(sec, code, (size_t)n);
		if (io_pwrite_all(fd, sec, ss, 0) < 0 || fsync(fd) < 0)
			rc = -EIO;
	}
	free(sec);
	if (rc < 0)
		return err_set(e, EIO, _("Cannot write the boot stub to sector 0."));
	return 0;
}

/* Let libparted write a fresh GPT with exactly the planned sectors. */
static int ped_write(const char *path, const struct layout *l, struct stoat_err *e)
{
	PedDevice *dev;
	PedDisk *disk = NULL;
	PedDiskType *gpt = ped_disk_type_get("gpt");
	int rc = 0;
	unsigned i;

	dev = ped_device_get(path);
	if (!dev || !gpt)
		return ped_fail(e, _("open the device"));
	if ((unsigned)dev->sector_size != l->sector_size
	    || (uint64_t)dev->length != l->total_sectors) {
		rc = err_set(e, EINVAL,
			     _("libparted sees %lld sectors of %lld bytes, but the plan is for %llu of %u."),
			     (long long)dev->length, (long long)dev->sector_size,
			     (unsigned long long)l->total_sectors, l->sector_size);
		goto out;
	}
	disk = ped_disk_new_fresh(dev, gpt);
	if (!disk) {
		rc = ped_fail(e, _("create a GPT"));
		goto out;
	}
	for (i = 0; i < l->n && rc == 0; i++) {
		const struct layout_part *p = &l->part[i];
		PedPartition *part;
		PedConstraint *c;

		part = ped_partition_new(disk, PED_PARTITION_NORMAL, NULL,
					 (PedSector)p->start, (PedSector)p->end);
		if (!part) {
			rc = ped_fail(e, _("create a partition"));
			break;
		}
		part->num = (int)p->num;	/* GPT keeps a number that is set */
		/* No ped_partition_set_name: partedUtil, which ESXi's installer
		 * uses, writes no GPT partition names (unconfirmed, REFERENCE.md
		 * gives none; `partedUtil getptbl` shows none), so all stay empty. */
		c = ped_constraint_exact(&part->geom);
		if (!c || !ped_disk_add_partition(disk, part, c)) {
			rc = ped_fail(e, _("add a partition"));
			ped_partition_destroy(part);
		} else if (p->attr && !ped_partition_set_flag(part, PED_PARTITION_LEGACY_BOOT, 1)) {
			rc = ped_fail(e, _("set the legacy boot flag"));
		}
#ifdef HAVE_PED_PARTITION_SET_TYPE_UUID
		if (rc == 0) {
			uint8_t disk_order[16], uuid[16];
			static const uint8_t order[16] = { 3, 2, 1, 0, 5, 4, 7, 6,
							   8, 9, 10, 11, 12, 13, 14, 15 };
			unsigned k;

			/* libparted takes the GUID in text (big-endian) order. */
			gpt_guid_encode(p->type_guid, disk_order);
			for (k = 0; k < 16; k++)
				uuid[k] = disk_order[order[k]];
			if (!ped_partition_set_type_uuid(part, uuid))
				rc = ped_fail(e, _("set a partition type"));
		}
#endif
		if (c)
			ped_constraint_destroy(c);
	}
	if (rc == 0 && !ped_disk_commit_to_dev(disk))
		rc = ped_fail(e, _("write the partition table"));
out:
	if (disk)
		ped_disk_destroy(disk);
	ped_device_destroy(dev);
	return rc;
}

/* Compare what is on disk with the plan. */
static int verify(int fd, const struct layout *l, struct stoat_err *e)
{
	struct gpt_table *t = calloc(1, sizeof(*t));
	uint8_t mbr[512];
	unsigned i, j;
	int rc;

	if (!t)
		return err_set(e, ENOMEM, _("Out of memory."));
	rc = gpt_read(fd, l->sector_size, t, e);
	if (rc < 0)
		goto out;
	rc = err_set(e, EIO, _("The partition table read back differs from the plan."));
	if (!t->backup_ok || t->n != l->n || t->backup_lba != l->total_sectors - 1)
		goto out;
	for (i = 0; i < l->n; i++) {
		const struct layout_part *p = &l->part[i];

		for (j = 0; j < t->n && t->part[j].num != p->num; j++)
			;
		if (j == t->n || t->part[j].start != p->start || t->part[j].end != p->end
		    || strcmp(t->part[j].type_guid, p->type_guid)
		    || !(t->part[j].attrs & GPT_ATTR_LEGACY_BOOT) != !p->attr)
			goto out;
	}
	if (io_pread_exact(fd, mbr, sizeof(mbr), 0) < 0
	    || mbr[510] != 0x55 || mbr[511] != 0xAA || mbr[446 + 4] != 0xEE) {
		rc = err_set(e, EIO, _("The protective MBR is missing after writing."));
		goto out;
	}
	rc = 0;
out:
	free(t);
	return rc;
}

/* /dev/sda + 1 -> /dev/sda1; /dev/loop0, nvme0n1, mmcblk0 + 1 -> ...p1. */
static void part_node(const char *disk, unsigned num, char *buf, size_t size)
{
	size_t len = strlen(disk);
	bool digit = len && disk[len - 1] >= '0' && disk[len - 1] <= '9';

	snprintf(buf, size, "%s%s%u", disk, digit ? "p" : "", num);
}

/* Wait (bounded) until every planned partition node exists with its size. */
static int wait_nodes(const char *disk, const struct layout *l, struct stoat_err *e)
{
	double deadline = pace_now() + NODE_WAIT_MS / 1000.0;
	char node[PATH_MAX + 16];
	unsigned i = 0;

	while (i < l->n) {
		const struct layout_part *p = &l->part[i];
		uint64_t size = 0;
		int fd;

		part_node(disk, p->num, node, sizeof(node));
		fd = open(node, O_RDONLY | O_CLOEXEC);
		if (fd >= 0) {
			if (ioctl(fd, BLKGETSIZE64, &size) < 0)
				size = 0;
			close(fd);
		}
		if (size == (p->end - p->start + 1) * l->sector_size) {
			i++;
			continue;
		}
		if (pace_now() > deadline)
			return err_set(e, ETIMEDOUT,
				       _("Partition %s did not appear within %d seconds after the table was written."),
				       node, NODE_WAIT_MS / 1000);
		usleep(50 * 1000);
	}
	return 0;
}

/* The kernel's idea of partition num of disk: start and size in 512-byte
 * units from sysfs. false when it has none. */
static bool kernel_part(const char *disk, unsigned num, uint64_t *start,
			uint64_t *size)
{
	char node[PATH_MAX + 16], path[PATH_MAX + 64];
	const char *dname, *pname;
	unsigned long long v[2];
	bool found;
	int i;

	part_node(disk, num, node, sizeof(node));
	dname = strrchr(disk, '/') ? strrchr(disk, '/') + 1 : disk;
	pname = strrchr(node, '/') ? strrchr(node, '/') + 1 : node;
	snprintf(path, sizeof(path), "/sys/class/block/%s/%s", dname, pname);
	for (i = 0; i < 2; i++) {
		v[i] = sysfs_read_u64(path, i ? "size" : "start", ~0ull, &found);
		if (!found)
			return false;
	}
	*start = v[0];
	*size = v[1];
	return true;
}

/* One BLKPG call, retried for a moment while something (udev, a probe)
 * briefly holds the partition. */
static int blkpg(int fd, int op, unsigned num, uint64_t start, uint64_t len)
{
	struct blkpg_partition p = { .start = (long long)start, .length = (long long)len,
				     .pno = (int)num };
	struct blkpg_ioctl_arg a = { .op = op, .datalen = sizeof(p), .data = &p };
	int tries;

	for (tries = 0; tries < 40; tries++) {
		if (ioctl(fd, BLKPG, &a) == 0)
			return 0;
		if (errno != EBUSY)
			break;
		usleep(50 * 1000);
	}
	return -errno;
}

/* Tell the kernel about the new partitions. BLKRRPART alone is not
 * enough: a kernel built without the GPT parser accepts it and finds
 * nothing, so every partition the kernel has wrong is then deleted or
 * added with BLKPG, checked against sysfs. */
static int reread(int fd, const char *path, const struct layout *l, char *warn,
		  size_t warn_size, struct stoat_err *e)
{
	uint64_t kstart = 0, ksize = 0, k = l->sector_size / 512;
	unsigned num;
	int rc;

	if (ioctl(fd, BLKRRPART) < 0 && errno == EINVAL) {
		/* e.g. a loop device attached without partition scanning */
		if (warn)
			snprintf(warn, warn_size,
				 _("The kernel does not scan partitions on %s; its partition devices will not appear."),
				 path);
		return 1;
	}
	for (num = 1; num <= GPT_MAX_ENTRIES; num++) {
		const struct layout_part *p = layout_find_num(l, num);
		bool have = kernel_part(path, num, &kstart, &ksize);

		if (have && p && kstart == p->start * k && ksize == (p->end - p->start + 1) * k)
			continue;
		if (have && (rc = blkpg(fd, BLKPG_DEL_PARTITION, num, 0, 0)) < 0 && rc != -ENXIO)
			return err_set(e, -rc,
				       _("The kernel cannot drop old partition %u (%s); close or unmount it and try again."),
				       num, strerror(-rc));
		if (p && (rc = blkpg(fd, BLKPG_ADD_PARTITION, num, p->start * l->sector_size,
				     (p->end - p->start + 1) * l->sector_size)) < 0)
			return err_set(e, -rc, _("The kernel cannot add partition %u: %s."),
				       num, strerror(-rc));
	}
	return 0;
}

/* The steps after opening: wipe, write, patch, stub, verify, re-read. */
static int apply_fd(int fd, const char *path, bool is_blk, const struct layout *l,
		    const struct partition_opts *opts, char *warn, size_t warn_size,
		    struct stoat_err *e)
{
	const char *stub = opts && opts->gptmbr ? opts->gptmbr : GPTMBR_PATH;
	int rc;

	rc = wipe_ends(fd, l, e);
	if (rc == 0)
		rc = ped_write(path, l, e);
#ifndef HAVE_PED_PARTITION_SET_TYPE_UUID
	if (rc == 0)
		rc = gpt_set_types(fd, l->sector_size, l, e);
#endif
	if (rc == 0 && (stub[0] || !opts || !opts->gptmbr)) {
		rc = write_stub(fd, l->sector_size, stub, warn, warn_size, e);
		rc = rc > 0 ? 0 : rc;
	}
	if (rc == 0)
		rc = verify(fd, l, e);
	if (rc == 0 && is_blk && !(opts && opts->no_reread)) {
		rc = reread(fd, path, l, warn && warn[0] ? NULL : warn, warn_size, e);
		if (rc == 0)
			rc = wait_nodes(path, l, e);
		rc = rc > 0 ? 0 : rc;
	}
	return rc;
}

int partition_apply(const char *path, const struct layout *l,
		    const struct partition_opts *opts, char *warn,
		    size_t warn_size, struct stoat_err *e)
{
	PedExceptionHandler *old = ped_exception_get_handler();
	char real[PATH_MAX];
	struct stat st;
	uint64_t bytes;
	int fd, rc, ssz = 512;

	if (warn && warn_size)
		warn[0] = '\0';
	if (!l || !l->n || (l->sector_size != 512 && l->sector_size != 4096))
		return err_set(e, EINVAL, _("There is no partition plan to write."));
	if (!realpath(path, real) || stat(real, &st) < 0)
		return err_set(e, errno, _("Cannot open %s: %s."), path, strerror(errno));
	if (!S_ISBLK(st.st_mode) && !S_ISREG(st.st_mode))
		return err_set(e, EINVAL, _("%s is neither a block device nor an image file."), path);
	/* O_EXCL on a block device fails while any of its partitions is
	 * mounted or held, and keeps others out while we write. */
	fd = open(real, O_RDWR | O_CLOEXEC | (S_ISBLK(st.st_mode) ? O_EXCL : 0));
	if (fd < 0 && errno == EBUSY)
		return err_set(e, EBUSY, _("%s is in use (mounted or held by another program)."),
			       path);
	if (fd < 0)
		return err_set(e, errno, _("Cannot open %s for writing: %s."), path, strerror(errno));
	if (S_ISBLK(st.st_mode)) {
		if (ioctl(fd, BLKGETSIZE64, &bytes) < 0 || ioctl(fd, BLKSSZGET, &ssz) < 0)
			bytes = 0;
	} else {
		bytes = (uint64_t)st.st_size;
	}
	if ((unsigned)ssz != l->sector_size || bytes / (unsigned)ssz != l->total_sectors) {
		close(fd);
		return err_set(e, EINVAL,
			       _("%s has %llu sectors of %d bytes, but the plan is for %llu sectors of %u bytes."),
			       path, (unsigned long long)(bytes / (unsigned)ssz), ssz,
			       (unsigned long long)l->total_sectors, l->sector_size);
	}
	ped_last_msg[0] = '\0';
	ped_exception_set_handler(on_ped_exception);
	rc = apply_fd(fd, real, S_ISBLK(st.st_mode), l, opts, warn, warn_size, e);
	ped_exception_set_handler(old);
	if (rc < 0)
		err_prefix(e, "%s", path);
	if (close(fd) < 0 && rc == 0)
		rc = err_set(e, errno, _("Cannot finish writing %s: %s."), path, strerror(errno));
	return rc;
}
