/* install.c - placeholder until the executor lands. */
#include "config.h"

#include <errno.h>
#include <stdlib.h>
#include <string.h>

#include "install.h"

const char *install_stage_name(enum install_stage st) { return ""; }

int install_check(const struct install_plan *p, struct media *m,
		  struct stoat_err *e)
{
	return err_set(e, ENOSYS, "the installer is not built yet");
}

char *install_describe(const struct install_plan *p, struct media *m,
		       struct stoat_err *e)
{
	err_set(e, ENOSYS, "the installer is not built yet");
	return NULL;
}

int install_run(const struct install_plan *p, struct media *m,
		const struct install_progress *cb, struct stoat_err *e)
{
	return err_set(e, ENOSYS, "the installer is not built yet");
}
