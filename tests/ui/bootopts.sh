#!/bin/sh
# bootopts.sh - Shift+O on Welcome, in tmux at 80x24, with 7.x media:
#   - the boot options screen opens, refuses an installer word with its
#     message in place (Enter does not apply it), Esc leaves the line as
#     it was;
#   - valid options and the nested template (F2) are applied by Enter;
#   - Confirm shows the options and the template's effects, the layout
#     follows autoPartitionOSDataSize (8 GiB OSData, no datastore: the
#     template has none) as sgdisk reads it back, and the installed
#     boot.cfg (mtype) and onetime.tgz carry the rest.
. "$top_srcdir/tests/lib/tap.sh"
for t in sgdisk mtype mcopy tar; do
	command -v $t >/dev/null 2>&1 || skip_all "$t is not installed"
done
. "$top_srcdir/tests/ui/lib.sh"

ui_fixtures --version 7.0.3-19193900 || skip_all "cannot build fixture media"
D=$UI_DIR

ui_start
ui_wait "Press Enter to continue."; ok $? "Welcome is up"
ui_type O; ui_wait "Boot Options"; ok $? "Shift+O on Welcome opens the boot options"
ui_type "allowLegacyCPU=true runweasel"
ui_wait "runweasel belongs to the installer, not to the installed system"; ok $? "an installer word is refused, the message in place"
ui_keys Enter; sleep 0.3
ui_shows "Boot Options"; ok $? "Enter does not apply a refused line"
ui_keys Escape; ui_wait "Press Enter to continue."; ok $? "Esc goes back to Welcome"
ui_type O; ui_wait "Boot Options"
ui_shows_not "allowLegacyCPU=true runweasel"; ok $? "and the refused line was not kept"
ui_type "systemMediaSize=huge"
ui_wait "systemMediaSize takes min, small, default or max"; ok $? "a bad systemMediaSize value is named"
i=0; while [ $i -lt 20 ]; do ui_keys BSpace; i=$((i + 1)); done
ui_type "autoPartitionOSDataSize=8192 preferVmklinux=TRUE"
ui_wait "These options apply to this install"; ok $? "a valid line says it applies"
ui_keys F2; ui_wait "Nested-ESXi template: on."; ok $? "F2 turns the nested template on"
ui_keys Enter; ui_wait "Press Enter to continue."; ok $? "Enter applies and goes back to Welcome"
ui_pick_disk
ui_wait "Select a Keyboard Layout" 20 && ui_keys Enter
ui_set_password
ui_until 20 sh -c "tmux -L $UI_SOCK capture-pane -p -t w | grep -qE 'Warning\(s\) Found|Confirm Install'"
ui_shows "Warning(s) Found" && ui_keys Enter
ui_wait "Confirm Install" 20; ok $? "Confirm is reached"
ui_shows "Boot options: autoPartitionOSDataSize=8192 allowLegacyCPU=true"; ok $? "Confirm shows the options (preferVmklinux dropped on 7.x, allowLegacyCPU from the template)"
ui_shows "Nested template: allowLegacyCPU=true in boot.cfg, no local datastore,"; ok $? "Confirm lists the template's effects"
ui_shows "/Net/FollowHardwareMac set to 1 by a first-boot script"; ok $? "including the first-boot setting"
ui_same confirm-bootopts "the confirm screen with boot options matches"
ui_keys F11
ui_wait "Installation Complete" 120; ok $? "the install completes"
ui_keys Enter; is "$(ui_exit_status 20)" 0 "and the wizard exits 0"

is "$(sgdisk -p "$D/disk.img" 2>/dev/null | awk '$1 ~ /^[0-9]+$/ { print $1, $2, $3 }')" "1 64 204863
5 208896 8595455
6 8597504 16984063
7 16986112 33763327" "sgdisk: OSData is 8192 MiB, and no datastore"
v5=$(vol "$D/disk.img" 5)
is "$(mtype -i "$v5" ::boot.cfg 2>/dev/null | sed -n 's/^kernelopt=//p')" "no-auto-partition allowLegacyCPU=true" \
	"mtype: the installed kernelopt has the host's option, not the install's"
mcopy -n -i "$v5" ::onetime.tgz "$D/o.tgz" 2>/dev/null
like "$(tar -xzOf "$D/o.tgz" var/lib/vmware/firstboot/001.firstboot_001 2>/dev/null)" \
	"esxcli system settings advanced set -o /Net/FollowHardwareMac -i 1" "onetime.tgz holds the template's first-boot script"

done_testing
