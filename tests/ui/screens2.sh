#!/bin/sh
# screens2.sh - more screens compared with tests/ui/expected/*.txt: the
# "terminal too small" notice, Dry Run Complete, the system scan with an
# error (little memory, a loop disk), the progress screen (numbers masked);
# then SIGINT (twice: the first asks) and SIGHUP during the write step:
# exit 1, the terminal restored, no bootable boot.cfg on the bootbank (partition 5).
. "$top_srcdir/tests/lib/tap.sh"
command -v sgdisk >/dev/null 2>&1 || skip_all "sgdisk is not installed"
command -v mtype >/dev/null 2>&1 || skip_all "mtools is not installed"
. "$top_srcdir/tests/ui/lib.sh"

ui_fixtures || skip_all "cannot build fixture media"

# --- the terminal too small: the notice, then the screen again ---------------
ui_start
ui_to_disks; ok $? "the disk list is reached"
T resize-window -t w -x 70 -y 20
ui_wait "too small" 20; ok $? "at 70x20 the wizard says the terminal is too small"
ui_same too-small "the too-small notice matches (names the size and the minimum)"
T resize-window -t w -x 79 -y 24
ui_wait "too small: 79x24" 20; ok $? "one column short is too small as well, and the size follows"
T resize-window -t w -x 80 -y 24
ui_wait "Storage Device" 20; ok $? "at 80x24 the disk list comes back"
ui_same disks "and it is drawn as before"
ui_cancel

# --- --dry-run: Dry Run Complete ---------------------------------------------
ui_start --dry-run
ui_pick_disk
ui_wait "Select a Keyboard Layout" 20; ui_keys Enter
ui_set_password
ui_wait "Confirm Install" 20; ui_keys F11
ui_wait "Dry Run Complete" 20; ok $? "F11 on a dry run shows Dry Run Complete"
ui_same dryrun "the Dry Run Complete screen matches"
ui_keys Enter
is "$(ui_exit_status 20)" 0 "Enter leaves the dry run with status 0"
ui_stty_same; ok $? "the terminal is restored after the dry run"

# --- the system scan with an error: 2 GB of memory, a disk of this machine ---
# Little memory is only a warning for an image file (the image boots
# elsewhere), an error for a real disk (sysscan.c): a loop device.
if ui_loop_disk; then
	loop=$UI_LOOP
	fixture_proc "$UI_DIR/proc" 2000000
	ui_start --disk "$loop"
	ui_to_disks; ui_keys Down Down Down; sleep 0.2; ui_keys F1
	ui_wait "Path: $loop" 20; ok $? "the loop device is listed as a disk"
	ui_keys Enter; ui_wait_gone "Disk Details"; ui_keys Enter
	ui_wait "Select a Keyboard Layout" 20; ui_keys Enter
	ui_set_password
	ui_wait "Error(s) Found" 20; ok $? "2 GB of memory and a disk of this machine: the scan finds an error"
	ui_same sysscan-error "the error screen matches (2.0 GB, only Back and Reboot)"
	ui_keys F11
	is "$(ui_exit_status 20)" 1 "F11 on the error leaves with status 1 (--no-reboot)"
	fixture_proc "$UI_DIR/proc"
else
	skip "the system scan error: needs root and a loop device"
fi

# --- the progress screen, and SIGINT / SIGHUP during the write step ----------
# Big media: the module copy takes long enough to see it and to signal it.
ui_media --big $((160 << 20))
ok $? "big fixture media (160 MiB module) is built"
# The numbers and the gauge's fill change from run to run: line 13 is the
# gauge (colored spaces, then ACS_CKBOARD), line 14 the percent, MB/s and
# the time left.
# Both become fixed text of the same width (68 columns), so the frame
# stays straight.
g=$(printf '%-68s' '[gauge]'); p=$(printf '%-68s' 'NNN% done, N.N MB/s')
mask="13s#^( *│ ).*( │)\$#\\1$g\\2#; 14s#^( *│ ) *[0-9]+% done, [0-9.]+ MB/s(, [0-9]+:[0-9]{2} left)? *( │)\$#\\1$p\\3#"

# to_copy: a fresh 16 GiB stick, install on it up to the module copy.
to_copy() {
	rm -f "$UI_DIR/usb.img"; truncate -s 16G "$UI_DIR/usb.img"
	ui_start
	ui_install_stick
	ui_wait "Copying the system modules" 60 && ui_wait "% done" 20
}
# p5_bootable: boot.cfg on the stick's partition 5 says bootstate=0.
p5_bootable() {
	local p5
	p5=$(sgdisk -i 5 "$UI_DIR/usb.img" 2>/dev/null | awk '/^First sector/ {print $3}')
	[ -n "$p5" ] || return 1
	mtype -i "$UI_DIR/usb.img@@$((p5 * 512))" ::/boot.cfg 2>/dev/null | grep -q '^bootstate=0'
}

to_copy; ok $? "the install reaches the module copy on the progress screen"
# Capture while the copy step is still on screen (a loaded machine may
# be slow between the wait and the capture).
i=0
while [ $i -lt 20 ]; do
	ui_cap >"$UI_DIR/progress.raw"
	grep -q "Copying the system modules" "$UI_DIR/progress.raw" && grep -q "% done" "$UI_DIR/progress.raw" && break
	i=$((i + 1))
done
like "$(sed -n 13p "$UI_DIR/progress.raw")" "^ +│ +▒+ │$" "line 13 is the gauge, partly empty (the copy is under way)"
like "$(sed -n 14p "$UI_DIR/progress.raw")" "^ +│ +[0-9]+% done, [0-9.]+ MB/s(, [0-9]+:[0-9]{2} left)? +│$" \
	"line 14 has the percent done, MB/s and (once measured) the time left"
ui_same progress "the progress screen matches (percent, MB/s and gauge masked)" "$mask"
rm -f "$UI_DIR/progress.raw"

for sig in INT HUP; do
	[ $sig = INT ] || to_copy
	pid=$(ui_pid)
	[ -n "$pid" ] && kill -$sig "$pid"; ok $? "SIG$sig is sent to the wizard while it copies the modules"
	if [ $sig = INT ]; then
		# a first Ctrl-C asks, as Esc does; the second stops
		ui_wait "Stop the Installation?" 20; ok $? "a first SIGINT asks whether to stop"
		kill -INT "$pid"
	fi
	is "$(ui_exit_status 60)" 1 "SIG$sig during the write step: exit status 1"
	like "$(cat "$UI_DIR/stderr")" "^stoat: the installation was stopped; the disk is not bootable" \
		"SIG$sig: stderr says the install was stopped and the disk is not bootable"
	ui_stty_same; ok $? "SIG$sig: the terminal settings are as before"
	sgdisk -i 5 "$UI_DIR/usb.img" 2>/dev/null | grep -q '^First sector'
	ok $? "SIG$sig: partition 5 exists (the stop came after partitioning)"
	! p5_bootable; ok $? "SIG$sig: mtype: no boot.cfg with bootstate=0 on partition 5"
done

# The check above can fail: a complete install does leave bootstate=0.
rm -f "$UI_DIR/usb.img"; truncate -s 16G "$UI_DIR/usb.img"
ui_media
ui_start
ui_install_stick
ui_wait "Installation Complete" 60; ok $? "a complete install (small media) for comparison"
ui_keys Enter; ui_exit_status 20 >/dev/null
p5_bootable; ok $? "after a complete install partition 5 does hold boot.cfg with bootstate=0"

done_testing
