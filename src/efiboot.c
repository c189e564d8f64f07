/* efiboot.c - the firmware boot entry "VMware ESXi", made with efibootmgr. */
#include "config.h"

#include <ctype.h>
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <sys/stat.h>

#include "child.h"
#include "efiboot.h"
#include "gpt.h"
#include "nls.h"

#define EFIBOOT_OUT (64u << 10)

/* Whether the install adds the firmware boot entry, and why not. */
bool efiboot_wanted(const struct install_plan *p, bool uefi, char *why_out, size_t size)
{
	const struct disk *d = &p->target;
	struct stat st;
	const char *why = NULL;

	if (p->no_boot_entry)
		why = _("--no-boot-entry was given");
	else if (!uefi)
		why = _("UEFI boot is not set up");
	else if (d->is_file || d->transport == TR_FILE || d->transport == TR_LOOP)
		why = _("an image file or loop device");
	else if (d->transport == TR_USB || d->transport == TR_SD)
		why = _("USB or SD flash, often for another host");
	else if (stat(p->efi_dir[0] ? p->efi_dir : "/sys/firmware/efi", &st) < 0 ||
		 !S_ISDIR(st.st_mode))
		why = _("this machine did not start by UEFI");
	snprintf(why_out, size, "%s", why ? why : "");
	return !why;
}

/* Whether the 36 characters at s spell guid in efibootmgr's text form. */
static bool guid_text_is(const char *s, const uint8_t guid[16])
{
	char want[33];
	size_t i, j;

	gpt_guid_decode(guid, want);
	for (i = j = 0; s[i] && j < 32 && i < 36; i++) {
		if (s[i] == '-')
			continue;
		if (toupper((unsigned char)s[i]) != want[j++])
			return false;
	}
	return j == 32;
}

/* The Boot#### entries labelled EFIBOOT_LABEL that point at guid. */
size_t efiboot_find(const char *text, const uint8_t guid[16], unsigned *num, size_t max)
{
	const char *line = text;
	size_t n = 0;

	while (line && *line && n < max) {
		const char *end = strchr(line, '\n'), *hd, *label;
		size_t len = end ? (size_t)(end - line) : strlen(line);
		char buf[1024];
		unsigned bn;

		snprintf(buf, sizeof(buf), "%.*s", (int)len, line);
		line = end ? end + 1 : NULL;
		/* "Boot0003* VMware ESXi\tHD(1,GPT,<guid>,0x40,...)/File(...)" */
		if (strlen(buf) < 10 || strncmp(buf, "Boot", 4) || !isxdigit((unsigned char)buf[4]) ||
		    !isxdigit((unsigned char)buf[5]) || !isxdigit((unsigned char)buf[6]) ||
		    !isxdigit((unsigned char)buf[7]))
			continue;
		bn = (unsigned)strtoul((char[]){ buf[4], buf[5], buf[6], buf[7], '\0' }, NULL, 16);
		label = buf + 9 + (buf[8] == '*');
		while (*label == ' ')
			label++;
		/* the label ends at the tab before the device path: "VMware
		 * ESXi 8.0" is another entry's label, not ours */
		if (strncmp(label, EFIBOOT_LABEL, strlen(EFIBOOT_LABEL)) ||
		    label[strlen(EFIBOOT_LABEL)] != '\t')
			continue;
		for (hd = strstr(label, "HD("); hd; hd = strstr(hd + 3, "HD(")) {
			const char *g = strstr(hd, ",GPT,");

			if (g && guid_text_is(g + 5, guid)) {
				num[n++] = bn;
				break;
			}
		}
	}
	return n;
}

/* Remove entry num with efibootmgr. */
static int remove_entry(unsigned num, struct stoat_err *e)
{
	char hex[8], out[256];
	char *argv[] = { "efibootmgr", "-q", "-b", hex, "-B", NULL };

	snprintf(hex, sizeof(hex), "%04X", num & 0xffff);
	return child_run(argv, out, sizeof(out), "efibootmgr -B", e);
}

/* Add the entry, first in BootOrder, replacing stale ones. */
int efiboot_create(const struct install_plan *p, unsigned num, const uint8_t *old_guid,
		   const uint8_t new_guid[16], struct stoat_err *e)
{
	char *out = malloc(EFIBOOT_OUT), part[16], msg[256];
	char *list[] = { "efibootmgr", "-v", NULL };
	char *add[] = { "efibootmgr", "-q", "-c", "-d", (char *)p->target.path, "-p", part,
			"-L", EFIBOOT_LABEL, "-l", EFIBOOT_LOADER, NULL };
	unsigned stale[16];
	size_t n = 0, i;
	int rc;

	if (!out)
		return err_set(e, ENOMEM, _("out of memory"));
	snprintf(part, sizeof(part), "%u", num);
	rc = child_run(list, out, EFIBOOT_OUT, "efibootmgr -v", e);
	if (rc == 0 && old_guid)
		n = efiboot_find(out, old_guid, stale, 16);
	if (rc == 0)
		n += efiboot_find(out, new_guid, stale + n, 16 - n);
	free(out);
	for (i = 0; rc == 0 && i < n; i++)
		rc = remove_entry(stale[i], e);
	if (rc == 0)
		rc = child_run(add, msg, sizeof(msg), "efibootmgr -c", e);
	return rc < 0 ? err_prefix(e, _("the firmware boot entry \"%s\""), EFIBOOT_LABEL) : 0;
}
