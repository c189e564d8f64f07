# lib.sh - drive the real wizard in a private tmux server (80x24), for the
# UI tests and tools/screens. Source after tests/lib/tap.sh.
#
# Every run gets fixture media (tests/fixtures/mkmedia.sh), sparse image
# files as disks (40 GiB disk, 16 GiB USB stick, 512 MiB USB stick), and a
# fixture /proc (16 GB, vmx) through STOAT_PROC so the system scan does not
# depend on the machine running the tests: fixture_proc "$UI_DIR/proc" ...
# (tests/lib/fixtures.sh) changes it for the next ui_start.
. "$top_srcdir/tests/lib/fixtures.sh"

command -v tmux >/dev/null 2>&1 || skip_all "tmux is not installed"
[ -x "$MKMEDIA" ] || skip_all "tests/fixtures/mkmedia.sh is missing"
command -v xorriso >/dev/null 2>&1 || skip_all "xorriso is not installed (needed for fixture media)"

UI_SOCK=stoat-test-$$
UI_DIR=$TAP_TMP/ui
mkdir -p "$UI_DIR/proc"

ui_cleanup() {
	tmux -L "$UI_SOCK" kill-server 2>/dev/null
	rm -f "${TMUX_TMPDIR:-/tmp}/tmux-$(id -u)/$UI_SOCK"
	tap_cleanup
}
trap ui_cleanup EXIT

T() { tmux -L "$UI_SOCK" "$@"; }

# ui_media [mkmedia options]: new fixture media (with a EULA), $UI_DIR/m.iso.
ui_media() {
	rm -f "$UI_DIR/m.iso"
	"$MKMEDIA" --eula "$@" "$UI_DIR/m.iso"
}

# ui_fixtures [mkmedia options]: media and disks in $UI_DIR.
ui_fixtures() {
	ui_media "$@" || return 1
	rm -f "$UI_DIR"/*.img
	truncate -s 40G "$UI_DIR/disk.img"
	truncate -s 16G "$UI_DIR/usb.img"
	truncate -s 512M "$UI_DIR/small.img"
	fixture_proc "$UI_DIR/proc"
}

# ui_start [stoat options]: start the wizard in a fresh 80x24 pane. The
# pane records `stty -a` before and after, and the exit status. UI_LOCALE
# (default C.UTF-8) is its LC_ALL, UI_TERM its TERM (xterm), UI_TERMINFO a
# terminfo folder, STOAT_UI_CLIP_LOG passed on (see ui/text.c). UI_MEDIA_ARGS,
# when set, replaces "--media m.iso" (empty: the wizard looks for media).
# The wizard gets --no-reboot unless UI_NO_REBOOT is set to "" (never
# press Enter on a Reboot key then).
ui_start() {
	T kill-server 2>/dev/null
	sleep 0.1
	rm -f "$UI_DIR/exit" "$UI_DIR/stty.before" "$UI_DIR/stty.after" "$UI_DIR/stderr"
	cat >"$UI_DIR/run.sh" <<-RUN
	cd "$UI_DIR" || exit 1
	# a Ctrl-C typed in the pane is for stoat: this shell records its status
	trap : INT
	stty -a >stty.before
	env LC_ALL=${UI_LOCALE:-C.UTF-8} LANGUAGE= STOAT_PROC="$UI_DIR/proc" TERM=\${UI_TERM:-xterm} \\
		${UI_TERMINFO:+TERMINFO=$UI_TERMINFO} ${STOAT_UI_CLIP_LOG:+STOAT_UI_CLIP_LOG=$STOAT_UI_CLIP_LOG} \\
		"$STOAT" ${UI_MEDIA_ARGS---media m.iso} \\
		--disk disk.img --disk usb.img:usb --disk small.img:usb \\
		--only-listed-disks ${UI_NO_REBOOT---no-reboot} "\$@" 2>stderr
	echo \$? >exit.tmp
	stty -a >stty.after
	mv exit.tmp exit
	exec sleep 600
	RUN
	# A server that is still shutting down can refuse the new session:
	# try a few times.
	local try
	for try in 1 2 3 4 5; do
		T -f /dev/null new-session -d -x 80 -y 24 -s w \
			"env UI_TERM=${UI_TERM:-xterm} ${NO_COLOR:+NO_COLOR=$NO_COLOR} sh '$UI_DIR/run.sh' $*" \
			2>/dev/null && return 0
		sleep 0.3
	done
	echo "# cannot start a tmux session"
	return 1
}

# ui_cap: the pane as text.
ui_cap() { T capture-pane -p -t w 2>/dev/null; }

# ui_keys KEYS...: send tmux key names.
ui_keys() { T send-keys -t w "$@"; }

# ui_type TEXT: send literal text.
ui_type() { T send-keys -t w -l "$1"; }

# ui_until SECONDS COMMAND...: run COMMAND every 0.1 s until it succeeds;
# status 1 when it did not within SECONDS.
ui_until() {
	local i=0 n=$(($1 * 10))
	shift
	while [ $i -lt $n ]; do
		"$@" && return 0
		sleep 0.1
		i=$((i + 1))
	done
	return 1
}

# ui_shows TEXT / ui_shows_not TEXT: whether the pane shows TEXT (fixed
# string).
ui_shows() { ui_cap | grep -qF -- "$1"; }
ui_shows_not() { ! ui_shows "$1"; }

# ui_wait TEXT [SECONDS]: wait until the pane shows TEXT.
ui_wait() { ui_until "${2:-10}" ui_shows "$1"; }

# ui_wait_gone TEXT [SECONDS]: wait until the pane no longer shows TEXT.
ui_wait_gone() { ui_until "${2:-10}" ui_shows_not "$1"; }

# ui_exit_status [SECONDS]: wait for the wizard to end, print its status.
ui_exit_status() {
	ui_until "${1:-10}" test -f "$UI_DIR/exit"
	cat "$UI_DIR/exit" 2>/dev/null || echo none
}

# ui_stty_same: the terminal settings after the run equal those before.
ui_stty_same() {
	[ -s "$UI_DIR/stty.before" ] && cmp -s "$UI_DIR/stty.before" "$UI_DIR/stty.after"
}

# ui_same NAME DESC [SED-SCRIPT]: compare the pane with
# tests/ui/expected/NAME.txt (NAME may be LL/name for a language's
# screens). With SED-SCRIPT the text is filtered through sed -E first (for
# numbers that change from run to run). The text is $UI_DIR/NAME.raw
# instead of the pane when that file exists.
ui_same() {
	local want="$top_srcdir/tests/ui/expected/$1.txt"
	mkdir -p "$(dirname "$UI_DIR/$1")"
	if [ -f "$UI_DIR/$1.raw" ]; then cat "$UI_DIR/$1.raw"; else ui_cap; fi |
		sed -E "${3:-}" >"$UI_DIR/$1.got"
	[ -n "${UI_SAVE:-}" ] && mkdir -p "$(dirname "$UI_SAVE/$1")" && cp "$UI_DIR/$1.got" "$UI_SAVE/$1.txt"
	if [ ! -f "$want" ]; then
		ok 1 "$2 (no expected file $1.txt)"
		return
	fi
	if diff -u "$want" "$UI_DIR/$1.got" >"$UI_DIR/$1.diff"; then
		ok 0 "$2"
	else
		ok 1 "$2"
		sed 's/^/#   /' "$UI_DIR/$1.diff" | head -40
	fi
}

# ui_to_disks: Welcome -> License -> disk list.
ui_to_disks() {
	ui_wait "Press Enter to continue." && ui_keys Enter &&
		ui_wait "License Agreement" && ui_keys F11 &&
		ui_wait "Storage Device"
}

# ui_pick_disk [KEYS...]: to the disk list, move with KEYS (tmux key
# names), choose the highlighted disk with Enter.
ui_pick_disk() {
	ui_to_disks || return 1
	[ $# -eq 0 ] || ui_keys "$@"
	sleep 0.2
	ui_keys Enter
}

# ui_type_password: on the password screen, type Stoat-2024x in both
# fields and wait until the screen says they match (Enter not pressed).
ui_type_password() {
	ui_wait "Enter a Root Password" 20 || return 1
	ui_type "Stoat-2024x"; ui_keys Tab; ui_type "Stoat-2024x"
	ui_wait "Match: both passwords are the same." 20
}

# ui_set_password: ui_type_password, then Enter.
ui_set_password() {
	ui_type_password && ui_keys Enter
}

# ui_past_osdata: after a disk is chosen, answer the question 7.x media on
# flash asks (where ESX-OSData goes) with its default, RAM, when it comes;
# then wait for the keyboard list.
ui_osdata_or_kbd() { ui_shows "Select a Keyboard Layout" || ui_shows "Where Should ESX-OSData Go?"; }
ui_past_osdata() {
	ui_until 20 ui_osdata_or_kbd || return 1
	if ui_shows "Where Should ESX-OSData Go?"; then ui_keys Enter; fi
	ui_wait "Select a Keyboard Layout" 20
}

# ui_install_stick: from the welcome screen, install onto the 16 GiB USB
# stick (one row down) with the default keyboard and the test password,
# past the warnings, up to F11 on Confirm Install.
ui_install_stick() {
	ui_pick_disk Down &&
		ui_past_osdata && ui_keys Enter &&
		ui_set_password &&
		ui_wait "Warning(s) Found" 20 && ui_keys Enter &&
		ui_wait "Confirm Install" 20 && ui_keys F11
}

# ui_cancel: Esc, F11 on "Cancel the Installation?", wait for the exit.
ui_cancel() {
	ui_keys Escape; ui_wait "Cancel the Installation?" 20; ui_keys F11; ui_exit_status 20 >/dev/null
}

# ui_loop_disk: an 8 GiB image on a loop device, in UI_LOOP: a disk of
# this machine to the wizard (tap.sh detaches it at exit). Status 1
# without root or losetup.
ui_loop_disk() {
	[ "$(id -u)" = 0 ] && command -v losetup >/dev/null 2>&1 &&
		truncate -s 8G "$UI_DIR/loop.img" &&
		tap_loop "$UI_DIR/loop.img" >"$UI_DIR/loopdev" 2>/dev/null || return 1
	UI_LOOP=$(cat "$UI_DIR/loopdev")
}

# ui_pick NAME: on a disk list, move down until F1 names NAME (the device
# name in brackets), closing the details again; status 1 if none does.
ui_pick() {
	local i=0
	while [ $i -lt 10 ]; do
		ui_keys F1; ui_wait "Disk Details" || return 1
		if ui_cap | grep -q "Full name: .*($1)"; then
			ui_keys Enter; ui_wait_gone "Disk Details"; return 0
		fi
		ui_keys Enter; ui_wait_gone "Disk Details"
		ui_keys Down; sleep 0.2
		i=$((i + 1))
	done
	return 1
}

# ui_pid: the wizard's PID, the stoat child of the pane's shell (from /proc).
ui_pid() {
	local pp d
	pp=$(T display -p -t w '#{pane_pid}') || return 1
	for d in /proc/[0-9]*; do
		[ "$(cut -d' ' -f4 "$d/stat" 2>/dev/null)" = "$pp" ] &&
			[ "$(cat "$d/comm" 2>/dev/null)" = stoat ] && { echo "${d#/proc/}"; return 0; }
	done
	return 1
}
