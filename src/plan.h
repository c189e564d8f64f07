/* plan.h - struct install_plan: what every front end produces.
 *
 * The wizard, the kickstart reader and --dry-run all fill one of these; the
 * executor (install.h) treats it as const. Plain data: no open handles. */
#ifndef STOAT_PLAN_H
#define STOAT_PLAN_H

#include <stdbool.h>
#include <stddef.h>

#include "bootcfg.h"
#include "disk.h"
#include "err.h"
#include "layout.h"

/* A first-boot script to put in onetime.tgz. */
struct plan_script {
	char interpreter[16];	/* "busybox" or "python" */
	char *body;		/* malloc'd */
};

#define PLAN_MAX_SCRIPTS 16
#define PLAN_MAX_DATASTORES 8
#define PLAN_MAX_CARRY 2

/* A file an upgrade copies from the active bootbank to the new one. */
struct plan_carry {
	char name[16];			/* "state.tgz", "onetime.tgz" */
	uint64_t size;
	unsigned char sum[32];		/* SHA-256 as read when planned */
};

/* What an upgrade found on the disk and will do (upgrade.c). */
struct plan_upgrade {
	unsigned active, target;	/* GPT numbers: bank kept, bank written */
	int active_updated;		/* updated= of the active bank */
	int timeout;			/* its timeout= */
	char active_build[128];		/* its build= */
	char kernelopt[BOOTCFG_OPT_MAX];	/* its kernelopt, installer words removed */
	unsigned n_carry;
	struct plan_carry carry[PLAN_MAX_CARRY];
};

/* A datastore on a disk other than the target (kickstart partition NAME
 * --ondisk=): the install gives the disk one VMFS-typed partition, and the
 * installed host creates the datastore at first boot (firstboot.h). */
struct plan_datastore {
	char name[65];			/* the datastore's name */
	char path[4096];		/* the disk, as scanned */
	uint64_t size;			/* its bytes, re-checked before writing */
	unsigned lsec;			/* its logical sector size */
};

struct install_plan {
	char media_path[4096];
	struct disk target;		/* as scanned; re-checked by the executor */
	struct layout layout;
	/* ESX-OSData of a 7.x flash target (osdata.h): where it goes; with
	 * LAYOUT_OSDATA_DISK, the local disk given one vmfsl partition, its
	 * table, and the token its mark and first-boot script share. */
	enum layout_osdata osdata;
	struct disk osdata_disk;
	struct layout osdata_layout;
	char osdata_token[33];
	char keyboard[64];		/* a keyboard_layouts[] name */
	char pwhash[256];		/* crypt(3) hash; never the password */
	bool legacy_usb;		/* preferVmklinux=TRUE + persistence script */
	char bootopts[512];		/* extra kernel options, space separated */
	bool preserve_vmfs;		/* keep an existing VMFS partition */
	bool overwrite_vmfs;
	bool dry_run;
	bool allow_no_uefi;		/* install media without safeboot (--allow-no-uefi) */
	bool no_boot_entry;		/* no firmware boot entry (--no-boot-entry) */
	char efi_dir[256];		/* the firmware's sysfs folder; "": /sys/firmware/efi */
	char *network_json;		/* malloc'd JSON object text, or NULL */
	size_t n_scripts;
	struct plan_script scripts[PLAN_MAX_SCRIPTS];
	bool upgrade;			/* upgrade in place (layout: the disk's
					 * own table, all kept but up.target) */
	struct plan_upgrade up;
	char serialnum[32];		/* license key for firstboot.json, or "" */
	size_t n_datastores;		/* datastores on other disks */
	struct plan_datastore datastores[PLAN_MAX_DATASTORES];
	char install_opts[128];		/* boot options that shaped the layout */
	bool nested_template;		/* a nested-ESXi template (bootopts.h) */
};

void plan_init(struct install_plan *p);
void plan_free(struct install_plan *p);	/* frees the malloc'd members */

/* Keep the target's existing VMFS partition in the planned layout (the
 * datastore's place), for an install that preserves VMFS. 0 or -errno
 * with e saying why it cannot be kept. */
int plan_keep_vmfs(struct install_plan *p, struct stoat_err *e);

/* Reject what cannot work (target unusable, layout missing, no password,
 * unknown keyboard). Media-specific checks live in install_check(). */
int plan_validate(const struct install_plan *p, struct stoat_err *e);

#endif
