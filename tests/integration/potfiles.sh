#!/bin/sh
# potfiles.sh - po/POTFILES.in lists exactly the sources with marked strings,
# and every translation compiles cleanly and completely.
. "$top_srcdir/tests/lib/tap.sh"
cd "$top_srcdir" || exit 1

grep -v '^#' po/POTFILES.in | sed '/^$/d' | sort >"$TAP_TMP/listed"
grep -lE '(^|[^A-Za-z0-9_])(N_|P_|_)\(' src/*.c ui/*.c cli/*.c 2>/dev/null | sort >"$TAP_TMP/marked"
listed=$(cat "$TAP_TMP/listed")
missing=$(comm -23 "$TAP_TMP/marked" "$TAP_TMP/listed" | tr '\n' ' ')
is "$missing" "" "every source file with marked strings is in po/POTFILES.in"

gone=
for f in $listed; do [ -f "$f" ] || gone="$gone $f"; done
is "$gone" "" "every file po/POTFILES.in names exists"

dup=$(printf '%s\n' "$listed" | uniq -d)
is "$dup" "" "po/POTFILES.in names no file twice"

# The template as the sources are now (po/Makevars' keywords), so that a
# string added to the code without a translation fails here.
xgettext --from-code=UTF-8 --keyword=_ --keyword=N_ --keyword=P_:1,2 \
	-o "$TAP_TMP/now.pot" $listed 2>"$TAP_TMP/xgettext.err"
ok $? "xgettext reads every listed file"
langs=$(grep -v '^#' po/LINGUAS | tr -s ' \n' ' ')
for l in $langs; do
	out=$(msgfmt --check --statistics -o /dev/null "po/$l.po" 2>&1)
	ok $? "po/$l.po passes msgfmt --check"
	like "$out" '^[0-9]+ translated messages\.$' "po/$l.po is complete: no fuzzy or untranslated messages"
	msgcmp "po/$l.po" "$TAP_TMP/now.pot" >"$TAP_TMP/cmp" 2>&1
	ok $? "po/$l.po translates every message the sources have now"
	grep -m5 'this message' "$TAP_TMP/cmp" | sed 's/^/#   /'
done
[ -n "$langs" ] || skip "no translations listed in po/LINGUAS yet"

done_testing
