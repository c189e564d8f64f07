# lib.sh - boot the stoat rescue Linux in QEMU with real USB, UAS, SD, SATA
# and NVMe disks. Source after tests/lib/tap.sh, then:
#
#   vm_setup                 skip the script unless QEMU and the rescue
#                            system are available (builds it once, cached)
#   vm_disks                 make the sparse disk images in $VM_DIR
#   vm_media                 make the install media (an ISO) in $VM_DIR,
#                            set ESX (the esx-boot kit it carries)
#   vm_esxboot               find the esx-boot kit (VM_ESXBOOT), or skip
#   vm_extra FILE DEST       put FILE at DEST inside the VM (extra cpio)
#   vm_boot RUN [WORDS...]   boot with stoat.run=RUN (kernel command line
#                            WORDS added), wait for the power-off
#   vm_result NAME           what the VM printed between its markers
#   vm_status NAME           the exit status the VM reported for NAME
#   VM_BG=1 vm_boot ...      the same in the background; then vm_wait_for
#                            REGEX SECS, vm_monitor CMD..., vm_wait
#   VM_PREPARE_ONLY=1 vm_boot ...   only fill VM_QEMU (for expect)
#   vm_install_script GIB    the VM installs onto the disk of GIB GiB
#   vm_check_install IMAGE PARTS flash|disk   verify it on the host
#   vm_install_test DISK WHAT PARTS flash|disk [TABLE]   all of an install
#                            test: set up, install onto DISK, verify, and
#                            boot DISK with VMware's loader (vm_boot_check)
#   vm_boot_check IMAGE WHAT boot IMAGE with the esx-boot kit's boot-check,
#                            by UEFI and by BIOS, from bank p5
#   VM_EFI_VARS=FILE vm_boot ...    boot by UEFI: OVMF with FILE as its
#                            variable store (a copy of OVMF_VARS_4M.fd)
#   vm_hash FILE             a quick content digest of a sparse image
#
# Disks (sizes tell them apart; SD sizes must be a power of 2 for QEMU):
#   stick  4 GiB  usb-storage stick on qemu-xhci (removable)
#   uas    2 GiB  UAS disk on the same xHCI controller
#   sd     1 GiB  SD card on sdhci-pci
#   sata  16 GiB  AHCI disk
#   nvme   6 GiB  NVMe disk
# and the media as a CD on the AHCI controller's second port (/dev/sr0).

. "$top_srcdir/tests/lib/fixtures.sh"

VM_TIMEOUT=${STOAT_VM_TIMEOUT:-300}
VM_DIR=$TAP_TMP/vm
VM_GiB=1073741824
mkdir -p "$VM_DIR/extra"
# names, sizes in GiB, and the transport/driver list-disks must report
VM_DISKS="stick:4:usb:usb-storage uas:2:usb:uas sd:1:sd: sata:16:sata: nvme:6:nvme:"
VM_PID=

# vm_cleanup: stop a VM still running (a test that died), then tap.sh's own.
vm_cleanup() {
	[ -n "$VM_PID" ] && kill "$VM_PID" 2>/dev/null
	tap_cleanup
}
trap vm_cleanup EXIT

# vm_setup: skip unless QEMU works here; build (or reuse) the rescue Linux.
# vm_skip REASON: skip every VM test, unless STOAT_REQUIRE_VM is set (CI
# sets it): there a VM test that cannot run is a failure, so a missing
# QEMU or a kernel download that failed cannot pass CI unseen.
vm_skip() {
	if [ -n "${STOAT_REQUIRE_VM:-}" ]; then
		echo "Bail out! the VM tests are required (STOAT_REQUIRE_VM) but cannot run: $1"
		exit 1
	fi
	skip_all "$1"
}

vm_setup() {
	local out rc
	command -v qemu-system-x86_64 >/dev/null ||
		vm_skip "qemu-system-x86_64 is missing (tools/setup --tests installs qemu-system-x86)"
	[ -x "$STOAT" ] || vm_skip "no stoat binary at $STOAT"
	out=$(STOAT=$STOAT "$top_srcdir/tests/vm/build-rescue.sh" 2>"$VM_DIR/build.log")
	rc=$?
	if [ $rc -eq 3 ]; then
		vm_skip "$(tail -1 "$VM_DIR/build.log")"
	elif [ $rc -ne 0 ]; then
		echo "Bail out! cannot build the rescue Linux: $(tail -1 "$VM_DIR/build.log")"
		exit 1
	fi
	eval "$out"
	# KVM only where the CPU shows hardware virtualization: some sandboxes
	# have a writable /dev/kvm whose guests never print a byte (seen here:
	# QEMU warns "host doesn't support requested feature: CPUID.01H:ECX.pni"
	# and the boot hangs until the timeout), while TCG boots in seconds.
	VM_ACCEL=tcg
	if [ -w /dev/kvm ] && [ -z "${STOAT_VM_NO_KVM:-}" ] &&
		grep -qwE 'vmx|svm' /proc/cpuinfo; then
		VM_ACCEL=kvm:tcg
	fi
}

# vm_esxboot: the esx-boot kit (VMware's loader built from source, and
# boot-check) in VM_ESXBOOT: $STOAT_ESXBOOT_DIR, else ../shared/esxboot or
# ../../shared/esxboot from the source top; vm_skip without it.
vm_esxboot() {
	VM_ESXBOOT=$(esxboot_dir "$top_srcdir" 2>&1) ||
		vm_skip "$VM_ESXBOOT"
}

# vm_disks: fresh sparse images for every disk.
vm_disks() {
	local d name size
	for d in $VM_DISKS; do
		name=${d%%:*}
		size=${d#*:}
		size=${size%%:*}
		rm -f "$VM_DIR/$name.img"
		truncate -s "$((size * VM_GiB))" "$VM_DIR/$name.img"
	done
}

# vm_media: ESXi-format media as an ISO (tests/fixtures/mkmedia.sh, with
# the esx-boot kit, which vm_check_install compares p1 with as $ESX);
# status 1, the reason in $VM_DIR/mkmedia.log, when it cannot be made.
vm_media() {
	local iso=$VM_DIR/media.iso
	ESX=$(esxboot_dir "$top_srcdir" 2>"$VM_DIR/mkmedia.log") || return 1
	[ -f "$iso" ] && return 0
	"$MKMEDIA" --version 6.7.0-8169922 "$iso" >"$VM_DIR/mkmedia.log" 2>&1 && [ -s "$iso" ]
}

# vm_extra FILE DEST: put FILE at DEST (absolute) inside the VM.
vm_extra() {
	install -D -m 0755 "$1" "$VM_DIR/extra$2"
}

# vm_boot RUN [WORDS...]: boot, run stoat.run=RUN, wait for the power-off.
# The console goes to $VM_DIR/console.log, results to $VM_DIR/data.log.
# Returns QEMU's status (124 when the timeout hit).
vm_boot() {
	local run=$1 d name args=() initrd=$VM_INITRD rc
	shift
	if [ -n "$(ls -A "$VM_DIR/extra")" ]; then
		initrd=$VM_DIR/initrd.gz
		(cd "$VM_DIR/extra" && find . | cpio -o -H newc --quiet | gzip) >"$VM_DIR/extra.gz"
		cat "$VM_INITRD" "$VM_DIR/extra.gz" >"$initrd"
	fi
	for d in $VM_DISKS; do
		name=${d%%:*}
		[ -f "$VM_DIR/$name.img" ] || continue
		args+=(-drive "if=none,id=$name,file=$VM_DIR/$name.img,format=raw,cache=unsafe,discard=unmap,detect-zeroes=unmap")
		case $name in
		stick) args+=(-device "usb-storage,id=stickdev,bus=xhci.0,drive=stick,removable=on,serial=STOATSTICK") ;;
		uas) args+=(-device usb-uas,id=uasdev,bus=xhci.0
			-device "scsi-hd,bus=uasdev.0,drive=uas,serial=STOATUAS") ;;
		sd) args+=(-device "sd-card,drive=sd") ;;
		sata) args+=(-device "ide-hd,bus=ahci.0,drive=sata,serial=STOATSATA") ;;
		nvme) args+=(-device "nvme,drive=nvme,serial=STOATNVME") ;;
		esac
	done
	if [ -f "$VM_DIR/media.iso" ]; then
		args+=(-drive "if=none,id=cd,file=$VM_DIR/media.iso,format=raw,media=cdrom,readonly=on"
			-device ide-cd,bus=ahci.1,drive=cd)
	fi
	if [ -n "${VM_EFI_VARS:-}" ]; then
		args+=(-drive "if=pflash,format=raw,unit=0,readonly=on,file=${OVMF_CODE:-/usr/share/OVMF/OVMF_CODE_4M.fd}"
			-drive "if=pflash,format=raw,unit=1,file=$VM_EFI_VARS")
	fi
	: >"$VM_DIR/data.log"
	rm -f "$VM_DIR/mon.sock"
	# 4 GiB, as the wizard's system scan wants for ESXi (QEMU allocates lazily)
	VM_QEMU=(qemu-system-x86_64 -machine "accel=$VM_ACCEL"
		-m 4096 -smp 1 -display none -no-reboot -nic none
		-kernel "$VM_KERNEL" -initrd "$initrd"
		-append "console=ttyS0 quiet panic=-1 stoat.run=$run stoat.disks=5 stoat.media=/dev/sr0 $*"
		-chardev stdio,id=con,signal=off -serial chardev:con -serial "file:$VM_DIR/data.log"
		-monitor "unix:$VM_DIR/mon.sock,server=on,wait=off"
		-device qemu-xhci,id=xhci -device sdhci-pci -device ahci,id=ahci
		"${args[@]}")
	[ -n "${VM_PREPARE_ONLY:-}" ] && return 0
	if [ -n "${VM_BG:-}" ]; then
		timeout -k 10 "$VM_TIMEOUT" "${VM_QEMU[@]}" </dev/null >"$VM_DIR/console.log" 2>&1 &
		VM_PID=$!
		return 0
	fi
	timeout -k 10 "$VM_TIMEOUT" "${VM_QEMU[@]}" <"${VM_STDIN:-/dev/null}" >"$VM_DIR/console.log" 2>&1
	rc=$?
	[ $rc -eq 124 ] && echo "# QEMU timed out after ${VM_TIMEOUT}s"
	return $rc
}

# vm_wait: wait for a VM started with VM_BG=1; its status as vm_boot's.
vm_wait() {
	local rc
	wait "$VM_PID"
	rc=$?
	[ $rc -eq 124 ] && echo "# QEMU timed out after ${VM_TIMEOUT}s"
	return $rc
}

# vm_wait_for REGEX SECONDS: wait until the data channel shows REGEX.
vm_wait_for() {
	local i=0
	while [ $i -lt $(($2 * 10)) ]; do
		tr -d '\r' <"$VM_DIR/data.log" | grep -Eq -- "$1" && return 0
		kill -0 "$VM_PID" 2>/dev/null || return 1
		sleep 0.1
		i=$((i + 1))
	done
	return 1
}

# vm_monitor COMMAND...: send commands to the running VM's QEMU monitor
# (human monitor on a unix socket), one connection, and print the answers.
vm_monitor() {
	python3 - "$VM_DIR/mon.sock" "$@" <<'EOF_PY'
import socket, sys
s = socket.socket(socket.AF_UNIX, socket.SOCK_STREAM)
s.connect(sys.argv[1])
s.settimeout(2)
def read_prompt():
    buf = b""
    while not buf.endswith(b"(qemu) "):
        try:
            chunk = s.recv(4096)
        except socket.timeout:
            break
        if not chunk:
            break
        buf += chunk
    return buf
read_prompt()
for cmd in sys.argv[2:]:
    s.sendall(cmd.encode() + b"\n")
    out = read_prompt().decode(errors="replace")
    print("\n".join(l for l in out.replace("\r", "").split("\n")[1:] if l and "(qemu)" not in l))
EOF_PY
}

# vm_result NAME: the lines the VM printed between its NAME markers.
vm_result() {
	tr -d '\r' <"$VM_DIR/data.log" |
		sed -n "/^==STOAT-BEGIN $1==\$/,/^==STOAT-END $1 rc=/p" | sed '1d;$d'
}

# vm_status NAME: the exit status the VM reported for NAME ("" if none).
vm_status() {
	tr -d '\r' <"$VM_DIR/data.log" | sed -n "s/^==STOAT-END $1 rc=\([0-9]*\)==\$/\1/p"
}

# vm_console_tail: the end of the console log, as TAP comments.
vm_console_tail() {
	tail -n "${1:-15}" "$VM_DIR/console.log" | tr -d '\r' | sed 's/\x1b\[[0-9;?]*[a-zA-Z]//g; s/^/#   /'
}

# vm_hash FILE: a digest of a large sparse image's content: its size and
# tests/tools/sparse.py's content sum (holes read as zeros, not read).
vm_hash() {
	echo "$(stat -c %s "$1") $(img_content "$1")"
}

# vm_install_script GIB [KICKSTART-LINES...]: make the VM run an unattended
# install (stoat install --kickstart) onto the whole disk of GIB GiB, found
# by size in sysfs since USB disks come up in any order. Results: "target"
# (the device) and "install" (stoat's output and status).
vm_install_script() {
	local gib=$1
	shift
	{
		echo '# runs inside the VM; "$@" holds --media DEV'
		echo "want=$((gib * VM_GiB / 512))"
		cat <<'EOF_RUN'
dev=
for b in /sys/block/*; do
	[ "$(cat "$b/size")" = "$want" ] && dev=/dev/${b##*/}
done
echo "==STOAT-BEGIN target=="; echo "$dev"; echo "==STOAT-END target rc=0=="
{
	echo vmaccepteula
	echo 'rootpw Stoat-VM-1pw!'
	# TCG guests have no VT-x/AMD-V, which an unattended install refuses
	# without --forceunsupportedinstall; these tests are about the disks.
	echo "install --disk=$dev --overwritevmfs --forceunsupportedinstall"
EOF_RUN
		for l in "$@"; do printf '\techo %q\n' "$l"; done
		cat <<'EOF_RUN'
} >/tmp/ks.cfg
echo "==STOAT-BEGIN install=="
stoat "$@" --no-reboot install --kickstart /tmp/ks.cfg 2>&1 </dev/null
rc=$?
sync
echo "==STOAT-END install rc=$rc=="
EOF_RUN
	} >"$VM_DIR/run.sh"
	vm_extra "$VM_DIR/run.sh" /etc/stoat/run.sh
}

# vm_media_files DIR: extract the media ISO into DIR (with xorriso).
vm_media_files() {
	mkdir -p "$1"
	xorriso -osirrox on -indev "$VM_DIR/media.iso" -extract / "$1" >/dev/null 2>&1 &&
		chmod -R u+w "$1"
}

# vm_part_sector IMAGE N First|Last: partition N's first or last sector.
vm_part_sector() {
	sgdisk -i "$2" "$1" 2>/dev/null | sed -n "s/^$3 sector: \([0-9]*\).*/\1/p"
}

# vm_part_loop IMAGE N: attach partition N of IMAGE, read-only, to a loop
# device of its own (by offset: partition scanning is not available
# everywhere); the device is left in VM_LOOP. Not in a $(...) subshell, so
# tap.sh records the loop and detaches it on exit.
vm_part_loop() {
	local first last
	VM_LOOP=
	first=$(vm_part_sector "$1" "$2" First)
	last=$(vm_part_sector "$1" "$2" Last)
	[ -n "$first" ] && [ -n "$last" ] || return 1
	tap_loop "$1" -r -o $((first * 512)) --sizelimit $(((last - first + 1) * 512)) >"$VM_DIR/loop.dev" ||
		return 1
	VM_LOOP=$(cat "$VM_DIR/loop.dev")
}

# vm_check_install IMAGE "1 5 6 ..." FLASH: verify an installed disk image
# on the host with sgdisk, fsck.fat and mtools, as the install tests do.
vm_check_install() {
	local img=$1 want=$2 flash=$3 loop p got guid media m f sum p5=
	got=$(sgdisk -p "$img" 2>/dev/null | awk '/^ +[0-9]+ +[0-9]+ +[0-9]+/ { print $1 }' | sort -n | tr '\n' ' ')
	is "${got% }" "$want" "sgdisk: partitions $want"
	for p in $want; do
		guid=$(sgdisk -i "$p" "$img" 2>/dev/null | sed -n 's/^Partition GUID code: \([0-9A-F-]*\).*/\1/p' | tr -d -)
		case $p in
		1) is "$guid" C12A7328F81F11D2BA4B00A0C93EC93B "p1 is the EFI system partition" ;;
		5 | 6 | 8 | 2) is "$guid" EBD0A0A2B9E5443387C068B6B72699C7 "p$p is linuxNative (basic data)" ;;
		7 | 9) is "$guid" 9D27538040AD11DBBF97000C2911D1B8 "p$p is vmkDiagnostic" ;;
		3) is "$guid" AA31E02A400F11DB9590000C2911D1B8 "p3 is vmfs" ;;
		esac
	done
	p1_check "$img" "$(basename "$img")" yes yes no
	for p in 5 6 8 2; do
		case " $want " in *" $p "*) ;; *) continue ;; esac
		vm_part_loop "$img" "$p" || {
			ok 1 "attach p$p of $img to a loop device"
			continue
		}
		loop=$VM_LOOP
		fsck.fat -n "$loop" >"$VM_DIR/fsck.log" 2>&1
		ok $? "fsck.fat -n: p$p is clean"
		[ "$p" = 5 ] && p5=$loop
	done
	[ -n "$p5" ] || return
	loop=$p5
	like "$(mdir -i "$loop" -b :: 2>"$VM_DIR/mtools.err")" '(^|/)[Bb][Oo][Oo][Tt]\.[Cc][Ff][Gg]$' "mdir: p5 holds boot.cfg"
	like "$(mtype -i "$loop" ::/boot.cfg 2>"$VM_DIR/mtools.err")" '^bootstate=0' "p5's boot.cfg is the bootable one (bootstate=0)"
	like "$(dd if="$loop" bs=1 skip=512 count=16 status=none | tr -d "\000")" '^VMWARE FAT16    $' "p5 carries the VMWARE FAT16 marker"
	local nibble
	nibble=$(dd if="$loop" bs=1 skip=528 count=1 status=none | od -An -tx1 | tr -d ' ' | cut -c1)
	if [ "$flash" = flash ]; then is "$nibble" e "p5's UUID starts with e (flash)"; else is "$nibble" 7 "p5's UUID starts with 7 (disk)"; fi
	# every module boot.cfg names, byte-identical to the media
	media=$VM_DIR/media.d
	vm_media_files "$media" || {
		ok 1 "xorriso extracts the media"
		return
	}
	f=$(find "$media" -maxdepth 1 -iname boot.cfg | head -1)
	local n=0 bad=0
	for m in $(sed -n 's/^modules=//p' "$f" | sed 's/ --- / /g; s|/||g'); do
		n=$((n + 1))
		f=$(find "$media" -maxdepth 1 -iname "$m" | head -1)
		sum=$(mtype -i "$loop" "::/$m" 2>/dev/null | sha256sum)
		if [ -z "$f" ] || [ "$sum" != "$(sha256sum <"$f")" ]; then
			bad=$((bad + 1))
			echo "# module $m differs from the media (or is missing)"
		fi
	done
	[ $n -gt 0 ] && [ $bad -eq 0 ]
	ok $? "all $n modules on p5 are byte-identical to the media"
}

# vm_boot_check IMAGE WHAT: boot IMAGE as an ESXi host would, with the
# esx-boot kit's boot-check (VMware's safeboot and mboot, then the test
# kernel the media carry as B.B00), by UEFI (OVMF) and by legacy BIOS
# (SeaBIOS, syslinux 3.86); each must reach the kernel from bank p5: its
# ESXBOOT-KERNEL-OK line, and bootUUID= on the command line equal to the
# UUID after p5's VMWARE FAT16 marker (esxboot_bank_uuid). Judged from the
# serial log (esxboot_boot), kept in $VM_DIR/boot-uefi and boot-bios.
vm_boot_check() {
	local img=$1 what=$2 fw out uuid rc
	uuid=$(esxboot_bank_uuid "$img" 5)
	like "$uuid" '^[0-9a-f]{32}$' "p5 of $what carries a bank UUID ($uuid)"
	for fw in uefi bios; do
		out=$VM_DIR/boot-$fw
		esxboot_boot "$VM_ESXBOOT" "$img" $fw "$out" "${STOAT_BOOT_TIMEOUT:-180}"
		rc=$?
		ok $rc "$what boots by $fw through VMware's loader to the kernel"
		echo "# boot-check by $fw ran $((ESXBOOT_MS / 1000)) s"
		[ $rc = 0 ] || esxboot_said "$out" 12
		like "$(esxboot_cmdline "$out")" "bootUUID=$uuid( |\$)" \
			"by $fw the kernel was loaded from bank p5 (bootUUID=$uuid)"
	done
}

# vm_install_test DISK WHAT PARTS flash|disk [TABLE]: the whole of an
# unattended install test: boot the VM, install onto DISK (a name of
# VM_DISKS, WHAT in the messages), then check on the host from its image
# that it holds partitions PARTS, laid out for flash or disk
# (vm_check_install), and, when TABLE is given, that sgdisk prints exactly
# that table ("number first last;" for each partition); then that the disk
# boots with VMware's loader by UEFI and by BIOS (vm_boot_check).
vm_install_test() {
	local disk=$1 what=$2 parts=$3 kind=$4 table=${5:-} gib t0 out
	gib=$(printf '%s\n' $VM_DISKS | awk -F: -v d="$disk" '$1 == d { print $2 }')
	need_root_loop
	vm_setup
	vm_esxboot
	vm_disks
	vm_media || vm_skip "cannot make install media: $(tail -1 "$VM_DIR/mkmedia.log")"
	vm_install_script "$gib"
	t0=$(date +%s)
	vm_boot script
	is "$?" 0 "the VM booted, ran the install and powered off"
	echo "# the VM ran $(($(date +%s) - t0)) s ($VM_ACCEL)"
	like "$(vm_result target)" '^/dev/sd[a-z]+$' "$what is a SCSI disk in the VM ($(vm_result target))"

	out=$(vm_result install)
	if printf '%s\n' "$out" | grep -q 'not built yet'; then
		skip "stoat install is not built yet: $(printf '%s\n' "$out" | head -1)"
		return
	fi
	is "$(vm_status install)" 0 "stoat install --kickstart exits 0 in the VM"
	if [ -n "$table" ]; then
		is "$(sgdisk -p "$VM_DIR/$disk.img" 2>/dev/null |
			awk '/^ +[0-9]+ +[0-9]+ +[0-9]+/ { print $1, $2, $3 }' | sort -n | tr '\n' ';')" "$table" \
			"sgdisk: the exact 6.x table for a $gib GiB disk"
	fi
	vm_check_install "$VM_DIR/$disk.img" "$parts" "$kind"
	vm_boot_check "$VM_DIR/$disk.img" "$what"

	if [ "$TAP_FAILED" -gt 0 ]; then
		echo "# stoat install printed:"
		printf '%s\n' "$out" | tail -20 | sed 's/^/#   /'
		vm_console_tail
	fi
}
