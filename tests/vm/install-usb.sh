#!/bin/bash
# install-usb.sh - an unattended kickstart install onto a real USB stick
# (usb-storage on qemu-xhci) inside the rescue Linux, verified afterwards on
# the host from the stick's backing image: the flash layout 1,5,6,7,8,9 with
# no 2 or 3, clean FAT16 bootbanks, boot.cfg and the modules on p5.
. "$top_srcdir/tests/lib/tap.sh"
. "$top_srcdir/tests/vm/lib.sh"

need_root_loop
vm_setup
vm_disks
vm_media || vm_skip "cannot make install media (xorriso missing)"
vm_install_script 4
t0=$(date +%s)
vm_boot script
is "$?" 0 "the VM booted, ran the install and powered off"
echo "# the VM ran $(($(date +%s) - t0)) s ($VM_ACCEL)"
like "$(vm_result target)" '^/dev/sd[a-z]+$' "the stick is a SCSI disk in the VM ($(vm_result target))"

out=$(vm_result install)
if printf '%s\n' "$out" | grep -q 'not built yet'; then
	skip_rest="stoat install is not built yet: $(printf '%s\n' "$out" | head -1)"
	skip "$skip_rest"
	done_testing
	exit
fi
is "$(vm_status install)" 0 "stoat install --kickstart exits 0 in the VM"
vm_check_install "$VM_DIR/stick.img" "1 5 6 7 8 9" flash

if [ "$TAP_FAILED" -gt 0 ]; then
	echo "# stoat install printed:"
	printf '%s\n' "$out" | tail -20 | sed 's/^/#   /'
	vm_console_tail
fi
done_testing
