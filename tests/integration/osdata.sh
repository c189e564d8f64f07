#!/bin/bash
# osdata.sh - 7.x on USB or SD: where ESX-OSData goes. stoat plan for the
# three choices against VMware's sizes; an install with OSData on the flash
# (p7 vmfsl after 1 GiB boot banks on a 16 GB SD card); a kickstart
# install --systemdisk= that partitions and marks the local disk, whose
# first-boot script then formats it under busybox with stub ESXi tools.
. "$top_srcdir/tests/integration/install_lib.sh"

T=$TAP_TMP
"$MKMEDIA" --version 7.0.3-19193900 --format tgz "$T/esxi7.tgz" ||
	skip_all "cannot build the fixture media"

# --- stoat plan -------------------------------------------------------------
# A 16 GB SD module (decimal, as sold): p1 100 MiB, p5 and p6 1 GiB each
# (the 10-32 GB row), p7 OSData to the last usable sector.
out=$("$STOAT" plan --size 16000000000 --flash --layout esxi7 --osdata flash 2>"$T/err")
is "$out" "gpt
1945 255 63 31250000
1 64 204863 C12A7328F81F11D2BA4B00A0C93EC93B systemPartition 128
5 208896 2306047 EBD0A0A2B9E5443387C068B6B72699C7 linuxNative 0
6 2308096 4405247 EBD0A0A2B9E5443387C068B6B72699C7 linuxNative 0
7 4407296 31249966 4EB2EA3978554790A79EFAE495E21F8D vmfsl 0" "plan --osdata flash: p1, p5, p6, and p7 vmfsl to the end"
like "$(cat "$T/err")" 'KB 83376' "plan --osdata flash warns of the wear KB 83376 reports"
# Over 128 GiB: OSData stops at the default cap and flash never gets a datastore.
out=$("$STOAT" plan --size 256G --flash --layout esxi7 --osdata flash 2>/dev/null)
is "$(echo "$out" | tail -n +3 | cut -d' ' -f1-3)" "1 64 204863
5 208896 8595455
6 8597504 16984063
7 16986112 268435455" "a 256 GiB stick: OSData ends at 128 GiB, no datastore on flash"
out=$("$STOAT" plan --size 16000000000 --flash --layout esxi7 --osdata ram 2>"$T/err")
is "$(echo "$out" | tail -n +3 | cut -d' ' -f1)" "1
5
6" "plan --osdata ram: boot banks only"
like "$(cat "$T/err")" 'lost at every reboot' "plan --osdata ram says logs are lost at reboot"
truncate -s 40G "$T/local40.img"
out=$("$STOAT" plan --size 16000000000 --flash --layout esxi7 --osdata "$T/local40.img" 2>"$T/err")
is "$(echo "$out" | tail -n 3)" "gpt
5221 255 63 83886080
1 2048 83886046 4EB2EA3978554790A79EFAE495E21F8D vmfsl 0" "plan --osdata DISK: the disk's table, one vmfsl partition from 1 MiB"
is "$(echo "$out" | sed -n 5p | cut -d' ' -f1)" "6" "and the flash keeps only p1, p5, p6"
truncate -s 300G "$T/local300.img"
out=$("$STOAT" plan --size 16000000000 --flash --layout esxi7 --osdata "$T/local300.img" --system-media-size small 2>/dev/null)
is "$(echo "$out" | tail -n 1 | cut -d' ' -f1-3)" "1 2048 134764543" "systemMediaSize=small caps the OSData disk's partition at 69 GB"
truncate -s 20G "$T/local20.img"
"$STOAT" plan --size 16000000000 --flash --layout esxi7 --osdata "$T/local20.img" >/dev/null 2>"$T/err"
[ $? != 0 ]; ok $? "a 20 GiB disk is refused for OSData"
like "$(cat "$T/err")" 'at least 32 GB' "with VMware's 32 GB minimum"
"$STOAT" plan --size 16000000000 --flash --layout esxi7 --osdata "$T/local40.img:usb" >/dev/null 2>"$T/err"
[ $? != 0 ]; ok $? "a USB disk is refused for OSData"
"$STOAT" plan --size 40G --layout esxi7 --osdata flash >/dev/null 2>&1
is "$?" 2 "--osdata without a flash target is a usage error"

# --- install: OSData on the SD card itself ------------------------------------
truncate -s 16000000000 "$T/sd16.img"
write_ks "$T/ks" "--firstdisk"
"$STOAT" install --kickstart "$T/ks" --media "$T/esxi7.tgz" --disk "$T/sd16.img:sd" --only-listed-disks \
	--osdata flash >"$T/out" 2>"$T/err"
rc=$?
is "$rc" 0 "install --osdata flash onto a 16 GB SD image exits 0"
[ $rc = 0 ] || sed 's/^/#   /' "$T/err"
is "$(table "$T/sd16.img")" "1 64 204863
5 208896 2306047
6 2308096 4405247
7 4407296 31249966" "sgdisk: p1 100 MiB, p5 and p6 1 GiB, p7 to the end"
is "$(part_type "$T/sd16.img" 7)" "4EB2EA3978554790A79EFAE495E21F8D" "p7 is typed vmfsl (ESX-OSData)"
is "$(dd if="$T/sd16.img" bs=512 skip=4407296 count=2048 status=none | tr -d '\0' | wc -c)" 0 "p7's first MiB is zeroed"
for n in 5 6; do
	fat_ok "$T/sd16.img" $n
	ok $? "fsck.fat -n finds p$n clean"
done

# --- kickstart install --systemdisk= ----------------------------------------
truncate -s 8G "$T/usb8.img"
rm -f "$T/local40.img"; truncate -s 40G "$T/local40.img"
write_ks "$T/ks2" "--disk=usb8.img --systemdisk=local40.img"
"$STOAT" install --kickstart "$T/ks2" --media "$T/esxi7.tgz" --disk "$T/usb8.img:usb" \
	--disk "$T/local40.img:disk" --only-listed-disks --dry-run >"$T/out" 2>"$T/err"
is "$?" 0 "the dry run of install --systemdisk= exits 0"
like "$(cat "$T/out")" "on $T/local40.img \(40.00 GiB\): repartitioned" "the dry run says the OSData disk is repartitioned"
like "$(cat "$T/out")" 'vmkfstools -C vmfsl' "and that the host formats it at first boot"
is "$(grep -c 'Secure Boot' "$T/out")" 1 "and, once, that ESXi skips it under UEFI Secure Boot"
truncate -s 8G "$T/ssd8.img"
write_ks "$T/ks2ds" "--disk=usb8.img --systemdisk=local40.img" "partition vmstore --ondisk=ssd8.img"
"$STOAT" install --kickstart "$T/ks2ds" --media "$T/esxi7.tgz" --disk "$T/usb8.img:usb" --disk "$T/local40.img:disk" \
	--disk "$T/ssd8.img:disk" --only-listed-disks --dry-run >"$T/out" 2>"$T/err"
is "$(grep 'Secure Boot' "$T/out")" "First boot creates the datastore and formats ESX-OSData; ESXi skips this under UEFI Secure Boot." \
	"OSData on a disk and a datastore: the dry run has one Secure Boot note for both"
"$STOAT" install --kickstart "$T/ks2" --media "$T/esxi7.tgz" --disk "$T/usb8.img:usb" \
	--disk "$T/local40.img:disk" --only-listed-disks >"$T/out" 2>"$T/err"
rc=$?
is "$rc" 0 "install onto USB with --systemdisk= exits 0"
[ $rc = 0 ] || sed 's/^/#   /' "$T/err"
is "$(table "$T/usb8.img")" "1 64 204863
5 208896 1232895
6 1234944 2258943" "sgdisk: the stick has only p1, p5 and p6"
is "$(table "$T/local40.img")" "1 2048 83886046" "sgdisk: the local disk has one partition from 1 MiB to the end"
is "$(part_type "$T/local40.img" 1)" "4EB2EA3978554790A79EFAE495E21F8D" "typed vmfsl (ESX-OSData)"
mark=$(dd if="$T/local40.img" bs=512 skip=2048 count=1 status=none | head -n 1)
like "$mark" '^stoat-osdata [0-9a-f]{32} 0\.$' "its first sector carries the mark"
v5=$(vol "$T/usb8.img" 5)
mcopy -n -i "$v5" ::onetime.tgz "$T/o.tgz" 2>/dev/null
script=$(tar -tzf "$T/o.tgz" | grep firstboot_ | head -n 1)
[ -n "$script" ]; ok $? "onetime.tgz holds a first-boot script"
tar -xzOf "$T/o.tgz" "$script" >"$T/fb.sh"
like "$(head -n 3 "$T/fb.sh")" "mark='$mark'" "the script looks for this install's mark"

# Run it under busybox in a fake ESXi root: stub tools record their calls;
# esxcli storage vmfs extent list prints $R/extents.
if command -v busybox >/dev/null; then
	R=$T/esx
	D=$R/vmfs/devices/disks
	mkdir -p "$D" "$R/bin"
	: >"$R/extents"
	head -c 1048576 /dev/zero >"$D/mpx.vmhba32:C0:T0:L0:5"
	dd if="$T/local40.img" bs=512 skip=2048 count=8 status=none >"$D/naa.600aa:1"
	cp "$D/naa.600aa:1" "$D/vml.0200aa:1"
	# a decoy: partition 1 of another disk with another install's mark
	printf 'stoat-osdata %032d 0.\n' 0 >"$D/naa.600bb:1"
	for t in vmkfstools esxcli localcli; do
		printf '#!/bin/sh\necho "%s $*" >>"%s/calls"\n' "$t" "$R" >"$R/bin/$t"
		chmod +x "$R/bin/$t"
	done
	echo "[ \"\$*\" = 'storage vmfs extent list' ] && cat '$R/extents'; exit 0" >>"$R/bin/esxcli"
	sed "s|/vmfs/|$R/vmfs/|g" "$T/fb.sh" >"$T/fb-root.sh"
	PATH=$R/bin:$PATH busybox sh "$T/fb-root.sh" >"$T/run.out" 2>&1
	is "$?" 0 "the first-boot script exits 0 under busybox"
	label=OSDATA-${mark#stoat-osdata }
	label=${label:0:15}
	is "$(cat "$R/calls")" "esxcli storage vmfs extent list
vmkfstools -C vmfsl -S $label $D/naa.600aa:1
esxcli system settings advanced set -o /ScratchConfig/ConfiguredScratchLocation -s $R/vmfs/volumes/$label/scratch
esxcli system coredump file add -d $label
esxcli system coredump file set --smart --enable true" \
		"it formats the marked partition (not the vml alias, not another install's) and moves scratch and the core dump there"

	# run again: the partition is a VMFS extent now
	printf 'Volume Name      VMFS UUID                            Extent Number  Device Name  Partition\n%s  5f0c1a2b-11111111-2222-000c29000001  0  naa.600aa  1\n' "$label" >"$R/extents"
	: >"$R/calls"
	PATH=$R/bin:$PATH busybox sh "$T/fb-root.sh" >"$T/run.out" 2>&1
	is "$?" 0 "run again on a partition that is a VMFS extent: it exits 0"
	is "$(cat "$R/calls")" "esxcli storage vmfs extent list" "and neither formats it nor touches scratch or the core dump"
	like "$(cat "$T/run.out")" 'naa\.600aa:1 already holds a VMFS volume' "and says why"

	# two partitions carry the same mark (a cloned disk): it formats neither
	: >"$R/extents"
	cp "$D/naa.600aa:1" "$D/naa.600cc:1"
	: >"$R/calls"
	PATH=$R/bin:$PATH busybox sh "$T/fb-root.sh" >"$T/run.out" 2>&1
	is "$?" 1 "two partitions with the mark: the script exits 1"
	is "$(grep -c -- ' -C ' "$R/calls")" 0 "and formats neither"
	like "$(cat "$T/run.out")" 'carries the mark for ESX-OSData; nothing was created' "and says so"
else
	skip "busybox is not installed" 8
fi

# A --systemdisk that is the install disk, or a target that is not flash.
write_ks "$T/ks3" "--disk=local40.img --overwritevmfs --systemdisk=usb8.img"
"$STOAT" install --kickstart "$T/ks3" --media "$T/esxi7.tgz" --disk "$T/usb8.img:usb" \
	--disk "$T/local40.img:disk" --only-listed-disks --dry-run >"$T/out" 2>"$T/err"
is "$?" 0 "--systemdisk with a disk target is a dry run that exits 0"
like "$(cat "$T/err")" 'used only when 7.x or later is installed onto USB or SD' "and warns that OSData stays on the disk"
write_ks "$T/ks4" "--disk=usb8.img --systemdisk=nosuchdisk"
"$STOAT" install --kickstart "$T/ks4" --media "$T/esxi7.tgz" --disk "$T/usb8.img:usb" \
	--only-listed-disks --dry-run >"$T/out" 2>"$T/err"
[ $? != 0 ]; ok $? "a --systemdisk that names no disk stops the install"
like "$(cat "$T/err")" 'no disk named nosuchdisk was found for --systemdisk' "saying which name"

done_testing
