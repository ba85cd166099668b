/* quiz.c — the questions of a run, derived from its trace and its scenario
 * (quiz.h says which). One pass over the trace finds the prediction points:
 *
 *   reply     the first line of each server reply; the command it answers is
 *             the oldest unanswered one of its session (FIFO, as pipelining
 *             would have it); none: the greeting
 *   state     each EV_STATE of an SMTP or POP3 session
 *   dns       after a group of two or more MX answers, or an implicit MX: the
 *             host of the querying MTA's next connection
 *   queue     after a 4xx/5xx at hop 3, a refused or lost hop-3 connection or
 *             a failed DNS answer: the MTA's next "status=" decision, once
 *
 * then the scenario's graded questions are placed where the run would ask
 * them, and everything is ordered by the moment it is asked. */
#include "lesson/quiz.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#define PENDING_MAX 16

typedef struct sess {
	long pend[PENDING_MAX];     /* unanswered commands, oldest first */
	int npend;
	long last_cmd;              /* -1: none yet */
	int cont;                   /* the last reply line said "250-": more follow */
} sess_t;

typedef struct item {
	quiz_question_t q;
	long trigger;               /* the event that prompts it, or -1 */
	int scenario;               /* 1: the lesson's own question (asked first at a moment) */
	size_t seq;
} item_t;

struct quiz {
	quiz_mode_t mode;
	item_t *it;
	size_t n;
	size_t *mark_hits;          /* per scenario mark: 1 once it selected its question */
	long *note_match;           /* per scenario note: its `on` event, -1 none, -2 no `on` */
	long *note_evidence;        /* per scenario note: the event holding the answer, or -1 */
};

static const char *const smtp_states[] = { "READY", "MAIL", "RCPT", "DATA", "QUIT" };
static const char *const pop3_states[] = { "AUTHORIZATION", "TRANSACTION", "UPDATE" };
static const char *const decisions[] = { "retry", "bounce", "deliver" };

#define NELEM(a) (sizeof (a) / sizeof (a)[0])

/* ---- small helpers ---------------------------------------------------------- */

static int is_proto(const trace_event_t *ev, const char *p)
{
	return ev->proto && strcmp(ev->proto, p) == 0;
}

static int key_is(const trace_event_t *ev, const char *key)
{
	return ev->explain && strcmp(ev->explain, key) == 0;
}

/* A note's rule: the key, or its last ':' part, is the topic (any case). */
static int topic_matches(const char *key, const char *topic)
{
	if (!key || !key[0])
		return 0;
	if (str_ieq(key, topic))
		return 1;
	const char *last = strrchr(key, ':');
	return last && str_ieq(last + 1, topic);
}

static char *visible(const char *s)
{
	strbuf_t sb = STRBUF_INIT;
	str_visible(s, strlen(s), &sb);
	return sb_steal(&sb);
}

static void set_choices(quiz_question_t *q, const char *const *c, size_t n)
{
	q->choices = n ? xcalloc(n, sizeof *q->choices) : NULL;
	for (size_t i = 0; i < n; i++)
		q->choices[i] = xstrdup(c[i]);
	q->nchoices = n;
}

static const char *const *states_of(const char *proto, const char *state, size_t *n)
{
	int pop3 = proto && strcmp(proto, "POP3") == 0;
	for (size_t i = 0; !proto && i < NELEM(pop3_states); i++)
		pop3 |= str_ieq(state, pop3_states[i]);
	*n = pop3 ? NELEM(pop3_states) : NELEM(smtp_states);
	return pop3 ? pop3_states : smtp_states;
}

static item_t *add(quiz_t *z, quiz_kind_t kind, const trace_event_t *answer, long trigger)
{
	z->it = xgrow(z->it, z->n, sizeof *z->it);
	item_t *it = memset(&z->it[z->n], 0, sizeof *it);
	it->seq = z->n++;
	it->trigger = trigger;
	it->q.kind = kind;
	it->q.event = answer ? (long)answer->index : -1;
	it->q.ask = answer ? answer->index : 0;
	it->q.hop = answer ? answer->hop : HOP_NONE;
	it->q.explain = answer && answer->explain && answer->explain[0] ? answer->explain : NULL;
	return it;
}

static sess_t *session(sess_t **ss, size_t *nss, uint32_t id)
{
	if (id >= *nss) {
		size_t n = id + 16 > 2 * *nss ? id + 16 : 2 * *nss;   /* doubling: O(1) amortised */
		*ss = xrealloc(*ss, n * sizeof **ss);
		for (size_t i = *nss; i < n; i++)
			(*ss)[i] = (sess_t){ .last_cmd = -1 };
		*nss = n;
	}
	return &(*ss)[id];
}

/* ---- replies and states ------------------------------------------------------ */

static void reply_question(quiz_t *z, const trace_t *t, const trace_event_t *ev, long cmd)
{
	int pop3 = is_proto(ev, "POP3");
	char code[8];
	if (pop3 && (!strncmp(ev->text, "+OK", 3) || !strncmp(ev->text, "-ERR", 4)))
		snprintf(code, sizeof code, "%s", ev->text[0] == '+' ? "+OK" : "-ERR");
	else if (!pop3 && strlen(ev->text) >= 3 && ev->text[0] >= '1' && ev->text[0] <= '5')
		snprintf(code, sizeof code, "%.3s", ev->text);
	else
		return;
	item_t *it = add(z, QUIZ_REPLY, ev, cmd);
	it->q.akind = SC_ANSWER_CODE;
	it->q.expected = xstrdup(code);
	const char *hint = pop3 ? " (+OK or -ERR)" : " (a reply code)";
	strbuf_t sb = STRBUF_INIT;
	const trace_event_t *c = cmd >= 0 ? trace_get(t, (size_t)cmd) : NULL;
	if (!c) {
		sb_printf(&sb, "The connection to %s is open. What does it say first?%s", ev->from, hint);
	} else if (c->kind == EV_DATA) {
		sb_printf(&sb, "What will %s answer to the end of the message (the final dot)?%s", ev->from, hint);
	} else {
		char *v = visible(c->text);
		sb_printf(&sb, "What will %s answer to %s?%s", ev->from, v, hint);
		free(v);
	}
	it->q.prompt = sb_steal(&sb);
}

static void state_question(quiz_t *z, const trace_t *t, const trace_event_t *ev, long cmd)
{
	item_t *it = add(z, QUIZ_STATE, ev, cmd);
	size_t n;
	const char *const *st = states_of(ev->proto, ev->text, &n);
	set_choices(&it->q, st, n);
	it->q.akind = SC_ANSWER_STATE;
	it->q.expected = xstrdup(ev->text);
	strbuf_t sb = STRBUF_INIT;
	const trace_event_t *c = cmd >= 0 ? trace_get(t, (size_t)cmd) : NULL;
	if (c) {
		char *v = visible(c->kind == EV_DATA ? "the end of the message (the final dot)" : c->text);
		sb_printf(&sb, "After %s, which state does the %s session at %s enter?", v, ev->proto, ev->from);
		free(v);
	} else {
		sb_printf(&sb, "The %s connection to %s is open. Which state is the session in?", ev->proto,
			  ev->from);
	}
	it->q.prompt = sb_steal(&sb);
}

/* ---- DNS and queue decisions ---------------------------------------------------- */

/* The first event after `from` that is this MTA's connection (dns) or its
 * queue decision (queue), not yet taken by another question. */
static const trace_event_t *next_of(const trace_t *t, size_t from, const char *mta, int decision,
				    const char *used)
{
	for (size_t i = from + 1; i < trace_count(t); i++) {
		const trace_event_t *ev = trace_get(t, i);
		if (strcmp(ev->from, mta) != 0 || used[i])
			continue;
		if (!decision && ev->kind == EV_CONNECT)
			return ev;
		if (decision && ev->kind == EV_QUEUE &&
		    ((strstr(ev->text, "status=") &&
		      (key_is(ev, "queue:deferred") || key_is(ev, "queue:bounced") || key_is(ev, "queue:sent"))) ||
		     key_is(ev, "queue:expired")))
			return ev;
	}
	return NULL;
}

static const char *decision_of(const trace_event_t *ev)
{
	return key_is(ev, "queue:deferred") ? decisions[0] : key_is(ev, "queue:sent") ? decisions[2] : decisions[1];
}

/* "corp.example. MX 10 mail.corp.example." -> "mail.corp.example" */
static char *mx_host(const char *text)
{
	const char *sp = strrchr(text, ' ');
	const char *h = sp ? sp + 1 : text;
	size_t n = strlen(h);
	return xstrndup(h, n && h[n - 1] == '.' ? n - 1 : n);
}

static void dns_question(quiz_t *z, const trace_t *t, size_t last, char *used)
{
	const trace_event_t *ev = trace_get(t, last);
	const trace_event_t *conn = next_of(t, last, ev->to, 0, used);
	if (!conn)
		return;
	size_t first = last;
	while (!key_is(ev, "dns:implicit-mx") && first > 0 && key_is(trace_get(t, first - 1), "dns:MX") &&
	       !strcmp(trace_get(t, first - 1)->to, ev->to))
		first--;
	if (key_is(ev, "dns:MX") && last - first + 1 < 2)
		return;
	used[conn->index] = 1;
	item_t *it = add(z, QUIZ_DNS, conn, (long)last);
	it->q.akind = SC_ANSWER_HOST;
	it->q.expected = xstrdup(conn->to);
	strbuf_t sb = STRBUF_INIT;
	char *v = visible(ev->text);
	if (key_is(ev, "dns:implicit-mx")) {
		sb_printf(&sb, "DNS answers: %s. Which host will %s connect to?", v, ev->to);
	} else {
		size_t n = last - first + 1;
		it->q.choices = xcalloc(n, sizeof *it->q.choices);
		sb_printf(&sb, "DNS answers %s with %zu mail exchangers (", ev->to, n);
		for (size_t i = first; i <= last; i++) {
			const char *txt = trace_get(t, i)->text, *mx = strstr(txt, " MX ");
			char *host = mx_host(txt);
			it->q.choices[it->q.nchoices++] = host;
			sb_printf(&sb, "%s%.*s%s", i > first ? ", " : "", mx ? (int)(strrchr(txt, ' ') - mx) : 0,
				  mx ? mx + 1 : "", host);
		}
		sb_printf(&sb, "). Which host will %s connect to?", ev->to);
	}
	free(v);
	it->q.prompt = sb_steal(&sb);
}

static void queue_question(quiz_t *z, const trace_t *t, const trace_event_t *ev, const char *mta,
			   const char *what, char *used)
{
	const trace_event_t *d = next_of(t, ev->index, mta, 1, used);
	if (!d)
		return;
	used[d->index] = 1;
	item_t *it = add(z, ev->kind == EV_DNS_ANSWER ? QUIZ_DNS : QUIZ_QUEUE, d, (long)ev->index);
	set_choices(&it->q, decisions, NELEM(decisions));
	it->q.akind = SC_ANSWER_CHOICE;
	it->q.expected = xstrdup(decision_of(d));
	strbuf_t sb = STRBUF_INIT;
	sb_printf(&sb, "%s. What does %s do with the message now: retry later, bounce it to the sender, "
		  "or deliver it?", what, mta);
	it->q.prompt = sb_steal(&sb);
}

static void queue_after_reply(quiz_t *z, const trace_t *t, const trace_event_t *ev, long cmd, char *used)
{
	const trace_event_t *c = cmd >= 0 ? trace_get(t, (size_t)cmd) : NULL;
	strbuf_t sb = STRBUF_INIT;
	char *v = visible(c ? c->text : "the connection");
	sb_printf(&sb, "%s answered %.3s to %s", ev->from, ev->text,
		  c && c->kind == EV_DATA ? "the end of the message" : v);
	free(v);
	queue_question(z, t, ev, ev->to, sb_str(&sb), used);
	sb_free(&sb);
}

static void queue_after_failure(quiz_t *z, const trace_t *t, const trace_event_t *ev, char *used)
{
	strbuf_t sb = STRBUF_INIT;
	char *v = visible(ev->text);
	if (ev->kind == EV_DNS_ANSWER)
		sb_printf(&sb, "DNS answers %s: %s", ev->to, v);
	else
		sb_printf(&sb, "The connection from %s to %s: %s", ev->from, ev->to, v);
	free(v);
	queue_question(z, t, ev, ev->kind == EV_DNS_ANSWER ? ev->to : ev->from, sb_str(&sb), used);
	sb_free(&sb);
}

/* ---- the pass over the trace ---------------------------------------------------- */

static void on_reply(quiz_t *z, const trace_t *t, const trace_event_t *ev, sess_t *s, char *used)
{
	int first = !s->cont;
	s->cont = is_proto(ev, "SMTP") && strlen(ev->text) > 3 && ev->text[3] == '-';
	if (!first)
		return;
	long cmd = -1;
	if (s->npend > 0) {
		cmd = s->pend[0];
		memmove(s->pend, s->pend + 1, (size_t)--s->npend * sizeof *s->pend);
	}
	reply_question(z, t, ev, cmd);
	if (ev->hop == HOP_3 && is_proto(ev, "SMTP") && (ev->text[0] == '4' || ev->text[0] == '5'))
		queue_after_reply(z, t, ev, cmd, used);
}

static void derive(quiz_t *z, const trace_t *t)
{
	size_t n = trace_count(t), nss = 0;
	sess_t *ss = NULL;
	char *used = xcalloc(n + 1, 1);
	for (size_t i = 0; i < n; i++) {
		const trace_event_t *ev = trace_get(t, i);
		int proto = is_proto(ev, "SMTP") || is_proto(ev, "POP3");
		sess_t *s = proto && ev->session ? session(&ss, &nss, ev->session) : NULL;
		if (s && (ev->kind == EV_CMD || (ev->kind == EV_DATA && key_is(ev, "smtp:dot")))) {
			if (s->npend < PENDING_MAX)
				s->pend[s->npend++] = (long)i;
			s->last_cmd = (long)i;
		} else if (s && ev->kind == EV_REPLY) {
			on_reply(z, t, ev, s, used);
		} else if (s && ev->kind == EV_STATE) {
			state_question(z, t, ev, s->last_cmd);
		} else if (ev->kind == EV_DNS_ANSWER && (key_is(ev, "dns:implicit-mx") ||
			   (key_is(ev, "dns:MX") && !(i + 1 < n && key_is(trace_get(t, i + 1), "dns:MX") &&
						      !strcmp(trace_get(t, i + 1)->to, ev->to))))) {
			dns_question(z, t, i, used);
		} else if (ev->kind == EV_DNS_ANSWER && (key_is(ev, "dns:NXDOMAIN") || key_is(ev, "dns:SERVFAIL") ||
							 key_is(ev, "dns:timeout"))) {
			queue_after_failure(z, t, ev, used);
		} else if ((ev->kind == EV_REFUSED || ev->kind == EV_ABORT) && ev->hop == HOP_3) {
			queue_after_failure(z, t, ev, used);
		}
	}
	free(used);
	free(ss);
}

/* ---- the lesson's own questions -------------------------------------------------- */

static int narrated(const trace_event_t *ev)
{
	return ev->kind == EV_TEACH || ev->kind == EV_QUESTION || ev->kind == EV_EXPECT;
}

/* Where the run reaches a note's topic (as run.c shows notes): -1 never. */
static long topic_event(const trace_t *t, const char *topic, hop_t hop)
{
	for (size_t i = 0; i < trace_count(t); i++) {
		const trace_event_t *ev = trace_get(t, i);
		if (!narrated(ev) && topic_matches(ev->explain, topic) && (hop == HOP_NONE || ev->hop == hop))
			return (long)i;
	}
	return -1;
}

static size_t end_of_story(const trace_t *t)
{
	for (size_t i = 0; i < trace_count(t); i++)
		if (trace_get(t, i)->kind == EV_EXPECT)
			return i;
	return trace_count(t);
}

static int holds(const trace_event_t *ev, const sc_note_t *o)
{
	const char *a = o->answer_text;
	switch (o->answer) {
	case SC_ANSWER_CODE:
		return ev->kind == EV_REPLY && !strncmp(ev->text, a, strlen(a)) &&
		       (a[0] == '+' || a[0] == '-' || ev->text[3] == '\0' || ev->text[3] == ' ' || ev->text[3] == '-');
	case SC_ANSWER_STATE:
		return ev->kind == EV_STATE && str_ieq(ev->text, a);
	case SC_ANSWER_HOST:   /* the host speaks: a reply, an answer, an event of its own */
		return !narrated(ev) && str_ieq(ev->from, a);
	default:
		return 0;
	}
}

/* The event that holds a graded question's answer, from `from` on; -1 none. */
static long evidence(const trace_t *t, const sc_note_t *o, size_t from, long match)
{
	if (o->answer == SC_ANSWER_CHOICE || o->answer == SC_ANSWER_NUMBER)
		return match >= 0 ? match : -1;
	for (size_t i = from; i < trace_count(t); i++) {
		const trace_event_t *ev = trace_get(t, i);
		if ((o->hop == HOP_NONE || ev->hop == o->hop) && holds(ev, o))
			return (long)i;
	}
	return -1;
}

static void lesson_question(quiz_t *z, const trace_t *t, const scenario_t *sc, size_t k)
{
	const sc_note_t *o = &sc->notes[k];
	size_t ask, from = 0;
	long match = -2;
	if (o->on) {
		match = topic_event(t, o->on, o->hop);
		ask = match >= 0 ? (size_t)match + 1 : end_of_story(t);
		from = match >= 0 ? (size_t)match : 0;
	} else if (o->at_us >= 0) {
		for (ask = 1; ask < trace_count(t) && trace_get(t, ask)->t_us < o->at_us; ask++)
			;
		from = ask;
	} else {
		ask = end_of_story(t);
	}
	long ev = evidence(t, o, from, match);
	z->note_match[k] = match;
	z->note_evidence[k] = ev;
	const trace_event_t *e = ev >= 0 ? trace_get(t, (size_t)ev) : NULL;
	item_t *it = add(z, QUIZ_SCENARIO, e, -1);
	it->scenario = 1;
	it->q.ask = ask;
	if (!e)
		it->q.hop = o->hop;
	it->q.akind = o->answer;
	it->q.expected = xstrdup(o->answer_text);
	it->q.prompt = xstrdup(o->text);
	it->q.line = o->line;
	if (o->answer == SC_ANSWER_CHOICE) {
		set_choices(&it->q, (const char *const *)o->choices, o->nchoices);
	} else if (o->answer == SC_ANSWER_STATE) {
		size_t n;
		const char *const *st = states_of(NULL, o->answer_text, &n);
		set_choices(&it->q, st, n);
	}
}

/* ---- key moments, modes, order ----------------------------------------------------- */

static int mark_selects(const sc_quiz_mark_t *mk, const trace_t *t, const item_t *it)
{
	const trace_event_t *trig = it->trigger >= 0 ? trace_get(t, (size_t)it->trigger) : NULL;
	const trace_event_t *ans = it->q.event >= 0 ? trace_get(t, (size_t)it->q.event) : NULL;
	if (mk->hop != HOP_NONE && it->q.hop != mk->hop)
		return 0;
	int on_trigger = trig && topic_matches(trig->explain, mk->topic);
	if (it->q.kind == QUIZ_STATE)   /* "quiz on RCPT" asks for RCPT's reply, "on UPDATE" for the state */
		return !on_trigger && ans && topic_matches(ans->explain, mk->topic);
	return on_trigger || (ans && topic_matches(ans->explain, mk->topic));
}

static int wanted(quiz_t *z, const trace_t *t, const scenario_t *sc, const item_t *it)
{
	int marked = 0;
	/* Like a note, a mark is about the first moment it matches. */
	for (size_t m = 0; m < sc->nmarks; m++)
		if (!z->mark_hits[m] && mark_selects(&sc->marks[m], t, it)) {
			z->mark_hits[m]++;
			marked = 1;
		}
	switch (z->mode) {
	case QUIZ_MODE_STATES: return it->q.kind == QUIZ_STATE;
	case QUIZ_MODE_REPLIES: return it->q.kind != QUIZ_STATE;
	case QUIZ_MODE_KEY: return marked;
	default: return 1;
	}
}

static int by_moment(const void *a, const void *b)
{
	const item_t *x = a, *y = b;
	if (x->q.ask != y->q.ask)
		return x->q.ask < y->q.ask ? -1 : 1;
	if (x->scenario != y->scenario)
		return x->scenario ? -1 : 1;
	return x->seq < y->seq ? -1 : x->seq > y->seq;
}

static void drop(item_t *it)
{
	free(it->q.prompt);
	free(it->q.expected);
	for (size_t i = 0; i < it->q.nchoices; i++)
		free(it->q.choices[i]);
	free(it->q.choices);
}

quiz_t *quiz_build(const trace_t *t, const scenario_t *sc, quiz_mode_t mode)
{
	quiz_t *z = xcalloc(1, sizeof *z);
	z->mode = mode != QUIZ_MODE_DEFAULT ? mode : sc->nmarks ? QUIZ_MODE_KEY : QUIZ_MODE_REPLIES;
	z->mark_hits = xcalloc(sc->nmarks + 1, sizeof *z->mark_hits);
	z->note_match = xcalloc(sc->nnotes + 1, sizeof *z->note_match);
	z->note_evidence = xcalloc(sc->nnotes + 1, sizeof *z->note_evidence);
	derive(z, t);
	size_t kept = 0;
	for (size_t i = 0; i < z->n; i++) {
		if (wanted(z, t, sc, &z->it[i]))
			z->it[kept++] = z->it[i];
		else
			drop(&z->it[i]);
	}
	z->n = kept;
	for (size_t k = 0; k < sc->nnotes; k++)
		if (sc->notes[k].answer != SC_ANSWER_NONE)
			lesson_question(z, t, sc, k);
	qsort(z->it, z->n, sizeof *z->it, by_moment);
	for (size_t i = 0; i < z->n; i++)
		snprintf(z->it[i].q.id, sizeof z->it[i].q.id, "q%zu", i + 1);
	return z;
}

void quiz_free(quiz_t *z)
{
	if (!z)
		return;
	for (size_t i = 0; i < z->n; i++)
		drop(&z->it[i]);
	free(z->it);
	free(z->mark_hits);
	free(z->note_match);
	free(z->note_evidence);
	free(z);
}

size_t quiz_count(const quiz_t *z) { return z->n; }
quiz_mode_t quiz_mode(const quiz_t *z) { return z->mode; }

const quiz_question_t *quiz_at(const quiz_t *z, size_t i)
{
	return i < z->n ? &z->it[i].q : NULL;
}

const quiz_question_t *quiz_find(const quiz_t *z, const char *id)
{
	for (size_t i = 0; i < z->n; i++)
		if (str_ieq(z->it[i].q.id, id))
			return &z->it[i].q;
	return NULL;
}

/* ---- check ---------------------------------------------------------------------- */

static const char *answer_word(sc_answer_kind_t k)
{
	return k == SC_ANSWER_CODE ? "reply" : k == SC_ANSWER_STATE ? "state" : "host";
}

int quiz_validate(const trace_t *t, const scenario_t *sc, strbuf_t *errors)
{
	quiz_t *z = quiz_build(t, sc, QUIZ_MODE_ALL);
	const char *path = sc->path ? sc->path : sc->name;
	int bad = 0;
	for (size_t k = 0; k < sc->nnotes; k++) {
		const sc_note_t *o = &sc->notes[k];
		if (o->answer == SC_ANSWER_NONE)
			continue;
		if (z->note_match[k] == -1) {
			sb_printf(errors, "%s:%d:1: this run never reaches '%s'%s%s: the question is never asked there\n",
				  path, o->line, o->on, o->hop ? " at hop " : "", o->hop ? hop_label(o->hop) : "");
			bad++;
		} else if (z->note_evidence[k] < 0 && o->answer != SC_ANSWER_CHOICE && o->answer != SC_ANSWER_NUMBER) {
			sb_printf(errors, "%s:%d:%d: the run contradicts the answer: no %s %s%s%s%s\n", path, o->line,
				  o->answer_col, answer_word(o->answer), o->answer_text,
				  o->hop ? " at hop " : "", o->hop ? hop_label(o->hop) : "",
				  o->on || o->at_us >= 0 ? " from the question's moment on" : " in the whole run");
			bad++;
		}
	}
	for (size_t m = 0; m < sc->nmarks; m++)
		if (!z->mark_hits[m]) {
			const sc_quiz_mark_t *mk = &sc->marks[m];
			sb_printf(errors, "%s:%d:%d: quiz on '%s'%s%s: no prediction point of this run is about it\n",
				  path, mk->line, mk->col, mk->topic, mk->hop ? " hop " : "",
				  mk->hop ? hop_label(mk->hop) : "");
			bad++;
		}
	quiz_free(z);
	return bad;
}
