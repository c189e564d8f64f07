#!/bin/sh
# lang.sh - the wizard in every language of po/LINGUAS, in tmux at 80x24:
# each screen of a whole install in the language's own locale, compared
# with tests/ui/expected/LL/*.txt and checked by tests/tools/screencheck.py
# (frames straight by display width, no English left, nothing cut off);
# the F2 language list; the Linux console's fallback to English; a C
# locale on a terminal without line-drawing characters.
. "$top_srcdir/tests/lib/tap.sh"
. "$top_srcdir/tests/ui/lib.sh"

command -v python3 >/dev/null 2>&1 || skip_all "python3 is not installed (screen checks)"
langs=$(sed -e 's/#.*//' "$top_srcdir/po/LINGUAS" | tr -s ' \n' ' ')
[ -n "${langs# }" ] || skip_all "no translations listed in po/LINGUAS"
for l in $langs; do
	[ -f "$top_builddir/locale/$l/LC_MESSAGES/stoat.mo" ] ||
		skip_all "the $l catalog was not built (make builds locale/$l)"
done
ui_fixtures || skip_all "cannot build fixture media"
check=$top_srcdir/tests/tools/screencheck.py

# msg LL MSGID: the translation, read from the catalog by Python's gettext.
msg() {
	python3 -c 'import gettext, sys
t = gettext.translation("stoat", sys.argv[1], languages=[sys.argv[2]])
print(t.gettext(sys.argv[3]))' "$top_builddir/locale" "$1" "$2"
}

# locale_for LL: the language's own UTF-8 locale, or C.UTF-8 with a note.
locale_for() {
	case $1 in
	ja) want=ja_JP ;;
	it) want=it_IT ;;
	*) want=$1 ;;
	esac
	if locale -a 2>/dev/null | grep -qix "$want.utf-\?8"; then
		echo "$want.UTF-8"
	else
		echo "# $want.UTF-8 is not generated (tools/setup --tests makes it): LANG=$want.UTF-8 on C.UTF-8" >&2
		echo "$want.UTF-8"
	fi
}

keyboards=$(sed -n 's/^\tN_("\([A-Za-z ]*\)"),.*/\1/p' "$top_srcdir/src/keyboard.c" | tr ' ' '\n' | sort -u)
allow=""
for k in $keyboards Default US; do allow="$allow --allow $k"; done

# both_masked: both password fields show the five characters typed into
# them (each key redraws the screen with the policy check's verdict, so
# compare only after the last one has arrived).
both_masked() { [ "$(ui_cap | grep -cF '[*****')" -ge 2 ]; }

# walk LL: a whole install in language LL, every screen saved and compared.
walk() {
	l=$1
	clip=$UI_DIR/clip.$l
	rm -f "$clip"
	UI_LOCALE=$(locale_for "$l") STOAT_UI_CLIP_LOG=$clip ui_start
	ui_wait "$(msg "$l" "Press Enter to continue.")"; ok $? "$l: the welcome screen is in the language of the locale"
	ui_same "$l/welcome" "$l: welcome screen matches"
	ui_keys Enter; ui_wait "$(msg "$l" "License Agreement")"
	ui_same "$l/eula" "$l: license screen matches"
	ui_keys F11; ui_wait "$(msg "$l" "Storage Device")"
	ui_same "$l/disks" "$l: disk list matches"
	ui_keys Down Down; ui_wait "910 MiB"
	ui_same "$l/disks-small" "$l: the too-small disk's reason"
	ui_keys Up; ui_keys F1; ui_wait "$(msg "$l" "Disk Details")"
	ui_same "$l/details" "$l: disk details match"
	ui_keys Enter; ui_wait_gone "$(msg "$l" "Disk Details")"
	ui_keys F3; ui_wait "$(msg "$l" "Legacy USB: On")"; ok $? "$l: F3 legacy USB on, in the footer"
	ui_keys Enter; ui_wait "$(msg "$l" "Select a Keyboard Layout")"
	ui_same "$l/keyboard" "$l: keyboard screen matches"
	ui_keys Enter; ui_wait "$(msg "$l" "Enter a Root Password")"
	ui_type "short"; ui_keys Tab; ui_type "other"; ui_until 10 both_masked
	ui_same "$l/password-bad" "$l: password screen with a policy message and a mismatch"
	ui_keys Escape; ui_wait "$(msg "$l" "Cancel the Installation?")"
	ui_same "$l/cancel" "$l: cancel dialog matches"
	ui_keys F9; ui_wait_gone "$(msg "$l" "Cancel the Installation?")"
	ui_keys Tab; ui_keys BSpace BSpace BSpace BSpace BSpace; ui_type "Stoat-2024x"
	ui_keys Tab; ui_keys BSpace BSpace BSpace BSpace BSpace; ui_type "Stoat-2024x"
	ui_wait "$(msg "$l" "Match: both passwords are the same.")"; ok $? "$l: the passwords match"
	ui_keys Enter; ui_wait "$(msg "$l" "Warning(s) Found")"
	ui_same "$l/sysscan" "$l: system scan matches"
	ui_keys Enter; ui_wait "$(msg "$l" "Confirm Install")"
	ui_same "$l/confirm" "$l: confirm screen matches"
	ui_keys F11; ui_wait "$(msg "$l" "Installation Complete")" 120
	ok $? "$l: the install completes"
	ui_same "$l/complete" "$l: complete screen matches"
	ui_keys Enter
	is "$(ui_exit_status 20)" 0 "$l: Enter on Complete exits 0 (--no-reboot)"
	ui_stty_same; ok $? "$l: the terminal settings are as before"
	# The license is the media's own text: its frame is checked, not its words.
	mv "$UI_DIR/$l/eula.got" "$UI_DIR/$l.eula.got"
	if python3 "$check" "$UI_DIR/$l.eula.got" >"$UI_DIR/check.$l" 2>&1 &&
		python3 "$check" --po "$top_srcdir/po/$l.po" $allow "$UI_DIR/$l"/*.got >>"$UI_DIR/check.$l" 2>&1; then
		ok 0 "$l: every screen's frames are straight and no English is left"
	else
		ok 1 "$l: every screen's frames are straight and no English is left"
		sed 's/^/#   /' "$UI_DIR/check.$l" | head -20
	fi
	if [ -s "$clip" ]; then
		ok 1 "$l: no paragraph was cut off by its dialog"
		sed 's/^/#   cut: /' "$clip" | head -10
	else
		ok 0 "$l: no paragraph was cut off by its dialog"
	fi
	# the image really got the install
	sgdisk -p "$UI_DIR/usb.img" 2>/dev/null | grep -qE '^ +9 ' && ! sgdisk -p "$UI_DIR/usb.img" | grep -qE '^ +3 '
	ok $? "$l: sgdisk reads the flash layout on the stick (9, no 3)"
	truncate -s 0 "$UI_DIR/usb.img"; truncate -s 16G "$UI_DIR/usb.img"
}

for l in $langs; do
	walk "$l"
done

# The F2 list: every language named in itself; choosing one switches at once.
UI_LOCALE=C.UTF-8 ui_start
ui_wait "Press Enter to continue."; ui_keys F2; ui_wait "Choose the language"
ui_same lang-list "F2 lists the languages, each named in itself"
for l in $langs; do
	ui_keys Down
done
ui_keys Enter; ui_wait "$(msg "$l" "Press Enter to continue.")"
ok $? "choosing $l on the list switches the welcome screen to it"
ui_keys Enter; ui_wait "$(msg "$l" "License Agreement")"; ok $? "and the next screen is in $l too"
ui_keys Escape; ui_wait "$(msg "$l" "Do you want to leave the installer?")"; ui_keys F11
is "$(ui_exit_status)" 1 "Esc on the license asks, F11 declines it: exit status 1"
is "$(cat "$UI_DIR/stderr")" "stoat: $(msg "$l" "the license agreement was not accepted; nothing was installed")" \
	"and the message on stderr is in $l too"

# The Linux console cannot draw Japanese: English, with a notice saying why.
if echo " $langs " | grep -q " ja "; then
	UI_TERM=linux UI_LOCALE=$(locale_for ja) ui_start
	ui_wait "Press Enter to continue."; ok $? "TERM=linux with a Japanese locale: the wizard is in English"
	ui_same console-ja "with a one-line notice in English on how to get Japanese"
	# tmux sends its own F-key sequences, not the console's: Esc 2 is F2
	ui_keys Escape 2; ui_wait "Choose the language"
	like "$(ui_cap)" "Japanese \\(the Linux console cannot draw it\\)" "the list names Japanese in ASCII, greyed with the reason"
	ui_cancel
else
	skip "no Japanese catalog: the console fallback is not tested"
fi

# Japanese with the media search's line too: the welcome dialog is taller
# than 80x24 allows, so it drops its last paragraph and the blank rows
# rather than cutting text off (the clip log stays empty).
if echo " $langs " | grep -q " ja "; then
	mkdir -p "$UI_DIR/nosys/block"; : >"$UI_DIR/mountinfo"
	clip=$UI_DIR/clip.found
	rm -f "$clip"
	export STOAT_MEDIA_SYSFS="$UI_DIR/nosys" STOAT_MEDIA_MOUNTINFO="$UI_DIR/mountinfo"
	UI_MEDIA_ARGS=
	UI_LOCALE=$(locale_for ja) STOAT_UI_CLIP_LOG=$clip ui_start
	ui_wait "$(msg ja "Welcome")"; ui_wait_gone "$(msg ja "Looking for install media...")"
	ui_wait "$UI_DIR/m.iso"; ok $? "ja, media searched: Welcome names the media found"
	ui_same ja/welcome-found "ja: the welcome screen with the media found fits 80x24" \
		's|/stoat-test\.[A-Za-z0-9]{6}/|/stoat-test.XXXXXX/|g'
	[ ! -s "$clip" ]; ok $? "ja: no paragraph of it was cut off"
	[ -s "$clip" ] && sed 's/^/#   cut: /' "$clip" | head -5
	ui_keys Enter; ui_wait "$(msg ja "License Agreement")"; ok $? "and Enter still goes on to the license"
	ui_keys Escape; ui_wait "$(msg ja "Do you want to leave the installer?")"; ui_keys F11
	ui_exit_status >/dev/null
	unset STOAT_MEDIA_SYSFS STOAT_MEDIA_MOUNTINFO UI_MEDIA_ARGS
else
	skip "no Japanese catalog: the tall welcome is not tested"
fi

# LANG=C on a terminal without line-drawing characters: English, ASCII frames.
if command -v infocmp >/dev/null && command -v tic >/dev/null; then
	mkdir -p "$UI_DIR/terminfo"
	infocmp -x xterm | sed -e 's/^xterm|[^,]*,/xterm-noacs|xterm without line drawing,/' \
		-e 's/acsc=[^,]*,//; s/smacs=[^,]*,//; s/rmacs=[^,]*,//; s/enacs=[^,]*,//' \
		>"$UI_DIR/noacs.src"
	tic -x -o "$UI_DIR/terminfo" "$UI_DIR/noacs.src" 2>/dev/null
	UI_TERM=xterm-noacs UI_TERMINFO=$UI_DIR/terminfo UI_LOCALE=C ui_start
	ui_wait "Press Enter to continue."; ok $? "LANG=C: the wizard starts in English"
	ui_same c-noacs "without line-drawing characters the frames are ASCII"
	python3 "$check" "$UI_DIR/c-noacs.got" >/dev/null; ok $? "and screencheck finds them straight"
	ui_cancel
else
	skip "infocmp or tic is missing: the ASCII fallback is not tested"
fi

done_testing
