/* kickstart.c - placeholder until the kickstart reader lands. */
#include "config.h"

#include <errno.h>
#include <stdlib.h>
#include <string.h>

#include "kickstart.h"

int kickstart_load(const char *path, struct kickstart *ks, struct stoat_err *e)
{
	memset(ks, 0, sizeof(*ks));
	return err_set(e, ENOSYS, "kickstart files are not supported yet");
}

void kickstart_free(struct kickstart *ks) { }

int kickstart_pick_disk(const struct kickstart *ks, const struct disk_list *disks,
			const struct disk **out, struct stoat_err *e)
{
	return err_set(e, ENOSYS, "kickstart files are not supported yet");
}

int kickstart_to_plan(const struct kickstart *ks, struct install_plan *plan,
		      struct stoat_err *e)
{
	return err_set(e, ENOSYS, "kickstart files are not supported yet");
}
