#!/bin/bash
# mkhostile.sh - build the hostile-media corpus at test time (nothing large
# is kept in git). Every medium is a small ESXi 6.7 tree (B.B00, K.B00,
# S.V00, BOOT.CFG, EFI/BOOT/..., and VMware's boot loader from the esx-boot
# kit as real media carry it: the kit in BTLDR.T00, mboot loose as
# EFI/BOOT/BOOTX64.EFI, MBOOT.C32 and SAFEBOOT.C32; see
# tests/fixtures/esxboot.sh) with one hostile twist.
#
#   mkhostile.sh [--base-only] OUTDIR
#
# Writes OUTDIR/base.tar (the untouched tree, which installs fine) and one
# OUTDIR/NAME.{tar,tgz,iso} per case; prints "NAME FILE" per case.
# --base-only writes base.tar alone.
#   member-dotdot     a member named ../../etc/cron.d/stoat
#   member-absolute   a member named /etc/shadow, which boot.cfg lists
#   module-dotdot     boot.cfg names /../../etc/shadow
#   module-absolute   boot.cfg names //etc/shadow
#   symlink           K.B00 is a symbolic link to /etc/shadow
#   hardlink-out      K.B00 is a hard link to /etc/shadow
#   hardlink-in       K.B00 is a hard link to S.V00
#   chardev, blockdev, fifo    K.B00 is a device node (1:3, 7:0) or a FIFO
#   bootcfg-100mb     BOOT.CFG is 100 MB (compressed: a tgz of ~100 KB)
#   modules-100000    modules= lists 100000 names
#   modules-300       modules= lists 300 names (in a small boot.cfg)
#   too-big           S.V00 is 600 MiB, more than the 250 MiB bootbank
#   tar-bomb          a 1 MiB tgz whose S.V00 unpacks to 1 GiB
#   iso-cut-*         a valid ISO cut inside the system area, the primary
#                     volume descriptor, the path table, the root
#                     directory, a module's extent, and its last byte
#   iso-rootdir-4gib-a, -b   the valid ISO whose root directory record
#                     claims 0xff000800 and 0xffff0800 bytes (isoroot.py),
#                     as the two images fuzz_media found
#   iso-joliet-4gib   the same ISO with Joliet names, whose Joliet root
#                     record claims 0xff000800 bytes
#   iso-folder-4gib   the ISO whose folder EFI claims 0xff000800 bytes
set -euo pipefail
base_only=no
[ "${1:-}" = --base-only ] && { base_only=yes; shift; }
[ $# = 1 ] || { echo "usage: mkhostile.sh [--base-only] OUTDIR" >&2; exit 2; }
out=$(realpath -m -- "$1")
mkdir -p "$out"
command -v xorriso >/dev/null || { echo "mkhostile.sh: xorriso is missing" >&2; exit 1; }
top=$(cd "$(dirname "$0")/../.." && pwd)
. "$top/tests/fixtures/esxboot.sh"
kit=$(esxboot_dir "$top") || exit 1
btldr=$(mktemp "${TMPDIR:-/tmp}/mkhostile.XXXXXX")
trap 'rm -f "$btldr"' EXIT
esxboot_vmtar "$top" "$kit" 6 "$btldr"

python3 - "$out" "$base_only" "$kit" "$btldr" <<'PY'
import gzip, io, os, struct, sys, tarfile, zlib

out, kit = sys.argv[1], sys.argv[3]
MODS = ["/k.b00", "/btldr.t00", "/s.v00"]


def kit_file(name):
    with open(os.path.join(kit, name), "rb") as f:
        return f.read()


LOADERS = [("BTLDR.T00", open(sys.argv[4], "rb").read()),
           ("EFI/BOOT/BOOTX64.EFI", kit_file("bin/mboot64.efi")),
           ("MBOOT.C32", kit_file("bin/mboot.c32")),
           ("SAFEBOOT.C32", kit_file("bin/safeboot.c32"))]


def bootcfg(mods=MODS, pad=b""):
    text = ("bootstate=0\ntitle=Loading ESXi installer\ntimeout=5\nprefix=\n"
            "kernel=/b.b00\nkernelopt=cdromBoot runweasel\nmodules=%s\n"
            "build=6.7.0-8169922\nupdated=0\n" % " --- ".join(mods)).encode()
    return text + pad


def tree(cfg=None):
    """The plain media: (name, bytes) pairs, ISO-style upper-case names."""
    cfg = cfg if cfg is not None else bootcfg()
    return [("BOOT.CFG", cfg), ("EFI/BOOT/BOOT.CFG", cfg)] + LOADERS + [
            ("B.B00", b"kernel-b" * 4000), ("K.B00", b"module-k" * 3000),
            ("S.V00", b"module-s" * 5000)]	# S.V00 last: too-big, tar-bomb


def add(tf, name, data=b"", kind=tarfile.REGTYPE, link="", dev=(0, 0), size=None):
    ti = tarfile.TarInfo(name)
    ti.type, ti.linkname, ti.mode, ti.mtime = kind, link, 0o644, 1600000000
    ti.devmajor, ti.devminor = dev
    ti.size = len(data) if size is None else size
    tf.addfile(ti, io.BytesIO(data) if kind == tarfile.REGTYPE else None)


def write_tar(name, files, extra=(), skip=(), gz=False):
    path = os.path.join(out, name)
    with tarfile.open(path, "w:gz" if gz else "w", format=tarfile.PAX_FORMAT) as tf:
        for n, d in files:
            if n not in skip:
                add(tf, n, d)
        for e in extra:
            add(tf, *e[:1], **e[1])
    print(name.split(".")[0], path)


write_tar("base.tar", tree())
if sys.argv[2] == "yes":
    sys.exit(0)
write_tar("member-dotdot.tar", tree(), [("../../etc/cron.d/stoat", {"data": b"* * * * * root id\n"})])
write_tar("member-absolute.tar", tree(bootcfg(MODS + ["/etc/shadow"])),
          [("/etc/shadow", {"data": b"root::0:0:::::\n"})])
write_tar("module-dotdot.tar", tree(bootcfg(MODS + ["/../../etc/shadow"])))
write_tar("module-absolute.tar", tree(bootcfg(MODS + ["//etc/shadow"])))
write_tar("symlink.tar", tree(), [("K.B00", {"kind": tarfile.SYMTYPE, "link": "/etc/shadow"})], skip={"K.B00"})
write_tar("hardlink-out.tar", tree(), [("K.B00", {"kind": tarfile.LNKTYPE, "link": "/etc/shadow"})], skip={"K.B00"})
write_tar("hardlink-in.tar", tree(), [("K.B00", {"kind": tarfile.LNKTYPE, "link": "S.V00"})], skip={"K.B00"})
write_tar("chardev.tar", tree(), [("K.B00", {"kind": tarfile.CHRTYPE, "dev": (1, 3)})], skip={"K.B00"})
write_tar("blockdev.tar", tree(), [("K.B00", {"kind": tarfile.BLKTYPE, "dev": (7, 0)})], skip={"K.B00"})
write_tar("fifo.tar", tree(), [("K.B00", {"kind": tarfile.FIFOTYPE})], skip={"K.B00"})
write_tar("bootcfg-100mb.tgz", tree(bootcfg(pad=b"# padding\n" * (10 << 20))), gz=True)
write_tar("modules-100000.tgz", tree(bootcfg(["/m%05d.v00" % i for i in range(100000)])), gz=True)
write_tar("modules-300.tar", tree(bootcfg(["/m%03d.v00" % i for i in range(300)])))
write_tar("too-big.tgz", tree()[:-1], [("S.V00", {"data": bytes(600 << 20)})], gz=True)

# The tar bomb: one tar header saying 1 GiB, then 1024 copies of one gzip
# member holding 1 MiB of zeros (gzip streams may be concatenated).
path = os.path.join(out, "tar-bomb.tgz")
buf = io.BytesIO()
tf = tarfile.open(fileobj=buf, mode="w", format=tarfile.PAX_FORMAT)
for n, d in tree()[:-1]:
    add(tf, n, d)
head = buf.getvalue()[:tf.offset]		# no end-of-archive blocks yet
ti = tarfile.TarInfo("S.V00")
ti.size, ti.mtime = 1 << 30, 1600000000
head += ti.tobuf(tarfile.USTAR_FORMAT)
zeros = gzip.compress(bytes(1 << 20), 9)
with open(path, "wb") as f:
    f.write(gzip.compress(head, 9))
    for _ in range(1024):
        f.write(zeros)
    f.write(gzip.compress(bytes(1024), 9))	# end-of-archive
print("tar-bomb", path)

# A plain tree on disk for the ISO.
stage = os.path.join(out, "iso-tree")
for n, d in tree():
    p = os.path.join(stage, n)
    os.makedirs(os.path.dirname(p), exist_ok=True)
    with open(p, "wb") as f:
        f.write(d)
PY
[ $base_only = yes ] && exit 0

iso=$out/whole.iso
xorriso -as mkisofs -quiet -no-pad -iso-level 2 -V ESXI-6.7.0-HOSTILE -o "$iso" "$out/iso-tree" 2>/dev/null
joliet=$out/joliet.iso
xorriso -as mkisofs -quiet -no-pad -iso-level 2 -J -V ESXI-6.7.0-HOSTILE -o "$joliet" "$out/iso-tree" 2>/dev/null
rm -rf "$out/iso-tree"
echo "iso-whole $iso"
# Cut points from the ISO's own structures (ECMA-119): PVD at 16 * 2048;
# path table LBA at PVD+140 (LE 32); root record at PVD+156 (extent LBA at
# +2); K.B00's extent from the root directory.
python3 - "$iso" "$out" <<'PY'
import os, struct, sys
iso, out = sys.argv[1], sys.argv[2]
data = open(iso, "rb").read()
pvd = data[16 * 2048:17 * 2048]
assert pvd[1:6] == b"CD001", "not an ISO"
ptable = struct.unpack_from("<I", pvd, 140)[0] * 2048
root = struct.unpack_from("<I", pvd, 156 + 2)[0] * 2048
kext = None
pos = root
while pos < root + 2048 and data[pos]:
    ln = data[pos]
    name = data[pos + 33:pos + 33 + data[pos + 32]]
    if name.split(b";")[0] == b"K.B00":
        kext = (struct.unpack_from("<I", data, pos + 2)[0] * 2048,
                struct.unpack_from("<I", data, pos + 10)[0])
    pos += ln
assert kext, "K.B00 not in the root directory"
cuts = {
    "iso-cut-system-area": 20 * 1024,
    "iso-cut-pvd": 16 * 2048 + 1024,
    "iso-cut-path-table": ptable + 10,
    "iso-cut-root-dir": root + 40,
    "iso-cut-module": kext[0] + kext[1] // 2,
    "iso-cut-last-byte": len(data) - 1,
}
for name, at in cuts.items():
    p = os.path.join(out, name + ".iso")
    with open(p, "wb") as f:
        f.write(data[:at])
    print(name, p)
PY
for c in a:0xff000800 b:0xffff0800; do
	python3 "$top/tests/hostile/isoroot.py" "$iso" "$out/iso-rootdir-4gib-${c%%:*}.iso" "${c#*:}"
	echo "iso-rootdir-4gib-${c%%:*} $out/iso-rootdir-4gib-${c%%:*}.iso"
done
python3 "$top/tests/hostile/isoroot.py" "$joliet" "$out/iso-joliet-4gib.iso" 0xff000800 svd
rm -f "$joliet"
echo "iso-joliet-4gib $out/iso-joliet-4gib.iso"
python3 "$top/tests/hostile/isoroot.py" "$iso" "$out/iso-folder-4gib.iso" 0xff000800 dir:EFI
echo "iso-folder-4gib $out/iso-folder-4gib.iso"
