#!/bin/sh
# sysnote.sh - the system scan's severities on screen: on a machine
# without hardware virtualization the finding is a "Warning:" when the
# target is a disk of this machine, and only a "Note:" when it is a USB
# stick, which may be for another host (issue 18, weasel's severities).
. "$top_srcdir/tests/lib/tap.sh"
. "$top_srcdir/tests/ui/lib.sh"

ui_fixtures || skip_all "cannot build fixture media"
fixture_proc "$UI_DIR/proc" 16777216 novt

# flat: the pane's text without the dialog frame, on one line.
flat() { ui_cap | sed 's/[│┌┐└┘─]/ /g' | tr -s ' \n' ' '; }

# scan_for [--disk DEV] KEYS...: pick the disk KEYS lead to, default
# keyboard and the test password; then the system scan's text.
scan_for() {
	if [ "$1" = --disk ]; then
		ui_start --disk "$2"
		shift 2
	else
		ui_start
	fi
	ui_pick_disk "$@" && ui_wait "Select a Keyboard Layout" 20 && ui_keys Enter &&
		ui_set_password && ui_wait "Found" 20
	flat
	ui_keys Escape; ui_wait "Cancel the Installation?" 10 && ui_keys F11
	ui_exit_status 20 >/dev/null
}

# A loop device is a disk of this machine (the image files stand in for
# disks that may boot elsewhere, like sticks).
if ui_loop_disk; then
	cap=$(scan_for --disk "$UI_LOOP" Down Down Down)
	like "$cap" "Warning: The CPU offers no hardware virtualization" \
		"onto a disk of this machine ($UI_LOOP): no VT-x/AMD-V is a warning"
else
	skip "a disk of this machine: needs root and a loop device"
fi
cap=$(scan_for Down)
like "$cap" "Note: The CPU offers no hardware virtualization" \
	"onto the USB stick: the same finding is a note"
case $cap in *"Warning: The CPU"*) ok 1 "and not a warning" ;; *) ok 0 "and not a warning" ;; esac
done_testing
