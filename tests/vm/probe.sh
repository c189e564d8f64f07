#!/bin/bash
# probe.sh - stoat probe, read-only, on the usb-storage stick and the UAS
# disk of the rescue Linux under QEMU: the driver, queue depth and USB
# link speed in its JSON must be what the kernel's sysfs says (read in the
# VM with cat and readlink), the stick driven by usb-storage and the UAS
# disk by uas, and the result must carry its verdicts.
. "$top_srcdir/tests/lib/tap.sh"
. "$top_srcdir/tests/vm/lib.sh"

vm_setup
# only the two USB disks: a shorter boot, and no CD to wait for
for d in stick:4 uas:2; do
	truncate -s "$((${d#*:} * VM_GiB))" "$VM_DIR/${d%%:*}.img"
done

cat >"$VM_DIR/run.sh" <<'EOF'
# runs inside the VM: for each USB disk (found by its size in sectors),
# the kernel's facts and stoat probe --json, between markers
for want in stick:8388608 uas:4194304; do
	name=${want%%:*} dev=
	for b in /sys/block/sd*; do
		[ "$(cat "$b/size")" = "${want#*:}" ] && dev=${b##*/}
	done
	# the USB interface above the disk (its driver) and the USB device
	# above that (its link speed)
	d=$(readlink -f "/sys/block/$dev/device") drv=- speed=-
	while [ -n "$d" ] && [ "$d" != /sys/devices ]; do
		case ${d##*/} in
		*-*:*.*) [ -L "$d/driver" ] && drv=$(basename "$(readlink "$d/driver")") ;;
		*) [ -f "$d/idVendor" ] && [ "$speed" = - ] && speed=$(cat "$d/speed") ;;
		esac
		d=${d%/*}
	done
	echo "==STOAT-BEGIN sysfs-$name=="
	echo "dev /dev/$dev"
	echo "queue_depth $(cat "/sys/block/$dev/device/queue_depth")"
	echo "driver $drv"
	echo "speed $speed"
	echo "==STOAT-END sysfs-$name rc=0=="
	echo "==STOAT-BEGIN probe-$name=="
	stoat probe "/dev/$dev" --json 2>/dev/null
	rc=$?
	echo "==STOAT-END probe-$name rc=$rc=="
done
EOF
vm_extra "$VM_DIR/run.sh" /etc/stoat/run.sh
t0=$(date +%s)
vm_boot script stoat.disks=2 stoat.media=
is "$?" 0 "the VM booted, probed both USB disks and powered off"
echo "# boot took $(($(date +%s) - t0)) s ($VM_ACCEL)"

# facts FILE: the probe's JSON as "key value" lines, checked by python3
facts() {
	python3 - "$1" <<'EOF_PY'
import json, sys
try:
    r = json.load(open(sys.argv[1]))
except ValueError as e:
    print("json invalid %s" % e)
    sys.exit()
print("device %s" % r.get("device"))
print("driver %s" % r.get("driver"))
print("queue_depth %s" % r.get("queue_depth"))
print("speed %s" % r.get("usb_speed_mbps"))
v = r.get("verdict") or []
good = [x for x in v if x.get("key") and x.get("text")
        and x.get("level") in ("meets", "below", "not-measured")]
print("verdicts %d" % len(v))
print("verdicts_whole %d" % len(good))
EOF_PY
}

# field LINES KEY: the rest of the line of LINES that starts with KEY
field() { printf '%s\n' "$1" | awk -v f="$2" '$1 == f { $1 = ""; sub(/^ /, ""); print }'; }

for want in stick:usb-storage uas:uas; do
	name=${want%%:*} drv=${want#*:} failed=$TAP_FAILED
	sysfs=$(vm_result "sysfs-$name")
	k() { field "$sysfs" "$1"; }
	like "$(k dev)" '^/dev/sd[a-z]+$' "$name: the VM found the disk by its size ($(k dev))"
	is "$(k driver)" "$drv" "$name: the kernel binds its USB interface to $drv"
	like "$(k queue_depth)" '^[0-9]+$' "$name: sysfs gives a queue depth ($(k queue_depth))"
	like "$(k speed)" '^[0-9.]+$' "$name: sysfs gives a USB link speed ($(k speed) Mb/s)"

	is "$(vm_status "probe-$name")" 0 "$name: stoat probe --json exits 0"
	vm_result "probe-$name" >"$VM_DIR/probe-$name.json"
	f=$(facts "$VM_DIR/probe-$name.json")
	j() { field "$f" "$1"; }
	is "$(j device)" "$(k dev)" "$name: the JSON names the device"
	is "$(j driver)" "$(k driver)" "$name: driver as sysfs says ($(k driver))"
	is "$(j queue_depth)" "$(k queue_depth)" "$name: queue depth as sysfs says"
	# sysfs writes 1.5 for low speed; stoat gives whole Mb/s
	is "$(j speed)" "$(k speed | cut -d. -f1)" "$name: USB link speed as sysfs says"
	like "$(j verdicts)" '^[1-9][0-9]*$' "$name: the result carries verdicts ($(j verdicts))"
	is "$(j verdicts_whole)" "$(j verdicts)" "$name: each verdict has a key, a level and a text"
	if [ "$TAP_FAILED" -gt "$failed" ]; then
		printf '%s\n' "$sysfs" "$f" | sed 's/^/#   /'
		head -c 600 "$VM_DIR/probe-$name.json" | sed 's/^/#   /'
	fi
done

[ "$TAP_FAILED" -gt 0 ] && vm_console_tail
done_testing
