/* osdata.c - ESX-OSData of a 7.x flash install on a persistent local disk
 * (osdata.h): planning the disk, the mark, the first-boot script that
 * formats it, its description, and the executor's two steps for it. */
#include "config.h"

#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/random.h>
#include <unistd.h>

#include "inst_ctx.h"
#include "io.h"
#include "nls.h"
#include "osdata.h"
#include "partition.h"

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

/* Fill token (33 bytes) with 32 random hex digits. */
static int osdata_token(char *token, struct stoat_err *e)
{
	unsigned char r[16];
	ssize_t n;
	size_t i;

	do
		n = getrandom(r, sizeof(r), 0);
	while (n < 0 && errno == EINTR);
	if (n != (ssize_t)sizeof(r))
		return err_set(e, n < 0 ? errno : EIO, _("cannot get random bytes from the kernel: %s"),
			       strerror(n < 0 ? errno : EIO));
	for (i = 0; i < sizeof(r); i++)
		snprintf(token + 2 * i, 3, "%02x", r[i]);
	return 0;
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
	if ((rc = osdata_token(p->osdata_token, e)) < 0)
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

void osdata_mark(const char *token, char *out, size_t size)
{
	snprintf(out, size, "stoat-osdata %s\n", token);
}

void osdata_script(const char *token, struct sbuf *out)
{
	/* The volume name: ESXi's own is OSDATA-<volume UUID>, unknown
	 * before the volume exists; the token's start stands in for it. */
	sbuf_printf(out, "%s", osdata_script_head);
	sbuf_printf(out,
		    "mark='stoat-osdata %s'\n"
		    "label='OSDATA-%.8s'\n"
		    "for dev in /vmfs/devices/disks/*:[0-9]*; do\n"
		    "\tcase \"$dev\" in */vml.*) continue ;; esac\n"
		    "\t[ \"$(dd if=\"$dev\" bs=512 count=1 2>/dev/null | head -n 1)\" = \"$mark\" ] || continue\n"
		    "\tname=${dev##*/}\n"
		    "\t# already a VMFS extent (formatted by an earlier boot): leave it\n"
		    "\tif localcli storage vmfs extent list 2>/dev/null |\n"
		    "\t    awk -v d=\"${name%%:*}\" -v n=\"${name##*:}\" '$(NF-1) == d && $NF == n { f = 1 } END { exit !f }'; then\n"
		    "\t\texit 0\n"
		    "\tfi\n"
		    "\tvmkfstools -C vmfsl -S \"$label\" \"$dev\" || exit 1\n"
		    "\tmkdir -p \"/vmfs/volumes/$label/scratch\"\n"
		    "\tesxcli system settings advanced set -o /ScratchConfig/ConfiguredScratchLocation -s \"/vmfs/volumes/$label/scratch\"\n"
		    "\tesxcli system coredump file add -d \"$label\"\n"
		    "\tesxcli system coredump file set --smart --enable true\n"
		    "\texit 0\n"
		    "done\n"
		    "echo 'stoat: no partition marked for ESX-OSData was found' >&2\n"
		    "exit 1\n",
		    token, token);
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
		sbuf_printf(t, "%s\n", _("  stoat cannot write VMFS-L: its first MiB is zeroed and marked, and a first-boot script formats it (vmkfstools -C vmfsl) and moves scratch and the core dump file onto it. ESXi skips first-boot scripts under UEFI Secure Boot."));
		break;
	case LAYOUT_OSDATA_FLASH:
		sbuf_printf(t, "%s\n", _("  on the flash itself (p7), as ESXi 7.0 before Update 3 did. Logs and traces write to it all the time: VMware KB 83376 reports SD cards corrupted this way."));
		break;
	default:
		sbuf_printf(t, "%s\n", _("  in RAM: the host runs in degraded mode, and logs and system data are lost at every reboot."));
		break;
	}
}

void osdata_summary(const struct install_plan *p, char *buf, size_t size)
{
	size_t n = strlen(buf);
	const char *s;
	char line[600];

	if (p->upgrade || !p->layout.flash || p->layout.profile != LAYOUT_ESXI7 || n >= size)
		return;
	if (p->osdata == LAYOUT_OSDATA_DISK) {
		snprintf(line, sizeof(line), _("ESX-OSData goes on %s, which is repartitioned and erased too; the host formats it at first boot (not under UEFI Secure Boot)."),
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
	const struct layout *l = &p->osdata_layout;
	struct partition_opts po = { "", true };
	char warn[512] = "", mark[OSDATA_MARK_MAX], *z;
	int fd, rc;

	if (p->osdata != LAYOUT_OSDATA_DISK)
		return 0;
	rc = partition_apply(p->osdata_disk.path, l, &po, warn, sizeof(warn), e);
	if (rc < 0)
		return err_prefix(e, "%s", p->osdata_disk.path);
	if (!(z = calloc(1, INSTALL_VMFS_ZERO)))
		return err_set(e, ENOMEM, _("out of memory"));
	osdata_mark(p->osdata_token, mark, sizeof(mark));
	memcpy(z, mark, strlen(mark));
	fd = open(p->osdata_disk.path, O_RDWR | O_EXCL | O_CLOEXEC);
	if (fd < 0) {
		rc = -errno;
	} else {
		rc = io_pwrite_all(fd, z, INSTALL_VMFS_ZERO, l->part[0].start * l->sector_size);
		if (rc == 0 && fsync(fd) < 0)
			rc = -errno;
		close(fd);
	}
	free(z);
	if (rc < 0)
		return err_set(e, -rc, _("cannot write to %s: %s"), p->osdata_disk.path, strerror(-rc));
	inst_log(in, _("%s: partition 1 is typed for ESX-OSData (VMFS-L) and marked; the host formats it at first boot."),
		 p->osdata_disk.path);
	return 0;
}
