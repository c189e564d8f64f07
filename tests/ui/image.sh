#!/bin/sh
# image.sh - the wizard's flash image path (F3 on the welcome screen) in
# tmux at 80x24, on image files as disks: back a stick image up to .zst
# and check it with zstd, cmp and sha256sum; flash it onto a second image
# and cmp. Also: the confirmation names the device, F9 keeps the answers,
# Esc (on the confirmation and while writing) leaves the target as it was,
# a device smaller than the image and a mounted one are refused with the
# backend's messages.
. "$top_srcdir/tests/lib/tap.sh"
for t in sgdisk zstd sha256sum cmp; do
	command -v $t >/dev/null 2>&1 || skip_all "$t is not installed"
done
. "$top_srcdir/tests/ui/lib.sh"

ui_fixtures || skip_all "cannot build fixture media"
MIB=1048576
D=$UI_DIR

# The stick: 64 MiB sparse with a GPT written by sgdisk and random data in
# its two partitions. The copy target starts out random, so "unchanged"
# means something.
truncate -s 64M "$D/stick.img"
sgdisk -n1:2048:+8M -n2:0:+16M "$D/stick.img" >/dev/null 2>&1 || skip_all "sgdisk cannot write a GPT here"
dd if=/dev/urandom of="$D/stick.img" bs=1M seek=2 count=2 conv=notrunc status=none
dd if=/dev/urandom of="$D/stick.img" bs=1M seek=20 count=1 conv=notrunc status=none
head -c $((64 * MIB)) /dev/urandom >"$D/copy.img"
cp "$D/copy.img" "$D/copy.orig"
IMG="--disk stick.img:usb --disk copy.img:usb"

# to_devices CHOICE_KEYS: Welcome -> F3 -> the menu choice -> device list.
to_devices() {
	ui_wait "Press Enter to continue." && ui_keys F3 &&
		ui_wait "Write an image file to a device" && { [ $# -eq 0 ] || ui_keys "$@"; } &&
		ui_keys Enter && ui_wait "Storage Device"
}

# --- TERM=linux: no F-keys there, so Esc and a digit ------------------------
UI_TERM=linux ui_start $IMG
ui_wait "Press Enter to continue."
ui_keys Escape 3; ui_wait "Write an image file to a device"; ok $? "TERM=linux: Esc 3 opens the image menu"
ui_keys Escape 9; ui_wait "Press Enter to continue."; ok $? "TERM=linux: Esc 9 goes back"
ui_keys Escape; ui_wait "Cancel the Installation?"; ui_keys Escape -
is "$(ui_exit_status)" 1 "TERM=linux: Esc then Esc - cancels"

# --- --dry-run writes nothing, so it offers no image either ------------------
ui_start --dry-run $IMG
ui_wait "Press Enter to continue."; ui_keys F3; ui_wait "Write an image file to a device"; ui_keys Down Enter
ui_wait "With --dry-run nothing is written"; ok $? "a dry run refuses the image path"
ui_keys Enter; ui_cancel
[ ! -e "$D/backup.img.zst" ] && cmp -s "$D/copy.img" "$D/copy.orig"; ok $? "and nothing was written"

# --- back up the stick --------------------------------------------------------
ui_start $IMG
ui_wait "Press Enter to continue."
like "$(ui_cap)" "\(F3\) Flash Image" "the welcome footer offers F3 Flash Image"
ui_keys F3; ui_wait "Write an image file to a device"; ok $? "F3 opens the image menu"
ui_same imgmenu "the image menu matches"
ui_keys Down; ui_wait "Saves a whole device"; ok $? "the hint follows the highlighted choice"
ui_keys F9; ui_wait "Press Enter to continue."; ok $? "F9 goes back to the welcome screen"
ui_keys F3; ui_wait "Write an image file to a device"; ui_keys Up Up Down; ui_keys Enter
ui_wait "Select the Device to Back Up"; ok $? "backing up scans and lists the devices"
ui_same imgdev-backup "the device list matches (any size will do for an image)"
ui_pick stick.img; ok $? "the stick can be highlighted"
ui_keys Enter; ui_wait "Save the Backup As"; ok $? "Enter asks for the image file"
ui_type "backup"; ui_wait "Compression: zstd."; ok $? "a name without a known ending gets zstd"
ui_type ".img"; ui_wait "Compression: raw."; ok $? ".img stays raw"
ui_type ".xz"; ui_wait "Compression: xz."; ok $? ".xz gets xz"
ui_keys BSpace BSpace; ui_type "zst"; ui_wait "Compression: zstd."; ok $? ".zst gets zstd"
T resize-window -t w -x 70 -y 20; ui_wait "too small"; ok $? "below 80x24 the image screens say the terminal is too small"
ui_type "x"; T resize-window -t w -x 80 -y 24; ui_wait "Save the Backup As"
like "$(ui_cap)" "\[backup.img.zst +\]" "they recover, keys typed meanwhile were ignored"
ui_keys C-l; sleep 0.3; like "$(ui_cap)" "Compression: zstd." "Ctrl-L redraws the screen"
ui_keys Enter; ui_wait "Confirm the Backup"; ok $? "Enter asks to confirm the backup"
cap=$(ui_cap)
like "$cap" "Device: Image file \(stick.img\)" "the confirmation names the device"
like "$cap" "Vendor: -" "its vendor (none for an image file)"
like "$cap" "Model: -" "its model"
like "$cap" "Size: 64 MiB \(67108864 bytes\)" "its size"
like "$cap" "Serial: -" "its serial"
like "$cap" "Image: backup.img.zst \(zstd\), 64 MiB to read" "and the image with its compression"
ui_keys F9; ui_wait "Save the Backup As"
like "$(ui_cap)" "\[backup.img.zst +\]" "F9 goes back to the image file and keeps it"
ui_keys Enter; ui_wait "Confirm the Backup"; ui_keys F11
ui_wait "Backup Complete" 60; ok $? "F11 backs the stick up"
cap=$(ui_cap)
like "$cap" "Verified: yes" "the result says it was verified"
like "$cap" "Checksum file: backup.img.zst.sha256" "and where the .sha256 went"
ui_keys Enter
is "$(ui_exit_status)" 0 "Enter on the result exits 0"
ui_stty_same; ok $? "the terminal settings are as before"
zstd -dc "$D/backup.img.zst" 2>/dev/null | cmp -s - "$D/stick.img"
ok $? "zstd -dc of the backup is the stick byte for byte (cmp)"
(cd "$D" && zstd -dc backup.img.zst 2>/dev/null | sha256sum -c backup.img.zst.sha256 >/dev/null 2>&1)
ok $? "backup.img.zst.sha256 checks with sha256sum -c"
! ls -a "$D" | grep -q '^\.backup\.img\.zst\.'; ok $? "no temporary file is left beside the image"

# --- flash it onto the copy: F9, Esc on the confirmation, Esc while writing --
ui_start $IMG
to_devices; ui_wait "Select the Device to Write the Image To"; ok $? "writing lists the devices"
ui_pick copy.img; ok $? "the copy target can be highlighted"
ui_keys Enter; ui_wait "Image File to Write"
ui_type "missing.zst"; ui_wait "There is no file missing.zst"; ok $? "a file that does not exist is named as such"
ui_keys Enter; ui_wait "(Enter) OK"; ok $? "Enter on it is refused with a message"
ui_keys Enter; ui_wait_gone "(Enter) OK"
for i in 1 2 3 4 5 6 7 8 9 10 11; do ui_keys BSpace; done
ui_type "backup.img.zst"; ui_wait "The file exists"; ok $? "an existing image file is accepted"
ui_keys Enter; ui_wait "Confirm Writing the Image"; ok $? "Enter asks to confirm, after the backend's checks"
ui_same imgconfirm-flash "the flash confirmation matches (device as the backend found it)"
ui_keys F9; ui_wait "Image File to Write"
like "$(ui_cap)" "\[backup.img.zst +\]" "F9 goes back to the image file and keeps it"
ui_keys F9; ui_wait "Select the Device to Write the Image To"; ui_keys F1; ui_wait "Disk Details"
like "$(ui_cap)" "Full name: Image file \(copy.img\)" "F9 again: the device list keeps the chosen device"
ui_keys Enter; ui_wait_gone "Disk Details"; ui_keys Enter
ui_wait "Image File to Write"; ui_keys Enter
ui_wait "Confirm Writing the Image"; ui_keys Escape
ui_wait "Cancel the Installation?"; ok $? "Esc on the confirmation asks before cancelling"
ui_keys F9; ui_wait_gone "Cancel the Installation?"; ui_wait "Confirm Writing the Image"
ok $? "F9 returns to the confirmation"
ui_keys Escape; ui_wait "Cancel the Installation?"; ui_keys F11
is "$(ui_exit_status)" 1 "cancelling there exits 1"
cmp -s "$D/copy.img" "$D/copy.orig"; ok $? "and the target is byte-identical to before"

ui_start $IMG
to_devices; ui_pick copy.img; ui_keys Enter; ui_wait "Image File to Write"
ui_type "backup.img.zst"; ui_keys Enter; ui_wait "Confirm Writing the Image"
# Esc right behind F11: the first check between buffers finds it.
ui_keys F11 Escape; ui_wait "Stop Writing the Image?"; ok $? "Esc while writing asks before stopping"
like "$(ui_cap)" "─ Writing the Image ─" "over the progress screen"
ui_keys F11
is "$(ui_exit_status)" 1 "stopping exits 1"
like "$(cat "$D/stderr")" "stopped on request.*first MiB was left as it was" "and says the first MiB was left as it was"
cmp -s -n $MIB "$D/copy.img" "$D/copy.orig"; ok $? "the target's first MiB is unchanged"

ui_start $IMG
to_devices; ui_pick copy.img; ui_keys Enter; ui_wait "Image File to Write"
ui_type "backup.img.zst"; ui_keys Enter; ui_wait "Confirm Writing the Image"; ui_keys F11
ui_wait "Image Written" 60; ok $? "F11 writes the image"
cap=$(ui_cap)
like "$cap" "Verified: yes" "the result says it was verified"
like "$cap" "matched its checksum file backup.img.zst.sha256" "and that the image matched its .sha256"
ui_keys Enter
is "$(ui_exit_status)" 0 "Enter on the result exits 0"
cmp -s "$D/copy.img" "$D/stick.img"; ok $? "the copy is the original stick byte for byte (cmp)"

# --- backing up over what exists: a fifo is refused, a file needs "Replace" --
mkfifo "$D/pipe.img"
old=$(sha256sum <"$D/backup.img.zst" | cut -d' ' -f1)
ui_start $IMG --log "$D/img.log"
ui_wait "Press Enter to continue."; ui_keys F3; ui_wait "Write an image file to a device"; ui_keys Down Enter
ui_wait "Select the Device to Back Up"; ui_pick stick.img; ui_keys Enter; ui_wait "Save the Backup As"
ui_type "pipe.img"; ui_wait "pipe.img exists and is a fifo"; ok $? "a fifo as the backup file is refused with the backend's message"
ui_keys Enter; ui_wait "(Enter) OK"; ok $? "Enter on it is refused"
ui_keys Enter; ui_wait_gone "(Enter) OK"
for i in 1 2 3 4 5 6 7 8; do ui_keys BSpace; done
ui_type "backup.img.zst"; ui_wait "already exists: Enter asks"
ok $? "an existing file is named, and replacing it is not silent"
ui_keys Enter; ui_wait "Replace the Existing File?"; ok $? "Enter asks before replacing it"
like "$(ui_cap)" "backup.img.zst already exists. Replace it with the new" "naming the file"
ui_keys F9; ui_wait "Save the Backup As"; ok $? "F9 keeps the old file and stays on the file name"
ui_keys Enter; ui_wait "Replace the Existing File?"; ui_keys F11
ui_wait "Confirm the Backup"; ok $? "Replace goes on to the confirmation"
ui_keys F11; ui_wait "Backup Complete" 60; ok $? "and the backup replaces the file"
ui_keys Enter
is "$(ui_exit_status)" 0 "exit 0"
[ -p "$D/pipe.img" ]; ok $? "the fifo is still a fifo"
zstd -dc "$D/backup.img.zst" 2>/dev/null | cmp -s - "$D/stick.img"; ok $? "the replaced backup is the stick (cmp)"
like "$(cat "$D/img.log")" "backup: .*stick.img to backup.img.zst" "--log names the device and the image"
like "$(cat "$D/img.log")" "backup complete" "and says the backup is complete"

# --- flash: a text file is no disk image -------------------------------------
printf 'vmaccepteula\nrootpw secret1!\ninstall --firstdisk\n' >"$D/ks.cfg"
ui_start $IMG
to_devices; ui_pick copy.img; ui_keys Enter; ui_wait "Image File to Write"
ui_type "ks.cfg"; ui_keys Enter
ui_wait "The Image Was Not Written"; ok $? "flashing a kickstart file is refused before the confirmation"
like "$(ui_cap | tr -s ' │\n' ' ')" "ks.cfg is a kickstart file, not a disk image" "saying what it is"
ui_keys Enter; ui_wait "Image File to Write"; ok $? "and goes back to the image file"
ui_cancel
cmp -s "$D/copy.img" "$D/stick.img"; ok $? "the target is unchanged"

# --- flash: zeros then data is no text file (strchr finds the NUL) ----------
truncate -s 4M "$D/zerohead.img"
head -c 1M /dev/urandom | dd of="$D/zerohead.img" bs=1M seek=1 conv=notrunc status=none
ui_start $IMG
to_devices; ui_pick copy.img; ui_keys Enter; ui_wait "Image File to Write"
ui_type "zerohead.img"; ui_keys Enter
ui_wait "The Image Was Not Written"; ok $? "an image without a partition table is refused"
like "$(ui_cap | tr -s ' │\n' ' ')" "zerohead.img does not look like a disk image: its first sectors hold no partition table" \
	"saying so, not that a file that starts with zeros is text"
ui_cancel
cmp -s "$D/copy.img" "$D/stick.img"; ok $? "the target is unchanged"

# --- refusals with the backend's messages (loop devices) --------------------
if [ "$(id -u)" = 0 ] && command -v losetup >/dev/null 2>&1 &&
	head -c $((32 * MIB)) /dev/urandom >"$D/tiny.bin" && L=$(tap_loop "$D/tiny.bin"); then
	cp "$D/tiny.bin" "$D/tiny.orig"
	ui_start --disk "$L:usb" $IMG
	to_devices; ui_pick "${L#/dev/}"; ok $? "the small loop device is listed"
	ui_keys Enter; ui_wait "Image File to Write"
	ui_type "stick.img"; ui_keys Enter
	ui_wait "The Image Was Not Written"; ok $? "a device smaller than the image is refused"
	like "$(ui_cap | tr -s ' │\n' ' ')" "the image \(64 MiB\) is larger than $L \(32 MiB\); nothing was written" \
		"with the backend's message"
	ui_keys Enter; ui_wait "Image File to Write"; ok $? "and goes back to the image file"
	ui_cancel
	cmp -s "$D/tiny.bin" "$D/tiny.orig"; ok $? "the small device is unchanged"
else
	for i in 1 2 3 4 5; do skip "needs root and a loop device"; done
fi

# A mounted device: an ext2 image attached to a loop device and mounted.
if [ "$(id -u)" = 0 ] && command -v mkfs.ext2 >/dev/null 2>&1 && truncate -s 16M "$D/mnt.img" &&
	mkfs.ext2 -q -F "$D/mnt.img" >/dev/null 2>&1 && M=$(tap_loop "$D/mnt.img") &&
	mkdir -p "$D/mnt" && mount -o ro "$M" "$D/mnt" 2>/dev/null; then
	ui_start --disk mnt.img:usb $IMG
	to_devices Down; ui_pick mnt.img
	like "$(ui_cap)" "The image is attached to ${M#/dev/}|mounted" "a mounted device shows why it cannot be backed up"
	ui_keys Enter; ui_wait "Device Cannot Be Used"; ok $? "choosing it for a backup is refused"
	like "$(ui_cap | tr -s ' │\n' ' ')" "mnt.img cannot be used: The image is attached" "with the backend's message"
	ui_keys Enter; ui_cancel
	umount "$D/mnt"
else
	for i in 1 2 3; do skip "cannot mount an ext2 image here"; done
fi

done_testing
