#!/bin/bash
# probe.sh - `stoat probe` on loop devices: read-only by default (the
# backing file unchanged), the write tests only after confirmation, speed
# and IOPS numbers and the verdict lines, --json read by python3; a
# fake-capacity device (a FUSE file of 2 GiB that stores 512 MiB, writes
# wrapping around, on a loop device) caught by the probe and refused by
# install --probe and flash --probe with its real size; flash --probe on a
# good device probes the image's area, then writes; the 7.0.2-before-Update-2c note for
# USB targets.
. "$top_srcdir/tests/integration/install_lib.sh"
need_root_loop

T=$TAP_TMP
"$MKMEDIA" --version 6.7.0-8169922 "$T/esxi6.iso" || skip_all "cannot build the fixture media"
write_ks "$T/ks" "--firstdisk --overwritevmfs"

# --- 1. read only -----------------------------------------------------------
truncate -s 1G "$T/disk.img"
printf 'stoat probe test data\n' | dd of="$T/disk.img" bs=1M seek=100 conv=notrunc status=none
before=$(sha256sum <"$T/disk.img")
loop=$(tap_loop "$T/disk.img") || skip_all "cannot attach a loop device"
out=$("$STOAT" probe "$loop" 2>"$T/err"); rc=$?
is "$rc" 0 "probe DEVICE exits 0"
like "$out" "^device: +$loop \\(1\\.00 GiB, loop\\)" "it names the device, its size and transport"
like "$out" '^driver: +loop$' "the driver line"
like "$out" '^queue depth: ' "the queue depth line"
like "$out" '^USB link speed: ' "the USB link speed line"
like "$out" '^read speed: +[0-9]+\.[0-9] MB/s$' "a read speed in MB/s"
like "$out" '^write speed: +- ' "no write speed without --write"
like "$out" '^capacity: +not written to \(read-only\)' "the capacity line says the check read only"
like "$out" '^verdict: +BELOW: size 1\.1 GB: VMware asks at least 32 GB' "a verdict line for the size"
like "$out" '^verdict: +not measured: sequential write' "and one for the write speed, not measured"
is "$(sha256sum <"$T/disk.img")" "$before" "the read-only probe wrote nothing"

out=$("$STOAT" probe "$loop" --write </dev/null 2>&1); rc=$?
is "$rc" 1 "probe --write without a terminal and without --yes fails"
like "$out" 'run from a terminal to confirm, or add --yes' "and says how to confirm"
is "$(sha256sum <"$T/disk.img")" "$before" "and writes nothing"

# --- 2. the write tests -----------------------------------------------------
"$STOAT" probe "$loop" --write --yes --json >"$T/json" 2>"$T/err"; rc=$?
is "$rc" 0 "probe --write --yes --json exits 0"
res=$(python3 - "$T/json" <<'EOF'
import json, sys
r = json.load(open(sys.argv[1]))
bad = []
if not 1 <= r["write_mbs"] <= 1e6: bad.append("write_mbs %r" % r["write_mbs"])
if not 1 <= r["write_iops"] <= 1e7: bad.append("write_iops %r" % r["write_iops"])
if not 1 <= r["read_mbs"] <= 1e6: bad.append("read_mbs %r" % r["read_mbs"])
if r["capacity"] != "ok" or r["capacity_method"] != "stoat": bad.append("capacity %r" % r["capacity"])
if r["real_size"] != r["size"] or r["size"] != 1 << 30: bad.append("sizes")
if r["points"] < 1000: bad.append("points %r" % r["points"])
keys = [v["key"] for v in r["verdict"]]
if keys[:3] != ["size", "write", "endurance"]: bad.append("verdict %r" % keys)
if not all(v["source"].startswith("https://") for v in r["verdict"]): bad.append("sources")
print(" ".join(bad) or "plausible")
EOF
)
is "$res" plausible "--json parses; speed, IOPS and capacity are plausible, each verdict has its source"
[ -s "$T/err" ] && sed 's/^/#   /' "$T/err"
out=$("$STOAT" probe "$loop" --write --yes 2>&1)
like "$out" '^write speed: +[0-9]+\.[0-9] MB/s \(sequential, direct I/O\)$' "a write speed line"
like "$out" '^random writes: +[0-9]+ IOPS \(4 KiB, direct I/O\)$' "a random-write IOPS line"
like "$out" '^capacity: +ok \(stoat\): [0-9]+ signed sectors over 1\.00 GiB read back as written$' \
	"the capacity check read its signed sectors back"
like "$out" '^verdict: +(meets|BELOW): sequential write [0-9.]+ MB/s: VMware asks at least 100 MB/s' \
	"a verdict line for the measured write speed"

# --- 3. a fake-capacity device ----------------------------------------------
if ! fakecap_start "$T"; then
	skip "fake-capacity device: python3-fusepy or /dev/fuse missing"
else
	fake=$(tap_loop "$T/mnt/disk")
	ok $? "a 2 GiB FUSE file that stores 512 MiB is attached as $fake"
	out=$("$STOAT" probe "$fake" 2>&1)
	like "$out" '^capacity: +(not written to|suspect) \(read-only\)' "read only, the probe does not write to find out"
	"$STOAT" probe "$fake" --write --yes --json >"$T/fjson" 2>"$T/err"; rc=$?
	is "$rc" 1 "probe --write exits 1 on the fake device"
	is "$(python3 -c 'import json,sys; r=json.load(open(sys.argv[1])); print(r["capacity"], r["real_size"], r["size"])' "$T/fjson")" \
		"fake 536870912 2147483648" "--json: fake, really 512 MiB of a claimed 2 GiB"
	out=$("$STOAT" probe "$fake" 2>&1)
	like "$out" '^capacity: +suspect \(read-only\): its first 64 KiB come back at 512 MiB' \
		"after writing, the read-only check sees its start come back at 512 MiB"

	dd if=/dev/zero of="$fake" bs=1M count=1 status=none
	"$STOAT" install --kickstart "$T/ks" --media "$T/esxi6.iso" --disk "$fake:usb" --only-listed-disks \
		--probe </dev/null >"$T/out" 2>"$T/err"; rc=$?
	is "$rc" 1 "install --probe onto the fake device fails"
	like "$(cat "$T/err")" "really holds only 512 MiB, not the 2\\.00 GiB it claims \\(fake capacity, found by stoat\\)" \
		"and says its real size"
	like "$(cat "$T/out")" '^capacity: +FAKE \(stoat\)' "the probe's lines come first"
	is "$(sgdisk -p "$fake" 2>/dev/null | grep -c '^ *[0-9]')" 0 "no partition table was written"

	# flash --probe: the image's area (1 GiB, past 512 MiB) shows the wrap
	truncate -s 1G "$T/big.img"
	sgdisk -n1:2048:+8M "$T/big.img" >/dev/null 2>&1
	"$STOAT" flash "$T/big.img" "$fake" --yes --probe >"$T/out" 2>"$T/err"; rc=$?
	is "$rc" 1 "flash --probe onto the fake device fails"
	like "$(cat "$T/err")" "really holds only 512 MiB, not the 2\\.00 GiB it claims \\(fake capacity, found by stoat\\).*; nothing of the image was written" \
		"and says its real size, and that the image was not written"
	like "$(cat "$T/out")" '^capacity: +FAKE \(stoat\)' "its probe lines are printed"
	is "$(sgdisk -p "$fake" 2>/dev/null | grep -c '^ *[0-9]')" 0 "no partition of the image is on it"
	losetup -d "$fake"
	fakecap_stop "$T"
fi

# --- 4. install --probe on a good device writes only where it installs ------
"$STOAT" install --kickstart "$T/ks" --media "$T/esxi6.iso" --disk "$loop:usb" --only-listed-disks \
	--probe </dev/null >"$T/out" 2>"$T/err"; rc=$?
is "$rc" 0 "install --probe onto a good loop device goes on and installs"
[ $rc = 0 ] || sed 's/^/#   /' "$T/err"
like "$(cat "$T/out")" '^capacity: +ok \(stoat\)' "after its probe lines"

# --- 4b. flash --probe on a good device: the probe, then the image ----------
truncate -s 40M "$T/small.img"
sgdisk -n1:2048:+8M "$T/small.img" >/dev/null 2>&1
dd if=/dev/urandom of="$T/small.img" bs=1M seek=1 count=4 conv=notrunc status=none
"$STOAT" flash "$T/small.img" "$loop" --yes --probe >"$T/out" 2>"$T/err"; rc=$?
is "$rc" 0 "flash --probe onto a good loop device goes on and writes the image"
[ $rc = 0 ] || sed 's/^/#   /' "$T/err"
like "$(cat "$T/out")" '^capacity: +ok \(stoat\): [0-9]+ signed sectors over 39 MiB read back as written' \
	"its probe checked the image's area after the first MiB"
like "$(cat "$T/out")" '^write speed: +[0-9]+\.[0-9] MB/s' "and measured the write speed there"
cmp -s -n $((40 << 20)) "$T/small.img" "$loop"; ok $? "the device then holds the image byte for byte (cmp)"
"$STOAT" flash "$T/small.img" "$loop" --probe </dev/null >"$T/out" 2>"$T/err"; rc=$?
is "$rc:$(grep -c '^capacity' "$T/out")" "1:0" "without a terminal or --yes: not confirmed, and no probe runs"

# --- 5. 7.0.2 media before Update 2c onto USB -------------------------------
"$MKMEDIA" --version 7.0.2-0.0.17630552 "$T/esxi702.iso" &&
	"$MKMEDIA" --version 7.0.2-0.20.18426014 "$T/esxi702c.iso" || skip_all "cannot build the 7.0.2 media"
truncate -s 16G "$T/usb16.img"
write_ks "$T/ks7" "--firstdisk --overwritevmfs"
"$STOAT" install --kickstart "$T/ks7" --media "$T/esxi702.iso" --disk "$T/usb16.img:usb" --only-listed-disks \
	--dry-run >/dev/null 2>"$T/err"
like "$(cat "$T/err")" "warning: ESXi 7\\.0 Update 2 and 2a on USB or SD flash lose their boot device under load \\(\"Bootbank cannot be found at path '/bootbank'\"\\); install ESXi 7\\.0 Update 2c \\(build 18426014\\) or later instead\\. \\(https://kb\\.vmware\\.com/s/article/83376\\)" \
	"7.0.2 build 17630552 onto USB: the bootbank-loss warning names the fixed update and the source"
"$STOAT" install --kickstart "$T/ks7" --media "$T/esxi702c.iso" --disk "$T/usb16.img:usb" --only-listed-disks \
	--dry-run >/dev/null 2>"$T/err"
is "$(grep -c Bootbank "$T/err")" 0 "7.0 Update 2c itself gets no such warning"
"$STOAT" install --kickstart "$T/ks7" --media "$T/esxi702.iso" --disk "$T/usb16.img:disk" --only-listed-disks \
	--dry-run >/dev/null 2>"$T/err"
is "$(grep -c Bootbank "$T/err")" 0 "nor 7.0.2 onto a disk that is not flash"

done_testing
