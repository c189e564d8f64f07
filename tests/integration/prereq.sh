#!/bin/bash
# prereq.sh - the programs an install runs are found and tried before
# anything is written (issue 19), with `stoat install --kickstart` onto
# sparse image files:
#   1. PATH without mmd (a folder of links to the other programs): the
#      install and its --dry-run stop, naming mmd, its package and where it
#      is; the disk image is as it was, byte for byte (table and data);
#   2. mmd installed nowhere (a mount namespace hides it): the same, with
#      "install the mtools package";
#   3. an mcopy that fails as mtools does without glibc's gconv modules
#      ("Error converting to codepage 850", then "Cannot initialize '::'"):
#      the install stops before writing and says what is missing;
#   4. glibc's gconv modules hidden (an empty folder bound over them, as in
#      a minimal initramfs): mtools alone fails there, stoat installs
#      anyway (code page 367, ASCII), the disk reads back whole and
#      VMware's boot loader boots it by UEFI and by BIOS;
#   5. /dev a bare tmpfs with null, zero, random and urandom (no /dev/fd,
#      no /dev/stdin, as a busybox initramfs without udev): installs.
. "$top_srcdir/tests/integration/install_lib.sh"

T=$TAP_TMP
M=$T/m.iso
why=$(fixture_media "$ESX" "$M" --eula --version 6.7.0-8169922) ||
	skip_all "cannot build the fixture media: $why"
printf 'vmaccepteula\nrootpw --iscrypted %s\ninstall --firstdisk --overwritevmfs\n' "$KS_HASH" >"$T/ks"
STOAT_ABS=$(realpath "$STOAT")

# run IMG [stoat options]: the kickstart install onto IMG (a disk of this
# machine); output in $T/out and $T/err, its exit status.
run() {
	local img=$1
	shift
	"$STOAT_ABS" install --kickstart "$T/ks" --media "$M" --disk "$img:disk" \
		--only-listed-disks "$@" </dev/null >"$T/out" 2>"$T/err"
}

# untouched_disk IMG: a 16 GiB image with a partition table and text.
untouched_disk() { fixture_disk "$1" 16G "the operator's data"; }

# same_disk WHAT IMG SUM TABLE: IMG still has that img_sum and sgdisk table.
same_disk() {
	is "$(img_sum "$2")" "$3" "$1: the disk image is byte for byte as before"
	is "$(table "$2")" "$4" "$1: sgdisk reads the old partition table"
}

# links DIR [PROGRAM...]: DIR holds links to each PROGRAM found in PATH.
links() {
	local d=$1 p
	shift
	mkdir -p "$d"
	for p in "$@"; do
		command -v "$p" >/dev/null && ln -sf "$(command -v "$p")" "$d/$p"
	done
}

# --- 1. PATH without mmd ----------------------------------------------------
links "$T/nommd" mkfs.fat mcopy mattrib efibootmgr sh dmidecode
untouched_disk "$T/d1.img"
sum=$(img_sum "$T/d1.img")
tbl=$(table "$T/d1.img")
mmd_dir=$(dirname "$(command -v mmd)")
PATH=$T/nommd run "$T/d1.img"
is "$?" 1 "PATH without mmd: the install fails"
like "$(cat "$T/err")" "mmd \(from the mtools package\) is in $mmd_dir, which is not in PATH" \
	"and says mmd, its package and the folder that holds it"
same_disk "PATH without mmd" "$T/d1.img" "$sum" "$tbl"
PATH=$T/nommd run "$T/d1.img" --dry-run
is "$?" 1 "the --dry-run fails too"
like "$(cat "$T/err")" "mmd \(from the mtools package\)" "and names mmd and mtools"
case $(cat "$T/out") in *"Install "*) ok 1 "and prints no plan" ;; *) ok 0 "and prints no plan" ;; esac

if ! unshare -m true 2>/dev/null; then
	skip "mmd installed nowhere: needs mount namespaces (unshare -m, root)"
	skip "glibc's gconv modules hidden: needs mount namespaces"
	skip "/dev without /dev/fd: needs mount namespaces"
	done_testing
	exit
fi

# --- 2. mmd installed nowhere ------------------------------------------------
# A private /usr/bin: links to the real one (bound elsewhere) but mmd.
mkdir -p "$T/realbin"
untouched_disk "$T/d2.img"
sum=$(img_sum "$T/d2.img")
tbl=$(table "$T/d2.img")
bin=$(realpath /usr/bin)
unshare -m --propagation private sh -c '
	mount --bind "$1" "$2" && mount -t tmpfs tmpfs "$1" || exit 99
	for f in "$2"/* "$2"/.[!.]*; do
		[ "${f##*/}" = mmd ] || "$2/ln" -s "$f" "$1/${f##*/}" 2>/dev/null
	done
	shift 2
	"$@"' sh "$bin" "$T/realbin" \
	"$STOAT_ABS" install --kickstart "$T/ks" --media "$M" --disk "$T/d2.img:disk" \
	--only-listed-disks </dev/null >"$T/out" 2>"$T/err"
is "$?" 1 "mmd installed nowhere: the install fails"
like "$(cat "$T/err")" "mmd is not installed \(no folder in PATH holds it\): install the mtools package" \
	"and says to install mtools"
same_disk "mmd installed nowhere" "$T/d2.img" "$sum" "$tbl"

# --- 3. an mcopy that cannot convert file names -----------------------------
links "$T/badcp" mkfs.fat mmd mattrib efibootmgr sh dmidecode
cat >"$T/badcp/mcopy" <<'EOF'
#!/bin/sh
echo "Error converting to codepage 850 Invalid argument" >&2
echo "Cannot initialize '::'" >&2
exit 1
EOF
chmod +x "$T/badcp/mcopy"
untouched_disk "$T/d3.img"
sum=$(img_sum "$T/d3.img")
tbl=$(table "$T/d3.img")
PATH=$T/badcp run "$T/d3.img"
is "$?" 1 "mcopy failing on code page 850: the install fails"
err=$(cat "$T/err")
like "$err" "failed on a scratch image, so they would fail on the disk" "found by the self-test"
like "$err" "Error converting to codepage 850 Invalid argument; Cannot initialize '::'" \
	"with mcopy's cause and its consequence"
like "$err" "gconv folder\) are missing: install them with the C library" "and what is missing"
same_disk "mcopy failing" "$T/d3.img" "$sum" "$tbl"

# --- 4. no gconv modules ----------------------------------------------------
mtools=$(command -v mtools || echo /usr/bin/mtools)
gconv=$(dirname "$(ldd "$mtools" | awk '/libc\.so/ {print $3}')")/gconv
if [ -e "$gconv/IBM850.so" ]; then
	mkdir -p "$T/nogconv"
	rm -f "$T/d4.img"
	truncate -s 16G "$T/d4.img"
	truncate -s 4M "$T/cp.img"
	mkfs.fat "$T/cp.img" >/dev/null
	# hidden: mcopy on its own, then the install, in one namespace
	unshare -m --propagation private sh -c '
		mount --bind "$1" "$2" || exit 99
		echo x | env -i MTOOLSRC=/dev/null LC_ALL=C mcopy -i "$3" - ::/x 2>"$4/cp.err"
		echo $? >"$4/cp.rc"
		shift 4
		"$@"' sh "$T/nogconv" "$gconv" "$T/cp.img" "$T" \
		"$STOAT_ABS" install --kickstart "$T/ks" --media "$M" --disk "$T/d4.img:disk" \
		--only-listed-disks </dev/null >"$T/out" 2>"$T/err"
	rc=$?
	is "$(cat "$T/cp.rc")" 1 "gconv hidden: mcopy alone fails there"
	like "$(cat "$T/cp.err")" "Error converting to codepage 850" "as in a minimal initramfs"
	is "$rc" 0 "stoat installs there all the same"
	[ "$rc" = 0 ] || sed 's/^/#   /' "$T/err"
	p1_check "$T/d4.img" "gconv hidden" yes yes no
	n=$(modules_identical "$M" "$(vol "$T/d4.img" 5)")
	ok $? "gconv hidden: the $n modules on the bootbank equal the media's"
	is "$(mtype -i "$(vol "$T/d4.img" 5)" ::boot.cfg 2>/dev/null | sed -n 's/^modules=//p')" \
		"$(bootcfg_mods "$M")" "and mtools reads its boot.cfg"
	# long-name entries instead of lower-case flags: VMware's loader
	# still finds every file, by UEFI and by BIOS
	if [ -x "$ESX/boot-check" ] && command -v qemu-system-x86_64 >/dev/null &&
		[ -f "${OVMF_CODE:-/usr/share/OVMF/OVMF_CODE_4M.fd}" ]; then
		for fw in uefi bios; do
			esxboot_boot "$ESX" "$T/d4.img" $fw "$T/boot" 90
			rc=$?
			ok $rc "gconv hidden, $fw: VMware's loader runs the test kernel from the installed disk"
			[ $rc = 0 ] || esxboot_said "$T/boot" 12
		done
	else
		skip "gconv hidden: booting needs boot-check in the esx-boot kit, QEMU and OVMF"
	fi
else
	skip "no IBM850.so in $gconv: cannot hide what is not there"
fi

# --- 5. /dev without udev's links -------------------------------------------
rm -f "$T/d5.img"
truncate -s 16G "$T/d5.img"
unshare -m --propagation private sh -c '
	mount -t tmpfs -o mode=755 tmpfs /dev || exit 99
	mknod -m 666 /dev/null c 1 3 && mknod -m 666 /dev/zero c 1 5 &&
		mknod -m 666 /dev/random c 1 8 && mknod -m 666 /dev/urandom c 1 9 || exit 99
	ls -a /dev >"$1/dev.list"
	shift
	"$@"' sh "$T" \
	"$STOAT_ABS" install --kickstart "$T/ks" --media "$M" --disk "$T/d5.img:disk" \
	--only-listed-disks </dev/null >"$T/out" 2>"$T/err"
rc=$?
is "$(grep -c -E '^(fd|stdin|stdout|stderr)$' "$T/dev.list")" 0 \
	"the private /dev has no fd, stdin, stdout or stderr"
is "$rc" 0 "stoat installs with that /dev"
[ "$rc" = 0 ] || sed 's/^/#   /' "$T/err"
n=$(modules_identical "$M" "$(vol "$T/d5.img" 5)")
ok $? "and the $n modules on the bootbank equal the media's"
fat_ok "$T/d5.img" 5
ok $? "fsck.fat -n finds the bootbank clean"

done_testing
