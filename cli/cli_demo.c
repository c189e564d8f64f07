/* cli_demo.c - --demo: build (once) the sample media and demo disk images,
 * then run the wizard on them only, never rebooting. The sample media carry
 * no boot loader (stoat ships none of VMware's), so the demo installs
 * without one, as --allow-no-uefi does, and Confirm says so. */
#include "config.h"

#include "cli.h"
#include "demo.h"
#include "nls.h"

int cli_demo(struct stoat_opts *o)
{
	struct demo_files df;
	struct stoat_err e = { 0 };
	unsigned i;

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
	return cli_wizard(o);
}
