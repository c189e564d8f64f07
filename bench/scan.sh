#!/bin/bash
# scan.sh - how long `stoat list-disks --json` takes next to `lsblk -J -O`
# on the same machine, with 32 extra loop devices that carry partitions.
#
#   bench/scan.sh [STOAT]        (as root; default STOAT: build/stoat)
#   N=32 ROUNDS=5 bench/scan.sh
#
# Both commands list every block device on the machine (the wizard's view).
# lsblk reads the filesystem and partition details from udev's database;
# where udev is not running (a rescue Linux, a container) it prints none
# and reads nothing from the disks, so `blkid -p` over every whole disk and
# partition is timed as well: that is the content probe stoat also does.
# Runs alternate so that load from elsewhere hits all alike; the totals over
# ROUNDS runs and their ratios are printed. Not part of `make check`.
set -eu
top=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
stoat=${1:-${STOAT:-$top/build/stoat}}
n=${N:-32}
rounds=${ROUNDS:-5}

[ "$(id -u)" = 0 ] || { echo "scan.sh: needs root for loop devices" >&2; exit 1; }
[ -x "$stoat" ] || { echo "scan.sh: no stoat at $stoat (build first, or pass its path)" >&2; exit 1; }
for t in losetup sgdisk mkfs.fat lsblk partx; do
	command -v "$t" >/dev/null || { echo "scan.sh: $t is missing" >&2; exit 1; }
done

tmp=$(mktemp -d "${TMPDIR:-/tmp}/stoat-bench.XXXXXX")
loops=()
cleanup() {
	for l in "${loops[@]}"; do losetup -d "$l" 2>/dev/null || true; done
	rm -rf "$tmp"
}
trap cleanup EXIT

# One image: GPT, a FAT16 partition, a VMFS-typed one and a plain one.
img=$tmp/template.img
truncate -s 256M "$img"
sgdisk -a 1 -n 1:2048:34815 -t 1:EBD0A0A2-B9E5-4433-87C0-68B6B72699C7 \
	-n 2:34816:100351 -t 2:AA31E02A-400F-11DB-9590-000C2911D1B8 \
	-n 3:100352:524254 "$img" >/dev/null
mkfs.fat -F 16 -n BENCH --offset 2048 "$img" 16384 >/dev/null 2>&1
for i in $(seq 1 "$n"); do
	cp --sparse=always "$img" "$tmp/$i.img"
	l=$(losetup -f --show -P "$tmp/$i.img")
	loops+=("$l")
	ls -d /sys/block/"${l#/dev/}"/"${l#/dev/}"p* >/dev/null 2>&1 || partx -a "$l" 2>/dev/null || true
done
echo "scan.sh: $n loop devices attached (${loops[0]} ... ${loops[$((n - 1))]});" \
	"$(ls /sys/block | wc -l) block devices in all"

# ms CMD...: wall time of one run in milliseconds.
ms() {
	local t0 t1
	t0=$(date +%s%N)
	"$@" >/dev/null 2>&1 || true
	t1=$(date +%s%N)
	echo $(((t1 - t0) / 1000000))
}

devs=$(lsblk -lnpo NAME | tr '\n' ' ')
udev=no
[ -d /run/udev/data ] && udev=yes
"$stoat" list-disks --json >/dev/null	# warm up all three
lsblk -J -O >/dev/null
# shellcheck disable=SC2086
blkid -p $devs >/dev/null 2>&1 || true
st=0 lb=0 bl=0
for r in $(seq 1 "$rounds"); do
	a=$(ms "$stoat" list-disks --json)
	b=$(ms lsblk -J -O)
	# shellcheck disable=SC2086
	c=$(ms blkid -p $devs)
	echo "round $r: stoat list-disks --json ${a} ms, lsblk -J -O ${b} ms, blkid -p (all) ${c} ms"
	st=$((st + a)) lb=$((lb + b)) bl=$((bl + c))
done
echo "stoat list-disks --json: $((st / rounds)) ms per run"
echo "lsblk -J -O:             $((lb / rounds)) ms per run (udev database: $udev)"
echo "blkid -p, every device:  $((bl / rounds)) ms per run"
awk -v s="$st" -v l="$lb" -v b="$bl" 'BEGIN {
	printf "ratio stoat/lsblk:       %.2f\n", l ? s / l : 0
	printf "ratio stoat/blkid -p:    %.2f\n", b ? s / b : 0 }'
