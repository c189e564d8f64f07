#!/bin/sh
# partition.sh - write every layout variant with partition_apply() to sparse
# image files and to real loop devices (512 and 4096-byte sectors), then
# read it back with tools that share no code with stoat: sgdisk, partx,
# blkid, wipefs, od and our own python GPT reader (tests/tools/ptbl.py).
. "$top_srcdir/tests/lib/tap.sh"

PW=$top_builddir/tests/unit/partition_write
PTBL=$top_srcdir/tests/tools/ptbl.py
[ -x "$PW" ] || skip_all "tests/unit/partition_write is not built"
for t in sgdisk python3 blkid wipefs od; do
	command -v $t >/dev/null || skip_all "$t is missing"
done
GPTMBR=$(sed -n 's/^#define GPTMBR_PATH "\(.*\)"$/\1/p' "$top_builddir/config.h")
T=$TAP_TMP

# name|bytes|options (the same options for stoat plan and partition_write)
VARIANTS="e6-16g|17179869184|--layout esxi6
e6-2g|2147483648|--layout esxi6
e6-usb|15791554560|--layout esxi6 --flash
e6-6g|6442450944|--layout esxi6
e6-novmfs|17179869184|--layout esxi6 --novmfsondisk
e7-10g|10737418240|--layout esxi7
e7-500g|536870912000|--layout esxi7
e7-min|536870912000|--layout esxi7 --system-media-size min
e7-usb|17179869184|--layout esxi7 --flash"

# variant NAME: print "bytes|options"
variant() {
	printf '%s\n' "$VARIANTS" | sed -n "s/^$1|//p"
}

# Partition lines of a partedUtil table as "num start end", by number.
plan_ranges() {
	printf '%s\n' "$1" | awk 'NR > 2 { print $1, $2, $3 }' | sort -n
}

# Partition lines in 512-byte units with dashed lower-case GUIDs, as
# partx and blkid report them. $2: sector size.
plan_512() {
	printf '%s\n' "$1" | awk -v k=$(($2 / 512)) 'NR > 2 {
		g = tolower($4)
		printf "%d %d %d %s-%s-%s-%s-%s\n", $1, $2 * k, ($3 + 1) * k - 1,
			substr(g, 1, 8), substr(g, 9, 4), substr(g, 13, 4),
			substr(g, 17, 4), substr(g, 21, 12) }' | sort -n
}

# check_table TARGET PLAN LABEL: the checks for files and devices alike.
check_table() {
	local tgt=$1 plan=$2 label=$3 got want n
	is "$(python3 "$PTBL" "$tgt" 2>&1)" "$plan" "$label: our GPT reader sees exactly the plan"
	like "$(sgdisk -v "$tgt" 2>&1)" "No problems found" "$label: sgdisk -v finds no problems"
	got=$(sgdisk -p "$tgt" 2>/dev/null | awk '$1 ~ /^[0-9]+$/ && NF >= 6 { print $1, $2, $3 }' | sort -n)
	is "$got" "$(plan_ranges "$plan")" "$label: sgdisk -p lists the planned sectors"
	got= want=
	for n in $(printf '%s\n' "$plan" | awk 'NR > 2 { print $1 }'); do
		got="$got $n $(sgdisk -i "$n" "$tgt" 2>/dev/null | awk '/GUID code:/ { print $4 } /Attribute flags:/ { print $3 }' | tr '\n' ' ')"
	done
	want=$(printf '%s\n' "$plan" | awk 'NR > 2 {
		g = $4
		printf " %d %s-%s-%s-%s-%s %s ", $1, substr(g, 1, 8), substr(g, 9, 4),
			substr(g, 13, 4), substr(g, 17, 4), substr(g, 21, 12),
			$6 == 128 ? "0000000000000004" : "0000000000000000" }' | tr -d '\n')
	is "$(echo $got)" "$(echo $want)" "$label: sgdisk -i shows every VMware type GUID, legacy boot on p1 only"
	is "$(wipefs -n -O TYPE --noheadings "$tgt" | LC_ALL=C sort -u | tr '\n' ' ')" "PMBR gpt " \
		"$label: wipefs finds only the GPT and its protective MBR"
	like "$(blkid -p "$tgt")" 'PTTYPE="gpt"' "$label: blkid -p probes a GPT"
	is "$(od -An -tx1 -j450 -N1 "$tgt" | tr -d ' ')$(od -An -tx1 -j510 -N2 "$tgt" | tr -d ' ')" \
		"ee55aa" "$label: LBA 0 is a protective MBR (type 0xEE, 55AA)"
	if [ -n "$GPTMBR" ] && [ -r "$GPTMBR" ]; then
		cmp -s -n "$(stat -c %s "$GPTMBR")" "$tgt" "$GPTMBR"
		ok $? "$label: LBA 0 starts with the gptmbr.bin boot code"
	else
		skip "$label: no gptmbr.bin configured"
	fi
}

# --- sparse image files --------------------------------------------------
for name in $(printf '%s\n' "$VARIANTS" | cut -d'|' -f1); do
	v=$(variant "$name")
	bytes=${v%%|*} opts=${v#*|}
	img=$T/$name.img
	truncate -s "$bytes" "$img"
	case $name in
	e6-2g) mkfs.ext4 -q -F "$img" 2>/dev/null ;;	# a stale whole-disk filesystem
	e6-6g)	# an old installer ISO written to the whole disk: a FAT boot
		# sector in LBA 0 and an ISO9660 descriptor at 32 KiB
		mkfs.fat -F 32 "$img" >/dev/null 2>&1
		printf '\001CD001\001' | dd of="$img" bs=1 seek=32768 conv=notrunc 2>/dev/null
		like "$(wipefs -n -O TYPE --noheadings "$img")" iso9660 "$name image: the stale ISO9660 signature is seen before" ;;
	e6-16g) sgdisk -o -n 1:2048:+1G "$img" >/dev/null ;;	# a stale, different GPT
	esac
	plan=$("$STOAT" plan --size "$bytes" $opts 2>/dev/null)
	out=$("$PW" $opts "$img" 2>"$T/err"); rc=$?
	is "$rc" 0 "$name image: partition_write succeeds $(head -c 200 "$T/err")"
	is "$out" "$plan" "$name image: the plan written is what stoat plan prints"
	check_table "$img" "$plan" "$name image"
done

# The real tables from REFERENCE.md, as read back from disk.
like "$(python3 "$PTBL" "$T/e6-16g.img")" "^3 15472640 33554398 AA31E02A400F11DB9590000C2911D1B8 vmfs 0$" \
	"16 GiB disk: p3 ends at 33554398 on disk"
like "$(python3 "$PTBL" "$T/e6-usb.img")" "^1919 255 63 30842880$" "USB stick: 1919 255 63 30842880 on disk"
like "$(python3 "$PTBL" "$T/e7-10g.img")" "^7 4407296 20971486 4EB2EA3978554790A79EFAE495E21F8D vmfsl 0$" \
	"10 GiB esxi7 disk: p7 4407296-20971486 vmfsl on disk"
like "$(python3 "$PTBL" "$T/e7-500g.img")" "^8 268437504 " "large esxi7 disk: p8 at 268437504 on disk"

# A missing boot stub is a warning, not an error; LBA 0's code stays zero.
img=$T/e6-2g.img
err=$("$PW" --gptmbr "$T/no-such-gptmbr.bin" "$img" 2>&1 >/dev/null); rc=$?
is "$rc" 0 "no boot stub: still succeeds"
like "$err" "^warning: .*boot stub.*UEFI" "no boot stub: warns that only UEFI boot will work"
is "$(od -v -An -tx1 -N440 "$img" | tr -d ' \n' | tr -d 0)" "" "no boot stub: the boot code area is zero"

# --- loop devices -----------------------------------------------------------
if [ "$(id -u)" != 0 ] || ! command -v losetup >/dev/null || ! command -v partx >/dev/null; then
	skip "loop devices need root, losetup and partx"
	done_testing
	exit
fi

# check_loop DEV SS PLAN LABEL: the block-device-only checks.
check_loop() {
	local dev=$1 ss=$2 plan=$3 label=$4 n start end bad=0 got
	is "$(partx -g -o NR,START,END,TYPE "$dev" 2>&1 | awk '{ print $1, $2, $3, $4 }' | sort -n)" \
		"$(plan_512 "$plan" "$ss")" "$label: partx sees the planned byte offsets and types"
	got=
	for n in $(printf '%s\n' "$plan" | awk 'NR > 2 { print $1 }'); do
		got="$got$(blkid -p -o export "${dev}p$n" 2>/dev/null |
			awk -F= '$1 == "PART_ENTRY_NUMBER" { n = $2 } $1 == "PART_ENTRY_OFFSET" { o = $2 }
				 $1 == "PART_ENTRY_SIZE" { s = $2 } $1 == "PART_ENTRY_TYPE" { t = $2 }
				 END { printf "%d %d %d %s\n", n, o, o + s - 1, t }')
"
	done
	is "$(printf '%s' "$got" | sort -n)" "$(plan_512 "$plan" "$ss")" \
		"$label: blkid -p on each partition node agrees with the plan"
	for n in $(printf '%s\n' "$plan" | awk 'NR > 2 { print $1 ":" ($3 - $2 + 1) }'); do
		[ "$(blockdev --getsize64 "${dev}p${n%%:*}" 2>/dev/null)" = $((${n#*:} * ss)) ] || bad=$((bad + 1))
	done
	is "$bad" 0 "$label: every partition node exists with its planned size"
	is "$(ls "${dev}"p* 2>/dev/null | wc -l)" "$(printf '%s\n' "$plan" | awk 'NR > 2' | wc -l)" \
		"$label: no stale partition nodes"
}

for ss in 512 4096; do
	for name in $(printf '%s\n' "$VARIANTS" | cut -d'|' -f1); do
		v=$(variant "$name")
		bytes=${v%%|*} opts=${v#*|}
		img=$T/loop-$name-$ss.img
		truncate -s "$bytes" "$img"
		dev=$(tap_loop "$img" --sector-size "$ss") || { skip "cannot attach $img"; continue; }
		label="$name on a $ss-byte loop device"
		plan=$("$STOAT" plan --size "$bytes" --sector-size "$ss" $opts 2>/dev/null)
		out=$("$PW" $opts "$dev" 2>"$T/err"); rc=$?
		is "$rc" 0 "$label: partition_write succeeds $(head -c 200 "$T/err")"
		is "$out" "$plan" "$label: the plan written is stoat plan --sector-size $ss"
		check_table "$dev" "$plan" "$label"
		check_loop "$dev" "$ss" "$plan" "$label"
		flash=
		case $opts in *--flash*) flash=:usb ;; esac
		is "$("$STOAT" plan --disk "$dev$flash" ${opts%--flash} 2>/dev/null)" "$plan" \
			"$label: stoat plan --disk reads the device's size and sector size"
	done
done

# Rewriting a disk whose old partitions the kernel knows: esxi6 -> esxi7.
img=$T/rewrite.img
truncate -s 17179869184 "$img"
dev=$(tap_loop "$img")
"$PW" --layout esxi6 "$dev" >/dev/null 2>&1
"$PW" --layout esxi7 "$dev" >/dev/null 2>&1; ok $? "rewrite: esxi7 over esxi6 on a loop device"
plan=$("$STOAT" plan --size 17179869184 --layout esxi7 2>/dev/null)
check_loop "$dev" 512 "$plan" "rewrite"

# A partition held exclusively (as a mount holds it) makes the whole disk
# busy: refuse and touch nothing. python3 holds it; no filesystem needed.
python3 -c 'import os, sys, time
fd = os.open(sys.argv[1], os.O_RDONLY | os.O_EXCL)
print("held", flush=True)
time.sleep(60)' "${dev}p5" >"$T/held" 2>&1 &
holder=$!
for i in 1 2 3 4 5 6 7 8 9 10 11 12 13 14 15 16 17 18 19 20; do
	[ -s "$T/held" ] && break
	sleep 0.1
done
if [ "$(cat "$T/held")" = held ]; then
	before=$(python3 "$PTBL" "$dev")
	err=$("$PW" --layout esxi6 "$dev" 2>&1); rc=$?
	is "$rc" 1 "partition in use: partition_write fails"
	like "$err" "in use" "partition in use: the message says the disk is in use"
	is "$(python3 "$PTBL" "$dev")" "$before" "partition in use: the table is untouched"
else
	skip "cannot hold a partition exclusively here: $(head -c 200 "$T/held")"
fi
kill "$holder" 2>/dev/null
wait "$holder" 2>/dev/null

# A loop device without partition scanning: the table is written, and the
# caller is told that no partition devices will appear.
img=$T/noscan.img
truncate -s 2147483648 "$img"
if dev=$(losetup -f --show "$img"); then
	tap_record "$dev" "$img"
	err=$("$PW" "$dev" 2>&1 >/dev/null); rc=$?
	is "$rc" 0 "no partition scanning: still succeeds"
	like "$err" "does not scan partitions" "no partition scanning: says so"
	is "$(python3 "$PTBL" "$dev")" "$("$STOAT" plan --size 2147483648 2>/dev/null)" \
		"no partition scanning: the table is there"
else
	skip "cannot attach a loop device without partition scanning"
fi

done_testing
