/* demo.c - placeholder until the demo builder lands. */
#include "config.h"

#include <errno.h>
#include <string.h>

#include "demo.h"

int demo_prepare(const char *cache_dir, struct demo_files *out, struct stoat_err *e)
{
	memset(out, 0, sizeof(*out));
	return err_set(e, ENOSYS, "the demo is not built yet");
}
