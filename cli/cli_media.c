/* cli_media.c - `stoat list-media [--all]`: the install media the wizard
 * would find with no --media (src/media_find.c), one per line:
 *
 *     PATH <tab> KIND <tab> TITLE <tab> VERSION <tab> NOTE
 *
 * KIND is optical, device, folder or file; NOTE is empty for media that
 * can be installed and, with --all, says why the others cannot. The
 * environment variables STOAT_MEDIA_SYSFS, STOAT_MEDIA_DEV and
 * STOAT_MEDIA_MOUNTINFO put fixture trees in place of /sys, /dev and
 * /proc/self/mountinfo (for tests), here and in the wizard. */
#include "config.h"

#include <stdio.h>
#include <stdlib.h>

#include "cli.h"
#include "media_find.h"
#include "nls.h"

/* Where the search looks: the environment's stand-ins, and the --disk
 * image files left out. skip must hold CLI_MAX_DISKS pointers. */
void cli_media_find_opts(const struct stoat_opts *o, struct media_find_opts *fo,
			 const char **skip)
{
	unsigned i;

	for (i = 0; i < o->n_disks; i++)
		skip[i] = o->disks[i].path;
	*fo = (struct media_find_opts){
		.sysfs_root = getenv("STOAT_MEDIA_SYSFS"),
		.dev_root = getenv("STOAT_MEDIA_DEV"),
		.mountinfo = getenv("STOAT_MEDIA_MOUNTINFO"),
		.skip = skip,
		.n_skip = o->n_disks,
	};
}

/* stoat list-media [--all]: exit 0 when install media was found, 1 when
 * none was. */
int cli_list_media(const struct stoat_opts *o)
{
	const char *skip[CLI_MAX_DISKS];
	struct media_find_opts fo;
	struct media_found_list l;
	struct stoat_err e = { 0 };
	size_t i;

	if (o->n_args) {
		cli_error(_("list-media takes no operands, but got '%s'"), o->args[0]);
		return EXIT_USAGE;
	}
	cli_media_find_opts(o, &fo, skip);
	if (media_find(&fo, &l, &e) < 0) {
		cli_error("%s", e.msg);
		return EXIT_FAIL;
	}
	for (i = 0; i < l.n; i++)
		if (l.v[i].usable || o->all)
			printf("%s\t%s\t%s\t%s\t%s\n", l.v[i].path,
			       media_found_kind_name(l.v[i].kind), l.v[i].title,
			       l.v[i].version, l.v[i].why);
	if (l.cut)
		cli_error(_("the search stopped early (time or file limit): name the media with --media PATH"));
	if (!l.n_usable)
		cli_error(_("no ESXi install media found: insert the CD or USB stick, or name it with --media PATH"));
	i = l.n_usable;
	media_found_free(&l);
	if (fflush(stdout) != 0) {
		cli_error(_("cannot write the list of media"));
		return EXIT_FAIL;
	}
	return i ? EXIT_OK : EXIT_FAIL;
}
