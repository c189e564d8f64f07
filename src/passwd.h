/* passwd.h - root password policy and hashing (crypt(3), SHA-512). */
#ifndef STOAT_PASSWD_H
#define STOAT_PASSWD_H

#include <stdbool.h>
#include <stddef.h>

#include "err.h"

enum pw_rule {
	PW_OK = 0,
	PW_EMPTY,
	PW_TOO_SHORT,		/* fewer than 7 characters */
	PW_TOO_LONG,		/* more than 40 characters */
	PW_NOT_ASCII,		/* a character outside printable ASCII */
	PW_FEW_CLASSES,		/* fewer than 3 classes (leading capital and
				   trailing digit do not count) */
};

enum pw_rule pw_check(const char *pw);
const char *pw_rule_message(enum pw_rule r);	/* translated sentence */

/* SHA-512 crypt hash ("$6$" + 16-char salt from getrandom()). */
int pw_hash(const char *pw, char *out, size_t size, struct stoat_err *e);
bool pw_verify(const char *pw, const char *hash);
/* Accept a kickstart --iscrypted hash: $1$, $6$ or 13-char DES. */
bool pw_hash_acceptable(const char *hash);
/* Clear memory the compiler may not optimise away. */
void pw_wipe(void *p, size_t n);

#endif
