/* test_efiboot.c - the firmware boot entry: efiboot_find on efibootmgr -v
 * text (efibootmgr 17 as the rescue VM printed it under OVMF in
 * tests/vm/efi-entry.sh, and efibootmgr 18's layout with its "dp:" and
 * "data:" lines), efiboot_wanted's decisions with plan.efi_dir pointing
 * at a scratch folder, and efiboot_create's efibootmgr commands, argument
 * for argument, through a stand-in efibootmgr first in PATH. */
#include "config.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "efiboot.h"
#include "tap.h"

/* p1's unique GUID 0e08b1ce-f193-11f1-a46b-b14c48d8555f as its GPT entry
 * holds it (the first three fields little-endian). */
static const uint8_t p1[16] = { 0xce, 0xb1, 0x08, 0x0e, 0x93, 0xf1, 0xf1, 0x11,
				0xa4, 0x6b, 0xb1, 0x4c, 0x48, 0xd8, 0x55, 0x5f };
/* The stick's p1: 7b5780ea-fd3c-45f0-af71-791062577f7d. */
static const uint8_t other[16] = { 0xea, 0x80, 0x57, 0x7b, 0x3c, 0xfd, 0xf0, 0x45,
				   0xaf, 0x71, 0x79, 0x10, 0x62, 0x57, 0x7f, 0x7d };

/* efibootmgr 17's -v, as the VM printed it after the install. */
static const char v17[] =
	"Timeout: 0 seconds\n"
	"BootOrder: 0001,0000\n"
	"Boot0000* UiApp\tFvVol(7cb8bdc9-f8eb-4f34-aaea-3ee4af6516a1)/FvFile(462caa21-7614-4503-836e-8ab6f4662331)\n"
	"Boot0001* VMware ESXi\tHD(1,GPT,0e08b1ce-f193-11f1-a46b-b14c48d8555f,0x40,0x1fc0)/File(\\EFI\\VMware\\safeboot64.efi)\n";

/* efibootmgr 18's -v: BootCurrent, the path right after a tab, optional
 * data (here a firmware entry's raw bytes) glued to it, then the device
 * path's bytes on a "dp:" line (which hold the GUID in on-disk order) and
 * the optional data on a "data:" line; no newline at the end. */
static const char v18[] =
	"BootCurrent: 000A\n"
	"Timeout: 3 seconds\n"
	"BootOrder: 000A,0002,0000\n"
	"Boot0000* UiApp\tFvVol(7cb8bdc9-f8eb-4f34-aaea-3ee4af6516a1)/FvFile(462caa21-7614-4503-836e-8ab6f4662331)\n"
	"      dp: 04 07 14 00 c9 bd b8 7c eb f8 34 4f aa ea 3e e4 af 65 16 a1 / 7f ff 04 00\n"
	"Boot0002* UEFI QEMU HARDDISK QM00001 \tPciRoot(0x0)/Pci(0x1f,0x2)/Sata(0,65535,0)N.....YM....R,Y.\n"
	"      dp: 02 01 0c 00 d0 41 03 0a 00 00 00 00 / 7f ff 04 00\n"
	"    data: 4e ac 08 81 11 9f 59 4d 85 0e e2 1a 52 2c 59 b2\n"
	"Boot000A* VMware ESXi\tHD(1,GPT,0e08b1ce-f193-11f1-a46b-b14c48d8555f,0x40,0x1fc0)/File(\\EFI\\VMware\\safeboot64.efi)\n"
	"      dp: 04 01 2a 00 01 00 00 00 40 00 00 00 00 00 00 00 c0 1f 00 00 00 00 00 00 "
	"ce b1 08 0e 93 f1 f1 11 a4 6b b1 4c 48 d8 55 5f 02 02 / 7f ff 04 00";

/* efiboot_find on text; how many, the first number in *first. */
static size_t find(const char *text, const uint8_t *guid, unsigned *first)
{
	unsigned num[8] = { 0 };
	size_t n = efiboot_find(text, guid, num, 8);

	*first = num[0];
	return n;
}

#define GPT_P1 "HD(1,GPT,0e08b1ce-f193-11f1-a46b-b14c48d8555f,0x40,0x1fc0)"
#define LOADER "/File(\\EFI\\VMware\\safeboot64.efi)\n"

/* One line of efibootmgr -v and the boot number efiboot_find must give
 * for p1 (-1: none). */
static const struct {
	const char *line;
	int want;
	const char *what;
} lines[] = {
	{ "Boot0004* VMware ESXi\tHD(1,GPT,0E08B1CE-F193-11F1-A46B-B14C48D8555F,0x40,0x1fc0)" LOADER, 4,
	  "an upper-case GUID (as OVMF prints them) matches" },
	{ "Boot0004* VMware ESXi\tHD(1,GPT,0e08B1ce-F193-11f1-a46b-B14C48D8555f,0x40,0x1fc0)" LOADER, 4,
	  "so does one in mixed case" },
	{ "Boot0004* VMware ESXi\tHD(1,GPT,0e08b1ce-f193-11f1-a46b-b14c48d8555e,0x40,0x1fc0)" LOADER, -1,
	  "a GUID that differs in its last digit does not" },
	{ "Boot0004* VMware ESXi\tHD(1,GPT,0e08b1ce-f193-11f1-a46b-b14c48d8555,0x40,0x1fc0)" LOADER, -1,
	  "nor one a digit short" },
	{ "Boot0004* VMware ESXi\tHD(1,GPT,ceb1080e-93f1-f111-a46b-b14c48d8555f,0x40,0x1fc0)" LOADER, -1,
	  "the on-disk byte order read as text is another GUID" },
	{ "Boot0004* VMware ESXi\tHD(1,MBR,0x0e08b1ce,0x800,0x1000)" LOADER, -1,
	  "an MBR partition is not p1" },
	{ "Boot0004* VMware ESXi\tFvVol(0e08b1ce-f193-11f1-a46b-b14c48d8555f)/FvFile(462caa21-7614-4503-836e-8ab6f4662331)\n",
	  -1, "the GUID outside an HD() node does not count" },
	{ "Boot0009* VMware ESXi\tPciRoot(0x0)/Pci(0x1f,0x2)/Sata(0,65535,0)/" GPT_P1 LOADER, 9,
	  "a full device path (--full-dev-path) matches" },
	{ "Boot0007  VMware ESXi\t" GPT_P1 LOADER, 7, "an inactive entry (no '*') matches" },
	/* the label: exactly "VMware ESXi" */
	{ "Boot0004* VMware ESXi 8.0\t" GPT_P1 LOADER, -1,
	  "a label that only starts with \"VMware ESXi \" is another entry" },
	{ "Boot0004* VMware ESXiX\t" GPT_P1 LOADER, -1, "so is \"VMware ESXiX\"" },
	{ "Boot0004* Old VMware ESXi\t" GPT_P1 LOADER, -1, "and \"Old VMware ESXi\"" },
	{ "Boot0004* vmware esxi\t" GPT_P1 LOADER, -1, "and \"vmware esxi\"" },
	{ "Boot0004* VMware ESXi\n", -1, "a line without a device path (efibootmgr 17 without -v)" },
	{ "BootCurrent: 0001\nBootNext: 0001\n", -1, "BootCurrent and BootNext are no entries" },
	{ "", -1, "no text, no entry" },
};

/* What efiboot_find matches and what it leaves. */
static void finds(void)
{
	const char *three = "Boot0003* VMware ESXi\t" GPT_P1 LOADER
		"Boot0005* VMware ESXi\tHD(1,GPT,7b5780ea-fd3c-45f0-af71-791062577f7d,0x40,0x1fc0)" LOADER
		"Boot000C* VMware ESXi\t" GPT_P1 "/File(\\EFI\\VMware\\safeboot64.efi)";
	unsigned num[4] = { 0 }, first;
	size_t i, n;

	ok(find(v17, p1, &first) == 1 && first == 1, "efibootmgr 17: Boot0001 \"VMware ESXi\" points at p1");
	ok(find(v17, other, &first) == 0, "efibootmgr 17: no entry points at another partition");
	ok(find(v18, p1, &first) == 1 && first == 0xA,
	   "efibootmgr 18 (dp: and data: lines, no final newline): Boot000A, a hex boot number");
	for (i = 0; i < sizeof(lines) / sizeof(lines[0]); i++) {
		n = find(lines[i].line, p1, &first);
		ok(lines[i].want < 0 ? n == 0 : n == 1 && first == (unsigned)lines[i].want, "%s", lines[i].what);
	}
	ok(efiboot_find(three, p1, num, 4) == 2 && num[0] == 3 && num[1] == 0xC,
	   "two stale entries for p1 are both found, the other disk's is not");
	num[1] = 0;
	ok(efiboot_find(three, p1, num, 1) == 1 && num[0] == 3 && num[1] == 0, "no more than max are returned");
	ok(efiboot_find(three, other, num, 4) == 1 && num[0] == 5, "the other disk's entry, asked for by its GUID");
}

/* efiboot_wanted for plan p (uefi set up or not); why in why. */
static bool wanted(const struct install_plan *p, bool uefi, char *why)
{
	return efiboot_wanted(p, uefi, why, 256);
}

/* When the install adds the entry, and what it says when not. */
static void decisions(const char *dir)
{
	struct install_plan *p = calloc(1, sizeof(*p));
	char why[256], file[300];
	struct stat st;
	bool host;

	if (!p)
		return;
	snprintf(p->target.path, sizeof(p->target.path), "/dev/sda");
	p->target.transport = TR_SATA;
	snprintf(p->efi_dir, sizeof(p->efi_dir), "%s", dir);
	ok(wanted(p, true, why) && !why[0], "a SATA disk of a machine started by UEFI: the entry is made");
	p->target.transport = TR_NVME;
	ok(wanted(p, true, why), "so is it for an NVMe disk");

	ok(!wanted(p, false, why), "not when UEFI boot is not set up on p1");
	is_str(why, "UEFI boot is not set up", "and it says so");

	p->no_boot_entry = true;
	ok(!wanted(p, true, why), "not with --no-boot-entry");
	is_str(why, "--no-boot-entry was given", "which it names");
	p->no_boot_entry = false;

	p->target.is_file = true;
	p->target.transport = TR_FILE;
	ok(!wanted(p, true, why), "not for an image file");
	is_str(why, "an image file or loop device", "and it says why");
	p->target.transport = TR_USB;
	ok(!wanted(p, true, why) && strstr(why, "image file"), "nor for an image file standing in for a USB stick");
	p->target.is_file = false;

	p->target.transport = TR_LOOP;
	ok(!wanted(p, true, why) && strstr(why, "loop device"), "not for a loop device");
	p->target.transport = TR_USB;
	ok(!wanted(p, true, why), "not for a USB stick");
	is_str(why, "USB or SD flash, often for another host", "and it says why");
	p->target.transport = TR_SD;
	ok(!wanted(p, true, why) && strstr(why, "SD flash"), "not for an SD card");
	p->target.transport = TR_SATA;

	snprintf(p->efi_dir, sizeof(p->efi_dir), "%s/none", dir);
	ok(!wanted(p, true, why), "not when the firmware folder does not exist");
	is_str(why, "this machine did not start by UEFI", "and it says why");
	snprintf(file, sizeof(file), "%s/file", dir);
	tap_sh("touch %s", file);
	snprintf(p->efi_dir, sizeof(p->efi_dir), "%s", file);
	ok(!wanted(p, true, why) && strstr(why, "UEFI"), "nor when it is a file, not a folder");

	p->efi_dir[0] = '\0';
	host = stat("/sys/firmware/efi", &st) == 0 && S_ISDIR(st.st_mode);
	ok(wanted(p, true, why) == host, "with no efi_dir, /sys/firmware/efi decides (%s here)",
	   host ? "present" : "absent");
	free(p);
}

/* A stand-in efibootmgr in dir: each call's arguments as one line of
 * dir/calls ("[arg]" each), -v prints listing, and the call whose
 * arguments contain fail exits 1 with a message. */
static void stub_efibootmgr(const char *dir, const char *listing, const char *fail)
{
	char path[300];
	FILE *f;

	snprintf(path, sizeof(path), "%s/efibootmgr", dir);
	if (!(f = fopen(path, "w")))
		return;
	fprintf(f, "#!/bin/sh\nprintf '[%%s]' \"$@\" >>'%s/calls'\necho >>'%s/calls'\n", dir, dir);
	fprintf(f, "case \" $* \" in *' %s '*) echo 'efibootmgr: stand-in failure' >&2; exit 1 ;; esac\n",
		fail);
	fprintf(f, "[ \"$1\" = -v ] && cat <<'EOF'\n%sEOF\nexit 0\n", listing);
	fclose(f);
	chmod(path, 0755);
	snprintf(path, sizeof(path), "%s/calls", dir);
	unlink(path);
}

/* The calls the stand-in recorded. */
static const char *stub_calls(const char *dir)
{
	static char buf[2048];
	char path[300];
	FILE *f;
	size_t n = 0;

	snprintf(path, sizeof(path), "%s/calls", dir);
	buf[0] = '\0';
	if ((f = fopen(path, "r"))) {
		n = fread(buf, 1, sizeof(buf) - 1, f);
		fclose(f);
	}
	buf[n] = '\0';
	return buf;
}

/* efiboot_create: list, remove the entries of the old and the new p1,
 * then create "VMware ESXi" -> \EFI\VMware\safeboot64.efi on partition
 * 1 (efibootmgr -c puts a new entry first in BootOrder). */
static void creates(const char *dir)
{
	static const char listing[] =
		"BootOrder: 0005,0003,000C\n"
		"Boot0003* VMware ESXi\tHD(1,GPT,7b5780ea-fd3c-45f0-af71-791062577f7d,0x40,0x1fc0)" LOADER
		"Boot0005* VMware ESXi 8.0\t" GPT_P1 LOADER
		"Boot000C* VMware ESXi\t" GPT_P1 LOADER;
	struct install_plan *p = calloc(1, sizeof(*p));
	struct stoat_err e = { 0 };
	char path[4096];
	char *old = getenv("PATH") ? strdup(getenv("PATH")) : NULL;

	if (!p)
		return;
	snprintf(path, sizeof(path), "%s:%s", dir, old ? old : "/usr/bin:/bin");
	setenv("PATH", path, 1);
	snprintf(p->target.path, sizeof(p->target.path), "/dev/sda");
	p->target.transport = TR_SATA;

	stub_efibootmgr(dir, listing, "no-such-argument");
	ok(efiboot_create(p, 1, other, p1, &e) == 0, "efiboot_create with the stand-in efibootmgr (%s)", e.msg);
	is_str(stub_calls(dir),
	       "[-v]\n"
	       "[-q][-b][0003][-B]\n"
	       "[-q][-b][000C][-B]\n"
	       "[-q][-c][-d][/dev/sda][-p][1][-L][VMware ESXi][-l][\\EFI\\VMware\\safeboot64.efi]\n",
	       "it lists, removes the entries of the old p1 and of this p1 (not \"VMware ESXi 8.0\"), "
	       "then creates \"VMware ESXi\" -> \\EFI\\VMware\\safeboot64.efi on /dev/sda partition 1");

	stub_efibootmgr(dir, "BootOrder: 0000\n", "no-such-argument");
	ok(efiboot_create(p, 1, NULL, p1, &e) == 0, "a first install: no stale entry");
	is_str(stub_calls(dir),
	       "[-v]\n[-q][-c][-d][/dev/sda][-p][1][-L][VMware ESXi][-l][\\EFI\\VMware\\safeboot64.efi]\n",
	       "it lists, then creates the entry");

	stub_efibootmgr(dir, "BootOrder: 0000\n", "-c");
	ok(efiboot_create(p, 1, NULL, p1, &e) < 0, "efibootmgr -c failing fails the step");
	ok(strstr(e.msg, "VMware ESXi") && strstr(e.msg, "stand-in failure"),
	   "naming the entry and efibootmgr's message: %s", e.msg);
	if (old)
		setenv("PATH", old, 1);
	free(old);
	free(p);
}

int main(void)
{
	char dir[] = "/tmp/stoat-efiboot.XXXXXX";

	finds();
	if (!mkdtemp(dir))
		return 1;
	decisions(dir);
	creates(dir);
	tap_sh("rm -rf %s", dir);
	return tap_done();
}
