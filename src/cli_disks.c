/* cli_disks.c - placeholder until this front end lands. */
#include "config.h"

#include "cli.h"
#include "nls.h"

int cli_list_disks(const struct stoat_opts *o)
{
	(void)o;
	cli_error(_("'%s' is not built yet"), o->cmd);
	return EXIT_FAIL;
}
