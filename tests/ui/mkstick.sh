#!/bin/sh
# mkstick.sh - the wizard's installer stick (F3 on the welcome screen, "Make
# an installer stick") in tmux at 80x24, onto the 512 MiB stick image: the
# entry reaches the confirmation with the device and how the stick boots;
# F9 there goes back and writes nothing; F11 makes the stick, read back
# with mtools (boot.cfg for the stick) and fsck.fat. Ctrl-C while it copies
# asks; F9 there goes on, and the stick still completes (mcopy does not get
# the Ctrl-C); Ctrl-C and "Yes, stop" say the stick is incomplete and does
# not boot, and no BOOT.CFG is written.
. "$top_srcdir/tests/lib/tap.sh"
for t in sgdisk mtype fsck.fat; do
	command -v $t >/dev/null 2>&1 || skip_all "$t is not installed"
done
. "$top_srcdir/tests/ui/lib.sh"
export MTOOLSRC=/dev/null MTOOLS_SKIP_CHECK=1

ui_fixtures || skip_all "cannot build fixture media"
D=$UI_DIR

# to_confirm: from the device list, the third row (small.img), Enter, and
# wait for the confirmation.
to_confirm() {
	ui_wait "Select the Device for the Installer Stick" 20 &&
		ui_keys Down && sleep 0.2 && ui_keys Down && sleep 0.3 && ui_keys Enter &&
		ui_wait "Confirm the Installer Stick" 30
}

ui_start
ui_wait "Press Enter to continue."; ui_keys F3
ui_wait "Make an installer stick"; ok $? "F3 offers \"Make an installer stick\" beside writing and backing up images"
ui_keys Down Down; sleep 0.3; ui_keys Enter
to_confirm; ok $? "the entry and the device list reach the confirmation"
ui_shows "Path: small.img"; ok $? "the confirmation names the device as the backend found it"
ui_shows "BIOS boot: yes (syslinux 3.86, FAT16)"; ok $? "and says the stick boots by BIOS too"
ui_shows "Kernel options: runweasel"; ok $? "and the installer's kernel options"
before=$(img_sum "$D/small.img")
ui_keys F9
ui_wait "Select the Device for the Installer Stick" 20; ok $? "F9 on the confirmation goes back to the device list"
is "$(img_sum "$D/small.img")" "$before" "and nothing was written (sparse.py)"
ui_keys Enter
ui_wait "Confirm the Installer Stick" 30 && ui_keys F11
ui_wait "Installer Stick Made" 60; ok $? "F11 makes the stick"
ui_keys Enter
is "$(ui_exit_status 20)" 0 "Enter leaves the wizard with status 0"
like "$(mtype -i "$(vol "$D/small.img" 1)" ::BOOT.CFG 2>/dev/null)" "kernelopt=runweasel" \
	"mtype: the stick's BOOT.CFG has kernelopt=runweasel"
fat_ok "$D/small.img" 1; ok $? "fsck.fat -n finds the stick clean"
# --- Ctrl-C while copying: asks; No goes on; Yes stops and says so ---------
ui_media --big $((300 << 20)) || skip_all "cannot build large fixture media"
# to_copying: Welcome, F3, the stick entry, the device, F11; wait for the copy.
to_copying() {
	ui_start
	ui_wait "Press Enter to continue."; ui_keys F3
	ui_wait "Make an installer stick"; ui_keys Down Down; sleep 0.3; ui_keys Enter
	to_confirm && ui_keys F11 && ui_wait "Writing the installer of" 30
}
truncate -s 0 "$D/small.img"; truncate -s 512M "$D/small.img"
to_copying; ok $? "a larger media's stick starts copying"
ui_keys C-c; ui_wait "Stop Making the Stick?"; ok $? "Ctrl-C while copying asks first"
ui_keys F9; ui_wait "Installer Stick Made" 120; ok $? "F9 goes on, and the stick is still made"
ui_keys Enter
is "$(ui_exit_status 20)" 0 "Enter leaves the wizard with status 0"
like "$(mtype -i "$(vol "$D/small.img" 1)" ::BOOT.CFG 2>/dev/null)" "kernelopt=runweasel" \
	"mtype: that stick's BOOT.CFG is there"
truncate -s 0 "$D/small.img"; truncate -s 512M "$D/small.img"
to_copying
ui_keys C-c; ui_wait "Stop Making the Stick?" && ui_keys F11
ui_wait "The Stick Was Not Made" 30; ok $? "Ctrl-C and Yes, stop: the stick was not made"
ui_shows "stopped before the stick was complete; it does"; ok $? "and the message says it is incomplete and does not boot"
ui_keys Enter
is "$(ui_exit_status 20)" 1 "Enter leaves the wizard with status 1"
like "$(cat "$D/stderr")" "stopped before the stick was complete; it does not boot" "stderr says so too"
mtype -i "$(vol "$D/small.img" 1)" ::BOOT.CFG >/dev/null 2>&1
ok $((! $?)) "mtype: the stopped stick has no BOOT.CFG"
done_testing
