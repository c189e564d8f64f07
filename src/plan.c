/* plan.c - placeholder until the plan helpers land. */
#include "config.h"

#include <errno.h>
#include <stdlib.h>
#include <string.h>

#include "plan.h"

void plan_init(struct install_plan *p)
{
	memset(p, 0, sizeof(*p));
}

void plan_free(struct install_plan *p) { }

int plan_validate(const struct install_plan *p, struct stoat_err *e)
{
	return err_set(e, ENOSYS, "plan validation is not built yet");
}
