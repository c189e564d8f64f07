/* usbquirk_sysfs.c - what the live legacy-USB switch reads and writes: USB
 * interfaces bound to a driver, their ids and descriptors, the disks under
 * them, sysfs attributes, and the state file that remembers what an "on"
 * changed. Every sysfs path is under the root given, for fixture trees. */
#include "config.h"

#include <ctype.h>
#include <dirent.h>
#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "io.h"
#include "nls.h"
#include "sysfs.h"
#include "usbquirk_priv.h"

#define DESC_MAX 65536		/* the raw descriptors of one USB device */
#define USB_CLASS_STORAGE 0x08
#define USB_PR_BULK 0x50	/* Bulk-Only transport */
#define USB_DT_INTERFACE 0x04

/* Fill the paths of one call from the options. */
void usbq_paths_init(const struct usbquirk_opts *o, struct usbq_paths *p)
{
	snprintf(p->sysfs, sizeof(p->sysfs), "%s", o->sysfs_root ? o->sysfs_root : "/sys");
	snprintf(p->quirks, sizeof(p->quirks), "%s/module/usb_storage/parameters/quirks",
		 p->sysfs);
	snprintf(p->drivers, sizeof(p->drivers), "%s/bus/usb/drivers", p->sysfs);
	snprintf(p->state_dir, sizeof(p->state_dir), "%s",
		 o->state_dir ? o->state_dir : "/run/stoat");
	snprintf(p->state, sizeof(p->state), "%s/legacy-usb", p->state_dir);
}

/* Write value to a sysfs attribute in one write, as `echo -n` would. The
 * kernel ignores a write of nothing, so "" is written as a lone newline
 * (which usb-storage's quirks parser skips like an empty list). 0 or
 * -errno (a driver that refuses a bind fails the write). */
int usbq_write_attr(const char *path, const char *value)
{
	const char *v = *value ? value : "\n";
	size_t len = strlen(v);
	ssize_t n;
	int fd, err = 0;

	fd = open(path, O_WRONLY | O_TRUNC | O_CLOEXEC);
	if (fd < 0)
		return -errno;
	n = write(fd, v, len);
	if (n < 0)
		err = errno;
	else if ((size_t)n != len)
		err = EIO;
	if (close(fd) < 0 && !err)
		err = errno;
	return -err;
}

/* True when this process may write path (root, normally). */
bool usbq_writable(const char *path)
{
	return faccessat(AT_FDCWD, path, W_OK, AT_EACCESS) == 0;
}

/* <sysfs>/bus/usb/drivers/<driver>/<file> into buf. 0 or -ENAMETOOLONG. */
int usbq_driver_path(const struct usbq_paths *p, const char *driver, const char *file,
		     char *buf, size_t size)
{
	int n = snprintf(buf, size, "%s/%s/%s", p->drivers, driver, file);

	return n < 0 || (size_t)n >= size ? -ENAMETOOLONG : 0;
}

/* True when name looks like a USB interface: "2-2:1.0", "1-1.4:1.0". */
static bool is_interface(const char *name)
{
	const char *dash = strchr(name, '-'), *colon = strchr(name, ':');

	return isdigit((unsigned char)name[0]) && dash && colon && dash < colon;
}

/* qsort helper: interface names in natural order. */
static int dev_cmp(const void *a, const void *b)
{
	return strverscmp(((const struct usbquirk_dev *)a)->intf,
			  ((const struct usbquirk_dev *)b)->intf);
}

/* The USB interfaces bound to driver, in natural order, at most max. */
size_t usbq_bound_to(const struct usbq_paths *p, const char *driver,
		     struct usbquirk_dev *out, size_t max)
{
	char dir[PATH_MAX];
	struct dirent *de;
	size_t n = 0;
	DIR *dh;

	snprintf(dir, sizeof(dir), "%s/%s", p->drivers, driver);
	dh = opendir(dir);
	if (!dh)
		return 0;
	while ((de = readdir(dh)) && n < max) {
		if (!is_interface(de->d_name) || strlen(de->d_name) >= sizeof(out->intf))
			continue;
		memset(&out[n], 0, sizeof(out[n]));
		snprintf(out[n].intf, sizeof(out[n].intf), "%s", de->d_name);
		n++;
	}
	closedir(dh);
	qsort(out, n, sizeof(*out), dev_cmp);
	return n;
}

/* The real path of the interface's directory (or, with parent, of its USB
 * device). 0 or -errno. */
static int intf_dir(const struct usbq_paths *p, const char *intf, bool parent,
		    char *buf)
{
	char link[PATH_MAX];

	snprintf(link, sizeof(link), "%s/bus/usb/devices/%s", p->sysfs, intf);
	if (!realpath(link, buf))
		return -errno;
	if (parent && strrchr(buf, '/'))
		*strrchr(buf, '/') = '\0';
	return 0;
}

/* Read a hexadecimal attribute of dir. 0 or -errno. */
static int read_hex(const char *dir, const char *file, unsigned *v)
{
	char path[PATH_MAX], buf[32], *end;
	int rc;

	snprintf(path, sizeof(path), "%s/%s", dir, file);
	rc = sysfs_read_attr(path, buf, sizeof(buf));
	if (rc < 0)
		return rc;
	errno = 0;
	*v = (unsigned)strtoul(buf, &end, 16);
	return errno || end == buf || *end ? -EINVAL : 0;
}

/* The USB device's idVendor and idProduct. 0 or -errno. */
int usbq_ids(const struct usbq_paths *p, const char *intf, unsigned *vid, unsigned *pid)
{
	char dev[PATH_MAX];
	int rc = intf_dir(p, intf, true, dev);

	if (rc == 0)
		rc = read_hex(dev, "idVendor", vid);
	if (rc == 0)
		rc = read_hex(dev, "idProduct", pid);
	return rc;
}

/* The driver the interface is bound to now, or "". */
void usbq_driver_of(const struct usbq_paths *p, const char *intf, char *buf, size_t size)
{
	char dir[PATH_MAX];

	snprintf(dir, sizeof(dir), "%s/bus/usb/devices/%s", p->sysfs, intf);
	sysfs_link_base(dir, "driver", buf, size);
}

/* True when the interface has a Bulk-Only alternate setting, which is what
 * usb-storage drives: found in the USB device's raw descriptors (every
 * alternate setting is there, not only the current one). */
bool usbq_has_bot(const struct usbq_paths *p, const char *intf)
{
	char dir[PATH_MAX], path[PATH_MAX];
	unsigned ifnum;
	unsigned char *d;
	ssize_t n;
	size_t i;
	bool bot = false;
	int fd;

	if (intf_dir(p, intf, false, dir) < 0 || read_hex(dir, "bInterfaceNumber", &ifnum) < 0)
		return false;
	*strrchr(dir, '/') = '\0';
	snprintf(path, sizeof(path), "%s/descriptors", dir);
	fd = open(path, O_RDONLY | O_CLOEXEC);
	if (fd < 0)
		return false;
	d = malloc(DESC_MAX);
	n = d ? io_read_all(fd, d, DESC_MAX) : -1;
	close(fd);
	/* bLength, bDescriptorType, then per type; an interface descriptor
	 * has bInterfaceNumber at 2, class, subclass, protocol at 5, 6, 7 */
	for (i = 0; n > 0 && i + 2 <= (size_t)n && d[i] >= 2; i += d[i]) {
		if (d[i + 1] != USB_DT_INTERFACE || d[i] < 9 || i + 9 > (size_t)n)
			continue;
		if (d[i + 2] == ifnum && d[i + 5] == USB_CLASS_STORAGE && d[i + 7] == USB_PR_BULK)
			bot = true;
	}
	free(d);
	return bot;
}

/* qsort helper: disk names in natural order. */
static int name_cmp(const void *a, const void *b)
{
	return strverscmp((const char *)a, (const char *)b);
}

/* The whole disks whose sysfs path lies under the interface. */
void usbq_disks_of(const struct usbq_paths *p, const char *intf, struct usbq_disks *out)
{
	char idir[PATH_MAX], dir[PATH_MAX], link[PATH_MAX], real[PATH_MAX];
	struct dirent *de;
	size_t len;
	DIR *dh;

	out->n = 0;
	if (intf_dir(p, intf, false, idir) < 0)
		return;
	len = strlen(idir);
	snprintf(dir, sizeof(dir), "%s/block", p->sysfs);
	dh = opendir(dir);
	if (!dh)
		return;
	while ((de = readdir(dh)) && out->n < USBQ_DISKS_MAX) {
		if (de->d_name[0] == '.' || strlen(de->d_name) >= sizeof(out->name[0]))
			continue;
		snprintf(link, sizeof(link), "%s/%s", dir, de->d_name);
		if (realpath(link, real) && !strncmp(real, idir, len) && real[len] == '/')
			snprintf(out->name[out->n++], sizeof(out->name[0]), "%s", de->d_name);
	}
	closedir(dh);
	qsort(out->name, out->n, sizeof(out->name[0]), name_cmp);
}

/* True when dir/holders lists anything (a dm or md device on top). */
static bool has_holders(const char *dir)
{
	char path[PATH_MAX];
	struct dirent *de;
	bool any = false;
	DIR *dh;

	snprintf(path, sizeof(path), "%s/holders", dir);
	dh = opendir(path);
	if (!dh)
		return false;
	while (!any && (de = readdir(dh)))
		any = de->d_name[0] != '.';
	closedir(dh);
	return any;
}

/* True when a dm or md device sits on the disk or one of its partitions
 * (active, even if nothing on it is mounted). */
bool usbq_held(const struct usbq_paths *p, const char *disk)
{
	char dir[PATH_MAX], sub[PATH_MAX + 256], part[PATH_MAX + 300];
	struct dirent *de;
	bool held;
	DIR *dh;

	snprintf(dir, sizeof(dir), "%s/block/%s", p->sysfs, disk);
	held = has_holders(dir);
	dh = opendir(dir);
	if (!dh)
		return held;
	while (!held && (de = readdir(dh))) {
		if (de->d_name[0] == '.')
			continue;
		snprintf(sub, sizeof(sub), "%s/%s", dir, de->d_name);
		snprintf(part, sizeof(part), "%s/partition", sub);
		if (access(part, F_OK) == 0)
			held = has_holders(sub);
	}
	closedir(dh);
	return held;
}

/* Parse "INTF VVVV:PPPP DISK" (DISK "-" when none) into d; true when it
 * is well formed. */
static bool parse_moved(char *s, struct usbquirk_dev *d)
{
	char *save = NULL, *intf, *ids, *disk, *end;

	intf = strtok_r(s, " ", &save);
	ids = strtok_r(NULL, " ", &save);
	disk = strtok_r(NULL, " ", &save);
	if (!intf || !ids || !disk || strlen(intf) >= sizeof(d->intf) ||
	    strlen(disk) >= sizeof(d->disk))
		return false;
	memset(d, 0, sizeof(*d));
	d->vid = (unsigned)strtoul(ids, &end, 16);
	if (end == ids || *end != ':')
		return false;
	d->pid = (unsigned)strtoul(end + 1, &end, 16);
	if (*end)
		return false;
	snprintf(d->intf, sizeof(d->intf), "%s", intf);
	snprintf(d->disk, sizeof(d->disk), "%s", strcmp(disk, "-") ? disk : "");
	return true;
}

/* Read the state file: what an earlier "on" changed. No file is no state
 * (s->have false), not an error. 0 or -errno with e filled. */
int usbq_state_load(const struct usbq_paths *p, struct usbq_state *s, struct stoat_err *e)
{
	char line[USBQ_QUIRKS_MAX + 64];
	FILE *f;

	memset(s, 0, sizeof(*s));
	f = fopen(p->state, "re");
	if (!f)
		return errno == ENOENT ? 0 : err_set(e, errno, _("cannot read %s: %s"), p->state,
						     strerror(errno));
	s->have = true;
	while (fgets(line, sizeof(line), f)) {
		struct usbquirk_dev *d = &s->dev[s->n];

		line[strcspn(line, "\n")] = '\0';
		if (!strncmp(line, "quirks=", 7)) {
			snprintf(s->quirks, sizeof(s->quirks), "%s", line + 7);
		} else if (!strncmp(line, "moved=", 6) && s->n < USBQUIRK_MAX &&
			   parse_moved(line + 6, d)) {
			s->n++;
		}
	}
	fclose(f);
	return 0;
}

/* Write the state file (atomically: a new file renamed over the old). 0 or
 * -errno with e filled. */
int usbq_state_save(const struct usbq_paths *p, const struct usbq_state *s,
		    struct stoat_err *e)
{
	char tmp[PATH_MAX + 8];
	size_t i;
	FILE *f;
	int bad;

	if (mkdir(p->state_dir, 0700) < 0 && errno != EEXIST)
		return err_set(e, errno, _("cannot make the folder %s: %s"), p->state_dir,
			       strerror(errno));
	snprintf(tmp, sizeof(tmp), "%s.new", p->state);
	f = fopen(tmp, "we");
	if (!f)
		return err_set(e, errno, _("cannot write %s: %s"), tmp, strerror(errno));
	fprintf(f, "# stoat, legacy USB live: usb-storage's quirks before the change,\n"
		   "# and the USB interfaces moved from uas to usb-storage\n");
	fprintf(f, "quirks=%s\n", s->quirks);
	for (i = 0; i < s->n; i++)
		fprintf(f, "moved=%s %04x:%04x %s\n", s->dev[i].intf, s->dev[i].vid,
			s->dev[i].pid, s->dev[i].disk[0] ? s->dev[i].disk : "-");
	bad = ferror(f);
	if (fclose(f) != 0 || bad || rename(tmp, p->state) < 0) {
		int err = errno ? errno : EIO;

		unlink(tmp);
		return err_set(e, err, _("cannot write %s: %s"), p->state, strerror(err));
	}
	return 0;
}

/* Forget the state: everything it recorded is undone. */
void usbq_state_remove(const struct usbq_paths *p)
{
	unlink(p->state);
}
