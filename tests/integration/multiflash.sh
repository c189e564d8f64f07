#!/bin/bash
# multiflash.sh - stoat flash IMAGE DEV1 DEV2 ... on four real loop devices:
# every device holds the image (cmp), one that starts failing mid-write
# (set read-only with blockdev --setro while stoat is held with SIGSTOP)
# drops out while the other three finish and verify, every device is
# checked before anything is written, and the peak memory does not grow
# with the image.
. "$top_srcdir/tests/lib/tap.sh"

need_root_loop
for t in zstd sgdisk cmp blockdev sha256sum /usr/bin/time; do
	command -v $t >/dev/null || skip_all "$t is missing"
done

T=$TAP_TMP
MIB=1048576
trap 'for l in "${L[@]}"; do blockdev --setrw "$l" 2>/dev/null; done; tap_cleanup' EXIT

# mkimage FILE MIB: a GPT disk of MIB MiB, random data in its partition.
mkimage() {
	truncate -s "${2}M" "$1"
	sgdisk -n1:2048:0 "$1" >/dev/null 2>&1 || skip_all "sgdisk cannot write a GPT here"
	dd if=/dev/urandom of="$1" bs=1M seek=1 count=$(($2 - 2)) conv=notrunc status=none
}
# first_mib DEV: the sha256 of its first MiB.
first_mib() { head -c $MIB "$1" | sha256sum | cut -d' ' -f1; }
# stale: fill the four devices with random data, as used sticks would be.
stale() {
	local l
	for l in "${L[@]}"; do
		dd if=/dev/urandom of="$l" bs=1M count=$((DEV_MIB)) oflag=direct status=none
	done
}
# rss FILE: peak resident set (KiB) from /usr/bin/time -v's output.
rss() { sed -n 's/.*Maximum resident set size (kbytes): //p' "$1"; }

SMALL=48
BIG=320
DEV_MIB=$((BIG + 8))
mkimage "$T/small.img" $SMALL
mkimage "$T/big.img" $BIG
zstd -q -1 "$T/small.img" -o "$T/small.img.zst"
zstd -q -1 "$T/big.img" -o "$T/big.img.zst"

L=()
for i in 1 2 3 4; do
	truncate -s "${DEV_MIB}M" "$T/dev$i"
	l=$(tap_loop "$T/dev$i") || skip_all "cannot attach a loop device"
	L+=("$l")
done

# --- four devices, all well ----------------------------------------------------
stale
/usr/bin/time -v -o "$T/time.big" "$STOAT" flash "$T/big.img.zst" "${L[@]}" --yes \
	--log "$T/log" >"$T/out" 2>"$T/err"
is "$?" 0 "flash of one .zst image onto four loop devices exits 0"
for l in "${L[@]}"; do
	cmp -s -n $((BIG * MIB)) "$T/big.img" "$l"; ok $? "$l holds the image byte for byte (cmp)"
done
for l in "${L[@]}"; do
	sgdisk -p "$l" 2>/dev/null | grep -Eq '^ +1 +2048 '
	ok $? "sgdisk reads the image's partition 1 on $l"
done
is "$(grep -c ': OK: .*read back and compared' "$T/out")" 4 "one result line per device, each verified"
for l in "${L[@]}"; do
	grep -q "^$l: Writing .*100%" "$T/err" && grep -q "^$l: Verifying 100%" "$T/err"
	ok $? "$l has progress lines of its own, writing and verifying to 100%"
done
[ "$(tr -d -c '\r\033' <"$T/err" | wc -c)" -eq 0 ]
ok $? "without a terminal the progress lines are plain (no control characters)"
n=0
for l in "${L[@]}"; do
	grep -q "flash: target $l:" "$T/log" && grep -q "flash complete: .* written to $l " "$T/log" && n=$((n + 1))
done
is "$n" 4 "--log names each device as a target and says each one completed"
is "$(grep -c 'flash: confirmed' "$T/log")" 1 "one confirmation for all four"

# --- one device fails mid-write; the others finish ---------------------------
stale
bad=${L[1]}
bad_first=$(first_mib "$bad")
"$STOAT" flash "$T/big.img.zst" "${L[@]}" --yes >"$T/out" 2>"$T/err" &
pid=$!
# Hold stoat as soon as it reports writing, make one device refuse writes,
# let it go on. (Detaching a busy loop device is lazy in Linux and fails
# nothing; a read-only block device fails each write with EPERM.)
for k in $(seq 500); do
	grep -q "^$bad: Writing" "$T/err" && break
	sleep 0.01
done
kill -STOP $pid
held=$(grep "^$bad: Writing" "$T/err" | tail -1)
blockdev --setro "$bad"
kill -CONT $pid
wait $pid
rc=$?
blockdev --setrw "$bad"
like "$held" "Writing +[0-9]%|Writing +[1-8][0-9]%" "stoat was held while writing $bad ($held)"
is "$rc" 1 "a device that fails mid-write makes the exit status 1"
like "$(grep "^$bad:" "$T/out")" "FAILED: writing to $bad failed" "its result line says it failed and why"
is "$(first_mib "$bad")" "$bad_first" "its first MiB was left as it was (no partition table of a half image)"
for l in "${L[@]}"; do
	[ "$l" = "$bad" ] && continue
	cmp -s -n $((BIG * MIB)) "$T/big.img" "$l"; ok $? "$l was finished all the same (cmp)"
done
is "$(grep -c ': OK: .*read back and compared' "$T/out")" 3 "the other three were verified"
like "$(cat "$T/err")" "1 of 4 devices failed" "and the summary says one of four failed"

# --- checks before anything is written ---------------------------------------
stale
before=$(for l in "${L[@]}"; do first_mib "$l"; done)
blockdev --setro "${L[3]}"
"$STOAT" flash "$T/small.img.zst" "${L[@]}" --yes >"$T/out" 2>"$T/err"
rc=$?
blockdev --setrw "${L[3]}"
is "$rc" 1 "one read-only device among four: refused"
like "$(cat "$T/err")" "${L[3]}.*read-only" "naming that device"
is "$(for l in "${L[@]}"; do first_mib "$l"; done)" "$before" "and none of the four was written"

"$STOAT" flash "$T/small.img.zst" "${L[0]}" "${L[1]}" "${L[0]}" --yes >"$T/out" 2>"$T/err"
is "$?" 1 "a device named twice is refused"
like "$(cat "$T/err")" "same device" "saying so"

"$STOAT" flash "$T/small.img.zst" "${L[@]}" </dev/null >"$T/out" 2>"$T/err"
is "$?" 1 "without a terminal and without --yes, flash onto four refuses"
like "$(cat "$T/err")" "4 devices would be overwritten" "and says how to confirm"
is "$(for l in "${L[@]}"; do first_mib "$l"; done)" "$before" "nothing was written"

if command -v script >/dev/null; then
	out=$(printf 'no\n' | script -qec "$STOAT flash $T/small.img.zst ${L[*]}" /dev/null 2>&1)
	n=0
	for l in "${L[@]}"; do case $out in *"$l  Vendor"*) n=$((n + 1)) ;; esac; done
	is "$n" 4 "on a terminal the one confirmation names all four devices"
	is "$(printf %s "$out" | grep -c 'Type yes')" 1 "and asks once"
	is "$(for l in "${L[@]}"; do first_mib "$l"; done)" "$before" "answering no writes nothing"
else
	for i in 1 2 3; do skip "script (util-linux) is missing"; done
fi

# --- memory: bounded, whatever the image's size -------------------------------
"$STOAT" flash "$T/small.img.zst" "${L[@]}" --yes --no-verify >/dev/null 2>&1 &&
	/usr/bin/time -v -o "$T/time.small" "$STOAT" flash "$T/small.img.zst" "${L[@]}" --yes \
		>/dev/null 2>&1
ok $? "flash of a ${SMALL} MiB image onto four devices exits 0"
small=$(rss "$T/time.small")
big=$(rss "$T/time.big")
echo "# peak RSS: $((small / 1024)) MiB for ${SMALL} MiB, $((big / 1024)) MiB for ${BIG} MiB"
[ $((big - small)) -lt $((16 * 1024)) ]
ok $? "peak memory does not grow with the image ($((small / 1024)) -> $((big / 1024)) MiB)"
# An ASan build keeps freed memory in quarantine and adds redzones to
# every buffer: the bound there is a wider one; the growth check above is
# the same for both builds.
max_mib=96
grep -qa __asan_init "$STOAT" && max_mib=256
[ "$big" -lt $((max_mib * 1024)) ]
ok $? "and stays under $max_mib MiB for four devices ($((big / 1024)) MiB)"

done_testing
