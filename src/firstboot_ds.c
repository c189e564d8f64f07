/* firstboot_ds.c - the first-boot script that creates the VMFS datastores
 * the install left empty: no free VMFS writer exists, so the installed
 * host makes them itself with vmkfstools.
 *
 * The install writes a marker at the start of every such partition
 * ("stoat-datastore TOKEN K.": a random token per install, K = 0 for the
 * target's own datastore partition, 1.. for p->datastores[]); the script
 * formats only a partition that carries its marker and holds no VMFS
 * extent yet, so it never touches a disk it was not meant for, whatever
 * name ESXi gives the disks. The boot disk is looked up first from
 * /bootbank (vmkfstools -P names the partition it spans), the others
 * among /vmfs/devices/disks. The script is POSIX sh for busybox ash. */
#include "config.h"

#include <errno.h>
#include <stdio.h>
#include <string.h>

#include "firstboot.h"
#include "nls.h"
#include "sbuf.h"

/* The part of the script that is the same for every install. */
static const char ds_script_body[] =
	"disks=/vmfs/devices/disks\n"
	"rc=0\n"
	"\n"
	"log() {\n"
	"\techo \"stoat datastores: $*\"\n"
	"}\n"
	"\n"
	"# True when partition $1 (DEVICE:N) starts with marker $2.\n"
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
	"# The one partition numbered $1 that carries marker $2, tried first on\n"
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
	"# Create datastore $3 on the partition numbered $1 with marker $2,\n"
	"# looking on device $4 first.\n"
	"create() {\n"
	"\tpart=$(find_part \"$1\" \"$2\" \"$4\")\n"
	"\tif [ -z \"$part\" ]; then\n"
	"\t\tlog \"no partition (or more than one) carries the mark for $3; nothing was created\"\n"
	"\t\trc=1\n"
	"\telif in_use \"$part\"; then\n"
	"\t\tlog \"$part already holds a VMFS volume; it is left as it is\"\n"
	"\telif taken \"$3\"; then\n"
	"\t\tlog \"a volume called $3 exists already; $part is left empty\"\n"
	"\t\trc=1\n"
	"\telif vmkfstools -C \"$fs\" -S \"$3\" \"$disks/$part\"; then\n"
	"\t\tlog \"created the $fs datastore $3 on $part\"\n"
	"\telse\n"
	"\t\tlog \"vmkfstools could not create $3 on $part\"\n"
	"\t\trc=1\n"
	"\tfi\n"
	"}\n"
	"\n";

/* Append s to b as one single-quoted shell word. */
static void sh_quote(struct sbuf *b, const char *s)
{
	sbuf_add(b, "'", 1);
	for (; *s; s++)
		if (*s == '\'')
			sbuf_add(b, "'\\''", 4);
		else
			sbuf_add(b, s, 1);
	sbuf_add(b, "'", 1);
}

/* The target's datastore partition the host is to create, or NULL. */
static const struct layout_part *ds_boot_part(const struct install_plan *p)
{
	const struct layout_part *lp = layout_find_role(&p->layout, ROLE_VMFS);

	return p->upgrade || !lp || lp->keep ? NULL : lp;
}

/* Whether onetime.tgz gets the datastore script. */
bool firstboot_has_datastores(const struct install_plan *p)
{
	return !p->upgrade && (ds_boot_part(p) || p->n_datastores);
}

/* The marker written at the start of datastore partition k. */
void firstboot_ds_marker(const char *token, size_t k, char *out, size_t size)
{
	snprintf(out, size, "stoat-datastore %s %zu.\n", token, k);
}

/* The file system vmkfstools is to create: vmfs5 for 6.x, else vmfs6. */
const char *firstboot_ds_fstype(const struct install_plan *p)
{
	return p->layout.profile == LAYOUT_ESXI6 ? "vmfs5" : "vmfs6";
}

/* Append the marker of partition k, without its newline, quoted. */
static void ds_marker_word(struct sbuf *b, const char *token, size_t k)
{
	char m[FIRSTBOOT_MARKER_MAX];

	firstboot_ds_marker(token, k, m, sizeof(m));
	m[strcspn(m, "\n")] = '\0';
	sh_quote(b, m);
}

/* Write the datastore script for p into out. */
int firstboot_ds_script(const struct install_plan *p, const char *token, struct sbuf *out,
			struct stoat_err *e)
{
	const struct layout_part *lp = ds_boot_part(p);
	size_t i;

	if (!token || strlen(token) != FIRSTBOOT_TOKEN_LEN)
		return err_set(e, EINVAL, "no datastore token");
	sbuf_printf(out, "#!/bin/sh\n"
		    "# stoat: create the VMFS datastores that the install partitioned but\n"
		    "# could not format. Each partition carries a mark written at install\n"
		    "# time; only a marked partition without a VMFS volume is formatted.\n"
		    "fs=%s\n", firstboot_ds_fstype(p));
	sbuf_add(out, ds_script_body, sizeof(ds_script_body) - 1);
	sbuf_printf(out, "# True when a volume called $1 exists or is planned below.\n"
		    "taken() {\n"
		    "\t[ -e \"/vmfs/volumes/$1\" ] || [ -L \"/vmfs/volumes/$1\" ] && return 0\n"
		    "\tcase $1 in\n");
	for (i = 0; i < p->n_datastores; i++) {
		sbuf_add(out, "\t", 1);
		sh_quote(out, p->datastores[i].name);
		sbuf_printf(out, ") [ \"$creating\" != %zu ] ;;\n", i + 1);
	}
	sbuf_printf(out, "\t*) return 1 ;;\n\tesac\n}\n\n");
	if (lp) {
		sbuf_printf(out, "# The boot disk's datastore: datastore1, or the next free number.\n"
			    "n=1\n"
			    "creating=0\n"
			    "while taken \"datastore$n\"; do n=$((n + 1)); done\n"
			    "create %u ", lp->num);
		ds_marker_word(out, token, 0);
		sbuf_printf(out, " \"datastore$n\" \"$(boot_device)\"\n");
	}
	for (i = 0; i < p->n_datastores; i++) {
		sbuf_printf(out, "creating=%zu\ncreate 1 ", i + 1);
		ds_marker_word(out, token, i + 1);
		sbuf_add(out, " ", 1);
		sh_quote(out, p->datastores[i].name);
		sbuf_add(out, "\n", 1);
	}
	sbuf_printf(out, "exit $rc\n");
	return out->oom ? err_set(e, ENOMEM, _("out of memory")) : 0;
}
