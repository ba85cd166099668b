/* scenario_events.c — the directives that say what happens, and what must
 * have happened: send (and its body lines), check, fault, note, question and
 * expect. Each reads its line with scenario_options() and appends to the
 * scenario only when the whole line is right. */
#include "run/scenario_parse.h"

#include <stdio.h>
#include <stdlib.h>

#include "teach/explain.h"
#include "core/proto_limits.h"
#include "core/util.h"

#define CHECK_AT_DEFAULT (10LL * 60 * 1000000)   /* boss checks his mail after 10 minutes */
#define REPLY_TEXT_MAX 400                        /* fits a 512-octet reply line (RFC 5321 4.5.3.1.5) */

/* ---- send, body --------------------------------------------------------- */

enum { SEND_AT, SEND_FROM, SEND_TO, SEND_CC, SEND_BCC, SEND_SUBJECT, SEND_ATTACH, SEND_PORT,
       SEND_AUTH, SEND_RAW, SEND_TLS, SEND_PIPELINING, SEND_REPEAT, SEND_EVERY, SEND__N };
static const scn_opt_t send_opts[SEND__N] = {
	[SEND_AT] = { .name = "at", .arg = SCN_ARG_TIME },
	[SEND_FROM] = { .name = "from", .arg = SCN_ARG_ADDR },
	[SEND_TO] = { .name = "to", .arg = SCN_ARG_ADDRS },
	[SEND_CC] = { .name = "cc", .arg = SCN_ARG_ADDRS },
	[SEND_BCC] = { .name = "bcc", .arg = SCN_ARG_ADDRS },
	[SEND_SUBJECT] = { .name = "subject", .arg = SCN_ARG_TEXT },
	[SEND_ATTACH] = { .name = "attach", .arg = SCN_ARG_SIZE, .max = SCN_ATTACH_MAX },
	[SEND_PORT] = { .name = "port", .arg = SCN_ARG_INT, .min = 1, .max = 65535 },
	[SEND_AUTH] = { .name = "auth", .arg = SCN_ARG_FLAG },
	[SEND_RAW] = { .name = "raw", .arg = SCN_ARG_FLAG },
	[SEND_TLS] = { .name = "tls", .arg = SCN_ARG_FLAG },
	[SEND_PIPELINING] = { .name = "pipelining", .arg = SCN_ARG_FLAG },
	[SEND_REPEAT] = { .name = "repeat", .arg = SCN_ARG_INT, .min = 1, .max = SCN_GENERATED_MAX },
	[SEND_EVERY] = { .name = "every", .arg = SCN_ARG_TIME },
};

static int send_check(scn_parser_t *p, const scn_tok_t *kw, const scn_val_t *v)
{
	size_t rcpts = v[SEND_TO].nlist + v[SEND_CC].nlist + v[SEND_BCC].nlist;
	if (v[SEND_PORT].col && v[SEND_PORT].num == 465 && !v[SEND_TLS].col)
		return scenario_error(p, v[SEND_PORT].vcol,
				      "port 465 is submission over TLS: add 'tls'");
	if (v[SEND_PORT].col && v[SEND_PORT].num != 25 && v[SEND_PORT].num != 587 &&
	    v[SEND_PORT].num != 465)
		return scenario_error(p, v[SEND_PORT].vcol,
				      "port must be 587 (submission) or 25 (SMTP)%s",
				      v[SEND_TLS].col ? ", or 465 (submission over TLS)" : "");
	if (rcpts == 0)
		return scenario_error(p, kw->col, "a send needs a recipient: add 'to ADDRESS'");
	if (rcpts > SCN_ITEMS_MAX)
		return scenario_error(p, kw->col, "too many recipients (%zu; at most %d)", rcpts,
				      SCN_ITEMS_MAX);
	return scenario_room(p, p->sc->nsends, "sends", kw->col);
}

int scenario_dir_send(scn_parser_t *p, const scn_tok_t *kw)
{
	scn_val_t v[SEND__N];
	size_t n;
	int64_t at;
	int rc = -1;
	p->patterns = 1;
	int bad = scenario_options(p, "send", send_opts, SEND__N, v, NULL, 0, &n) < 0;
	p->patterns = 0;
	if (bad || scenario_when(p, &v[SEND_AT], 0, &at) < 0 || send_check(p, kw, v) < 0)
		goto out;
	sc_send_t *s = SCN_PUSH(p->sc->sends, p->sc->nsends);
	s->at_us = at;
	s->from = xstrdup(v[SEND_FROM].col ? v[SEND_FROM].str : "smith@isp.example");
	s->to = v[SEND_TO].list, s->nto = v[SEND_TO].nlist;
	s->cc = v[SEND_CC].list, s->ncc = v[SEND_CC].nlist;
	s->bcc = v[SEND_BCC].list, s->nbcc = v[SEND_BCC].nlist;
	v[SEND_TO].list = v[SEND_CC].list = v[SEND_BCC].list = NULL;
	v[SEND_TO].nlist = v[SEND_CC].nlist = v[SEND_BCC].nlist = 0;
	s->subject = v[SEND_SUBJECT].col ? xstrdup(v[SEND_SUBJECT].str) : NULL;
	s->attach_octets = v[SEND_ATTACH].col ? (long)v[SEND_ATTACH].num : 0;
	s->tls = v[SEND_TLS].col != 0;
	/* DESIGN.md: 25 unless the scenario says 587; with tls, 587 as a modern client */
	s->port = v[SEND_PORT].col ? (int)v[SEND_PORT].num : s->tls ? 587 : 25;
	s->auth = v[SEND_AUTH].col != 0;
	s->raw = v[SEND_RAW].col != 0;
	s->pipelining = v[SEND_PIPELINING].col != 0;
	s->line = p->line;
	if (scenario_send_volume(p, s, &v[SEND_REPEAT], &v[SEND_EVERY], kw->col) < 0) {
		p->sc->nsends--;   /* the line is wrong: no send (its strings are freed here) */
		free(s->from);
		for (size_t i = 0; i < s->nto; i++)
			free(s->to[i]);
		for (size_t i = 0; i < s->ncc; i++)
			free(s->cc[i]);
		for (size_t i = 0; i < s->nbcc; i++)
			free(s->bcc[i]);
		free(s->to);
		free(s->cc);
		free(s->bcc);
		free(s->subject);
		goto out;
	}
	rc = 0;
out:
	scenario_vals_free(v, SEND__N);
	return rc;
}

int scenario_dir_body(scn_parser_t *p, const scn_tok_t *kw)
{
	if (p->sc->nsends == 0)
		return scenario_error(p, kw->col,
				      "body before any send: a body line belongs to the send above it");
	const scn_tok_t *t = scenario_only_arg(p, "body", "the line's text");
	if (!t)
		return -1;
	sc_send_t *s = &p->sc->sends[p->sc->nsends - 1];
	size_t old = s->body ? strlen(s->body) : 0, add = strlen(t->s);
	if (old + add + 2 > (size_t)SCN_BODY_MAX)
		return scenario_error(p, kw->col, "the body is too long (at most %ld octets)",
				      SCN_BODY_MAX);
	s->body = xrealloc(s->body, old + add + 3);
	if (old) {              /* the lines' separator; \n and \r inside a line stay bare */
		s->body[old++] = '\r';
		s->body[old++] = '\n';
	}
	memcpy(s->body + old, t->s, add + 1);
	return 0;
}

/* ---- check -------------------------------------------------------------- */

enum { CHECK_AT, CHECK_PASSWORD, CHECK_KEEP, CHECK_UIDL, CHECK_TOP, CHECK_RSET, CHECK_DROP,
       CHECK_TLS, CHECK_PORT, CHECK__N };
static const scn_opt_t check_opts[CHECK__N] = {
	[CHECK_AT] = { .name = "at", .arg = SCN_ARG_TIME },
	[CHECK_PASSWORD] = { .name = "password", .arg = SCN_ARG_TEXT },
	[CHECK_KEEP] = { .name = "keep", .arg = SCN_ARG_FLAG },
	[CHECK_UIDL] = { .name = "uidl", .arg = SCN_ARG_FLAG },
	[CHECK_TOP] = { .name = "top", .arg = SCN_ARG_INT, .min = 0, .max = 100000 },
	[CHECK_RSET] = { .name = "rset", .arg = SCN_ARG_FLAG },
	[CHECK_DROP] = { .name = "drop-before-quit", .arg = SCN_ARG_FLAG },
	[CHECK_TLS] = { .name = "tls", .arg = SCN_ARG_FLAG },
	[CHECK_PORT] = { .name = "port", .arg = SCN_ARG_INT, .min = 1, .max = 65535 },
};

int scenario_dir_check(scn_parser_t *p, const scn_tok_t *kw)
{
	scn_val_t v[CHECK__N];
	const scn_tok_t *pos[1];
	size_t n;
	int64_t at;
	if (scenario_options(p, "check", check_opts, CHECK__N, v, pos, 1, &n) < 0 ||
	    scenario_when(p, &v[CHECK_AT], CHECK_AT_DEFAULT, &at) < 0 ||
	    (n == 1 && scenario_val_login(p, pos[0]) < 0) ||
	    scenario_room(p, p->sc->nchecks, "checks", kw->col) < 0)
		return -1;
	if (v[CHECK_PORT].col && v[CHECK_PORT].num != 110 && v[CHECK_PORT].num != 995)
		return scenario_error(p, v[CHECK_PORT].vcol, "port must be 110 (POP3) or 995 (POP3 over TLS)");
	if (v[CHECK_PORT].col && v[CHECK_PORT].num == 995 && !v[CHECK_TLS].col)
		return scenario_error(p, v[CHECK_PORT].vcol, "port 995 is POP3 over TLS: add 'tls'");
	sc_check_t *c = SCN_PUSH(p->sc->checks, p->sc->nchecks);
	c->at_us = at;
	c->login = xstrdup(n == 1 ? pos[0]->s : "boss");
	c->password = v[CHECK_PASSWORD].col ? xstrdup(v[CHECK_PASSWORD].str) : NULL;
	c->keep = v[CHECK_KEEP].col != 0;
	c->uidl = v[CHECK_UIDL].col != 0;
	c->rset = v[CHECK_RSET].col != 0;
	c->drop_before_quit = v[CHECK_DROP].col != 0;
	c->top_lines = v[CHECK_TOP].col ? (int)v[CHECK_TOP].num : -1;
	c->tls = v[CHECK_TLS].col != 0;
	c->port = v[CHECK_PORT].col ? (int)v[CHECK_PORT].num : 0;
	c->line = p->line;
	return 0;
}

/* ---- fault -------------------------------------------------------------- */

static const scn_opt_t fault_opts[] = {
	{ .name = "at", .arg = SCN_ARG_TIME },
};

static int fault_named(scn_parser_t *p, const scn_tok_t *kw)
{
	scn_val_t v[1];
	const scn_tok_t *pos[1];
	size_t n;
	int64_t at;
	if (scenario_options(p, "fault", fault_opts, 1, v, pos, 1, &n) < 0)
		return -1;
	if (n == 0)
		return scenario_missing(p, "a fault name", "fault");
	int k = pos[0]->quoted ? -1 : fault_lookup(pos[0]->s);
	if (k < 0) {
		const char *hint = fault_suggest(pos[0]->s);
		if (hint)
			return scenario_error(p, pos[0]->col, "unknown fault '%s' — did you mean '%s'?",
					      scenario_show(pos[0]->s).s, hint);
		return scenario_error(p, pos[0]->col, "unknown fault '%s' (the faults are listed in "
				      "scenarios/README.md)", scenario_show(pos[0]->s).s);
	}
	if (scenario_when(p, &v[0], 0, &at) < 0 ||
	    scenario_room(p, p->sc->nfaults, "faults", kw->col) < 0)
		return -1;
	fault_t *f = SCN_PUSH(p->sc->faults, p->sc->nfaults);
	f->kind = (fault_kind_t)k;
	f->at_us = at;
	return 0;
}

/* The commands a reply rule can answer; "." is the end of data. */
static const char *const smtp_verbs[] = {
	"HELO", "EHLO", "MAIL", "RCPT", "DATA", "RSET", "NOOP", "VRFY", "EXPN", "HELP", "QUIT",
	"AUTH", "STARTTLS", ".",
};
#define NVERBS (sizeof smtp_verbs / sizeof smtp_verbs[0])

static int reply_verb(scn_parser_t *p, const scn_tok_t *t, const char **verb)
{
	for (size_t i = 0; i < NVERBS; i++) {
		if (str_ieq(t->s, smtp_verbs[i])) {
			*verb = smtp_verbs[i];
			return 0;
		}
	}
	const char *hint = fault_closest(t->s, smtp_verbs, NVERBS, 2);
	if (hint)
		return scenario_error(p, t->col, "unknown SMTP command '%s' — did you mean '%s'?",
				      scenario_show(t->s).s, hint);
	return scenario_error(p, t->col, "'%s': expected an SMTP command such as MAIL, RCPT, DATA "
			      "or . (the end of data)", scenario_show(t->s).s);
}

/* SMTP replies travel at two hops of the trace (README): 2, the ISP host
 * answering Smith's client, and 3, the corporate host answering the relay. */
static int server_hop(scn_parser_t *p, const scn_val_t *v)
{
	if (v->hop == HOP_2 || v->hop == HOP_3)
		return 0;
	return scenario_error(p, v->vcol, "no SMTP server answers at hop %s: replies come at hop 2 "
			      "(the ISP host answering Smith's client) or hop 3 (the corporate host "
			      "answering the ISP)", scenario_show(v->str).s);
}

static const char *default_reply_text(int code)
{
	switch (code / 100) {
	case 2: return "2.0.0 OK";
	case 3: return "Go ahead";
	case 4: return "4.0.0 Temporary failure, try again later";
	default: return "5.0.0 Refused";
	}
}

enum { REPLY_HOP, REPLY_ATTEMPT, REPLY__N };
static const scn_opt_t reply_opts[REPLY__N] = {
	[REPLY_HOP] = { .name = "hop", .arg = SCN_ARG_HOP },
	[REPLY_ATTEMPT] = { .name = "attempt", .arg = SCN_ARG_INT, .min = 0, .max = 100 },
};

static int fault_reply(scn_parser_t *p, const scn_tok_t *kw)
{
	scn_val_t v[REPLY__N];
	const scn_tok_t *pos[3];
	size_t n;
	const char *verb = NULL;
	int code = 0;
	if (scenario_options(p, "fault reply", reply_opts, REPLY__N, v, pos, 3, &n) < 0)
		return -1;
	if (!v[REPLY_HOP].col)
		return scenario_missing(p, "'hop 2' or 'hop 3' (where the reply is sent)", "fault reply");
	if (n < 2)
		return scenario_missing(p, n == 0 ? "an SMTP command" : "a reply code", "fault reply");
	if (server_hop(p, &v[REPLY_HOP]) < 0 || reply_verb(p, pos[0], &verb) < 0 ||
	    scenario_val_code(p, pos[1], &code) < 0)
		return -1;
	if (n == 3 && strlen(pos[2]->s) > REPLY_TEXT_MAX)
		return scenario_error(p, pos[2]->col, "the reply text is too long (at most %d octets)",
				      REPLY_TEXT_MAX);
	if (scenario_room(p, p->sc->nrules, "fault rules", kw->col) < 0)
		return -1;
	sc_rule_t *r = SCN_PUSH(p->sc->rules, p->sc->nrules);
	r->kind = SC_RULE_REPLY;
	r->hop = v[REPLY_HOP].hop;
	r->verb = xstrdup(verb);
	r->attempt = v[REPLY_ATTEMPT].col ? (int)v[REPLY_ATTEMPT].num : 0;
	r->code = code;
	r->text = xstrdup(n == 3 ? pos[2]->s : default_reply_text(code));
	r->to_us = -1;
	r->line = p->line;
	return 0;
}

enum { DOWN_FROM, DOWN_TO, DOWN__N };
static const scn_opt_t down_opts[DOWN__N] = {
	[DOWN_FROM] = { .name = "from", .arg = SCN_ARG_TIME },
	[DOWN_TO] = { .name = "to", .arg = SCN_ARG_TIME },
};

/* fault link LINK down [from T] [to T] | fault host NAME down [from T] [to T] */
static int fault_down(scn_parser_t *p, const scn_tok_t *kw, int is_link)
{
	const char *what = is_link ? "fault link" : "fault host";
	scn_val_t v[DOWN__N];
	const scn_tok_t *pos[2];
	size_t n;
	hop_t a = HOP_NONE, b = HOP_NONE;
	if (scenario_options(p, what, down_opts, DOWN__N, v, pos, 2, &n) < 0)
		return -1;
	if (n == 0)
		return scenario_missing(p, is_link ? "a link" : "a host name", what);
	if (is_link ? scenario_val_link(p, pos[0], &a, &b) < 0 : scenario_val_domain(p, pos[0]) < 0)
		return -1;
	if (n < 2)
		return scenario_missing(p, "'down'", what);
	if (!scenario_is_word(pos[1], "down"))
		return scenario_error(p, pos[1]->col, "'%s': expected 'down' (usage: %s down "
				      "[from TIME] [to TIME])", scenario_show(pos[1]->s).s, what);
	if (v[DOWN_TO].col && v[DOWN_TO].num <= v[DOWN_FROM].num)
		return scenario_error(p, v[DOWN_TO].vcol, "'to %s' must be later than 'from'",
				      scenario_show(v[DOWN_TO].str).s);
	if (scenario_room(p, p->sc->nrules, "fault rules", kw->col) < 0)
		return -1;
	sc_rule_t *r = SCN_PUSH(p->sc->rules, p->sc->nrules);
	r->kind = is_link ? SC_RULE_LINK_DOWN : SC_RULE_HOST_DOWN;
	r->a_hop = a;
	r->b_hop = b;
	r->host = is_link ? NULL : xstrdup(pos[0]->s);
	r->from_us = v[DOWN_FROM].col ? v[DOWN_FROM].num : 0;
	r->to_us = v[DOWN_TO].col ? v[DOWN_TO].num : -1;
	r->line = p->line;
	return 0;
}

int scenario_dir_fault(scn_parser_t *p, const scn_tok_t *kw)
{
	const scn_tok_t *t = scenario_peek(p);
	int reply = scenario_is_word(t, "reply");
	int link = scenario_is_word(t, "link");
	if (!reply && !link && !scenario_is_word(t, "host"))
		return fault_named(p, kw);
	if (p->at_col)
		return scenario_error(p, p->at_col, "'at' does not apply to 'fault %s'%s", t->s,
				      reply ? "" : ": use 'from TIME'");
	p->pos++;
	return reply ? fault_reply(p, kw) : fault_down(p, kw, link);
}

/* ---- note, question ------------------------------------------------------ */

enum { NOTE_AT, NOTE_ON, NOTE_HOP, NOTE__N };
static const scn_opt_t note_opts[NOTE__N] = {
	[NOTE_AT] = { .name = "at", .arg = SCN_ARG_TIME },
	[NOTE_ON] = { .name = "on", .arg = SCN_ARG_TEXT },
	[NOTE_HOP] = { .name = "hop", .arg = SCN_ARG_HOP },
};

/* A topic is anything `mailpath explain` knows: "RCPT", "smtp:354", "UPDATE". */
int scenario_topic_check(scn_parser_t *p, const scn_val_t *v)
{
	if (explain_search(v->str, NULL, 0) > 0)
		return 0;
	size_t n = explain_count(), k = 0;
	const char **names = xmalloc(2 * n * sizeof *names);
	for (size_t i = 0; i < n; i++) {
		const char *key = explain_at(i)->key, *last = strrchr(key, ':');
		names[k++] = key;
		if (last)
			names[k++] = last + 1;
	}
	const char *hint = fault_closest(v->str, names, k, scenario_near(v->str));
	int rc = hint ? scenario_error(p, v->vcol, "unknown topic '%s' — did you mean '%s'?",
				       scenario_show(v->str).s, hint)
		      : scenario_error(p, v->vcol, "unknown topic '%s' (a topic is anything "
				       "`mailpath explain` knows: RCPT, 354, UPDATE...)",
				       scenario_show(v->str).s);
	free(names);
	return rc;
}

int scenario_dir_note(scn_parser_t *p, const scn_tok_t *kw)
{
	int question = scenario_is_word(kw, "question");
	const char *what = question ? "question" : "note";
	scn_val_t v[NOTE__N];
	const scn_tok_t *pos[1];
	size_t n;
	int64_t at;
	size_t answer = scenario_quiz_split(p);   /* "answer ..." ends the options */
	if (scenario_options(p, what, note_opts, NOTE__N, v, pos, 1, &n) < 0)
		return -1;
	if (n == 0)
		return scenario_missing(p, "the text", what);
	if (v[NOTE_ON].col && (p->at_col || v[NOTE_AT].col))
		return scenario_error(p, v[NOTE_ON].col, "a %s comes 'at' a time or 'on' a topic, "
				      "not both", what);
	if (v[NOTE_HOP].col && !v[NOTE_ON].col)
		return scenario_error(p, v[NOTE_HOP].col, "'hop' goes with 'on TOPIC'");
	if (!*pos[0]->s)
		return scenario_error(p, pos[0]->col, "empty %s", what);
	if ((v[NOTE_ON].col && scenario_topic_check(p, &v[NOTE_ON]) < 0) ||
	    scenario_when(p, &v[NOTE_AT], v[NOTE_ON].col || question ? -1 : 0, &at) < 0 ||
	    scenario_room(p, p->sc->nnotes, "notes and questions", kw->col) < 0)
		return -1;
	sc_note_t *o = SCN_PUSH(p->sc->notes, p->sc->nnotes);
	o->at_us = at;
	o->on = v[NOTE_ON].col ? xstrdup(v[NOTE_ON].str) : NULL;
	o->hop = v[NOTE_HOP].col ? v[NOTE_HOP].hop : HOP_NONE;
	o->text = xstrdup(pos[0]->s);
	o->question = question;
	o->line = p->line;
	return answer ? scenario_quiz_answer(p, answer, o) : 0;
}

/* ---- expect ------------------------------------------------------------- */

typedef enum expect_arg { EA_ADDR, EA_ADDR_N, EA_STATE, EA_N, EA_CODE, EA_LINK } expect_arg_t;

static const struct expect_form {
	const char *name;
	sc_expect_kind_t kind;
	expect_arg_t arg;
	const char *usage;
} expect_forms[] = {
	{ "delivered", SC_EXPECT_DELIVERED, EA_ADDR, "expect delivered ADDRESS [subject \"TEXT\"]" },
	{ "not-delivered", SC_EXPECT_NOT_DELIVERED, EA_ADDR, "expect not-delivered ADDRESS" },
	{ "bounce", SC_EXPECT_BOUNCE, EA_ADDR, "expect bounce ADDRESS" },
	{ "no-bounce", SC_EXPECT_NO_BOUNCE, EA_ADDR, "expect no-bounce ADDRESS" },
	{ "maildrop", SC_EXPECT_MAILDROP, EA_ADDR_N, "expect maildrop ADDRESS COUNT" },
	{ "pop3", SC_EXPECT_POP3_ENDED, EA_STATE, "expect pop3 AUTHORIZATION|TRANSACTION|UPDATE" },
	{ "queue", SC_EXPECT_QUEUE, EA_N, "expect queue COUNT" },
	{ "reply", SC_EXPECT_REPLY, EA_CODE, "expect reply CODE [hop 2|3]" },
	{ "no-reply", SC_EXPECT_NO_REPLY, EA_CODE, "expect no-reply CODE [hop 2|3]" },
	{ "secret-seen", SC_EXPECT_SECRET_SEEN, EA_LINK, "expect secret-seen 2-3|3-4|4-5|3-dns" },
	{ "no-secret-seen", SC_EXPECT_NO_SECRET_SEEN, EA_LINK, "expect no-secret-seen 2-3|3-4|4-5|3-dns" },
};
#define NEXPECT (sizeof expect_forms / sizeof expect_forms[0])

static const struct expect_form *expect_form(scn_parser_t *p, const scn_tok_t *t)
{
	const char *names[NEXPECT];
	for (size_t i = 0; i < NEXPECT; i++) {
		names[i] = expect_forms[i].name;
		if (scenario_is_word(t, names[i]))
			return &expect_forms[i];
	}
	const char *hint = fault_closest(t->s, names, NEXPECT, scenario_near(t->s));
	if (hint)
		scenario_error(p, t->col, "unknown expectation '%s' — did you mean '%s'?",
			       scenario_show(t->s).s, hint);
	else
		scenario_error(p, t->col, "unknown expectation '%s' (delivered, not-delivered, bounce, "
			       "no-bounce, maildrop, pop3, queue, reply, no-reply, secret-seen or "
			       "no-secret-seen)",
			       scenario_show(t->s).s);
	return NULL;
}

static int pop3_state(scn_parser_t *p, const scn_tok_t *t, sc_expect_t *e)
{
	static const char *const states[] = { "AUTHORIZATION", "TRANSACTION", "UPDATE" };
	for (size_t i = 0; i < 3; i++) {
		if (str_ieq(t->s, states[i])) {
			e->state = xstrdup(states[i]);
			return 0;
		}
	}
	return scenario_error(p, t->col, "'%s': expected a POP3 state: AUTHORIZATION, "
			      "TRANSACTION or UPDATE", scenario_show(t->s).s);
}

/* The argument(s) after the kind: pos[1] (and pos[2] for maildrop). */
static int expect_args(scn_parser_t *p, const struct expect_form *f, const scn_tok_t **pos,
		       size_t n, sc_expect_t *e)
{
	static const char *const nouns[] = {
		[EA_ADDR] = "an address", [EA_ADDR_N] = "an address", [EA_STATE] = "a POP3 state",
		[EA_N] = "a count", [EA_CODE] = "a reply code", [EA_LINK] = "a link",
	};
	size_t want = f->arg == EA_ADDR_N ? 3 : 2;
	long count = 0;
	if (n < want)
		return scenario_error(p, scenario_end_col(p), "missing %s (usage: %s)",
				      n < 2 ? nouns[f->arg] : "a count", f->usage);
	if (n > want)
		return scenario_error(p, pos[want]->col, "unexpected '%s' (usage: %s)",
				      scenario_show(pos[want]->s).s, f->usage);
	switch (f->arg) {
	case EA_ADDR:
	case EA_ADDR_N:
		if (scenario_val_addr(p, pos[1]->s, pos[1]->col) < 0 ||
		    (f->arg == EA_ADDR_N && scenario_val_int(p, pos[2], 0, 100000, &count) < 0))
			return -1;
		e->addr = xstrdup(pos[1]->s);
		e->n = (int)count;
		return 0;
	case EA_STATE:
		return pop3_state(p, pos[1], e);
	case EA_N:
		if (scenario_val_int(p, pos[1], 0, 100000, &count) < 0)
			return -1;
		e->n = (int)count;
		return 0;
	case EA_LINK:
		return scenario_val_link(p, pos[1], &e->a_hop, &e->b_hop);
	default:
		return scenario_val_code(p, pos[1], &e->n);
	}
}

enum { EXPECT_SUBJECT, EXPECT_HOP, EXPECT__N };
static const scn_opt_t expect_opts[EXPECT__N] = {
	[EXPECT_SUBJECT] = { .name = "subject", .arg = SCN_ARG_TEXT },
	[EXPECT_HOP] = { .name = "hop", .arg = SCN_ARG_HOP },
};

int scenario_dir_expect(scn_parser_t *p, const scn_tok_t *kw)
{
	scn_val_t v[EXPECT__N];
	const scn_tok_t *pos[4];
	size_t n;
	sc_expect_t e = { .line = p->line, .col = kw->col, .hop = HOP_NONE };
	if (scenario_options(p, "expect", expect_opts, EXPECT__N, v, pos, 4, &n) < 0)
		return -1;
	if (n == 0)
		return scenario_missing(p, "what to expect", "expect");
	const struct expect_form *f = expect_form(p, pos[0]);
	if (!f)
		return -1;
	e.kind = f->kind;
	if (v[EXPECT_SUBJECT].col && f->kind != SC_EXPECT_DELIVERED)
		return scenario_error(p, v[EXPECT_SUBJECT].col, "'subject' goes only with "
				      "'expect delivered'");
	if (v[EXPECT_HOP].col && f->arg != EA_CODE)
		return scenario_error(p, v[EXPECT_HOP].col, "'hop' goes only with 'expect reply' "
				      "and 'expect no-reply'");
	if ((v[EXPECT_HOP].col && server_hop(p, &v[EXPECT_HOP]) < 0) ||
	    scenario_room(p, p->sc->nexpects, "expectations", kw->col) < 0 ||
	    expect_args(p, f, pos, n, &e) < 0) {
		free(e.addr);
		free(e.state);
		return -1;
	}
	e.subject = v[EXPECT_SUBJECT].col ? xstrdup(v[EXPECT_SUBJECT].str) : NULL;
	e.hop = v[EXPECT_HOP].col ? v[EXPECT_HOP].hop : HOP_NONE;
	e.source = xstrndup(p->text + kw->off, p->tok[p->ntok - 1].end - kw->off);
	*SCN_PUSH(p->sc->expects, p->sc->nexpects) = e;
	return 0;
}

/* ---- relay-tls ---------------------------------------------------------- */

/* relay-tls none|may|encrypt: the ISP's relay client, as Postfix's
 * smtp_tls_security_level (RFC 3207 opportunistic versus required). */
int scenario_dir_relay_tls(scn_parser_t *p, const scn_tok_t *kw)
{
	static const char *const levels[] = { "none", "may", "encrypt" };
	(void)kw;
	const scn_tok_t *t = scenario_only_arg(p, "relay-tls", "none, may or encrypt");
	if (!t)
		return -1;
	for (int i = 0; i < 3; i++) {
		if (scenario_is_word(t, levels[i])) {
			p->sc->relay_tls = i;
			return 0;
		}
	}
	const char *hint = fault_closest(t->s, levels, 3, scenario_near(t->s));
	if (hint)
		return scenario_error(p, t->col, "unknown TLS level '%s' — did you mean '%s'?",
				      scenario_show(t->s).s, hint);
	return scenario_error(p, t->col, "'%s': expected none, may or encrypt",
			      scenario_show(t->s).s);
}
