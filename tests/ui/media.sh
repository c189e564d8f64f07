#!/bin/sh
# media.sh - the wizard with no --media, in tmux at 80x24. It looks in its
# current folder ($UI_DIR) only here: /sys and the mount table are empty
# fixtures (STOAT_MEDIA_SYSFS, STOAT_MEDIA_MOUNTINFO; list-media, which
# tests/integration/media_find.sh covers, searches the same way).
#   - one ESXi ISO found: Welcome names it, Enter goes on to its license,
#     and the install onto the USB stick image uses it (boot.cfg read back
#     with mtools);
#   - two found: Welcome says so, Enter lists them, the one chosen is the
#     one whose license and top line follow;
#   - none (a non-ESXi ISO beside): Enter explains what to do and names the
#     ISO it could not use; F3 still backs a device up (read back with
#     cmp), and F5 finds media put there meanwhile.
. "$top_srcdir/tests/lib/tap.sh"
for t in sgdisk mtype cmp; do
	command -v $t >/dev/null 2>&1 || skip_all "$t is not installed"
done
. "$top_srcdir/tests/ui/lib.sh"

ui_fixtures || skip_all "cannot build fixture media"
D=$UI_DIR
mkdir -p "$D/nosys/block"
: >"$D/mountinfo"
export STOAT_MEDIA_SYSFS="$D/nosys" STOAT_MEDIA_MOUNTINFO="$D/mountinfo"
UI_MEDIA_ARGS=
# The temporary folder's name, the same length every run.
TMPNAME='s|/stoat-test\.[A-Za-z0-9]{6}/|/stoat-test.XXXXXX/|g'

# --- one found: confirm it on Welcome, install from it ------------------------
ui_start
ui_wait "Install media found: VMware ESXi 6.7.0 on"; ok $? "Welcome names the media it found"
ui_shows "$D/m.iso."; ok $? "and where: the ISO file in the current folder, by its full path"
ui_same media-welcome-one "the welcome screen with the media found matches" "$TMPNAME"
like "$(ui_cap | head -1)" "VMware ESXi 6.7.0" "the top line names the media found"
ui_keys F3; ui_wait "Write an image file to a device"; ui_keys F9
ui_wait "Install media found: VMware ESXi 6.7.0 on"; ok $? "F3 and back keeps the media found"
ui_install_stick; ok $? "Enter confirms it, and the license, disk, keyboard and password follow"
ui_wait "Installation Complete" 90; ok $? "the install from the media found completes"
ui_keys Enter; is "$(ui_exit_status 20)" 0 "and the wizard exits 0"
build=$(mtype -i "$(vol "$D/usb.img" 5)" ::boot.cfg 2>/dev/null | sed -n 's/^build=//p')
is "$build" "6.7.0-8169922" "mtype: the installed boot.cfg is the found media's (build=)"

# --- two found: a list --------------------------------------------------------
"$MKMEDIA" --eula --version 7.0.3-0.55.20328353 "$D/m7.iso" || skip_all "cannot build 7.x fixture media"
ui_start
ui_wait "Install media found in 2 places: press Enter to choose one."; ok $? "with two, Welcome says how many"
ui_keys Enter; ui_wait "Select the Install Media"; ok $? "Enter lists them"
ui_same media-list "the list of media matches" "$TMPNAME"
ui_keys Down; ui_wait "Version 7.0.3-0.55.20328353, in the ISO file"; ok $? "the details follow the highlight"
ui_keys F9; ui_wait "Install media found in 2 places"; ok $? "F9 on the list goes back to Welcome"
ui_keys Enter; ui_wait "Version 7.0.3-0.55.20328353, in the ISO file"; ok $? "and Enter there lists them again, keeping the choice"
ui_keys Enter; ui_wait "License Agreement"; ok $? "Enter uses the highlighted one"
like "$(ui_cap | head -1)" "VMware ESXi 7.0.3" "the top line is now the chosen media's"
ui_keys F11; ui_wait "Storage Device"; ok $? "its license accepted, the disks follow"
ui_cancel

# --- none: say what to do; F3 needs no media; F5 looks again ----------------
mv "$D/m.iso" "$D/m.keep"; mv "$D/m7.iso" "$D/m7.keep"
mkdir -p "$D/plain"; echo "no ESXi here" >"$D/plain/README.TXT"
xorriso -as mkisofs -quiet -V PLAIN -o "$D/plain.iso" "$D/plain" 2>/dev/null
truncate -s 4M "$D/stick.img"
head -c 1M /dev/urandom | dd of="$D/stick.img" bs=1M seek=1 conv=notrunc status=none
ui_start --disk stick.img:usb
ui_wait "No install media was found: press Enter to see what to do"; ok $? "with none, Welcome says so"
ui_keys Enter; ui_wait "No Install Media Found"; ok $? "Enter explains what to do"
ui_same media-none "the explanation matches" "$TMPNAME"
like "$(ui_cap | tr -d '\n')" "plain.iso .*no boot.cfg" "it names the ISO that is not install media, and why"
ui_keys F3; ui_wait "Write an image file to a device"; ok $? "F3 opens the image menu with no media"
ui_keys Down Enter; ui_wait "Select the Device to Back Up"; ok $? "and lists the devices to back up"
ui_keys Down Down Down; sleep 0.3; ui_keys Enter; ui_wait "Save the Backup As"
ui_type "backup.img"; ui_keys Enter; ui_wait "Confirm the Backup"
like "$(ui_cap)" "Device: Image file \(stick.img\)" "the last device is the stick"
ui_keys F11; ui_wait "Backup Complete" 60; ok $? "the backup completes with no install media"
cmp -s "$D/backup.img" "$D/stick.img"; ok $? "cmp: the backup is the stick byte for byte"
ui_keys Enter; is "$(ui_exit_status)" 0 "and the wizard exits 0"

ui_start
ui_wait "No install media was found"; ui_keys Enter; ui_wait "No Install Media Found"
mv "$D/m7.keep" "$D/m7.iso"
ui_keys F5; ui_wait "Select the Install Media"; ok $? "F5 finds media put there meanwhile, and lists it"
ui_keys Enter; ui_wait "License Agreement"; ok $? "Enter uses it"
like "$(ui_cap | head -1)" "VMware ESXi 7.0.3" "the one that was put there"
ui_cancel

# --- more than the list shows: arrows say so --------------------------------
for i in 1 2 3 4 5 6 7 8 9; do cp "$D/m7.iso" "$D/esxi-0$i.iso"; done
ui_start
ui_wait "Install media found in 10 places"; ui_keys Enter; ui_wait "Select the Install Media"
rows() { ui_cap | grep -F "VMware ESXi 7.0.3" | grep -F "$D/"; }
is "$(rows | wc -l)" 8 "ten found: eight rows show"
like "$(rows | tail -1)" "esxi-08\\.iso *↓ │" "a down arrow says more lie below"
rows | head -1 | grep -qv "↑"; ok $? "and none says more lie above"
ui_keys End; ui_wait "m7.iso "
like "$(rows | head -1)" "esxi-03\\.iso *↑ │" "End: an up arrow says more lie above"
rows | tail -1 | grep -qv "↓"; ok $? "and none says more lie below"
ui_cancel
rm -f "$D"/esxi-0?.iso

# --- without a terminal, no --media is no usage error: the terminal is ----
err=$("$STOAT" --no-reboot </dev/null 2>&1); rc=$?
is "$rc" 1 "no --media and no terminal exits 1"
like "$err" "needs a terminal" "saying the wizard needs one"
done_testing
