/* firstboot.c - write onetime.tgz (gzip tar) with firstboot.json and the
 * first-boot scripts, entirely in memory. */
#include "config.h"

#include <archive.h>
#include <archive_entry.h>
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "firstboot.h"
#include "nls.h"
#include "sbuf.h"

const char firstboot_legacy_usb_script[] =
	"#!/bin/sh\n"
	"# stoat: keep the legacy (vmklinux) USB drivers chosen at install time.\n"
	"esxcli system settings kernel set -s preferVmklinux -v FALSE\n"
	"esxcli system module set --enabled=false -m vmkusb\n";

/* Append s as a JSON string literal. */
static void buf_json_str(struct sbuf *b, const char *s)
{
	sbuf_add(b, "\"", 1);
	for (; *s; s++) {
		char esc[8];
		unsigned char ch = (unsigned char)*s;

		if (ch == '"' || ch == '\\') {
			esc[0] = '\\';
			esc[1] = (char)ch;
			sbuf_add(b, esc, 2);
		} else if (ch < 0x20) {
			snprintf(esc, sizeof(esc), "\\u%04x", ch);
			sbuf_add(b, esc, 6);
		} else {
			sbuf_add(b, s, 1);
		}
	}
	sbuf_add(b, "\"", 1);
}

/* libarchive write callback: collect the compressed bytes. */
static la_ssize_t fb_write(struct archive *a, void *ctx, const void *data, size_t n)
{
	struct sbuf *b = ctx;

	sbuf_add(b, data, n);
	return b->oom ? -1 : (la_ssize_t)n;
}

/* Add one member (a folder when data is NULL). */
static int fb_member(struct archive *a, const char *name, const void *data, size_t n,
		     int mode, time_t now)
{
	struct archive_entry *ent = archive_entry_new();
	int rc = 0;

	if (!ent)
		return -ENOMEM;
	archive_entry_set_pathname(ent, name);
	archive_entry_set_filetype(ent, data ? AE_IFREG : AE_IFDIR);
	archive_entry_set_perm(ent, mode);
	archive_entry_set_size(ent, data ? (la_int64_t)n : 0);
	archive_entry_set_mtime(ent, now, 0);
	archive_entry_set_uname(ent, "root");
	archive_entry_set_gname(ent, "root");
	if (archive_write_header(a, ent) != ARCHIVE_OK ||
	    (data && n && archive_write_data(a, data, n) != (la_ssize_t)n))
		rc = -EIO;
	archive_entry_free(ent);
	return rc;
}

/* How many first-boot scripts onetime.tgz will hold. */
size_t firstboot_script_count(const struct install_plan *p, bool legacy_usb)
{
	return (firstboot_has_datastores(p) ? 1 : 0) + p->n_scripts + (legacy_usb ? 1 : 0);
}

/* The text of script i: the datastores first (as ESXi creates its
 * datastore before the kickstart's %firstboot scripts run), the plan's
 * scripts, then the legacy-USB one. */
static int script_text(const struct install_plan *p, size_t i, const char *token,
		       struct sbuf *out, struct stoat_err *e)
{
	const char *body;

	if (firstboot_has_datastores(p)) {
		if (i == 0)
			return firstboot_ds_script(p, token, out, e);
		i--;
	}
	if (i >= p->n_scripts) {
		sbuf_add(out, firstboot_legacy_usb_script, strlen(firstboot_legacy_usb_script));
		return 0;
	}
	body = p->scripts[i].body ? p->scripts[i].body : "";
	if (strncmp(body, "#!", 2)) {
		const char *shebang = !strcmp(p->scripts[i].interpreter, "python")
			? "#!/bin/python\n" : "#!/bin/sh\n";

		sbuf_add(out, shebang, strlen(shebang));
	}
	sbuf_add(out, body, strlen(body));
	if (!*body || body[strlen(body) - 1] != '\n')
		sbuf_add(out, "\n", 1);
	return 0;
}

/* Build onetime.tgz in memory. */
int firstboot_build(const struct install_plan *p, bool legacy_usb, const char *token,
		    void **out, size_t *len, struct stoat_err *e)
{
	static const char *const dirs[] = { "var", "var/lib", "var/lib/vmware", FIRSTBOOT_DIR };
	struct sbuf json = { 0 }, tgz = { 0 };
	size_t i, n = firstboot_script_count(p, legacy_usb);
	time_t now = time(NULL);
	struct archive *a;
	bool script_failed = false;
	int rc = 0;

	*out = NULL;
	*len = 0;
	sbuf_add(&json, "{\n  \"password\": ", 16);
	buf_json_str(&json, p->pwhash);
	sbuf_add(&json, ",\n  \"keyboard\": ", 16);
	buf_json_str(&json, p->keyboard);
	if (p->serialnum[0]) {
		sbuf_add(&json, ",\n  \"serialnum\": ", 17);
		buf_json_str(&json, p->serialnum);
	}
	if (p->network_json && *p->network_json) {
		sbuf_add(&json, ",\n  \"network\": ", 15);
		sbuf_add(&json, p->network_json, strlen(p->network_json));
	}
	sbuf_add(&json, ",\n  \"scripts\": [", 16);
	for (i = 0; i < n; i++) {
		char name[32];

		snprintf(name, sizeof(name), "%03zu.firstboot_%03zu", i + 1, i + 1);
		sbuf_add(&json, i ? ", " : "", i ? 2 : 0);
		buf_json_str(&json, name);
	}
	sbuf_add(&json, "]\n}\n", 4);
	if (json.oom || !(a = archive_write_new())) {
		free(json.p);
		return err_set(e, ENOMEM, _("out of memory"));
	}
	archive_write_set_format_pax_restricted(a);
	archive_write_add_filter_gzip(a);
	archive_write_set_bytes_in_last_block(a, 1);
	if (archive_write_open(a, &tgz, NULL, fb_write, NULL) != ARCHIVE_OK)
		rc = -EIO;
	for (i = 0; rc == 0 && i < sizeof(dirs) / sizeof(dirs[0]); i++)
		rc = fb_member(a, dirs[i], NULL, 0, 0755, now);
	if (rc == 0)
		rc = fb_member(a, FIRSTBOOT_JSON, json.p, json.len, 0600, now);
	for (i = 0; rc == 0 && i < n; i++) {
		struct sbuf s = { 0 };
		char name[128];

		snprintf(name, sizeof(name), "%s/%03zu.firstboot_%03zu", FIRSTBOOT_DIR, i + 1, i + 1);
		if ((rc = script_text(p, i, token, &s, e)) < 0)
			script_failed = true;
		else
			rc = s.oom ? -ENOMEM : fb_member(a, name, s.p, s.len, 0755, now);
		free(s.p);
	}
	if (archive_write_close(a) != ARCHIVE_OK && rc == 0)
		rc = -EIO;
	if ((rc < 0 || tgz.oom) && !script_failed)
		rc = err_set(e, tgz.oom ? ENOMEM : -rc, _("cannot build onetime.tgz: %s"),
			archive_error_string(a) ? archive_error_string(a) : strerror(tgz.oom ? ENOMEM : -rc));
	archive_write_free(a);
	/* The JSON holds the password hash: do not leave it in freed memory. */
	if (json.p) {
		memset(json.p, 0, json.cap);
		free(json.p);
	}
	if (rc < 0 || tgz.oom) {
		free(tgz.p);
		return rc;
	}
	*out = tgz.p;
	*len = tgz.len;
	return 0;
}
