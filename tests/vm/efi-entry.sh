#!/bin/bash
# efi-entry.sh - the firmware boot entry "VMware ESXi", for real: the rescue
# Linux boots by UEFI (OVMF, with a variable store of its own), stoat
# installs onto the SATA disk, and the firmware's own variables, read back
# with efibootmgr inside the VM, must hold one entry "VMware ESXi" ->
# HD(1,GPT,<p1's unique GUID>,...)/File(\EFI\VMware\safeboot64.efi), first
# in BootOrder. After a reboot a second install replaces it (still one
# entry, now for the new p1); an install onto the USB stick adds none, and
# its dry run says why. Last, the firmware is left to boot by itself from
# that variable store: it must start the entry, and VMware's loader on the
# SATA disk must reach the test kernel from bank p5.
. "$top_srcdir/tests/lib/tap.sh"
. "$top_srcdir/tests/vm/lib.sh"

OVMF_CODE=${OVMF_CODE:-/usr/share/OVMF/OVMF_CODE_4M.fd}
OVMF_VARS=${OVMF_VARS:-/usr/share/OVMF/OVMF_VARS_4M.fd}
vm_setup
vm_esxboot
[ -f "$OVMF_CODE" ] && [ -f "$OVMF_VARS" ] ||
	vm_skip "no OVMF at $OVMF_CODE (tools/setup --tests installs ovmf)"
command -v efibootmgr >/dev/null ||
	vm_skip "efibootmgr is missing, so the rescue Linux has none (tools/setup --tests installs it)"
vm_disks
vm_media || vm_skip "cannot make install media (xorriso missing)"
cp "$OVMF_VARS" "$VM_DIR/vars.fd"
VM_EFI_VARS=$VM_DIR/vars.fd

# isnt GOT UNWANTED NAME: a test point that GOT differs from UNWANTED.
isnt() {
	[ "$1" != "$2" ]
	ok $? "$3"
}

# efi_script STEP...: the script the VM runs: each STEP, one of
#   efi              efibootmgr -v, as result "efi<N>" (N counts them)
#   install DISK     stoat install --kickstart onto DISK (sata or stick)
#   dry DISK         the same with --dry-run
# each as a result of its own ("install-sata", "dry-stick", ...).
efi_script() {
	local s
	{
		echo '# runs inside the VM; "$@" holds --media DEV'
		echo "sata_size=$((16 * VM_GiB / 512)) stick_size=$((4 * VM_GiB / 512))"
		printf 'hash=%q\n' "$KS_HASH"
		cat <<'EOF_RUN'
# disk SECTORS: the whole disk of that size (USB disks come up in any order)
disk() {
	for b in /sys/block/*; do
		[ "$(cat "$b/size")" = "$1" ] && echo "/dev/${b##*/}"
	done
}
sata=$(disk "$sata_size") stick=$(disk "$stick_size")
for d in sata stick; do
	eval dev=\$$d
	printf 'vmaccepteula\nrootpw --iscrypted %s\ninstall --disk=%s --overwritevmfs --forceunsupportedinstall\n' \
		"$hash" "$dev" >"/tmp/ks-$d.cfg"
done
# step NAME CMD...: CMD's output and status between the NAME markers
step() {
	name=$1
	shift
	echo "==STOAT-BEGIN $name=="
	"$@" 2>&1 </dev/null
	echo "==STOAT-END $name rc=$?=="
	sync
}
n=0
step devices echo "sata=$sata stick=$stick efivars=$(grep -c ' /sys/firmware/efi/efivars efivarfs ' /proc/mounts)"
EOF_RUN
		for s in "$@"; do
			case $s in
			efi) echo 'n=$((n + 1)); step "efi$n" efibootmgr -v' ;;
			install:*) echo "step install-${s#*:} stoat \"\$@\" --no-reboot install --kickstart /tmp/ks-${s#*:}.cfg" ;;
			dry:*) echo "step dry-${s#*:} stoat \"\$@\" install --dry-run --kickstart /tmp/ks-${s#*:}.cfg" ;;
			esac
		done
	} >"$VM_DIR/run.sh"
	vm_extra "$VM_DIR/run.sh" /etc/stoat/run.sh
}

# p1_guid IMAGE: the unique GUID of IMAGE's partition 1, lower case, as
# efibootmgr prints GUIDs.
p1_guid() {
	sgdisk -i 1 "$1" 2>/dev/null | sed -n 's/^Partition unique GUID: \([0-9A-F-]*\).*/\1/p' |
		tr A-F a-f
}

# entries NAME: the "VMware ESXi" lines of efibootmgr -v in result NAME.
entries() {
	vm_result "$1" | grep -a $'^Boot[0-9A-F]\\{4\\}[* ] VMware ESXi\t'
}

# first_in_order NAME: the first boot number of BootOrder in result NAME.
first_in_order() {
	vm_result "$1" | sed -n 's/^BootOrder: \([0-9A-F]\{4\}\).*/\1/p'
}

# show NAME: result NAME as TAP comments.
show() {
	echo "# $1:"
	vm_result "$1" | sed 's/^/#   /'
}

# boot NAME STEP...: boot the VM by UEFI and run the steps.
boot() {
	local name=$1 t0 rc
	shift
	efi_script "$@"
	t0=$(date +%s)
	vm_boot script
	rc=$?
	is "$rc" 0 "$name: the VM booted by UEFI (OVMF), ran the steps and powered off"
	echo "# $name: the VM ran $(($(date +%s) - t0)) s ($VM_ACCEL)"
	[ $rc -eq 0 ] || vm_console_tail 25
}

# --- boot 1: the first install onto the SATA disk ---
boot "boot 1" efi dry:sata install:sata efi
like "$(vm_result devices)" '^sata=/dev/sd[a-z] stick=/dev/sd[a-z] efivars=1$' \
	"the VM started by UEFI: efivarfs is mounted at /sys/firmware/efi/efivars"
is "$(vm_status efi1)" 0 "efibootmgr -v runs in the VM"
show efi1
is "$(entries efi1 | wc -l)" 0 "no \"VMware ESXi\" entry before the install"
like "$(vm_result dry-sata)" '^  Firmware boot entry: "VMware ESXi" -> \\EFI\\VMware\\safeboot64\.efi on partition 1, first in the boot order' \
	"the dry run onto the SATA disk announces the entry"
is "$(vm_status install-sata)" 0 "stoat install onto the SATA disk exits 0"
like "$(vm_result install-sata)" '^Firmware boot entry "VMware ESXi" added, first in the boot order\.$' \
	"and says it added the firmware boot entry"
guid1=$(p1_guid "$VM_DIR/sata.img")
show efi2
entry=$(entries efi2)
is "$(printf '%s\n' "$entry" | grep -c .)" 1 "efibootmgr -v shows one \"VMware ESXi\" entry"
like "$entry" '^Boot[0-9A-F]{4}\* VMware ESXi'$'\t''HD\(1,GPT,'"$guid1"',0x[0-9a-f]+,0x[0-9a-f]+\)/File\(\\EFI\\VMware\\safeboot64\.efi\)$' \
	"it is active and points at \\EFI\\VMware\\safeboot64.efi on p1 of the SATA disk ($guid1)"
num1=$(printf '%s\n' "$entry" | cut -c5-8)
is "$(first_in_order efi2)" "$num1" "BootOrder starts with it (Boot$num1)"

# --- boot 2: after a reboot, install again, then onto the stick ---
boot "boot 2" efi install:sata efi dry:stick install:stick efi
show efi1
like "$(entries efi1)" "HD\\(1,GPT,$guid1," "the entry is still there after a reboot (firmware variable store)"
is "$(first_in_order efi1)" "$num1" "and still first in BootOrder"
is "$(vm_status install-sata)" 0 "a second install onto the SATA disk exits 0"
guid2=$(p1_guid "$VM_DIR/sata.img")
isnt "$guid2" "$guid1" "the new p1 has a new unique GUID ($guid2)"
show efi2
entry=$(entries efi2)
is "$(printf '%s\n' "$entry" | grep -c .)" 1 "still exactly one \"VMware ESXi\" entry"
like "$entry" "HD\\(1,GPT,$guid2," "it points at the new p1"
vm_result efi2 | grep -q "$guid1"
ok $((!$?)) "no entry points at the replaced p1 any more"
is "$(first_in_order efi2)" "$(printf '%s\n' "$entry" | cut -c5-8)" "BootOrder starts with it"
like "$(vm_result dry-stick)" '^  Firmware boot entry: none \(USB or SD flash' \
	"the dry run onto the USB stick says why it makes no entry"
is "$(vm_status install-stick)" 0 "stoat install onto the USB stick exits 0"
vm_result install-stick | grep -q 'boot entry'
ok $((!$?)) "and adds no firmware boot entry"
guid3=$(p1_guid "$VM_DIR/stick.img")
show efi3
is "$(vm_result efi3 | grep -c "$guid3")" 0 "no boot entry points at the stick's p1 ($guid3)"
is "$(entries efi3)" "$entry" "the SATA disk's entry is unchanged"
is "$(vm_result efi3 | grep -a '^BootOrder')" "$(vm_result efi2 | grep -a '^BootOrder')" "so is BootOrder"

# --- boot 3: no kernel; the firmware boots by itself from its variables ---
num=$(first_in_order efi3)
uuid=$(esxboot_bank_uuid "$VM_DIR/sata.img" 5)
VM_PREPARE_ONLY=1 vm_boot script
fw=()
skip_next=0
for a in "${VM_QEMU[@]}"; do
	if [ $skip_next = 1 ]; then
		skip_next=0
		continue
	fi
	case $a in -kernel | -initrd | -append) skip_next=1 && continue ;; esac
	fw+=("$a")
done
t0=$(date +%s)
# no VGA, so mboot mirrors its log to the serial port; the test kernel
# ends QEMU through isa-debug-exit (status 99)
timeout -k 10 120 "${fw[@]}" -vga none -device isa-debug-exit,iobase=0xf4,iosize=0x04 \
	</dev/null >"$VM_DIR/console.log" 2>&1
rc=$?
echo "# boot 3: the firmware ran $(($(date +%s) - t0)) s (QEMU status $rc)"
out=$(esxboot_clean "$VM_DIR/console.log")
printf '%s\n' "$out" | grep -a -E '^(BdsDxe|ESXBOOT-(KERNEL|CMDLINE))' | sed 's/^/#   /'
# OVMF prints the GUID in upper case
like "$out" "^BdsDxe: starting Boot$num \"VMware ESXi\" from HD\\(1,GPT,$(printf %s "$guid2" | tr a-f A-F)," \
	"the firmware starts Boot$num \"VMware ESXi\" by itself"
like "$out" '(^|[^A-Z-])ESXBOOT-KERNEL-OK' "and VMware's loader reaches the kernel"
like "$(printf '%s\n' "$out" | grep -a '^ESXBOOT-CMDLINE')" "bootUUID=$uuid( |\$)" \
	"from bank p5 of the SATA disk (bootUUID=$uuid)"

[ "$TAP_FAILED" -gt 0 ] && vm_console_tail 30
done_testing
