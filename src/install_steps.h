/* install_steps.h - the steps install_run runs: those of an install
 * (install_steps.c) and the upgrade's own (upgrade.c). Each works on the
 * shared context (inst_ctx.h) and returns 0 or -errno with e filled.
 * Not a public contract. */
#ifndef STOAT_INSTALL_STEPS_H
#define STOAT_INSTALL_STEPS_H

#include "inst_ctx.h"

/* install_boot.c: p1 as ESXi builds it (sysboot.h) */
int inst_bootloader(struct inst *in, struct stoat_err *e);

/* install_steps.c */
int inst_format(struct inst *in, struct stoat_err *e);
int inst_copy(struct inst *in, struct stoat_err *e);
int inst_onetime(struct inst *in, struct stoat_err *e);
int inst_altbank(struct inst *in, struct stoat_err *e);
int inst_zero(struct inst *in, struct stoat_err *e);
int inst_verify(struct inst *in, struct stoat_err *e);
int inst_bootcfg(struct inst *in, struct stoat_err *e);
/* Bytes the zero step writes, for the progress total. */
uint64_t inst_zero_bytes(const struct install_plan *p);

/* install_ds.c: the datastores the host creates at first boot */
int inst_ds_check(const struct inst *in, struct stoat_err *e);
void inst_ds_layout(const struct install_plan *p, const struct plan_datastore *ds,
		    struct layout *l);
int inst_datastores(struct inst *in, struct stoat_err *e);

/* upgrade.c */
int inst_inspect(struct inst *in, struct stoat_err *e);
int inst_carry(struct inst *in, struct stoat_err *e);

#endif
