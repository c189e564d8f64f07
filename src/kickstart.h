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
#define KS_MAX_PARTS 8
#define KS_MAX_NOTES 8

/* partition NAME --ondisk=DISK | --onfirstdisk[=LIST]: a datastore on a
 * disk other than the install disk (kickstart_parts_to_plan). */
struct ks_part {
	char name[65];			/* the datastore's name */
	char disk[256];			/* --ondisk/--ondrive, "" with --onfirstdisk */
	char firstdisk[256];		/* --onfirstdisk filters, "" with --ondisk */
	char where[4200];		/* "FILE:LINE" */
	/* the clearpart lines read before this line (ESXi clears a
	 * partition disk only for a clearpart line that comes first) */
	bool cp_before, cp_all, cp_firstdisk, cp_overwritevmfs;
	size_t cp_drives_len, cp_ignore_len;	/* lengths of the lists then */
};

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
	char systemdisk[4096];		/* install --systemdisk=: ESX-OSData's disk
					 * for a 7.x USB/SD target; "" if absent */
	char where[4200];		/* "FILE:LINE" of the install/upgrade line */
	bool clearpart;			/* a clearpart line was given */
	bool clearpart_all;		/* --alldrives */
	bool clearpart_firstdisk;	/* --firstdisk[=list] */
	bool clearpart_overwritevmfs;	/* lets clearpart'd drives lose VMFS */
	char clearpart_drives[1024];	/* --drives= list, "" if absent */
	char clearpart_ignore[1024];	/* --ignoredrives= list, "" if absent */

	/* Added by issue 18; append only. */
	char serialnum[32];		/* serialnum/vmserialnum --esx=, "" if absent */
	bool overwritevsan;		/* install --overwritevsan */
	bool repartitionsystemdisk;	/* install --repartitionsystemdisk (recorded) */
	bool forcemigrate;		/* [installor]upgrade --forcemigrate (recorded) */
	char dpupcislots[256];		/* install --dpupcislots= (recorded) */
	size_t n_parts;
	struct ks_part parts[KS_MAX_PARTS];
	/* What a reading with KS_LOAD_DEFER or KS_LOAD_LENIENT could not do:
	 * "FILE:LINE: ..." for each %include not read and why, then what may
	 * be missing because of them. Not warnings: paranoid ignores them. */
	size_t n_notes;
	char notes[KS_MAX_NOTES][640];

	/* Added by issues 20 and 23; append only. */
	bool nested_template;		/* bootoption --nested-template */
};

/* kickstart_load_with flags. */
#define KS_LOAD_DEFER 1u	/* read no %include file: note each one */
#define KS_LOAD_LENIENT 2u	/* an %include that cannot be read is a note */

/* Runs one %pre script while the file is read, as ESXi does: every %pre of
 * a file runs before that file's %include lines are read (so a %pre may
 * write a file that is included). Returns 0 or a negative errno with e
 * filled; a failure stops the reading. */
struct ks_pre_hook {
	void *ctx;
	int (*run)(void *ctx, const struct ks_script *s, struct stoat_err *e);
};

int kickstart_load(const char *path, struct kickstart *ks, struct stoat_err *e);
/* kickstart_load with KS_LOAD_* flags and, unless NULL, a hook that runs
 * the %pre scripts as they come (pre->run is not called for a file read
 * with KS_LOAD_DEFER's %include lines skipped). On failure ks holds only
 * the warnings read before the error. */
int kickstart_load_with(const char *path, unsigned flags, const struct ks_pre_hook *pre,
			struct kickstart *ks, struct stoat_err *e);
void kickstart_free(struct kickstart *ks);

/* The target the install line names, from the scanned disks. */
int kickstart_pick_disk(const struct kickstart *ks, const struct disk_list *disks,
			const struct disk **out, struct stoat_err *e);

/* The disk partition line i names, from the scanned disks (never the
 * install disk `target`, which may be NULL). */
int kickstart_part_disk(const struct kickstart *ks, size_t i, const struct disk_list *disks,
			const struct disk *target, const struct disk **out, struct stoat_err *e);

/* Add each partition line's datastore to plan (plan->target set): its
 * disk, checked as an install target is (usable, 2 GiB at least, cleared
 * by an earlier clearpart line when it has partitions, one datastore per
 * disk). The install partitions those disks; the host creates the
 * datastores at first boot. */
int kickstart_parts_to_plan(const struct kickstart *ks, const struct disk_list *disks,
			    struct install_plan *plan, struct stoat_err *e);
/* The disk install --systemdisk= names, or name instead unless NULL (*out
 * NULL when there is no name); -ENODEV when no scanned disk has it. */
int kickstart_system_disk(const struct kickstart *ks, const char *name,
			  const struct disk_list *disks, const struct disk **out,
			  struct stoat_err *e);

/* Whether a fresh install onto d may go ahead as far as its VMFS goes: 0,
 * or -EEXIST when d holds VMFS and neither --overwritevmfs nor
 * --preservevmfs was given (a clearpart line does not count, as in ESXi). */
int kickstart_vmfs_ok(const struct kickstart *ks, const struct disk *d, struct stoat_err *e);

/* The same for the disk d of partition line i, as ESXi decides it: a disk
 * with partitions needs a clearpart line naming it before the partition
 * line (-ENOTEMPTY), and one with VMFS that line's --overwritevmfs
 * (-EEXIST); install --overwritevmfs does not count. */
int kickstart_ds_clear_ok(const struct kickstart *ks, size_t i, const struct disk *d, struct stoat_err *e);

/* Fill plan's kickstart-owned fields (keyboard, hash, boot options, VMFS
 * choices, network, first-boot scripts). Target, layout and media are the
 * caller's. */
int kickstart_to_plan(const struct kickstart *ks, struct install_plan *plan,
		      struct stoat_err *e);

/* Seconds a %pre or %post script may run without --timeout=. */
#define KS_SCRIPT_TIMEOUT 600

/* Where a running script's output goes. */
struct ks_script_io {
	void *ctx;
	/* One line of the script's stdout or stderr, control characters
	 * replaced by '?'. */
	void (*line)(void *ctx, const char *line);
	/* Non-zero: kill the script and return -ECANCELED. May be NULL. */
	int (*cancelled)(void *ctx);
};

/* "%pre", "%post" or "%firstboot". */
const char *ks_script_section(const struct ks_script *s);

/* Run a %pre or %post script (ks_script.c) with STOAT_DISK=disk and
 * STOAT_MEDIA=media in its environment; 0 when it exited 0, else -errno
 * with e naming the section and its line (failure, signal, timeout). */
int ks_script_run(const struct ks_script *s, const char *disk, const char *media,
		  const struct ks_script_io *io, struct stoat_err *e);

/* What a successful unattended install does at its end. */
enum ks_end_kind {
	KS_END_EXIT = 0,	/* exit 0 */
	KS_END_WAIT,		/* no reboot command, stdin a terminal: wait for Enter */
	KS_END_REBOOT,		/* reboot: sync, exec /sbin/reboot */
};

struct ks_end {
	enum ks_end_kind kind;
	bool eject;		/* eject eject_path before rebooting */
	char eject_path[4096];
};

/* Decide the end: reboot when the file says so and not no_reboot (the
 * caller never acts under --dry-run or --check), ejecting the media first
 * when it is an optical drive and reboot has no --noeject. */
void ks_end_plan(const struct kickstart *ks, bool no_reboot, bool stdin_tty,
		 const char *media, struct ks_end *out);

/* True when path is an optical drive (a block device: sr, or one that
 * answers CDROM_GET_CAPABILITY). */
bool ks_media_optical(const char *path);

/* Eject the optical drive at path (ioctl CDROMEJECT). */
int ks_media_eject(const char *path, struct stoat_err *e);

#endif
