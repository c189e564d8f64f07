#!/bin/bash
# install_kit.sh - the media's boot kit through `stoat install`: media
# without safeboot are refused before anything is written, unless
# --allow-no-uefi, and then the dry run and the summary say which boot
# path is not set up and why; media that do not say their version are
# refused; the kit inside imgpayld.tgz gives the same p1 as the kit in the
# btldr payload; mkmedia.sh makes no media without the kit. Images are
# compared whole with tests/tools/sparse.py.
. "$top_srcdir/tests/integration/install_lib.sh"
need_root_loop

T=$TAP_TMP
"$MKMEDIA" --kit-in none "$T/nokit.iso" &&
	"$MKMEDIA" --broken no-build "$T/nobuild.iso" &&
	"$MKMEDIA" --version 7.0.3-19193900 "$T/btldr.iso" &&
	"$MKMEDIA" --version 7.0.3-19193900 --kit-in imgpayld "$T/imgpayld.iso" ||
	skip_all "cannot build the fixture media"
# A hashed password and a network line: no warning, so stderr holds the error only.
printf 'vmaccepteula\nrootpw --iscrypted %s\ninstall --firstdisk --overwritevmfs\nnetwork --bootproto=dhcp\n' "$KS_HASH" >"$T/ks"

# run MEDIA IMG [stoat options]: stoat install, output in $T/out, $T/err
# (shown as comments when it fails); its exit status.
run() {
	local media=$1 img=$2 rc
	shift 2
	"$STOAT" install --kickstart "$T/ks" --media "$media" --disk "$img:disk" --only-listed-disks "$@" \
		>"$T/out" 2>"$T/err"
	rc=$?
	[ $rc = 0 ] || sed 's/^/#   /' "$T/err"
	return $rc
}

# refused NAME MEDIA PATTERN: install and dry run of MEDIA onto a fresh
# image exit 1 with one line matching PATTERN, and the image keeps its
# sparse.py sum (any write, even of zeros, would change it).
refused() {
	local name=$1 media=$2 pat=$3 before mode rc
	rm -f "$T/r.img"
	truncate -s 16G "$T/r.img"
	scribble "$T/r.img" 0 1048576
	before=$(img_sum "$T/r.img")
	for mode in install dry-run; do
		if [ $mode = install ]; then run "$media" "$T/r.img"; else run "$media" "$T/r.img" --dry-run; fi
		rc=$?
		is "$rc" 1 "$name, $mode: exit status 1"
		like "$(cat "$T/err")" "$pat" "$name, $mode: the reason"
		is "$(grep -c . "$T/err")" 1 "$name, $mode: in one line"
		is "$(img_sum "$T/r.img")" "$before" "$name, $mode: sparse.py: the image is untouched"
	done
}

# --- 0. the fixture builder: no kit, no media (never made-up loaders) -------
err=$(STOAT_ESXBOOT_DIR=$T/none "$MKMEDIA" "$T/fake.iso" 2>&1)
is "$?" 1 "mkmedia.sh without an esx-boot kit exits 1"
like "$err" "^mkmedia\.sh: STOAT_ESXBOOT_DIR=$T/none is not an esx-boot kit" "and names STOAT_ESXBOOT_DIR"
[ ! -e "$T/fake.iso" ]; ok $? "and makes no media"

# --- 1. no safeboot anywhere on the media: refused --------------------------
refused "media without safeboot" "$T/nokit.iso" \
	"^stoat: an installed disk would not boot by UEFI: not found in btldr\\.t00, imgpayld\\.tgz, the media's own files: safeboot \\(UEFI\\); give --allow-no-uefi to install one anyway$"

# --- 2. the same media with --allow-no-uefi ----------------------------------
img=$T/noefi.img
truncate -s 16G "$img"
before=$(img_sum "$img")
run "$T/nokit.iso" "$img" --dry-run --allow-no-uefi
is "$?" 0 "--allow-no-uefi --dry-run exits 0"
like "$(cat "$T/out")" '^  UEFI boot: not set up: not found in .*: safeboot \(UEFI\)$' \
	"the dry run says UEFI boot is not set up, and why"
like "$(cat "$T/out")" '^  BIOS boot: not set up: not found in .*: ldlinux\.sys, syslinux.s FAT boot sector' \
	"and BIOS boot neither: the kit's syslinux pieces are missing"
is "$(awk '$1 == "p1"' "$T/out")" "" "it lists no file for p1"
is "$(img_sum "$img")" "$before" "sparse.py: the dry run wrote nothing"
run "$T/nokit.iso" "$img" --allow-no-uefi
is "$?" 0 "--allow-no-uefi installs"
like "$(cat "$T/out")" '^UEFI boot: not set up: not found in .*: safeboot \(UEFI\)$' \
	"the summary at the end says UEFI boot is not set up, and why"
like "$(cat "$T/out")" '^BIOS boot: not set up: ' "and that BIOS boot is not set up"
p1_check "$img" "--allow-no-uefi" no no no
n=$(modules_identical "$T/nokit.iso" "$(vol "$img" 5)")
ok $? "the $n modules are on p5 all the same"

# --- 3. media that does not say its version ---------------------------------
refused "media without a version" "$T/nobuild.iso" \
	"^stoat: the media does not say which ESXi version it holds, and stoat does not guess it: .* Give --layout esxi6 for 6\\.x media or --layout esxi7"

# --- 4. the kit in imgpayld.tgz: the same p1 as from the btldr payload ------
truncate -s 40G "$T/a.img" "$T/b.img"
run "$T/imgpayld.iso" "$T/b.img" --dry-run
like "$(cat "$T/out")" '^  UEFI boot: safeboot \(IMGPAYLD\.TGZ: payloads/btldr\.v00: [^)]*safeboot\.efi\) and mboot \(IMGPAYLD\.TGZ: [^)]*BOOTx64\.EFI\)\.$' \
	"the dry run names the payload inside imgpayld.tgz as the kit's source"
like "$(cat "$T/out")" '^  Firmware boot entry: none \(an image file or loop device\)\.$' \
	"and makes no firmware boot entry for an image file"
run "$T/imgpayld.iso" "$T/b.img" --dry-run --no-boot-entry
like "$(cat "$T/out")" '^  Firmware boot entry: none \(--no-boot-entry was given\)\.$' \
	"with --no-boot-entry the dry run names that option as the reason"
run "$T/btldr.iso" "$T/a.img" && run "$T/imgpayld.iso" "$T/b.img"
ok $? "7.x media with the kit in BTLDR.V00 and in IMGPAYLD.TGZ install"
p1_check "$T/b.img" "kit in imgpayld.tgz" yes yes yes
va=$(vol "$T/a.img" 1)
vb=$(vol "$T/b.img" 1)
files=$(mdir -/ -b -a -i "$va" :: 2>/dev/null | grep -v '/$')
is "$(mdir -/ -b -a -i "$vb" :: 2>/dev/null | grep -v '/$')" "$files" "p1 holds the same files either way"
bad=0
for f in $files; do
	[ "$(fat_sha "$va" "${f#::/}")" = "$(fat_sha "$vb" "${f#::/}")" ] || { echo "#   differs: $f"; bad=1; }
done
ok $bad "and each of its $(echo "$files" | wc -l) files reads back the same (mcopy, sha256sum)"
cmp -s <(head -c $((0x1A8)) "$T/a.img") <(head -c $((0x1A8)) "$T/b.img")
ok $? "LBA 0 bytes 0-0x1A7 (the stub, before p1's GUID) are the same"

done_testing
