#!/bin/sh
# truth.sh - the wizard says what is true (issue 19), in tmux at 80x24:
# Confirm and Complete list what is written and kept as the dry run does
# (a datastore ESXi creates at first boot is said so; one kept is
# said to be kept, and sgdisk and dd find it untouched); Complete offers
# Reboot only for a disk of this machine (an image file, a loop device, a
# USB stick get Exit and say what to do with them); a signal or Esc on
# Complete does not claim the disks were left as they were; --log names
# the plan and ends with one "complete" line; the upgrade Confirm shows
# the host's kernelopt (read back with mtype) and keeps its keyboard; the
# Upgrade Complete dialog shows its last line in English and Italian; the
# progress screen shows the time left.
. "$top_srcdir/tests/lib/tap.sh"
command -v sgdisk >/dev/null 2>&1 || skip_all "sgdisk is not installed"
command -v mtype >/dev/null 2>&1 || skip_all "mtools is not installed"
. "$top_srcdir/tests/ui/lib.sh"

ui_fixtures || skip_all "cannot build fixture media"

# flat: the pane as one line, frame and wrapping gone, so that a wrapped
# sentence reads as written.
flat() { ui_cap | tr -d '│' | tr -s ' \n' '  '; }

# leave_complete: Enter on Complete when its key is Exit; when it offers
# Reboot (the wizard was started without --no-reboot) the wizard is
# killed instead, so that no test reboots the machine.
leave_complete() {
	if ui_shows "(Enter) Reboot"; then
		kill -KILL "$(ui_pid)"
		return 1
	fi
	ui_keys Enter
}

# outline KS: the "What is written and what is kept" lines of the dry run
# of kickstart KS onto disk.img, one a line, without their indent.
outline() {
	"$STOAT" install --kickstart "$1" --media "$UI_DIR/m.iso" --disk "$UI_DIR/disk.img" \
		--only-listed-disks --dry-run 2>/dev/null |
		sed -n '/^What is written and what is kept:$/,/^$/p' | sed -e '1d' -e '/^$/d' -e 's/^  //'
}

# has_lines TEXT LINES: every line of LINES is in TEXT.
has_lines() {
	local l
	printf '%s\n' "$2" | while IFS= read -r l; do
		printf '%s' "$1" | grep -qF -- "$l" || { echo "#   missing: $l"; exit 1; }
	done
}

printf 'vmaccepteula\nrootpw --iscrypted %s\ninstall --firstdisk --overwritevmfs\n' "$KS_HASH" >"$UI_DIR/ks-fresh"
printf 'vmaccepteula\nrootpw --iscrypted %s\ninstall --firstdisk --preservevmfs\n' "$KS_HASH" >"$UI_DIR/ks-keep"

# --- an install onto the 40 GiB image file: ESXi creates the datastore ------
want=$(outline "$UI_DIR/ks-fresh")
like "$want" "^Created by ESXi at its first boot: p3 VMFS datastore$" \
	"the dry run says ESXi creates the datastore at first boot"
UI_NO_REBOOT= ui_start --log "$UI_DIR/wiz.log"
ui_pick_disk
ui_wait "Select a Keyboard Layout" 20; ui_keys Enter
ui_set_password
ui_wait "Confirm Install" 20; ok $? "the install onto disk.img reaches Confirm"
has_lines "$(flat)" "$want"; ok $? "Confirm lists what is written and what first boot creates, as the dry run does"
ui_keys F11
ui_wait "Installation Complete" 120; ok $? "the install completes"
done=$(flat)
has_lines "$done" "$want"; ok $? "Complete lists what was written and what first boot creates, as the dry run does"
like "$done" "disk\.img is an image file: write it to a disk or stick" "Complete says the image file is to be written somewhere"
like "$done" "\(Enter\) Exit" "and its key is Exit, not Reboot (an image file boots nowhere here)"
! printf '%s' "$done" | grep -q "Remove the installation media before rebooting"
ok $? "Complete does not talk of rebooting"
pid=$(ui_pid)
[ -n "$pid" ] && kill -TERM "$pid"; ok $? "SIGTERM is sent to the wizard on Complete"
is "$(ui_exit_status 20)" 0 "SIGTERM after a complete install: exit status 0"
err=$(cat "$UI_DIR/stderr")
! printf '%s' "$err" | grep -q "left as they were"; ok $? "stderr does not claim the disks were left as they were"
like "$err" "after the installation was complete" "it says the installation was complete"
ui_stty_same; ok $? "the terminal is restored"

log=$(sed 's/^[0-9-]* [0-9:]* //' "$UI_DIR/wiz.log")
like "$log" "^Disk: disk\.img \(disk\.img, 40\.00 GiB, file\)$" "--log names the disk"
like "$log" "^Media: m\.iso \(VMware ESXi 6\.7\.0\)$" "--log names the media"
like "$log" "^Version: 6\.7\.0-8169922 \(from the image database\)$" "--log names the version and where it comes from"
like "$log" "^Layout: esxi6$" "--log names the layout"
like "$log" "^Action: install, overwriting the VMFS datastore$|^Action: install$" "--log names the action"
like "$log" "^Keyboard: US Default$" "--log names the keyboard"
like "$log" "^Root password: set" "--log says a password is set"
like "$log" "^Legacy USB: Off$" "--log names the legacy USB choice"
like "$log" "^Boot options: no-auto-partition" "--log names the boot options"
like "$log" "^Created by ESXi at its first boot: p3 VMFS datastore$" "--log says ESXi creates the datastore at first boot"
is "$(grep -ci complete "$UI_DIR/wiz.log")" 1 "--log has exactly one line that says complete"
like "$(tail -1 "$UI_DIR/wiz.log")" "The installation is complete\.$" "and it is the last"
! grep -q "Stoat-2024x" "$UI_DIR/wiz.log"; ok $? "--log holds no password"

# --- Install ESXi, keeping the VMFS datastore --------------------------------
p3=$(sgdisk -i 3 "$UI_DIR/disk.img" | awk '/^First sector/ {print $3} /^Last sector/ {print $3}' | tr '\n' ' ')
p3s=${p3%% *}
printf 'stoat kept this datastore' | dd of="$UI_DIR/disk.img" bs=1 seek=$((p3s * 512 + 4096)) conv=notrunc 2>/dev/null
want=$(outline "$UI_DIR/ks-keep")
like "$want" "^Kept as it is: p3 VMFS datastore$" "the dry run keeping VMFS says p3 is kept"
ui_start
ui_pick_disk
ui_wait "ESXi and/or VMFS Found" 20; ui_keys Down; sleep 0.2
like "$(ui_cap)" "\(o\) Install ESXi, keeping the VMFS datastore" "Install, keeping the VMFS datastore is chosen"
ui_keys Enter
ui_wait "Select a Keyboard Layout" 20; ui_keys Enter
ui_set_password
ui_wait "Confirm Install" 20
conf=$(flat)
! printf '%s' "$conf" | grep -q "everything on it will be erased"
ok $? "Confirm does not say everything on the disk will be erased"
has_lines "$conf" "$want"; ok $? "Confirm lists what is written and kept, as the dry run does"
ui_keys F11
ui_wait "Installation Complete" 120; ok $? "the install keeping VMFS completes"
has_lines "$(flat)" "$want"; ok $? "Complete lists what was written and kept, as the dry run does"
ui_keys Escape; sleep 0.5
ui_shows_not "Cancel the Installation?"; ok $? "Esc on Complete does not offer to cancel an install that is done"
is "$(ui_exit_status 20)" 0 "Esc leaves Complete with status 0"
is "$(sgdisk -i 3 "$UI_DIR/disk.img" | awk '/^First sector/ {print $3} /^Last sector/ {print $3}' | tr '\n' ' ')" "$p3" \
	"sgdisk: partition 3 has the same sectors"
is "$(dd if="$UI_DIR/disk.img" bs=1 skip=$((p3s * 512 + 4096)) count=25 2>/dev/null)" "stoat kept this datastore" \
	"dd: the bytes in partition 3 are as they were"

# --- a USB stick (an image file standing in for one): move it ----------------
UI_NO_REBOOT= ui_start
ui_install_stick
ui_wait "Installation Complete" 120; ok $? "the install onto the stick completes"
done=$(flat)
like "$done" "Move the USB stick or SD card to the host it was prepared for" "Complete says to move the stick"
like "$done" "No datastore: this layout has no VMFS partition\." "and that the stick has no datastore"
like "$done" "\(Enter\) Exit" "its key is Exit"
leave_complete; ok $? "Complete on a stick does not offer to reboot"
is "$(ui_exit_status 20)" 0 "Enter leaves with status 0"

# --- a loop device: not a disk this machine starts from ----------------------
if ui_loop_disk; then
	UI_NO_REBOOT= ui_start --disk "$UI_LOOP"
	ui_to_disks; ui_keys Down Down Down; sleep 0.2; ui_keys Enter
	ui_wait "Select a Keyboard Layout" 20; ui_keys Enter
	ui_set_password
	if ui_wait "Warning(s) Found" 10; then ui_keys Enter; fi
	ui_wait "Confirm Install" 20; ok $? "the install onto $UI_LOOP reaches Confirm"
	ui_keys F11
	ui_wait "Installation Complete" 120; ok $? "the install onto the loop device completes"
	like "$(flat)" "$UI_LOOP is a loop device" "Complete says it is a loop device"
	leave_complete; ok $? "and its key is Exit, not Reboot"
	is "$(ui_exit_status 20)" 0 "Enter leaves with status 0"
else
	for i in 1 2 3 4 5; do skip "a loop device: needs root and losetup"; done
fi

# --- the upgrade: the host's settings; the dialog grows to its text ----------
cp --sparse=always "$UI_DIR/usb.img" "$UI_DIR/usb.before"
p5=$(sgdisk -i 5 "$UI_DIR/usb.img" | awk '/^First sector/ {print $3}')
kopt=$(mtype -i "$UI_DIR/usb.img@@$((p5 * 512))" ::boot.cfg 2>/dev/null | sed -n 's/^kernelopt=//p')
[ -n "$kopt" ]; ok $? "mtype: the installed boot.cfg has a kernelopt ($kopt)"
# to_upgrade WELCOME LICENSE DISKS FOUND WARNINGS: the screens' titles in
# the language in use; from Welcome to the upgrade's Confirm on the stick.
to_upgrade() {
	ui_wait "$1" 20 && ui_keys Enter && ui_wait "$2" 20 && ui_keys F11 &&
		ui_wait "$3" 20 && ui_keys Down && sleep 0.2 && ui_keys Enter &&
		ui_wait "$4" 20 && ui_keys Enter && ui_wait "$5" 20 && ui_keys Enter
}
ui_start
to_upgrade "Press Enter to continue." "License Agreement" "Storage Device" "ESXi and/or VMFS Found" "Warning(s) Found"
ui_wait "Confirm Upgrade" 20; ok $? "the upgrade reaches Confirm"
conf=$(flat)
like "$conf" "Boot options \(the host's, kept\): $kopt" "Confirm shows the installed kernelopt"
! printf '%s' "$conf" | grep -q "Keyboard: US Default"; ok $? "and not a keyboard it will not apply"
like "$conf" "Keyboard, root password and network: the host's own, kept" "it says the host keeps its own"
ui_keys F11; ui_wait "Upgrade Complete" 120; ok $? "the upgrade completes"
like "$(flat)" "this machine will not be rebooted\. \(Enter\) Exit" "Upgrade Complete shows its last line"
ui_keys Enter; ui_exit_status 20 >/dev/null
cp --sparse=always "$UI_DIR/usb.before" "$UI_DIR/usb.img"
UI_LOCALE=it_IT.UTF-8 ui_start
to_upgrade "Premere Enter per continuare." "Contratto di licenza" "Dispositivo di storage" "ESXi e/o VMFS rilevati" "Avvisi rilevati"
ui_wait "Conferma aggiornamento" 20; ok $? "it: the upgrade reaches Confirm"
ui_keys F11; ui_wait "Aggiornamento completato" 120; ok $? "it: the upgrade completes"
like "$(flat)" "questa macchina non verrà riavviata\. \(Enter\) Esci" "it: Upgrade Complete shows its last line"
ui_keys Enter; ui_exit_status 20 >/dev/null

# --- the progress screen: time left ------------------------------------------
ui_media --big $((96 << 20))
rm -f "$UI_DIR/usb.img"; truncate -s 16G "$UI_DIR/usb.img"
ui_start
ui_install_stick
has_eta() { ui_cap | grep -Eq "% done, [0-9.]+ MB/s, [0-9]+:[0-9]{2} left"; }
ui_until 90 has_eta; ok $? "the progress screen shows the time left"
ui_wait "Installation Complete" 120; ui_keys Enter; ui_exit_status 20 >/dev/null

done_testing
