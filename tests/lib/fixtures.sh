# fixtures.sh - scratch fixtures and image checks shared by the shell tests
# (integration, UI, VM). Source after tests/lib/tap.sh; POSIX sh.
#
#   MKMEDIA                            the fixture media builder
#   fixture_media KIT ISO OPTIONS...   fixture media with the esx-boot kit
#   fixture_proc DIR [MEM-KB [novt]]   a /proc for STOAT_PROC
#   fixture_disk IMG SIZE [TEXT]       a disk image with a table and data
#   KS_HASH                            a SHA-512 crypt hash for rootpw --iscrypted
#   img_extents / img_sum / img_content / img_has   tests/tools/sparse.py
#   part_first / part_last / vol / fat_ok   a partition of an image (sgdisk,
#                                      mtools, fsck.fat)
#   p1_check DEV WHAT UEFI BIOS CRYPTO [SECTOR]   p1 as ESXi builds it
#   fixture_esx_config IMG DIR UUID    a host configuration on bank 5 of an
#   fixture_esx_config_encrypted IMG DIR   installed IMG (plain or encrypted)
#   esxboot_dir / esxboot_boot / esxboot_bank_uuid ...   the esx-boot kit:
#                                      where it is, booting a disk with it,
#                                      a bank's UUID (tests/fixtures/esxboot.sh)

MKMEDIA=$top_srcdir/tests/fixtures/mkmedia.sh
. "$top_srcdir/tests/fixtures/esxboot.sh"
SPARSE=$top_srcdir/tests/tools/sparse.py

# The fixture media carry VMware's boot loader from the esx-boot kit; a
# test that cannot make them skips, saying why. Where STOAT_REQUIRE_ESXBOOT
# is set (CI, which has the kit beside the clone) a missing kit fails
# instead, so no test passes CI by skipping for that reason.
if [ -n "${STOAT_REQUIRE_ESXBOOT:-}" ] && ! esxboot_dir "$top_srcdir" >/dev/null 2>&1; then
	echo "Bail out! the esx-boot kit is required (STOAT_REQUIRE_ESXBOOT) but missing: $(esxboot_dir "$top_srcdir" 2>&1)"
	exit 1
fi

# fixture_media KIT ISO MKMEDIA-OPTIONS...: fixture media ISO made by
# mkmedia.sh with VMware's boot loader from the esx-boot kit KIT. When it
# cannot be made, prints why (mkmedia's last line) and returns 1, and the
# caller skips its own way:
#   why=$(fixture_media "$ESX" "$T/m.iso" --version V) || skip_all "...: $why"
fixture_media() {
	_fm_kit=$1 _fm_iso=$2
	shift 2
	if "$MKMEDIA" --esxboot "$_fm_kit" "$@" "$_fm_iso" >"$_fm_iso.log" 2>&1; then
		rm -f "$_fm_iso.log"
		return 0
	fi
	tail -1 "$_fm_iso.log"
	rm -f "$_fm_iso.log"
	return 1
}

# A SHA-512 crypt hash for `rootpw --iscrypted`, so that no test's
# kickstart holds a password in clear text.
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

# part_first DEV N / part_last DEV N: sectors as sgdisk reports them.
part_first() { sgdisk -i "$2" "$1" 2>/dev/null | awk '/^First sector/ {print $3}'; }
part_last() { sgdisk -i "$2" "$1" 2>/dev/null | awk '/^Last sector/ {print $3}'; }

# vol DEV N [SECTOR]: mtools image spec of partition N.
vol() { echo "$1@@$(( $(part_first "$1" "$2") * ${3:-512} ))"; }

# fixture_esx_config IMG DIR UUID: the host's configuration as ESXi saves
# it, on bank 5 of the installed IMG: DIR/state.tgz holding local.tgz
# (DIR/state/local.tgz) holding etc/vmware/esx.conf with the line
# /system/uuid = "UUID" among others, a key file of mode 600, a symbolic
# link and a folder (the tree in DIR/local); the bank's boot.cfg lists
# state.tgz as the installed system makes it do (DIR/boot.cfg).
fixture_esx_config() {
	local p5
	p5=$(vol "$1" 5)
	mkdir -p "$2/local/etc/vmware" "$2/local/etc/ssh" "$2/local/etc/empty" "$2/state" || return 1
	printf '%s\n' '/adv/Misc/HostName = "esx01"' "/system/uuid = \"$3\"" \
		'/resourceGroups/version = "6.7.0"' '/system/system/uuid = "keep-this-one"' >"$2/local/etc/vmware/esx.conf"
	printf 'secret host key\n' >"$2/local/etc/ssh/ssh_host_rsa_key"
	chmod 600 "$2/local/etc/ssh/ssh_host_rsa_key"
	ln -sf ../vmware/esx.conf "$2/local/etc/ssh/link"
	touch -d '2024-01-02 03:04:05' "$2/local/etc/vmware/esx.conf" "$2/local/etc/ssh/ssh_host_rsa_key"
	tar -C "$2/local" --owner=0 --group=0 -czf "$2/state/local.tgz" etc &&
		tar -C "$2/state" --owner=0 --group=0 -czf "$2/state.tgz" local.tgz &&
		mcopy -o -i "$p5" "$2/state.tgz" ::state.tgz &&
		mtype -i "$p5" ::boot.cfg | sed '/^modules=/s/$/ --- state.tgz/' >"$2/boot.cfg" &&
		mcopy -o -i "$p5" "$2/boot.cfg" ::boot.cfg
}

# fixture_esx_config_encrypted IMG DIR: bank 5 of the installed IMG gets
# the encrypted kind of state.tgz (7.0 U2 and later): local.tgz.ve and
# encryption.info (DIR/encstate.tgz).
fixture_esx_config_encrypted() {
	mkdir -p "$2/encstate" || return 1
	head -c 4096 /dev/urandom >"$2/encstate/local.tgz.ve"
	printf '{"mode": "TPM"}\n' >"$2/encstate/encryption.info"
	tar -C "$2/encstate" -czf "$2/encstate.tgz" local.tgz.ve encryption.info &&
		mcopy -o -i "$(vol "$1" 5)" "$2/encstate.tgz" ::state.tgz
}

# fat_ok DEV N [SECTOR]: fsck.fat -n through a read-only loop over the
# partition (root); its complaints as comments when it is not clean.
fat_ok() {
	local dev=$1 n=$2 ss=${3:-512} first last l out rc
	first=$(part_first "$dev" "$n")
	last=$(part_last "$dev" "$n")
	l=$(losetup -f --show -r -o $((first * ss)) --sizelimit $(((last - first + 1) * ss)) "$dev") || return 1
	out=$(fsck.fat -n "$l" 2>&1)
	rc=$?
	losetup -d "$l"
	[ $rc = 0 ] || printf '%s\n' "$out" | sed 's/^/#   /' | head -5
	return $rc
}

# kit_same VOLSPEC PATH KIT-FILE: PATH on the FAT volume (mcopy) equals
# KIT-FILE of the esx-boot kit $ESX byte for byte (cmp).
kit_same() {
	mcopy -n -i "$1" "::$2" "$TAP_TMP/kit_same" 2>/dev/null &&
		cmp -s "$TAP_TMP/kit_same" "$ESX/$3"
}

# p1_check DEV WHAT UEFI BIOS CRYPTO [SECTOR]: p1 of an installed disk as
# ESXi builds it from the esx-boot kit $ESX, read back with mtools,
# fsck.fat, sgdisk and od. UEFI, BIOS, CRYPTO (yes or no): whether the
# UEFI chain, syslinux and crypto64.efi are expected. WHAT starts each
# test's description.
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
	head -c 424 "$dev" >"$TAP_TMP/lba0"
	cmp -s "$TAP_TMP/lba0" "$ESX/bios/gptmbr.bin"
	ok $? "$what: LBA 0 bytes 0-423 are the kit's gptmbr.bin (syslinux 3.86)"
	guid=$(sgdisk -i 1 "$dev" 2>/dev/null | sed -n 's/^Partition unique GUID: //p')
	is "$(dd if="$dev" bs=1 skip=$((0x1A8)) count=16 status=none | od -An -tx1 | tr -d ' \n')" \
		"$(python3 -c 'import uuid,sys; print(uuid.UUID(sys.argv[1]).bytes_le.hex())' "$guid")" \
		"$what: LBA 0 0x1A8-0x1B7 hold p1's unique GUID $guid (GPT entry byte order)"
}

# fakecap_start DIR: a 2 GiB FUSE file that stores only 512 MiB (writes
# past that wrap around) at DIR/mnt/disk, served by tests/lib/fakecap.py
# with its PID in FAKECAP_PID. Status 1 without python3-fusepy or
# /dev/fuse, or when the file does not appear.
fakecap_start() {
	/usr/bin/python3 -c 'import fusepy' 2>/dev/null && [ -e /dev/fuse ] || return 1
	mkdir -p "$1/mnt"
	/usr/bin/python3 "$top_srcdir/tests/lib/fakecap.py" "$1/mnt" "$1/store" $((2 << 30)) $((512 << 20)) \
		2>"$1/fuse.err" &
	FAKECAP_PID=$!
	for _ in $(seq 50); do [ -e "$1/mnt/disk" ] && return 0; sleep 0.1; done
	return 1
}

# fakecap_stop DIR: unmount it and wait for its server.
fakecap_stop() {
	umount "$1/mnt" 2>/dev/null || kill "$FAKECAP_PID"
	wait "$FAKECAP_PID"
}
