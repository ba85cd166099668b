/* test_quiz.c — predict, then see: the questions a run asks hold their
 * answers in the events they name, come in the order they are asked, with
 * stable ids; every bundled lesson carries graded questions the run agrees
 * with; answers files are graded, and their mistakes reported by line. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "lesson/quiz.h"
#include "run/run.h"
#include "run/scenario.h"
#include "suites.h"

#define FAIL_MSG(...) do { \
	char msg_[512]; \
	snprintf(msg_, sizeof msg_, __VA_ARGS__); \
	CU_assertImplementation(CU_FALSE, __LINE__, msg_, __FILE__, "", CU_FALSE); \
} while (0)

typedef struct lesson {
	scenario_t *sc;
	run_t *run;
	quiz_t *quiz;
} lesson_t;

static int open_lesson(lesson_t *l, const char *name_or_text, int is_text, uint64_t seed, quiz_mode_t mode)
{
	strbuf_t err = STRBUF_INIT;
	l->sc = is_text ? scenario_parse("t.scn", name_or_text, strlen(name_or_text), &err)
			: scenario_load(name_or_text, &err);
	if (!l->sc) {
		FAIL_MSG("%s does not load: %s", is_text ? "t.scn" : name_or_text, sb_str(&err));
		sb_free(&err);
		return -1;
	}
	sb_free(&err);
	run_opts_t o = { .seed = seed, .has_seed = seed != 0 };
	l->run = run_new(l->sc, &o);
	run_to_end(l->run);
	l->quiz = quiz_build(run_trace(l->run), l->sc, mode);
	return 0;
}

static void close_lesson(lesson_t *l)
{
	quiz_free(l->quiz);
	run_free(l->run);
	scenario_free(l->sc);
}

/* Does event `ev` hold the answer `expected` of a question of this kind? */
static int holds(const quiz_question_t *q, const trace_event_t *ev)
{
	switch (q->kind) {
	case QUIZ_REPLY:
		return ev->kind == EV_REPLY && strncmp(ev->text, q->expected, strlen(q->expected)) == 0;
	case QUIZ_STATE:
		return ev->kind == EV_STATE && strcmp(ev->text, q->expected) == 0;
	case QUIZ_DNS:
	case QUIZ_QUEUE:
		if (q->akind == SC_ANSWER_HOST)
			return ev->kind == EV_CONNECT && strcmp(ev->to, q->expected) == 0;
		/* after NXDOMAIN, a 4xx, a lost connection: a queue decision */
		return ev->kind == EV_QUEUE &&
		       strstr(ev->explain, !strcmp(q->expected, "retry") ? "deferred" :
					   !strcmp(q->expected, "deliver") ? "sent" : "e") != NULL;
	default:
		return 1;
	}
}

/* A volume lesson (outage-backlog: 20,000 messages, two million events) is
 * checked in the default mode and at one seed: the same code paths, a
 * thousand times the events. */
static int is_volume_lesson(const char *name)
{
	strbuf_t err = STRBUF_INIT;
	scenario_t *sc = scenario_load(name, &err);
	sb_free(&err);
	int volume = sc && sc->generated > 1000;
	scenario_free(sc);
	return volume;
}

/* Every question of every bundled lesson: its event holds its answer, and it
 * is asked before that event is shown. */
static void test_events_hold_answers(void)
{
	for (size_t i = 0; i < scenario_bundled_count(); i++) {
		lesson_t l;
		const char *name = scenario_bundled_name(i);
		quiz_mode_t mode = is_volume_lesson(name) ? QUIZ_MODE_DEFAULT : QUIZ_MODE_ALL;
		if (open_lesson(&l, name, 0, 0, mode) < 0)
			continue;
		const trace_t *t = run_trace(l.run);
		size_t last_ask = 0;
		for (size_t k = 0; k < quiz_count(l.quiz); k++) {
			const quiz_question_t *q = quiz_at(l.quiz, k);
			char id[24];
			snprintf(id, sizeof id, "q%zu", k + 1);
			if (strcmp(q->id, id) != 0)
				FAIL_MSG("%s: question %zu is called %s", name, k + 1, q->id);
			if (q->ask < last_ask)
				FAIL_MSG("%s %s: asked before the question above it", name, q->id);
			last_ask = q->ask;
			if (q->kind == QUIZ_SCENARIO || q->event < 0)
				continue;
			const trace_event_t *ev = trace_get(t, (size_t)q->event);
			if (!ev || !holds(q, ev) || q->ask > (size_t)q->event)
				FAIL_MSG("%s %s: event %ld (\"%s\") does not hold '%s' or is shown before it is asked",
					 name, q->id, q->event + 1, ev ? ev->text : "", q->expected);
		}
		close_lesson(&l);
	}
}

/* The rule for every bundled lesson, present and future. */
static void test_every_lesson_is_graded(void)
{
	static const uint64_t seeds[] = { 0, 1, 2, 977 };
	for (size_t i = 0; i < scenario_bundled_count(); i++) {
		const char *name = scenario_bundled_name(i);
		size_t nseeds = is_volume_lesson(name) ? 1 : sizeof seeds / sizeof seeds[0];
		for (size_t s = 0; s < nseeds; s++) {
			lesson_t l;
			if (open_lesson(&l, name, 0, seeds[s], QUIZ_MODE_DEFAULT) < 0)
				continue;
			size_t graded = 0;
			for (size_t k = 0; k < l.sc->nnotes; k++)
				graded += l.sc->notes[k].answer != SC_ANSWER_NONE;
			if (s == 0 && graded < 3)
				FAIL_MSG("lesson %s has %zu graded questions (question ... answer ...); "
					 "every bundled lesson needs at least 3", name, graded);
			if (s == 0 && l.sc->nmarks == 0)
				FAIL_MSG("lesson %s marks no key moment (quiz on TOPIC)", name);
			strbuf_t err = STRBUF_INIT;
			if (quiz_validate(run_trace(l.run), l.sc, &err) != 0)
				FAIL_MSG("lesson %s, seed %llu: %s", name, (unsigned long long)seeds[s], sb_str(&err));
			sb_free(&err);
			close_lesson(&l);
		}
	}
}

static void test_deterministic(void)
{
	lesson_t a, b;
	if (open_lesson(&a, "greylisting", 0, 5, QUIZ_MODE_ALL) < 0)
		return;
	if (open_lesson(&b, "greylisting", 0, 5, QUIZ_MODE_ALL) < 0) {
		close_lesson(&a);
		return;
	}
	CU_ASSERT_EQUAL(quiz_count(a.quiz), quiz_count(b.quiz));
	for (size_t k = 0; k < quiz_count(a.quiz) && k < quiz_count(b.quiz); k++) {
		CU_ASSERT_STRING_EQUAL(quiz_at(a.quiz, k)->prompt, quiz_at(b.quiz, k)->prompt);
		CU_ASSERT_EQUAL(quiz_at(a.quiz, k)->event, quiz_at(b.quiz, k)->event);
	}
	close_lesson(&a);
	close_lesson(&b);
}

/* Modes: states only states; replies no states; key only the marked moments. */
static void test_modes(void)
{
	static const char text[] =
		"title \"t\"\nsend to boss@corp.example\ncheck boss\n"
		"quiz on RCPT hop 3\nquiz on UPDATE\n";
	lesson_t l;
	size_t all;
	if (open_lesson(&l, text, 1, 0, QUIZ_MODE_ALL) < 0)
		return;
	all = quiz_count(l.quiz);
	close_lesson(&l);
	if (open_lesson(&l, text, 1, 0, QUIZ_MODE_DEFAULT) < 0)
		return;
	CU_ASSERT_EQUAL(quiz_mode(l.quiz), QUIZ_MODE_KEY);
	CU_ASSERT_EQUAL_FATAL(quiz_count(l.quiz), 2);
	const quiz_question_t *rcpt = quiz_at(l.quiz, 0), *update = quiz_at(l.quiz, 1);
	CU_ASSERT_EQUAL(rcpt->kind, QUIZ_REPLY);   /* not the state RCPT leads to */
	CU_ASSERT_EQUAL(rcpt->hop, HOP_3);
	CU_ASSERT_STRING_EQUAL(rcpt->expected, "250");
	CU_ASSERT(strstr(rcpt->prompt, "RCPT TO:<boss@corp.example>") != NULL);
	CU_ASSERT_EQUAL(update->kind, QUIZ_STATE);
	CU_ASSERT_STRING_EQUAL(update->expected, "UPDATE");
	CU_ASSERT_EQUAL(update->nchoices, 3);
	close_lesson(&l);
	size_t states, replies;
	if (open_lesson(&l, text, 1, 0, QUIZ_MODE_STATES) < 0)
		return;
	states = quiz_count(l.quiz);
	for (size_t k = 0; k < states; k++)
		CU_ASSERT_EQUAL(quiz_at(l.quiz, k)->kind, QUIZ_STATE);
	close_lesson(&l);
	if (open_lesson(&l, text, 1, 0, QUIZ_MODE_REPLIES) < 0)
		return;
	replies = quiz_count(l.quiz);
	for (size_t k = 0; k < replies; k++)
		CU_ASSERT_NOT_EQUAL(quiz_at(l.quiz, k)->kind, QUIZ_STATE);
	close_lesson(&l);
	CU_ASSERT(states > 0 && replies > 0);
	CU_ASSERT_EQUAL(states + replies, all);
}

/* The prediction points the issue names: a backup MX, NXDOMAIN, a 4xx. */
static void test_dns_and_queue(void)
{
	lesson_t l;
	if (open_lesson(&l, "backup-mx", 0, 0, QUIZ_MODE_REPLIES) < 0)
		return;
	const quiz_question_t *dns = NULL;
	for (size_t k = 0; k < quiz_count(l.quiz) && !dns; k++)
		if (quiz_at(l.quiz, k)->kind == QUIZ_DNS)
			dns = quiz_at(l.quiz, k);
	CU_ASSERT_PTR_NOT_NULL_FATAL(dns);
	CU_ASSERT_STRING_EQUAL(dns->expected, "mail.corp.example");   /* the preferred MX first */
	CU_ASSERT_EQUAL(dns->nchoices, 2);
	close_lesson(&l);
	static const struct { const char *lesson, *expected; quiz_kind_t kind; } cases[] = {
		{ "dns-nxdomain", "bounce", QUIZ_DNS },
		{ "greylisting", "retry", QUIZ_QUEUE },
		{ "unknown-recipient", "bounce", QUIZ_QUEUE },
		{ "corp-down", "retry", QUIZ_QUEUE },
	};
	for (size_t c = 0; c < sizeof cases / sizeof cases[0]; c++) {
		if (open_lesson(&l, cases[c].lesson, 0, 0, QUIZ_MODE_REPLIES) < 0)
			continue;
		const quiz_question_t *q = NULL;
		for (size_t k = 0; k < quiz_count(l.quiz) && !q; k++)
			if (quiz_at(l.quiz, k)->kind == cases[c].kind && quiz_at(l.quiz, k)->akind == SC_ANSWER_CHOICE)
				q = quiz_at(l.quiz, k);
		if (!q || strcmp(q->expected, cases[c].expected) != 0)
			FAIL_MSG("%s: the first decision should be '%s', is '%s'", cases[c].lesson,
				 cases[c].expected, q ? q->expected : "(no question)");
		close_lesson(&l);
	}
}

/* ---- grading ---------------------------------------------------------------- */

static int grade(const quiz_t *z, const char *text, quiz_grades_t *g, strbuf_t *err)
{
	sb_clear(err);
	return quiz_grade_text(z, "a.txt", text, strlen(text), g, err);
}

static void test_grading(void)
{
	lesson_t l;
	if (open_lesson(&l, "default", 0, 0, QUIZ_MODE_DEFAULT) < 0)
		return;
	strbuf_t ans = STRBUF_INIT, err = STRBUF_INIT;
	size_t n = quiz_count(l.quiz);
	CU_ASSERT_FATAL(n >= 4);
	sb_puts(&ans, "# my answers\n\n");
	for (size_t k = n; k-- > 0;)   /* any order */
		sb_printf(&ans, "%s %s\r\n", quiz_at(l.quiz, k)->id, quiz_at(l.quiz, k)->expected);
	quiz_grades_t g;
	CU_ASSERT_EQUAL_FATAL(grade(l.quiz, sb_str(&ans), &g, &err), 0);
	CU_ASSERT_EQUAL(g.score, n);
	CU_ASSERT_EQUAL(g.percent, 100);
	quiz_grades_free(&g);
	/* One missing and one wrong: two points fewer, not an error. */
	sb_clear(&ans);
	for (size_t k = 1; k < n; k++)
		sb_printf(&ans, "%s %s\n", quiz_at(l.quiz, k)->id,
			  k == 1 ? (strcmp(quiz_at(l.quiz, 1)->expected, "ns.isp.example") ? "ns.isp.example"
										: "mail.corp.example")
				 : quiz_at(l.quiz, k)->expected);
	CU_ASSERT_EQUAL_FATAL(grade(l.quiz, sb_str(&ans), &g, &err), 0);
	CU_ASSERT_EQUAL(g.score, n - 2);
	CU_ASSERT_PTR_NULL(g.results[0].given);
	CU_ASSERT_FALSE(g.results[1].correct);
	CU_ASSERT_EQUAL(g.percent, (int)((n - 2) * 100 / n));
	quiz_grades_free(&g);
	close_lesson(&l);
	sb_free(&ans);
	sb_free(&err);
}

static void test_answer_forms(void)
{
	lesson_t l;
	if (open_lesson(&l, "bad-password", 0, 0, QUIZ_MODE_DEFAULT) < 0)
		return;
	char msg[256];
	for (size_t k = 0; k < quiz_count(l.quiz); k++) {
		const quiz_question_t *q = quiz_at(l.quiz, k);
		if (q->kind == QUIZ_STATE) {
			CU_ASSERT_EQUAL(quiz_grade(q, "authorization", msg, sizeof msg), QUIZ_RIGHT);
			CU_ASSERT_EQUAL(quiz_grade(q, "1", msg, sizeof msg), QUIZ_RIGHT);   /* its number */
			CU_ASSERT_EQUAL(quiz_grade(q, "UPDATE", msg, sizeof msg), QUIZ_WRONG);
			CU_ASSERT_EQUAL(quiz_grade(q, "READY", msg, sizeof msg), QUIZ_BAD_KIND);
		} else if (q->kind == QUIZ_REPLY && !strcmp(q->expected, "-ERR")) {
			CU_ASSERT_EQUAL(quiz_grade(q, "-err", msg, sizeof msg), QUIZ_RIGHT);
			CU_ASSERT_EQUAL(quiz_grade(q, "+OK", msg, sizeof msg), QUIZ_WRONG);
			CU_ASSERT_EQUAL(quiz_grade(q, "550", msg, sizeof msg), QUIZ_BAD_KIND);
			CU_ASSERT(strstr(msg, "+OK or -ERR") != NULL);
		} else if (q->akind == SC_ANSWER_HOST) {
			CU_ASSERT_EQUAL(quiz_grade(q, "Mail.Corp.Example.", msg, sizeof msg), QUIZ_RIGHT);
			CU_ASSERT_EQUAL(quiz_grade(q, "smtp.isp.example", msg, sizeof msg), QUIZ_WRONG);
			CU_ASSERT_EQUAL(quiz_grade(q, "mail corp", msg, sizeof msg), QUIZ_BAD_KIND);
		} else if (q->akind == SC_ANSWER_CHOICE) {
			CU_ASSERT_EQUAL(quiz_grade(q, "log in again  with the right password", msg, sizeof msg),
					QUIZ_RIGHT);
			CU_ASSERT_EQUAL(quiz_grade(q, "2", msg, sizeof msg), QUIZ_RIGHT);
			CU_ASSERT_EQUAL(quiz_grade(q, "4", msg, sizeof msg), QUIZ_BAD_KIND);
		}
	}
	char why[300];
	quiz_why(quiz_at(l.quiz, 0), why, sizeof why);
	CU_ASSERT(strlen(why) > 10 && why[strlen(why) - 1] == '.');
	close_lesson(&l);
	quiz_question_t smtp = { .kind = QUIZ_REPLY, .akind = SC_ANSWER_CODE, .expected = "550" };
	CU_ASSERT_EQUAL(quiz_grade(&smtp, " 550 ", msg, sizeof msg), QUIZ_RIGHT);
	CU_ASSERT_EQUAL(quiz_grade(&smtp, "550 5.1.1 no such user", msg, sizeof msg), QUIZ_RIGHT);
	CU_ASSERT_EQUAL(quiz_grade(&smtp, "250", msg, sizeof msg), QUIZ_WRONG);
	CU_ASSERT_EQUAL(quiz_grade(&smtp, "5500", msg, sizeof msg), QUIZ_BAD_KIND);
	CU_ASSERT_EQUAL(quiz_grade(&smtp, "+OK", msg, sizeof msg), QUIZ_BAD_KIND);
	quiz_question_t num = { .kind = QUIZ_SCENARIO, .akind = SC_ANSWER_NUMBER, .expected = "2" };
	CU_ASSERT_EQUAL(quiz_grade(&num, "2", msg, sizeof msg), QUIZ_RIGHT);
	CU_ASSERT_EQUAL(quiz_grade(&num, "two", msg, sizeof msg), QUIZ_BAD_KIND);
}

static void test_broken_answers_files(void)
{
	lesson_t l;
	if (open_lesson(&l, "bad-password", 0, 0, QUIZ_MODE_DEFAULT) < 0)
		return;
	strbuf_t err = STRBUF_INIT;
	quiz_grades_t g;
	static const struct { const char *text, *error; } cases[] = {
		{ "q1 AUTHORIZATION\nq99 250\n", "a.txt:2: unknown question id 'q99'" },
		{ "\n# c\nq1 AUTHORIZATION\nq1 UPDATE\n", "a.txt:4: q1 is answered twice (first at line 3)\n" },
		{ "q1 250\n", "a.txt:1: q1: '250' is not one of the choices (AUTHORIZATION, TRANSACTION, UPDATE)\n" },
		{ "q2\n", "a.txt:1: q2 has no answer" },
		{ "q2 +OK\nq3 hello\n", "a.txt:2: q3: 'hello' is not +OK or -ERR\n" },
	};
	for (size_t c = 0; c < sizeof cases / sizeof cases[0]; c++) {
		CU_ASSERT_EQUAL(grade(l.quiz, cases[c].text, &g, &err), -1);
		if (strncmp(sb_str(&err), cases[c].error, strlen(cases[c].error)) != 0)
			FAIL_MSG("case %zu: got '%s', want '%s'", c, sb_str(&err), cases[c].error);
	}
	close_lesson(&l);
	sb_free(&err);
}

/* check: an answer the run contradicts, a mark it never reaches. */
static void test_validate(void)
{
	static const char text[] =
		"title \"t\"\nsend to nobody@corp.example\n"
		"question on RCPT hop 3 \"What does it answer?\" answer code 550\n"
		"question on RCPT hop 3 \"Really?\" answer code 250\n"
		"question \"Which state?\" answer state UPDATE\n"
		"quiz on DELE\n";
	strbuf_t err = STRBUF_INIT;
	scenario_t *sc = scenario_parse("t.scn", text, sizeof text - 1, &err);
	CU_ASSERT_PTR_NOT_NULL_FATAL(sc);
	run_t *r = run_new(sc, NULL);
	run_to_end(r);
	CU_ASSERT_EQUAL(quiz_validate(run_trace(r), sc, &err), 3);
	CU_ASSERT_STRING_EQUAL(sb_str(&err),
		"t.scn:4:46: the run contradicts the answer: no reply 250 at hop 3 from the question's moment on\n"
		"t.scn:5:38: the run contradicts the answer: no state UPDATE in the whole run\n"
		"t.scn:6:9: quiz on 'DELE': no prediction point of this run is about it\n");
	/* The graded questions are the quiz's: the run does not narrate them. */
	for (size_t i = 0; i < trace_count(run_trace(r)); i++)
		CU_ASSERT_NOT_EQUAL(trace_get(run_trace(r), i)->kind, EV_QUESTION);
	run_free(r);
	scenario_free(sc);
	sb_free(&err);
}

/* The language: each form of answer, and its mistakes at line and column. */
static void test_language(void)
{
	static const char good[] =
		"title \"t\"\n"
		"question on RCPT hop 3 \"a\" answer code 550\n"
		"question \"b\" answer host Mail.Corp.Example\n"
		"question at 2m \"c\" answer state update\n"
		"question \"d\" answer choice \"it retries\" among \"it bounces\" \"it retries\"\n"
		"question \"e\" answer number 2\n"
		"question \"f\" answer code -err\n"
		"question \"g\"\n"
		"quiz on RCPT hop 3\n";
	strbuf_t err = STRBUF_INIT;
	scenario_t *sc = scenario_parse("t.scn", good, sizeof good - 1, &err);
	CU_ASSERT_STRING_EQUAL(sb_str(&err), "");
	CU_ASSERT_PTR_NOT_NULL_FATAL(sc);
	CU_ASSERT_EQUAL_FATAL(sc->nnotes, 7);
	static const struct { sc_answer_kind_t kind; const char *text; } want[] = {
		{ SC_ANSWER_CODE, "550" }, { SC_ANSWER_HOST, "mail.corp.example" }, { SC_ANSWER_STATE, "UPDATE" },
		{ SC_ANSWER_CHOICE, "it retries" }, { SC_ANSWER_NUMBER, "2" }, { SC_ANSWER_CODE, "-ERR" },
		{ SC_ANSWER_NONE, NULL },
	};
	for (size_t i = 0; i < 7; i++) {
		CU_ASSERT_EQUAL(sc->notes[i].answer, want[i].kind);
		if (want[i].text)
			CU_ASSERT_STRING_EQUAL(sc->notes[i].answer_text, want[i].text);
	}
	CU_ASSERT_EQUAL(sc->notes[0].hop, HOP_3);
	CU_ASSERT_EQUAL(sc->notes[3].nchoices, 2);
	CU_ASSERT_EQUAL_FATAL(sc->nmarks, 1);
	CU_ASSERT_STRING_EQUAL(sc->marks[0].topic, "RCPT");
	CU_ASSERT_EQUAL(sc->marks[0].hop, HOP_3);
	scenario_free(sc);
	static const char bad[] =
		"title \"t\"\n"
		"note \"x\" answer code 250\n"
		"question \"y\" answer hots red\n"
		"question \"z\" answer choice \"a\" among \"b\" \"c\"\n"
		"question \"v\" answer code 250 extra\n"
		"question \"u\" answer code 650\n"
		"question \"w\" answer choice \"a\" among \"a\" \"A\"\n"
		"quiz hop 3\n"
		"quiz on RCTP\n";
	sb_clear(&err);
	CU_ASSERT_PTR_NULL(scenario_parse("t.scn", bad, sizeof bad - 1, &err));
	CU_ASSERT_STRING_EQUAL(sb_str(&err),
		"t.scn:2:10: only a question has an answer (write 'question', not 'note')\n"
		"t.scn:3:21: unknown kind of answer 'hots' — did you mean 'host'?\n"
		"t.scn:4:28: the answer 'a' is not among the choices\n"
		"t.scn:5:30: unexpected 'extra' after the answer (usage: answer host HOST | code CODE | "
		"state STATE | choice \"X\" among \"X\" \"Y\"... | number N)\n"
		"t.scn:6:26: '650': expected a reply code like 451 (2yz to 5yz)\n"
		"t.scn:7:42: the choice 'A' is given twice\n"
		"t.scn:8:11: missing 'on TOPIC' (usage: quiz on TOPIC [hop H])\n"
		"t.scn:9:9: unknown topic 'RCTP' — did you mean 'RCPT'?\n");
	sb_free(&err);
}

CU_TestInfo quiz_tests[] = {
	{ "the language: answers and key moments", test_language },
	{ "every question's event holds its answer", test_events_hold_answers },
	{ "every bundled lesson has graded questions the run agrees with", test_every_lesson_is_graded },
	{ "same run, same questions and ids", test_deterministic },
	{ "modes and key moments", test_modes },
	{ "backup MX, NXDOMAIN, 4xx: DNS and queue questions", test_dns_and_queue },
	{ "an answers file: 100%, one missing", test_grading },
	{ "answer forms: case, numbers of choices, wrong kinds", test_answer_forms },
	{ "a broken answers file, by line", test_broken_answers_files },
	{ "check: answers against the run", test_validate },
	CU_TEST_INFO_NULL,
};
