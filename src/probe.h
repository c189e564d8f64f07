/* probe.h - know a disk (a USB stick, an SD card) before writing to it:
 * its driver, queue depth and USB link speed as sysfs says, whether it
 * holds what it claims (fake capacity), how fast it reads and writes, and
 * a verdict against VMware's published guidance for boot devices.
 *
 * Safety: a probe reads the whole device's ends but writes only inside the
 * areas its caller gives, and a caller gives areas only for the confirmed
 * target of an install or flash, and only the parts that the install or
 * flash overwrites anyway (probe_area_layout, probe_area_image). With no
 * area the probe reads and nothing else. f3probe (Debian's f3 package) is
 * used for the capacity check when it is installed and there is an area:
 * with --destructive only when the area is the whole device, else in its
 * own non-destructive mode (it puts back every block it wrote).
 * Never prints; the texts it fills are translated. */
#ifndef STOAT_PROBE_H
#define STOAT_PROBE_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "disk.h"
#include "err.h"
#include "layout.h"

#define PROBE_MAX_AREAS 16
#define PROBE_MAX_VERDICTS 6

/* A byte range of the device that may be written. */
struct probe_area {
	uint64_t off, len;
};

struct probe_opts {
	const char *sysfs_root;		/* NULL: "/sys" */
	const struct probe_area *area;	/* where writes may go */
	size_t n_area;			/* 0: read only */
	bool no_f3;			/* stoat's own capacity check even
					 * when f3probe is installed */
	bool held;			/* the caller holds the device open
					 * with O_EXCL (a flash asking in its
					 * confirm callback): open it without,
					 * and leave f3probe out, which opens
					 * and resets the device itself */
	unsigned seconds;		/* per speed test; 0: 3 */
	/* Called between steps and often within them: what runs
	 * (translated) and how far, 0..100. Returning false stops the probe
	 * (-ECANCELED); what was measured so far stays in the result. */
	bool (*tick)(void *ctx, const char *what, unsigned pct);
	void *ctx;
};

/* How the capacity was checked. */
enum probe_method {
	PROBE_M_NONE = 0,	/* not checked (stopped, or no device) */
	PROBE_M_READ,		/* read-only: the last sector, no echo of the start */
	PROBE_M_STOAT,		/* stoat's signed sectors in the write area */
	PROBE_M_F3,		/* f3probe, non-destructive */
	PROBE_M_F3_DESTRUCTIVE,	/* f3probe --destructive */
};

enum probe_cap {
	PROBE_CAP_UNKNOWN = 0,
	PROBE_CAP_OK,		/* what was checked held */
	PROBE_CAP_SUSPECT,	/* read-only signs of a fake */
	PROBE_CAP_FAKE,		/* written data came back wrong */
};

enum probe_level { PROBE_MEETS = 0, PROBE_BELOW, PROBE_NOT_MEASURED };

/* One line of the verdict: one of VMware's figures against what was
 * measured. */
struct probe_verdict {
	const char *key;		/* "size", "write", ...: for JSON */
	enum probe_level level;
	char text[256];			/* translated, one line */
	const char *source;		/* where VMware says it (a URL) */
};

struct probe_result {
	struct disk disk;		/* as disk_probe_one reads it */
	int queue_depth;		/* device/queue_depth; -1 unknown */
	unsigned usb_mbps;		/* the USB device's speed; 0 unknown */
	enum probe_method method;
	enum probe_cap cap;
	uint64_t real_size;		/* bytes it really holds (FAKE, SUSPECT) */
	uint64_t checked_bytes;		/* the span the capacity check covered */
	unsigned points;		/* sectors written and read back */
	bool last_ok;			/* the last sector could be read */
	double read_mbs;		/* MB/s (10^6); < 0: not measured */
	double write_mbs;		/* sequential, direct I/O; < 0: not */
	double iops;			/* 4 KiB random writes; < 0: not */
	uint64_t write_bytes;		/* what the write-speed test wrote */
	char cap_text[320];		/* translated: the capacity line */
	unsigned n_verdict;
	struct probe_verdict v[PROBE_MAX_VERDICTS];
};

/* Probe the device at path. 0 with r filled; -ECANCELED when tick
 * stopped it (r holds what was measured); -errno with e filled when the
 * device cannot be opened or read. */
int probe_run(const char *path, const struct probe_opts *o, struct probe_result *r,
	      struct stoat_err *e);

/* The write areas of an install with layout l: every partition it makes
 * (kept ones are left out). Returns the count put in a (at most max). */
size_t probe_area_layout(const struct layout *l, struct probe_area *a, size_t max);

/* The write area of a flash of len bytes: from its second MiB to its
 * end, in whole 4 KiB. The first MiB (the partition table) is left out,
 * since a flash writes it last so that a stopped flash leaves the
 * device's table as it was; none for an image of 1 MiB or less. */
size_t probe_area_image(uint64_t len, struct probe_area *a, size_t max);

/* Whether the probe found the device holds less than it claims: then
 * e says so with its real size, and an install onto it is refused. */
int probe_refuse(const struct probe_result *r, struct stoat_err *e);

/* The warning for a device slower than VMware's guidance, with the
 * measured numbers; false when it is not slow (or was not measured). */
bool probe_slow_warning(const struct probe_result *r, char *buf, size_t size);

/* The name of a method for people and JSON: "read-only", "stoat",
 * "f3probe", "f3probe --destructive". */
const char *probe_method_name(enum probe_method m);
const char *probe_cap_name(enum probe_cap c);	/* "ok", "fake", ... */

/* Parse f3probe's report: 0 with fake and the usable bytes filled, or
 * -EINVAL when the text is not one. Exposed for the unit tests. */
int probe_f3_parse(const char *text, bool *fake, uint64_t *usable);

#endif
