#!/bin/sh
# probe.sh - the wizard's probe (issue 20) in tmux at 80x24, on loop
# devices given to the wizard as USB sticks (--disk DEV:usb):
# - F1 details, F2: the read-only probe of the highlighted disk, its lines
#   on the screen, and its backing file not written (du, sha256sum);
# - after F11 on Confirm Install onto the stick: the offer (probe or skip),
#   the probe writing only inside the partitions the install makes, its
#   result, F11 installs (sgdisk reads the table back);
# - a fake-capacity stick (a FUSE file of 2 GiB that stores 512 MiB, on a
#   loop device): refused with its real size, no F11, the refusal kept
#   when Confirm's F11 is pressed again, no partition table written;
# - the flash path: the offer after the image confirmation, the probe in
#   the image's area, then the image written (cmp).
. "$top_srcdir/tests/lib/tap.sh"
[ "$(id -u)" = 0 ] || skip_all "needs root for loop devices"
for t in losetup sgdisk cmp sha256sum du; do
	command -v $t >/dev/null 2>&1 || skip_all "$t is not installed"
done
. "$top_srcdir/tests/ui/lib.sh"

ui_fixtures || skip_all "cannot build fixture media"
D=$UI_DIR
truncate -s 8G "$D/stick.bin"
stick=$(tap_loop "$D/stick.bin") || skip_all "cannot attach a loop device"
name=${stick#/dev/}

# pick NAME: on a disk list, move down until F1 names NAME; the details
# stay open.
pick() {
	local i=0
	while [ $i -lt 8 ]; do
		ui_keys F1; ui_wait "Disk Details" || return 1
		ui_cap | grep -q "Full name: .*($1)" && return 0
		ui_keys Enter; ui_wait_gone "Disk Details"
		ui_keys Down; sleep 0.2
		i=$((i + 1))
	done
	return 1
}

# --- 1. F1, F2: the read-only probe -------------------------------------------
used=$(du -k "$D/stick.bin" | cut -f1)
ui_start --disk "$stick:usb"
ui_to_disks
pick "$name"; ok $? "F1 shows the loop stick's details"
like "$(ui_cap)" "\(F2\) Probe \(read only\) +\(Enter\) OK" "they offer F2, the read-only probe"
ui_keys F2; ui_wait "Probe Results" 30; ok $? "F2 probes it and shows the results"
cap=$(ui_cap)
like "$cap" "Device: .*\\($name\\), 8\\.00 GiB, usb" "the results name the device"
like "$cap" "Driver: loop" "the driver line (as sysfs says)"
like "$cap" "Queue depth: -" "the queue depth line"
like "$cap" "USB link speed: -" "the USB link speed line"
like "$cap" "Capacity: not written to \\(read-only\\)" "the capacity line: read only"
like "$cap" "Read speed: [0-9]+\\.[0-9] MB/s" "a read speed"
like "$cap" "Write speed: - " "no write speed"
like "$cap" "Read only: nothing was written to the device\\." "it says nothing was written"
ui_same probe-details "the results screen matches" "s#$D/##; s/\\($name\\)/(LOOP)/; s/[0-9]+\\.[0-9] MB\\/s +/N MB\\/s /"
is "$(du -k "$D/stick.bin" | cut -f1)" "$used" "the backing file got no new blocks (nothing was written)"
ui_keys Enter; ui_wait "Select a Disk to Install or Upgrade"; ok $? "Enter goes back to the disk list"
ui_cancel

# --- 2. the offer after Confirm: probe, then install ------------------------
# install_to NAME: from Welcome to F11 on Confirm Install onto disk NAME.
install_to() {
	ui_to_disks && pick "$1" && ui_keys Enter && ui_wait_gone "Disk Details" && ui_keys Enter &&
		ui_wait "Select a Keyboard Layout" 20 && ui_keys Enter && ui_set_password &&
		ui_wait "Found" 20 && ui_keys Enter && ui_wait "Confirm Install" 20 && ui_keys F11
}
ui_start --disk "$stick:usb"
install_to "$name"
ui_wait "Probe the Device Before Writing?" 20; ok $? "F11 on Confirm offers the probe for a USB stick"
like "$(ui_cap)" "only inside the partitions the installation is" "the offer says where it writes"
ui_same probe-offer "the offer matches" "s#$D/##; s/\\($name\\)/(LOOP)/"
ui_keys Enter; ui_wait "Probe Results" 60; ok $? "Enter probes the stick"
cap=$(ui_cap)
like "$cap" "Capacity: ok \\(stoat\\): [0-9]+ signed sectors over" "the capacity check wrote and read back its sectors"
like "$cap" "Write speed: [0-9]+\\.[0-9] MB/s" "a write speed"
like "$cap" "\\(F9\\) Back +\\(F11\\) Install" "F9 goes back, F11 installs"
ui_keys F11; ui_wait "Installation Complete" 120; ok $? "F11 installs after the probe"
is "$(sgdisk -p "$stick" 2>/dev/null | grep -c '^ *[0-9]')" 6 "sgdisk reads the flash layout's six partitions"
ui_keys Enter; ui_exit_status 20 >/dev/null

# --- 3. skip --------------------------------------------------------------
sgdisk --zap-all "$stick" >/dev/null 2>&1
ui_start --disk "$stick:usb"
install_to "$name"
ui_wait "Probe the Device Before Writing?" 20
ui_keys Down Enter; ui_wait "Installation Complete" 120; ok $? "choosing to skip goes straight to the install"
ui_keys Enter; ui_exit_status 20 >/dev/null

# --- 3b. the flash path: the offer after the image confirmation -------------
truncate -s 40M "$D/img.img"
sgdisk -n1:2048:+8M "$D/img.img" >/dev/null 2>&1
dd if=/dev/urandom of="$D/img.img" bs=1M seek=1 count=4 conv=notrunc status=none
ui_start --disk "$stick:usb"
ui_wait "Press Enter to continue."; ui_keys F3; ui_wait "Write an image file to a device"; ui_keys Enter
ui_wait "Select the Device to Write the Image To"
pick "$name"; ui_keys Enter; ui_wait_gone "Disk Details"; ui_keys Enter
ui_wait "Image File to Write"; ui_type "img.img"; ui_wait "The file exists"; ui_keys Enter
ui_wait "Confirm Writing the Image"; ui_keys F11
ui_wait "Probe the Device Before Writing?" 20; ok $? "F11 on the image confirmation offers the probe"
like "$(ui_cap)" "only where the image is about to be written \\(39" "the offer says where it writes (39 MiB)"
ui_keys Enter; ui_wait "Probe Results" 60
like "$(ui_cap)" "Capacity: ok \\(stoat\\): [0-9]+ signed sectors over 39 MiB" "the probe checked the image's area"
like "$(ui_cap)" "\\(F9\\) Back +\\(F11\\) Write the image" "F11 writes the image"
ui_keys F11; ui_wait "Image Written" 60; ok $? "F11 writes the image after the probe"
cmp -s -n $((40 << 20)) "$D/img.img" "$stick"; ok $? "the stick holds the image byte for byte (cmp)"
ui_keys Enter; ui_exit_status 20 >/dev/null

# --- 4. a fake-capacity stick -------------------------------------------------
if ! fakecap_start "$D"; then
	skip "fake-capacity stick: python3-fusepy or /dev/fuse missing"
else
	fake=$(tap_loop "$D/mnt/disk")
	ok $? "a 2 GiB FUSE file that stores 512 MiB is attached as $fake"
	ui_start --disk "$fake:usb"
	install_to "${fake#/dev/}"
	ui_wait "Probe the Device Before Writing?" 20; ui_keys Enter
	ui_wait "Probe Results" 120
	cap=$(ui_cap)
	like "$cap" "really holds only 512 MiB, not the 2\\.00 GiB it" "the fake stick is refused with its real size"
	like "$cap" "The installation was not started" "and the install is not started"
	! printf '%s' "$cap" | grep -q "(F11)"; ok $? "there is no F11 to install anyway"
	ui_keys F11; sleep 0.5; ui_shows_not "Installing"; ok $? "F11 does nothing"
	ui_keys F9; ui_wait "Confirm Install"; ok $? "F9 goes back to Confirm"
	ui_keys F11; ui_wait "Probe Results" 10
	like "$(ui_cap)" "really holds only 512 MiB" "F11 again: the refusal is kept, no new offer"
	ui_keys F9; ui_wait "Confirm Install"; ui_cancel
	is "$(sgdisk -p "$fake" 2>/dev/null | grep -c '^ *[0-9]')" 0 "no partition table was written"
	losetup -d "$fake"
	fakecap_stop "$D"
fi

done_testing
