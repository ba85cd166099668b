/* test_ui_model_quiz.c — quiz mode without a terminal: the path stops
 * before each answer, a question takes typed keys, the reveal moves onto the
 * answer's event, stepping back never asks twice nor changes the score, and
 * the key table routes keys to the question. A real run of bad-password. */
#include <curses.h>
#include <stdint.h>
#include <string.h>

#include "suites.h"

#include "run/run.h"
#include "tui/ui_keys.h"
#include "tui/ui_model.h"
#include "tui/ui_model_quiz.h"

typedef struct fixture {
	scenario_t *sc;
	run_t *run;
	ui_model_t *m;
	ui_model_quiz_t *z;
	ui_ctl_t ctl;
} fixture_t;

static int open_fixture(fixture_t *f, quiz_mode_t mode)
{
	strbuf_t err = STRBUF_INIT;
	f->sc = scenario_load("bad-password", &err);
	sb_free(&err);
	CU_ASSERT_PTR_NOT_NULL(f->sc);
	if (!f->sc)
		return -1;
	f->run = run_new(f->sc, NULL);
	run_to_end(f->run);
	f->m = ui_model_new(run_trace(f->run));
	f->z = ui_model_quiz_new(mode);
	ui_model_quiz_set_run(f->z, run_trace(f->run), f->sc, 0);
	ui_keys_ctl_init(&f->ctl, f->m);
	f->ctl.quiz = f->z;
	return 0;
}

static void close_fixture(fixture_t *f)
{
	ui_model_quiz_free(f->z);
	ui_model_free(f->m);
	run_free(f->run);
	scenario_free(f->sc);
}

static void press(fixture_t *f, const char *keys)
{
	for (const char *k = keys; *k; k++)
		ui_keys_press(&f->ctl, *k);
}

static void test_off_goes_anywhere(void)
{
	fixture_t f;
	if (open_fixture(&f, QUIZ_MODE_DEFAULT) < 0)
		return;
	ui_keys_press(&f.ctl, KEY_END);
	CU_ASSERT_EQUAL(ui_model_cursor(f.m), ui_model_count(f.m) - 1);
	CU_ASSERT_EQUAL(ui_model_quiz_phase(f.z), UI_QUIZ_OFF);
	close_fixture(&f);
}

static void test_ask_reveal_score(void)
{
	fixture_t f;
	if (open_fixture(&f, QUIZ_MODE_DEFAULT) < 0)
		return;
	ui_keys_press(&f.ctl, 'a');
	CU_ASSERT_EQUAL(ui_model_quiz_phase(f.z), UI_QUIZ_WATCH);
	ui_keys_press(&f.ctl, KEY_END);
	const quiz_question_t *q1 = ui_model_quiz_current(f.z);
	CU_ASSERT_EQUAL_FATAL(ui_model_quiz_phase(f.z), UI_QUIZ_ASK);
	CU_ASSERT_STRING_EQUAL(q1->id, "q1");
	CU_ASSERT_EQUAL(ui_model_cursor(f.m) + 1, q1->ask);   /* the answer is not shown yet */
	CU_ASSERT_EQUAL(q1->nchoices, 3);
	ui_keys_press(&f.ctl, KEY_DOWN);
	ui_keys_press(&f.ctl, KEY_UP);
	ui_keys_press(&f.ctl, '\n');                             /* AUTHORIZATION, the first */
	CU_ASSERT_EQUAL(ui_model_quiz_phase(f.z), UI_QUIZ_REVEAL);
	CU_ASSERT_TRUE(ui_model_quiz_right(f.z));
	CU_ASSERT_EQUAL(ui_model_cursor(f.m), (size_t)q1->event);   /* the real line */
	CU_ASSERT(strlen(ui_model_quiz_message(f.z)) > 0);          /* why */

	/* q2 is typed: a wrong kind is not counted, and asked again. */
	ui_keys_press(&f.ctl, KEY_END);
	CU_ASSERT_EQUAL_FATAL(ui_model_quiz_phase(f.z), UI_QUIZ_ASK);
	CU_ASSERT_STRING_EQUAL(ui_model_quiz_current(f.z)->id, "q2");
	size_t at = ui_model_cursor(f.m);
	press(&f, "250");
	CU_ASSERT_STRING_EQUAL(ui_model_quiz_input(f.z), "250");
	ui_keys_press(&f.ctl, '\n');
	CU_ASSERT_EQUAL(ui_model_quiz_phase(f.z), UI_QUIZ_ASK);
	CU_ASSERT(strstr(ui_model_quiz_message(f.z), "+OK or -ERR") != NULL);
	press(&f, "\b\b\b-ERR\n");
	CU_ASSERT_EQUAL(ui_model_quiz_phase(f.z), UI_QUIZ_REVEAL);
	CU_ASSERT_FALSE(ui_model_quiz_right(f.z));
	CU_ASSERT_STRING_EQUAL(ui_model_quiz_given(f.z), "-ERR");
	CU_ASSERT_EQUAL(ui_model_cursor(f.m), at + 1);
	size_t right, asked;
	ui_model_quiz_score(f.z, -1, &right, &asked);
	CU_ASSERT_EQUAL(right, 1);
	CU_ASSERT_EQUAL(asked, 2);
	ui_model_quiz_score(f.z, QUIZ_REPLY, &right, &asked);
	CU_ASSERT_EQUAL(right, 0);
	CU_ASSERT_EQUAL(asked, 1);

	/* Back to the start and forward again: q3 next, the score unchanged. */
	ui_keys_press(&f.ctl, KEY_HOME);
	CU_ASSERT_EQUAL(ui_model_quiz_phase(f.z), UI_QUIZ_WATCH);
	ui_keys_press(&f.ctl, KEY_END);
	CU_ASSERT_EQUAL_FATAL(ui_model_quiz_phase(f.z), UI_QUIZ_ASK);
	CU_ASSERT_STRING_EQUAL(ui_model_quiz_current(f.z)->id, "q3");
	ui_model_quiz_score(f.z, -1, &right, &asked);
	CU_ASSERT_EQUAL(asked, 2);
	/* Esc: given up, counted wrong, the answer shown. */
	ui_keys_press(&f.ctl, 27);
	CU_ASSERT_EQUAL(ui_model_quiz_phase(f.z), UI_QUIZ_REVEAL);
	ui_model_quiz_score(f.z, -1, &right, &asked);
	CU_ASSERT_EQUAL(right, 1);
	CU_ASSERT_EQUAL(asked, 3);
	close_fixture(&f);
}

/* Playing stops before a question, as stepping does. */
static void test_play_stops(void)
{
	fixture_t f;
	if (open_fixture(&f, QUIZ_MODE_DEFAULT) < 0)
		return;
	ui_keys_press(&f.ctl, 'a');
	ui_keys_press(&f.ctl, ' ');
	for (int i = 0; i < 200000 && ui_model_playing(f.m); i++) {
		ui_model_tick(f.m);
		ui_keys_after(&f.ctl);
	}
	CU_ASSERT_FALSE(ui_model_playing(f.m));
	CU_ASSERT_EQUAL_FATAL(ui_model_quiz_phase(f.z), UI_QUIZ_ASK);
	CU_ASSERT_EQUAL(ui_model_cursor(f.m) + 1, ui_model_quiz_current(f.z)->ask);
	/* The quiz off: the barrier goes, and so does the question. */
	ui_keys_press(&f.ctl, 27);      /* give up first: 'a' would be typed... */
	ui_keys_press(&f.ctl, 'a');     /* ...here it toggles the quiz off */
	CU_ASSERT_EQUAL(ui_model_quiz_phase(f.z), UI_QUIZ_OFF);
	CU_ASSERT_EQUAL(f.ctl.overlay, UI_OV_QUIZ);   /* the score so far */
	ui_keys_press(&f.ctl, 27);
	ui_keys_press(&f.ctl, KEY_END);
	CU_ASSERT_EQUAL(ui_model_cursor(f.m), ui_model_count(f.m) - 1);
	close_fixture(&f);
}

CU_TestInfo ui_model_quiz_tests[] = {
	{ "quiz off: the path goes anywhere", test_off_goes_anywhere },
	{ "ask, reveal, score; back never asks twice", test_ask_reveal_score },
	{ "playing stops before a question", test_play_stops },
	CU_TEST_INFO_NULL,
};
