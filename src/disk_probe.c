/* disk_probe.c - what a disk holds, read with libblkid: partition table,
 * partitions with their filesystems and labels, and the ESXi signs behind
 * the disk screen's markers (`*` VMFS, `#` vSAN, `@` upgradable bootbank).
 *
 * Opens the device or image read-only and uses no blkid cache, so probing
 * leaves no trace. */
#include "config.h"

#include <blkid.h>
#include <ctype.h>
#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "bootbank.h"
#include "disk_priv.h"
#include "io.h"
#include "le.h"

#define GUID_VMKDIAG "9D27538040AD11DBBF97000C2911D1B8"
#define GUID_VMFS "AA31E02A400F11DB9590000C2911D1B8"
#define GUID_VMFSL "4EB2EA3978554790A79EFAE495E21F8D"
#define GUID_VSAN "381CFCCC728811E092EE000C2911D0B2"
#define MBR_VMFS 0xfb
#define FAT_ROOT_MAX (256 * 1024)
#define AHEAD_HEAD (1024 * 1024)	/* where most signatures live */
#define AHEAD_TAIL (256 * 1024)		/* backup GPT, md 0.90, ... */

/* What one partition looks like while the disk is being probed. */
struct probe_part {
	uint64_t start, size;
	char type_guid[33];
	unsigned mbr_type;
	char fstype[16], label[64];
};

/* True when the FAT filesystem at off has BOOT.CFG in its root directory. */
static bool fat_has_bootcfg(int fd, uint64_t off)
{
	unsigned char bs[512], *dir;
	unsigned bps, spc, nfats, rootents;
	uint64_t reserved, fatsz, where;
	size_t len, i;
	bool found = false;

	if (io_pread_exact(fd, bs, sizeof(bs), off) < 0)
		return false;
	bps = le16_get(bs + 11);
	spc = bs[13];
	reserved = le16_get(bs + 14);
	nfats = bs[16];
	rootents = le16_get(bs + 17);
	fatsz = le16_get(bs + 22) ? le16_get(bs + 22) : le32_get(bs + 36);
	if ((bps != 512 && bps != 1024 && bps != 2048 && bps != 4096) || !spc ||
	    !nfats || nfats > 4)
		return false;
	where = off + (reserved + nfats * fatsz) * bps;
	if (rootents) {
		len = (size_t)rootents * 32;
	} else {	/* FAT32: the first cluster of the root directory */
		uint32_t clus = le32_get(bs + 44);

		if (clus < 2)
			return false;
		where += (uint64_t)(clus - 2) * spc * bps;
		len = (size_t)spc * bps;
	}
	if (len > FAT_ROOT_MAX)
		len = FAT_ROOT_MAX;
	dir = malloc(len);
	if (!dir)
		return false;
	if (io_pread_exact(fd, dir, len, where) == 0) {
		for (i = 0; i + 32 <= len && dir[i]; i += 32) {
			if (dir[i] == 0xe5 || (dir[i + 11] & 0x0f) == 0x0f || (dir[i + 11] & 0x18))
				continue;	/* deleted, long-name, label or directory */
			if (!memcmp(dir + i, "BOOT    CFG", 11)) {
				found = true;
				break;
			}
		}
	}
	free(dir);
	return found;
}

/* Copy blkid's value for name into buf ("" when absent). */
static void lookup(blkid_probe pr, const char *name, char *buf, size_t size)
{
	const char *v = NULL;

	buf[0] = '\0';
	if (blkid_probe_lookup_value(pr, name, &v, NULL) == 0 && v)
		snprintf(buf, size, "%s", v);
}

/* Probe filesystems on fd between off and off+size (size 0: to the end),
 * only the types in `only` when it is not NULL. Returns blkid_do_safeprobe's
 * result. */
static int probe_fs(int fd, uint64_t off, uint64_t size, char **only, char *type,
		    size_t tsize, char *label, size_t lsize)
{
	blkid_probe pr = blkid_new_probe();
	int rc = -1;

	type[0] = label[0] = '\0';
	if (!pr)
		return -1;
	if (blkid_probe_set_device(pr, fd, (blkid_loff_t)off, (blkid_loff_t)size) == 0) {
		blkid_probe_enable_partitions(pr, 0);
		blkid_probe_enable_superblocks(pr, 1);
		blkid_probe_set_superblocks_flags(pr, BLKID_SUBLKS_TYPE | BLKID_SUBLKS_LABEL);
		if (only)
			blkid_probe_filter_superblocks_type(pr, BLKID_FLTR_ONLYIN, only);
		rc = blkid_do_safeprobe(pr);
		if (rc == 0) {
			lookup(pr, "TYPE", type, tsize);
			lookup(pr, "LABEL", label, lsize);
		}
	}
	blkid_free_probe(pr);
	return rc;
}

/* "ebd0a0a2-b9e5-..." -> "EBD0A0A2B9E5...". */
static void guid_compact(const char *in, char *out, size_t size)
{
	size_t o = 0;

	for (; *in && o + 1 < size; in++)
		if (*in != '-')
			out[o++] = (char)toupper((unsigned char)*in);
	out[o] = '\0';
}

/* Fold one partition's signs into the disk's markers. */
static void judge_part(int fd, const struct probe_part *p, struct disk *d)
{
	const char *g = p->type_guid;
	bool fat = !strcmp(p->fstype, "vfat");
	bool bootbank, bootcfg;

	if (!strcmp(g, GUID_VMKDIAG) || !strcmp(g, GUID_VMFS) || !strcmp(g, GUID_VMFSL))
		d->has_esxi = true;
	if (!strcmp(g, GUID_VMFS) || p->mbr_type == MBR_VMFS || !strncmp(p->fstype, "VMFS", 4))
		d->has_vmfs = true;
	if (!strcmp(g, GUID_VSAN))
		d->has_vsan = true;
	if (!fat)
		return;
	bootbank = bootbank_marked(fd, p->start) || !strncmp(p->label, "BOOTBANK", 8);
	bootcfg = fat_has_bootcfg(fd, p->start);
	if (bootbank || bootcfg)
		d->has_esxi = true;
	if (bootbank && bootcfg)
		d->upgradable = true;
}

/* Read one blkid partition into p and probe its filesystem. */
static void read_part(int fd, blkid_partition par, struct probe_part *p)
{
	const char *ts = blkid_partition_get_type_string(par);

	memset(p, 0, sizeof(*p));
	p->start = (uint64_t)blkid_partition_get_start(par) * 512;
	p->size = (uint64_t)blkid_partition_get_size(par) * 512;
	if (ts && strlen(ts) == 36)
		guid_compact(ts, p->type_guid, sizeof(p->type_guid));
	else
		p->mbr_type = (unsigned)blkid_partition_get_type(par) & 0xff;
	if (!blkid_partition_is_extended(par))
		probe_fs(fd, p->start, p->size, NULL, p->fstype, sizeof(p->fstype),
			 p->label, sizeof(p->label));
}

/* Ask the kernel to read [off, off+size) in one go. blkid reads dozens of
 * small pieces with read-ahead off; on a freshly opened device each would
 * be its own I/O (the page cache is dropped on the last close), so one
 * large read first makes the scan several times faster. */
static void read_ahead(int fd, uint64_t off, uint64_t size, uint64_t head, uint64_t tail)
{
	if (!size)
		return;
	readahead(fd, (off64_t)off, size < head ? size : head);
	if (size > head)
		readahead(fd, (off64_t)(off + size - (size - head < tail ? size - head : tail)),
			  size - head < tail ? size - head : tail);
}

/* Set up libblkid's process-wide state once, before probes run in threads. */
void disk_probe_init(void)
{
	blkid_init_debug(0);
}

/* Fill the content fields of d (pttype, partitions, markers) from its path.
 * A device that cannot be opened stays empty; has_data is then true unless
 * there is simply nothing there (no medium, no device node). */
void disk_probe_content(struct disk *d)
{
	char iso[] = "iso9660", udf[] = "udf";
	char *iso_types[] = { iso, udf, NULL };
	blkid_probe pr;
	blkid_partlist ls;
	int fd, i, n, rc;

	fd = open(d->path, O_RDONLY | O_CLOEXEC | O_NONBLOCK);
	if (fd < 0) {
		/* not readable (no permission, I/O error): assume it holds
		 * something, so nobody is told an unread disk is empty */
		d->has_data = errno != ENOMEDIUM && errno != ENOENT && errno != ENXIO;
		return;
	}
	read_ahead(fd, 0, d->size ? d->size : (uint64_t)lseek(fd, 0, SEEK_END),
		   AHEAD_HEAD, AHEAD_HEAD);
	pr = blkid_new_probe();
	if (pr && blkid_probe_set_device(pr, fd, 0, 0) == 0 &&
	    (ls = blkid_probe_get_partitions(pr))) {
		blkid_parttable tab = blkid_partlist_get_table(ls);

		if (tab && blkid_parttable_get_type(tab))
			snprintf(d->pttype, sizeof(d->pttype), "%s", blkid_parttable_get_type(tab));
		n = blkid_partlist_numof_partitions(ls);
		for (i = 0; i < n; i++) {
			blkid_partition par = blkid_partlist_get_partition(ls, i);

			if (par)
				read_ahead(fd, (uint64_t)blkid_partition_get_start(par) * 512,
					   (uint64_t)blkid_partition_get_size(par) * 512,
					   AHEAD_HEAD, AHEAD_TAIL);
		}
		for (i = 0; i < n; i++) {
			blkid_partition par = blkid_partlist_get_partition(ls, i);
			struct probe_part p;
			struct disk_part *dp;

			if (!par)
				continue;
			read_part(fd, par, &p);
			judge_part(fd, &p, d);
			if (d->nparts == DISK_MAX_PARTS)
				continue;
			dp = &d->part[d->nparts++];
			dp->num = (unsigned)blkid_partition_get_partno(par);
			dp->start = p.start;
			dp->size = p.size;
			memcpy(dp->type_guid, p.type_guid, sizeof(dp->type_guid));
			dp->mbr_type = p.mbr_type;
			memcpy(dp->fstype, p.fstype, sizeof(dp->fstype));
			memcpy(dp->label, p.label, sizeof(dp->label));
		}
	}
	/* Beside a partition table only an ISO image (written to a stick as
	 * is) puts a filesystem on the whole disk: look for just those then.
	 * The same probe is reused so what it has read already is not read
	 * again. */
	rc = -1;
	if (pr) {
		blkid_probe_enable_partitions(pr, 0);
		blkid_probe_enable_superblocks(pr, 1);
		blkid_probe_set_superblocks_flags(pr, BLKID_SUBLKS_TYPE | BLKID_SUBLKS_LABEL);
		if (d->pttype[0])
			blkid_probe_filter_superblocks_type(pr, BLKID_FLTR_ONLYIN, iso_types);
		rc = blkid_do_safeprobe(pr);
		if (rc == 0) {
			lookup(pr, "TYPE", d->fstype, sizeof(d->fstype));
			lookup(pr, "LABEL", d->label, sizeof(d->label));
		}
		blkid_free_probe(pr);
	}
	if (!d->pttype[0] && !strcmp(d->fstype, "vfat")) {
		struct probe_part whole = { .start = 0 };

		snprintf(whole.fstype, sizeof(whole.fstype), "%s", d->fstype);
		snprintf(whole.label, sizeof(whole.label), "%s", d->label);
		judge_part(fd, &whole, d);
	}
	d->has_data = d->pttype[0] || d->fstype[0] || rc == -2;
	close(fd);
}
