/* known_issues.h - version-specific notes about ESXi releases: one table,
 * each entry with the versions it concerns, the release that fixed it and
 * where VMware says so. The install checks (sysscan) show the ones that
 * apply to the media and the target. */
#ifndef STOAT_KNOWN_ISSUES_H
#define STOAT_KNOWN_ISSUES_H

#include <stdbool.h>
#include <stddef.h>

struct known_issue {
	const char *release;		/* "7.0.2": the version's first fields */
	unsigned long fixed_build;	/* builds below it are concerned */
	bool flash_only;		/* only for USB or SD targets */
	const char *fixed_in;		/* the release that fixed it */
	const char *text;		/* N_(): the note, naming fixed_in */
	const char *source;		/* VMware's article */
};

/* The build number of a version "7.0.2-0.20.18426014": the digits after
 * its last '.' past the '-'; 0 when it has none. */
unsigned long known_issue_build(const char *version);

/* The entries that concern media of this version installed onto a flash
 * device or not: up to max pointers into the table; the count. */
size_t known_issues_find(const char *version, bool flash, const struct known_issue **out,
			 size_t max);

/* The entry's note, translated, with the fixed release and source. */
void known_issue_text(const struct known_issue *k, char *buf, size_t size);

#endif
