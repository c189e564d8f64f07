/* usbquirk.c - legacy USB, live: move idle UAS disks to usb-storage and
 * back, and say on one line what was done. usbquirk_sysfs.c does the
 * reading and writing; this file decides what may be touched, in which
 * order, and how to back out when a driver refuses. */
#include "config.h"

#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

#include "disk.h"
#include "nls.h"
#include "sysfs.h"
#include "usbquirk_priv.h"

#define POLL_MS 100

/* Add 'u' to the flags of entry (of length len) into out at *o, or copy
 * it as it is; true when the entry is the one for vid:pid. */
static bool merge_entry(const char *entry, size_t len, unsigned vid, unsigned pid,
			bool want, char *out, size_t size, size_t *o)
{
	char buf[USBQ_QUIRKS_MAX], *q = buf;
	unsigned long v, d;
	bool match = false;
	int n;

	snprintf(buf, sizeof(buf), "%.*s", (int)len, entry);
	/* the kernel's test: hex VID, ':', hex PID, ':', flags */
	v = strtoul(buf, &q, 16);
	if (want && q != buf && *q == ':') {
		d = strtoul(q + 1, &q, 16);
		match = v == vid && d == pid && *q == ':';
	}
	n = snprintf(out + *o, size - *o, "%s%s%s", *o ? "," : "", buf,
		     match && !strpbrk(q + 1, "uU") ? "u" : "");
	*o += n > 0 ? (size_t)n : 0;
	return match;
}

/* The quirks list with the 'u' flag for vid:pid. 0 or -ENOSPC. */
int usbquirk_merge(const char *quirks, unsigned vid, unsigned pid, char *out,
		   size_t size)
{
	const char *p = quirks;
	bool found = false;
	size_t o = 0;
	int n;

	if (!size)
		return -ENOSPC;
	out[0] = '\0';
	while (*p) {
		const char *end = strchrnul(p, ',');

		if (merge_entry(p, (size_t)(end - p), vid, pid, !found, out, size, &o))
			found = true;
		if (o >= size)
			return -ENOSPC;
		p = *end ? end + 1 : end;
	}
	if (!found) {
		n = snprintf(out + o, size - o, "%s%04x:%04x:u", o ? "," : "", vid, pid);
		if (n < 0 || (size_t)n >= size - o)
			return -ENOSPC;
	}
	return 0;
}

/* Milliseconds on the monotonic clock. */
static long long now_ms(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	return (long long)ts.tv_sec * 1000 + ts.tv_nsec / 1000000;
}

/* Whether any disk under the interface must not be yanked, and why
 * (USBQ_MOVED when it may be). */
static enum usbquirk_fate judge(const struct usbq_paths *p, const struct disk_list *dl,
				const struct usbq_disks *dk)
{
	size_t i, j;

	for (i = 0; i < dk->n; i++) {
		for (j = 0; j < dl->n; j++) {
			const struct disk *d = &dl->v[j];

			if (d->is_file || strcmp(d->name, dk->name[i]))
				continue;
			if (d->holds_root)
				return USBQ_SYSTEM;
			if (d->holds_media)
				return USBQ_MEDIA;
			if (d->mounted)
				return USBQ_MOUNTED;
		}
		if (usbq_held(p, dk->name[i]))
			return USBQ_HELD;
	}
	return USBQ_MOVED;
}

/* Every disk with what holds it, for judge(). 0 or -errno with e filled. */
static int scan_busy(const struct usbquirk_opts *o, struct disk_list *dl, struct stoat_err *e)
{
	struct disk_scan_opts so = {
		.sysfs_root = o->sysfs_root, .dev_root = o->dev_root,
		.mountinfo = o->mountinfo, .swaps = o->swaps,
		.media_path = o->media_path, .all = true,
	};
	int rc = disk_scan(&so, dl, e);

	if (rc < 0)
		err_prefix(e, "%s", _("cannot tell which disks are in use; nothing changed"));
	return rc;
}

/* Wait (up to ms, polling) until every touched interface that had a disk
 * has one again; note its name in now. */
static void wait_disks(const struct usbq_paths *p, struct usbquirk_result *r,
		       const bool *touched, unsigned ms)
{
	long long end = now_ms() + ms;
	struct timespec pause = { 0, POLL_MS * 1000000L };
	struct usbq_disks dk;
	bool all;
	size_t i;

	for (;;) {
		all = true;
		for (i = 0; i < r->n; i++) {
			if (!touched[i] || !r->dev[i].disk[0] || r->dev[i].now[0])
				continue;
			usbq_disks_of(p, r->dev[i].intf, &dk);
			if (dk.n)
				snprintf(r->dev[i].now, sizeof(r->dev[i].now), "%s", dk.name[0]);
			else
				all = false;
		}
		if (all || now_ms() >= end)
			return;
		nanosleep(&pause, NULL);
	}
}

/* The name a person knows the device by: its disk, else the interface. */
static const char *dev_name(const struct usbquirk_dev *d)
{
	return d->now[0] ? d->now : d->disk[0] ? d->disk : d->intf;
}

/* The whole sentence saying why d stayed where it was (one per case, so
 * each language can word it its own way). */
static void stays(char *s, size_t size, const struct usbquirk_dev *d, bool on)
{
	enum usbquirk_fate f = d->fate;

	snprintf(s, size,
		 f == USBQ_MOUNTED ? (on ? _("%s stays on uas: it is mounted.")
				       : _("%s stays on usb-storage: it is mounted."))
		 : f == USBQ_SYSTEM ? (on ? _("%s stays on uas: it holds the running system.")
					  : _("%s stays on usb-storage: it holds the running system."))
		 : f == USBQ_MEDIA ? (on ? _("%s stays on uas: it holds the install media.")
					 : _("%s stays on usb-storage: it holds the install media."))
		 : f == USBQ_HELD ? (on ? _("%s stays on uas: a dm or md device uses it.")
					: _("%s stays on usb-storage: a dm or md device uses it."))
		 : f == USBQ_NO_BOT ? (on ? _("%s stays on uas: it has no Bulk-Only mode.")
					  : _("%s stays on usb-storage: it has no Bulk-Only mode."))
		 : f == USBQ_REFUSED ? (on ? _("%s stays on uas: usb-storage refused it.")
					   : _("%s stays on usb-storage: uas refused it."))
		 : on ? _("%s stays on uas: it is no longer attached.")
		      : _("%s stays on usb-storage: it is no longer attached."),
		 dev_name(d));
}

/* Append a sentence to r->msg. */
static void say(struct usbquirk_result *r, const char *s)
{
	size_t len = strlen(r->msg);

	snprintf(r->msg + len, sizeof(r->msg) - len, "%s%s", len ? " " : "", s);
}

/* r->msg after a move: what moved, what stayed and why, what is not back. */
static void report(struct usbquirk_result *r, bool on)
{
	char names[128] = "", s[256];
	const struct usbquirk_dev *first = NULL, *late = NULL;
	unsigned left = 0;
	size_t i, len;

	for (i = 0; i < r->n; i++) {
		const struct usbquirk_dev *d = &r->dev[i];

		if (d->fate == USBQ_MOVED) {
			len = strlen(names);
			snprintf(names + len, sizeof(names) - len, "%s%s", len ? ", " : "", dev_name(d));
			if (d->disk[0] && !d->now[0] && !late)
				late = d;
		} else if (on || d->fate != USBQ_ABSENT) {
			first = first ? first : d;
			left++;
		}
	}
	if (r->moved == 1 && strlen(names) + 16 < sizeof(names)) {
		for (i = 0; r->dev[i].fate != USBQ_MOVED; i++)
			;
		len = strlen(names);
		snprintf(names + len, sizeof(names) - len, ", 0x%04x:0x%04x", r->dev[i].vid,
			 r->dev[i].pid);
	}
	r->msg[0] = '\0';
	if (r->moved) {
		snprintf(s, sizeof(s), on ? P_("Moved %u USB disk (%s) from uas to usb-storage.",
					       "Moved %u USB disks (%s) from uas to usb-storage.", r->moved)
					  : P_("Moved %u USB disk (%s) back to uas.",
					       "Moved %u USB disks (%s) back to uas.", r->moved),
			 r->moved, names);
		say(r, s);
	} else if (!on) {
		say(r, _("The usb-storage quirks are as they were."));
	}
	if (first) {
		stays(s, sizeof(s), first, on);
		say(r, s);
	}
	if (left > 1) {
		snprintf(s, sizeof(s), P_("%u more stays where it was.", "%u more stay where they were.",
					  left - 1), left - 1);
		say(r, s);
	}
	if (late) {
		snprintf(s, sizeof(s), _("The disk of %s has not appeared yet; scan again in a moment."),
			 dev_name(late));
		say(r, s);
	}
	if (on && !r->moved)
		say(r, _("Nothing changed."));
}

/* Give interfaces refused by usb-storage back to uas: the quirks without
 * them, then uas (or whichever driver the kernel picks). */
static void give_back(const struct usbq_paths *p, struct usbquirk_result *r,
		      const char *before, const bool *unbound)
{
	char q[USBQ_QUIRKS_MAX], tmp[USBQ_QUIRKS_MAX], bind[PATH_MAX], probe[PATH_MAX];
	size_t i;

	snprintf(q, sizeof(q), "%s", before);
	for (i = 0; i < r->n; i++)
		if (r->dev[i].fate == USBQ_MOVED && usbquirk_merge(q, r->dev[i].vid, r->dev[i].pid,
								   tmp, sizeof(tmp)) == 0)
			memcpy(q, tmp, sizeof(q));
	usbq_write_attr(p->quirks, q);
	usbq_driver_path(p, "uas", "bind", bind, sizeof(bind));
	snprintf(probe, sizeof(probe), "%s/bus/usb/drivers_probe", p->sysfs);
	for (i = 0; i < r->n; i++)
		if (r->dev[i].fate == USBQ_REFUSED && unbound[i] &&
		    usbq_write_attr(bind, r->dev[i].intf) < 0)
			usbq_write_attr(probe, r->dev[i].intf);
}

/* Unbind the chosen interfaces from uas and bind them to usb-storage,
 * backing out for those usb-storage refuses. */
static void move_all(const struct usbq_paths *p, struct usbquirk_result *r,
		     struct usbq_state *st, const char *before, bool *touched)
{
	char unbind[PATH_MAX], bind[PATH_MAX];
	bool unbound[USBQUIRK_MAX] = { false }, refused = false;
	size_t i, j;

	usbq_driver_path(p, "uas", "unbind", unbind, sizeof(unbind));
	usbq_driver_path(p, "usb-storage", "bind", bind, sizeof(bind));
	for (i = 0; i < r->n; i++) {
		struct usbquirk_dev *d = &r->dev[i];

		if (!touched[i])
			continue;
		unbound[i] = usbq_write_attr(unbind, d->intf) == 0;
		if (!unbound[i] || usbq_write_attr(bind, d->intf) < 0) {
			d->fate = USBQ_REFUSED;
			refused = true;
			continue;
		}
		d->fate = USBQ_MOVED;
		r->moved++;
		for (j = 0; j < st->n && strcmp(st->dev[j].intf, d->intf); j++)
			;
		if (j == st->n && st->n < USBQUIRK_MAX)
			st->dev[st->n++] = *d;
	}
	if (refused)
		give_back(p, r, before, unbound);
}

/* Look at each UAS interface: ids, disks, and whether it may be moved. */
static void choose(const struct usbq_paths *p, const struct usbquirk_opts *o,
		   const struct disk_list *dl, struct usbquirk_result *r, bool *todo)
{
	struct usbq_disks dk;
	size_t i;

	for (i = 0; i < r->n; i++) {
		struct usbquirk_dev *d = &r->dev[i];

		todo[i] = false;
		if (usbq_ids(p, d->intf, &d->vid, &d->pid) < 0) {
			d->fate = USBQ_ABSENT;
			continue;
		}
		usbq_disks_of(p, d->intf, &dk);
		if (dk.n)
			snprintf(d->disk, sizeof(d->disk), "%s", dk.name[0]);
		d->fate = judge(p, dl, &dk);
		if (d->fate == USBQ_MOVED && !o->skip_bot_check && !usbq_has_bot(p, d->intf))
			d->fate = USBQ_NO_BOT;
		todo[i] = d->fate == USBQ_MOVED;
	}
}

/* The error for a quirks write that failed; nothing changed. */
static int quirks_error(const struct usbq_paths *p, int rc, struct stoat_err *e)
{
	if (rc == -ENOSPC)
		return err_set(e, ENOSPC, _("The usb-storage quirks list is full; nothing changed."));
	return err_set(e, -rc, _("cannot write %s: %s; nothing changed"), p->quirks, strerror(-rc));
}

/* Move every idle UAS disk to usb-storage. */
int usbquirk_on(const struct usbquirk_opts *o, struct usbquirk_result *r,
		struct stoat_err *e)
{
	char before[USBQ_QUIRKS_MAX], q[USBQ_QUIRKS_MAX], tmp[USBQ_QUIRKS_MAX], bind[PATH_MAX],
		unbind[PATH_MAX];
	bool todo[USBQUIRK_MAX] = { false }, had;
	struct disk_list dl = { 0 };
	struct usbq_paths p = { 0 };
	struct usbq_state st;
	size_t i, j, n = 0;
	int rc;

	memset(r, 0, sizeof(*r));
	usbq_paths_init(o, &p);
	rc = sysfs_read_attr(p.quirks, before, sizeof(before));
	if (rc == -ENOENT)
		return err_set(e, ENOENT, _("The usb-storage driver is not loaded (there is no %s); nothing changed."),
			       p.quirks);
	if (rc < 0)
		return err_set(e, -rc, _("cannot read %s: %s; nothing changed"), p.quirks, strerror(-rc));
	r->n = usbq_bound_to(&p, "uas", r->dev, USBQUIRK_MAX);
	if (!r->n) {
		snprintf(r->msg, sizeof(r->msg), "%s", _("No USB disk uses the uas driver; nothing changed."));
		return 0;
	}
	usbq_driver_path(&p, "uas", "unbind", unbind, sizeof(unbind));
	usbq_driver_path(&p, "usb-storage", "bind", bind, sizeof(bind));
	if (!usbq_writable(p.quirks) || !usbq_writable(unbind) || !usbq_writable(bind))
		return err_set(e, EACCES, _("Changing USB drivers needs root; nothing changed."));
	if ((rc = scan_busy(o, &dl, e)) < 0)
		return rc;
	choose(&p, o, &dl, r, todo);
	disk_list_free(&dl);
	memcpy(q, before, sizeof(q));
	for (i = 0; i < r->n; i++) {
		if (todo[i] && usbquirk_merge(q, r->dev[i].vid, r->dev[i].pid, tmp, sizeof(tmp)) < 0)
			return quirks_error(&p, -ENOSPC, e);
		if (todo[i]) {
			memcpy(q, tmp, sizeof(q));
			n++;
		}
	}
	if (!n) {
		report(r, true);
		return 0;
	}
	/* Remember the quirks as they were before writing anything; an
	 * earlier "on" that was never undone already did. */
	if ((rc = usbq_state_load(&p, &st, e)) < 0)
		return rc;
	had = st.have;
	if (!had)
		memcpy(st.quirks, before, sizeof(st.quirks));
	if ((rc = usbq_state_save(&p, &st, e)) < 0)
		return rc;
	if ((rc = usbq_write_attr(p.quirks, q)) < 0) {
		if (!had)
			usbq_state_remove(&p);
		return quirks_error(&p, rc, e);
	}
	r->changed = true;
	move_all(&p, r, &st, before, todo);
	wait_disks(&p, r, todo, o->wait_ms);
	for (i = 0; i < st.n; i++)	/* the names the moved disks have now */
		for (j = 0; j < r->n; j++)
			if (!strcmp(st.dev[i].intf, r->dev[j].intf) && r->dev[j].now[0])
				snprintf(st.dev[i].disk, sizeof(st.dev[i].disk), "%s", r->dev[j].now);
	if (st.n)
		rc = usbq_state_save(&p, &st, e);
	else
		usbq_state_remove(&p);
	report(r, true);
	return rc < 0 ? rc : 0;
}

/* Off: which recorded interfaces can go back to uas now. */
static void choose_back(const struct usbq_paths *p, const struct disk_list *dl,
			const struct usbq_state *st, struct usbquirk_result *r, bool *todo)
{
	char drv[64];
	struct usbq_disks dk;
	size_t i;

	r->n = st->n;
	for (i = 0; i < r->n; i++) {
		struct usbquirk_dev *d = &r->dev[i];

		*d = st->dev[i];
		d->now[0] = '\0';
		usbq_driver_of(p, d->intf, drv, sizeof(drv));
		todo[i] = false;
		if (strcmp(drv, "usb-storage")) {
			d->fate = USBQ_ABSENT;
			continue;
		}
		usbq_disks_of(p, d->intf, &dk);
		snprintf(d->disk, sizeof(d->disk), "%s", dk.n ? dk.name[0] : "");
		d->fate = judge(p, dl, &dk);
		todo[i] = d->fate == USBQ_MOVED;
	}
}

/* Undo usbquirk_on: the quirks as they were, the interfaces back on uas. */
int usbquirk_off(const struct usbquirk_opts *o, struct usbquirk_result *r,
		 struct stoat_err *e)
{
	char unbind[PATH_MAX], bind[PATH_MAX], probe[PATH_MAX], drv[64];
	bool todo[USBQUIRK_MAX] = { false };
	struct disk_list dl = { 0 };
	struct usbq_paths p = { 0 };
	struct usbq_state st;
	size_t i;
	int rc;

	memset(r, 0, sizeof(*r));
	usbq_paths_init(o, &p);
	if ((rc = usbq_state_load(&p, &st, e)) < 0)
		return rc;
	if (!st.have) {
		snprintf(r->msg, sizeof(r->msg), "%s", _("No USB disk was moved to usb-storage; nothing to undo."));
		return 0;
	}
	if (access(p.quirks, F_OK) < 0) {
		/* unloaded since: its quirks and the devices it drove are gone */
		usbq_state_remove(&p);
		snprintf(r->msg, sizeof(r->msg), "%s", _("The usb-storage driver is no longer loaded; nothing to undo."));
		return 0;
	}
	usbq_driver_path(&p, "usb-storage", "unbind", unbind, sizeof(unbind));
	usbq_driver_path(&p, "uas", "bind", bind, sizeof(bind));
	snprintf(probe, sizeof(probe), "%s/bus/usb/drivers_probe", p.sysfs);
	if (!usbq_writable(p.quirks) || !usbq_writable(unbind))
		return err_set(e, EACCES, _("Changing USB drivers needs root; nothing changed."));
	if ((rc = scan_busy(o, &dl, e)) < 0)
		return rc;
	choose_back(&p, &dl, &st, r, todo);
	disk_list_free(&dl);
	/* The quirks first: with its 'u' entry gone, uas takes the device. */
	if ((rc = usbq_write_attr(p.quirks, st.quirks)) < 0)
		return err_set(e, -rc, _("cannot write %s: %s; nothing changed"), p.quirks,
			       strerror(-rc));
	r->changed = true;
	for (i = 0; i < r->n; i++) {
		struct usbquirk_dev *d = &r->dev[i];

		if (!todo[i])
			continue;
		if (usbq_write_attr(unbind, d->intf) < 0) {
			d->fate = USBQ_REFUSED;
			todo[i] = false;
			continue;
		}
		/* uas, or failing that whichever driver the kernel picks */
		if (usbq_write_attr(bind, d->intf) < 0) {
			usbq_write_attr(probe, d->intf);
			usbq_driver_of(&p, d->intf, drv, sizeof(drv));
			if (strcmp(drv, "uas")) {
				d->fate = USBQ_REFUSED;
				todo[i] = false;
				continue;
			}
		}
		d->fate = USBQ_MOVED;
		r->moved++;
	}
	wait_disks(&p, r, todo, o->wait_ms);
	usbq_state_remove(&p);
	report(r, false);
	return 0;
}

/* If path is the node of a disk r moved that came back under another
 * name, rewrite it to the new node. */
bool usbquirk_follow(const struct usbquirk_opts *o, const struct usbquirk_result *r,
		     char *path, size_t size)
{
	const char *dev = o->dev_root ? o->dev_root : "/dev";
	char old[PATH_MAX];
	size_t i;

	for (i = 0; i < r->n; i++) {
		const struct usbquirk_dev *d = &r->dev[i];

		if (!d->disk[0] || !d->now[0] || !strcmp(d->disk, d->now))
			continue;
		snprintf(old, sizeof(old), "%s/%s", dev, d->disk);
		if (!strcmp(path, old)) {
			snprintf(path, size, "%s/%s", dev, d->now);
			return true;
		}
	}
	return false;
}
