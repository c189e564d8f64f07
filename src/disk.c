/* disk.c - block device discovery. Placeholder: --disk specs only. */
#include "config.h"

#include <errno.h>
#include <string.h>

#include "disk.h"
#include "nls.h"

int disk_spec_parse(const char *arg, struct disk_spec *out, struct stoat_err *e)
{
	static const struct {
		const char *suffix;
		enum disk_transport tr;
	} kinds[] = { { ":usb", TR_USB }, { ":sd", TR_SD }, { ":disk", TR_FILE } };
	size_t len = strlen(arg), i;

	out->transport = TR_FILE;
	for (i = 0; i < sizeof(kinds) / sizeof(kinds[0]); i++) {
		size_t sl = strlen(kinds[i].suffix);

		if (len >= sl && !strcmp(arg + len - sl, kinds[i].suffix)) {
			out->transport = kinds[i].tr;
			len -= sl;
			break;
		}
	}
	if (!len)
		return err_set(e, EINVAL, _("--disk needs a file name"));
	if (len >= sizeof(out->path))
		return err_set(e, ENAMETOOLONG, _("--disk file name is too long"));
	memcpy(out->path, arg, len);
	out->path[len] = '\0';
	return 0;
}
