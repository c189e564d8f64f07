#!/bin/bash
# identity.sh - clone-safe copies of an installed ESXi disk (issue 23):
# `stoat inspect` (text and --json) on an image, a compressed image and a
# device; `stoat flash --new-identity` removes exactly the /system/uuid
# line from esx.conf in state.tgz -> local.tgz on the boot bank (the
# unpacked trees compared with diff -r, the archives' listings with
# tar tv); encrypted configuration (local.tgz.ve + encryption.info) is
# refused with nothing written; `--drop-datastore` removes partition 3
# and leaves a table sgdisk -v finds clean; `backup --inspect`; and the
# clone still boots with VMware's boot loader (the esx-boot kit), its
# rewritten state.tgz loaded as a module.
. "$top_srcdir/tests/integration/install_lib.sh"
need_root_loop
for t in zstd tar; do
	command -v "$t" >/dev/null || skip_all "$t is missing"
done

T=$TAP_TMP
UUID=5f3a1c2e-0b4d-6e7f-8a9b-000c29aabbcc
"$MKMEDIA" --version 6.7.0-8169922 "$T/m6.iso" 2>"$T/mkmedia.err" ||
	skip_all "cannot build the fixture media: $(tail -1 "$T/mkmedia.err")"
write_ks "$T/ks" "--firstdisk --overwritevmfs"

# A 6 GiB disk: the smallest 6.x disk layout with a VMFS partition (p3).
src=$T/src.img
install_img "$src" 6G m6 disk
installed "stoat installs ESXi 6.7 onto a 6 GiB image (the source of the clones)"
P5=$(vol "$src" 5)

# The host's configuration as ESXi saves it (tests/lib/fixtures.sh).
fixture_esx_config "$src" "$T" "$UUID"
like "$(mtype -i "$P5" ::boot.cfg)" 'modules=.* --- state\.tgz' "p5's boot.cfg lists state.tgz"

# The encrypted kind (7.0 U2 and later): local.tgz.ve and encryption.info.
enc=$T/enc.img
cp --sparse=always "$src" "$enc"
fixture_esx_config_encrypted "$enc" "$T"

# json FILE EXPR: EXPR evaluated by python3 on the JSON object in FILE (j).
json() { python3 -c 'import json,sys; j=json.load(open(sys.argv[1])); print(eval(sys.argv[2]))' "$1" "$2"; }

# --- inspect -----------------------------------------------------------------
out=$("$STOAT" inspect "$src" 2>&1); rc=$?
is "$rc" 0 "inspect IMAGE exits 0"
like "$out" "bootbank 5: build=6\.7\.0-8169922, bootstate=0, updated=1 \(boots\)" "inspect: bank 5, its build and that it boots"
like "$out" "ESXi 6\.7\.0-8169922 \(esx-base in imgdb\.tgz\)" "inspect: the version from the bank's imgdb.tgz"
like "$out" "configuration: not encrypted" "inspect: the configuration is not encrypted"
like "$out" "system UUID: $UUID" "inspect: the system UUID"
like "$out" "partition 3: VMFS, " "inspect: the datastore"
like "$out" "^ +5 +8224 +520191 .* bootbank$" "inspect: p5's sectors and role"

"$STOAT" inspect --json "$src" >"$T/src.json"
is "$(json "$T/src.json" '[p["num"] for p in j["partitions"]]')" "[1, 5, 6, 7, 8, 2, 3]" "--json: the partitions in disk order"
is "$(json "$T/src.json" '[p["role"] for p in j["partitions"]]')" \
	"['system', 'bootbank', 'altbootbank', 'coredump', 'locker', 'scratch', 'vmfs']" "--json: their roles"
is "$(json "$T/src.json" 'j["boots"], j["bootbanks"][0]["build"], j["bootbanks"][0]["config"], j["bootbanks"][0]["uuid"]')" \
	"(5, '6.7.0-8169922', 'plain', '$UUID')" "--json: which bank boots, its build, configuration and UUID"
p3=$(( ($(part_last "$src" 3) - $(part_first "$src" 3) + 1) * 512 ))
is "$(json "$T/src.json" 'j["datastores"]')" "[{'partition': 3, 'size': $p3}]" "--json: the datastore and its size"

out=$("$STOAT" inspect "$enc" 2>&1)
like "$out" "configuration: encrypted" "inspect: encrypted configuration is named"
"$STOAT" inspect --json "$enc" >"$T/enc.json"
is "$(json "$T/enc.json" 'j["bootbanks"][0]["encrypted"], j["bootbanks"][0]["uuid"]')" "(True, '')" \
	"--json: encrypted, and no UUID"

zstd -q -1 "$src" -o "$T/src.img.zst"
mkdir "$T/tmp"
out=$(TMPDIR=$T/tmp "$STOAT" inspect "$T/src.img.zst" 2>&1); rc=$?
is "$rc" 0 "inspect of a zstd image exits 0"
like "$out" "zstd-compressed image, unpacked into a sparse temporary file" "and says how it read it"
like "$out" "system UUID: $UUID" "the compressed image's UUID"
is "$(ls -A "$T/tmp" | wc -l)" 0 "no temporary file is left"

# --- the encrypted kind is refused before anything is written -------------
truncate -s 6G "$T/clone.img"
attach "$T/clone.img" || skip_all "cannot attach a loop device"
err=$("$STOAT" flash "$enc" "$LOOP" --yes --new-identity 2>&1); rc=$?
is "$rc" 1 "flash --new-identity of an encrypted configuration fails"
like "$err" "^stoat: the configuration on bootbank 5 of .* is encrypted .*nothing was written" "and says why, in one line"
is "$(img_extents "$T/clone.img")" "" "nothing was written to the device"

# --- new identity, datastore dropped ----------------------------------------
out=$("$STOAT" flash "$src" "$LOOP" --yes --new-identity --drop-datastore --log "$T/flash.log" 2>"$T/err"); rc=$?
is "$rc" 0 "flash --new-identity --drop-datastore onto a loop device exits 0"
[ "$rc" = 0 ] || sed 's/^/#   /' "$T/err"
like "$out" "Bootbank 5: removed the system UUID $UUID from esx.conf" "it reports the UUID it removed"
like "$out" "Removed partition 3 \(VMFS datastore, " "and the partition it removed"
like "$(cat "$T/flash.log")" "bootbank 5: removed the system UUID $UUID" "--log records it"
like "$(sgdisk -v "$LOOP" 2>&1)" "No problems found" "sgdisk -v finds the clone's table clean"
is "$(table "$LOOP" | cut -d' ' -f1 | tr '\n' ' ')" "1 2 5 6 7 8 " "partition 3 is gone, the others are there"
is "$(table "$LOOP" | grep -v '^3 ')" "$(table "$src" | grep -v '^3 ')" "the others at their sectors"

C5=$(vol "$LOOP" 5)
mcopy -n -i "$C5" ::state.tgz "$T/clone-state.tgz"
unpack() {	# unpack STATE.TGZ DIR: state.tgz and its local.tgz under DIR
	mkdir -p "$2/state" "$2/local"
	tar -C "$2/state" -xzf "$1" && tar -C "$2/local" -xzf "$2/state/local.tgz" && rm "$2/state/local.tgz"
}
unpack "$T/state.tgz" "$T/a"
unpack "$T/clone-state.tgz" "$T/b"
is "$(diff -r --no-dereference "$T/a" "$T/b")" "diff -r --no-dereference $T/a/local/etc/vmware/esx.conf $T/b/local/etc/vmware/esx.conf
2d1
< /system/uuid = \"$UUID\"" "diff -r of the unpacked trees: exactly the UUID line is gone"
is "$(tar -tvzf "$T/clone-state.tgz" | awk '{print $1, $2, $6}')" "$(tar -tvzf "$T/state.tgz" | awk '{print $1, $2, $6}')" \
	"state.tgz: the same entry, mode and owner"
is "$(tar -xzOf "$T/clone-state.tgz" local.tgz | tar -tvz | grep -v esx.conf | awk '{print $1, $2, $4, $5, $6}')" \
	"$(tar -tvzf "$T/state/local.tgz" | grep -v esx.conf | awk '{print $1, $2, $4, $5, $6}')" \
	"local.tgz: every other entry with its mode, owner, time and name"
is "$(tar -xzOf "$T/clone-state.tgz" local.tgz | tar -tvz etc/vmware/esx.conf | awk '{print $1, $2, $4, $5}')" \
	"-rw-r--r-- root/root 2024-01-02 03:04" "esx.conf keeps its mode, owner and time"
is "$(gzip -t "$T/clone-state.tgz" 2>&1)" "" "the new state.tgz is a clean gzip stream (gzip -t)"
is "$(mdir -b -i "$C5" ::/ | grep -ci 'state\.tmp')" 0 "no temporary file is left on the bank"
is "$(mtype -i "$C5" ::boot.cfg)" "$(mtype -i "$P5" ::boot.cfg)" "the bank's boot.cfg is as it was"
fat_ok "$LOOP" 5
ok $? "fsck.fat -n finds p5 clean"

"$STOAT" inspect --json "$LOOP" >"$T/clone.json"
is "$(json "$T/clone.json" 'j["bootbanks"][0]["uuid"], j["bootbanks"][0]["trouble"], j["datastores"]')" \
	"('', 'esx.conf holds no /system/uuid line', [])" "inspect DEVICE: no UUID, no datastore"

# --- backup --inspect ---------------------------------------------------------
out=$("$STOAT" backup "$LOOP" "$T/back.img.zst" --inspect 2>"$T/err"); rc=$?
is "$rc" 0 "backup --inspect exits 0"
like "$out" "bootbank 5: build=6\.7\.0-8169922.*\(boots\)" "and says what the device holds"
like "$out" "Datastores:
  none" "no datastore in the clone"

# --- usage -------------------------------------------------------------------
err=$("$STOAT" backup "$LOOP" "$T/x.img" --new-identity 2>&1); rc=$?
is "$rc" 2 "--new-identity with backup is a usage error"
err=$("$STOAT" flash "$src" "$LOOP" --yes --new-identity --no-verify 2>&1); rc=$?
is "$rc" 2 "--new-identity with --no-verify is a usage error"
err=$("$STOAT" inspect 2>&1); rc=$?
is "$rc" 2 "inspect without an argument is a usage error"

# --- the clone boots ------------------------------------------------------------
if [ ! -x "$ESX/boot-check" ] || ! command -v qemu-system-x86_64 >/dev/null ||
	[ ! -f "${OVMF_CODE:-/usr/share/OVMF/OVMF_CODE_4M.fd}" ]; then
	why="no boot-check, qemu-system-x86_64 or OVMF to boot the clone with"
	if [ -n "${STOAT_REQUIRE_ESXBOOT:-}" ]; then ok 1 "$why"; else skip "$why"; fi
else
	losetup -d "$LOOP"	# QEMU reads the file
	esxboot_boot "$ESX" "$T/clone.img" uefi "$T/boot" 90
	ok $? "the clone boots with VMware's boot loader (UEFI)" || esxboot_said "$T/boot" 12
	like "$(cat "$T/boot/boot.out")" "ESXBOOT-MOD .*state\.tgz" "and the rewritten state.tgz is loaded"
fi

done_testing
