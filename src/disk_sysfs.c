/* disk_sysfs.c - what sysfs says about a block device: identity, transport,
 * flags, and which whole disks lie under a device number (through partitions
 * and dm/md slaves). Every path is taken relative to a sysfs root so fixture
 * trees can stand in for /sys. */
#include "config.h"

#include <ctype.h>
#include <dirent.h>
#include <errno.h>
#include <fcntl.h>
#include <limits.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <sys/sysmacros.h>
#include <unistd.h>

#include "disk_priv.h"
#include "io.h"
#include "sysfs.h"

#define SLAVE_DEPTH_MAX 8

/* Names of the transports, indexed by enum disk_transport. */
static const char *const transport_names[] = {
	[TR_UNKNOWN] = "unknown", [TR_USB] = "usb", [TR_SD] = "sd",
	[TR_NVME] = "nvme", [TR_SATA] = "sata", [TR_SAS] = "sas",
	[TR_SCSI] = "scsi", [TR_VIRTIO] = "virtio", [TR_LOOP] = "loop",
	[TR_ISCSI] = "iscsi", [TR_FC] = "fc", [TR_NBD] = "nbd", [TR_FILE] = "file",
};

/* The short name of a transport: "usb", "sd", "nvme", ... */
const char *disk_transport_name(enum disk_transport t)
{
	if ((unsigned)t >= sizeof(transport_names) / sizeof(transport_names[0]))
		return "unknown";
	return transport_names[t];
}

/* True when dir/file exists. */
static bool sysfs_exists(const char *dir, const char *file)
{
	char path[PATH_MAX];

	snprintf(path, sizeof(path), "%s/%s", dir, file);
	return access(path, F_OK) == 0;
}

/* True when name starts with prefix. */
static bool starts(const char *name, const char *prefix)
{
	return !strncmp(name, prefix, strlen(prefix));
}

/* Decide whether a /sys/block entry is left out of the list. */
bool disk_sysfs_skip(const char *sysfs, const char *name, bool all)
{
	static const char *const virt[] = { "ram", "zram", "sr", "md", "dm-", "fd" };
	char dir[PATH_MAX];
	size_t i;

	snprintf(dir, sizeof(dir), "%s/block/%s", sysfs, name);
	if (sysfs_exists(dir, "partition"))
		return true;	/* old layouts list partitions here too */
	if (sysfs_read_u64(dir, "hidden", 0, NULL))
		return true;	/* an NVMe multipath leg */
	if (all)
		return false;
	for (i = 0; i < sizeof(virt) / sizeof(virt[0]); i++)
		if (starts(name, virt[i]))
			return true;
	if (starts(name, "loop") && !sysfs_exists(dir, "loop/backing_file"))
		return true;
	return false;
}

/* True when rel has a path segment "<prefix><digits>" (any remainder when
 * digits is false, none at all when prefix must be exact). */
static bool has_seg(const char *rel, const char *prefix, bool digits)
{
	size_t pl = strlen(prefix);
	const char *s = rel;

	while ((s = strchr(s, '/'))) {
		const char *seg = ++s, *end = strchrnul(seg, '/');

		if ((size_t)(end - seg) < pl || strncmp(seg, prefix, pl))
			continue;
		if (!digits)
			return true;
		if (end - seg > (ptrdiff_t)pl) {
			const char *p = seg + pl;

			while (p < end && isdigit((unsigned char)*p))
				p++;
			if (p == end)
				return true;
		}
	}
	return false;
}

/* The transport, from the device's real sysfs path (relative to the root). */
static enum disk_transport sysfs_transport(const char *rel, const char *name)
{
	if (starts(name, "loop"))
		return TR_LOOP;
	if (starts(name, "nbd"))
		return TR_NBD;
	if (has_seg(rel, "usb", true))
		return TR_USB;
	if (has_seg(rel, "mmc_host", false) || starts(name, "mmcblk"))
		return TR_SD;
	if (has_seg(rel, "nvme", false) || starts(name, "nvme"))
		return TR_NVME;
	if (has_seg(rel, "session", true))
		return TR_ISCSI;
	if (has_seg(rel, "rport-", false))
		return TR_FC;
	if (has_seg(rel, "end_device-", false))
		return TR_SAS;
	if (has_seg(rel, "ata", true))
		return TR_SATA;
	if (has_seg(rel, "virtio", true))
		return TR_VIRTIO;
	if (has_seg(rel, "host", true))
		return TR_SCSI;
	return TR_UNKNOWN;
}

/* True when the path segment at seg (up to the next '/') names a USB
 * interface such as "2-1:1.0" or "1-1.4:1.0". */
static bool is_usb_interface(const char *seg)
{
	size_t len = strcspn(seg, "/");
	const char *dash = memchr(seg, '-', len), *colon = memchr(seg, ':', len);

	return isdigit((unsigned char)seg[0]) && dash && colon && dash < colon;
}

/* The driver closest to the disk, skipping the generic disk drivers (sd, sr,
 * mmcblk); for USB this is the interface's usb-storage or uas. */
static void sysfs_driver(const char *real, size_t rootlen, char *buf, size_t size)
{
	char dir[PATH_MAX], *slash;

	buf[0] = '\0';
	snprintf(dir, sizeof(dir), "%s", real);
	while ((slash = strrchr(dir, '/')) && (size_t)(slash - dir) > rootlen + 8) {
		*slash = '\0';
		sysfs_link_base(dir, "driver", buf, size);
		if (buf[0] && strcmp(buf, "sd") && strcmp(buf, "sr") && strcmp(buf, "mmcblk"))
			return;
		buf[0] = '\0';
	}
}

/* For SCSI disks with no driver link up the tree, the host's proc_name. */
static void sysfs_scsi_proc_name(const char *real, char *buf, size_t size)
{
	char dir[PATH_MAX], sub[64], *seg;

	snprintf(dir, sizeof(dir), "%s", real);
	for (seg = strstr(dir, "/host"); seg; seg = strstr(seg + 1, "/host")) {
		char *end = strchrnul(seg + 1, '/');

		if (end == seg + 5 || !isdigit((unsigned char)seg[5]))
			continue;
		*end = '\0';
		snprintf(sub, sizeof(sub), "scsi_host/%s/proc_name", seg + 1);
		sysfs_read_str(dir, sub, buf, size);
		return;
	}
}

/* The directory of the USB device (parent of the interface), or "". */
static void sysfs_usb_device_dir(const char *real, char *buf, size_t size)
{
	char dir[PATH_MAX], *seg;

	buf[0] = '\0';
	snprintf(dir, sizeof(dir), "%s", real);
	for (seg = strchr(dir, '/'); seg; seg = strchr(seg + 1, '/')) {
		if (is_usb_interface(seg + 1)) {
			*seg = '\0';
			snprintf(buf, size, "%s", dir);
			return;
		}
	}
}

/* SCSI unit serial number from the binary VPD page 0x80. */
static void sysfs_vpd80(const char *devdir, char *buf, size_t size)
{
	char path[PATH_MAX];
	unsigned char v[260];
	ssize_t n;
	size_t len, i, o = 0;
	int fd;

	snprintf(path, sizeof(path), "%s/vpd_pg80", devdir);
	fd = open(path, O_RDONLY | O_CLOEXEC);
	if (fd < 0)
		return;
	n = io_read_all(fd, v, sizeof(v));
	close(fd);
	if (n < 4 || v[1] != 0x80)
		return;
	len = v[3];
	if (len > (size_t)n - 4)
		len = (size_t)n - 4;
	for (i = 0; i < len && o + 1 < size; i++)
		if (v[4 + i] > 0x20 && v[4 + i] < 0x7f)
			buf[o++] = (char)v[4 + i];
	buf[o] = '\0';
}

/* Vendor, model, serial and WWN, wherever this kind of device keeps them. */
static void sysfs_identity(const char *blockdir, const char *real, struct disk *d)
{
	char devdir[PATH_MAX], usbdir[PATH_MAX], wwid[128];

	snprintf(devdir, sizeof(devdir), "%s/device", blockdir);
	sysfs_read_str(devdir, "vendor", d->vendor, sizeof(d->vendor));
	if (starts(d->vendor, "0x"))
		d->vendor[0] = '\0';	/* a PCI id (virtio), not a name */
	if (sysfs_read_str(devdir, "model", d->model, sizeof(d->model)) < 0 &&
	    d->transport == TR_SD)
		sysfs_read_str(devdir, "name", d->model, sizeof(d->model));
	if (d->transport == TR_USB) {
		sysfs_usb_device_dir(real, usbdir, sizeof(usbdir));
		if (usbdir[0])
			sysfs_read_str(usbdir, "serial", d->serial, sizeof(d->serial));
	}
	if (!d->serial[0])
		sysfs_read_str(devdir, "serial", d->serial, sizeof(d->serial));
	if (!d->serial[0])
		sysfs_read_str(blockdir, "serial", d->serial, sizeof(d->serial));
	if (!d->serial[0])
		sysfs_vpd80(devdir, d->serial, sizeof(d->serial));

	if (sysfs_read_str(blockdir, "wwid", wwid, sizeof(wwid)) < 0)
		sysfs_read_str(devdir, "wwid", wwid, sizeof(wwid));
	if (starts(wwid, "naa."))
		snprintf(d->wwn, sizeof(d->wwn), "0x%s", wwid + 4);
	else if (starts(wwid, "eui.") || starts(wwid, "nvme."))
		snprintf(d->wwn, sizeof(d->wwn), "%s", wwid);
	/* t10.* ids are vendor+model+serial, not a world wide name */
}

/* Fill d from <sysfs>/block/<name>. 0 or -errno. */
int disk_sysfs_fill(const char *sysfs, const char *dev_root, const char *name,
		    struct disk *d)
{
	char blockdir[PATH_MAX], real[PATH_MAX], root[PATH_MAX], qdir[PATH_MAX];
	const char *rel;
	size_t i, rootlen;

	snprintf(blockdir, sizeof(blockdir), "%s/block/%s", sysfs, name);
	if (!realpath(sysfs, root) || !realpath(blockdir, real))
		return -errno;
	rootlen = strlen(root);
	rel = strncmp(real, root, rootlen) ? real : real + rootlen;

	snprintf(d->name, sizeof(d->name), "%s", name);
	snprintf(d->path, sizeof(d->path), "%s/%s", dev_root, name);
	for (i = strlen(dev_root) + 1; d->path[i]; i++)
		if (d->path[i] == '!')
			d->path[i] = '/';	/* cciss!c0d0 is /dev/cciss/c0d0 */
	d->size = sysfs_read_u64(blockdir, "size", 0, NULL) * 512;
	snprintf(qdir, sizeof(qdir), "%s/queue", blockdir);
	d->lsec = (unsigned)sysfs_read_u64(qdir, "logical_block_size", 512, NULL);
	d->psec = (unsigned)sysfs_read_u64(qdir, "physical_block_size", d->lsec, NULL);
	d->rotational = sysfs_read_u64(qdir, "rotational", 0, NULL) != 0;
	d->removable = sysfs_read_u64(blockdir, "removable", 0, NULL) != 0;
	d->readonly = sysfs_read_u64(blockdir, "ro", 0, NULL) != 0;

	d->transport = sysfs_transport(rel, name);
	d->remote = d->transport == TR_ISCSI || d->transport == TR_FC ||
		    d->transport == TR_NBD;
	if (d->transport == TR_LOOP || d->transport == TR_NBD) {
		snprintf(d->driver, sizeof(d->driver), "%s", disk_transport_name(d->transport));
		snprintf(qdir, sizeof(qdir), "%s/loop", blockdir);
		if (d->transport == TR_LOOP)
			sysfs_read_str(qdir, "backing_file", d->backing_file, sizeof(d->backing_file));
	} else {
		sysfs_driver(real, rootlen, d->driver, sizeof(d->driver));
		if (!d->driver[0])
			sysfs_scsi_proc_name(real, d->driver, sizeof(d->driver));
	}
	sysfs_identity(blockdir, real, d);
	return 0;
}

/* Add name to the set unless it is there already or the set is full. */
void disk_nameset_add(struct disk_nameset *s, const char *name)
{
	if (disk_nameset_has(s, name) || s->n == DISK_NAMESET_MAX)
		return;
	snprintf(s->name[s->n++], sizeof(s->name[0]), "%s", name);
}

/* True when name is in the set. */
bool disk_nameset_has(const struct disk_nameset *s, const char *name)
{
	size_t i;

	for (i = 0; i < s->n; i++)
		if (!strcmp(s->name[i], name))
			return true;
	return false;
}

/* Collect the whole disks under the block device at real path dir: a
 * partition counts as its disk; dm and md count as their slaves' disks. */
static void wholes_of_dir(const char *dir, struct disk_nameset *out, int depth)
{
	char d[PATH_MAX], sl[PATH_MAX], sub[PATH_MAX], real[PATH_MAX];
	struct dirent *de;
	bool any = false;
	DIR *dh;

	snprintf(d, sizeof(d), "%s", dir);
	if (sysfs_exists(d, "partition") && strrchr(d, '/'))
		*strrchr(d, '/') = '\0';
	snprintf(sl, sizeof(sl), "%s/slaves", d);
	if (depth < SLAVE_DEPTH_MAX && (dh = opendir(sl))) {
		while ((de = readdir(dh))) {
			if (de->d_name[0] == '.')
				continue;
			snprintf(sub, sizeof(sub), "%s/%s", sl, de->d_name);
			if (realpath(sub, real)) {
				wholes_of_dir(real, out, depth + 1);
				any = true;
			}
		}
		closedir(dh);
	}
	if (any && depth > 0)
		return;
	disk_nameset_add(out, strrchr(d, '/') ? strrchr(d, '/') + 1 : d);
}

/* The whole disks under device number dev (via <sysfs>/dev/block/M:m). */
void disk_sysfs_wholes_of_devnum(const char *sysfs, dev_t dev, struct disk_nameset *out)
{
	char link[PATH_MAX], real[PATH_MAX];

	snprintf(link, sizeof(link), "%s/dev/block/%u:%u", sysfs, major(dev), minor(dev));
	if (realpath(link, real))
		wholes_of_dir(real, out, 0);
}

/* The whole disks under the block device called name (sda1, dm-0, ...). */
void disk_sysfs_wholes_of_name(const char *sysfs, const char *name, struct disk_nameset *out)
{
	char link[PATH_MAX], real[PATH_MAX];

	snprintf(link, sizeof(link), "%s/class/block/%s", sysfs, name);
	if (realpath(link, real)) {
		wholes_of_dir(real, out, 0);
		return;
	}
	snprintf(link, sizeof(link), "%s/block/%s", sysfs, name);
	if (realpath(link, real))
		wholes_of_dir(real, out, 0);
}

/* The block device name of device number dev, or -ENOENT. */
int disk_sysfs_name_of_devnum(const char *sysfs, dev_t dev, char *name, size_t size)
{
	char link[PATH_MAX], real[PATH_MAX];

	snprintf(link, sizeof(link), "%s/dev/block/%u:%u", sysfs, major(dev), minor(dev));
	if (!realpath(link, real))
		return -errno;
	snprintf(name, size, "%s", strrchr(real, '/') + 1);
	return 0;
}

/* The loop devices whose backing file is file. */
void disk_sysfs_loops_backed_by(const char *sysfs, const char *file,
				struct disk_nameset *out)
{
	char dir[PATH_MAX], want[PATH_MAX], got[PATH_MAX];
	struct dirent *de;
	DIR *dh;

	if (!realpath(file, want))
		return;
	snprintf(dir, sizeof(dir), "%s/block", sysfs);
	dh = opendir(dir);
	if (!dh)
		return;
	while ((de = readdir(dh))) {
		char ldir[PATH_MAX];

		if (!starts(de->d_name, "loop"))
			continue;
		snprintf(ldir, sizeof(ldir), "%s/%s/loop", dir, de->d_name);
		if (sysfs_read_str(ldir, "backing_file", got, sizeof(got)) == 0 &&
		    !strcmp(got, want))
			disk_nameset_add(out, de->d_name);
	}
	closedir(dh);
}
