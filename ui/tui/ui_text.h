/* ui_text.h — the look of the UI: colours with meanings (C_REPLY_ERROR, not
 * "red"), the glyph set (UTF-8 line drawing, or ASCII when the locale's
 * codeset is not UTF-8), and text output that measures display width, clips,
 * wraps and never lets a control character reach the terminal.
 * Without colours (NO_COLOR, or a terminal without them) every role falls
 * back to attributes, and symbols carry the meaning. */
#ifndef MP_UI_TEXT_H
#define MP_UI_TEXT_H

#include <curses.h>
#include <stddef.h>

#include "tui/ui_model.h"

typedef enum ui_role {
	C_NORMAL = 0,
	C_TITLE,          /* the title bar */
	C_FRAME,          /* boxes, links and separators at rest */
	C_DIM,            /* secondary text: hop columns, tags, addresses */
	C_HEADER,         /* pane titles, section titles */
	C_CMD,            /* a client's command (C:) */
	C_DATA,           /* message content lines */
	C_REPLY_OK,       /* 2xx, +OK */
	C_REPLY_MORE,     /* 3xx: go on */
	C_REPLY_TEMP,     /* 4xx: try again later */
	C_REPLY_ERROR,    /* 5xx, -ERR */
	C_NOTE,           /* narration and teaching notes */
	C_QUESTION,       /* a question for the class */
	C_FAULT,          /* an injected fault */
	C_TOKEN,          /* the token in flight and its link */
	C_ACTIVE,         /* the boxes the current event happens between */
	C_STATE_ON,       /* the current protocol state */
	C_CHANGED,        /* a value the current event just changed */
	C_CURSOR,         /* the current transcript line, the chosen menu item */
	C_KEY,            /* a key in the status line */
	C__COUNT
} ui_role_t;

typedef struct ui_glyphs {
	const char *h, *v, *tl, *tr, *bl, *br, *tee_down, *tee_up, *tee_right;
	const char *link;               /* a protocol link */
	const char *arrow_r, *arrow_l;  /* arrowheads */
	const char *token;              /* the message in flight */
	const char *mail;               /* mailbox counter */
	const char *mark;               /* the current transcript line */
	const char *arrow;              /* "→" in text */
	const char *dot;                /* title separator */
	const char *play, *pause;
	const char *ellipsis;
	const char *times;              /* "×" in "80×24" */
} ui_glyphs_t;

typedef struct ui_look {
	int utf8;
	int color;
	const ui_glyphs_t *g;
} ui_look_t;

/* Choose the glyphs; with color, define the colour pairs (after start_color). */
void ui_text_look_init(ui_look_t *lk, int utf8, int color);
attr_t ui_text_attr(const ui_look_t *lk, ui_role_t r);
ui_role_t ui_text_class_role(ui_class_t c);

/* Display columns of s (control characters and, in ASCII, any non-ASCII
 * character count as one "?"). */
int ui_text_width(const ui_look_t *lk, const char *s);
/* Bytes of s that fit in maxw columns; *cols gets their width. */
size_t ui_text_fit(const ui_look_t *lk, const char *s, int maxw, int *cols);
/* Write s at (y, x), at most maxw columns (cut with an ellipsis when
 * `cut` and it does not fit). Returns the columns written. */
int ui_text_put(WINDOW *w, const ui_look_t *lk, int y, int x, int maxw, const char *s, attr_t a);
int ui_text_put_cut(WINDOW *w, const ui_look_t *lk, int y, int x, int maxw, const char *s, attr_t a);
/* The next line of s wrapped at width columns: its length in bytes
 * (without the spaces where it breaks); *next is where the line after starts. */
size_t ui_text_wrap(const ui_look_t *lk, const char *s, int width, const char **next);
/* n copies of a glyph. */
void ui_text_repeat(WINDOW *w, int y, int x, int n, const char *glyph, attr_t a);
/* A box outline with its top-left corner at (y, x). */
void ui_text_box(WINDOW *w, const ui_look_t *lk, int y, int x, int h, int wd, attr_t a);

#endif
