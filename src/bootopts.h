/* bootopts.h - boot options as the ESXi installer honours them.
 *
 * ESXi's installer reads key=value boot options (typed after Shift+O at
 * its boot prompt, or in the media's boot.cfg kernelopt). Two of them
 * shape the install: systemMediaSize=min|small|default|max and
 * autoPartitionOSDataSize=MB (7.x). The installer's own words (runweasel,
 * cdromBoot, ks=) are refused. Every other option is meant for the
 * installed host and is carried into its boot.cfg kernelopt.
 *
 * One reader serves every source; when a key comes from several, the later
 * reading wins. stoat reads, from first to last: the media's kernelopt,
 * the command line (--system-media-size, --boot-options), the kickstart's
 * bootoption --kernelopt lines, and the wizard's boot options line. */
#ifndef STOAT_BOOTOPTS_H
#define STOAT_BOOTOPTS_H

#include <stdbool.h>
#include <stddef.h>

#include "err.h"
#include "layout.h"
#include "media.h"
#include "plan.h"

#define BOOTOPTS_HOST_MAX 512

struct bootopts {
	bool has_media_size;		/* systemMediaSize= was given */
	enum layout_media_size media_size;
	unsigned osdata_mb;		/* autoPartitionOSDataSize=, 0: not given */
	bool nested_template;		/* --nested-template (not a boot option) */
	char host[BOOTOPTS_HOST_MAX];	/* for the installed boot.cfg, space separated */
};

/* Read flags. */
enum {
	BOOTOPTS_MEDIA = 1,	/* the media's kernelopt: the installer's own
				 * words are skipped, not refused */
};

/* Read a line of space-separated options into b, over what b holds (a key
 * given again replaces the earlier value). 0, or -EINVAL (an installer
 * word, a bad value or character) / -ENOSPC with e naming the option. */
int bootopts_parse(struct bootopts *b, const char *line, unsigned flags, struct stoat_err *e);

/* Read the media's boot.cfg kernelopt into b (as bootopts_parse with
 * BOOTOPTS_MEDIA); m may be NULL. */
int bootopts_from_media(struct bootopts *b, struct media *m, struct stoat_err *e);

/* What b does to the layout: systemMediaSize, autoPartitionOSDataSize, and
 * no datastore for a nested template. */
void bootopts_layout(const struct bootopts *b, struct layout_opts *lo);

/* Put b into the plan: the host options (with allowLegacyCPU=true for a
 * nested template) into p->bootopts, the install options into
 * p->install_opts, and the nested template's first-boot script into
 * p->scripts (once, however often this is called). 0 or -errno. */
int bootopts_apply(const struct bootopts *b, struct install_plan *p, struct stoat_err *e);

/* Drop the installer's words and the install-shaping options from an
 * installed system's kernelopt, in place. */
void bootopts_strip(char *kernelopt);

/* The nested template's first-boot script (busybox sh). */
extern const char bootopts_nested_script[];

#endif
