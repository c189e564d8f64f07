#!/bin/bash
# bootcheck.sh - disks stoat installed boot with VMware's own boot loader
# (issue 21). The esx-boot kit (../shared/esxboot, or STOAT_ESXBOOT_DIR)
# holds safeboot, mboot, crypto64, safeboot.c32 and mboot.c32 built from
# VMware's esx-boot source, syslinux 3.86, a Multiboot test kernel (b.b00)
# that prints its command line and modules on COM1, and boot-check, which
# boots a disk image under QEMU with OVMF (UEFI) or SeaBIOS (legacy BIOS).
#
# Every disk here is a sparse image file installed by `stoat install
# --kickstart` from fixture media built with that kit (mkmedia.sh): the
# boot kit in btldr.t00/btldr.v00 or in imgpayld.tgz, the test kernel as
# b.b00. Each is booted both ways:
#   - 6.x and 7.x, on a disk and on a USB stick (flash layout): the test
#     kernel runs with the installed kernelopt and bootUUID= of p5, and
#     every module of p5's boot.cfg (onetime.tgz too) is loaded whole;
#   - 7.x media with the kit in imgpayld.tgz;
#   - 6.x media with an empty build= (the version from imgdb.tgz); media
#     that says no version, installed with --layout esxi6 (build=6), and
#     6.x media whose kernel is tboot.b00 (these two by UEFI);
#   - after an upgrade with newer media: the new bank p6 is booted;
#   - an install interrupted while it copies the modules: no kernel, the
#     loader says why;
#   - media without safeboot: refused, nothing written; with
#     --allow-no-uefi neither UEFI nor BIOS (no syslinux in that kit) boots;
#   - a kit without ldlinux.sys and fatBootSector: installed without
#     --allow-no-uefi, dry run and summary say "BIOS boot: not set up" and
#     why, UEFI boots, BIOS does not;
#   - a kit without gptmbr.bin: LBA 0 gets the host's syslinux stub, and
#     the disk boots by BIOS with it;
#   - a zero GUID at LBA 0 0x1A8 (a negative control): no BIOS boot.
# Each boot is judged from the serial log (esxboot_boot in
# tests/fixtures/esxboot.sh), not from boot-check's exit status.
. "$top_srcdir/tests/integration/install_lib.sh"
# vm_skip: in CI (STOAT_REQUIRE_VM) a boot proof that cannot run fails.
. "$top_srcdir/tests/vm/lib.sh"

# ESX: the kit (esxboot_dir, in install_lib.sh)
[ -x "$ESX/boot-check" ] || vm_skip "no boot-check in the esx-boot kit at $ESX"
command -v qemu-system-x86_64 >/dev/null ||
	vm_skip "qemu-system-x86_64 is missing (tools/setup --tests installs qemu-system-x86)"
[ -f "${OVMF_CODE:-/usr/share/OVMF/OVMF_CODE_4M.fd}" ] ||
	vm_skip "no OVMF firmware (tools/setup --tests installs ovmf)"

T=$TAP_TMP
B=$T/boot	# the last boot's logs (esxboot_boot)
V6=6.7.0-8169922 V7=7.0.3-21930508 V7NEW=7.0.3-22348816
BOOTS=0 BOOT_MS=0

# media NAME MKMEDIA-OPTIONS...: fixture media $T/NAME.iso with the kit.
media() {
	local name=$1 why
	shift
	why=$(fixture_media "$ESX" "$T/$name.iso" "$@") || vm_skip "cannot build the fixture media: $why"
}
media m6 --version $V6
media m7 --version $V7
media new7 --version $V7NEW
media pay7 --version $V7 --kit-in imgpayld
media none7 --version $V7 --kit-in none
media big7 --version $V7 --big $((256 << 20))
media empty6 --version 6.7.0-0.0.8169922 --build '' --volid CDROM
media tboot6 --version 6.5.0-0.0.4564106 --kernel tboot.b00
media nover6 --broken no-build

write_ks "$T/ks" "--firstdisk --overwritevmfs"

# cfg_value IMG N KEY: KEY's value in partition N's boot.cfg (mtools).
cfg_value() { mtype -i "$(vol "$1" "$2")" ::boot.cfg 2>/dev/null | sed -n "s/^$3=//p"; }

# loaded IMG N: "name bytes" of each module of partition N's boot.cfg, in
# its order: the bytes mboot hands the kernel, the file's size, or for a
# gzip'd file its size unpacked (mboot unpacks those).
loaded() {
	local v m
	v=$(vol "$1" "$2")
	for m in $(cfg_value "$1" "$2" modules | sed 's/ --- / /g'); do
		m=${m#/}
		mcopy -n -i "$v" "::$m" "$T/mod" 2>/dev/null || { echo "$m missing"; continue; }
		if [ "$(od -An -tx1 -N2 "$T/mod" | tr -d ' ')" = 1f8b ]; then
			echo "$m $(gzip -dc <"$T/mod" 2>/dev/null | wc -c)"
		else
			echo "$m $(wc -c <"$T/mod")"
		fi
	done
}

# boot IMG uefi|bios [TIMEOUT]: esxboot_boot IMG (default 90 s) into $B
# (the cleaned serial log in $B/boot.out, SeaBIOS's debug port in
# $B/seabios.out), counted and timed; its status: 0 when the test kernel
# ran, 2 when boot-check could not run, 1 otherwise.
boot() {
	local rc ms
	esxboot_boot "$ESX" "$1" "$2" "$B" "${3:-90}"
	rc=$?
	ms=$ESXBOOT_MS
	BOOTS=$((BOOTS + 1))
	BOOT_MS=$((BOOT_MS + ms))
	echo "# boot-check $2 $(basename "$1"): exit $ESXBOOT_RC, $((ms / 1000)).$((ms % 1000 / 100)) s"
	if [ $rc = 2 ]; then
		sed 's/^/#   /' "$B/bc.out"
	elif [ $rc = 0 ] && [ "$ESXBOOT_RC" != 0 ]; then
		echo "#   (boot-check said FAIL, but the kernel's ESXBOOT-KERNEL-OK is in the log)"
	fi
	return $rc
}

# modules: "name bytes" of each module the kernel of the last boot got.
modules() {
	local size name
	grep -a '^ESXBOOT-MOD ' "$B/boot.out" | while read -r _ _ size name; do
		echo "$name $((${size#size=}))"
	done
}

# boots IMG WHAT BANK KERNELOPT: boot IMG by UEFI and by BIOS; each time
# the test kernel must run with "b.b00 KERNELOPT bootUUID=<BANK's UUID>"
# and get every module of BANK's boot.cfg whole.
boots() {
	local img=$1 what=$2 bank=$3 kopt=$4 fw want mods n rc
	want="b.b00 $kopt bootUUID=$(esxboot_bank_uuid "$img" "$bank")"
	mods=$(loaded "$img" "$bank")
	n=$(echo "$mods" | wc -l)
	is "$(cfg_value "$img" "$bank" kernel) $(cfg_value "$img" "$bank" kernelopt)" "b.b00 $kopt" \
		"$what: p$bank's boot.cfg (mtype) has kernel=b.b00, kernelopt=$kopt"
	for fw in uefi bios; do
		boot "$img" $fw
		rc=$?
		ok $rc "$what, $fw: VMware's loader ran the test kernel"
		[ $rc = 0 ] || esxboot_said "$B" 12
		is "$(esxboot_cmdline "$B")" "$want" "$what, $fw: command line with the installed kernelopt and p$bank's bootUUID"
		is "$(modules)" "$mods" "$what, $fw: all $n modules of p$bank's boot.cfg, onetime.tgz included, loaded whole"
	done
}

# --- 1. 6.x and 7.x, disk and USB stick -----------------------------------
# name media size transport kernelopt
while read -r name m size tr kopt <&3; do
	install_img "$T/$name.img" "$size" "$m" "$tr"
	installed "$name: stoat installs $m media onto a $size image file as a $tr"
	like "$(cfg_value "$T/$name.img" 5 modules)" ' --- onetime\.tgz$' "$name: p5's modules= ends with onetime.tgz"
	boots "$T/$name.img" "$name" 5 "$kopt"
done 3<<EOF
disk6 m6 16G disk no-auto-partition installerDiskDumpSlotSize=2560
usb6 m6 8G usb no-auto-partition installerDiskDumpSlotSize=2560
disk7 m7 40G disk no-auto-partition
usb7 m7 8G usb no-auto-partition
EOF
is "$(table "$T/usb7.img" | cut -d' ' -f1 | tr '\n' ' ')" "1 5 6 " "usb7 has the flash layout (p1, p5, p6)"
is "$(table "$T/usb6.img" | cut -d' ' -f1 | tr '\n' ' ')" "1 5 6 7 8 9 " "usb6 has the flash layout (no datastore)"

# --- 2. the kit in imgpayld.tgz -------------------------------------------
truncate -s 40G "$T/pay7.img"
"$STOAT" install --kickstart "$T/ks" --media "$T/pay7.iso" --disk "$T/pay7.img:disk" \
	--only-listed-disks --dry-run >"$T/dry" 2>/dev/null
like "$(cat "$T/dry")" 'UEFI boot: safeboot \(IMGPAYLD\.TGZ: payloads/btldr\.v00: ' \
	"pay7: the dry run takes safeboot from the vmtar inside imgpayld.tgz"
install_img "$T/pay7.img" 40G pay7 disk
installed "pay7: stoat installs 7.x media whose kit is in imgpayld.tgz"
is "$(fat_sha "$(vol "$T/pay7.img" 1)" EFI/BOOT/BOOTX64.EFI)" "$(sha256sum <"$ESX/bin/safeboot64.efi" | cut -d' ' -f1)" \
	"pay7: p1's EFI/BOOT/BOOTX64.EFI is the kit's safeboot64.efi"
boots "$T/pay7.img" pay7 5 no-auto-partition

# --- 2b. 6.x media with an empty build=; tboot.b00 --------------------------
# boots_uefi IMG DESCRIPTION: boot IMG by UEFI; the test kernel must run
# (the loader's last lines shown when it does not).
boots_uefi() {
	local rc
	boot "$1" uefi
	rc=$?
	ok $rc "$2"
	[ $rc = 0 ] || esxboot_said "$B" 12
}

# VMware's 6.x media say nothing in build=; the version comes from the
# esx-base VIB of imgdb.tgz, and safeboot boots the bank only because the
# installed build= starts with a digit.
install_img "$T/empty6.img" 16G empty6 disk
installed "empty6: stoat installs 6.x media with an empty build= and the version in imgdb.tgz"
is "$(cfg_value "$T/empty6.img" 5 build)" "6.7.0-8169922" "empty6: p5's build= is the esx-base version, as the ESXi installer writes it"
boots "$T/empty6.img" empty6 5 "no-auto-partition installerDiskDumpSlotSize=2560"
# Media that says no version at all, installed with --layout esxi6: the
# build=6 stoat then writes is one safeboot accepts.
install_img "$T/nover6.img" 16G nover6 disk --layout esxi6
installed "nover6: --layout esxi6 installs media that does not say its version"
is "$(cfg_value "$T/nover6.img" 5 build)" "6" "nover6: p5's build= is 6"
boots_uefi "$T/nover6.img" "nover6, uefi: safeboot takes the bank with build=6 and the test kernel runs"
# 6.0/6.5 media with TXT boot tboot.b00, which gets b.b00 as its first
# module; here the test kernel stands in for tboot.
install_img "$T/tboot6.img" 16G tboot6 disk
installed "tboot6: stoat installs media whose kernel is tboot.b00"
is "$(cfg_value "$T/tboot6.img" 5 kernel)" "tboot.b00" "tboot6: p5's kernel= is tboot.b00"
boots_uefi "$T/tboot6.img" "tboot6, uefi: VMware's loader ran tboot.b00 (the test kernel)"
is "$(esxboot_cmdline "$B")" "tboot.b00 no-auto-partition installerDiskDumpSlotSize=2560 bootUUID=$(esxboot_bank_uuid "$T/tboot6.img" 5)" \
	"tboot6, uefi: its command line names tboot.b00, the kernelopt and p5's bootUUID"
is "$(modules)" "$(loaded "$T/tboot6.img" 5)" "tboot6, uefi: every module, b.b00 first, loaded whole"

# --- 3. an upgrade: the new bank boots ------------------------------------
cp --sparse=always "$T/disk7.img" "$T/up7.img"
ks_file "$T/ks-up" "upgrade --disk=$T/up7.img"
"$STOAT" install --kickstart "$T/ks-up" --media "$T/new7.iso" --disk "$T/up7.img:disk" \
	--only-listed-disks >"$T/out" 2>"$T/err"
installed "up7: stoat upgrades the 7.x disk with $V7NEW media"
is "$(cfg_value "$T/up7.img" 6 build) $(cfg_value "$T/up7.img" 6 bootstate)" "$V7NEW 1" \
	"up7: p6's boot.cfg has build=$V7NEW, bootstate=1"
ok $([ "$(esxboot_bank_uuid "$T/up7.img" 5)" != "$(esxboot_bank_uuid "$T/up7.img" 6)" ]; echo $?) \
	"up7: p5 and p6 have different bank UUIDs"
boots "$T/up7.img" up7 6 no-auto-partition
like "$(grep -a '^BANK6' "$B/boot.out" | tr '\n' ' ')" "^BANK6: state=UPGRADING build=$V7NEW .*BANK6: default boot bank" \
	"up7, bios: safeboot.c32's log picks bank 6 (build $V7NEW)"

# --- 4. an install interrupted in the copy step ----------------------------
# copying PID FILE: a child of PID (stoat's mcopy) is writing ::/FILE
# (/proc's list of children; no procps needed).
copying() {
	local c
	for c in $(cat "/proc/$1/task/$1/children" 2>/dev/null); do
		tr '\0' '\n' <"/proc/$c/cmdline" 2>/dev/null | grep -qx "::/$2" && return 0
	done
	return 1
}

# SIGINT (to stoat alone, while stopped) once its mcopy child writes
# s.v00, 256 MiB: the install stops before the next module.
rm -f "$T/int7.img"
truncate -s 40G "$T/int7.img"
"$STOAT" install --kickstart "$T/ks" --media "$T/big7.iso" --disk "$T/int7.img:disk" \
	--only-listed-disks >"$T/out" 2>"$T/err" &
pid=$!
sent=no
while kill -0 "$pid" 2>/dev/null; do
	if copying "$pid" s.v00; then
		kill -STOP "$pid"
		kill -INT "$pid"
		kill -CONT "$pid"
		sent=yes
		break
	fi
	sleep 0.02
done
wait "$pid"
rc=$?
is "$sent $rc" "yes 1" "int7: the install interrupted while copying s.v00 exits 1"
like "$(cat "$T/err")" '^stoat: step 5 of 9 \(Copying the system modules\) failed: cancel' \
	"int7: it stopped in the copy step"
files=$(mdir -b -i "$(vol "$T/int7.img" 5)" :: 2>/dev/null | sed 's|^::/||' | tr '\n' ' ')
all=$(bsdtar -xOf "$T/big7.iso" BOOT.CFG | sed -n 's/^kernel=//p; s/^modules=//p' | sed 's/ --- / /g' | wc -w)
like "$files" '(^| )s\.v00 ' "int7: p5 holds s.v00: $files"
ok $([ "$(echo "$files" | wc -w)" -lt "$all" ]; echo $?) "int7: but not all $all files of the media's boot.cfg"
ok $(! echo "$files" | grep -qE 'boot\.cfg|onetime\.tgz'; echo $?) "int7: and neither onetime.tgz nor boot.cfg"
for fw in uefi bios; do
	boot "$T/int7.img" $fw 30
	is "$?" 1 "int7, $fw: the half-written bank does not boot (no ESXBOOT-KERNEL-OK)"
	esxboot_said "$B" 4
	like "$(cat "$B/boot.out")" 'No hypervisor found' "int7, $fw: the loader ran and found no bank to boot"
done
like "$(grep -a '^BANK5' "$B/boot.out")" 'BANK5: no valid configuration file' \
	"int7, bios: safeboot.c32 rejects bank 5 (no boot.cfg)"

# --- 5. media without safeboot --------------------------------------------
rm -f "$T/none7.img"
truncate -s 40G "$T/none7.img"
before=$(img_sum "$T/none7.img")
"$STOAT" install --kickstart "$T/ks" --media "$T/none7.iso" --disk "$T/none7.img:disk" \
	--only-listed-disks >"$T/out" 2>"$T/err"
is "$?" 1 "none7: stoat refuses media without safeboot (exit 1)"
like "$(cat "$T/err")" 'would not boot by UEFI: .*safeboot.*--allow-no-uefi' "none7: with the reason and the way out"
is "$(img_sum "$T/none7.img")" "$before" "none7: the image is untouched (sparse.py: no write at all)"
install_img "$T/none7.img" 40G none7 disk --allow-no-uefi
installed "none7: with --allow-no-uefi it installs"
like "$(cat "$T/out")" 'UEFI boot: not set up' "none7: and says UEFI boot is not set up"
like "$(cat "$T/out")" 'BIOS boot: not set up: .*ldlinux\.sys' "none7: nor BIOS boot (the kit has no syslinux)"
mdir -i "$(vol "$T/none7.img" 1)" ::EFI/BOOT/BOOTX64.EFI >/dev/null 2>&1
ok $([ $? != 0 ]; echo $?) "none7: p1 holds no EFI/BOOT/BOOTX64.EFI"
is "$(head -c 440 "$T/none7.img" | tr -d '\0' | wc -c)" 0 "none7: LBA 0 holds no boot code"
boot "$T/none7.img" uefi 12
is "$?" 1 "none7, uefi: no kernel runs"
esxboot_said "$B" 3
like "$(cat "$B/boot.out")" 'BdsDxe: failed to load .*HARDDISK.*Not Found' "none7, uefi: OVMF finds no loader on the disk"
boot "$T/none7.img" bios 10
is "$?" 1 "none7, bios: no kernel runs"
esxboot_said "$B" 2

# --- 5b. a kit without syslinux: UEFI boot only, and it says so ------------
# safeboot and mboot are there, ldlinux.sys and fatBootSector are not: no
# --allow-no-uefi is needed, and the dry run and the summary name what
# BIOS boot lacks.
media nobios7 --version $V7 --kit-without ldlinux.sys --kit-without fatBootSector
rm -f "$T/nobios7.img"
truncate -s 40G "$T/nobios7.img"
"$STOAT" install --kickstart "$T/ks" --media "$T/nobios7.iso" --disk "$T/nobios7.img:disk" \
	--only-listed-disks --dry-run >"$T/dry" 2>"$T/err"
is "$?" 0 "nobios7: the dry run of media whose kit lacks syslinux exits 0"
like "$(cat "$T/dry")" '^  UEFI boot: safeboot \(BTLDR\.V00: ' "nobios7: it sets up UEFI boot"
like "$(cat "$T/dry")" "^  BIOS boot: not set up: not found in btldr\\.v00, imgpayld\\.tgz, the media's own files: ldlinux\\.sys, syslinux's FAT boot sector \\(fatBootSector\\)\$" \
	"nobios7: the dry run says BIOS boot is not set up: ldlinux.sys and fatBootSector are missing"
install_img "$T/nobios7.img" 40G nobios7 disk
installed "nobios7: stoat installs it without --allow-no-uefi"
like "$(cat "$T/out")" "^BIOS boot: not set up: not found in .*ldlinux\\.sys" "nobios7: the summary says BIOS boot is not set up, and why"
ok $(! grep -q 'UEFI boot: not set up' "$T/out"; echo $?) "nobios7: and says nothing against UEFI boot"
p1_check "$T/nobios7.img" nobios7 yes no yes
boot "$T/nobios7.img" uefi
rc=$?
ok $rc "nobios7, uefi: VMware's loader ran the test kernel"
[ $rc = 0 ] || esxboot_said "$B" 12
like "$(esxboot_cmdline "$B")" "bootUUID=$(esxboot_bank_uuid "$T/nobios7.img" 5)\$" "nobios7, uefi: from bank p5"
boot "$T/nobios7.img" bios 10
is "$?" 1 "nobios7, bios: no kernel runs (LBA 0 holds no boot code)"
esxboot_said "$B" 2

# --- 5c. a kit without gptmbr.bin: syslinux's own stub in LBA 0 ------------
# The host's stub (configure's --with-gptmbr) stands in: Debian's is
# syslinux 6's, which looks for attribute bit 2 and boots the 3.86 boot
# sector (biosboot.sh).
host_mbr=$(sed -n 's/^#define GPTMBR_PATH "\(.*\)"$/\1/p' "$top_builddir/config.h")
media nombr7 --version $V7 --kit-without gptmbr.bin
if [ -n "$host_mbr" ] && [ -r "$host_mbr" ]; then
	"$STOAT" install --kickstart "$T/ks" --media "$T/nombr7.iso" --disk "$T/nobios7.img:disk" \
		--only-listed-disks --dry-run >"$T/dry" 2>"$T/err"
	like "$(cat "$T/dry")" "^  BIOS boot: syslinux 3\\.86 \\(BTLDR\\.V00: [^)]*ldlinux\\.sys\\) with safeboot\\.c32; GPT MBR stub \\($host_mbr\\) in LBA 0\\.\$" \
		"nombr7: the dry run names the host's $host_mbr as the GPT MBR stub"
	install_img "$T/nombr7.img" 40G nombr7 disk
	installed "nombr7: stoat installs 7.x media whose kit has no gptmbr.bin"
	cmp -s <(head -c 424 "$T/nombr7.img") <(head -c 424 "$host_mbr")
	ok $? "nombr7: LBA 0 bytes 0-423 are $host_mbr, not the kit's"
	cmp -s <(head -c 424 "$T/nombr7.img") <(head -c 424 "$ESX/bios/gptmbr.bin")
	ok $((!$?)) "nombr7: (which differs from the kit's gptmbr.bin)"
	is "$(sgdisk -i 1 "$T/nombr7.img" 2>/dev/null | sed -n 's/^Attribute flags: //p')" 0000000000000004 \
		"nombr7: sgdisk -i 1: attribute bit 2, which that stub looks for"
	boot "$T/nombr7.img" bios
	rc=$?
	ok $rc "nombr7, bios: the host's stub, syslinux 3.86 and VMware's loader run the test kernel"
	[ $rc = 0 ] || esxboot_said "$B" 12
	like "$(esxboot_cmdline "$B")" "bootUUID=$(esxboot_bank_uuid "$T/nombr7.img" 5)\$" "nombr7, bios: from bank p5"
else
	skip "nombr7: no GPT MBR stub on this host (configure --with-gptmbr: '$host_mbr')"
fi

# --- 6. negative control: no GUID at LBA 0 0x1A8 ---------------------------
cp --sparse=always "$T/disk6.img" "$T/noguid.img"
dd if=/dev/zero of="$T/noguid.img" bs=1 seek=$((0x1A8)) count=16 conv=notrunc status=none
boot "$T/noguid.img" bios 10
is "$?" 1 "noguid: with a zero GUID at 0x1A8, the copy of disk6 does not boot by BIOS in 10 s"
esxboot_said "$B" 2
like "$(cat "$B/seabios.out" 2>/dev/null)" 'Booting from Hard Disk' "noguid: SeaBIOS ran the MBR, which found no partition"

echo "# $BOOTS boot-checks in $((BOOT_MS / 1000)) s"
done_testing
