/* kickstart.h - ESXi kickstart files (REFERENCE.md section 5).
 *
 * kickstart_load parses and validates; errors name "FILE:LINE: ...".
 * Plain-text rootpw is hashed at once and the clear text wiped. */
#ifndef STOAT_KICKSTART_H
#define STOAT_KICKSTART_H

#include <stdbool.h>
#include <stddef.h>

#include "disk.h"
#include "err.h"
#include "plan.h"

enum ks_action { KS_NONE = 0, KS_INSTALL, KS_UPGRADE, KS_INSTALLORUPGRADE };

struct ks_script {
	enum { KS_PRE, KS_POST, KS_FIRSTBOOT } when;
	char interpreter[16];		/* busybox (default) or python */
	bool ignorefailure;
	unsigned timeout;		/* seconds, 0: default */
	char *body;			/* malloc'd */
	char where[4200];		/* "FILE:LINE" of the % line */
};

#define KS_MAX_SCRIPTS 16
#define KS_MAX_WARNINGS 32

struct kickstart {
	bool accepteula, dryrun, paranoid, reboot, noeject;
	char pwhash[256];		/* always a hash */
	enum ks_action action;
	char disk[4096];		/* --disk/--drive, "" when --firstdisk */
	char firstdisk[256];		/* filter list, "" when --disk */
	bool overwritevmfs, preservevmfs, novmfsondisk, ignoressd;
	bool ignoreprereqwarnings, ignoreprereqerrors, forceunsupported;
	char keyboard[64];		/* canonical name, default US Default */
	char bootopts[512];		/* extra kernel options */
	bool legacy_usb;
	char *network_json;		/* malloc'd or NULL */
	size_t n_scripts;
	struct ks_script scripts[KS_MAX_SCRIPTS];
	size_t n_warnings;
	char warnings[KS_MAX_WARNINGS][512];	/* "FILE:LINE: ..." */

	/* Added after the first contract; append only. */
	char systemdisk[4096];		/* install --systemdisk=, "" if absent */
	char where[4200];		/* "FILE:LINE" of the install/upgrade line */
	bool clearpart;			/* a clearpart line was given */
	bool clearpart_all;		/* --alldrives */
	bool clearpart_firstdisk;	/* --firstdisk[=list] */
	bool clearpart_overwritevmfs;	/* lets clearpart'd drives lose VMFS */
	char clearpart_drives[1024];	/* --drives= list, "" if absent */
	char clearpart_ignore[1024];	/* --ignoredrives= list, "" if absent */
};

int kickstart_load(const char *path, struct kickstart *ks, struct stoat_err *e);
void kickstart_free(struct kickstart *ks);

/* The target the install line names, from the scanned disks. */
int kickstart_pick_disk(const struct kickstart *ks, const struct disk_list *disks,
			const struct disk **out, struct stoat_err *e);

/* Whether a fresh install onto d may go ahead as far as its VMFS goes: 0,
 * or -EEXIST when d holds VMFS and neither --overwritevmfs, --preservevmfs
 * nor a clearpart line covering d was given. */
int kickstart_vmfs_ok(const struct kickstart *ks, const struct disk *d, struct stoat_err *e);

/* Fill plan's kickstart-owned fields (keyboard, hash, boot options, VMFS
 * choices, network, first-boot scripts). Target, layout and media are the
 * caller's. */
int kickstart_to_plan(const struct kickstart *ks, struct install_plan *plan,
		      struct stoat_err *e);

#endif
