#!/bin/bash
# yes.sh - the typed confirmation of stoat flash takes "yes" in any case,
# and the word of the language in use in any case ("SÌ" in Italian), and
# nothing else. Run on a terminal (script) onto an image file; the file's
# bytes (cmp) say whether anything was written.
. "$top_srcdir/tests/lib/tap.sh"
command -v script >/dev/null || skip_all "script (util-linux) is missing"

T=$TAP_TMP
head -c $((1 << 20)) /dev/urandom >"$T/src.img"

# answer TEXT [ENV...]: flash src.img onto a fresh 4 MiB out.img on a
# terminal, typing TEXT; status 0 when out.img then holds the image.
answer() {
	local text=$1
	shift
	rm -f "$T/out.img"; truncate -s 4M "$T/out.img"
	printf '%s\n' "$text" | env "$@" script -qec "$STOAT flash $T/src.img $T/out.img --no-verify" /dev/null >"$T/out" 2>&1
	cmp -s -n $((1 << 20)) "$T/src.img" "$T/out.img"
}

for a in yes YES Yes yEs; do
	answer "$a" LC_ALL=C.UTF-8; ok $? "\"$a\" writes the image"
done
like "$(cat "$T/out")" "Type yes" "the question says to type yes"
for a in y yess no "" " yes"; do
	! answer "$a" LC_ALL=C.UTF-8; ok $? "\"$a\" writes nothing"
done
like "$(cat "$T/out")" "not confirmed; nothing was written" "and says nothing was written"

it="LC_ALL=it_IT.UTF-8 LANGUAGE=it"
if locale -a 2>/dev/null | grep -qix 'it_IT.utf-\?8'; then
	answer x $it; like "$(cat "$T/out")" "sì" "in Italian the question asks for sì"
	for a in sì SÌ Sì yes YES; do
		answer "$a" $it; ok $? "in Italian \"$a\" writes the image"
	done
	! answer no $it; ok $? "in Italian \"no\" writes nothing"
else
	for i in 1 2 3 4 5 6 7; do skip "it_IT.UTF-8 is not generated (tools/setup --tests makes it)"; done
fi
if locale -a 2>/dev/null | grep -qix 'ja_JP.utf-\?8'; then
	answer はい LC_ALL=ja_JP.UTF-8 LANGUAGE=ja; ok $? "in Japanese \"はい\" writes the image"
	answer Yes LC_ALL=ja_JP.UTF-8 LANGUAGE=ja; ok $? "in Japanese \"Yes\" writes the image"
else
	for i in 1 2; do skip "ja_JP.UTF-8 is not generated (tools/setup --tests makes it)"; done
fi

done_testing
