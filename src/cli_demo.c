/* cli_demo.c - placeholder until the demo lands. */
#include "config.h"

#include "cli.h"
#include "nls.h"

int cli_demo(struct stoat_opts *o)
{
	(void)o;
	cli_error(_("'%s' is not built yet"), "--demo");
	return EXIT_FAIL;
}
