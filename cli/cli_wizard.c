/* cli_wizard.c - the wizard as the program runs it: hand it the options it
 * uses, then say its message and reboot when the operator asked. */
#include "config.h"

#include <stdlib.h>

#include "cli.h"
#include "media_find.h"
#include "wizard.h"

/* Run the installer wizard on the command line's options; the exit status. */
int cli_wizard(const struct stoat_opts *o)
{
	const char *skip[CLI_MAX_DISKS];
	struct media_find_opts fo;
	const struct wizard_opts wo = {
		.media = o->media,
		.find = (cli_media_find_opts(o, &fo, skip), &fo),
		.disks = o->disks,
		.n_disks = o->n_disks,
		.only_listed = o->only_listed,
		.layout = o->layout,
		.media_size = o->media_size,
		.novmfsondisk = o->novmfsondisk,
		.boot_options = o->boot_options,
		.nested_template = o->nested_template,
		.legacy_usb = o->legacy_usb,
		.dry_run = o->dry_run,
		.allow_no_uefi = o->allow_no_uefi,
		.no_boot_entry = o->no_boot_entry,
		.efi_dir = getenv("STOAT_EFI_DIR"),
		.no_reboot = o->no_reboot,
		.demo = o->demo,
		.no_color = o->no_color,
		.no_verify = o->no_verify,
		.eula = o->eula,
		.log = o->log,
	};
	struct wizard_result r = { 0 };
	int status = wizard_run(&wo, &r);

	if (r.msg[0])
		cli_error("%s", r.msg);
	if (r.reboot && cli_reboot() != EXIT_OK)
		status = EXIT_FAIL;
	return status;
}
