/* cli_pxe.c - `stoat pxe MEDIA DIR` writes a network boot tree for the
 * ESXi installer; `stoat pxe --check DIR` lists what is wrong with one.
 * The work is done by pxe_write and pxe_check (src/pxe.h). */
#include "config.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "cli.h"
#include "media.h"
#include "nls.h"
#include "pxe.h"

/* `stoat pxe --check DIR`: one line a problem; EXIT_FAIL when any. */
static int pxe_check_cmd(const struct stoat_opts *o)
{
	struct pxe_report r = { 0 };
	struct stoat_err e = { 0 };
	size_t i;
	int rc;

	if (o->n_args != 1) {
		cli_error(_("usage: stoat pxe --check DIR"));
		return EXIT_USAGE;
	}
	if (pxe_check(o->args[0], &r, &e) < 0) {
		cli_error("%s", e.msg);
		pxe_report_free(&r);
		return EXIT_FAIL;
	}
	for (i = 0; i < r.n; i++)
		printf("%s: %s\n", o->args[0], r.line[i]);
	if (!r.n)
		printf(_("%s: no problems found\n"), o->args[0]);
	else
		printf(P_("%s: %zu problem found\n", "%s: %zu problems found\n", r.n), o->args[0], r.n);
	rc = r.n ? EXIT_FAIL : EXIT_OK;
	pxe_report_free(&r);
	return rc;
}

/* The pxe options of o, checked, in po; EXIT_USAGE after saying why. */
static int pxe_options(const struct stoat_opts *o, struct pxe_opts *po, struct pxe_host *hosts)
{
	struct stoat_err e = { 0 };
	unsigned i;

	po->ks = o->ks;
	po->kernelopt = o->kernelopt;
	po->http = o->http;
	po->pxelinux = o->pxelinux;
	po->hosts = hosts;
	po->n_hosts = o->n_macs;
	if (o->ks && pxe_ks_check(o->ks, &e) < 0) {
		cli_error("--ks: %s", e.msg);
		return EXIT_USAGE;
	}
	for (i = 0; i < o->n_macs; i++)
		if (pxe_host_parse(o->macs[i], &hosts[i], &e) < 0) {
			cli_error("--mac: %s", e.msg);
			return EXIT_USAGE;
		}
	if (o->http && strncmp(o->http, "http://", 7) && strncmp(o->http, "https://", 8)) {
		cli_error(_("--http takes the http:// or https:// URL at which DIR is served, not '%s'"), o->http);
		return EXIT_USAGE;
	}
	if (o->pxelinux && access(o->pxelinux, R_OK) < 0) {
		cli_error(_("--pxelinux: cannot read %s"), o->pxelinux);
		return EXIT_USAGE;
	}
	return -1;
}

/* `stoat pxe MEDIA DIR [--ks URL] [--mac MAC[=URL]]... [--http URL]
 * [--kernelopt OPTS] [--pxelinux FILE]`. */
int cli_pxe(const struct stoat_opts *o)
{
	struct pxe_host hosts[CLI_MAX_MACS];
	struct pxe_report r = { 0 };
	struct stoat_err e = { 0 };
	struct pxe_opts po = { 0 };
	struct media *m;
	char folder[200];
	size_t i;
	int rc;

	if (o->check)
		return pxe_check_cmd(o);
	if (o->n_args != 2) {
		cli_error(_("usage: stoat pxe MEDIA DIR [--ks URL] [--mac MAC[=URL]]... [--http URL] [--kernelopt OPTS] [--pxelinux FILE]"));
		return EXIT_USAGE;
	}
	if ((rc = pxe_options(o, &po, hosts)) >= 0)
		return rc;
	if (media_open(o->args[0], &m, &e) < 0) {
		cli_error("%s", e.msg);
		return EXIT_FAIL;
	}
	for (i = 0; i < media_warning_count(m); i++)
		cli_error(_("warning: %s"), media_warning(m, i));
	rc = pxe_folder(m, folder, sizeof(folder), &e);
	if (rc == 0)
		rc = pxe_write(m, o->args[1], &po, &r, &e);
	if (rc < 0) {
		cli_error("%s", e.msg);
		media_close(m);
		pxe_report_free(&r);
		return EXIT_FAIL;
	}
	printf(_("%s: network boot tree for %s written (files in %s/, boot.cfg, mboot.efi, dnsmasq.conf, README.txt)\n"),
	       o->args[1], media_title(m), folder);
	for (i = 0; i < r.n; i++)
		printf(_("note: %s\n"), r.line[i]);
	media_close(m);
	pxe_report_free(&r);
	return EXIT_OK;
}
