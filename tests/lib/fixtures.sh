# fixtures.sh - scratch fixtures and image checks shared by the shell tests
# (integration, UI, VM). Source after tests/lib/tap.sh; POSIX sh.
#
#   MKMEDIA                            the fixture media builder
#   fixture_proc DIR [MEM-KB [novt]]   a /proc for STOAT_PROC
#   fixture_disk IMG SIZE [TEXT]       a disk image with a table and data
#   KS_HASH                            a SHA-512 crypt hash for rootpw --iscrypted
#   img_extents / img_sum / img_content / img_has   tests/tools/sparse.py

MKMEDIA=$top_srcdir/tests/fixtures/mkmedia.sh
SPARSE=$top_srcdir/tests/tools/sparse.py

# A SHA-512 crypt hash for `rootpw --iscrypted` (a kickstart with a clear
# password makes stoat warn on stderr).
KS_HASH='$6$Xy7Qp2Lm9Rt4Vw1Z$0zUq196DUICuf6ZdRgjZc/e9A/f1KQQYsjU3EwZsHD80VFUBElCgVcuuSH71rN.uKhpL.v6LJFslo5qyTGWpp0'

# fixture_proc DIR [MEM-KB [novt]]: meminfo and cpuinfo in DIR for
# STOAT_PROC, so the prerequisite checks do not depend on the machine
# running the tests: MEM-KB of memory (default 16 GB) and a CPU with vmx,
# or without any hardware virtualization when the third word is novt.
fixture_proc() {
	local flags="fpu vme de pse tsc msr pae vmx sse sse2"
	[ "${3:-}" = novt ] && flags="fpu vme de pse tsc msr pae sse sse2"
	mkdir -p "$1" &&
		printf 'MemTotal:       %8s kB\n' "${2:-16384000}" >"$1/meminfo" &&
		printf 'processor\t: 0\nflags\t\t: %s\n' "$flags" >"$1/cpuinfo"
}

# fixture_disk IMG SIZE [TEXT]: a fresh sparse image of SIZE (truncate)
# holding a GPT with one 64 MiB Linux partition at sector 2048 (sgdisk)
# and TEXT at byte 4 MiB, so that "nothing was written" means something.
fixture_disk() {
	rm -f "$1"
	truncate -s "$2" "$1" || return 1
	sgdisk -n 1:2048:+64M -t 1:8300 "$1" >/dev/null 2>&1 || return 1
	[ -z "${3:-}" ] || printf '%s' "$3" | dd of="$1" bs=1 seek=$((4 << 20)) conv=notrunc status=none
}

# sparse_failed FILE: sparse.py could not read FILE: print a line that
# equals no other, so a before/after comparison cannot pass on two errors,
# and return 2.
sparse_failed() {
	echo "sparse.py could not read $1 at $(date +%s.%N)"
	return 2
}

# img_extents FILE: the data extents of FILE, "START END" a line (none for
# a file that is all holes).
img_extents() { python3 "$SPARSE" extents "$1" || sparse_failed "$1"; }

# img_sum FILE: "SIZE SHA256" over FILE's size, data extents and bytes;
# any write, even of zeros into a hole, changes it.
img_sum() { python3 "$SPARSE" sum "$1" || sparse_failed "$1"; }

# img_content FILE [FROM [TO]]: SHA256 over the bytes of FILE (or of the
# byte range [FROM, TO)), where holes, written zeros and the end of the
# file are alike.
img_content() { python3 "$SPARSE" content "$@" || sparse_failed "$1"; }

# img_has FILE TEXT: status 0 when TEXT occurs in FILE's data, 1 when not,
# 2 when FILE cannot be read.
img_has() { python3 "$SPARSE" find "$1" "$2"; }
