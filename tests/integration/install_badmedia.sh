#!/bin/bash
# install_badmedia.sh - bad media is refused with one clear line before the
# target is touched: its first and last MiB stay byte-identical. The line
# starts with the media's path and says, in stoat's words, what it is or
# is not (a text file, a ZIP archive, an ISO image without boot.cfg, ...),
# with libarchive's detail after a colon at most.
. "$top_srcdir/tests/integration/install_lib.sh"
need_root_loop

T=$TAP_TMP
write_ks "$T/ks" "--firstdisk --overwritevmfs" "network --bootproto=dhcp"

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
			--only-listed-disks 2>&1 >/dev/null)
		rc=$(printf '%s\n' "$err" | grep -c .)
		like "$err" "^stoat: .*$pat" "$name on ${target%%:*}: one clear line ($pat)"
		is "$rc" 1 "$name on ${target%%:*}: exactly one line"
	done
	"$STOAT" install --kickstart "$T/ks" --media "$media" --disk "$T/disk.img:disk" \
		--only-listed-disks >/dev/null 2>&1
	is "$?" 1 "$name: exit status 1"
}

check_case no-bootcfg "--broken no-bootcfg" "has no boot.cfg"
check_case missing-module "--broken missing-module" "names the module '/user.b00', but the media has no such file \(looked for user\.b00, then next to boot\.cfg and at the media's root\)"
check_case dotdot-iso "--broken dotdot" "'/\.\./etc/shadow', which climbs out of the media"
check_case dotdot-tar "--broken dotdot --format tar" "climbs out of the media"
check_case truncated-iso "--broken truncated" "is a truncated ISO image: it has [0-9]+ of its [0-9]+ bytes"
check_case truncated-tgz "--broken truncated --format tgz" "is truncated or corrupt: [^ ]"
check_case bad-bootcfg "--broken bad-bootcfg" "BOOT.CFG: boot.cfg line 1 is not of the form key=value"
check_case too-big "--broken too-big --seed 1" "partition 5 need [0-9]+ MiB, but it holds only [0-9]+ MiB"
printf 'not an iso at all\n' >"$T/junk.iso"
err=$("$STOAT" install --kickstart "$T/ks" --media "$T/junk.iso" --disk "$T/disk.img:disk" --only-listed-disks 2>&1 >/dev/null)
like "$err" "^stoat: $T/junk.iso is not ESXi install media: it is a text file\$" "a file that is no archive: one clear line"

# what NAME MEDIA PATTERN [RUNNER...]: `stoat install --dry-run` refuses
# MEDIA with exit status 1 and one line "stoat: MEDIA PATTERN" (RUNNER:
# a command that runs stoat, such as setpriv).
pub=$T/pub
mkdir "$pub"
chmod 711 "$T"
chmod 755 "$pub"
cp "$T/ks" "$pub/ks"
chmod 644 "$pub/ks"
what() {
	local name=$1 media=$2 pat=$3 err
	shift 3
	err=$("$@" "$STOAT" install --kickstart "$pub/ks" --media "$media" --dry-run 2>&1 >/dev/null)
	like "$err" "^stoat: $media $pat\$" "$name: said in stoat's words, after the path"
	is "$(printf '%s\n' "$err" | grep -c .)" 1 "$name: exactly one line"
	"$@" "$STOAT" install --kickstart "$pub/ks" --media "$media" --dry-run >/dev/null 2>&1
	is "$?" 1 "$name: exit status 1"
}
not="is not ESXi install media: it"
cp /etc/passwd "$pub/passwd"
what "a text file" "$pub/passwd" "$not is a text file"
: >"$pub/empty"
what "an empty file" "$pub/empty" "$not is an empty file"
python3 -c 'import sys, zipfile; zipfile.ZipFile(sys.argv[1], "w").writestr("BOOT.CFG", "kernel=/b.b00\n")' "$pub/media.zip"
what "a ZIP archive" "$pub/media.zip" "$not is a ZIP archive; ESXi media come as an ISO image or a tar archive"
cp /bin/true "$pub/program"
what "a program" "$pub/program" "$not is a program"
python3 -c 'import sys; sys.stdout.buffer.write(bytes(range(1, 256)) * 64)' >"$pub/binary"
what "other bytes" "$pub/binary" "$not is neither an ISO image nor a tar archive"
head -c 65536 /dev/zero >"$pub/zeros"
what "zeros" "$pub/zeros" "$not holds no files"
mkfifo "$pub/fifo"
what "a FIFO" "$pub/fifo" "$not is neither a file, a folder nor a block device"
what "a missing file" "$pub/missing.iso" "cannot be opened: No such file or directory"
cp "$pub/passwd" "$pub/secret.iso"
chmod 000 "$pub/secret.iso"
what "an unreadable file" "$pub/secret.iso" "cannot be opened: Permission denied" \
	setpriv --reuid=65534 --regid=65534 --clear-groups
mkdir -p "$pub/cd/DOCS"
printf 'not ESXi\n' >"$pub/cd/README.TXT"
xorriso -as mkisofs -quiet -o "$pub/other.iso" "$pub/cd" 2>/dev/null
what "an ISO image of something else" "$pub/other.iso" "$not is an ISO image that has no boot.cfg"
what "a folder of something else" "$pub/cd" "$not is a folder that has no boot.cfg"
bsdtar -cf "$pub/other.tar" -C "$pub/cd" .
what "a tar archive of something else" "$pub/other.tar" "$not is a tar archive that has no boot.cfg"
gzip -c "$pub/other.iso" >"$pub/other.iso.gz"
what "a compressed ISO image" "$pub/other.iso.gz" \
	"$not is compressed but holds no tar archive \(unpack a compressed ISO image first\)"
head -c 40000 "$pub/other.iso" >"$pub/cut.iso"
what "a truncated ISO image" "$pub/cut.iso" "is a truncated ISO image: it has 40000 of its [0-9]+ bytes"

is "$(ends "$T/disk.img")" "$before_img" "the image file's first and last MiB are unchanged"
is "$(ends "$loop")" "$before_loop" "the loop device's first and last MiB are unchanged"
is "$(sgdisk -p "$T/disk.img" 2>&1 | grep -c '^ *[0-9]')" 0 "no partition table was written"

done_testing
