#!/usr/bin/env python3
"""screencheck.py - check captured wizard screens (tmux capture-pane text)
the way a reader would, independent of stoat's own width code.

usage: screencheck.py [--po FILE.po] [--allow WORD]... SCREEN...

For every screen:
  * every dialog frame is straight: each row between a top corner and its
    bottom corner has a vertical border at the same display columns as the
    corners, counting East Asian wide characters as two columns, and no row
    is wider than the terminal (80 columns);
  * with --po: no English is left. A word is English when it is in an
    English message (msgid) of the catalog and in none of its translations;
    identifiers stay allowed because the translations keep them (F11,
    ESXi, USB), and --allow adds others (keyboard layout names).
Prints one line per problem and exits 1 when there is any."""
import re
import sys
import unicodedata

WIDTH = 80
CORNERS_TOP = {"┌": "┐", "+": "+"}
VERT = set("│├┤|+")


def cols(ch):
    """Display columns of one character, as a terminal draws it."""
    if unicodedata.combining(ch):
        return 0
    return 2 if unicodedata.east_asian_width(ch) in ("W", "F") else 1


def column_map(line):
    """List of (column, char) for each character of a line."""
    out, col = [], 0
    for ch in line:
        out.append((col, ch))
        col += cols(ch)
    return out, col


def char_at(cmap, col):
    """The character that starts at display column col, or None."""
    for c, ch in cmap:
        if c == col:
            return ch
        if c > col:
            return None
    return None


def check_frames(name, lines):
    """Every frame's rows have borders at the corners' columns."""
    problems = []
    maps = [column_map(l) for l in lines]
    for i, (cmap, width) in enumerate(maps):
        if width > WIDTH:
            problems.append(f"{name}:{i + 1}: {width} columns, wider than {WIDTH}")
        for c, ch in cmap:
            if ch not in CORNERS_TOP:
                continue
            # the matching corner further along the same row
            right = next((c2 for c2, ch2 in cmap
                          if c2 > c and ch2 == CORNERS_TOP[ch]), None)
            if right is None or right - c < 4:
                continue
            # ASCII frames use + for every corner: a bottom one has a
            # border above it
            if ch == "+" and (char_at(cmap, c + 1) != "-" or
                              (i > 0 and char_at(maps[i - 1][0], c) in VERT)):
                continue
            # walk down to the bottom corner
            for j in range(i + 1, len(lines)):
                jm = maps[j][0]
                lch, rch = char_at(jm, c), char_at(jm, right)
                if lch in ("└", "+") and rch in ("┘", "+"):
                    break
                if lch not in VERT or rch not in VERT:
                    problems.append(
                        f"{name}:{j + 1}: the frame from row {i + 1} "
                        f"(columns {c}-{right}) is broken here: "
                        f"{lines[j].rstrip()!r}")
                    break
            else:
                problems.append(f"{name}:{i + 1}: a frame has no bottom")
    return problems


def po_messages(path):
    """msgid and msgstr texts of a .po or .pot file (no header)."""
    ids, strs, cur, which = [], [], [], None

    def flush():
        if which is not None:
            text = "".join(cur)
            (ids if which == "id" else strs).append(text)

    for raw in open(path, encoding="utf-8"):
        line = raw.strip()
        m = re.match(r'^(msgid|msgid_plural|msgstr(?:\[\d+\])?)\s+"(.*)"$', line)
        if m:
            flush()
            which = "id" if m.group(1).startswith("msgid") else "str"
            cur = [m.group(2)]
        elif line.startswith('"') and which is not None:
            cur.append(line[1:-1])
        else:
            flush()
            which, cur = None, []
    flush()
    return [i for i in ids if i], [s for s in strs if s]


WORD = re.compile(r"[A-Za-z][A-Za-z']+")


def unformat(text):
    """A message without its printf conversions and escapes (%s, \\n)."""
    return re.sub(r"%[-0-9.*$]*[a-z]+|\\[nt\"]", " ", text)


def english_words(po, allow):
    """Words of the English messages that no translation keeps."""
    ids, strs = po_messages(po)
    kept = set()
    for s in strs:
        kept.update(w.lower() for w in WORD.findall(unformat(s)))
    kept.update(a.lower() for a in allow)
    eng = set()
    for i in ids:
        # %s and \n are not words; neither are one or two letters
        for w in WORD.findall(unformat(i)):
            if len(w) > 2 and w.lower() not in kept:
                eng.add(w.lower())
    return eng


def check_english(name, lines, eng):
    """No English word of the messages on the screen."""
    problems = []
    for i, line in enumerate(lines):
        # file names and paths are identifiers: (usb.img), /dev/sdb
        text = re.sub(r"\S*[/.]\S*", " ", line)
        found = [w for w in WORD.findall(text) if w.lower() in eng]
        if found:
            problems.append(f"{name}:{i + 1}: English left: {', '.join(found)}: {line.strip()!r}")
    return problems


def main(argv):
    po = None
    allow, screens = [], []
    it = iter(argv)
    for a in it:
        if a == "--po":
            po = next(it)
        elif a == "--allow":
            allow.append(next(it))
        else:
            screens.append(a)
    eng = english_words(po, allow) if po else None
    problems = []
    for s in screens:
        lines = open(s, encoding="utf-8").read().split("\n")
        problems += check_frames(s, lines)
        if eng is not None:
            problems += check_english(s, lines, eng)
    for p in problems:
        print(p)
    return 1 if problems else 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
