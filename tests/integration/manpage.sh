#!/bin/sh
# manpage.sh - doc/stoat.1 tells the truth about the program: the options
# of `stoat --help` (and of each `stoat COMMAND --help`) are the options it
# documents, under the same headings and with the same arguments; its
# commands are the program's; its exit statuses, function keys and
# environment variables are those the sources use; and man, groff and
# mandoc read it without a warning.
. "$top_srcdir/tests/lib/tap.sh"

page=$top_srcdir/doc/stoat.1
[ -f "$page" ] || skip_all "doc/stoat.1 is missing"
command -v python3 >/dev/null 2>&1 || skip_all "python3 is not installed"
T=$TAP_TMP

python3 "$top_srcdir/tests/tools/mantags.py" "$page" >"$T/tags"
ok $? "mantags.py reads every tag of the page"

# section [SUBSECTION]: the tags of a section, one per line.
section() {
	awk -F '\t' -v s="$1" '$1 == s { print $3 }' "$T/tags"
}

# --- options: --help against OPTIONS -----------------------------------------
# "HEADING<TAB>--option ARG" for every option line of a --help text: the
# headings end in ':', the options stand two columns in.
help_opts() {
	awk '/^[A-Z][^:]*:$/ && $0 != "Usage:" { h = substr($0, 1, length($0) - 1); next }
	     /^  --/ { sub(/^  /, ""); sub(/  .*/, ""); print h "\t" $0 }'
}
LC_ALL=C LANGUAGE= "$STOAT" --help >"$T/help"; ok $? "stoat --help exits 0"
help_opts <"$T/help" >"$T/help.opts"
cmds=$(sed -n 's/^  stoat \([a-z][a-z-]*\) .*/\1/p' "$T/help" | sort -u)
for c in $cmds; do
	LC_ALL=C LANGUAGE= "$STOAT" "$c" --help | help_opts >>"$T/help.opts"
done
sort -u "$T/help.opts" -o "$T/help.opts"
[ "$(wc -l <"$T/help.opts")" -ge 20 ]; ok $? "--help lists its options ($(wc -l <"$T/help.opts") read)"

# The page's: "-h, --help" counts as --help.
awk -F '\t' '$1 == "OPTIONS" { n = split($3, a, ", "); for (i = 1; i <= n; i++)
	if (a[i] ~ /^--/) print $2 "\t" a[i] }' "$T/tags" | sort -u >"$T/man.opts"

missing=$(comm -23 "$T/help.opts" "$T/man.opts" | tr '\t' ' ' | sed 's/.*/[&]/' | tr '\n' ' ')
is "$missing" "" "every option of --help is in stoat.1 under the same heading, with the same argument"
extra=$(comm -13 "$T/help.opts" "$T/man.opts" | tr '\t' ' ' | sed 's/.*/[&]/' | tr '\n' ' ')
is "$extra" "" "every option stoat.1 documents is in --help, as written there"
is "$(cut -f1 "$T/help.opts" | sort -u)" "$(cut -f1 "$T/man.opts" | sort -u)" \
	"the headings of OPTIONS are those of --help"

# Short options: the ones getopt takes are the ones documented.
short_src=$(sed -n 's/.*getopt_long(argc, argv, "-\([A-Za-z]*\)".*/\1/p' "$top_srcdir/cli/main.c" |
	sed 's/./-& /g' | tr ' ' '\n' | sed '/^$/d' | sort | tr '\n' ' ')
short_man=$(section OPTIONS | tr ',' '\n' | sed -n 's/^ *\(-[A-Za-z]\)$/\1/p' | sort | tr '\n' ' ')
is "$short_man" "$short_src" "the short options are those cli/main.c passes to getopt"

# A documented option is taken by the program (it is not refused as
# unknown): given with a value when it takes one, then --help, which ends
# the program before it does anything.
cut -f2 "$T/man.opts" | sort -u >"$T/optlist"
while read -r o arg; do
	err=$(HOME=$T XDG_CACHE_HOME=$T "$STOAT" "$o" ${arg:+x} --help 2>&1 >/dev/null </dev/null)
	case $err in
	*"is not known"*) ok 1 "the program knows $o: $err" ;;
	*) ok 0 "the program knows $o" ;;
	esac
done <"$T/optlist"

# --- commands ------------------------------------------------------------------
src_cmds=$(sed -n 's/^	{ "\([a-z-]*\)", cli_[a-z_]* },$/\1/p' "$top_srcdir/cli/main.c" | sort | tr '\n' ' ')
man_cmds=$(section COMMANDS | grep '^[a-z]' | sort | tr '\n' ' ')
is "$man_cmds" "$src_cmds" "COMMANDS documents the commands of cli/main.c"
is "$(printf '%s\n' $cmds | sort | tr '\n' ' ')" "$src_cmds" "and --help shows each"
section COMMANDS | grep -qx '(no command)'; ok $? "COMMANDS says what stoat does without one"
for c in $cmds; do
	sed 's/\\-/-/g' "$page" | grep -q "^\.B stoat $c"; ok $? "SYNOPSIS shows stoat $c"
done

# --- exit statuses ---------------------------------------------------------------
src_st=$(cat "$top_srcdir/cli/cli.h" "$top_srcdir/ui/wizard.h" |
	grep -o '\(EXIT\|WIZARD\)_[A-Z]* = [0-9]*' | sed 's/.* = //' | sort -u | tr '\n' ' ')
man_st=$(section 'EXIT STATUS' | sort -u | tr '\n' ' ')
is "$man_st" "$src_st" "EXIT STATUS lists the statuses of cli/cli.h and ui/wizard.h"
help_st=$(sed -n 's/^Exit status: //p' "$T/help" | grep -o '[0-9][0-9]* ' | tr -d ' ' | sort | tr '\n' ' ')
is "$help_st" "$src_st" "and --help says the same ones"

# --- function keys -----------------------------------------------------------------
src_keys=$(cat "$top_srcdir"/ui/*.c | grep -o '{ UK_F[0-9]*,' | sed 's/{ UK_//; s/,//' | sort -u | tr '\n' ' ')
man_keys=$(section 'WIZARD KEYS' | grep -x 'F[0-9]*' | sort -u | tr '\n' ' ')
is "$man_keys" "$src_keys" "WIZARD KEYS explains every function key a screen offers"

# --- environment -----------------------------------------------------------------
section ENVIRONMENT | tr ',' '\n' | sed 's/^ *//' | sort -u >"$T/man.env"
cat "$top_srcdir"/src/*.c "$top_srcdir"/ui/*.c "$top_srcdir"/cli/*.c |
	grep -o 'getenv("[A-Z_]*")' | sed 's/getenv("//; s/")//' | sort -u >"$T/src.env"
# lang.c reads the locale variables from a table.
for v in LC_ALL LC_MESSAGES LANG; do
	grep -q "\"$v\"" "$top_srcdir/src/lang.c" && echo "$v"
done >>"$T/src.env"
sort -u "$T/src.env" -o "$T/src.env"
is "$(comm -23 "$T/src.env" "$T/man.env" | tr '\n' ' ')" "" \
	"ENVIRONMENT names every variable the sources read"
gone=
for v in $(cat "$T/man.env"); do
	cat "$top_srcdir"/src/*.c "$top_srcdir"/ui/*.c "$top_srcdir"/cli/*.c | grep -q "\"$v[\"=]" || gone="$gone $v"
done
is "$gone" "" "and each variable it names is in the sources"

# --- the files it names that the sources name ------------------------------------
for f in /run/stoat /sys/firmware/efi /proc/self/mountinfo /proc/swaps /sbin/reboot; do
	grep -q "\"$f" "$top_srcdir"/src/*.c "$top_srcdir"/cli/*.c && section FILES | grep -q "$f"
	ok $? "FILES names $f, which the sources use"
done
for f in $(sed -n 's/^#define DEMO_ISO_NAME "\(.*\)"$/\1/p' "$top_srcdir/src/demo.c") \
	$(sed -n 's/^	{ "\([a-z0-9-]*\.img\)", .*/\1/p' "$top_srcdir/src/demo.c"); do
	grep -q "$(printf '%s' "$f" | sed 's/-/\\\\-/g')" "$page"
	ok $? "FILES names the demo file $f"
done

# --- formatters read it cleanly ---------------------------------------------------
if command -v groff >/dev/null 2>&1 || command -v nroff >/dev/null 2>&1; then
	w=$(groff -man -Tutf8 -ww -z "$page" 2>&1)
	is "$w" "" "groff -ww reads stoat.1 without a warning"
else
	skip "groff is not installed"
fi
if command -v man >/dev/null 2>&1; then
	w=$(LC_ALL=C MANWIDTH=80 man --warnings -l "$page" 2>&1 >"$T/page.txt")
	is "$w" "" "man --warnings reads stoat.1 without a warning"
	like "$(cat "$T/page.txt")" "EXIT STATUS" "and renders it"
	# No line of the rendered page runs past 80 columns.
	long=$(col -bx <"$T/page.txt" | awk 'length($0) > 80' | head -3)
	is "$long" "" "no rendered line is wider than 80 columns"
else
	skip "man is not installed"
fi
if command -v mandoc >/dev/null 2>&1; then
	w=$(mandoc -T lint -W warning "$page" 2>&1)
	is "$w" "" "mandoc -T lint finds nothing to warn about"
else
	skip "mandoc is not installed"
fi

done_testing
