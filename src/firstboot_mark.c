/* firstboot_mark.c - the marks that tie a partition stoat could not
 * format to the first-boot script that formats it (firstboot.h): their
 * one format, shell quoting, and the shell library every such script
 * starts with.
 *
 * The install writes "stoat-KIND TOKEN K." at the start of the partition
 * (inst_mark, inst_ctx.c); the script reads the first sector of every
 * /vmfs/devices/disks/DEVICE:N (not the vml.* aliases of the same
 * partitions), takes the one partition that carries its mark and leaves
 * it alone when it is a VMFS extent already, so it never touches a disk
 * it was not meant for, whatever names ESXi gives the disks. The script
 * is POSIX sh for busybox ash. */
#include "config.h"

#include <stdio.h>
#include <string.h>

#include "firstboot.h"

/* The functions every marked-partition script defines, after tag=. */
static const char mark_sh_lib[] =
	"disks=/vmfs/devices/disks\n"
	"rc=0\n"
	"\n"
	"log() {\n"
	"\techo \"$tag: $*\"\n"
	"}\n"
	"\n"
	"# True when partition $1 (DEVICE:N) starts with mark $2.\n"
	"marked() {\n"
	"\t[ \"$(dd if=\"$disks/$1\" bs=512 count=1 2>/dev/null | head -c ${#2} | tr -d '\\000')\" = \"$2\" ]\n"
	"}\n"
	"\n"
	"# True when partition $1 (DEVICE:N) is an extent of a VMFS volume already.\n"
	"in_use() {\n"
	"\tesxcli storage vmfs extent list 2>/dev/null |\n"
	"\t\tawk -v d=\"${1%:*}\" -v p=\"${1##*:}\" '$(NF-1) == d && $NF == p { f = 1 } END { exit !f }'\n"
	"}\n"
	"\n"
	"# The device that holds /bootbank (vmkfstools -P lists DEVICE:N under\n"
	"# \"Partitions spanned\"), or nothing.\n"
	"boot_device() {\n"
	"\tvmkfstools -P /bootbank 2>/dev/null |\n"
	"\t\tawk '/^Partitions spanned/ { f = 1; next }\n"
	"\t\t     f && NF { sub(/^[ \\t]+/, \"\"); sub(/:[0-9]+[ \\t]*$/, \"\"); print; exit }'\n"
	"}\n"
	"\n"
	"# The one partition numbered $1 that carries mark $2, tried first on\n"
	"# device $3; nothing when none or several do.\n"
	"find_part() {\n"
	"\tif [ -n \"$3\" ] && marked \"$3:$1\" \"$2\"; then\n"
	"\t\techo \"$3:$1\"\n"
	"\t\treturn\n"
	"\tfi\n"
	"\tfound= n=0\n"
	"\tfor f in \"$disks\"/*:\"$1\"; do\n"
	"\t\tpart=${f##*/}\n"
	"\t\tcase $part in vml.*) continue ;; esac\n"
	"\t\t[ -e \"$f\" ] && marked \"$part\" \"$2\" || continue\n"
	"\t\tfound=$part n=$((n + 1))\n"
	"\tdone\n"
	"\t[ $n = 1 ] && echo \"$found\"\n"
	"}\n"
	"\n"
	"# Set part to the partition numbered $1 that carries mark $2 (device $3\n"
	"# tried first) for $4, and succeed when it is to be formatted; else say\n"
	"# why and fail, setting rc=1 when no partition, or several, carry it.\n"
	"claim() {\n"
	"\tpart=$(find_part \"$1\" \"$2\" \"$3\")\n"
	"\tif [ -z \"$part\" ]; then\n"
	"\t\tlog \"no partition (or more than one) carries the mark for $4; nothing was created\"\n"
	"\t\trc=1\n"
	"\t\treturn 1\n"
	"\tfi\n"
	"\tif in_use \"$part\"; then\n"
	"\t\tlog \"$part already holds a VMFS volume; it is left as it is\"\n"
	"\t\treturn 1\n"
	"\tfi\n"
	"}\n"
	"\n";

/* The mark of partition k of kind for token, newline ended. */
void firstboot_mark(const char *kind, const char *token, size_t k, char *out, size_t size)
{
	snprintf(out, size, "stoat-%s %s %zu.\n", kind, token, k);
}

/* Append s to b as one single-quoted shell word. */
void firstboot_sh_quote(struct sbuf *b, const char *s)
{
	sbuf_add(b, "'", 1);
	for (; *s; s++)
		if (*s == '\'')
			sbuf_add(b, "'\\''", 4);
		else
			sbuf_add(b, s, 1);
	sbuf_add(b, "'", 1);
}

/* Append the mark, without its newline, as one quoted shell word. */
void firstboot_sh_mark(struct sbuf *b, const char *kind, const char *token, size_t k)
{
	char m[FIRSTBOOT_MARKER_MAX];

	firstboot_mark(kind, token, k, m, sizeof(m));
	m[strcspn(m, "\n")] = '\0';
	firstboot_sh_quote(b, m);
}

/* Append tag= and the shared functions. */
void firstboot_sh_lib(struct sbuf *b, const char *tag)
{
	sbuf_add(b, "tag=", 4);
	firstboot_sh_quote(b, tag);
	sbuf_add(b, "\n", 1);
	sbuf_add(b, mark_sh_lib, sizeof(mark_sh_lib) - 1);
}
