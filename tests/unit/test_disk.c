/* test_disk.c - disk discovery on fixture sysfs trees built from real paths
 * (tests/fixtures/sysfs/build.sh), a fixture mountinfo, and small disk
 * images made with sgdisk, sfdisk, mkfs.fat and mcopy standing in for /dev. */
#include "config.h"

#include <limits.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <sys/sysmacros.h>
#include <unistd.h>

#include "disk.h"
#include "tap.h"

#define MIB (1024ULL * 1024)
#define GIB (1024 * MIB)

/* Paths of one fixture. */
struct fx {
	char top[PATH_MAX], sys[PATH_MAX], dev[PATH_MAX], mountinfo[PATH_MAX], swaps[PATH_MAX];
	char stick[PATH_MAX];
	bool images;
};

/* The disk called name in l, or NULL. */
static const struct disk *find(const struct disk_list *l, const char *name)
{
	size_t i;

	for (i = 0; i < l->n; i++)
		if (!strcmp(l->v[i].name, name))
			return &l->v[i];
	return NULL;
}

/* The partition numbered num of d, or NULL. */
static const struct disk_part *part(const struct disk *d, unsigned num)
{
	unsigned i;

	for (i = 0; d && i < d->nparts; i++)
		if (d->part[i].num == num)
			return &d->part[i];
	return NULL;
}

/* Build the fixture in a fresh temp dir. */
static bool fx_build(struct fx *f)
{
	const char *src = getenv("top_srcdir");
	char cmd[PATH_MAX * 2];

	snprintf(f->top, sizeof(f->top), "%s/stoat-disk.XXXXXX", getenv("TMPDIR") ? getenv("TMPDIR") : "/tmp");
	if (!mkdtemp(f->top))
		return false;
	snprintf(cmd, sizeof(cmd), "bash '%s/tests/fixtures/sysfs/build.sh' '%s'",
		 src ? src : ".", f->top);
	if (system(cmd) != 0)
		return false;
	snprintf(f->sys, sizeof(f->sys), "%s/sys", f->top);
	snprintf(f->dev, sizeof(f->dev), "%s/dev", f->top);
	snprintf(f->mountinfo, sizeof(f->mountinfo), "%s/mountinfo", f->top);
	snprintf(f->swaps, sizeof(f->swaps), "%s/swaps", f->top);
	snprintf(f->stick, sizeof(f->stick), "%s/dev/stick.img", f->top);
	snprintf(cmd, sizeof(cmd), "%s/sdc", f->dev);
	f->images = access(cmd, F_OK) == 0;
	return true;
}

/* Remove the fixture. */
static void fx_remove(const struct fx *f)
{
	char cmd[PATH_MAX + 16];

	snprintf(cmd, sizeof(cmd), "rm -rf '%s'", f->top);
	if (system(cmd) != 0)
		fprintf(stderr, "could not remove %s\n", f->top);
}

/* Which disks are listed, and which are skipped unless --all. */
static void test_listing(const struct fx *f)
{
	static const char *const want = "loop1 loop2 mmcblk0 mmcblk1 nvme0n1 sda sdb sdc sdd sde sdf vda";
	struct disk_scan_opts o = { .sysfs_root = f->sys, .dev_root = f->dev,
				    .mountinfo = f->mountinfo };
	struct disk_list l;
	struct stoat_err e = { 0 };
	char names[512] = "";
	size_t i;

	ok(disk_scan(&o, &l, &e) == 0, "scan of the fixture succeeds %s", e.msg);
	for (i = 0; i < l.n; i++)
		snprintf(names + strlen(names), sizeof(names) - strlen(names), "%s%s",
			 i ? " " : "", l.v[i].name);
	is_str(names, want, "whole disks in natural order; partitions, ram, zram, sr, md, dm and the empty loop skipped");
	disk_list_free(&l);

	o.all = true;
	ok(disk_scan(&o, &l, &e) == 0, "--all scan succeeds");
	ok(find(&l, "loop0") && find(&l, "ram0") && find(&l, "zram0") && find(&l, "sr0") &&
	   find(&l, "md0") && find(&l, "dm-0"), "--all adds loop0, ram0, zram0, sr0, md0, dm-0");
	ok(!find(&l, "sdb1"), "--all still skips the partition entry sdb1");
	ok(find(&l, "loop0") && !strcmp(find(&l, "loop0")->reason,
					"No file is attached to this loop device."),
	   "the empty loop device says why it cannot be used");
	disk_list_free(&l);
}

/* Transport, driver, identity and flags of each fixture disk. */
static void test_identity(const struct disk_list *l)
{
	static const struct {
		const char *name, *tr, *driver, *vendor, *model, *serial, *wwn;
		uint64_t size;
		bool remote, removable, ro, rot;
		unsigned psec;
	} want[] = {
		{ "sdc", "usb", "usb-storage", "SanDisk", "Cruzer Blade", "4C530001230512116442", "", 16 * GIB, false, true, false, false, 512 },
		{ "sda", "usb", "uas", "Samsung", "Portable SSD T5", "S49WNP0N120517B", "", 976773168ULL * 512, false, false, false, false, 4096 },
		{ "mmcblk0", "sd", "sdhci-pci", "", "SD16G", "0x12345678", "", 31116288ULL * 512, false, false, false, false, 512 },
		{ "mmcblk1", "sd", "sdhci-pci", "", "SL08G", "0x0badcafe", "", 15523840ULL * 512, false, false, true, false, 512 },
		{ "nvme0n1", "nvme", "nvme", "", "Samsung SSD 970 EVO Plus 1TB", "S4EWNX0R123456", "eui.0025385b91b2c3d4", 1953525168ULL * 512, false, false, false, false, 512 },
		{ "sdb", "sata", "ahci", "ATA", "WDC WD10EZEX-08W", "WD-WCC6Y1234567", "0x50014ee2b5e6c7d8", 1953525168ULL * 512, false, false, false, true, 4096 },
		{ "sdd", "iscsi", "iscsi_tcp", "LIO-ORG", "disk1", "", "", 100 * GIB, true, false, false, false, 512 },
		{ "sde", "fc", "lpfc", "NETAPP", "LUN", "", "", 512 * MIB, true, false, false, false, 512 },
		{ "sdf", "sas", "mpt3sas", "SEAGATE", "ST300MM0008", "", "", 585937500ULL * 512, false, false, false, true, 512 },
		{ "vda", "virtio", "virtio_blk", "", "", "VIRTIO-ROOT", "", 20 * GIB, false, false, false, false, 512 },
		{ "loop1", "loop", "loop", "", "", "", "", 2 * GIB, false, false, false, false, 512 },
	};
	size_t i;

	for (i = 0; i < sizeof(want) / sizeof(want[0]); i++) {
		const struct disk *d = find(l, want[i].name);
		char path[128];

		if (!ok(d != NULL, "%s is listed", want[i].name))
			continue;
		snprintf(path, sizeof(path), "/%s", want[i].name);
		ok(strstr(d->path, path) && !strcmp(strstr(d->path, path), path),
		   "%s: path ends in %s (%s)", want[i].name, path, d->path);
		is_str(disk_transport_name(d->transport), want[i].tr, "%s: transport", want[i].name);
		is_str(d->driver, want[i].driver, "%s: driver", want[i].name);
		is_str(d->vendor, want[i].vendor, "%s: vendor, blanks trimmed", want[i].name);
		is_str(d->model, want[i].model, "%s: model", want[i].name);
		is_str(d->serial, want[i].serial, "%s: serial", want[i].name);
		is_str(d->wwn, want[i].wwn, "%s: wwn", want[i].name);
		is_u64(d->size, want[i].size, "%s: size in bytes", want[i].name);
		is_u64(d->psec, want[i].psec, "%s: physical sector size", want[i].name);
		ok(d->lsec == 512, "%s: logical sector size 512", want[i].name);
		ok(d->remote == want[i].remote && d->removable == want[i].removable &&
		   d->readonly == want[i].ro && d->rotational == want[i].rot,
		   "%s: remote %d removable %d ro %d rotational %d", want[i].name,
		   d->remote, d->removable, d->readonly, d->rotational);
	}
	ok(find(l, "sdc") && disk_is_flash(find(l, "sdc")) && disk_is_flash(find(l, "sda")) &&
	   disk_is_flash(find(l, "mmcblk0")) && !disk_is_flash(find(l, "nvme0n1")),
	   "USB and SD disks count as flash, NVMe does not");
}

/* A loop device names its backing file; other disks have none. */
static void test_backing(const struct disk_list *l, const struct fx *f)
{
	const struct disk *loop = find(l, "loop1"), *sdc = find(l, "sdc");

	ok(loop && !strcmp(loop->backing_file, f->stick), "loop1: backing file %s (%s)", f->stick,
	   loop ? loop->backing_file : "not listed");
	ok(sdc && !sdc->backing_file[0], "sdc: no backing file");
}

/* Verdicts and reasons: root, mounts through dm and by name, read-only SD,
 * too small, media. */
static void test_verdicts(const struct disk_list *l)
{
	static const struct {
		const char *name;
		enum disk_verdict v;
		const char *in_reason;
	} want[] = {
		{ "vda", DISK_SYSTEM, "/dev/vda1 is mounted on /" },
		{ "sdb", DISK_MOUNTED, "/dev/mapper/vg-home is mounted on /home" },
		{ "mmcblk0", DISK_MOUNTED, "/media/SD CARD" },
		{ "nvme0n1", DISK_MOUNTED, "/dev/nvme0n1p2 is mounted on /mnt/pool" },
		{ "mmcblk1", DISK_READONLY, "write-protect switch" },
		{ "sde", DISK_TOO_SMALL, "512 MiB, and at least 910 MiB" },
		{ "loop1", DISK_MEDIA, "install media" },
		{ "loop2", DISK_MOUNTED, "/dev/loop2 is mounted on /mnt/img" },
		{ "sdf", DISK_MOUNTED, "/dev/sdf2 is in use as swap" },
		{ "sdc", DISK_USABLE, "" },
		{ "sda", DISK_USABLE, "" },
		{ "sdd", DISK_USABLE, "" },
	};
	size_t i;

	for (i = 0; i < sizeof(want) / sizeof(want[0]); i++) {
		const struct disk *d = find(l, want[i].name);

		if (!ok(d != NULL, "%s is listed", want[i].name))
			continue;
		is_str(disk_verdict_name(d->verdict), disk_verdict_name(want[i].v),
		       "%s: verdict", want[i].name);
		if (want[i].v == DISK_USABLE)
			is_str(d->reason, "", "%s: no reason when usable", want[i].name);
		else
			ok(strstr(d->reason, want[i].in_reason) != NULL,
			   "%s: reason '%s' says '%s'", want[i].name, d->reason, want[i].in_reason);
	}
	ok(find(l, "vda") && find(l, "vda")->holds_root && !find(l, "vda")->mounted,
	   "vda holds root and has no other mount");
	ok(find(l, "sdb") && find(l, "sdb")->mounted && !find(l, "sdb")->holds_root,
	   "sdb is mounted through dm-0's slaves");
}

/* Content read with libblkid from the images behind the fixture's /dev. */
static void test_content(const struct disk_list *l)
{
	const struct disk *c = find(l, "sdc"), *a = find(l, "sda"), *dd = find(l, "sdd"),
			  *f = find(l, "sdf"), *b = find(l, "sdb");
	const struct disk_part *p;

	if (!ok(c && a && dd && f && b, "the image-backed disks are listed"))
		return;
	is_str(c->pttype, "gpt", "sdc: GPT");
	is_u64(c->nparts, 4, "sdc: four partitions");
	p = part(c, 5);
	ok(p != NULL, "sdc: partition 5 found");
	if (p) {
		is_u64(p->start, 8224ULL * 512, "sdc p5: start in bytes");
		is_u64(p->size, (40959ULL - 8224 + 1) * 512, "sdc p5: size in bytes");
		is_str(p->type_guid, "EBD0A0A2B9E5443387C068B6B72699C7", "sdc p5: type GUID, upper-case, no dashes");
		is_str(p->fstype, "vfat", "sdc p5: vfat");
		is_str(p->label, "BOOTBANK1", "sdc p5: label");
	}
	p = part(c, 1);
	ok(p && !strcmp(p->label, "EFI") && !strcmp(p->fstype, "vfat"), "sdc p1: vfat labelled EFI");
	p = part(c, 3);
	ok(p && !strcmp(p->type_guid, "AA31E02A400F11DB9590000C2911D1B8") && !p->fstype[0],
	   "sdc p3: VMFS type GUID, no filesystem signature");
	ok(c->has_esxi && c->has_vmfs && c->upgradable && !c->has_vsan && c->has_data,
	   "sdc: ESXi, VMFS (*), upgradable bootbank (@), no vSAN");

	ok(a->has_vsan && !a->has_vmfs && !a->has_esxi && !a->upgradable && a->has_data,
	   "sda: vSAN partition (#) only");
	is_str(dd->pttype, "dos", "sdd: MBR");
	p = part(dd, 1);
	ok(p && p->mbr_type == 0xfb && !p->type_guid[0], "sdd p1: MBR type 0xfb, no GUID");
	p = part(dd, 2);
	ok(p && p->mbr_type == 0x06 && !strcmp(p->fstype, "vfat") && !strcmp(p->label, "DATA"),
	   "sdd p2: MBR type 0x06, vfat labelled DATA");
	ok(p && p->start == 18432ULL * 512 && p->size == 65536ULL * 512, "sdd p2: start and size");
	ok(dd->has_vmfs && !dd->has_esxi && !dd->upgradable, "sdd: VMFS by MBR type (*), not ESXi");
	ok(!f->pttype[0] && !strcmp(f->fstype, "vfat") && !strcmp(f->label, "WHOLE") &&
	   f->has_data && !f->nparts, "sdf: a filesystem on the whole disk");
	ok(!b->has_data && !b->pttype[0] && !b->nparts, "sdb: no image behind it, no content");
}

/* The install media found through st_dev of a file on a disk's partition. */
static void test_media_by_devnum(const struct fx *f)
{
	struct disk_scan_opts o = { .sysfs_root = f->sys, .dev_root = f->dev,
				    .mountinfo = f->mountinfo };
	char link[PATH_MAX], cmd[PATH_MAX * 3];
	struct disk_list l;
	struct stoat_err e = { 0 };
	struct stat st;

	if (stat(f->mountinfo, &st) < 0 || !major(st.st_dev)) {
		skip("the temp dir is on a filesystem with no block device");
		skip("(same)");
		return;
	}
	snprintf(link, sizeof(link), "%s/dev/block/%u:%u", f->sys, major(st.st_dev), minor(st.st_dev));
	if (access(link, F_OK) == 0) {
		skip("the temp dir's device number is used by the fixture");
		skip("(same)");
		return;
	}
	/* pretend the temp dir lives on sdf's first partition */
	snprintf(cmd, sizeof(cmd), "p=$(readlink -f '%s/block/sdf') && mkdir -p \"$p/sdf1\" && "
		 "echo 1 >\"$p/sdf1/partition\" && ln -s \"$p/sdf1\" '%s'", f->sys, link);
	ok(system(cmd) == 0, "fixture: %s points to sdf1", link);
	o.media_path = f->mountinfo;
	ok(disk_scan(&o, &l, &e) == 0 && find(&l, "sdf") && find(&l, "sdf")->verdict == DISK_MEDIA &&
	   find(&l, "sdf")->holds_media,
	   "a media file on sdf1 makes sdf the media disk");
	disk_list_free(&l);
}

/* Image files standing in for disks, and the re-check of one disk. */
static void test_specs(const struct fx *f)
{
	struct disk_spec spec[2];
	struct disk_scan_opts o = { .sysfs_root = f->sys, .dev_root = f->dev,
				    .mountinfo = f->mountinfo, .only_listed = true, .specs = spec,
				    .n_specs = 1 };
	struct stoat_err e = { 0 };
	struct disk_list l;
	struct disk d;
	char arg[PATH_MAX + 8];

	snprintf(arg, sizeof(arg), "%s:usb", f->stick);
	ok(disk_spec_parse(arg, &spec[0], &e) == 0, "spec FILE:usb parses");
	ok(disk_scan(&o, &l, &e) == 0 && l.n == 1, "--only-listed-disks lists just the image file");
	if (l.n == 1) {
		is_str(l.v[0].name, "stick.img", "image disk: name is the base name");
		ok(l.v[0].is_file && l.v[0].transport == TR_USB && disk_is_flash(&l.v[0]),
		   "image disk: a file standing in for a USB stick");
		is_u64(l.v[0].size, 2 * GIB, "image disk: size from stat");
		ok(l.v[0].lsec == 512 && l.v[0].verdict == DISK_USABLE, "image disk: 512-byte sectors, usable");
	}
	disk_list_free(&l);

	o.media_path = f->stick;
	ok(disk_scan(&o, &l, &e) == 0 && l.n == 1 && l.v[0].verdict == DISK_MEDIA,
	   "an image that is the install media is refused as a target");
	disk_list_free(&l);
	o.media_path = NULL;

	snprintf(arg, sizeof(arg), "%s/mounted.img", f->top);
	ok(disk_spec_parse(arg, &spec[1], &e) == 0, "spec for the mounted image parses");
	o.n_specs = 2;
	ok(disk_scan(&o, &l, &e) == 0 && l.n == 2 && l.v[1].verdict == DISK_MOUNTED &&
	   strstr(l.v[1].reason, "/dev/loop2") && strstr(l.v[1].reason, "/mnt/img"),
	   "an image attached to a mounted loop device is refused, naming both: %s",
	   l.n == 2 ? l.v[1].reason : "");
	disk_list_free(&l);

	snprintf(arg, sizeof(arg), "%s/nope.img:sd", f->top);
	ok(disk_spec_parse(arg, &spec[1], &e) == 0, "spec for a missing file parses");
	o.n_specs = 2;
	e.msg[0] = '\0';
	ok(disk_scan(&o, &l, &e) < 0 && strstr(e.msg, "nope.img"),
	   "a missing --disk file fails the scan, naming it: %s", e.msg);

	ok(disk_probe_one(&o, f->stick, &d, &e) == 0 && d.transport == TR_USB && d.is_file,
	   "disk_probe_one re-reads an image, keeping its --disk transport");
	if (f->images) {
		e.msg[0] = '\0';
		ok(disk_probe_one(&o, "sdc", &d, &e) == 0 && d.is_file && d.upgradable,
		   "disk_probe_one takes a bare name and looks under dev_root %s", e.msg);
	} else {
		skip("no disk images: bare-name probe not checked");
	}
	o.mountinfo = "/nonexistent/mountinfo";
	e.msg[0] = '\0';
	ok(disk_probe_one(&o, f->stick, &d, &e) < 0 && strstr(e.msg, "/nonexistent/mountinfo"),
	   "an unreadable mount table is an error, not a guess: %s", e.msg);
}

/* Capacity text as the disk screen shows it. */
static void test_format(void)
{
	static const struct {
		uint64_t bytes;
		const char *want;
	} t[] = {
		{ 16 * GIB, "16.00 GiB" }, { 910 * MIB, "910 MiB" }, { 0, "0 MiB" },
		{ GIB - 1, "1023 MiB" }, { GIB, "1.00 GiB" }, { 30842880ULL * 512, "14.71 GiB" },
		{ 1024 * GIB, "1.00 TiB" }, { 2000398934016ULL, "1.82 TiB" },
	};
	char buf[32];
	size_t i;

	for (i = 0; i < sizeof(t) / sizeof(t[0]); i++) {
		disk_format_size(t[i].bytes, buf, sizeof(buf));
		is_str(buf, t[i].want, "capacity of %llu bytes", (unsigned long long)t[i].bytes);
	}
	disk_format_size_mark(30842880ULL * 512, ",", buf, sizeof(buf));
	is_str(buf, "14,71 GiB", "capacity with an Italian decimal mark");
	disk_format_size_mark(2000398934016ULL, ".", buf, sizeof(buf));
	is_str(buf, "1.82 TiB", "capacity with a point, for programs");
	disk_format_size_mark(910 * MIB, ",", buf, sizeof(buf));
	is_str(buf, "910 MiB", "whole MiB have no decimal mark");
	is_str(disk_transport_name(TR_ISCSI), "iscsi", "transport name iscsi");
	is_str(disk_transport_name((enum disk_transport)99), "unknown", "an out-of-range transport is unknown");
	is_str(disk_verdict_name(DISK_TOO_SMALL), "too-small", "verdict name too-small");
}

/* Build one fixture and run every group of checks on it. */
int main(void)
{
	struct disk_scan_opts o = { 0 };
	struct disk_list l;
	struct stoat_err e = { 0 };
	struct fx f;

	test_format();
	if (!fx_build(&f)) {
		ok(0, "build the sysfs fixture (tests/fixtures/sysfs/build.sh)");
		return tap_done();
	}
	test_listing(&f);
	o.sysfs_root = f.sys;
	o.dev_root = f.dev;
	o.mountinfo = f.mountinfo;
	o.swaps = f.swaps;
	o.media_path = f.stick;
	ok(disk_scan(&o, &l, &e) == 0, "scan with the stick image as media");
	test_identity(&l);
	test_backing(&l, &f);
	test_verdicts(&l);
	if (f.images)
		test_content(&l);
	else
		skip("sgdisk, sfdisk, mkfs.fat or mcopy missing: no disk images to probe");
	disk_list_free(&l);
	test_media_by_devnum(&f);
	test_specs(&f);
	fx_remove(&f);
	return tap_done();
}
