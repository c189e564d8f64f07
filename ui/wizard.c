/* wizard.c - walks the screens. Placeholder until the wizard lands. */
#include "config.h"

#include "cli.h"
#include "nls.h"
#include "wizard.h"

int wizard_run(const struct stoat_opts *o)
{
	(void)o;
	cli_error(_("the wizard is not built yet"));
	return EXIT_FAIL;
}
