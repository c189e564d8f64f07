/* pxe.h - network boot trees for the ESXi installer (stoat pxe).
 *
 * pxe_write lays out install media for UEFI network boot as VMware's PXE
 * guide describes it, in a folder DIR that a TFTP server serves as its
 * root:
 *   DIR/esxi-VERSION/   the media's files; every file under its lower-case
 *                       name (what boot.cfg and the loaders ask for) and its
 *                       upper-case one (the ISO's), the second a hard link
 *                       (a copy where the file system has none), folders
 *                       made in both cases: any TFTP server serves that,
 *                       whatever its policy on symbolic links
 *   DIR/mboot.efi       the media's EFI/BOOT/BOOTX64.EFI, and crypto64.efi
 *                       beside it where the media has one; with several
 *                       versions in DIR, those of the newest
 *   DIR/boot.cfg        prefix= the version folder, paths without '/',
 *                       no cdromBoot, ks= and the extra kernel options
 *   DIR/01-aa-bb-cc-dd-ee-ff/boot.cfg   per host (the loader tries it first)
 *   DIR/http/           with an HTTP URL: mboot.efi, crypto64.efi and
 *                       boot.cfg (prefix= the URL) for UEFI HTTP boot or
 *                       iPXE; mboot reads the boot.cfg next to itself
 *   DIR/pxelinux.0, DIR/pxelinux.cfg/   with a pxelinux for BIOS clients
 *   DIR/dnsmasq.conf, DIR/README.txt
 * pxe_check reads a tree (hand-made ones too) and lists its problems. */
#ifndef STOAT_PXE_H
#define STOAT_PXE_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "err.h"
#include "media.h"

#define PXE_MAX_HOSTS 64
#define PXE_URL_MAX 512

/* One host with a boot.cfg of its own. */
struct pxe_host {
	char mac[18];			/* "aa-bb-cc-dd-ee-ff" */
	char ks[PXE_URL_MAX];		/* its kickstart URL, "" for the common one */
};

/* How far pxe_write is: bytes of the media's files copied so far. */
struct pxe_progress {
	uint64_t done, total;
	const char *file;		/* the file being copied, NULL when done */
};

struct pxe_opts {
	const char *ks;			/* kickstart URL or NULL */
	const char *kernelopt;		/* extra kernel options or NULL */
	const struct pxe_host *hosts;
	size_t n_hosts;
	const char *http;		/* URL at which DIR is served, or NULL */
	const char *pxelinux;		/* a pxelinux.0 for BIOS clients, or NULL */
	/* Called while the media's files are copied (at most four times a
	 * second, and once at the end); may be NULL. */
	void (*progress)(void *ctx, const struct pxe_progress *p);
	void *ctx;
};

/* Sentences for the operator: what pxe_write chose, or what pxe_check
 * found wrong (one problem a line). Translated. */
struct pxe_report {
	char **line;
	size_t n, cap;
};
void pxe_report_free(struct pxe_report *r);

/* Parse "AA:BB:CC:DD:EE:FF" (or with '-') into host->mac and, after an
 * '=', the host's kickstart URL (checked as pxe_ks_check does). 0 or
 * -EINVAL with e filled. */
int pxe_host_parse(const char *spec, struct pxe_host *host, struct stoat_err *e);

/* Whether url is a kickstart location the ESXi installer can fetch over
 * the network (http://, https://, nfs://); -EINVAL with e saying why
 * not (a file, TFTP, ...). */
int pxe_ks_check(const char *url, struct stoat_err *e);

/* The name of the version folder for media m ("esxi-8.0.3-24022510");
 * -ENOENT with e filled when the media's version is not known. */
int pxe_folder(const struct media *m, char *out, size_t size, struct stoat_err *e);

/* Write the boot tree for m into dir (made if need be; what is there
 * from other versions stays). Notes for the operator go to r. */
int pxe_write(struct media *m, const char *dir, const struct pxe_opts *o,
	      struct pxe_report *r, struct stoat_err *e);

/* Check the tree in dir; each problem is one line of r. 0 when dir could
 * be read (r->n problems), -errno with e filled when not. */
int pxe_check(const char *dir, struct pxe_report *r, struct stoat_err *e);

/* Shared by pxe.c and pxe_check.c. */
int pxe_report_add(struct pxe_report *r, struct stoat_err *e, const char *fmt, ...)
	__attribute__((format(printf, 3, 4)));
/* The dnsmasq.conf and README.txt of a tree (pxe_text.c), malloc'd. */
int pxe_text_dnsmasq(const char *dir, const char *folder, const struct pxe_opts *o,
		     char **text, struct stoat_err *e);
int pxe_text_readme(const struct media *m, const char *dir, const char *folder,
		    const struct pxe_opts *o, char **text, struct stoat_err *e);
/* Compare two version strings ("7.0.3-0.55.20328353") field by number. */
int pxe_version_cmp(const char *a, const char *b);
/* Whether version v is 7.0 Update 3 or later (mboot wants crypto64.efi). */
bool pxe_needs_crypto(const char *v);

#endif
