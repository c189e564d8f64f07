#!/bin/sh
# callgraph.sh - calls between the backend's files run one way: no object
# of libstoat.a uses a symbol of another object that in turn uses one of
# its own (install.c -> install_steps.c/upgrade.c -> inst_ctx.c, never
# back), and the whole graph has no longer loop either. Read with nm from
# the built library, so it checks what is linked, not what the headers say.
. "$top_srcdir/tests/lib/tap.sh"

T=$TAP_TMP
LIB=$top_builddir/libstoat.a

command -v nm >/dev/null || skip_all "nm is missing"
command -v tsort >/dev/null || skip_all "tsort is missing"
[ -f "$LIB" ] || skip_all "$LIB is not built"

# edges: nm -A -P output on stdin; one line "USER DEFINER SYMBOL" for each
# symbol an object uses that another object defines. Objects are named by
# their source file (libstoat_a-install.o is "install").
edges() {
	awk '
	{
		obj = $1
		sub(/:$/, "", obj)
		if (obj ~ /\[.*\]$/) { sub(/^.*\[/, "", obj); sub(/\]$/, "", obj) }
		sub(/^.*\//, "", obj)
		sub(/^[A-Za-z0-9]+_a-/, "", obj)
		sub(/\.o$/, "", obj)
		if ($3 == "U")
			use[obj, $2] = 1
		else if ($3 ~ /^[TDBRCGSVW]$/)
			def[$2] = obj
	}
	END {
		for (k in use) {
			split(k, a, SUBSEP)
			if ((a[2] in def) && def[a[2]] != a[1])
				print a[1], def[a[2]], a[2]
		}
	}' | sort
}

# circles: edges on stdin; "A <-> B: A uses ...; B uses ..." for each pair
# that uses each other.
circles() {
	awk '
	{ pair[$1, $2] = pair[$1, $2] " " $3 }
	END {
		for (k in pair) {
			split(k, a, SUBSEP)
			if (a[1] < a[2] && ((a[2], a[1]) in pair))
				print a[1] " <-> " a[2] ": " a[1] " uses" pair[k] "; " a[2] " uses" pair[a[2], a[1]]
		}
	}' | sort
}

# loops: edges on stdin; what tsort reports of any loop (any length).
loops() {
	awk '{ print $1, $2 }' | sort -u | tsort 2>&1 >/dev/null | sed 's/^tsort: //'
}

# The checks can fail: a made-up pair of objects that call each other, and
# a loop of three, are both found.
cat >"$T/fake.nm" <<'EOF'
libx.a[libx_a-alpha.o]: alpha_run T 0 10
libx.a[libx_a-alpha.o]: beta_help U
libx.a[libx_a-beta.o]: beta_help T 0 10
libx.a[libx_a-beta.o]: alpha_run U
libx.a[libx_a-beta.o]: gamma_do U
libx.a[libx_a-gamma.o]: gamma_do T 0 10
libx.a[libx_a-gamma.o]: delta_do U
libx.a[libx_a-gamma.o]: printf U
libx.a[libx_a-delta.o]: delta_do T 0 10
libx.a[libx_a-delta.o]: beta_help U
EOF
edges <"$T/fake.nm" >"$T/fake.edges"
is "$(circles <"$T/fake.edges")" "alpha <-> beta: alpha uses beta_help; beta uses alpha_run" \
	"self-check: a pair of objects using each other is found"
like "$(loops <"$T/fake.edges")" "loop" "self-check: a loop through three objects is found"

nm -A -P "$LIB" >"$T/lib.nm" 2>"$T/nm.err"
ok $? "nm reads $LIB"
edges <"$T/lib.nm" >"$T/edges"
objs=$(awk '{ print $1; print $2 }' "$T/edges" | sort -u | wc -l)
[ "$objs" -ge 20 ]
ok $? "the library's objects call each other ($objs objects with calls between them)"
grep -q '^install install_steps inst_format$' "$T/edges"
ok $? "the graph holds a known call (install_run runs the format step)"

is "$(circles <"$T/edges")" "" "no two objects of libstoat.a use each other"
is "$(loops <"$T/edges")" "" "no loop of calls through several objects of libstoat.a"

# The installer's layers, by name: the context uses none of the files
# above it, and the steps none of the entry points.
is "$(awk '$1 == "inst_ctx" && $2 ~ /^(install|install_steps|install_describe|upgrade)$/' "$T/edges")" "" \
	"inst_ctx uses nothing of install, its steps, upgrade or describe"
is "$(awk '$1 ~ /^(install_steps|upgrade)$/ && $2 ~ /^(install|install_describe|install_steps|upgrade)$/' "$T/edges")" "" \
	"the steps (install_steps, upgrade) use only the context, not install.c or each other"

done_testing
