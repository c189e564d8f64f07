/* test_text.c - the UI's text layout by display width: measuring, cutting
 * with "..." without splitting a character, and word wrapping, with
 * double-width (Japanese) and multi-byte (Greek) text. */
#include "config.h"

#include <locale.h>
#include <stdlib.h>
#include <string.h>

#include "tap.h"
#include "../../ui/ui.h"

/* The i-th wrapped line of s as a string. */
static const char *line_of(const char *s, const struct ui_line *l, int i)
{
	static char buf[256];

	snprintf(buf, sizeof(buf), "%.*s", (int)l[i].len, s + l[i].off);
	return buf;
}

/* True when s is complete, valid multibyte text. */
static bool valid_mb(const char *s)
{
	return mbstowcs(NULL, s, 0) != (size_t)-1;
}

int main(void)
{
	static const char ja[] = "日本語のテキスト";	/* 8 characters, 16 columns */
	static const char mixed[] = "インストール先のディスク: USB フラッシュ デバイス (sdc) を選びました。 "
		"The quick brown fox jumps over the lazy dog; Ελληνικά κείμενα εδώ.";
	struct ui_line l[64];
	char buf[128];
	int n, w, i;
	bool fits;

	if (!setlocale(LC_ALL, "C.UTF-8") && !setlocale(LC_ALL, "en_US.UTF-8")) {
		printf("1..0 # SKIP no UTF-8 locale (C.UTF-8) on this system\n");
		return 0;
	}

	ok(ui_width("abc") == 3, "ASCII is one column per byte");
	ok(ui_width(ja) == 16, "Japanese is two columns per character (got %d)", ui_width(ja));
	ok(ui_width("Ελληνικά") == 8, "Greek is one column per two-byte character");
	ok(ui_nwidth(ja, 6) == 4, "ui_nwidth counts the first bytes only");

	ui_fit("short", 10, buf, sizeof(buf));
	is_str(buf, "short", "text that fits is not cut");
	ui_fit(ja, 9, buf, sizeof(buf));
	is_str(buf, "日本語...", "cut to 9 columns: three characters and ...");
	ui_fit(ja, 8, buf, sizeof(buf));
	is_str(buf, "日本...", "cut to 8 columns: a character that would not fit is dropped whole");
	ok(ui_width(buf) <= 8 && valid_mb(buf), "the cut text is valid and within the width");
	ui_fit("Ελληνικά κείμενα", 10, buf, sizeof(buf));
	is_str(buf, "Ελληνικ...", "Greek is cut by columns, not bytes");
	ui_fit_left("/srv/images/esxi-stick.img", 16, buf, sizeof(buf));
	is_str(buf, "...sxi-stick.img", "cut from the left: ... and the end of a path");
	ok(ui_width(buf) == 16, "the left-cut text is 16 columns (got %d)", ui_width(buf));
	ui_fit_left(ja, 9, buf, sizeof(buf));
	ok(ui_width(buf) <= 9 && valid_mb(buf) && !strncmp(buf, "...", 3),
	   "cut from the left by columns: valid and within the width (%s)", buf);
	ui_fit_left("/a.img", 16, buf, sizeof(buf));
	is_str(buf, "/a.img", "a path that fits is not cut from the left");

	n = ui_wrap("one two three", 7, l, 64);
	ok(n == 2 && !strcmp(line_of("one two three", l, 0), "one two") &&
	   !strcmp(line_of("one two three", l, 1), "three"), "wrap breaks at spaces");
	n = ui_wrap("日本語日本語日本語", 10, l, 64);
	ok(n == 2, "Japanese without spaces wraps by width (%d lines)", n);
	is_str(line_of("日本語日本語日本語", l, 0), "日本語日本", "first line holds 10 columns");
	is_str(line_of("日本語日本語日本語", l, 1), "語日本語", "second line holds the rest");
	n = ui_wrap("abcdefghij", 4, l, 64);
	ok(n == 3 && !strcmp(line_of("abcdefghij", l, 2), "ij"), "a word longer than the width is split");
	n = ui_wrap("a\n\nb", 10, l, 64);
	ok(n == 3 && l[1].len == 0, "newlines end lines; an empty line stays");
	ok(ui_wrap("x y z", 2, NULL, 0) == 3, "counting without storing works");
	n = ui_wrap("あいうえ。", 8, l, 64);
	ok(n == 2 && !strcmp(line_of("あいうえ。", l, 0), "あいう") &&
	   !strcmp(line_of("あいうえ。", l, 1), "え。"), "kinsoku: no line starts with 。 (the character before it moves along)");
	n = ui_wrap("あいう（え", 8, l, 64);
	ok(n == 2 && !strcmp(line_of("あいう（え", l, 1), "（え"), "kinsoku: no line ends with （");
	n = ui_wrap("USB メモリにインストール", 12, l, 64);
	is_str(line_of("USB メモリにインストール", l, 0), "USB メモリに",
	       "Japanese breaks between characters, not only at the last space");

	fits = true;
	for (w = 4; w <= 60; w++) {
		n = ui_wrap(mixed, w, l, 64);
		for (i = 0; i < n && i < 64; i++) {
			snprintf(buf, sizeof(buf), "%.*s", (int)l[i].len, mixed + l[i].off);
			if (ui_width(buf) > w || !valid_mb(buf)) {
				printf("# width %d line %d: '%s'\n", w, i, buf);
				fits = false;
			}
		}
	}
	ok(fits, "mixed Japanese, English and Greek wrap within every width 4..60, never splitting a character");

	return tap_done();
}
