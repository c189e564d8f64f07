#!/bin/bash
# bench/install.sh - `stoat install --kickstart` against dd on the same
# loop device, in one run: fixture media with 1 GiB of modules (7.x, so the
# 4 GiB bootbank holds them), a 40 GiB sparse disk image on a loop device.
#
#   bench/install.sh [BUILDDIR]     (root; prints both times and the ratio)
#
# stoat's time includes partitioning, formatting, the read-back
# verification of every file and the syncs; dd copies the same media bytes
# with bs=4M oflag=direct (no verification). Not part of make check.
set -euo pipefail

top=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
build=${1:-$top/build}
stoat=$build/stoat
[ -x "$stoat" ] || { echo "bench/install.sh: build stoat first ($stoat)" >&2; exit 1; }
[ "$(id -u)" = 0 ] || { echo "bench/install.sh: needs root for a loop device" >&2; exit 1; }

tmp=$(mktemp -d "${TMPDIR:-/tmp}/stoat-bench.XXXXXX")
loop=
cleanup() {
	[ -n "$loop" ] && losetup -d "$loop" 2>/dev/null
	rm -rf "$tmp"
}
trap cleanup EXIT

echo "building media with 1 GiB of modules..."
"$top/tests/fixtures/mkmedia.sh" --version 7.0.3-19193900 --big $((1024 << 20)) --seed bench "$tmp/media.iso"
bytes=$(stat -c %s "$tmp/media.iso")
truncate -s 40G "$tmp/disk.img"
# Direct I/O from the loop device to its file: buffered writes to a loop
# device otherwise go through two page caches and 4 KiB writeback, which
# no real disk imposes and which only the buffered writer (mcopy) pays.
loop=$(losetup -f --show --direct-io=on "$tmp/disk.img")
printf 'vmaccepteula\nrootpw --iscrypted %s\ninstall --firstdisk --overwritevmfs --forceunsupportedinstall\n' \
	"$(openssl passwd -6 -salt benchsalt 'Bench-Pass1')" >"$tmp/ks.cfg"

# now: seconds since the epoch with nanoseconds.
now() { date +%s.%N; }

t0=$(now)
dd if="$tmp/media.iso" of="$loop" bs=4M oflag=direct conv=fsync status=none
t1=$(now)
"$stoat" install --kickstart "$tmp/ks.cfg" --media "$tmp/media.iso" --disk "$loop:disk" \
	--only-listed-disks >"$tmp/out"
t2=$(now)

python3 - "$t0" "$t1" "$t2" "$bytes" <<'PY'
import sys
t0, t1, t2, n = float(sys.argv[1]), float(sys.argv[2]), float(sys.argv[3]), int(sys.argv[4])
dd, st = t1 - t0, t2 - t1
print(f"media bytes:   {n} ({n / 2**20:.0f} MiB)")
print(f"dd (direct, fsync): {dd:6.2f} s  {n / dd / 2**20:7.1f} MiB/s")
print(f"stoat install: {st:6.2f} s  (write + verify + syncs)")
print(f"ratio stoat/dd: {st / dd:.2f}")
PY
