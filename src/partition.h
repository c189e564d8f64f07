/* partition.h - write a planned layout to a device or image with libparted. */
#ifndef STOAT_PARTITION_H
#define STOAT_PARTITION_H

#include "err.h"
#include "layout.h"

struct partition_opts {
	const char *gptmbr;	/* boot stub; NULL: configure's default; "" none */
	bool no_reread;		/* image files: do not ask the kernel */
};

/* Replace whatever is on path with the layout: fresh GPT, exact sectors,
 * VMware type GUIDs, boot stub, stale signatures wiped. warn (may be NULL,
 * size warn_size) receives a non-fatal note, e.g. no boot stub. */
int partition_apply(const char *path, const struct layout *l,
		    const struct partition_opts *opts, char *warn,
		    size_t warn_size, struct stoat_err *e);

#endif
