/* ui_text.c — colours with meanings, glyph sets, and width-aware text that
 * never sends a control character to the terminal. */
#ifndef _XOPEN_SOURCE
#define _XOPEN_SOURCE 700     /* wcwidth */
#endif
#include "tui/ui_text.h"

#include <limits.h>
#include <stdlib.h>
#include <string.h>
#include <wchar.h>

static const ui_glyphs_t utf8_glyphs = {
	.h = "\u2500", .v = "\u2502", .tl = "\u250c", .tr = "\u2510", .bl = "\u2514", .br = "\u2518",
	.tee_down = "\u252c", .tee_up = "\u2534", .tee_right = "\u251c",
	.link = "\u2550", .arrow_r = "\u25b6", .arrow_l = "\u25c0", .token = "\u2709",
	.mail = "\u2709", .mark = "\u25b8", .arrow = "\u2192", .dot = "\u00b7",
	.play = "\u25b6", .pause = "\u2016", .ellipsis = "\u2026", .times = "\u00d7",
};

static const ui_glyphs_t ascii_glyphs = {
	.h = "-", .v = "|", .tl = "+", .tr = "+", .bl = "+", .br = "+",
	.tee_down = "+", .tee_up = "+", .tee_right = "+",
	.link = "=", .arrow_r = ">", .arrow_l = "<", .token = "@",
	.mail = "@", .mark = ">", .arrow = "->", .dot = "-",
	.play = ">", .pause = "||", .ellipsis = "...", .times = "x",
};

/* Each role: its colours, and what stands in for them without colour. */
static const struct role_style {
	short fg, bg;
	attr_t attr;      /* with colour */
	attr_t mono;      /* without */
} roles[C__COUNT] = {
	[C_NORMAL] = { -1, -1, A_NORMAL, A_NORMAL },
	[C_TITLE] = { COLOR_BLACK, COLOR_CYAN, A_NORMAL, A_REVERSE },
	[C_FRAME] = { COLOR_BLUE, -1, A_NORMAL, A_NORMAL },
	[C_DIM] = { -1, -1, A_DIM, A_DIM },
	[C_HEADER] = { COLOR_CYAN, -1, A_BOLD, A_BOLD },
	[C_CMD] = { COLOR_CYAN, -1, A_NORMAL, A_NORMAL },
	[C_DATA] = { -1, -1, A_DIM, A_DIM },
	[C_REPLY_OK] = { COLOR_GREEN, -1, A_NORMAL, A_NORMAL },
	[C_REPLY_MORE] = { COLOR_BLUE, -1, A_BOLD, A_NORMAL },
	[C_REPLY_TEMP] = { COLOR_YELLOW, -1, A_BOLD, A_BOLD },
	[C_REPLY_ERROR] = { COLOR_RED, -1, A_BOLD, A_BOLD | A_UNDERLINE },
	[C_NOTE] = { COLOR_MAGENTA, -1, A_BOLD, A_BOLD },
	[C_QUESTION] = { COLOR_BLACK, COLOR_YELLOW, A_NORMAL, A_REVERSE | A_BOLD },
	[C_FAULT] = { COLOR_WHITE, COLOR_RED, A_BOLD, A_REVERSE },
	[C_TOKEN] = { COLOR_YELLOW, -1, A_BOLD, A_BOLD },
	[C_ACTIVE] = { COLOR_YELLOW, -1, A_BOLD, A_BOLD },
	[C_STATE_ON] = { COLOR_GREEN, -1, A_BOLD, A_BOLD },
	[C_CHANGED] = { COLOR_BLACK, COLOR_YELLOW, A_NORMAL, A_UNDERLINE | A_BOLD },
	[C_CURSOR] = { COLOR_WHITE, COLOR_BLUE, A_BOLD, A_REVERSE },
	[C_KEY] = { COLOR_BLACK, COLOR_CYAN, A_NORMAL, A_REVERSE },
};

void ui_text_look_init(ui_look_t *lk, int utf8, int color)
{
	lk->utf8 = utf8;
	lk->g = utf8 ? &utf8_glyphs : &ascii_glyphs;
	lk->color = color && COLORS >= 8 && COLOR_PAIRS > C__COUNT;
	if (!lk->color)
		return;
	for (int r = 1; r < C__COUNT; r++)
		init_pair((short)r, roles[r].fg, roles[r].bg);
}

attr_t ui_text_attr(const ui_look_t *lk, ui_role_t r)
{
	if (r <= C_NORMAL || r >= C__COUNT)
		return A_NORMAL;
	return lk->color ? (attr_t)COLOR_PAIR(r) | roles[r].attr : roles[r].mono;
}

ui_role_t ui_text_class_role(ui_class_t c)
{
	static const ui_role_t by_class[UI_CLASS__COUNT] = {
		[UI_CLASS_NONE] = C_NORMAL, [UI_CLASS_OK] = C_REPLY_OK, [UI_CLASS_MORE] = C_REPLY_MORE,
		[UI_CLASS_TEMP] = C_REPLY_TEMP, [UI_CLASS_FAIL] = C_REPLY_ERROR,
	};
	return c < UI_CLASS__COUNT ? by_class[c] : C_NORMAL;
}

/* On an ASCII terminal, the punctuation of the teaching texts in ASCII. */
static const struct { const char *utf8, *ascii; } plain[] = {
	{ "\u2014", "-" }, { "\u2013", "-" }, { "\u2018", "'" }, { "\u2019", "'" }, { "\u201c", "\"" },
	{ "\u201d", "\"" }, { "\u2026", "..." }, { "\u2192", "->" }, { "\u2190", "<-" }, { "\u00d7", "x" },
	{ "\u00a0", " " }, { "\u2022", "*" }, { "\u00b7", "-" },
};

/* One character at s: its length in bytes and its width in columns; *safe
 * says whether it may be written as is; *subst, when set, is written instead
 * (else an unsafe character is shown as "?"). */
static size_t char_at(const ui_look_t *lk, const char *s, int *cols, int *safe, const char **subst)
{
	unsigned char c = (unsigned char)*s;
	*cols = 1;
	*safe = c >= 0x20 && c != 0x7f;
	*subst = NULL;
	if (c < 0x80)
		return 1;
	if (!lk->utf8) {
		/* An ASCII terminal: one "?" per UTF-8 sequence, whatever the locale decodes. */
		size_t n = 1;
		while (c >= 0xC2 && c <= 0xF4 && n < 4 && ((unsigned char)s[n] & 0xC0) == 0x80)
			n++;
		*safe = 0;
		for (size_t i = 0; i < sizeof plain / sizeof plain[0]; i++)
			if (strlen(plain[i].utf8) == n && memcmp(s, plain[i].utf8, n) == 0) {
				*subst = plain[i].ascii;
				*cols = (int)strlen(*subst);
			}
		return n;
	}
	mbstate_t st;
	memset(&st, 0, sizeof st);
	wchar_t wc;
	size_t n = mbrtowc(&wc, s, strnlen(s, MB_LEN_MAX), &st);
	if (n == (size_t)-1 || n == (size_t)-2 || n == 0) {
		*safe = 0;
		return 1;
	}
	int w = wcwidth(wc);
	if (w < 0) {
		*safe = 0;        /* not printable: one "?" */
		return n;
	}
	*cols = w;
	return n;
}

int ui_text_width(const ui_look_t *lk, const char *s)
{
	int total = 0, cols, safe;
	const char *subst;
	while (*s) {
		s += char_at(lk, s, &cols, &safe, &subst);
		total += cols;
	}
	return total;
}

size_t ui_text_fit(const ui_look_t *lk, const char *s, int maxw, int *cols_out)
{
	const char *p = s;
	int total = 0, cols, safe;
	const char *subst;
	while (*p) {
		size_t n = char_at(lk, p, &cols, &safe, &subst);
		if (total + cols > maxw)
			break;
		total += cols;
		p += n;
	}
	if (cols_out)
		*cols_out = total;
	return (size_t)(p - s);
}

int ui_text_put(WINDOW *w, const ui_look_t *lk, int y, int x, int maxw, const char *s, attr_t a)
{
	if (maxw <= 0 || !s)
		return 0;
	int total = 0, cols, safe;
	const char *subst;
	wattrset(w, a);
	wmove(w, y, x);
	while (*s) {
		size_t n = char_at(lk, s, &cols, &safe, &subst);
		if (total + cols > maxw)
			break;
		/* Safe characters go out as they are; anything else as "?". */
		if (safe)
			waddnstr(w, s, (int)n);
		else if (subst)
			waddstr(w, subst);
		else
			waddch(w, '?');
		total += cols;
		s += n;
	}
	wattrset(w, A_NORMAL);
	return total;
}

int ui_text_put_cut(WINDOW *w, const ui_look_t *lk, int y, int x, int maxw, const char *s, attr_t a)
{
	if (ui_text_width(lk, s) <= maxw)
		return ui_text_put(w, lk, y, x, maxw, s, a);
	int ew = ui_text_width(lk, lk->g->ellipsis);
	if (maxw <= ew)
		return ui_text_put(w, lk, y, x, maxw, s, a);
	int n = ui_text_put(w, lk, y, x, maxw - ew, s, a);
	return n + ui_text_put(w, lk, y, x + n, ew, lk->g->ellipsis, a);
}

size_t ui_text_wrap(const ui_look_t *lk, const char *s, int width, const char **next)
{
	while (*s == ' ')
		s++;
	int cols;
	size_t fit = ui_text_fit(lk, s, width, &cols);
	if (s[fit] == '\0') {
		*next = s + fit;
		return fit;
	}
	size_t brk = fit;
	while (brk > 0 && s[brk] != ' ')
		brk--;
	if (brk == 0)
		brk = fit ? fit : ui_text_fit(lk, s, width + 4, &cols);   /* one long word: cut it */
	*next = s + brk;
	while (**next == ' ')
		(*next)++;
	while (brk > 0 && s[brk - 1] == ' ')
		brk--;
	return brk;
}

void ui_text_repeat(WINDOW *w, int y, int x, int n, const char *glyph, attr_t a)
{
	wattrset(w, a);
	for (int i = 0; i < n; i++)
		mvwaddstr(w, y, x + i, glyph);
	wattrset(w, A_NORMAL);
}

void ui_text_box(WINDOW *w, const ui_look_t *lk, int y, int x, int h, int wd, attr_t a)
{
	const ui_glyphs_t *g = lk->g;
	ui_text_repeat(w, y, x + 1, wd - 2, g->h, a);
	ui_text_repeat(w, y + h - 1, x + 1, wd - 2, g->h, a);
	for (int i = 1; i < h - 1; i++) {
		ui_text_repeat(w, y + i, x, 1, g->v, a);
		ui_text_repeat(w, y + i, x + wd - 1, 1, g->v, a);
	}
	ui_text_repeat(w, y, x, 1, g->tl, a);
	ui_text_repeat(w, y, x + wd - 1, 1, g->tr, a);
	ui_text_repeat(w, y + h - 1, x, 1, g->bl, a);
	ui_text_repeat(w, y + h - 1, x + wd - 1, 1, g->br, a);
}
