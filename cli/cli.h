/* cli.h - the parsed command line, shared by every front end.
 *
 * main.c parses one option table into struct stoat_opts and hands it to the
 * subcommand. cli/ is the program: the only place that prints to stdout and
 * stderr, exits or reboots. Neither the backend (src/) nor the wizard (ui/)
 * includes this header. */
#ifndef STOAT_CLI_H
#define STOAT_CLI_H

#include <stdbool.h>
#include <stddef.h>
#include <stdio.h>
#include <stdint.h>

#include "bootopts.h"
#include "disk.h"
#include "kickstart.h"
#include "layout.h"

#define CLI_MAX_DISKS 32
#define CLI_MAX_ARGS 17	/* flash IMAGE and up to 16 devices */
#define CLI_MAX_MACS 64

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
	const char *boot_options;	/* --boot-options, validated */
	bool nested_template;
	/* list-disks */
	bool json, all;
	/* plan */
	uint64_t size;
	unsigned sector_size;		/* 0: 512 */
	bool flash, novmfsondisk;
	enum layout_media_size media_size;
	const char *osdata;		/* --osdata ram|flash|DISK, or NULL */
	/* install */
	const char *kickstart;
	bool check;
	/* flash / backup */
	bool yes, no_verify, used, force;
	/* probe; install --probe */
	bool write, probe;
	/* pxe */
	const char *ks, *kernelopt, *http, *pxelinux;
	const char *macs[CLI_MAX_MACS];
	unsigned n_macs;
	bool new_identity, drop_datastore, inspect;
	/* positional arguments after the subcommand */
	const char *cmd;
	const char *args[CLI_MAX_ARGS];
	unsigned n_args;
};

/* JSON members on stdout: "key":"value" (escaped; bytes that are not
 * UTF-8 become U+FFFD) with a comma after it when comma is set, and
 * "key":true|false, and "key":number, each followed by a comma. */
void cli_json_str(const char *key, const char *v, bool comma);
void cli_json_bool(const char *key, bool v);
void cli_json_u64(const char *key, uint64_t v);
/* The boot options of a run (bootopts.h), read in their order: the
 * media's kernelopt (m may be NULL), --system-media-size unless default,
 * --boot-options, the kickstart's bootoption lines (ks may be NULL), and
 * --nested-template or bootoption --nested-template. 0 or -errno. */
int cli_bootopts(const struct stoat_opts *o, const struct kickstart *ks, struct media *m,
		 struct bootopts *bo, struct stoat_err *e);

/* Print "stoat: " + message to stderr (one line). */
void cli_error(const char *fmt, ...) __attribute__((format(printf, 1, 2)));

/* True when a typed answer is "yes" or its translation, in any case. */
bool cli_is_yes(const char *answer);
/* Catch SIGINT, SIGTERM, SIGHUP and SIGPIPE into a flag, without
 * SA_RESTART so that a question being asked returns at once (on true, which
 * also clears the flag); or give them back (on false). */
void cli_catch_signals(bool on);

/* The signal caught since cli_catch_signals(true), in words ("Ctrl-C
 * (SIGINT)"), or NULL when none was. */
const char *cli_signal_cause(void);

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
int cli_pxe(const struct stoat_opts *o);
int cli_inspect(const struct stoat_opts *o);
struct inspect_result;
/* Print what inspect found: for people, or one JSON object (json). */
void cli_inspect_print(const struct inspect_result *r, bool json);
int cli_mkstick(const struct stoat_opts *o);
int cli_demo(struct stoat_opts *o);	/* prepares demo files, runs wizard */
int cli_list_media(const struct stoat_opts *o);
int cli_probe(const struct stoat_opts *o);

/* Probe dev writing only inside the n areas a (none: read only), with
 * progress on stderr; held: the caller holds dev open exclusively (a
 * flash). 0 or -errno with e filled (cli_probe.c). */
struct probe_area;
struct probe_result;
struct stoat_err;
int cli_probe_run(const char *dev, const struct probe_area *a, size_t n, bool held,
		  struct probe_result *r, struct stoat_err *e);
/* The probe's result for people, one line each. */
void cli_probe_print(FILE *out, const struct probe_result *r);

/* Where media discovery looks (cli_media.c): the environment's stand-ins
 * for /sys, /dev and the mount table, the --disk files left out. skip
 * must hold CLI_MAX_DISKS pointers. */
struct media_find_opts;
void cli_media_find_opts(const struct stoat_opts *o, struct media_find_opts *fo,
			 const char **skip);

#endif
