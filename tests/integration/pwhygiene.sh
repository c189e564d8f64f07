#!/bin/bash
# pwhygiene.sh - an install with a known clear-text password (kickstart
# rootpw) leaves that password nowhere: not on stdout/stderr, not in the
# --log file, not on the target image (raw bytes, and every file on its FAT
# partitions with .tgz/.gz unpacked), and in no argv or environment of any
# child process (the install runs under strace -f -v -e trace=execve).
# Controls show each place is really looked at: the SHA-512 hash of the
# password is found in onetime.tgz and verifies with openssl, and strace
# saw the installer's children (mkfs.fat, mcopy, ...).
. "$top_srcdir/tests/lib/tap.sh"
. "$top_srcdir/tests/lib/fixtures.sh"

for t in python3 xorriso openssl sgdisk mcopy mdir bsdtar strace; do
	command -v "$t" >/dev/null || skip_all "$t is missing"
done
probe=$("$STOAT" install --kickstart /nonexistent 2>&1)
if printf '%s\n' "$probe" | grep -Eqi 'not (yet )?(built|implemented)|function not implemented'; then
	skip_all "stoat install is not built yet: $probe"
fi
export MTOOLSRC=/dev/null MTOOLS_SKIP_CHECK=1

T=$TAP_TMP
PW='Kn0wn-Hyg13ne-Pw'
"$top_srcdir/tests/hostile/mkhostile.sh" --base-only "$T/media" >"$T/list" ||
	skip_all "cannot build the test media (mkhostile.sh failed)"
media=$(awk '$1 == "base" {print $2}' "$T/list")
printf 'vmaccepteula\nrootpw %s\ninstall --firstdisk --overwritevmfs\n' "$PW" >"$T/ks"
truncate -s 1G "$T/target.img"

# found_in FILE: whether the password's bytes occur in FILE's data (holes
# are not read): 0 found, 1 not found, 2 unreadable; tests compare with 1.
found_in() { img_has "$1" "$PW"; }

log_opt=()
"$STOAT" --help 2>&1 | grep -q -- '--log' && log_opt=(--log "$T/install.log")
# LeakSanitizer cannot run under ptrace: off for this run of an ASan build.
ASAN_OPTIONS=${ASAN_OPTIONS:+$ASAN_OPTIONS:}detect_leaks=0 \
	strace -f -v -e trace=execve -s 4096 -o "$T/strace.log" \
	"$STOAT" install --kickstart "$T/ks" --media "$media" --disk "$T/target.img:disk" \
	--only-listed-disks "${log_opt[@]}" >"$T/stdout" 2>"$T/stderr"
rc=$?
is "$rc" 0 "the install under strace succeeds"
[ $rc = 0 ] || sed 's/^/#   /' "$T/stderr" | tail -5

# The clear text is in the kickstart file: the search itself works.
found_in "$T/ks"
ok $? "control: the search finds the password in the kickstart file"

found_in "$T/stdout"
is $? 1 "the password is not on stdout"
found_in "$T/stderr"
is $? 1 "the password is not on stderr"
if [ ${#log_opt[@]} -gt 0 ]; then
	ok $([ -s "$T/install.log" ]; echo $?) "the --log file was written"
	found_in "$T/install.log"
	is $? 1 "the password is not in the --log file"
else
	skip "stoat has no --log option yet"
	skip "stoat has no --log option yet"
fi

execs=$(grep -c 'execve(' "$T/strace.log")
children=$(grep 'execve(' "$T/strace.log" | grep -vc "execve(\"$STOAT\"")
ok $([ "$children" -gt 0 ]; echo $?) "control: strace saw $children child execve calls ($execs in all)"
ok $(grep -q 'execve(.*\[.*\], \[.*=' "$T/strace.log"; echo $?) "control: strace recorded the environments (-v)"
grep -qF -- "$PW" "$T/strace.log"
is $? 1 "the password is in no child's argv or environment"

found_in "$T/target.img"
is $? 1 "the password is nowhere in the target image's raw bytes"

# Every file on every FAT partition, with gzip'd tars unpacked.
mkdir -p "$T/files"
nfiles=0
for n in $(sgdisk -p "$T/target.img" 2>/dev/null | awk '/^ +[0-9]+ +[0-9]+ +[0-9]+/ {print $1}'); do
	first=$(sgdisk -i "$n" "$T/target.img" | awk '/^First sector/ {print $3}')
	v="$T/target.img@@$((first * 512))"
	mdir -i "$v" :: >/dev/null 2>&1 || continue	# not FAT (vmkDiagnostic, VMFS)
	mkdir -p "$T/files/p$n"
	mcopy -s -n -i "$v" ::/ "$T/files/p$n/" 2>/dev/null
done
while IFS= read -r -d '' f; do
	nfiles=$((nfiles + 1))
	case $f in
	*.tgz | *.tar.gz | *.tar)
		mkdir -p "$f.d" && bsdtar -xf "$f" -C "$f.d" 2>/dev/null ;;
	*.gz)
		gzip -dc "$f" >"$f.out" 2>/dev/null ;;
	esac
done < <(find "$T/files" -type f -print0)
ok $([ "$nfiles" -ge 5 ]; echo $?) "control: $nfiles files were copied off the target's FAT partitions"
grep -rqaF -- "$PW" "$T/files"
is $? 1 "the password is in no file on the target, unpacked or not"

hash=$(grep -rhaoE '\$6\$[^"$]+\$[./A-Za-z0-9]{86}' "$T/files" | head -1)
ok $([ -n "$hash" ]; echo $?) "control: a SHA-512 hash is in the target's files"
salt=$(printf '%s' "$hash" | cut -d'$' -f3)
is "$(openssl passwd -6 -salt "$salt" "$PW")" "$hash" "control: openssl makes the same hash from the password"

done_testing
