#!/bin/sh
# demo.sh - on a terminal, `stoat --demo` says where its disk images live
# before the wizard takes the screen, and again when it gives it back;
# `stoat --demo --reset` says it made them afresh. (The lines themselves
# and the reset are checked in tests/integration/demo.sh.)
. "$top_srcdir/tests/lib/tap.sh"
. "$top_srcdir/tests/ui/lib.sh"

XDG_CACHE_HOME=$UI_DIR/cache; export XDG_CACHE_HOME
dir=$XDG_CACHE_HOME/stoat/demo

ui_start --demo
ui_wait "Press Enter to continue." 60; ok $? "stoat --demo shows the Welcome screen"
ui_keys Escape; ui_wait "Cancel the Installation?"; ui_keys F11
is "$(ui_exit_status)" 1 "cancelling exits 1"
scr=$(T capture-pane -p -J -t w)	# wrapped lines joined
like "$scr" "Demo: the sample media and disk images are in $dir\\." \
	"after the wizard the terminal shows where the demo files are"
like "$scr" "Demo: the disk images stay in $dir; stoat --demo --reset makes them afresh\\." \
	"and where the disk images stay, and how to start afresh"

ui_start --demo --reset
ui_wait "Press Enter to continue." 60; ok $? "stoat --demo --reset shows the Welcome screen"
ui_keys Escape; ui_wait "Cancel the Installation?"; ui_keys F11
is "$(ui_exit_status)" 1 "cancelling exits 1"
like "$(T capture-pane -p -J -t w)" "Demo: the sample media and disk images in $dir were made afresh\\." \
	"--reset says the demo files were made afresh"
unset XDG_CACHE_HOME

done_testing
