#!/bin/bash
# list-disks.sh - `stoat list-disks` on real loop devices, checked against
# what lsblk (sysfs view) and blkid -p (content) report for the same devices,
# plus the verdicts for a mounted, a read-only, a too-small and a media disk.
# Only the loop devices made here are looked at: others' tests run alongside.
. "$top_srcdir/tests/lib/tap.sh"

need_root_loop
for t in sgdisk mkfs.fat lsblk blkid blockdev partx python3; do
	command -v "$t" >/dev/null || skip_all "$t is missing"
done

# a space and quotes in the mount point: mountinfo escapes the one, JSON the other
MNT="$TAP_TMP/mnt \"q\""
mkdir -p "$MNT"
# blockdev --setro outlives the loop device's detach: undo it, or the next
# user of that loop number gets a read-only disk
trap 'umount "$MNT" 2>/dev/null; [ -n "${lc:-}" ] && blockdev --setrw "$lc"; tap_cleanup' EXIT

# parts LOOP: make sure the kernel shows LOOP's partitions (some kernels do
# not read GPT themselves; partx adds them from user space).
parts() {
	local n=${1#/dev/}
	ls -d /sys/block/"$n"/"$n"p* >/dev/null 2>&1 || partx -a "$1" 2>/dev/null || true
}

A=$TAP_TMP/a.img B=$TAP_TMP/b.img C=$TAP_TMP/c.img D=$TAP_TMP/d.img E=$TAP_TMP/e.img
truncate -s 1G "$A" "$B" "$C" "$E"
truncate -s 64M "$D"
sgdisk -a 1 -n 1:2048:34815 -t 1:EBD0A0A2-B9E5-4433-87C0-68B6B72699C7 \
	-n 2:34816:51199 -t 2:AA31E02A-400F-11DB-9590-000C2911D1B8 "$A" >/dev/null
mkfs.fat -F 16 -n STOATDATA --offset 2048 "$A" 16384 >/dev/null 2>&1
sgdisk -a 1 -n 1:2048:34815 -t 1:EBD0A0A2-B9E5-4433-87C0-68B6B72699C7 \
	-n 2:34816:100351 -t 2:0FC63DAF-8483-4772-8E79-3D69D8477DE4 "$B" >/dev/null
mkfs.fat -F 16 -n STOATFAT --offset 2048 "$B" 16384 >/dev/null 2>&1

for v in la:A lb:B lc:C ld:D le:E; do
	f=${v#*:}
	opt=
	[ "$f" = E ] && opt="--sector-size 4096"
	# shellcheck disable=SC2086
	l=$(tap_loop "${!f}" $opt) || skip_all "cannot attach five loop devices"
	printf -v "${v%%:*}" '%s' "$l"
	blockdev --setrw "$l"	# a read-only flag left by the number's last user
done
# the 4 KiB-sector disk gets its table through the device itself
sgdisk -a 1 -n 1:256:4351 -t 1:EBD0A0A2-B9E5-4433-87C0-68B6B72699C7 "$le" >/dev/null 2>&1
for l in $la $lb $le; do parts "$l"; done
blockdev --setro "$lc"
# p2 gets ext4 (the kernel may lack vfat) through the partition device
mounted=no
if command -v mkfs.ext4 >/dev/null && [ -b "${lb}p2" ] &&
	mkfs.ext4 -q -L STOATMNT "${lb}p2" 2>/dev/null &&
	mount -t ext4 -o ro "${lb}p2" "$MNT" 2>/dev/null; then
	mounted=yes
fi

json=$TAP_TMP/list.json
"$STOAT" list-disks --json --media "$D" >"$json"
ok $? "list-disks --json exits 0"
"$STOAT" list-disks --json --media "$la" >"$TAP_TMP/list2.json"
ok $? "list-disks --media DEVICE exits 0"
"$STOAT" list-disks --json --only-listed-disks --disk "$A:usb" >"$TAP_TMP/list4.json"
ok $? "--only-listed-disks --disk FILE:usb exits 0"
is "$(wc -l <"$TAP_TMP/list4.json")" 1 "only the listed file appears"

# Compare every field lsblk and blkid know with what stoat says, one line
# "got US want US description" per check (US, the unit separator, is not
# white space to read, so empty fields survive).
cat >"$TAP_TMP/compare.py" <<'PY'
import json, subprocess, sys

def flatten(name):
    """Every line must parse; write path US key US value lines to name.flat."""
    objs = [json.loads(line) for line in open(name)]
    with open(name + ".flat", "w") as out:
        for d in objs:
            for k, v in d.items():
                v = str(v).lower() if isinstance(v, bool) else v
                out.write("%s\x1f%s\x1f%s\n" % (d["path"], k, v))
    return objs

files, devs = sys.argv[1].split(","), sys.argv[2:]
stoat = {d["path"]: d for d in flatten(files[0])}
for f in files[1:]:
    flatten(f)
lsblk = {d["path"]: d for d in json.loads(subprocess.run(
    ["lsblk", "-J", "-O", "-b"] + devs, capture_output=True, text=True,
    check=True).stdout)["blockdevices"]}

def blkid(dev):
    r = subprocess.run(["blkid", "-p", "-o", "export", dev], capture_output=True, text=True)
    return dict(l.split("=", 1) for l in r.stdout.splitlines() if "=" in l)

def check(got, want, desc):
    print("%s\x1f%s\x1f%s" % (got, want, desc))

def flag(v):
    return "true" if v else "false"

for dev in devs:
    s, l, b = stoat.get(dev), lsblk[dev], blkid(dev)
    check(flag(s is not None), "true", "%s is listed" % dev)
    if s is None:
        continue
    check(s["transport"], "loop", "%s: transport loop" % dev)
    check(s["size"], l["size"], "%s: size as lsblk" % dev)
    check(flag(s["ro"]), flag(l["ro"]), "%s: ro as lsblk" % dev)
    check(flag(s["removable"]), flag(l["rm"]), "%s: removable as lsblk" % dev)
    check(flag(s["rotational"]), flag(l["rota"]), "%s: rotational as lsblk" % dev)
    check(s["lsec"], l["log-sec"], "%s: logical sector size as lsblk" % dev)
    check(s["psec"], l["phy-sec"], "%s: physical sector size as lsblk" % dev)
    check(s["pttype"], b.get("PTTYPE", ""), "%s: partition table as blkid" % dev)
    check(s["fstype"], b.get("TYPE", ""), "%s: whole-disk filesystem as blkid" % dev)
    kids = l.get("children") or []
    check(len(s["partitions"]), len(kids), "%s: partition count as lsblk" % dev)
    parts = {p["num"]: p for p in s["partitions"]}
    for k in kids:
        kb = blkid(k["path"])
        num = int(kb.get("PART_ENTRY_NUMBER", "0"))
        p = parts.get(num)
        check(flag(p is not None), "true", "%s: partition %d listed" % (k["path"], num))
        if p is None:
            continue
        check(p["start"], int(k["start"]) * 512, "%s: start as lsblk" % k["path"])
        check(p["size"], k["size"], "%s: size as lsblk" % k["path"])
        check(p["type_guid"], kb.get("PART_ENTRY_TYPE", "").replace("-", "").upper(),
              "%s: type GUID as blkid" % k["path"])
        check(p["fstype"], kb.get("TYPE", ""), "%s: fstype as blkid" % k["path"])
        check(p["label"], kb.get("LABEL", ""), "%s: label as blkid" % k["path"])
        if k.get("fstype"):
            check(p["fstype"], k["fstype"], "%s: fstype as lsblk (udev)" % k["path"])
PY
us=$(printf '\037')
while IFS=$us read -r got want desc; do
	is "$got" "$want" "$desc"
done < <(python3 "$TAP_TMP/compare.py" "$json,$TAP_TMP/list2.json,$TAP_TMP/list4.json" \
	"$la" "$lb" "$lc" "$ld" "$le"; echo "$?${us}0${us}every line of every run is a JSON object (other disks too)")

# field DEV KEY [FILE]: one field of DEV's JSON object (from FILE.flat).
field() {
	awk -F "$us" -v p="$1" -v k="$2" '$1 == p && $2 == k { print $3 }' "${3:-$json}.flat"
}

is "$(field "$la" verdict)" usable "$la: usable"
is "$(field "$la" reason)" "" "$la: no reason"
is "$(field "$la" markers)" "*" "$la: VMFS type GUID gives the * marker"
is "$(field "$le" lsec)" 4096 "$le: 4096-byte logical sectors"
is "$(field "$lc" verdict)" read-only "$lc (blockdev --setro): read-only"
is "$(field "$lc" reason)" "The disk is read-only." "$lc: says so"
is "$(field "$ld" verdict)" media "$ld (backing file is --media): media"
like "$(field "$ld" reason)" "install media" "$ld: says it holds the install media"
if [ $mounted = yes ]; then
	is "$(field "$lb" verdict)" mounted "$lb (p2 mounted read-only): mounted"
	is "$(field "$lb" reason)" "${lb}p2 is mounted on $MNT; unmount it first." \
		"$lb: names the partition and the mount point"
	table=$("$STOAT" list-disks --media "$D")
	is "$("$STOAT" list-disks --json --only-listed-disks --disk "$lb" | wc -l)" 1 \
		"--only-listed-disks --disk DEVICE lists just that device"
	like "$(printf '%s\n' "$table" | grep "^$lb ")" "mounted on $MNT" \
		"the table shows $lb with its reason"
else
	skip "cannot make and mount ext4 on ${lb}p2 here: no mounted-partition check"
	skip "(same)"
	skip "(same)"
	skip "(same)"
fi

is "$(field "$la" verdict "$TAP_TMP/list2.json")" media "--media $la (a block device): media"
is "$(field "$ld" verdict "$TAP_TMP/list2.json")" too-small "$ld: too small once it is not the media"
like "$(field "$ld" reason "$TAP_TMP/list2.json")" "64 MiB, and at least 910 MiB" \
	"$ld: the reason names its size and the minimum"

# an image file standing in for a USB stick
is "$(field "$A" transport "$TAP_TMP/list4.json")" usb "the file is a USB stick"
is "$(field "$A" is_file "$TAP_TMP/list4.json")" true "and is marked as a file"
is "$(field "$A" size "$TAP_TMP/list4.json")" "$(stat -c %s "$A")" "size as stat"
is "$(field "$A" pttype "$TAP_TMP/list4.json")" "$(blkid -p -o value -s PTTYPE "$A")" \
	"partition table as blkid"
is "$(field "$A" verdict "$TAP_TMP/list4.json")" usable "the image file is usable"

err=$("$STOAT" list-disks --only-listed-disks --disk "$TAP_TMP/none.img" 2>&1); rc=$?
is "$rc" 1 "a missing --disk file exits 1"
like "$err" "^stoat: .*none.img" "and names the file"

done_testing
