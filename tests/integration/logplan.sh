#!/bin/bash
# logplan.sh - `stoat install --kickstart --log FILE` names the plan before
# the first step, one line each (disk, media, version, layout, action,
# what is written and kept, every choice), and has exactly one line that
# says complete; the same for an upgrade. Image files only.
. "$top_srcdir/tests/integration/install_lib.sh"

T=$TAP_TMP
"$MKMEDIA" --eula --version 6.7.0-8169922 "$T/m.iso" >/dev/null 2>&1 || skip_all "cannot build the fixture media"

# body LOG: the log without its time stamps.
body() { sed 's/^[0-9-]* [0-9:]* //' "$1"; }

# --- an install onto a 40 GiB image file ----------------------------------
truncate -s 40G "$T/disk.img"
write_ks "$T/ks" "--firstdisk --overwritevmfs" "keyboard German"
"$STOAT" install --kickstart "$T/ks" --media "$T/m.iso" --disk "$T/disk.img:disk" \
	--only-listed-disks --log "$T/install.log" </dev/null >"$T/out" 2>"$T/err"
installed "the install with --log exits 0"
log=$(body "$T/install.log")
like "$log" "^Disk: $T/disk\.img \(disk\.img, 40\.00 GiB, file\)$" "--log names the disk, its size and transport"
like "$log" "^Media: $T/m\.iso \(VMware ESXi 6\.7\.0\)$" "--log names the media"
like "$log" "^Version: 6\.7\.0-8169922 \(from " "--log names the version and where it comes from"
like "$log" "^Layout: esxi6$" "--log names the layout"
like "$log" "^Action: install, overwriting the VMFS datastore$" "--log names the action"
like "$log" "^Written: p1 boot loader, p5 bootbank, p6 altbootbank, p8 locker, p2 scratch$" "--log says what is written"
like "$log" "^Created by ESXi at its first boot: p3 VMFS datastore$" "--log says ESXi creates the datastore at first boot"
like "$log" "^Keyboard: German$" "--log names the keyboard"
like "$log" "^Root password: set \(only its hash is written\)$" "--log says a password is set"
like "$log" "^Network: ESXi's default \(DHCP\)$" "--log names the network"
like "$log" "^Legacy USB: Off$" "--log names the legacy USB choice"
like "$log" "^Boot options: no-auto-partition" "--log names the boot options"
like "$log" "^Firmware boot entry: none \(an image file or loop device\)$" "--log names the firmware boot entry"
! grep -q "$PW" "$T/install.log"; ok $? "--log holds no password"
is "$(grep -ci complete "$T/install.log")" 1 "--log has exactly one line that says complete"
plan=$(grep -n '^[0-9-]* [0-9:]* Disk: ' "$T/install.log" | cut -d: -f1)
step=$(grep -n '\[1/9\]' "$T/install.log" | cut -d: -f1)
[ -n "$plan" ] && [ -n "$step" ] && [ "$plan" -lt "$step" ]; ok $? "the plan is logged before the first step"
is "$(body "$T/install.log" | sort | uniq -d)" "" "no line is logged twice"
kopt=$(mtype -i "$T/disk.img@@$(($(part_first "$T/disk.img" 5) * 512))" ::boot.cfg 2>/dev/null | sed -n 's/^kernelopt=//p')
like "$log" "^Boot options: $kopt$" "the logged boot options are those mtype reads in the installed boot.cfg"

# --- an upgrade of it -------------------------------------------------------
ks_file "$T/ksu" "upgrade --firstdisk"
"$STOAT" install --kickstart "$T/ksu" --media "$T/m.iso" --disk "$T/disk.img:disk" \
	--only-listed-disks --log "$T/upgrade.log" </dev/null >"$T/out" 2>"$T/err"
installed "the upgrade with --log exits 0"
log=$(body "$T/upgrade.log")
like "$log" "^Action: upgrade; bootbank 6 is written, the active bootbank 5 \(build 6\.7\.0-8169922\) is kept$" \
	"--log names the upgrade and its banks"
like "$log" "^Kept as it is: p1 boot loader, p5 " "--log says what the upgrade keeps"
like "$log" "^Keyboard, root password and network: the host's own, kept$" "--log says the host keeps its settings"
! printf '%s\n' "$log" | grep -q "^Keyboard: "; ok $? "and names no keyboard the upgrade does not apply"
like "$log" "^Boot options: $kopt$" "--log names the host's boot options, which the upgrade keeps"
is "$(grep -ci complete "$T/upgrade.log")" 1 "--log has exactly one line that says complete"

done_testing
