/* cli_disks.c - `stoat list-disks [--json] [--all]`: every disk, what it is,
 * what it holds, and whether it can be installed to (and if not, why).
 *
 * The table is for people; --json prints one object per disk and line with
 * every field (documented in README, "list-disks JSON"). */
#include "config.h"

#include <inttypes.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <wchar.h>

#include "cli.h"
#include "disk.h"
#include "nls.h"

enum { COL_DEV, COL_TRAN, COL_SIZE, COL_NAME, COL_FLAGS, COL_VERDICT, NCOLS };

/* Table headings, indexed by column. */
static const char *const headings[NCOLS] = {
	N_("DEVICE"), N_("TRANSPORT"), N_("SIZE"), N_("VENDOR MODEL"), N_("FLAGS"),
	N_("VERDICT"),
};

/* One table row, every cell already formatted. */
struct row {
	char cell[NCOLS][300];
};

/* Columns of a string on the terminal (bytes when it is not valid text). */
static size_t display_width(const char *s)
{
	wchar_t w[512];
	size_t n = mbstowcs(w, s, sizeof(w) / sizeof(w[0]) - 1);
	int cols;

	if (n == (size_t)-1)
		return strlen(s);
	w[n] = L'\0';
	cols = wcswidth(w, n);
	return cols < 0 ? strlen(s) : (size_t)cols;
}

/* Print s padded with spaces to width columns. */
static void print_padded(const char *s, size_t width)
{
	size_t w = display_width(s);

	fputs(s, stdout);
	while (w++ < width)
		putchar(' ');
}

/* The short flags of a disk: rm, ro, rot, remote, and the disk screen's
 * markers * (VMFS), # (vSAN), @ (upgradable). */
static void format_flags(const struct disk *d, char *buf, size_t size)
{
	snprintf(buf, size, "%s%s%s%s%s%s%s",
		 d->removable ? "rm," : "", d->readonly ? "ro," : "",
		 d->rotational ? "rot," : "", d->remote ? "remote," : "",
		 d->has_vmfs ? "*" : "", d->has_vsan ? "#" : "", d->upgradable ? "@" : "");
	if (buf[0] && buf[strlen(buf) - 1] == ',')
		buf[strlen(buf) - 1] = '\0';
	if (!buf[0])
		snprintf(buf, size, "-");
}

/* Fill one table row from a disk. */
static void make_row(const struct disk *d, struct row *r)
{
	snprintf(r->cell[COL_DEV], sizeof(r->cell[0]), "%s", d->path);
	if (d->driver[0] && strcmp(d->driver, disk_transport_name(d->transport)))
		snprintf(r->cell[COL_TRAN], sizeof(r->cell[0]), "%s (%s)",
			 disk_transport_name(d->transport), d->driver);
	else
		snprintf(r->cell[COL_TRAN], sizeof(r->cell[0]), "%s",
			 disk_transport_name(d->transport));
	disk_format_size(d->size, r->cell[COL_SIZE], sizeof(r->cell[0]));
	snprintf(r->cell[COL_NAME], sizeof(r->cell[0]), "%s%s%s", d->vendor,
		 d->vendor[0] && d->model[0] ? " " : "", d->model);
	if (!r->cell[COL_NAME][0])
		snprintf(r->cell[COL_NAME], sizeof(r->cell[0]), "-");
	format_flags(d, r->cell[COL_FLAGS], sizeof(r->cell[0]));
	snprintf(r->cell[COL_VERDICT], sizeof(r->cell[0]), "%s",
		 d->verdict == DISK_USABLE ? _("usable") : d->reason);
}

/* Print the disks as a table with columns as wide as their widest cell. */
static void print_table(const struct disk_list *l)
{
	size_t width[NCOLS], i, c;
	struct row *rows = calloc(l->n ? l->n : 1, sizeof(*rows));

	if (!rows)
		return;
	for (c = 0; c < NCOLS; c++)
		width[c] = display_width(_(headings[c]));
	for (i = 0; i < l->n; i++) {
		make_row(&l->v[i], &rows[i]);
		for (c = 0; c < NCOLS; c++)
			if (display_width(rows[i].cell[c]) > width[c])
				width[c] = display_width(rows[i].cell[c]);
	}
	for (c = 0; c < NCOLS; c++) {
		if (c + 1 < NCOLS)
			print_padded(_(headings[c]), width[c] + 2);
		else
			puts(_(headings[c]));
	}
	for (i = 0; i < l->n; i++)
		for (c = 0; c < NCOLS; c++) {
			if (c + 1 < NCOLS)
				print_padded(rows[i].cell[c], width[c] + 2);
			else
				puts(rows[i].cell[c]);
		}
	if (!l->n)
		puts(_("No disks found."));
	free(rows);
}

/* Print the partitions array of d. */
static void json_parts(const struct disk *d)
{
	unsigned i;

	fputs("\"partitions\":[", stdout);
	for (i = 0; i < d->nparts; i++) {
		const struct disk_part *p = &d->part[i];

		printf("%s{", i ? "," : "");
		cli_json_u64("num", p->num);
		cli_json_u64("start", p->start);
		cli_json_u64("size", p->size);
		cli_json_str("type_guid", p->type_guid, true);
		cli_json_u64("mbr_type", p->mbr_type);
		cli_json_str("fstype", p->fstype, true);
		cli_json_str("label", p->label, false);
		putchar('}');
	}
	fputs("],", stdout);
}

/* Print one disk as one JSON object on one line. */
static void print_json(const struct disk *d)
{
	char size[32], markers[4];

	disk_format_size_mark(d->size, ".", size, sizeof(size));	/* for programs */
	snprintf(markers, sizeof(markers), "%s%s%s", d->has_vmfs ? "*" : "",
		 d->has_vsan ? "#" : "", d->upgradable ? "@" : "");
	putchar('{');
	cli_json_str("name", d->name, true);
	cli_json_str("path", d->path, true);
	cli_json_u64("size", d->size);
	cli_json_str("capacity", size, true);
	cli_json_u64("lsec", d->lsec);
	cli_json_u64("psec", d->psec);
	cli_json_str("vendor", d->vendor, true);
	cli_json_str("model", d->model, true);
	cli_json_str("serial", d->serial, true);
	cli_json_str("wwn", d->wwn, true);
	cli_json_str("transport", disk_transport_name(d->transport), true);
	cli_json_str("driver", d->driver, true);
	cli_json_bool("flash", disk_is_flash(d));
	cli_json_bool("remote", d->remote);
	cli_json_bool("removable", d->removable);
	cli_json_bool("ro", d->readonly);
	cli_json_bool("rotational", d->rotational);
	cli_json_bool("is_file", d->is_file);
	cli_json_str("pttype", d->pttype, true);
	cli_json_str("fstype", d->fstype, true);
	cli_json_str("label", d->label, true);
	json_parts(d);
	cli_json_bool("has_esxi", d->has_esxi);
	cli_json_bool("has_vmfs", d->has_vmfs);
	cli_json_bool("has_vsan", d->has_vsan);
	cli_json_bool("upgradable", d->upgradable);
	cli_json_bool("has_data", d->has_data);
	cli_json_str("markers", markers, true);
	cli_json_bool("holds_root", d->holds_root);
	cli_json_bool("holds_media", d->holds_media);
	cli_json_bool("mounted", d->mounted);
	cli_json_bool("usable", d->verdict == DISK_USABLE);
	cli_json_str("verdict", disk_verdict_name(d->verdict), true);
	cli_json_str("reason", d->reason, false);
	puts("}");
}

/* stoat list-disks [--json] [--all], honouring --disk, --only-listed-disks
 * and --media. */
int cli_list_disks(const struct stoat_opts *o)
{
	struct disk_scan_opts so = {
		.all = o->all, .only_listed = o->only_listed,
		.specs = o->disks, .n_specs = o->n_disks, .media_path = o->media,
	};
	struct disk_list l;
	struct stoat_err e = { 0 };
	size_t i;

	if (o->n_args) {
		cli_error(_("list-disks takes no operands, but got '%s'"), o->args[0]);
		return EXIT_USAGE;
	}
	if (disk_scan(&so, &l, &e) < 0) {
		cli_error("%s", e.msg);
		return EXIT_FAIL;
	}
	if (o->json)
		for (i = 0; i < l.n; i++)
			print_json(&l.v[i]);
	else
		print_table(&l);
	disk_list_free(&l);
	if (fflush(stdout) != 0) {
		cli_error(_("cannot write the list of disks"));
		return EXIT_FAIL;
	}
	return EXIT_OK;
}
