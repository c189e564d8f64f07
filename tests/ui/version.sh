#!/bin/sh
# version.sh - media that does not say its ESXi version (an empty build=,
# no image database, no version in the volume id): after the license the
# wizard asks for the layout instead of guessing, says what it looked at
# and which build= the installed boot.cfg will have, and installs what
# was answered (read back with sgdisk and mtools). Media whose image
# database names the version, with the same empty build=, is not asked
# about; --layout answers for the wizard as for the kickstart.
. "$top_srcdir/tests/lib/tap.sh"
command -v sgdisk >/dev/null 2>&1 || skip_all "sgdisk is not installed"
command -v mtype >/dev/null 2>&1 || skip_all "mtools is not installed"
. "$top_srcdir/tests/ui/lib.sh"

ui_fixtures --broken no-build --seed 1 || skip_all "cannot build fixture media"

# flat: the pane's text without the dialog frame, on one line.
flat() { ui_cap | sed 's/[│┌┐└┘─]/ /g' | tr -s ' \n' ' '; }

# to_question: Welcome, License, then the question.
to_question() {
	ui_wait "Press Enter to continue." && ui_keys Enter &&
		ui_wait "License Agreement" && ui_keys F11 &&
		ui_wait "ESXi Version Unknown"
}

# --- the question -----------------------------------------------------------
ui_start
to_question; ok $? "after the license the wizard asks which ESXi version the media holds"
cap=$(flat)
like "$cap" "does not guess" "it says it does not guess"
like "$cap" "IMGDB\.TGZ cannot be read.* an empty build=.*volume id \(ESXI-FIXTURE\) names no version" \
	"it names what it looked at: the image database, the empty build= and the volume id"
like "$cap" "\(o\) ESXi 6\.x" "6.x is the first answer, highlighted"
like "$cap" "will say build=6: VMware's boot loader needs a build= that starts with a digit" \
	"and it says the installed boot.cfg will say build=6, and why"
ui_same version "the question matches"
ui_keys Down; ui_wait "will say build=7"; ok $? "7.x/8.x announces build=7"
ui_keys F9; ui_wait "License Agreement"; ok $? "F9 goes back to the license"
ui_keys F11; ui_wait "ESXi Version Unknown"; ok $? "accepting again asks again"
ui_keys Escape; ui_wait "Cancel the Installation?"; ok $? "Esc asks before cancelling"
ui_keys F11
is "$(ui_exit_status)" 1 "cancelling on the question exits 1"
ui_stty_same; ok $? "and restores the terminal"

# --- in Japanese: the dialog grows with the wrapped text ---------------------
ui_start --lang ja
ui_wait "Enter" && ui_keys Enter && sleep 0.5 && ui_keys F11
ui_wait "ESXi のバージョンが不明"; ok $? "the question in Japanese"
like "$(flat)" "build=6 になります.*わからないため ?です。 \(Esc\)" "its last paragraph is whole, above the key bar"
ui_keys Escape; sleep 0.5; ui_keys F11
is "$(ui_exit_status)" 1 "and it cancels"

# --- the answer 6.x, installed onto the 40 GiB disk -------------------------
ui_start
to_question
ui_keys Enter
ui_wait "Storage Device"; ok $? "Enter answers 6.x and goes on to the disks"
ui_keys Enter
ui_wait "Select a Keyboard Layout" 20 && ui_keys Enter
ui_set_password
ui_wait "Confirm Install" 20; ok $? "on to Confirm Install"
like "$(ui_cap)" "Partition layout \(esxi6\)" "the 6.x layout was planned"
ui_keys F11
ui_wait "Installation Complete" 120; ok $? "the install completes"
ui_keys Enter
is "$(ui_exit_status 20)" 0 "and the wizard exits 0"
cfg=$(mtype -i "$(vol "$UI_DIR/disk.img" 5)" ::/boot.cfg 2>&1)
like "$cfg" "^build=6$" "mtype: the installed boot.cfg says build=6"
like "$cfg" "installerDiskDumpSlotSize=2560" "and has the 6.x kernelopt (partition 9 exists)"
is "$(sgdisk -p "$UI_DIR/disk.img" 2>/dev/null | awk '/^ +[0-9]+ /{print $1}' | tr '\n' ' ')" "1 2 3 5 6 7 8 9 " \
	"sgdisk: the 6.x disk layout"

# --- the image database says it: no question ------------------------------
ui_media --version 6.7.0-0.0.8169922 --build '' --volid CDROM || skip_all "cannot build fixture media"
ui_start
ui_wait "Press Enter to continue." && ui_keys Enter && ui_wait "License Agreement" && ui_keys F11
ui_wait "Storage Device"; ok $? "an empty build= and a 6.x image database: straight to the disks"
like "$(ui_cap)" "VMware ESXi 6\.7\.0 \(6\.7\.0-8169922\) Installer" "the top line has the esx-base version"
ui_cancel

# --- --layout answers ------------------------------------------------------
ui_media --broken no-build || skip_all "cannot build fixture media"
ui_start --layout esxi7
ui_wait "Press Enter to continue." && ui_keys Enter && ui_wait "License Agreement" && ui_keys F11
ui_wait "Storage Device"; ok $? "--layout esxi7 answers: no question"
ui_cancel

done_testing
