#!/bin/sh
# mkstick.sh - the wizard's installer stick (F3 on the welcome screen, "Make
# an installer stick") in tmux at 80x24, onto the 512 MiB stick image: the
# entry reaches the confirmation with the device and how the stick boots;
# F9 there goes back and writes nothing; F11 makes the stick, read back
# with mtools (boot.cfg for the stick) and fsck.fat.
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
done_testing
