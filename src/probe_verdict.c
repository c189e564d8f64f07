/* probe_verdict.c - what a probe's numbers mean (probe.h): VMware's
 * published figures for boot devices, one line each, the refusal of a
 * fake-capacity device, the slow-device warning, and f3probe.
 *
 * The figures and where VMware publishes them:
 *
 *   figure                          source
 *   8 GB for a USB or SD boot       VMware Cloud Foundation 4.5, "ESXi boot
 *   device, 32 GB for other boot    device" design: "ESXi requires a boot disk
 *   disks                           of at least 8 GB for USB or SD devices, and
 *                                   32 GB for other device types"; ESXi 7.0
 *                                   hardware requirements: a boot disk of at
 *                                   least 32 GB of persistent storage
 *   100 MB/s sequential write,      ESXi 7.0 Installation and Setup, "ESXi
 *   128 TB written (TBW)            System Storage Overview", for a device
 *                                   that holds ESX-OSData; KB 85685 (SD card/
 *                                   USB boot device revised guidance)
 *
 * A USB 2.0 link (480 Mb/s) cannot carry 100 MB/s: that line is derived
 * from the write figure, not a figure of its own. */
#include "config.h"

#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "child.h"
#include "nls.h"
#include "probe.h"
#include "probe_priv.h"

#define SRC_VCF "https://docs.vmware.com/en/VMware-Cloud-Foundation/4.5/vcf-vi-workload-domain-design/GUID-02C07FC1-B797-43B0-8124-72468EF0AF9A.html"
#define SRC_HW70 "https://docs.vmware.com/en/VMware-vSphere/7.0/com.vmware.esxi.install.doc/GUID-DEB8086A-306B-4239-BF76-E354679202FC.html"
#define SRC_85685 "https://kb.vmware.com/s/article/85685"

#define GB 1e9
#define FLASH_MIN_GB 8.0	/* USB or SD boot device */
#define DISK_MIN_GB 32.0	/* other boot disks (ESXi 7.0) */
#define WRITE_MIN_MBS 100.0	/* device holding ESX-OSData */
#define TBW_MIN 128		/* terabytes written, the same device */
#define USB3_MBPS 5000u		/* SuperSpeed */

/* The names of the methods, indexed by enum probe_method. */
static const char *const method_names[] = {
	[PROBE_M_NONE] = "none", [PROBE_M_READ] = "read-only", [PROBE_M_STOAT] = "stoat",
	[PROBE_M_F3] = "f3probe", [PROBE_M_F3_DESTRUCTIVE] = "f3probe --destructive",
};

/* The names of the capacity findings, indexed by enum probe_cap. */
static const char *const cap_names[] = {
	[PROBE_CAP_UNKNOWN] = "unknown", [PROBE_CAP_OK] = "ok",
	[PROBE_CAP_SUSPECT] = "suspect", [PROBE_CAP_FAKE] = "fake",
};

/* "read-only", "stoat", "f3probe", "f3probe --destructive". */
const char *probe_method_name(enum probe_method m)
{
	return (unsigned)m < sizeof(method_names) / sizeof(method_names[0]) ? method_names[m] : "none";
}

/* "ok", "suspect", "fake" or "unknown". */
const char *probe_cap_name(enum probe_cap c)
{
	return (unsigned)c < sizeof(cap_names) / sizeof(cap_names[0]) ? cap_names[c] : "unknown";
}

/* The capacity line after a write check. */
void probe_cap_text(struct probe_result *r)
{
	char real[32], claim[32], span[32];
	const char *how = probe_method_name(r->method);

	disk_format_size(r->real_size, real, sizeof(real));
	disk_format_size(r->disk.size, claim, sizeof(claim));
	disk_format_size(r->checked_bytes, span, sizeof(span));
	if (r->cap == PROBE_CAP_FAKE)
		snprintf(r->cap_text, sizeof(r->cap_text),
			 _("FAKE (%s): it really holds %s, not the %s it claims"), how, real, claim);
	else if (r->method == PROBE_M_STOAT)
		snprintf(r->cap_text, sizeof(r->cap_text),
			 _("ok (%s): %u signed sectors over %s read back as written"), how,
			 r->points, span);
	else
		snprintf(r->cap_text, sizeof(r->cap_text), _("ok (%s): it holds the %s it claims"),
			 how, claim);
}

/* Add a verdict line. */
static void probe_add(struct probe_result *r, const char *key, enum probe_level level,
		      const char *source, const char *text)
{
	struct probe_verdict *v;

	if (r->n_verdict >= PROBE_MAX_VERDICTS)
		return;
	v = &r->v[r->n_verdict++];
	v->key = key;
	v->level = level;
	v->source = source;
	snprintf(v->text, sizeof(v->text), "%s", text);
}

/* The verdict lines: size, write speed, endurance, USB link. */
void probe_verdicts(struct probe_result *r)
{
	bool flash = disk_is_flash(&r->disk);
	double min = flash ? FLASH_MIN_GB : DISK_MIN_GB;
	double have = (double)(r->cap == PROBE_CAP_FAKE ? r->real_size : r->disk.size) / GB;
	char t[256];

	r->n_verdict = 0;
	snprintf(t, sizeof(t), flash ?
		 _("size %.1f GB: VMware asks at least %.0f GB for a USB or SD boot device") :
		 _("size %.1f GB: VMware asks at least %.0f GB for a boot disk"), have, min);
	probe_add(r, "size", have >= min ? PROBE_MEETS : PROBE_BELOW, flash ? SRC_VCF : SRC_HW70, t);
	if (r->write_mbs >= 0)
		snprintf(t, sizeof(t), _("sequential write %.1f MB/s: VMware asks at least %.0f MB/s for a device holding ESX-OSData"),
			 r->write_mbs, WRITE_MIN_MBS);
	else
		snprintf(t, sizeof(t), _("sequential write not measured (read-only): VMware asks at least %.0f MB/s for a device holding ESX-OSData"),
			 WRITE_MIN_MBS);
	probe_add(r, "write", r->write_mbs < 0 ? PROBE_NOT_MEASURED :
		  r->write_mbs >= WRITE_MIN_MBS ? PROBE_MEETS : PROBE_BELOW, SRC_85685, t);
	snprintf(t, sizeof(t), _("endurance cannot be measured: VMware asks %d TB written for a device holding ESX-OSData"),
		 TBW_MIN);
	probe_add(r, "endurance", PROBE_NOT_MEASURED, SRC_85685, t);
	if (r->usb_mbps) {
		snprintf(t, sizeof(t), _("USB link %u Mb/s: %.0f MB/s needs USB 3 (5000 Mb/s)"),
			 r->usb_mbps, WRITE_MIN_MBS);
		probe_add(r, "link", r->usb_mbps >= USB3_MBPS ? PROBE_MEETS : PROBE_BELOW, SRC_85685, t);
	}
}

/* Refuse a device that holds less than it claims. */
int probe_refuse(const struct probe_result *r, struct stoat_err *e)
{
	char real[32], claim[32];

	if (r->cap != PROBE_CAP_FAKE)
		return 0;
	disk_format_size(r->real_size, real, sizeof(real));
	disk_format_size(r->disk.size, claim, sizeof(claim));
	return err_set(e, EMEDIUMTYPE,
		       _("%s really holds only %s, not the %s it claims (fake capacity, found by %s): ESXi would lose its files on it; use another device"),
		       r->disk.path, real, claim, probe_method_name(r->method));
}

/* The warning for a device slower than VMware's guidance. */
bool probe_slow_warning(const struct probe_result *r, char *buf, size_t size)
{
	if (r->write_mbs < 0 || r->write_mbs >= WRITE_MIN_MBS)
		return false;
	snprintf(buf, size,
		 _("%s is slow: it writes %.1f MB/s sequentially and %.0f random 4 KiB writes a second; VMware asks at least %.0f MB/s for a device that holds ESX-OSData."),
		 r->disk.path, r->write_mbs, r->iops < 0 ? 0 : r->iops, WRITE_MIN_MBS);
	return true;
}

/* Whether f3probe is installed. */
bool probe_f3_found(void)
{
	char path[4096];

	return child_find_in(child_path(), "f3probe", path, sizeof(path)) == 0;
}

/* The number in "(N blocks)" or "(2^K Bytes)" after label on its line. */
static bool probe_f3_field(const char *text, const char *label, const char *unit,
			   unsigned long long *out)
{
	const char *p = strstr(text, label), *nl, *par;

	if (!p)
		return false;
	nl = strchr(p, '\n');
	par = strchr(p, '(');
	if (!par || (nl && par > nl))
		return false;
	par++;
	if (!strncmp(par, "2^", 2)) {
		unsigned long long k = strtoull(par + 2, NULL, 10);

		*out = k < 63 ? 1ull << k : 0;
	} else {
		*out = strtoull(par, NULL, 10);
	}
	p = strstr(par, unit);
	return *out && p && (!nl || p < nl);
}

/* Parse f3probe's report: good or bad news, and the usable size. */
int probe_f3_parse(const char *text, bool *fake, uint64_t *usable)
{
	unsigned long long blocks, bsize = 512;

	if (strstr(text, "Good news"))
		*fake = false;
	else if (strstr(text, "Bad news"))
		*fake = true;
	else
		return -EINVAL;
	if (!probe_f3_field(text, "*Usable* size:", "blocks", &blocks))
		return -EINVAL;
	if (!probe_f3_field(text, "Physical block size:", "Bytes", &bsize))
		bsize = 512;
	*usable = blocks * bsize;
	return 0;
}

/* Run f3probe: --destructive only when the area is the whole device. */
int probe_f3_run(const char *path, const struct probe_opts *o, struct probe_result *r,
		 struct stoat_err *e)
{
	bool whole = o->n_area == 1 && o->area[0].off == 0 &&
		o->area[0].len >= (r->disk.size & ~(uint64_t)4095);
	char *argv[4], out[8192];
	char prog[] = "f3probe", dflag[] = "--destructive", dev[4096];
	uint64_t usable;
	bool fake;
	int rc, i = 0;

	snprintf(dev, sizeof(dev), "%s", path);
	argv[i++] = prog;
	if (whole)
		argv[i++] = dflag;
	argv[i++] = dev;
	argv[i] = NULL;
	if (o->tick && !o->tick(o->ctx, _("Checking the capacity"), 0))
		return err_set(e, ECANCELED, _("The probe was stopped."));
	if ((rc = child_run(argv, out, sizeof(out), "f3probe", e)) < 0)
		return rc;
	if (probe_f3_parse(out, &fake, &usable) < 0)
		return err_set(e, EPROTO, _("f3probe's report could not be read"));
	r->method = whole ? PROBE_M_F3_DESTRUCTIVE : PROBE_M_F3;
	r->checked_bytes = r->disk.size;
	r->cap = fake ? PROBE_CAP_FAKE : PROBE_CAP_OK;
	r->real_size = fake ? usable : r->disk.size;
	probe_cap_text(r);
	return 0;
}
