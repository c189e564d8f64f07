#!/bin/bash
# pull-stick.sh - the USB stick is pulled out mid-install (QEMU's monitor
# device_del, which the guest sees as a real hot-unplug on its xHCI bus):
# stoat must report that the target went away, name the step, and end
# without hanging or crashing.
. "$top_srcdir/tests/lib/tap.sh"
. "$top_srcdir/tests/vm/lib.sh"

vm_setup
vm_disks
vm_media || vm_skip "cannot make install media: $(tail -1 "$VM_DIR/mkmedia.log")"
vm_install_script 4
VM_BG=1 vm_boot script
if ! vm_wait_for '^\[[3-9]/9\]' 240; then
	ok 1 "the install reaches step 3 (formatting)"
	vm_wait
	printf '%s\n' "$(vm_result install)" | head -5 | sed 's/^/#   /'
	done_testing
	exit
fi
ok 0 "the install reaches step 3 (formatting)"
sleep 0.3
step=$(tr -d '\r' <"$VM_DIR/data.log" | grep -Eo '^\[[0-9]/9\][^\r]*' | tail -1)
usb=$(vm_monitor "device_del stickdev" "info usb" 2>&1)
t0=$(date +%s)
echo "# pulled the stick during: $step"
like "$usb" 'ID: uasdev' "QEMU still lists the UAS disk after the pull"
printf '%s\n' "$usb" | grep -q 'ID: stickdev'
ok $((!$?)) "and no longer lists the stick"
vm_wait
is "$?" 0 "the VM powered off by itself (no hang)"
echo "# stoat ended $(($(date +%s) - t0)) s after the pull"
if [ "$(vm_result install | grep -c 'not built yet')" -gt 0 ]; then
	skip "stoat install is not built yet"
	done_testing
	exit
fi
out=$(vm_result install)
st=$(vm_status install)
[ -n "$st" ] && [ "$st" -ne 0 ] && [ "$st" -lt 128 ]
ok $? "stoat install fails with an error status, not a crash (status ${st:-none})"
err=$(printf '%s\n' "$out" | grep '^stoat: ' | grep -v 'warning:' | tail -1)
like "$err" '^stoat: .*step [0-9] of 9' "the error names the step"
like "$err" '(disappeared|removed|gone|no longer|vanished|unplugged|detached)' \
	"the error says the target went away"
is "$(printf '%s\n' "$err" | wc -l)" 1 "the error is one line"

if [ "$TAP_FAILED" -gt 0 ]; then
	echo "# stoat install printed:"
	printf '%s\n' "$out" | tail -12 | sed 's/^/#   /'
	vm_console_tail
fi
done_testing
