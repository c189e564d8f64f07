#!/bin/sh
# completion.sh - the bash completion (doc/bash-completion/stoat), sourced
# into bash and called the way bash calls it, with COMP_WORDS and
# COMP_CWORD set: commands, the options of each command as --help assigns
# them, option values, files, and whole disks for DEVICE operands.
. "$top_srcdir/tests/lib/tap.sh"

script=$top_srcdir/doc/bash-completion/stoat
command -v bash >/dev/null 2>&1 || skip_all "bash is not installed"
T=$TAP_TMP

# comp WORD...: the candidates for the last word, sorted, one line.
comp() {
	bash -c '. "$1"; shift; COMP_WORDS=("$@"); COMP_CWORD=$(($# - 1)); _stoat
		printf "%s\n" "${COMPREPLY[@]}"' comp "$script" "$STOAT" "$@" | sed '/^$/d' | sort | tr '\n' ' '
}
# words LIST: the words, sorted, one line.
words() { printf '%s\n' $1 | sort | tr '\n' ' '; }

bash -n "$script"; ok $? "the script is valid bash"
out=$(bash -c '. "$1"; complete -p stoat' x "$script"); ok $? "sourcing it registers a completion"
like "$out" "complete -F _stoat stoat" "for stoat, with the function _stoat"

LC_ALL=C LANGUAGE= "$STOAT" --help >"$T/help"
cmds=$(sed -n 's/^  stoat \([a-z][a-z-]*\) .*/\1/p' "$T/help" | sort -u)
all=$(sed -n 's/^  \(--[a-z0-9-]*\).*/\1/p' "$T/help")
# opts_for PREFIX: the options whose help line starts with PREFIX.
opts_for() { sed -n "s#^  \(--[a-z0-9-]*\)\( [^ ]*\)\{0,1\}  *$1.*#\1#p" "$T/help"; }

is "$(comp '')" "$(words "$cmds")" "the first word: the commands of --help"
is "$(comp pl)" "plan " "a command completes from its start"
is "$(comp --)" "$(words "$all")" "-- with no command: every option of --help"

# Each command gets the options for it and not those of the others.
for c in $cmds; do
	got=$(comp "$c" --)
	for o in $(opts_for "$c:") $(opts_for "[a-z/-]*/$c:") $(opts_for "$c/[a-z/-]*:"); do
		case " $got " in *" $o "*) ok 0 "$c: offers $o" ;; *) ok 1 "$c: offers $o" ;; esac
	done
	for o in --media --help; do
		case " $got " in *" $o "*) ok 0 "$c: offers the global $o" ;; *) ok 1 "$c: offers the global $o" ;; esac
	done
done
got=$(comp list-disks --)
for o in --size --yes --used --kickstart; do
	case " $got " in *" $o "*) ok 1 "list-disks: does not offer $o" ;; *) ok 0 "list-disks: does not offer $o" ;; esac
done
got=$(comp flash --); case " $got " in *" --used "*) ok 1 "flash: --used is backup's only" ;; *) ok 0 "flash: --used is backup's only" ;; esac
got=$(comp backup --); case " $got " in *" --yes "*) ok 1 "backup: --yes is flash's only" ;; *) ok 0 "backup: --yes is flash's only" ;; esac
is "$(comp flash img dev --no-)" "--no-boot-entry --no-color --no-reboot --no-verify " \
	"options after the operands still follow the command"

# Values.
is "$(comp plan --layout '')" "esxi6 esxi7 " "--layout: esxi6 and esxi7"
is "$(comp plan --sector-size '')" "4096 512 " "--sector-size: 512 and 4096"
is "$(comp plan --system-media-size s)" "small " "--system-media-size: its words"
is "$(comp --lang '')" "$(words "$(sed -n 's/^  --lang .*(\(.*\))$/\1/p' "$T/help" | tr -d ',')")" \
	"--lang: the languages --help names"
is "$(comp plan --size '')" "" "--size BYTES: nothing to offer"

# Files.
mkdir "$T/f" "$T/f/media-dir" && : >"$T/f/media.iso" && : >"$T/f/other.cfg"
is "$(comp --media "$T/f/med")" "$T/f/media-dir $T/f/media.iso " "--media PATH: files and folders"
is "$(comp --media = "$T/f/med")" "$T/f/media-dir $T/f/media.iso " "--media=PATH, split at the = as bash does"
is "$(comp "--media=$T/f/o")" "--media=$T/f/other.cfg " "--media=PATH as one word"
is "$(comp install --kickstart "$T/f/o")" "$T/f/other.cfg " "--kickstart FILE: files"
is "$(comp flash "$T/f/m")" "$T/f/media-dir $T/f/media.iso " "flash IMAGE: files"
is "$(comp --media x li)" "list-disks list-media " "an option's value is not taken for the command"

# Disks: every whole disk the kernel lists, no partition. From an empty
# folder, so that the files a DEVICE may also be do not count.
mkdir "$T/empty"
dev=$(cd "$T/empty" && comp flash "$T/f/media.iso" '')
like "$dev" "^(/dev/[^ ]+ )*$" "flash IMAGE DEVICE, in an empty folder: only /dev paths"
for d in $(lsblk -dn -o NAME,TYPE 2>/dev/null | awk '$2 == "disk" && $1 !~ /^z?ram/ { print $1 }'); do
	case " $dev " in *" /dev/$d "*) ok 0 "flash IMAGE DEVICE: offers the disk /dev/$d" ;;
	*) ok 1 "flash IMAGE DEVICE: offers the disk /dev/$d" ;; esac
done
dev2=$(cd "$T/empty" && comp flash "$T/f/media.iso" /dev/null '')
is "$dev2" "$dev" "flash IMAGE DEVICE DEVICE...: a further operand is a device too"
parts=$(lsblk -n -o NAME,TYPE -r 2>/dev/null | awk '$2 == "part" { print "/dev/" $1 }' | tr '\n' ' ')
bad=
for p in $parts; do case " $dev " in *" $p "*) bad="$bad $p" ;; esac; done
is "$bad" "" "and no partition"
if [ "$(id -u)" = 0 ] && command -v losetup >/dev/null 2>&1; then
	truncate -s 8M "$T/loop.img"
	loop=$(tap_loop "$T/loop.img")
	if [ -n "$loop" ]; then
		got=$(cd "$T/empty" && comp backup '')
		case " $got " in *" $loop "*) ok 0 "backup DEVICE: a loop device with a file behind it ($loop)" ;;
		*) ok 1 "backup DEVICE: a loop device with a file behind it ($loop)" ;; esac
		is "$(comp backup "$loop" "$T/f/m")" "$T/f/media-dir $T/f/media.iso " \
			"backup DEVICE IMAGE: the image is a file, no disk"
	else
		skip "cannot attach a loop device"
	fi
else
	skip "not root: no loop device to list"
fi

done_testing
