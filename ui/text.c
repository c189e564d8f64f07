/* text.c - text by display width: measuring, cutting with "...", word
 * wrapping, drawing. Works on UTF-8 (or any locale's multibyte text) so
 * double-width characters line up and are never cut in half. */
#include "config.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "ui.h"

#define ELLIPSIS "..."
#define ELLIPSIS_W 3

/* Decode one character at s (at most n bytes): its length in bytes (at
 * least 1) and its width in columns (invalid bytes: 1 column). */
static size_t text_char(const char *s, size_t n, wchar_t *wc, int *cols)
{
	mbstate_t st;
	size_t len;
	int w;

	memset(&st, 0, sizeof(st));
	len = mbrtowc(wc, s, n, &st);
	if (len == (size_t)-1 || len == (size_t)-2 || len == 0) {
		*wc = L'?';
		*cols = 1;
		return 1;
	}
	w = wcwidth(*wc);
	if (w < 0) {
		*wc = L'?';
		w = 1;
	}
	*cols = w;
	return len;
}

/* Display columns of the first n bytes. */
int ui_nwidth(const char *s, size_t n)
{
	size_t i = 0;
	int total = 0, cols;
	wchar_t wc;

	while (i < n && s[i]) {
		i += text_char(s + i, n - i, &wc, &cols);
		total += cols;
	}
	return total;
}

/* Display columns of a UTF-8 string (invalid bytes count as one). */
int ui_width(const char *s)
{
	return ui_nwidth(s, strlen(s));
}

/* Bytes of s (n bytes) that fit into maxw columns. */
static size_t text_fit_bytes(const char *s, size_t n, int maxw, int *used)
{
	size_t i = 0, len;
	int total = 0, cols;
	wchar_t wc;

	while (i < n && s[i]) {
		len = text_char(s + i, n - i, &wc, &cols);
		if (total + cols > maxw)
			break;
		total += cols;
		i += len;
	}
	*used = total;
	return i;
}

/* Draw n bytes of s as characters from the cursor position. */
static void text_draw(const char *s, size_t n)
{
	size_t i = 0;
	int cols;
	wchar_t wc[2] = { 0, 0 };

	while (i < n && s[i]) {
		i += text_char(s + i, n - i, &wc[0], &cols);
		if (wc[0] < 32)
			wc[0] = L' ';
		addnwstr(wc, 1);
	}
}

/* Like ui_put with n bytes of s. */
int ui_nput(int y, int x, int maxw, const char *s, size_t n, attr_t a)
{
	size_t fit;
	int used;

	if (maxw <= 0)
		return 0;
	attrset(a);
	move(y, x);
	if (ui_nwidth(s, n) <= maxw) {
		text_draw(s, n);
		return ui_nwidth(s, n);
	}
	if (maxw <= ELLIPSIS_W) {
		fit = text_fit_bytes(s, n, maxw, &used);
		text_draw(s, fit);
		return used;
	}
	fit = text_fit_bytes(s, n, maxw - ELLIPSIS_W, &used);
	text_draw(s, fit);
	addstr(ELLIPSIS);
	return used + ELLIPSIS_W;
}

/* Draw s at y,x within at most maxw columns, ending in "..." when it does
 * not fit; never cuts a character. Returns the columns drawn. */
int ui_put(int y, int x, int maxw, const char *s, attr_t a)
{
	return ui_nput(y, x, maxw, s, strlen(s), a);
}

/* Copy s into buf cut to maxw columns with "..." (by display width). */
void ui_fit(const char *s, int maxw, char *buf, size_t size)
{
	size_t n = strlen(s), fit;
	int used;

	if (!size)
		return;
	if (ui_width(s) <= maxw || maxw <= ELLIPSIS_W) {
		fit = text_fit_bytes(s, n, maxw, &used);
		if (fit >= size)
			fit = size - 1;
		memcpy(buf, s, fit);
		buf[fit] = '\0';
		return;
	}
	fit = text_fit_bytes(s, n, maxw - ELLIPSIS_W, &used);
	if (fit + ELLIPSIS_W >= size)
		fit = size > ELLIPSIS_W + 1 ? size - ELLIPSIS_W - 1 : 0;
	memcpy(buf, s, fit);
	if (fit + ELLIPSIS_W < size)
		memcpy(buf + fit, ELLIPSIS, ELLIPSIS_W + 1);
	else
		buf[fit] = '\0';
}

/* Copy s into buf cut to maxw columns from the left: "..." and the end of
 * s (a path keeps its file name). Never cuts a character. */
void ui_fit_left(const char *s, int maxw, char *buf, size_t size)
{
	size_t i = 0, n = strlen(s);
	int cols, left = ui_width(s);
	wchar_t wc;

	if (!size)
		return;
	if (left <= maxw || maxw <= ELLIPSIS_W) {
		ui_fit(s, maxw, buf, size);
		return;
	}
	while (i < n && left > maxw - ELLIPSIS_W) {
		i += text_char(s + i, n - i, &wc, &cols);
		left -= cols;
	}
	snprintf(buf, size, "%s%s", ELLIPSIS, s + i);
}

/* Add a line to the wrap output if there is room. */
static void wrap_add(struct ui_line *lines, int max, int *count, size_t off,
		     size_t len)
{
	if (*count < max) {
		lines[*count].off = off;
		lines[*count].len = len;
	}
	(*count)++;
}

/* Tests set STOAT_UI_CLIP_LOG to a file: a paragraph cut short at the
 * bottom of its box is appended there, so that no language (a longer
 * translation) loses words unseen. */
static void ui_clip_note(const char *s)
{
	const char *path = getenv("STOAT_UI_CLIP_LOG");
	FILE *f;

	if (!path || !*path || !(f = fopen(path, "a")))
		return;
	fprintf(f, "%s\n", s);
	fclose(f);
}

/* Japanese line-breaking rules (kinsoku), the common part: characters
 * that may not begin a line, and those that may not end one. */
static const wchar_t no_line_start[] =
	L"、。，．・：；？！）］｝〕〉》」』】〙〗ー…‥ぁぃぅぇぉっゃゅょゎァィゥェォッャュョヮヵヶ々゛゜,.:;!?)]}";
static const wchar_t no_line_end[] = L"（［｛〔〈《「『【〘〖([{";

/* True when a line may break between prev and wc (neither a space): CJK
 * text has no spaces, so a break may come next to any wide character,
 * unless the rules above forbid it. */
static bool wrap_cjk_break(wchar_t prev, int prev_cols, wchar_t wc, int cols)
{
	if (!prev || (cols < 2 && prev_cols < 2))
		return false;
	return !wcschr(no_line_start, wc) && !wcschr(no_line_end, prev);
}

/* Word-wrap s to width columns; fills up to max lines, returns the count
 * (which may exceed max: the caller can size a second pass). Lines break
 * at spaces and, in CJK text, between characters as kinsoku allows. */
int ui_wrap(const char *s, int width, struct ui_line *lines, int max)
{
	size_t i = 0, start = 0, brk_end = 0, brk_next = 0, len;
	int count = 0, col = 0, cols, prev_cols = 0;
	bool have_brk = false;
	wchar_t wc, prev = 0;

	if (width < 1)
		width = 1;
	while (s[i]) {
		if (s[i] == '\n') {
			wrap_add(lines, max, &count, start, i - start);
			start = ++i;
			col = 0;
			have_brk = false;
			prev = 0;
			continue;
		}
		len = text_char(s + i, strlen(s + i), &wc, &cols);
		if (i > start && wc != L' ' && prev != L' ' &&
		    wrap_cjk_break(prev, prev_cols, wc, cols)) {
			brk_end = brk_next = i;
			have_brk = true;
		}
		if (col + cols > width && i > start) {
			if (have_brk && wc != L' ') {
				wrap_add(lines, max, &count, start, brk_end - start);
				start = brk_next;
			} else {
				wrap_add(lines, max, &count, start, i - start);
				start = i;
			}
			while (s[start] == ' ')
				start++;
			have_brk = false;
			col = ui_nwidth(s + start, i - start);
			if (start > i) {	/* skipped spaces past i */
				i = start;
				col = 0;
				prev = 0;
				continue;
			}
		}
		if (wc == L' ') {
			brk_end = i;
			brk_next = i + 1;
			have_brk = true;
		}
		col += cols;
		prev = wc;
		prev_cols = cols;
		i += len;
	}
	if (i > start || count == 0)
		wrap_add(lines, max, &count, start, i - start);
	return count;
}

/* Wrap and draw s in a box starting at line y; returns lines used. */
int ui_para(const struct ui_box *b, int y, const char *s, attr_t a)
{
	struct ui_line lines[64];
	int n, i;

	n = ui_wrap(s, b->w, lines, (int)N_ELEMS(lines));
	if (n > (int)N_ELEMS(lines))
		n = (int)N_ELEMS(lines);
	for (i = 0; i < n && y + i < b->y + b->h; i++)
		ui_nput(y + i, b->x, b->w, s + lines[i].off, lines[i].len, a);
	if (i < n)
		ui_clip_note(s);
	return n;
}
