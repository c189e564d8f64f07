/* wizard.h - the one entry point of the ncurses front end (libstoatui.a).
 *
 * Free of curses types so the program can include it. The wizard never
 * prints to stdout or stderr, never exits and never reboots: it returns
 * what happened, and the program says it and acts on it. */
#ifndef STOAT_WIZARD_H
#define STOAT_WIZARD_H

#include <stdbool.h>

#include "disk.h"
#include "layout.h"
#include "media_find.h"

/* How the wizard ended, as a process exit status. */
enum wizard_status { WIZARD_OK = 0, WIZARD_FAIL = 1, WIZARD_USAGE = 2 };

/* What the wizard is told: only what its screens use. */
struct wizard_opts {
	const char *media;		/* install media; NULL: look for it */
	const struct media_find_opts *find;	/* where (NULL: the machine's) */
	const struct disk_spec *disks;	/* image files offered as disks */
	unsigned n_disks;
	bool only_listed;		/* offer only those, not the machine's */
	enum layout_profile layout;	/* LAYOUT_AUTO: from the media */
	enum layout_media_size media_size;
	bool novmfsondisk;		/* no VMFS datastore partition */
	const char *boot_options;	/* --boot-options (validated), or NULL */
	bool nested_template;		/* --nested-template */
	bool legacy_usb;		/* start with the legacy USB drivers */
	bool dry_run;			/* show the plan, write nothing */
	bool allow_no_uefi;		/* media without safeboot may be installed */
	bool no_boot_entry;		/* add no firmware boot entry */
	const char *efi_dir;		/* the firmware's sysfs folder (NULL: /sys/firmware/efi) */
	bool no_reboot;			/* Complete leaves instead of rebooting */
	bool demo;			/* demo media and disks: never reboots */
	bool no_color;			/* the monochrome scheme */
	bool no_verify;			/* images: skip the read-back */
	const char *eula;		/* license file instead of the media's */
	const char *log;		/* append the install's log here */
};

/* What happened. */
struct wizard_result {
	int status;			/* enum wizard_status */
	char msg[512];			/* for the operator; "" when none */
	bool reboot;			/* the operator asked to reboot now */
};

/* Run the installer wizard; fills r and returns r->status. */
int wizard_run(const struct wizard_opts *o, struct wizard_result *r);

#endif
