#!/bin/sh
# osdata.sh - 7.x media onto a USB stick: the wizard asks where ESX-OSData
# goes, spelling out what each choice means; the local-disk choice lists
# only persistent local disks; Confirm says where it goes; the install
# partitions the chosen disk (sgdisk).
. "$top_srcdir/tests/lib/tap.sh"
. "$top_srcdir/tests/ui/lib.sh"

ui_fixtures --version 7.0.3-19193900 || skip_all "cannot build fixture media"
command -v sgdisk >/dev/null || skip_all "sgdisk is missing"

# to_osdata: Welcome -> license -> the 16 GiB stick -> the OSData question.
to_osdata() {
	ui_pick_disk Down && ui_wait "Where Should ESX-OSData Go?" 20
}

ui_start
to_osdata; ok $? "choosing the USB stick with 7.x media asks where ESX-OSData goes"
scr=$(ui_cap)
like "$scr" "On a persistent local disk" "the first choice is a local disk"
like "$scr" "\\(o\\) In RAM \\(degraded mode\\)" "RAM is chosen to start with"
like "$scr" "On the flash itself \\(as ESXi 7.0 before Update 3\\)" "the third is the flash itself"
like "$(ui_cap | tr -d '\n│' | tr -s ' ')" "lost at every reboot" "the RAM choice says logs are lost at reboot"
ui_keys Down; sleep 0.3
like "$(ui_cap | tr -d '\n│' | tr -s ' ')" "KB 83376" "the flash choice names the wear KB 83376 reports"
ui_keys Up Up; sleep 0.3
like "$(ui_cap | tr -d '\n│' | tr -s ' ')" "formats it at its first boot" "the disk choice says the host formats it at first boot"
ui_keys Enter; ui_wait "Choose the local disk for ESX-OSData"
ok $? "Enter on the local-disk choice lists the local disks"
scr=$(ui_cap)
like "$scr" "\\(disk\\.img\\) +40\\.00 GiB" "the 40 GiB disk is offered"
! printf '%s\n' "$scr" | grep -qE "usb\.img|small\.img"; ok $? "the sticks are not"
ui_keys Enter; ui_wait "Select a Keyboard Layout" 20; ok $? "Enter on the disk goes on"
ui_keys Enter; ui_set_password
ui_wait "Warning(s) Found" 20 && ui_keys Enter
ui_wait "Confirm Install" 20
like "$(ui_cap | tr -d '\n│' | tr -s ' ')" "ESX-OSData goes on .*disk\\.img, which is repartitioned and erased too" \
	"Confirm says the OSData disk is erased too"
ui_keys F11; ui_wait "Installation Complete" 120; ok $? "the install completes"
ui_keys Escape
is "$(sgdisk -p "$UI_DIR/disk.img" 2>/dev/null | awk '/^ +1 /{print $2, $3}')" "2048 83886046" \
	"sgdisk: the local disk got one partition from 1 MiB"
is "$(sgdisk -i 1 "$UI_DIR/disk.img" 2>/dev/null | awk '/^Partition GUID code/ {print $4}')" \
	"4EB2EA39-7855-4790-A79E-FAE495E21F8D" "typed ESX-OSData (vmfsl)"
is "$(sgdisk -p "$UI_DIR/usb.img" 2>/dev/null | awk '/^ +[0-9]+ /' | wc -l)" 3 "the stick got p1, p5, p6 only"
T kill-server 2>/dev/null

# The flash choice: p7 on the stick.
ui_fixtures --version 7.0.3-19193900
ui_start --dry-run
to_osdata && ui_keys Down Enter && ui_wait "Select a Keyboard Layout" 20
ok $? "the flash choice goes on"
ui_keys Enter; ui_set_password
ui_wait "Warning(s) Found" 20 && ui_keys Enter
ui_wait "Confirm Install" 20
ui_keys F11; ui_wait "Dry Run Complete" 20
like "$(ui_cap)" "7 4407296 33554398 4EB2EA3978554790A79EFAE495E21F8D vmfsl" "the dry run's table has p7 vmfsl to the end"
ui_keys End; ui_wait "ESX-OSData (logs" 10
ok $? "its end says where ESX-OSData goes"
like "$(ui_cap | tr -d '\n│' | tr -s ' ')" "on the flash itself \\(p7\\)" "on the flash itself, p7"
ui_keys Escape; ui_exit_status 20 >/dev/null

done_testing
