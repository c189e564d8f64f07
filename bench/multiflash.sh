#!/bin/bash
# bench/multiflash.sh - one .zst image onto four loop devices, one run:
# `stoat flash IMG L1 L2 L3 L4` against four `zstd -dc | dd` in sequence and
# against the same four in parallel.
#
#   bench/multiflash.sh [STOAT] [SIZE_MIB]   (root; default ./stoat, 1024 MiB)
#
# The image is a GPT disk image, half random data and half zeros (2 MiB of
# each in every 4 MiB), as .zst -3. The four loop devices (direct I/O where the kernel allows it)
# sit on files in $TMPDIR (default /var/tmp; /dev/shm takes the disk out of
# the figures). Every run starts from devices refilled with random data.
# stoat runs with --no-verify so both sides do the same work; its run with
# the read-back verification of all four is timed as well. Peak memory
# comes from /usr/bin/time -v.
set -euo pipefail

stoat=$(realpath "${1:-./stoat}")
mib=${2:-1024}
[ "$(id -u)" = 0 ] || { echo "bench/multiflash.sh: needs root (loop devices)" >&2; exit 2; }
for t in zstd dd losetup sgdisk /usr/bin/time; do
	command -v $t >/dev/null || { echo "bench/multiflash.sh: $t is missing" >&2; exit 2; }
done
[ -x "$stoat" ] || { echo "bench/multiflash.sh: no stoat at $stoat" >&2; exit 2; }

dir=$(mktemp -d "${TMPDIR:-/var/tmp}/stoat-mbench.XXXXXX")
loops=()
cleanup() {
	local l
	for l in "${loops[@]}"; do losetup -d "$l" 2>/dev/null; done
	rm -rf "$dir"
}
trap cleanup EXIT

echo "# making a ${mib} MiB image in $dir"
head -c $((mib * 1048576)) /dev/urandom >"$dir/random.img"
# half zeros: the first 2 MiB of every 4 MiB hold random data
truncate -s "${mib}M" "$dir/img"
for ((i = 0; i < mib; i += 4)); do
	dd if="$dir/random.img" of="$dir/img" bs=1M skip=$i seek=$i count=2 conv=notrunc status=none
done
sgdisk -n1:2048:0 "$dir/img" >/dev/null
zstd -q -T0 -3 "$dir/img" -o "$dir/img.zst"
for i in 1 2 3 4; do
	truncate -s $(((mib + 64) * 1048576)) "$dir/dev$i"
	l=$(losetup -f --show --direct-io=on "$dir/dev$i" 2>/dev/null ||
		losetup -f --show "$dir/dev$i")
	loops+=("$l")
done
echo "# loop devices ${loops[*]} ($(cat /sys/block/${loops[0]#/dev/}/loop/dio 2>/dev/null |
	sed 's/1/direct I\/O/;s/0/buffered/'))"
cat "$dir/img.zst" "$dir/random.img" >/dev/null	# same cache state for every run

# secs CMD...: run CMD, print the wall-clock seconds it took (bash's time).
secs() {
	local TIMEFORMAT=%2R
	{ time "$@" >/dev/null 2>&1; } 2>&1
}
# Fill the four devices with random data, so every run starts the same.
refill() {
	local l
	for l in "${loops[@]}"; do
		dd if="$dir/random.img" of="$l" bs=4M oflag=direct conv=fsync status=none
	done
}
zdd() { zstd -dc "$dir/img.zst" | dd of="$1" bs=4M iflag=fullblock oflag=direct conv=fsync status=none; }
seq4() { local l; for l in "${loops[@]}"; do zdd "$l"; done; }
par4() {
	local l pids=()
	for l in "${loops[@]}"; do zdd "$l" & pids+=($!); done
	wait "${pids[@]}"
}
# stoat_run [--no-verify]: stoat flash onto all four, peak RSS (KiB) to rss.
stoat_run() {
	/usr/bin/time -v -o "$dir/time" "$stoat" flash "$dir/img.zst" "${loops[@]}" --yes "$@"
	sed -n 's/.*Maximum resident set size (kbytes): //p' "$dir/time" >>"$dir/rss"
}
# check: every device holds the image.
check() {
	local l
	for l in "${loops[@]}"; do
		cmp -s -n $((mib * 1048576)) "$dir/img" "$l" ||
			{ echo "MISMATCH on $l after $1" >&2; exit 1; }
	done
}

refill; t_seq=$(secs seq4); check "four zstd|dd in sequence"
refill; t_par=$(secs par4); check "four zstd|dd in parallel"
refill; t_stoat=$(secs stoat_run --no-verify); check "stoat flash --no-verify"
refill; t_verify=$(secs stoat_run); check "stoat flash"

ratio() { awk -v a="$1" -v b="$2" 'BEGIN { printf "%.2f", a / b }'; }
echo
printf '%-46s %8s %8s\n' "four devices, ${mib} MiB image (.zst)" "seconds" "stoat/x"
printf '%-46s %8s %8s\n' "stoat flash IMG L1 L2 L3 L4 --no-verify" "$t_stoat" "1.00"
printf '%-46s %8s %8s\n' "4 x zstd -dc | dd, in sequence" "$t_seq" "$(ratio "$t_stoat" "$t_seq")"
printf '%-46s %8s %8s\n' "4 x zstd -dc | dd, in parallel" "$t_par" "$(ratio "$t_stoat" "$t_par")"
printf '%-46s %8s\n' "stoat flash, with read-back of all four" "$t_verify"
echo "speed-up over the sequence: $(ratio "$t_seq" "$t_stoat")x, over the parallel runs: $(ratio "$t_par" "$t_stoat")x"
echo "peak RSS of stoat flash onto four: $(($(sort -n "$dir/rss" | tail -1) / 1024)) MiB (largest of $(wc -l <"$dir/rss") runs)"
