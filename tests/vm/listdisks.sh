#!/bin/bash
# listdisks.sh - in a rescue Linux under QEMU, with the kernel's real USB
# (usb-storage and uas), SD (sdhci), SATA (ahci) and NVMe stacks, stoat
# list-disks must report each disk with the right transport, driver and
# flash flag. The kernel's own view (sysfs, printed by the VM's init) is
# checked first, so a broken harness is not mistaken for a broken stoat.
. "$top_srcdir/tests/lib/tap.sh"
. "$top_srcdir/tests/vm/lib.sh"

vm_setup
vm_disks
vm_media || echo "# no install media ($(tail -1 "$VM_DIR/mkmedia.log")): booting without a CD"
t0=$(date +%s)
vm_boot listdisks
is "$?" 0 "the VM booted, ran list-disks and powered off"
echo "# boot took $(($(date +%s) - t0)) s ($VM_ACCEL)"

sysfs=$(vm_result sysfs)
# kernel NAME-OF-IMAGE: the kernel's line for the disk of that size
kernel() {
	local d size
	for d in $VM_DISKS; do
		[ "${d%%:*}" = "$1" ] || continue
		size=${d#*:}
		size=$((${size%%:*} * VM_GiB))
		printf '%s\n' "$sysfs" | awk -v s="$size" '$2 == s'
	done
}
like "$(kernel stick)" '^sd[a-z]+ [0-9]+ 0 1 usb-storage xhci_hcd$' \
	"the kernel drives the stick with usb-storage, removable"
like "$(kernel uas)" '^sd[a-z]+ [0-9]+ 0 [01] uas xhci_hcd$' "the kernel drives the UAS disk with uas"
like "$(kernel sd)" '^mmcblk[0-9]+ [0-9]+ 0 [01] - sdhci-pci$' "the kernel sees the SD card on sdhci-pci"
like "$(kernel sata)" '^sd[a-z]+ [0-9]+ 0 0 - ahci$' "the kernel sees the SATA disk on ahci"
like "$(kernel nvme)" '^nvme[0-9]+n1 [0-9]+ 0 0 - nvme$' "the kernel sees the NVMe disk"

json=$(vm_result listdisks)
is "$(vm_status listdisks)" 0 "stoat list-disks --json exits 0 in the VM"
printf '%s\n' "$json" >"$VM_DIR/listdisks.json"
specs=
for d in $VM_DISKS; do specs="$specs ${d%%:*}:$(echo "$d" | cut -d: -f2)"; done
# shellcheck disable=SC2086
facts=$(python3 "$top_srcdir/tests/vm/disks.py" "$VM_DIR/listdisks.json" $specs)
fact() { printf '%s\n' "$facts" | awk -v n="$1" -v f="$2" '$1 == n && $2 == f { $1 = ""; $2 = ""; sub(/^  /, ""); print }'; }
like "$(printf '%s\n' "$facts" | head -1)" '^json count [1-9][0-9]*$' "the output is JSON with at least one disk"

for d in $VM_DISKS; do
	IFS=: read -r name gib tr drv <<<"$d"
	kdev=/dev/$(kernel "$name" | cut -d' ' -f1)
	if printf '%s\n' "$facts" | grep -qx "$name missing"; then
		ok 1 "the $name disk ($gib GiB) is listed"
		continue
	fi
	ok 0 "the $name disk ($gib GiB) is listed"
	is "$(fact "$name" path)" "$kdev" "$name: path is the kernel's $kdev"
	is "$(fact "$name" transport)" "$tr" "$name: transport $tr"
	# USB disks name the interface's driver, others the controller's
	[ -n "$drv" ] || drv=$(kernel "$name" | cut -d' ' -f6)
	is "$(fact "$name" driver)" "$drv" "$name: driver $drv, as the kernel binds it"
	case $tr in usb | sd) flash=true ;; *) flash=false ;; esac
	is "$(fact "$name" flash)" "$flash" "$name: flash is $flash"
	is "$(fact "$name" verdict)" usable "$name: usable"
done

if [ "$TAP_FAILED" -gt 0 ]; then
	echo "# list-disks printed:"
	printf '%s\n' "$json" | head -20 | sed 's/^/#   /'
	vm_console_tail
fi
done_testing
