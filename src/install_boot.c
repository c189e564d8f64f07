/* install_boot.c - step 4: the system partition (p1) as ESXi builds it.
 *
 * p1 gets safeboot as \EFI\BOOT\BOOTX64.EFI and \EFI\VMware\safeboot64.efi,
 * mboot as \EFI\VMware\mboot64.efi (and crypto64.efi where the media has
 * it); for legacy BIOS syslinux.cfg, safeboot.c32, mboot.c32 and syslinux
 * 3.86 (ldlinux.sys patched with its sectors, its boot sector merged over
 * the FAT's, the GPT MBR stub in LBA 0 pointing at p1). What is written
 * and which paths are set up was decided by sysboot_plan. */
#include "config.h"

#include <stdio.h>
#include <string.h>

#include "digest.h"
#include "install_steps.h"
#include "nls.h"
#include "syslinux.h"

/* Make the folders above dest on v, each once per install. */
static int make_parents(const struct vfat_vol *v, const char *dest, char (*made)[64],
			unsigned *n_made, unsigned max, struct stoat_err *e)
{
	char dir[64];
	const char *s;
	unsigned i;
	int rc;

	for (s = strchr(dest, '/'); s; s = strchr(s + 1, '/')) {
		snprintf(dir, sizeof(dir), "%.*s", (int)(s - dest), dest);
		for (i = 0; i < *n_made && strcmp(made[i], dir); i++)
			;
		if (i < *n_made)
			continue;
		if ((rc = vfat_mkdir(v, dir, e)) < 0)
			return rc;
		if (*n_made < max)
			snprintf(made[(*n_made)++], sizeof(made[0]), "%s", dir);
	}
	return 0;
}

/* Legacy BIOS: syslinux into p1, then its GPT MBR stub into LBA 0. */
static int install_syslinux(struct inst *in, const struct vfat_vol *v, unsigned p1,
			    struct stoat_err *e)
{
	const struct bootkit *kit = in->sb.kit;
	const struct bootkit_file *ld = &kit->piece[BOOTKIT_LDLINUX_SYS];
	const struct bootkit_file *bs = &kit->piece[BOOTKIT_FAT_BOOT_SECTOR];
	const struct bootkit_file *mbr = &kit->piece[BOOTKIT_GPTMBR];
	int rc;

	if ((rc = syslinux_install(v, ld->data, ld->size, bs->data, bs->size, e)) < 0)
		return rc;
	if ((rc = inst_advance(in, ld->size, e)) < 0)
		return rc;
	return syslinux_mbr_install(in->fd, in->p->layout.sector_size, p1, mbr->data, mbr->size, e);
}

/* Step 4: write p1's files, set up syslinux, note the paths not set up. */
int inst_bootloader(struct inst *in, struct stoat_err *e)
{
	const struct layout_part *lp = inst_role(in->p, ROLE_SYSTEM);
	struct vfat_vol v = inst_vol(in, lp);
	char made[8][64];
	unsigned n_made = 0;
	size_t i;
	int rc;

	for (i = 0; i < in->sb.n_files; i++) {
		const struct sysboot_file *f = &in->sb.file[i];

		if ((rc = make_parents(&v, f->dest, made, &n_made, 8, e)) < 0 ||
		    (rc = vfat_put_buf(&v, f->dest, f->data, f->size, e)) < 0)
			return err_prefix(e, _("partition %u"), lp->num);
		digest_buf(f->data, f->size, in->p1_sum[i]);
		if ((rc = inst_advance(in, f->size, e)) < 0)
			return rc;
	}
	if (in->sb.bios && (rc = install_syslinux(in, &v, lp->num, e)) < 0)
		return err_prefix(e, _("legacy BIOS boot"));
	if (!in->sb.uefi && in->n_notes < sizeof(in->note) / sizeof(in->note[0]))
		snprintf(in->note[in->n_notes++], sizeof(in->note[0]),
			 "%s %s", _("UEFI boot: not set up:"), in->sb.uefi_why);
	if (!in->sb.bios && in->n_notes < sizeof(in->note) / sizeof(in->note[0]))
		snprintf(in->note[in->n_notes++], sizeof(in->note[0]),
			 "%s %s", _("BIOS boot: not set up:"), in->sb.bios_why);
	return inst_sync(in, e);
}
