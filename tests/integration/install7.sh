#!/bin/bash
# install7.sh - esxi7 media: an 8 GiB USB stick image (tar.gz media) with
# the legacy-USB toggle, which 7.x must ignore, and a 40 GiB disk on a loop
# device (media: the ISO on a read-only loop device) with a kickstart boot
# option; the media's kernelopt shapes the layout (autoPartitionOSDataSize).
. "$top_srcdir/tests/integration/install_lib.sh"
need_root_loop

T=$TAP_TMP
"$MKMEDIA" --version 7.0.3-19193900 --format tgz "$T/esxi7.tgz" &&
	"$MKMEDIA" --version 7.0.3-19193900 --kernelopt "cdromBoot runweasel autoPartitionOSDataSize=8192 ignoreHeadless=TRUE" "$T/esxi7.iso" ||
	skip_all "cannot build the fixture media"

# --- 1. USB stick image, tar.gz media, legacy USB requested -----------------
img=$T/usb8.img
truncate -s 8G "$img"
write_ks "$T/ks" "--firstdisk" "keyboard \"US Default\""
out=$("$STOAT" install --kickstart "$T/ks" --media "$T/esxi7.tgz" --disk "$img:usb" --only-listed-disks --legacy-usb 2>"$T/err")
rc=$?
is "$rc" 0 "esxi7 install onto an 8 GiB USB image exits 0"
[ $rc = 0 ] || sed 's/^/#   /' "$T/err"
is "$(table "$img")" "1 64 204863
5 208896 1232895
6 1234944 2258943" "sgdisk: 7.x on flash places only p1, p5 and p6"
for n in 5 6; do
	fat_ok "$img" $n
	ok $? "fsck.fat -n finds p$n clean"
done
p1_check "$img" "7.x USB image from tar.gz media" yes yes yes
v5=$(vol "$img" 5)
n=$(modules_identical "$T/esxi7.tgz" "$v5")
ok $? "all $n modules read back identical to the tar.gz media"
like "$(dd if="$img" bs=1 skip=$((208896 * 512 + 528)) count=1 status=none | od -An -tx1)" '^ *e' "the bootbank UUID starts with e on USB"
is "$(mtype -i "$v5" ::boot.cfg 2>/dev/null)" "bootstate=0
title=Loading VMware ESXi
timeout=5
prefix=
kernel=b.b00
kernelopt=no-auto-partition
modules=$(bootcfg_mods "$T/esxi7.tgz")
build=7.0.3-19193900
updated=1" "boot.cfg is exact: no preferVmklinux on 7.x, no dump slot option without p9"
mcopy -n -i "$v5" ::onetime.tgz "$T/o.tgz" 2>/dev/null
is "$(tar -tzf "$T/o.tgz" | grep -v '/$')" "var/lib/vmware/firstboot/firstboot.json" "onetime.tgz has no legacy-USB script on 7.x"
json=$(tar -xzOf "$T/o.tgz" var/lib/vmware/firstboot/firstboot.json)
is "$(printf '%s' "$json" | python3 -c 'import json,sys; print(json.load(sys.stdin)["keyboard"])')" "US Default" "firstboot.json keyboard"
hash_verifies "$(printf '%s' "$json" | python3 -c 'import json,sys; print(json.load(sys.stdin)["password"])')"
ok $? "the hash verifies with openssl passwd -6"
no_password "$img"
ok $? "the clear password appears nowhere on the image"

truncate -s 8G "$T/other.img"
out=$("$STOAT" install --kickstart "$T/ks" --media "$T/esxi7.tgz" --disk "$T/other.img:usb" --only-listed-disks --legacy-usb --dry-run 2>&1)
like "$out" 'Legacy USB drivers: not applied; ESXi 7 and later have no vmklinux' "the dry run says why legacy USB is not applied"

# --- 2. 40 GiB disk on a loop device, the ISO on a block device -------------
truncate -s 40G "$T/d40.img"
attach "$T/d40.img" || skip_all "cannot attach a loop device"
loop=$LOOP
attach "$T/esxi7.iso" -r || skip_all "cannot attach the ISO to a loop device"
mloop=$LOOP
scribble "$loop" $((16986112 * 512)) 65536
write_ks "$T/ks2" "--firstdisk --overwritevmfs" 'bootoption --legacy-usb --kernelopt="allowLegacyCPU=true"'
"$STOAT" install --kickstart "$T/ks2" --media "$mloop" --disk "$loop:disk" --only-listed-disks >"$T/out" 2>"$T/err"
rc=$?
is "$rc" 0 "esxi7 install from a block device holding the ISO onto a 40 GiB loop device exits 0"
[ $rc = 0 ] || sed 's/^/#   /' "$T/err"
is "$(table "$loop")" "1 64 204863
5 208896 8595455
6 8597504 16984063
7 16986112 33763327
8 33765376 83886046" "sgdisk: 7.x disk layout with 4 GiB bootbanks, OSData of the media's autoPartitionOSDataSize=8192 (MiB), the datastore after it"
is "$(part_type "$loop" 7)" "4EB2EA3978554790A79EFAE495E21F8D" "p7 is typed vmfsl (OSData)"
for n in 5 6; do
	fat_ok "$loop" $n
	ok $? "fsck.fat -n finds p$n of the loop device clean"
done
p1_check "$loop" "7.x disk from the ISO on a block device" yes yes yes
like "$(dd if="$loop" bs=512 skip=208896 count=1 status=none | file -)" 'FAT \(16 bit\)' "the 4 GiB bootbank is FAT16"
v5=$(vol "$loop" 5)
n=$(modules_identical "$T/esxi7.iso" "$v5")
ok $? "all $n modules read back identical to the ISO"
like "$(dd if="$loop" bs=1 skip=$((208896 * 512 + 528)) count=1 status=none | od -An -tx1)" '^ *7' "the bootbank UUID starts with 7 on a disk"
is "$(mtype -i "$v5" ::boot.cfg 2>/dev/null | sed -n 's/^kernelopt=//p')" "ignoreHeadless=TRUE no-auto-partition allowLegacyCPU=true" \
	"kernelopt keeps the media's host option, drops the installer's words and the install's options, adds ours, never preferVmklinux"
zeros "$loop" $((16986112 * 512)) 1048576
ok $? "OSData's first MiB is zeroed"
like "$(cat "$T/out")" 'ESX-OSData' "the summary says OSData is left to ESXi"

done_testing
