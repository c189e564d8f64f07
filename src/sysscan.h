/* sysscan.h - the prerequisite checks before an install (the wizard's
 * system scan and `stoat install --kickstart`): memory, hardware
 * virtualization, flash notes, the layout's warning, and the programs the
 * install runs (prereq.h). One source of the texts for both
 * front ends; never prints. */
#ifndef STOAT_SYSSCAN_H
#define STOAT_SYSSCAN_H

#include <stdbool.h>

#include "disk.h"
#include "err.h"
#include "layout.h"
#include "prereq.h"

enum sys_level { SYS_WARNING = 0, SYS_ERROR, SYS_NOTE };
enum sys_kind { SYS_MEMORY, SYS_CPU, SYS_FLASH, SYS_LAYOUT, SYS_TOOLS };

struct sys_finding {
	enum sys_level level;
	enum sys_kind kind;
	char text[320];			/* translated, one or two sentences */
};

#define SYS_MAX_FINDINGS 8

struct sys_findings {
	int n;
	struct sys_finding f[SYS_MAX_FINDINGS];
};

struct sysscan_opts {
	const char *proc_root;		/* NULL or "": /proc (STOAT_PROC in tests) */
	const struct disk *target;	/* NULL: none chosen yet */
	const struct layout *layout;	/* NULL: none planned yet */
	const char *media_version;	/* the media's version ("8.0.2-..."),
					 * NULL: unknown (4 GB minimum) */
};

/* Run the checks with ESXi's installer's severities: memory below the
 * media's minimum (8 GB for 8.x, else 4 GB) is an error, no hardware
 * virtualization a warning. When the target is a USB stick, an SD card or
 * an image file, what is found about this machine's memory and CPU is a
 * note: the result may boot on another host. */
void sysscan_run(const struct sysscan_opts *o, struct sys_findings *out);

/* Put in out, before its findings, an error for each program that an
 * install with need n runs and that is missing or does not work
 * (prereq_run). */
void sysscan_tools(const struct prereq_need *n, struct sys_findings *out);

bool sysscan_has_errors(const struct sys_findings *f);

/* The kickstart's switches over the findings. */
struct sysscan_policy {
	bool paranoid;			/* warnings become errors ... */
	bool ignore_warnings;		/* ... unless --ignoreprereqwarnings */
	bool ignore_errors;		/* --ignoreprereqerrors */
};

/* Apply the policy: 0 when the install may go on, else -EINVAL with e
 * naming the first blocking finding and the switch that would pass it.
 * No switch passes a missing or broken program (SYS_TOOLS). */
int sysscan_verdict(const struct sys_findings *f, const struct sysscan_policy *p,
		    struct stoat_err *e);

#endif
