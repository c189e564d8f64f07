/* install_describe.c - what install_run would do, as text for --dry-run
 * and the confirm screen, and in one sentence (install_summary). */
#include "config.h"

#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "bootopts.h"
#include "digest.h"
#include "efiboot.h"
#include "firstboot.h"
#include "inst_ctx.h"
#include "nls.h"
#include "digest.h"
#include "osdata.h"
#include "sbuf.h"

/* The partition table section. */
static void describe_table(const struct install_plan *p, struct sbuf *t)
{
	size_t n = layout_format(&p->layout, NULL, 0);
	char *buf = malloc(n + 1);

	sbuf_printf(t, "%s\n", _("Partition table (partedUtil getptbl format):"));
	if (!buf) {
		t->oom = true;
		return;
	}
	layout_format(&p->layout, buf, n + 1);
	sbuf_printf(t, "%s%s", buf, n && buf[n - 1] == '\n' ? "" : "\n");
	free(buf);
}

/* The boot paths p1 sets up, where their pieces come from, and the
 * firmware boot entry. */
static void describe_boot(const struct install_plan *p, const struct sysboot *sb, struct sbuf *t)
{
	const struct bootkit_file *k = sb->kit->piece;
	char why[256];

	sbuf_printf(t, "\n%s\n", _("Boot loader (partition 1, as ESXi builds it):"));
	if (sb->uefi)
		sbuf_printf(t, _("  UEFI boot: safeboot (%s) and mboot (%s).\n"),
		    k[BOOTKIT_SAFEBOOT_EFI].origin, k[BOOTKIT_MBOOT_EFI].origin);
	else
		sbuf_printf(t, "  %s %s\n", _("UEFI boot: not set up:"), sb->uefi_why);
	if (sb->bios)
		sbuf_printf(t, _("  BIOS boot: syslinux 3.86 (%s) with safeboot.c32; GPT MBR stub (%s) in LBA 0.\n"),
		    k[BOOTKIT_LDLINUX_SYS].origin, k[BOOTKIT_GPTMBR].origin);
	else
		sbuf_printf(t, "  %s %s\n", _("BIOS boot: not set up:"), sb->bios_why);
	if (efiboot_wanted(p, sb->uefi, why, sizeof(why)))
		sbuf_printf(t, _("  Firmware boot entry: \"%s\" -> %s on partition 1, first in the boot order (efibootmgr).\n"),
		    EFIBOOT_LABEL, EFIBOOT_LOADER);
	else
		sbuf_printf(t, _("  Firmware boot entry: none (%s).\n"), why);
}

/* Whether the install adds the firmware boot entry; why not, when not
 * ("" when UEFI boot is not set up at all: install_summary says so). */
bool install_boot_entry(const struct install_plan *p, struct media *m, char *why, size_t size)
{
	struct stoat_err e = { 0 };
	struct sysboot sb;

	if (sysboot_plan(p, m, &sb, &e) < 0) {
		snprintf(why, size, "%s", e.msg);
		return false;
	}
	if (!sb.uefi) {
		snprintf(why, size, "%s", "");
		return false;
	}
	return efiboot_wanted(p, sb.uefi, why, size);
}

/* The files section: each copied file with its size and partition. */
static void describe_files(const struct install_plan *p, struct media *m, bool legacy,
			   const struct sysboot *sb, struct sbuf *t)
{
	const struct media_item *it;
	size_t n = media_items(m, &it), i;
	const struct layout_part *p1 = inst_role(p, ROLE_SYSTEM), *p5 = inst_role(p, ROLE_BOOTBANK);

	sbuf_printf(t, "\n%s\n", _("Files to copy (partition, name, bytes):"));
	for (i = 0; i < sb->n_files; i++)
		sbuf_printf(t, "  p%u  %-28s %12llu\n", p1->num, sb->file[i].dest,
		    (unsigned long long)sb->file[i].size);
	if (sb->bios)
		sbuf_printf(t, "  p%u  %-28s %12llu\n", p1->num, "ldlinux.sys",
		    (unsigned long long)sb->kit->piece[BOOTKIT_LDLINUX_SYS].size);
	for (i = 0; i < n; i++)
		sbuf_printf(t, "  p%u  %-28s %12llu\n", p5->num, it[i].dest, (unsigned long long)it[i].size);
	sbuf_printf(t, "  p%u  %-28s %12s\n", p5->num, "onetime.tgz", _("(built)"));
	sbuf_printf(t, _("  onetime.tgz holds %s (password hash, keyboard \"%s\"%s) and %zu first-boot script(s).\n"),
	    FIRSTBOOT_JSON, p->keyboard, p->network_json ? _(", network") : "",
	    firstboot_script_count(p, legacy));
	sbuf_printf(t, _("  Total: %llu bytes; every file is read back and compared (SHA-256).\n"),
	    (unsigned long long)media_payload_bytes(m) + (unsigned long long)sb->bytes);
}

/* Render one boot.cfg, indented. */
static void describe_cfg(const struct bootcfg *b, struct sbuf *t)
{
	size_t n = bootcfg_format(b, NULL, 0);
	char *buf = malloc(n + 1), *line, *save = NULL;

	if (!buf) {
		t->oom = true;
		return;
	}
	bootcfg_format(b, buf, n + 1);
	for (line = strtok_r(buf, "\n", &save); line; line = strtok_r(NULL, "\n", &save))
		sbuf_printf(t, "  %s\n", line);
	free(buf);
}

/* What an install (or upgrade) does with one partition of its layout. */
enum part_fate { FATE_WRITTEN, FATE_CLEARED, FATE_OSDATA, FATE_VMFS, FATE_KEPT, FATE_COUNT };

/* The fate of lp: kept partitions are never touched; of the others the
 * core dumps are only cleared, ESX-OSData is left for ESXi to format, and
 * the datastore is left empty (stoat cannot make VMFS). */
static enum part_fate describe_fate(const struct layout_part *lp)
{
	if (lp->keep)
		return FATE_KEPT;
	switch (lp->role) {
	case ROLE_COREDUMP:
		return FATE_CLEARED;
	case ROLE_OSDATA:
		return FATE_OSDATA;
	case ROLE_VMFS:
		return FATE_VMFS;
	default:
		return FATE_WRITTEN;
	}
}

/* The outline's label for each fate; the partitions follow it. */
static const char *const fate_label[FATE_COUNT] = {
	[FATE_WRITTEN] = N_("Written:"),
	[FATE_CLEARED] = N_("Cleared (the start zeroed):"),
	[FATE_OSDATA] = N_("Left for ESXi to format at its first boot:"),
	[FATE_VMFS] = N_("Left empty (create the datastore from ESXi):"),
	[FATE_KEPT] = N_("Kept as it is:"),
};

/* The outline into t: one line (ending in \n) per fate present, listing
 * its partitions in table order ("Written: p1 boot loader, p5
 * bootbank"); for an install whose layout has no VMFS partition, a line
 * saying there is no datastore. */
static void describe_outline(const struct install_plan *p, const char *indent, struct sbuf *t)
{
	unsigned f, i;

	for (f = 0; f < FATE_COUNT; f++) {
		struct sbuf list = { 0 };

		for (i = 0; i < p->layout.n; i++) {
			const struct layout_part *lp = &p->layout.part[i];

			if (describe_fate(lp) != f)
				continue;
			/* TRANSLATORS: separates the partitions of a list */
			sbuf_printf(&list, "%sp%u %s", list.len ? _(", ") : "", lp->num, layout_role_label(lp->role));
		}
		if (list.oom)
			t->oom = true;
		if (list.len)
			sbuf_printf(t, "%s%s %s\n", indent,
				    f == FATE_VMFS && firstboot_has_datastores(p) ?
				    _("Created by ESXi at its first boot:") :
				    _(fate_label[f]), list.p);
		free(list.p);
	}
	if (!p->upgrade && !inst_role(p, ROLE_VMFS))
		sbuf_printf(t, "%s%s\n", indent, _("No datastore: this layout has no VMFS partition."));
}

/* What the plan writes, clears and keeps, one line per kind (translated,
 * malloc'd, lines end in \n), for the confirm and complete screens and
 * the dry run; NULL when memory runs out. */
char *install_outline(const struct install_plan *p)
{
	struct sbuf t = { 0 };

	describe_outline(p, "", &t);
	if (t.oom) {
		free(t.p);
		return NULL;
	}
	return t.p ? t.p : strdup("");
}

/* What first boot is left to do and that ESXi skips it under UEFI Secure
 * Boot: one note for the datastore and ESX-OSData scripts together, or
 * NULL when there is neither. */
static const char *secure_boot_note(const struct install_plan *p)
{
	bool ds = firstboot_has_datastores(p), od = osdata_on_disk(p);

	if (ds && od)
		return _("First boot creates the datastore and formats ESX-OSData; ESXi skips this under UEFI Secure Boot.");
	if (od)
		return _("First boot formats ESX-OSData; ESXi skips this under UEFI Secure Boot.");
	if (ds)
		return _("First boot creates the datastore; ESXi skips this under UEFI Secure Boot.");
	return NULL;
}

/* The other partitions: what happens to them. */
static void describe_rest(const struct install_plan *p, struct sbuf *t)
{
	unsigned i;

	sbuf_printf(t, "\n%s\n", _("Other partitions:"));
	for (i = 0; i < p->layout.n; i++) {
		const struct layout_part *lp = &p->layout.part[i];

		switch (describe_fate(lp)) {
		case FATE_KEPT:
			sbuf_printf(t, _("  p%u %s: kept as it is (sectors %llu to %llu); nothing in it is written.\n"), lp->num,
			    layout_role_label(lp->role), (unsigned long long)lp->start, (unsigned long long)lp->end);
			break;
		case FATE_CLEARED:
			sbuf_printf(t, _("  p%u core dump: the first %llu KiB are zeroed.\n"), lp->num,
			    (unsigned long long)(INSTALL_COREDUMP_ZERO >> 10));
			break;
		case FATE_VMFS:
			sbuf_printf(t, _("  p%u VMFS datastore: its first MiB is zeroed and marked; the host creates it (%s) at first boot.\n"),
			    lp->num, firstboot_ds_fstype(p));
			break;
		case FATE_OSDATA:
			sbuf_printf(t, _("  p%u ESX-OSData: formatted by ESXi on first boot; its first MiB is zeroed.\n"), lp->num);
			break;
		default:
			if (lp->role == ROLE_LOCKER || lp->role == ROLE_SCRATCH)
				sbuf_printf(t, _("  p%u %s: an empty FAT16 file system.\n"), lp->num,
				    layout_role_label(lp->role));
			break;
		}
	}
	for (i = 0; i < p->n_datastores; i++)
		sbuf_printf(t, _("  %s: repartitioned with one VMFS partition (p1); the host creates the datastore %s on it at first boot.\n"),
		    p->datastores[i].path, p->datastores[i].name);
}

/* The media's warnings (modules found only next to boot.cfg, ...). */
static void describe_warnings(struct media *m, struct sbuf *t)
{
	size_t i;

	for (i = 0; i < media_warning_count(m); i++)
		sbuf_printf(t, _("warning: %s\n"), media_warning(m, i));
	if (i)
		sbuf_printf(t, "\n");
}

/* Where the media's version comes from. */
static void describe_version(struct media *m, struct sbuf *t)
{
	switch (media_version_source(m)) {
	case MEDIA_VERSION_IMGDB:
		sbuf_printf(t, "%s\n", _("The version is that of the esx-base VIB in the media's image database."));
		break;
	case MEDIA_VERSION_BUILD:
		sbuf_printf(t, "%s\n", _("The version is build= of the media's boot.cfg."));
		break;
	case MEDIA_VERSION_VOLID:
		sbuf_printf(t, "%s\n", _("The version is taken from the media's volume id."));
		break;
	case MEDIA_VERSION_ANSWER:
		sbuf_printf(t, _("The media does not say its version: as answered, the %s layout is used and the installed boot.cfg says build=%s.\n"),
			    media_major(m) < 7 ? "6.x" : "7.x/8.x", media_version(m));
		break;
	default:
		break;
	}
}

/* The upgrade's description: which bank is written with what, what is
 * carried over, what stays. */
static void describe_upgrade(const struct install_plan *p, struct media *m, bool legacy,
			     struct bootcfg *b, struct sbuf *t)
{
	const struct media_item *it;
	size_t n = media_items(m, &it), i;
	char size[32], sum[DIGEST_HEX_SIZE];

	disk_format_size(p->target.size, size, sizeof(size));
	sbuf_printf(t, _("Upgrade ESXi %s on %s (%s) to %s (build %s).\n\n"),
	    p->up.active_build[0] ? p->up.active_build : "?", p->target.path, size, media_title(m),
	    media_version(m));
	describe_warnings(m, t);
	sbuf_printf(t, "%s\n", _("What is written and what is kept:"));
	describe_outline(p, "  ", t);
	sbuf_printf(t, "\n");
	sbuf_printf(t, _("Bootbank written: p%u (formatted anew). Active bootbank kept: p%u (build %s, updated=%d); it still boots if the new one fails.\n"),
	    p->up.target, p->up.active, p->up.active_build, p->up.active_updated);
	sbuf_printf(t, "%s\n", _("The partition table stays exactly as it is:"));
	describe_table(p, t);
	sbuf_printf(t, "\n%s\n", _("Files to copy (partition, name, bytes):"));
	for (i = 0; i < n; i++)
		sbuf_printf(t, "  p%u  %-28s %12llu\n", p->up.target, it[i].dest, (unsigned long long)it[i].size);
	for (i = 0; i < p->up.n_carry; i++) {
		digest_hex(p->up.carry[i].sum, sum);
		sbuf_printf(t, _("  p%u  %-28s %12llu  (from p%u, SHA-256 %.16s...)\n"), p->up.target, p->up.carry[i].name,
		    (unsigned long long)p->up.carry[i].size, p->up.active, sum);
	}
	if (!p->up.n_carry)
		sbuf_printf(t, "%s\n", _("  The active bootbank holds no state.tgz: no saved host configuration is carried over."));
	sbuf_printf(t, "%s\n", _("  No new onetime.tgz is written: the root password, keyboard and network settings stay those the host has."));
	sbuf_printf(t, "%s\n", _("  Every file is read back and compared (SHA-256)."));
	inst_upgrade_bootcfg(p, m, legacy, b);
	sbuf_printf(t, _("\nboot.cfg on p%u (written last, after verification; bootstate=1: updated, not yet booted):\n"),
	    p->up.target);
	describe_cfg(b, t);
	sbuf_printf(t, "\n%s %s\n", _("Boot options:"), b->kernelopt);
	describe_version(m, t);
	describe_rest(p, t);
}

const char *const install_nested_lines[2] = {
	N_("Nested template: allowLegacyCPU=true in boot.cfg, no local datastore,"),
	N_("  /Net/FollowHardwareMac set to 1 by a first-boot script"),
};

/* The boot options the plan adds, on one line. */
void install_bootopts_line(const struct install_plan *p, struct media *m, char *buf, size_t size)
{
	char host[sizeof(p->bootopts)];

	snprintf(host, sizeof(host), "%s", p->bootopts);
	bootopts_strip(host);
	if (media_major(m) >= 7)
		bootcfg_kopt_remove(host, "preferVmklinux");
	if (inst_legacy_usb(p, m))
		bootcfg_kopt_add(host, sizeof(host), "preferVmklinux=TRUE");
	snprintf(buf, size, "%s%s%s", p->install_opts, p->install_opts[0] && host[0] ? " " : "", host);
}

/* What the boot options and a nested template do, for --dry-run. */
static void describe_bootopts(const struct install_plan *p, struct sbuf *t)
{
	if (p->install_opts[0])
		sbuf_printf(t, _("Install options (they shaped the layout above and are not written to boot.cfg): %s\n"),
		    p->install_opts);
	if (p->nested_template)
		sbuf_printf(t, "%s\n", _("Nested-ESXi template: allowLegacyCPU=true stays in boot.cfg across reboots; a first-boot script sets /Net/FollowHardwareMac to 1 so that the management interface takes each clone's MAC address; no local datastore is made, since a cloned VMFS would share its UUID. Before cloning, see README (\"Nested-ESXi templates\")."));
}

/* What install_run would do, as text (--dry-run, confirm screen). */
char *install_describe(const struct install_plan *p, struct media *m, struct stoat_err *e)
{
	struct sbuf t = { 0 };
	struct bootcfg *b = malloc(sizeof(*b));
	bool legacy = inst_legacy_usb(p, m);
	struct sysboot sb;
	const char *note;
	char size[32];

	if (!b) {
		err_set(e, ENOMEM, _("out of memory"));
		return NULL;
	}
	if (install_check(p, m, e) < 0) {
		free(b);
		return NULL;
	}
	if (p->upgrade) {
		describe_upgrade(p, m, legacy, b, &t);
		goto done;
	}
	disk_format_size(p->target.size, size, sizeof(size));
	sbuf_printf(&t, _("Install %s (build %s) onto %s (%s, %s layout%s).\n\n"), media_title(m),
	    media_version(m), p->target.path, size, layout_profile_name(p->layout.profile),
	    p->layout.flash ? _(", flash") : "");
	describe_warnings(m, &t);
	sbuf_printf(&t, "%s\n", _("What is written and what is kept:"));
	describe_outline(p, "  ", &t);
	sbuf_printf(&t, "\n");
	if (sysboot_plan(p, m, &sb, e) < 0) {
		free(b);
		return NULL;
	}
	describe_table(p, &t);
	describe_boot(p, &sb, &t);
	describe_files(p, m, legacy, &sb, &t);
	inst_alt_bootcfg(p, m, b);
	sbuf_printf(&t, "\n%s\n", _("boot.cfg on the alternate bootbank (marked invalid):"));
	describe_cfg(b, &t);
	inst_final_bootcfg(p, m, legacy, b);
	sbuf_printf(&t, "\n%s\n", _("boot.cfg on the bootbank (written last, after verification):"));
	describe_cfg(b, &t);
	sbuf_printf(&t, "\n%s %s\n", _("Boot options:"), b->kernelopt);
	describe_bootopts(p, &t);
	if (!p->legacy_usb)
		sbuf_printf(&t, "%s\n", _("Legacy USB drivers: off."));
	else if (legacy)
		sbuf_printf(&t, "%s\n  %s\n  %s\n", _("Legacy USB drivers: on. The kernel option preferVmklinux=TRUE is set, and a first-boot script makes the choice persist:"),
		    "esxcli system settings kernel set -s preferVmklinux -v FALSE",
		    "esxcli system module set --enabled=false -m vmkusb");
	else if (media_major(m))
		sbuf_printf(&t, _("Legacy USB drivers: not applied; ESXi %d and later have no vmklinux drivers, so preferVmklinux is not written.\n"),
		    media_major(m));
	else
		sbuf_printf(&t, "%s\n", _("Legacy USB drivers: not applied; the media does not say its version, so it may have no vmklinux drivers."));
	describe_version(m, &t);
	describe_rest(p, &t);
	osdata_describe(p, &t);
	if ((note = secure_boot_note(p)))
		sbuf_printf(&t, "\n%s\n", note);
done:
	free(b);
	if (t.oom) {
		free(t.p);
		err_set(e, ENOMEM, _("out of memory"));
		return NULL;
	}
	return t.p;
}

/* What the plan writes and keeps: one sentence, then the outline, then
 * the boot paths that are not set up. */
void install_summary(const struct install_plan *p, struct media *m, char *buf, size_t size)
{
	const struct layout_part *v = inst_role(p, ROLE_VMFS);
	struct stoat_err e = { 0 };
	struct sysboot sb;
	char *outline = install_outline(p);
	const char *note;
	size_t n;

	if (p->upgrade)
		snprintf(buf, size, _("Bootbank %u will be formatted and get %s (build %s) and the host's configuration; the partition table, the datastore, the core dump, locker and scratch partitions, the boot loader and the active bootbank %u (build %s) are kept as they are."),
			 p->up.target, media_title(m), media_version(m), p->up.active,
			 p->up.active_build[0] ? p->up.active_build : "?");
	else if (v && v->keep)
		snprintf(buf, size, "%s", _("This disk will be repartitioned and all but what is kept will be erased."));
	else
		snprintf(buf, size, "%s", _("This disk will be repartitioned and everything on it will be erased."));
	n = strlen(buf);
	/* an upgrade's sentence already lists what is kept */
	if (!p->upgrade && outline && outline[0] && n < size)
		n += (size_t)snprintf(buf + n, size - n, "\n%.*s", (int)strlen(outline) - 1, outline);
	free(outline);
	if (!p->upgrade && sysboot_plan(p, m, &sb, &e) == 0) {
		if (!sb.uefi && n < size)
			n += (size_t)snprintf(buf + n, size - n, "\n%s %s", _("UEFI boot: not set up:"), sb.uefi_why);
		if (!sb.bios && n < size)
			n += (size_t)snprintf(buf + n, size - n, "\n%s %s", _("BIOS boot: not set up:"), sb.bios_why);
	}
	osdata_summary(p, buf, size);
	if ((note = secure_boot_note(p)) && strlen(buf) < size)
		snprintf(buf + strlen(buf), size - strlen(buf), "\n%s", note);
}

/* Where the installed target starts: a disk of this machine, or not (an
 * image file, a loop device, a USB stick or SD card). */
enum install_boots install_boots_where(const struct install_plan *p)
{
	const struct disk *d = &p->target;

	if (disk_is_flash(d))
		return BOOTS_STICK;
	if (d->is_file || d->transport == TR_FILE)
		return BOOTS_IMAGE;
	if (d->transport == TR_LOOP)
		return BOOTS_LOOP;
	return BOOTS_HERE;
}

/* The kernel options the new bootbank's boot.cfg gets, into buf. */
void install_boot_options(const struct install_plan *p, struct media *m, char *buf, size_t size)
{
	struct bootcfg *b = calloc(1, sizeof(*b));
	bool legacy = inst_legacy_usb(p, m);

	if (!b) {
		snprintf(buf, size, "%s", "");
		return;
	}
	if (p->upgrade)
		inst_upgrade_bootcfg(p, m, legacy, b);
	else
		inst_final_bootcfg(p, m, legacy, b);
	snprintf(buf, size, "%s", b->kernelopt);
	free(b);
}

/* The media's version and where it comes from, as the log says it. */
static void describe_log_version(struct media *m, struct sbuf *t)
{
	static const char *const from[] = {
		[MEDIA_VERSION_UNKNOWN] = N_("not known"),
		[MEDIA_VERSION_IMGDB] = N_("the image database"),
		[MEDIA_VERSION_BUILD] = N_("build= of boot.cfg"),
		[MEDIA_VERSION_VOLID] = N_("the volume id"),
		[MEDIA_VERSION_ANSWER] = N_("answered by the operator"),
	};
	unsigned src = (unsigned)media_version_source(m);

	sbuf_printf(t, _("Version: %s (from %s)\n"), media_version(m),
	    _(from[src < sizeof(from) / sizeof(from[0]) ? src : MEDIA_VERSION_UNKNOWN]));
}

/* The install's choices for --log, one line each (malloc'd, translated):
 * disk, media, version, layout, what is done with each partition,
 * keyboard, password, network, legacy USB, boot options, firmware boot
 * entry. NULL when memory runs out. */
char *install_log_plan(const struct install_plan *p, struct media *m)
{
	const struct disk *d = &p->target;
	const struct layout_part *v = inst_role(p, ROLE_VMFS);
	struct sbuf t = { 0 };
	char size[32], opts[BOOTCFG_OPT_MAX], why[256], name[200];

	disk_format_size(d->size, size, sizeof(size));
	snprintf(name, sizeof(name), "%s%s%s", d->vendor, d->vendor[0] && d->model[0] ? " " : "", d->model);
	sbuf_printf(&t, _("Disk: %s (%s, %s, %s)\n"), d->path, name[0] ? name : d->name, size,
	    disk_transport_name(d->transport));
	sbuf_printf(&t, _("Media: %s (%s)\n"), p->media_path, media_title(m) ? media_title(m) : "?");
	describe_log_version(m, &t);
	sbuf_printf(&t, _("Layout: %s%s\n"), layout_profile_name(p->layout.profile), p->layout.flash ? _(", flash") : "");
	if (p->upgrade)
		sbuf_printf(&t, _("Action: upgrade; bootbank %u is written, the active bootbank %u (build %s) is kept\n"),
		    p->up.target, p->up.active, p->up.active_build);
	else if (v && v->keep)
		sbuf_printf(&t, _("Action: install, keeping the VMFS datastore (partition %u)\n"), v->num);
	else if (p->overwrite_vmfs)
		sbuf_printf(&t, "%s\n", _("Action: install, overwriting the VMFS datastore"));
	else
		sbuf_printf(&t, "%s\n", _("Action: install"));
	describe_outline(p, "", &t);
	if (p->upgrade) {
		sbuf_printf(&t, "%s\n", _("Keyboard, root password and network: the host's own, kept"));
	} else {
		sbuf_printf(&t, _("Keyboard: %s"), p->keyboard);
		sbuf_printf(&t, "\n%s\n", _("Root password: set (only its hash is written)"));
		sbuf_printf(&t, "%s\n", p->network_json ? _("Network: as the kickstart file says")
			    : _("Network: ESXi's default (DHCP)"));
		sbuf_printf(&t, _("First-boot scripts: %zu\n"), firstboot_script_count(p, inst_legacy_usb(p, m)));
	}
	sbuf_printf(&t, "%s\n", !p->legacy_usb ? _("Legacy USB: Off") : inst_legacy_usb(p, m)
		    ? _("Legacy USB: On (a first-boot script makes it permanent)") : _("Legacy USB: not available for this media"));
	install_boot_options(p, m, opts, sizeof(opts));
	sbuf_printf(&t, _("Boot options: %s"), opts);
	sbuf_printf(&t, "\n");
	if (!p->upgrade && install_boot_entry(p, m, why, sizeof(why)))
		sbuf_printf(&t, _("Firmware boot entry: \"%s\", first in the boot order"), EFIBOOT_LABEL);
	else if (!p->upgrade)
		sbuf_printf(&t, _("Firmware boot entry: none (%s)"), why[0] ? why : _("UEFI boot is not set up"));
	sbuf_printf(&t, "\n");
	if (t.oom) {
		free(t.p);
		return NULL;
	}
	return t.p;
}
