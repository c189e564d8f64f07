/* pxe_text.c - the dnsmasq.conf snippet and README.txt of a boot tree.
 *
 * These are files for the operator and the DHCP server, written in
 * English like the configuration files they sit beside. */
#include "config.h"

#include <errno.h>
#include <limits.h>
#include <stdarg.h>
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "nls.h"
#include "pxe.h"

/* A growing text built with printf. */
struct text {
	char *s;
	size_t len;
	bool failed;
};

/* Append printf-formatted text to t. */
static void add(struct text *t, const char *fmt, ...) __attribute__((format(printf, 2, 3)));
static void add(struct text *t, const char *fmt, ...)
{
	va_list ap;
	char *more, *p;
	int n;

	va_start(ap, fmt);
	n = vasprintf(&more, fmt, ap);
	va_end(ap);
	if (n < 0 || t->failed || !(p = realloc(t->s, t->len + (size_t)n + 1))) {
		if (n >= 0)
			free(more);
		t->failed = true;
		return;
	}
	memcpy(p + t->len, more, (size_t)n + 1);
	t->s = p;
	t->len += (size_t)n;
	free(more);
}

/* Hand t's text over, or fail for memory. */
static int done(struct text *t, char **text, struct stoat_err *e)
{
	if (t->failed || !t->s) {
		free(t->s);
		return err_set(e, ENOMEM, _("out of memory"));
	}
	*text = t->s;
	return 0;
}

/* dir as an absolute path, for tftp-root=. */
static void absdir(const char *dir, char *out, size_t size)
{
	char *r = realpath(dir, NULL);

	snprintf(out, size, "%s", r ? r : dir);
	free(r);
}

/* The dnsmasq.conf snippet. */
int pxe_text_dnsmasq(const char *dir, const char *folder, const struct pxe_opts *o,
		     char **text, struct stoat_err *e)
{
	struct text t = { 0 };
	char root[PATH_MAX];

	absdir(dir, root, sizeof(root));
	add(&t, "# dnsmasq configuration for network booting %s from this tree,\n"
		"# written by stoat pxe. Add it to dnsmasq's configuration (for example\n"
		"# as /etc/dnsmasq.d/esxi.conf) and set the range to your network.\n\n", folder);
	add(&t, "# Either dnsmasq is the DHCP server of the network:\n"
		"#dhcp-range=192.168.1.100,192.168.1.200,12h\n"
		"# or another DHCP server gives the addresses and dnsmasq only the boot file:\n"
		"#dhcp-range=192.168.1.0,proxy\n\n");
	add(&t, "enable-tftp\ntftp-root=%s\n\n", root);
	add(&t, "# The loader is chosen by the client's architecture (DHCP option 93):\n"
		"# 7 and 9 are x86-64 UEFI, which get VMware's mboot.efi; mboot then reads\n"
		"# 01-<mac>/boot.cfg, else boot.cfg, from beside itself.\n"
		"dhcp-match=set:efi-x86_64,option:client-arch,7\n"
		"dhcp-match=set:efi-x86_64,option:client-arch,9\n"
		"dhcp-boot=tag:efi-x86_64,mboot.efi\n");
	if (o->pxelinux)
		add(&t, "# 0 is legacy BIOS, which gets pxelinux (it runs %s/mboot.c32).\n"
			"dhcp-match=set:bios,option:client-arch,0\n"
			"dhcp-boot=tag:bios,pxelinux.0\n", folder);
	else
		add(&t, "# Legacy BIOS clients (architecture 0) are not served: stoat pxe was\n"
			"# run without --pxelinux.\n");
	if (o->http) {
		size_t n = strlen(o->http);
		const char *sl = n && o->http[n - 1] == '/' ? "" : "/";

		add(&t, "\n# UEFI HTTP boot (architecture 16, vendor class HTTPClient): the\n"
			"# firmware fetches mboot.efi from the web server that serves this tree\n"
			"# at %s; mboot reads http/boot.cfg beside it.\n"
			"dhcp-match=set:efi-http,option:client-arch,16\n"
			"dhcp-option-force=tag:efi-http,60,HTTPClient\n"
			"dhcp-boot=tag:efi-http,%s%shttp/mboot.efi\n", o->http, o->http, sl);
	}
	return done(&t, text, e);
}

/* The README.txt of the tree. */
int pxe_text_readme(const struct media *m, const char *dir, const char *folder,
		    const struct pxe_opts *o, char **text, struct stoat_err *e)
{
	struct text t = { 0 };
	char root[PATH_MAX];
	size_t i;

	absdir(dir, root, sizeof(root));
	add(&t, "Network boot tree for %s, written by stoat pxe\n\n", media_title(m));
	add(&t, "What to do next\n"
		"  1. Serve this folder by TFTP as the server's root (dnsmasq: see\n"
		"     dnsmasq.conf, tftp-root=%s).\n"
		"  2. Have DHCP hand x86-64 UEFI clients the boot file mboot.efi.\n", root);
	if (o->ks)
		add(&t, "  3. Put the kickstart at %s; the installer fetches it from there.\n", o->ks);
	else
		add(&t, "  3. For an unattended install, run stoat pxe again with --ks URL\n"
			"     (http://, https:// or nfs://: the installer does not fetch it by TFTP).\n");
	if (o->http)
		add(&t, "  4. Serve this folder at %s too. UEFI HTTP boot: boot URI\n"
			"     %s/http/mboot.efi. iPXE:\n"
			"       chain %s/http/mboot.efi -c %s/http/boot.cfg\n", o->http, o->http, o->http, o->http);
	add(&t, "\nWhat is here\n"
		"  %s/   the media's files, each under its lower-case name and its\n"
		"        upper-case one (a hard link), so either request is served\n"
		"  mboot.efi      VMware's UEFI boot loader (the media's EFI/BOOT/BOOTX64.EFI)\n"
		"  crypto64.efi   its crypto module, where the media has one (7.0 U3 and later)\n"
		"  boot.cfg       what mboot.efi loads: prefix=%s, paths relative to it\n", folder, folder);
	for (i = 0; i < o->n_hosts; i++)
		add(&t, "  01-%s/boot.cfg   for the host with MAC %s only%s%s\n", o->hosts[i].mac,
		    o->hosts[i].mac, o->hosts[i].ks[0] ? ": ks=" : "", o->hosts[i].ks);
	if (o->http)
		add(&t, "  http/          mboot.efi and a boot.cfg whose prefix= is %s\n"
			"                 for UEFI HTTP boot and iPXE\n", o->http);
	if (o->pxelinux)
		add(&t, "  pxelinux.0, pxelinux.cfg/   legacy BIOS clients (pxelinux runs mboot.c32)\n");
	add(&t, "  dnsmasq.conf   a dnsmasq configuration for this tree\n");
	add(&t, "\nSeveral versions can share this folder: run stoat pxe for each; the\n"
		"newest boot loader is kept as mboot.efi, and boot.cfg boots the version\n"
		"written last. Check a tree with: stoat pxe --check %s\n", root);
	if (!o->pxelinux)
		add(&t, "\nLegacy BIOS clients are not served: that needs a pxelinux that can run\n"
			"mboot.c32 (syslinux 4 or older); give it with --pxelinux FILE.\n");
	return done(&t, text, e);
}
