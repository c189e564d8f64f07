/* prereq.h - the programs an install runs (mkfs.fat, mcopy, mmd, mattrib,
 * efibootmgr), found and tried before anything is written: each is looked
 * up in PATH, then a self-test formats a small scratch image and fills it
 * through the same calls the install makes (vfat.h), and reads it back.
 * Problems come back as sentences that name what is missing or broken and
 * how to fix it. Never prints. */
#ifndef STOAT_PREREQ_H
#define STOAT_PREREQ_H

#include <stdbool.h>

#include "err.h"
#include "plan.h"

struct media;
struct sysboot;

/* What an install needs besides mkfs.fat and mcopy, which every install
 * and upgrade runs. */
struct prereq_need {
	bool mkdir;		/* mmd: the folders of the system partition */
	bool attrib;		/* mattrib: ldlinux.sys for BIOS boot */
	bool boot_entry;	/* efibootmgr: the firmware boot entry */
};

#define PREREQ_MAX 6

struct prereq_result {
	int n;
	bool missing;			/* a program is in no folder of PATH */
	char problem[PREREQ_MAX][320];	/* translated, one or two sentences */
};

/* What plan p needs; sb: its system partition (NULL for an upgrade,
 * which keeps it). */
void prereq_need_of(const struct install_plan *p, const struct sysboot *sb,
		    struct prereq_need *n);

/* The same, deciding the system partition from the media m first. 0, or
 * -errno when the media cannot be read. */
int prereq_need_plan(const struct install_plan *p, struct media *m, struct prereq_need *n,
		     struct stoat_err *e);

/* Look the programs up and run the self-test; r lists what is wrong
 * (r->n == 0: nothing). */
void prereq_run(const struct prereq_need *n, struct prereq_result *r);

/* prereq_need_of and prereq_run for an install about to start: 0 when
 * nothing is wrong, else -ENOENT (a program is missing) or -EIO (one
 * does not work) with e holding every problem. */
int prereq_check(const struct install_plan *p, const struct sysboot *sb, struct stoat_err *e);

#endif
