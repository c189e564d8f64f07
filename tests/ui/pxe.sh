#!/bin/sh
# pxe.sh - the wizard's network boot tree (F3 on the welcome screen, "Write
# a network boot tree") in tmux at 80x24, from the fixture media: a TFTP
# kickstart URL is refused in place with the backend's message (that of
# stoat pxe --ks); the folder and an http URL write the tree, which
# `stoat pxe --check` finds clean and whose boot.cfg has the prefix= and
# ks= asked for; the done screen names dnsmasq.conf, the notes and the
# README. With no install media the entry says there is none.
. "$top_srcdir/tests/lib/tap.sh"
. "$top_srcdir/tests/ui/lib.sh"

ui_fixtures || skip_all "cannot build fixture media"
D=$UI_DIR
F=esxi-6.7.0-8169922
KS=http://10.0.2.2/ks.cfg
# The temporary folder's name, the same length every run.
TMPNAME='s|/stoat-test\.[A-Za-z0-9]{6}/|/stoat-test.XXXXXX/|g'

# --- the tree -----------------------------------------------------------------
ui_start
ui_wait "Press Enter to continue."; ui_keys F3
ui_wait "Write a network boot tree"; ok $? "F3 offers \"Write a network boot tree\""
ui_keys Down Down Down; sleep 0.3
ui_shows "No device is touched."; ok $? "its hint says no device is touched"
ui_same imgmenu-pxe "the menu with the entry highlighted matches"
ui_keys Enter
ui_wait "Network Boot Tree"; ok $? "Enter asks for the folder, with no device list between"
ui_shows "Type the path of the folder to write the tree in."; ok $? "an empty folder field says what to type"
ui_type "$D/tree"
ui_wait "The folder is made. The media's files go into"; ok $? "the folder's note says it is made"
ui_shows "$F."; ok $? "and names the version folder in it"
ui_keys Tab; ui_type "tftp://10.0.2.2/ks.cfg"
ui_wait "not by TFTP"; ok $? "a tftp:// kickstart URL is refused in place, as stoat pxe --ks refuses it"
ui_same pxepath-tftp "the folder screen with the refused URL matches" "$TMPNAME"
ui_keys Enter; sleep 0.5
ui_shows "Kickstart URL:" && [ ! -e "$D/tree" ]; ok $? "Enter with it stays on the screen and writes nothing"
for i in $(seq 22); do ui_keys BSpace; done
ui_type "$KS"
ui_wait "boot.cfg gets ks=$KS"; ok $? "an http:// URL is taken"
ui_keys Enter
ui_wait "Network Boot Tree Written" 60; ok $? "Enter writes the tree"
ui_shows "dnsmasq configuration: $D/tree/dnsmasq.conf"; ok $? "the done screen names the dnsmasq snippet"
ui_shows "Note: BIOS clients are not served"; ok $? "and the backend's note on BIOS clients"
ui_shows "What to do next"; ok $? "and shows the README, what to do next"
ui_same pxedone "the done screen matches" "$TMPNAME"
ui_keys Enter
is "$(ui_exit_status 20)" 0 "Enter leaves the wizard with status 0"
is "$("$STOAT" pxe --check "$D/tree" 2>&1)" "$D/tree: no problems found" "stoat pxe --check finds no problem in the tree"
is "$(sed -n 's/^prefix=//p' "$D/tree/boot.cfg")" "$F" "boot.cfg: prefix= the version folder"
like "$(sed -n 's/^kernelopt=//p' "$D/tree/boot.cfg")" " ks=$KS" "boot.cfg: ks= the URL typed"
grep -qx "tftp-root=$D/tree" "$D/tree/dnsmasq.conf"; ok $? "dnsmasq.conf serves the folder"
cmp -s "$D/tree/$F/b.b00" "$D/tree/$F/B.B00"; ok $? "the media's files are in the version folder under both names"

# --- no media ------------------------------------------------------------------
mkdir -p "$D/nosys/block" "$D/empty"
: >"$D/mountinfo"
mv "$D/m.iso" "$D/m.keep"
export STOAT_MEDIA_SYSFS="$D/nosys" STOAT_MEDIA_MOUNTINFO="$D/mountinfo"
UI_MEDIA_ARGS=
ui_start
ui_wait "No install media was found"; ui_keys F3
ui_wait "Write a network boot tree"; ui_keys Down Down Down; sleep 0.3; ui_keys Enter
ui_wait "No Install Media"; ok $? "with no media the entry says there is none"
ui_shows "A network boot tree is made from ESXi install media"; ok $? "and why it needs some"
ui_same pxe-nomedia "the no-media screen matches"
ui_keys F9; ui_wait "Write a network boot tree"; ok $? "F9 goes back to the menu"
ui_cancel
is "$(ui_exit_status 20)" 1 "Esc there leaves with status 1"
mv "$D/m.keep" "$D/m.iso"
done_testing
