#!/bin/bash
# readonly-sd.sh - a read-only SD card in the rescue Linux is listed but
# refused, with the reason, and an unattended install onto it writes
# nothing.
#
# QEMU refuses a read-only drive behind sd-card ("Cannot use read-only drive
# as SD card"), so the VM's init sets the kernel's read-only flag on the card
# (blockdev --setro), which is what mmc_block does for a card whose
# write-protect switch is on: /sys/block/mmcblk0/ro reads 1 either way.
. "$top_srcdir/tests/lib/tap.sh"
. "$top_srcdir/tests/vm/lib.sh"

vm_setup
vm_disks
vm_media || echo "# no install media ($(tail -1 "$VM_DIR/mkmedia.log")): booting without a CD"
# something recognisable on the card, to prove nothing was written to it
head -c 1048576 /dev/urandom >"$VM_DIR/sd.head"
dd if="$VM_DIR/sd.head" of="$VM_DIR/sd.img" conv=notrunc status=none
before=$(vm_hash "$VM_DIR/sd.img")

cat >"$VM_DIR/run.sh" <<'EOF'
# runs inside the VM; "$@" holds --media DEV
echo "==STOAT-BEGIN ro=="; cat /sys/block/mmcblk0/ro; echo "==STOAT-END ro rc=0=="
echo "==STOAT-BEGIN listdisks=="
stoat "$@" list-disks --json 2>&1; rc=$?
echo "==STOAT-END listdisks rc=$rc=="
printf 'vmaccepteula\nrootpw Stoat-VM-1pw!\ninstall --disk=/dev/mmcblk0 --overwritevmfs --forceunsupportedinstall\n' >/tmp/ks.cfg
echo "==STOAT-BEGIN install=="
stoat "$@" --no-reboot install --kickstart /tmp/ks.cfg 2>&1 </dev/null; rc=$?
echo "==STOAT-END install rc=$rc=="
EOF
vm_extra "$VM_DIR/run.sh" /etc/stoat/run.sh
vm_boot script stoat.setro=mmcblk0
is "$?" 0 "the VM booted, ran the checks and powered off"

is "$(vm_result ro)" 1 "the kernel reports the SD card read-only"
is "$(vm_status listdisks)" 0 "list-disks exits 0"
vm_result listdisks >"$VM_DIR/listdisks.json"
facts=$(python3 "$top_srcdir/tests/vm/disks.py" "$VM_DIR/listdisks.json" sd:1)
fact() { printf '%s\n' "$facts" | awk -v f="$1" '$1 == "sd" && $2 == f { $1 = ""; $2 = ""; sub(/^  /, ""); print }'; }
if printf '%s\n' "$facts" | grep -qx "sd missing\|json invalid.*"; then
	ok 1 "the read-only SD card is listed"
	printf '%s\n' "$facts" | sed 's/^/#   /'
	sed 's/^/#   /' "$VM_DIR/listdisks.json" | head -5
else
	ok 0 "the read-only SD card is listed"
	is "$(fact transport)" sd "it is listed as an SD card"
	is "$(fact readonly)" true "it is flagged read-only"
	like "$(fact verdict)" '^read-?only$' "its verdict is read-only"
	like "$(fact reason)" '[Rr]ead-only|write-protect' "the reason says read-only"
fi

out=$(vm_result install)
if printf '%s\n' "$out" | grep -q 'not built yet'; then
	skip "stoat install is not built yet: $out"
	skip "stoat install is not built yet"
else
	isnt_zero=$(vm_status install)
	[ -n "$isnt_zero" ] && [ "$isnt_zero" != 0 ]
	ok $? "an unattended install onto the read-only card fails (status $isnt_zero)"
	like "$out" '^stoat: .*([Rr]ead-only|write-protect)' "and says the card is read-only"
fi
is "$(vm_hash "$VM_DIR/sd.img")" "$before" "the card's image is unchanged"

[ "$TAP_FAILED" -gt 0 ] && vm_console_tail
done_testing
