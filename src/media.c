/* media.c - placeholder until the media reader lands. */
#include "config.h"

#include <errno.h>
#include <stdlib.h>
#include <string.h>

#include "media.h"

int media_open(const char *path, struct media **out, struct stoat_err *e)
{
	*out = NULL;
	return err_set(e, ENOSYS, "the media reader is not built yet");
}

void media_close(struct media *m) { }
const char *media_title(const struct media *m) { return ""; }
const char *media_version(const struct media *m) { return ""; }
int media_major(const struct media *m) { return 0; }
uint64_t media_payload_bytes(const struct media *m) { return 0; }

char *media_eula(struct media *m, struct stoat_err *e)
{
	return NULL;
}
