#!/bin/sh
# plan.sh - `stoat plan` as a user runs it: the REFERENCE.md tables through
# the command line, options passed through, warnings on stderr only, exit
# statuses and one-line errors.
. "$top_srcdir/tests/lib/tap.sh"

T=$TAP_TMP

out=$("$STOAT" plan --size 17179869184 2>"$T/err"); rc=$?
is "$rc" 0 "16 GiB: exit 0"
is "$(printf '%s\n' "$out" | sed -n 2p)" "2088 255 63 33554432" "16 GiB: the geometry line of the real table"
is "$(printf '%s\n' "$out" | sed -n '$p')" "3 15472640 33554398 AA31E02A400F11DB9590000C2911D1B8 vmfs 0" \
	"16 GiB: the default profile is esxi6, p3 ends at TOTAL - 34"
is "$(printf '%s\n' "$out" | awk 'NR > 2 { printf "%s ", $1 }')" "1 5 6 7 8 9 2 3 " "16 GiB: partitions in 1,5,6,7,8,9,2,3 order"
is "$(cat "$T/err")" "" "16 GiB: nothing on stderr"

out=$("$STOAT" plan --size 16G --novmfsondisk 2>/dev/null)
is "$(printf '%s\n' "$out" | awk 'NR > 2 { printf "%s ", $1 }')" "1 5 6 7 8 9 2 " "--novmfsondisk drops p3"

out=$("$STOAT" plan --size 2G 2>/dev/null)
is "$(printf '%s\n' "$out" | awk 'NR > 2 { printf "%s ", $1 }')" "1 5 6 7 8 " "2 GiB: 1,5,6,7,8 only"

out=$("$STOAT" plan --size $((30842880 * 512)) --flash 2>/dev/null)
is "$(printf '%s\n' "$out" | sed -n 2p)" "1919 255 63 30842880" "USB stick: the geometry line of the real table"
is "$(printf '%s\n' "$out" | awk 'NR > 2 { printf "%s ", $1 }')" "1 5 6 7 8 9 " "USB stick: 1,5,6,7,8,9"

out=$("$STOAT" plan --size 10G --layout esxi7 2>/dev/null)
is "$(printf '%s\n' "$out" | sed -n '3,$p' | awk '{ print $1, $2, $3, $5 }' | tr '\n' ';')" \
	"1 64 204863 systemPartition;5 208896 2306047 linuxNative;6 2308096 4405247 linuxNative;7 4407296 20971486 vmfsl;" \
	"10 GiB esxi7: the real table"
out=$("$STOAT" plan --size 500G --layout esxi7 2>/dev/null)
is "$(printf '%s\n' "$out" | sed -n '4,$p' | awk '{ print $1, $2, $3 }' | tr '\n' ';')" \
	"5 208896 8595455;6 8597504 16984063;7 16986112 268435455;8 268437504 1048575966;" \
	"large esxi7 disk: the real table"
out=$("$STOAT" plan --size 500G --layout esxi7 --system-media-size max 2>/dev/null)
is "$(printf '%s\n' "$out" | awk 'NR > 2 { printf "%s ", $1 }')" "1 5 6 7 " "--system-media-size max: no datastore"

out=$("$STOAT" plan --size 4G --sector-size 4096 2>/dev/null)
is "$(printf '%s\n' "$out" | sed -n 3p)" "1 8 1023 C12A7328F81F11D2BA4B00A0C93EC93B systemPartition 128" \
	"--sector-size 4096: p1 at the same bytes (8-1023)"

out=$("$STOAT" plan --size 16G --layout esxi7 --flash 2>"$T/err"); rc=$?
is "$rc" 0 "esxi7 flash: exit 0"
is "$(printf '%s\n' "$out" | awk 'NR > 2 { printf "%s ", $1 }')" "1 5 6 " "esxi7 flash: 1,5,6"
like "$(cat "$T/err")" "^stoat: warning: .*RAM" "esxi7 flash: the RAM warning is on stderr"
is "$(wc -l <"$T/err")" 1 "esxi7 flash: one warning line"

err=$("$STOAT" plan --size 900M 2>&1 >/dev/null); rc=$?
is "$rc" 1 "900 MiB: refused with exit 1"
like "$err" "^stoat: .*910 MiB" "900 MiB: the message names the 910 MiB minimum"
is "$(printf '%s\n' "$err" | wc -l)" 1 "900 MiB: one line"

"$STOAT" plan >/dev/null 2>&1; is $? 2 "plan without --size or --disk: usage error"
"$STOAT" plan --size 16G --disk "$T/x.img" >/dev/null 2>&1; is $? 2 "--size and --disk together: usage error"
"$STOAT" plan --size 16G extra >/dev/null 2>&1; is $? 2 "a stray operand: usage error"
"$STOAT" plan --disk "$T/none.img" >/dev/null 2>&1; is $? 1 "--disk on a missing file: exit 1"
err=$("$STOAT" plan --size 16G --media "$T/none.iso" 2>&1); rc=$?
is "$rc" 1 "an unreadable --media: exit 1"
like "$err" "^stoat: .*--layout" "and the message suggests --layout"

truncate -s $((30842880 * 512)) "$T/stick.img"
out=$("$STOAT" plan --disk "$T/stick.img:usb" 2>/dev/null); rc=$?
is "$rc" 0 "--disk FILE:usb: exit 0"
is "$(printf '%s\n' "$out" | sed -n 2p)" "1919 255 63 30842880" "--disk FILE:usb: size from the file"
is "$(printf '%s\n' "$out" | awk 'NR > 2 { printf "%s ", $1 }')" "1 5 6 7 8 9 " "--disk FILE:usb: the flash layout"
out=$("$STOAT" plan --disk "$T/stick.img" 2>/dev/null)
is "$(printf '%s\n' "$out" | awk 'NR > 2 { printf "%s ", $1 }')" "1 5 6 7 8 9 2 3 " "--disk FILE: a disk layout"

done_testing
