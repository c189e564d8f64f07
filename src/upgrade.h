/* upgrade.h - upgrade an ESXi installation in place, the ESXi way: the
 * partition table, the datastore, core dump, locker, scratch, the boot
 * loader and the active bootbank stay as they are; the other bootbank is
 * formatted, gets the media's modules and the host's state.tgz, and its
 * boot.cfg (bootstate=1, updated one more than the active bank's) is
 * written last.
 *
 * Carried over from the active bank: state.tgz (the host's configuration)
 * when it is there; otherwise, when the active boot.cfg still lists
 * onetime.tgz (a host installed but never booted, whose first-boot
 * settings are still pending), that onetime.tgz. A new onetime.tgz is
 * never written: the password, keyboard and network it would carry live
 * in state.tgz, and an upgrade must not reset them. */
#ifndef STOAT_UPGRADE_H
#define STOAT_UPGRADE_H

#include "err.h"
#include "plan.h"

struct media;

/* Read the ESXi installation on p->target (GPT, p5/p6 FAT bootbanks and
 * their boot.cfg, read with mtools at the partition offsets: nothing is
 * mounted or written) and turn p into an upgrade plan: p->layout becomes
 * the disk's own table with every partition kept but the bank to write,
 * p->up says which banks and what is carried over. 0, or -errno with e
 * saying why it cannot be upgraded: -ENOENT when no ESXi installation is
 * found (installorupgrade then installs), -EXDEV when the media needs
 * another layout, -EFBIG when the bootbank is too small. */
int upgrade_plan(struct install_plan *p, struct media *m, struct stoat_err *e);

#endif
