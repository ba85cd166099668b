/* scenario_quiz.c — the scenario language's graded exercises
 * (scenarios/README.md, "Graded questions"):
 *
 *   question [at TIME | on TOPIC [hop H]] "TEXT" answer host HOST
 *   question ... answer code CODE          CODE: 250, 550 ... or +OK, -ERR
 *   question ... answer state STATE        AUTHORIZATION TRANSACTION UPDATE
 *                                          READY MAIL RCPT DATA QUIT
 *   question ... answer choice "x" among "x" "y" "z"
 *   question ... answer number N
 *   quiz on TOPIC [hop H]                  a key moment for `quiz --mode key`
 *
 * Here only the form is checked; whether the run agrees with an answer is
 * the lesson layer's job (quiz_validate, run by `mailpath check`). */
#include "run/scenario_parse.h"

#include <stdlib.h>

#include "core/util.h"

#define QUIZ_CHOICES_MAX 8
#define QUIZ_NUMBER_MAX 1000000000L

static const char *const states[] = {
	"AUTHORIZATION", "TRANSACTION", "UPDATE", "READY", "MAIL", "RCPT", "DATA", "QUIT",
};
#define NSTATES (sizeof states / sizeof states[0])

static const struct answer_form {
	const char *name;
	sc_answer_kind_t kind;
	const char *noun;
} forms[] = {
	{ "host", SC_ANSWER_HOST, "a host name" },
	{ "code", SC_ANSWER_CODE, "a reply code (250, 550, +OK, -ERR)" },
	{ "state", SC_ANSWER_STATE, "a state (AUTHORIZATION, TRANSACTION, UPDATE, READY, MAIL, RCPT, DATA, QUIT)" },
	{ "choice", SC_ANSWER_CHOICE, "the right choice" },
	{ "number", SC_ANSWER_NUMBER, "a number" },
};
#define NFORMS (sizeof forms / sizeof forms[0])

#define ANSWER_USAGE "answer host HOST | code CODE | state STATE | choice \"X\" among \"X\" \"Y\"... | number N"

size_t scenario_quiz_split(scn_parser_t *p)
{
	for (size_t i = p->pos; i < p->ntok; i++)
		if (scenario_is_word(&p->tok[i], "answer")) {
			size_t full = p->ntok;
			p->ntok = i;
			return full - i;
		}
	return 0;
}

static const struct answer_form *answer_form(scn_parser_t *p, const scn_tok_t *t)
{
	const char *names[NFORMS];
	for (size_t i = 0; i < NFORMS; i++) {
		names[i] = forms[i].name;
		if (scenario_is_word(t, names[i]))
			return &forms[i];
	}
	const char *hint = fault_closest(t->s, names, NFORMS, scenario_near(t->s));
	if (hint)
		scenario_error(p, t->col, "unknown kind of answer '%s' — did you mean '%s'?",
			       scenario_show(t->s).s, hint);
	else
		scenario_error(p, t->col, "unknown kind of answer '%s' (host, code, state, choice or number)",
			       scenario_show(t->s).s);
	return NULL;
}

static int value_of(scn_parser_t *p, sc_answer_kind_t kind, const scn_tok_t *t, char **out)
{
	long n;
	int code;
	switch (kind) {
	case SC_ANSWER_HOST:
		if (scenario_val_domain(p, t) < 0)
			return -1;
		*out = xstrdup(t->s);
		str_lower(*out);
		return 0;
	case SC_ANSWER_CODE:
		if (str_ieq(t->s, "+OK") || str_ieq(t->s, "-ERR")) {
			*out = xstrdup(str_ieq(t->s, "+OK") ? "+OK" : "-ERR");
			return 0;
		}
		if (scenario_val_code(p, t, &code) < 0)
			return -1;
		*out = xstrdup(t->s);
		return 0;
	case SC_ANSWER_STATE:
		for (size_t i = 0; i < NSTATES; i++)
			if (str_ieq(t->s, states[i])) {
				*out = xstrdup(states[i]);
				return 0;
			}
		return scenario_error(p, t->col, "'%s': expected a state (AUTHORIZATION, TRANSACTION, UPDATE, "
				      "READY, MAIL, RCPT, DATA or QUIT)", scenario_show(t->s).s);
	case SC_ANSWER_NUMBER:
		if (scenario_val_int(p, t, 0, QUIZ_NUMBER_MAX, &n) < 0)
			return -1;
		*out = xstrdup(t->s);
		return 0;
	default:
		*out = xstrdup(t->s);
		return 0;
	}
}

/* choice "x" among "x" "y" "z": two to eight choices, distinct, x one of them. */
static int choices(scn_parser_t *p, const scn_tok_t *right, sc_note_t *o)
{
	const scn_tok_t *among = scenario_next(p), *t;
	if (!among)
		return scenario_missing(p, "'among' and the choices", "question answer");
	if (!scenario_is_word(among, "among"))
		return scenario_error(p, among->col, "'%s': expected 'among' and the choices (usage: %s)",
				      scenario_show(among->s).s, ANSWER_USAGE);
	int found = 0;
	while ((t = scenario_next(p))) {
		if (!*t->s)
			return scenario_error(p, t->col, "an empty choice");
		for (size_t i = 0; i < o->nchoices; i++)
			if (str_ieq(o->choices[i], t->s))
				return scenario_error(p, t->col, "the choice '%s' is given twice",
						      scenario_show(t->s).s);
		if (o->nchoices >= QUIZ_CHOICES_MAX)
			return scenario_error(p, t->col, "too many choices (at most %d)", QUIZ_CHOICES_MAX);
		o->choices = xgrow(o->choices, o->nchoices, sizeof *o->choices);
		o->choices[o->nchoices++] = xstrdup(t->s);
		found |= str_ieq(t->s, right->s);
	}
	if (o->nchoices < 2)
		return scenario_missing(p, "at least two choices", "question answer");
	if (!found)
		return scenario_error(p, right->col, "the answer '%s' is not among the choices",
				      scenario_show(right->s).s);
	return 0;
}

int scenario_quiz_answer(scn_parser_t *p, size_t ntok, sc_note_t *o)
{
	const scn_tok_t *kw = &p->tok[p->ntok];
	p->pos = p->ntok + 1;
	p->ntok += ntok;
	if (!o->question)
		return scenario_error(p, kw->col, "only a question has an answer (write 'question', not 'note')");
	const scn_tok_t *k = scenario_next(p);
	if (!k)
		return scenario_missing(p, "the kind of answer", "question answer");
	const struct answer_form *f = answer_form(p, k);
	if (!f)
		return -1;
	const scn_tok_t *v = scenario_next(p);
	if (!v)
		return scenario_error(p, scenario_end_col(p), "missing %s after 'answer %s'", f->noun, f->name);
	if (value_of(p, f->kind, v, &o->answer_text) < 0)
		return -1;
	o->answer = f->kind;
	o->answer_col = v->col;
	if (f->kind == SC_ANSWER_CHOICE)
		return choices(p, v, o);
	const scn_tok_t *extra = scenario_next(p);
	if (extra)
		return scenario_error(p, extra->col, "unexpected '%s' after the answer (usage: %s)",
				      scenario_show(extra->s).s, ANSWER_USAGE);
	return 0;
}

enum { MARK_ON, MARK_HOP, MARK__N };
static const scn_opt_t mark_opts[MARK__N] = {
	[MARK_ON] = { .name = "on", .arg = SCN_ARG_TEXT },
	[MARK_HOP] = { .name = "hop", .arg = SCN_ARG_HOP },
};

int scenario_dir_quiz(scn_parser_t *p, const scn_tok_t *kw)
{
	scn_val_t v[MARK__N];
	size_t n;
	if (scenario_options(p, "quiz", mark_opts, MARK__N, v, NULL, 0, &n) < 0)
		return -1;
	if (!v[MARK_ON].col)
		return scenario_missing(p, "'on TOPIC'", "quiz");
	if (scenario_topic_check(p, &v[MARK_ON]) < 0 ||
	    scenario_room(p, p->sc->nmarks, "quiz marks", kw->col) < 0)
		return -1;
	sc_quiz_mark_t *m = SCN_PUSH(p->sc->marks, p->sc->nmarks);
	m->topic = xstrdup(v[MARK_ON].str);
	m->hop = v[MARK_HOP].col ? v[MARK_HOP].hop : HOP_NONE;
	m->line = p->line;
	m->col = v[MARK_ON].vcol;
	return 0;
}

void scenario_quiz_free(scenario_t *sc)
{
	for (size_t i = 0; i < sc->nnotes; i++) {
		free(sc->notes[i].answer_text);
		for (size_t k = 0; k < sc->notes[i].nchoices; k++)
			free(sc->notes[i].choices[k]);
		free(sc->notes[i].choices);
	}
	for (size_t i = 0; i < sc->nmarks; i++)
		free(sc->marks[i].topic);
	free(sc->marks);
}
