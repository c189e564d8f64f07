/* firstboot.h - onetime.tgz: the first-boot payload the installer leaves
 * in the bootbank (REFERENCE.md section 3), written with libarchive. */
#ifndef STOAT_FIRSTBOOT_H
#define STOAT_FIRSTBOOT_H

#include <stdbool.h>
#include <stddef.h>

#include "err.h"
#include "plan.h"

#define FIRSTBOOT_DIR "var/lib/vmware/firstboot"
#define FIRSTBOOT_JSON FIRSTBOOT_DIR "/firstboot.json"

/* The script that makes the legacy USB choice persist on 6.x. */
extern const char firstboot_legacy_usb_script[];

/* Build onetime.tgz in memory: firstboot.json ("password" = p->pwhash,
 * "keyboard", "network" when set, "scripts") and one NNN.firstboot_NNN file
 * per script (p->scripts, then the legacy-USB script when legacy_usb).
 * *out is malloc'd. */
int firstboot_build(const struct install_plan *p, bool legacy_usb,
		    void **out, size_t *len, struct stoat_err *e);

/* Names of the script files firstboot_build would write, for --dry-run:
 * count of scripts. */
size_t firstboot_script_count(const struct install_plan *p, bool legacy_usb);

#endif
