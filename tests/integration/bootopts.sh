#!/bin/bash
# bootopts.sh - boot options as ESXi's installer honours them, through the
# real command line onto image files:
#   - `stoat plan --boot-options`: systemMediaSize= min, small, default,
#     max and autoPartitionOSDataSize= against ESXi's documented sizes
#     (KB 81166: 33 GB, 69 GB, 138 GB read as OSData ending at 128 GiB,
#     all; the OSData size in MB), which source wins, the refused words;
#   - kickstart bootoption --kernelopt and --nested-template installs: the
#     layout read back with sgdisk, the installed boot.cfg with mtype, the
#     media's kernelopt under the kickstart's;
#   - the nested template's first-boot script, taken out of onetime.tgz,
#     run by busybox in a fake ESXi root whose stub esxcli records its
#     arguments.
. "$top_srcdir/tests/integration/install_lib.sh"
command -v busybox >/dev/null || skip_all "busybox is missing"

T=$TAP_TMP
plan() { "$STOAT" plan --size 500G --layout esxi7 "$@" 2>"$T/perr"; }
# p7's last sector and whether a p8 follows, from a plan.
p7end() { awk '$1 == 7 { e = $3 } $1 == 8 { v = " p8" } END { print e v }'; }
MIB=2048	# sectors

# --- stoat plan: each option against the documented sizes ----------------
p7=16986112	# where OSData starts on a disk over 32 GiB
is "$(plan | p7end)" "$((128 * 1024 * MIB - 1)) p8" "default: OSData ends at 128 GiB, the datastore follows"
is "$(plan --boot-options systemMediaSize=min | p7end)" "$((33000000000 / 1048576 * MIB - 1)) p8" "systemMediaSize=min: OSData ends at 33 GB"
is "$(plan --boot-options systemMediaSize=small | p7end)" "$((69000000000 / 1048576 * MIB - 1)) p8" "systemMediaSize=small: OSData ends at 69 GB"
is "$(plan --boot-options systemMediaSize=default | p7end)" "$((128 * 1024 * MIB - 1)) p8" "systemMediaSize=default: as without it"
is "$(plan --boot-options systemMediaSize=max | p7end)" "$((500 * 1024 * MIB - 34))" "systemMediaSize=max: OSData takes the disk, no datastore"
is "$(plan --boot-options autoPartitionOSDataSize=8192 | p7end)" "$((p7 + 8192 * MIB - 1)) p8" "autoPartitionOSDataSize=8192: 8192 MiB of OSData, the datastore after it"
is "$(plan --boot-options 'systemMediaSize=max autoPartitionOSDataSize=4096' | p7end)" "$((p7 + 4096 * MIB - 1)) p8" "autoPartitionOSDataSize wins over systemMediaSize"
is "$(plan --system-media-size min --boot-options systemMediaSize=small | p7end)" "$((69000000000 / 1048576 * MIB - 1)) p8" "--boot-options comes after --system-media-size"
is "$(plan --boot-options 'systemMediaSize=min systemMediaSize=max' | p7end)" "$((500 * 1024 * MIB - 34))" "a key given twice: the later value"
is "$(plan --boot-options 'SYSTEMMEDIASIZE=Min' | p7end)" "$((33000000000 / 1048576 * MIB - 1)) p8" "keys and values in any case, as ESXi reads them"
is "$(plan --boot-options allowLegacyCPU=true | p7end)" "$((128 * 1024 * MIB - 1)) p8" "a host option leaves the layout alone"
is "$(plan --nested-template | p7end)" "$((128 * 1024 * MIB - 1))" "--nested-template: no datastore"
plan --size 8G --flash --boot-options autoPartitionOSDataSize=8192 >/dev/null
like "$(cat "$T/perr")" "autoPartitionOSDataSize has no effect here" "on flash, autoPartitionOSDataSize says it does nothing"
for w in runweasel cdromBoot ks=http://x/ks.cfg KS=nfs://h/ks; do
	plan --boot-options "allowLegacyCPU=true $w" >/dev/null
	is "$?" 2 "--boot-options refuses the installer word $w (exit 2)"
	like "$(cat "$T/perr")" "belongs to the installer" "and says why"
done
for bad in systemMediaSize=huge systemMediaSize autoPartitionOSDataSize=0 autoPartitionOSDataSize=8G \
	'a"b=1' '=x' 'ké=1'; do
	plan --boot-options "$bad" >/dev/null
	is "$?" 2 "--boot-options refuses '$bad'"
done
like "$("$STOAT" --help)" "--boot-options" "--help lists --boot-options"

# --- kickstart installs onto image files -----------------------------------
"$MKMEDIA" --version 7.0.3-19193900 --kernelopt "runweasel systemMediaSize=small ignoreHeadless=TRUE" "$T/m7.iso" ||
	skip_all "cannot build the fixture media"
kopt() { mtype -i "$(vol "$1" 5)" ::boot.cfg 2>/dev/null | sed -n 's/^kernelopt=//p'; }

write_ks "$T/ks" "--firstdisk" 'bootoption --kernelopt="allowLegacyCPU=true"'
install_img "$T/a.img" 500G m7 disk
is "$?" 0 "install: the media's systemMediaSize=small applies"
is "$(p7end <<<"$(table "$T/a.img")")" "$((69000000000 / 1048576 * MIB - 1)) p8" "sgdisk: OSData ends at 69 GB"
is "$(kopt "$T/a.img")" "ignoreHeadless=TRUE no-auto-partition allowLegacyCPU=true" \
	"mtype: boot.cfg has the media's and the kickstart's host options, not the install's"

write_ks "$T/ks" "--firstdisk" 'bootoption --kernelopt="systemMediaSize=min preferVmklinux=TRUE"' \
	'bootoption --kernelopt="autoPartitionOSDataSize=4096 allowLegacyCPU=true"'
install_img "$T/b.img" 500G m7 disk
is "$?" 0 "install with two bootoption lines over the media's options"
is "$(p7end <<<"$(table "$T/b.img")")" "$((p7 + 4096 * MIB - 1)) p8" "sgdisk: the kickstart's autoPartitionOSDataSize wins over the media's systemMediaSize"
is "$(kopt "$T/b.img")" "ignoreHeadless=TRUE no-auto-partition allowLegacyCPU=true" \
	"mtype: preferVmklinux is not written for 7.x"

write_ks "$T/ks" "--firstdisk" 'bootoption --nested-template'
install_img "$T/n.img" 500G m7 disk --dry-run
like "$(cat "$T/out")" "Nested-ESXi template: allowLegacyCPU=true stays in boot.cfg" "the dry run lists the template's effects"
install_img "$T/n.img" 500G m7 disk
is "$?" 0 "install with bootoption --nested-template"
is "$(p7end <<<"$(table "$T/n.img")")" "$((69000000000 / 1048576 * MIB - 1))" "sgdisk: no datastore partition"
is "$(kopt "$T/n.img")" "ignoreHeadless=TRUE no-auto-partition allowLegacyCPU=true" "mtype: allowLegacyCPU=true in boot.cfg"
mcopy -n -i "$(vol "$T/n.img" 5)" ::onetime.tgz "$T/n.tgz" 2>/dev/null
mkdir -p "$T/root/bin" "$T/root/tmp" "$T/root/fb"
tar -xzf "$T/n.tgz" -C "$T/root/fb" || fail "onetime.tgz unpacks"
scripts=$(python3 -c 'import json,sys; print(" ".join(json.load(open(sys.argv[1]))["scripts"]))' \
	"$T/root/fb/var/lib/vmware/firstboot/firstboot.json")
is "$scripts" "001.firstboot_001" "firstboot.json names one script"
cp "$(command -v busybox)" "$T/root/bin/busybox"
ln -s busybox "$T/root/bin/sh"
printf '#!/bin/sh\necho "$*" >>/tmp/esxcli.calls\n' >"$T/root/bin/esxcli"
chmod +x "$T/root/bin/esxcli"
chroot "$T/root" /bin/busybox env -i PATH=/bin /bin/sh /fb/var/lib/vmware/firstboot/001.firstboot_001
is "$?" 0 "the script runs under busybox in a fake ESXi root"
is "$(cat "$T/root/tmp/esxcli.calls" 2>/dev/null)" "system settings advanced set -o /Net/FollowHardwareMac -i 1" \
	"the stub esxcli records exactly the FollowHardwareMac setting"

# --- kickstart refusals ------------------------------------------------------
for w in runweasel cdromBoot=1 ks=http://x/ks.cfg; do
	write_ks "$T/ks" "--firstdisk" "bootoption --kernelopt=\"allowLegacyCPU=true $w\""
	"$STOAT" --kickstart-check "$T/ks" >/dev/null 2>"$T/err"
	is "$?" 1 "kickstart bootoption --kernelopt refuses $w"
	like "$(cat "$T/err")" "ks:4: bootoption --kernelopt: ${w%%=*}.* belongs to the installer" "with the line and the reason"
done
write_ks "$T/ks" "--firstdisk" 'bootoption --kernelopt="autoPartitionOSDataSize=lots"'
"$STOAT" --kickstart-check "$T/ks" >/dev/null 2>"$T/err"
like "$(cat "$T/err")" "autoPartitionOSDataSize takes a size in MB" "a bad autoPartitionOSDataSize is refused"

done_testing
