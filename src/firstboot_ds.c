/* firstboot_ds.c - the first-boot script that creates the VMFS datastores
 * the install left empty: no free VMFS writer exists, so the installed
 * host makes them itself with vmkfstools.
 *
 * The install marks every such partition (firstboot_mark.c: kind
 * "datastore", K = 0 for the target's own datastore partition, 1.. for
 * p->datastores[]); the script starts with the shared library that finds
 * a marked partition and adds what to do with it: vmkfstools -C with the
 * name ESXi would give. The boot disk's partition is looked for first on
 * the device that holds /bootbank. */
#include "config.h"

#include <errno.h>
#include <stdio.h>
#include <string.h>

#include "firstboot.h"
#include "nls.h"
#include "sbuf.h"

/* The datastore script's own function, after the shared library. */
static const char ds_script_body[] =
	"# Create datastore $3 on the partition numbered $1 with mark $2,\n"
	"# looking on device $4 first.\n"
	"create() {\n"
	"\tclaim \"$1\" \"$2\" \"$4\" \"$3\" || return\n"
	"\tif taken \"$3\"; then\n"
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

/* The file system vmkfstools is to create: vmfs5 for 6.x, else vmfs6. */
const char *firstboot_ds_fstype(const struct install_plan *p)
{
	return p->layout.profile == LAYOUT_ESXI6 ? "vmfs5" : "vmfs6";
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
	firstboot_sh_lib(out, "stoat datastores");
	sbuf_add(out, ds_script_body, sizeof(ds_script_body) - 1);
	sbuf_printf(out, "# True when a volume called $1 exists or is planned below.\n"
		    "taken() {\n"
		    "\t[ -e \"/vmfs/volumes/$1\" ] || [ -L \"/vmfs/volumes/$1\" ] && return 0\n"
		    "\tcase $1 in\n");
	for (i = 0; i < p->n_datastores; i++) {
		sbuf_add(out, "\t", 1);
		firstboot_sh_quote(out, p->datastores[i].name);
		sbuf_printf(out, ") [ \"$creating\" != %zu ] ;;\n", i + 1);
	}
	sbuf_printf(out, "\t*) return 1 ;;\n\tesac\n}\n\n");
	if (lp) {
		sbuf_printf(out, "# The boot disk's datastore: datastore1, or the next free number.\n"
			    "n=1\n"
			    "creating=0\n"
			    "while taken \"datastore$n\"; do n=$((n + 1)); done\n"
			    "create %u ", lp->num);
		firstboot_sh_mark(out, FIRSTBOOT_MARK_DATASTORE, token, 0);
		sbuf_printf(out, " \"datastore$n\" \"$(boot_device)\"\n");
	}
	for (i = 0; i < p->n_datastores; i++) {
		sbuf_printf(out, "creating=%zu\ncreate 1 ", i + 1);
		firstboot_sh_mark(out, FIRSTBOOT_MARK_DATASTORE, token, i + 1);
		sbuf_add(out, " ", 1);
		firstboot_sh_quote(out, p->datastores[i].name);
		sbuf_add(out, "\n", 1);
	}
	sbuf_printf(out, "exit $rc\n");
	return out->oom ? err_set(e, ENOMEM, _("out of memory")) : 0;
}
