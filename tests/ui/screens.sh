#!/bin/sh
# screens.sh - drive the wizard in tmux at 80x24 and compare each screen
# with tests/ui/expected/*.txt; resize below 80x24 and back.
. "$top_srcdir/tests/lib/tap.sh"
. "$top_srcdir/tests/ui/lib.sh"

ui_fixtures || skip_all "cannot build fixture media"
ui_start

ui_wait "Press Enter to continue."; ok $? "the welcome screen appears"
ui_same welcome "welcome screen matches"

ui_keys Enter; ui_wait "License Agreement"; ok $? "Enter opens the license"
ui_same eula "license screen matches"
ui_keys PageDown; ui_wait "Lines 15-"; ok $? "PgDn scrolls the license"
ui_keys PageUp; ui_wait "Lines 1-"; ok $? "PgUp scrolls back"

ui_keys F11; ui_wait "Storage Device"; ok $? "F11 accepts and shows the disk list"
ui_same disks "disk list matches (Local/Remote groups, USB badges, capacity column)"

ui_keys Down Down; ui_wait "at least 910 MiB"
ok $? "the too-small disk shows its reason when highlighted"
ui_keys Enter; ui_wait "Disk Cannot Be Used"; ok $? "choosing the too-small disk is refused"
ui_keys Enter; ui_wait_gone "Disk Cannot Be Used"; ok $? "the refusal dialog closes"

ui_keys Up; ui_keys F1; ui_wait "Disk Details"
ui_same details-usb "F1 shows the highlighted disk's details"
ui_keys Enter; ui_wait_gone "Disk Details"

ui_keys F3; ui_wait "(F3) Legacy USB: On"; ok $? "F3 turns legacy USB on (footer)"
ui_keys F3; ui_wait "(F3) Legacy USB: Off"; ok $? "F3 again turns it off"
ui_keys F3; ui_wait "(F3) Legacy USB: On"

ui_keys F5; ui_wait "Storage Device"; ui_keys F1; ui_wait "Disk Details"
like "$(ui_cap)" "Full name: .*\(usb.img\)" "F5 rescans and keeps the highlighted disk"
ui_keys Enter; ui_wait_gone "Disk Details"

ui_keys Enter; ui_wait "Select a Keyboard Layout"; ok $? "Enter on an empty USB stick goes to the keyboard"
ui_same keyboard "keyboard screen matches (US Default preselected)"
ui_keys Up Up; ui_wait "> Swiss German"; ok $? "arrows move the keyboard selection"

ui_keys Enter; ui_wait "Enter a Root Password"; ok $? "Enter goes to the password"
ui_same password "password screen matches"

ui_resize() { T resize-window -t w -x "$1" -y "$2"; }
ui_resize 70 20; ui_wait "too small"; ok $? "below 80x24 the wizard says the terminal is too small"
ui_type "x"; ui_resize 80 24; ui_wait "Enter a Root Password"
ok $? "it recovers when the terminal is large enough again"
ui_same password "keys were ignored while too small; the screen is redrawn"

ui_keys F9; ui_wait "Select a Keyboard Layout"
ui_wait "> Swiss German"; ok $? "F9 goes back and keeps the keyboard choice"
ui_keys Enter; ui_wait "Enter a Root Password"
ui_keys Escape; ui_wait "Cancel the Installation?"; ok $? "Esc asks before cancelling"
ui_same cancel "cancel dialog matches"
ui_keys F9; ui_wait_gone "Cancel the Installation?"
ui_same password "F9 returns to the screen under it"

ui_type "Stoat-2024x"; ui_keys Tab; ui_type "Stoat-2024x"
ui_wait "Match: both passwords are the same."; ok $? "live status: the passwords match"
ui_keys Enter; ui_wait "Warning(s) Found"; ok $? "the system scan warns about flash"
ui_same sysscan-usb "system scan matches (flash warning, no host warnings)"

ui_keys Enter; ui_wait "Confirm Install"; ok $? "Enter goes on to confirm"
ui_same confirm-usb "confirm names the disk, the flash layout and legacy USB"

ui_keys Escape; ui_wait "Cancel the Installation?"; ui_keys F11
is "$(ui_exit_status)" 1 "cancelling exits with status 1"
ui_stty_same; ok $? "the terminal settings are as before"
like "$(cat "$UI_DIR/stderr")" "^stoat: the installation was cancelled" "and says so on stderr"

done_testing
