#!/usr/bin/env python3
"""sparse.py - look at large sparse image files without reading their holes
(lseek SEEK_DATA/SEEK_HOLE), so a 16 GiB image is checked in moments.

usage: sparse.py extents FILE            the data extents, "START END" a line
       sparse.py sum FILE                "SIZE SHA256" of the size, the data
                                         extents and their bytes: any write,
                                         even of zeros into a hole, changes it
       sparse.py content FILE [FROM [TO]]  SHA256 of the bytes in [FROM, TO)
                                         only: holes, written zeros and the
                                         end of the file are all alike
       sparse.py find FILE TEXT          exit 0 when TEXT's bytes are in the
                                         file's data, 1 when they are not

Exits 2 with a message when a file cannot be read. The functions of the
same names can be imported by other Python tools."""
import errno
import hashlib
import os
import stat
import sys

PIECE = 8 << 20      # how much is read at once
BLOCK = 1 << 20      # content(): the unit compared, aligned to offset 0


def size_of(fd):
    """The size of the open file or block device fd."""
    return os.lseek(fd, 0, os.SEEK_END)


def extents(fd):
    """Yield (start, end) of each data extent of the open file fd (a block
    device is all data)."""
    size = size_of(fd)
    if stat.S_ISBLK(os.fstat(fd).st_mode):     # no SEEK_DATA there
        if size:
            yield 0, size
        return
    pos = 0
    while pos < size:
        try:
            start = os.lseek(fd, pos, os.SEEK_DATA)
        except OSError as e:
            if e.errno == errno.ENXIO:      # no data past pos
                return
            raise
        end = min(os.lseek(fd, start, os.SEEK_HOLE), size)
        if start >= end:
            return
        yield start, end
        pos = end


def pieces(fd, start, end, extra=0):
    """Yield (offset, bytes) reading [start, end) in pieces; each piece
    also holds up to extra bytes past its end (for matches across pieces)."""
    off = start
    while off < end:
        n = min(PIECE, end - off)
        buf = os.pread(fd, n + extra, off)
        if not buf:
            raise OSError(errno.EIO, "short read at %d" % off)
        yield off, buf
        off += min(n, len(buf))


def layout_sum(path):
    """"SIZE SHA256" over the file's size, its data extents and their bytes."""
    fd = os.open(path, os.O_RDONLY)
    try:
        size = size_of(fd)
        h = hashlib.sha256(b"%d;" % size)
        for start, end in extents(fd):
            h.update(b"%d-%d;" % (start, end))
            for _, buf in pieces(fd, start, end):
                h.update(buf)
        return "%d %s" % (size, h.hexdigest())
    finally:
        os.close(fd)


def content_sum(path, lo=0, hi=None):
    """SHA256 over each BLOCK of [lo, hi) that holds a non-zero byte: its
    offset and its bytes up to the last non-zero one. Zeros, holes and
    what lies past the end of the file all count as nothing, so equal
    sums mean equal bytes wherever either file holds data."""
    fd = os.open(path, os.O_RDONLY)
    try:
        size = size_of(fd)
        hi = size if hi is None else min(hi, size)
        h = hashlib.sha256()
        done = lo               # blocks before this offset are hashed
        for start, end in extents(fd):
            start, end = max(start, lo), min(end, hi)
            if start >= end or end <= done:
                continue
            off = max(done, start - start % BLOCK)
            while off < end:
                first = max(off, lo)
                stop = min(off - off % BLOCK + BLOCK, hi)
                data = os.pread(fd, stop - first, first).rstrip(b"\0")
                if data:
                    h.update(b"%d %d:" % (first, len(data)))
                    h.update(data)
                off = stop
            done = off
        return h.hexdigest()
    finally:
        os.close(fd)


def find(path, text):
    """Whether the bytes text occur in the file's data extents."""
    fd = os.open(path, os.O_RDONLY)
    try:
        for start, end in extents(fd):
            for _, buf in pieces(fd, start, end, len(text)):
                if text in buf:
                    return True
        return False
    finally:
        os.close(fd)


def main(argv):
    """Run one subcommand; the exit status as the usage text says."""
    cmd, args = (argv[1], argv[2:]) if len(argv) > 1 else ("", [])
    try:
        if cmd == "extents" and len(args) == 1:
            fd = os.open(args[0], os.O_RDONLY)
            try:
                for start, end in extents(fd):
                    print(start, end)
            finally:
                os.close(fd)
        elif cmd == "sum" and len(args) == 1:
            print(layout_sum(args[0]))
        elif cmd == "content" and 1 <= len(args) <= 3 and all(a.isdigit() for a in args[1:]):
            print(content_sum(args[0], *(int(a) for a in args[1:])))
        elif cmd == "find" and len(args) == 2:
            return 0 if find(args[0], os.fsencode(args[1])) else 1
        else:
            sys.stderr.write(__doc__[__doc__.index("usage:"):__doc__.index("\n\nExits")] + "\n")
            return 2
    except OSError as e:
        sys.stderr.write("sparse.py %s: %s: %s\n" % (cmd, e.filename or args[0], e.strerror or e))
        return 2
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv))
