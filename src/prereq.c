/* prereq.c - the programs an install runs, looked up and tried (prereq.h):
 * each one in PATH as child.c will run it, then a self-test on a sparse
 * scratch image through vfat.c, the calls the install itself makes, and a
 * read-only efibootmgr where a boot entry will be written. */
#include "config.h"

#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "child.h"
#include "efiboot.h"
#include "nls.h"
#include "prereq.h"
#include "sysboot.h"
#include "vfat.h"

/* The scratch image: a FAT volume 1 MiB into the file, as a partition
 * lies on a disk, large enough for FAT16. */
#define PREREQ_OFFSET (1u << 20)
#define PREREQ_SIZE (8u << 20)

enum prereq_prog { PROG_MKFS, PROG_MCOPY, PROG_MMD, PROG_MATTRIB, PROG_EFIBOOTMGR };

/* Each program and the package that installs it (Debian's name, which
 * most distributions share). */
static const struct prereq_prog_info {
	const char *name, *package;
} prereq_progs[] = {
	[PROG_MKFS] = { "mkfs.fat", "dosfstools" },
	[PROG_MCOPY] = { "mcopy", "mtools" },
	[PROG_MMD] = { "mmd", "mtools" },
	[PROG_MATTRIB] = { "mattrib", "mtools" },
	[PROG_EFIBOOTMGR] = { "efibootmgr", "efibootmgr" },
};

#define PREREQ_N_PROGS (sizeof(prereq_progs) / sizeof(prereq_progs[0]))

/* What plan p needs besides mkfs.fat and mcopy. */
void prereq_need_of(const struct install_plan *p, const struct sysboot *sb,
		    struct prereq_need *n)
{
	char why[256];

	memset(n, 0, sizeof(*n));
	if (p->upgrade || !sb)
		return;		/* an upgrade writes only a bootbank */
	n->mkdir = true;
	n->attrib = sb->bios;
	n->boot_entry = efiboot_wanted(p, sb->uefi, why, sizeof(why));
}

/* The same, with the system partition decided from the media. */
int prereq_need_plan(const struct install_plan *p, struct media *m, struct prereq_need *n,
		     struct stoat_err *e)
{
	struct sysboot sb;
	int rc;

	if (p->upgrade) {
		prereq_need_of(p, NULL, n);
		return 0;
	}
	if ((rc = sysboot_plan(p, m, &sb, e)) < 0)
		return rc;
	prereq_need_of(p, &sb, n);
	return 0;
}

/* Whether need n asks for program i. */
static bool prog_needed(const struct prereq_need *n, enum prereq_prog i)
{
	switch (i) {
	case PROG_MMD:
		return n->mkdir;
	case PROG_MATTRIB:
		return n->attrib;
	case PROG_EFIBOOTMGR:
		return n->boot_entry;
	default:
		return true;
	}
}

/* Add a problem to r. */
static void add_problem(struct prereq_result *r, const char *text)
{
	if (r->n < PREREQ_MAX)
		snprintf(r->problem[r->n++], sizeof(r->problem[0]), "%s", text);
}

/* The problem of program i, not found in PATH. */
static void missing(struct prereq_result *r, enum prereq_prog i)
{
	const struct prereq_prog_info *pi = &prereq_progs[i];
	char where[4096], buf[320];

	/* in one of the usual folders that PATH lacks (/usr/sbin, often) */
	if (child_find_in(CHILD_DEFAULT_PATH, pi->name, where, sizeof(where)) == 0) {
		char *slash = strrchr(where, '/');

		*slash = '\0';
		snprintf(buf, sizeof(buf), _("%s (from the %s package) is in %s, which is not in PATH: add that folder to PATH and start stoat again."),
			 pi->name, pi->package, where);
	} else if (i == PROG_EFIBOOTMGR) {
		snprintf(buf, sizeof(buf), _("%s is not installed (no folder in PATH holds it): install the %s package, or give --no-boot-entry to install without a firmware boot entry."),
			 pi->name, pi->package);
	} else {
		snprintf(buf, sizeof(buf), _("%s is not installed (no folder in PATH holds it): install the %s package and start stoat again."),
			 pi->name, pi->package);
	}
	add_problem(r, buf);
}

/* vfat_get callback: compare a piece with what was written. */
static int readback(void *ctx, const void *buf, size_t len)
{
	const char **want = ctx;

	if (strlen(*want) < len || memcmp(*want, buf, len))
		return -EILSEQ;
	*want += len;
	return 0;
}

/* Make, fill and read back a FAT volume in the scratch file fd (at path)
 * as an install does. */
static int selftest_volume(const struct prereq_need *n, const char *path, int fd,
			   struct stoat_err *e)
{
	static const char text[] = "stoat: a file written and read back by the prerequisite check\n";
	const struct vfat_vol v = { path, fd, PREREQ_OFFSET, PREREQ_SIZE, 512 };
	const char *file = n->mkdir ? "EFI/BOOT/check.cfg" : "check.cfg", *rest = text;
	int rc;

	if (ftruncate(fd, PREREQ_OFFSET + PREREQ_SIZE) < 0)
		return err_set(e, errno, _("cannot make the scratch image %s: %s"), path, strerror(errno));
	if ((rc = vfat_format(&v, 0x57a70001u, true, e)) < 0)
		return rc;
	if (n->mkdir && ((rc = vfat_mkdir(&v, "EFI", e)) < 0 || (rc = vfat_mkdir(&v, "EFI/BOOT", e)) < 0))
		return rc;
	if ((rc = vfat_put_buf(&v, file, text, sizeof(text) - 1, e)) < 0)
		return rc;
	if (n->attrib && ((rc = vfat_attrib(&v, file, true, "rhs", e)) < 0 ||
			  (rc = vfat_attrib(&v, file, false, "rhs", e)) < 0))
		return rc;
	if ((rc = vfat_get(&v, file, readback, &rest, e)) < 0)
		return rc;
	if (*rest)
		return err_set(e, EIO, _("%s read back from the scratch image differs from what was written"), file);
	return 0;
}

/* The self-test in a scratch folder of its own, removed after. */
static int selftest(const struct prereq_need *n, struct stoat_err *e)
{
	const char *tmp = getenv("TMPDIR");
	char dir[4096], path[4200];
	int fd, rc;

	if (!tmp || !*tmp)
		tmp = "/tmp";
	snprintf(dir, sizeof(dir), "%s/stoat-check.XXXXXX", tmp);
	if (!mkdtemp(dir))
		return err_set(e, errno, _("cannot make a scratch folder in %s: %s"), tmp, strerror(errno));
	snprintf(path, sizeof(path), "%s/check.img", dir);
	if ((fd = open(path, O_RDWR | O_CREAT | O_EXCL | O_CLOEXEC, 0600)) < 0) {
		rc = err_set(e, errno, _("cannot make the scratch image %s: %s"), path, strerror(errno));
	} else {
		rc = selftest_volume(n, path, fd, e);
		close(fd);
		unlink(path);
	}
	rmdir(dir);
	return rc;
}

/* Whether efibootmgr reads the firmware's boot entries (nothing is
 * changed). */
static int efibootmgr_works(struct stoat_err *e)
{
	char *argv[] = { "efibootmgr", NULL };
	char out[4096];

	return child_run(argv, out, sizeof(out), "efibootmgr", e);
}

/* Drop a full stop at the end of a message that goes inside a sentence. */
static void trim_stop(char *msg)
{
	size_t len = strlen(msg);

	while (len && (msg[len - 1] == '.' || msg[len - 1] == ' '))
		msg[--len] = '\0';
}

/* Look the programs up, then try them. */
void prereq_run(const struct prereq_need *n, struct prereq_result *r)
{
	struct stoat_err e = { 0 };
	bool fat_ok = true;
	char where[4096], buf[320];
	size_t i;

	r->n = 0;
	r->missing = false;
	for (i = 0; i < PREREQ_N_PROGS; i++) {
		if (!prog_needed(n, (enum prereq_prog)i))
			continue;
		if (child_find_in(child_path(), prereq_progs[i].name, where, sizeof(where)) < 0) {
			missing(r, (enum prereq_prog)i);
			r->missing = true;
			if (i != PROG_EFIBOOTMGR)
				fat_ok = false;
		}
	}
	if (fat_ok && selftest(n, &e) < 0) {
		trim_stop(e.msg);
		/* mtools without the gconv module of its code page says
		 * "Error converting to codepage 850", then "Cannot initialize" */
		snprintf(buf, sizeof(buf), _("mkfs.fat and mtools failed on a scratch image, so they would fail on the disk (%s).%s"),
			 e.msg, strstr(e.msg, "codepage")
			 ? _(" glibc's character set modules (its gconv folder) are missing: install them with the C library.")
			 : "");
		add_problem(r, buf);
	}
	if (n->boot_entry && child_find_in(child_path(), "efibootmgr", where, sizeof(where)) == 0 &&
	    efibootmgr_works(&e) < 0) {
		trim_stop(e.msg);
		snprintf(buf, sizeof(buf), _("efibootmgr does not work here (%s), so the firmware boot entry cannot be written: mount efivarfs on /sys/firmware/efi/efivars, or give --no-boot-entry."),
			 e.msg);
		add_problem(r, buf);
	}
}

/* Check what plan p runs; every problem in e. */
int prereq_check(const struct install_plan *p, const struct sysboot *sb, struct stoat_err *e)
{
	struct prereq_need n;
	struct prereq_result *r = malloc(sizeof(*r));
	char msg[sizeof(e->msg)];
	size_t len = 0;
	int i, code;

	if (!r)
		return err_set(e, ENOMEM, _("out of memory"));
	prereq_need_of(p, sb, &n);
	prereq_run(&n, r);
	msg[0] = '\0';
	for (i = 0; i < r->n && len < sizeof(msg); i++)
		len += (size_t)snprintf(msg + len, sizeof(msg) - len, "%s%s", i ? " " : "", r->problem[i]);
	code = !r->n ? 0 : r->missing ? ENOENT : EIO;
	free(r);
	return code ? err_set(e, code, "%s", msg) : 0;
}
