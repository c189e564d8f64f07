#!/bin/bash
# pxe.sh - `stoat pxe MEDIA DIR` and `stoat pxe --check DIR` (issue 22).
# Fixture media carry VMware's real mboot from the esx-boot kit; the tree
# stoat writes is read back with xorriso (the media's file list), cmp and
# stat (hard links), and then PXE-booted: QEMU's user network serves the
# tree by TFTP (-netdev user,tftp=DIR,bootfile=mboot.efi), OVMF boots the
# virtio NIC through its iPXE option ROM, mboot.efi reads boot.cfg over
# TFTP and the test kernel (b.b00) prints its command line and modules on
# COM1. --check is run on hand-made trees, each with one mistake of the
# seed guide.
. "$top_srcdir/tests/lib/tap.sh"
. "$top_srcdir/tests/lib/fixtures.sh"
. "$top_srcdir/tests/vm/lib.sh"

T=$TAP_TMP
ESX=$(esxboot_dir "$top_srcdir" 2>"$T/kit.err") || skip_all "$(cat "$T/kit.err")"
command -v xorriso >/dev/null || skip_all "xorriso is missing (tools/setup --tests installs it)"
V6=6.7.0-8169922 V7=7.0.3-21930508 V8=8.0.3-24022510
F8=esxi-$V8 F6=esxi-$V6
MAC=52:54:00:12:34:56

# media NAME MKMEDIA-OPTIONS...: fixture media $T/NAME.iso with the kit.
media() {
	local name=$1 why
	shift
	why=$(fixture_media "$ESX" "$T/$name.iso" "$@") || skip_all "cannot build the fixture media: $why"
}
media m8 --version $V8
media m6 --version $V6
media m7 --version $V7

# cfgval FILE KEY: the value of KEY= in a boot.cfg.
cfgval() { sed -n "s/^$2=//p" "$1"; }

# --- the tree -----------------------------------------------------------------
D=$T/tree
"$STOAT" pxe "$T/m8.iso" "$D" --ks http://10.0.2.2/ks.cfg --kernelopt 'extra=1' >"$T/out" 2>"$T/err"
ok $? "stoat pxe writes a tree from 8.0 media"
grep -q "BIOS clients are not served" "$T/out"; ok $? "without --pxelinux it says BIOS clients are not served"
[ -d "$D/$F8" ]; ok $? "the media's files are in the folder $F8"
cmp -s "$D/mboot.efi" "$ESX/bin/mboot64.efi"; ok $? "mboot.efi is the media's EFI/BOOT/BOOTX64.EFI (VMware's mboot)"
cmp -s "$D/crypto64.efi" "$ESX/bin/crypto64.efi"; ok $? "crypto64.efi is the media's CRYPTO64.EFI"

# Every file of the ISO, as xorriso lists it, under both names, one inode.
xorriso -indev "$T/m8.iso" -find / -type f 2>/dev/null | sed "s/^'\/*//; s/'$//; s/;1$//" >"$T/isofiles"
[ "$(wc -l <"$T/isofiles")" -ge 15 ]; ok $? "xorriso lists the media's files ($(wc -l <"$T/isofiles"))"
bad=
while read -r f; do
	lo=$(echo "$f" | tr 'A-Z' 'a-z') up=$(echo "$f" | tr 'a-z' 'A-Z')
	# the boot.cfg copies are rewritten under each name (below)
	[ -f "$D/$F8/$lo" ] && [ -f "$D/$F8/$up" ] && { [ "${lo##*/}" = boot.cfg ] ||
		[ "$(stat -c %i "$D/$F8/$lo")" = "$(stat -c %i "$D/$F8/$up")" ]; } || bad="$bad $f"
done <"$T/isofiles"
is "$bad" "" "every file of the media is reachable by its lower- and upper-case name (one file, hard-linked)"
xorriso -osirrox on -indev "$T/m8.iso" -extract /B.B00 "$T/b.b00" >/dev/null 2>&1
cmp -s "$T/b.b00" "$D/$F8/b.b00"; ok $? "b.b00 in the folder has the media's bytes"

C=$D/boot.cfg
is "$(cfgval "$C" prefix)" "$F8" "boot.cfg: prefix= the version folder"
is "$(cfgval "$C" kernel)" "b.b00" "boot.cfg: the kernel path has no leading /"
grep '^modules=' "$C" | grep -q '/'; [ $? = 1 ]; ok $? "boot.cfg: no module path has a /"
is "$(cfgval "$C" kernelopt)" "runweasel extra=1 ks=http://10.0.2.2/ks.cfg" "boot.cfg: cdromBoot gone, --kernelopt and ks= added"
is "$(cfgval "$C" modules | tr -d ' ' | tr '-' '\n' | sed '/^$/d' | wc -l)" \
	"$(cfgval "$D/$F8/BOOT.CFG" modules | tr -d ' ' | tr '-' '\n' | sed '/^$/d' | wc -l)" \
	"the folder's BOOT.CFG is the edited one too (same modules)"
cmp -s "$C" "$D/$F8/boot.cfg"; ok $? "and the folder's boot.cfg equals the root one (pxelinux's -c reads it)"
grep -qx 'enable-tftp' "$D/dnsmasq.conf" && grep -qx "tftp-root=$(realpath "$D")" "$D/dnsmasq.conf" &&
	grep -qx 'dhcp-boot=tag:efi-x86_64,mboot.efi' "$D/dnsmasq.conf" &&
	grep -qx 'dhcp-match=set:efi-x86_64,option:client-arch,7' "$D/dnsmasq.conf"
ok $? "dnsmasq.conf: enable-tftp, tftp-root=, x86-64 UEFI (option 93 = 7) gets mboot.efi"
grep -q "What to do next" "$D/README.txt"; ok $? "README.txt says what to do next"
"$STOAT" pxe --check "$D" >"$T/chk"; ok $? "--check finds no problem in stoat's tree"
is "$(cat "$T/chk")" "$D: no problems found" "and says so"

# --- refused options --------------------------------------------------------------
"$STOAT" pxe "$T/m8.iso" "$T/x" --ks /root/ks.cfg >/dev/null 2>"$T/err"
is $? 2 "--ks with a file: usage error"
grep -q "http://, https:// or nfs://" "$T/err" && grep -q "not TFTP" "$T/err"; ok $? "saying the installer fetches it by http/https/nfs, not TFTP"
"$STOAT" pxe "$T/m8.iso" "$T/x" --ks tftp://10.0.2.2/ks.cfg >/dev/null 2>"$T/err"
is $? 2 "--ks tftp://...: usage error"
"$STOAT" pxe "$T/m8.iso" "$T/x" --mac 52:54:00:12:34 >/dev/null 2>"$T/err"
is $? 2 "--mac with 5 bytes: usage error"
"$STOAT" pxe "$T/m8.iso" "$T/x" --mac "$MAC=ftp://h/ks" >/dev/null 2>"$T/err"
is $? 2 "--mac with an ftp:// kickstart: usage error"
[ ! -e "$T/x" ]; ok $? "nothing written after a refusal"

# --- per host, HTTP, pxelinux ----------------------------------------------------
H=$T/hosts
printf 'not really pxelinux\n' >"$T/pxelinux.0"
"$STOAT" pxe "$T/m8.iso" "$H" --ks http://10.0.2.2/ks.cfg --mac "$MAC=https://10.0.2.2/host.cfg" \
	--mac AA-BB-CC-DD-EE-FF --http http://10.0.2.2/pxe --pxelinux "$T/pxelinux.0" >"$T/out" 2>"$T/err"
ok $? "stoat pxe with --mac, --http and --pxelinux"
is "$(cfgval "$H/01-52-54-00-12-34-56/boot.cfg" kernelopt)" "runweasel ks=https://10.0.2.2/host.cfg" \
	"01-52-54-00-12-34-56/boot.cfg has the host's ks="
is "$(cfgval "$H/01-aa-bb-cc-dd-ee-ff/boot.cfg" kernelopt)" "runweasel ks=http://10.0.2.2/ks.cfg" \
	"a --mac without a URL gets --ks"
is "$(cfgval "$H/http/boot.cfg" prefix)" "http://10.0.2.2/pxe/$F8" "http/boot.cfg: prefix= the URL of the folder"
cmp -s "$H/http/mboot.efi" "$ESX/bin/mboot64.efi"; ok $? "http/mboot.efi beside it"
is "$(cfgval "$H/http/01-aa-bb-cc-dd-ee-ff/boot.cfg" prefix)" "http://10.0.2.2/pxe/$F8" "and per host under http/"
cmp -s "$H/pxelinux.0" "$T/pxelinux.0"; ok $? "pxelinux.0 is the --pxelinux file"
is "$(grep -v '^#' "$H/pxelinux.cfg/default" | tr -s ' ' | tr '\n' '|')" \
	"DEFAULT esxi|LABEL esxi| KERNEL $F8/mboot.c32| APPEND -c $F8/boot.cfg| IPAPPEND 2|" \
	"pxelinux.cfg/default: KERNEL mboot.c32, APPEND -c the folder's boot.cfg, IPAPPEND 2"
grep -q "APPEND -c 01-52-54-00-12-34-56/boot.cfg" "$H/pxelinux.cfg/01-52-54-00-12-34-56"; ok $? "pxelinux.cfg/01-<mac> points at the host's boot.cfg"
grep -qx 'dhcp-boot=tag:bios,pxelinux.0' "$H/dnsmasq.conf" && grep -q 'http://10.0.2.2/pxe/http/mboot.efi' "$H/dnsmasq.conf"
ok $? "dnsmasq.conf serves BIOS clients pxelinux.0 and HTTP clients the URL"
"$STOAT" pxe --check "$H" >"$T/chk"; ok $? "--check finds no problem in that tree either"

# --- several versions in one tree ------------------------------------------------
"$STOAT" pxe "$T/m6.iso" "$D" >"$T/out" 2>"$T/err"
ok $? "6.7 media into the same tree"
grep -q "mboot.efi is kept from $F8, the newest" "$T/out"; ok $? "it says mboot.efi is kept from $F8"
[ -f "$D/crypto64.efi" ]; ok $? "crypto64.efi of 8.0 stays (6.7 has none)"
is "$(cfgval "$D/boot.cfg" prefix)" "$F6" "boot.cfg now boots $F6"
[ -f "$D/$F8/b.b00" ] && [ -f "$D/$F6/b.b00" ]; ok $? "both folders are there"

# --- --check on hand-made trees ---------------------------------------------------
# hand NAME: a copy of the 8.0 tree to break by hand.
hand() { rm -rf "$T/$1"; cp -a "$T/hosts" "$T/$1"; rm -rf "$T/$1/pxelinux.cfg" "$T/$1/http" "$T/$1"/01-*; }
# check NAME PATTERN DESC: --check fails and says PATTERN in one line.
check() {
	"$STOAT" pxe --check "$T/$1" >"$T/chk" 2>&1
	local rc=$?
	[ $rc = 1 ] && [ "$(grep -c -- "$2" "$T/chk")" = 1 ]
	ok $? "--check: $3 (status $rc)"
	sed 's/^/#   /' "$T/chk"
}
# The guide's first attempt: the ISO's files in a subfolder, mboot at the top.
mkdir -p "$T/sub/esxi"
xorriso -osirrox on -indev "$T/m8.iso" -extract / "$T/sub/esxi" >/dev/null 2>&1
cp "$T/sub/esxi/EFI/BOOT/BOOTX64.EFI" "$T/sub/mboot.efi"
check sub "only in a subfolder (esxi/" "boot.cfg only in a subfolder"
hand slash
sed -i 's|^kernel=|kernel=/|' "$T/slash/boot.cfg"
check slash "starts with '/'" "a leading / in boot.cfg"
hand cdrom
sed -i 's|^kernelopt=|kernelopt=cdromBoot |' "$T/cdrom/boot.cfg"
check cdrom "cdromBoot" "cdromBoot left in kernelopt"
hand crypto
rm "$T/crypto/crypto64.efi"
check crypto "no crypto64.efi beside the boot loader" "7.0 U3+ media without crypto64.efi"
hand prefix
sed -i 's|^prefix=.*|prefix=esxi-8|' "$T/prefix/boot.cfg"
check prefix "prefix=esxi-8 names no folder" "prefix= that points nowhere"
hand missing
rm "$T/missing/$F8/s.v00"
check missing "'s.v00' is not in the tree" "a module boot.cfg names is missing"
hand ks
sed -i 's|ks=http://|ks=tftp://|' "$T/ks/boot.cfg"
check ks "not by TFTP" "a kickstart by TFTP"
hand nomboot
rm "$T/nomboot/mboot.efi"
check nomboot "no UEFI boot loader" "no mboot.efi"
"$STOAT" pxe "$T/m7.iso" "$T/t7" >/dev/null 2>&1 && rm "$T/t7/crypto64.efi"
check t7 "ESXi 7.0.3-21930508" "7.0 U3 media, crypto64.efi removed: named with its version"
"$STOAT" pxe "$T/m6.iso" "$T/t6" >/dev/null 2>&1
"$STOAT" pxe --check "$T/t6" >/dev/null; ok $? "--check: 6.7 needs no crypto64.efi"

# --- PXE boot under QEMU -------------------------------------------------------------
OVMF=${OVMF_CODE:-/usr/share/OVMF/OVMF_CODE_4M.fd}
command -v qemu-system-x86_64 >/dev/null || vm_skip "qemu-system-x86_64 is missing (tools/setup --tests installs qemu-system-x86)"
[ -f "$OVMF" ] || vm_skip "no OVMF firmware at $OVMF (tools/setup --tests installs ovmf)"

# pxeboot DIR: boot a UEFI guest with MAC $MAC from DIR by TFTP; the
# cleaned serial log in $T/boot.out. Status 0 when the test kernel ran.
pxeboot() {
	cp "${OVMF_VARS:-/usr/share/OVMF/OVMF_VARS_4M.fd}" "$T/vars.fd"
	rm -f "$T/serial.log"
	timeout -k 5 60 qemu-system-x86_64 -machine q35 -accel tcg -cpu max -m 512 \
		-display none -vga none -monitor none -no-reboot \
		-drive "if=pflash,format=raw,unit=0,readonly=on,file=$OVMF" \
		-drive "if=pflash,format=raw,unit=1,file=$T/vars.fd" \
		-netdev "user,id=n0,tftp=$1,bootfile=mboot.efi" \
		-device "virtio-net-pci,netdev=n0,mac=$MAC,bootindex=0" \
		-device isa-debug-exit,iobase=0xf4,iosize=0x04 \
		-serial "file:$T/serial.log" </dev/null >"$T/qemu.out" 2>&1
	esxboot_clean "$T/serial.log" >"$T/boot.out" 2>/dev/null
	grep -aq '^ESXBOOT-KERNEL-OK' "$T/boot.out"
}
# mods CFG: the module paths of a boot.cfg as mboot loads them (prefix/).
mods() { cfgval "$1" modules | sed 's/ --- /\n/g' | sed "s|^|$(cfgval "$1" prefix)/|"; }
said() { grep -av '^[[:space:]]*$' "$T/boot.out" | tail -n 6 | sed 's/^/#   loader: /'; }

"$STOAT" pxe "$T/m8.iso" "$T/boot8" --ks http://10.0.2.2/ks.cfg --mac 52:54:00:00:00:01=http://10.0.2.2/other.cfg >/dev/null
pxeboot "$T/boot8"; ok $? "a UEFI guest PXE-boots the tree: the test kernel runs" || said
cmdline=$(sed -n 's/^ESXBOOT-CMDLINE: //p' "$T/boot.out")
like "$cmdline" "^$F8/b.b00 runweasel ks=http://10.0.2.2/ks.cfg( |$)" \
	"from the version folder, with the root boot.cfg's ks= (another host's MAC is listed)"
is "$(sed -n 's/^ESXBOOT-MOD 0x[0-9a-f]* size=0x[0-9a-f]* //p' "$T/boot.out")" "$(mods "$T/boot8/boot.cfg")" \
	"it got every module of the root boot.cfg, in order"

pxeboot "$T/hosts"; ok $? "a guest whose MAC is listed boots the hosts tree" || said
cmdline=$(sed -n 's/^ESXBOOT-CMDLINE: //p' "$T/boot.out")
like "$cmdline" " ks=https://10.0.2.2/host.cfg( |$)" "it has the ks= of 01-52-54-00-12-34-56/boot.cfg"
is "$(sed -n 's/^ESXBOOT-MODULES: //p' "$T/boot.out")" "$(mods "$H/boot.cfg" | wc -l)" "and all its modules"

rm -rf "$T/hosts/01-52-54-00-12-34-56"
pxeboot "$T/hosts"; ok $? "without its folder the same guest boots the root boot.cfg" || said
like "$(sed -n 's/^ESXBOOT-CMDLINE: //p' "$T/boot.out")" " ks=http://10.0.2.2/ks.cfg( |$)" "with the root boot.cfg's ks="

done_testing
