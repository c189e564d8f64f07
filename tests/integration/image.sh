#!/bin/bash
# image.sh - stoat flash and stoat backup on real loop devices and files.
#
# Results are checked with cmp, sha256sum, sgdisk, stat and the compression
# tools themselves; images to flash are made by gzip/xz/zstd/bzip2, not stoat.
. "$top_srcdir/tests/lib/tap.sh"

need_root_loop
for t in gzip xz zstd bzip2 sgdisk sha256sum cmp blockdev mkfifo timeout; do
	command -v $t >/dev/null || skip_all "$t is missing"
done

T=$TAP_TMP
MIB=1048576
MKMEDIA=$top_srcdir/tests/fixtures/mkmedia.sh
trap 'umount "$T/mnt" 2>/dev/null; tap_cleanup' EXIT

# attach VAR FILE: attach FILE and put the device in VAR (tap_loop records
# it for detaching at exit).
attach() {
	local l
	l=$(tap_loop "$2") || skip_all "cannot attach a loop device"
	printf -v "$1" %s "$l"
}

# sha256 of the first MiB of a device or file
first_mib() { head -c $MIB "$1" | sha256sum | cut -d' ' -f1; }
# a file of N MiB of random data
random_file() { head -c $(($2 * MIB)) /dev/urandom >"$1"; }

# The source: a 40 MiB GPT disk, random data in its two partitions, zeros
# elsewhere (little random data: compressing it is the slow part).
truncate -s 40M "$T/src.img"
sgdisk -n1:2048:+8M -n2:0:+16M "$T/src.img" >/dev/null 2>&1 ||
	skip_all "sgdisk cannot write a GPT here"
dd if=/dev/urandom of="$T/src.img" bs=1M seek=1 count=2 conv=notrunc status=none
dd if=/dev/urandom of="$T/src.img" bs=1M seek=20 count=1 conv=notrunc status=none
src_sum=$(sha256sum <"$T/src.img" | cut -d' ' -f1)

# Two 64 MiB loop devices with stale content: A written with zeros and a
# random last MiB (fully allocated, so zeroing shows in filefrag), B random.
{ head -c $((63 * MIB)) /dev/zero; head -c $MIB /dev/urandom; } >"$T/a.bin"
random_file "$T/b.bin" 64
attach A "$T/a.bin"
attach B "$T/b.bin"

# --- flash a raw image onto a loop device ---------------------------------
# 4 KiB blocks of a file holding data (not holes, not unwritten extents)
written_blocks() {
	filefrag -v -b4096 "$1" 2>/dev/null |
		awk -F: '/^ *[0-9]+:/ { n = $4; gsub(/ /, "", n); if ($0 !~ /unwritten/) s += n } END { print s + 0 }'
}
written_before=$(written_blocks "$T/a.bin")
out=$("$STOAT" flash "$T/src.img" "$A" --yes 2>"$T/err"); rc=$?
is "$rc" 0 "flash of a raw image onto $A exits 0"
cmp -s -n $((40 * MIB)) "$T/src.img" "$A"; ok $? "the device holds the image byte for byte (cmp)"
like "$out" "Read back and compared" "flash verifies by default"
is "$(sgdisk -p "$A" 2>/dev/null | awk '$1 ~ /^[0-9]+$/ { printf "%s:%s-%s ", $1, $2, $3 }')" \
	"1:2048-18431 2:18432-51199 " "sgdisk reads the image's partition table on the device"
tail -c 65536 "$A" | cmp -s - <(head -c 65536 /dev/zero); ok $? "the last 64 KiB of the larger device (a stale backup GPT) are zeroed"
if command -v filefrag >/dev/null && [ "$written_before" -gt 0 ]; then
	written_after=$(written_blocks "$T/a.bin")
	# about 36 MiB of the image are zeros; at least 20 MiB must not be written
	[ "$written_after" -le $((written_before - 5120)) ]
	ok $? "all-zero ranges were zeroed by the loop device, not written (filefrag: $written_before -> $written_after written blocks)"
else
	skip "filefrag is missing or cannot map the loop device's file"
fi
like "$(cat "$T/err")" "^Writing .*100%" "progress shows percent on stderr"
[ "$(tr -d -c '\r\033' <"$T/err" | wc -c)" -eq 0 ]; ok $? "progress has no control characters when stderr is not a terminal"

# --- backup: whole device, --used, checksum files --------------------------
"$STOAT" backup "$A" "$T/full.gz" >/dev/null 2>&1; ok $? "backup of $A to .gz exits 0"
gzip -t "$T/full.gz"; ok $? "the backup is a valid gzip file (gzip -t)"
is "$(gzip -dc "$T/full.gz" | cmp - "$A" && echo same)" same "the .gz backup decompresses to the whole device (cmp)"
(cd "$T" && gzip -dc full.gz | sha256sum -c --status full.gz.sha256); ok $? "full.gz.sha256 checks with sha256sum -c"
ls -a "$T" | grep -q '^\.full\.gz\.'; is "$?" 1 "no temporary file is left beside the image"

last=$(sgdisk -i 2 "$A" | sed -n 's/^Last sector: \([0-9]*\).*/\1/p')
"$STOAT" backup "$A" "$T/used.zst" --used >/dev/null 2>&1; ok $? "backup --used to .zst exits 0"
is "$(zstd -dc "$T/used.zst" | wc -c)" $(((last + 1) * 512)) "--used stops at the end of the last partition (sector $last)"
(cd "$T" && zstd -dc used.zst | sha256sum -c --status used.zst.sha256); ok $? "used.zst.sha256 checks with sha256sum -c"

"$STOAT" backup "$A" "$T/raw.img" --no-verify >/dev/null 2>&1; ok $? "backup to .img (raw) with --no-verify exits 0"
cmp -s "$T/raw.img" "$A"; ok $? "the raw backup is the device byte for byte"
(cd "$T" && sha256sum -c --status raw.img.sha256); ok $? "raw.img.sha256 names the file and checks with sha256sum -c"

# --- round trip: backup of A flashed onto B --------------------------------
"$STOAT" flash "$T/full.gz" "$B" --yes >/dev/null 2>&1; ok $? "flash of the .gz backup onto $B exits 0"
cmp -s "$A" "$B"; ok $? "round trip: $B is byte-identical to $A (cmp)"
random_file "$T/c.bin" 64
"$STOAT" flash "$T/used.zst" "$T/c.bin" --yes >/dev/null 2>&1; ok $? "flash of the --used backup onto an image file exits 0"
cmp -s -n $(((last + 1) * 512)) "$T/c.bin" "$A"; ok $? "the used part arrives intact"

# --- every compression, made by the real tools ------------------------------
# the fastest levels: the formats are the same, the tests quicker
declare -A fast=([gzip]=-1 [xz]=-0 [zstd]=-1 [bzip2]=-1)
for c in gzip xz zstd bzip2; do
	$c ${fast[$c]} -c "$T/src.img" >"$T/src.$c"
	rm -f "$T/out.img"
	"$STOAT" flash "$T/src.$c" "$T/out.img" --yes >/dev/null 2>"$T/err"; rc=$?
	is "$rc" 0 "flash of an image compressed by $c exits 0"
	is "$(sha256sum <"$T/out.img" | cut -d' ' -f1)" "$src_sum" "the $c image is written exactly"
done
cp "$T/src.zstd" "$T/noext"
"$STOAT" flash "$T/noext" "$B" --yes --no-verify >/dev/null 2>&1; ok $? "compression is found by content, not by name"
cmp -s -n $((40 * MIB)) "$T/src.img" "$B"; ok $? "and the device holds the image"

# --- damaged images: one clear line, first MiB untouched --------------------
random_file "$T/b.bin.new" 1
dd if="$T/b.bin.new" of="$B" bs=1M count=1 conv=fsync status=none
before=$(first_mib "$B")
for c in zstd xz gzip bzip2; do
	sz=$(stat -c %s "$T/src.$c")
	head -c $((sz * 2 / 3)) "$T/src.$c" >"$T/trunc.$c"
	err=$("$STOAT" flash "$T/trunc.$c" "$B" --yes 2>&1 >/dev/null); rc=$?
	is "$rc" 1 "a truncated $c image fails"
	# (gzip: the size in a truncated file's last bytes is garbage, and may
	# refuse it first, saying it holds only if the file is complete)
	like "$(printf '%s\n' "$err" | grep '^stoat:')" "damaged or truncated|damaged|if the file is complete" "and says the image is damaged or truncated"
	is "$(printf '%s\n' "$err" | grep -c '^stoat:')" 1 "in one line"
	is "$(first_mib "$B")" "$before" "the device's first MiB is unchanged after the truncated $c image"

	cp "$T/src.$c" "$T/bad.$c"
	printf '\x13\x57\x9b\xdf\x02\x46\x8a\xce' | dd of="$T/bad.$c" bs=1 seek=$((sz / 2)) conv=notrunc status=none
	err=$("$STOAT" flash "$T/bad.$c" "$B" --yes 2>&1 >/dev/null); rc=$?
	is "$rc" 1 "a corrupt $c image fails"
	is "$(first_mib "$B")" "$before" "the device's first MiB is unchanged after the corrupt $c image"
done

cp "$T/src.img" "$T/sum.img"
echo "0000000000000000000000000000000000000000000000000000000000000000  sum.img" >"$T/sum.img.sha256"
err=$("$STOAT" flash "$T/sum.img" "$B" --yes 2>&1 >/dev/null); rc=$?
is "$rc" 1 "an image that does not match its .sha256 file fails"
like "$err" "does not match its checksum file" "and says so"
is "$(first_mib "$B")" "$before" "the device's first MiB is unchanged"

# --- refusals ---------------------------------------------------------------
truncate -s 16M "$T/small.bin"
attach S "$T/small.bin"
err=$("$STOAT" flash "$T/src.img" "$S" --yes 2>&1); rc=$?
is "$rc" 1 "a raw image larger than the device is refused"
like "$err" "larger than" "with a message saying so"
is "$(head -c $((16 * MIB)) "$S" | tr -d '\0' | wc -c)" 0 "and nothing was written to the small device"
dd if=/dev/urandom of="$S" bs=1M count=1 conv=fsync status=none
before_s=$(first_mib "$S")
err=$("$STOAT" flash "$T/src.zstd" "$S" --yes 2>&1); rc=$?
is "$rc" 1 "a compressed image larger than the device fails"
like "$err" "larger than" "with a message saying so"
is "$(first_mib "$S")" "$before_s" "before the first MiB is written"

# --- a compressed image's size, from its header, against the device ----------
# Before anything is written: the whole small device stays as it was.
whole_s=$(sha256sum <"$S" | cut -d' ' -f1)
declare -A from=([xz]="xz index" [zstd]="zstd frame header" [gzip]="gzip trailer")
for c in xz zstd gzip; do
	err=$("$STOAT" flash "$T/src.$c" "$S" --yes 2>&1); rc=$?
	is "$rc" 1 "a $c image of 40 MiB is refused for the 16 MiB $S"
	like "$err" "larger than $S: it holds 40 MiB uncompressed \(41943040 bytes, from its ${from[$c]}(, if the file is complete)?\), the device 16 MiB \(16777216 bytes\); nothing was written" \
		"naming both sizes and where the image's comes from ($c)"
	is "$(sha256sum <"$S" | cut -d' ' -f1)" "$whole_s" "and not one byte of $S was written ($c)"
done
# A gzip file too large for ISIZE to be trusted as the size (it may have
# wrapped at 4 GiB) still gives a lower bound.
{ head -c 510 /dev/urandom; printf '\x55\xaa'; head -c $((24 * MIB - 512)) /dev/urandom; } >"$T/r24.img"
gzip -1 -c "$T/r24.img" >"$T/r24.gz"
err=$("$STOAT" flash "$T/r24.gz" "$S" --yes 2>&1); rc=$?
is "$rc" 1 "a 24 MiB gzip image is refused for $S by its ISIZE as a lower bound"
like "$err" "holds at least 24 MiB uncompressed \(25165824 bytes, from its gzip trailer, if the file is complete\)" "and says it is at least that"
is "$(sha256sum <"$S" | cut -d' ' -f1)" "$whole_s" "and $S is unchanged"
xz -0 -T2 -c "$T/r24.img" >"$T/r24.xz"
"$STOAT" flash "$T/r24.xz" "$T/r24.out" --yes >/dev/null 2>&1; ok $? "an xz image of several streams/blocks flashes onto a file"
cmp -s "$T/r24.img" "$T/r24.out"; ok $? "and arrives intact (cmp)"

# --- progress counts uncompressed bytes against the size from the header ------
"$STOAT" flash "$T/src.xz" "$T/prog.out" --yes >/dev/null 2>"$T/err"; rc=$?
is "$rc" 0 "flash of the xz image exits 0"
like "$(grep '^Writing' "$T/err")" "^Writing [0-9]+%  [0-9]+ MiB of 40 MiB  .* left" "writing shows bytes of the 40 MiB from the xz index"
like "$(grep '^Verifying' "$T/err")" "^Verifying [0-9]+%  [0-9]+ MiB of 40 MiB  " "and so does verifying"
bad=$(grep -E '^(Writing|Verifying)' "$T/err" | awk '{ p = $2 + 0; d = $3 * 100 / 40; if (p - d > 12 || d - p > 12) print }')
is "$bad" "" "every percentage is the uncompressed bytes done over 40 MiB"
like "$(tail -1 "$T/err")" "^Verifying 100%  40 MiB of 40 MiB  [0-9.]+ MB/s  0:00 left" "the last line: all 40 MiB, nothing left"

err=$("$STOAT" flash "$T/src.img" "$B" </dev/null 2>&1); rc=$?
is "$rc" 1 "without a terminal and without --yes, flash refuses"
like "$err" "add --yes" "and says how to confirm"
is "$(first_mib "$B")" "$before" "nothing was written"

blockdev --setro "$B"
err=$("$STOAT" flash "$T/src.img" "$B" --yes 2>&1); rc=$?
blockdev --setrw "$B"
is "$rc" 1 "a read-only device is refused"
like "$err" "read-only" "with a message saying so"
is "$(first_mib "$B")" "$before" "and it is unchanged"

err=$("$STOAT" flash "$T/src.img" 2>&1); rc=$?
is "$rc" 2 "flash with one operand is a usage error"

# --- what is not a disk image is refused before the question -----------------
# (no --yes and no terminal: a refusal that came after the question would
# say "add --yes")
printf 'Notes on the lab hosts\nesx1: 10.0.0.1\n' >"$T/notes.txt"
printf '# ks.cfg\nvmaccepteula\nrootpw secret1!\ninstall --firstdisk --overwritevmfs\nreboot\n' >"$T/ks.cfg"
head -c $((2 * MIB)) /dev/urandom >"$T/noise.bin"
declare -A why=([notes.txt]="notes.txt is a text file, not a disk image"
	[ks.cfg]="ks.cfg is a kickstart file, not a disk image; to install with it, run: stoat install --kickstart"
	[noise.bin]="noise.bin does not look like a disk image: .*no partition table.*add --force")
for f in notes.txt ks.cfg noise.bin; do
	err=$(cd "$T" && "$STOAT" flash "$f" "$B" </dev/null 2>&1); rc=$?
	is "$rc" 1 "flash of $f is refused"
	like "$err" "${why[$f]}" "saying what $f is"
	is "$(first_mib "$B")" "$before" "and $B is unchanged ($f)"
done
if [ -x "$MKMEDIA" ] && command -v xorriso >/dev/null && "$MKMEDIA" "$T/esxi.iso" >/dev/null 2>&1; then
	xz -0 -c "$T/esxi.iso" >"$T/esxi.iso.xz"
	for f in esxi.iso esxi.iso.xz; do
		err=$(cd "$T" && "$STOAT" flash "$f" "$B" --yes --force 2>&1); rc=$?
		is "$rc" 1 "ESXi install media ($f) is refused, even with --force"
		like "$err" "$f is ESXi install media, not a flash image; to install ESXi from it, run: stoat --media $f" \
			"saying so and how to install from it ($f)"
	done
	is "$(first_mib "$B")" "$before" "and $B is unchanged"
else
	for i in 1 2 3 4 5; do skip "cannot build fixture media"; done
fi
"$STOAT" flash "$T/noise.bin" "$T/noise.out" --yes --force >/dev/null 2>&1; ok $? "--force writes binary data without a partition table"
cmp -s "$T/noise.bin" "$T/noise.out"; ok $? "and it arrives intact (cmp)"

# --- backup never replaces what is not an image file -------------------------
dd if=/dev/urandom of="$B" bs=1M count=1 conv=fsync status=none
before=$(first_mib "$B")
err=$("$STOAT" backup "$A" "$B" 2>&1); rc=$?
is "$rc" 1 "backup onto a device node (the operands of 'backup $A $B' swapped) is refused"
like "$err" "$B exists and is a block device, not an image file" "naming the path and what it is"
is "$(stat -c %F "$B")" "block special file" "$B is still a block device"
is "$(first_mib "$B")" "$before" "and its content is unchanged"
err=$("$STOAT" backup "$A" "$B" --force 2>&1); rc=$?
is "$rc" 1 "--force does not change that"
is "$(stat -c %F "$B")" "block special file" "$B is still a block device after --force"
mkdir "$T/adir"; mkfifo "$T/afifo"
err=$("$STOAT" backup "$A" "$T/adir" 2>&1); rc=$?
is "$rc" 1 "a directory as the image is refused"; like "$err" "adir exists and is a directory" "and named"
err=$(timeout 20 "$STOAT" backup "$A" "$T/afifo" 2>&1); rc=$?
is "$rc" 1 "a fifo as the image is refused (without opening it)"; like "$err" "afifo exists and is a fifo" "and named"
is "$(stat -c %F "$T/afifo")" "fifo" "it is still a fifo"
ls -a "$T" | grep -q '^\.afifo\.'; is "$?" 1 "no temporary file was made for it"

# an existing image: kept unless --force
old=$(sha256sum <"$T/full.gz" | cut -d' ' -f1)
err=$("$STOAT" backup "$A" "$T/full.gz" 2>&1); rc=$?
is "$rc" 1 "a backup over an existing image is refused without --force"
like "$err" "full.gz already exists; add --force to replace it" "saying how to replace it"
is "$(sha256sum <"$T/full.gz" | cut -d' ' -f1)" "$old" "and the old image is untouched"
"$STOAT" backup "$B" "$T/full.gz" --force >/dev/null 2>&1; ok $? "with --force it is replaced"
is "$(gzip -dc "$T/full.gz" | cmp - "$B" && echo same)" same "by the new backup (cmp)"
(cd "$T" && gzip -dc full.gz | sha256sum -c --status full.gz.sha256); ok $? "and full.gz.sha256 is replaced with it"
# a checksum file follows the same rules
echo stale >"$T/new.zst.sha256"
err=$("$STOAT" backup "$A" "$T/new.zst" 2>&1); rc=$?
is "$rc" 1 "a stale .sha256 of the same name is not replaced without --force"
like "$err" "new.zst.sha256 already exists" "and named"
[ ! -e "$T/new.zst" ]; ok $? "and no image was made"
rm "$T/new.zst.sha256"; mkdir "$T/new.zst.sha256"
err=$("$STOAT" backup "$A" "$T/new.zst" --force 2>&1); rc=$?
is "$rc" 1 "a .sha256 path that is a directory is refused even with --force"
like "$err" "new.zst.sha256 exists and is a directory" "and named"
like "$("$STOAT" --help)" "--force +backup: replace an existing image" "--help lists --force"

# --- sector sizes, odd sizes, small images ---------------------------------
truncate -s 64M "$T/k.bin"
if K4=$(losetup -f --show --sector-size 4096 "$T/k.bin" 2>/dev/null); then
	tap_record "$K4" "$T/k.bin"
	is "$(blockdev --getss "$K4")" 4096 "the loop device has 4096-byte sectors"
	"$STOAT" flash "$T/src.img" "$K4" --yes >/dev/null 2>&1; ok $? "flash onto a loop device with 4096-byte sectors exits 0"
	cmp -s -n $((40 * MIB)) "$T/src.img" "$K4"; ok $? "and it holds the image (cmp)"
else
	for i in 1 2 3; do skip "cannot attach a loop device with 4096-byte sectors"; done
fi
# 40 MiB + 1000 bytes: the last piece is not a whole sector
{ cat "$T/src.img"; head -c 1000 /dev/urandom; } >"$T/odd.img"
zstd -q -1 -c "$T/odd.img" >"$T/odd.img.zst"
"$STOAT" flash "$T/odd.img.zst" "$B" --yes >/dev/null 2>&1; ok $? "flash of an image whose size is not a whole number of sectors exits 0"
cmp -s -n $((40 * MIB + 1000)) "$T/odd.img" "$B"; ok $? "and every byte arrives (cmp)"
head -c 300000 /dev/urandom >"$T/tiny.img"
"$STOAT" flash "$T/tiny.img" "$T/tiny.out" --yes --force >/dev/null 2>&1; ok $? "an image smaller than 1 MiB is written (all of it last; --force: random data has no partition table)"
cmp -s "$T/tiny.img" "$T/tiny.out"; ok $? "and matches (cmp)"

# --- MBR disks and --used ---------------------------------------------------
truncate -s 24M "$T/mbr.img"
printf 'start=2048, size=8192, type=83\nstart=12288, size=16384, type=c\n' |
	sfdisk -q "$T/mbr.img" >/dev/null 2>&1
dd if=/dev/urandom of="$T/mbr.img" bs=512 seek=12288 count=16384 conv=notrunc status=none
"$STOAT" backup "$T/mbr.img" "$T/mbr.gz" --used >/dev/null 2>&1; ok $? "backup --used of an MBR disk exits 0"
is "$(gzip -dc "$T/mbr.gz" | wc -c)" $(((12288 + 16384) * 512)) "--used stops at the end of the last MBR partition"
truncate -s 8M "$T/blank.img"
err=$("$STOAT" backup "$T/blank.img" "$T/blank.zst" --used 2>&1); rc=$?
is "$rc" 1 "backup --used of a disk without a partition table fails"
like "$err" "no partition table" "and says so"
[ ! -e "$T/blank.zst" ]; ok $? "and leaves no image behind"

# --used reads the GPT through the same checked reader as everything else:
# a GPT whose entries no longer match their CRC is refused, not guessed at.
truncate -s 24M "$T/gpt.img"
sgdisk -n1:2048:+4M -n2:0:+8M "$T/gpt.img" >/dev/null 2>&1
gpt_last=$(sgdisk -i 2 "$T/gpt.img" | sed -n 's/^Last sector: \([0-9]*\).*/\1/p')
"$STOAT" backup "$T/gpt.img" "$T/gpt.gz" --used >/dev/null 2>&1; ok $? "backup --used of a small GPT disk exits 0"
is "$(gzip -dc "$T/gpt.gz" | wc -c)" $(((gpt_last + 1) * 512)) "--used stops at its last partition (sector $gpt_last)"
printf 'X' | dd of="$T/gpt.img" bs=1 seek=$((2 * 512 + 100)) conv=notrunc status=none
sgdisk -v "$T/gpt.img" 2>&1 | grep -qi 'crc'; ok $? "sgdisk -v sees the damaged entry array CRC"
err=$("$STOAT" backup "$T/gpt.img" "$T/bad.gz" --used 2>&1); rc=$?
is "$rc" 1 "backup --used of a GPT with a bad entry CRC fails"
like "$err" "GPT on .* cannot be read" "and says the GPT cannot be read"
[ ! -e "$T/bad.gz" ]; ok $? "and leaves no image behind"

# --- confirmation on a terminal ---------------------------------------------
if command -v script >/dev/null; then
	out=$(printf 'no\n' | script -qec "$STOAT flash $T/src.img $B" /dev/null 2>&1); rc=$?
	like "$out" "Size: 64 MiB" "on a terminal, flash names the device and its size before writing"
	like "$out" "not confirmed; nothing was written" "answering anything but yes writes nothing"
	is "$(first_mib "$B")" "$(head -c $MIB "$T/odd.img" | sha256sum | cut -d' ' -f1)" "and the device is unchanged"
	out=$(printf 'yes\n' | script -qec "$STOAT flash $T/src.img $B" /dev/null 2>&1); rc=$?
	like "$out" "Wrote .* to $B" "answering yes writes the image"
	cmp -s -n $((40 * MIB)) "$T/src.img" "$B"; ok $? "and the device holds it (cmp)"
else
	for i in 1 2 3 4 5; do skip "script (util-linux) is missing"; done
fi

# A mounted partition: mount an ext2 (or FAT) partition of a loop device
# read-only.
if command -v mount >/dev/null && command -v partx >/dev/null; then
	truncate -s 48M "$T/m.bin"
	sgdisk -n1:2048:+32M -t1:0700 "$T/m.bin" >/dev/null 2>&1
	attach M "$T/m.bin"
	mkdir "$T/mnt"
	# kernels without partition parsers: add the partition by hand
	[ -b "${M}p1" ] || partx -a "$M" 2>/dev/null
	command -v udevadm >/dev/null && udevadm settle 2>/dev/null
	if [ -b "${M}p1" ] && { mkfs.ext2 -q -F "${M}p1" >/dev/null 2>&1 ||
		mkfs.fat "${M}p1" >/dev/null 2>&1; } &&
		mount -o ro "${M}p1" "$T/mnt" 2>/dev/null; then
		before_m=$(first_mib "$M")
		err=$("$STOAT" flash "$T/src.img" "$M" --yes 2>&1); rc=$?
		is "$rc" 1 "a device with a mounted partition is refused"
		like "$err" "mounted" "with a message naming the mount"
		is "$(first_mib "$M")" "$before_m" "and it is unchanged"
		err=$("$STOAT" backup "$M" "$T/m.zst" 2>&1); rc=$?
		is "$rc" 1 "backup of a mounted device is refused too"
		umount "$T/mnt"
		partx -d "$M" 2>/dev/null
	else
		for i in 1 2 3 4; do skip "cannot format and mount a loop partition here"; done
	fi
else
	for i in 1 2 3 4; do skip "mount or partx is missing"; done
fi

# --- interruptions: logged and reported as such, never "Broken pipe" --------
# A 256 MiB image, so the copy takes a while; the signal is sent once the
# first progress line is out, with the process stopped so it cannot finish
# meanwhile.
{ head -c 510 /dev/zero; printf '\x55\xaa'; head -c $((256 * MIB - 512)) /dev/urandom; } >"$T/big.img"
truncate -s 300M "$T/big.bin"
attach G "$T/big.bin"
dd if=/dev/urandom of="$G" bs=1M count=1 conv=fsync status=none
before_g=$(first_mib "$G")
# interrupt SIGNAL PATTERN CMD...: run CMD in the background, send SIGNAL
# once its stderr matches PATTERN; its exit status in $rc.
interrupt() {
	local sig=$1 pat=$2 pid i
	shift 2
	"$@" >/dev/null 2>"$T/ierr" &
	pid=$!
	for i in $(seq 500); do grep -q "$pat" "$T/ierr" 2>/dev/null && break; sleep 0.01; done
	kill -STOP $pid; kill -"$sig" $pid; kill -CONT $pid
	wait $pid; rc=$?
}
rm -f "$T/flash.log"
interrupt INT '^Writing' "$STOAT" flash "$T/big.img" "$G" --yes --log "$T/flash.log"
is "$rc" 1 "Ctrl-C while flashing exits 1"
like "$(cat "$T/ierr")" "^stoat: flash interrupted by Ctrl-C \(SIGINT\) while Writing: .*first MiB was left as it was" "and says it was interrupted, and where"
like "$(cat "$T/flash.log")" "flash interrupted by Ctrl-C \(SIGINT\) while Writing" "the --log says so too"
like "$(cat "$T/flash.log")" "flash: target $G: vendor" "after naming the target"
is "$(first_mib "$G")" "$before_g" "the device's first MiB is unchanged"

rm -f "$T/flash.log"
"$STOAT" flash "$T/big.img" "$G" --yes --log "$T/flash.log" 2>&1 >/dev/null | head -c 10 >/dev/null
rc=${PIPESTATUS[0]}
is "$rc" 1 "a flash whose output is closed stops and exits 1"
like "$(cat "$T/flash.log")" "flash interrupted by SIGPIPE \(the output was closed\)" "the --log says it was interrupted by SIGPIPE"
grep -qi "broken pipe" "$T/flash.log"; is "$?" 1 "not \"Broken pipe\""
is "$(first_mib "$G")" "$before_g" "the device's first MiB is unchanged"

rm -f "$T/backup.log"
interrupt TERM '^Reading' "$STOAT" backup "$G" "$T/g.zst" --log "$T/backup.log"
is "$rc" 1 "SIGTERM during a backup exits 1"
like "$(cat "$T/ierr")" "backup interrupted by SIGTERM while Reading: stopped on request; no image was saved" "and says it was interrupted"
like "$(cat "$T/backup.log")" "backup interrupted by SIGTERM" "the --log says so"
[ ! -e "$T/g.zst" ] && ! ls -a "$T" | grep -q '^\.g\.zst\.'; ok $? "no image and no temporary file are left"

"$STOAT" flash "$T/src.img" "$B" --yes --log "$T/ok.log" >/dev/null 2>&1
like "$(cat "$T/ok.log")" "flash complete: .*src.img \(40 MiB\) written to $B" "a flash that completes is logged as complete"

done_testing
