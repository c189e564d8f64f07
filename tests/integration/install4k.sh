#!/bin/bash
# install4k.sh - esxi6 media onto a 4 KiB-sector loop device: the same byte
# offsets as on 512-byte disks (sector numbers divided by 8), FAT volumes
# with 4 KiB sectors that fsck.fat and mtools accept, and p1 with the UEFI
# boot loader only (syslinux 3.86 needs 512-byte sectors).
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
like "$(dd if="$loop" bs=1 skip=$((1028 * 4096 + 512)) count=16 status=none)" '^VMWARE FAT16    $' "the bootbank marker sits at byte 512 of p5"

done_testing
