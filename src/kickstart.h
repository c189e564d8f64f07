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
