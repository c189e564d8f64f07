/* test_passwd.c - password policy, SHA-512 crypt hashing (checked against
 * openssl), accepted --iscrypted forms, and the keyboard table. */
#include "config.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "keyboard.h"
#include "kickstart.h"
#include "passwd.h"
#include "tap.h"

/* Ask openssl for "openssl passwd -<algo> -salt SALT" of pw (read from stdin). */
static int openssl_passwd(const char *algo, const char *salt, const char *pw,
			  char *out, size_t size)
{
	char cmd[256], tmpl[] = "/tmp/stoat-pw-XXXXXX";
	FILE *f;
	int fd = mkstemp(tmpl), rc = -1;

	if (fd < 0)
		return -1;
	if (write(fd, pw, strlen(pw)) != (ssize_t)strlen(pw) || write(fd, "\n", 1) != 1) {
		close(fd);
		unlink(tmpl);
		return -1;
	}
	close(fd);
	snprintf(cmd, sizeof(cmd), "openssl passwd -%s -salt '%s' -stdin < %s 2>/dev/null",
		 algo, salt, tmpl);
	f = popen(cmd, "r");
	if (f) {
		if (fgets(out, (int)size, f)) {
			out[strcspn(out, "\n")] = '\0';
			rc = 0;
		}
		if (pclose(f) != 0)
			rc = -1;
	}
	unlink(tmpl);
	return rc;
}

/* The policy, rule by rule: length and ASCII first (as ESXi's installer
 * checks them), then passwdqc with ESXi's settings. */
static void test_policy(void)
{
	const char *why;
	char big[64];

	ok(pw_check("") == PW_EMPTY, "empty password");
	ok(pw_check(NULL) == PW_EMPTY, "NULL password counts as empty");
	ok(pw_check("aB3$x") == PW_TOO_SHORT, "5 characters are too short");
	ok(pw_check("aB3$xy") == PW_TOO_SHORT, "6 characters are too short");
	ok(pw_check("aB3$xyz") == PW_OK, "7 characters with 4 classes pass");
	memset(big, 'a', 40);
	memcpy(big, "xY3$", 4);
	big[40] = '\0';
	ok(pw_check(big) == PW_OK, "40 characters pass");
	big[40] = 'a';
	big[41] = '\0';
	ok(pw_check(big) == PW_TOO_LONG, "41 characters are too long");
	ok(pw_check("abc\xc3\xa9XY12") == PW_NOT_ASCII, "UTF-8 letter refused");
	ok(pw_check("abc\tXY12") == PW_NOT_ASCII, "tab refused");
	ok(pw_check("abc XY12") == PW_OK, "space is printable ASCII and counts as other");
	ok(pw_check("abcdefgh") == PW_FEW_CLASSES, "one class");
	ok(pw_check("abcdEFGH") == PW_FEW_CLASSES, "two classes");
	ok(pw_check("abcd!@#h5") == PW_FEW_CLASSES, "trailing digit does not count: lower+other only");
	ok(pw_check("abcd!@#5h") == PW_OK, "the same digit in the middle counts");
	ok(pw_check("Abcd!@#h") == PW_FEW_CLASSES, "leading capital does not count: lower+other only");
	ok(pw_check("aBcd!@#h") == PW_OK, "the same capital in the middle counts");
	ok(pw_check("Password1") == PW_FEW_CLASSES, "Password1: leading capital and trailing digit both ignored");
	ok(pw_check("Passw0rd1") == PW_FEW_CLASSES, "Passw0rd1: lower + inner digit only");
	ok(pw_check("PassW0rd1") == PW_OK, "PassW0rd1: inner capital and digit count");
	ok(pw_check("ABCDEFG1") == PW_FEW_CLASSES, "capitals then digit: upper only");
	ok(pw_check("1234567a") == PW_FEW_CLASSES, "digits then a letter: two classes");
	ok(pw_check_why("VMware!", &why) == PW_DICTIONARY, "VMware!: a dictionary word with a decoration");
	is_str(why, "based on a dictionary word and not a passphrase", "and passwdqc's own reason");
	ok(pw_check_why("abcdEF5h", &why) == PW_SEQUENCE, "abcdEF5h: three classes, but a common sequence");
	ok(pw_check_why("Stoat-2024x", &why) == PW_OK && !why[0], "Stoat-2024x passes, no reason");
}

/* One table through both front ends: pw_check (what the wizard's password
 * screen calls, live and on Enter) and a kickstart's clear-text rootpw
 * must give the same verdict, and the kickstart's error names the same
 * sentence. */
static void test_table(void)
{
	static const struct {
		const char *pw;
		enum pw_rule want;
	} t[] = {
		{ "VMware!", PW_DICTIONARY }, { "Password1", PW_FEW_CLASSES },
		{ "Summer2024", PW_FEW_CLASSES }, { "abcdEF5h", PW_SEQUENCE },
		{ "aB3$x", PW_TOO_SHORT }, { "xY3$aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa", PW_TOO_LONG },
		{ "abc\xc3\xa9XY12", PW_NOT_ASCII }, { "Stoat-2024x", PW_OK }, { "myp@ssw0rd", PW_OK },
		{ "VMware1!", PW_OK }, { "qwerty-ZX12", PW_OK }, { "tr0ub4dor&3", PW_OK },
	};
	char path[] = "/tmp/stoat-pwks-XXXXXX", text[256];
	struct kickstart *ks = calloc(1, sizeof(*ks));
	size_t i;
	int fd;

	for (i = 0; i < sizeof(t) / sizeof(t[0]); i++) {
		struct stoat_err e = { 0 };
		enum pw_rule r = pw_check(t[i].pw);
		int rc;

		ok(r == t[i].want, "wizard path: %s -> rule %d (want %d)", t[i].pw, r, t[i].want);
		fd = mkstemp(path);
		snprintf(text, sizeof(text), "vmaccepteula\nrootpw '%s'\ninstall --firstdisk\n", t[i].pw);
		if (fd < 0 || write(fd, text, strlen(text)) != (ssize_t)strlen(text)) {
			ok(0, "write a kickstart");
			continue;
		}
		close(fd);
		rc = kickstart_load(path, ks, &e);
		if (t[i].want == PW_OK)
			ok(rc == 0, "kickstart path: %s accepted too (%s)", t[i].pw, e.msg);
		else
			ok(rc < 0 && strstr(e.msg, pw_rule_message(t[i].want)),
			   "kickstart path: %s refused with the same sentence (%s)", t[i].pw, e.msg);
		kickstart_free(ks);
		unlink(path);
		strcpy(path, "/tmp/stoat-pwks-XXXXXX");
	}
	free(ks);
}

/* Every rule has its own non-empty sentence. */
static void test_messages(void)
{
	enum pw_rule r, s;
	bool distinct = true, filled = true;

	for (r = PW_OK; r <= PW_WEAK; r++) {
		if (!pw_rule_message(r) || !pw_rule_message(r)[0])
			filled = false;
		for (s = PW_OK; s < r; s++)
			if (!strcmp(pw_rule_message(r), pw_rule_message(s)))
				distinct = false;
	}
	ok(filled, "every rule has a message");
	ok(distinct, "messages differ per rule");
	ok(strstr(pw_rule_message(PW_TOO_SHORT), "7") != NULL, "too-short message names 7");
	ok(strstr(pw_rule_message(PW_TOO_LONG), "40") != NULL, "too-long message names 40");
}

/* Hashing: form, salt, verification, and openssl producing the same hash. */
static void test_hash(void)
{
	struct stoat_err e = { 0 };
	const char *pw = "Sample-pw9x";
	char h1[256], h2[256], salt[32], ref[256];
	size_t n;

	ok(pw_hash(pw, h1, sizeof(h1), &e) == 0, "pw_hash succeeds (%s)", e.msg);
	ok(!strncmp(h1, "$6$", 3), "hash is SHA-512 crypt: %s", h1);
	n = strcspn(h1 + 3, "$");
	is_u64(n, 16, "salt is 16 characters");
	ok(strspn(h1 + 3, "./0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz") >= 16,
	   "salt uses only [A-Za-z0-9./]");
	is_u64(strlen(h1), 3 + 16 + 1 + 86, "hash has the full length");
	ok(strstr(h1, pw) == NULL, "hash does not contain the password");
	ok(pw_verify(pw, h1), "the hash verifies the password");
	ok(!pw_verify("Sample-pw9y", h1), "a different password does not verify");
	ok(pw_hash_acceptable(h1), "our own hash is an acceptable --iscrypted hash");
	ok(pw_hash(pw, h2, sizeof(h2), &e) == 0 && strcmp(h1, h2) != 0,
	   "two hashes of one password use different salts");
	ok(pw_hash(pw, h2, 20, &e) < 0 && e.msg[0], "too small a buffer is an error with a message");

	memcpy(salt, h1 + 3, 16);
	salt[16] = '\0';
	if (system("openssl version >/dev/null 2>&1") != 0) {
		skip("openssl not installed");
		skip("openssl not installed");
	} else {
		ok(openssl_passwd("6", salt, pw, ref, sizeof(ref)) == 0, "openssl passwd -6 runs");
		is_str(h1, ref, "openssl passwd -6 with our salt gives our hash");
		ok(openssl_passwd("1", "abcdefgh", pw, ref, sizeof(ref)) == 0
		   && pw_verify(pw, ref), "an openssl $1$ (MD5) hash verifies");
	}
}

/* Forms kickstart rootpw --iscrypted accepts. */
static void test_acceptable(void)
{
	char h[128];

	ok(pw_hash_acceptable("$1$abcdefgh$0123456789abcdefABCDEF"), "$1$ with 8-char salt");
	ok(pw_hash_acceptable("abJnggxhB/yWI"), "13-character DES hash");
	snprintf(h, sizeof(h), "$6$rounds=5000$saltsalt$%s",
		 "0123456789012345678901234567890123456789012345678901234567890123456789012345678901234/");
	ok(!pw_hash_acceptable(h), "$6$rounds=N$ refused, as ESXi's installer refuses it");
	ok(!pw_hash_acceptable("$5$saltsalt$0123456789012345678901234567890123456789012"), "$5$ refused");
	ok(!pw_hash_acceptable("plaintext"), "a plain word refused");
	ok(pw_hash_acceptable("abJnggxhB/yW!"), "any 13 printable characters: ESXi's \"DES\" form");
	ok(!pw_hash_acceptable("abJnggx:B/yW!"), "13 characters with ':' refused (it would break /etc/shadow)");
	ok(!pw_hash_acceptable("abJnggx B/yW!"), "13 characters with a blank refused");
	ok(pw_hash_acceptable("$1$q2w1rootpwaNj3fTN4SS5ZAZTFiIMB/"),
	   "$1$ and 22 to 31 characters of the md5 alphabet, $ included (ESXi's md5 form)");
	ok(!pw_hash_acceptable("$6$salt$short"), "truncated $6$ refused");
	ok(!pw_hash_acceptable("$1$abcdefghi$0123456789abcdefABCDEF"), "$1$ salt of 9 refused");
	ok(!pw_hash_acceptable(""), "empty refused");
}

/* The keyboard table. */
static void test_keyboard(void)
{
	static const char *const want[] = {
		"Belgian", "Brazilian", "Croatian", "Czechoslovakian", "Danish",
		"Estonian", "Finnish", "French", "German", "Greek", "Icelandic",
		"Italian", "Japanese", "Latin American", "Norwegian", "Polish",
		"Portuguese", "Russian", "Slovenian", "Spanish", "Swedish",
		"Swiss French", "Swiss German", "Turkish", "US Default",
		"US Dvorak", "Ukrainian", "United Kingdom",
	};
	size_t i;
	bool same = true;

	is_u64(keyboard_count(), 28, "28 keyboard layouts");
	for (i = 0; i < 28 && i < keyboard_count(); i++)
		if (strcmp(keyboard_layouts[i], want[i]))
			same = false;
	ok(same, "names and order as REFERENCE.md lists them");
	ok(keyboard_layouts[keyboard_count()] == NULL, "table is NULL-terminated");
	is_str(KEYBOARD_DEFAULT, "US Default", "default layout");
	is_str(keyboard_canonical("swiss german"), "Swiss German", "lookup ignores case");
	is_str(keyboard_canonical("US DVORAK"), "US Dvorak", "upper-case lookup");
	ok(keyboard_valid("united kingdom"), "valid ignores case");
	ok(!keyboard_valid("Klingon"), "unknown layout refused");
	ok(!keyboard_valid("Swiss"), "prefix is not a match");
	ok(!keyboard_valid(NULL), "NULL refused");
}

int main(void)
{
	test_policy();
	test_table();
	test_messages();
	test_hash();
	test_acceptable();
	test_keyboard();
	return tap_done();
}
