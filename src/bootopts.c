/* bootopts.c - boot options as the ESXi installer honours them (see
 * bootopts.h): one reader for the wizard's line, the media's kernelopt,
 * kickstart bootoption --kernelopt and --boot-options. */
#include "config.h"

#include <ctype.h>
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "bootopts.h"
#include "nls.h"

/* The largest autoPartitionOSDataSize taken, in MB (16 TiB). */
#define OSDATA_MB_MAX (16u * 1024 * 1024)

/* The installer's own words: never options for the installed host. */
static const char *const installer_words[] = { "runweasel", "cdromBoot", "ks" };

/* Options that shape the install and stay with the installer. */
static const char *const install_keys[] = { "systemMediaSize", "autoPartitionOSDataSize" };

const char bootopts_nested_script[] =
	"#!/bin/sh\n"
	"# stoat: nested-ESXi template: the management interface follows the\n"
	"# MAC address of the virtual NIC, so that every clone gets its own.\n"
	"esxcli system settings advanced set -o /Net/FollowHardwareMac -i 1\n";

/* Whether word's key (the text before '=', or all of it) is key,
 * ignoring case as ESXi's boot.cfg reader does. */
static bool key_is(const char *word, size_t klen, const char *key)
{
	return strlen(key) == klen && !strncasecmp(word, key, klen);
}

/* Whether key is one of n names. */
static bool key_in(const char *word, size_t klen, const char *const *names, size_t n)
{
	size_t i;

	for (i = 0; i < n; i++)
		if (key_is(word, klen, names[i]))
			return true;
	return false;
}

/* Read systemMediaSize=VALUE into b. */
static int set_media_size(struct bootopts *b, const char *word, const char *val, struct stoat_err *e)
{
	char low[16];
	size_t i;

	for (i = 0; val[i] && i + 1 < sizeof(low); i++)
		low[i] = (char)tolower((unsigned char)val[i]);
	low[i] = '\0';
	if (val[i] || layout_media_size_parse(low, &b->media_size) < 0)
		return err_set(e, EINVAL, _("%s: systemMediaSize takes min, small, default or max."), word);
	b->has_media_size = true;
	return 0;
}

/* Read autoPartitionOSDataSize=MB into b. */
static int set_osdata(struct bootopts *b, const char *word, const char *val, struct stoat_err *e)
{
	unsigned long v;
	char *end;

	errno = 0;
	v = strtoul(val, &end, 10);
	if (!isdigit((unsigned char)*val) || *end || errno || v < 1 || v > OSDATA_MB_MAX)
		return err_set(e, EINVAL, _("%s: autoPartitionOSDataSize takes a size in MB, a whole number from 1 to %u."),
			       word, OSDATA_MB_MAX);
	b->osdata_mb = (unsigned)v;
	return 0;
}

/* Read one option (NUL-terminated word) into b. */
static int parse_word(struct bootopts *b, const char *word, unsigned flags, struct stoat_err *e)
{
	size_t klen = strcspn(word, "=");
	const char *val = word[klen] ? word + klen + 1 : NULL;
	int rc = bootcfg_kopt_word_check(word, strlen(word));

	/* The media's words that are no option are not carried to the
	 * installed host (the media reader warns about them). */
	if (rc && (flags & BOOTOPTS_MEDIA))
		return 0;
	if (rc == BOOTCFG_KOPT_BADCHAR)
		return err_set(e, EINVAL, _("%s: a boot option may hold only printable ASCII characters, without quotes."),
			       word);
	if (rc == BOOTCFG_KOPT_BADKEY)
		return err_set(e, EINVAL, _("%s: the name before '=' may hold only letters, digits and _ . - :"),
			       word);
	if (key_in(word, klen, installer_words, sizeof(installer_words) / sizeof(installer_words[0]))) {
		if (flags & BOOTOPTS_MEDIA)
			return 0;
		return err_set(e, EINVAL, _("%s belongs to the installer, not to the installed system: it cannot be given as a boot option."),
			       word);
	}
	if (key_is(word, klen, install_keys[0]))
		return set_media_size(b, word, val ? val : "", e);
	if (key_is(word, klen, install_keys[1]))
		return set_osdata(b, word, val ? val : "", e);
	rc = bootcfg_kopt_add(b->host, sizeof(b->host), word);
	if (rc < 0)
		return err_set(e, -rc, _("The boot options are longer than %zu characters."), sizeof(b->host) - 1);
	return 0;
}

int bootopts_parse(struct bootopts *b, const char *line, unsigned flags, struct stoat_err *e)
{
	char word[BOOTOPTS_HOST_MAX];
	const char *p = line ? line : "";
	size_t n;
	int rc;

	for (;;) {
		p += strspn(p, " \t");
		if (!*p)
			return 0;
		n = strcspn(p, " \t");
		if (n >= sizeof(word))
			return err_set(e, ENOSPC, _("The boot options are longer than %zu characters."), sizeof(word) - 1);
		memcpy(word, p, n);
		word[n] = '\0';
		if ((rc = parse_word(b, word, flags, e)) < 0)
			return rc;
		p += n;
	}
}

int bootopts_from_media(struct bootopts *b, struct media *m, struct stoat_err *e)
{
	int rc;

	if (!m)
		return 0;
	rc = bootopts_parse(b, media_bootcfg(m)->kernelopt, BOOTOPTS_MEDIA, e);
	return rc < 0 ? err_prefix(e, "%s", _("the media's boot.cfg kernelopt")) : 0;
}

void bootopts_layout(const struct bootopts *b, struct layout_opts *lo)
{
	if (b->has_media_size)
		lo->media_size = b->media_size;
	if (b->osdata_mb)
		lo->osdata_mb = b->osdata_mb;
	if (b->nested_template)
		lo->novmfsondisk = true;
}

/* Whether the plan's script i is the nested template's. */
static bool is_nested_script(const struct install_plan *p, size_t i)
{
	return p->scripts[i].body && !strcmp(p->scripts[i].body, bootopts_nested_script);
}

int bootopts_apply(const struct bootopts *b, struct install_plan *p, struct stoat_err *e)
{
	static const char *const names[] = { "default", "min", "small", "max" };
	size_t i, n = 0;
	char *body;
	int rc;

	snprintf(p->bootopts, sizeof(p->bootopts), "%s", b->host);
	if (b->nested_template
	    && (rc = bootcfg_kopt_add(p->bootopts, sizeof(p->bootopts), "allowLegacyCPU=true")) < 0)
		return err_set(e, -rc, _("The boot options are longer than %zu characters."), sizeof(p->bootopts) - 1);
	p->install_opts[0] = '\0';
	if (b->has_media_size)
		n = (size_t)snprintf(p->install_opts, sizeof(p->install_opts), "systemMediaSize=%s",
				     names[b->media_size]);
	if (b->osdata_mb)
		snprintf(p->install_opts + n, sizeof(p->install_opts) - n, "%sautoPartitionOSDataSize=%u",
			 n ? " " : "", b->osdata_mb);
	p->nested_template = b->nested_template;
	/* The script once: drop the one an earlier call added, add it anew. */
	for (i = 0; i < p->n_scripts; i++)
		if (is_nested_script(p, i)) {
			free(p->scripts[i].body);
			memmove(&p->scripts[i], &p->scripts[i + 1], (p->n_scripts - i - 1) * sizeof(p->scripts[0]));
			p->n_scripts--;
			break;
		}
	if (!b->nested_template)
		return 0;
	if (p->n_scripts >= PLAN_MAX_SCRIPTS)
		return err_set(e, E2BIG, _("The nested template's first-boot script does not fit: the plan already has %d."),
			       PLAN_MAX_SCRIPTS);
	if (!(body = strdup(bootopts_nested_script)))
		return err_set(e, ENOMEM, _("out of memory"));
	snprintf(p->scripts[p->n_scripts].interpreter, sizeof(p->scripts[0].interpreter), "busybox");
	p->scripts[p->n_scripts++].body = body;
	return 0;
}

void bootopts_strip(char *kernelopt)
{
	size_t i;

	for (i = 0; i < sizeof(installer_words) / sizeof(installer_words[0]); i++)
		bootcfg_kopt_remove(kernelopt, installer_words[i]);
	for (i = 0; i < sizeof(install_keys) / sizeof(install_keys[0]); i++)
		bootcfg_kopt_remove(kernelopt, install_keys[i]);
}
