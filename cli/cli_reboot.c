/* cli_reboot.c - the one way stoat reboots the machine, for the wizard's
 * Reboot key and a kickstart's reboot command alike. */
#include "config.h"

#include <errno.h>
#include <stdio.h>
#include <string.h>
#include <unistd.h>

#include "cli.h"
#include "nls.h"

/* Flush, sync and exec /sbin/reboot; returns EXIT_FAIL, having said why,
 * only when that cannot start. */
int cli_reboot(void)
{
	fflush(NULL);
	sync();
	execl("/sbin/reboot", "reboot", (char *)NULL);
	cli_error(_("cannot reboot: %s; reboot the machine yourself"), strerror(errno));
	return EXIT_FAIL;
}
