#!/bin/sh
# sysprereq.sh - the system scan lists a program the install needs and
# cannot find as an error that stops the wizard (issue 19): stoat runs with
# a PATH of links to every program but mmd. The scan shows "Error(s)
# Found" naming mmd, its package and its folder, Enter does not go on, F9
# goes back; with --dry-run the same. With every program there, the scan
# finds nothing about them.
. "$top_srcdir/tests/lib/tap.sh"
. "$top_srcdir/tests/ui/lib.sh"

ui_fixtures || skip_all "cannot build fixture media"

# A PATH without mmd, and stoat started with it.
mkdir -p "$UI_DIR/nommd"
for p in mkfs.fat mcopy mattrib efibootmgr sh dmidecode; do
	command -v "$p" >/dev/null && ln -sf "$(command -v "$p")" "$UI_DIR/nommd/$p"
done
cat >"$UI_DIR/stoat-nommd" <<RUN
#!/bin/sh
PATH="$UI_DIR/nommd" exec "$(realpath "$STOAT")" "\$@"
RUN
chmod +x "$UI_DIR/stoat-nommd"
REAL_STOAT=$STOAT
mmd_dir=$(dirname "$(command -v mmd)")

# flat: the pane's text without the dialog frame, on one line.
flat() { ui_cap | sed 's/[│┌┐└┘─]/ /g' | tr -s ' \n' ' '; }

# to_scan [stoat options]: onto the 16 GiB USB stick with the default
# keyboard and the test password, up to the system scan.
to_scan() {
	ui_start "$@" && ui_pick_disk Down && ui_wait "Select a Keyboard Layout" 20 &&
		ui_keys Enter && ui_set_password && ui_wait "Found" 20
}

STOAT=$UI_DIR/stoat-nommd
to_scan
ok $? "PATH without mmd: the system scan comes up"
cap=$(flat)
like "$cap" "Error\(s\) Found" "it found errors"
like "$cap" "The system scan found problems that stop the installation:" "that stop the installation"
like "$cap" "Error: mmd \(from the mtools package\) is in $mmd_dir, which is not in PATH: add that folder to PATH and start stoat again\." \
	"naming mmd, its package, its folder and the fix"
like "$cap" "F9.*Back.*F11.*Reboot" "the keys are Back and Reboot"
ui_same sysscan-nommd "the screen as a whole" "s|$mmd_dir|/usr/bin|"
ui_keys Enter
sleep 0.5
ui_shows "Error(s) Found" && ui_shows_not "Confirm Install"
ok $? "Enter does not go on to Confirm Install"
ui_keys F9
ui_wait "Enter a Root Password" 10
ok $? "F9 goes back to the password"
ui_cancel

to_scan --dry-run
ok $? "--dry-run: the system scan comes up"
like "$(flat)" "Error: mmd \(from the mtools package\)" "and shows the same error"
ui_keys F11
is "$(ui_exit_status 20)" 1 "F11 there leaves, with status 1 (nothing installed)"

STOAT=$REAL_STOAT
to_scan
ok $? "every program there: the system scan comes up (the stick's note)"
case $(flat) in *mmd*|*mkfs.fat*|*mtools*|*"Error(s)"*) ok 1 "and it lists no program" ;;
*) ok 0 "and it lists no program" ;; esac
ui_cancel
done_testing
