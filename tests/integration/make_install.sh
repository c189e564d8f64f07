#!/bin/sh
# make_install.sh - `make install DESTDIR=...` of the build tree installs
# the program, its catalogs as po/ has them now, the manual page (which
# man then finds and shows) and the bash completion (which bash-completion
# then loads); `make uninstall` takes every file away again.
. "$top_srcdir/tests/lib/tap.sh"

T=$TAP_TMP
D=$T/dest
[ -f "$top_builddir/Makefile" ] || skip_all "no Makefile in the build tree"
command -v make >/dev/null 2>&1 || skip_all "make is not installed"
# A make of our own, not a job of the `make check` that runs this test.
unset MAKEFLAGS MFLAGS MAKELEVEL

# The installation folders as the build tree's Makefile has them.
cat >"$T/dirs.mk" <<'EOF'
include Makefile
stoat-print-dirs:
	@echo "bindir='$(bindir)' mandir='$(mandir)' localedir='$(localedir)' bashcompletiondir='$(bashcompletiondir)'"
EOF
eval "$(make -s -C "$top_builddir" --no-print-directory -f "$T/dirs.mk" stoat-print-dirs)"
ok $? "the installation folders are read from the Makefile"
case $bashcompletiondir in
"${mandir%/man}"/*) ok 0 "the completion goes under the prefix ($bashcompletiondir)" ;;
*) ok 1 "the completion goes under the prefix ($bashcompletiondir)" ;;
esac

make -s -C "$top_builddir" install DESTDIR="$D" >"$T/install.log" 2>&1
ok $? "make install DESTDIR=... succeeds" || sed 's/^/#   /' "$T/install.log"
find "$D" -type f | sed "s|^$D||" | sort >"$T/files"
sed 's/^/# installed: /' "$T/files"

# The program.
[ -x "$D$bindir/stoat" ]; ok $? "the program is in bindir"
like "$("$D$bindir/stoat" --version)" "^stoat [0-9]" "and runs"

# The catalogs: each language of po/LINGUAS, holding every message of its
# po/LL.po now (compared through msgunfmt, as text).
for l in $(sed -e 's/#.*//' "$top_srcdir/po/LINGUAS"); do
	mo=$D$localedir/$l/LC_MESSAGES/stoat.mo
	[ -f "$mo" ]; ok $? "the $l catalog is installed"
	msgfmt -o "$T/$l.mo" "$top_srcdir/po/$l.po" && msgunfmt "$T/$l.mo" >"$T/$l.want" &&
		msgunfmt "$mo" >"$T/$l.got" 2>&1
	cmp -s "$T/$l.want" "$T/$l.got"; ok $? "and it holds po/$l.po as it is now"
	# The installed program in that language, from the installed catalog,
	# says what the build tree's program says from its own.
	got=$(STOAT_LOCALEDIR=$D$localedir LC_ALL=C.UTF-8 LANGUAGE= "$D$bindir/stoat" --lang "$l" --help | head -1)
	want=$(LC_ALL=C.UTF-8 LANGUAGE= "$STOAT" --lang "$l" --help | head -1)
	[ "$got" != "Usage:" ] && [ "$got" = "$want" ]
	ok $? "the installed program speaks $l from it ($got)"
done
out=$(STOAT_LOCALEDIR=$D$localedir LC_ALL=C.UTF-8 LANGUAGE= "$D$bindir/stoat" --help | head -1)
is "$out" "Usage:" "and English without --lang"

# The manual page: man finds it by name under the installed MANPATH.
page=$D$mandir/man1/stoat.1
cmp -s "$page" "$top_srcdir/doc/stoat.1"; ok $? "stoat.1 is installed in man1"
if command -v man >/dev/null 2>&1; then
	where=$(MANPATH=$D$mandir man -w stoat 2>&1)
	is "$where" "$page" "man -w stoat finds it under MANPATH"
	out=$(MANPATH=$D$mandir MANWIDTH=80 LC_ALL=C man stoat 2>&1 | col -b)
	like "$out" "stoat - console installer for ESXi-format install media" "man stoat shows its NAME"
	like "$out" "EXIT STATUS" "and its sections"
	out=$(LC_ALL=C man -l "$page" 2>&1 | col -b)
	like "$out" "--kickstart FILE" "man -l renders the installed page"
else
	skip "man is not installed"
fi

# The bash completion: installed, and loaded by bash-completion by name.
comp=$D$bashcompletiondir/stoat
cmp -s "$comp" "$top_srcdir/doc/bash-completion/stoat"; ok $? "the completion is installed as .../completions/stoat"
bc=/usr/share/bash-completion/bash_completion
if [ -f "$bc" ] && command -v bash >/dev/null 2>&1; then
	# bash-completion looks next to the command (../share/...) and in
	# XDG_DATA_DIRS; the installed program on PATH is enough.
	out=$(PATH=$D$bindir:$PATH XDG_DATA_DIRS=$D${bashcompletiondir%/bash-completion/completions} \
		bash -c '. "$1"; __load_completion stoat && complete -p stoat' x "$bc" 2>&1)
	like "$out" "complete -F _stoat stoat" "bash-completion loads it on demand"
	out=$(PATH=$D$bindir:$PATH bash -c '. "$1"; COMP_WORDS=(stoat list-d); COMP_CWORD=1; _stoat
		echo "${COMPREPLY[*]}"' x "$comp")
	is "$out" "list-disks" "and it completes with the installed program"
else
	skip "bash-completion is not installed"
fi

make -s -C "$top_builddir" uninstall DESTDIR="$D" >"$T/uninstall.log" 2>&1
ok $? "make uninstall DESTDIR=... succeeds" || sed 's/^/#   /' "$T/uninstall.log"
left=$(find "$D" -type f | sed "s|^$D||" | tr '\n' ' ')
is "$left" "" "and leaves no file behind"

done_testing
