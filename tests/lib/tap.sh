# tap.sh - TAP helpers and scratch-space handling for the shell tests.
#
# Source it, then call ok/is/skip; end with done_testing. Loop devices
# attached with tap_loop are detached on exit, whatever happens.

set -u
: "${STOAT:?run through make check (STOAT is unset)}"
: "${top_srcdir:?}"
TAP_N=0
TAP_FAILED=0
TAP_TMP=$(mktemp -d "${TMPDIR:-/tmp}/stoat-test.XXXXXX")
# The suite runs as root on a real machine: should stoat ever decide to
# reboot where it must not, it runs this instead of /sbin/reboot (and exits
# 1, which fails the test) rather than rebooting the machine.
export STOAT_REBOOT=${STOAT_REBOOT:-/bin/false}

# Loops are recorded in a file, not a variable: tap_loop usually runs in a
# $(...) subshell, whose variables die with it. Each line is "DEVICE FILE".
TAP_LOOPS_FILE=$TAP_TMP/.loops

# Detach each recorded loop once, and only while it is still backed by the
# file this script attached: other suites attach loop devices at the same
# time, and a number freed here may already be theirs (detaching it twice
# once emptied another suite's device under its feet).
tap_cleanup() {
	local l f
	sort -u "$TAP_LOOPS_FILE" 2>/dev/null | while read -r l f; do
		[ "$(losetup -n -O BACK-FILE "$l" 2>/dev/null)" = "$f" ] || continue
		blockdev --setrw "$l" 2>/dev/null
		losetup -d "$l" 2>/dev/null
	done
	rm -rf "$TAP_TMP"
}
trap tap_cleanup EXIT

# ok COND-EXIT-STATUS DESCRIPTION: use as `cmd; ok $? "desc"`
ok() {
	TAP_N=$((TAP_N + 1))
	if [ "$1" -eq 0 ]; then
		echo "ok $TAP_N - $2"
	else
		echo "not ok $TAP_N - $2"
		TAP_FAILED=$((TAP_FAILED + 1))
	fi
}

# is GOT WANT DESCRIPTION
is() {
	if [ "$1" = "$2" ]; then ok 0 "$3"; else
		ok 1 "$3"
		printf '%s\n' "#   got:  $1" "#   want: $2"
	fi
}

# like TEXT PATTERN(grep -E) DESCRIPTION
like() {
	if printf '%s\n' "$1" | grep -Eq -- "$2"; then ok 0 "$3"; else
		ok 1 "$3"
		printf '%s\n' "$1" | sed 's/^/#   /' | head -20
		echo "#   wanted match: $2"
	fi
}

skip() {
	TAP_N=$((TAP_N + 1))
	echo "ok $TAP_N # SKIP $1"
}

# skip_all REASON: the whole script cannot run here.
skip_all() {
	echo "1..0 # SKIP $1"
	exit 0
}

# need_root_loop: skip the script unless loop devices can be attached.
need_root_loop() {
	[ "$(id -u)" = 0 ] || skip_all "needs root for loop devices"
	command -v losetup >/dev/null || skip_all "losetup is missing"
	local f="$TAP_TMP/.probe" l
	truncate -s 1M "$f"
	l=$(losetup -f --show "$f" 2>/dev/null) || skip_all "cannot attach a loop device here"
	losetup -d "$l"
	rm -f "$f"
}

# tap_record DEVICE FILE: detach DEVICE at exit if FILE still backs it.
tap_record() {
	echo "$1 $(realpath "$2")" >>"$TAP_LOOPS_FILE"
}

# tap_loop FILE [losetup options]: attach FILE with partition scanning,
# print the device; it is detached at exit.
tap_loop() {
	local f=$1 l
	shift
	l=$(losetup -f --show -P "$@" "$f") || return 1
	tap_record "$l" "$f"
	echo "$l"
}

# tap_relay FILE: count the "ok - DESC" and "not ok - DESC" lines of FILE
# (an expect script's results) as results of this script; any other line
# becomes a comment.
tap_relay() {
	local line
	while IFS= read -r line; do
		case $line in
		"ok - "*) ok 0 "${line#ok - }" ;;
		"not ok - "*) ok 1 "${line#not ok - }" ;;
		*) echo "# $line" ;;
		esac
	done <"$1"
}

done_testing() {
	echo "1..$TAP_N"
	[ "$TAP_FAILED" -eq 0 ]
}
