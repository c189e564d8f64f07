#!/bin/bash
# layers.sh - dependencies run one way: cli/ (the program) -> ui/ (the
# wizard, libstoatui.a) -> src/ (the backend, libstoat.a).
#
# Read from the sources (includes, calls), from the compiler's own record
# of the headers each object read (the .deps files), and from the symbol
# tables of the built libraries and the program's objects.
. "$top_srcdir/tests/lib/tap.sh"
cd "$top_srcdir" || exit 1

# Source files of a folder with their comments removed (the preprocessor
# in -fpreprocessed mode drops comments and expands nothing), one
# "file:line:text" per line, like grep -n over several files.
code_of() {
	local f
	for f in "$1"/*.[ch]; do
		"${CC:-cc}" -fpreprocessed -dD -E "$f" 2>/dev/null |
			awk -v f="$f" '/^# [0-9]+ "/ { line = $2 - 1; next } { line++; print f ":" line ":" $0 }'
	done
}

# The #include lines of a folder's files (comments removed).
includes_of() {
	code_of "$1" | grep -E ':[[:space:]]*#[[:space:]]*include[[:space:]]*[<"]'
}

# Names of the headers in a folder: "cli\.h|other\.h" for grep -E.
headers_re() {
	(cd "$1" && ls -- *.h 2>/dev/null) | sed 's/\./\\./g' | paste -sd'|'
}

# --- includes, as written ---------------------------------------------------
cli_h=$(headers_re cli)
ui_h=$(headers_re ui)
like "$cli_h" 'cli\\\.h' "cli/ has its headers (control: $cli_h)"
like "$ui_h" 'wizard\\\.h' "ui/ has its headers (control: $ui_h)"
# The scans below read every file of both folders: the preprocessor gave
# lines of each (a file it could not read would give none, and pass).
for d in src ui; do
	n=$(ls -- "$d"/*.[ch] | wc -l)
	read=$(code_of $d | cut -d: -f1 | sort -u | wc -l)
	ok $([ "$n" -gt 20 ] && [ "$read" = "$n" ]; echo $?) \
		"control: the scan reads all $n files of $d/ (lines of $read)"
done

for d in src ui; do
	bad=$(includes_of $d | grep -E "[<\"/](cli/[^\">]*|($cli_h))[\">]")
	is "$bad" "" "no file in $d/ includes a header of cli/"
done
bad=$(includes_of src | grep -E "[<\"/](ui/[^\">]*|($ui_h))[\">]")
is "$bad" "" "no file in src/ includes a header of ui/"
bad=$(includes_of src | grep -E '[<"](n?curses(w)?\.h|ncursesw?/|term\.h|panel\.h|menu\.h|form\.h)')
is "$bad" "" "no file in src/ includes curses"
bad=$(includes_of ui | grep -E '[<"](parted/|blkid|archive(_entry)?\.h)')
is "$bad" "" "no file in ui/ includes parted, blkid or libarchive"
n=$(includes_of ui | grep -c 'curses\.h')
ok $([ "$n" -gt 0 ]; echo $?) "control: the include scan sees ui/'s curses include ($n)"

# --- private headers stay inside their component ----------------------------
# A component's private header is NAME_priv.h; the component is the files
# of the header's own folder named NAME.c, NAME.h or NAME_*.[ch] (for
# src/image_priv.h: src/image.h and src/image_*.c), and its unit tests,
# tests/unit/test_NAME.c and test_NAME_*.c. No other file of src/, ui/,
# cli/, tests/unit/ or tests/fuzz/ includes it: what another component
# needs is declared in NAME.h. Headers are told apart by their base name.
privs=$(ls -- src/*_priv.h ui/*_priv.h cli/*_priv.h 2>/dev/null | paste -sd' ')
priv_includes() {
	local d
	for d in src ui cli tests/unit tests/fuzz; do
		[ -d "$d" ] && includes_of "$d"
	done | grep -E '"([^"]*/)?[A-Za-z0-9_]+_priv\.h"'
}
n=$(priv_includes | wc -l)
ok $([ "$n" -gt 5 ] && [ "$(echo $privs | wc -w)" -gt 2 ]; echo $?) \
	"control: the scan sees $n includes of the private headers ($privs)"
bad=$(priv_includes | awk -F: -v privs="$privs" '
	BEGIN {
		n = split(privs, p, " ")
		for (i = 1; i <= n; i++) {
			b = p[i]; sub(/.*\//, "", b)
			d = p[i]; sub(/\/[^\/]*$/, "", d)
			home[b] = d
		}
	}
	{
		match($0, /[A-Za-z0-9_]+_priv\.h"/)
		h = substr($0, RSTART, RLENGTH - 1)
		name = h; sub(/_priv\.h$/, "", name)
		fd = $1; sub(/\/[^\/]*$/, "", fd)
		fb = $1; sub(/.*\//, "", fb)
		if ((h in home) && fd == home[h] && fb ~ ("^" name "(_[^/]*)?\\.[ch]$"))
			next
		if ((h in home) && fd == "tests/unit" && fb ~ ("^test_" name "(_[^/]*)?\\.c$"))
			next
		print
	}')
is "$bad" "" "no file outside a component includes its NAME_priv.h"

# --- includes, as compiled: every header each object read -------------------
deps_of() {	# deps_of DIR PREFIX: the headers the .deps files of DIR list
	cat "$top_builddir/$1"/.deps/"$2"*.Po 2>/dev/null | tr ' \\' '\n\n' | grep -v '^$' | sort -u
}
src_deps=$(deps_of src libstoat_a-)
ui_deps=$(deps_of ui libstoatui_a-)
if [ -n "$src_deps" ] && [ -n "$ui_deps" ]; then
	bad=$(printf '%s\n' "$src_deps" | grep -E "/(cli|ui)/[^/]*$|curses")
	is "$bad" "" "libstoat.a's objects read no header of cli/ or ui/ and no curses header"
	bad=$(printf '%s\n' "$ui_deps" | grep -E "/cli/[^/]*$|/parted/|blkid|/archive(_entry)?\.h$")
	is "$bad" "" "libstoatui.a's objects read no header of cli/, parted, blkid or libarchive"
	printf '%s\n' "$ui_deps" | grep -q 'curses\.h$'
	ok $? "control: the .deps files show libstoatui.a reading curses.h"
else
	skip "no dependency files in $top_builddir (dependency tracking off)"
	skip "no dependency files in $top_builddir (dependency tracking off)"
	skip "no dependency files in $top_builddir (dependency tracking off)"
fi

# --- symbols: what libstoatui.a needs, nothing only the program has ---------
cli_objs=$(ls "$top_builddir"/cli/*.o 2>/dev/null)
if ! command -v nm >/dev/null; then
	skip "nm is missing"; skip "nm is missing"; skip "nm is missing"
elif [ -z "$cli_objs" ]; then
	skip "the program's objects are not built"; skip "not built"; skip "not built"
else
	# shellcheck disable=SC2086
	nm --defined-only -P $cli_objs | awk 'NF >= 2 && $2 ~ /^[A-Z]$/ { print $1 }' |
		sort -u >"$TAP_TMP/cli.def"
	nm --defined-only -P "$top_builddir/libstoat.a" "$top_builddir/libstoatui.a" 2>/dev/null |
		awk 'NF >= 2 && $2 ~ /^[A-Z]$/ { print $1 }' | sort -u >"$TAP_TMP/lib.def"
	comm -23 "$TAP_TMP/cli.def" "$TAP_TMP/lib.def" >"$TAP_TMP/cli.only"
	nm -u -P "$top_builddir/libstoatui.a" | awk 'NF >= 2 && $2 == "U" { print $1 }' |
		sort -u >"$TAP_TMP/ui.undef"
	ok $(grep -qx 'cli_error' "$TAP_TMP/cli.only" && grep -qx 'cli_reboot' "$TAP_TMP/cli.only"
	     echo $?) "control: cli_error and cli_reboot are among the $(wc -l <"$TAP_TMP/cli.only") symbols only cli/ defines"
	ok $(grep -qx 'media_open' "$TAP_TMP/ui.undef"; echo $?) \
		"control: libstoatui.a's undefined symbols include the backend's media_open"
	bad=$(comm -12 "$TAP_TMP/cli.only" "$TAP_TMP/ui.undef" | paste -sd' ')
	is "$bad" "" "no undefined symbol of libstoatui.a is one only cli/ defines"
fi

# --- ui/ is a library: it never prints, execs or exits ----------------------
# One write is allowed: the crash handler (tui.c) restores the terminal
# and says so on stderr while the process dies of the signal it got; no
# return path of wizard_run prints (tests/unit/test_uilink checks that).
bad=$(code_of ui | grep -vE '^ui/tui\.c:[0-9]+:[[:space:]]*r = write\(STDERR_FILENO, msg, sizeof\(msg\) - 1\);$' | grep -E \
	-e '\b(printf|vprintf|puts|putchar|perror|err|errx|warn|warnx|abort|exit|_exit|_Exit|system|popen|fork|vfork)[[:space:]]*\(' \
	-e '\bexec(l|lp|le|v|vp|vpe|ve)[[:space:]]*\(' -e '\b(posix_spawnp?|fexecve)[[:space:]]*\(' \
	-e '\b(v?fprintf|fputs|fputc|putc|fwrite|vdprintf|dprintf)[[:space:]]*\((.*,)?[[:space:]]*(stdout|stderr)\b' \
	-e '\b(v?dprintf|write)[[:space:]]*\([[:space:]]*(1|2|STDOUT_FILENO|STDERR_FILENO)[[:space:]]*,')
is "$bad" "" "ui/ calls nothing that prints to stdout/stderr, execs or exits"
n=$(code_of ui | grep -cE '\bwiz_exit[[:space:]]*\(')
ok $([ "$n" -gt 0 ]; echo $?) "control: the call scan reads ui/'s code ($n wiz_exit calls)"
# (_exit is allowed: a forked child whose exec failed ends with it.)
bad=$(code_of src | grep -E '\b(exit|_Exit|abort)[[:space:]]*\(|\b(v?fprintf|fputs|fputc|putc)[[:space:]]*\((.*,)?[[:space:]]*(stdout|stderr)\b|\b(printf|puts|putchar|perror)[[:space:]]*\(')
is "$bad" "" "src/ never exits and never prints to stdout/stderr"

done_testing
