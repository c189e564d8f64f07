#!/bin/bash
# ksrun.sh - what `stoat install --kickstart` does around the executor, on
# image files: the headless progress rate (lines time-stamped by a python3
# reader) and plain output without a terminal; %pre and %post scripts
# (checked through the files they write, sgdisk, strace and the image's
# bytes); the dryrun command.
. "$top_srcdir/tests/integration/install_lib.sh"

T=$TAP_TMP
LT="$top_srcdir/tests/tools/linetimes.py"
# install_lib.sh exported STOAT_PROC: a fixture /proc of 16 GB with vmx.

"$MKMEDIA" "$T/m.iso" || skip_all "cannot build the fixture media"
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
# How many depends on the machine's speed (an idle one writes 200 MiB in
# about 2 s): at least two, so that there is a gap to check below.
ok $([ "$pct" -ge 2 ]; echo $?) "it prints $pct percentage lines (at least 2)"
# Every gap between percentage lines, except the one before the final
# 100% (always printed), is at least a second; 0.95 allows for the reader.
gaps=$(awk -F'\t' '$2 ~ /^ *[0-9]+%$/ { if (n++) printf "%s%.3f", (n > 2 ? " " : ""), $1 - last; last = $1; pl = $2 }' "$T/p.times")
short=$(awk -F'\t' '$2 ~ /^ *[0-9]+%$/ { if (n++ && $2 !~ /^100%$/ && $1 - last < 0.95) bad++; last = $1 } END { print bad + 0 }' "$T/p.times")
is "$short" 0 "no two percentage lines come less than a second apart (gaps: $gaps)"
like "$(cut -f2 "$T/p.times")" '^100%$' "the last percentage line is 100%"
ctl=$(cut -f2- "$T/p.times" | tr -d '\n' | LC_ALL=C tr -d '[:print:]' | wc -c)
is "$ctl" 0 "stdout holds no control characters (no \\r, no escapes) when it is not a terminal"

# A target image with a table and some data, for the "nothing written" checks.
img=$T/t.img
fixture_disk "$img" 4G 'stoat ksrun test data'
before=$(img_sum "$img")
run() { "$STOAT" install --kickstart "$1" --media "$T/m.iso" --disk "$img:disk" --only-listed-disks --no-reboot "${@:2}"; }

# --- %pre and %post ---------------------------------------------------------
write_ks "$T/s.ks" "--firstdisk --overwritevmfs" \
	"%pre --interpreter=busybox" "echo \"pre sees \$STOAT_DISK\" >'$T/pre.out'" "echo said by pre" \
	"%post --interpreter=python" "import os, subprocess" \
	"open('$T/post.tbl', 'w').write(subprocess.run(['sgdisk', '-p', os.environ['STOAT_DISK']], capture_output=True, text=True).stdout)" \
	"print('post saw', os.environ['STOAT_DISK'])"
"$STOAT" install --kickstart "$T/s.ks" --media "$T/m.iso" --disk "$img:disk" --only-listed-disks \
	--dry-run >"$T/dry.out" 2>&1
is "$?" 0 "--dry-run with %pre and %post exits 0"
like "$(cat "$T/dry.out")" '^before: the %pre script at .*s\.ks:4 would run \(busybox, timeout 600 s\)$' "and lists the %pre script with its line"
like "$(cat "$T/dry.out")" '^after: the %post script at .*s\.ks:7 would run \(python, timeout 600 s\)$' "and the %post script"
ok $([ ! -e "$T/pre.out" ]; echo $?) "but runs neither"
out=$("$STOAT" --kickstart-check "$T/s.ks" 2>/dev/null)
like "$out" '^before: the %pre script' "--kickstart-check lists the scripts too"
is "$(img_sum "$img")" "$before" "the image is byte-identical after the dry run and the check"

run "$T/s.ks" --log "$T/s.log" >"$T/s.out" 2>"$T/s.err"
rc=$?
is "$rc" 0 "an install with %pre and %post exits 0"
[ $rc = 0 ] || sed 's/^/#   /' "$T/s.err"
# %pre runs first, as in ESXi: before the includes are read and before any
# disk is chosen, so STOAT_DISK is empty there.
is "$(cat "$T/pre.out" 2>/dev/null)" "pre sees " "%pre ran before any disk was chosen (STOAT_DISK empty; the file it wrote)"
like "$(cat "$T/s.out")" '^%pre: said by pre$' "its output reaches stdout prefixed with the section"
like "$(cat "$T/s.log")" '^[0-9-]+ [0-9:]+ %pre: said by pre$' "and the --log file"
ok $(sed -n '/^%pre: said by pre$/=' "$T/s.out" | awk -v i="$(grep -n '^\[1/9\]' "$T/s.out" | cut -d: -f1)" '{exit !($1 < i)}'; echo $?) "%pre ran before step 1"
like "$(cat "$T/post.tbl" 2>/dev/null)" '^ +5 +8224 +520191 ' "%post read the installed table of STOAT_DISK with sgdisk"
like "$(cat "$T/s.out")" "^%post: post saw $img\$" "%post's output is prefixed too"
ok $(! ls "${TMPDIR:-/tmp}"/stoat-script-* >/dev/null 2>&1; echo $?) "the temporary script files are removed"

# A failing %pre, a %pre past its timeout: exit 1, nothing written.
fixture_disk "$img" 4G
before=$(img_sum "$img")
write_ks "$T/f.ks" "--firstdisk --overwritevmfs" "%pre" "echo about to fail" "exit 3"
run "$T/f.ks" >/dev/null 2>"$T/f.err"
is "$?" 1 "a failing %pre stops stoat with exit 1"
like "$(cat "$T/f.err")" '^stoat: the %pre script at .*f\.ks:4 failed with exit status 3; nothing was written$' "the message names the section, its line and the status"
is "$(img_sum "$img")" "$before" "the image is byte-identical after the failing %pre"
write_ks "$T/t.ks" "--firstdisk --overwritevmfs" "%pre --timeout=2" "sleep 100 & echo \$! >'$T/sleep.pid'" "wait"
t0=$(date +%s)
err=$(run "$T/t.ks" 2>&1 >/dev/null)
t1=$(date +%s)
like "$err" '^stoat: the %pre script at .*t\.ks:4 did not finish within 2 seconds and was killed; nothing was written$' "a %pre past --timeout=2 is killed and named"
ok $([ $((t1 - t0)) -le 6 ]; echo $?) "within bounded time ($((t1 - t0)) s)"
pid=$(cat "$T/sleep.pid" 2>/dev/null)
# gone: no such process, or a zombie waiting for init (SIGKILL is async)
gone() { ! [ -e "/proc/$1" ] || [ "$(awk '{print $3}' "/proc/$1/stat" 2>/dev/null)" = Z ]; }
for i in 1 2 3 4 5 6 7 8 9 10; do gone "$pid" && break; sleep 0.2; done
ok $([ -n "$pid" ] && gone "$pid"; echo $?) "its sleep 100 (pid $pid) is gone: the process group was killed"
is "$(img_sum "$img")" "$before" "the image is byte-identical after the timeout"
write_ks "$T/i.ks" "--firstdisk --overwritevmfs" "%pre --ignorefailure=true" "exit 4" \
	"%post" "exit 5"
run "$T/i.ks" >/dev/null 2>"$T/i.err"
is "$?" 1 "a failing %post (after an ignored %pre failure) exits 1"
err=$(cat "$T/i.err")
like "$err" '^stoat: warning: the %pre script at .*i\.ks:4 failed with exit status 4; going on' "the ignored %pre failure is a warning"
like "$err" 'the %post script at .*i\.ks:6 failed with exit status 5; the installation itself is complete$' "the %post failure says the install is done"
ok $(sgdisk -p "$img" 2>/dev/null | grep -Eq '^ +5 '; echo $?) "and it is: sgdisk sees partition 5"

# The password in clear in the kickstart reaches no script's argv or environment.
write_ks "$T/pw.ks" "--firstdisk --overwritevmfs" "%pre" "true" "%post --interpreter=python" "pass"
ASAN_OPTIONS=${ASAN_OPTIONS:+$ASAN_OPTIONS:}detect_leaks=0 \
	strace -f -v -e trace=execve -s 4096 -o "$T/strace.log" "$STOAT" install --kickstart "$T/pw.ks" \
	--media "$T/m.iso" --disk "$img:disk" --only-listed-disks --no-reboot >/dev/null 2>&1
is "$?" 0 "the install with scripts under strace succeeds"
ok $(grep -q 'execve(.*stoat-script-.*STOAT_DISK=' "$T/strace.log"; echo $?) "control: strace saw the scripts start with STOAT_DISK"
grep -qF -- "$PW" "$T/strace.log"
is $? 1 "the password is in no argv or environment"

# --- the dryrun command in the file -----------------------------------------
before=$(img_sum "$img")
write_ks "$T/d.ks" "--firstdisk --overwritevmfs" "dryrun"
out=$(run "$T/d.ks" 2>/dev/null)
is "$?" 0 "a kickstart with dryrun exits 0"
like "$out" '^5 8224 520191 EBD0A0A2B9E5443387C068B6B72699C7 linuxNative 0$' "and prints the plan's table"
is "$(img_sum "$img")" "$before" "the image is byte-identical after dryrun"

# --- prerequisite checks: the wizard's system scan, headless -----------------
fixture_proc "$T/lowmem" 2000000
fixture_proc "$T/novt" 16384000 novt
write_ks "$T/q.ks" "--firstdisk --overwritevmfs"
# q_run PROC KS [options]: on a loop device, a disk of "this machine".
q_run() { STOAT_PROC=$1 "$STOAT" install --kickstart "$2" --media "$T/m.iso" --disk "$loop:disk" \
	--only-listed-disks --no-reboot "${@:3}" </dev/null; }
truncate -s 4G "$T/q.img"
if attach "$T/q.img"; then
	loop=$LOOP
	qbefore=$(img_sum "$T/q.img")
	q_run "$T/lowmem" "$T/q.ks" >/dev/null 2>"$T/q.err"
	is "$?" 1 "2 GB of memory, installing onto a disk of this machine: exit 1"
	like "$(cat "$T/q.err")" '^stoat: the system scan found an error: This machine has 2\.0 GB of memory; ESXi needs at least 4 GB to boot\. \(install --ignoreprereqerrors goes on anyway\)$' "with the wizard's text and the switch that passes it"
	is "$(img_sum "$T/q.img")" "$qbefore" "and nothing was written"
	write_ks "$T/qe.ks" "--firstdisk --overwritevmfs --ignoreprereqerrors"
	q_run "$T/lowmem" "$T/qe.ks" --dry-run >/dev/null 2>"$T/qe.err"
	is "$?" 0 "--ignoreprereqerrors lets it through"
	like "$(cat "$T/qe.err")" '^stoat: warning: This machine has 2\.0 GB .*passed by --ignoreprereqerrors' "and says so"
	q_run "$T/novt" "$T/q.ks" --dry-run >/dev/null 2>"$T/qv.err"
	is "$?" 0 "no VT-x/AMD-V is a warning, as in ESXi"
	like "$(cat "$T/qv.err")" '^stoat: warning: The CPU offers no hardware virtualization' "printed as a warning"
	write_ks "$T/qf.ks" "--firstdisk --overwritevmfs --forceunsupportedinstall"
	q_run "$T/novt" "$T/qf.ks" --dry-run >/dev/null 2>"$T/qf.err"
	is "$?" 0 "--forceunsupportedinstall lets the CPU through"
	like "$(cat "$T/qf.err")" '^stoat: warning: The CPU offers no hardware virtualization' "as a warning"
	# paranoid needs a file without warnings of its own: a hashed password.
	printf 'vmaccepteula\nrootpw --iscrypted %s\ninstall --firstdisk --overwritevmfs --forceunsupportedinstall\nnetwork --bootproto=dhcp\nparanoid\n' "$KS_HASH" >"$T/qp.ks"
	q_run "$T/novt" "$T/qp.ks" --dry-run >/dev/null 2>"$T/qp.err"
	is "$?" 1 "under paranoid that warning is an error"
	like "$(cat "$T/qp.err")" 'paranoid turns it into an error: The CPU .*--ignoreprereqwarnings' "naming --ignoreprereqwarnings"
	printf 'vmaccepteula\nrootpw --iscrypted %s\ninstall --firstdisk --overwritevmfs --forceunsupportedinstall --ignoreprereqwarnings\nnetwork --bootproto=dhcp\nparanoid\n' "$KS_HASH" >"$T/qw.ks"
	q_run "$T/novt" "$T/qw.ks" --dry-run >/dev/null 2>&1
	is "$?" 0 "paranoid with --ignoreprereqwarnings goes on"
	is "$(img_sum "$T/q.img")" "$qbefore" "the loop device's image is byte-identical after all of these"
else
	for i in 1 2 3 4 5 6 7 8 9 10 11 12; do skip "cannot attach a loop device"; done
fi
# A USB stick (an image file): the flash note, as the wizard shows it.
truncate -s 8G "$T/u.img"
STOAT_PROC=$T/novt "$STOAT" install --kickstart "$T/q.ks" --media "$T/m.iso" --disk "$T/u.img:usb" \
	--only-listed-disks --dry-run >/dev/null 2>"$T/u.err"
is "$?" 0 "onto an image file, host findings are only notes"
like "$(cat "$T/u.err")" '^stoat: warning: The target is a USB or SD flash device: it gets no scratch or datastore partition' "the flash note is printed headless"
like "$(cat "$T/u.err")" '^stoat: note: The CPU offers no hardware virtualization' "and the CPU one, as a note: the stick may be for another host"

# --- %pre writes a file that is %included (ESXi's order) ---------------------
# The most common real pattern: the password comes from a file %pre writes.
# A real install onto a loop device; --check and --dry-run, which run no
# %pre, note the include they cannot read instead of failing.
inc=$T/pre-inc
rm -rf "$inc"
printf 'vmaccepteula\n%%pre --interpreter=busybox\nmkdir -p %s\necho \047rootpw --iscrypted %s\047 >%s/rootpass\necho "install --firstdisk --overwritevmfs" >>%s/rootpass\n%%include %s/rootpass\n' \
	"$inc" "$KS_HASH" "$inc" "$inc" "$inc" >"$T/pi.ks"
out=$("$STOAT" --kickstart-check "$T/pi.ks" 2>&1)
is "$?" 0 "--kickstart-check of a file whose include %pre writes exits 0"
like "$out" "^stoat: note: .*pi\.ks:6: %include $inc/rootpass could not be read: No such file or directory" "and says which include it could not read and why"
like "$out" "no rootpw yet: it may be in an include" "and what may be missing because of it"
ok $([ ! -e "$inc" ]; echo $?) "--kickstart-check ran no %pre"
truncate -s 4G "$T/pi.img"
if attach "$T/pi.img"; then
	STOAT_PROC=$STOAT_PROC "$STOAT" install --kickstart "$T/pi.ks" --media "$T/m.iso" --disk "$LOOP:disk" \
		--only-listed-disks --no-reboot </dev/null >"$T/pi.out" 2>"$T/pi.err"
	rc=$?
	is "$rc" 0 "a real install whose rootpw and install lines come from the file %pre wrote exits 0"
	[ $rc = 0 ] || sed 's/^/#   /' "$T/pi.err" | head -5
	ok $(sgdisk -p "$LOOP" 2>/dev/null | grep -Eq '^ +5 '; echo $?) "sgdisk sees the bootbank partition 5 on the loop device"
	ok $(sed -n '/^Running the %pre script/=' "$T/pi.out" | awk -v i="$(grep -n '^\[1/9\]' "$T/pi.out" | cut -d: -f1)" '{exit !($1 < i)}'; echo $?) "%pre ran before step 1"
	ok $(mcopy -n -i "$(vol "$LOOP" 5)" ::onetime.tgz - 2>/dev/null | bsdtar -xOf - var/lib/vmware/firstboot/firstboot.json 2>/dev/null | grep -qF "$KS_HASH"; echo $?) \
		"the installed firstboot.json holds the hash from the included file"
else
	for i in 1 2 3 4; do skip "cannot attach a loop device"; done
fi
rm -rf "$inc"

# --- the end: reboot [--noeject], --no-reboot, no reboot command -------------
# The decision is read from the dry run's "then:" line (ks_end_plan's own
# cases, eject and --noeject, are in test_kickstart). The targets here are
# image files and loop devices, which start no machine: a reboot line in
# the file must never reboot this one.
end_line() { "$STOAT" install --kickstart "$1" --media "$T/m.iso" --disk "${3:-$img:disk}" \
	--only-listed-disks --dry-run ${2:+"$2"} </dev/null 2>/dev/null | grep '^then: '; }
write_ks "$T/r.ks" "--firstdisk --overwritevmfs" "reboot"
is "$(end_line "$T/r.ks")" "then: exit without rebooting: $img is an image file, which starts no machine until it is written to a device" \
	"reboot onto an image file: exit, and why"
write_ks "$T/rn.ks" "--firstdisk --overwritevmfs" "reboot --noeject"
is "$(end_line "$T/rn.ks" "" "$img:usb")" "then: exit without rebooting: $img is an image file, which starts no machine until it is written to a device" \
	"reboot --noeject onto an image file standing in for a USB stick: the same"
is "$(end_line "$T/r.ks" --no-reboot)" "then: exit without rebooting (--no-reboot)" "--no-reboot wins over reboot"
is "$(end_line "$T/d.ks")" "then: exit" "no reboot command, stdin not a terminal: just exit"
if command -v script >/dev/null; then
	out=$(script -qec "'$STOAT' install --kickstart '$T/d.ks' --media '$T/m.iso' --disk '$img:disk' --only-listed-disks --dry-run" /dev/null </dev/null 2>/dev/null | tr -d '\r' | grep '^then: ')
	is "$out" "then: wait for Enter, then exit" "no reboot command, stdin a terminal: wait for Enter"
else
	skip "script(1) is missing"
fi
out=$(run "$T/r.ks" </dev/null 2>&1)
is "$?" 0 "a real install with reboot and --no-reboot exits 0 (and this machine is still up)"
ok $(printf '%s\n' "$out" | grep -q '^Rebooting'; [ $? = 1 ]; echo $?) "without saying it reboots"
# Without --no-reboot: the file's reboot is not carried out for an image.
# STOAT_REBOOT points at a stand-in, so that a broken guard fails here
# instead of rebooting the machine that runs the suite.
printf '#!/bin/sh\necho rebooted >"%s"\n' "$T/rebooted" >"$T/reboot"
chmod +x "$T/reboot"
out=$(STOAT_REBOOT=$T/reboot "$STOAT" install --kickstart "$T/r.ks" --media "$T/m.iso" --disk "$img:disk" --only-listed-disks </dev/null 2>&1)
is "$?" 0 "a real install with reboot onto an image file exits 0 (and this machine is still up)"
like "$out" "Not rebooting: $img is an image file, which starts no machine until it is written to a device\." \
	"and says why it does not reboot"
ok $(printf '%s\n' "$out" | grep -q '^Rebooting'; [ $? = 1 ]; echo $?) "without saying it reboots"
ok $([ ! -e "$T/rebooted" ]; echo $?) "and without running the reboot program"
truncate -s 4G "$T/rl.img"
if attach "$T/rl.img"; then
	is "$(end_line "$T/r.ks" "" "$LOOP:disk")" "then: exit without rebooting: $LOOP is a loop device, which starts no machine until its file is written to a device" \
		"reboot onto a loop device: exit, and why"
else
	skip "cannot attach a loop device"
fi

done_testing
