/* cli_plan.c - `stoat plan`: print the partition layout for a size or disk
 * in partedUtil getptbl format. The planning itself is in layout.c. */
#include "config.h"

#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <string.h>
#include <sys/ioctl.h>
#include <sys/stat.h>
#include <unistd.h>
#include <linux/fs.h>

#include "cli.h"
#include "disk.h"
#include "layout.h"
#include "media.h"
#include "nls.h"

/* Size, sector size and flash-ness of --disk without the disk scanner
 * (used only while disk_probe_one() is not available). */
static int probe_fallback(const struct disk_spec *spec, uint64_t *bytes,
			  unsigned *ss)
{
	struct stat st;
	int fd, s = 512, rc = 0;

	if (stat(spec->path, &st) < 0)
		return -errno;
	if (!S_ISBLK(st.st_mode)) {
		*bytes = (uint64_t)st.st_size;
		*ss = 512;
		return 0;
	}
	fd = open(spec->path, O_RDONLY | O_CLOEXEC);
	if (fd < 0)
		return -errno;
	if (ioctl(fd, BLKGETSIZE64, bytes) < 0 || ioctl(fd, BLKSSZGET, &s) < 0)
		rc = -errno;
	close(fd);
	*ss = (unsigned)s;
	return rc;
}

/* Fill size, sector size and flash from the --disk given. */
static int plan_target(const struct stoat_opts *o, uint64_t *bytes,
		       unsigned *ss, bool *flash)
{
	const struct disk_spec *spec = &o->disks[0];
	struct disk_scan_opts so = { .only_listed = true, .specs = o->disks,
				     .n_specs = o->n_disks };
	struct stoat_err e = { 0 };
	struct disk d;
	int rc;

	rc = disk_probe_one(&so, spec->path, &d, &e);
	if (rc == 0) {
		*bytes = d.size;
		*ss = d.lsec ? d.lsec : 512;
		*flash = disk_is_flash(&d);
		if (d.is_file && o->sector_size)
			*ss = o->sector_size;
	} else if (rc == -ENOSYS) {
		rc = probe_fallback(spec, bytes, ss);
		if (rc < 0) {
			cli_error(_("cannot read the size of %s: %s"), spec->path, strerror(-rc));
			return EXIT_FAIL;
		}
		*flash = spec->transport == TR_USB || spec->transport == TR_SD;
	} else {
		cli_error("%s", e.msg);
		return EXIT_FAIL;
	}
	*flash = *flash || o->flash;
	return EXIT_OK;
}

/* --layout, else the media's version, else esxi6. Without either we keep
 * the 6.x layout the seed documents describe, as the brief asks. */
static int plan_profile(const struct stoat_opts *o, enum layout_profile *p)
{
	struct stoat_err e = { 0 };
	struct media *m;

	*p = LAYOUT_ESXI6;
	if (o->layout != LAYOUT_AUTO) {
		*p = o->layout;
		return EXIT_OK;
	}
	if (!o->media)
		return EXIT_OK;
	if (media_open(o->media, &m, &e) < 0) {
		cli_error(_("cannot pick the layout from the media (%s); give --layout"), e.msg);
		return EXIT_FAIL;
	}
	if (!media_major(m)) {
		char why[1024];

		media_version_why(m, why, sizeof(why));
		cli_error(_("cannot pick the layout from the media (%s); give --layout"), why);
		media_close(m);
		return EXIT_FAIL;
	}
	*p = layout_profile_for_version(media_version(m));
	media_close(m);
	return EXIT_OK;
}

/* Read the run's boot options in their order (see cli.h). */
int cli_bootopts(const struct stoat_opts *o, const struct kickstart *ks, struct media *m,
		 struct bootopts *bo, struct stoat_err *e)
{
	int rc;

	memset(bo, 0, sizeof(*bo));
	if ((rc = bootopts_from_media(bo, m, e)) < 0)
		return rc;
	if (o->media_size != LAYOUT_MS_DEFAULT) {
		bo->has_media_size = true;
		bo->media_size = o->media_size;
	}
	if ((rc = bootopts_parse(bo, o->boot_options, 0, e)) < 0)
		return err_prefix(e, "--boot-options");
	if (ks && (rc = bootopts_parse(bo, ks->bootopts, 0, e)) < 0)
		return err_prefix(e, "%s: bootoption --kernelopt", ks->where);
	bo->nested_template = o->nested_template || (ks && ks->nested_template);
	return 0;
}

/* --osdata DISK: the disk's size and sector size, refusing flash. */
static int plan_osdata_disk(const char *arg, uint64_t *bytes, unsigned *ss)
{
	struct disk_scan_opts so = { .only_listed = true };
	struct stoat_err e = { 0 };
	struct disk_spec spec;
	struct disk d;

	if (disk_spec_parse(arg, &spec, &e) < 0) {
		cli_error("%s", e.msg);
		return EXIT_USAGE;
	}
	so.specs = &spec;
	so.n_specs = 1;
	if (disk_probe_one(&so, spec.path, &d, &e) < 0) {
		cli_error("%s", e.msg);
		return EXIT_FAIL;
	}
	if (disk_is_flash(&d) || d.remote) {
		cli_error(_("%s cannot hold ESX-OSData: it is not a persistent local disk"), d.path);
		return EXIT_FAIL;
	}
	*bytes = d.size;
	*ss = d.lsec ? d.lsec : 512;
	return EXIT_OK;
}

/* The OSData disk's table after the flash's, for --osdata DISK. */
static int plan_print_osdata(const struct stoat_opts *o)
{
	struct stoat_err e = { 0 };
	struct layout l;
	char buf[512];
	uint64_t bytes;
	unsigned ss;
	int rc;

	if ((rc = plan_osdata_disk(o->osdata, &bytes, &ss)) != EXIT_OK)
		return rc;
	if (layout_plan_osdata_disk(bytes, ss, o->media_size, &l, &e) < 0) {
		cli_error("%s", e.msg);
		return EXIT_FAIL;
	}
	layout_format(&l, buf, sizeof(buf));
	printf(_("# ESX-OSData on %s:\n"), o->osdata);
	fputs(buf, stdout);
	return EXIT_OK;
}

int cli_plan(const struct stoat_opts *o)
{
	struct layout_opts lo = { .novmfsondisk = o->novmfsondisk,
				  .media_size = o->media_size };
	struct stoat_err e = { 0 };
	struct bootopts bo;
	enum layout_profile prof;
	struct layout l;
	char buf[2048];
	uint64_t bytes = o->size;
	unsigned ss = o->sector_size ? o->sector_size : 512;
	bool flash = o->flash;
	int rc;

	if (o->n_args || (!o->size == !o->n_disks) || o->n_disks > 1) {
		cli_error(_("plan takes either --size BYTES or one --disk DEV; see 'stoat --help'"));
		return EXIT_USAGE;
	}
	if (o->n_disks && (rc = plan_target(o, &bytes, &ss, &flash)) != EXIT_OK)
		return rc;
	if ((rc = plan_profile(o, &prof)) != EXIT_OK)
		return rc;
	if ((rc = cli_bootopts(o, NULL, NULL, &bo, &e)) < 0) {
		cli_error("%s", e.msg);
		return EXIT_USAGE;
	}
	bootopts_layout(&bo, &lo);
	if (o->osdata && layout_osdata_parse(o->osdata, &lo.osdata) < 0)
		lo.osdata = LAYOUT_OSDATA_DISK;
	if (o->osdata && (!flash || prof != LAYOUT_ESXI7)) {
		cli_error(_("--osdata is for 7.x layouts on USB or SD flash (--flash, --layout esxi7)"));
		return EXIT_USAGE;
	}
	if (o->osdata && lo.osdata == LAYOUT_OSDATA_DISK && !strcmp(o->osdata, "disk")) {
		cli_error(_("--osdata takes ram, flash or the disk to use, not 'disk'"));
		return EXIT_USAGE;
	}
	if (layout_plan(bytes, ss, flash, prof, &lo, &l, &e) < 0) {
		cli_error("%s", e.msg);
		return EXIT_FAIL;
	}
	layout_format(&l, buf, sizeof(buf));
	fputs(buf, stdout);
	if (lo.osdata == LAYOUT_OSDATA_DISK && (rc = plan_print_osdata(o)) != EXIT_OK)
		return rc;
	if (l.warning[0])
		cli_error(_("warning: %s"), l.warning);
	return fflush(stdout) == 0 ? EXIT_OK : EXIT_FAIL;
}
