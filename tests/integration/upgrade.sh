#!/bin/bash
# upgrade.sh - kickstart upgrade, installorupgrade and install --preservevmfs
# on 16 GiB sparse image files, checked with sgdisk, mtools, dd, cmp and
# sha256sum: an upgrade writes only the inactive bootbank (modules from the
# newer media, state.tgz carried over, boot.cfg bootstate=1 and updated+1)
# and leaves every other byte of the disk as it was; refusals leave the
# image byte-identical.
. "$top_srcdir/tests/integration/install_lib.sh"

T=$TAP_TMP
"$MKMEDIA" --version 6.7.0-8169922 "$T/old.iso" &&
	"$MKMEDIA" --version 6.7.0-14320388 "$T/new.iso" &&
	"$MKMEDIA" --version 7.0.3-19193900 "$T/seven.iso" &&
	"$MKMEDIA" --version 6.7.0-15160138 --broken too-big "$T/huge.iso" ||
	skip_all "cannot build the fixture media"

P3=15472640 P5=8224 P6=520224 P6END=1032191 END=33554398

# run KS IMG MEDIA [stoat options]: stoat install, output in $T/out, $T/err.
run() {
	local k=$1 img=$2 media=$3
	shift 3
	"$STOAT" install --kickstart "$k" --media "$media" --disk "$img:disk" --only-listed-disks "$@" \
		>"$T/out" 2>"$T/err"
}

# range FILE START-SECTOR END-SECTOR OUT: copy a partition's bytes.
range() {
	dd if="$1" of="$4" bs=512 skip="$2" count=$(($3 - $2 + 1)) conv=sparse status=none
}

# marker FILE OFFSET TEXT: write TEXT at byte OFFSET; read_marker reads it.
marker() { printf '%s' "$3" | dd of="$1" bs=1 seek="$2" conv=notrunc status=none; }
read_marker() { dd if="$1" bs=1 skip="$2" count="$3" status=none; }

# install_old IMG: a fresh install of the old media with an operator boot
# option, markers in the datastore's first and last MiB, and a fake
# state.tgz (holding local.tgz) on the bootbank.
install_old() {
	local img=$1
	rm -f "$img"
	truncate -s 16G "$img"
	ks_file "$T/ks-old" "install --disk=$img --overwritevmfs" 'bootoption --kernelopt="allowLegacyCPU=true"'
	run "$T/ks-old" "$img" "$T/old.iso" || { sed 's/^/#   /' "$T/err"; return 1; }
	marker "$img" $((P3 * 512 + 4096)) "STOAT-VMFS-HEAD"
	marker "$img" $((END * 512 - 4096)) "STOAT-VMFS-TAIL"
	mkdir -p "$T/state/etc"
	echo "hostname=esx-upgrade-test" >"$T/state/etc/hosts.conf"
	tar -czf "$T/local.tgz" -C "$T/state" etc
	tar -czf "$T/state.tgz" -C "$T" local.tgz
	mcopy -i "$img@@$((P5 * 512))" "$T/state.tgz" ::state.tgz
}

# --- 1. upgrade: only the inactive bank is written --------------------------
img=$T/disk.img
install_old "$img"
ok $? "the 6.7 fixture media installs onto a 16 GiB image"
sgdisk -p "$img" >"$T/table.before" 2>&1
dd if="$img" bs=512 count=34 status=none | sha256sum >"$T/gpt.before"
dd if="$img" bs=512 skip=$((END + 1)) status=none | sha256sum >"$T/gptb.before"
range "$img" $P5 520191 "$T/p5.before"
rest_before="$(img_content "$img" 0 $((P6 * 512))) $(img_content "$img" $(((P6END + 1) * 512)))"
old_updated=$(mtype -i "$(vol "$img" 5)" ::boot.cfg | sed -n 's/^updated=//p')

ks_file "$T/ks-up" "upgrade --disk=$img"
run "$T/ks-up" "$img" "$T/new.iso"
rc=$?
is "$rc" 0 "upgrade with newer media exits 0"
[ $rc = 0 ] || sed 's/^/#   /' "$T/err"
like "$(cat "$T/out")" '^Upgrading ESXi 6\.7\.0-8169922 on .*: bootbank 6 is written, bootbank 5 is kept\.$' \
	"it says which bank is written and which is kept"
like "$(cat "$T/out")" '^\[7/7\] Writing the boot configuration$' "seven steps, boot.cfg last"
like "$(cat "$T/out")" '^\[2/7\] Reading the installed ESXi$' "step 2 reads the installation"
like "$(cat "$T/err")" 'rootpw is not applied' "it warns that rootpw is not applied"
sgdisk -p "$img" >"$T/table.after" 2>&1
cmp -s "$T/table.before" "$T/table.after"
ok $? "sgdisk -p prints the same table before and after"
is "$(dd if="$img" bs=512 count=34 status=none | sha256sum)" "$(cat "$T/gpt.before")" \
	"the primary GPT is byte-identical (unique GUIDs included)"
is "$(dd if="$img" bs=512 skip=$((END + 1)) status=none | sha256sum)" "$(cat "$T/gptb.before")" \
	"the backup GPT is byte-identical"
is "$(read_marker "$img" $((P3 * 512 + 4096)) 15)" "STOAT-VMFS-HEAD" "the marker in p3's first MiB is intact"
is "$(read_marker "$img" $((END * 512 - 4096)) 15)" "STOAT-VMFS-TAIL" "the marker in p3's last MiB is intact"
range "$img" $P5 520191 "$T/p5.after"
cmp -s "$T/p5.before" "$T/p5.after"
ok $? "cmp: p5, the active bank, is byte-identical"
is "$(img_content "$img" 0 $((P6 * 512))) $(img_content "$img" $(((P6END + 1) * 512)))" "$rest_before" \
	"every byte outside p6 is as it was"
v6=$(vol "$img" 6)
n=$(modules_identical "$T/new.iso" "$v6")
ok $? "all $n modules on p6 equal the new media's (sha256sum)"
is "$n" 14 "14 modules compared (btldr.t00 among them)"
fat_ok "$img" 6
ok $? "fsck.fat -n finds p6 clean"
is "$(read_marker "$img" $((P6 * 512 + 512)) 16)" "VMWARE FAT16    " "p6 carries the VMWARE FAT16 marker"
mtype -i "$v6" ::boot.cfg >"$T/bootcfg6" 2>/dev/null
mods=$(bsdtar -xOf "$T/new.iso" BOOT.CFG | sed -n 's/^modules=//p' | sed 's| /| |g; s|^/||')
is "$(cat "$T/bootcfg6")" "bootstate=1
title=Loading VMware ESXi
timeout=5
prefix=
kernel=b.b00
kernelopt=no-auto-partition installerDiskDumpSlotSize=2560 allowLegacyCPU=true
modules=$mods --- state.tgz
build=6.7.0-14320388
updated=$((old_updated + 1))" "p6 boot.cfg: bootstate=1, the installed boot options, the new build, updated=old+1"
is "$(fat_sha "$v6" state.tgz)" "$(sha256sum <"$T/state.tgz" | cut -d' ' -f1)" "state.tgz is carried over byte-identical"
mdir -b -i "$v6" ::onetime.tgz >/dev/null 2>&1
ok $([ $? != 0 ]; echo $?) "no onetime.tgz on the upgraded bank"

# --- 2. dry run on the upgraded disk: the other bank now, nothing written ---
before=$(img_content "$img")
ks_file "$T/ks-dry" "upgrade --disk=$img"
run "$T/ks-dry" "$img" "$T/new.iso" --dry-run
is "$?" 0 "an upgrade --dry-run exits 0"
like "$(cat "$T/out")" '^Bootbank written: p5 .*Active bootbank kept: p6 \(build 6\.7\.0-14320388, updated=2\)' \
	"it writes the bank with bootstate 1 and the higher updated= next time"
like "$(cat "$T/out")" 'p3 VMFS datastore: kept as it is' "and says the datastore stays"
like "$(cat "$T/out")" '^  updated=3$' "the boot.cfg it shows has updated=3"
is "$(img_content "$img")" "$before" "the dry run wrote nothing"

# --- 3. upgrade on an empty disk: refused, untouched -------------------------
empty=$T/empty.img
truncate -s 16G "$empty"
ks_file "$T/ks-e" "upgrade --disk=$empty"
run "$T/ks-e" "$empty" "$T/new.iso"
is "$?" 1 "upgrade on an empty image exits 1"
like "$(cat "$T/err")" 'holds no ESXi installation to upgrade' "with a clear message"
is "$(img_content "$empty")" "$(img_content /dev/null)" "the empty image is still all holes"

# --- 4. installorupgrade: installs on an empty disk, upgrades an installed one
ks_file "$T/ks-iou" "installorupgrade --disk=$empty"
run "$T/ks-iou" "$empty" "$T/old.iso"
rc=$?
is "$rc" 0 "installorupgrade on an empty image exits 0"
[ $rc = 0 ] || sed 's/^/#   /' "$T/err"
like "$(cat "$T/out")" '^\[9/9\] ' "and runs the nine install steps"
like "$(mtype -i "$(vol "$empty" 5)" ::boot.cfg 2>/dev/null)" '^bootstate=0$' "p5 got a fresh bootstate=0 boot.cfg"
range "$empty" $P5 520191 "$T/p5.iou"
run "$T/ks-iou" "$empty" "$T/new.iso"
rc=$?
is "$rc" 0 "installorupgrade on the installed image exits 0"
like "$(cat "$T/out")" '^\[7/7\] ' "and upgrades"
like "$(mtype -i "$(vol "$empty" 6)" ::boot.cfg 2>/dev/null)" '^build=6\.7\.0-14320388$' "p6 holds the new build"
range "$empty" $P5 520191 "$T/p5.iou2"
cmp -s "$T/p5.iou" "$T/p5.iou2"
ok $? "cmp: p5 is untouched by the upgrade"

# --- 5. refusals that leave the disk untouched --------------------------------
before=$(img_content "$img")
run "$T/ks-up" "$img" "$T/seven.iso"
is "$?" 1 "a 6.x disk with 7.x media: upgrade exits 1"
like "$(cat "$T/err")" 'cannot be upgraded in place; install instead, keeping the VMFS datastore' \
	"and says to install instead, preserving VMFS"
run "$T/ks-up" "$img" "$T/huge.iso"
is "$?" 1 "modules too large for the bootbank: upgrade exits 1"
like "$(cat "$T/err")" 'bootbank partition 5 holds only [0-9]+ MiB' "and names the bootbank that is too small"
ks_file "$T/ks-iou7" "installorupgrade --disk=$img --overwritevmfs"
run "$T/ks-iou7" "$img" "$T/seven.iso"
is "$?" 1 "installorupgrade does not fall back to an install when ESXi is found but cannot be upgraded"
is "$(img_content "$img")" "$before" "the image is byte-identical after the refusals"

# --- 6. install --preservevmfs on an installed disk -------------------------
install_old "$img"
ok $? "a fresh 6.7 install again, with datastore markers"
t3="$(part_first "$img" 3) $(part_last "$img" 3) $(part_type "$img" 3)"
u5=$(read_marker "$img" $((P5 * 512 + 528)) 16 | od -An -tx1 | tr -d ' \n')
ks_file "$T/ks-keep" "install --disk=$img --preservevmfs" "keyboard German"
run "$T/ks-keep" "$img" "$T/new.iso"
rc=$?
is "$rc" 0 "install --preservevmfs exits 0"
[ $rc = 0 ] || sed 's/^/#   /' "$T/err"
like "$(cat "$T/out")" 'VMFS datastore, was kept' "the summary says the datastore was kept"
is "$(part_first "$img" 3) $(part_last "$img" 3) $(part_type "$img" 3)" "$t3" "sgdisk: p3 start, end and type GUID are identical"
is "$t3" "$P3 $END AA31E02A400F11DB9590000C2911D1B8" "and those are the datastore's"
is "$(read_marker "$img" $((P3 * 512 + 4096)) 15)" "STOAT-VMFS-HEAD" "the marker in p3's first MiB is intact (not zeroed)"
is "$(read_marker "$img" $((END * 512 - 4096)) 15)" "STOAT-VMFS-TAIL" "the marker in p3's last MiB is intact (not wiped)"
like "$(mtype -i "$(vol "$img" 5)" ::boot.cfg 2>/dev/null)" '^build=6\.7\.0-14320388$' "p5 is a fresh bootbank with the new build"
like "$(mtype -i "$(vol "$img" 6)" ::boot.cfg 2>/dev/null)" '^bootstate=3$' "p6 is a fresh invalid altbootbank"
mdir -b -i "$(vol "$img" 5)" ::state.tgz >/dev/null 2>&1
ok $([ $? != 0 ]; echo $?) "the old state.tgz is gone: the bootbank was formatted anew"
ok $([ "$(read_marker "$img" $((P5 * 512 + 528)) 16 | od -An -tx1 | tr -d ' \n')" != "$u5" ]; echo $?) \
	"p5 has a new bootbank UUID"

# --- 7. --preservevmfs with a datastore where the new system partitions go ---
odd=$T/odd.img
truncate -s 16G "$odd"
sgdisk -n 1:2048:+2G -t 1:AA31E02A-400F-11DB-9590-000C2911D1B8 "$odd" >/dev/null 2>&1
before=$(img_content "$odd")
ks_file "$T/ks-odd" "install --disk=$odd --preservevmfs"
run "$T/ks-odd" "$odd" "$T/new.iso"
is "$?" 1 "--preservevmfs with a VMFS partition at sector 2048 exits 1"
like "$(cat "$T/err")" 'cannot be kept: The existing VMFS datastore starts at sector 2048, before sector 15472640' \
	"and says why it cannot be kept"
is "$(img_content "$odd")" "$before" "the image is byte-identical"

done_testing
