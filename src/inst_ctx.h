/* inst_ctx.h - the installer's shared context: the state of one run
 * (struct inst) and the helpers that install.c, its steps
 * (install_steps.c, upgrade.c) and install_describe.c all use: the plan's
 * partitions, logging and progress, the boot.cfg builders and the
 * plan-against-media check (install_check, declared in install.h).
 *
 * Calls run one way: install.c -> the steps -> this context. Nothing here
 * calls back into the files that use it. Not a public contract. */
#ifndef STOAT_INST_CTX_H
#define STOAT_INST_CTX_H

#include <stdbool.h>
#include <stdint.h>

#include "bootcfg.h"
#include "install.h"
#include "media.h"
#include "sysboot.h"
#include "vfat.h"

/* Bytes of a core dump partition that are zeroed: 7039 x 16 KiB. */
#define INSTALL_COREDUMP_ZERO (7039ull * 16 * 1024)
#define INSTALL_VMFS_ZERO (1ull << 20)
#define INSTALL_SYNC_STEP (64ull << 20)

struct inst {
	const struct install_plan *p;
	struct media *m;
	const struct install_progress *cb;
	const char *dev;
	int fd;				/* the target, O_EXCL */
	uint64_t done, total, unsynced;
	bool flash, legacy_usb;		/* legacy_usb: in effect (6.x media) */
	const struct media_item *items;
	size_t n_items;
	unsigned char (*sum)[32];	/* SHA-256 of each item as read */
	void *onetime;			/* onetime.tgz bytes */
	size_t onetime_len;
	unsigned char onetime_sum[32];
	struct sysboot sb;		/* p1: what is written (installs only) */
	unsigned char p1_sum[SYSBOOT_MAX_FILES][32];	/* SHA-256 of each p1 file */
	uint8_t old_p1_guid[16];	/* p1's unique GUID before the install */
	bool had_p1;
	char note[6][600];		/* summary lines for the end */
	unsigned n_notes;
	char ds_token[33];		/* ties the datastore marks to the
					 * first-boot script (install_ds.c) */
};

/* The partition with GPT number num, or NULL. */
const struct layout_part *inst_part(const struct install_plan *p, unsigned num);
/* The partition of a role (first match), or NULL. */
const struct layout_part *inst_role(const struct install_plan *p, enum layout_role r);
/* A FAT volume for partition lp. */
struct vfat_vol inst_vol(const struct inst *in, const struct layout_part *lp);
/* Log a line through the callback. */
void inst_log(const struct inst *in, const char *fmt, ...)
	__attribute__((format(printf, 2, 3)));
/* Count bytes done; fsync every INSTALL_SYNC_STEP; report progress. */
int inst_advance(struct inst *in, uint64_t n, struct stoat_err *e);
/* fsync the target, counting it as the end of a stretch of work. */
int inst_sync(struct inst *in, struct stoat_err *e);
/* Fill buf with n random bytes from the kernel. */
int inst_random(void *buf, size_t n, struct stoat_err *e);
/* Fill token (33 bytes) with 32 random hex digits: the token that ties a
 * first-boot script to the partitions it formats (firstboot.h). */
int inst_token(char *token, struct stoat_err *e);
/* Zero the first MiB at byte off of fd (or len bytes, if fewer) and write
 * there the mark of kind, token and k (firstboot_mark); path names fd in
 * messages. */
int inst_mark(int fd, const char *path, uint64_t off, uint64_t len, const char *kind,
	      const char *token, size_t k, struct stoat_err *e);
/* Partition another disk with layout l (its one partition first) and
 * mark that partition as inst_mark does; synced and closed. */
int inst_mark_disk(const struct inst *in, const char *path, const struct layout *l,
		   const char *kind, const char *token, size_t k, struct stoat_err *e);
/* Whether the legacy-USB option is in effect: asked for, and 6.x media. */
bool inst_legacy_usb(const struct install_plan *p, struct media *m);

/* Remove the installer's words (runweasel, cdromBoot, ks) and the
 * install-shaping options (bootopts.h) from a kernelopt. */
void inst_strip_installer_words(char *kernelopt);
/* "Loading VMware ESXi": the installed title, from the media's product. */
void inst_title(struct media *m, char *buf, size_t size);
/* The part of a boot.cfg that installs and upgrades share. */
void inst_bootcfg_common(const struct install_plan *p, struct media *m, bool legacy_usb,
			 size_t spare, struct bootcfg *out);
/* The boot.cfg an install writes last on the bootbank (bootstate 0). */
void inst_final_bootcfg(const struct install_plan *p, struct media *m,
			bool legacy_usb, struct bootcfg *out);
/* The altbootbank boot.cfg of an install, marked invalid (bootstate 3). */
void inst_alt_bootcfg(const struct install_plan *p, struct media *m,
		      struct bootcfg *out);
/* The boot.cfg an upgrade writes last on the new bank (bootstate 1). */
void inst_upgrade_bootcfg(const struct install_plan *p, struct media *m, bool legacy_usb,
			  struct bootcfg *out);

#endif
