#!/bin/bash
# scan.sh - how long `stoat list-disks --json` takes next to `lsblk -J -O`
# on the same machine, with 32 extra loop devices that carry partitions.
#
#   bench/scan.sh [STOAT]        (as root; default STOAT: build/stoat)
#   N=32 ROUNDS=5 bench/scan.sh
#
# Both commands list every block device on the machine (the wizard's view).
# Runs alternate so that load from elsewhere hits both alike; the totals over
# ROUNDS runs and their ratio are printed. Not part of `make check`.
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
	"$@" >/dev/null
	t1=$(date +%s%N)
	echo $(((t1 - t0) / 1000000))
}

"$stoat" list-disks --json >/dev/null	# warm up both
lsblk -J -O >/dev/null
st=0 lb=0
for r in $(seq 1 "$rounds"); do
	a=$(ms "$stoat" list-disks --json)
	b=$(ms lsblk -J -O)
	echo "round $r: stoat list-disks --json ${a} ms, lsblk -J -O ${b} ms"
	st=$((st + a)) lb=$((lb + b))
done
echo "stoat list-disks --json: $((st / rounds)) ms per run"
echo "lsblk -J -O:             $((lb / rounds)) ms per run"
awk -v s="$st" -v l="$lb" 'BEGIN { printf "ratio stoat/lsblk:       %.2f\n", l ? s / l : 0 }'
