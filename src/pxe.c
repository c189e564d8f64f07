/* pxe.c - write a network boot tree from install media (see pxe.h). */
#include "config.h"

#include <ctype.h>
#include <dirent.h>
#include <errno.h>
#include <fcntl.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <sys/stat.h>
#include <unistd.h>

#include "array.h"
#include "bootcfg.h"
#include "io.h"
#include "nls.h"
#include "pace.h"
#include "pxe.h"

#define PXE_PATH_MAX 4096

/* Add one printf-formatted line to r; -ENOMEM with e filled. */
int pxe_report_add(struct pxe_report *r, struct stoat_err *e, const char *fmt, ...)
{
	char **v, *s;
	va_list ap;
	int n;

	va_start(ap, fmt);
	n = vasprintf(&s, fmt, ap);
	va_end(ap);
	if (n < 0)
		return err_set(e, ENOMEM, _("out of memory"));
	if (!(v = array_grow(r->line, r->n, &r->cap, sizeof(*v), 16))) {
		free(s);
		return err_set(e, ENOMEM, _("out of memory"));
	}
	r->line = v;
	r->line[r->n++] = s;
	return 0;
}

/* Free the lines of r; it is empty afterwards. */
void pxe_report_free(struct pxe_report *r)
{
	size_t i;

	for (i = 0; i < r->n; i++)
		free(r->line[i]);
	free(r->line);
	memset(r, 0, sizeof(*r));
}

/* Whether url is one the ESXi installer fetches a kickstart from. */
int pxe_ks_check(const char *url, struct stoat_err *e)
{
	static const char *const ok[] = { "http://", "https://", "nfs://" };
	size_t i;

	for (i = 0; i < sizeof(ok) / sizeof(ok[0]); i++)
		if (!strncasecmp(url, ok[i], strlen(ok[i])) && url[strlen(ok[i])])
			break;
	if (i < sizeof(ok) / sizeof(ok[0])) {
		if (strlen(url) >= PXE_URL_MAX || strpbrk(url, " \t\n"))
			return err_set(e, EINVAL, _("the kickstart URL '%s' is too long or has blanks, which kernel options cannot carry"),
				       url);
		return 0;
	}
	if (!strncasecmp(url, "tftp://", 7))
		return err_set(e, EINVAL, _("'%s': the ESXi installer fetches a kickstart by http://, https:// or nfs://, not by TFTP; put the file on a web or NFS server and give its URL"),
			       url);
	if (!strstr(url, "://"))
		return err_set(e, EINVAL, _("'%s' is a file, not a URL: a network-booted ESXi installer fetches its kickstart by http://, https:// or nfs:// (not TFTP); put the file on a web or NFS server and give its URL"),
			       url);
	return err_set(e, EINVAL, _("'%s': the ESXi installer fetches a network kickstart only by http://, https:// or nfs://"),
		       url);
}

/* Parse MAC[=URL] into host. */
int pxe_host_parse(const char *spec, struct pxe_host *host, struct stoat_err *e)
{
	const char *eq = strchr(spec, '='), *s = spec;
	size_t i, n = 0;

	memset(host, 0, sizeof(*host));
	for (i = 0; i < 6; i++) {
		if (!isxdigit((unsigned char)s[0]) || !isxdigit((unsigned char)s[1]))
			break;
		host->mac[n++] = (char)tolower((unsigned char)s[0]);
		host->mac[n++] = (char)tolower((unsigned char)s[1]);
		s += 2;
		if (i < 5) {
			if (*s != ':' && *s != '-')
				break;
			host->mac[n++] = '-';
			s++;
		}
	}
	if (i < 6 || (*s && *s != '='))
		return err_set(e, EINVAL, _("'%s' is not a MAC address of the form AA:BB:CC:DD:EE:FF[=KICKSTART_URL]"),
			       spec);
	if (!eq)
		return 0;
	if (pxe_ks_check(eq + 1, e) < 0)
		return -EINVAL;
	snprintf(host->ks, sizeof(host->ks), "%s", eq + 1);
	return 0;
}

/* Compare version strings field by field, numbers as numbers. */
int pxe_version_cmp(const char *a, const char *b)
{
	while (*a || *b) {
		if (isdigit((unsigned char)*a) && isdigit((unsigned char)*b)) {
			char *ea, *eb;
			unsigned long long x = strtoull(a, &ea, 10), y = strtoull(b, &eb, 10);

			if (x != y)
				return x < y ? -1 : 1;
			a = ea;
			b = eb;
			continue;
		}
		if (*a != *b)
			return (unsigned char)*a < (unsigned char)*b ? -1 : 1;
		a++;
		b++;
	}
	return 0;
}

/* Whether v is 7.0 Update 3 (7.0.3) or later. */
bool pxe_needs_crypto(const char *v)
{
	return isdigit((unsigned char)v[0]) && pxe_version_cmp(v, "7.0.3") >= 0;
}

/* The version folder's name. */
int pxe_folder(const struct media *m, char *out, size_t size, struct stoat_err *e)
{
	const char *v = media_version(m);
	size_t i, n;

	if (!v[0]) {
		char why[400];

		media_version_why(m, why, sizeof(why));
		return err_set(e, ENOENT, _("the media's version is not known, and the boot tree's folder is named after it: %s"),
			       why);
	}
	n = (size_t)snprintf(out, size, "esxi-%s", v);
	if (n >= size)
		return err_set(e, ENAMETOOLONG, _("the media's version '%s' is too long for a folder name"), v);
	for (i = 0; i < n; i++)
		if (!isalnum((unsigned char)out[i]) && !strchr(".-_", out[i]))
			out[i] = '_';
	return 0;
}

/* Make path and its parents (like mkdir -p). */
static int mkdirs(const char *path, struct stoat_err *e)
{
	char tmp[PXE_PATH_MAX];
	char *p;

	if (snprintf(tmp, sizeof(tmp), "%s", path) >= (int)sizeof(tmp))
		return err_set(e, ENAMETOOLONG, _("%s: the path is too long"), path);
	for (p = tmp + 1; ; p++) {
		if (*p != '/' && *p)
			continue;
		char c = *p;

		*p = '\0';
		if (mkdir(tmp, 0755) < 0 && errno != EEXIST)
			return err_set(e, errno, _("cannot make the folder %s: %s"), tmp, strerror(errno));
		if (!(*p = c))
			break;
	}
	return 0;
}

/* Make the folders that hold file path. */
static int mkparent(const char *path, struct stoat_err *e)
{
	char tmp[PXE_PATH_MAX];
	char *slash;

	snprintf(tmp, sizeof(tmp), "%s", path);
	if (!(slash = strrchr(tmp, '/')) || slash == tmp)
		return 0;
	*slash = '\0';
	return mkdirs(tmp, e);
}

/* Create path afresh for writing (an old file, or a hard link another
 * name shares, is unlinked first, so the other name keeps its bytes). */
static int create(const char *path, struct stoat_err *e)
{
	int fd;

	if (mkparent(path, e) < 0)
		return -errno;
	if (unlink(path) < 0 && errno != ENOENT)
		return err_set(e, errno, _("cannot replace %s: %s"), path, strerror(errno));
	fd = open(path, O_WRONLY | O_CREAT | O_EXCL | O_CLOEXEC | O_NOFOLLOW, 0644);
	if (fd < 0)
		return err_set(e, errno, _("cannot create %s: %s"), path, strerror(errno));
	return fd;
}

/* Write len bytes of text to the file path (made afresh). */
static int write_file(const char *path, const void *text, size_t len, struct stoat_err *e)
{
	int fd = create(path, e), rc;

	if (fd < 0)
		return fd;
	rc = io_write_all(fd, text, len);
	if (close(fd) < 0 && rc == 0)
		rc = -errno;
	if (rc < 0)
		return err_set(e, -rc, _("cannot write %s: %s"), path, strerror(-rc));
	return 0;
}

/* Make dst name the same file as src: a hard link, or a copy where the
 * file system has none. */
static int link_or_copy(const char *src, const char *dst, struct stoat_err *e)
{
	char buf[65536];
	ssize_t n;
	int in, out, rc = 0;

	if (mkparent(dst, e) < 0)
		return -EIO;
	if (unlink(dst) < 0 && errno != ENOENT)
		return err_set(e, errno, _("cannot replace %s: %s"), dst, strerror(errno));
	if (link(src, dst) == 0)
		return 0;
	if ((in = open(src, O_RDONLY | O_CLOEXEC)) < 0)
		return err_set(e, errno, _("cannot read %s: %s"), src, strerror(errno));
	if ((out = create(dst, e)) < 0) {
		close(in);
		return out;
	}
	while (rc == 0 && (n = io_read_all(in, buf, sizeof(buf))) > 0)
		rc = io_write_all(out, buf, (size_t)n);
	if (rc == 0 && n < 0)
		rc = (int)n;
	close(in);
	if (close(out) < 0 && rc == 0)
		rc = -errno;
	if (rc < 0)
		return err_set(e, -rc, _("cannot copy %s to %s: %s"), src, dst, strerror(-rc));
	return 0;
}

/* s in lower (upper) case into out. */
static void recase(char *out, size_t size, const char *s, bool upper)
{
	size_t i;

	for (i = 0; i + 1 < size && s[i]; i++)
		out[i] = (char)(upper ? toupper((unsigned char)s[i]) : tolower((unsigned char)s[i]));
	out[i] = '\0';
}

/* The copy of the media's files into the version folder. */
struct copy_ctx {
	char base[PXE_PATH_MAX];	/* DIR/esxi-VERSION */
	char name[1024];		/* the file being copied, as on the media */
	int fd;
	size_t files;
	const struct pxe_opts *o;	/* its progress callback */
	struct pxe_progress prog;
	double last;			/* when progress was last reported */
};

/* Report progress to o->progress, at most four times a second unless
 * forced. */
static void copy_report(struct copy_ctx *c, bool force)
{
	if (!c->o->progress || !pace_due(&c->last, force))
		return;
	c->o->progress(c->o->ctx, &c->prog);
}

/* Start a file: create it under its lower-case name. */
static int copy_begin(void *vctx, const char *name, uint64_t size, struct stoat_err *e)
{
	struct copy_ctx *c = vctx;
	char lower[1024], path[PXE_PATH_MAX + 1024];

	recase(lower, sizeof(lower), name, false);
	snprintf(c->name, sizeof(c->name), "%s", name);
	c->prog.file = c->name;
	copy_report(c, false);
	snprintf(path, sizeof(path), "%s/%s", c->base, lower);
	c->fd = create(path, e);
	return c->fd < 0 ? c->fd : 1;
}

/* Write the file's bytes. */
static int copy_data(void *vctx, const void *buf, size_t len, struct stoat_err *e)
{
	struct copy_ctx *c = vctx;
	int rc = io_write_all(c->fd, buf, len);

	if (rc < 0)
		return err_set(e, -rc, _("cannot write %s/%s: %s"), c->base, c->name, strerror(-rc));
	c->prog.done += len;
	copy_report(c, false);
	return 0;
}

/* End a file: close it and give it its upper-case name too. */
static int copy_end(void *vctx, struct stoat_err *e)
{
	struct copy_ctx *c = vctx;
	char lower[1024], upper[1024], lp[PXE_PATH_MAX + 1024], up[PXE_PATH_MAX + 1024];
	int rc = close(c->fd);

	c->fd = -1;
	if (rc < 0)
		return err_set(e, errno, _("cannot write %s/%s: %s"), c->base, c->name, strerror(errno));
	c->files++;
	recase(lower, sizeof(lower), c->name, false);
	recase(upper, sizeof(upper), c->name, true);
	if (!strcmp(lower, upper))
		return 0;
	snprintf(lp, sizeof(lp), "%s/%s", c->base, lower);
	snprintf(up, sizeof(up), "%s/%s", c->base, upper);
	return link_or_copy(lp, up, e);
}

/* The PXE boot.cfg of m: prefix, paths without '/', no cdromBoot, ks= and
 * the extra options; rendered into a malloc'd *text. */
static int make_cfg(const struct media *m, const char *prefix, const char *ks,
		    const char *kernelopt, char **text, struct stoat_err *e)
{
	struct bootcfg *b = malloc(sizeof(*b));
	const struct media_item *it;
	size_t n = media_items(m, &it), i, len;
	char opt[BOOTCFG_OPT_MAX], *save = NULL, *w;
	int rc = 0;

	if (!b)
		return err_set(e, ENOMEM, _("out of memory"));
	*b = *media_bootcfg(m);
	b->bootstate = 0;
	snprintf(b->prefix, sizeof(b->prefix), "%s", prefix);
	/* The media's items are kernel and modules in boot.cfg's order, by
	 * their names on the media: those are the names in the folder. */
	for (i = 0; i < n && i <= b->n_modules; i++) {
		char *dst = i ? b->modules[i - 1] : b->kernel;
		char lower[BOOTCFG_NAME_MAX];

		recase(lower, sizeof(lower), it[i].src, false);
		snprintf(dst, BOOTCFG_NAME_MAX, "%s%s%s", lower, it[i].args[0] ? " " : "", it[i].args);
	}
	bootcfg_kopt_remove(b->kernelopt, "cdromBoot");
	snprintf(opt, sizeof(opt), "%s", kernelopt ? kernelopt : "");
	for (w = strtok_r(opt, " \t", &save); w && rc == 0; w = strtok_r(NULL, " \t", &save))
		rc = bootcfg_kopt_add(b->kernelopt, sizeof(b->kernelopt), w);
	if (rc == 0 && ks && *ks) {
		snprintf(opt, sizeof(opt), "ks=%s", ks);
		rc = bootcfg_kopt_add(b->kernelopt, sizeof(b->kernelopt), opt);
	}
	if (rc < 0) {
		free(b);
		return err_set(e, ENOSPC, _("the kernel options do not fit in boot.cfg's %d characters"),
			       BOOTCFG_OPT_MAX - 1);
	}
	len = bootcfg_format(b, NULL, 0) + 1;
	if ((*text = malloc(len)))
		bootcfg_format(b, *text, len);
	free(b);
	return *text ? 0 : err_set(e, ENOMEM, _("out of memory"));
}

/* Write a PXE boot.cfg of m to path. */
static int put_cfg(const struct media *m, const char *path, const char *prefix,
		   const char *ks, const char *kernelopt, struct stoat_err *e)
{
	char *text = NULL;
	int rc = make_cfg(m, prefix, ks, kernelopt, &text, e);

	if (rc == 0)
		rc = write_file(path, text, strlen(text), e);
	free(text);
	return rc;
}

/* The newest version folder of dir that has a UEFI loader, in best
 * (its name); how many such folders there are. */
static size_t newest_folder(const char *dir, char *best, size_t size)
{
	DIR *d = opendir(dir);
	struct dirent *de;
	size_t n = 0;
	char p[PXE_PATH_MAX + 300];

	best[0] = '\0';
	if (!d)
		return 0;
	while ((de = readdir(d))) {
		if (strncmp(de->d_name, "esxi-", 5))
			continue;
		snprintf(p, sizeof(p), "%s/%s/efi/boot/bootx64.efi", dir, de->d_name);
		if (access(p, R_OK) < 0)
			continue;
		n++;
		if (!best[0] || pxe_version_cmp(de->d_name + 5, best + 5) > 0)
			snprintf(best, size, "%s", de->d_name);
	}
	closedir(d);
	return n;
}

/* Put the loader (and crypto64.efi, or none) of folder src at dst/. */
static int put_loader(const char *dir, const char *src, const char *dst, struct stoat_err *e)
{
	char from[PXE_PATH_MAX + 300], to[PXE_PATH_MAX + 300];
	int rc;

	snprintf(from, sizeof(from), "%s/%s/efi/boot/bootx64.efi", dir, src);
	snprintf(to, sizeof(to), "%s/mboot.efi", dst);
	if ((rc = link_or_copy(from, to, e)) < 0)
		return rc;
	snprintf(from, sizeof(from), "%s/%s/efi/boot/crypto64.efi", dir, src);
	snprintf(to, sizeof(to), "%s/crypto64.efi", dst);
	if (access(from, R_OK) == 0)
		return link_or_copy(from, to, e);
	if (unlink(to) < 0 && errno != ENOENT)
		return err_set(e, errno, _("cannot remove %s: %s"), to, strerror(errno));
	return 0;
}

/* base/boot.cfg and base/01-<mac>/boot.cfg for each host, with prefix. */
static int put_cfgs(const struct media *m, const char *base, const char *prefix,
		    const struct pxe_opts *o, struct stoat_err *e)
{
	char path[PXE_PATH_MAX + 300];
	size_t i;
	int rc;

	snprintf(path, sizeof(path), "%s/boot.cfg", base);
	if ((rc = put_cfg(m, path, prefix, o->ks, o->kernelopt, e)) < 0)
		return rc;
	for (i = 0; i < o->n_hosts; i++) {
		const char *ks = o->hosts[i].ks[0] ? o->hosts[i].ks : o->ks;

		snprintf(path, sizeof(path), "%s/01-%s/boot.cfg", base, o->hosts[i].mac);
		if ((rc = put_cfg(m, path, prefix, ks, o->kernelopt, e)) < 0)
			return rc;
	}
	return 0;
}

/* Where mboot.efi comes from, with a note when several versions share dir. */
static int pick_loader(const char *dir, const char *folder, const char *http_dir,
		       struct pxe_report *r, struct stoat_err *e)
{
	char best[300];
	size_t n = newest_folder(dir, best, sizeof(best));
	int rc;

	if (!n)
		return err_set(e, ENOENT, _("the media has no UEFI boot loader (EFI/BOOT/BOOTX64.EFI): UEFI clients cannot boot it over the network"));
	if ((rc = put_loader(dir, best, dir, e)) < 0 ||
	    (http_dir && (rc = put_loader(dir, best, http_dir, e)) < 0))
		return rc;
	if (n > 1 && strcmp(best, folder))
		return pxe_report_add(r, e, _("%u versions share %s: mboot.efi is kept from %s, the newest (an older boot loader may not boot a newer ESXi)"),
				      (unsigned)n, dir, best);
	if (n > 1)
		return pxe_report_add(r, e, _("%u versions share %s: mboot.efi is now that of %s, the newest (an older boot loader may not boot a newer ESXi)"),
				      (unsigned)n, dir, best);
	return 0;
}

/* pxelinux for BIOS clients: the file, pxelinux.cfg/default and per host. */
static int put_pxelinux(const struct media *m, const char *dir, const char *folder,
			const struct pxe_opts *o, struct stoat_err *e)
{
	char path[PXE_PATH_MAX + 300], cfg[1024], c32[PXE_PATH_MAX + 300];
	size_t i;
	int rc;

	snprintf(c32, sizeof(c32), "%s/%s/mboot.c32", dir, folder);
	if (access(c32, R_OK) < 0)
		return err_set(e, ENOENT, _("the media has no MBOOT.C32, which BIOS clients boot through pxelinux; leave out --pxelinux"));
	snprintf(path, sizeof(path), "%s/pxelinux.0", dir);
	if ((rc = link_or_copy(o->pxelinux, path, e)) < 0)
		return rc;
	for (i = 0; i <= o->n_hosts; i++) {
		const char *cfgdir = i ? o->hosts[i - 1].mac : folder;

		snprintf(path, sizeof(path), "%s/pxelinux.cfg/%s%s", dir, i ? "01-" : "default",
			 i ? o->hosts[i - 1].mac : "");
		snprintf(cfg, sizeof(cfg),
			 "# stoat pxe: %s for BIOS clients (pxelinux runs the media's mboot.c32)\n"
			 "DEFAULT esxi\nLABEL esxi\n  KERNEL %s/mboot.c32\n  APPEND -c %s%s/boot.cfg\n  IPAPPEND 2\n",
			 media_title(m), folder, i ? "01-" : "", cfgdir);
		if ((rc = write_file(path, cfg, strlen(cfg), e)) < 0)
			return rc;
	}
	return 0;
}

/* Write the boot tree of m into dir. */
int pxe_write(struct media *m, const char *dir, const struct pxe_opts *o,
	      struct pxe_report *r, struct stoat_err *e)
{
	struct copy_ctx *c;
	struct media_file_sink sink;
	char folder[200], path[PXE_PATH_MAX + 300], url[PXE_URL_MAX + 300], http_dir[PXE_PATH_MAX + 8];
	char *text;
	size_t i;
	int rc;

	if ((rc = pxe_folder(m, folder, sizeof(folder), e)) < 0)
		return rc;
	if (strlen(dir) > PXE_PATH_MAX - 400)
		return err_set(e, ENAMETOOLONG, _("%s: the path is too long"), dir);
	if (!(c = calloc(1, sizeof(*c))))
		return err_set(e, ENOMEM, _("out of memory"));
	snprintf(c->base, sizeof(c->base), "%s/%s", dir, folder);
	c->fd = -1;
	c->o = o;
	for (i = 0; i < media_file_count(m); i++) {
		uint64_t size = 0;

		media_file(m, i, &size);
		c->prog.total += size;
	}
	sink = (struct media_file_sink){ c, copy_begin, copy_data, copy_end };
	rc = mkdirs(c->base, e);
	if (rc == 0)
		rc = media_files(m, &sink, e);
	if (rc == 0) {
		c->prog.file = NULL;
		copy_report(c, true);
	}
	if (c->fd >= 0)
		close(c->fd);
	free(c);
	if (rc < 0)
		return rc;
	snprintf(http_dir, sizeof(http_dir), "%s/http", dir);
	if ((rc = pick_loader(dir, folder, o->http ? http_dir : NULL, r, e)) < 0)
		return rc;

	/* The root boot.cfg, and the folder's own copies made the same, so
	 * that no boot.cfg in the tree is a CD's. */
	static const char *const cfgs[] = { "boot.cfg", "BOOT.CFG", "efi/boot/boot.cfg", "EFI/BOOT/BOOT.CFG" };
	if ((rc = put_cfgs(m, dir, folder, o, e)) < 0)
		return rc;
	for (i = 0; i < sizeof(cfgs) / sizeof(cfgs[0]); i++) {
		snprintf(path, sizeof(path), "%s/%s/%s", dir, folder, cfgs[i]);
		/* EFI/BOOT/BOOT.CFG only where the media has it */
		if (i > 1 && access(path, F_OK) < 0)
			continue;
		if ((rc = put_cfg(m, path, folder, o->ks, o->kernelopt, e)) < 0)
			return rc;
	}
	if (o->http) {
		size_t n = strlen(o->http);

		snprintf(url, sizeof(url), "%s%s%s", o->http, n && o->http[n - 1] == '/' ? "" : "/", folder);
		if ((rc = put_cfgs(m, http_dir, url, o, e)) < 0)
			return rc;
	}
	if (o->pxelinux && (rc = put_pxelinux(m, dir, folder, o, e)) < 0)
		return rc;
	if (!o->pxelinux && (rc = pxe_report_add(r, e, _("BIOS clients are not served: legacy PXE needs a pxelinux that can run the media's mboot.c32 (syslinux 4 or older; Debian's syslinux 6 cannot); give it with --pxelinux FILE"))) < 0)
		return rc;
	if (pxe_needs_crypto(media_version(m))) {
		snprintf(path, sizeof(path), "%s/crypto64.efi", dir);
		if (access(path, F_OK) < 0 &&
		    (rc = pxe_report_add(r, e, _("the media is ESXi %s, whose boot loader wants crypto64.efi beside mboot.efi, but the media has none"),
					 media_version(m))) < 0)
			return rc;
	}
	if ((rc = pxe_text_dnsmasq(dir, folder, o, &text, e)) < 0)
		return rc;
	snprintf(path, sizeof(path), "%s/dnsmasq.conf", dir);
	rc = write_file(path, text, strlen(text), e);
	free(text);
	if (rc < 0 || (rc = pxe_text_readme(m, dir, folder, o, &text, e)) < 0)
		return rc;
	snprintf(path, sizeof(path), "%s/README.txt", dir);
	rc = write_file(path, text, strlen(text), e);
	free(text);
	return rc;
}
