#!/bin/sh
# callgraph.sh - no file calls back into a file that calls it (issue 17),
# in both libraries: no object of libstoat.a or of libstoatui.a uses a
# symbol of another object that in turn uses one of its own, and neither
# graph has a longer loop. In the backend: install.c ->
# install_steps.c/upgrade.c -> inst_ctx.c, never back. In the wizard:
# wizard.c (wizard_run and the screen table) -> ui/scr_*.c -> wiz.c (the
# state, the run loop, the helpers screens call), and wizard.c -> wiz.c;
# wiz.c reaches the screens only through the table it is handed, and no
# screen uses another. Read with nm from the built libraries, so it
# checks what is linked, not what the headers say.
. "$top_srcdir/tests/lib/tap.sh"

T=$TAP_TMP
LIB=$top_builddir/libstoat.a
UILIB=$top_builddir/libstoatui.a

command -v nm >/dev/null || skip_all "nm is missing"
command -v tsort >/dev/null || skip_all "tsort is missing"
[ -f "$LIB" ] || skip_all "$LIB is not built"
[ -f "$UILIB" ] || skip_all "$UILIB is not built"

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

# graph LIB NAME: the edges of library LIB into $T/NAME.edges, and the
# checks both libraries share: nm reads it, enough of its objects call each
# other (so the graph is not empty by mistake), no pair uses each other,
# no longer loop.
graph() {
	nm -A -P "$1" >"$T/$2.nm" 2>"$T/$2.nm.err"
	ok $? "nm reads $1"
	edges <"$T/$2.nm" >"$T/$2.edges"
	objs=$(awk '{ print $1; print $2 }' "$T/$2.edges" | sort -u | wc -l)
	[ "$objs" -ge 20 ]
	ok $? "$2's objects call each other ($objs objects with calls between them)"
	is "$(circles <"$T/$2.edges")" "" "no two objects of $2 use each other"
	is "$(loops <"$T/$2.edges")" "" "no loop of calls through several objects of $2"
}

# --- the backend, libstoat.a ---------------------------------------------
graph "$LIB" libstoat.a
grep -q '^install install_steps inst_format$' "$T/libstoat.a.edges"
ok $? "the graph holds a known call (install_run runs the format step)"

# The installer's layers, by name: the context uses none of the files
# above it, and the steps none of the entry points.
is "$(awk '$1 == "inst_ctx" && $2 ~ /^(install|install_steps|install_describe|upgrade)$/' "$T/libstoat.a.edges")" "" \
	"inst_ctx uses nothing of install, its steps, upgrade or describe"
is "$(awk '$1 ~ /^(install_steps|upgrade)$/ && $2 ~ /^(install|install_describe|install_steps|upgrade)$/' "$T/libstoat.a.edges")" "" \
	"the steps (install_steps, upgrade) use only the context, not install.c or each other"

# --- the wizard, libstoatui.a --------------------------------------------
graph "$UILIB" libstoatui.a
E=$T/libstoatui.a.edges
grep -q '^wizard scr_welcome scr_welcome$' "$E"
ok $? "the graph holds a known use (wizard.c's screen table names scr_welcome)"
grep -q '^scr_disk wiz wiz_go$' "$E"
ok $? "the graph holds a known call (the disk screen moves on with wiz_go)"

# Its layers, by name: only wizard.c names the screens (so neither wiz.c,
# nor a widget, nor another screen uses one), and nothing in the library
# uses wizard.c, whose wizard_run is the program's entry.
is "$(awk '$2 ~ /^scr_/ && $1 != "wizard"' "$E")" "" \
	"no object but wizard uses a screen: wiz reaches them through w->screens, no screen uses another"
is "$(awk '$2 == "wizard"' "$E")" "" \
	"no object of libstoatui.a uses wizard"

done_testing
