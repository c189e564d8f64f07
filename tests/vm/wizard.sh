#!/bin/bash
# wizard.sh - the wizard over the rescue Linux's serial console, driven by
# expect (tests/vm/wizard.exp): disk list and details against the real
# disks, then an install onto the USB stick, verified on the host from the
# stick's image with sgdisk, fsck.fat and mtools; then the wizard again,
# where F3 (legacy USB) must move the UAS disk to usb-storage, live.
. "$top_srcdir/tests/lib/tap.sh"
. "$top_srcdir/tests/vm/lib.sh"

need_root_loop
command -v expect >/dev/null || skip_all "expect is missing"
vm_setup
vm_disks
vm_media || skip_all "cannot make install media (xorriso missing)"
cat >"$VM_DIR/wizard-run.sh" <<'EOF_RUN'
# runs inside the VM, on the serial console
stty rows 24 cols 80
stty -a >/tmp/stty.before
TERM=vt220 stoat --media /dev/sr0 --no-reboot 2>/tmp/wizard.err
rc=$?
stty -a >/tmp/stty.after
cat /tmp/wizard.err
echo "WIZARD-RC=$rc"
if cmp -s /tmp/stty.before /tmp/stty.after; then echo STTY-SAME; else echo STTY-DIFF; fi
EOF_RUN
vm_extra "$VM_DIR/wizard-run.sh" /etc/stoat/wizard.sh
cat >"$VM_DIR/legacy.sh" <<'EOF_RUN'
# runs inside the VM: the 2 GiB UAS disk's USB interface driver, before and
# after the wizard (where the test presses F3, legacy USB)
uasdrv() {
	for b in /sys/block/sd*; do
		[ "$(cat "$b/size")" = 4194304 ] || continue
		d=$(readlink -f "$b/device")
		while [ "$d" != /sys/devices ]; do
			case ${d##*/} in *-*:*.*) basename "$(readlink "$d/driver")"; return ;; esac
			d=${d%/*}
		done
	done
	echo none
}
echo "UAS-BEFORE=$(uasdrv)"
TERM=vt220 stoat --media /dev/sr0 --no-reboot 2>/tmp/legacy.err
sleep 2
echo "UAS-AFTER=$(uasdrv)"
if stoat list-disks --json | grep -q '"size": *2147483648'; then echo UAS-LISTED=yes; else echo UAS-LISTED=no; fi
EOF_RUN
vm_extra "$VM_DIR/legacy.sh" /etc/stoat/legacy.sh
VM_PREPARE_ONLY=1 vm_boot shell
t0=$(date +%s)
# two wizard sessions in one boot: twice the usual limit
VM_EXPECT_LOG=$VM_DIR/expect.log timeout -k 10 $((VM_TIMEOUT * 2)) expect -f "$top_srcdir/tests/vm/wizard.exp" \
	timeout -k 10 $((VM_TIMEOUT * 2)) "${VM_QEMU[@]}" >"$VM_DIR/expect.out" 2>&1
rc=$?
echo "# expect ran $(($(date +%s) - t0)) s ($VM_ACCEL), status $rc"
while IFS= read -r line; do
	case $line in
	# The live rebind of issue 7 is not built yet: expected to fail, and
	# reported as TODO (tools/check counts it as skipped, with this reason).
	"not ok - "*"after F3 the UAS disk is listed on usb-storage"* | \
	"not ok - the kernel now drives the UAS disk with usb-storage"*)
		TAP_N=$((TAP_N + 1))
		echo "not ok $TAP_N - ${line#not ok - } # TODO live legacy-USB rebind (issue 7) is not built yet" ;;
	"ok - "*) ok 0 "${line#ok - }" ;;
	"not ok - "*) ok 1 "${line#not ok - }" ;;
	*) echo "# $line" ;;
	esac
done <"$VM_DIR/expect.out"
is "$rc" 0 "expect and QEMU ended cleanly"
if [ "$TAP_FAILED" -gt 0 ]; then
	echo "# the serial console's last lines:"
	tail -c 3000 "$VM_DIR/expect.log" | sed 's/\x1b\[[0-9;?]*[A-Za-z]/ /g' | tr -s ' ' | tail -15 | sed 's/^/#   /'
fi

if grep -q '^ok - the install completes' "$VM_DIR/expect.out"; then
	vm_check_install "$VM_DIR/stick.img" "1 5 6 7 8 9" flash
else
	skip "the install did not complete: nothing to check on the stick"
fi
done_testing
