/* ui_model_quiz.h — quiz mode of the animated path, without a terminal:
 * predict, then see. The questions and their grading are the lesson layer's
 * (lesson/quiz.h); this model only decides when to ask, keeps what the
 * student types or picks, reveals, and counts the score per topic.
 *
 *   WATCH   the cursor moves freely up to the next unanswered question: a
 *           barrier in the path model stops it just before the answer's event
 *   ASK     the question is shown; typed keys or a choice, then Enter
 *   REVEAL  right or wrong, the expected answer and why; the cursor moves onto
 *           the answer's event so the real line and its explanation show
 *
 * A question answered is never asked again, whatever the cursor does, and
 * stepping back never changes the score. */
#ifndef MP_UI_MODEL_QUIZ_H
#define MP_UI_MODEL_QUIZ_H

#include <stddef.h>

#include "lesson/quiz.h"
#include "tui/ui_model.h"

typedef enum ui_quiz_phase {
	UI_QUIZ_OFF,
	UI_QUIZ_WATCH,
	UI_QUIZ_ASK,
	UI_QUIZ_REVEAL,
} ui_quiz_phase_t;

typedef struct ui_model_quiz ui_model_quiz_t;

ui_model_quiz_t *ui_model_quiz_new(quiz_mode_t mode);
void ui_model_quiz_free(ui_model_quiz_t *z);
/* The questions of a (new) run. Answers to questions asked before event
 * `keep` are kept when the new run asks the same there (a fault injected at
 * the cursor leaves the story up to it unchanged); the rest start afresh. */
void ui_model_quiz_set_run(ui_model_quiz_t *z, const trace_t *t, const scenario_t *sc, size_t keep);

/* On or off (the barrier goes with it). Returns the dirty panes. */
unsigned ui_model_quiz_toggle(ui_model_quiz_t *z, ui_model_t *m);
/* After every key and frame: put the barrier before the next question, and
 * ask it when the path stopped there. */
unsigned ui_model_quiz_sync(ui_model_quiz_t *z, ui_model_t *m);

ui_quiz_phase_t ui_model_quiz_phase(const ui_model_quiz_t *z);
const quiz_question_t *ui_model_quiz_current(const ui_model_quiz_t *z);   /* ASK, REVEAL */
size_t ui_model_quiz_count(const ui_model_quiz_t *z);

/* Answering. type: a printable character, or '\b' to erase. */
unsigned ui_model_quiz_type(ui_model_quiz_t *z, int ch);
unsigned ui_model_quiz_pick(ui_model_quiz_t *z, int delta);   /* move among choices */
unsigned ui_model_quiz_submit(ui_model_quiz_t *z, ui_model_t *m);
unsigned ui_model_quiz_give_up(ui_model_quiz_t *z, ui_model_t *m);
unsigned ui_model_quiz_continue(ui_model_quiz_t *z);          /* leave REVEAL */
const char *ui_model_quiz_input(const ui_model_quiz_t *z);     /* typed so far */
int ui_model_quiz_choice(const ui_model_quiz_t *z);            /* the chosen choice */
/* ASK: why the last try was not taken ("'x' is not a reply code"); REVEAL:
 * the explanation's first sentence. "" when none. */
const char *ui_model_quiz_message(const ui_model_quiz_t *z);
/* REVEAL: 1 right, 0 wrong; and what was answered ("" when given up). */
int ui_model_quiz_right(const ui_model_quiz_t *z);
const char *ui_model_quiz_given(const ui_model_quiz_t *z);

/* The score: asked and right, in all and per topic (quiz_kind_t). */
void ui_model_quiz_score(const ui_model_quiz_t *z, int kind, size_t *right, size_t *asked);
/* 1 once every question is answered, or the cursor is at the last event
 * with nothing left to ask: time for the summary. */
int ui_model_quiz_done(const ui_model_quiz_t *z, const ui_model_t *m);

#endif
