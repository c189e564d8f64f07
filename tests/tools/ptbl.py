#!/usr/bin/env python3
"""ptbl.py - read the raw GPT of an image file or block device and print it
the way `partedUtil getptbl` does, so tests can compare what stoat wrote
with what stoat planned through a reader that shares no code with stoat.

usage: ptbl.py [--sector-size N] TARGET

Checks both headers' CRCs, both entry arrays' CRCs and that the backup
array equals the primary; exits 1 with a message on any problem."""
import fcntl
import os
import stat
import struct
import sys
import uuid
import zlib

NAMES = {
    "C12A7328F81F11D2BA4B00A0C93EC93B": "systemPartition",
    "EBD0A0A2B9E5443387C068B6B72699C7": "linuxNative",
    "9D27538040AD11DBBF97000C2911D1B8": "vmkDiagnostic",
    "AA31E02A400F11DB9590000C2911D1B8": "vmfs",
    "4EB2EA3978554790A79EFAE495E21F8D": "vmfsl",
}
ORDER = [1, 5, 6, 7, 8, 9, 2, 3]
BLKGETSIZE64 = 0x80081272
BLKSSZGET = 0x1268


def geometry(path, forced_ss):
    """Total bytes and logical sector size of a file or block device."""
    st = os.stat(path)
    if not stat.S_ISBLK(st.st_mode):
        return st.st_size, forced_ss or 512
    with open(path, "rb") as f:
        size = struct.unpack("Q", fcntl.ioctl(f, BLKGETSIZE64, b"\0" * 8))[0]
        ss = struct.unpack("i", fcntl.ioctl(f, BLKSSZGET, b"\0" * 4))[0]
    return size, forced_ss or ss


def header(f, ss, lba):
    """Parse and check the GPT header at lba; returns a dict."""
    f.seek(lba * ss)
    raw = f.read(512)
    if raw[:8] != b"EFI PART":
        sys.exit(f"ptbl: no GPT header at LBA {lba}")
    hsize, hcrc = struct.unpack_from("<II", raw, 12)
    check = raw[:16] + b"\0\0\0\0" + raw[20:hsize]
    if zlib.crc32(check) != hcrc:
        sys.exit(f"ptbl: bad header CRC at LBA {lba}")
    my, alt, first, last = struct.unpack_from("<QQQQ", raw, 24)
    arr, n, esize, acrc = struct.unpack_from("<QIII", raw, 72)
    if my != lba:
        sys.exit(f"ptbl: header at LBA {lba} says it is at {my}")
    f.seek(arr * ss)
    entries = f.read(n * esize)
    if zlib.crc32(entries) != acrc:
        sys.exit(f"ptbl: bad entry array CRC for header at LBA {lba}")
    return {"alt": alt, "first": first, "last": last, "n": n,
            "esize": esize, "entries": entries}


def main():
    args = sys.argv[1:]
    forced = 0
    if len(args) == 3 and args[0] == "--sector-size":
        forced = int(args[1])
        args = args[2:]
    if len(args) != 1:
        sys.exit("usage: ptbl.py [--sector-size N] TARGET")
    size, ss = geometry(args[0], forced)
    total = size // ss
    with open(args[0], "rb") as f:
        f.seek(0)
        mbr = f.read(512)
        if mbr[510:512] != b"\x55\xaa" or mbr[446 + 4] != 0xEE:
            sys.exit("ptbl: no protective MBR (0xEE) in LBA 0")
        pri = header(f, ss, 1)
        if pri["alt"] != total - 1:
            sys.exit(f"ptbl: backup header at {pri['alt']}, not at the last LBA {total - 1}")
        bak = header(f, ss, pri["alt"])
        if bak["alt"] != 1 or bak["entries"] != pri["entries"]:
            sys.exit("ptbl: the backup GPT differs from the primary")
    parts = {}
    for i in range(pri["n"]):
        e = pri["entries"][i * pri["esize"]:(i + 1) * pri["esize"]]
        if e[:16] == b"\0" * 16:
            continue
        guid = str(uuid.UUID(bytes_le=e[:16])).replace("-", "").upper()
        start, end, attrs = struct.unpack_from("<QQQ", e, 32)
        parts[i + 1] = (start, end, guid, NAMES.get(guid, "unknown"),
                        128 if attrs & 4 else 0)
    print("gpt")
    print(f"{total // 16065} 255 63 {total}")
    for num in ORDER + sorted(set(parts) - set(ORDER)):
        if num in parts:
            print(num, *parts[num])


if __name__ == "__main__":
    main()
