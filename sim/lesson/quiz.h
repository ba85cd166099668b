/* quiz.h — predict, then see: the questions a run asks, and their grading.
 *
 * A quiz is derived from a run's trace and its scenario, nothing else:
 *   reply     every first line of an SMTP or POP3 server's reply: "What will
 *             mail.corp.example answer to RCPT TO:<nobody@corp.example>?"
 *   state     every SMTP or POP3 session state change
 *   dns       which host the ISP connects to after an MX answer of several
 *             records (or none: the implicit MX); what it does after NXDOMAIN
 *   queue     what the ISP does with the message after a 4xx/5xx, a refused
 *             or a lost connection: retry, bounce or deliver
 *   scenario  the lesson's own graded questions (question ... answer ...)
 * Each question is asked before event `ask` of the trace is shown, and its
 * answer is in event `event` (0-based; `mailpath run --format json` prints
 * event i on line i + 1). The same trace, scenario and mode give the same
 * questions with the same ids (q1, q2, ... in the order they are asked).
 *
 * The CLI (`mailpath quiz`) and the UI (`play --quiz`) both use this module;
 * the UI only asks, reveals and shows the score. */
#ifndef MP_QUIZ_H
#define MP_QUIZ_H

#include <stddef.h>

#include "core/trace.h"
#include "core/util.h"
#include "run/scenario.h"

typedef enum quiz_kind {
	QUIZ_REPLY,
	QUIZ_STATE,
	QUIZ_DNS,
	QUIZ_QUEUE,
	QUIZ_SCENARIO,
	QUIZ__KINDS
} quiz_kind_t;

typedef enum quiz_mode {
	QUIZ_MODE_DEFAULT,   /* key when the scenario marks moments, else replies */
	QUIZ_MODE_ALL,       /* every question */
	QUIZ_MODE_REPLIES,   /* reply, dns and queue: what the other side does */
	QUIZ_MODE_STATES,    /* the session states */
	QUIZ_MODE_KEY,       /* only at the moments the scenario marks (quiz on TOPIC) */
} quiz_mode_t;

typedef struct quiz_question {
	char id[24];                /* "q1" */
	quiz_kind_t kind;
	hop_t hop;
	size_t ask;                 /* asked before event `ask` is shown (may be the count: at the end) */
	long event;                 /* the event holding the answer, -1 when none does */
	char *prompt;
	char **choices;             /* the answer is one of these; none: it is typed */
	size_t nchoices;
	sc_answer_kind_t akind;     /* how the answer is written (CODE, STATE, HOST, CHOICE, NUMBER) */
	char *expected;             /* "550", "+OK", "UPDATE", "mail.corp.example", "retry", "2" */
	const char *explain;        /* the explanation key of the answer's event, or NULL */
	int line;                   /* scenario questions: the line in the scenario file */
} quiz_question_t;

typedef struct quiz quiz_t;

/* The questions of a run in `mode` (QUIZ_MODE_DEFAULT resolved as above). */
quiz_t *quiz_build(const trace_t *t, const scenario_t *sc, quiz_mode_t mode);
void quiz_free(quiz_t *q);
size_t quiz_count(const quiz_t *q);
const quiz_question_t *quiz_at(const quiz_t *q, size_t i);
const quiz_question_t *quiz_find(const quiz_t *q, const char *id);   /* NULL: no such id */
quiz_mode_t quiz_mode(const quiz_t *q);                              /* never DEFAULT */

int quiz_mode_parse(const char *s, quiz_mode_t *out);     /* 0 ok, -1 unknown */
const char *quiz_mode_name(quiz_mode_t m);                /* "all", "replies", ... */
const char *quiz_kind_name(quiz_kind_t k);                /* "reply", "state", ... (JSON kind) */
const char *quiz_kind_topic(quiz_kind_t k);               /* "reply codes", "session states", ... */

/* ---- grading (quiz_grade.c) ---- */

typedef enum quiz_verdict {
	QUIZ_RIGHT,
	QUIZ_WRONG,
	QUIZ_BAD_KIND,              /* not an answer of this question's kind: msg says why */
} quiz_verdict_t;

quiz_verdict_t quiz_grade(const quiz_question_t *q, const char *given, char *msg, size_t size);
/* The first sentence of the answer's explanation ("" when none): why. */
void quiz_why(const quiz_question_t *q, char *buf, size_t size);

/* An answers file: one "ID ANSWER" a line, blank lines and # comments
 * allowed, IDs in any order; a missing ID counts as wrong. */
typedef struct quiz_result {
	const quiz_question_t *q;
	char *given;                /* NULL: not answered */
	int correct;
} quiz_result_t;

typedef struct quiz_grades {
	quiz_result_t *results;     /* one per question, in quiz order */
	size_t total;
	size_t score;
	int percent;                /* score * 100 / total, rounded down; 100 for no question */
} quiz_grades_t;

/* 0 and *out filled, or -1 with one "PATH:LINE: message\n" per mistake in
 * errors (an unknown or duplicate ID, an answer of the wrong kind). */
int quiz_grade_text(const quiz_t *q, const char *path, const char *text, size_t len,
		    quiz_grades_t *out, strbuf_t *errors);
void quiz_grades_free(quiz_grades_t *g);

/* ---- check: the scenario's answers against its run ---- */

/* One "PATH:LINE:COL: message\n" per graded question the run contradicts
 * and per key mark the run never reaches. Returns how many. */
int quiz_validate(const trace_t *t, const scenario_t *sc, strbuf_t *errors);

#endif
