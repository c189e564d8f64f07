#!/bin/sh
# disklist.sh - the disk list at 80x24 (issue 19): a "more" line when the
# disks do not fit, every marker a disk has, loop devices named by their
# backing file (as losetup reads it), the legacy-USB line kept whatever
# disk is highlighted, and sizes with the decimal mark of the language
# shown, also when it was chosen at run time on a C.UTF-8 system.
. "$top_srcdir/tests/lib/tap.sh"
. "$top_srcdir/tests/ui/lib.sh"

ui_fixtures || skip_all "cannot build fixture media"

# row NAME: the disk list's line that names NAME.
row() { ui_cap | grep -F -- "$1" | head -1; }

# --- more disks than lines: a "more" line above and below --------------------
extra=""
i=1
while [ $i -le 14 ]; do
	truncate -s "${i}G" "$UI_DIR/x$i.img"
	extra="$extra --disk x$i.img"
	i=$((i + 1))
done
ui_start $extra
ui_to_disks; ok $? "17 disks: the disk list is shown"
like "$(ui_cap)" "↓ 10 more disks below" "a line says how many disks lie below the window"
ui_shows_not "x14.img"; ok $? "and the last disk is out of view"
ui_shows_not "more disks above"; ok $? "nothing is above the first disk"
ui_same disklist-scroll "the list with a 'more' line below matches"
ui_keys NPage; ui_wait "(x14.img)"; ok $? "Page Down shows the last disk"
like "$(ui_cap)" "↑ [0-9]+ more disks above" "then a line says how many disks lie above"
ui_shows "Remote:"; ok $? "and the Remote group after the last disk is in view"
ui_shows_not "more disks below"; ok $? "and nothing is below any more"
ui_keys Up; sleep 0.3
like "$(ui_cap)" "↑ [0-9]+ more disks above" "one row up keeps the 'more' line above"
ui_keys NPage; sleep 0.2; ui_keys PPage; ui_wait "more disks below"
ok $? "Page Up goes back to the top"
ui_cancel

# --- every marker: an installed disk holds a VMFS datastore and a boot bank ---
printf 'vmaccepteula\nrootpw --iscrypted %s\ninstall --firstdisk --overwritevmfs\n' "$KS_HASH" >"$UI_DIR/ks"
truncate -s 40G "$UI_DIR/esx.img"
if "$STOAT" install --kickstart "$UI_DIR/ks" --media "$UI_DIR/m.iso" --disk "$UI_DIR/esx.img:disk" \
	--only-listed-disks >/dev/null 2>"$UI_DIR/ks.err"; then
	flags=$("$STOAT" list-disks --only-listed-disks --disk "$UI_DIR/esx.img" 2>/dev/null |
		awk 'NR == 2 { print $(NF - 1) }')
	is "$flags" "*@" "list-disks says the installed disk has both markers"
	ui_start --disk esx.img
	ui_to_disks
	like "$(row "(esx.img)")" "│ \\*@ Image file \\(esx\\.img\\)" \
		"the disk list shows both markers of the installed disk, * and @"
	like "$(ui_cap)" "\\* holds a VMFS datastore   # claimed by vSAN   @ holds an ESXi boot bank" \
		"and the legend explains each"
	like "$(row "(disk.img)")" "│    Image file \\(disk\\.img\\)" "an empty disk has none"
	ui_cancel
else
	sed 's/^/#   /' "$UI_DIR/ks.err"
	skip "stoat install onto an image file failed: no installed disk" 4
fi

# --- a loop device is named by its backing file -------------------------------
if ui_loop_disk; then
	name=${UI_LOOP#/dev/}
	back=$(losetup -n -O BACK-FILE "$UI_LOOP" | sed 's/ *$//')
	ui_start --disk "$UI_LOOP"
	ui_to_disks
	r=$(row "($name)")
	like "$r" "loop\\.img \\($name\\) +8\\.00 GiB" "the loop device's row names its backing file"
	shown=$(printf '%s\n' "$r" | sed -E 's/^ *│ *(\.\.\.)?//; s/ \('"$name"'\).*//')
	case $back in
	*"$shown") ok 0 "the name is the end of the file losetup reports ($shown)" ;;
	*) ok 1 "the name is the end of the file losetup reports ('$shown' in '$back')" ;;
	esac
	ui_shows_not "Unknown device ($name)"; ok $? "not 'Unknown device'"
	ui_keys Down Down Down; sleep 0.3; ui_keys F1; ui_wait "Disk Details"
	like "$(ui_cap)" "Backing file: (\\.\\.\\.)?[^ ]*loop\\.img" "F1 gives the backing file on a line of its own"
	like "$(ui_cap)" "Status: it can be used\\." "and the status as a whole sentence"
	ui_keys Enter
	ui_cancel
else
	skip "no loop device (needs root and losetup)" 5
fi

# --- the legacy-USB line stays whatever disk is highlighted -------------------
ui_start
ui_to_disks
ui_keys F3; ui_wait "Legacy USB on: the installed system will use the older USB drivers."
ok $? "F3 says what legacy USB does"
ui_keys Down Down; ui_wait "It is too small"
ok $? "the too-small stick highlighted: its reason is shown"
ui_shows "Legacy USB on: the installed system will use the older USB drivers."
ok $? "and the legacy-USB line is still shown under it"
ui_keys Up; sleep 0.3
ui_shows "Legacy USB on: the installed system will use the older USB drivers."
ok $? "moving to another disk keeps the legacy-USB line"
ui_keys F1; ui_wait "Disk Details"
ui_keys Enter; sleep 0.3; ui_keys Down; ui_wait "It is too small"; ui_keys F1; ui_wait "Disk Details"
like "$(ui_cap)" "Status: it cannot be used\\." "F1 on the small stick: the status is a whole sentence"
like "$(ui_cap)" "It is too small: 512 MiB, and at least 910 MiB is needed\\." "and the reason follows on its own"
ui_keys Enter
ui_cancel

# --- sizes follow the language shown ------------------------------------------
# size_of NAME: the capacity on the disk list's row of NAME.
size_of() { row "($1)" | sed -E 's/.* ([0-9]+[.,][0-9]+ [GT]iB) .*/\1/'; }
UI_LOCALE=C.UTF-8 ui_start --lang it
ui_wait "Premere Invio per continuare."; ui_keys Enter; ui_keys F11
ui_wait "(disk.img)"
is "$(size_of disk.img)" "40,00 GiB" "--lang it on C.UTF-8: Italian sizes have a decimal comma"
UI_LOCALE=C.UTF-8 ui_start --lang ja
ui_until 10 ui_shows "VMware ESXi"; ui_keys Enter; sleep 0.3; ui_keys F11
ui_wait "(disk.img)"
is "$(size_of disk.img)" "40.00 GiB" "--lang ja: Japanese sizes have a decimal point"
# Italian chosen at run time on the F2 list (English, then by code: it).
UI_LOCALE=C.UTF-8 ui_start
ui_wait "Press Enter to continue."; ui_keys F2; ui_wait "Choose the language"
ui_keys Down; sleep 0.2; ui_keys Enter; ui_wait "Premere Invio per continuare."
ui_keys Enter; sleep 0.3; ui_keys F11; ui_wait "(disk.img)"
is "$(size_of disk.img)" "40,00 GiB" "Italian chosen with F2 on C.UTF-8: a decimal comma"
if locale -a 2>/dev/null | grep -qix "it_IT.utf-\?8"; then
	# An Italian locale, then English chosen on the F2 list.
	UI_LOCALE=it_IT.UTF-8 ui_start
	ui_wait "Premere Invio per continuare."; ui_keys F2; ui_wait "English"
	ui_keys Up Up Up; sleep 0.2; ui_keys Enter; ui_wait "Press Enter to continue."
	ui_keys Enter; ui_wait "License Agreement"; ui_keys F11; ui_wait "(disk.img)"
	is "$(size_of disk.img)" "40.00 GiB" "it_IT locale, English chosen with F2: a decimal point"
	else
	skip "it_IT.UTF-8 is not generated" 1
fi

done_testing
