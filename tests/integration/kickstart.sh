#!/bin/bash
# kickstart.sh - the kickstart corpus through the real command line:
# `stoat --kickstart-check` prints each invalid file's expected first error
# line and accepts each valid one; real install attempts with every invalid
# file leave a target image byte-identical, while a valid file
# does write it (sgdisk reads the new table). Images are compared by a
# SHA-256 over their data extents (tests/tools/sparse.py).
. "$top_srcdir/tests/lib/tap.sh"
. "$top_srcdir/tests/lib/fixtures.sh"

for t in sgdisk python3 xorriso; do
	command -v "$t" >/dev/null || skip_all "$t is missing"
done
CORPUS="$top_srcdir/tests/kickstart"

T=$TAP_TMP
cd "$CORPUS" || skip_all "no corpus at $CORPUS"

# Every file of the corpus through --kickstart-check.
nbad=0 ngood=0
for ks in bad-*.ks; do
	want="stoat: $(head -n1 "${ks%.ks}.expected")"
	"$STOAT" --kickstart-check "$ks" >"$T/out" 2>"$T/err"
	rc=$?
	is "$rc" 1 "$ks: --kickstart-check exits 1"
	is "$(grep -v '^stoat: warning: ' "$T/err" | head -n1)" "$want" "$ks: the error line on stderr"
	nbad=$((nbad + 1))
done
for ks in good-*.ks; do
	"$STOAT" --kickstart-check "$ks" >"$T/out" 2>"$T/err"
	is "$?" 0 "$ks: --kickstart-check exits 0"
	is "$(grep -c '^stoat: warning: ' "$T/err")" "$(grep -c '^warning=' "${ks%.ks}.expected")" \
		"$ks: as many warnings on stderr as expected"
	ngood=$((ngood + 1))
done
# warn-*: valid, with the exact warnings stoat prints (ESXi's installer
# warns where stoat used to refuse); note-*: valid for --kickstart-check,
# which notes the includes it could not read (no %pre runs there).
nwarn=0
for ks in warn-*.ks note-*.ks; do
	"$STOAT" --kickstart-check "$ks" >"$T/out" 2>"$T/err"
	is "$?" 0 "$ks: --kickstart-check exits 0"
	is "$(grep '^stoat: warning: ' "$T/err")" "$(sed -n 's/^warning=/stoat: warning: /p' "${ks%.ks}.expected")" \
		"$ks: the warnings on stderr, word for word"
	is "$(grep '^stoat: note: ' "$T/err")" "$(sed -n 's/^note=/stoat: note: /p' "${ks%.ks}.expected")" \
		"$ks: the notes on stderr"
	nwarn=$((nwarn + 1))
done
# A refused file still shows the warnings that led to the error, first:
# a byte order mark makes weasel's first word "\ufeffvmaccepteula".
"$STOAT" --kickstart-check bad-bom.ks >"$T/out" 2>"$T/err"
is "$(sed -n 1p "$T/err")" "stoat: warning: bad-bom.ks:1: the file starts with a UTF-8 byte order mark, which ESXi reads as part of the first word: save the file without it" \
	"bad-bom.ks: the byte order mark is named before the error"
is "$(tail -n1 "$T/err")" "stoat: $(head -n1 bad-bom.expected)" "bad-bom.ks: the error comes last"

ok $(( nbad >= 30 && ngood >= 8 && nwarn >= 20 ? 0 : 1 )) "corpus: $nbad invalid, $ngood valid, $nwarn valid with warnings or notes"

# A target image with a partition table and some data on it.
"$MKMEDIA" "$T/media.iso" || skip_all "mkmedia.sh failed"
img=$T/target.img
fixture_disk "$img" 2G 'stoat kickstart test data'
before=$(img_sum "$img")

# Real install attempts with every invalid file: nothing may be written.
fails=0
for ks in bad-*.ks note-*.ks; do
	"$STOAT" install --kickstart "$ks" --media "$T/media.iso" --disk "$img:disk" \
		--only-listed-disks >/dev/null 2>&1
	[ $? = 1 ] || { fails=$((fails + 1)); echo "# $ks did not exit 1"; }
done
is "$fails" 0 "every invalid file makes install exit 1"

# A valid file that names a disk which is not there.
printf 'vmaccepteula\nrootpw --iscrypted %s\ninstall --disk=/dev/stoat-nonexistent\n' "$KS_HASH" >"$T/nodisk.ks"
err=$("$STOAT" install --kickstart "$T/nodisk.ks" --media "$T/media.iso" --disk "$img:disk" \
	--only-listed-disks 2>&1 >/dev/null)
is "$?" 1 "a missing --disk makes install exit 1"
like "$err" "^stoat: .*nodisk.ks:3: no disk named /dev/stoat-nonexistent was found" \
	"the error names the install line and the disk"
# USB filter only, and the only disk is a plain disk: nothing matches.
printf 'vmaccepteula\nrootpw --iscrypted %s\ninstall --firstdisk=usb --overwritevmfs\n' "$KS_HASH" >"$T/usb.ks"
err=$("$STOAT" install --kickstart "$T/usb.ks" --media "$T/media.iso" --disk "$img:disk" \
	--only-listed-disks 2>&1 >/dev/null)
like "$err" "usb.ks:3: no usable disk matches --firstdisk=usb" "--firstdisk=usb skips a plain disk"
is "$(img_sum "$img")" "$before" "the target image is byte-identical after all refused runs"

# Control: a valid file does write the same image (so the check above can fail).
printf 'vmaccepteula\nrootpw --iscrypted %s\ninstall --firstdisk=local --overwritevmfs\nreboot\n' "$KS_HASH" >"$T/ok.ks"
# --no-reboot: the file says reboot, and a test must never reboot the machine.
"$STOAT" install --kickstart "$T/ok.ks" --media "$T/media.iso" --disk "$img:disk" \
	--only-listed-disks --no-reboot >"$T/out" 2>"$T/err"
rc=$?
is "$rc" 0 "a valid kickstart installs onto the image"
[ "$rc" = 0 ] || sed 's/^/#   /' "$T/err" | head -5
ok $([ "$(img_sum "$img")" != "$before" ] && echo 0 || echo 1) "and the image changed"
ok $(sgdisk -p "$img" 2>/dev/null | grep -Eq '^ +5 ' && echo 0 || echo 1) "sgdisk sees the bootbank partition 5"

done_testing
