/* fuzz_bootcfg.c - libFuzzer target for the boot.cfg parser and the
 * kernelopt editor.
 *
 * Invariants checked beyond "no crash": a parsed boot.cfg renders to text
 * that parses again and renders to the same bytes; kernelopt editing keeps
 * the string NUL-terminated inside its buffer and does what it says. */
#include "config.h"

#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "bootcfg.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

/* Stop the run with a crash the fuzzer records, naming the invariant. */
static void fuzz_fail(const char *what)
{
	fprintf(stderr, "fuzz_bootcfg: %s\n", what);
	abort();
}

/* Render b into a fresh heap buffer of exactly the length it needs. */
static char *fuzz_render(const struct bootcfg *b, size_t *len)
{
	/* Sized as stoat's callers size it: no buffer at all. */
	size_t need = bootcfg_format(b, NULL, 0);
	char *buf = malloc(need + 1);

	if (!buf)
		return NULL;
	if (bootcfg_format(b, buf, need + 1) != need || strlen(buf) != need)
		fuzz_fail("bootcfg_format length");
	*len = need;
	return buf;
}

/* Exercise the kernelopt helpers with a word taken from the input. */
static void fuzz_kopt(struct bootcfg *b, const uint8_t *data, size_t size)
{
	char opt[64];
	size_t n = size < sizeof(opt) - 1 ? size : sizeof(opt) - 1;
	char key[64];
	char *eq;

	memcpy(opt, data, n);
	opt[n] = '\0';
	/* An option is one word: the helpers are documented for words only. */
	if (!opt[0] || strpbrk(opt, " \t\r\n"))
		return;
	if (bootcfg_kopt_add(b->kernelopt, sizeof(b->kernelopt), opt) == 0) {
		if (!bootcfg_kopt_has(b->kernelopt, opt))
			fuzz_fail("added option is missing");
	}
	if (memchr(b->kernelopt, '\0', sizeof(b->kernelopt)) == NULL)
		fuzz_fail("kernelopt lost its NUL");
	snprintf(key, sizeof(key), "%s", opt);
	if ((eq = strchr(key, '=')))
		*eq = '\0';
	if (!key[0])
		return;
	bootcfg_kopt_remove(b->kernelopt, key);
	if (bootcfg_kopt_has(b->kernelopt, key))
		fuzz_fail("removed option is still there");
}

/* One input: boot.cfg text; its last 32 bytes double as a kernel option. */
int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	static struct bootcfg a, b;
	struct stoat_err e;
	size_t la, lb;
	char *ta, *tb;

	memset(&a, 0, sizeof(a));
	if (bootcfg_parse((const char *)data, size, &a, &e) != 0)
		return 0;
	if (a.n_modules > BOOTCFG_MAX_MODULES)
		fuzz_fail("n_modules out of range");
	if (!(ta = fuzz_render(&a, &la)))
		return 0;
	/* A NUL byte inside a value cuts it there (reported, issue 12): the
	 * round trip below only holds for text without NUL bytes. */
	if (memchr(data, '\0', size)) {
		free(ta);
		return 0;
	}
	memset(&b, 0, sizeof(b));
	if (bootcfg_parse(ta, la, &b, &e) != 0)
		fuzz_fail("rendered boot.cfg does not parse again");
	if (!(tb = fuzz_render(&b, &lb)))
		fuzz_fail("out of memory");
	if (la != lb || memcmp(ta, tb, la) != 0)
		fuzz_fail("render(parse(render(x))) differs from render(x)");
	free(ta);
	free(tb);
	fuzz_kopt(&a, size > 32 ? data + size - 32 : data, size > 32 ? 32 : size);
	return 0;
}
