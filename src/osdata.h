/* osdata.h - ESX-OSData of a 7.x install on USB or SD flash kept on a
 * persistent local disk (README "OSData on USB and SD").
 *
 * stoat cannot write VMFS-L, so the install gives that disk one partition
 * of the vmfsl type, marks its start with a random token, and adds a
 * first-boot script to the plan's scripts that finds the marked partition
 * on the installed host and formats it with vmkfstools, then points the
 * scratch location and the core dump file at it. */
#ifndef STOAT_OSDATA_H
#define STOAT_OSDATA_H

#include <stdbool.h>
#include <stddef.h>

#include "err.h"
#include "plan.h"
#include "sbuf.h"

struct inst;

/* Put OSData on disk d for plan p (a 7.x flash target whose layout was
 * planned with LAYOUT_OSDATA_DISK): d must be another, usable, local,
 * persistent disk of at least LAYOUT_OSDATA_DISK_MIN bytes, without VMFS
 * unless p->overwrite_vmfs. Plans its table, draws the token and appends
 * the first-boot script to p->scripts. 0 or -errno with e filled. */
int osdata_use_disk(struct install_plan *p, const struct disk *d, enum layout_media_size ms,
		    struct stoat_err *e);

/* Undo osdata_use_disk: drop its script, token and table (for a wizard
 * that changes its answer). */
void osdata_forget(struct install_plan *p);

/* Whether the install leaves ESX-OSData for the host to format at first
 * boot: a 7.x flash install, not an upgrade, with OSData on another disk.
 * (Confirm's one Secure Boot note covers it, install_describe.c.) */
bool osdata_on_disk(const struct install_plan *p);

/* Confirm's summary: append where OSData goes (a 7.x flash target only)
 * to buf as a new line. */
void osdata_summary(const struct install_plan *p, char *buf, size_t size);

/* Append the first-boot script for token to out (POSIX sh): the shared
 * library of firstboot_sh_lib, then vmkfstools -C vmfsl on the partition
 * marked "osdata" and scratch and the core dump file moved onto it. */
void osdata_script(const char *token, struct sbuf *out);

/* Confirm and --dry-run: where OSData goes and what becomes of it. */
void osdata_describe(const struct install_plan *p, struct sbuf *t);

/* The executor's part: re-check the OSData disk before anything is
 * written (step 1), then partition and mark it (step 2). Both do nothing
 * unless p->osdata is LAYOUT_OSDATA_DISK. */
int osdata_check(const struct install_plan *p, struct stoat_err *e);
int osdata_write(struct inst *in, struct stoat_err *e);

#endif
