/* cli_demo.c - --demo: build (once) the sample media and demo disk images,
 * then run the wizard on them only, never rebooting. The sample media carry
 * no boot loader (stoat ships none of VMware's), so the demo installs
 * without one, as --allow-no-uefi does, and Confirm says so. --reset first
 * removes what an earlier demo made, so every disk image starts empty.
 * Where the files live is said before the wizard starts and after it ends. */
#include "config.h"

#include <stdio.h>

#include "cli.h"
#include "demo.h"
#include "nls.h"

int cli_demo(struct stoat_opts *o)
{
	struct demo_files df;
	struct stoat_err e = { 0 };
	char dir[4096];
	unsigned i;
	int rc;

	if (o->reset && demo_reset(NULL, dir, sizeof(dir), &e) < 0) {
		cli_error(_("cannot reset the demo: %s"), e.msg);
		return EXIT_FAIL;
	}
	if (demo_prepare(NULL, &df, &e) < 0) {
		cli_error(_("cannot prepare the demo: %s"), e.msg);
		return EXIT_FAIL;
	}
	o->media = df.media;
	o->n_disks = 0;
	for (i = 0; i < df.n_disks && i < CLI_MAX_DISKS; i++) {
		if (disk_spec_parse(df.disks[i], &o->disks[o->n_disks], &e) < 0) {
			cli_error(_("demo disk %s: %s"), df.disks[i], e.msg);
			return EXIT_FAIL;
		}
		o->n_disks++;
	}
	o->only_listed = true;
	o->no_reboot = true;
	o->allow_no_uefi = true;
	printf(o->reset ? _("Demo: the sample media and disk images in %s were made afresh.\n")
	       : _("Demo: the sample media and disk images are in %s.\n"), df.dir);
	fflush(stdout);
	rc = cli_wizard(o);
	printf(_("Demo: the disk images stay in %s; stoat --demo --reset makes them afresh.\n"), df.dir);
	return rc;
}
