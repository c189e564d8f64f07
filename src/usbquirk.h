/* usbquirk.h - legacy USB, live: move USB disks from the uas driver to
 * usb-storage in the running (rescue) Linux, and back.
 *
 * On: add "VID:PID:u" to usb-storage's quirks parameter (the 'u' flag makes
 * uas refuse the device), unbind each UAS interface from uas and bind it to
 * usb-storage. Off: write the quirks back exactly as they were and give the
 * interfaces back to uas. What "as they were" means, and which interfaces
 * were moved, is kept in a state file (under /run), so a later run of stoat
 * can undo what an earlier one did.
 *
 * Disks that are mounted, hold the running system or the install media, or
 * are used by a dm/md device are never touched; neither are interfaces that
 * have no Bulk-Only alternate setting (usb-storage could not drive them).
 * Every path is taken under a sysfs root so fixture trees can stand in for
 * /sys. The messages are translated and meant for the screen. */
#ifndef STOAT_USBQUIRK_H
#define STOAT_USBQUIRK_H

#include <stdbool.h>
#include <stddef.h>

#include "err.h"

#define USBQUIRK_MAX 16		/* USB interfaces handled in one call */

/* What happened to one USB interface. */
enum usbquirk_fate {
	USBQ_MOVED = 0,		/* now on the other driver */
	USBQ_MOUNTED,		/* left alone: a filesystem on it is mounted */
	USBQ_SYSTEM,		/* left alone: it holds the running system */
	USBQ_MEDIA,		/* left alone: it holds the install media */
	USBQ_HELD,		/* left alone: a dm or md device uses it */
	USBQ_NO_BOT,		/* left alone: no Bulk-Only alternate setting */
	USBQ_REFUSED,		/* the other driver refused it: given back */
	USBQ_ABSENT,		/* off: unplugged, or no longer on usb-storage */
	USBQ_FATE_COUNT
};

struct usbquirk_dev {
	char intf[32];		/* USB interface, "2-2:1.0" */
	unsigned vid, pid;	/* idVendor, idProduct */
	char disk[64];		/* its disk before ("sdb"; "" when none) */
	char now[64];		/* its disk afterwards, once it is back */
	enum usbquirk_fate fate;
};

struct usbquirk_result {
	size_t n;
	struct usbquirk_dev dev[USBQUIRK_MAX];
	unsigned moved;		/* interfaces now on the other driver */
	bool changed;		/* something was written to sysfs */
	char msg[256];		/* one line for the screen, translated */
};

struct usbquirk_opts {
	const char *sysfs_root;		/* NULL: "/sys" */
	const char *dev_root;		/* NULL: "/dev" */
	const char *mountinfo;		/* NULL: "/proc/self/mountinfo" */
	const char *swaps;		/* as struct disk_scan_opts */
	const char *media_path;		/* the install media: never moved */
	const char *state_dir;		/* NULL: "/run/stoat" */
	unsigned wait_ms;		/* how long to wait for the disks to
					 * come back (polling sysfs); 0: look
					 * once */
	bool skip_bot_check;		/* tests only: try interfaces without a
					 * Bulk-Only setting too */
};

/* Move every idle UAS disk to usb-storage. 0 with r filled (r->msg says
 * what was done, also when nothing was); -errno with e filled when nothing
 * could be done (no root, usb-storage not loaded, the quirks list full). */
int usbquirk_on(const struct usbquirk_opts *o, struct usbquirk_result *r,
		struct stoat_err *e);

/* Undo usbquirk_on: the quirks as they were, the moved interfaces back on
 * uas. 0 with r filled (r->changed false when there was nothing to undo),
 * or -errno with e filled. */
int usbquirk_off(const struct usbquirk_opts *o, struct usbquirk_result *r,
		 struct stoat_err *e);

/* If path is the device node of a disk r moved and it came back under
 * another name, rewrite path to the new node; true when rewritten. */
bool usbquirk_follow(const struct usbquirk_opts *o, const struct usbquirk_result *r,
		     char *path, size_t size);

/* The quirks list with the 'u' flag for vid:pid: added to the entry for
 * that device if there is one, else appended. 0, or -ENOSPC when out does
 * not hold it. */
int usbquirk_merge(const char *quirks, unsigned vid, unsigned pid, char *out,
		   size_t size);

#endif
