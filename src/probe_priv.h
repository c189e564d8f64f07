/* probe_priv.h - what probe.c and probe_verdict.c share. */
#ifndef STOAT_PROBE_PRIV_H
#define STOAT_PROBE_PRIV_H

#include <stdbool.h>

#include "probe.h"

/* Fill r->cap_text from the capacity check's result. */
void probe_cap_text(struct probe_result *r);

/* Fill r->v: each of VMware's figures against what was measured. */
void probe_verdicts(struct probe_result *r);

/* Whether f3probe is installed (in child_path()). */
bool probe_f3_found(void);

/* Run f3probe on path (destructive only when o's area is the whole
 * device) and put its finding in r. 0, or -errno with e filled. */
int probe_f3_run(const char *path, const struct probe_opts *o, struct probe_result *r,
		 struct stoat_err *e);

#endif
