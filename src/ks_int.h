/* ks_int.h - shared between the kickstart reader's files (kickstart.c reads
 * files and sections, ks_cmds.c handles commands, ks_net.c the network
 * command, ks_part.c partition and serialnum, ks_ctx.c the errors and
 * option parsing they all use, ks_disk.c picks the disk and fills the
 * plan). Calls run one way: kickstart.c -> ks_cmds.c -> ks_net.c and
 * ks_part.c -> ks_ctx.c. Not a public contract. */
#ifndef STOAT_KS_INT_H
#define STOAT_KS_INT_H

#include <limits.h>
#include <stdbool.h>

#include "kickstart.h"

#define KS_MAX_DEPTH 16		/* %include nesting */
#define KS_MAX_COMMANDS 256u	/* ESXi's installer stops after as many */
#define KS_MAX_ARGS 64		/* words on one line */

#define KS_MAX_OPTS 20		/* options one command knows */

enum ks_kind { KO_FLAG, KO_VALUE, KO_OPTVALUE };

/* One option a command knows: --name, --name=VALUE or --name[=VALUE].
 * Like ESXi, an option given twice warns and keeps its first value, unless
 * `once` (then it is an error). */
struct ks_optdef {
	const char *name;
	enum ks_kind kind;
	bool once;
};

/* One command line after option parsing. */
struct ks_args {
	const char *val[KS_MAX_OPTS];	/* by defs index; NULL: not given; "" for flags */
	int npos;
	char *pos[KS_MAX_ARGS];		/* words that are not options */
};

/* Where a line came from. */
struct ks_pos {
	const char *file;	/* as named by the user or the %include */
	unsigned line;
};

/* Where a command was last read (a copy of its file's name). */
struct ks_seen {
	char file[4096];
	unsigned line;
};

/* The reader's state while one kickstart_load runs. */
struct ks_ctx {
	struct kickstart *ks;
	struct stoat_err *e;
	unsigned flags;				/* KS_LOAD_* */
	const struct ks_pre_hook *pre;		/* runs %pre scripts, or NULL */
	bool pre_only;				/* collect %pre sections, nothing else */
	unsigned depth;
	char stack[KS_MAX_DEPTH][PATH_MAX];	/* real paths being read */
	struct ks_script *cur;			/* open %pre/%post/%firstboot */
	bool have_rootpw, have_keyboard, have_network;
	/* where rootpw, keyboard, network, serialnum and clearpart were read */
	struct ks_seen rootpw_at, keyboard_at, network_at, serialnum_at, clearpart_at;
	unsigned n_commands;			/* known commands read, all files */
	char first_eula[4200];			/* "FILE:LINE" once seen */
	char partitionembed_where[4200];	/* "FILE:LINE" once seen */
};

/* ks_ctx.c: remember at in s. */
void ks_seen_set(struct ks_seen *s, const struct ks_pos *at);

/* ks_ctx.c: fill c->e with "FILE:LINE: message" and return -code. */
int ks_error(struct ks_ctx *c, const struct ks_pos *at, int code, const char *fmt, ...)
	__attribute__((format(printf, 4, 5)));

/* Record a "FILE:LINE: message" warning (kept up to KS_MAX_WARNINGS). */
void ks_warn(struct ks_ctx *c, const struct ks_pos *at, const char *fmt, ...)
	__attribute__((format(printf, 3, 4)));

/* Record a "FILE:LINE: message" note (kept up to KS_MAX_NOTES; see
 * struct kickstart). */
void ks_note(struct ks_ctx *c, const struct ks_pos *at, const char *fmt, ...)
	__attribute__((format(printf, 3, 4)));

/* Handle one command line split into words (argv[0] is the command;
 * ks_cmds.c). */
int ks_command(struct ks_ctx *c, const struct ks_pos *at, int argc, char **argv);

/* Parse argv[1..] against defs into a (ks_ctx.c). */
int ks_opts(struct ks_ctx *c, const struct ks_pos *at, const struct ks_optdef *defs,
	    size_t ndefs, int argc, char **argv, struct ks_args *a);

/* Warn about (and ignore) words after a command that takes none, or
 * the words before the first `keep` ones that it does take (ks_ctx.c). */
void ks_no_pos(struct ks_ctx *c, const struct ks_pos *at, const char *cmd,
	       const struct ks_args *a, int keep);

/* Parse a boolean value in any case: 1/true or 0/false; -1 otherwise
 * (ks_ctx.c). */
int ks_bool(const char *v);

/* True when s is a comma list of words made of [A-Za-z0-9._:+-/]
 * (ks_ctx.c). */
bool ks_list_ok(const char *s);

/* Copy the comma list in into buf without the blanks around its items
 * (ESXi strips each item) and return buf; in itself when it does not fit
 * (ks_ctx.c). */
const char *ks_list_squeeze(const char *in, char *buf, size_t size);

/* partition / part NAME --ondisk=|--onfirstdisk[=] (ks_part.c). */
int ks_cmd_partition(struct ks_ctx *c, const struct ks_pos *at, int argc, char **argv);

/* serialnum / vmserialnum --esx=KEY (ks_part.c). */
int ks_cmd_serialnum(struct ks_ctx *c, const struct ks_pos *at, int argc, char **argv);

/* network --bootproto= ...: validate and store JSON text (ks_net.c). */
int ks_cmd_network(struct ks_ctx *c, const struct ks_pos *at, int argc, char **argv);

#endif
