/* cli_probe.c - stoat probe DEVICE [--json] [--write [--yes]]: what a disk
 * is and how it performs, one line each; with --write, after the operator
 * has agreed to lose everything on it, the write tests over the whole
 * device. Also the probe that install --probe runs on its target. */
#include "config.h"

#include <errno.h>
#include <inttypes.h>
#include <stdio.h>
#include <string.h>
#include <unistd.h>

#include "cli.h"
#include "nls.h"
#include "probe.h"

/* Progress on stderr when it is a terminal. */
static bool probe_tick_cb(void *ctx, const char *what, unsigned pct)
{
	(void)ctx;
	if (isatty(STDERR_FILENO)) {
		fprintf(stderr, "\r%-40s %3u%%", what, pct);
		fflush(stderr);
	}
	return true;
}

/* End the progress line. */
static void probe_tick_end(void)
{
	if (isatty(STDERR_FILENO))
		fprintf(stderr, "\r%-46s\r", "");
}

/* v with prec decimals and unit, or "-" when not measured. */
static void probe_num(double v, int prec, const char *unit, char *buf, size_t size)
{
	if (v < 0)
		snprintf(buf, size, "-");
	else
		snprintf(buf, size, "%.*f%s", prec, v, unit);
}

/* The verdict word of a level. */
static const char *probe_level_word(enum probe_level l)
{
	switch (l) {
	case PROBE_MEETS: return _("meets");
	case PROBE_BELOW: return _("BELOW");
	default: return _("not measured");
	}
}

/* The result for people, one line each. */
void cli_probe_print(FILE *out, const struct probe_result *r)
{
	char size[32], n[64];
	unsigned i;

	disk_format_size(r->disk.size, size, sizeof(size));
	fprintf(out, _("device:          %s (%s, %s)\n"), r->disk.path, size,
		disk_transport_name(r->disk.transport));
	fprintf(out, _("driver:          %s\n"), r->disk.driver[0] ? r->disk.driver : "-");
	if (r->queue_depth >= 0)
		fprintf(out, _("queue depth:     %d\n"), r->queue_depth);
	else
		fprintf(out, _("queue depth:     -\n"));
	if (r->usb_mbps)
		fprintf(out, _("USB link speed:  %u Mb/s\n"), r->usb_mbps);
	else
		fprintf(out, _("USB link speed:  -\n"));
	fprintf(out, _("capacity:        %s\n"), r->cap_text[0] ? r->cap_text : "-");
	probe_num(r->read_mbs, 1, " MB/s", n, sizeof(n));
	fprintf(out, _("read speed:      %s\n"), n);
	probe_num(r->write_mbs, 1, " MB/s", n, sizeof(n));
	fprintf(out, _("write speed:     %s (sequential, direct I/O)\n"), n);
	probe_num(r->iops, 0, " IOPS", n, sizeof(n));
	fprintf(out, _("random writes:   %s (4 KiB, direct I/O)\n"), n);
	for (i = 0; i < r->n_verdict; i++)
		fprintf(out, _("verdict:         %s: %s\n"), probe_level_word(r->v[i].level), r->v[i].text);
}

/* A number with prec decimals, or null, for JSON. */
static void probe_json_num(const char *key, double v, int prec)
{
	char n[64];

	probe_num(v, prec, "", n, sizeof(n));
	printf("\"%s\":%s,", key, v < 0 ? "null" : n);
}

/* The result as one JSON object. */
static void probe_json(const struct probe_result *r)
{
	static const char *const levels[] = { "meets", "below", "not-measured" };
	unsigned i;

	putchar('{');
	cli_json_str("device", r->disk.path, true);
	printf("\"size\":%" PRIu64 ",", r->disk.size);
	cli_json_str("transport", disk_transport_name(r->disk.transport), true);
	cli_json_str("driver", r->disk.driver, true);
	probe_json_num("queue_depth", r->queue_depth, 0);
	probe_json_num("usb_speed_mbps", r->usb_mbps ? (double)r->usb_mbps : -1, 0);
	cli_json_str("capacity", probe_cap_name(r->cap), true);
	cli_json_str("capacity_method", probe_method_name(r->method), true);
	printf("\"real_size\":%" PRIu64 ",", r->cap == PROBE_CAP_OK ? r->disk.size : r->real_size);
	printf("\"checked_bytes\":%" PRIu64 ",\"points\":%u,", r->checked_bytes, r->points);
	printf("\"last_sector_readable\":%s,", r->last_ok ? "true" : "false");
	probe_json_num("read_mbs", r->read_mbs, 1);
	probe_json_num("write_mbs", r->write_mbs, 1);
	probe_json_num("write_iops", r->iops, 0);
	fputs("\"verdict\":[", stdout);
	for (i = 0; i < r->n_verdict; i++) {
		printf("%s{", i ? "," : "");
		cli_json_str("key", r->v[i].key, true);
		cli_json_str("level", levels[r->v[i].level], true);
		cli_json_str("text", r->v[i].text, true);
		cli_json_str("source", r->v[i].source, false);
		putchar('}');
	}
	puts("]}");
}

/* Ask before the write tests erase the device. */
static bool probe_confirm(const struct stoat_opts *o, const char *dev)
{
	char line[64];

	if (o->yes)
		return true;
	if (!isatty(STDIN_FILENO)) {
		cli_error(_("probe --write erases %s: run from a terminal to confirm, or add --yes"), dev);
		return false;
	}
	fprintf(stderr, _("probe --write writes over all of %s: everything on it is lost.\n"), dev);
	fprintf(stderr, _("Type yes to go on, anything else to stop: "));
	fflush(stderr);
	if (!fgets(line, sizeof(line), stdin))
		return false;
	line[strcspn(line, "\r\n")] = '\0';
	return cli_is_yes(line);
}

/* Run a probe with the given write areas (none: read only), progress on
 * stderr. 0 or -errno with e filled. */
int cli_probe_run(const char *dev, const struct probe_area *a, size_t n, bool held,
		  struct probe_result *r, struct stoat_err *e)
{
	struct probe_opts po = { .area = a, .n_area = n, .held = held, .tick = probe_tick_cb };
	int rc = probe_run(dev, &po, r, e);

	probe_tick_end();
	return rc;
}

/* stoat probe DEVICE [--json] [--write [--yes]] */
int cli_probe(const struct stoat_opts *o)
{
	struct probe_result r;
	struct probe_area whole = { 0, 0 };
	struct stoat_err e = { 0 };
	const char *dev;

	if (o->n_args != 1) {
		cli_error(_("probe needs one device: stoat probe DEVICE"));
		return EXIT_USAGE;
	}
	dev = o->args[0];
	if (o->write) {
		struct disk d;
		struct disk_scan_opts so = { 0 };

		if (disk_probe_one(&so, dev, &d, &e) < 0) {
			cli_error("%s", e.msg);
			return EXIT_FAIL;
		}
		if (d.verdict == DISK_SYSTEM || d.verdict == DISK_MEDIA || d.verdict == DISK_MOUNTED) {
			cli_error(_("%s cannot be written to: %s"), dev, d.reason);
			return EXIT_FAIL;
		}
		if (!probe_confirm(o, dev))
			return EXIT_FAIL;
		whole.len = d.size;
	}
	if (cli_probe_run(dev, &whole, o->write ? 1 : 0, false, &r, &e) < 0) {
		cli_error("%s", e.msg);
		return EXIT_FAIL;
	}
	if (o->json)
		probe_json(&r);
	else
		cli_probe_print(stdout, &r);
	if (fflush(stdout) != 0) {
		cli_error(_("cannot write the probe's result"));
		return EXIT_FAIL;
	}
	return r.cap == PROBE_CAP_FAKE ? EXIT_FAIL : EXIT_OK;
}
