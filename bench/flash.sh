#!/bin/bash
# bench/flash.sh - time `stoat flash` against dd on a loop device, one run.
#
#   bench/flash.sh [STOAT] [SIZE_MIB]      (root; default ./stoat, 2048 MiB)
#
# Compares, on the same loop device and from the same (cached) image files:
#   raw image of random data      stoat flash  vs  dd bs=4M oflag=direct conv=fsync
#   image that is 75% zeros       stoat flash  vs  the same dd
#   .zst of each of the two       stoat flash  vs  zstd -dc | dd bs=4M oflag=direct conv=fsync
# stoat runs with --no-verify so both sides do the same work; the read-back
# verification is timed separately. Peak memory comes from /usr/bin/time -v.
# The loop device's backing file sits on the same disk as the images, so the
# figures are indicative, not a property of any USB stick.
set -euo pipefail

stoat=$(realpath "${1:-./stoat}")
mib=${2:-2048}
[ "$(id -u)" = 0 ] || { echo "bench/flash.sh: needs root (loop devices)" >&2; exit 2; }
for t in zstd dd losetup /usr/bin/time; do
	command -v $t >/dev/null || { echo "bench/flash.sh: $t is missing" >&2; exit 2; }
done
[ -x "$stoat" ] || { echo "bench/flash.sh: no stoat at $stoat" >&2; exit 2; }

dir=$(mktemp -d "${TMPDIR:-/var/tmp}/stoat-bench.XXXXXX")
loop=
cleanup() {
	[ -n "$loop" ] && losetup -d "$loop" 2>/dev/null
	rm -rf "$dir"
}
trap cleanup EXIT

echo "# making ${mib} MiB images in $dir"
head -c $((mib * 1048576)) /dev/urandom >"$dir/random.img"
# 75% zeros: in every 4 MiB, 1 MiB of random data then 3 MiB of zeros,
# written out (not a sparse file, as a downloaded image would be).
python3 - "$dir/random.img" "$dir/zeros.img" <<'PY'
import sys
src, dst = open(sys.argv[1], 'rb'), open(sys.argv[2], 'wb')
while True:
    b = src.read(4 << 20)
    if not b:
        break
    dst.write(b[:1 << 20] + bytes(len(b) - min(len(b), 1 << 20)))
PY
zstd -q -T0 -3 "$dir/random.img" -o "$dir/random.img.zst"
zstd -q -T0 -3 "$dir/zeros.img" -o "$dir/zeros.img.zst"
truncate -s $(((mib + 64) * 1048576)) "$dir/dev.bin"
loop=$(losetup -f --show --direct-io=on "$dir/dev.bin" 2>/dev/null ||
	losetup -f --show "$dir/dev.bin")
echo "# loop device $loop ($(cat /sys/block/${loop#/dev/}/loop/dio 2>/dev/null | sed 's/1/direct I\/O/;s/0/buffered/'))"
cat "$dir"/*.img "$dir"/*.zst >/dev/null	# same cache state for both sides

# secs CMD...: run CMD, print the wall-clock seconds it took.
secs() {
	local t0 t1
	t0=$(date +%s.%N)
	"$@" >/dev/null 2>&1
	t1=$(date +%s.%N)
	awk -v a="$t0" -v b="$t1" 'BEGIN { printf "%.2f", b - a }'
}
# Fill the device with random data first, so every run starts the same.
refill() { dd if="$dir/random.img" of="$loop" bs=4M oflag=direct conv=fsync status=none; }
dd_raw() { dd if="$1" of="$loop" bs=4M oflag=direct conv=fsync status=none; }
dd_zst() { zstd -dc "$1" | dd of="$loop" bs=4M iflag=fullblock oflag=direct conv=fsync status=none; }
# stoat_run IMAGE: stoat flash --no-verify, its peak RSS (KiB) added to rss.
stoat_run() {
	/usr/bin/time -v -o "$dir/time" "$stoat" flash "$1" "$loop" --yes --no-verify
	sed -n 's/.*Maximum resident set size (kbytes): //p' "$dir/time" >>"$dir/rss"
}

declare -A t
for img in random zeros; do
	refill; t[dd_$img]=$(secs dd_raw "$dir/$img.img")
	refill; t[stoat_$img]=$(secs stoat_run "$dir/$img.img")
	cmp -s -n $((mib * 1048576)) "$dir/$img.img" "$loop" || { echo "MISMATCH after stoat flash $img.img" >&2; exit 1; }
	refill; t[zdd_$img]=$(secs dd_zst "$dir/$img.img.zst")
	refill; t[zstoat_$img]=$(secs stoat_run "$dir/$img.img.zst")
	cmp -s -n $((mib * 1048576)) "$dir/$img.img" "$loop" || { echo "MISMATCH after stoat flash $img.img.zst" >&2; exit 1; }
done
refill
verify=$("$stoat" flash "$dir/random.img" "$loop" --yes 2>/dev/null |
	sed -n 's/^Read back and compared in \([0-9.]*\) s.*/\1/p')

ratio() { awk -v a="$1" -v b="$2" 'BEGIN { printf "%.2f", a / b }'; }
echo
printf '%-34s %8s %8s %8s\n' "case (${mib} MiB)" "stoat s" "base s" "ratio"
printf '%-34s %8s %8s %8s\n' "raw, random data vs dd" "${t[stoat_random]}" "${t[dd_random]}" "$(ratio "${t[stoat_random]}" "${t[dd_random]}")"
printf '%-34s %8s %8s %8s\n' "raw, 75% zeros vs dd" "${t[stoat_zeros]}" "${t[dd_zeros]}" "$(ratio "${t[stoat_zeros]}" "${t[dd_zeros]}")"
printf '%-34s %8s %8s %8s\n' ".zst, random data vs zstd|dd" "${t[zstoat_random]}" "${t[zdd_random]}" "$(ratio "${t[zstoat_random]}" "${t[zdd_random]}")"
printf '%-34s %8s %8s %8s\n' ".zst, 75% zeros vs zstd|dd" "${t[zstoat_zeros]}" "${t[zdd_zeros]}" "$(ratio "${t[zstoat_zeros]}" "${t[zdd_zeros]}")"
echo "dd speed-up on the 75%-zeros image: $(ratio "${t[dd_zeros]}" "${t[stoat_zeros]}")x"
echo "verification (read back, raw random image): ${verify:-?} s"
echo "peak RSS of stoat flash: $(($(sort -n "$dir/rss" | tail -1) / 1024)) MiB (largest of $(wc -l <"$dir/rss") runs)"
