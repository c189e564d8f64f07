#!/bin/bash
# build-rescue.sh - build (once) the rescue Linux the VM tests boot.
#
#   tests/vm/build-rescue.sh            build what is missing, print KEY=PATH
#   tests/vm/build-rescue.sh --force    rebuild the initramfs even if cached
#
# Output (on stdout, for `eval`): VM_KERNEL=... VM_INITRD=... VM_KVER=...
# Progress and errors go to stderr; exit 1 with one line saying what failed,
# or 3 when the kernel cannot be downloaded here (the tests skip then).
#
# Everything lands in ${STOAT_VM_CACHE:-$top_builddir/tests/vm/cache}:
#   kernel/         Debian's kernel, extracted once with dpkg-deb -x (no
#                   install), kept across stoat rebuilds
#   initrd-HASH.gz  busybox-static, the storage modules, stoat with its
#                   shared libraries, mkfs.fat, mtools, efibootmgr (when
#                   the host has it) and efivarfs; HASH covers every
#                   input, so a new stoat or init script makes a new one
#
# Environment: STOAT (the binary to put in), top_srcdir, top_builddir;
# STOAT_VM_EXTRA_BINS="strace ..." adds programs (with their libraries) for
# debugging inside the VM.
set -euo pipefail

here=$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)
top_srcdir=${top_srcdir:-$(cd "$here/../.." && pwd)}
top_builddir=${top_builddir:-$PWD}
STOAT=${STOAT:-$top_builddir/stoat}
cache=${STOAT_VM_CACHE:-$top_builddir/tests/vm/cache}
force=no
[ "${1:-}" = --force ] && force=yes

# The modules the rescue system loads; their dependencies are resolved
# against the extracted tree with modprobe --show-depends.
modules=(xhci_pci xhci_hcd usb_storage uas sd_mod sr_mod sdhci sdhci_pci
	mmc_block ahci libahci nvme nvme_core virtio_blk virtio_pci efivarfs)
# Module parameters: no settle delay before a USB stick is scanned.
declare -A modparams=([usb-storage]="delay_use=0")

die() {
	echo "build-rescue: $*" >&2
	exit 1
}
say() { echo "build-rescue: $*" >&2; }
# cannot_fetch MESSAGE: exit 3, which the tests turn into a skip
cannot_fetch() {
	echo "build-rescue: $*" >&2
	exit 3
}

for t in busybox cpio gzip modprobe depmod dpkg-deb apt-get ldd sha256sum; do
	command -v "$t" >/dev/null || die "$t is missing (tools/setup --tests installs it)"
done
busybox_bin=$(command -v busybox)
ldd "$busybox_bin" 2>/dev/null | grep -q '=>' &&
	die "$busybox_bin is dynamically linked; install busybox-static"
[ -x "$STOAT" ] || die "no stoat binary at $STOAT (build first)"
mkdir -p "$cache"
# one builder at a time (make check runs the VM tests in parallel)
exec 9>"$cache/.lock"
flock 9 || die "cannot lock $cache/.lock"

# fetch_kernel: download and extract Debian's kernel into $cache/kernel once.
fetch_kernel() {
	local k=$cache/kernel dl ver keep
	# the cache keeps only the modules in use: a new list fetches again
	[ -f "$k/.done" ] && [ "$(cat "$k/.done")" = "${modules[*]}" ] && return 0
	say "fetching Debian's kernel (once)"
	rm -rf "$k" "$k.tmp"
	mkdir -p "$k.tmp/deb" "$k.tmp/root"
	dl=$k.tmp/deb
	(cd "$dl" && apt-get download linux-image-amd64 >/dev/null 2>&1) ||
		cannot_fetch "cannot download Debian's kernel (apt-get download linux-image-amd64 failed: no network, or apt-get update needed)"
	ver=$(dpkg-deb -f "$dl"/linux-image-amd64_*.deb Depends |
		grep -o 'linux-image-[0-9][^ ,]*-amd64' | head -1)
	[ -n "$ver" ] || die "cannot tell which kernel linux-image-amd64 depends on"
	(cd "$dl" && apt-get download "$ver" >/dev/null 2>&1) ||
		cannot_fetch "cannot download Debian's kernel (apt-get download $ver failed)"
	dpkg-deb -x "$dl/${ver}"_*.deb "$k.tmp/root" || die "dpkg-deb -x $ver failed"
	ver=${ver#linux-image-}
	depmod -b "$k.tmp/root" "$ver" || die "depmod on the extracted $ver failed"
	echo "$ver" >"$k.tmp/version"
	rm -rf "$dl"
	# keep the kernel, modules.dep and the modules we load (400 MB -> 15)
	keep=$(module_list "$k.tmp/root" "$ver") || exit 1
	find "$k.tmp/root/lib/modules/$ver/kernel" -type f -name '*.ko*' |
		grep -vxF "$keep" | xargs -r rm -f
	rm -rf "$k.tmp/root/usr" "$k.tmp/root/lib/firmware"
	echo "${modules[*]}" >"$k.tmp/.done"
	mv "$k.tmp" "$k"
}

# module_list: the .ko files to load, in dependency order, one per line.
module_list() {
	local root=$1 ver=$2 m
	for m in "${modules[@]}"; do
		modprobe -d "$root" -S "$ver" --show-depends "$m" ||
			die "module $m not found in kernel $ver"
	done | awk '$1 == "insmod" && !seen[$2]++ { print $2 }'
}

# copy_elf FILE DESTROOT: copy a program and every library ldd names,
# under the same paths, so the loader finds them without ld.so.cache.
copy_elf() {
	local f=$1 dst=$2 lib
	install -D -m 0755 "$f" "$dst$f"
	for lib in $(ldd "$f" 2>/dev/null | awk '/=> \//{print $3} /^\t\/[^ ]*ld-linux/{print $1}'); do
		[ -e "$dst$lib" ] || install -D -m 0755 "$(readlink -f "$lib")" "$dst$lib"
	done
}

# copy_terminfo NAME DESTROOT: the terminfo entry ncurses needs for NAME.
copy_terminfo() {
	local d f
	for d in /etc/terminfo /lib/terminfo /usr/share/terminfo; do
		f=$d/${1:0:1}/$1
		if [ -e "$f" ]; then
			install -D -m 0644 "$(readlink -f "$f")" "$2/usr/share/terminfo/${1:0:1}/$1"
			return 0
		fi
	done
	say "no terminfo entry for $1 (skipped)"
}

fetch_kernel
kver=$(cat "$cache/kernel/version")
kroot=$cache/kernel/root
kernel=$kroot/boot/vmlinuz-$kver
[ -f "$kernel" ] || die "the extracted kernel has no $kernel"

mkfs_fat=$(command -v mkfs.fat || echo /usr/sbin/mkfs.fat)
mtools=$(command -v mtools || echo /usr/bin/mtools)
[ -x "$mkfs_fat" ] || die "mkfs.fat is missing (dosfstools)"
[ -x "$mtools" ] || die "mtools is missing"
# efibootmgr for the firmware boot entry (tests/vm/efi-entry.sh); optional
efibootmgr=$(command -v efibootmgr || true)
# the GPT MBR boot stub stoat was configured with
gptmbr=$(sed -n 's/^#define GPTMBR_PATH "\(.*\)"$/\1/p' "$top_builddir/config.h" 2>/dev/null || true)
# glibc's iconv modules for the code pages mtools and mkfs.fat convert with
gconv=$(dirname "$(ldd "$mtools" | awk '/libc\.so/{print $3}')")/gconv

mods=$(module_list "$kroot" "$kver")
key=$(
	{
		sha256sum "$STOAT" "$here/init" "$here/build-rescue.sh" \
			"$busybox_bin" "$mkfs_fat" "$mtools" ${efibootmgr:+"$efibootmgr"}
		echo "$kver $mods ${modparams[*]} $gptmbr ${STOAT_VM_EXTRA_BINS:-}"
	} | sha256sum | cut -c1-16
)
initrd=$cache/initrd-$key.gz

if [ $force = yes ] || [ ! -f "$initrd" ]; then
	say "building the initramfs ($key)"
	tree=$(mktemp -d "${TMPDIR:-/tmp}/stoat-rescue.XXXXXX")
	trap 'rm -rf "$tree"' EXIT
	# merged /usr, like the host, so ldd's paths hold inside too
	mkdir -p "$tree"/{usr/bin,usr/sbin,usr/lib,usr/lib64,proc,sys,dev,run,tmp,etc,root,mnt}
	ln -s usr/bin "$tree/bin"
	ln -s usr/sbin "$tree/sbin"
	ln -s usr/lib "$tree/lib"
	ln -s usr/lib64 "$tree/lib64"

	install -m 0755 "$busybox_bin" "$tree/usr/bin/busybox"
	install -m 0755 "$here/init" "$tree/init"

	copy_elf "$(readlink -f "$STOAT")" "$tree"
	mv "$tree$(readlink -f "$STOAT")" "$tree/usr/bin/stoat"
	copy_elf "$mkfs_fat" "$tree"
	copy_elf "$mtools" "$tree"
	for t in mcopy mmd mdir mtype mdel mlabel minfo mattrib mformat; do
		ln -sf mtools "$tree$(dirname "$mtools")/$t"
	done
	ln -sf mkfs.fat "$tree$(dirname "$mkfs_fat")/mkfs.vfat"
	if [ -n "$efibootmgr" ]; then
		copy_elf "$efibootmgr" "$tree"
	else
		say "no efibootmgr here (package efibootmgr): the VM has none"
	fi
	if [ -d "$gconv" ]; then
		mkdir -p "$tree$gconv"
		for f in "$gconv"/gconv-modules* "$gconv"/IBM437.so "$gconv"/IBM850.so \
			"$gconv"/ISO8859-1.so "$gconv"/ISO8859-15.so "$gconv"/UNICODE.so; do
			if [ -e "$f" ]; then cp -a "$f" "$tree$gconv/"; fi
		done
	else
		say "no iconv modules at $gconv: mtools may fail on code page 850"
	fi
	for t in ${STOAT_VM_EXTRA_BINS:-}; do
		t=$(command -v "$t") || die "STOAT_VM_EXTRA_BINS: no program $t here"
		copy_elf "$t" "$tree"
	done
	if [ -n "$gptmbr" ] && [ -f "$gptmbr" ]; then
		install -D -m 0644 "$gptmbr" "$tree$gptmbr"
	fi
	for t in vt220 vt100 linux xterm xterm-256color screen dumb; do
		copy_terminfo "$t" "$tree"
	done

	# busybox applets for whatever is not there yet
	for a in $(busybox --list-full); do
		[ -e "$tree/$a" ] || [ -L "$tree/$a" ] || ln -s /usr/bin/busybox "$tree/$a"
	done

	# modules, uncompressed as Debian 12 ships them, in load order
	: >"$tree/etc/modules.load"
	for m in $mods; do
		rel=${m#"$kroot"}
		rel=${rel%.xz}
		rel=${rel%.zst}
		mkdir -p "$(dirname "$tree$rel")"
		case $m in
		*.ko) cp "$m" "$tree$rel" ;;
		*.ko.xz) xz -dc "$m" >"$tree$rel" ;;
		*.ko.zst) zstd -qdc "$m" >"$tree$rel" ;;
		*) die "unknown module format: $m" ;;
		esac
		name=$(basename "$rel" .ko)
		echo "$rel ${modparams[$name]:-}" >>"$tree/etc/modules.load"
	done
	echo "$kver" >"$tree/etc/stoat-kernel"

	(cd "$tree" && find . -print0 | LC_ALL=C sort -z |
		cpio --null -o -H newc --quiet | gzip -6) >"$initrd.tmp" ||
		die "cannot pack the initramfs"
	mv "$initrd.tmp" "$initrd"
	# keep only the newest initramfs
	for old in "$cache"/initrd-*.gz; do
		[ "$old" = "$initrd" ] || rm -f "$old"
	done
fi

echo "VM_KERNEL=$kernel"
echo "VM_INITRD=$initrd"
echo "VM_KVER=$kver"
