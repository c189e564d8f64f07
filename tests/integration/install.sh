#!/bin/bash
# install.sh - `stoat install --kickstart` with esxi6 media: a 16 GiB disk
# image file (all eight partitions, p1 as ESXi builds it from the media's
# boot kit), a 4 GiB USB stick on a loop device with the legacy-USB
# toggle, a dry run, and an interrupted install.
. "$top_srcdir/tests/integration/install_lib.sh"
need_root_loop

T=$TAP_TMP
"$MKMEDIA" --eula --version 6.7.0-8169922 --big $((8 << 20)) "$T/esxi6.iso" || skip_all "cannot build the fixture media"
M=$T/esxi6.iso

# --- 0. the command line --------------------------------------------------
err=$("$STOAT" install 2>&1); rc=$?
is "$rc" 2 "install without --kickstart is a usage error (exit 2)"
like "$err" '^stoat: install needs --kickstart FILE' "and says what is missing, in one line"
write_ks "$T/ks0" "--firstdisk"
err=$("$STOAT" install --kickstart "$T/ks0" 2>&1); rc=$?
like "$err" '^stoat: install needs --media PATH' "install without --media says so"
out=$("$STOAT" install --kickstart "$T/ks0" --check 2>/dev/null); rc=$?
is "$rc" 0 "--check validates the kickstart alone and exits 0"

# --- 1. a 16 GiB disk as an image file ------------------------------------
img=$T/disk16.img
truncate -s 16G "$img"
# Old data where the installer must zero: p7, p9 and p3 starts.
scribble "$img" $((1032224 * 512)) 1048576
scribble "$img" $((1843200 * 512)) 1048576
scribble "$img" $((15472640 * 512)) 65536
write_ks "$T/ks6" "--firstdisk --overwritevmfs" "keyboard German" \
	"network --bootproto=static --ip=192.0.2.21 --netmask=255.255.255.0 --hostname=esx-test01" \
	"%firstboot --interpreter=busybox" "echo first boot ran >/tmp/fb"
out=$("$STOAT" install --kickstart "$T/ks6" --media "$M" --disk "$img:disk" --only-listed-disks --log "$T/install.log" 2>"$T/err")
rc=$?
is "$rc" 0 "install onto a 16 GiB image file exits 0"
[ $rc = 0 ] || sed 's/^/#   /' "$T/err"
like "$out" '^\[1/9\] ' "stage 1 is announced on its own line"
like "$out" '^\[9/9\] ' "stage 9 is announced on its own line"
like "$out" '^100%$' "the percentage reaches 100%"
is "$(printf '%s' "$out" | tr -d '\n\t' | LC_ALL=C tr -d '[:print:]' | wc -c)" 0 \
	"no control characters when stdout is not a terminal"
like "$out" 'typed for a VMFS datastore; the host creates it \(vmfs5\) at its first boot' "the summary says the host creates the VMFS datastore at first boot"
like "$(cat "$T/install.log")" '^[0-9-]+ [0-9:]+ \[9/9\] ' "--log FILE records the stages with times"
like "$(tail -1 "$T/install.log")" 'Installed VMware ESXi 6\.7\.0 onto' "and the result"

is "$(table "$img")" "1 64 8191
2 7086080 15472639
3 15472640 33554398
5 8224 520191
6 520224 1032191
7 1032224 1257471
8 1257504 1843199
9 1843200 7086079" "sgdisk: all eight partitions at the 6.x sectors"
types=
for n in 1 5 6 7 8 9 2 3; do types="$types $n:$(part_type "$img" $n)"; done
is "$types" " 1:C12A7328F81F11D2BA4B00A0C93EC93B 5:EBD0A0A2B9E5443387C068B6B72699C7 6:EBD0A0A2B9E5443387C068B6B72699C7 7:9D27538040AD11DBBF97000C2911D1B8 8:EBD0A0A2B9E5443387C068B6B72699C7 9:9D27538040AD11DBBF97000C2911D1B8 2:EBD0A0A2B9E5443387C068B6B72699C7 3:AA31E02A400F11DB9590000C2911D1B8" \
	"sgdisk: the VMware type GUIDs"

for n in 5 6 8 2; do
	fat_ok "$img" $n
	ok $? "fsck.fat -n finds p$n clean"
done
like "$(file -s "$img" 2>/dev/null; dd if="$img" bs=512 skip=8224 count=1 status=none | file -)" 'FAT \(16 bit\)' "p5 is FAT16"

v5=$(vol "$img" 5)
v6=$(vol "$img" 6)
v1=$(vol "$img" 1)
n=$(modules_identical "$M" "$v5")
ok $? "all $n modules on p5 read back identical to the media (sha256sum)"
is "$n" 14 "14 modules compared (kernel + 13, btldr.t00 among them)"
p1_check "$img" "6.x disk" yes yes no
want="bootstate=0
title=Loading VMware ESXi
timeout=5
prefix=
kernel=b.b00
kernelopt=no-auto-partition installerDiskDumpSlotSize=2560
modules=$(bootcfg_mods "$M")
build=6.7.0-8169922
updated=1"
is "$(mtype -i "$v5" ::boot.cfg)" "$want" "p5 boot.cfg is exactly as specified"
is "$(mtype -i "$v6" ::boot.cfg)" "bootstate=3
title=Loading VMware ESXi
timeout=5
prefix=
kernel=
kernelopt=
modules=
build=6.7.0-8169922
updated=2" "p6 boot.cfg is marked invalid (bootstate=3, updated=2)"

m5=$(dd if="$img" bs=1 skip=$((8224 * 512 + 512)) count=17 status=none | od -An -c | tr -s ' ')
like "$(dd if="$img" bs=1 skip=$((8224 * 512 + 512)) count=16 status=none)" '^VMWARE FAT16    $' "p5 carries the VMWARE FAT16 marker at offset 512"
like "$(dd if="$img" bs=1 skip=$((520224 * 512 + 512)) count=16 status=none)" '^VMWARE FAT16    $' "p6 carries it too"
u5=$(dd if="$img" bs=1 skip=$((8224 * 512 + 528)) count=16 status=none | od -An -tx1 | tr -d ' \n')
u6=$(dd if="$img" bs=1 skip=$((520224 * 512 + 528)) count=16 status=none | od -An -tx1 | tr -d ' \n')
like "$u5" '^7[0-9a-f]{31}$' "p5's UUID starts with nibble 7 on a disk"
ok $([ "$u5" != "$u6" ] && [ "${u6:0:1}" = 7 ]; echo $?) "p6 has its own UUID, also nibble 7"

mcopy -n -i "$v5" ::onetime.tgz "$T/onetime.tgz" 2>/dev/null
is "$(tar -tzf "$T/onetime.tgz" | grep -v '/$')" "var/lib/vmware/firstboot/firstboot.json
var/lib/vmware/firstboot/001.firstboot_001
var/lib/vmware/firstboot/002.firstboot_002" "onetime.tgz holds firstboot.json, the datastore script and the %firstboot script"
json=$(tar -xzOf "$T/onetime.tgz" var/lib/vmware/firstboot/firstboot.json)
hash=$(printf '%s' "$json" | python3 -c 'import json,sys; print(json.load(sys.stdin)["password"])')
kb=$(printf '%s' "$json" | python3 -c 'import json,sys; print(json.load(sys.stdin)["keyboard"])')
is "$kb" German "firstboot.json keyboard is German"
is "$(printf '%s' "$json" | python3 -c 'import json,sys; n=json.load(sys.stdin)["network"]; print(n["bootproto"], n["ip"], n["hostname"])')" \
	"static 192.0.2.21 esx-test01" "firstboot.json carries the kickstart's network settings (ESXi takes --hostname only with static)"
like "$hash" '^\$6\$[A-Za-z0-9./]{8,16}\$' "the password is a SHA-512 crypt hash"
hash_verifies "$hash"
ok $? "openssl passwd -6 reproduces the hash from the password"
ok $([ "$hash" != "$PW" ]; echo $?) "the hash is not the password"
like "$(tar -xzOf "$T/onetime.tgz" var/lib/vmware/firstboot/001.firstboot_001)" '^fs=vmfs5$' "the datastore script comes first (tests/integration/firstboot.sh runs it)"
like "$(tar -xzOf "$T/onetime.tgz" var/lib/vmware/firstboot/002.firstboot_002)" 'echo first boot ran' "the script body is kept"
no_password "$img"
ok $? "the clear password appears nowhere on the image"
zeros "$img" $((1032224 * 512)) $((7039 * 16384))
ok $? "p7's first 7039 x 16 KiB are zeroed"
zeros "$img" $((1843200 * 512)) 1048576
ok $? "p9's start is zeroed"
like "$(dd if="$img" bs=1 skip=$((15472640 * 512)) count=64 status=none | head -n 1)" '^stoat-datastore [0-9a-f]{32} 0\.$' "p3 starts with the datastore mark"
zeros "$img" $((15472640 * 512 + 64)) $((1048576 - 64))
ok $? "and the rest of p3's first MiB is zeroed"

# --- 2. dry run: prints the plan, writes nothing ----------------------------
img2=$T/dry.img
truncate -s 16G "$img2"
out=$("$STOAT" install --kickstart "$T/ks6" --media "$M" --disk "$img2:disk" --only-listed-disks --dry-run 2>&1)
is "$?" 0 "--dry-run exits 0"
like "$out" '^5 8224 520191 EBD0A0A2B9E5443387C068B6B72699C7 linuxNative 0$' "the dry run shows the partedUtil table"
like "$out" 'kernelopt=no-auto-partition installerDiskDumpSlotSize=2560' "and the boot.cfg to be written"
like "$out" 's\.v00 +8388608' "and the files with their sizes"
like "$out" '^  UEFI boot: safeboot \(BTLDR\.T00: [^)]*safeboot\.efi\) and mboot \(BTLDR\.T00: [^)]*BOOTx64\.EFI\)\.$' \
	"the dry run names where safeboot and mboot come from: the btldr payload"
like "$out" '^  BIOS boot: syslinux 3\.86 \(BTLDR\.T00: [^)]*ldlinux\.sys\) with safeboot\.c32; GPT MBR stub \(BTLDR\.T00: [^)]*gptmbr\.bin\) in LBA 0\.$' \
	"and syslinux 3.86 and the GPT MBR stub for BIOS boot"
sz() { stat -c %s "$ESX/$1"; }
is "$(printf '%s\n' "$out" | awk '$1 == "p1" {print $2, $3}')" "EFI/BOOT/BOOTX64.EFI $(sz bin/safeboot64.efi)
EFI/VMware/safeboot64.efi $(sz bin/safeboot64.efi)
EFI/VMware/mboot64.efi $(sz bin/mboot64.efi)
safeboot.c32 $(sz bin/safeboot.c32)
mboot.c32 $(sz bin/mboot.c32)
syslinux.cfg 35
ldlinux.sys $(sz bios/ldlinux.sys)" "the dry run lists p1's files with the kit's sizes (no crypto64 on 6.x)"
is "$(img_extents "$img2")" "" "the dry run wrote nothing to the image"

# --- 3. a 4 GiB USB stick on a loop device, legacy USB on --------------------
truncate -s 4G "$T/usb.img"
attach "$T/usb.img" || skip_all "cannot attach a loop device"
loop=$LOOP
write_ks "$T/ksu" "--firstdisk --overwritevmfs"
"$STOAT" install --kickstart "$T/ksu" --media "$M" --disk "$loop:usb" --only-listed-disks --legacy-usb >"$T/out" 2>"$T/err"
rc=$?
is "$rc" 0 "install onto a USB loop device with --legacy-usb exits 0"
[ $rc = 0 ] || sed 's/^/#   /' "$T/err"
is "$(table "$loop" | cut -d' ' -f1 | tr '\n' ' ')" "1 5 6 7 8 9 " "flash layout: partitions 1,5,6,7,8,9 only"
for n in 5 6 8; do
	fat_ok "$loop" $n
	ok $? "fsck.fat -n finds p$n of the loop device clean"
done
p1_check "$loop" "USB loop device" yes yes no
n=$(modules_identical "$M" "$(vol "$loop" 5)")
ok $? "all $n modules read back identical from the loop device"
like "$(dd if="$loop" bs=1 skip=$((8224 * 512 + 528)) count=1 status=none | od -An -tx1)" '^ *e' "p5's UUID starts with nibble e on USB"
is "$(mtype -i "$(vol "$loop" 5)" ::boot.cfg 2>/dev/null | sed -n 's/^kernelopt=//p')" \
	"no-auto-partition installerDiskDumpSlotSize=2560 preferVmklinux=TRUE" "legacy USB on 6.x: preferVmklinux=TRUE in kernelopt"
mcopy -n -i "$(vol "$loop" 5)" ::onetime.tgz "$T/ou.tgz" 2>/dev/null
s=$(tar -xzOf "$T/ou.tgz" var/lib/vmware/firstboot/001.firstboot_001)
like "$s" '^esxcli system settings kernel set -s preferVmklinux -v FALSE$' "the first-boot script sets preferVmklinux persistently"
like "$s" '^esxcli system module set --enabled=false -m vmkusb$' "and disables vmkusb"

# --- 4. an install interrupted before the last step --------------------------
img3=$T/stop.img
truncate -s 16G "$img3"
mkfifo "$T/fifo"
"$STOAT" install --kickstart "$T/ks6" --media "$M" --disk "$img3:disk" --only-listed-disks >"$T/fifo" 2>"$T/err3" &
pid=$!
while read -r line; do
	# Interrupt it (only this process, by its own pid) once formatting
	# starts: the install must stop before boot.cfg is written.
	case $line in '[3/9]'*) kill -STOP "$pid"; kill -INT "$pid"; kill -CONT "$pid" ;; esac
done <"$T/fifo"
wait "$pid"
rc=$?
is "$rc" 1 "an interrupted install exits 1"
like "$(cat "$T/err3")" '^stoat: step [3-8] of 9 \(.*\) failed: .*cancel' "the error names the step and the cause"
mdir -i "$(vol "$img3" 5)" ::boot.cfg >/dev/null 2>&1
ok $([ $? != 0 ]; echo $?) "p5 holds no boot.cfg after the interruption"

done_testing
