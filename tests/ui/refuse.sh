#!/bin/bash
# refuse.sh - what cannot work is refused on the disk list, before the
# confirm screen (DESIGN.md: plan_validate and the media check), each with
# a clear message and the list still there: media whose files do not fit
# the disk's boot bank (the same message as the kickstart's), a read-only
# disk, a disk with a mounted filesystem, the disk holding the media; and
# media without a UEFI boot loader, which every disk would refuse.
. "$top_srcdir/tests/lib/tap.sh"
. "$top_srcdir/tests/ui/lib.sh"

# 6.x media with a 260 MiB module: the 250 MiB boot bank cannot hold it
ui_fixtures --big $((260 << 20)) || skip_all "cannot build fixture media"

# the kickstart's message for the same media and disk
printf 'vmaccepteula\nrootpw Stoat-2024x\ninstall --firstdisk --overwritevmfs\nnetwork --bootproto=dhcp\n' >"$UI_DIR/ks"
kserr=$("$STOAT" install --kickstart "$UI_DIR/ks" --media "$UI_DIR/m.iso" --disk "$UI_DIR/disk.img:disk" \
	--only-listed-disks --dry-run 2>&1 >/dev/null)
like "$kserr" "partition 5 need [0-9]+ MiB, but it holds only [0-9]+ MiB" "the kickstart refuses the media that does not fit"
msg=${kserr#stoat: }

ui_start
ui_pick_disk
ui_wait "Disk Cannot Be Used" 20; ok $? "choosing the disk the media does not fit is refused on the disk list"
# the dialog (over the list's frame) wraps the message: join its lines
got=$(ui_cap | awk -F'│' 'NF == 5 { print $3 }' | tr -s ' \n' '  ')
like "$got" "$(printf '%s' "$msg" | sed 's/[][().*]/\\&/g')" "with the kickstart's message"
ui_shows_not "Select a Keyboard Layout"; ok $? "the keyboard screen is not reached"
ui_keys Enter; ui_wait_gone "Disk Cannot Be Used"
ui_shows "Select a Disk to Install or Upgrade"; ok $? "Enter goes back to the disk list"
ui_cancel
is "$(ui_exit_status)" 1 "Esc, F11 cancels; nothing was installed"
is "$(stat -c %b "$UI_DIR/disk.img")" 0 "the disk image is untouched (still all holes)"

# Media without VMware's UEFI boot loader (no safeboot anywhere): every
# disk would be refused, so the dialog blames the media, not the disk.
ui_fixtures --kit-in none || skip_all "cannot build fixture media"
ui_start
ui_pick_disk
ui_wait "Install Media Cannot Be Used" 20; ok $? "media without safeboot: refused on the disk list, the media named as the cause"
like "$(ui_cap | awk -F'│' 'NF == 5 { print $3 }' | tr -s ' \n' '  ')" "would not boot by UEFI: .*--allow-no-uefi" \
	"with the reason and the option that accepts it"
ui_keys Enter; ui_wait_gone "Install Media Cannot Be Used"
ui_cancel
is "$(stat -c %b "$UI_DIR/disk.img")" 0 "the disk image is untouched (still all holes)"

# The same media and a stick that holds ESXi: the stick is not refused on
# the list, since an upgrade keeps p1 and needs no UEFI boot loader from
# the media; Upgrade goes on, and only Install is refused.
ui_fixtures || skip_all "cannot build fixture media"
printf 'vmaccepteula\nrootpw Stoat-2024x\ninstall --firstdisk --overwritevmfs\nnetwork --bootproto=dhcp\n' >"$UI_DIR/ks"
"$STOAT" install --kickstart "$UI_DIR/ks" --media "$UI_DIR/m.iso" --disk "$UI_DIR/usb.img:usb" \
	--only-listed-disks --no-reboot </dev/null >/dev/null 2>&1
ok $? "an install onto the stick (media with the boot loader) exits 0"
ui_media --kit-in none || skip_all "cannot build fixture media"
ui_start
ui_pick_disk Down
ui_wait "ESXi and/or VMFS Found" 20; ok $? "media without safeboot: the stick holding ESXi is not refused on the list"
like "$(ui_cap)" "\(o\) Upgrade ESXi" "Upgrade is offered"
ui_keys Down Down Enter
ui_wait "Install Media Cannot Be Used" 20; ok $? "a fresh install onto it is refused, the media named as the cause"
ui_keys Enter; ui_wait_gone "Install Media Cannot Be Used"
ui_keys Up Up Enter
ui_wait "Warning(s) Found" 20 || ui_wait "Confirm Upgrade" 20; ok $? "Upgrade goes on"
ui_cancel

# The disks that the scan refuses: a read-only loop device, one with a
# mounted ext4, one holding the media (the media read from it).
[ "$(id -u)" = 0 ] && command -v losetup >/dev/null || { done_testing; exit; }
command -v mkfs.ext4 >/dev/null || { done_testing; exit; }
MNT=$TAP_TMP/mnt
mkdir -p "$MNT"
trap 'umount "$MNT" 2>/dev/null; ui_cleanup' EXIT
ui_media || skip_all "cannot build fixture media"
truncate -s 8G "$UI_DIR/ro.img" "$UI_DIR/mnt.img"
mkfs.ext4 -q -F "$UI_DIR/mnt.img" || skip_all "mkfs.ext4 failed"
lro=$(tap_loop "$UI_DIR/ro.img" -r) && lmnt=$(tap_loop "$UI_DIR/mnt.img") &&
	lmedia=$(tap_loop "$UI_DIR/m.iso" -r) || skip_all "cannot attach three loop devices"
mount -t ext4 "$lmnt" "$MNT" || skip_all "cannot mount ext4 here"

UI_MEDIA_ARGS="--media $lmedia" ui_start --disk "$lro" --disk "$lmnt" --disk "$lmedia"
ui_to_disks
# refused DEV PATTERN DESC: highlight DEV, its reason shows under the
# list; Enter says it in a dialog and stays on the list.
refused() {
	ui_pick "${1#/dev/}" || { ok 1 "$3: $1 is on the list"; return; }
	like "$(ui_cap)" "$2" "$3: the reason shows under the list"
	ui_keys Enter; ui_wait "Disk Cannot Be Used"
	like "$(ui_cap)" "$2" "$3: Enter is refused with the reason"
	ui_keys Enter; ui_wait_gone "Disk Cannot Be Used"
	ui_shows "Select a Disk to Install or Upgrade"; ok $? "$3: Enter goes back to the list"
}
refused "$lro" "The disk is read-only\\." "read-only disk"
refused "$lmnt" "$lmnt is mounted on $MNT; unmount it first\\." "mounted disk"
refused "$lmedia" "It holds the install media, so it cannot be overwritten\\." "media disk"
ui_cancel
umount "$MNT"
done_testing
