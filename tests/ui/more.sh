#!/bin/sh
# more.sh - the wizard's other branches in tmux: a disk holding data, a disk
# holding ESXi (after an install), --dry-run, and 7.x media (legacy USB
# disabled, the degraded-mode flash warning), media without safeboot (with
# and without --allow-no-uefi), --demo in a private cache, and each TERM
# (vt100 ... linux).
. "$top_srcdir/tests/lib/tap.sh"
command -v sgdisk >/dev/null 2>&1 || skip_all "sgdisk is not installed"
. "$top_srcdir/tests/ui/lib.sh"

ui_fixtures || skip_all "cannot build fixture media"

# --- before any screen: no media, bad media, no terminal -------------------------
# (no --media: the wizard looks for media itself, tests/ui/media.sh)
err=$("$STOAT" --media "$UI_DIR/missing.iso" </dev/null 2>&1); rc=$?
is "$rc" 1 "unreadable media exits 1 before the screen is touched"
is "$(printf '%s\n' "$err" | wc -l)" 1 "with a one-line message"
err=$("$STOAT" --media "$UI_DIR/m.iso" </dev/null 2>&1); rc=$?
is "$rc" 1 "without a terminal the wizard exits 1"
like "$err" "needs a terminal.*--kickstart" "and points to the unattended install"

# --- a disk with a partition table: confirm the overwrite ---------------------
sgdisk -o "$UI_DIR/disk.img" >/dev/null 2>&1
ui_start
ui_pick_disk
ui_wait "Confirm Disk Overwrite"; ok $? "a disk holding a partition table asks to confirm the overwrite"
ui_same diskaction-data "the overwrite confirmation matches"
ui_keys Escape; ui_wait "Cancel the Installation?"; ok $? "Esc on Confirm Disk Overwrite asks before cancelling"
ui_keys F11
is "$(ui_exit_status)" 1 "cancelling on Confirm Disk Overwrite exits with status 1"
ui_stty_same; ok $? "the terminal is restored after cancelling on Confirm Disk Overwrite"
ui_start
ui_pick_disk
ui_wait "Confirm Disk Overwrite"
ui_keys F9; ui_wait "Storage Device"; ok $? "F9 goes back to the disk list"
ui_keys Enter; ui_wait "Confirm Disk Overwrite"; ui_keys Enter
ui_wait "Select a Keyboard Layout"; ok $? "Enter confirms and goes on to the keyboard"
ui_cancel

# --- --dry-run: the plan is shown and nothing is written ----------------------
rm -f "$UI_DIR/disk.img"; truncate -s 40G "$UI_DIR/disk.img"
ui_start --dry-run
ui_pick_disk
ui_wait "Select a Keyboard Layout"; ui_keys Enter
ui_set_password
ui_wait "Confirm Install"; like "$(ui_cap)" "Dry run: nothing will be written" "confirm says it is a dry run"
like "$(ui_cap)" "Partition layout \(esxi6\):" "a 40 GiB disk gets the full esxi6 layout"
like "$(ui_cap)" "3 +[0-9.]+ GiB +datastore|3 .*VMFS|3 .*vmfs" "the legend lists the datastore partition 3"
ui_keys F11; ui_wait "Dry Run Complete"; ok $? "F11 shows what would have been written"
like "$(ui_cap)" "What is written and what is kept:" "the dry-run text starts with what is written and kept"
ui_keys Down Down Down Down Down Down; sleep 0.3
like "$(ui_cap)" "15472640" "the dry-run text has the partition table (p3 starts at 15472640)"
ui_keys Enter
is "$(ui_exit_status)" 0 "Enter after a dry run exits 0"
[ "$(wc -c <"$UI_DIR/disk.img")" = 42949672960 ] && [ "$(du -k "$UI_DIR/disk.img" | cut -f1)" = 0 ]
ok $? "the dry run wrote nothing to the disk image"

# --- no VT-x in cpuinfo; F9 back from Confirm keeps every answer -------------
fixture_proc "$UI_DIR/proc" 16384000 novt
ui_start --dry-run
ui_to_disks; ui_keys Down; sleep 0.2
ui_keys F3; ui_wait "(F3) Legacy USB: On"; ui_keys Enter
ui_wait "Select a Keyboard Layout"; ui_keys Up Up; ui_wait "> Swiss German"; ui_keys Enter
ui_set_password
ui_wait "Warning(s) Found"
like "$(ui_cap | tr -s ' \n│' ' ')" "no hardware virtualization \(Intel VT-x or AMD-V\)" \
	"a CPU without vmx/svm gets the no-virtualization warning"
ui_keys Enter; ui_wait "Confirm Install"; ui_cap >"$UI_DIR/confirm.first"
grep -q "Keyboard: Swiss German" "$UI_DIR/confirm.first" && grep -q "Legacy USB: On" "$UI_DIR/confirm.first"
ok $? "confirm shows the answers given (Swiss German, legacy USB on)"
ui_keys F9; ui_wait "Warning(s) Found"; ui_keys F9
ui_wait "A password is already set"; ok $? "F9 back to the password keeps the hash (already set)"
ui_keys F9; ui_wait "> Swiss German"; ok $? "F9 back to the keyboard keeps Swiss German"
ui_keys F9; ui_wait "(F3) Legacy USB: On"; ok $? "F9 back to the disks keeps legacy USB on"
ui_keys Enter; ui_wait "> Swiss German"; ui_keys Enter
ui_wait "A password is already set"; ui_keys Enter
ui_wait "Warning(s) Found"; ui_keys Enter
ui_wait "Confirm Install"; ui_cap | cmp -s - "$UI_DIR/confirm.first"
ok $? "going forward again with Enter only gives the same Confirm screen"
ui_keys Escape; ui_wait "Cancel the Installation?"; ui_keys F11
is "$(ui_exit_status)" 1 "cancel exits 1"
fixture_proc "$UI_DIR/proc"

# --- a disk holding ESXi: upgrade / keep / overwrite --------------------------
ui_start --log "$UI_DIR/install.log"
ui_install_stick
ui_wait "Installation Complete" 60; ok $? "an install onto the USB stick completes"
ui_same complete "the complete screen matches"
ui_keys Enter; ui_exit_status >/dev/null
log=$(cat "$UI_DIR/install.log" 2>/dev/null)
like "$log" "^[0-9-]+ [0-9:]+ Partitioning the disk" "--log records each step with a time"
like "$log" "Writing the boot configuration" "--log records the last step"
! grep -q "Stoat-2024x" "$UI_DIR/install.log"; ok $? "--log holds no password"
ui_start
ui_pick_disk Down
ui_wait "ESXi and/or VMFS Found"; ok $? "the installed stick offers the ESXi choices"
ui_same diskaction-esxi "the ESXi choice screen matches"
ui_keys Escape; ui_wait "Cancel the Installation?"; ok $? "Esc on ESXi and/or VMFS Found asks before cancelling"
ui_keys F11
is "$(ui_exit_status)" 1 "cancelling on ESXi and/or VMFS Found exits with status 1"
ui_stty_same; ok $? "the terminal is restored after cancelling on ESXi and/or VMFS Found"

# --- the Upgrade path on the installed stick ----------------------------------
sgdisk -p "$UI_DIR/usb.img" >"$UI_DIR/table.before" 2>&1
p5=$(sgdisk -i 5 "$UI_DIR/usb.img" | awk '/^First sector/ {print $3}')
p6=$(sgdisk -i 6 "$UI_DIR/usb.img" | awk '/^First sector/ {print $3}')
cfg5=$(mtype -i "$UI_DIR/usb.img@@$((p5 * 512))" ::boot.cfg 2>/dev/null)
ui_start
ui_pick_disk Down
ui_wait "ESXi and/or VMFS Found"
like "$(ui_cap)" "\(o\) Upgrade ESXi" "Upgrade is offered and chosen first"
ui_keys Enter
ui_wait "Warning(s) Found"; ok $? "Upgrade skips the keyboard and password screens (the host keeps them)"
ui_keys Enter
ui_wait "Confirm Upgrade"; ok $? "the confirm screen is for an upgrade"
like "$(ui_cap | tr -s ' \n' ' ')" "Bootbank 6 will be formatted .* active bootbank 5 .* kept" "it says what is written and what is kept"
like "$(ui_cap)" "\(F11\) Upgrade" "F11 upgrades"
ui_keys F11
ui_wait "Upgrade Complete" 60; ok $? "the upgrade completes"
like "$(ui_cap | tr -s ' \n' ' ')" "was upgraded to" "the Complete screen says upgraded"
ui_keys Enter; is "$(ui_exit_status)" 0 "and Enter leaves with 0"
sgdisk -p "$UI_DIR/usb.img" >"$UI_DIR/table.after" 2>&1
cmp -s "$UI_DIR/table.before" "$UI_DIR/table.after"; ok $? "sgdisk -p: the partition table is unchanged"
is "$(mtype -i "$UI_DIR/usb.img@@$((p5 * 512))" ::boot.cfg 2>/dev/null)" "$cfg5" "mtype: the active bank's boot.cfg is unchanged"
cfg6=$(mtype -i "$UI_DIR/usb.img@@$((p6 * 512))" ::boot.cfg 2>/dev/null)
like "$cfg6" "^bootstate=1$" "mtype: p6 boot.cfg has bootstate=1"
like "$cfg6" "^updated=2$" "and updated=2"
mdir -b -i "$UI_DIR/usb.img@@$((p6 * 512))" ::/ 2>/dev/null | grep -qi "s.v00"; ok $? "mdir: p6 holds the modules"

esc=$(printf '\033')
# --- colors: the installer scheme, --no-color, NO_COLOR, Ctrl-L ------------------
ui_start
ui_to_disks
sgr=$(T capture-pane -p -e -t w)
printf '%s' "$sgr" | grep -Eq "${esc}\[([0-9]+;)*43[;m]"; ok $? "the installer scheme draws the selected row on yellow"
printf '%s' "$sgr" | grep -Eq "${esc}\[([0-9]+;)*47[;m]"; ok $? "and the dialogs on light gray"
ui_cap >"$UI_DIR/before-redraw"
T send-keys -t w C-l; sleep 0.5
ui_cap | cmp -s - "$UI_DIR/before-redraw"; ok $? "Ctrl-L redraws the same screen"
ui_cancel
for how in --no-color NO_COLOR; do
	if [ $how = NO_COLOR ]; then NO_COLOR=1 ui_start; else ui_start --no-color; fi
	ui_to_disks
	sgr=$(T capture-pane -p -e -t w)
	! printf '%s' "$sgr" | grep -Eq "${esc}\[([0-9]+;)*[34][0-7][;m]"; ok $? "$how: no colors at all"
	printf '%s' "$sgr" | grep -Eq "${esc}\[([0-9]+;)*7[;m]"; ok $? "$how: the selected row is shown in reverse video"
	ui_cancel
done

# --- errors block: a real (loop) disk on a host with too little memory -----------
if ui_loop_disk; then
	loop=$UI_LOOP
	fixture_proc "$UI_DIR/proc" 2000000
	ui_start --disk "$loop"
	ui_to_disks; ui_keys Down Down Down; sleep 0.2; ui_keys F1
	ui_wait "Disk Details"; like "$(ui_cap)" "Path: $loop" "the loop device is listed as a disk"
	ui_keys Enter; sleep 0.2; ui_keys Enter
	ui_wait "Select a Keyboard Layout"; ui_keys Enter
	ui_set_password
	ui_wait "Error(s) Found"; ok $? "2 GB of memory is an error when installing to a disk of this machine"
	like "$(ui_cap)" "\(F9\) Back +\(F11\) Reboot" "errors offer only F9 back and F11 reboot"
	ui_keys Enter; sleep 0.5
	like "$(ui_cap)" "Error\(s\) Found" "Enter does not get past an error"
	ui_keys F9; ui_wait "Enter a Root Password"; ok $? "F9 goes back from the errors"
	ui_keys Enter; ui_wait "Error(s) Found"; ui_keys F11
	is "$(ui_exit_status)" 1 "F11 on errors leaves with status 1 (--no-reboot)"
	fixture_proc "$UI_DIR/proc"
else
	skip "errors block: needs root and a loop device"
fi

# --- Esc during the install stops safely between steps ---------------------------
rm -f "$UI_DIR/usb.img"; truncate -s 16G "$UI_DIR/usb.img"
ui_media --big $((160 << 20))
ui_start
ui_install_stick
ui_wait "Installing on"; ui_keys Escape
ui_wait "Stop the Installation?" 30; ok $? "Esc during the install asks whether to stop"
ui_keys F11
is "$(ui_exit_status 60)" 1 "stopping exits with status 1"
like "$(cat "$UI_DIR/stderr")" "stopped; the disk is not bootable" "and says the disk is not bootable"
mdir -b -i "$UI_DIR/usb.img@@$((8224 * 512))" ::/ 2>/dev/null | grep -qi "boot.cfg"
[ $? -ne 0 ]; ok $? "mdir: no boot.cfg was written to the bootbank"
ui_stty_same; ok $? "the terminal is restored after stopping"
ui_media

# --- 7.x media ------------------------------------------------------------------
rm -f "$UI_DIR/usb.img"; truncate -s 16G "$UI_DIR/usb.img"
ui_media --version 7.0.3-19193900
ui_start
ui_to_disks
like "$(ui_cap)" "7\.0" "the top line names the 7.x media"
ui_keys Down F3
ui_wait "not available"; ok $? "on 7.x media F3 says why legacy USB is not available"
like "$(ui_cap)" "\(F3\) Legacy USB: Off" "and the toggle stays off"
ui_keys Enter; ui_wait "Where Should ESX-OSData Go?"; ui_keys Enter
ui_wait "Select a Keyboard Layout"; ui_keys Enter
ui_set_password
ui_wait "Warning(s) Found"; like "$(ui_cap)" "degraded|RAM disk|lost" "7.x on flash warns about the degraded mode"
ui_keys Enter; ui_wait "Confirm Install"
like "$(ui_cap)" "Legacy USB: not available" "confirm shows legacy USB as not available"
like "$(ui_cap)" "Partition layout \(esxi7, flash device\)" "confirm shows the esxi7 flash layout"
ui_keys Escape; ui_wait "Cancel the Installation?"; ui_keys F11
is "$(ui_exit_status)" 1 "cancel exits 1"

# --- TERM coverage: start, license, disks, cancel; colors only where they exist --
# F-keys through the Esc - fallback: vt100 and vt220 have no F11. The raw
# output is piped from the pane after Ctrl-L, which repaints everything.
for t in vt100 vt220 xterm-256color screen screen-256color tmux-256color linux; do
	if ! infocmp "$t" >/dev/null 2>&1; then skip "TERM=$t: no terminfo here"; continue; fi
	rm -f "$UI_DIR/raw"
	UI_TERM=$t ui_start
	ui_wait "Press Enter to continue." 20 && T pipe-pane -t w "cat >>'$UI_DIR/raw'" &&
		T send-keys -t w C-l && ui_keys Enter && ui_wait "License Agreement" &&
		ui_keys Escape - && ui_wait "Storage Device"
	ok $? "TERM=$t: Welcome, license (Esc -) and the disk list are reached"
	scr=$(ui_cap)
	like "$scr" "^ ┌─" "TERM=$t: the dialog frame is drawn"
	like "$scr" "usb\.img" "TERM=$t: the disks are listed"
	ui_keys Escape; ui_wait "Cancel the Installation?"; ui_keys Escape -
	is "$(ui_exit_status)" 1 "TERM=$t: Esc cancels with status 1"
	ui_stty_same; ok $? "TERM=$t: the terminal settings are as before"
	T pipe-pane -t w 2>/dev/null
	if [ "$t" = vt100 ]; then
		[ -s "$UI_DIR/raw" ] && ! grep -Eq "${esc}\[([0-9]+;)*(3[0-9]|4[0-9]|38;5|48;5)[;m]" "$UI_DIR/raw"
		ok $? "TERM=vt100 (no colors): the raw output holds no color escape"
	elif [ "$t" = xterm-256color ]; then
		grep -Eq "${esc}\[([0-9]+;)*(3[0-9]|4[0-9])[;m]|${esc}\[[34]8;5;" "$UI_DIR/raw"
		ok $? "TERM=xterm-256color: the raw output does hold color escapes (the vt100 check can fail)"
	fi
done

# --- password hygiene: no copy of the typed password in the live process ------
# memcount PID: "UTF8 UTF32" counts of Stoat-2024x in its readable memory.
memcount() {
	python3 - "$1" <<-'PY'
	import sys
	pw = "Stoat-2024x"; u8 = pw.encode(); u32 = pw.encode("utf-32-le"); n8 = n32 = 0
	with open("/proc/%s/maps" % sys.argv[1]) as maps, open("/proc/%s/mem" % sys.argv[1], "rb", 0) as mem:
	    for line in maps:
	        addr, perm = line.split()[:2]
	        if "r" not in perm or "[vvar" in line or "[vsyscall" in line:
	            continue
	        s, e = (int(x, 16) for x in addr.split("-"))
	        try:
	            mem.seek(s); b = mem.read(e - s)
	        except (OSError, ValueError, OverflowError):
	            continue
	        n8 += b.count(u8); n32 += b.count(u32)
	print(n8, n32)
	PY
}
# An AddressSanitizer build maps terabytes of shadow memory and keeps freed
# blocks in quarantine: the scan is meant for the program as shipped.
if ldd "$STOAT" 2>/dev/null | grep -q libasan; then
	skip "the memory scan runs on the normal build, not under ASan (shadow maps, quarantine)"
	skip "the memory scan runs on the normal build, not under ASan"
	skip "the memory scan runs on the normal build, not under ASan"
else
	ui_start --dry-run
	ui_pick_disk Down
	ui_past_osdata; ui_keys Enter
	ui_type_password
	pid=$(ui_pid)
	c=$(memcount "$pid"); [ "${c%% *}" -gt 0 ]
	ok $? "while typed, the scan finds the password in memory (the scan works: $c)"
	ui_keys Enter; ui_wait "Warning(s) Found"
	is "$(memcount "$pid")" "0 0" "after the password screen: no UTF-8 or 32-bit copy of the password"
	ui_keys Enter; ui_wait "Confirm Install"
	is "$(memcount "$pid")" "0 0" "on Confirm (after hashing): still no copy"
	ui_cancel
fi

# --- password hygiene: no child gets the password in argv or environment ------
if command -v strace >/dev/null 2>&1; then
	real=$STOAT
	printf '#!/bin/sh\nexec strace -f -e trace=execve -s 4096 -v -o "%s" "%s" "$@"\n' \
		"$UI_DIR/strace.out" "$real" >"$UI_DIR/stoat-strace"
	chmod +x "$UI_DIR/stoat-strace"
	rm -f "$UI_DIR/usb.img"; truncate -s 16G "$UI_DIR/usb.img"
	STOAT=$UI_DIR/stoat-strace ui_start
	ui_install_stick
	ui_wait "Installation Complete" 120; ok $? "an install under strace completes"
	ui_keys Enter; ui_exit_status 30 >/dev/null
	STOAT=$real
	n=$(grep -c 'execve(' "$UI_DIR/strace.out" 2>/dev/null)
	[ "${n:-0}" -gt 1 ]; ok $? "strace saw the install's child programs ($n execve calls)"
	! grep -q "Stoat-2024x" "$UI_DIR/strace.out"; ok $? "no child's argv or environment holds the password"
else
	skip "strace is not installed"
fi

# --- media without safeboot: refused on the disk list, unless --allow-no-uefi
ui_media --kit-in none || skip_all "cannot build fixture media without the boot kit"
rm -f "$UI_DIR/disk.img"; truncate -s 40G "$UI_DIR/disk.img"
before=$(img_sum "$UI_DIR/disk.img")
ui_start
ui_pick_disk
ui_wait "Install Media Cannot Be Used" 20; ok $? "media without safeboot: choosing a disk says the media cannot be used"
scr=$(ui_cap | tr -s ' \n│' '   ')
like "$scr" "an installed disk would not boot by UEFI: not found in" "with the reason"
like "$scr" "\(UEFI\); give --allow-no-uefi to install one anyway" "and the option"
ui_keys Enter; ui_wait "Select a Disk to Install or Upgrade"; ok $? "Enter goes back to the disk list"
ui_cancel
is "$(img_sum "$UI_DIR/disk.img")" "$before" "sparse.py: the disk image is untouched"
ui_start --allow-no-uefi
ui_pick_disk
ui_wait "Select a Keyboard Layout"; ui_keys Enter
ui_set_password
ui_wait "Confirm Install" 20; ok $? "with --allow-no-uefi Confirm Install comes"
ui_same confirm-nouefi "it says UEFI and BIOS boot are not set up and why, and the rest still fits"
ui_cancel
is "$(img_sum "$UI_DIR/disk.img")" "$before" "the disk image is untouched after cancelling"

# --- --demo: its own media and disks, cached in a private XDG_CACHE_HOME ------
XDG_CACHE_HOME=$UI_DIR/cache; export XDG_CACHE_HOME
ui_start --demo
ui_wait "Press Enter to continue." 60; ok $? "stoat --demo shows the Welcome screen"
ui_keys Enter; ui_wait "License Agreement"; ui_keys F11; ui_wait "Storage Device"
scr=$(ui_cap)
like "$scr" "local-40g\.img" "the demo disk list shows the 40 GiB demo disk"
like "$scr" "usb-stick-16g\.img" "and the demo USB stick"
like "$scr" "sd-card-8g\.img" "and the demo SD card"
[ -f "$XDG_CACHE_HOME/stoat/demo/usb-stick-16g.img" ]; ok $? "the demo files are made under XDG_CACHE_HOME/stoat/demo"
# The sample media carry no boot loader: the demo installs without one.
ui_keys Enter; ui_wait "Select a Keyboard Layout"; ui_keys Enter
ui_set_password
ui_wait "Confirm Install" 20; ok $? "the demo reaches Confirm Install on the 40 GiB demo disk"
scr=$(ui_cap)
like "$scr" "UEFI boot: not set up: " "and says its disk gets no UEFI boot loader"
like "$scr" "BIOS boot: not set up: " "nor a BIOS one"
ui_keys Escape; ui_wait "Cancel the Installation?"; ui_keys F11
is "$(ui_exit_status)" 1 "cancelling the demo exits 1"
unset XDG_CACHE_HOME

done_testing
