#!/usr/bin/env python3
"""disks.py - read `stoat list-disks --json` output and print facts.

Usage: disks.py JSONFILE NAME:GIB ...

Finds each expected disk by its size in bytes (the VM's disks all differ in
size) and prints one line per fact, "NAME FIELD VALUE", for the shell test
to compare:  transport, driver, flash, verdict, readonly, reason, path.
A disk that is not listed prints "NAME missing". Accepts one JSON object per
line or a JSON array. Field names are looked up with a few spellings so a
renamed field shows up as "(absent)" rather than a crash.
"""
import json
import sys

GIB = 1 << 30
FIELDS = {
    "transport": ("transport", "tran"),
    "driver": ("driver",),
    "flash": ("flash", "is_flash"),
    "verdict": ("verdict", "status"),
    "readonly": ("readonly", "read_only", "ro"),
    "reason": ("reason",),
    "path": ("path", "dev", "device"),
}


def load(text):
    """Every disk object in the text: a JSON array, an object holding
    "disks", or one object per line. Anything else raises ValueError."""
    try:
        obj = json.loads(text)
    except ValueError:
        obj = None
    if isinstance(obj, list):
        return obj
    if isinstance(obj, dict):
        return obj.get("disks", [obj])
    out = []
    for line in text.splitlines():
        if line.strip():
            obj = json.loads(line)
            if not isinstance(obj, dict):
                raise ValueError("a line that is not a JSON object: " + line)
            out.append(obj)
    return out


def value(disk, field):
    """The field's value as text; booleans as true/false."""
    for key in FIELDS[field]:
        if key in disk:
            v = disk[key]
            if isinstance(v, bool):
                return "true" if v else "false"
            if v is None or v == "":
                return "(empty)"
            return str(v)
    return "(absent)"


def main():
    with open(sys.argv[1], encoding="utf-8") as f:
        try:
            disks = load(f.read())
        except ValueError as e:
            print("json invalid %s" % str(e).replace("\n", " "))
            return 0
    print("json count %d" % len(disks))
    for spec in sys.argv[2:]:
        name, gib = spec.split(":")[:2]
        want = int(gib) * GIB
        found = [d for d in disks if d.get("size") == want]
        if not found:
            print("%s missing" % name)
            continue
        for field in FIELDS:
            print("%s %s %s" % (name, field, value(found[0], field)))
    return 0


if __name__ == "__main__":
    sys.exit(main())
