/* disk.c - block device discovery. Placeholder: --disk specs only. */
#include "config.h"

#include <errno.h>
#include <stdlib.h>
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

/* --- placeholders until discovery lands --- */
int disk_scan(const struct disk_scan_opts *opts, struct disk_list *list,
	      struct stoat_err *e)
{
	list->v = NULL;
	list->n = 0;
	return err_set(e, ENOSYS, "disk discovery is not built yet");
}

void disk_list_free(struct disk_list *list)
{
	free(list->v);
	list->v = NULL;
	list->n = 0;
}

int disk_probe_one(const struct disk_scan_opts *opts, const char *path,
		   struct disk *out, struct stoat_err *e)
{
	return err_set(e, ENOSYS, "disk discovery is not built yet");
}

bool disk_is_flash(const struct disk *d)
{
	return d->transport == TR_USB || d->transport == TR_SD;
}

const char *disk_transport_name(enum disk_transport t)
{
	return "unknown";
}

const char *disk_verdict_name(enum disk_verdict v)
{
	return "unknown";
}

void disk_format_size(uint64_t bytes, char *buf, size_t size)
{
	if (size)
		buf[0] = '\0';
}
