#!/bin/sh
# imgmulti.sh - the wizard's flash path onto several devices at once and
# with a new identity (issue 23), in tmux at 80x24:
# - Space marks three loop devices on the device list ("[x]" on their
#   rows, the count under it); the confirmation names all three and says
#   why no probe is offered; a result per device; each device then holds
#   the image byte for byte (cmp);
# - one device made read-only mid-write (stoat held with SIGSTOP, then
#   blockdev --setro): one gauge per device with its state, the failed one
#   marked so on the result screen, the other two written (cmp), exit
#   status 1;
# - F2 on the confirmation of one device: an image with encrypted
#   configuration is refused with the reason; a plain one shows the VMFS
#   warning, the result names the UUID removed, and state.tgz read back
#   with mtools holds esx.conf without the /system/uuid line and otherwise
#   as it was (diff).
. "$top_srcdir/tests/lib/tap.sh"
[ "$(id -u)" = 0 ] || skip_all "needs root for loop devices"
for t in losetup blockdev sgdisk cmp mcopy tar diff; do
	command -v $t >/dev/null 2>&1 || skip_all "$t is not installed"
done
. "$top_srcdir/tests/ui/lib.sh"

ui_fixtures || skip_all "cannot build fixture media"
D=$UI_DIR
MIB=1048576

# image FILE MIB: a raw image of MIB MiB, a GPT and random data after it.
image() {
	head -c $(($2 * MIB)) /dev/urandom >"$1" &&
		sgdisk -Z -n1:2048:0 "$1" >/dev/null 2>&1
}
image "$D/small.bin" 64 || skip_all "sgdisk cannot write a GPT here"
image "$D/big.bin" 256
for i in 1 2 3; do
	truncate -s 256M "$D/t$i.bin"
	l=$(tap_loop "$D/t$i.bin") || skip_all "cannot attach a loop device"
	eval "L$i=$l"
done
N1=${L1#/dev/} N2=${L2#/dev/} N3=${L3#/dev/}
LOOPS="--disk $L1:usb --disk $L2:usb --disk $L3:usb"
# The rows name the loop devices by backing file and number, which change
# from run to run.
NORM="s#[^ ]*/t([123])\.bin#t\1.bin#g; s/\((loop[0-9]+)\)/(LOOP)/g; s/loop[0-9]+/LOOP/g; s/ +/ /g; s/[0-9]+\.[0-9]+ (s|MB)/N \1/g"

# to_devices: Welcome -> F3 -> write an image -> the device list.
to_devices() {
	ui_wait "Press Enter to continue." && ui_keys F3 &&
		ui_wait "Write an image file to a device" && ui_keys Enter &&
		ui_wait "Select the Device to Write the Image To"
}

# mark_all: Space on each of the three loop devices.
mark_all() {
	ui_pick "$N1" && ui_keys Space && ui_wait "1 device marked" &&
		ui_pick "$N2" && ui_keys Space && ui_wait "2 devices marked" &&
		ui_pick "$N3" && ui_keys Space && ui_wait "3 devices marked"
}

# --- three devices ------------------------------------------------------------
ui_start $LOOPS
to_devices; ok $? "writing lists the devices"
like "$(ui_cap)" "\(Space\) Mark" "the key bar offers Space to mark"
mark_all; ok $? "Space marks three devices, counted under the list"
ui_same imgdev-marked "the list shows the marks" "$NORM"
ui_pick "$N2"; ui_keys Space; ui_wait "2 devices marked"; ok $? "Space again unmarks one"
ui_keys Space; ui_wait "3 devices marked"
ui_keys Enter; ui_wait "Image File to Write"
like "$(ui_cap)" "to write to the 3 marked devices" "the image file screen names the number of devices"
ui_type "small.bin"; ui_wait "The file exists"; ui_keys Enter
ui_wait "Confirm Writing the Image" 20; ok $? "Enter asks to confirm after the backend's checks"
cap=$(ui_cap)
like "$cap" "Everything on these 3 devices will be overwritten" "the confirmation counts the devices"
for n in $N1 $N2 $N3; do
	like "$cap" "\\($n\\) \\[USB\\]|\\($n\\), 256 MiB, serial -, /dev/$n" "it names /dev/$n"
done
like "$cap" "write probe is not offered" "and says why no probe is offered"
! echo "$cap" | grep -q "New identity"; ok $? "no new identity with several devices"
ui_same imgconfirm-multi "the confirmation matches" "$NORM"
ui_keys F11; ui_wait "Image Written" 60; ok $? "F11 writes the image to all three"
cap=$(ui_cap)
like "$cap" "3 devices now hold the image small.bin" "the result counts them"
is "$(echo "$cap" | grep -c "64 MiB written in .* s, verified in .* s")" 3 "one result line per device, each verified"
ui_same imgdone-multi "the result screen matches" "$NORM"
ui_keys Enter
is "$(ui_exit_status)" 0 "Enter exits 0"
for l in $L1 $L2 $L3; do
	cmp -s -n $((64 * MIB)) "$D/small.bin" "$l"; ok $? "$l holds the image (cmp)"
done

# --- one device fails mid-write -------------------------------------------------
ui_start $LOOPS
to_devices; mark_all; ui_keys Enter; ui_wait "Image File to Write"
ui_type "big.bin"; ui_wait "The file exists"; ui_keys Enter
ui_wait "Confirm Writing the Image" 20; ui_keys F11
writing_shown() { ui_cap | grep -qE ' Writing .*[0-9]+%'; }
ui_until 30 writing_shown
pid=$(ui_pid)
kill -STOP "$pid"
blockdev --setro "$L2"
T refresh-client 2>/dev/null
cap=$(ui_cap)
is "$(echo "$cap" | grep -cE "(Writing|Verifying|Waiting) .*[0-9]+%")" 3 "one gauge per device, with its state"
kill -CONT "$pid"
ui_wait "Image Written to Some Devices" 120; ok $? "the result says only some devices hold the image"
blockdev --setrw "$L2"
cap=$(ui_cap)
like "$cap" "2 devices now hold the image big.bin" "two of them"
like "$cap" "\\($N2\\): FAILED: " "the failed one with its reason"
ui_keys Enter
is "$(ui_exit_status)" 1 "Enter exits 1 when a device failed"
like "$(cat "$D/stderr")" "writing the image failed on 1 of 3 devices" "and says so"
cmp -s "$D/big.bin" "$L1"; ok $? "$L1 holds the image (cmp)"
cmp -s "$D/big.bin" "$L3"; ok $? "$L3 holds the image (cmp)"

# --- a new identity --------------------------------------------------------------
UUID=5f3a1c2e-0b4d-6e7f-8a9b-000c29aabbcc
printf '%s\n' vmaccepteula "rootpw --iscrypted $KS_HASH" "install --firstdisk --overwritevmfs" >"$D/ks"
truncate -s 6G "$D/esx.img"
STOAT_PROC=$D/proc "$STOAT" install --kickstart "$D/ks" --media "$D/m.iso" --disk "$D/esx.img:disk" \
	--only-listed-disks </dev/null >"$D/install.out" 2>&1
ok $? "stoat installs ESXi onto a 6 GiB image (the source of the copy)" || sed 's/^/#   /' "$D/install.out"
fixture_esx_config "$D/esx.img" "$D/cfg" "$UUID"; ok $? "with a host configuration holding a system UUID"
cp --sparse=always "$D/esx.img" "$D/enc.img"
fixture_esx_config_encrypted "$D/enc.img" "$D/cfg"
truncate -s 6G "$D/clone.img"

ui_start --disk clone.img:usb
to_devices; ui_pick clone.img; ui_keys Enter; ui_wait "Image File to Write"
ui_type "enc.img"; ui_wait "The file exists"; ui_keys Enter
ui_wait "Confirm Writing the Image" 20
like "$(ui_cap)" "\(F2\) New identity: Off" "the confirmation of one device offers F2, a new identity"
ui_keys F2; ui_wait "No New Identity for This Copy" 60; ok $? "F2 on an encrypted configuration is refused"
like "$(ui_cap)" "encrypted" "with the reason"
ui_keys Enter; ui_wait_gone "No New Identity"
like "$(ui_cap)" "\(F2\) New identity: Off" "and stays off"
ui_keys F9; ui_wait "Image File to Write"
for i in 1 2 3 4 5 6 7; do ui_keys BSpace; done
ui_type "esx.img"; ui_wait "The file exists"; ui_keys Enter
ui_wait "Confirm Writing the Image" 20; ui_keys F2
ui_wait "New identity: on." 60; ok $? "F2 on a plain configuration turns it on"
cap=$(ui_cap)
like "$cap" "\(F2\) New identity: On" "the key bar says so"
like "$cap" "Partition 3 is a VMFS datastore" "the datastore copied along is warned of"
ui_same imgconfirm-identity "the confirmation matches"
ui_keys F11; ui_wait "Image Written" 240; ok $? "F11 writes the image"
cap=$(ui_cap)
like "$cap" "Bootbank 5: removed the system UUID $UUID" "the result says which UUID was removed"
# (gzip's output, with its time stamps, changes size from run to run)
ui_same imgdone-identity "the result screen matches" "s/[0-9]+\.[0-9]+ (s|MB)/N \1/g; s/tgz [0-9]+ -> [0-9]+ bytes/tgz N -> N bytes/; s/ +/ /g"
ui_keys Enter
is "$(ui_exit_status)" 0 "Enter exits 0"
mkdir -p "$D/got/state" "$D/got/local"
mcopy -n -i "$(vol "$D/clone.img" 5)" ::state.tgz "$D/got/state.tgz" &&
	tar -C "$D/got/state" -xzf "$D/got/state.tgz" && tar -C "$D/got/local" -xzf "$D/got/state/local.tgz"
ok $? "the copy's state.tgz and its local.tgz unpack (mtools, tar)"
! grep -q '^/system/uuid' "$D/got/local/etc/vmware/esx.conf"; ok $? "its esx.conf has no /system/uuid line"
is "$(diff "$D/cfg/local/etc/vmware/esx.conf" "$D/got/local/etc/vmware/esx.conf")" "2d1
< /system/uuid = \"$UUID\"" "and only that line is gone"

done_testing
