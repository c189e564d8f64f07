/* pxe_check.c - read a network boot tree (stoat's or hand-made) and list
 * what keeps it from booting, one problem a line. */
#include "config.h"

#include <ctype.h>
#include <dirent.h>
#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <sys/stat.h>
#include <unistd.h>

#include "bootcfg.h"
#include "io.h"
#include "nls.h"
#include "pxe.h"

#define CHECK_PATH 4096
#define CHECK_CFG_MAX (256u << 10)

struct check {
	const char *dir;
	struct pxe_report *r;
	struct stoat_err *e;
	bool crypto_said;
};

/* Whether dir/rel exists as a regular file (case as written: TFTP
 * servers on Linux do not fold case). */
static bool has_file(const char *dir, const char *rel)
{
	char p[CHECK_PATH];
	struct stat st;

	snprintf(p, sizeof(p), "%s/%s", dir, rel);
	return stat(p, &st) == 0 && S_ISREG(st.st_mode);
}

/* Whether dir/rel is a folder. */
static bool has_dir(const char *dir, const char *rel)
{
	char p[CHECK_PATH];
	struct stat st;

	snprintf(p, sizeof(p), "%s/%s", dir, rel);
	return stat(p, &st) == 0 && S_ISDIR(st.st_mode);
}

/* Read the file dir/rel whole (at most CHECK_CFG_MAX); NULL when not. */
static char *slurp(const char *dir, const char *rel, size_t *len)
{
	char p[CHECK_PATH], *buf;
	ssize_t n;
	int fd;

	snprintf(p, sizeof(p), "%s/%s", dir, rel);
	if ((fd = open(p, O_RDONLY | O_CLOEXEC)) < 0)
		return NULL;
	if ((buf = malloc(CHECK_CFG_MAX + 1))) {
		n = io_read_all(fd, buf, CHECK_CFG_MAX);
		if (n < 0) {
			free(buf);
			buf = NULL;
		} else {
			buf[n] = '\0';
			*len = (size_t)n;
		}
	}
	close(fd);
	return buf;
}

/* The first boot.cfg below dir (depth levels down), as a path relative
 * to dir, into out; false when none. */
static bool find_sub_cfg(const char *dir, const char *rel, int depth, char *out, size_t size)
{
	char p[CHECK_PATH], sub[CHECK_PATH];
	struct dirent *de;
	bool found = false;
	DIR *d;

	snprintf(p, sizeof(p), "%s%s%s", dir, rel[0] ? "/" : "", rel);
	if (depth < 0 || !(d = opendir(p)))
		return false;
	while (!found && (de = readdir(d))) {
		if (de->d_name[0] == '.')
			continue;
		snprintf(sub, sizeof(sub), "%s%s%s", rel, rel[0] ? "/" : "", de->d_name);
		if (rel[0] && !strcasecmp(de->d_name, "boot.cfg") && has_file(dir, sub)) {
			snprintf(out, size, "%s", sub);
			found = true;
		} else if (has_dir(dir, sub)) {
			found = find_sub_cfg(dir, sub, depth - 1, out, size);
		}
	}
	closedir(d);
	return found;
}

/* Check the kernel and module files of b (boot.cfg at name), found under
 * its prefix as a TFTP server finds them. */
static int check_files(struct check *c, const char *name, const struct bootcfg *b)
{
	char path[BOOTCFG_NAME_MAX], rel[CHECK_PATH], pre[sizeof(b->prefix)];
	const char *args, *p;
	size_t i;
	int rc = 0;

	for (p = b->prefix; *p == '/'; p++)
		;
	snprintf(pre, sizeof(pre), "%s", p);
	if (pre[0] && !has_dir(c->dir, pre))
		return pxe_report_add(c->r, c->e, _("%s: prefix=%s names no folder of the tree, so none of its files can be found"),
				      name, b->prefix);
	for (i = 0; rc == 0 && i <= b->n_modules; i++) {
		if (bootcfg_split_entry(i ? b->modules[i - 1] : b->kernel, path, sizeof(path), &args) < 0)
			continue;
		if (strstr(path, "://"))
			continue;
		/* A path with a leading '/' starts at the server's root. */
		if (path[0] == '/' || !pre[0])
			snprintf(rel, sizeof(rel), "%s", path + (path[0] == '/'));
		else
			snprintf(rel, sizeof(rel), "%s/%s", pre, path);
		if (!has_file(c->dir, rel))
			rc = pxe_report_add(c->r, c->e, i ? _("%s: the module '%s' is not in the tree (looked for %s)")
						    : _("%s: the kernel '%s' is not in the tree (looked for %s)"),
					    name, path, rel);
	}
	return rc;
}

/* Check one boot.cfg of the tree (name relative to the tree); loader_dir:
 * the folder of the mboot.efi that reads it. */
static int check_cfg(struct check *c, const char *name, const char *loader_dir)
{
	struct bootcfg *b = malloc(sizeof(*b));
	struct stoat_err pe = { 0 };
	char *text, ks[BOOTCFG_OPT_MAX], crypto[CHECK_PATH], version[160];
	const char *p, *bad = NULL;
	size_t len = 0, i;
	int rc = 0;

	if (!b)
		return err_set(c->e, ENOMEM, _("out of memory"));
	if (!(text = slurp(c->dir, name, &len))) {
		rc = pxe_report_add(c->r, c->e, _("%s cannot be read: %s"), name, strerror(errno));
		goto out;
	}
	if (bootcfg_parse(text, len, b, &pe) < 0) {
		rc = pxe_report_add(c->r, c->e, "%s: %s", name, pe.msg);
		goto out;
	}
	for (i = 0; !bad && i <= b->n_modules; i++)
		if ((i ? b->modules[i - 1] : b->kernel)[0] == '/')
			bad = i ? b->modules[i - 1] : b->kernel;
	if (bad)
		rc = pxe_report_add(c->r, c->e, _("%s: the path '%s' starts with '/': over the network it names the server's root, not prefix=; write the paths without the leading '/'"),
				    name, bad);
	if (rc == 0 && bootcfg_kopt_has(b->kernelopt, "cdromBoot"))
		rc = pxe_report_add(c->r, c->e, _("%s: kernelopt has cdromBoot, which makes the installer look for its files on a CD; remove it for network boot"),
				    name);
	if (rc == 0 && (p = strstr(b->kernelopt, "ks=")) && (p == b->kernelopt || p[-1] == ' ')) {
		snprintf(ks, sizeof(ks), "%.*s", (int)strcspn(p + 3, " \t"), p + 3);
		if (pxe_ks_check(ks, &pe) < 0)
			rc = pxe_report_add(c->r, c->e, "%s: %s", name, pe.msg);
	}
	if (rc == 0 && !strstr(b->prefix, "://"))
		rc = check_files(c, name, b);
	/* The version: build=, else the folder's name (esxi-VERSION). */
	p = b->prefix[0] == '/' ? b->prefix + 1 : b->prefix;
	snprintf(version, sizeof(version), "%s", b->build[0] ? b->build : !strncmp(p, "esxi-", 5) ? p + 5 : "");
	snprintf(crypto, sizeof(crypto), "%s%scrypto64.efi", loader_dir, loader_dir[0] ? "/" : "");
	if (rc == 0 && !c->crypto_said && pxe_needs_crypto(version) && !has_file(c->dir, crypto)) {
		c->crypto_said = true;
		rc = pxe_report_add(c->r, c->e, _("%s is ESXi %s (7.0 Update 3 or later), but there is no %s beside the boot loader: copy the media's EFI/BOOT/CRYPTO64.EFI there"),
				    name, version, crypto);
	}
out:
	free(text);
	free(b);
	return rc;
}

/* Check the per-host folders (01-xx-...) of dir/sub. */
static int check_hosts(struct check *c, const char *sub)
{
	char p[CHECK_PATH], name[CHECK_PATH];
	struct dirent *de;
	int rc = 0;
	DIR *d;

	snprintf(p, sizeof(p), "%s%s%s", c->dir, sub[0] ? "/" : "", sub);
	if (!(d = opendir(p)))
		return 0;
	while (rc == 0 && (de = readdir(d))) {
		if (strncmp(de->d_name, "01-", 3))
			continue;
		snprintf(name, sizeof(name), "%s%s%s/boot.cfg", sub, sub[0] ? "/" : "", de->d_name);
		if (has_file(c->dir, name))
			rc = check_cfg(c, name, sub);
		else
			rc = pxe_report_add(c->r, c->e, _("%s/ has no boot.cfg, so the host with that MAC address boots the common one"),
					    de->d_name);
	}
	closedir(d);
	return rc;
}

/* Check the pxelinux configuration files: what KERNEL and APPEND -c name
 * must be in the tree. */
static int check_pxelinux(struct check *c)
{
	char p[CHECK_PATH], name[CHECK_PATH], word[CHECK_PATH];
	struct dirent *de;
	int rc = 0;
	DIR *d;

	snprintf(p, sizeof(p), "%s/pxelinux.cfg", c->dir);
	if (!(d = opendir(p)))
		return 0;
	if (!has_file(c->dir, "pxelinux.0"))
		rc = pxe_report_add(c->r, c->e, _("pxelinux.cfg/ is there but pxelinux.0 is not: BIOS clients get no loader"));
	while (rc == 0 && (de = readdir(d))) {
		char *text, *line, *save = NULL;
		size_t len;

		snprintf(name, sizeof(name), "pxelinux.cfg/%s", de->d_name);
		if (de->d_name[0] == '.' || !has_file(c->dir, name) || !(text = slurp(c->dir, name, &len)))
			continue;
		for (line = strtok_r(text, "\n", &save); rc == 0 && line; line = strtok_r(NULL, "\n", &save)) {
			const char *s = line, *w = NULL;

			while (isspace((unsigned char)*s))
				s++;
			if (!strncasecmp(s, "KERNEL", 6) && isspace((unsigned char)s[6]))
				w = s + 6;
			else if (!strncasecmp(s, "APPEND", 6) && (w = strstr(s, "-c ")) && isspace((unsigned char)w[-1]))
				w += 3;
			else
				w = NULL;
			if (!w)
				continue;
			while (isspace((unsigned char)*w))
				w++;
			snprintf(word, sizeof(word), "%.*s", (int)strcspn(w, " \t\r"), w);
			if (word[0] && !strstr(word, "://") && !has_file(c->dir, word + (word[0] == '/')))
				rc = pxe_report_add(c->r, c->e, _("%s names %s, which is not in the tree"), name, word);
		}
		free(text);
	}
	closedir(d);
	return rc;
}

/* Whether dir holds a UEFI loader at its top (mboot.efi or another .efi
 * that is not crypto64.efi). */
static bool has_loader(const char *dir)
{
	struct dirent *de;
	bool found = false;
	DIR *d = opendir(dir);
	size_t n;

	if (!d)
		return false;
	while (!found && (de = readdir(d))) {
		n = strlen(de->d_name);
		found = n > 4 && !strcasecmp(de->d_name + n - 4, ".efi") &&
			strcasecmp(de->d_name, "crypto64.efi") && has_file(dir, de->d_name);
	}
	closedir(d);
	return found;
}

/* Check the tree in dir. */
int pxe_check(const char *dir, struct pxe_report *r, struct stoat_err *e)
{
	struct check c = { dir, r, e, false };
	char sub[CHECK_PATH];
	int rc = 0;

	if (!has_dir(dir, "."))
		return err_set(e, errno ? errno : ENOTDIR, _("%s is not a folder that can be read"), dir);
	if (!has_loader(dir))
		rc = pxe_report_add(r, e, _("there is no UEFI boot loader (mboot.efi, the media's EFI/BOOT/BOOTX64.EFI) at the top of the tree"));
	if (rc == 0 && has_file(dir, "boot.cfg"))
		rc = check_cfg(&c, "boot.cfg", "");
	else if (rc == 0 && find_sub_cfg(dir, "", 3, sub, sizeof(sub)))
		rc = pxe_report_add(r, e, _("boot.cfg is only in a subfolder (%s): the UEFI loader looks for it beside itself at the TFTP root (or in 01-<mac>/) and stops with \"file not found\"; put an edited boot.cfg at the top"),
				    sub);
	else if (rc == 0)
		rc = pxe_report_add(r, e, _("there is no boot.cfg at the top of the tree"));
	if (rc == 0)
		rc = check_hosts(&c, "");
	if (rc == 0 && has_file(dir, "http/boot.cfg"))
		rc = check_cfg(&c, "http/boot.cfg", "http");
	if (rc == 0 && has_dir(dir, "http"))
		rc = check_hosts(&c, "http");
	if (rc == 0)
		rc = check_pxelinux(&c);
	return rc;
}
