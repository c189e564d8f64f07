#!/bin/bash
# mkcorpus.sh - (re)build the seed corpora in tests/fuzz/corpus/ from the
# test fixtures: boot.cfg texts like the fixture media's, the kickstart
# fixtures, layout inputs at the table boundaries, passwords around the
# policy's edges, and tiny ESXi-format media as tar, tgz, cpio and ISO.
# Run by hand when the fixtures change; the output is committed.
set -euo pipefail
here=$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)
top=$(cd "$here/../.." && pwd)
out=$here/corpus
rm -rf "$out"
mkdir -p "$out"/{bootcfg,kickstart,layout,media,passwd,vmtar}

# --- boot.cfg -------------------------------------------------------------
mods6="/jumpstrt.gz --- /useropts.gz --- /k.b00 --- /chardevs.b00 --- /a.b00 --- /user.b00 --- /uc_intel.b00 --- /uc_amd.b00 --- /sb.v00 --- /s.v00 --- /imgdb.tgz --- /imgpayld.tgz"
mods7="/jumpstrt.gz --- /useropts.gz --- /features.gz --- /k.b00 --- /uc_intel.b00 --- /uc_amd.b00 --- /procfs.b00 --- /vmx.v00 --- /sb.v00 --- /s.v00 --- /imgdb.tgz --- /imgpayld.tgz"
bc() { printf 'bootstate=0\ntitle=%s\ntimeout=5\nprefix=%s\nkernel=/b.b00\nkernelopt=%s\nmodules=%s\nbuild=%s\nupdated=0\n' "$@"; }
bc "Loading ESXi installer" "" "cdromBoot runweasel" "$mods6" 6.7.0-8169922 >"$out/bootcfg/esxi6"
bc "Loading ESXi installer" "" "runweasel" "$mods7" 7.0.3-19193900 >"$out/bootcfg/esxi7"
bc "Loading VMware ESXi" "/" "autoPartition=FALSE systemMediaSize=min" "/s.v00" 8.0.0-1 >"$out/bootcfg/prefix"
printf 'kernel=/b.b00\n' >"$out/bootcfg/minimal"
printf '# comment\n  kernel = b.b00  # trailing\nmodules=a --- b ---  c\n\ntimeout=-1\n' >"$out/bootcfg/spaces"
printf 'bootstate=3\r\nkernel=/b.b00\r\nkernelopt=ks=cdrom:/KS.CFG\r\n' >"$out/bootcfg/crlf"
printf 'this is not a boot.cfg\n' >"$out/bootcfg/bad"
printf 'kernel=/b.b00\nmodules=/../etc/shadow --- /x\n' >"$out/bootcfg/dotdot"
printf 'kernel=/b.b00\ntimeout=99999999999999999999\n' >"$out/bootcfg/bignum"
printf 'title=ESXi #2\n  # kernel=/x\nprefix=http://10.0.0.1/esxi/\nkernel=b.b00\nmodules=k.b00 --- s.v00 arg=1 x#y\nbuild=\n' >"$out/bootcfg/hash-args"

# --- kickstart: the fixtures ------------------------------------------------
for f in "$top"/tests/kickstart/*.ks; do cp "$f" "$out/kickstart/"; done

# --- layout: mode 1 = size in MiB; then sector index, flags, profile ----------
# bytes: mode, 8-byte LE value, sector (0:512 1:4096 2:default), flags
# (bit0 novmfs, bit1 flash, bits2-4 media size), profile (1:6.x 2:7.x).
lay() {
	python3 -c 'import sys,struct; m,v,s,f,p=map(int,sys.argv[1:6]); sys.stdout.buffer.write(struct.pack("<BQBBB",m,v,s,f,p))' "$@" >"$out/layout/$6"
}
lay 1 910 0 0 1 e6-min
lay 1 909 0 0 1 e6-too-small
lay 1 5324 0 0 1 e6-scratch
lay 1 8704 1 0 1 e6-full-4k
lay 1 16384 0 2 1 e6-flash
lay 1 4096 0 0 2 e7-min
lay 1 10240 1 0 2 e7-10g-4k
lay 1 32768 0 2 2 e7-flash
lay 1 145408 0 0 2 e7-142g
lay 1 2097152 0 4 2 e7-2t-min
lay 1 2097152 1 12 2 e7-2t-max
lay 0 18446744073709551615 0 0 2 e7-huge
lay 1 65536 3 0 2 bad-sector
lay 1 65536 0 0 0 no-profile

# --- passwords: first byte 0 asks for a hash round trip -------------------------
pw() { printf '%b' "$1" >"$out/passwd/$2"; }
pw '\x00Sekrit-Pass9' ok-hash
pw '\x01Sekrit-Pass9' ok
pw '\x01abc' short
pw '\x01Aa1!Aa1!Aa1!Aa1!Aa1!Aa1!Aa1!Aa1!Aa1!Aa1!X' long
pw '\x01Password1' classes
pw '\x01pässwörd-1' not-ascii
pw '\x01' empty
pw '\x01$6$saltsalt$QZcPcrl3cYqE7fvnXhcdY8zJ6K6D0ajhFb5HrkEdS4q5FSgYUDbvHw7J8HBj3u6RRYIuJCHeKEb3tEg8tqORW1' sha512
pw '\x01$6$rounds=5000$saltsalt$QZcPcrl3cYqE7fvnXhcdY8zJ6K6D0ajhFb5HrkEdS4q5FSgYUDbvHw7J8HBj3u6RRYIuJCHeKEb3tEg8tqORW1' rounds
pw '\x01$1$saltsalt$abcdefghijklmnopqrstuv' md5
pw '\x01abcdefghijklm' des

# --- media: tiny ESXi-format trees as tar, tgz, cpio and ISO ----------------
stage=$(mktemp -d)
trap 'rm -rf "$stage"' EXIT
tree() {
	local d=$1 mods=$2 m
	mkdir -p "$d/EFI/BOOT"
	printf 'b' >"$d/B.B00"
	for m in ${mods//---/}; do m=${m#/}; printf '%s' "$m" >"$d/$(printf %s "$m" | tr a-z A-Z)"; done
	bc "Loading ESXi installer" "" "cdromBoot runweasel" "$mods" "$3" >"$d/BOOT.CFG"
	cp "$d/BOOT.CFG" "$d/EFI/BOOT/BOOT.CFG"
	printf 'efi' >"$d/EFI/BOOT/BOOTX64.EFI"
	printf 'mboot' >"$d/MBOOT.C32"
	printf 'EULA\n' >"$d/EULA.TXT"
}
tree "$stage/m6" "/k.b00 --- /s.v00" 6.7.0-8169922
tree "$stage/m7" "/k.b00 --- /sb.v00 --- /s.v00" 7.0.3-19193900
(cd "$stage/m6" && bsdtar -cf "$out/media/esxi6.tar" --format ustar *)
(cd "$stage/m7" && bsdtar -cf "$out/media/esxi7.tar" --format pax *)
(cd "$stage/m6" && bsdtar -czf "$out/media/esxi6.tgz" *)
(cd "$stage/m7" && bsdtar -cf "$out/media/esxi7.cpio" --format newc *)
(cd "$stage/m6" && bsdtar -cf "$out/media/esxi6-gnu.tar" --format gnutar ./*)
xorriso -as mkisofs -quiet -no-pad -iso-level 2 -V ESXI-6.7.0-FIXTURE -o "$out/media/esxi6.iso" "$stage/m6" 2>/dev/null
head -c $(( $(stat -c %s "$out/media/esxi6.iso") / 2 )) "$out/media/esxi6.iso" >"$out/media/esxi6-truncated.iso"
# what fuzz_media found: folders that loop, a root folder claiming ~4 GiB
cp "$top/tests/hostile/iso-dirloop.iso" "$out/media/"
for c in a:0xff000800 b:0xffff0800; do
	python3 "$top/tests/hostile/isoroot.py" "$out/media/esxi6.iso" "$out/media/iso-rootdir-4gib-${c%%:*}.iso" "${c#*:}"
done
# an empty build= and the version in an image database (imgdb.tgz)
mkdir -p "$stage/m6db/db/var/db/esximg/profiles" "$stage/m6db/db/var/db/esximg/vibs"
tree "$stage/m6db" "/k.b00 --- /imgdb.tgz" ""
printf '<imageprofile><name>ESXi-6.7.0-8169922-standard</name><viblist><vib><vib-id>VMware_bootbank_esx-base_6.7.0-0.0.8169922</vib-id></vib></viblist></imageprofile>' \
	>"$stage/m6db/db/var/db/esximg/profiles/ESXi-6.7.0-8169922-standard"
printf '<vib version="5.0"><!-- x --><name>esx-base</name><version><![CDATA[6.7.0-0.0.8169922]]></version></vib>' \
	>"$stage/m6db/db/var/db/esximg/vibs/esx-base-1.xml"
(cd "$stage/m6db/db" && bsdtar -czf ../IMGDB.TGZ --format ustar var) && rm -rf "$stage/m6db/db"
(cd "$stage/m6db" && bsdtar -cf "$out/media/esxi6-imgdb.tar" --format ustar *)
mkdir -p "$stage/bad/a"
printf 'kernel=/b.b00\nmodules=/../etc/shadow\n' >"$stage/bad/BOOT.CFG"
(cd "$stage/bad" && bsdtar -cPf "$out/media/dotdot.tar" -s ",^BOOT,../BOOT," BOOT.CFG)
ln -s /etc/shadow "$stage/bad/B.B00"
(cd "$stage/bad" && bsdtar -cf "$out/media/symlink.tar" BOOT.CFG B.B00)

# --- vmtar: small payloads from the fixture generator, each compression ---
mkdir -p "$stage/kit"
printf 'MZ safeboot VMWARE FAT16     bootUUID=' >"$stage/kit/safeboot.efi"
printf 'MZ mboot kernelopt Multiboot' >"$stage/kit/mboot.efi"
head -c 424 /dev/zero | tr '\0' '3' >"$stage/kit/gptmbr.bin"
kit=(boot/safeboot.efi="$stage/kit/safeboot.efi" boot/BOOTx64.EFI="$stage/kit/mboot.efi"
	boot/gptmbr.bin="$stage/kit/gptmbr.bin")
for c in none gzip gzip+xz gzip+zstd; do
	python3 "$top/tests/fixtures/mkvmtar.py" --compress "$c" --dir boot "$out/vmtar/kit-$c" "${kit[@]}"
done
python3 "$top/tests/fixtures/mkvmtar.py" --reverse-data "$out/vmtar/reversed" "${kit[@]}"
mkdir -p "$stage/tgz/payloads"
cp "$out/vmtar/kit-gzip+xz" "$stage/tgz/payloads/btldr.v00"
(cd "$stage/tgz" && bsdtar -czf "$out/vmtar/imgpayld.tgz" --format ustar payloads)
