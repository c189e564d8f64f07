/* layout.h - the ESXi partition layouts, planned without any I/O.
 *
 * See shared REFERENCE.md section 4. Sector numbers are in the disk's own
 * logical sectors (512 or 4096 bytes); byte offsets are the same for both. */
#ifndef STOAT_LAYOUT_H
#define STOAT_LAYOUT_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "err.h"

enum layout_profile {
	LAYOUT_AUTO = 0,	/* pick from the media version */
	LAYOUT_ESXI6,
	LAYOUT_ESXI7,
};

/* systemMediaSize= (7.x): caps the OSData partition. */
enum layout_media_size {
	LAYOUT_MS_DEFAULT = 0,
	LAYOUT_MS_MIN,
	LAYOUT_MS_SMALL,
	LAYOUT_MS_MAX,
};

/* What a partition is for; drives formatting and filling. */
enum layout_role {
	ROLE_SYSTEM,		/* p1: boot loader (FAT) */
	ROLE_BOOTBANK,		/* p5: bootbank (FAT16) */
	ROLE_ALTBOOTBANK,	/* p6: altbootbank (FAT16) */
	ROLE_COREDUMP,		/* p7 (6.x) / p9: vmkDiagnostic */
	ROLE_LOCKER,		/* p8 (6.x): locker / tools store (FAT16) */
	ROLE_SCRATCH,		/* p2 (6.x): scratch, logs (FAT16) */
	ROLE_OSDATA,		/* p7 (7.x): ESX-OSData (vmfsl) */
	ROLE_VMFS,		/* p3 (6.x) / p8 (7.x): datastore */
};

struct layout_part {
	unsigned num;		/* GPT partition number */
	uint64_t start, end;	/* first and last sector, inclusive */
	const char *type_guid;	/* 32 upper-case hex digits, no dashes */
	const char *type_name;	/* partedUtil name: linuxNative, vmfs, ... */
	unsigned attr;		/* 128 (legacy BIOS bootable) on p1, else 0 */
	enum layout_role role;
	bool keep;		/* an existing partition kept as it is: written
				 * into the table with these sectors and type,
				 * but never formatted, zeroed or wiped */
};

#define LAYOUT_MAX_PARTS 8

/* Where 7.x keeps ESX-OSData when the target is USB or SD flash
 * (README "OSData on USB and SD"); a disk target always has it as p7. */
enum layout_osdata {
	LAYOUT_OSDATA_RAM = 0,	/* none on disk: degraded mode, in RAM */
	LAYOUT_OSDATA_FLASH,	/* p7 on the flash itself (7.0 before U3) */
	LAYOUT_OSDATA_DISK,	/* on another, persistent local disk */
};

struct layout_opts {
	bool novmfsondisk;		/* kickstart --novmfsondisk */
	enum layout_media_size media_size;
	unsigned osdata_mb;		/* autoPartitionOSDataSize= (7.x), 0: none */
	enum layout_osdata osdata;	/* flash targets of 7.x only */
};

struct layout {
	enum layout_profile profile;	/* never LAYOUT_AUTO once planned */
	unsigned sector_size;
	uint64_t total_sectors;		/* whole device, in sector_size units */
	bool flash;
	unsigned n;
	struct layout_part part[LAYOUT_MAX_PARTS];	/* in 1,5,6,7,8,9,2,3 order */
	char warning[256];		/* non-empty: show before installing */
};

/* GPT type GUIDs (REFERENCE.md section 4). */
#define GUID_SYSTEM	 "C12A7328F81F11D2BA4B00A0C93EC93B"
#define GUID_LINUXNATIVE "EBD0A0A2B9E5443387C068B6B72699C7"
#define GUID_VMKDIAG	 "9D27538040AD11DBBF97000C2911D1B8"
#define GUID_VMFS	 "AA31E02A400F11DB9590000C2911D1B8"
#define GUID_VMFSL	 "4EB2EA3978554790A79EFAE495E21F8D"

/* Smallest device the profile accepts, in bytes. */
uint64_t layout_min_bytes(enum layout_profile profile, bool is_flash);

/* Smallest disk that may hold ESX-OSData for a flash boot device (VMware
 * asks for 32 GB; 128 GB is its optimum). */
#define LAYOUT_OSDATA_DISK_MIN 32000000000ull

/* Plan the table of a local disk that holds ESX-OSData for a flash boot
 * device: p1 vmfsl from 1 MiB, as large as systemMediaSize lets OSData
 * grow on a boot disk; the rest is left free. 0 or -errno. */
int layout_plan_osdata_disk(uint64_t size_bytes, unsigned sector_size,
			    enum layout_media_size ms, struct layout *out, struct stoat_err *e);

/* Parse "ram", "flash" or "disk". 0 or -EINVAL. */
int layout_osdata_parse(const char *s, enum layout_osdata *out);
const char *layout_osdata_name(enum layout_osdata o);

/* Plan the partition table for a device. 0 or -errno with e filled. */
int layout_plan(uint64_t size_bytes, unsigned sector_size, bool is_flash,
		enum layout_profile profile, const struct layout_opts *opts,
		struct layout *out, struct stoat_err *e);

/* The partition numbered num in l, or NULL. Like strchr, the result is
 * not const: a caller that owns l may change the partition. */
struct layout_part *layout_find_num(const struct layout *l, unsigned num);

/* The first partition of role r in l, or NULL (not const, as above). */
struct layout_part *layout_find_role(const struct layout *l, enum layout_role r);

/* Keep an existing partition [start, end] (sectors) of type type_guid in
 * place of the planned partition of role r: it must start where the plan
 * puts that partition or later, end inside the disk and overlap no other
 * planned partition. The planned entry takes the existing sectors and is
 * marked keep. 0 or -errno (-ENOENT: no such role planned; -EXDEV: it does
 * not fit) with e saying why. */
int layout_keep_part(struct layout *l, enum layout_role r, uint64_t start,
		     uint64_t end, const char *type_guid, struct stoat_err *e);

/* partedUtil name of a type GUID ("vmfs", ...), or NULL when unknown;
 * *guid_out (may be NULL) gets the header's static copy of the GUID. */
const char *layout_type_name(const char *type_guid, const char **guid_out);

/* Render as `partedUtil getptbl` text into buf; returns the length that
 * was needed (like snprintf). */
size_t layout_format(const struct layout *l, char *buf, size_t size);

/* Profile from an ESXi version string such as "6.7.0-8169922". */
enum layout_profile layout_profile_for_version(const char *version);

const char *layout_profile_name(enum layout_profile p);
int layout_profile_parse(const char *s, enum layout_profile *out);
int layout_media_size_parse(const char *s, enum layout_media_size *out);

/* Human label for a role, translated ("bootbank", "core dump", ...). */
const char *layout_role_label(enum layout_role role);

#endif
