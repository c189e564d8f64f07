/* known_issues.c - the table of version-specific notes (known_issues.h).
 *
 *   note                                 source
 *   7.0 Update 2 and 2a on USB or SD:    VMware KB 83376 (Broadcom 318611),
 *   "Bootbank cannot be found at path    "Connection to the /bootbank partition
 *   '/bootbank'"; fixed in 7.0 Update    intermittently breaks when you use USB
 *   2c, build 18426014 (2021-08-24)      or SD devices"; the 7.0 U2c image
 *                                        profile ESXi-7.0U2c-18426014-standard
 */
#include "config.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "known_issues.h"
#include "nls.h"

static const struct known_issue known_issues[] = {
	{ "7.0.2", 18426014, true, "7.0 Update 2c (build 18426014)",
	  N_("ESXi 7.0 Update 2 and 2a on USB or SD flash lose their boot device under load (\"Bootbank cannot be found at path '/bootbank'\"); install ESXi 7.0 Update 2c (build 18426014) or later instead."),
	  "https://kb.vmware.com/s/article/83376" },
};

/* The build number at the end of a version string. */
unsigned long known_issue_build(const char *version)
{
	const char *dash = strchr(version, '-'), *dot;
	char *end;
	unsigned long b;

	if (!dash || !(dot = strrchr(dash, '.')))
		return 0;
	b = strtoul(dot + 1, &end, 10);
	return end > dot + 1 && !*end ? b : 0;
}

/* Whether version is release itself or release followed by '-'. */
static bool known_issue_release(const char *version, const char *release)
{
	size_t n = strlen(release);

	return !strncmp(version, release, n) && (version[n] == '-' || !version[n]);
}

/* The entries that concern this version and kind of target. */
size_t known_issues_find(const char *version, bool flash, const struct known_issue **out,
			 size_t max)
{
	unsigned long build;
	size_t i, n = 0;

	if (!version)
		return 0;
	build = known_issue_build(version);
	for (i = 0; i < sizeof(known_issues) / sizeof(known_issues[0]) && n < max; i++) {
		const struct known_issue *k = &known_issues[i];

		if (!known_issue_release(version, k->release) || (k->flash_only && !flash))
			continue;
		if (!build || build >= k->fixed_build)
			continue;
		out[n++] = k;
	}
	return n;
}

/* The note, translated, followed by its source. */
void known_issue_text(const struct known_issue *k, char *buf, size_t size)
{
	snprintf(buf, size, "%s (%s)", _(k->text), k->source);
}
