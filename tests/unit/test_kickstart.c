/* test_kickstart.c - the kickstart reader against the corpus in
 * tests/kickstart/ (bad-*.ks: the expected first error line in
 * bad-*.expected; good-*.ks: the expected reading in good-*.expected),
 * plus clear-text passwords, JSON checked by python3, --firstdisk and
 * --disk selection over fixture disk sets, and kickstart_to_plan. */
#include "config.h"

#include <dirent.h>
#include <errno.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>
#include <sys/stat.h>
#include <sys/sysmacros.h>

#include "kickstart.h"
#include "passwd.h"
#include "plan.h"
#include "tap.h"

#define H6 "$6$Xy7Qp2Lm9Rt4Vw1Z$0zUq196DUICuf6ZdRgjZc/e9A/f1KQQYsjU3EwZsHD80VFUBElCgVcuuSH71rN.uKhpL.v6LJFslo5qyTGWpp0"

static struct kickstart ks;	/* large: keep it off the stack */

/* Read a whole small file; NULL on error. */
static char *slurp(const char *path)
{
	FILE *f = fopen(path, "r");
	char *buf;
	size_t n;

	if (!f)
		return NULL;
	buf = calloc(1, 1 << 16);
	n = fread(buf, 1, (1 << 16) - 1, f);
	buf[n] = '\0';
	fclose(f);
	return buf;
}

/* Append printf output to a growing buffer of size 1 << 16. */
static __attribute__((format(printf, 2, 3))) void add(char *buf, const char *fmt, ...)
{
	size_t l = strlen(buf);
	va_list ap;

	va_start(ap, fmt);
	vsnprintf(buf + l, (1 << 16) - l, fmt, ap);
	va_end(ap);
}

/* Describe what was read, in the form good-*.expected uses. */
static void dump(const struct kickstart *k, char *out)
{
	static const char *const acts[] = { "none", "install", "upgrade", "installorupgrade" };
	static const char *const whens[] = { "pre", "post", "firstboot" };
	const struct { bool v; const char *n; } fl[] = {
		{ k->dryrun, "dryrun" }, { k->paranoid, "paranoid" }, { k->reboot, "reboot" },
		{ k->noeject, "noeject" }, { k->overwritevmfs, "overwritevmfs" },
		{ k->preservevmfs, "preservevmfs" }, { k->novmfsondisk, "novmfsondisk" },
		{ k->ignoressd, "ignoressd" }, { k->ignoreprereqwarnings, "ignoreprereqwarnings" },
		{ k->ignoreprereqerrors, "ignoreprereqerrors" }, { k->forceunsupported, "forceunsupported" },
		{ k->legacy_usb, "legacy_usb" }, { k->overwritevsan, "overwritevsan" },
		{ k->repartitionsystemdisk, "repartitionsystemdisk" }, { k->forcemigrate, "forcemigrate" },
		{ k->nested_template, "nested_template" },
	};
	char flags[512] = "";
	size_t i;

	out[0] = '\0';
	add(out, "action=%s\n", acts[k->action]);
	if (k->disk[0])
		add(out, "disk=%s\n", k->disk);
	if (k->firstdisk[0])
		add(out, "firstdisk=%s\n", k->firstdisk);
	if (k->systemdisk[0])
		add(out, "systemdisk=%s\n", k->systemdisk);
	for (i = 0; i < sizeof(fl) / sizeof(fl[0]); i++)
		if (fl[i].v)
			snprintf(flags + strlen(flags), sizeof(flags) - strlen(flags), "%s%s",
				 flags[0] ? " " : "", fl[i].n);
	if (flags[0])
		add(out, "flags=%s\n", flags);
	add(out, "keyboard=%s\n", k->keyboard);
	add(out, "pwhash=%s\n", !strncmp(k->pwhash, "$6$", 3) ? "$6$" : !strncmp(k->pwhash, "$1$", 3) ? "$1$" : "des");
	if (k->bootopts[0])
		add(out, "bootopts=%s\n", k->bootopts);
	if (k->serialnum[0])
		add(out, "serialnum=%s\n", k->serialnum);
	if (k->dpupcislots[0])
		add(out, "dpupcislots=%s\n", k->dpupcislots);
	for (i = 0; i < k->n_parts; i++)
		add(out, "partition=%s disk=%s firstdisk=%s at=%s\n", k->parts[i].name, k->parts[i].disk,
		    k->parts[i].firstdisk, k->parts[i].where);
	if (k->network_json)
		add(out, "network=%s\n", k->network_json);
	if (k->clearpart)
		add(out, "clearpart=%s%s%s%s\n", k->clearpart_all ? "all" : k->clearpart_firstdisk ? "firstdisk" :
		    k->clearpart_drives[0] ? "drives:" : "ignore:", k->clearpart_drives, k->clearpart_ignore,
		    k->clearpart_overwritevmfs ? " overwritevmfs" : "");
	for (i = 0; i < k->n_scripts; i++) {
		const struct ks_script *s = &k->scripts[i];
		const char *p = s->body;

		add(out, "script=%s interpreter=%s ignorefailure=%d timeout=%u at=%s\n", whens[s->when],
		    s->interpreter, s->ignorefailure, s->timeout, s->where);
		while (p && *p) {
			size_t n = strcspn(p, "\n");

			add(out, "| %.*s\n", (int)n, p);
			p += n + (p[n] == '\n');
		}
	}
	for (i = 0; i < k->n_warnings; i++)
		add(out, "warning=%s\n", k->warnings[i]);
	for (i = 0; i < k->n_notes; i++)
		add(out, "note=%s\n", k->notes[i]);
}

/* Compare names for qsort. */
static int by_name(const void *a, const void *b)
{
	return strcmp(*(char *const *)a, *(char *const *)b);
}

/* Run every .ks file of the corpus against its .expected file. */
static void test_corpus(void)
{
	struct stoat_err e;
	char *names[256], exp_path[512], *want, *got = calloc(1, 1 << 16);
	size_t n = 0, i, nbad = 0, ngood = 0;
	struct dirent *de;
	DIR *d = opendir(".");

	while (d && (de = readdir(d)) && n < 256) {
		size_t l = strlen(de->d_name);

		if (l > 3 && !strcmp(de->d_name + l - 3, ".ks"))
			names[n++] = strdup(de->d_name);
	}
	if (d)
		closedir(d);
	qsort(names, n, sizeof(names[0]), by_name);
	for (i = 0; i < n; i++) {
		bool bad = !strncmp(names[i], "bad-", 4);
		int rc;

		snprintf(exp_path, sizeof(exp_path), "%.*s.expected", (int)strlen(names[i]) - 3, names[i]);
		want = slurp(exp_path);
		if (!want) {
			ok(0, "%s has an .expected file", names[i]);
			continue;
		}
		memset(&e, 0, sizeof(e));
		/* note-*: read as --kickstart-check reads, includes it cannot
		 * read noted (the %pre that would write them does not run) */
		rc = kickstart_load_with(names[i], !strncmp(names[i], "note-", 5) ? KS_LOAD_LENIENT : 0,
					 NULL, &ks, &e);
		if (bad) {
			want[strcspn(want, "\n")] = '\0';
			ok(rc < 0, "%s is refused", names[i]);
			is_str(e.msg, want, "%s: first error line", names[i]);
			nbad++;
		} else {
			ok(rc == 0, "%s is accepted (%s)", names[i], e.msg);
			dump(&ks, got);
			is_str(got, want, "%s: what was read", names[i]);
			ngood++;
		}
		kickstart_free(&ks);
		free(want);
		free(names[i]);
	}
	ok(nbad >= 30 && ngood >= 8, "corpus has %zu invalid and %zu valid files", nbad, ngood);
	free(got);
}

/* Write text to a temp file; its name into path. */
static void temp_ks(char *path, const char *text)
{
	int fd;

	strcpy(path, "/tmp/stoat-ks-XXXXXX");
	fd = mkstemp(path);
	if (fd >= 0) {
		if (write(fd, text, strlen(text)) < 0)
			path[0] = '\0';
		close(fd);
	}
}

/* Clear-text rootpw: hashed, verifies, and the password is not kept. */
static void test_plaintext(void)
{
	struct stoat_err e = { 0 };
	char path[64];
	const char *pw = "Kick-start7x";

	temp_ks(path, "vmaccepteula\nrootpw Kick-start7x\ninstall --firstdisk\nnetwork --bootproto=dhcp\n");
	ok(kickstart_load(path, &ks, &e) == 0, "clear-text rootpw is accepted (%s)", e.msg);
	ok(!strncmp(ks.pwhash, "$6$", 3) && pw_verify(pw, ks.pwhash), "it is stored as a $6$ hash of the password");
	ok(memmem(&ks, sizeof(ks), pw, strlen(pw)) == NULL, "the clear text is nowhere in struct kickstart");
	ok(ks.n_warnings == 0, "and no warning: ESXi's installer gives none for a clear-text password");
	kickstart_free(&ks);
	unlink(path);

	ok(kickstart_load("good-minimal.ks", &ks, &e) == 0, "good-minimal.ks loads");
	is_str(ks.pwhash, H6, "an --iscrypted hash is kept exactly");
	ok(pw_verify("Stoat-demo9x", ks.pwhash), "and verifies the password openssl hashed");
	kickstart_free(&ks);
}

/* The network JSON, read back by python3's json module. */
static void test_json(void)
{
	struct stoat_err e = { 0 };
	char path[64], cmd[256], out[256] = "";
	FILE *f;

	if (system("python3 -c 'import json' 2>/dev/null") != 0) {
		skip("python3 not installed");
		return;
	}
	ok(kickstart_load("good-full.ks", &ks, &e) == 0 && ks.network_json, "good-full.ks has a network");
	temp_ks(path, ks.network_json ? ks.network_json : "");
	snprintf(cmd, sizeof(cmd), "python3 -c 'import json,sys; d=json.load(open(sys.argv[1]));"
		 "print(d[\"ip\"], d[\"vlanid\"]+1, len(d[\"nameserver\"]), d[\"addvmportgroup\"])' %s", path);
	f = popen(cmd, "r");
	if (f) {
		if (!fgets(out, sizeof(out), f))
			out[0] = '\0';
		pclose(f);
	}
	is_str(out, "192.168.10.20 21 2 False\n", "python3 json reads ip, vlanid as a number, 2 nameservers, false");
	unlink(path);
	kickstart_free(&ks);
}

/* A fixture disk. */
static struct disk mk(const char *name, enum disk_transport t, const char *vendor,
		      const char *model, const char *driver)
{
	struct disk d;

	memset(&d, 0, sizeof(d));
	snprintf(d.name, sizeof(d.name), "%s", name);
	snprintf(d.path, sizeof(d.path), "/dev/%s", name);
	snprintf(d.vendor, sizeof(d.vendor), "%s", vendor);
	snprintf(d.model, sizeof(d.model), "%s", model);
	snprintf(d.driver, sizeof(d.driver), "%s", driver);
	d.transport = t;
	d.remote = t == TR_ISCSI || t == TR_FC || t == TR_NBD;
	d.removable = t == TR_USB || t == TR_SD;
	d.rotational = t == TR_SATA || t == TR_SAS || d.remote;	/* spinning LUNs */
	d.size = 64ull << 30;
	return d;
}

/* Name of the disk pick chose for ks (set up by the caller), or the error. */
static const char *pick(const struct disk_list *l, const char *firstdisk, const char *disk)
{
	static char res[600];
	const struct disk *d;
	struct stoat_err e = { 0 };

	snprintf(ks.firstdisk, sizeof(ks.firstdisk), "%s", firstdisk ? firstdisk : "");
	snprintf(ks.disk, sizeof(ks.disk), "%s", disk ? disk : "");
	if (kickstart_pick_disk(&ks, l, &d, &e) < 0)
		snprintf(res, sizeof(res), "error: %s", e.msg);
	else
		snprintf(res, sizeof(res), "%s", d->name);
	return res;
}

/* --firstdisk and --disk over fixture disk sets. */
static void test_pick(void)
{
	struct disk mixed[5], usbonly[2], remote[2];
	struct disk_list lm = { mixed, 5 }, lu = { usbonly, 2 }, lr = { remote, 2 };

	mixed[0] = mk("sda", TR_SATA, "ATA", "ST1000DM003", "ahci");
	mixed[1] = mk("sdb", TR_USB, "SanDisk", "Cruzer Blade", "usb-storage");
	mixed[2] = mk("nvme0n1", TR_NVME, "", "Samsung SSD 970", "nvme");
	mixed[3] = mk("sdc", TR_ISCSI, "LIO-ORG", "lun0", "iscsi_tcp");
	mixed[4] = mk("mmcblk0", TR_SD, "", "SD32G", "sdhci-pci");
	snprintf(mixed[0].wwn, sizeof(mixed[0].wwn), "naa.5000c500a1b2c3d4");
	usbonly[0] = mk("sdb", TR_USB, "Kingston", "DataTraveler 3.0", "uas");
	usbonly[1] = mk("mmcblk0", TR_SD, "", "SD16G", "sdhci");
	remote[0] = mk("sdc", TR_ISCSI, "LIO-ORG", "lun0", "iscsi_tcp");
	remote[1] = mk("sdd", TR_FC, "NETAPP", "LUN C-Mode", "qla2xxx");
	remote[1].has_esxi = true;

	memset(&ks, 0, sizeof(ks));
	ks.action = KS_INSTALL;
	strcpy(ks.where, "ks.cfg:3");
	is_str(pick(&lm, "local,remote,usb", NULL), "sda", "mixed, default order: the SATA disk");
	is_str(pick(&lm, "usb", NULL), "sdb", "mixed, usb: the USB stick comes before the SD card");
	is_str(pick(&lm, "remote,local", NULL), "sdc", "mixed, remote first: the iSCSI LUN");
	is_str(pick(&lm, "nvme", NULL), "nvme0n1", "driver word nvme");
	is_str(pick(&lm, "usb-storage", NULL), "sdb", "driver word usb-storage");
	is_str(pick(&lm, "sandisk", NULL), "sdb", "vendor word, any case");
	is_str(pick(&lm, "Samsung", NULL), "nvme0n1", "leading model word");
	is_str(pick(&lm, "sdhci-pci", NULL), "mmcblk0", "SD card by its driver");
	is_str(pick(&lm, "Samsung SSD 970,local", NULL), "nvme0n1", "a model name with blanks, before local");
	is_str(pick(&lm, "Samsung SSD 9,local", NULL), "sda", "part of a model word is no match: local next");
	is_str(pick(&lm, ",,local", NULL), "sda", "empty items match nothing");
	is_str(pick(&lu, "vmkusb", NULL), "sdb", "ESXi's USB driver name vmkusb takes any USB disk");
	is_str(pick(&lu, "usb-storage", NULL), "sdb", "usb-storage takes a uas stick too, as in ESXi");
	is_str(pick(&lm, "uas", NULL), "error: ks.cfg:3: no usable disk matches --firstdisk=uas",
	       "no uas disk: the error names the line and the list");
	mixed[0].verdict = DISK_SYSTEM;
	is_str(pick(&lm, "local,remote,usb", NULL), "nvme0n1", "system disk skipped: next local disk");
	ks.ignoressd = true;
	is_str(pick(&lm, "local,remote,usb", NULL), "sdc", "--ignoressd skips the NVMe SSD too: remote next");
	ks.ignoressd = false;
	mixed[0].verdict = DISK_USABLE;
	is_str(pick(&lm, NULL, "sdb"), "sdb", "--disk by name");
	is_str(pick(&lm, NULL, "/dev/nvme0n1"), "nvme0n1", "--disk by path");
	is_str(pick(&lm, NULL, "naa.5000c500a1b2c3d4"), "sda", "--disk by WWN");
	is_str(pick(&lm, NULL, "sdz"), "error: ks.cfg:3: no disk named sdz was found; check the name with stoat list-disks",
	       "--disk that does not exist");
	mixed[2].verdict = DISK_MOUNTED;
	snprintf(mixed[2].reason, sizeof(mixed[2].reason), "it has mounted partitions");
	is_str(pick(&lm, NULL, "nvme0n1"), "error: ks.cfg:3: the disk /dev/nvme0n1 cannot be used: it has mounted partitions",
	       "--disk naming an unusable disk gives its reason");

	is_str(pick(&lu, "local,remote,usb", NULL), "sdb", "USB only, default order: the stick");
	is_str(pick(&lu, "local", NULL), "error: ks.cfg:3: no usable disk matches --firstdisk=local",
	       "USB only: nothing is local");
	is_str(pick(&lu, "uas", NULL), "sdb", "a uas stick by driver");

	is_str(pick(&lr, "local,remote,usb", NULL), "sdc", "remote only: first LUN");
	is_str(pick(&lr, "remoteesx", NULL), "sdd", "remoteesx: the LUN with ESXi");
	is_str(pick(&lr, "esx", NULL), "sdd", "esx: the LUN with ESXi");
	is_str(pick(&lr, "localesx", NULL), "error: ks.cfg:3: no usable disk matches --firstdisk=localesx",
	       "localesx: none");
	ks.action = KS_UPGRADE;
	is_str(pick(&lr, "local,remote,usb", NULL), "sdd", "upgrade --firstdisk: the first disk holding ESXi");
	is_str(pick(&lr, NULL, "sdc"), "error: ks.cfg:3: the disk /dev/sdc holds no ESXi installation to upgrade; use install instead",
	       "upgrade --disk without ESXi");

	ks.action = KS_INSTALL;
	remote[0].has_vmfs = true;
	is_str(pick(&lr, NULL, "sdc"),
	       "error: ks.cfg:3: the disk /dev/sdc holds a VMFS datastore; add --overwritevmfs to erase it or --preservevmfs to keep it",
	       "VMFS without --overwritevmfs is refused");
	ks.novmfsondisk = ks.preservevmfs = true;
	is_str(pick(&lr, NULL, "sdc"),
	       "error: ks.cfg:3: the disk /dev/sdc holds a VMFS datastore, and --novmfsondisk does not keep one: add --overwritevmfs to erase it",
	       "VMFS with --novmfsondisk: the message does not ask for the --preservevmfs the line may have");
	ks.novmfsondisk = ks.preservevmfs = false;
	ks.overwritevmfs = true;
	is_str(pick(&lr, NULL, "sdc"), "sdc", "--overwritevmfs allows it");
	ks.overwritevmfs = false;
	ks.preservevmfs = true;
	is_str(pick(&lr, NULL, "sdc"), "sdc", "--preservevmfs allows it");
	ks.preservevmfs = false;
	ks.clearpart = ks.clearpart_overwritevmfs = true;
	strcpy(ks.clearpart_drives, "sdd,sdc");
	ok(!strncmp(pick(&lr, NULL, "sdc"), "error:", 6),
	   "clearpart --drives=...,sdc --overwritevmfs does not stand in for install --overwritevmfs (ESXi reads install first)");
	ks.clearpart = false;
	ks.action = KS_INSTALLORUPGRADE;
	remote[1].has_vmfs = true;
	is_str(pick(&lr, NULL, "sdd"),
	       "error: ks.cfg:3: the disk /dev/sdd holds a VMFS datastore; add --overwritevmfs to erase it or --preservevmfs to keep it",
	       "installorupgrade over VMFS with no upgradable bootbank installs, so it needs --overwritevmfs");
	remote[1].upgradable = true;
	is_str(pick(&lr, NULL, "sdd"), "sdd", "installorupgrade over an upgradable ESXi with VMFS: no flag needed");
	ks.action = KS_UPGRADE;
	is_str(pick(&lr, NULL, "sdd"), "sdd", "upgrade over VMFS never needs --overwritevmfs");
}

/* kickstart_to_plan copies the kickstart's choices. */
static void test_plan(void)
{
	struct install_plan plan;
	struct stoat_err e = { 0 };

	plan_init(&plan);
	ok(kickstart_load("good-full.ks", &ks, &e) == 0, "good-full.ks loads for the plan");
	ok(kickstart_to_plan(&ks, &plan, &e) == 0, "kickstart_to_plan succeeds (%s)", e.msg);
	is_str(plan.keyboard, "Swiss German", "plan keyboard");
	is_str(plan.pwhash, ks.pwhash, "plan password hash");
	is_str(plan.bootopts, "allowLegacyCPU=true systemMediaSize=min", "plan boot options");
	ok(plan.legacy_usb && plan.overwrite_vmfs && !plan.preserve_vmfs && plan.dry_run,
	   "legacy USB, overwrite VMFS, dry run");
	ok(plan.network_json && plan.network_json != ks.network_json
	   && !strcmp(plan.network_json, ks.network_json), "network JSON is a copy");
	is_u64(plan.n_scripts, 2, "only the two %%firstboot scripts go into the plan");
	is_str(plan.scripts[1].body, "echo second\n", "second first-boot script body");
	ok(plan.scripts[0].body != ks.scripts[2].body, "bodies are copies");
	kickstart_free(&ks);
	plan_free(&plan);
}

/* The end of an unattended install: reboot, eject, wait or exit. The
 * optical drive is a device node made with mknod (SCSI CD-ROM, 11:0) in a
 * temporary folder: it is only stat()ed, never opened. */
static void test_end(void)
{
	char dir[] = "/tmp/stoat-end-XXXXXX", node[64], file[64];
	struct kickstart k;
	struct ks_end end;
	FILE *f;

	memset(&k, 0, sizeof(k));
	if (!mkdtemp(dir)) {
		ok(0, "mkdtemp");
		return;
	}
	snprintf(node, sizeof(node), "%s/sr0", dir);
	snprintf(file, sizeof(file), "%s/m.iso", dir);
	f = fopen(file, "w");
	if (f)
		fclose(f);
	ks_end_plan(&k, false, false, file, &end);
	ok(end.kind == KS_END_EXIT, "no reboot command, no terminal: exit");
	ks_end_plan(&k, false, true, file, &end);
	ok(end.kind == KS_END_WAIT, "no reboot command, a terminal: wait for Enter");
	k.reboot = true;
	ks_end_plan(&k, true, true, file, &end);
	ok(end.kind == KS_END_EXIT, "reboot with --no-reboot: exit");
	ks_end_plan(&k, false, false, file, &end);
	ok(end.kind == KS_END_REBOOT && !end.eject, "reboot with an ISO file: reboot, no eject");
	if (mknod(node, S_IFBLK | 0600, makedev(11, 0)) == 0) {
		ks_end_plan(&k, false, false, node, &end);
		ok(end.kind == KS_END_REBOOT && end.eject && !strcmp(end.eject_path, node),
		   "reboot with an optical drive: eject it first");
		ok(ks_media_optical(node), "a block device 11:0 is an optical drive");
		k.noeject = true;
		ks_end_plan(&k, false, false, node, &end);
		ok(end.kind == KS_END_REBOOT && !end.eject, "reboot --noeject: no eject");
		unlink(node);
	} else {
		printf("ok %u # SKIP mknod: not root\n", ++tap_n);
		printf("ok %u # SKIP mknod: not root\n", ++tap_n);
		printf("ok %u # SKIP mknod: not root\n", ++tap_n);
	}
	ok(!ks_media_optical(file), "a regular file is not an optical drive");
	unlink(file);
	rmdir(dir);
}

/* What the %pre hook of test_pre saw. */
struct pre_seen {
	char dir[64];
	int calls;
	bool fail;
};

/* A stand-in for running a %pre script: do what its body says it does
 * (write the file that is included), or fail. */
static int pre_run(void *ctx, const struct ks_script *s, struct stoat_err *e)
{
	struct pre_seen *p = ctx;
	char path[128];
	FILE *f;

	p->calls++;
	if (p->fail)
		return err_set(e, EIO, "the %s script at %s failed with exit status 1", ks_script_section(s),
			       s->where);
	if (!strstr(s->body, "rootpass"))
		return 0;
	snprintf(path, sizeof(path), "%s/rootpass", p->dir);
	f = fopen(path, "w");
	if (!f)
		return err_set(e, EIO, "cannot write %s", path);
	fprintf(f, "rootpw --iscrypted %s\ninstall --firstdisk --overwritevmfs\n", H6);
	fclose(f);
	return 0;
}

/* %pre runs before %include is read (ESXi's order): a %pre that writes
 * the included file works; --check's reading notes what it could not
 * read; the first pass without includes notes them too. */
static void test_pre(void)
{
	struct pre_seen seen = { "/tmp/stoat-pre-XXXXXX", 0, false };
	struct ks_pre_hook hook = { &seen, pre_run };
	struct stoat_err e = { 0 };
	char path[128], text[512], inc[128];

	if (!mkdtemp(seen.dir)) {
		ok(0, "mkdtemp");
		return;
	}
	snprintf(path, sizeof(path), "%s/ks.cfg", seen.dir);
	snprintf(inc, sizeof(inc), "%s/rootpass", seen.dir);
	snprintf(text, sizeof(text), "vmaccepteula\n%%pre --interpreter=busybox\necho ... >%s\n%%include %s\nreboot\n", inc, inc);
	temp_ks(path, text);
	ok(kickstart_load(path, &ks, &e) < 0 && strstr(e.msg, "cannot read the included file"),
	   "without %%pre running, the include is missing: an error (%s)", e.msg);
	ok(kickstart_load_with(path, KS_LOAD_LENIENT, NULL, &ks, &e) == 0, "--check's reading accepts it (%s)", e.msg);
	ok(ks.n_notes == 3 && strstr(ks.notes[0], ":4: %include ") && strstr(ks.notes[0], "No such file")
	   && strstr(ks.notes[1], "no rootpw") && strstr(ks.notes[2], "no install"),
	   "and notes the include, why, and what may be in it");
	ok(ks.n_warnings == 0, "notes are not warnings");
	kickstart_free(&ks);
	ok(kickstart_load_with(path, KS_LOAD_DEFER, NULL, &ks, &e) == 0 && ks.n_notes == 3
	   && strstr(ks.notes[0], "read after the %pre scripts"), "the first pass leaves the include for later");
	kickstart_free(&ks);
	ok(access(inc, F_OK) != 0, "nothing ran so far: the included file does not exist");
	ok(kickstart_load_with(path, 0, &hook, &ks, &e) == 0, "with the %%pre hook the file loads (%s)", e.msg);
	is_str(ks.pwhash, H6, "rootpw comes from the file %%pre wrote");
	ok(ks.action == KS_INSTALL && ks.reboot && ks.overwritevmfs, "and install from it, reboot from the main file");
	is_u64((uint64_t)seen.calls, 1, "the %%pre script ran once");
	ok(ks.n_scripts == 1 && ks.scripts[0].when == KS_PRE, "and is listed");
	kickstart_free(&ks);
	unlink(inc);
	seen.fail = true;
	ok(kickstart_load_with(path, 0, &hook, &ks, &e) < 0 && strstr(e.msg, "failed with exit status 1"),
	   "a failing %%pre stops the reading with its error");
	ok(access(inc, F_OK) != 0, "and nothing was included");
	unlink(path);
	rmdir(seen.dir);
}

/* partition: the disk each datastore line names. */
static void test_part_disk(void)
{
	struct disk v[3];
	struct disk_list l = { v, 3 };
	struct stoat_err e = { 0 };
	const struct disk *d;

	v[0] = mk("sda", TR_SATA, "ATA", "ST1000DM003", "ahci");
	v[1] = mk("sdb", TR_SATA, "ATA", "WDC WD20", "ahci");
	v[2] = mk("sdc", TR_ISCSI, "LIO-ORG", "lun0", "iscsi_tcp");
	ok(kickstart_load("warn-partition.ks", &ks, &e) == 0, "warn-partition.ks loads");
	ok(kickstart_part_disk(&ks, 0, &l, &v[0], &d, &e) == 0 && d == &v[1], "--ondisk=sdb: sdb");
	ok(kickstart_part_disk(&ks, 1, &l, &v[0], &d, &e) == 0 && d == &v[2], "--onfirstdisk=remote: the iSCSI LUN");
	snprintf(ks.parts[1].firstdisk, sizeof(ks.parts[1].firstdisk), "local");
	ok(kickstart_part_disk(&ks, 1, &l, &v[0], &d, &e) == 0 && d == &v[1],
	   "--onfirstdisk=local skips the install disk");
	ok(kickstart_part_disk(&ks, 0, &l, &v[1], &d, &e) < 0 && strstr(e.msg, "is the install disk"),
	   "--ondisk naming the install disk is an error (%s)", e.msg);
	kickstart_free(&ks);

	/* ESXi clears a partition disk only for a clearpart line read
	 * before the partition line; install --overwritevmfs is no help */
	ok(kickstart_load("good-partition-clearpart-order.ks", &ks, &e) == 0,
	   "good-partition-clearpart-order.ks loads (%s)", e.msg);
	ok(kickstart_ds_clear_ok(&ks, 0, &v[1], &e) == 0, "an empty disk needs no clearpart");
	v[1].nparts = 1;
	ok(kickstart_ds_clear_ok(&ks, 0, &v[1], &e) == -ENOTEMPTY
	   && !strcmp(e.msg, "good-partition-clearpart-order.ks:5: the disk /dev/sdb already has partitions; as in ESXi, a clearpart line naming it must come before the partition line"),
	   "a disk with partitions, cleared only after the partition line: refused (%s)", e.msg);
	v[2].nparts = 1;
	v[2].has_vmfs = true;
	ok(kickstart_ds_clear_ok(&ks, 1, &v[2], &e) == 0, "clearpart --drives=...,sdc --overwritevmfs first: sdc may go");
	ks.parts[1].cp_overwritevmfs = false;
	ok(kickstart_ds_clear_ok(&ks, 1, &v[2], &e) == -EEXIST && strstr(e.msg, "needs --overwritevmfs"),
	   "VMFS on it and clearpart without --overwritevmfs: refused, install --overwritevmfs does not count (%s)", e.msg);
	ok(kickstart_ds_clear_ok(&ks, 1, &v[1], &e) == 0, "the clearpart line names sdb too, and comes before line 7");
	v[0].nparts = 1;
	ok(kickstart_ds_clear_ok(&ks, 1, &v[0], &e) == -ENOTEMPTY, "a disk clearpart does not name is refused");
	kickstart_free(&ks);
}

int main(void)
{
	const char *top = getenv("top_srcdir");
	char dir[4096];

	snprintf(dir, sizeof(dir), "%s/tests/kickstart", top ? top : ".");
	if (chdir(dir) != 0) {
		printf("1..0 # SKIP cannot enter %s\n", dir);
		return 0;
	}
	test_corpus();
	test_plaintext();
	test_json();
	test_pick();
	test_plan();
	test_end();
	test_pre();
	test_part_disk();
	return tap_done();
}
