/* osdata.c - ESX-OSData of a 7.x flash install on a persistent local disk
 * (osdata.h): planning the disk, the mark, the first-boot script that
 * formats it, its description, and the executor's two steps for it. */
#include "config.h"

#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "firstboot.h"
#include "inst_ctx.h"
#include "nls.h"
#include "osdata.h"

/* Whether disk d may hold OSData for a flash target: the reason it may
 * not, or NULL. */
static const char *osdata_refusal(const struct install_plan *p, const struct disk *d)
{
	if (!strcmp(d->path, p->target.path))
		return _("it is the install disk itself");
	if (disk_is_flash(d))
		return _("it is USB or SD flash, which ESX-OSData would wear out");
	if (d->remote)
		return _("it is a remote disk, not a local one");
	if (d->readonly)
		return _("it is read-only");
	if (d->holds_root || d->holds_media)
		return _("it holds the running system or the install media");
	if (d->mounted)
		return _("it has mounted partitions");
	if (d->has_vmfs && !p->overwrite_vmfs)
		return _("it holds a VMFS datastore (--overwritevmfs lets it be erased)");
	return NULL;
}

/* The first line of the script, by which a plan's copy is found. */
static const char osdata_script_head[] =
	"# stoat: format ESX-OSData (VMFS-L) on the partition this install marked\n";

void osdata_forget(struct install_plan *p)
{
	size_t i;

	for (i = 0; i < p->n_scripts && i < PLAN_MAX_SCRIPTS; i++)
		if (p->scripts[i].body && !strncmp(p->scripts[i].body, osdata_script_head,
						   sizeof(osdata_script_head) - 1)) {
			free(p->scripts[i].body);
			memmove(&p->scripts[i], &p->scripts[i + 1],
				(p->n_scripts - i - 1) * sizeof(p->scripts[0]));
			p->n_scripts--;
			memset(&p->scripts[p->n_scripts], 0, sizeof(p->scripts[0]));
			break;
		}
	if (p->osdata == LAYOUT_OSDATA_DISK)
		p->osdata = LAYOUT_OSDATA_RAM;
	p->osdata_token[0] = '\0';
	memset(&p->osdata_layout, 0, sizeof(p->osdata_layout));
}

int osdata_use_disk(struct install_plan *p, const struct disk *d, enum layout_media_size ms,
		    struct stoat_err *e)
{
	const char *why = osdata_refusal(p, d);
	struct plan_script *s;
	struct sbuf body = { 0 };
	int rc;

	if (why)
		return err_set(e, EINVAL, _("%s cannot hold ESX-OSData: %s."), d->path, why);
	osdata_forget(p);
	if (p->n_scripts >= PLAN_MAX_SCRIPTS)
		return err_set(e, ENOSPC, _("too many first-boot scripts (at most %d)"), PLAN_MAX_SCRIPTS);
	rc = layout_plan_osdata_disk(d->size, d->lsec ? d->lsec : 512, ms, &p->osdata_layout, e);
	if (rc < 0)
		return err_prefix(e, "%s", d->path);
	if ((rc = inst_token(p->osdata_token, e)) < 0)
		return rc;
	osdata_script(p->osdata_token, &body);
	if (body.oom) {
		free(body.p);
		return err_set(e, ENOMEM, _("out of memory"));
	}
	s = &p->scripts[p->n_scripts++];
	snprintf(s->interpreter, sizeof(s->interpreter), "busybox");
	s->body = body.p;
	p->osdata = LAYOUT_OSDATA_DISK;
	p->osdata_disk = *d;
	return 0;
}

void osdata_script(const char *token, struct sbuf *out)
{
	char label[16];

	/* The volume name: ESXi's own is OSDATA-<volume UUID>, unknown
	 * before the volume exists; the token's start stands in for it. */
	snprintf(label, sizeof(label), "OSDATA-%.8s", token);
	sbuf_printf(out, "%smark=", osdata_script_head);
	firstboot_sh_mark(out, FIRSTBOOT_MARK_OSDATA, token, 0);
	sbuf_add(out, "\nlabel=", 7);
	firstboot_sh_quote(out, label);
	sbuf_add(out, "\n", 1);
	firstboot_sh_lib(out, "stoat osdata");
	sbuf_printf(out, "claim 1 \"$mark\" '' ESX-OSData || exit $rc\n"
		    "if ! vmkfstools -C vmfsl -S \"$label\" \"$disks/$part\"; then\n"
		    "\tlog \"vmkfstools could not create $label on $part\"\n"
		    "\texit 1\n"
		    "fi\n"
		    "log \"created the vmfsl volume $label on $part\"\n"
		    "mkdir -p \"/vmfs/volumes/$label/scratch\"\n"
		    "esxcli system settings advanced set -o /ScratchConfig/ConfiguredScratchLocation -s \"/vmfs/volumes/$label/scratch\"\n"
		    "esxcli system coredump file add -d \"$label\"\n"
		    "esxcli system coredump file set --smart --enable true\n"
		    "exit 0\n");
}

void osdata_describe(const struct install_plan *p, struct sbuf *t)
{
	const struct layout *l = &p->osdata_layout;
	char size[32];

	if (!p->layout.flash || p->layout.profile != LAYOUT_ESXI7)
		return;
	sbuf_printf(t, "\n%s\n", _("ESX-OSData (logs, core dumps, VMware Tools, scratch):"));
	switch (p->osdata) {
	case LAYOUT_OSDATA_DISK:
		disk_format_size(p->osdata_disk.size, size, sizeof(size));
		sbuf_printf(t, _("  on %s (%s): repartitioned, everything on it is erased; p1 ESX-OSData (vmfsl), sectors %llu to %llu.\n"),
			    p->osdata_disk.path, size, (unsigned long long)l->part[0].start,
			    (unsigned long long)l->part[0].end);
		sbuf_printf(t, "%s\n", _("  stoat cannot write VMFS-L: its first MiB is zeroed and marked, and a first-boot script formats it (vmkfstools -C vmfsl) and moves scratch and the core dump file onto it."));
		break;
	case LAYOUT_OSDATA_FLASH:
		sbuf_printf(t, "%s\n", _("  on the flash itself (p7), as ESXi 7.0 before Update 3 did. Logs and traces write to it all the time: VMware KB 83376 reports SD cards corrupted this way."));
		break;
	default:
		sbuf_printf(t, "%s\n", _("  in RAM: the host runs in degraded mode, and logs and system data are lost at every reboot."));
		break;
	}
}

/* Whether the host formats ESX-OSData on another disk at first boot. */
bool osdata_on_disk(const struct install_plan *p)
{
	return !p->upgrade && p->layout.flash && p->layout.profile == LAYOUT_ESXI7 &&
	       p->osdata == LAYOUT_OSDATA_DISK;
}

void osdata_summary(const struct install_plan *p, char *buf, size_t size)
{
	size_t n = strlen(buf);
	const char *s;
	char line[600];

	if (p->upgrade || !p->layout.flash || p->layout.profile != LAYOUT_ESXI7 || n >= size)
		return;
	if (osdata_on_disk(p)) {
		snprintf(line, sizeof(line), _("ESX-OSData goes on %s, which is repartitioned and erased too; the host formats it at first boot."),
			 p->osdata_disk.path);
		s = line;
	} else if (p->osdata == LAYOUT_OSDATA_FLASH) {
		s = _("ESX-OSData goes on the flash itself (p7), which wears it out (VMware KB 83376).");
	} else {
		s = _("ESX-OSData stays in RAM: degraded mode, logs are lost at every reboot.");
	}
	snprintf(buf + n, size - n, "%s%s", n ? "\n" : "", s);
}

/* Whether the OSData disk as scanned now is still the one planned. */
int osdata_check(const struct install_plan *p, struct stoat_err *e)
{
	const struct disk *pd = &p->osdata_disk;
	struct disk_scan_opts so = { 0 };
	const char *why;
	struct disk d;
	int rc;

	if (p->osdata != LAYOUT_OSDATA_DISK)
		return 0;
	so.media_path = p->media_path[0] ? p->media_path : NULL;
	if ((rc = disk_probe_one(&so, pd->path, &d, e)) < 0)
		return err_prefix(e, _("the ESX-OSData disk"));
	if (d.size != pd->size)
		return err_set(e, EBUSY, _("%s changed size (%llu bytes, planned for %llu); scan the disks again"),
			       pd->path, (unsigned long long)d.size, (unsigned long long)pd->size);
	d.transport = pd->transport;	/* a file stands in as the kind planned */
	if ((why = osdata_refusal(p, &d)))
		return err_set(e, EBUSY, _("%s cannot hold ESX-OSData: %s."), pd->path, why);
	return 0;
}

/* Partition the OSData disk, zero its partition's first MiB and mark it. */
int osdata_write(struct inst *in, struct stoat_err *e)
{
	const struct install_plan *p = in->p;
	int rc;

	if (p->osdata != LAYOUT_OSDATA_DISK)
		return 0;
	rc = inst_mark_disk(in, p->osdata_disk.path, &p->osdata_layout, FIRSTBOOT_MARK_OSDATA,
			    p->osdata_token, 0, e);
	if (rc < 0)
		return err_prefix(e, "%s", p->osdata_disk.path);
	inst_log(in, _("%s: partition 1 is typed for ESX-OSData (VMFS-L) and marked; the host formats it at first boot."),
		 p->osdata_disk.path);
	return 0;
}
