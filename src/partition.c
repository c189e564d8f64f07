/* partition.c - placeholder until the libparted writer lands. */
#include "config.h"

#include <errno.h>
#include <stdlib.h>
#include <string.h>

#include "partition.h"

int partition_apply(const char *path, const struct layout *l,
		    const struct partition_opts *opts, char *warn,
		    size_t warn_size, struct stoat_err *e)
{
	return err_set(e, ENOSYS, "partitioning is not built yet");
}
