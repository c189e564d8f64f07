#!/bin/bash
# mkstick.sh - `stoat mkstick MEDIA DEVICE --ks FILE` onto a loop device,
# read back with sgdisk, blkid, fsck.fat and mtools, then booted with
# VMware's real loader (the esx-boot kit's boot-check): by UEFI (OVMF,
# mboot as EFI/BOOT/BOOTX64.EFI) and by legacy BIOS (SeaBIOS, syslinux
# 3.86 running mboot.c32); the test kernel must report the installer's
# kernelopt with runweasel and ks=usb:/KS.CFG. Refusals: a target that is
# no disk, a mounted one, an invalid kickstart; none writes anything.
. "$top_srcdir/tests/lib/tap.sh"
. "$top_srcdir/tests/lib/fixtures.sh"

export MTOOLSRC=/dev/null MTOOLS_SKIP_CHECK=1
T=$TAP_TMP
trap 'umount "$T/mnt" 2>/dev/null; tap_cleanup' EXIT
need_root_loop
for t in sgdisk blkid mdir mtype fsck.fat xorriso bsdtar python3 losetup; do
	command -v "$t" >/dev/null || skip_all "$t is missing"
done
ESX=$(esxboot_dir "$top_srcdir" 2>"$T/kit.err") || skip_all "$(cat "$T/kit.err")"
"$MKMEDIA" --esxboot "$ESX" --version 8.0.3-0.0.24022510 "$T/m.iso" 2>"$T/mk.err" ||
	skip_all "cannot build the fixture media: $(tail -1 "$T/mk.err")"
printf 'vmaccepteula\nrootpw --iscrypted %s\ninstall --firstdisk --overwritevmfs\nnetwork --bootproto=dhcp\n' \
	"$KS_HASH" >"$T/ks.cfg"

# --- the stick ---------------------------------------------------------------
truncate -s 3G "$T/stick.img"
S=$(tap_loop "$T/stick.img") || skip_all "cannot attach a loop device"
"$STOAT" mkstick "$T/m.iso" "$S" --ks "$T/ks.cfg" --yes >"$T/out" 2>"$T/err"
rc=$?
is "$rc" 0 "stoat mkstick MEDIA $S --ks FILE --yes exits 0"
[ $rc = 0 ] || sed 's/^/#   /' "$T/err"
like "$(cat "$T/out")" "BIOS boot: syslinux 3\\.86" "it says BIOS boot is set up"
is "$(sgdisk -p "$S" 2>/dev/null | awk '$1 ~ /^[0-9]+$/ {print $1, $2, $6}')" "1 2048 EF00" \
	"sgdisk -p: one partition, at 1 MiB, type EF00 (EFI System)"
is "$(sgdisk -i 1 "$S" 2>/dev/null | sed -n 's/^Attribute flags: //p')" 0000000000000004 \
	"sgdisk -i 1: legacy BIOS bootable (attribute bit 2)"
sz=$(( ($(part_last "$S" 1) - $(part_first "$S" 1) + 1) * 512 ))
is "$sz" $((2047 << 20)) "the partition is 2047 MiB, the FAT16 limit, on a 3 GiB stick"
[ -b "${S}p1" ] || partx -a "$S" 2>/dev/null
command -v udevadm >/dev/null && udevadm settle 2>/dev/null
is "$(blkid -p -o value -s TYPE "${S}p1" 2>/dev/null)" vfat "blkid: ${S}p1 holds vfat"
fat_ok "$S" 1
ok $? "fsck.fat -n finds the volume clean"
V=$(vol "$S" 1)
cfg=$(mtype -i "$V" ::BOOT.CFG 2>/dev/null)
is "$(mtype -i "$V" ::EFI/BOOT/BOOT.CFG 2>/dev/null)" "$cfg" "EFI/BOOT/BOOT.CFG equals BOOT.CFG"
like "$cfg" $'\nkernelopt=runweasel ks=usb:/KS.CFG\n' "BOOT.CFG: kernelopt has runweasel and ks=usb:/KS.CFG, no cdromBoot"
like "$cfg" $'\nprefix=\n' "BOOT.CFG: prefix= is empty"
like "$cfg" $'\nkernel=/b.b00\n' "BOOT.CFG: kernel=/b.b00 from the root"
is "$(mtype -i "$V" ::KS.CFG 2>/dev/null)" "$(cat "$T/ks.cfg")" "KS.CFG is the kickstart (mtype)"
mcopy -n -i "$V" ::EFI/BOOT/BOOTX64.EFI "$T/bootx64" 2>/dev/null
cmp -s "$T/bootx64" "$ESX/bin/mboot64.efi"
ok $? "EFI/BOOT/BOOTX64.EFI is the media's mboot (cmp)"
is "$(mtype -i "$V" ::syslinux.cfg 2>/dev/null)" "default mboot.c32 -c boot.cfg -p 1
nohalt 1" "syslinux.cfg runs mboot.c32 on boot.cfg"
like "$(mattrib -i "$V" ::/ldlinux.sys 2>/dev/null)" 'SHR +::/ldlinux.sys' "ldlinux.sys is system, hidden, read-only"
n=0 bad=0
for f in $(bsdtar -tvf "$T/m.iso" | awk '$1 ~ /^-/ {print $NF}'); do
	case $f in BOOT.CFG|EFI/BOOT/BOOT.CFG) continue ;; esac
	n=$((n + 1))
	[ "$(mcopy -n -i "$V" "::$f" - 2>/dev/null | sha256sum)" = "$(bsdtar -xOf "$T/m.iso" "$f" | sha256sum)" ] ||
		{ bad=$((bad + 1)); echo "#   differs: $f"; }
done
ok $((bad != 0 || n < 10)) "every other file of the media is on the stick byte for byte ($n files)"

# --- booting it ---------------------------------------------------------------
B=$T/boot
for fw in uefi bios; do
	esxboot_boot "$ESX" "$T/stick.img" "$fw" "$B" 120
	rc=$?
	if [ $rc = 2 ]; then
		skip "$fw: boot-check cannot run here: $(tail -1 "$B/bc.out" 2>/dev/null)"
		skip "$fw: kernelopt"
		continue
	fi
	ok $rc "$fw: the stick boots VMware's mboot and the test kernel"
	[ $rc = 0 ] || esxboot_said "$B" 8
	like "$(esxboot_cmdline "$B")" "runweasel ks=usb:/KS\\.CFG" "$fw: the kernel got runweasel ks=usb:/KS.CFG"
done

# --- refusals -----------------------------------------------------------------
# stick_sum: the stick's first and last MiB, to prove nothing was written.
stick_sum() { { head -c 1M "$T/stick.img"; tail -c 1M "$T/stick.img"; } | sha256sum; }
before=$(stick_sum)
printf 'vmaccepteula\ninstall --firstdisk\nbogus-command x\n' >"$T/bad.cfg"
err=$("$STOAT" mkstick "$T/m.iso" "$S" --ks "$T/bad.cfg" --yes 2>&1 >/dev/null); rc=$?
is "$rc" 1 "an invalid kickstart is refused (exit 1)"
like "$err" "kickstart" "with a message about the kickstart"
err=$("$STOAT" mkstick "$T/m.iso" /dev/null --yes 2>&1 >/dev/null); rc=$?
is "$rc" 1 "/dev/null (no disk) is refused"
like "$err" "neither a block device nor an image file" "saying it is no disk"
err=$("$STOAT" mkstick "$T/m.iso" "$S" </dev/null 2>&1 >/dev/null); rc=$?
is "$rc" 1 "without --yes and without a terminal nothing is written"
like "$err" "add --yes" "and the message says how to confirm"
# a second stick with an ext2 partition, mounted read-only
truncate -s 128M "$T/m.bin"
sgdisk -n1:2048:+64M -t1:8300 "$T/m.bin" >/dev/null 2>&1
M=$(tap_loop "$T/m.bin")
[ -b "${M}p1" ] || partx -a "$M" 2>/dev/null
command -v udevadm >/dev/null && udevadm settle 2>/dev/null
mkdir -p "$T/mnt"
if [ -b "${M}p1" ] && mkfs.ext2 -q -F "${M}p1" >/dev/null 2>&1 && mount -o ro "${M}p1" "$T/mnt" 2>/dev/null; then
	err=$("$STOAT" mkstick "$T/m.iso" "$M" --yes 2>&1 >/dev/null); rc=$?
	is "$rc" 1 "a stick with a mounted partition is refused"
	like "$err" "mounted" "with a message naming the mount"
	umount "$T/mnt"
else
	skip "cannot format and mount a loop partition here"
	skip "cannot format and mount a loop partition here"
fi
is "$(stick_sum)" "$before" "after the refusals the stick is unchanged"

# --- without the BIOS pieces: FAT32 over the whole stick, said why --------------
"$MKMEDIA" --esxboot "$ESX" --version 8.0.3-0.0.24022510 --kit-in none "$T/nokit.iso" 2>"$T/mk.err" ||
	skip_all "cannot build the fixture media: $(tail -1 "$T/mk.err")"
truncate -s 300M "$T/s32.img"
"$STOAT" mkstick "$T/nokit.iso" "$T/s32.img" --yes >"$T/out" 2>"$T/err"
is "$?" 0 "media without the syslinux pieces: mkstick exits 0"
like "$(cat "$T/out")" "BIOS boot: not set up: not found in .*ldlinux\\.sys" "and says BIOS boot is not set up, and why"
like "$(dd if="$T/s32.img" bs=1M skip=1 count=1 status=none | file -)" "FAT \\(32 bit\\)" "the volume is FAT32"
is "$(sgdisk -i 1 "$T/s32.img" 2>/dev/null | sed -n 's/^Attribute flags: //p')" 0000000000000000 \
	"not marked legacy BIOS bootable"
like "$(mtype -i "$(vol "$T/s32.img" 1)" ::BOOT.CFG 2>/dev/null)" $'\nkernelopt=runweasel\n' \
	"without --ks: kernelopt=runweasel, no ks="
# --- Ctrl-C while copying: said and logged as such; no BOOT.CFG written -------
"$MKMEDIA" --esxboot "$ESX" --version 8.0.3-0.0.24022510 --big $((256 << 20)) "$T/big.iso" 2>"$T/mk.err" ||
	skip_all "cannot build the fixture media: $(tail -1 "$T/mk.err")"
truncate -s 3G "$T/int.img"
"$STOAT" mkstick "$T/big.iso" "$T/int.img" --yes --log "$T/int.log" >/dev/null 2>"$T/ierr" &
pid=$!
for i in $(seq 1000); do grep -q '^Copying' "$T/ierr" 2>/dev/null && break; sleep 0.01; done
kill -STOP $pid; kill -INT $pid; kill -CONT $pid
wait $pid; rc=$?
is "$rc" 1 "Ctrl-C while mkstick copies exits 1"
like "$(cat "$T/ierr")" "stoat: mkstick interrupted by Ctrl-C \(SIGINT\) while Copying: .*stick was complete; it does not boot" \
	"and says it was interrupted, where, and that the stick does not boot"
like "$(cat "$T/int.log")" "mkstick interrupted by Ctrl-C \(SIGINT\) while Copying" "the --log says so too"
mtype -i "$(vol "$T/int.img" 1)" ::BOOT.CFG >/dev/null 2>&1
ok $((! $?)) "mtype: the interrupted stick has no BOOT.CFG"
done_testing
