#!/bin/sh
# demo.sh - `stoat --demo` says where its sample media and disk images
# live, before the wizard and after it, and `stoat --demo --reset` makes
# them afresh: what an install wrote is gone, the user's own files stay.
# Without a terminal the wizard stops at once (exit 1), after the demo
# files are made, so no tmux is needed here; tests/ui/demo.sh looks at
# the same lines on a terminal.
. "$top_srcdir/tests/lib/tap.sh"

T=$TAP_TMP
XDG_CACHE_HOME=$T/cache; export XDG_CACHE_HOME
dir=$T/cache/stoat/demo
run() { LC_ALL=C.UTF-8 LANGUAGE= "$STOAT" "$@" </dev/null 2>"$T/err"; }

out=$(run --demo); rc=$?
is "$rc" 1 "--demo without a terminal: the wizard cannot start, exit 1"
is "$(printf '%s\n' "$out" | head -1)" "Demo: the sample media and disk images are in $dir." \
	"the first line says where the demo files are"
is "$(printf '%s\n' "$out" | tail -1)" "Demo: the disk images stay in $dir; stoat --demo --reset makes them afresh." \
	"the last line says where the disk images stay and how to start afresh"
like "$(cat "$T/err")" "^stoat: the wizard needs a terminal" "the wizard's own message is on stderr"
for f in esxi-6.7.0-demo-1.iso local-40g.img usb-stick-16g.img sd-card-8g.img small-512m.img; do
	[ -s "$dir/$f" ]; ok $? "$f is in that folder"
done

# An install wrote to a demo disk: a second run keeps it, --reset does not.
printf 'ESXi was here' | dd of="$dir/local-40g.img" bs=1M seek=64 conv=notrunc status=none
echo mine >"$dir/notes.txt"
run --demo >/dev/null
is "$(dd if="$dir/local-40g.img" bs=1M skip=64 count=1 status=none | head -c 13)" "ESXi was here" \
	"a second --demo keeps what was installed on the disk images"
out=$(run --demo --reset); rc=$?
is "$rc" 1 "--demo --reset without a terminal: exit 1 from the wizard"
is "$(printf '%s\n' "$out" | head -1)" "Demo: the sample media and disk images in $dir were made afresh." \
	"--reset says the files were made afresh, and where"
cmp -s -n 128M "$dir/local-40g.img" /dev/zero; ok $? "the disk image holds zeros again (read with cmp)"
is "$(stat -c %s "$dir/local-40g.img")" 42949672960 "at its full 40 GiB"
is "$(du -k "$dir/local-40g.img" | cut -f1)" 0 "and sparse"
[ -s "$dir/esxi-6.7.0-demo-1.iso" ]; ok $? "the sample media is there again"
is "$(cat "$dir/notes.txt")" mine "a file of the user's own in the folder is left alone"

# --reset is for --demo only.
err=$("$STOAT" --reset 2>&1); rc=$?
is "$rc" 2 "--reset without --demo is a usage error"
is "$err" "stoat: --reset goes with --demo only" "and says so"
err=$("$STOAT" --demo --reset list-disks 2>&1); rc=$?
is "$rc" 2 "--demo --reset with a command is one too"

# HOME when XDG_CACHE_HOME is not set; the lines in another language.
out=$(env -u XDG_CACHE_HOME HOME="$T/home" LC_ALL=C.UTF-8 LANGUAGE= "$STOAT" --lang it --demo </dev/null 2>/dev/null)
is "$(printf '%s\n' "$out" | head -1)" \
	"Demo: il supporto di esempio e le immagini disco sono in $T/home/.cache/stoat/demo." \
	"without XDG_CACHE_HOME the folder is ~/.cache/stoat/demo, said in Italian with --lang it"

done_testing
