#!/bin/sh
# flows.sh - the expect flows of tests/ui/flows.exp (license declined,
# cancel everywhere, too-small disk, password rules, back navigation,
# TERM=linux fallbacks, SIGTERM, SIGINT, SIGHUP, full install), then the installed USB
# image checked with sgdisk and mtools.
. "$top_srcdir/tests/lib/tap.sh"
command -v expect >/dev/null 2>&1 || skip_all "expect is not installed"
command -v sgdisk >/dev/null 2>&1 || skip_all "sgdisk is not installed"
command -v mtype >/dev/null 2>&1 || skip_all "mtools is not installed"
. "$top_srcdir/tests/ui/lib.sh"

ui_fixtures || skip_all "cannot build fixture media"
expect -f "$top_srcdir/tests/ui/flows.exp" "$UI_DIR" "$STOAT" >"$UI_DIR/flows.out" 2>&1
tap_relay "$UI_DIR/flows.out"
[ "$TAP_N" -ge 30 ]; ok $? "the expect script ran all its flows ($TAP_N results)"

# check_stick IMG WHAT LEGACY KEYBOARD: the installed stick as other tools
# read it: the 6.x flash layout exactly, boot.cfg, the first-boot payload.
check_stick() {
	img=$1 what=$2
	tbl=$(sgdisk -p "$img" 2>&1 | awk '/^ +[0-9]+ /{print $1, $2, $3}' | tr '\n' ' ')
	is "$tbl" "1 64 8191 5 8224 520191 6 520224 1032191 7 1032224 1257471 8 1257504 1843199 9 1843200 7086079 " \
		"$what: sgdisk: partitions 1,5,6,7,8,9 of the flash layout, no scratch or datastore"
	p5=$((8224 * 512))
	cfg=$(mtype -i "$img@@$p5" ::/boot.cfg 2>&1)
	if [ "$3" = on ]; then
		like "$cfg" "^kernelopt=.*preferVmklinux=TRUE" "$what: mtype: boot.cfg has preferVmklinux=TRUE (legacy USB on)"
	else
		! printf '%s\n' "$cfg" | grep -q preferVmklinux; ok $? "$what: mtype: boot.cfg has no preferVmklinux (legacy USB off)"
	fi
	like "$cfg" "^build=6\.7\.0-8169922" "$what: mtype: boot.cfg names the media build"
	mdir -b -i "$img@@$p5" ::/ >"$UI_DIR/p5.list" 2>&1
	grep -qi "onetime.tgz" "$UI_DIR/p5.list"; ok $? "$what: mdir: the bootbank holds onetime.tgz"
	rm -f "$UI_DIR/onetime.tgz" "$UI_DIR/fb.json"
	mcopy -i "$img@@$p5" ::/onetime.tgz "$UI_DIR/onetime.tgz" 2>/dev/null
	tar -xzOf "$UI_DIR/onetime.tgz" var/lib/vmware/firstboot/firstboot.json >"$UI_DIR/fb.json" 2>/dev/null
	python3 -c 'import json,sys; d=json.load(open(sys.argv[1])); sys.exit(0 if d["keyboard"]==sys.argv[2] and d["password"].startswith("$6$") else 1)' "$UI_DIR/fb.json" "$4" 2>/dev/null
	ok $? "$what: firstboot.json: keyboard $4 and a SHA-512 hash"
	[ -s "$UI_DIR/fb.json" ] && ! grep -q "Stoat-2024x" "$UI_DIR/fb.json" "$UI_DIR/onetime.tgz"
	ok $? "$what: the password is not stored in clear in the first-boot payload"
}
check_stick "$UI_DIR/usb-xterm.img" "xterm install" on "US Default"
check_stick "$UI_DIR/usb.img" "TERM=linux install" off "US Dvorak"

done_testing
