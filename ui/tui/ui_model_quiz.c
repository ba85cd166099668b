/* ui_model_quiz.c — quiz mode: when to ask, what was typed, the reveal and
 * the score (ui_model_quiz.h). No curses: tests/ui/test_ui_model_quiz.c
 * drives it with the path model alone. */
#include "tui/ui_model_quiz.h"

#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#define INPUT_MAX 64

typedef struct answer {
	int done;            /* asked and answered (or given up) */
	int right;
} answer_t;

struct ui_model_quiz {
	quiz_mode_t mode;
	quiz_t *quiz;
	const trace_t *trace;
	answer_t *ans;
	ui_quiz_phase_t phase;
	size_t cur;                 /* the question asked or revealed */
	char input[INPUT_MAX];
	int choice;
	char message[400];
	char given[INPUT_MAX + 8];
};

ui_model_quiz_t *ui_model_quiz_new(quiz_mode_t mode)
{
	ui_model_quiz_t *z = xcalloc(1, sizeof *z);
	z->mode = mode;
	return z;
}

void ui_model_quiz_free(ui_model_quiz_t *z)
{
	if (!z)
		return;
	quiz_free(z->quiz);
	free(z->ans);
	free(z);
}

void ui_model_quiz_set_run(ui_model_quiz_t *z, const trace_t *t, const scenario_t *sc, size_t keep)
{
	quiz_t *old = z->quiz;
	answer_t *old_ans = z->ans;
	z->quiz = quiz_build(t, sc, z->mode);
	z->trace = t;
	z->ans = xcalloc(quiz_count(z->quiz) + 1, sizeof *z->ans);
	for (size_t i = 0; old && i < quiz_count(z->quiz) && i < quiz_count(old); i++) {
		const quiz_question_t *a = quiz_at(z->quiz, i), *b = quiz_at(old, i);
		if (a->ask >= keep || b->ask != a->ask || strcmp(a->prompt, b->prompt) != 0)
			break;
		z->ans[i] = old_ans[i];
	}
	quiz_free(old);
	free(old_ans);
	if (z->phase != UI_QUIZ_OFF)
		z->phase = UI_QUIZ_WATCH;
}

/* The next question still to ask from the cursor on: its index, or count. */
static size_t next_question(const ui_model_quiz_t *z, size_t cursor)
{
	size_t n = quiz_count(z->quiz), count = trace_count(z->trace);
	for (size_t i = 0; i < n; i++) {
		const quiz_question_t *q = quiz_at(z->quiz, i);
		/* A question at the very end is asked on the last event. */
		size_t ask = q->ask < count ? q->ask : count ? count - 1 : 0;
		if (!z->ans[i].done && (ask > cursor || (q->ask >= count && cursor + 1 >= count)))
			return i;
	}
	return n;
}

static void ask(ui_model_quiz_t *z, size_t i)
{
	z->phase = UI_QUIZ_ASK;
	z->cur = i;
	z->input[0] = '\0';
	z->choice = 0;
	z->message[0] = '\0';
}

/* The barrier before the next question from the cursor on; its index. */
static size_t place_barrier(ui_model_quiz_t *z, ui_model_t *m)
{
	size_t i = next_question(z, ui_model_cursor(m)), count = ui_model_count(m);
	const quiz_question_t *q = quiz_at(z->quiz, i);
	ui_model_set_barrier(m, q && q->ask < count ? q->ask : SIZE_MAX);
	return i;
}

unsigned ui_model_quiz_sync(ui_model_quiz_t *z, ui_model_t *m)
{
	ui_model_take_blocked(m);
	if (z->phase == UI_QUIZ_OFF || !z->quiz) {
		ui_model_set_barrier(m, SIZE_MAX);
		return 0;
	}
	size_t cursor = ui_model_cursor(m), count = ui_model_count(m);
	size_t i = place_barrier(z, m);
	if (z->phase == UI_QUIZ_REVEAL)
		return 0;
	const quiz_question_t *q = quiz_at(z->quiz, i);
	/* The path is just before the question's answer (or at the end). */
	int due = q && (q->ask == cursor + 1 || (q->ask >= count && cursor + 1 >= count));
	if (z->phase == UI_QUIZ_ASK) {
		if (due && i == z->cur)
			return 0;
		z->phase = UI_QUIZ_WATCH;   /* moved away: it is asked again when due */
		if (!due)
			return UI_DIRTY_EXPLAIN | UI_DIRTY_STATUS;
	}
	if (!due)
		return 0;
	ask(z, i);
	return UI_DIRTY_EXPLAIN | UI_DIRTY_STATUS;
}

unsigned ui_model_quiz_toggle(ui_model_quiz_t *z, ui_model_t *m)
{
	z->phase = z->phase == UI_QUIZ_OFF ? UI_QUIZ_WATCH : UI_QUIZ_OFF;
	ui_model_play(m, 0);
	ui_model_quiz_sync(z, m);
	return UI_DIRTY_ALL & ~(unsigned)UI_DIRTY_LAYOUT;
}

ui_quiz_phase_t ui_model_quiz_phase(const ui_model_quiz_t *z) { return z->phase; }
size_t ui_model_quiz_count(const ui_model_quiz_t *z) { return z->quiz ? quiz_count(z->quiz) : 0; }
const char *ui_model_quiz_input(const ui_model_quiz_t *z) { return z->input; }
int ui_model_quiz_choice(const ui_model_quiz_t *z) { return z->choice; }
const char *ui_model_quiz_message(const ui_model_quiz_t *z) { return z->message; }
int ui_model_quiz_right(const ui_model_quiz_t *z) { return z->ans && z->ans[z->cur].right; }
const char *ui_model_quiz_given(const ui_model_quiz_t *z) { return z->given; }

const quiz_question_t *ui_model_quiz_current(const ui_model_quiz_t *z)
{
	return z->phase == UI_QUIZ_ASK || z->phase == UI_QUIZ_REVEAL ? quiz_at(z->quiz, z->cur) : NULL;
}

unsigned ui_model_quiz_type(ui_model_quiz_t *z, int ch)
{
	size_t n = strlen(z->input);
	if (z->phase != UI_QUIZ_ASK)
		return 0;
	if (ch == '\b') {
		if (n == 0)
			return 0;
		z->input[n - 1] = '\0';
	} else if (ch >= 0x20 && ch < 0x7F && n + 1 < INPUT_MAX) {
		z->input[n] = (char)ch;
		z->input[n + 1] = '\0';
	} else {
		return 0;
	}
	z->message[0] = '\0';
	return UI_DIRTY_EXPLAIN;
}

unsigned ui_model_quiz_pick(ui_model_quiz_t *z, int delta)
{
	const quiz_question_t *q = ui_model_quiz_current(z);
	if (z->phase != UI_QUIZ_ASK || !q || !q->nchoices)
		return 0;
	int c = z->choice + delta, n = (int)q->nchoices;
	z->choice = c < 0 ? 0 : c >= n ? n - 1 : c;
	return UI_DIRTY_EXPLAIN;
}

/* Answered: count it, then show the real line unless another question
 * waits before the same event. */
static unsigned reveal(ui_model_quiz_t *z, ui_model_t *m, int right)
{
	const quiz_question_t *q = quiz_at(z->quiz, z->cur);
	z->ans[z->cur] = (answer_t){ .done = 1, .right = right };
	z->phase = UI_QUIZ_REVEAL;
	quiz_why(q, z->message, sizeof z->message);
	int more = 0;
	for (size_t i = 0; i < quiz_count(z->quiz); i++)
		more |= !z->ans[i].done && quiz_at(z->quiz, i)->ask == q->ask;
	ui_model_set_barrier(m, SIZE_MAX);
	if (!more && q->ask < ui_model_count(m))
		ui_model_goto(m, q->ask);
	ui_model_take_blocked(m);
	place_barrier(z, m);
	return UI_DIRTY_EVENT;
}

unsigned ui_model_quiz_submit(ui_model_quiz_t *z, ui_model_t *m)
{
	const quiz_question_t *q = ui_model_quiz_current(z);
	if (z->phase != UI_QUIZ_ASK || !q)
		return 0;
	const char *given = q->nchoices ? q->choices[z->choice] : z->input;
	if (!given[0])
		return 0;
	quiz_verdict_t v = quiz_grade(q, given, z->message, sizeof z->message);
	if (v == QUIZ_BAD_KIND)
		return UI_DIRTY_EXPLAIN;   /* not counted: say why, ask again */
	snprintf(z->given, sizeof z->given, "%s", given);
	return reveal(z, m, v == QUIZ_RIGHT);
}

unsigned ui_model_quiz_give_up(ui_model_quiz_t *z, ui_model_t *m)
{
	if (z->phase != UI_QUIZ_ASK)
		return 0;
	z->given[0] = '\0';
	return reveal(z, m, 0);
}

unsigned ui_model_quiz_continue(ui_model_quiz_t *z)
{
	if (z->phase != UI_QUIZ_REVEAL)
		return 0;
	z->phase = UI_QUIZ_WATCH;
	z->message[0] = '\0';
	return UI_DIRTY_EXPLAIN | UI_DIRTY_STATUS;
}

void ui_model_quiz_score(const ui_model_quiz_t *z, int kind, size_t *right, size_t *asked)
{
	*right = *asked = 0;
	for (size_t i = 0; i < ui_model_quiz_count(z); i++) {
		if (!z->ans[i].done || (kind >= 0 && (int)quiz_at(z->quiz, i)->kind != kind))
			continue;
		(*asked)++;
		*right += (size_t)z->ans[i].right;
	}
}

int ui_model_quiz_done(const ui_model_quiz_t *z, const ui_model_t *m)
{
	if (z->phase != UI_QUIZ_WATCH || !z->quiz)
		return 0;
	size_t n = ui_model_count(m);
	return next_question(z, ui_model_cursor(m)) >= quiz_count(z->quiz) && n && ui_model_cursor(m) + 1 >= n;
}
