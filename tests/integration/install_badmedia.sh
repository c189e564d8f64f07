#!/bin/bash
# install_badmedia.sh - bad media is refused with one clear line before the
# target is touched: its first and last MiB stay byte-identical.
. "$top_srcdir/tests/integration/install_lib.sh"
need_root_loop

T=$TAP_TMP
write_ks "$T/ks" "--firstdisk --overwritevmfs"

# A target with recognisable data at both ends (an image file, then a loop
# device over another).
truncate -s 16G "$T/disk.img" "$T/loop.img"
for f in "$T/disk.img" "$T/loop.img"; do
	scribble "$f" 0 1048576
	scribble "$f" $((16 * 1024 * 1048576 - 1048576)) 1048576
done
attach "$T/loop.img" || skip_all "cannot attach a loop device"
loop=$LOOP

# ends DEV: SHA-256 of the first and the last MiB.
ends() {
	{ head -c 1048576 "$1"; tail -c 1048576 "$1"; } | sha256sum | cut -d' ' -f1
}
before_img=$(ends "$T/disk.img")
before_loop=$(ends "$loop")

# case NAME MKMEDIA-ARGS PATTERN
check_case() {
	local name=$1 args=$2 pat=$3 media err rc target
	media=$T/$name.media
	# shellcheck disable=SC2086
	"$MKMEDIA" $args "$media" || { skip "cannot build $name media"; return; }
	for target in "$T/disk.img:disk" "$loop:disk"; do
		err=$("$STOAT" install --kickstart "$T/ks" --media "$media" --disk "$target" \
			--only-listed-disks 2>&1 >/dev/null | grep -v 'clear text')
		rc=$(printf '%s\n' "$err" | grep -c .)
		like "$err" "^stoat: .*$pat" "$name on ${target%%:*}: one clear line ($pat)"
		is "$rc" 1 "$name on ${target%%:*}: exactly one line"
	done
	"$STOAT" install --kickstart "$T/ks" --media "$media" --disk "$T/disk.img:disk" \
		--only-listed-disks >/dev/null 2>&1
	is "$?" 1 "$name: exit status 1"
}

check_case no-bootcfg "--broken no-bootcfg" "has no boot.cfg"
check_case missing-module "--broken missing-module" "names the module '/user.b00', but the media has no such file \(looked for user\.b00 with prefix=, then next to boot\.cfg\)"
check_case dotdot-iso "--broken dotdot" "'/\.\./etc/shadow', which with prefix= climbs out of the media"
check_case dotdot-tar "--broken dotdot --format tar" "climbs out of the media"
check_case truncated-iso "--broken truncated" "is truncated"
check_case truncated-tgz "--broken truncated --format tgz" "truncated or corrupt"
check_case bad-bootcfg "--broken bad-bootcfg" "BOOT.CFG: boot.cfg line 1 is not of the form key=value"
check_case too-big "--broken too-big --seed 1" "partition 5 need [0-9]+ MiB, but it holds only [0-9]+ MiB"
printf 'not an iso at all\n' >"$T/junk.iso"
err=$("$STOAT" install --kickstart "$T/ks" --media "$T/junk.iso" --disk "$T/disk.img:disk" --only-listed-disks 2>&1 >/dev/null | grep -v 'clear text')
like "$err" "^stoat: cannot read the media .*junk.iso" "a file that is no archive: one clear line"

is "$(ends "$T/disk.img")" "$before_img" "the image file's first and last MiB are unchanged"
is "$(ends "$loop")" "$before_loop" "the loop device's first and last MiB are unchanged"
is "$(sgdisk -p "$T/disk.img" 2>&1 | grep -c '^ *[0-9]')" 0 "no partition table was written"

done_testing
