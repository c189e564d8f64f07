/* cli_json.c - print JSON members on stdout, for the --json outputs
 * (list-disks, inspect). */
#include "config.h"

#include <inttypes.h>
#include <stdio.h>

#include "cli.h"

/* Length of the valid UTF-8 sequence at s, or 0 when it is not one. */
static size_t utf8_len(const unsigned char *s)
{
	size_t n, i;

	if (s[0] < 0x80)
		return 1;
	if (s[0] >= 0xc2 && s[0] <= 0xdf)
		n = 2;
	else if (s[0] >= 0xe0 && s[0] <= 0xef)
		n = 3;
	else if (s[0] >= 0xf0 && s[0] <= 0xf4)
		n = 4;
	else
		return 0;
	for (i = 1; i < n; i++)
		if ((s[i] & 0xc0) != 0x80)
			return 0;
	return n;
}

/* Print "key":"value" with the value escaped for JSON; bytes that are not
 * UTF-8 become U+FFFD. */
void cli_json_str(const char *key, const char *v, bool comma)
{
	const unsigned char *s = (const unsigned char *)v;

	printf("\"%s\":\"", key);
	while (*s) {
		size_t n = utf8_len(s);

		if (*s == '"' || *s == '\\') {
			printf("\\%c", *s);
		} else if (*s == '\n') {
			fputs("\\n", stdout);
		} else if (*s == '\t') {
			fputs("\\t", stdout);
		} else if (*s < 0x20 || *s == 0x7f) {
			printf("\\u%04x", *s);
		} else if (!n) {
			fputs("\\ufffd", stdout);
			s++;
			continue;
		} else {
			fwrite(s, 1, n, stdout);
			s += n;
			continue;
		}
		s++;
	}
	printf("\"%s", comma ? "," : "");
}

/* Print "key":true|false. */
void cli_json_bool(const char *key, bool v)
{
	printf("\"%s\":%s,", key, v ? "true" : "false");
}

/* Print "key":number. */
void cli_json_u64(const char *key, uint64_t v)
{
	printf("\"%s\":%" PRIu64 ",", key, v);
}
