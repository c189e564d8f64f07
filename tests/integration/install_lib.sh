# install_lib.sh - helpers shared by the install*.sh tests (sourced).
. "$top_srcdir/tests/lib/tap.sh"
. "$top_srcdir/tests/lib/fixtures.sh"

export MTOOLSRC=/dev/null MTOOLS_SKIP_CHECK=1
PW='Sekrit-Pass9'

# A fixture /proc (16 GB, vmx) through STOAT_PROC, so the prerequisite
# checks (memory, hardware virtualization) do not depend on the machine
# running the tests: an install onto a loop device counts as onto a disk of
# this machine, where they are errors.
fixture_proc "$TAP_TMP/proc"
export STOAT_PROC=$TAP_TMP/proc

for t in sgdisk mcopy mdir fsck.fat xorriso bsdtar openssl python3 losetup; do
	command -v "$t" >/dev/null || skip_all "$t is missing"
done

# ks_file FILE COMMAND-LINE [LINE...]: a kickstart with the test password
# whose command is COMMAND-LINE (install ..., upgrade ..., ...).
ks_file() {
	local f=$1 cmd=$2
	shift 2
	{
		echo vmaccepteula
		echo "rootpw $PW"
		echo "$cmd"
		for l in "$@"; do printf '%s\n' "$l"; done
	} >"$f"
}

# write_ks FILE INSTALL-ARGS [LINE...]: a kickstart that installs.
write_ks() {
	local f=$1 args=$2
	shift 2
	ks_file "$f" "install $args" "$@"
}

# install_img IMG SIZE MEDIA TRANSPORT [stoat options]: a fresh sparse
# IMG of SIZE, installed from $T/MEDIA.iso with the kickstart $T/ks
# (T: the test's folder); output in $T/out and $T/err.
install_img() {
	local img=$1 size=$2 m=$3 tr=$4
	shift 4
	rm -f "$img"
	truncate -s "$size" "$img"
	"$STOAT" install --kickstart "$T/ks" --media "$T/$m.iso" --disk "$img:$tr" \
		--only-listed-disks "$@" </dev/null >"$T/out" 2>"$T/err"
}

# installed DESCRIPTION: the install (or upgrade) just run exited 0.
installed() {
	local rc=$?
	is "$rc" 0 "$1"
	[ "$rc" = 0 ] || sed 's/^/#   /' "$T/err"
}

# part_type DEV N: partition N's type GUID, without dashes.
part_type() { sgdisk -i "$2" "$1" 2>/dev/null | awk '/^Partition GUID code/ {print $4}' | tr -d -; }

# table DEV: "num start end" lines sorted by number, as sgdisk -p prints.
table() { sgdisk -p "$1" 2>/dev/null | awk '/^ +[0-9]+ +[0-9]+ +[0-9]+/ {print $1, $2, $3}' | sort -n; }

# media_sha MEDIA NAME: SHA-256 of a file in the fixture media (bsdtar).
media_sha() { bsdtar -xOf "$1" "$2" | sha256sum | cut -d' ' -f1; }
# fat_sha VOLSPEC PATH: SHA-256 of a file read back with mcopy.
fat_sha() { mcopy -n -i "$1" "::$2" - 2>/dev/null | sha256sum | cut -d' ' -f1; }

# modules_identical MEDIA VOLSPEC: every boot.cfg module on the bootbank
# equals the media's copy; prints the number compared.
modules_identical() {
	local media=$1 v=$2 n=0 bad=0 m
	for m in $(bsdtar -xOf "$media" BOOT.CFG | sed -n 's/^kernel=//p; s/^modules=//p' | sed 's/ --- / /g'); do
		m=${m#/}
		n=$((n + 1))
		if [ "$(media_sha "$media" "$(printf %s "$m" | tr a-z A-Z)")" != "$(fat_sha "$v" "$m")" ]; then
			echo "#   differs: $m" >&2
			bad=$((bad + 1))
		fi
	done
	echo "$n"
	return $bad
}

# bootcfg_mods MEDIA: the installed modules= value for the media.
bootcfg_mods() {
	bsdtar -xOf "$1" BOOT.CFG | sed -n 's/^modules=//p' | sed 's| /| |g; s|^/||; s|$| --- onetime.tgz|'
}

# zeros DEV OFFSET BYTES: whether that range reads as zeros.
zeros() {
	[ "$(dd if="$1" bs=1M iflag=skip_bytes,count_bytes skip="$2" count="$3" status=none | tr -d '\0' | wc -c)" = 0 ]
}

# scribble DEV OFFSET BYTES: put non-zero bytes there (to see zeroing).
scribble() { head -c "$3" /dev/urandom | dd of="$1" bs=1M seek="$2" oflag=seek_bytes conv=notrunc status=none; }

# no_password FILE: the clear password occurs nowhere in FILE's data.
no_password() {
	img_has "$1" "$PW"
	[ $? = 1 ]
}

# hash_verifies HASH: openssl reproduces the SHA-512 crypt hash of $PW.
hash_verifies() {
	local salt
	salt=$(printf '%s' "$1" | cut -d'$' -f3)
	[ "$(openssl passwd -6 -salt "$salt" "$PW")" = "$1" ]
}

# attach FILE [losetup options]: attach and set LOOP (tap_loop records the
# device for detaching at exit).
attach() {
	local l
	l=$(tap_loop "$@") || return 1
	LOOP=$l
	# Other suites attach loop devices at the same time: make sure this
	# one is still backed by our file.
	[ "$(losetup -n -O BACK-FILE "$l" 2>/dev/null)" = "$(realpath "$1")" ]
}

# ESX: the esx-boot kit the fixture media carry (for p1_check).
ESX=$(esxboot_dir "$top_srcdir") || skip_all "no esx-boot kit, which the fixture media need (set STOAT_ESXBOOT_DIR)"
