/* efiboot.h - the firmware boot entry an ESXi install creates:
 * "VMware ESXi" -> \EFI\VMware\safeboot64.efi on the system partition,
 * first in BootOrder. Made with efibootmgr, on a machine that started by
 * UEFI, for a disk of this machine only. */
#ifndef STOAT_EFIBOOT_H
#define STOAT_EFIBOOT_H

#include <stddef.h>
#include <stdint.h>

#include "err.h"
#include "plan.h"

#define EFIBOOT_LABEL "VMware ESXi"
#define EFIBOOT_LOADER "\\EFI\\VMware\\safeboot64.efi"

/* Whether installing p adds the entry, and when not, why (a short
 * phrase): only when this machine started by UEFI (p->efi_dir exists; ""
 * means /sys/firmware/efi), onto a block device of this machine that is
 * neither a loop device nor a USB stick or SD card (those are often
 * prepared for another host, and firmware finds \EFI\BOOT\BOOTX64.EFI on
 * removable media by itself), with UEFI boot set up on p1 (uefi), and not
 * with --no-boot-entry. */
bool efiboot_wanted(const struct install_plan *p, bool uefi, char *why, size_t size);

/* The boot numbers (Boot####) of entries labelled EFIBOOT_LABEL whose
 * device path names the partition with unique GUID guid (on-disk bytes), in
 * efibootmgr -v output text. At most max; returns how many. */
size_t efiboot_find(const char *text, const uint8_t guid[16], unsigned *num, size_t max);

/* Add the entry for partition num of the target (p->target.path) with
 * efibootmgr, first in BootOrder. Entries of the same label that pointed at
 * the partition old_guid (the one this install replaced; NULL: none) or at
 * new_guid are removed first, so the firmware keeps no stale entry. */
int efiboot_create(const struct install_plan *p, unsigned num, const uint8_t *old_guid,
		   const uint8_t new_guid[16], struct stoat_err *e);

#endif
