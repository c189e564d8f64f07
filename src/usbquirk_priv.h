/* usbquirk_priv.h - the pieces of the live legacy-USB switch shared between
 * usbquirk.c (what to do) and usbquirk_sysfs.c (reading and writing sysfs,
 * the state file). Not a public contract: front ends use usbquirk.h. */
#ifndef STOAT_USBQUIRK_PRIV_H
#define STOAT_USBQUIRK_PRIV_H

#include <limits.h>
#include <stdbool.h>
#include <stddef.h>

#include "usbquirk.h"

#define USBQ_QUIRKS_MAX 512	/* the kernel's own limit is smaller (128) */
#define USBQ_DISKS_MAX 8	/* disks (LUNs) under one interface */

/* The paths one call works with. */
struct usbq_paths {
	char sysfs[PATH_MAX];
	char quirks[PATH_MAX];	/* <sysfs>/module/usb_storage/parameters/quirks */
	char drivers[PATH_MAX];	/* <sysfs>/bus/usb/drivers */
	char state_dir[PATH_MAX];
	char state[PATH_MAX];	/* <state_dir>/legacy-usb */
};

/* What an earlier "on" did, from the state file. */
struct usbq_state {
	bool have;		/* the state file exists */
	char quirks[USBQ_QUIRKS_MAX];	/* the quirks before the first "on" */
	size_t n;
	struct usbquirk_dev dev[USBQUIRK_MAX];	/* the interfaces moved */
};

/* Whole disks (LUNs) under one USB interface. */
struct usbq_disks {
	char name[USBQ_DISKS_MAX][64];
	size_t n;
};

/* usbquirk_sysfs.c */
void usbq_paths_init(const struct usbquirk_opts *o, struct usbq_paths *p);
int usbq_write_attr(const char *path, const char *value);
bool usbq_writable(const char *path);
int usbq_driver_path(const struct usbq_paths *p, const char *driver, const char *file,
		     char *buf, size_t size);
size_t usbq_bound_to(const struct usbq_paths *p, const char *driver,
		     struct usbquirk_dev *out, size_t max);
int usbq_ids(const struct usbq_paths *p, const char *intf, unsigned *vid, unsigned *pid);
void usbq_driver_of(const struct usbq_paths *p, const char *intf, char *buf, size_t size);
bool usbq_has_bot(const struct usbq_paths *p, const char *intf);
void usbq_disks_of(const struct usbq_paths *p, const char *intf, struct usbq_disks *out);
bool usbq_held(const struct usbq_paths *p, const char *disk);
int usbq_state_load(const struct usbq_paths *p, struct usbq_state *s, struct stoat_err *e);
int usbq_state_save(const struct usbq_paths *p, const struct usbq_state *s,
		    struct stoat_err *e);
void usbq_state_remove(const struct usbq_paths *p);

#endif
