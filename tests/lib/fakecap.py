#!/usr/bin/python3
# fakecap.py - a fake-capacity "stick" for the probe tests: a FUSE file
# system holding one file, "disk", that claims APPARENT bytes but stores
# only REAL bytes in the file STORE, every access wrapping around at REAL,
# as the address lines of a counterfeit USB stick do.
#
#   fakecap.py MOUNTPOINT STORE APPARENT REAL
#
# Runs in the foreground until unmounted. Direct I/O, so that a loop device
# on the file reads what the store holds, not what the page cache kept.
import errno
import os
import stat
import sys

from fusepy import FUSE, FuseOSError, Operations


class FakeCap(Operations):
    """One file whose bytes wrap around at the real size."""

    def __init__(self, store, apparent, real):
        self.fd = os.open(store, os.O_RDWR | os.O_CREAT, 0o600)
        os.ftruncate(self.fd, real)
        self.apparent, self.real = apparent, real

    def getattr(self, path, fh=None):
        if path == "/":
            return {"st_mode": stat.S_IFDIR | 0o755, "st_nlink": 2}
        if path == "/disk":
            return {"st_mode": stat.S_IFREG | 0o600, "st_nlink": 1, "st_size": self.apparent}
        raise FuseOSError(errno.ENOENT)

    def readdir(self, path, fh):
        return [".", "..", "disk"]

    def open(self, path, flags):
        if path != "/disk":
            raise FuseOSError(errno.ENOENT)
        return 0

    def _pieces(self, size, offset):
        """Split an access into runs that do not cross the wrap."""
        size = max(0, min(size, self.apparent - offset))
        while size > 0:
            at = offset % self.real
            n = min(size, self.real - at)
            yield at, n
            offset += n
            size -= n

    def read(self, path, size, offset, fh):
        return b"".join(os.pread(self.fd, n, at) for at, n in self._pieces(size, offset))

    def write(self, path, data, offset, fh):
        done = 0
        for at, n in self._pieces(len(data), offset):
            os.pwrite(self.fd, data[done:done + n], at)
            done += n
        return len(data)

    def truncate(self, path, length, fh=None):
        return 0

    def fsync(self, path, datasync, fh):
        os.fsync(self.fd)
        return 0

    def flush(self, path, fh):
        return 0


if __name__ == "__main__":
    mnt, store, apparent, real = sys.argv[1], sys.argv[2], int(sys.argv[3]), int(sys.argv[4])
    FUSE(FakeCap(store, apparent, real), mnt, foreground=True, direct_io=True, nothreads=True)
