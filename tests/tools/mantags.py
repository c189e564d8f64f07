#!/usr/bin/env python3
"""mantags.py - list the tagged paragraphs (.TP) of a man(7) page, so tests
can compare what the manual documents with what the program does.

usage: mantags.py PAGE

Prints one line per .TP tag: SECTION<TAB>SUBSECTION<TAB>TAG, the tag as
plain text (font macros and escapes removed, alternating macros joined
the way troff joins them). Only the handful of requests stoat.1 uses are
understood; anything else in a tag line is an error, so that the test
fails rather than reads a tag wrongly."""
import shlex
import sys

ESCAPES = {r"\-": "-", r"\(lq": '"', r"\(rq": '"', r"\ ": " ", r"\&": "",
           r"\|": "", r"\fB": "", r"\fI": "", r"\fR": "", r"\fP": "",
           r"\e": "\\"}


def plain(text):
    """Text with the escapes stoat.1 uses replaced by what they print."""
    out = text
    for k, v in ESCAPES.items():
        out = out.replace(k, v)
    if "\\" in out:
        raise ValueError("unknown escape in %r" % text)
    return out


def args(line):
    """The arguments of a request line, quotes as troff reads them."""
    rest = line.split(None, 1)[1] if " " in line.strip() else ""
    # shlex would eat backslashes; protect them first.
    lex = shlex.shlex(rest.replace("\\", "\x00"), posix=True)
    lex.whitespace_split = True
    lex.commenters = ""
    lex.escape = ""
    return [a.replace("\x00", "\\") for a in lex]


def tag_text(line):
    """The printed text of a tag line (a font request or plain text)."""
    if not line.startswith("."):
        return plain(line)
    req = line.split()[0][1:]
    a = args(line)
    if req in ("B", "I"):
        return plain(" ".join(a))
    if req in ("BR", "RB", "BI", "IB", "IR", "RI"):
        return plain("".join(a))
    raise ValueError("unexpected request in a tag: %r" % line)


def main():
    section = sub = ""
    want_tag = False
    with open(sys.argv[1], encoding="utf-8") as f:
        for n, raw in enumerate(f, 1):
            line = raw.rstrip("\n")
            if line.startswith('.\\"'):
                continue
            try:
                if want_tag:
                    print("%s\t%s\t%s" % (section, sub, tag_text(line)))
                    want_tag = False
                elif line.startswith(".SH"):
                    section, sub = plain(" ".join(args(line))), ""
                elif line.startswith(".SS"):
                    sub = plain(" ".join(args(line)))
                elif line.split()[:1] == [".TP"]:
                    want_tag = True
            except ValueError as e:
                sys.exit("%s:%d: %s" % (sys.argv[1], n, e))


if __name__ == "__main__":
    main()
