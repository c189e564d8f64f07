/* firstboot.h - onetime.tgz: the first-boot payload the installer leaves
 * in the bootbank (REFERENCE.md section 3), written with libarchive. */
#ifndef STOAT_FIRSTBOOT_H
#define STOAT_FIRSTBOOT_H

#include <stdbool.h>
#include <stddef.h>

#include "err.h"
#include "plan.h"
#include "sbuf.h"

#define FIRSTBOOT_DIR "var/lib/vmware/firstboot"
#define FIRSTBOOT_JSON FIRSTBOOT_DIR "/firstboot.json"

/* The script that makes the legacy USB choice persist on 6.x. */
extern const char firstboot_legacy_usb_script[];

/* The random token that ties a first-boot script to the partitions this
 * install marks (inst_token): FIRSTBOOT_TOKEN_LEN hex digits. */
#define FIRSTBOOT_TOKEN_LEN 32
/* Room for a mark: "stoat-KIND TOKEN K.\n" and its NUL. */
#define FIRSTBOOT_MARKER_MAX 64
/* The kinds of mark: a datastore's partition, ESX-OSData's. */
#define FIRSTBOOT_MARK_DATASTORE "datastore"
#define FIRSTBOOT_MARK_OSDATA "osdata"

/* firstboot_mark.c: the mark written at the start of partition k (of its
 * kind) for token, ending in a newline; size FIRSTBOOT_MARKER_MAX is
 * enough. */
void firstboot_mark(const char *kind, const char *token, size_t k, char *out, size_t size);
/* Append s to b as one single-quoted shell word. */
void firstboot_sh_quote(struct sbuf *b, const char *s);
/* Append that mark, without its newline, as one quoted shell word. */
void firstboot_sh_mark(struct sbuf *b, const char *kind, const char *token, size_t k);
/* Append the shell library of a script that formats a marked partition:
 * tag= (what its log lines start with), disks=, rc=0 and the functions
 * log, marked, in_use, boot_device, find_part and claim (set part to the
 * one partition numbered N with mark M, device D tried first, unless it
 * is a VMFS extent already: `claim N M D WHAT || ...`). */
void firstboot_sh_lib(struct sbuf *b, const char *tag);

/* Build onetime.tgz in memory: firstboot.json ("password" = p->pwhash,
 * "keyboard", "network" when set, "scripts") and one NNN.firstboot_NNN file
 * per script (the datastore script when firstboot_has_datastores, then
 * p->scripts, then the legacy-USB script when legacy_usb). token: the
 * install's datastore token (needed only with datastores). *out is
 * malloc'd. */
int firstboot_build(const struct install_plan *p, bool legacy_usb, const char *token,
		    void **out, size_t *len, struct stoat_err *e);

/* firstboot_ds.c: whether the installed host is to create datastores at
 * first boot: the target's own VMFS partition (not kept, not an upgrade)
 * or datastores on other disks. */
bool firstboot_has_datastores(const struct install_plan *p);
/* The datastore partitions' marks: kind FIRSTBOOT_MARK_DATASTORE, k 0
 * for the target's VMFS partition, k >= 1 for p->datastores[k - 1]'s
 * partition 1. */
/* "vmfs5" for 6.x layouts, else "vmfs6". */
const char *firstboot_ds_fstype(const struct install_plan *p);
/* Append the datastore script (POSIX sh) for p and token to out. */
int firstboot_ds_script(const struct install_plan *p, const char *token, struct sbuf *out,
			struct stoat_err *e);

/* Names of the script files firstboot_build would write, for --dry-run:
 * count of scripts. */
size_t firstboot_script_count(const struct install_plan *p, bool legacy_usb);

#endif
