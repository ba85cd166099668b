/* ui_quiz_pane.c — the question, the reveal and the score on screen
 * (ui_quiz_pane.h). Drawing only: what to show is ui_model_quiz's. */
#include "tui/ui_quiz_pane.h"

#include <stdio.h>
#include <string.h>

#include "tui/ui_model_quiz.h"

static ui_quiz_phase_t phase(const ui_ctl_t *c)
{
	return c->quiz ? ui_model_quiz_phase(c->quiz) : UI_QUIZ_OFF;
}

int ui_quiz_pane_active(const ui_ctl_t *c)
{
	return phase(c) == UI_QUIZ_ASK || phase(c) == UI_QUIZ_REVEAL;
}

static void score_text(const ui_ctl_t *c, char *buf, size_t size)
{
	size_t right, asked;
	ui_model_quiz_score(c->quiz, -1, &right, &asked);
	snprintf(buf, size, " Quiz %zu/%zu ", right, asked);
}

int ui_quiz_pane_sep(WINDOW *w, const ui_look_t *lk, const ui_ctl_t *c, int cols)
{
	if (phase(c) != UI_QUIZ_ASK)
		return 0;
	const quiz_question_t *q = ui_model_quiz_current(c->quiz);
	werase(w);
	ui_text_repeat(w, 0, 0, cols, lk->g->h, ui_text_attr(lk, C_FRAME));
	char title[160], score[48];
	snprintf(title, sizeof title, " Predict %s of %zu · %s ", q->id, ui_model_quiz_count(c->quiz),
		 quiz_kind_topic(q->kind));
	score_text(c, score, sizeof score);
	int sw = ui_text_width(lk, score);
	ui_text_put(w, lk, 0, cols - sw - 1, sw, score, ui_text_attr(lk, C_HEADER));
	ui_text_put_cut(w, lk, 0, 2, cols - sw - 5, title, ui_text_attr(lk, C_QUESTION) | A_BOLD);
	return 1;
}

/* Wrapped text from row y, at most `rows` rows; returns the next row. */
static int wrap(WINDOW *w, const ui_look_t *lk, int y, int rows, int width, const char *p, attr_t a)
{
	strbuf_t sb = STRBUF_INIT;
	for (int n = 0; n < rows && *p; n++, y++) {
		const char *next;
		size_t len = ui_text_wrap(lk, p, width - 4, &next);
		while (*p == ' ')
			p++;
		sb_clear(&sb);
		sb_append(&sb, p, len);
		if (n == rows - 1 && *next)
			sb_puts(&sb, lk->g->ellipsis);
		ui_text_put(w, lk, y, 2, width - 3, sb_str(&sb), a);
		p = next;
	}
	sb_free(&sb);
	return y;
}

static void draw_ask(WINDOW *w, const ui_look_t *lk, const ui_ctl_t *c, int h, int width)
{
	const quiz_question_t *q = ui_model_quiz_current(c->quiz);
	int y = wrap(w, lk, 0, h - 3, width, q->prompt, ui_text_attr(lk, C_QUESTION) | A_BOLD);
	int x = 2;
	if (q->nchoices) {
		for (size_t i = 0; i < q->nchoices && y < h - 1; i++) {
			char item[160];
			int chosen = (int)i == ui_model_quiz_choice(c->quiz);
			snprintf(item, sizeof item, "%s%zu %s ", chosen ? lk->g->mark : " ", i + 1, q->choices[i]);
			int iw = ui_text_width(lk, item);
			if (x > 2 && x + iw > width - 2) {
				y++;
				x = 2;
			}
			x += ui_text_put(w, lk, y, x, width - x - 1, item,
					 ui_text_attr(lk, chosen ? C_CURSOR : C_NORMAL)) + 1;
		}
	} else {
		char line[128];
		snprintf(line, sizeof line, "> %s_", ui_model_quiz_input(c->quiz));
		ui_text_put(w, lk, y, 2, width - 3, line, ui_text_attr(lk, C_CMD) | A_BOLD);
	}
	const char *msg = ui_model_quiz_message(c->quiz);
	if (y + 1 < h && msg[0])
		ui_text_put_cut(w, lk, y + 1, 2, width - 3, msg, ui_text_attr(lk, C_REPLY_TEMP));
}

static void draw_reveal(WINDOW *w, const ui_look_t *lk, const ui_ctl_t *c, const ui_explain_t *e, int h, int width)
{
	const quiz_question_t *q = ui_model_quiz_current(c->quiz);
	int right = ui_model_quiz_right(c->quiz);
	const char *given = ui_model_quiz_given(c->quiz);
	char verdict[256];
	const char *sym = ui_model_class_symbol(right ? UI_CLASS_OK : UI_CLASS_FAIL, !lk->utf8);
	if (right)
		snprintf(verdict, sizeof verdict, "%s Right: %s.", sym, q->expected);
	else if (given[0])
		snprintf(verdict, sizeof verdict, "%s Not %s: the answer is %s.", sym, given, q->expected);
	else
		snprintf(verdict, sizeof verdict, "%s The answer is %s.", sym, q->expected);
	ui_text_put_cut(w, lk, 0, 2, width - 3, verdict, ui_text_attr(lk, right ? C_REPLY_OK : C_REPLY_ERROR) | A_BOLD);
	/* Why, in one sentence, then the rest of the real line's explanation. */
	const char *why = ui_model_quiz_message(c->quiz);
	const char *text = e && e->text && e->text[0] && q->event >= 0 ? e->text : why;
	int y = wrap(w, lk, 1, h - 2, width, text, ui_text_attr(lk, C_NORMAL));
	(void)y;
	ui_text_put_cut(w, lk, h - 1, 2, width - 3, "n: go on   p: back   a: quiz off", ui_text_attr(lk, C_DIM));
}

void ui_quiz_pane_draw(WINDOW *w, const ui_look_t *lk, const ui_ctl_t *c, const ui_explain_t *e)
{
	int h, width;
	getmaxyx(w, h, width);
	werase(w);
	if (phase(c) == UI_QUIZ_ASK)
		draw_ask(w, lk, c, h, width);
	else if (phase(c) == UI_QUIZ_REVEAL)
		draw_reveal(w, lk, c, e, h, width);
}

int ui_quiz_pane_status(WINDOW *w, const ui_look_t *lk, const ui_ctl_t *c, int cols)
{
	if (phase(c) == UI_QUIZ_OFF)
		return 0;
	char score[48];
	score_text(c, score, sizeof score);
	int x = ui_text_put(w, lk, 0, 1, cols - 2, score, ui_text_attr(lk, C_QUESTION) | A_BOLD);
	if (phase(c) != UI_QUIZ_ASK)
		return x + 1;
	const quiz_question_t *q = ui_model_quiz_current(c->quiz);
	const char *keys = q && q->nchoices ? "  Up/Down or 1-9 choose   Enter answer   Esc show me   p back"
					    : "  type the answer   Enter answer   Esc show me   Left back";
	ui_text_put_cut(w, lk, 0, 1 + x, cols - x - 2, keys, ui_text_attr(lk, C_DIM));
	return -1;
}
