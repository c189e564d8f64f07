/* cli_reboot.c - the one way stoat reboots the machine, for the wizard's
 * Reboot key and a kickstart's reboot command alike. */
#include "config.h"

#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "cli.h"
#include "nls.h"

/* Flush, sync and exec /sbin/reboot (or $STOAT_REBOOT, which tests point
 * at a stand-in, so that a broken guard fails a test instead of rebooting
 * the machine running it); returns EXIT_FAIL, having said why, only when
 * that cannot start. */
int cli_reboot(void)
{
	const char *prog = getenv("STOAT_REBOOT");

	if (!prog || !*prog)
		prog = "/sbin/reboot";
	fflush(NULL);
	sync();
	execl(prog, "reboot", (char *)NULL);
	cli_error(_("cannot reboot: %s; reboot the machine yourself"), strerror(errno));
	return EXIT_FAIL;
}
