/* cli_image.c - placeholder until flash and backup land. */
#include "config.h"

#include "cli.h"
#include "nls.h"

int cli_flash(const struct stoat_opts *o)
{
	(void)o;
	cli_error(_("'%s' is not built yet"), "flash");
	return EXIT_FAIL;
}

int cli_backup(const struct stoat_opts *o)
{
	(void)o;
	cli_error(_("'%s' is not built yet"), "backup");
	return EXIT_FAIL;
}
