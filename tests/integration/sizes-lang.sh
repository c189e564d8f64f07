#!/bin/sh
# sizes-lang.sh - sizes the CLI prints for people follow the language shown
# (Italian 40,00 GiB, Japanese and English 40.00 GiB), also when --lang
# chose it on a C.UTF-8 system; output for programs (list-disks --json)
# keeps a decimal point whatever the locale (issue 19).
. "$top_srcdir/tests/lib/tap.sh"

truncate -s 40G "$TAP_TMP/disk.img"
cd "$TAP_TMP" || exit 1

# size_col ARGS...: the SIZE column of list-disks' one disk row.
size_col() {
	"$STOAT" "$@" list-disks --only-listed-disks --disk disk.img 2>/dev/null |
		awk 'NR == 2 { print $3, $4 }'
}

is "$(LC_ALL=C.UTF-8 LANGUAGE= size_col --lang it)" "40,00 GiB" \
	"--lang it on C.UTF-8: the list-disks table has a decimal comma"
is "$(LC_ALL=C.UTF-8 LANGUAGE= size_col --lang ja)" "40.00 GiB" \
	"--lang ja: a decimal point"
is "$(LC_ALL=C.UTF-8 LANGUAGE= size_col)" "40.00 GiB" "English: a decimal point"

if locale -a 2>/dev/null | grep -qix "it_IT.utf-\?8" && command -v python3 >/dev/null; then
	is "$(LC_ALL=it_IT.UTF-8 LANGUAGE= size_col)" "40,00 GiB" "an Italian locale: a decimal comma"
	is "$(LC_ALL=it_IT.UTF-8 LANGUAGE= size_col --lang en)" "40.00 GiB" \
		"an Italian locale with --lang en: a decimal point, as English writes it"
	json=$(LC_ALL=it_IT.UTF-8 LANGUAGE= "$STOAT" list-disks --json --only-listed-disks --disk disk.img 2>/dev/null)
	like "$json" '"size":42949672960,"capacity":"40\.00 GiB"' \
		"list-disks --json under an Italian locale: the capacity keeps a point"
	python3 -c 'import json, sys; d = json.loads(sys.stdin.readline()); sys.exit(d["capacity"] != "40.00 GiB")' \
		<<-JSON 2>/dev/null
	$json
	JSON
	ok $? "and it reads back as JSON with that capacity"
else
	skip "it_IT.UTF-8 is not generated (tools/setup --tests makes it), or no python3" 4
fi

done_testing
