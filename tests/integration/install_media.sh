#!/bin/bash
# install_media.sh - media as they come, through `stoat install` onto
# sparse image files, each install read back with sgdisk and mtools:
#   - the version: an empty build= whose image database (imgdb.tgz, or
#     imgpayld.tgz) names esx-base decides the layout and the installed
#     build=; with no database and no version in the volume id the
#     kickstart stops, naming what it read, and writes nothing (stoat plan
#     asks for --layout too); --layout answers (build=6); a build= the
#     database contradicts loses;
#   - boot.cfg edited for network boot (prefix=ESXi-7.0, prefix=http://...,
#     prefix=/esxi/8.0U3) with the files still at the media root: installs,
#     says so in a warning, and the installed boot.cfg is the usual one;
#     a module the media lacks is named with the prefix that was tried;
#   - kernel=/tboot.b00 (6.0/6.5 media with TXT) installs as b.b00 does;
#   - '#' inside a boot.cfg line and module arguments: kept.
. "$top_srcdir/tests/integration/install_lib.sh"

T=$TAP_TMP
V6=6.7.0-0.0.8169922 V7=7.0.3-0.55.20328353
mk() {
	local name=$1
	shift
	"$MKMEDIA" "$@" "$T/$name.iso" 2>"$T/mk.err" || skip_all "cannot build the fixture media: $(tail -1 "$T/mk.err")"
}
mk db6 --version $V6 --build '' --volid CDROM
mk payld7 --version $V7 --build '' --volid '' --imgdb payld
mk none --version $V6 --build '' --volid CDROM --imgdb none --seed 3
mk disagree --version $V6 --build 7.0.3-0.55.20328353
mk pxedir --version $V7 --prefix ESXi-7.0
mk pxeurl --version $V7 --prefix http://10.0.0.1/esxi/
mk pxeabs --version $V7 --prefix /esxi/8.0U3
mk pxemiss --version $V6 --prefix ESXi-6.7 --broken missing-module
mk tboot --version 6.5.0-0.0.4564106 --kernel tboot.b00
# A boot.cfg edited by hand as mboot still boots it: CRLF line ends,
# blanks around '=', a key given twice (the last wins), empty entries
# between '---', and a kernelopt word that is no option (a URL without ks=).
mk edited --version $V7 --edit 's|^kernelopt=.*|kernelopt=runweasel\nKERNELOPT = runweasel http://10.0.0.1/ks.cfg vga=1|; s|^kernel=|kernel = |; s|^modules=\(.*\)|modules=--- \1 ---   ---|; s| --- /k\.b00| --- --- /k.b00|; s|$|\r|'
mk hash --version $V6 --edit 's|^modules=|# a comment line\n   # an indented one\nmodules=|; s|/s\.v00|/s.v00 arg=1 x#y|; s|^title=.*|title=Loading ESXi #2 installer|'
printf 'vmaccepteula\nrootpw --iscrypted %s\ninstall --firstdisk --overwritevmfs\n' "$KS_HASH" >"$T/ks"

# run MEDIA SIZE [stoat options]: install MEDIA onto a fresh sparse
# $T/d.img of SIZE (install_img); its exit status.
run() {
	local m=$1 size=$2
	shift 2
	install_img "$T/d.img" "$size" "$m" disk "$@"
}

# installs NAME: the last run exited 0 (installed).
installs() { installed "$1: installs"; }

# cfg KEY: KEY's value in p5's boot.cfg of $T/d.img.
cfg() { mtype -i "$(vol "$T/d.img" 5)" ::boot.cfg 2>/dev/null | sed -n "s/^$1=//p"; }

# parts: the partition numbers of $T/d.img.
parts() { table "$T/d.img" | cut -d' ' -f1 | tr '\n' ' '; }

# --- 1. the version --------------------------------------------------------
run db6 16G
installs "empty build=, 6.x image database"
is "$(cfg build)" "6.7.0-8169922" "empty build=: the installed build= is the esx-base version from imgdb.tgz, as the ESXi installer writes it"
is "$(parts)" "1 2 3 5 6 7 8 9 " "and the 6.x layout (with partitions 7 to 9)"
like "$(cfg kernelopt)" "installerDiskDumpSlotSize=2560" "and the 6.x kernelopt"
run db6 16G --dry-run
like "$(cat "$T/out")" "The version is that of the esx-base VIB in the media's image database\." \
	"the dry run says where the version comes from"

run payld7 40G
installs "empty build=, the database in imgpayld.tgz"
is "$(cfg build)" "7.0.3-20328353" "the 7.x database in imgpayld.tgz decides over the empty build="
is "$(parts)" "1 5 6 7 " "the 7.x layout"

before=$(img_sum "$T/d.img")
run none 16G
is "$?" 1 "empty build=, no database, no version in the volume id: refused (exit 1)"
like "$(cat "$T/err")" "^stoat: the media does not say which ESXi version it holds, and stoat does not guess it: Its image database gives no version: IMGDB\.TGZ cannot be read: .* Its boot\.cfg has an empty build=, as VMware's 6\.0 to 6\.7 media have\. Its volume id \(CDROM\) names no version\. Give --layout esxi6" \
	"the message names what was read and the way out"
is "$(grep -c . "$T/err")" 1 "in one line"
truncate -s 16G "$T/fresh.img"
is "$(img_sum "$T/d.img")" "$(img_sum "$T/fresh.img")" "sparse.py: nothing was written"
run none 16G --dry-run
is "$?" 1 "the dry run is refused the same way"
run none 16G --layout esxi6
installs "--layout esxi6 answers"
like "$(cat "$T/err")" "warning: the media does not say which ESXi version it holds; --layout esxi6 answers for it, and the installed boot.cfg says build=6" \
	"with a warning naming the build= it writes"
is "$(cfg build)" "6" "the installed boot.cfg says build=6"
is "$(parts)" "1 2 3 5 6 7 8 9 " "and the layout is 6.x"

err=$("$STOAT" plan --size $((16 << 30)) --media "$T/none.iso" 2>&1 >/dev/null)
is "$?" 1 "stoat plan with such media does not pick a layout either (exit 1)"
like "$err" "^stoat: cannot pick the layout from the media \(Its image database gives no version: .*\); give --layout$" \
	"and says why"
is "$("$STOAT" plan --size $((16 << 30)) --media "$T/db6.iso" | grep -c vmkDiagnostic)" 2 \
	"with the version in imgdb.tgz it plans the 6.x layout (two core dump partitions)"

run disagree 16G
installs "build= that the database contradicts"
is "$(cfg build)" "6.7.0-8169922" "the image database wins"
like "$(cat "$T/out")" "warning: the media's boot\.cfg says build=7\.0\.3-0\.55\.20328353, but its image database \(IMGDB\.TGZ\) says $V6" \
	"and the install log says so"

# --- 2. boot.cfg edited for network boot -------------------------------------
for m in 'pxedir ESXi-7.0 ESXi-7.0/b.b00' 'pxeurl http://10.0.0.1/esxi/ http://10.0.0.1/esxi/b.b00' \
	'pxeabs /esxi/8.0U3 esxi/8.0U3/b.b00'; do
	read -r name pfx looked <<<"$m"
	run "$name" 40G
	installs "$name (prefix=$pfx, files at the root)"
	like "$(cat "$T/out")" "^warning: 14 of the 14 files the media's boot\.cfg names are not where it says \($looked, with prefix=$pfx\): .*taken from next to boot\.cfg instead$" \
		"$name: the warning says where it looked and what it did"
	is "$(cfg prefix)|$(cfg kernel)|$(cfg modules)" "|b.b00|$(bootcfg_mods "$T/$name.iso")" \
		"$name: the installed boot.cfg has prefix=, kernel=b.b00 and the media's modules"
	n=$(modules_identical "$T/$name.iso" "$(vol "$T/d.img" 5)")
	ok $? "$name: the $n modules on p5 equal the media's files"
done
run pxemiss 16G
is "$?" 1 "a module the media lacks, under a prefix: refused"
like "$(cat "$T/err")" "^stoat: $T/pxemiss\.iso: the media's boot\.cfg names the module 'user\.b00', but the media has no such file \(looked for ESXi-6\.7/user\.b00 with prefix=ESXi-6\.7, then next to boot\.cfg\)$" \
	"the error names the prefix it tried"

# --- 3. tboot.b00 ------------------------------------------------------------
run tboot 16G
installs "kernel=/tboot.b00"
is "$(cfg kernel)" "tboot.b00" "the installed kernel= is tboot.b00"
like "$(cfg modules)" "^b\.b00 --- jumpstrt\.gz --- " "and b.b00 the first module"
is "$(fat_sha "$(vol "$T/d.img" 5)" tboot.b00)" "$(media_sha "$T/tboot.iso" TBOOT.B00)" "tboot.b00 is the media's TBOOT.B00"
n=$(modules_identical "$T/tboot.iso" "$(vol "$T/d.img" 5)")
ok $? "and the $n other modules are the media's"

# --- 4. '#' inside a line, module arguments ---------------------------------
run hash 16G
installs "boot.cfg with '#' inside lines and module arguments"
like "$(cfg modules)" " --- s\.v00 arg=1 x#y --- " "the module keeps its arguments ('#' included) in the installed boot.cfg"
is "$(cfg title)" "Loading ESXi #2" "a '#' inside the title is no comment"
is "$(fat_sha "$(vol "$T/d.img" 5)" s.v00)" "$(media_sha "$T/hash.iso" S.V00)" "s.v00 is on p5 under its own name"
mdir -b -i "$(vol "$T/d.img" 5)" :: 2>/dev/null | grep -qi 'arg=1'
ok $([ $? != 0 ]; echo $?) "no file is named after the arguments"

# --- 5. boot.cfg edited by hand ---------------------------------------------
run edited 40G
installs "boot.cfg with CRLF, doubled keys and empty '---' entries"
like "$(cat "$T/out")" "^warning: the media's boot\.cfg kernelopt holds 1 word that is no boot option \('http://10\.0\.0\.1/ks\.cfg'\); it is not carried to the installed host$" \
	"a kernelopt word that is no option is named in a warning, not refused"
is "$(cfg kernelopt | tr -d '\r')" "vga=1 no-auto-partition" "the installed kernelopt: the last kernelopt= line, without the installer's words and the URL"
is "$(cfg modules)" "$(bsdtar -xOf "$T/edited.iso" BOOT.CFG | tr -d '\r' | sed -n 's/^modules=//p' |
	sed 's/---\( *---\)*/---/g; s/^--- *//; s/ *---$//; s| /| |g; s|^/||; s|$| --- onetime.tgz|')" \
	"the installed modules are the media's, without the empty entries"
n=$(modules_identical "$T/edited.iso" "$(vol "$T/d.img" 5)")
ok $? "and the $n modules on p5 equal the media's files"

done_testing
