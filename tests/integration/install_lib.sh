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

# part_first DEV N / part_last DEV N: sectors as sgdisk reports them.
part_first() { sgdisk -i "$2" "$1" 2>/dev/null | awk '/^First sector/ {print $3}'; }
part_last() { sgdisk -i "$2" "$1" 2>/dev/null | awk '/^Last sector/ {print $3}'; }
part_type() { sgdisk -i "$2" "$1" 2>/dev/null | awk '/^Partition GUID code/ {print $4}' | tr -d -; }

# table DEV: "num start end" lines sorted by number, as sgdisk -p prints.
table() { sgdisk -p "$1" 2>/dev/null | awk '/^ +[0-9]+ +[0-9]+ +[0-9]+/ {print $1, $2, $3}' | sort -n; }

# vol DEV N [SECTOR]: mtools image spec of partition N.
vol() { echo "$1@@$(( $(part_first "$1" "$2") * ${3:-512} ))"; }

# fat_ok DEV N: fsck.fat -n through a read-only loop over the partition.
fat_ok() {
	local dev=$1 n=$2 ss=${3:-512} first last l out
	first=$(part_first "$dev" "$n")
	last=$(part_last "$dev" "$n")
	l=$(losetup -f --show -r -o $((first * ss)) --sizelimit $(((last - first + 1) * ss)) "$dev") || return 1
	out=$(fsck.fat -n "$l" 2>&1)
	local rc=$?
	losetup -d "$l"
	[ $rc = 0 ] || printf '%s\n' "$out" | sed 's/^/#   /' | head -5
	return $rc
}

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

# attach FILE [losetup options]: attach in this shell and set LOOP, so the
# device is recorded for detaching at exit (tap_loop inside $(...) records
# it only in the subshell).
attach() {
	local l
	l=$(tap_loop "$@") || return 1
	TAP_LOOPS="$TAP_LOOPS $l"
	LOOP=$l
	# Other suites attach loop devices at the same time: make sure this
	# one is still backed by our file.
	[ "$(losetup -n -O BACK-FILE "$l" 2>/dev/null)" = "$(realpath "$1")" ]
}

# ESX: the esx-boot kit the fixture media carry (tests/fixtures/esxboot.sh).
. "$top_srcdir/tests/fixtures/esxboot.sh"
ESX=$(esxboot_dir "$top_srcdir") || skip_all "no esx-boot kit, which the fixture media need (set STOAT_ESXBOOT_DIR)"

# kit_same VOLSPEC PATH KIT-FILE: PATH on the FAT volume (mcopy) equals
# KIT-FILE of the esx-boot kit byte for byte (cmp).
kit_same() {
	mcopy -n -i "$1" "::$2" "$TAP_TMP/kit_same" 2>/dev/null &&
		cmp -s "$TAP_TMP/kit_same" "$ESX/$3"
}

# p1_check DEV WHAT UEFI BIOS CRYPTO [SECTOR]: p1 of an installed disk as
# ESXi builds it, read back with mtools, fsck.fat, sgdisk and od. UEFI,
# BIOS, CRYPTO (yes or no): whether the UEFI chain, syslinux and
# crypto64.efi are expected. WHAT starts each test's description.
p1_check() {
	local dev=$1 what=$2 uefi=$3 bios=$4 crypto=$5 ss=${6:-512} v want bad guid
	v=$(vol "$dev" 1 "$ss")
	want=
	[ "$uefi" = yes ] && want="::/EFI/
::/EFI/BOOT/
::/EFI/BOOT/BOOTX64.EFI
::/EFI/VMware/
::/EFI/VMware/mboot64.efi
::/EFI/VMware/safeboot64.efi"
	[ "$uefi" = yes ] && [ "$crypto" = yes ] && want="$want
::/EFI/VMware/crypto64.efi"
	[ "$bios" = yes ] && want="$want${want:+
}::/ldlinux.sys
::/mboot.c32
::/safeboot.c32
::/syslinux.cfg"
	# mdir -b says nothing on stdout for an empty root folder
	is "$(mdir -/ -b -a -i "$v" :: 2>/dev/null | LC_ALL=C sort)" "$(printf '%s\n' "$want" | LC_ALL=C sort)" \
		"$what: mdir -a: p1 holds exactly ESXi's files"
	fat_ok "$dev" 1 "$ss"
	ok $? "$what: fsck.fat -n finds p1 clean"
	if [ "$uefi" = yes ]; then
		bad=0
		kit_same "$v" EFI/BOOT/BOOTX64.EFI bin/safeboot64.efi || bad=1
		kit_same "$v" EFI/VMware/safeboot64.efi bin/safeboot64.efi || bad=1
		kit_same "$v" EFI/VMware/mboot64.efi bin/mboot64.efi || bad=1
		[ "$crypto" = no ] || kit_same "$v" EFI/VMware/crypto64.efi bin/crypto64.efi || bad=1
		ok $bad "$what: p1's UEFI files are the kit's: EFI/BOOT/BOOTX64.EFI and EFI/VMware/safeboot64.efi = safeboot64.efi, mboot64.efi$([ "$crypto" = no ] || echo ', crypto64.efi') (mcopy, cmp)"
	fi
	# ESXi's layout marks p1 legacy BIOS bootable (partedUtil 128) either way
	is "$(sgdisk -i 1 "$dev" 2>/dev/null | sed -n 's/^Attribute flags: //p')" 0000000000000004 \
		"$what: sgdisk -i 1: attribute flags 0000000000000004 (bit 2, legacy BIOS bootable)"
	if [ "$bios" = no ]; then
		is "$(head -c 440 "$dev" | tr -d '\0' | wc -c)" 0 "$what: LBA 0 holds no boot code (bytes 0-439 zero)"
		return 0
	fi
	bad=0
	kit_same "$v" safeboot.c32 bin/safeboot.c32 || bad=1
	kit_same "$v" mboot.c32 bin/mboot.c32 || bad=1
	ok $bad "$what: safeboot.c32 and mboot.c32 are the kit's (mcopy, cmp)"
	is "$(mtype -i "$v" ::syslinux.cfg)" "default safeboot.c32 -S 1
nohalt 1" "$what: syslinux.cfg as ESXi writes it"
	like "$(mattrib -i "$v" ::/ldlinux.sys)" 'SHR +::/ldlinux.sys' "$what: mattrib: ldlinux.sys is system, hidden, read-only"
	cmp -s <(head -c 424 "$dev") "$ESX/bios/gptmbr.bin"
	ok $? "$what: LBA 0 bytes 0-423 are the kit's gptmbr.bin (syslinux 3.86)"
	guid=$(sgdisk -i 1 "$dev" 2>/dev/null | sed -n 's/^Partition unique GUID: //p')
	is "$(dd if="$dev" bs=1 skip=$((0x1A8)) count=16 status=none | od -An -tx1 | tr -d ' \n')" \
		"$(python3 -c 'import uuid,sys; print(uuid.UUID(sys.argv[1]).bytes_le.hex())' "$guid")" \
		"$what: LBA 0 0x1A8-0x1B7 hold p1's unique GUID $guid (GPT entry byte order)"
}
