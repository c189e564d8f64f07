#!/usr/bin/env python3
"""isoroot.py - copy an ISO9660 image with the data length of its root
directory record (in the primary volume descriptor) set to LENGTH bytes,
in both byte orders, as the hostile images fuzz_media found have it: a
root folder that claims about 4 GiB inside an image of a few KiB.

    isoroot.py IN OUT LENGTH        (LENGTH: decimal or 0x... hex)

Used by mkhostile.sh (the hostile-media tests) and mkcorpus.sh (the fuzz
seeds)."""
import struct
import sys

SECTOR = 2048
PVD = 16 * SECTOR		# ECMA-119: the volume descriptors start at sector 16
ROOT = PVD + 156		# the root directory record inside the PVD
DATA_LENGTH = ROOT + 10		# both-endian 32-bit: LE at +10, BE at +14

if len(sys.argv) != 4:
    sys.exit("usage: isoroot.py IN OUT LENGTH")
src, dst, length = sys.argv[1], sys.argv[2], int(sys.argv[3], 0)
data = bytearray(open(src, "rb").read())
if data[PVD:PVD + 6] != b"\x01CD001":
    sys.exit("isoroot.py: %s has no primary volume descriptor at sector 16" % src)
if data[ROOT] != 34:
    sys.exit("isoroot.py: %s: the root directory record is not 34 bytes" % src)
struct.pack_into("<I", data, DATA_LENGTH, length)
struct.pack_into(">I", data, DATA_LENGTH + 4, length)
with open(dst, "wb") as f:
    f.write(data)
