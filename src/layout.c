/* layout.c - the ESXi partition layouts. Placeholder: names only. */
#include "config.h"

#include <errno.h>
#include <string.h>

#include "layout.h"

int layout_profile_parse(const char *s, enum layout_profile *out)
{
	if (!strcmp(s, "esxi6"))
		*out = LAYOUT_ESXI6;
	else if (!strcmp(s, "esxi7"))
		*out = LAYOUT_ESXI7;
	else
		return -EINVAL;
	return 0;
}

int layout_media_size_parse(const char *s, enum layout_media_size *out)
{
	static const char *const names[] = { "default", "min", "small", "max" };
	unsigned i;

	for (i = 0; i < sizeof(names) / sizeof(names[0]); i++)
		if (!strcmp(s, names[i])) {
			*out = (enum layout_media_size)i;
			return 0;
		}
	return -EINVAL;
}
