/* cli_inspect.c - `stoat inspect IMAGE|DEVICE [--json]`: what an ESXi
 * image or device holds, for people or as one JSON object. Also the
 * report `backup --inspect` prints. The work is done by inspect_path. */
#include "config.h"

#include <inttypes.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "cli.h"
#include "inspect.h"
#include "nls.h"

/* The role of a partition as one JSON word. */
static const char *role_word(enum layout_role r)
{
	static const char *const words[] = {
		[ROLE_SYSTEM] = "system", [ROLE_BOOTBANK] = "bootbank",
		[ROLE_ALTBOOTBANK] = "altbootbank", [ROLE_COREDUMP] = "coredump",
		[ROLE_LOCKER] = "locker", [ROLE_SCRATCH] = "scratch",
		[ROLE_OSDATA] = "osdata", [ROLE_VMFS] = "vmfs",
	};

	return (unsigned)r < sizeof(words) / sizeof(words[0]) && words[r] ? words[r] : "other";
}

/* One boot bank as a JSON object. */
static void json_bank(const struct inspect_result *r, unsigned i)
{
	const struct inspect_bank *b = &r->bank[i];

	printf("%s{", i ? "," : "");
	cli_json_u64("partition", b->num);
	cli_json_bool("found", b->found);
	cli_json_bool("valid", b->valid);
	cli_json_bool("bootable", b->bootable);
	cli_json_bool("boots", r->boots == (int)i);
	printf("\"bootstate\":%d,\"updated\":%d,", b->bootstate, b->updated);
	cli_json_str("build", b->build, true);
	cli_json_str("version", b->version, true);
	cli_json_str("config", inspect_config_name(b->config), true);
	cli_json_bool("encrypted", b->config == INSPECT_CONF_ENCRYPTED);
	cli_json_str("trouble", b->trouble, true);
	cli_json_str("uuid", b->uuid, false);
	putchar('}');
}

/* The whole result as one JSON object on one line. */
static void print_json(const struct inspect_result *r)
{
	unsigned i, n = 0;

	putchar('{');
	cli_json_str("path", r->path, true);
	cli_json_u64("size", r->size);
	cli_json_u64("sector_size", r->sector_size);
	cli_json_str("compression", r->filter, true);
	cli_json_bool("gpt", r->gpt);
	fputs("\"partitions\":[", stdout);
	for (i = 0; i < r->n_parts; i++) {
		const struct inspect_part *p = &r->part[i];

		printf("%s{", i ? "," : "");
		cli_json_u64("num", p->num);
		cli_json_u64("start", p->start);
		cli_json_u64("end", p->end);
		cli_json_u64("size", p->bytes);
		cli_json_str("type_guid", p->type_guid, true);
		cli_json_str("role", role_word(p->role), false);
		putchar('}');
	}
	fputs("],\"bootbanks\":[", stdout);
	for (i = 0; i < 2; i++)
		json_bank(r, i);
	printf("],\"boots\":%d,\"datastores\":[", r->boots < 0 ? 0 : (int)r->bank[r->boots].num);
	for (i = 0; i < r->n_parts; i++)
		if (r->part[i].role == ROLE_VMFS) {
			printf("%s{", n++ ? "," : "");
			cli_json_u64("partition", r->part[i].num);
			printf("\"size\":%" PRIu64 "}", r->part[i].bytes);
		}
	puts("]}");
}

/* One boot bank, for people. */
static void print_bank(const struct inspect_result *r, unsigned i)
{
	const struct inspect_bank *b = &r->bank[i];

	if (!b->found) {
		printf(_("  bootbank %u: no ESXi boot bank\n"), b->num);
		return;
	}
	printf(_("  bootbank %u: build=%s, bootstate=%d, updated=%d%s\n"), b->num,
	       b->build[0] ? b->build : "-", b->bootstate, b->updated,
	       r->boots == (int)i ? _(" (boots)") : !b->valid ? _(" (marked invalid)") :
	       !b->bootable ? _(" (not bootable)") : "");
	if (b->version[0])
		printf(_("    ESXi %s (esx-base in imgdb.tgz)\n"), b->version);
	printf(_("    configuration: %s\n"), inspect_config_label(b->config));
	if (b->uuid[0])
		printf(_("    system UUID: %s\n"), b->uuid);
	else if (b->trouble[0])
		printf(_("    system UUID not readable: %s\n"), b->trouble);
}

/* The result for people. */
void cli_inspect_print(const struct inspect_result *r, bool json)
{
	char size[32];
	unsigned i, n = 0;

	if (json) {
		print_json(r);
		return;
	}
	disk_format_size(r->size, size, sizeof(size));
	printf(_("%s: %s, %u-byte sectors\n"), r->path, size, r->sector_size);
	if (r->via_temp)
		printf(_("  (a %s-compressed image, unpacked into a sparse temporary file to be read)\n"),
		       r->filter);
	if (!r->gpt) {
		puts(_("No GPT partition table: not an ESXi disk."));
		return;
	}
	puts(_("Partitions:"));
	for (i = 0; i < r->n_parts; i++) {
		const struct inspect_part *p = &r->part[i];

		disk_format_size(p->bytes, size, sizeof(size));
		printf("  %2u %12" PRIu64 " %12" PRIu64 " %10s  %s\n", p->num, p->start, p->end, size,
		       layout_role_label(p->role));
	}
	puts(_("Boot banks:"));
	for (i = 0; i < 2; i++)
		print_bank(r, i);
	if (r->boots < 0)
		puts(_("  No boot bank is bootable."));
	puts(_("Datastores:"));
	for (i = 0; i < r->n_parts; i++)
		if (r->part[i].role == ROLE_VMFS) {
			disk_format_size(r->part[i].bytes, size, sizeof(size));
			printf(_("  partition %u: VMFS, %s\n"), r->part[i].num, size);
			n++;
		}
	if (!n)
		puts(_("  none"));
}

/* stoat inspect IMAGE|DEVICE [--json] */
int cli_inspect(const struct stoat_opts *o)
{
	struct inspect_result *r;
	struct stoat_err e = { 0 };

	if (o->n_args != 1) {
		cli_error(_("inspect needs one image file or device: stoat inspect IMAGE|DEVICE"));
		return EXIT_USAGE;
	}
	if (!(r = malloc(sizeof(*r)))) {
		cli_error("%s", _("out of memory"));
		return EXIT_FAIL;
	}
	if (inspect_path(o->args[0], r, &e) < 0) {
		cli_error("%s", e.msg);
		free(r);
		return EXIT_FAIL;
	}
	cli_inspect_print(r, o->json);
	free(r);
	return EXIT_OK;
}
