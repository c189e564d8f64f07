#!/bin/sh
# keys.sh - keys that work on every console: under TERM=vt100, linux,
# xterm, screen-256color and tmux-256color the function-key sequences of
# every family (SS3 ESC O P, vt220/PuTTY ESC [ 11 ~, the Linux console's
# ESC [ [ A, xterm's modifiers ESC [ 1 ; 2 P and ESC [ 24 ; 5 ~, rxvt's
# ESC [ 11 ^ and $) reach their action whatever the terminfo entry says;
# unknown sequences (ESC [ 99 ~, bracketed paste) do nothing; a lone Esc
# opens the question within a fraction of a second; Esc on the license
# asks before leaving; Ctrl-C asks once and a second Ctrl-C leaves. 80x24.
. "$top_srcdir/tests/lib/tap.sh"
. "$top_srcdir/tests/ui/lib.sh"

ui_fixtures --seed 1 || skip_all "cannot build fixture media"

# raw FORMAT: send the bytes printf FORMAT makes, as one write.
raw() { T send-keys -t w -H $(printf "$1" | od -An -tx1); }

# fkey N FAMILY: the sequence F-key N sends in a family (printf format),
# or nothing when the family has no such key.
fkey() {
	local n=$1 csi
	case $n in
	1|2|3|4|5) csi=$((10 + n)) ;; 6|7|8|9|10) csi=$((11 + n)) ;; 11|12) csi=$((12 + n)) ;;
	esac
	case $2 in
	ss3) [ "$n" -le 4 ] && printf '\\033O%s' "$(echo PQRS | cut -c"$n")" ;;
	ss3mod) [ "$n" -le 4 ] && printf '\\033O2%s' "$(echo PQRS | cut -c"$n")" ;;
	csi) printf '\\033[%s~' "$csi" ;;
	linux) [ "$n" -le 5 ] && printf '\\033[[%s' "$(echo ABCDE | cut -c"$n")" ;;
	xmod) if [ "$n" -le 4 ]; then printf '\\033[1;2%s' "$(echo PQRS | cut -c"$n")"
	      else printf '\\033[%s;5~' "$csi"; fi ;;
	rxvt) printf '\\033[%s^' "$csi" ;;
	rxvtshift) printf '\\033[%s$' "$csi" ;;
	alt) printf '\\033\\033[%s~' "$csi" ;;
	esac
}
FAMILIES="ss3 ss3mod csi linux xmod rxvt rxvtshift alt"

# cancel_shown: the cancel question is on screen.
cancel_shown() { ui_shows "Cancel the Installation?"; }

# esc_ms: send a lone Esc on Welcome, print the milliseconds until the
# question shows, then close it with F9.
esc_ms() {
	local t0 t1
	t0=$(date +%s%N)
	ui_keys Escape
	ui_until 5 cancel_shown || { echo 99999; return; }
	t1=$(date +%s%N)
	echo $(((t1 - t0) / 1000000))
	ui_keys F9; ui_wait_gone "Cancel the Installation?" 5
}

for t in ${KEYS_TERMS:-vt100 linux xterm screen-256color tmux-256color}; do
	if ! infocmp "$t" >/dev/null 2>&1; then skip "TERM=$t: no terminfo here"; continue; fi
	UI_TERM=$t ui_start
	ui_wait "Press Enter to continue." 20; ok $? "TERM=$t: Welcome is shown"

	# F2 (the language list) and F3 (the flash images) in every family
	for n in 2 3; do
		[ $n = 2 ] && want="Choose the language of the installer." || want="Flash Image"
		for f in $FAMILIES; do
			s=$(fkey $n $f); [ -n "$s" ] || continue
			raw "$s"
			ui_wait "$want" 5 && ! cancel_shown
			ok $? "TERM=$t: F$n as $f ($s) on Welcome opens its screen"
			ui_keys F9; ui_wait "Press Enter to continue." 5
		done
	done

	# every other F-key, and unknown sequences, do nothing on Welcome
	bad=
	for n in 1 4 5 6 7 8 9 10 11 12; do
		for f in $FAMILIES; do
			s=$(fkey $n $f); [ -n "$s" ] || continue
			raw "$s"; sleep 0.1
			ui_shows "Press Enter to continue." && ! cancel_shown || bad="$bad F$n:$f"
		done
	done
	is "$bad" "" "TERM=$t: F1, F4-F12 in every family leave Welcome as it is (no Esc)"
	for s in '\033[99~' '\033[200~' '\033[201~' '\033[1;5X' '\033O5z' '\033[?1;2c' '\033[12;34;56;78;90;12;34;56;78;90;12;34;56;78~'; do
		raw "$s"; sleep 0.2
		ui_shows "Press Enter to continue." && ! cancel_shown
		ok $? "TERM=$t: the unknown sequence $s does nothing"
	done

	# a lone Esc: the question opens quickly (the best of three tries;
	# before, Esc waited 650 ms for a fallback digit)
	best=99999
	for i in 1 2 3; do
		ms=$(esc_ms | head -n1)
		[ "$ms" -lt "$best" ] && best=$ms
	done
	[ "$best" -lt 400 ]; ok $? "TERM=$t: a lone Esc opens the question in ${best} ms (under 400)"
	# the slow serial fallback: Esc, then the digit a moment later
	ui_keys Escape; ui_wait "Cancel the Installation?" 5; ui_type 2
	ui_wait "Choose the language of the installer." 5 && ! cancel_shown
	ok $? "TERM=$t: Esc, then 2 a moment later, is F2 (the question closes)"
	ui_keys F9; ui_wait "Press Enter to continue." 5

	# the license: F1 does nothing, Esc asks, F9 goes back
	ui_keys Enter; ui_wait "License Agreement" 5
	raw "$(fkey 1 ss3)"; sleep 0.3
	ui_shows "License Agreement" && [ ! -f "$UI_DIR/exit" ]
	ok $? "TERM=$t: F1 on the license does nothing"
	ui_keys Escape; ui_wait "Leave the Installer?" 5
	ok $? "TERM=$t: Esc on the license asks before leaving"
	ui_keys F9; ui_wait_gone "Leave the Installer?" 5 && ui_shows "License Agreement"
	ok $? "TERM=$t: F9 returns to the license"
	# F11 as the vt220 sends it accepts
	raw "$(fkey 11 csi)"; ui_wait "Storage Device" 10
	ok $? "TERM=$t: F11 ($(fkey 11 csi)) accepts the license"

	# F1 on the disk list opens the details in every family
	for f in $FAMILIES; do
		s=$(fkey 1 $f)
		raw "$s"; ui_wait "Disk Details" 5
		ok $? "TERM=$t: F1 as $f ($s) on the disk list opens the details"
		ui_keys Enter; ui_wait_gone "Disk Details" 5
	done

	# Ctrl-C asks; answered No, the next asks again; a second one leaves
	ui_keys C-c; ui_wait "Cancel the Installation?" 5
	ok $? "TERM=$t: Ctrl-C asks whether to leave"
	ui_keys F9; ui_wait_gone "Cancel the Installation?" 5
	ui_keys C-c; ui_wait "Cancel the Installation?" 5 && [ ! -f "$UI_DIR/exit" ]
	ok $? "TERM=$t: after No, Ctrl-C asks again"
	ui_keys C-c
	is "$(ui_exit_status 10)" 1 "TERM=$t: a second Ctrl-C leaves with status 1"
	ui_stty_same; ok $? "TERM=$t: the terminal settings are as before"
done

# Ctrl-C on the license asks the license's question; Ctrl-C again leaves.
# A question Esc opened: the first Ctrl-C there leaves at once.
UI_TERM=vt100 ui_start
ui_wait "Press Enter to continue." 20; ui_keys Enter; ui_wait "License Agreement" 5
ui_keys C-c; ui_wait "Leave the Installer?" 5; ok $? "Ctrl-C on the license asks before leaving"
ui_keys C-c
is "$(ui_exit_status 10)" 1 "a second Ctrl-C leaves with status 1"
like "$(cat "$UI_DIR/stderr")" "interrupted by a signal" "stderr says a signal ended it"
UI_TERM=xterm ui_start
ui_wait "Press Enter to continue." 20; ui_keys Escape; ui_wait "Cancel the Installation?" 5
ui_keys C-c
is "$(ui_exit_status 10)" 1 "Ctrl-C on the question Esc opened leaves with status 1"
like "$(cat "$UI_DIR/stderr")" "the installation was cancelled" "stderr says the installation was cancelled"

# F11 on the license's question leaves the same way.
UI_TERM=linux ui_start
ui_wait "Press Enter to continue." 20; ui_keys Enter; ui_wait "License Agreement" 5
ui_keys Escape; ui_wait "Leave the Installer?" 5; raw "$(fkey 11 xmod)"
is "$(ui_exit_status 10)" 1 "F11 ($(fkey 11 xmod)) on the license's question leaves with status 1"
like "$(cat "$UI_DIR/stderr")" "license agreement was not accepted" "stderr says the license was not accepted"

done_testing
