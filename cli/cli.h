/* cli.h - the parsed command line, shared by every front end.
 *
 * main.c parses one option table into struct stoat_opts and hands it to the
 * subcommand. cli/ is the program: the only place that prints to stdout and
 * stderr, exits or reboots. Neither the backend (src/) nor the wizard (ui/)
 * includes this header. */
#ifndef STOAT_CLI_H
#define STOAT_CLI_H

#include <stdbool.h>
#include <stdint.h>

#include "disk.h"
#include "layout.h"

#define CLI_MAX_DISKS 32
#define CLI_MAX_ARGS 8

/* Exit statuses. */
enum { EXIT_OK = 0, EXIT_FAIL = 1, EXIT_USAGE = 2 };

struct stoat_opts {
	/* global */
	const char *media;
	struct disk_spec disks[CLI_MAX_DISKS];
	unsigned n_disks;
	bool only_listed;
	enum layout_profile layout;	/* LAYOUT_AUTO unless --layout */
	bool legacy_usb, dry_run, no_reboot, no_color, demo, allow_no_uefi, no_boot_entry;
	bool reset;			/* --demo --reset: demo files afresh */
	const char *lang, *log, *eula;
	/* list-disks */
	bool json, all;
	/* plan */
	uint64_t size;
	unsigned sector_size;		/* 0: 512 */
	bool flash, novmfsondisk;
	enum layout_media_size media_size;
	/* install */
	const char *kickstart;
	bool check;
	/* flash / backup */
	bool yes, no_verify, used, force;
	/* mkstick */
	const char *ks;
	/* positional arguments after the subcommand */
	const char *cmd;
	const char *args[CLI_MAX_ARGS];
	unsigned n_args;
};

/* Print "stoat: " + message to stderr (one line). */
void cli_error(const char *fmt, ...) __attribute__((format(printf, 1, 2)));

/* Before a device is overwritten: with --yes 1 at once; else, on a
 * terminal, name the device (vendor, model, size, serial) on stderr, show
 * prompt and read the answer: 1 for "yes", 0 for anything else; -1 when
 * stdin is no terminal (nothing asked). */
int cli_ask_overwrite(const struct stoat_opts *o, const struct disk *d, const char *prompt);

/* Flush, sync and exec /sbin/reboot; returns EXIT_FAIL, having said why,
 * only when that cannot start. */
int cli_reboot(void);

/* Run the installer wizard on the options; say its message, reboot when
 * the operator asked. Returns the exit status. */
int cli_wizard(const struct stoat_opts *o);
int cli_list_disks(const struct stoat_opts *o);
int cli_plan(const struct stoat_opts *o);
int cli_install(const struct stoat_opts *o);
int cli_flash(const struct stoat_opts *o);
int cli_backup(const struct stoat_opts *o);
int cli_mkstick(const struct stoat_opts *o);
int cli_demo(struct stoat_opts *o);	/* prepares demo files, runs wizard */

#endif
