#!/usr/bin/env python3
"""linetimes.py OUT CMD [ARG...]: run CMD with its stdout on a pipe (not a
terminal) and write each line it prints to OUT as "SECONDS<TAB>LINE", where
SECONDS is time.monotonic() when the line arrived, relative to the start.
Bytes are kept as read (decoded as latin-1), so control characters survive
for the caller to look for. Exits with CMD's exit status."""
import subprocess
import sys
import time

out_path, cmd = sys.argv[1], sys.argv[2:]
t0 = time.monotonic()
p = subprocess.Popen(cmd, stdout=subprocess.PIPE, stdin=subprocess.DEVNULL, bufsize=0)
with open(out_path, "w", encoding="latin-1", newline="") as out:
    buf = b""
    while True:
        chunk = p.stdout.read(4096)
        now = time.monotonic() - t0
        if not chunk:
            break
        buf += chunk
        while b"\n" in buf:
            line, buf = buf.split(b"\n", 1)
            out.write("%.3f\t%s\n" % (now, line.decode("latin-1")))
    if buf:
        out.write("%.3f\t%s\n" % (time.monotonic() - t0, buf.decode("latin-1")))
sys.exit(p.wait())
