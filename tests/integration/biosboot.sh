#!/bin/bash
# biosboot.sh - legacy BIOS boot of stoat-installed disks, proven with
# VMware's loader under SeaBIOS (../shared/esxboot: syslinux 3.86 built
# from source, safeboot.c32, mboot.c32 and a Multiboot test kernel), and
# compared byte for byte with syslinux 3.86's own installer and the kit's
# install-bios.sh.
#
# The disks: `stoat install` of fixture media (mkmedia.sh: the boot kit in
# BTLDR.T00/V00, the test kernel as B.B00), which puts syslinux 3.86 on p1
# and its GPT MBR stub in LBA 0 (src/install_boot.c). They boot as
# installed. src/syslinux.c's steps alone (tests/unit/syslinux_tool) are
# then tried where an install does not go: a fragmented ldlinux.sys, a
# reinstall, FAT12 and FAT32, the 4.03 and Debian MBR stubs, 4Kn.
. "$top_srcdir/tests/integration/install_lib.sh"

TOOL=$top_builddir/tests/unit/syslinux_tool
[ "$(id -u)" = 0 ] || skip_all "needs root"
[ -x "$ESX/boot-check" ] || skip_all "no boot-check in the esx-boot kit at $ESX"
for f in bios/syslinux bios/ldlinux.sys bios/ldlinux.bss bios/gptmbr.bin bios/gptmbr-4.03.bin \
	bios/install-bios.sh bin/safeboot.c32 bin/mboot.c32 bin/b.b00; do
	[ -f "$ESX/$f" ] || skip_all "the esx-boot kit has no $f"
done
command -v qemu-system-x86_64 >/dev/null || skip_all "qemu-system-x86_64 is missing"
command -v mattrib >/dev/null || skip_all "mattrib (mtools) is missing"
[ -x "$TOOL" ] || skip_all "tests/unit/syslinux_tool is not built"

T=$TAP_TMP
B=$T/boot	# the last boot's logs (esxboot_boot)
LDL=$ESX/bios/ldlinux.sys
BSS=$ESX/bios/ldlinux.bss
MBR=$ESX/bios/gptmbr.bin
printf 'default safeboot.c32 -S 1\nnohalt 1\n' >"$T/syslinux.cfg"	# ESXi's

# first IMG N / last IMG N: partition N's sectors (sgdisk).
first() { part_first "$1" "$2"; }
# p1_off IMG: byte offset of p1.
p1_off() { echo $(($(first "$1" 1) * 512)); }

# refmt_files IMG: after a new mkfs, ESXi's BIOS files but syslinux.
refmt_files() {
	local v="$1@@$(p1_off "$1")"
	mcopy -o -i "$v" "$T/syslinux.cfg" ::/syslinux.cfg &&
		mcopy -o -i "$v" "$ESX/bin/safeboot.c32" ::/safeboot.c32 &&
		mcopy -o -i "$v" "$ESX/bin/mboot.c32" ::/mboot.c32
}

# refmt IMG MKFS-OPTIONS...: p1 formatted anew (mkfs.fat into a scratch
# file, copied in), with the BIOS files.
refmt() {
	local img=$1 s e
	shift
	s=$(first "$img" 1)
	e=$(part_last "$img" 1)
	rm -f "$T/fat.tmp"
	mkfs.fat -C "$@" -h "$s" "$T/fat.tmp" $(((e - s + 1) / 2)) >/dev/null &&
		dd if="$T/fat.tmp" of="$img" bs=512 seek="$s" conv=notrunc,sparse status=none &&
		refmt_files "$img"
}

# p1 IMG OUT: p1's bytes into the file OUT, or onto standard output for
# "-" (not through /dev/stdout, which a rescue system may lack).
p1() {
	set -- "$1" "$2" "$(first "$1" 1)" "$(part_last "$1" 1)"
	if [ "$2" = - ]; then
		dd if="$1" bs=512 skip="$3" count=$(($4 - $3 + 1)) status=none
	else
		dd if="$1" of="$2" bs=512 skip="$3" count=$(($4 - $3 + 1)) status=none
	fi
}

# ours IMG [STUB]: syslinux_install on p1, syslinux_mbr_install in LBA 0.
ours() {
	"$TOOL" install "$1" 1 "$LDL" "$BSS" && "$TOOL" mbr "$1" 1 "${2:-$MBR}"
}

# theirs IMG: syslinux 3.86's installer on p1 (LBA 0 untouched).
theirs() { "$ESX/bios/syslinux" -o "$(p1_off "$1")" "$1"; }

# unsyslinux IMG: p1 without the ldlinux.sys stoat installed (mtools).
unsyslinux() {
	local v="$1@@$(p1_off "$1")"
	mattrib -i "$v" -r -s -h ::/ldlinux.sys && mdel -i "$v" ::/ldlinux.sys
}

# boots IMG [TIMEOUT]: esxboot_boot by SeaBIOS (default 60 s), into $B
# (the cleaned serial log in $B/boot.out); its status: 0 when the test
# kernel ran, 2 when boot-check could not run, 1 otherwise. When the
# kernel did not run, the log's end is shown, unless a TIMEOUT was given
# (which marks a boot meant to fail).
boots() {
	local rc
	esxboot_boot "$ESX" "$1" bios "$B" "${2:-60}"
	rc=$?
	[ $rc = 0 ] || [ -n "${2:-}" ] || esxboot_said "$B" 8
	return $rc
}

# same_p1 A B: p1 of two images compared byte for byte; prints the
# differing byte count and where they lie, allowing only the time stamps
# of ldlinux.sys's directory entry (mcopy writes the current time).
same_p1() {
	p1 "$1" "$T/pa"
	p1 "$2" "$T/pb"
	python3 - "$T/pa" "$T/pb" <<'PY'
import struct, sys
a, b = open(sys.argv[1], 'rb').read(), open(sys.argv[2], 'rb').read()
if len(a) != len(b):
    sys.exit('sizes differ')
diff = [i for i in range(len(a)) if a[i] != b[i]] if a != b else []
bps, spc, res, nf, ents = struct.unpack_from('<HBHBH', a, 11)
fsz = struct.unpack_from('<H', a, 22)[0] or struct.unpack_from('<I', a, 36)[0]
root = (res + nf * fsz) * bps
if not ents:    # FAT32: the root folder's first cluster
    root += (struct.unpack_from('<I', a, 44)[0] - 2) * spc * bps
ent = a.find(b'LDLINUX SYS', root, root + 64 * 32)
times = set(ent + k for k in (13, 14, 15, 16, 17, 18, 19, 22, 23, 24, 25)) if ent >= 0 else set()
other = [i for i in diff if i not in times]
print('%d differing bytes, %d outside the time stamps of LDLINUX.SYS%s' %
      (len(diff), len(other), (': first at %#x' % other[0]) if other else ''))
sys.exit(1 if other else 0)
PY
}

# sectors_of IMG: ldlinux.sys's sector list as its patch area holds it
# (first from the boot sector's 0x1F8, the rest after the magic).
sectors_of() {
	p1 "$1" "$T/pc"
	python3 - "$T/pc" <<'PY'
import struct, sys
p = open(sys.argv[1], 'rb').read()
first = struct.unpack_from('<I', p, 0x1F8)[0]
s = p[first * 512:first * 512 + 512]
m = s.find(struct.pack('<I', 0x3EB202FE))
dw, n, _ = struct.unpack_from('<HHI', s, m + 8)
print(first, *struct.unpack_from('<%dI' % n, s, m + 16))
PY
}

# --- the disks: stoat installs, 6.x and 7.x, boot by BIOS as installed --------
write_ks "$T/ks" "--firstdisk --overwritevmfs"
for v in 6.7.0-8169922 7.0.3-19193900; do
	m=${v%%.*}
	why=$(fixture_media "$ESX" "$T/m$m.iso" --version "$v") || skip_all "cannot build the fixture media: $why"
	truncate -s 16G "$T/base$m.img"
	"$STOAT" install --kickstart "$T/ks" --media "$T/m$m.iso" --disk "$T/base$m.img:disk" \
		--only-listed-disks >/dev/null 2>"$T/err"
	rc=$?
	is "$rc" 0 "stoat installs $v media onto an image file"
	[ $rc = 0 ] || { sed 's/^/#   /' "$T/err"; skip_all "no installed disk to work on"; }
	v5="$T/base$m.img@@$(($(first "$T/base$m.img" 5) * 512))"
	[ "$(fat_sha "$v5" b.b00)" = "$(sha256sum <"$ESX/bin/b.b00" | cut -d' ' -f1)" ]
	ok $? "$m.x: the test kernel is b.b00 on p5"
	p1_check "$T/base$m.img" "$m.x" yes yes "$([ "$m" -ge 7 ] && echo yes || echo no)"
	like "$(mtype -i "$v5" ::boot.cfg)" "build=$m\\." "$m.x: the bank's build= starts with a digit"
	boots "$T/base$m.img"
	ok $? "$m.x as installed: SeaBIOS -> gptmbr -> syslinux 3.86 -> safeboot.c32 -> mboot.c32 -> test kernel"
	grep -a '^ESXBOOT-KERNEL-OK' "$B/boot.out" | sed 's/^/#   /'
	like "$(esxboot_cmdline "$B")" "bootUUID=$(esxboot_bank_uuid "$T/base$m.img" 5 || echo none)( |\$)" \
		"$m.x: the kernel was loaded from bank p5 (its UUID on the command line)"
done
like "$(p1 "$T/base6.img" - | file -)" 'FAT \(16 bit\)' "6.x p1 (4 MiB) is FAT16"
like "$(p1 "$T/base6.img" - | file -)" 'reserved sectors 2,' "with 2 reserved sectors"
is "$(dd if="$T/base6.img" bs=1 skip=$((64 * 512 + 13)) count=1 status=none | od -An -tu1 | tr -d ' ')" 1 \
	"and 1 sector a cluster"
like "$(p1 "$T/base7.img" - | file -)" 'FAT \(16 bit\)' "7.x p1 (100 MiB) is FAT16"

# --- 6.x: stoat's install against the references ---------------------------
# ref6: syslinux 3.86's installer in place of the ldlinux.sys stoat put
# there. kit6: LBA 0's code zeroed, attribute bit 2 cleared, p1's BIOS
# files removed, then install-bios.sh with ESXi's syslinux.cfg (SERIAL=0).
cp --sparse=always "$T/base6.img" "$T/ref6.img"
cp --sparse=always "$T/base6.img" "$T/kit6.img"
unsyslinux "$T/ref6.img" && theirs "$T/ref6.img" >/dev/null
ok $? "syslinux 3.86's installer on a copy without stoat's ldlinux.sys"
v="$T/kit6.img@@$(p1_off "$T/kit6.img")"
dd if=/dev/zero of="$T/kit6.img" bs=440 count=1 conv=notrunc status=none &&
	sgdisk -A 1:clear:2 "$T/kit6.img" >/dev/null 2>&1 && unsyslinux "$T/kit6.img" &&
	mdel -i "$v" ::/syslinux.cfg ::/safeboot.c32 ::/mboot.c32 &&
	SYSLINUX=$ESX/bios/syslinux SERIAL=0 "$ESX/bios/install-bios.sh" "$T/kit6.img" >/dev/null 2>&1
ok $? "install-bios.sh (sgdisk -A, its MBR code, syslinux) on another copy stripped of them"

out=$(same_p1 "$T/base6.img" "$T/ref6.img")
ok $? "p1 (boot sector, FAT, folders, ldlinux.sys) equals syslinux's own install: $out"
cmp -s <(head -c $((34 * 512)) "$T/base6.img") <(head -c $((34 * 512)) "$T/kit6.img")
ok $? "LBA 0-33 (MBR code, GUID, GPT header and entries) equal install-bios.sh's"
cmp -s <(tail -c $((33 * 512)) "$T/base6.img") <(tail -c $((33 * 512)) "$T/kit6.img")
ok $? "the backup GPT equals install-bios.sh's too"
is "$(mtype -i "$T/base6.img@@$(p1_off "$T/base6.img")" ::syslinux.cfg)" "$(mtype -i "$v" ::syslinux.cfg)" \
	"syslinux.cfg equals install-bios.sh's with SERIAL=0 (ESXi's two lines)"
like "$(sgdisk -v "$T/base6.img")" 'No problems found' "sgdisk -v: both GPTs and their CRCs are valid"
p1 "$T/base6.img" "$T/p1.fat"
cmp -s <(head -c 3 "$T/p1.fat"; dd if="$T/p1.fat" bs=1 skip=$((0x5A)) count=$((0x1F8 - 0x5A)) status=none) \
	<(head -c 3 "$BSS"; dd if="$BSS" bs=1 skip=$((0x5A)) count=$((0x1F8 - 0x5A)) status=none)
ok $? "p1's boot code (0-2, 0x5A-0x1F7) is the kit's fatBootSector (ldlinux.bss)"
secs=$(sectors_of "$T/base6.img")
is "$(echo "$secs" | wc -w)" 30 "ldlinux.sys (15086 bytes): 0x1F8 and 29 listed sectors"
mcopy -n -i "$T/p1.fat" ::/ldlinux.sys "$T/ldl.back"
cmp -s <(tail -c +513 "$T/ldl.back") <(tail -c +513 "$LDL")
ok $? "mcopy reads ldlinux.sys back; only its first sector differs from the kit's"

# --- negative: no GUID at 0x1A8, the 3.86 MBR loops -----------------------
cp --sparse=always "$T/base6.img" "$T/zero.img"
dd if=/dev/zero of="$T/zero.img" bs=1 seek=$((0x1A8)) count=16 conv=notrunc status=none
boots "$T/zero.img" 10
[ $? = 1 ]
ok $? "with a zero GUID at 0x1A8 the BIOS boot fails (no ESXBOOT-KERNEL-OK in 10 s)"

# --- other MBR stubs: attribute bit 2 only --------------------------------
# Bit 2 cleared first, so that syslinux_mbr_install has to set it again.
cp --sparse=always "$T/base6.img" "$T/s403.img"
sgdisk -A 1:clear:2 "$T/s403.img" >/dev/null 2>&1
"$TOOL" mbr "$T/s403.img" 1 "$ESX/bios/gptmbr-4.03.bin"
ok $? "syslinux_mbr_install with the 440-byte 4.03 stub"
cmp -s <(head -c 440 "$T/s403.img") "$ESX/bios/gptmbr-4.03.bin"
ok $? "LBA 0 bytes 0-439 are that stub, no GUID written over its code at 0x1A8"
is "$(sgdisk -i 1 "$T/s403.img" | sed -n 's/^Attribute flags: //p')" 0000000000000004 \
	"sgdisk -i 1: attribute bit 2 (legacy BIOS bootable) set again"
boots "$T/s403.img"
ok $? "the 4.03 stub (which looks for attribute bit 2, not a GUID) boots it"
if [ -r /usr/lib/syslinux/mbr/gptmbr.bin ]; then
	cp --sparse=always "$T/base6.img" "$T/s6.img"
	"$TOOL" mbr "$T/s6.img" 1 /usr/lib/syslinux/mbr/gptmbr.bin && boots "$T/s6.img"
	ok $? "Debian's syslinux 6 gptmbr.bin (stoat's configure default) boots the 3.86 boot sector too"
else
	skip "no /usr/lib/syslinux/mbr/gptmbr.bin"
fi

# --- 7.x: stoat's install against syslinux's --------------------------------
cp --sparse=always "$T/base7.img" "$T/ref7.img"
unsyslinux "$T/ref7.img" && theirs "$T/ref7.img" >/dev/null
ok $? "7.x: syslinux's installer on a copy without stoat's ldlinux.sys"
out=$(same_p1 "$T/base7.img" "$T/ref7.img")
ok $? "7.x p1 (4 sectors a cluster, 4 reserved) equals syslinux's: $out"

# --- a fragmented ldlinux.sys -----------------------------------------------
# The installed ldlinux.sys is removed first, so that the holes come
# before the free space.
cp --sparse=always "$T/base6.img" "$T/frag.img"
v="$T/frag.img@@$(p1_off "$T/frag.img")"
unsyslinux "$T/frag.img"
for i in $(seq 1 16); do echo "$i" >"$T/h$i"; mcopy -i "$v" "$T/h$i" "::/h$i" || break; done
for i in 2 4 6 8 10 12 14 16; do mdel -i "$v" "::/h$i"; done
cp --sparse=always "$T/frag.img" "$T/fragref.img"
ours "$T/frag.img" && theirs "$T/fragref.img" >/dev/null
ok $? "p1 with eight one-cluster holes: ours and syslinux's installer"
secs=$(sectors_of "$T/frag.img")
runs=$(echo "$secs" | python3 -c 'import sys; s=list(map(int,sys.stdin.read().split())); print(1+sum(1 for a,b in zip(s,s[1:]) if b!=a+1))')
[ "$runs" -gt 1 ]
ok $? "ldlinux.sys lies in $runs runs of sectors: $secs"
out=$(same_p1 "$T/frag.img" "$T/fragref.img")
ok $? "the same sector list, boot sector and FAT as syslinux's: $out"
boots "$T/frag.img"
ok $? "the fragmented ldlinux.sys boots"

# Installing again over the read-only ldlinux.sys replaces it.
"$TOOL" install "$T/frag.img" 1 "$LDL" "$BSS"
ok $? "a second syslinux_install replaces the read-only ldlinux.sys"
p1 "$T/frag.img" "$T/p1.fat"
fsck.fat -n "$T/p1.fat" >/dev/null 2>&1
ok $? "fsck.fat -n finds p1 clean after that"
is "$(mdir -a -i "$T/p1.fat" :: | grep -ci '^ldlinux')" 1 "one ldlinux.sys in the root folder"
boots "$T/frag.img"
ok $? "and it still boots"

# --- FAT12 and FAT32 p1 ---------------------------------------------------
# other_fat NAME BASE DESCRIPTION MKFS-OPTIONS...: p1 of a copy of BASE
# formatted anew, then ours against syslinux's installer, and a boot.
other_fat() {
	local name=$1 base=$2 what=$3 out
	shift 3
	cp --sparse=always "$T/$base.img" "$T/$name.img"
	refmt "$T/$name.img" "$@"
	cp --sparse=always "$T/$name.img" "$T/${name}ref.img"
	like "$(p1 "$T/$name.img" - | file -)" "FAT \\(${name#f} bit\\)" "p1 reformatted $what"
	ours "$T/$name.img" && theirs "$T/${name}ref.img" >/dev/null
	ok $? "FAT${name#f}: ours and syslinux's installer"
	out=$(same_p1 "$T/$name.img" "$T/${name}ref.img")
	ok $? "FAT${name#f} p1 equals syslinux's: $out"
	boots "$T/$name.img"
	ok $? "FAT${name#f} p1 boots"
}
other_fat f12 base6 "FAT12 (6.x, 2 sectors a cluster)" -F 12 -s 2 -R 2
other_fat f32 base7 "FAT32 (7.x, 1 sector a cluster)" -F 32 -s 1

# --- 4096-byte sectors: refused with the reason, nothing written ----------
if losetup --help 2>&1 | grep -q sector-size && truncate -s 16G "$T/d4k.img" &&
	attach "$T/d4k.img" --sector-size 4096 && [ "$(blockdev --getss "$LOOP")" = 4096 ]; then
	"$STOAT" install --kickstart "$T/ks" --media "$T/m6.iso" --disk "$LOOP:disk" \
		--only-listed-disks >/dev/null 2>&1
	ok $? "stoat installs onto a 4Kn loop device"
	s=$(first "$LOOP" 1)
	like "$(dd if="$LOOP" bs=4096 skip="$s" count=1 status=none | file -)" 'FAT \(12 bit\)' \
		"4Kn p1 (4 MiB in 4 KiB sectors) is FAT12"
	before=$(dd if="$LOOP" bs=4096 count=$((s + 1024)) status=none | sha256sum)
	err=$("$TOOL" install "$LOOP" 1 "$LDL" "$BSS" 2>&1)
	is "$?" 1 "syslinux_install refuses the 4Kn disk"
	like "$err" '512-byte sectors: syslinux 3.86.*4096-byte' "with the reason: ${err#syslinux_tool: }"
	err=$("$TOOL" mbr "$LOOP" 1 "$MBR" 2>&1)
	is "$?" 1 "syslinux_mbr_install refuses it too"
	is "$(dd if="$LOOP" bs=4096 count=$((s + 1024)) status=none | sha256sum)" "$before" \
		"LBA 0, the GPT and p1 are unchanged"
else
	skip "no 4 KiB-sector loop device here"
fi

done_testing
