/* image.h - whole-device images: flash an image onto a device, back one up.
 *
 * The backend never prints: it reports progress and asks for confirmation
 * through the callbacks below, and fills struct stoat_err on failure. */
#ifndef STOAT_IMAGE_H
#define STOAT_IMAGE_H

#include <stdbool.h>
#include <stdint.h>

#include "disk.h"
#include "err.h"

enum image_stage {
	IMAGE_WRITE,	/* flash: writing the image to the device */
	IMAGE_VERIFY,	/* flash: reading the device back; backup: the image */
	IMAGE_READ,	/* backup: reading the device into the image */
};

/* What a progress callback is told. total is 0 when the uncompressed size is
 * not known yet; in_done/in_total then give the share of the (compressed)
 * input consumed. */
struct image_progress {
	enum image_stage stage;
	uint64_t done, total;		/* uncompressed bytes */
	uint64_t in_done, in_total;	/* bytes of the input file */
	double rate;			/* uncompressed bytes/s, measured lately */
	double eta;			/* seconds left at that speed; < 0: not known */
};

struct image_cb {
	/* Called a few times a second at most; may be NULL. */
	void (*progress)(void *ctx, const struct image_progress *p);
	/* flash: asked once, after every safety check and before anything is
	 * written, with the target as found; true to go ahead. NULL: refuse.
	 * backup: asked the same way with the device and the bytes to read,
	 * before any file is made; NULL: go ahead. */
	bool (*confirm)(void *ctx, const struct disk *target, uint64_t image_size);
	void *ctx;
	/* Asked between buffers; true stops with ECANCELED. A stopped flash
	 * leaves the device's first MiB as it was; a stopped backup leaves
	 * IMAGE as it was. May be NULL. */
	bool (*cancelled)(void *ctx);
};

/* The word for a stage in progress lines: "Writing", "Verifying", "Reading". */
const char *image_stage_name(enum image_stage s);
/* The share of the stage done, in [0,1]: by uncompressed bytes when their
 * total is known, else by the input file consumed. */
double image_progress_fraction(const struct image_progress *p);

/* Can a disk, as disk_scan() or disk_probe_one() classified it, be flashed
 * (for_write) or backed up? The rules image_flash and image_backup apply:
 * never the running system's disk, the media's or a mounted one; not a
 * read-only one for writing. 0, or a negative errno with e saying why. */
int image_disk_usable(const struct disk *d, bool for_write, struct stoat_err *e);

/* What an image file holds, judged by the first 64 KiB of its
 * uncompressed stream (see image_probe). */
enum image_kind {
	IMAGE_KIND_GPT,		/* "EFI PART" at 512 or 4096: a GPT disk */
	IMAGE_KIND_MBR,		/* 55 AA ending sector 0: an MBR or a boot sector */
	IMAGE_KIND_UNKNOWN,	/* binary data with neither */
	IMAGE_KIND_TEXT,	/* text, no disk image */
	IMAGE_KIND_KICKSTART,	/* text with kickstart commands */
	IMAGE_KIND_ISO,		/* an ISO 9660 (CD/DVD) image, no partition table */
	IMAGE_KIND_ESXI_MEDIA,	/* ESXi install media (an ISO, hybrid or not) */
};

struct image_info {
	enum image_kind kind;
	bool compressed;
	char filter[32];	/* "none", "gzip", "xz", "zstd", "bzip2", ... */
	uint64_t file_size;	/* of the file on disk */
	uint64_t size;		/* uncompressed bytes; 0 when not known */
	uint64_t size_min;	/* at least this many (size when known; gzip's
				 * ISIZE, which is the size mod 2^32, otherwise) */
	const char *size_from;	/* where size or size_min comes from, or NULL */
};

/* Look at an image file: its compression, its kind (by content, after
 * decompression) and its uncompressed size where a header states it (the
 * file's size when raw, the xz index, zstd frame content sizes, gzip's
 * ISIZE). Reads at most a few headers and 64 KiB of the stream. */
int image_probe(const char *path, struct image_info *info, struct stoat_err *e);
/* Whether an image of that kind may be flashed: 0 for a GPT or MBR image
 * (or, with force, binary data without either); -EMEDIUMTYPE for binary
 * data without force (force would write it); -EINVAL for text, kickstart
 * files and install media, which no option writes. e says what it is. */
int image_flashable(const char *path, const struct image_info *info, bool force,
		    struct stoat_err *e);

struct image_flash_opts {
	const char *image;	/* raw or gz/xz/zstd/bzip2, found by content */
	const char *device;	/* block device, or an image file as target */
	bool verify;		/* read the device back and compare */
	bool force;		/* write an image without a partition table too */
	const char *sysfs_root, *dev_root, *mountinfo;	/* NULL: the system's */
};

/* What image_flash did, for the front end's summary. */
struct image_flash_result {
	struct image_info info;	/* the image, as probed; set before confirm */
	uint64_t bytes;		/* uncompressed image size */
	uint64_t skipped;	/* all-zero bytes zeroed by the device, not written */
	bool direct;		/* O_DIRECT writes were used */
	bool checked_sha256;	/* the stream matched IMAGE.sha256 beside it */
	bool verified;		/* read back and compared */
	double write_secs, verify_secs;
};

/* Write the image onto the device: checks, confirmation, then the whole
 * image except its first MiB, verification, and the first MiB last. */
int image_flash(const struct image_flash_opts *o, const struct image_cb *cb,
		struct image_flash_result *res, struct stoat_err *e);

#define IMAGE_MULTI_MAX 16	/* devices one image_flash_multi writes */

struct image_multi_opts {
	const char *image;		/* as for image_flash */
	const char *const *devices;	/* n block devices or image files */
	unsigned n;			/* 1 .. IMAGE_MULTI_MAX */
	bool verify, force;
	const char *sysfs_root, *dev_root, *mountinfo;	/* NULL: the system's */
};

/* The callbacks of a flash onto several devices. All are called on the
 * caller's thread; i is the device's index in opts.devices. */
struct image_multi_cb {
	/* Device i's progress, a few times a second at most; may be NULL. */
	void (*progress)(void *ctx, unsigned i, const struct image_progress *p);
	/* Asked once, after every device passed every check, with them all;
	 * true to go ahead. NULL: refuse. */
	bool (*confirm)(void *ctx, const struct disk *const *targets, unsigned n,
			uint64_t image_size);
	/* Device i dropped out (e says why); the others go on. May be NULL. */
	void (*failed)(void *ctx, unsigned i, const struct stoat_err *e);
	/* As in struct image_cb: true stops every device. May be NULL. */
	bool (*cancelled)(void *ctx);
	void *ctx;
};

/* What became of one device. */
struct image_multi_dev {
	int rc;				/* 0, or the negative errno of err */
	struct stoat_err err;
	uint64_t bytes, skipped;	/* as in struct image_flash_result */
	bool direct, verified;
	double write_secs, verify_secs;
};

struct image_multi_result {
	struct image_info info;		/* the image, as probed */
	bool started;			/* confirmed: devices were written */
	bool checked_sha256;
	unsigned failed;		/* devices with rc < 0 */
	struct image_multi_dev dev[IMAGE_MULTI_MAX];
};

/* Write one image onto several devices at once: every device is checked
 * as by image_flash and all are confirmed together; the image is read and
 * decompressed once for writing (and once more for verifying them all),
 * each device has its own writer threads and first-MiB-last order, and a
 * device that fails drops out without stopping the others. Memory: one
 * ring of IMAGE_RING buffers shared by all, plus about 6 MiB a device.
 * 0 when every device holds the image; else a negative errno with e
 * saying how many failed (res->dev[i] says which and why), or, before
 * anything was written (res->started false), why nothing was. */
int image_flash_multi(const struct image_multi_opts *o, const struct image_multi_cb *cb,
		      struct image_multi_result *res, struct stoat_err *e);

enum image_compression { IMAGE_RAW, IMAGE_ZSTD, IMAGE_XZ, IMAGE_GZIP, IMAGE_BZIP2 };

/* The compression chosen for an image name: .zst .xz .gz .bz2 compress,
 * .img .raw .bin .dd stay raw, anything else gets zstd. */
enum image_compression image_compression_for(const char *name);
const char *image_compression_name(enum image_compression c);

struct image_backup_opts {
	const char *device;	/* block device or image file to read */
	const char *image;	/* file to write (atomically) */
	bool used;		/* stop at the end of the last partition */
	bool verify;		/* read the image back and compare its SHA-256 */
	bool force;		/* replace an existing image (and .sha256) file */
	const char *sysfs_root, *dev_root, *mountinfo;	/* NULL: the system's */
};

struct image_backup_result {
	uint64_t bytes;		/* uncompressed bytes read from the device */
	uint64_t file_bytes;	/* size of the image file written */
	enum image_compression comp;
	char sha256[65];	/* of the uncompressed stream, lower-case hex */
	char sha256_path[4096];	/* the checksum file written beside it */
	bool verified;
	double read_secs, verify_secs;
};

/* May a backup be saved as image? Neither image nor image.sha256 may be
 * anything but a regular file (a device node, a directory, a fifo, a
 * symbolic link: -EINVAL); an existing one is replaced only with force
 * (else -EEXIST). e names the path and says what to do. */
int image_backup_path_check(const char *image, bool force, struct stoat_err *e);

/* Read the device into IMAGE (compressed by its name) via a temporary file
 * and rename, and write IMAGE.sha256 beside it. image_backup_path_check
 * runs first, before the device is opened. */
int image_backup(const struct image_backup_opts *o, const struct image_cb *cb,
		 struct image_backup_result *res, struct stoat_err *e);

/* --- pieces other components use: mkstick.c checks and opens its stick,
 * inspect.c reads an image, with the rules and readers of a flash --- */

/* A target device or image file, as image_target_check found it. */
struct image_dev {
	int fd;
	bool is_file, is_blk, direct;
	bool write_zeroes;		/* blk: the device zeroes ranges itself */
	uint64_t size;			/* bytes; 0 for a new file */
	unsigned lsec;
	struct disk info;
};

/* Check path with image_disk_usable's rules (image: a file it must not hold); fill d. */
int image_target_check(const char *path, bool for_write, const char *image,
		       const char *sysfs_root, const char *dev_root,
		       const char *mountinfo, struct image_dev *d,
		       struct stoat_err *e);
/* Open the checked target: O_EXCL for devices, O_DIRECT where allowed. */
int image_target_open(const char *path, bool for_write, struct image_dev *d,
		      struct stoat_err *e);
/* Turn O_DIRECT on or off on the open target; 0 or a negative errno. */
int image_set_direct(struct image_dev *d, bool on);

/* An image file as plain bytes at a file descriptor (image_plain_open). */
struct image_plain {
	int fd;			/* the file or device itself, or the temporary file */
	char name[4200];	/* path of what fd reads: the image or the temporary file */
	char filter[32];	/* "none", "gzip", "xz", "zstd", ... */
	uint64_t size;		/* bytes at fd */
	bool via_temp;		/* compressed: unpacked into a temporary file */
};

/* Open path: raw in place, compressed unpacked into a sparse file in $TMPDIR. */
int image_plain_open(const char *path, struct image_plain *p, struct stoat_err *e);
/* Close what image_plain_open opened and remove its temporary file. */
void image_plain_close(struct image_plain *p);

#endif
