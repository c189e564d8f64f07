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
	/* passwdqc's own verdicts, after the rules above pass: */
	PW_DICTIONARY,		/* based on a dictionary word */
	PW_SEQUENCE,		/* based on a common sequence (qwerty, 1234) */
	PW_WEAK,		/* another passwdqc reason */
};

/* ESXi's root password policy, the one verdict for the wizard and the
 * kickstart: 7 to 40 printable ASCII characters, then passwdqc with ESXi's
 * settings (min=disabled,disabled,disabled,7,7 max=40) for the user root.
 * The first rule pw breaks, or PW_OK. */
enum pw_rule pw_check(const char *pw);
/* pw_check, and *why set to passwdqc's own English reason when passwdqc
 * refused ("based on a dictionary word and not a passphrase"), else "". */
enum pw_rule pw_check_why(const char *pw, const char **why);
const char *pw_rule_message(enum pw_rule r);	/* translated sentence */

/* SHA-512 crypt hash ("$6$" + 16-char salt from getrandom()). */
int pw_hash(const char *pw, char *out, size_t size, struct stoat_err *e);
bool pw_verify(const char *pw, const char *hash);
/* Accept a kickstart --iscrypted hash in the forms ESXi's installer
 * takes: $1$, $6$ (without rounds=) or 13 characters ("DES"). */
bool pw_hash_acceptable(const char *hash);
/* Clear memory the compiler may not optimise away. */
void pw_wipe(void *p, size_t n);

#endif
