#!/bin/bash
# wizard.sh - the wizard over the rescue Linux's serial console, driven by
# expect (tests/vm/wizard.exp): disk list and details against the real
# disks, then an install onto the USB stick, verified on the host from the
# stick's image with sgdisk, fsck.fat and mtools; then the wizard again
# with legacy USB (F3, then --legacy-usb), live: QEMU's UAS disk has no
# Bulk-Only mode, so stoat must leave it on uas and say why; with that
# check skipped (a test hook) the kernel's usb-storage refuses it, and stoat
# must give it back to uas with the quirks as they were.
. "$top_srcdir/tests/lib/tap.sh"
. "$top_srcdir/tests/vm/lib.sh"

need_root_loop
command -v expect >/dev/null || vm_skip "expect is missing"
vm_setup
vm_disks
vm_media || vm_skip "cannot make install media: $(tail -1 "$VM_DIR/mkmedia.log")"
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
# runs inside the VM: the wizard twice with legacy USB (issue 7), and after
# each the 2 GiB UAS disk's USB interface driver and usb-storage's quirks
Q=/sys/module/usb_storage/parameters/quirks
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
listed() {
	if stoat list-disks --json | grep -q '"size": *2147483648'; then echo yes; else echo no; fi
}
# someone else's quirk, which must survive
printf '0bc2:2312:u' >$Q
echo "UAS-BEFORE=$(uasdrv)"
# 1. F3 on the disk screen
TERM=vt220 stoat --media /dev/sr0 --no-reboot 2>/tmp/legacy.err
sleep 2
echo "UAS-AFTER=$(uasdrv)"
echo "QUIRKS-AFTER=$(cat $Q)"
echo "UAS-LISTED=$(listed)"
# 2. --legacy-usb, with the test hook that skips the Bulk-Only check: the
# kernel's usb-storage refuses the interface and stoat must back out
dmesg -c >/dev/null
STOAT_TEST_USB_SKIP_BOT_CHECK=1 TERM=vt220 stoat --media /dev/sr0 --no-reboot --legacy-usb 2>/tmp/forced.err
sleep 2
echo "FORCED-UAS-AFTER=$(uasdrv)"
echo "FORCED-QUIRKS-AFTER=$(cat $Q)"
echo "FORCED-UAS-LISTED=$(listed)"
echo "FORCED-NEW-UAS-HOSTS=$(dmesg | grep -c 'scsi host[0-9]*: uas')"
if [ -e /run/stoat/legacy-usb ]; then echo FORCED-STATE=left; else echo FORCED-STATE=none; fi
EOF_RUN
vm_extra "$VM_DIR/legacy.sh" /etc/stoat/legacy.sh
VM_PREPARE_ONLY=1 vm_boot shell
t0=$(date +%s)
# two wizard sessions in one boot: twice the usual limit
VM_EXPECT_LOG=$VM_DIR/expect.log timeout -k 10 $((VM_TIMEOUT * 2)) expect -f "$top_srcdir/tests/vm/wizard.exp" \
	timeout -k 10 $((VM_TIMEOUT * 2)) "${VM_QEMU[@]}" >"$VM_DIR/expect.out" 2>&1
rc=$?
echo "# expect ran $(($(date +%s) - t0)) s ($VM_ACCEL), status $rc"
tap_relay "$VM_DIR/expect.out"
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
