/* test_demo.c - demo_prepare: the sample ISO read back by xorriso (not by
 * libarchive), its boot.cfg, the sparse disk images and their --disk specs,
 * idempotence, and the default cache folder. */
#include "config.h"

#include <dirent.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "demo.h"
#include "disk.h"
#include "tap.h"

/* Run cmd and return its whole output (static buffer). */
static const char *run(const char *cmd)
{
	static char out[8192];
	size_t n = 0;
	FILE *f = popen(cmd, "r");

	out[0] = '\0';
	if (!f)
		return out;
	n = fread(out, 1, sizeof(out) - 1, f);
	out[n] = '\0';
	pclose(f);
	return out;
}

/* Size of a file, or -1. */
static long long fsize(const char *path)
{
	struct stat st;

	return stat(path, &st) < 0 ? -1 : (long long)st.st_size;
}

/* True when dir holds a leftover temporary file. */
static bool has_tmp(const char *dir)
{
	DIR *d = opendir(dir);
	struct dirent *de;
	bool found = false;

	while (d && (de = readdir(d)))
		if (strstr(de->d_name, ".tmp-"))
			found = true;
	if (d)
		closedir(d);
	return found;
}

/* The path of the demo ISO in dir (static buffer). */
static const char *df_media_path(const char *dir)
{
	static char path[300];

	snprintf(path, sizeof(path), "%s/esxi-6.7.0-demo-1.iso", dir);
	return path;
}

/* The ISO, checked with xorriso. */
static void test_iso(const struct demo_files *df, const char *tmp)
{
	char cmd[8400], path[4200];
	const char *out;

	if (system("xorriso -version >/dev/null 2>&1") != 0) {
		skip("xorriso not installed");
		return;
	}
	snprintf(cmd, sizeof(cmd), "xorriso -indev '%s' -find / -type f 2>/dev/null | sort", df->media);
	out = run(cmd);
	is_str(out, "'/B.B00'\n'/BOOT.CFG'\n'/EFI/BOOT/BOOT.CFG'\n'/EFI/BOOT/BOOTX64.EFI'\n'/IMGDB.TGZ'\n"
	       "'/JUMPSTRT.GZ'\n'/K.B00'\n'/LICENSE.TXT'\n'/S.V00'\n'/TOOLS.T00'\n'/USEROPTS.GZ'\n'/VMX.V00'\n",
	       "xorriso lists the upper-case ESXi-style files");
	snprintf(cmd, sizeof(cmd), "xorriso -osirrox on -indev '%s' -extract / '%s/x' >/dev/null 2>&1; echo $?",
		 df->media, tmp);
	is_str(run(cmd), "0\n", "xorriso extracts the ISO");
	snprintf(cmd, sizeof(cmd), "cat '%s/x/BOOT.CFG'", tmp);
	out = run(cmd);
	ok(strstr(out, "\nkernel=/b.b00\n") != NULL, "boot.cfg names the kernel in lower case");
	ok(strstr(out, "\nkernelopt=cdromBoot runweasel\n") != NULL, "installer kernelopt");
	ok(strstr(out, "\nbuild=6.7.0-") != NULL, "build= says 6.7");
	ok(strstr(out, "\ntitle=") != NULL, "a title line");
	ok(strstr(out, "modules=/jumpstrt.gz --- ") != NULL && strstr(out, " --- /s.v00 --- "),
	   "modules joined by ---");
	snprintf(cmd, sizeof(cmd), "cmp '%s/x/BOOT.CFG' '%s/x/EFI/BOOT/BOOT.CFG' && echo same", tmp, tmp);
	is_str(run(cmd), "same\n", "the UEFI boot.cfg is the same file");
	snprintf(cmd, sizeof(cmd), "cd '%s/x' && for m in $(sed -n 's/^modules=//p' BOOT.CFG | sed 's/ --- / /g'); "
		 "do f=$(echo \"$m\" | tr a-z A-Z | tr -d /); test -s \"$f\" || echo \"missing $f\"; done; echo done", tmp);
	is_str(run(cmd), "done\n", "every module boot.cfg names is on the ISO and not empty");
	snprintf(path, sizeof(path), "%s/x/S.V00", tmp);
	is_u64((uint64_t)fsize(path), 2 << 20, "S.V00 holds 2 MiB");
	snprintf(cmd, sizeof(cmd), "head -c 2 '%s/x/EFI/BOOT/BOOTX64.EFI'", tmp);
	is_str(run(cmd), "MZ", "the EFI placeholder starts like a PE file");
	snprintf(cmd, sizeof(cmd), "grep -c . '%s/x/LICENSE.TXT'", tmp);
	ok(atoi(run(cmd)) >= 5, "a license text");
	ok(fsize(df->media) > 0 && fsize(df->media) < 8 << 20, "the ISO is a few MiB (%lld bytes)", fsize(df->media));
}

/* The disk images and their specs. */
static void test_disks(const struct demo_files *df)
{
	static const struct { long long size; enum disk_transport t; } want[4] = {
		{ 40ll << 30, TR_FILE }, { 16ll << 30, TR_USB }, { 8ll << 30, TR_SD }, { 512ll << 20, TR_FILE },
	};
	struct disk_spec s;
	struct stoat_err e = { 0 };
	struct stat st;
	unsigned i;

	is_u64(df->n_disks, 4, "four demo disks");
	for (i = 0; i < 4 && i < df->n_disks; i++) {
		ok(disk_spec_parse(df->disks[i], &s, &e) == 0, "%s parses as a --disk spec", df->disks[i]);
		ok(s.transport == want[i].t, "disk %u has the right kind", i);
		ok(stat(s.path, &st) == 0 && st.st_size == want[i].size, "disk %u has the right size", i);
		ok(st.st_blocks * 512 < (1 << 20), "disk %u is sparse (%lld bytes allocated)", i,
		   (long long)st.st_blocks * 512);
	}
}

/* demo_reset removes what the demo made and only that; the next
 * demo_prepare gives empty disk images and a new ISO. */
static void test_reset(const char *dir)
{
	struct demo_files df;
	struct stoat_err e = { 0 };
	char local[300], mine[300], got[300], cmd[700];
	FILE *f;

	snprintf(local, sizeof(local), "%s/local-40g.img", dir);
	snprintf(mine, sizeof(mine), "%s/notes.txt", dir);
	snprintf(cmd, sizeof(cmd), "printf 'installed' | dd of='%s' bs=1M seek=100 conv=notrunc status=none", local);
	ok(system(cmd) == 0, "write into the local demo disk, as an install would");
	f = fopen(mine, "w");
	ok(f && fputs("mine\n", f) >= 0 && fclose(f) == 0, "a file of the user's own in the demo folder");
	ok(demo_reset(dir, got, sizeof(got), &e) == 0, "demo_reset succeeds (%s)", e.msg);
	is_str(got, dir, "and reports the folder it reset");
	ok(fsize(local) < 0 && fsize(df_media_path(dir)) < 0, "the disk image and the ISO are gone");
	ok(fsize(mine) == 5, "the user's own file is left alone");
	ok(demo_reset(dir, got, sizeof(got), &e) == 0, "a second reset, with nothing to remove, succeeds");
	ok(demo_prepare(dir, &df, &e) == 0, "demo_prepare after the reset (%s)", e.msg);
	ok(fsize(df.media) > 0 && !strcmp(df.media, df_media_path(dir)), "the ISO is made again");
	is_u64((uint64_t)fsize(local), 40ull << 30, "the local disk is back at 40 GiB");
	snprintf(cmd, sizeof(cmd), "cmp -s -n 200M '%s' /dev/zero && echo zeros", local);
	is_str(run(cmd), "zeros\n", "and holds zeros only: what was written is gone");
}

int main(void)
{
	char tmp[] = "/tmp/stoat-demo-XXXXXX", dir[256], cmd[512], xdg[300];
	struct demo_files df, again;
	struct stoat_err e = { 0 };
	struct stat a, b, u1, u2;
	char local[300], usb[300];

	if (!mkdtemp(tmp)) {
		printf("1..0 # SKIP cannot make a temp dir\n");
		return 0;
	}
	snprintf(dir, sizeof(dir), "%s/cache/demo", tmp);
	ok(demo_prepare(dir, &df, &e) == 0, "demo_prepare builds into a new nested folder (%s)", e.msg);
	is_str(df.dir, dir, "the folder used is reported");
	test_iso(&df, tmp);
	test_disks(&df);
	snprintf(local, sizeof(local), "%s/local-40g.img", dir);
	snprintf(usb, sizeof(usb), "%s/usb-stick-16g.img", dir);
	ok(!has_tmp(dir), "no temporary files are left behind");

	stat(df.media, &a);
	stat(usb, &u1);
	ok(truncate(local, 4096) == 0, "damage the local demo disk (wrong size)");
	ok(demo_prepare(dir, &again, &e) == 0, "a second run succeeds");
	stat(again.media, &b);
	ok(a.st_ino == b.st_ino && a.st_mtime == b.st_mtime, "the ISO is not rebuilt the second time");
	stat(usb, &u2);
	ok(u1.st_ino == u2.st_ino, "an intact disk image is kept (a demo install survives)");
	is_u64((uint64_t)fsize(local), 40ull << 30, "the damaged disk image is made again at 40 GiB");

	test_reset(dir);

	snprintf(xdg, sizeof(xdg), "%s/xdg", tmp);
	setenv("XDG_CACHE_HOME", xdg, 1);
	ok(demo_prepare(NULL, &df, &e) == 0, "demo_prepare with the default folder");
	snprintf(dir, sizeof(dir), "%s/xdg/stoat/demo", tmp);
	is_str(df.dir, dir, "the default folder is $XDG_CACHE_HOME/stoat/demo");

	snprintf(cmd, sizeof(cmd), "rm -rf '%s'", tmp);
	if (system(cmd) != 0)
		printf("# could not remove %s\n", tmp);
	return tap_done();
}
