/* install.h - the executor: partition, format, copy, configure, verify,
 * and boot.cfg last. Reports through callbacks; never prints. */
#ifndef STOAT_INSTALL_H
#define STOAT_INSTALL_H

#include <stdint.h>

#include "err.h"
#include "plan.h"

struct media;

enum install_stage {
	STAGE_CHECK = 0,	/* re-check the target, open O_EXCL */
	STAGE_PARTITION,
	STAGE_FORMAT,
	STAGE_BOOTLOADER,	/* p1 */
	STAGE_COPY,		/* p5 modules + onetime.tgz */
	STAGE_ALTBANK,		/* p6 invalid boot.cfg */
	STAGE_ZERO,		/* p7/p9 core dump, VMFS first MiB */
	STAGE_VERIFY,
	STAGE_BOOTCFG,		/* p5 boot.cfg, written last */
	STAGE_INSPECT,		/* upgrade: read the installation again */
	STAGE_CARRY,		/* upgrade: state.tgz to the new bank */
	STAGE_DONE,
	STAGE_COUNT
};

struct install_progress {
	void *ctx;
	/* A new stage starts. */
	void (*stage)(void *ctx, enum install_stage st);
	/* Bytes written and verified so far, of the total planned. */
	void (*bytes)(void *ctx, uint64_t done, uint64_t total);
	/* A line for the log or summary (translated). */
	void (*log)(void *ctx, const char *line);
	/* Non-zero: stop safely before the next step. May be NULL. */
	int (*cancelled)(void *ctx);
};

/* Translated name of a stage ("Partitioning the disk", ...). */
const char *install_stage_name(enum install_stage st);

/* The same for the plan's kind of run (an upgrade names its steps and its
 * end differently). */
const char *install_step_name(const struct install_plan *p, enum install_stage st);

/* Step number (1-based) of st in the plan's run, and how many steps the
 * run has (9 for an install, 7 for an upgrade); 0 for STAGE_DONE. */
int install_step_number(const struct install_plan *p, enum install_stage st, int *count);

/* Check the plan against the media before anything is touched: modules
 * present, sizes fit their partitions. */
int install_check(const struct install_plan *p, struct media *m,
		  struct stoat_err *e);

/* The same without the programs (prereq.h): what the media needs of the
 * target's layout. The wizard asks it when a disk is chosen, so a disk the
 * media does not fit is refused there, with install_check's message. */
int install_check_fit(const struct install_plan *p, struct media *m,
		      struct stoat_err *e);

/* Whether installing p from m adds the firmware boot entry "VMware ESXi"
 * (efiboot.h); when not, why holds a short reason, or "" when UEFI boot
 * is not set up at all (install_summary says that). */
bool install_boot_entry(const struct install_plan *p, struct media *m, char *why, size_t size);

/* Render what install_run would do (what is written and kept, table,
 * files, boot.cfg) as malloc'd text for --dry-run; NULL on error with e
 * filled. */
char *install_describe(const struct install_plan *p, struct media *m,
		       struct stoat_err *e);

/* What the plan writes, clears, leaves empty and keeps, one line (ending
 * in a newline) per kind, naming the partitions: the lines the dry run
 * shows under "What is written and what is kept", for the confirm and
 * complete screens. Malloc'd and translated; NULL when out of memory. */
char *install_outline(const struct install_plan *p);

/* Where the installed target starts. Only a disk of this machine is
 * BOOTS_HERE: an image file (also one standing in for a disk) or a loop
 * device boots nowhere until it is written to a device, and a USB stick
 * or SD card is taken as prepared for another host (efiboot.h never adds
 * a firmware entry for one, so this machine would not start it unless
 * its firmware is told to); the operator moves it, or reboots by hand. */
enum install_boots {
	BOOTS_HERE,		/* a disk of this machine */
	BOOTS_STICK,		/* a USB stick or SD card (or a file standing in for one) */
	BOOTS_IMAGE,		/* an image file */
	BOOTS_LOOP,		/* a loop device */
};
enum install_boots install_boots_where(const struct install_plan *p);

/* The kernel options (kernelopt=) the bootbank written by p gets: for an
 * upgrade the installed host's own, for an install the media's and the
 * plan's. */
void install_boot_options(const struct install_plan *p, struct media *m, char *buf, size_t size);

/* The plan as --log records it before the first step, one line each
 * (ending in a newline): disk, media, version, layout, action, what is
 * written and kept, and every choice. Malloc'd and translated; NULL when
 * out of memory. */
char *install_log_plan(const struct install_plan *p, struct media *m);

/* One sentence (translated) saying what an upgrade writes and keeps, or
 * what an install erases and keeps, followed for an install by its
 * outline (install_outline) and the boot paths not set up: the confirm
 * screen's summary. */
void install_summary(const struct install_plan *p, struct media *m,
		     char *buf, size_t size);

/* The boot options the plan adds, on one line: those that shaped the
 * layout, then those the installed host gets (preferVmklinux only where
 * it applies); "" when none. */
void install_bootopts_line(const struct install_plan *p, struct media *m,
			   char *buf, size_t size);

/* The effects of a nested-ESXi template, for the confirm screen: lines
 * to translate with _(). */
extern const char *const install_nested_lines[2];

/* Carry out the plan. On failure e names the stage and the cause, and the
 * disk carries no bootable boot.cfg. */
int install_run(const struct install_plan *p, struct media *m,
		const struct install_progress *cb, struct stoat_err *e);

#endif
