#!/bin/bash
# ksrun.sh - what `stoat install --kickstart` does around the executor, on
# image files: the headless progress rate (lines time-stamped by a python3
# reader) and plain output without a terminal.
. "$top_srcdir/tests/integration/install_lib.sh"

T=$TAP_TMP
LT="$top_srcdir/tests/tools/linetimes.py"
# A fixture /proc (16 GB, vmx), so the prerequisite checks do not depend on
# the machine running the tests.
mkdir -p "$T/proc"
printf 'MemTotal:       16384000 kB\n' >"$T/proc/meminfo"
printf 'processor\t: 0\nflags\t\t: fpu vme de pse tsc msr pae vmx sse sse2\n' >"$T/proc/cpuinfo"
export STOAT_PROC=$T/proc

"$MKMEDIA" --big $((200 << 20)) "$T/big.iso" || skip_all "cannot build the fixture media"

# --- progress: percentage lines at least a second apart --------------------
truncate -s 16G "$T/p.img"
write_ks "$T/p.ks" "--firstdisk"
python3 "$LT" "$T/p.times" "$STOAT" install --kickstart "$T/p.ks" --media "$T/big.iso" \
	--disk "$T/p.img:disk" --only-listed-disks 2>"$T/p.err"
rc=$?
is "$rc" 0 "an install with a 200 MiB module exits 0"
[ $rc = 0 ] || sed "s/^/#   /" "$T/p.err"
pct=$(grep -cP '\t *[0-9]+%$' "$T/p.times")
ok $([ "$pct" -ge 3 ]; echo $?) "it prints $pct percentage lines (at least 3)"
# Every gap between percentage lines, except the one before the final
# 100% (always printed), is at least a second; 0.95 allows for the reader.
gaps=$(awk -F'\t' '$2 ~ /^ *[0-9]+%$/ { if (n++) printf "%s%.3f", (n > 2 ? " " : ""), $1 - last; last = $1; pl = $2 }' "$T/p.times")
short=$(awk -F'\t' '$2 ~ /^ *[0-9]+%$/ { if (n++ && $2 !~ /^100%$/ && $1 - last < 0.95) bad++; last = $1 } END { print bad + 0 }' "$T/p.times")
is "$short" 0 "no two percentage lines come less than a second apart (gaps: $gaps)"
like "$(cut -f2 "$T/p.times")" '^100%$' "the last percentage line is 100%"
ctl=$(cut -f2- "$T/p.times" | tr -d '\n' | LC_ALL=C tr -d '[:print:]' | wc -c)
is "$ctl" 0 "stdout holds no control characters (no \\r, no escapes) when it is not a terminal"

done_testing
