/* layout.c - the ESXi partition layouts (REFERENCE.md section 4), planned
 * without any I/O.
 *
 * Everything is computed in bytes and converted to the disk's own sectors at
 * the end, so 512-byte and 4096-byte disks get the same byte offsets. */
#include "config.h"

#include <errno.h>
#include <inttypes.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "layout.h"
#include "nls.h"
#include "lang.h"

#define KIB 1024ull
#define MIB (1024ull * KIB)
#define GIB (1024ull * MIB)
#define GB 1000000000ull

/* The GPT entry array is 128 entries of 128 bytes on every disk we write. */
#define GPT_ARRAY_BYTES (16 * KIB)

/* Size thresholds of the 6.x layout, in tenths of a GiB. */
#define E6_MIN_BYTES (910 * MIB)
#define E6_FLASH_DUMP_TENTHS 34		/* flash: p9 from 3.4 GiB */
#define E6_SCRATCH_TENTHS 52		/* disk: p2 and p3 from 5.2 GiB */
#define E6_FULL_TENTHS 85		/* disk: all eight over 8.5 GiB */

/* 7.x: the reference's boot-bank table starts at 4 GiB, so nothing smaller
 * can be laid out. VMware asks for 32 GB (disk) / 8 GB (USB, SD), but the
 * reference's own 10 GiB table shows smaller disks being laid out, so under
 * those sizes we plan and warn instead of refusing. */
#define E7_MIN_BYTES (4 * GIB)
#define E7_VMWARE_MIN_DISK (32 * GB)
#define E7_VMWARE_MIN_FLASH (8 * GB)
/* A datastore is only made when more than this is left after OSData: the
 * reference says "only when over 142 GiB" with OSData ending at 128 GiB. */
#define E7_VMFS_MIN (14 * GIB)

/* One 6.x partition in 512-byte sectors as the reference lists it; an end
 * of 0 means "to the last usable sector". */
struct e6_part {
	unsigned num;
	uint64_t start, end;
	enum layout_role role;
};

static const struct e6_part e6_fixed[] = {
	{ 1, 64, 8191, ROLE_SYSTEM },
	{ 5, 8224, 520191, ROLE_BOOTBANK },
	{ 6, 520224, 1032191, ROLE_ALTBOOTBANK },
	{ 7, 1032224, 1257471, ROLE_COREDUMP },
	{ 8, 1257504, 1843199, ROLE_LOCKER },
};
static const struct e6_part e6_p9 = { 9, 1843200, 7086079, ROLE_COREDUMP };
static const struct e6_part e6_p2_full = { 2, 7086080, 15472639, ROLE_SCRATCH };
static const struct e6_part e6_p3_full = { 3, 15472640, 0, ROLE_VMFS };
/* 5.2 to 8.5 GiB: no p9, so scratch and the datastore move down. */
static const struct e6_part e6_p2_mid = { 2, 1843200, 10229759, ROLE_SCRATCH };
static const struct e6_part e6_p3_mid = { 3, 10229760, 0, ROLE_VMFS };

int layout_profile_parse(const char *s, enum layout_profile *out)
{
	if (!strcmp(s, "esxi6"))
		*out = LAYOUT_ESXI6;
	else if (!strcmp(s, "esxi7"))
		*out = LAYOUT_ESXI7;
	else
		return -EINVAL;
	return 0;
}

int layout_media_size_parse(const char *s, enum layout_media_size *out)
{
	static const char *const names[] = { "default", "min", "small", "max" };
	unsigned i;

	for (i = 0; i < sizeof(names) / sizeof(names[0]); i++)
		if (!strcmp(s, names[i])) {
			*out = (enum layout_media_size)i;
			return 0;
		}
	return -EINVAL;
}

/* Whether bytes >= tenths/10 GiB, computed exactly in integers. */
static bool at_least_tenths(uint64_t bytes, unsigned tenths)
{
	return bytes >= (tenths * GIB + 9) / 10;
}

/* Whether bytes > tenths/10 GiB, computed exactly in integers. */
static bool over_tenths(uint64_t bytes, unsigned tenths)
{
	return bytes > tenths * GIB / 10;
}

/* Round up to a multiple of align (a power of two). */
static uint64_t align_up(uint64_t v, uint64_t align)
{
	return (v + align - 1) & ~(align - 1);
}

uint64_t layout_min_bytes(enum layout_profile profile, bool is_flash)
{
	(void)is_flash;	/* both profiles use one floor for flash and disks */
	return profile == LAYOUT_ESXI7 ? E7_MIN_BYTES : E6_MIN_BYTES;
}

/* Type GUID and partedUtil name for a role. */
static void set_type(struct layout_part *p)
{
	switch (p->role) {
	case ROLE_SYSTEM:
		p->type_guid = GUID_SYSTEM;
		p->type_name = "systemPartition";
		break;
	case ROLE_COREDUMP:
		p->type_guid = GUID_VMKDIAG;
		p->type_name = "vmkDiagnostic";
		break;
	case ROLE_VMFS:
		p->type_guid = GUID_VMFS;
		p->type_name = "vmfs";
		break;
	case ROLE_OSDATA:
		p->type_guid = GUID_VMFSL;
		p->type_name = "vmfsl";
		break;
	default:
		p->type_guid = GUID_LINUXNATIVE;
		p->type_name = "linuxNative";
		break;
	}
	p->attr = p->role == ROLE_SYSTEM ? 128 : 0;
}

/* Append a partition given in bytes [start, end) to l, in the disk's own
 * sectors; end == 0 runs to the last usable sector. */
static void add_part(struct layout *l, unsigned num, uint64_t start,
		     uint64_t end, enum layout_role role)
{
	struct layout_part *p = &l->part[l->n++];
	uint64_t last_usable = l->total_sectors - 2 - GPT_ARRAY_BYTES / l->sector_size;

	p->num = num;
	p->start = start / l->sector_size;
	p->end = end ? end / l->sector_size - 1 : last_usable;
	p->role = role;
	set_type(p);
}

/* Append a 6.x partition from the reference's 512-byte table. */
static void add_e6(struct layout *l, const struct e6_part *p)
{
	add_part(l, p->num, p->start * 512, p->end ? (p->end + 1) * 512 : 0, p->role);
}

/* Human size for messages: "N MiB" under 10 GiB, else "N.N GiB". */
static void fmt_size(uint64_t bytes, char *buf, size_t size)
{
	if (bytes < 10 * GIB)
		snprintf(buf, size, _("%llu MiB"), (unsigned long long)(bytes / MIB));
	else
		snprintf(buf, size, _("%s GiB"), lang_num((double)bytes / (double)GIB, 1).s);
}

/* Append "warning" text to l->warning, separated by a space. */
static void add_warning(struct layout *l, const char *text)
{
	size_t len = strlen(l->warning);

	snprintf(l->warning + len, sizeof(l->warning) - len, "%s%s",
		 len ? " " : "", text);
}

/* The 6.x layout: fixed partitions, chosen by device size and kind. */
static int plan_esxi6(uint64_t size, bool flash, const struct layout_opts *o,
		      struct layout *l, struct stoat_err *e)
{
	char have[32];
	size_t i;

	if (size < E6_MIN_BYTES) {
		fmt_size(size, have, sizeof(have));
		return err_set(e, ENOSPC,
			       _("The device holds only %s; ESXi 6.x needs at least 910 MiB."),
			       have);
	}
	if (o->osdata_mb)
		add_warning(l, _("autoPartitionOSDataSize has no effect here: ESXi 6.x has no ESX-OSData partition."));
	for (i = 0; i < sizeof(e6_fixed) / sizeof(e6_fixed[0]); i++)
		add_e6(l, &e6_fixed[i]);
	if (flash) {
		/* Never scratch or a datastore on flash: logs would wear it out. */
		if (at_least_tenths(size, E6_FLASH_DUMP_TENTHS))
			add_e6(l, &e6_p9);
	} else if (!at_least_tenths(size, E6_SCRATCH_TENTHS)) {
		/* small disk: 1,5,6,7,8 only */
	} else if (!over_tenths(size, E6_FULL_TENTHS)) {
		/* 5.2 GiB up to and including 8.5 GiB ("over 8.5" gets all) */
		add_e6(l, &e6_p2_mid);
		if (!o->novmfsondisk)
			add_e6(l, &e6_p3_mid);
	} else {
		add_e6(l, &e6_p9);
		add_e6(l, &e6_p2_full);
		if (!o->novmfsondisk)
			add_e6(l, &e6_p3_full);
	}
	return 0;
}

/* Where 7.x OSData must end (exclusive, bytes) under systemMediaSize, or 0
 * for no cap. The reference's real large-disk table ends OSData exactly at
 * 128 GiB under the default, so "default 138 GB" is read as that boundary;
 * min and small are taken literally as decimal GB, rounded down to a MiB. */
static uint64_t e7_cap(enum layout_media_size ms)
{
	switch (ms) {
	case LAYOUT_MS_MIN:
		return 33 * GB / MIB * MIB;
	case LAYOUT_MS_SMALL:
		return 69 * GB / MIB * MIB;
	case LAYOUT_MS_MAX:
		return 0;
	default:
		return 128 * GIB;
	}
}

/* Bytes up to the end of l's last usable sector. */
static uint64_t usable_end(const struct layout *l)
{
	return (l->total_sectors - 1 - GPT_ARRAY_BYTES / l->sector_size) * l->sector_size;
}

/* The 7.x layout: 1 MiB aligned partitions with 1 MiB gaps. */
static int plan_esxi7(uint64_t size, bool flash, const struct layout_opts *o,
		      struct layout *l, struct stoat_err *e)
{
	uint64_t bank, pos, cap, disk_end;
	char have[32];

	if (size < E7_MIN_BYTES) {
		fmt_size(size, have, sizeof(have));
		return err_set(e, ENOSPC,
			       _("The device holds only %s; ESXi 7.x and later need at least 4 GiB."),
			       have);
	}
	/* Boot-bank size by media size; 10 GiB exactly gets 1 GiB (real table). */
	if (size < 10 * GIB)
		bank = 500 * MIB;
	else if (size < 32 * GIB)
		bank = 1 * GIB;
	else
		bank = 4 * GIB - 1 * MIB;

	add_part(l, 1, 32 * KIB, 32 * KIB + 100 * MIB, ROLE_SYSTEM);
	pos = align_up(32 * KIB + 100 * MIB, MIB) + MIB;
	add_part(l, 5, pos, pos + bank, ROLE_BOOTBANK);
	pos += bank + MIB;
	add_part(l, 6, pos, pos + bank, ROLE_ALTBOOTBANK);
	pos += bank + MIB;

	if (flash) {
		if (o->osdata == LAYOUT_OSDATA_RAM)
			add_warning(l, _("On USB and SD flash, logs and ESX-OSData live in RAM and are lost at every reboot unless you choose another persistent disk for them."));
		if (o->osdata_mb && o->osdata != LAYOUT_OSDATA_FLASH)
			add_warning(l, _("autoPartitionOSDataSize has no effect here: no ESX-OSData partition is made on flash."));
		if (size < E7_VMWARE_MIN_FLASH)
			add_warning(l, _("VMware requires at least 8 GB on USB and SD boot devices."));
		if (o->osdata != LAYOUT_OSDATA_FLASH)
			return 0;
		/* As 7.0 before Update 3 did: OSData (VMFS-L) on the flash
		 * after the boot banks, capped as on a disk; never a
		 * datastore on flash. */
		add_warning(l, _("ESX-OSData on USB or SD flash wears it out: VMware KB 83376 reports corrupted VMFS-L on SD cards and hosts that lose /bootbank."));
		cap = o->osdata_mb ? pos + (uint64_t)o->osdata_mb * MIB : e7_cap(o->media_size);
		disk_end = usable_end(l);
		add_part(l, 7, pos, cap && disk_end > cap ? cap : 0, ROLE_OSDATA);
		return 0;
	}
	if (size < E7_VMWARE_MIN_DISK)
		add_warning(l, _("VMware requires at least 32 GB on a boot disk; this one is smaller."));

	disk_end = usable_end(l);
	/* autoPartitionOSDataSize= gives OSData's size itself and wins over
	 * systemMediaSize=: OSData ends that many MiB after its start. */
	cap = o->osdata_mb ? pos + (uint64_t)o->osdata_mb * MIB : e7_cap(o->media_size);
	if (!cap || disk_end <= cap) {
		add_part(l, 7, pos, 0, ROLE_OSDATA);
		return 0;
	}
	/* OSData stops at the cap; the datastore follows only when more than
	 * 14 GiB would be left for it (142 GiB under the default cap). Between
	 * the cap and that size the space is left unpartitioned. */
	add_part(l, 7, pos, cap, ROLE_OSDATA);
	if (!o->novmfsondisk && size > cap + E7_VMFS_MIN)
		add_part(l, 8, align_up(cap, MIB) + MIB, 0, ROLE_VMFS);
	return 0;
}

/* Clear out and set its profile and disk geometry; 0, or -EINVAL for a
 * sector size other than 512 or 4096 (0 means 512). */
static int layout_start(struct layout *out, uint64_t size_bytes, unsigned sector_size,
			enum layout_profile profile, struct stoat_err *e)
{
	if (!sector_size)
		sector_size = 512;
	if (sector_size != 512 && sector_size != 4096)
		return err_set(e, EINVAL,
			       _("Sector size %u is not supported; only 512 and 4096 bytes are."),
			       sector_size);
	memset(out, 0, sizeof(*out));
	out->profile = profile;
	out->sector_size = sector_size;
	out->total_sectors = size_bytes / sector_size;
	return 0;
}

int layout_plan(uint64_t size_bytes, unsigned sector_size, bool is_flash,
		enum layout_profile profile, const struct layout_opts *opts,
		struct layout *out, struct stoat_err *e)
{
	static const struct layout_opts defaults = { 0 };
	int rc;

	if (profile != LAYOUT_ESXI6 && profile != LAYOUT_ESXI7)
		return err_set(e, EINVAL, _("No partition layout was chosen (esxi6 or esxi7)."));
	if ((rc = layout_start(out, size_bytes, sector_size, profile, e)) < 0)
		return rc;
	out->flash = is_flash;
	if (!opts)
		opts = &defaults;
	if (profile == LAYOUT_ESXI6)
		return plan_esxi6(size_bytes, is_flash, opts, out, e);
	return plan_esxi7(size_bytes, is_flash, opts, out, e);
}

/* The OSData disk of a flash boot device: one vmfsl partition from 1 MiB,
 * ending where systemMediaSize would end OSData on a boot disk. */
int layout_plan_osdata_disk(uint64_t size_bytes, unsigned sector_size,
			    enum layout_media_size ms, struct layout *out, struct stoat_err *e)
{
	uint64_t cap = e7_cap(ms), disk_end;
	char have[32];
	int rc;

	if ((rc = layout_start(out, size_bytes, sector_size, LAYOUT_ESXI7, e)) < 0)
		return rc;
	if (size_bytes < LAYOUT_OSDATA_DISK_MIN) {
		fmt_size(size_bytes, have, sizeof(have));
		return err_set(e, ENOSPC, _("The disk for ESX-OSData holds only %s; VMware asks for at least 32 GB."),
			       have);
	}
	disk_end = usable_end(out);
	add_part(out, 1, MIB, cap && disk_end > cap ? cap : 0, ROLE_OSDATA);
	return 0;
}

int layout_osdata_parse(const char *s, enum layout_osdata *out)
{
	static const char *const names[] = { "ram", "flash", "disk" };
	unsigned i;

	for (i = 0; i < sizeof(names) / sizeof(names[0]); i++)
		if (!strcmp(s, names[i])) {
			*out = (enum layout_osdata)i;
			return 0;
		}
	return -EINVAL;
}

const char *layout_osdata_name(enum layout_osdata o)
{
	return o == LAYOUT_OSDATA_FLASH ? "flash" : o == LAYOUT_OSDATA_DISK ? "disk" : "ram";
}

/* The known type GUIDs with their partedUtil names. */
static const struct { const char *guid, *name; } layout_types[] = {
	{ GUID_SYSTEM, "systemPartition" },
	{ GUID_LINUXNATIVE, "linuxNative" },
	{ GUID_VMKDIAG, "vmkDiagnostic" },
	{ GUID_VMFS, "vmfs" },
	{ GUID_VMFSL, "vmfsl" },
};

/* partedUtil name of a type GUID, or NULL. */
const char *layout_type_name(const char *type_guid, const char **guid_out)
{
	size_t i;

	for (i = 0; i < sizeof(layout_types) / sizeof(layout_types[0]); i++)
		if (!strcmp(type_guid, layout_types[i].guid)) {
			if (guid_out)
				*guid_out = layout_types[i].guid;
			return layout_types[i].name;
		}
	return NULL;
}

/* The partition numbered num in l, or NULL. */
struct layout_part *layout_find_num(const struct layout *l, unsigned num)
{
	unsigned i;

	for (i = 0; i < l->n; i++)
		if (l->part[i].num == num)
			return (struct layout_part *)&l->part[i];
	return NULL;
}

/* The first partition of role r in l, or NULL. */
struct layout_part *layout_find_role(const struct layout *l, enum layout_role r)
{
	unsigned i;

	for (i = 0; i < l->n; i++)
		if (l->part[i].role == r)
			return (struct layout_part *)&l->part[i];
	return NULL;
}

/* Put an existing partition in place of the planned one of role r. */
int layout_keep_part(struct layout *l, enum layout_role r, uint64_t start,
		     uint64_t end, const char *type_guid, struct stoat_err *e)
{
	struct layout_part *p = layout_find_role(l, r);
	const char *guid = NULL, *name = layout_type_name(type_guid, &guid);
	unsigned i;

	if (!p)
		return err_set(e, ENOENT, _("The new partition layout has no %s partition to keep the existing one in."),
			       layout_role_label(r));
	if (!name)
		return err_set(e, EINVAL, _("The existing partition has a type stoat does not know (%s)."), type_guid);
	if (start < p->start)
		return err_set(e, EXDEV, _("The existing %s starts at sector %llu, before sector %llu where the new layout puts it: it would overlap the new system partitions."),
			       layout_role_label(r), (unsigned long long)start, (unsigned long long)p->start);
	if (end < start || end > p->end)
		return err_set(e, EXDEV, _("The existing %s ends at sector %llu, after the last sector %llu the new layout can give it."),
			       layout_role_label(r), (unsigned long long)end, (unsigned long long)p->end);
	for (i = 0; i < l->n; i++) {
		const struct layout_part *o = &l->part[i];

		if (o != p && start <= o->end && o->start <= end)
			return err_set(e, EXDEV, _("The existing %s (sectors %llu to %llu) overlaps the new partition %u."),
				       layout_role_label(r), (unsigned long long)start,
				       (unsigned long long)end, o->num);
	}
	p->start = start;
	p->end = end;
	p->type_guid = guid;
	p->type_name = name;
	p->keep = true;
	return 0;
}

size_t layout_format(const struct layout *l, char *buf, size_t size)
{
	size_t len = 0;
	unsigned i;
	int n;

	if (size)
		buf[0] = '\0';
	n = snprintf(buf, size, "gpt\n%" PRIu64 " 255 63 %" PRIu64 "\n",
		     l->total_sectors / 16065, l->total_sectors);
	len += (size_t)n;
	for (i = 0; i < l->n; i++) {
		const struct layout_part *p = &l->part[i];

		n = snprintf(len < size ? buf + len : NULL, len < size ? size - len : 0,
			     "%u %" PRIu64 " %" PRIu64 " %s %s %u\n", p->num, p->start,
			     p->end, p->type_guid, p->type_name, p->attr);
		len += (size_t)n;
	}
	return len;
}

enum layout_profile layout_profile_for_version(const char *version)
{
	char *end;
	unsigned long major;

	/* Unknown or missing versions get the current layout. */
	if (!version)
		return LAYOUT_ESXI7;
	major = strtoul(version, &end, 10);
	if (end == version)
		return LAYOUT_ESXI7;
	return major < 7 ? LAYOUT_ESXI6 : LAYOUT_ESXI7;
}

const char *layout_profile_name(enum layout_profile p)
{
	return p == LAYOUT_ESXI6 ? "esxi6" : p == LAYOUT_ESXI7 ? "esxi7" : "auto";
}

const char *layout_role_label(enum layout_role role)
{
	static const char *const labels[] = {
		[ROLE_SYSTEM] = N_("boot loader"),
		[ROLE_BOOTBANK] = N_("bootbank"),
		[ROLE_ALTBOOTBANK] = N_("altbootbank"),
		[ROLE_COREDUMP] = N_("core dump"),
		[ROLE_LOCKER] = N_("locker"),
		[ROLE_SCRATCH] = N_("scratch"),
		[ROLE_OSDATA] = N_("ESX-OSData"),
		[ROLE_VMFS] = N_("VMFS datastore"),
	};

	if ((unsigned)role >= sizeof(labels) / sizeof(labels[0]))
		return "";
	return _(labels[role]);
}
