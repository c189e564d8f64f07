#!/bin/bash
# media_find.sh - `stoat list-media`: the install media the wizard finds
# with no --media, on a fixture /sys, /dev and mount table (STOAT_MEDIA_*)
# over real files and real loop devices:
#   - a CD drive (sr0) holding an ISO, and a loop device over an ISO file
#     (a stick written with the ISO; its file, on a scanned folder, is not
#     listed again), each checked with blkid;
#   - ESXi ISO files in the current folder (any case of .iso) and at the
#     top of a mounted filesystem or one folder down, not two;
#   - a mounted folder holding the media's files; the same folder on the
#     loop device already listed is not listed again;
#   - a non-ESXi ISO, media that does not say its version, and ISO files
#     on pseudo filesystems are not offered (--all says why for the first
#     two); --disk files are never offered;
#   - nothing found: exit 1 and a message saying what to do.
. "$top_srcdir/tests/lib/tap.sh"
. "$top_srcdir/tests/lib/fixtures.sh"
command -v xorriso >/dev/null 2>&1 || skip_all "xorriso is not installed"
need_root_loop

T=$TAP_TMP
V6=6.7.0-0.0.8169922 V7=7.0.3-0.55.20328353 V8=8.0.3-0.0.24022510
mk() {
	local out=$1
	shift
	"$MKMEDIA" "$@" "$out" 2>"$T/mk.err" || skip_all "cannot build the fixture media: $(tail -1 "$T/mk.err")"
}
mkdir -p "$T/cwd/sub" "$T/mnt1" "$T/mnt2/sub/deeper" "$T/mnt3" "$T/procfs" "$T/dev" \
	"$T/sys/block/sr0" "$T/sys/block/loop7/loop" "$T/sys/block/ram0" "$T/sys/block/sda" \
	"$T/other"
mk "$T/cd.iso" --version $V8
mk "$T/mnt2/stick.iso" --version $V7
mk "$T/cwd/esxi67.iso" --version $V6
mk "$T/cwd/nover.iso" --version $V6 --broken no-build
mk "$T/mnt2/sub/E7.ISO" --version $V7 --seed 2
mk "$T/mnt2/sub/deeper/deep.iso" --version $V6 --seed 3
mk "$T/procfs/proc.iso" --version $V6 --seed 4
mk "$T/mnt1/files" --version $V7 --format dir
mk "$T/mnt3/files" --version $V6 --format dir
echo "not install media" >"$T/other/README.TXT"
xorriso -as mkisofs -quiet -V OTHER -o "$T/cwd/other.iso" "$T/other" 2>/dev/null
cp "$T/cwd/esxi67.iso" "$T/cwd/sub/nested.iso"	# in a folder of the cwd: not looked at

# /sys/block: sr0 and loop7 on real loop devices, through $T/dev
cd_dev=$(tap_loop "$T/cd.iso") || skip_all "cannot attach a loop device"
stick_dev=$(tap_loop "$T/mnt2/stick.iso") || skip_all "cannot attach a loop device"
ln -s "$cd_dev" "$T/dev/sr0"
ln -s "$stick_dev" "$T/dev/loop7"
echo $(($(stat -c %s "$T/cd.iso") / 512)) >"$T/sys/block/sr0/size"
echo $(($(stat -c %s "$T/mnt2/stick.iso") / 512)) >"$T/sys/block/loop7/size"
realpath "$T/mnt2/stick.iso" >"$T/sys/block/loop7/loop/backing_file"
echo 8192 >"$T/sys/block/ram0/size"
echo 0 >"$T/sys/block/sda/size"
stick_mm=$(printf '%d:%d' "0x$(stat -L -c %t "$stick_dev")" "0x$(stat -L -c %T "$stick_dev")")

# The mount table: two real filesystems, one whose device is the stick
# (already listed), a procfs holding an ISO (never looked in).
cat >"$T/mountinfo" <<EOF
21 1 8:1 / $T/mnt1 rw,relatime shared:1 - ext4 /dev/sda1 rw
22 1 8:2 / $T/mnt2 rw,relatime shared:2 - vfat /dev/sda2 rw
23 1 $stick_mm / $T/mnt3 ro,relatime shared:3 - iso9660 $stick_dev ro
24 1 0:5 / $T/procfs rw,nosuid - proc proc rw
EOF
mv "$T/mnt1/files"/* "$T/mnt1/" && rmdir "$T/mnt1/files"
mv "$T/mnt3/files"/* "$T/mnt3/" && rmdir "$T/mnt3/files"

# find [stoat options]: list-media from $T/cwd on the fixture roots.
find_media() {
	(cd "$T/cwd" && STOAT_MEDIA_SYSFS=$T/sys STOAT_MEDIA_DEV=$T/dev \
		STOAT_MEDIA_MOUNTINFO=$T/mountinfo "$STOAT" list-media "$@")
}
out=$(find_media 2>"$T/err"); rc=$?
printf '%s\n' "$out" | sed 's/^/# /'
is "$rc" 0 "list-media exits 0 when it finds media"
# field NAME COL: column COL of the line for path NAME
field() { printf '%s\n' "$out" | awk -F'\t' -v p="$1" -v c="$2" '$1 == p { print $c }'; }
is "$(printf '%s\n' "$out" | head -1 | cut -f1,2)" "$T/dev/sr0	optical" "the CD drive comes first, as optical"
is "$(field "$T/dev/sr0" 4)" "$V8" "with the version of the ISO it holds"
is "$(blkid -o value -s TYPE "$T/dev/sr0")" iso9660 "blkid: the listed drive holds an ISO9660 filesystem"
is "$(field "$T/dev/loop7" 2)" device "the loop device over an ISO (a stick written with it) is a device"
is "$(field "$T/dev/loop7" 4)" "$V7" "with its version"
is "$(printf '%s\n' "$out" | grep -c stick.iso)" 0 "the file behind the loop device is not listed again"
is "$(field "$T/cwd/esxi67.iso" 2)" file "an ISO file in the current folder is found, by its full path"
is "$(field "$T/cwd/esxi67.iso" 3)" "VMware ESXi 6.7.0" "with its title"
is "$(field "$T/mnt2/sub/E7.ISO" 2)" file "an ISO file one folder down a mounted filesystem is found (.ISO in upper case)"
is "$(printf '%s\n' "$out" | grep -c deep.iso)" 0 "two folders down is not looked at"
is "$(printf '%s\n' "$out" | grep -c nested.iso)" 0 "nor the current folder's folders"
is "$(field "$T/mnt1" 2)" folder "a mounted filesystem holding the media's files is a folder"
is "$(field "$T/mnt1" 4)" "$V7" "with its version"
is "$(field "$T/mnt3" 2)" "" "the stick's own mount is not listed beside the stick"
is "$(printf '%s\n' "$out" | grep -c proc.iso)" 0 "nothing on a proc filesystem is looked at"
is "$(printf '%s\n' "$out" | grep -c other.iso)" 0 "a non-ESXi ISO is not offered"
is "$(printf '%s\n' "$out" | grep -c nover.iso)" 0 "nor media that does not say its version"
is "$(printf '%s\n' "$out" | grep -c 'ram0\|sda')" 0 "nor ram disks and empty devices"
is "$(printf '%s\n' "$out" | wc -l)" 5 "five media in all"
is "$(cat "$T/err")" "" "and nothing on stderr"

out=$(find_media --all 2>/dev/null)
like "$(field "$T/cwd/other.iso" 5)" "not ESXi install media: .*no boot.cfg" "--all: the non-ESXi ISO, with the reason"
like "$(field "$T/cwd/nover.iso" 5)" "does not say which ESXi version" "--all: media without a version, with the reason"
is "$(printf '%s\n' "$out" | tail -2 | cut -f1 | sort | tr '\n' ' ')" "$T/cwd/nover.iso $T/cwd/other.iso " "after the usable ones"

out=$(find_media --disk "$T/cwd/esxi67.iso" 2>/dev/null)
is "$(printf '%s\n' "$out" | grep -c esxi67.iso)" 0 "a --disk file is never offered as media"

# Nothing at all: an empty /sys, mount table and folder.
mkdir -p "$T/empty/sys/block"
: >"$T/empty/mountinfo"
out=$(cd "$T/empty" && STOAT_MEDIA_SYSFS=$T/empty/sys STOAT_MEDIA_MOUNTINFO=$T/empty/mountinfo \
	"$STOAT" list-media 2>"$T/err"); rc=$?
is "$rc" 1 "list-media exits 1 when it finds nothing"
is "$out" "" "and lists nothing"
like "$(cat "$T/err")" "^stoat: no ESXi install media found: insert the CD or USB stick, or name it with --media PATH" \
	"and says what to do"
out=$("$STOAT" list-media extra 2>&1); rc=$?
is "$rc" 2 "an operand is a usage error"
done_testing
