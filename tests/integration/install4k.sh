#!/bin/bash
# install4k.sh - esxi6 media onto a 4 KiB-sector loop device: the same byte
# offsets as on 512-byte disks (sector numbers divided by 8), FAT volumes
# with 4 KiB sectors that fsck.fat and mtools accept, p1 with the UEFI
# boot loader only (syslinux 3.86 needs 512-byte sectors), the bank marker
# in each bank's second sector; and VMware's loader boots it by UEFI.
. "$top_srcdir/tests/integration/install_lib.sh"
need_root_loop

T=$TAP_TMP
"$MKMEDIA" --version 6.7.0-8169922 "$T/esxi6.iso" || skip_all "cannot build the fixture media"
truncate -s 16G "$T/d4k.img"
attach "$T/d4k.img" --sector-size 4096 || skip_all "cannot attach a 4 KiB-sector loop device"
loop=$LOOP
[ "$(blockdev --getss "$loop")" = 4096 ] || skip_all "the loop device did not take 4096-byte sectors"

write_ks "$T/ks" "--firstdisk --overwritevmfs"
"$STOAT" install --kickstart "$T/ks" --media "$T/esxi6.iso" --disk "$loop:disk" --only-listed-disks >"$T/out" 2>"$T/err"
rc=$?
is "$rc" 0 "install onto a 4Kn loop device exits 0"
[ $rc = 0 ] || sed 's/^/#   /' "$T/err"
is "$(table "$loop")" "1 8 1023
2 885760 1934079
3 1934080 4194298
5 1028 65023
6 65028 129023
7 129028 157183
8 157188 230399
9 230400 885759" "sgdisk: the 6.x table in 4 KiB sectors"
for n in 5 6 8 2; do
	fat_ok "$loop" $n 4096
	ok $? "fsck.fat -n finds p$n clean"
done
# syslinux 3.86 reads 512-byte sectors only: UEFI boot alone.
like "$(cat "$T/out")" '^BIOS boot: not set up: .*512-byte sectors' "the summary says BIOS boot is not set up, and why"
p1_check "$loop" "4Kn disk" yes no no 4096
v5=$(vol "$loop" 5 4096)
like "$(dd if="$loop" bs=4096 skip=1028 count=1 status=none | file -)" 'Bytes/sector 4096' "p5 uses 4096-byte FAT sectors"
n=$(modules_identical "$T/esxi6.iso" "$v5")
ok $? "all $n modules read back identical"
is "$(mtype -i "$v5" ::boot.cfg 2>/dev/null | sed -n 's/^kernelopt=//p')" "no-auto-partition installerDiskDumpSlotSize=2560" "boot.cfg written last with the 6.x options"
# safeboot reads the marker from the second sector of the bank
# (esx-boot's safeboot/vmfat.c: volume_read at bytes_per_sector).
like "$(dd if="$loop" bs=1 skip=$((1029 * 4096)) count=16 status=none)" '^VMWARE FAT16    $' \
	"the bootbank marker opens p5's second sector (byte 4096)"
like "$(esxboot_bank_uuid "$loop" 6 4096)" '^7[0-9a-f]{31}$' "p6 carries one too, with a disk's UUID"

# --- VMware's loader boots it by UEFI from a 4Kn disk ---------------------
# boot-check's virtio disk given 4096-byte logical sectors (QEMU -global).
if [ ! -x "$ESX/boot-check" ]; then
	skip "no boot-check in the esx-boot kit at $ESX"
elif ! command -v qemu-system-x86_64 >/dev/null || [ ! -f "${OVMF_CODE:-/usr/share/OVMF/OVMF_CODE_4M.fd}" ]; then
	skip "no qemu-system-x86_64 or OVMF (tools/setup --tests installs them)"
else
	sync
	DISK_BUS=virtio EXTRA_QEMU="-global virtio-blk-pci.logical_block_size=4096 -global virtio-blk-pci.physical_block_size=4096" \
		esxboot_boot "$ESX" "$T/d4k.img" uefi "$T/boot" 120
	rc=$?
	ok $rc "4Kn, uefi: OVMF -> safeboot -> mboot -> the test kernel, on a disk of 4096-byte sectors"
	[ $rc = 0 ] || esxboot_said "$T/boot" 12
	is "$(esxboot_cmdline "$T/boot")" "b.b00 no-auto-partition installerDiskDumpSlotSize=2560 bootUUID=$(esxboot_bank_uuid "$loop" 5 4096)" \
		"4Kn, uefi: the installed kernelopt and p5's bootUUID on the command line"
fi

# --- an upgrade finds the 4Kn bank by its marker; the new bank boots --------
"$MKMEDIA" --version 6.7.0-17700523 "$T/new6.iso" || skip_all "cannot build the newer fixture media"
ks_file "$T/ks-up" "upgrade --disk=$loop"
"$STOAT" install --kickstart "$T/ks-up" --media "$T/new6.iso" --disk "$loop:disk" --only-listed-disks >"$T/out" 2>"$T/err"
rc=$?
is "$rc" 0 "stoat upgrades the 4Kn disk with 6.7.0-17700523 media"
[ $rc = 0 ] || sed 's/^/#   /' "$T/err"
is "$(mtype -i "$(vol "$loop" 6 4096)" ::boot.cfg 2>/dev/null | sed -n 's/^build=//p')" 6.7.0-17700523 \
	"p6's boot.cfg has the new build="
if [ -x "$ESX/boot-check" ] && command -v qemu-system-x86_64 >/dev/null &&
	[ -f "${OVMF_CODE:-/usr/share/OVMF/OVMF_CODE_4M.fd}" ]; then
	sync
	DISK_BUS=virtio EXTRA_QEMU="-global virtio-blk-pci.logical_block_size=4096 -global virtio-blk-pci.physical_block_size=4096" \
		esxboot_boot "$ESX" "$T/d4k.img" uefi "$T/boot" 120
	rc=$?
	[ $rc = 0 ] || esxboot_said "$T/boot" 12
	like "$(esxboot_cmdline "$T/boot")" "bootUUID=$(esxboot_bank_uuid "$loop" 6 4096)\$" \
		"4Kn, uefi: after the upgrade safeboot boots the new bank p6"
else
	skip "no boot-check, qemu-system-x86_64 or OVMF"
fi

done_testing
