/* bootcfg.h - ESXi boot.cfg: parse, render in the bootbank's key order,
 * and edit the kernelopt option list (REFERENCE.md section 2).
 *
 * The grammar is that of VMware's boot loader (mboot): one key=value per
 * line, blanks around both ignored; a line whose first non-blank character
 * is '#' is a comment, and a '#' anywhere else is part of the value. A
 * modules= entry is a path and, after the first blank, the module's
 * arguments ("/b.b00 arg=1"); empty entries between "---" are skipped. A
 * key given twice keeps its last value; an empty value is none (an empty
 * number is 0). */
#ifndef STOAT_BOOTCFG_H
#define STOAT_BOOTCFG_H

#include <stdbool.h>
#include <stddef.h>

#include "err.h"

#define BOOTCFG_MAX_MODULES 256
#define BOOTCFG_NAME_MAX 128
#define BOOTCFG_OPT_MAX 1024

struct bootcfg {
	int bootstate;			/* 0 booted fine ... 3 invalid */
	char title[256];
	int timeout;
	char prefix[256];
	bool has_prefix;		/* prefix= is not empty (an empty one is
					 * none, as mboot reads it) */
	char kernel[BOOTCFG_NAME_MAX];	/* as written, e.g. "/b.b00" */
	char kernelopt[BOOTCFG_OPT_MAX];
	size_t n_modules;
	char modules[BOOTCFG_MAX_MODULES][BOOTCFG_NAME_MAX];
	char build[128];
	bool has_build;			/* a build= line was there (even empty) */
	int updated;
};

/* Parse boot.cfg text (len bytes, need not be NUL-terminated). Unknown
 * keys and comments are ignored. 0 or -EINVAL with e filled. */
int bootcfg_parse(const char *text, size_t len, struct bootcfg *out,
		  struct stoat_err *e);

/* Split a kernel= or modules= entry into its path (copied to path, at
 * most size bytes) and its arguments (*args: a pointer into entry past
 * the blanks after the path, "" when none; entries bootcfg_parse stored
 * have no trailing blanks). -ENAMETOOLONG when the path does not fit,
 * -EINVAL when the entry is blank. */
int bootcfg_split_entry(const char *entry, char *path, size_t size, const char **args);

/* Render in the bootbank key order into buf; returns the length needed
 * (like snprintf). Modules are joined with " --- ". */
size_t bootcfg_format(const struct bootcfg *b, char *buf, size_t size);

/* kernelopt editing. Options are space separated; an option's key is the
 * text before '=' (or the whole word) and keys compare case-insensitively.
 *
 * bootcfg_kopt_has: whether an option with opt's key is present.
 * bootcfg_kopt_add: set opt (replacing an option with the same key in its
 *   place, else appending); never adds it twice. -ENOSPC when it would not
 *   fit in size bytes.
 * bootcfg_kopt_remove: drop every option with that key, keeping the order
 *   of the rest; returns how many were removed. */
bool bootcfg_kopt_has(const char *opts, const char *opt);

/* bootcfg_kopt_word_check: whether the option word w (n bytes) can be a
 *   boot option: 0; BOOTCFG_KOPT_BADCHAR when it holds other than
 *   printable ASCII or a quote; BOOTCFG_KOPT_BADKEY when its key is empty
 *   or holds other than letters, digits and _ . - : (a URL given without
 *   "ks=" is such a word).
 * bootcfg_kopt_bad_words: how many words of opts fail that check; the
 *   first is copied to first (size bytes, cut to fit). */
enum { BOOTCFG_KOPT_BADCHAR = 1, BOOTCFG_KOPT_BADKEY = 2 };
int bootcfg_kopt_word_check(const char *w, size_t n);
size_t bootcfg_kopt_bad_words(const char *opts, char *first, size_t size);
/* bootcfg_kopt_remove_bad: drop those words, keeping the order of the
 *   rest; returns how many were removed. */
int bootcfg_kopt_remove_bad(char *opts);
int bootcfg_kopt_add(char *opts, size_t size, const char *opt);
int bootcfg_kopt_remove(char *opts, const char *key);

#endif
