/* sysboot.c - the system partition (p1) as ESXi builds it: which files,
 * from which piece of the media's boot kit, and which boot paths work. */
#include "config.h"

#include <errno.h>
#include <stdio.h>
#include <string.h>

#include "media.h"
#include "nls.h"
#include "syslinux.h"
#include "sysboot.h"

/* syslinux.cfg as ESXi writes it: safeboot.c32 picks the bank and logs to
 * serial port COM1 ("-S 1"); syslinux does not halt on a failed boot. */
const char sysboot_syslinux_cfg[] = "default safeboot.c32 -S 1\nnohalt 1\n";

/* The files of p1, by boot path. */
static const struct {
	const char *dest;
	enum bootkit_piece piece;
	bool bios;		/* written only when BIOS boot is set up */
	bool optional;		/* written when the kit has it */
} p1_files[] = {
	{ "EFI/BOOT/BOOTX64.EFI", BOOTKIT_SAFEBOOT_EFI, false, false },
	{ "EFI/VMware/safeboot64.efi", BOOTKIT_SAFEBOOT_EFI, false, false },
	{ "EFI/VMware/mboot64.efi", BOOTKIT_MBOOT_EFI, false, false },
	{ "EFI/VMware/crypto64.efi", BOOTKIT_CRYPTO_EFI, false, true },
	{ "safeboot.c32", BOOTKIT_SAFEBOOT_C32, true, false },
	{ "mboot.c32", BOOTKIT_MBOOT_C32, true, false },
};

/* Whether BIOS boot can be set up on this disk with this kit. */
static bool bios_ready(const struct install_plan *p, const struct bootkit *kit, char *why,
		       size_t size)
{
	const struct bootkit_file *ld = &kit->piece[BOOTKIT_LDLINUX_SYS];
	const struct bootkit_file *bs = &kit->piece[BOOTKIT_FAT_BOOT_SECTOR];
	const struct bootkit_file *mbr = &kit->piece[BOOTKIT_GPTMBR];
	struct stoat_err e = { 0 };

	if (!bootkit_bios_ready(kit, why, size))
		return false;
	if (syslinux_check(p->layout.sector_size, ld->data, ld->size, bs->data, bs->size,
			   mbr->data, mbr->size, &e) < 0) {
		snprintf(why, size, "%s", e.msg);
		return false;
	}
	return true;
}

/* Decide p1 for the plan and the media. */
int sysboot_plan(const struct install_plan *p, struct media *m, struct sysboot *sb,
		 struct stoat_err *e)
{
	size_t i;

	memset(sb, 0, sizeof(*sb));
	if (!(sb->kit = media_bootkit(m, e)))
		return err_prefix(e, _("the boot loader files on the media"));
	sb->uefi = bootkit_uefi_ready(sb->kit, sb->uefi_why, sizeof(sb->uefi_why));
	sb->bios = bios_ready(p, sb->kit, sb->bios_why, sizeof(sb->bios_why));
	for (i = 0; i < sizeof(p1_files) / sizeof(p1_files[0]); i++) {
		const struct bootkit_file *f = &sb->kit->piece[p1_files[i].piece];

		if (p1_files[i].bios ? !sb->bios : !sb->uefi)
			continue;
		if (!f->data && p1_files[i].optional)
			continue;
		sb->file[sb->n_files++] = (struct sysboot_file){ p1_files[i].dest, f->data, f->size };
		sb->bytes += f->size;
	}
	if (sb->bios) {
		sb->file[sb->n_files++] = (struct sysboot_file){
			"syslinux.cfg", sysboot_syslinux_cfg, strlen(sysboot_syslinux_cfg) };
		sb->bytes += strlen(sysboot_syslinux_cfg) + sb->kit->piece[BOOTKIT_LDLINUX_SYS].size;
	}
	return 0;
}
