#!/usr/bin/env python3
"""isoroot.py - copy an ISO9660 image with the data length of a folder
record set to LENGTH bytes, in both byte orders, as the hostile images
fuzz_media found have it: a root folder that claims about 4 GiB inside an
image of a few KiB.

    isoroot.py IN OUT LENGTH [WHERE]     (LENGTH: decimal or 0x... hex)

WHERE is pvd (the root record of the primary volume descriptor, the
default), svd (that of the first supplementary one: Joliet) or dir:NAME
(the record of folder NAME in the primary root folder).

Used by mkhostile.sh (the hostile-media tests) and mkcorpus.sh (the fuzz
seeds)."""
import struct
import sys

SECTOR = 2048
PVD = 16 * SECTOR		# ECMA-119: the volume descriptors start at sector 16
ROOT = 156			# the root folder's record inside a descriptor
DATA_LENGTH = 10		# in a record, both-endian 32-bit: LE at +10, BE at +14


def descriptor(data, kind):
    """Offset of the first volume descriptor of type kind (1 or 2)."""
    at = PVD
    while data[at + 1:at + 6] == b"CD001" and data[at] != 255:
        if data[at] == kind:
            return at
        at += SECTOR
    sys.exit("isoroot.py: %s has no volume descriptor of type %d" % (src, kind))


def record(data, where):
    """Offset of the folder record to patch."""
    if where in ("pvd", "svd"):
        vd = descriptor(data, 1 if where == "pvd" else 2)
        if data[vd + ROOT] != 34:
            sys.exit("isoroot.py: %s: the root record is not 34 bytes" % src)
        return vd + ROOT
    name = where.split(":", 1)[1].encode()
    root = struct.unpack_from("<I", data, descriptor(data, 1) + ROOT + 2)[0] * SECTOR
    at = root
    while data[at]:
        if data[at + 33:at + 33 + data[at + 32]] == name:
            return at
        at += data[at]
    sys.exit("isoroot.py: %s has no folder %s at its root" % (src, name.decode()))


if len(sys.argv) not in (4, 5):
    sys.exit("usage: isoroot.py IN OUT LENGTH [pvd|svd|dir:NAME]")
src, dst, length = sys.argv[1], sys.argv[2], int(sys.argv[3], 0)
where = sys.argv[4] if len(sys.argv) == 5 else "pvd"
data = bytearray(open(src, "rb").read())
at = record(data, where) + DATA_LENGTH
struct.pack_into("<I", data, at, length)
struct.pack_into(">I", data, at + 4, length)
with open(dst, "wb") as f:
    f.write(data)
