#!/bin/sh
# cli.sh - the command line contract: --help, --version, usage errors.
. "$top_srcdir/tests/lib/tap.sh"

help=$("$STOAT" --help); ok $? "--help exits 0"
for opt in --media --disk --only-listed-disks --layout --legacy-usb --dry-run \
	--no-reboot --no-color --lang --log --demo --json --all --size \
	--sector-size --flash --system-media-size --novmfsondisk --kickstart \
	--yes --no-verify --used --help --version; do
	like "$help" "^  $opt( |\$)" "--help documents $opt"
done
for cmd in list-disks plan install flash backup; do
	like "$help" "stoat $cmd" "--help shows the $cmd synopsis"
done

ver=$("$STOAT" --version); ok $? "--version exits 0"
like "$ver" '^stoat [0-9]+\.[0-9]+' "--version prints the version"

err=$("$STOAT" --bogus 2>&1); rc=$?
is "$rc" 2 "an unknown option exits 2"
like "$err" "^stoat: .*--bogus" "the error names the option, prefixed 'stoat: '"

err=$("$STOAT" --media 2>&1); rc=$?
is "$rc" 2 "an option without its value exits 2"
is "$err" "stoat: option '--media' is not known or lacks its value; see 'stoat --help'" \
	"the error names the option as typed"

err=$("$STOAT" frobnicate 2>&1); rc=$?
is "$rc" 2 "an unknown command exits 2"
like "$err" "^stoat: unknown command 'frobnicate'" "the error names the command"

err=$("$STOAT" plan --layout esxi9 2>&1); rc=$?
is "$rc" 2 "a bad --layout exits 2"
like "$err" "^stoat: --layout takes esxi6 or esxi7" "and says what it takes"

err=$("$STOAT" plan --size 12Q 2>&1); rc=$?
is "$rc" 2 "a bad --size exits 2"
is "$(printf '%s\n' "$err" | wc -l)" 1 "usage errors are one line"

done_testing
