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

/* --- placeholders until the planner lands --- */
uint64_t layout_min_bytes(enum layout_profile profile, bool is_flash)
{
	return 910ull << 20;
}

int layout_plan(uint64_t size_bytes, unsigned sector_size, bool is_flash,
		enum layout_profile profile, const struct layout_opts *opts,
		struct layout *out, struct stoat_err *e)
{
	return err_set(e, ENOSYS, "the layout planner is not built yet");
}

size_t layout_format(const struct layout *l, char *buf, size_t size)
{
	if (size)
		buf[0] = '\0';
	return 0;
}

enum layout_profile layout_profile_for_version(const char *version)
{
	return version && version[0] == '6' ? LAYOUT_ESXI6 : LAYOUT_ESXI7;
}

const char *layout_profile_name(enum layout_profile p)
{
	return p == LAYOUT_ESXI6 ? "esxi6" : p == LAYOUT_ESXI7 ? "esxi7" : "auto";
}

const char *layout_role_label(enum layout_role role)
{
	return "";
}
