/* test_usbquirk.c - the live legacy-USB switch on the sysfs fixture
 * (tests/fixtures/sysfs/build.sh): a UAS SSD (sda, 2-2:1.0), a usb-storage
 * stick (sdc, 2-1:1.0) and a SATA disk (sdb). In the fixture the drivers'
 * bind and unbind attributes and usb-storage's quirks are plain files, so
 * each check reads back what was written; between calls the test moves the
 * driver links itself, as the kernel would. */
#include "config.h"

#include <errno.h>
#include <fcntl.h>
#include <limits.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <sys/wait.h>
#include <unistd.h>

#include "tap.h"
#include "usbquirk.h"

#define UAS_INTF "2-2:1.0"
#define UAS_DEV "devices/pci0000:00/0000:00:04.0/usb2/2-2"
#define N_CASES(a) (sizeof(a) / sizeof((a)[0]))

/* One fixture tree and the options pointing into it. */
struct fx {
	char top[PATH_MAX], sys[PATH_MAX], dev[PATH_MAX], mountinfo[PATH_MAX], swaps[PATH_MAX];
	char run[PATH_MAX];
	struct usbquirk_opts o;
};

/* Run a shell command; true when it succeeds. */
static bool sh(const char *fmt, ...) __attribute__((format(printf, 1, 2)));
static bool sh(const char *fmt, ...)
{
	char cmd[PATH_MAX * 3];
	va_list ap;

	va_start(ap, fmt);
	vsnprintf(cmd, sizeof(cmd), fmt, ap);
	va_end(ap);
	return system(cmd) == 0;
}

/* Build a fresh fixture. */
static bool fx_build(struct fx *f)
{
	const char *src = getenv("top_srcdir");

	memset(f, 0, sizeof(*f));
	snprintf(f->top, sizeof(f->top), "%s/stoat-usbq.XXXXXX", getenv("TMPDIR") ? getenv("TMPDIR") : "/tmp");
	if (!mkdtemp(f->top) || !sh("bash '%s/tests/fixtures/sysfs/build.sh' '%s' 2>/dev/null",
				    src ? src : ".", f->top))
		return false;
	snprintf(f->sys, sizeof(f->sys), "%s/sys", f->top);
	snprintf(f->dev, sizeof(f->dev), "%s/dev", f->top);
	snprintf(f->mountinfo, sizeof(f->mountinfo), "%s/mountinfo", f->top);
	snprintf(f->swaps, sizeof(f->swaps), "%s/swaps", f->top);
	snprintf(f->run, sizeof(f->run), "%s/run", f->top);
	f->o.sysfs_root = f->sys;
	f->o.dev_root = f->dev;
	f->o.mountinfo = f->mountinfo;
	f->o.swaps = f->swaps;
	f->o.state_dir = f->run;
	return true;
}

/* Remove the fixture. */
static void fx_remove(const struct fx *f)
{
	if (!sh("rm -rf '%s'", f->top))
		fprintf(stderr, "could not remove %s\n", f->top);
}

/* The bytes of a file under the sysfs root (rel), or "(missing)". */
static const char *slurp(const struct fx *f, const char *rel)
{
	static char buf[1024];
	char path[PATH_MAX];
	ssize_t n;
	int fd;

	snprintf(path, sizeof(path), "%s/%s", f->sys, rel);
	fd = open(path, O_RDONLY);
	if (fd < 0)
		return "(missing)";
	n = read(fd, buf, sizeof(buf) - 1);
	close(fd);
	buf[n > 0 ? n : 0] = '\0';
	return buf;
}

/* Write a file under the sysfs root (empties bind/unbind between steps). */
static void put(const struct fx *f, const char *rel, const char *value)
{
	char path[PATH_MAX];
	FILE *fp;

	snprintf(path, sizeof(path), "%s/%s", f->sys, rel);
	fp = fopen(path, "w");
	if (fp) {
		fputs(value, fp);
		fclose(fp);
	}
}

/* Empty every bind and unbind file. */
static void clear_binds(const struct fx *f)
{
	put(f, "bus/usb/drivers/uas/bind", "");
	put(f, "bus/usb/drivers/uas/unbind", "");
	put(f, "bus/usb/drivers/usb-storage/bind", "");
	put(f, "bus/usb/drivers/usb-storage/unbind", "");
	put(f, "bus/usb/drivers_probe", "");
}

/* True when no bind, unbind or drivers_probe file was written. */
static bool no_binds(const struct fx *f)
{
	return !*slurp(f, "bus/usb/drivers/uas/bind") && !*slurp(f, "bus/usb/drivers/uas/unbind") &&
	       !*slurp(f, "bus/usb/drivers/usb-storage/bind") &&
	       !*slurp(f, "bus/usb/drivers/usb-storage/unbind") && !*slurp(f, "bus/usb/drivers_probe");
}

/* Do what the kernel does after a successful rebind: the interface's
 * driver link and the drivers' back links move from one driver to the
 * other. */
static void kernel_moves(const struct fx *f, const char *from, const char *to)
{
	if (!sh("S='%s' I='%s' D='%s' && rm -f \"$S/bus/usb/drivers/%s/$I\" \"$S/$D/$I/driver\" && "
		"ln -sr \"$S/$D/$I\" \"$S/bus/usb/drivers/%s/$I\" && "
		"ln -sr \"$S/bus/usb/drivers/%s\" \"$S/$D/$I/driver\"",
		f->sys, UAS_INTF, UAS_DEV, from, to, to))
		fprintf(stderr, "could not move the driver links\n");
}

/* True when the state file exists. */
static bool has_state(const struct fx *f)
{
	char path[PATH_MAX];

	snprintf(path, sizeof(path), "%s/legacy-usb", f->run);
	return access(path, F_OK) == 0;
}

/* usbquirk_merge on its own: entries kept, 'u' added once, case, space. */
static void test_merge(void)
{
	static const struct {
		const char *in, *want, *what;
	} cases[] = {
		{ "", "04e8:61f5:u", "an empty list gets the entry" },
		{ "0bc2:2312:u", "0bc2:2312:u,04e8:61f5:u", "other entries are kept, the new one appended" },
		{ "0bc2:2312:u,04e8:61f5:u", "0bc2:2312:u,04e8:61f5:u", "an entry with 'u' is not added twice" },
		{ "04e8:61f5:j,0bc2:2312:u", "04e8:61f5:ju,0bc2:2312:u", "an entry for the device without 'u' gets it (the kernel uses the first match)" },
		{ "0x04E8:61F5:U", "0x04E8:61F5:U", "ids and flags compare as the kernel does (hex, any case)" },
		{ "04e8:61f50:u", "04e8:61f50:u,04e8:61f5:u", "a different PID is another device" },
		{ "04e8", "04e8,04e8:61f5:u", "a malformed entry is kept as it is" },
	};
	char out[128];
	size_t i;

	for (i = 0; i < N_CASES(cases); i++) {
		ok(usbquirk_merge(cases[i].in, 0x04e8, 0x61f5, out, sizeof(out)) == 0, "merge '%s'", cases[i].in);
		is_str(out, cases[i].want, "merge: %s", cases[i].what);
	}
	ok(usbquirk_merge("0bc2:2312:u", 0x04e8, 0x61f5, out, 16) == -ENOSPC, "merge: -ENOSPC when the list does not fit");
}

/* On, a second on, off, off again: the quirks, bind and unbind files and
 * the report at each step. */
static void test_on_off(void)
{
	struct usbquirk_result r;
	struct stoat_err e = { 0 };
	struct fx f;

	if (!fx_build(&f)) {
		ok(0, "build the sysfs fixture");
		return;
	}
	ok(usbquirk_on(&f.o, &r, &e) == 0, "on: succeeds %s", e.msg);
	is_str(slurp(&f, "module/usb_storage/parameters/quirks"), "0bc2:2312:u,04e8:61f5:u",
	       "on: the UAS SSD's entry is added, the existing entry kept");
	is_str(slurp(&f, "bus/usb/drivers/uas/unbind"), UAS_INTF, "on: the interface is unbound from uas");
	is_str(slurp(&f, "bus/usb/drivers/usb-storage/bind"), UAS_INTF, "on: and bound to usb-storage");
	ok(!*slurp(&f, "bus/usb/drivers/usb-storage/unbind") && !*slurp(&f, "bus/usb/drivers/uas/bind"),
	   "on: the usb-storage stick is not touched");
	ok(r.n == 1 && r.moved == 1 && r.changed && r.dev[0].fate == USBQ_MOVED &&
	   r.dev[0].vid == 0x04e8 && r.dev[0].pid == 0x61f5 && !strcmp(r.dev[0].disk, "sda"),
	   "on: the result names one moved interface, its ids and its disk sda");
	is_str(r.msg, "Moved 1 USB disk (sda, 0x04e8:0x61f5) from uas to usb-storage.", "on: the report");
	ok(has_state(&f), "on: the state file records the change");

	clear_binds(&f);
	ok(usbquirk_on(&f.o, &r, &e) == 0, "a second on (the interface still shows uas)");
	is_str(slurp(&f, "module/usb_storage/parameters/quirks"), "0bc2:2312:u,04e8:61f5:u",
	       "a second on adds no duplicate entry");

	kernel_moves(&f, "uas", "usb-storage");
	clear_binds(&f);
	ok(usbquirk_on(&f.o, &r, &e) == 0, "on once the kernel moved it");
	is_str(r.msg, "No USB disk uses the uas driver; nothing changed.", "on: nothing left on uas, and it says so");
	ok(no_binds(&f) && !r.changed, "on: nothing is written when no interface is on uas");

	ok(usbquirk_off(&f.o, &r, &e) == 0, "off: succeeds %s", e.msg);
	is_str(slurp(&f, "module/usb_storage/parameters/quirks"), "0bc2:2312:u",
	       "off: the quirks are exactly as before the first on");
	is_str(slurp(&f, "bus/usb/drivers/usb-storage/unbind"), UAS_INTF, "off: unbound from usb-storage");
	is_str(slurp(&f, "bus/usb/drivers/uas/bind"), UAS_INTF, "off: bound to uas again");
	is_str(r.msg, "Moved 1 USB disk (sda, 0x04e8:0x61f5) back to uas.", "off: the report");
	ok(!has_state(&f), "off: the state file is gone");

	kernel_moves(&f, "usb-storage", "uas");
	clear_binds(&f);
	ok(usbquirk_off(&f.o, &r, &e) == 0 && !r.changed, "off again: nothing to undo");
	is_str(r.msg, "No USB disk was moved to usb-storage; nothing to undo.", "off again: the report");
	ok(no_binds(&f), "off again: nothing is written");
	is_str(slurp(&f, "module/usb_storage/parameters/quirks"), "0bc2:2312:u", "off again: the quirks stay");

	/* an empty list: the kernel ignores an empty write, so it goes back
	 * as a lone newline, which reads back as empty */
	put(&f, "module/usb_storage/parameters/quirks", "\n");
	ok(usbquirk_on(&f.o, &r, &e) == 0, "on with an empty quirks list");
	is_str(slurp(&f, "module/usb_storage/parameters/quirks"), "04e8:61f5:u", "on: the entry alone");
	kernel_moves(&f, "uas", "usb-storage");
	ok(usbquirk_off(&f.o, &r, &e) == 0, "off");
	is_str(slurp(&f, "module/usb_storage/parameters/quirks"), "\n", "off: the empty list comes back (as a newline)");
	fx_remove(&f);
}

/* Disks that must not be yanked, and interfaces usb-storage cannot drive. */
static void test_left_alone(void)
{
	struct usbquirk_result r;
	struct stoat_err e = { 0 };
	struct fx f;
	FILE *mi;

	if (!fx_build(&f)) {
		ok(0, "build the sysfs fixture");
		return;
	}
	mi = fopen(f.mountinfo, "a");
	if (mi) {
		fputs("40 26 8:0 / /mnt/ssd rw,relatime - ext4 /dev/sda rw\n", mi);
		fclose(mi);
	}
	ok(usbquirk_on(&f.o, &r, &e) == 0, "on with the UAS SSD mounted");
	ok(r.n == 1 && r.dev[0].fate == USBQ_MOUNTED && !r.moved && !r.changed, "mounted: the SSD is left on uas");
	is_str(r.msg, "sda stays on uas: it is mounted. Nothing changed.", "mounted: the report says why");
	is_str(slurp(&f, "module/usb_storage/parameters/quirks"), "0bc2:2312:u\n", "mounted: the quirks are untouched");
	ok(no_binds(&f) && !has_state(&f), "mounted: nothing is bound, unbound or recorded");

	if (!sh("cd '%s' && head -n -1 mountinfo >m && mv m mountinfo && mkdir -p '%s/%s/%s/host1/target1:0:0/1:0:0:0/block/sda/holders/dm-1'",
		f.top, f.sys, UAS_DEV, UAS_INTF))
		fprintf(stderr, "could not add a holder\n");
	ok(usbquirk_on(&f.o, &r, &e) == 0 && r.dev[0].fate == USBQ_HELD, "a dm device on the SSD keeps it on uas");
	is_str(r.msg, "sda stays on uas: a dm or md device uses it. Nothing changed.", "held: the report");
	ok(no_binds(&f), "held: nothing is written");

	sh("rmdir '%s/%s/%s/host1/target1:0:0/1:0:0:0/block/sda/holders/dm-1'", f.sys, UAS_DEV, UAS_INTF);
	/* QEMU's usb-uas: one alternate setting, UAS only */
	sh("printf '\\022\\001\\000\\003\\000\\000\\000\\011\\364\\106\\003\\000\\000\\000\\001\\002\\003\\001"
	   "\\011\\002\\037\\000\\001\\001\\005\\300\\000\\011\\004\\000\\000\\004\\010\\006\\142\\000' >'%s/%s/descriptors'",
	   f.sys, UAS_DEV);
	ok(usbquirk_on(&f.o, &r, &e) == 0 && r.dev[0].fate == USBQ_NO_BOT, "a UAS-only interface stays on uas");
	is_str(r.msg, "sda stays on uas: it has no Bulk-Only mode. Nothing changed.", "UAS only: the report");
	ok(no_binds(&f) && !r.changed, "UAS only: nothing is written");

	/* usb-storage refuses (the bind write fails): it goes back to uas */
	f.o.skip_bot_check = true;
	sh("cd '%s/bus/usb/drivers/usb-storage' && rm bind && mkdir bind", f.sys);
	ok(usbquirk_on(&f.o, &r, &e) == 0 && r.dev[0].fate == USBQ_REFUSED && !r.moved,
	   "refused by usb-storage: reported as refused");
	is_str(slurp(&f, "module/usb_storage/parameters/quirks"), "0bc2:2312:u", "refused: the quirks are restored");
	is_str(slurp(&f, "bus/usb/drivers/uas/bind"), UAS_INTF, "refused: the interface is bound to uas again");
	is_str(r.msg, "sda stays on uas: usb-storage refused it. Nothing changed.", "refused: the report");
	ok(!has_state(&f), "refused: no state is left behind");
	fx_remove(&f);
}

/* No UAS device, no usb-storage driver, no root. */
static void test_nothing_to_do(void)
{
	struct usbquirk_result r;
	struct stoat_err e = { 0 };
	struct fx f;
	pid_t pid;
	int st;

	if (!fx_build(&f)) {
		ok(0, "build the sysfs fixture");
		return;
	}
	if (geteuid() == 0) {
		/* as nobody: the fixture's files are root's, as in /sys */
		sh("chmod 755 '%s'", f.top);
		pid = fork();
		if (pid == 0) {
			int rc = setgid(65534) == 0 && setuid(65534) == 0 ? usbquirk_on(&f.o, &r, &e) : 0;

			_exit(rc == -EACCES && strstr(e.msg, "needs root") ? 0 : 1);
		}
		ok(pid > 0 && waitpid(pid, &st, 0) == pid && WIFEXITED(st) && WEXITSTATUS(st) == 0,
		   "without root: -EACCES, 'Changing USB drivers needs root; nothing changed.'");
		ok(no_binds(&f) && !strcmp(slurp(&f, "module/usb_storage/parameters/quirks"), "0bc2:2312:u\n"),
		   "without root: nothing is written");
	} else {
		skip("not root: cannot run the check as another user");
		skip("not root");
	}

	sh("rm '%s/bus/usb/drivers/uas/%s'", f.sys, UAS_INTF);
	ok(usbquirk_on(&f.o, &r, &e) == 0 && !r.n && !r.changed, "no UAS device: nothing to do");
	is_str(r.msg, "No USB disk uses the uas driver; nothing changed.", "no UAS device: the report");
	ok(no_binds(&f) && !has_state(&f), "no UAS device: nothing is written");
	is_str(slurp(&f, "module/usb_storage/parameters/quirks"), "0bc2:2312:u\n", "no UAS device: the quirks are untouched");

	sh("rm -r '%s/module/usb_storage'", f.sys);
	e.msg[0] = '\0';
	ok(usbquirk_on(&f.o, &r, &e) == -ENOENT, "no quirks parameter: -ENOENT");
	ok(strstr(e.msg, "The usb-storage driver is not loaded") && strstr(e.msg, "module/usb_storage/parameters/quirks") &&
	   strstr(e.msg, "nothing changed"), "no quirks parameter: the message says usb-storage is not loaded (%s)", e.msg);
	fx_remove(&f);
}

/* usbquirk_follow: a moved disk's new name replaces the chosen path. */
static void test_follow(void)
{
	struct usbquirk_opts o = { .dev_root = "/dev" };
	struct usbquirk_result r = { .n = 2 };
	char path[64];

	snprintf(r.dev[0].disk, sizeof(r.dev[0].disk), "sdb");
	snprintf(r.dev[0].now, sizeof(r.dev[0].now), "sdb");
	snprintf(r.dev[1].disk, sizeof(r.dev[1].disk), "sdc");
	snprintf(r.dev[1].now, sizeof(r.dev[1].now), "sde");
	snprintf(path, sizeof(path), "/dev/sdc");
	ok(usbquirk_follow(&o, &r, path, sizeof(path)), "follow: the chosen disk came back under a new name");
	is_str(path, "/dev/sde", "follow: the path is its new node");
	snprintf(path, sizeof(path), "/dev/sdb");
	ok(!usbquirk_follow(&o, &r, path, sizeof(path)) && !strcmp(path, "/dev/sdb"), "follow: same name, path kept");
	snprintf(path, sizeof(path), "/dev/nvme0n1");
	ok(!usbquirk_follow(&o, &r, path, sizeof(path)), "follow: a disk that was not moved is kept");
}

int main(void)
{
	test_merge();
	test_follow();
	test_on_off();
	test_left_alone();
	test_nothing_to_do();
	return tap_done();
}
