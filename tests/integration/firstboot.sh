#!/bin/bash
# firstboot.sh - the datastores the installed host creates at first boot.
# Installs onto image files, takes onetime.tgz from the bootbank (mtools)
# and runs its datastore script under busybox in a fake ESXi root (chroot):
# /bootbank, /vmfs/volumes, /vmfs/devices/disks holding the first sector of
# each installed partition, and stub vmkfstools, esxcli and localcli that
# record their arguments. Cases: a plain disk (6.x: vmfs5 on p3), a name
# collision (datastore1 exists: datastore2), 7.x media (vmfs6 on p8), a USB
# install with a kickstart `partition` datastore on another disk (no
# datastore on the stick), a disk plus a datastore whose name needs
# quoting, a partition that holds VMFS already, and a disk without the
# mark.
. "$top_srcdir/tests/integration/install_lib.sh"
need_root_loop

BB=$(command -v busybox) || skip_all "busybox is missing"
file -L "$BB" 2>/dev/null | grep -q 'statically linked' || skip_all "$BB is not statically linked (install busybox-static)"
T=$TAP_TMP
"$MKMEDIA" --version 6.7.0-8169922 "$T/esxi6.iso" &&
	"$MKMEDIA" --version 7.0.3-19193900 "$T/esxi7.iso" || skip_all "cannot build the fixture media"
FB=var/lib/vmware/firstboot

# fake_root DIR: an empty fake ESXi root with busybox and the stubs. The
# stubs log "NAME ARGS" to /calls; vmkfstools -P prints /stub/vmkfstools-P,
# vmkfstools -C makes the volume (a folder and its name link), esxcli
# storage vmfs extent list prints /stub/extents.
fake_root() {
	local r=$1
	rm -rf "$r"
	mkdir -p "$r/bin" "$r/dev" "$r/stub" "$r/tmp" "$r/vmfs/devices/disks" "$r/vmfs/volumes/5f0c1a2b-0a1b2c3d-0000-000c29000001"
	cp "$BB" "$r/bin/busybox"
	chroot "$r" /bin/busybox --install -s /bin
	mknod "$r/dev/null" c 1 3
	ln -s /vmfs/volumes/5f0c1a2b-0a1b2c3d-0000-000c29000001 "$r/bootbank"
	ln -s 5f0c1a2b-0a1b2c3d-0000-000c29000001 "$r/vmfs/volumes/BOOTBANK1"
	: >"$r/calls"
	: >"$r/stub/extents"
	cat >"$r/bin/vmkfstools" <<'EOF'
#!/bin/sh
echo "vmkfstools $*" >>/calls
case $1 in
-P) cat /stub/vmkfstools-P ;;
-C) u=5f0c1a2b-$(echo "$4" | md5sum | cut -c1-8)
    mkdir -p "/vmfs/volumes/$u" && ln -s "$u" "/vmfs/volumes/$4" ;;
esac
EOF
	printf '#!/bin/sh\necho "esxcli $*" >>/calls\n[ "$*" = "storage vmfs extent list" ] && cat /stub/extents\nexit 0\n' >"$r/bin/esxcli"
	printf '#!/bin/sh\necho "localcli $*" >>/calls\nexit 0\n' >"$r/bin/localcli"
	chmod 755 "$r/bin/vmkfstools" "$r/bin/esxcli" "$r/bin/localcli"
}

# boot_on R DEVICE: vmkfstools -P /bootbank names DEVICE:5, as ESXi prints it.
boot_on() {
	cat >"$1/stub/vmkfstools-P" <<EOF
vfat-0.04 (Raw Major Version: 0) file system spanning 1 partitions.
File system label (if any): BOOTBANK1
Mode: private
Capacity 261853184 (63929 file blocks * 4096), 252723200 (61700 blocks) avail, max supported file size 0
UUID: 5f0c1a2b-0a1b2c3d-0000-000c29000001
Partitions spanned (on "disks"):
	$2:5
Is Native Snapshot Capable: NO
EOF
}

# disk_as R IMAGE DEVICE N...: the fake /vmfs/devices/disks/DEVICE:N holds
# the first sector of IMAGE's partition N.
disk_as() {
	local r=$1 img=$2 dev=$3 n
	shift 3
	: >"$r/vmfs/devices/disks/$dev"
	for n in "$@"; do
		dd if="$img" of="$r/vmfs/devices/disks/$dev:$n" bs=512 skip="$(part_first "$img" "$n")" count=1 status=none
	done
}

# script_of IMAGE R: put IMAGE's onetime.tgz into root R; prints the
# datastore script's path inside R.
script_of() {
	mcopy -n -i "$(vol "$1" 5)" ::onetime.tgz "$2/onetime.tgz" 2>/dev/null &&
		tar -xzf "$2/onetime.tgz" -C "$2" && echo "/$FB/001.firstboot_001"
}

# run_in R SCRIPT: run it there under busybox sh; output in $T/run.out.
run_in() { chroot "$1" /bin/sh "$2" >"$T/run.out" 2>&1; }

# calls R: the recorded calls.
calls() { cat "$1/calls"; }

# --- 1. a plain disk, 6.x media: vmfs5 on p3 ---------------------------------
write_ks "$T/ks" "--firstdisk --overwritevmfs"
install_img "$T/d6.img" 16G esxi6 disk
installed "6.x install onto a 16 GiB disk image"
R=$T/root
fake_root "$R"
boot_on "$R" t10.ATA_____QEMU_HARDDISK___________________QM00001
disk_as "$R" "$T/d6.img" t10.ATA_____QEMU_HARDDISK___________________QM00001 5 3
s=$(script_of "$T/d6.img" "$R")
is "$(tar -tzf "$R/onetime.tgz" | grep -v '/$')" "$FB/firstboot.json
$FB/001.firstboot_001" "onetime.tgz holds the datastore script"
is "$(python3 -c 'import json,sys; print(json.load(open(sys.argv[1]))["scripts"])' "$R/$FB/firstboot.json")" \
	"['001.firstboot_001']" "firstboot.json lists it"
run_in "$R" "$s"
is "$?" 0 "the script exits 0 under busybox sh"
is "$(calls "$R")" "vmkfstools -P /bootbank
esxcli storage vmfs extent list
vmkfstools -C vmfs5 -S datastore1 /vmfs/devices/disks/t10.ATA_____QEMU_HARDDISK___________________QM00001:3" \
	"it finds the boot disk from /bootbank and creates datastore1 (vmfs5) on its p3"
like "$(cat "$T/run.out")" 'created the vmfs5 datastore datastore1 on t10\.ATA_+QEMU_HARDDISK_+QM00001:3' "and says so"

# run again: the partition is an extent of datastore1 now
printf 'Volume Name  VMFS UUID                            Extent Number  Device Name                                          Partition\n-----------  -----------------------------------  -------------  ---------------------------------------------------  ---------\ndatastore1   5f0c1a2b-11111111-2222-000c29000001              0  t10.ATA_____QEMU_HARDDISK___________________QM00001          3\n' \
	>"$R/stub/extents"
: >"$R/calls"
run_in "$R" "$s"
is "$(calls "$R" | grep -c -- ' -C ')" 0 "run again on a partition that holds VMFS: vmkfstools -C is not called"
like "$(cat "$T/run.out")" 'already holds a VMFS volume' "and it says why"

# --- 2. a name collision: datastore1 exists on another disk --------------------
fake_root "$R"
boot_on "$R" naa.600508b1001c3a1e0a3e0ad95a5c2a1d
disk_as "$R" "$T/d6.img" naa.600508b1001c3a1e0a3e0ad95a5c2a1d 5 3
mkdir "$R/vmfs/volumes/5f0c1a2b-aaaaaaaa-bbbb-000c29000001"
ln -s 5f0c1a2b-aaaaaaaa-bbbb-000c29000001 "$R/vmfs/volumes/datastore1"
s=$(script_of "$T/d6.img" "$R")
run_in "$R" "$s"
is "$(calls "$R" | grep -- ' -C ')" "vmkfstools -C vmfs5 -S datastore2 /vmfs/devices/disks/naa.600508b1001c3a1e0a3e0ad95a5c2a1d:3" \
	"datastore1 exists: the new one is datastore2"

# --- 3. a disk the script does not find by /bootbank, and a decoy ------------
# vmkfstools -P prints nothing useful: the mark alone finds the partition,
# and a p3 on another disk without this install's mark is never formatted.
fake_root "$R"
: >"$R/stub/vmkfstools-P"
disk_as "$R" "$T/d6.img" naa.6000c29aaaaaaaaaaaaaaaaaaaaaaaaa 5 3
truncate -s 512 "$R/vmfs/devices/disks/naa.6000c29bbbbbbbbbbbbbbbbbbbbbbbbb:3"
ln -s naa.6000c29aaaaaaaaaaaaaaaaaaaaaaaaa "$R/vmfs/devices/disks/vml.0200000000600c29aaaa"
ln -s naa.6000c29aaaaaaaaaaaaaaaaaaaaaaaaa:3 "$R/vmfs/devices/disks/vml.0200000000600c29aaaa:3"
s=$(script_of "$T/d6.img" "$R")
run_in "$R" "$s"
is "$(calls "$R" | grep -- ' -C ')" "vmkfstools -C vmfs5 -S datastore1 /vmfs/devices/disks/naa.6000c29aaaaaaaaaaaaaaaaaaaaaaaaa:3" \
	"without /bootbank's answer the mark finds the one right partition (not the unmarked one, not the vml. alias)"
# a different install's image: its mark does not match this script
install_img "$T/other.img" 16G esxi6 disk
installed "a second 6.x install (another token)"
fake_root "$R"
boot_on "$R" naa.6000c29aaaaaaaaaaaaaaaaaaaaaaaaa
disk_as "$R" "$T/other.img" naa.6000c29aaaaaaaaaaaaaaaaaaaaaaaaa 5 3
s=$(script_of "$T/d6.img" "$R")
run_in "$R" "$s"
is "$?" 1 "a partition with another install's mark: the script exits 1"
is "$(calls "$R" | grep -c -- ' -C ')" 0 "and creates nothing"
like "$(cat "$T/run.out")" 'carries the mark for datastore1; nothing was created' "and says so"

# --- 4. 7.x media: vmfs6 on p8 ---------------------------------------------
install_img "$T/d7.img" 200G esxi7 disk
installed "7.x install onto a 200 GiB disk image (OSData leaves room for a datastore)"
is "$(part_type "$T/d7.img" 8)" AA31E02A400F11DB9590000C2911D1B8 "7.x: p8 is typed VMFS"
fake_root "$R"
boot_on "$R" t10.NVMe____QEMU_NVMe_Ctrl_______________________deadbeef00000001
disk_as "$R" "$T/d7.img" t10.NVMe____QEMU_NVMe_Ctrl_______________________deadbeef00000001 5 8
s=$(script_of "$T/d7.img" "$R")
run_in "$R" "$s"
is "$(calls "$R" | grep -- ' -C ')" "vmkfstools -C vmfs6 -S datastore1 /vmfs/devices/disks/t10.NVMe____QEMU_NVMe_Ctrl_______________________deadbeef00000001:8" \
	"7.x: datastore1 is vmfs6 on p8"

# --- 5. USB install, kickstart partition on another disk ---------------------
truncate -s 8G "$T/ssd.img"
sgdisk -n 1:2048:+100M "$T/ssd.img" >/dev/null 2>&1
# ssd.img has a partition: as in ESXi, a clearpart line naming it comes first
write_ks "$T/ks" "--firstdisk=usb --overwritevmfs" "clearpart --drives=$T/ssd.img" "partition vmstore --ondisk=$T/ssd.img"
truncate -s 8G "$T/usb.img"
out=$("$STOAT" install --kickstart "$T/ks" --media "$T/esxi7.iso" --disk "$T/usb.img:usb" --disk "$T/ssd.img:disk" \
	--only-listed-disks --dry-run 2>&1 </dev/null)
like "$out" "partition: $T/ssd.img would be repartitioned with one VMFS partition, and the host creates the datastore vmstore on it at first boot" \
	"the dry run says the other disk is repartitioned and the datastore created at first boot"
like "$out" 'ESXi skips this under UEFI Secure Boot' "and that Secure Boot skips it"
is "$(table "$T/ssd.img")" "1 2048 206847" "the dry run left the other disk as it was"
"$STOAT" install --kickstart "$T/ks" --media "$T/esxi7.iso" --disk "$T/usb.img:usb" --disk "$T/ssd.img:disk" \
	--only-listed-disks </dev/null >"$T/out" 2>"$T/err"
installed "7.x install onto a USB image with a datastore on another disk"
last=$(( $(stat -c %s "$T/ssd.img") / 512 - 34 ))
is "$(table "$T/ssd.img")" "1 2048 $last" "sgdisk: the other disk has one partition, from 1 MiB to the end"
is "$(part_type "$T/ssd.img" 1)" AA31E02A400F11DB9590000C2911D1B8 "typed VMFS"
like "$(cat "$T/out")" "partition 1 is typed for the VMFS datastore vmstore; the host creates the datastore at first boot" "the install says so"
fake_root "$R"
boot_on "$R" mpx.vmhba32:C0:T0:L0
disk_as "$R" "$T/usb.img" mpx.vmhba32:C0:T0:L0 5
disk_as "$R" "$T/ssd.img" naa.55cd2e404c0a1b2c 1
s=$(script_of "$T/usb.img" "$R")
run_in "$R" "$s"
is "$?" 0 "the script exits 0"
is "$(calls "$R")" "esxcli storage vmfs extent list
vmkfstools -C vmfs6 -S vmstore /vmfs/devices/disks/naa.55cd2e404c0a1b2c:1" \
	"USB: no datastore on the stick; vmstore (vmfs6) on the other disk's p1, found by its mark"

# --- 6. a disk plus a datastore whose name needs quoting ---------------------
rm -f "$T/ssd.img"; truncate -s 4G "$T/ssd.img"
write_ks "$T/ks" "--firstdisk=local --overwritevmfs" "partition \"it's \$HOME\" --ondisk=$T/ssd.img"
"$STOAT" install --kickstart "$T/ks" --media "$T/esxi6.iso" --disk "$T/d6.img:disk" --disk "$T/ssd.img:disk" \
	--only-listed-disks </dev/null >"$T/out" 2>"$T/err"
installed "6.x disk install with a datastore on another disk"
fake_root "$R"
boot_on "$R" naa.5000c500aaaa0001
disk_as "$R" "$T/d6.img" naa.5000c500aaaa0001 5 3
disk_as "$R" "$T/ssd.img" naa.5000c500aaaa0002 1
s=$(script_of "$T/d6.img" "$R")
run_in "$R" "$s"
is "$(calls "$R" | grep -- ' -C ')" "vmkfstools -C vmfs5 -S datastore1 /vmfs/devices/disks/naa.5000c500aaaa0001:3
vmkfstools -C vmfs5 -S it's \$HOME /vmfs/devices/disks/naa.5000c500aaaa0002:1" \
	"datastore1 on the boot disk, then the kickstart's datastore with its name as written"
ok $([ -L "$R/vmfs/volumes/it's \$HOME" ]; echo $?) "the stub made the volume under that exact name"

# --- 7. flash without a datastore: no script at all --------------------------
write_ks "$T/ks" "--firstdisk"
install_img "$T/usb6.img" 4G esxi6 usb
installed "6.x install onto a USB image"
mcopy -n -i "$(vol "$T/usb6.img" 5)" ::onetime.tgz "$T/u.tgz" 2>/dev/null
is "$(tar -tzf "$T/u.tgz" | grep -v '/$')" "$FB/firstboot.json" "a USB stick without another disk: no datastore script"

done_testing
