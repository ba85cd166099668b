/* run.c — one run of a scenario: shape the default world as the scenario
 * says, schedule what happens (sends, mail checks, faults, notes), run the
 * simulator until nothing is left to do, and check the expectations.
 *
 * A run is a pure function of (scenario, seed, faults with their times). It
 * never waits on real time: simulated minutes cost nothing. */
#include "run/run.h"
#include "run/run_int.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "run/observe.h"
#include "smtp/smtp_client.h"
#include "world/agent.h"
#include "world/mta.h"
#include "world/pop3_service.h"
#include "core/proto_limits.h"
#include "world/world.h"

/* Nothing in a lesson runs longer than the queue lifetime (5 days) plus a margin. */
#define RUN_HORIZON_US (6LL * 24 * 3600 * 1000000)
/* The bad-certificate fault: the name in the corporate host's certificate. */
#define RUN_IMPOSTER "imposter.example"
/* The maildrop-locked fault: another session holds the lock this long. */
#define RUN_FOREIGN_LOCK_US (15LL * 60 * 1000000)

typedef struct timed {
	struct run *r;
	size_t i;
} timed_t;

struct run {
	const scenario_t *sc;
	world_t *w;
	agents_t *ag;
	fault_t *faults;
	size_t nfaults;
	/* client-side faults in force */
	int bad_password, drop_before_quit, size_exceeded;
	int *note_fired;
	hop_t *note_hop;       /* the hop of the event that reached a note */
	timed_t *timed;        /* one per send, check, fault, note and rule edge */
	size_t ntimed;
	struct edge *edges;    /* link and host rules: down, then up */
	size_t nedges;
	strbuf_t report;
	int ended;
	long *send_rep;        /* per send: repetitions made so far (repeat N) */
	long sends_left;       /* messages the script has still to send */
};

/* ---- faults ---------------------------------------------------------- */

static void trace_fault(run_t *r, fault_kind_t k)
{
	const char *name = fault_name(k);
	trace_meta_t m = { .kind = EV_FAULT, .explain = NULL };
	/* The key must be static: the explain table holds it. */
	static const char *const keys[FAULT__COUNT] = {
		[FAULT_BAD_PASSWORD] = "fault:bad-password",
		[FAULT_UNKNOWN_RECIPIENT] = "fault:unknown-recipient",
		[FAULT_RELAY_DENIED] = "fault:relay-denied",
		[FAULT_MAILBOX_FULL] = "fault:mailbox-full",
		[FAULT_GREYLIST] = "fault:greylist",
		[FAULT_DNS_NXDOMAIN] = "fault:dns-nxdomain",
		[FAULT_NO_MX] = "fault:no-mx",
		[FAULT_CORP_DOWN] = "fault:corp-down",
		[FAULT_LINK_DROP] = "fault:link-drop",
		[FAULT_DROP_BEFORE_QUIT] = "fault:drop-before-quit",
		[FAULT_MAILDROP_LOCKED] = "fault:maildrop-locked",
		[FAULT_SIZE_EXCEEDED] = "fault:size-exceeded",
		[FAULT_SLOW_LINK] = "fault:slow-link",
		[FAULT_DNS_SERVFAIL] = "fault:dns-servfail",
		[FAULT_NO_STARTTLS] = "fault:no-starttls",
		[FAULT_STRIP_STARTTLS] = "fault:strip-starttls",
		[FAULT_BAD_CERTIFICATE] = "fault:bad-certificate",
		[FAULT_DROP_AFTER_DOT] = "fault:drop-after-dot",
	};
	m.explain = keys[k];
	trace_emit(r->w->trace, &m, "fault %s: %s", name, fault_summary(k));
}

static void unlock_foreign(void *arg)
{
	run_t *r = arg;
	mailbox_t *mb = mailstore_by_addr(r->w->corp_store, "boss@corp.example");
	if (mb && mailbox_locked(mb)) {
		mailbox_unlock(mb);
		trace_meta_t m = { .kind = EV_NOTE, .hop = HOP_5A, .explain = "fault:maildrop-locked",
				   .from = "mail.corp.example", .to = "mail.corp.example" };
		trace_emit(r->w->trace, &m, "the other POP3 session (boss's phone) logs out: "
			   "the maildrop lock is released");
	}
}

static void apply_fault(run_t *r, fault_kind_t k)
{
	world_t *w = r->w;
	mailbox_t *boss = mailstore_by_addr(w->corp_store, "boss@corp.example");
	trace_fault(r, k);
	switch (k) {
	case FAULT_BAD_PASSWORD: r->bad_password = 1; break;
	case FAULT_UNKNOWN_RECIPIENT: mailstore_remove(w->corp_store, "boss@corp.example"); break;
	case FAULT_RELAY_DENIED: mta_set_customer_prefix(w->isp_mta, NULL); break;
	case FAULT_MAILBOX_FULL:
		if (boss)
			mailbox_set_quota(boss, mailbox_octets(boss));
		break;
	case FAULT_GREYLIST: mta_set_greylist(w->corp_mta, 1); break;
	case FAULT_DNS_NXDOMAIN: dns_set_nxdomain(w->dns, "corp.example"); break;
	case FAULT_NO_MX: dns_remove_mx(w->dns, "corp.example"); break;
	case FAULT_CORP_DOWN: node_set_up(w->corp, 0); break;
	case FAULT_LINK_DROP: mta_set_drop_mid_data(w->isp_mta, 1); break;
	case FAULT_DROP_BEFORE_QUIT: r->drop_before_quit = 1; break;
	case FAULT_MAILDROP_LOCKED:
		if (boss && mailbox_lock(boss) == 0)
			sched_after(w->sched, RUN_FOREIGN_LOCK_US, unlock_foreign, r);
		break;
	case FAULT_SIZE_EXCEEDED: r->size_exceeded = 1; break;
	case FAULT_SLOW_LINK: net_set_link(w->net, w->isp, w->corp, LINK_SLOW); break;
	case FAULT_DNS_SERVFAIL: dns_set_servfail(w->dns, 1); break;
	case FAULT_NO_STARTTLS: mta_set_no_starttls(w->corp_mta, 1); break;
	case FAULT_STRIP_STARTTLS: mta_set_strip_starttls(w->corp_mta, 1); break;
	case FAULT_BAD_CERTIFICATE:
		mta_set_cert_name(w->corp_mta, RUN_IMPOSTER);
		pop3_service_set_cert_name(w->corp_pop3, RUN_IMPOSTER);
		break;
	case FAULT_DROP_AFTER_DOT: mta_set_drop_after_dot(w->corp_mta, 1); break;
	case FAULT__COUNT: break;
	}
}

/* ---- timed actions --------------------------------------------------- */

static timed_t *timed_new(run_t *r, size_t i)
{
	timed_t *t = &r->timed[r->ntimed++];
	t->r = r;
	t->i = i;
	return t;
}

static void do_fault(void *arg)
{
	timed_t *t = arg;
	apply_fault(t->r, t->r->faults[t->i].kind);
}

/* The addresses of a pattern send's repetition n ({n}, {d} expanded). */
static char **expand_list(const run_t *r, char *const *list, size_t n, long rep)
{
	char **out = xcalloc(n + 1, sizeof *out);
	for (size_t i = 0; i < n; i++) {
		strbuf_t b = STRBUF_INIT;
		scenario_expand(list[i], rep, r->sc->ndomains, &b);
		out[i] = sb_steal(&b);
	}
	return out;
}

static void free_list(char **list, size_t n)
{
	for (size_t i = 0; list && i < n; i++)
		free(list[i]);
	free(list);
}

static void do_send(void *arg)
{
	timed_t *t = arg;
	const sc_send_t *s = &t->r->sc->sends[t->i];
	long rep = ++t->r->send_rep[t->i];
	t->r->sends_left--;
	if (rep < s->repeat)   /* the next repetition, a separate message */
		sched_after(t->r->w->sched, s->every_us, do_send, t);
	char **to = NULL, **cc = NULL, **bcc = NULL;
	strbuf_t subject = STRBUF_INIT;
	if (s->pattern) {
		to = expand_list(t->r, s->to, s->nto, rep);
		cc = expand_list(t->r, s->cc, s->ncc, rep);
		bcc = expand_list(t->r, s->bcc, s->nbcc, rep);
		if (s->subject)
			scenario_expand(s->subject, rep, t->r->sc->ndomains, &subject);
	}
	agent_send_t spec = {
		.from = s->from ? s->from : "smith@isp.example",
		.to = (const char *const *)s->to, .nto = s->nto,
		.cc = (const char *const *)s->cc, .ncc = s->ncc,
		.bcc = (const char *const *)s->bcc, .nbcc = s->nbcc,
		.subject = s->subject, .body = s->body, .attach_octets = s->attach_octets,
		.port = s->port, .auth = s->auth, .raw = s->raw, .tls = s->tls, .pipelining = s->pipelining,
	};
	if (s->pattern) {
		spec.to = (const char *const *)to, spec.cc = (const char *const *)cc;
		spec.bcc = (const char *const *)bcc;
		spec.subject = s->subject ? sb_str(&subject) : NULL;
	}
	if (t->r->size_exceeded && spec.attach_octets < 12L * 1024 * 1024)
		spec.attach_octets = 12L * 1024 * 1024;   /* Smith attaches a 12 MB report */
	agents_send(t->r->ag, &spec);
	free_list(to, s->nto);
	free_list(cc, s->ncc);
	free_list(bcc, s->nbcc);
	sb_free(&subject);
}

static void do_check(void *arg)
{
	timed_t *t = arg;
	const sc_check_t *c = &t->r->sc->checks[t->i];
	agent_check_t spec = {
		.login = c->login, .password = c->password, .keep = c->keep, .uidl = c->uidl,
		.rset = c->rset, .drop_before_quit = c->drop_before_quit || t->r->drop_before_quit,
		.top_lines = c->top_lines, .tls = c->tls, .port = c->port,
	};
	if (t->r->bad_password && !spec.password)
		spec.password = "s3cret!";   /* one character off: the bad-password fault */
	agents_check(t->r->ag, &spec);
}

/* watch queue every TIME: the ISP's queue in numbers, while there is one. */
static void do_watch(void *arg)
{
	run_t *r = arg;
	world_t *w = r->w;
	size_t active, waiting, deferred;
	mta_queue_stats(w->isp_mta, &active, &waiting, &deferred);
	size_t n = mta_queue_count(w->isp_mta);
	trace_meta_t m = { .kind = EV_NOTE, .hop = HOP_3, .from = mta_hostname(w->isp_mta),
			   .explain = "queue:watch" };
	trace_emit(w->trace, &m, "queue length: %zu message%s (%zu being delivered, %zu waiting for a "
		   "connection, %zu waiting to retry)", n, n == 1 ? "" : "s", active, waiting, deferred);
	if (n > 0 || r->sends_left > 0)
		sched_after(w->sched, r->sc->watch_every_us, do_watch, r);
}

static void emit_note(run_t *r, const sc_note_t *n, hop_t hop)
{
	trace_meta_t m = { .kind = n->question ? EV_QUESTION : EV_TEACH, .hop = hop,
			   .explain = n->question ? "note:question" : "note:teach" };
	trace_emit_text(r->w->trace, &m, n->text, strlen(n->text));
}

static void do_note(void *arg)
{
	timed_t *t = arg;
	if (t->r->note_fired[t->i] != 1) {   /* 0: not yet, 2: scheduled by its topic */
		t->r->note_fired[t->i] = 1;
		emit_note(t->r, &t->r->sc->notes[t->i], t->r->note_hop[t->i]);
	}
}

/* Does a trace event's key match a note's topic ("RCPT", "smtp:354")? */
static int topic_matches(const char *key, const char *topic)
{
	if (!key || !key[0])
		return 0;
	if (str_ieq(key, topic))
		return 1;
	const char *last = strrchr(key, ':');
	return last && str_ieq(last + 1, topic);
}

static void on_event(void *ctx, const trace_event_t *ev)
{
	run_t *r = ctx;
	if (ev->kind == EV_TEACH || ev->kind == EV_QUESTION || r->ended)
		return;
	for (size_t i = 0; i < r->sc->nnotes; i++) {
		const sc_note_t *n = &r->sc->notes[i];
		if (r->note_fired[i] || !n->on || !topic_matches(ev->explain, n->on))
			continue;
		if (n->hop != HOP_NONE && n->hop != ev->hop)
			continue;
		/* Show it right after the event that reached it (never recursively). */
		r->note_fired[i] = 2;
		r->note_hop[i] = ev->hop;
		sched_after(r->w->sched, 0, do_note, timed_new(r, i));
	}
}

/* ---- scripted rules -------------------------------------------------- */

typedef struct edge {
	run_t *r;
	const sc_rule_t *rule;
	int down;
} edge_t;

static void do_edge(void *arg)
{
	edge_t *e = arg;
	world_t *w = e->r->w;
	if (e->rule->kind == SC_RULE_LINK_DOWN) {
		node_t *a = run_node_of_hop(w, e->rule->a_hop), *b = run_node_of_hop(w, e->rule->b_hop);
		if (a && b)
			net_set_link(w->net, a, b, e->down ? LINK_DOWN : LINK_UP);
	} else {
		node_t *n = net_find(w->net, e->rule->host);
		if (n)
			node_set_up(n, !e->down);
	}
}

static void schedule_edge(run_t *r, const sc_rule_t *rule, int64_t at, int down)
{
	edge_t *e = &r->edges[r->nedges++];
	e->r = r;
	e->rule = rule;
	e->down = down;
	sched_at(r->w->sched, at, do_edge, e);
}

static void apply_rule(run_t *r, const sc_rule_t *rule)
{
	world_t *w = r->w;
	switch (rule->kind) {
	case SC_RULE_REPLY: {
		/* README: hop 2 is the ISP host answering Smith's client; hop 3 and 4
		 * are the corporate host answering the ISP's relay. */
		mta_t *m = rule->hop == HOP_2 ? w->isp_mta : w->corp_mta;
		mta_add_reply_rule(m, rule->verb, rule->attempt, rule->code, rule->text);
		break;
	}
	case SC_RULE_LINK_DOWN:
	case SC_RULE_HOST_DOWN:
		schedule_edge(r, rule, rule->from_us, 1);
		if (rule->to_us >= 0)
			schedule_edge(r, rule, rule->to_us, 0);
		break;
	}
}

/* ---- the run --------------------------------------------------------- */

run_t *run_new(const scenario_t *sc, const run_opts_t *opts)
{
	run_t *r = xcalloc(1, sizeof *r);
	r->sc = sc;
	uint64_t seed = opts && opts->has_seed ? opts->seed : sc->has_seed ? sc->seed : 1;
	r->w = world_new_default(seed);
	r->ag = agents_new(r->w);
	size_t extra = opts ? opts->nfaults : 0;
	r->nfaults = sc->nfaults + extra;
	r->faults = xcalloc(r->nfaults + 1, sizeof *r->faults);
	if (sc->nfaults)
		memcpy(r->faults, sc->faults, sc->nfaults * sizeof *r->faults);
	if (extra)
		memcpy(r->faults + sc->nfaults, opts->faults, extra * sizeof *r->faults);
	r->note_fired = xcalloc(sc->nnotes + 1, sizeof *r->note_fired);
	r->note_hop = xcalloc(sc->nnotes + 1, sizeof *r->note_hop);
	for (size_t i = 0; i < sc->nnotes; i++) {
		r->note_hop[i] = sc->notes[i].hop;
		/* A graded question belongs to the quiz: the run never narrates it. */
		if (sc->notes[i].answer != SC_ANSWER_NONE)
			r->note_fired[i] = 1;
	}
	r->timed = xcalloc(sc->nsends + sc->nchecks + r->nfaults + 2 * sc->nnotes + 1, sizeof *r->timed);
	r->edges = xcalloc(2 * sc->nrules + 1, sizeof *r->edges);
	r->send_rep = xcalloc(sc->nsends + 1, sizeof *r->send_rep);

	world_t *w = r->w;
	/* TLS on the simulated path only where the scenario asks for it */
	for (size_t i = 0; i < sc->nsends; i++)
		w->tls_offer |= sc->sends[i].tls;
	for (size_t i = 0; i < sc->nchecks; i++)
		w->tls_offer |= sc->checks[i].tls;
	w->tls_offer |= sc->relay_tls != SMTP_TLS_NONE;
	mta_set_relay_tls(w->isp_mta, sc->relay_tls);
	run_shape_world(w, sc);
	for (size_t i = 0; i < sc->nrules; i++)
		apply_rule(r, &sc->rules[i]);

	trace_meta_t m = { .kind = EV_NOTE, .explain = "note:scenario" };
	trace_emit(w->trace, &m, "%s", sc->title ? sc->title : sc->name);
	if (sc->description)
		trace_emit(w->trace, &m, "%s", sc->description);

	/* Faults first, so that a fault and an action at the same moment take
	 * effect in that order. */
	for (size_t i = 0; i < r->nfaults; i++)
		sched_at(w->sched, r->faults[i].at_us, do_fault, timed_new(r, i));
	if (opts && opts->world_only)
		return r;
	for (size_t i = 0; i < sc->nsends; i++) {
		sched_at(w->sched, sc->sends[i].at_us, do_send, timed_new(r, i));
		r->sends_left += sc->sends[i].repeat;
	}
	if (sc->watch_every_us > 0)
		sched_at(w->sched, sc->watch_every_us, do_watch, r);
	for (size_t i = 0; i < sc->nchecks; i++)
		sched_at(w->sched, sc->checks[i].at_us, do_check, timed_new(r, i));
	for (size_t i = 0; i < sc->nnotes; i++)
		if (sc->notes[i].at_us >= 0 && !sc->notes[i].on)
			sched_at(w->sched, sc->notes[i].at_us, do_note, timed_new(r, i));
	trace_subscribe(w->trace, on_event, r);
	return r;
}

void run_free(run_t *r)
{
	if (!r)
		return;
	agents_free(r->ag);
	world_free(r->w);
	free(r->faults);
	free(r->note_fired);
	free(r->note_hop);
	free(r->timed);
	free(r->edges);
	free(r->send_rep);
	sb_free(&r->report);
	free(r);
}

const trace_t *run_trace(const run_t *r)
{
	return r->w->trace;
}

const scenario_t *run_scenario(const run_t *r)
{
	return r->sc;
}

world_t *run_world(run_t *r)
{
	return r->w;
}

const char *run_report(const run_t *r)
{
	return sb_str(&r->report);
}

/* ---- expectations ---------------------------------------------------- */

static mta_t *mta_at(world_t *w, int i)
{
	return i == 0 ? w->isp_mta : i == 1 ? w->corp_mta : i - 2 < w->nextra_mta ? w->extra_mta[i - 2] : NULL;
}

/* How many messages reached addr (bounces or not). */
static int deliveries(world_t *w, const char *addr, int bounce, const char *subject)
{
	int n = 0;
	mta_t *m;
	for (int i = 0; (m = mta_at(w, i)) != NULL; i++) {
		for (size_t k = 0; k < mta_delivery_count(m); k++) {
			const mta_delivery_t *d = mta_delivery(m, k);
			if ((!addr || str_ieq(d->addr, addr)) && d->is_bounce == bounce &&
			    (!subject || !strcmp(d->subject, subject)))
				n++;
		}
	}
	return n;
}

static int replies(const trace_t *t, int code, hop_t hop)
{
	int n = 0;
	char c[8];
	snprintf(c, sizeof c, "%d", code);
	for (size_t i = 0; i < trace_count(t); i++) {
		const trace_event_t *ev = trace_get(t, i);
		if (ev->kind == EV_REPLY && !strncmp(ev->text, c, 3) && (hop == HOP_NONE || ev->hop == hop))
			n++;
	}
	return n;
}

static size_t queued(world_t *w)
{
	size_t n = mta_queue_count(w->isp_mta) + mta_queue_count(w->corp_mta);
	for (int i = 0; i < w->nextra_mta; i++)
		n += mta_queue_count(w->extra_mta[i]);
	return n;
}

static const char *pop3_end(world_t *w)
{
	/* The corporate server's sessions are the story's; the ISP's otherwise. */
	const char *c = pop3_service_last_end(w->corp_pop3);
	return c[0] ? c : pop3_service_last_end(w->isp_pop3);
}

/* 1 when it holds; why says what was seen otherwise. */
static int expect_holds(run_t *r, const sc_expect_t *e, char *why, size_t size)
{
	world_t *w = r->w;
	int n;
	mailbox_t *mb;
	switch (e->kind) {
	case SC_EXPECT_DELIVERED:
		n = deliveries(w, e->addr, 0, e->subject);
		snprintf(why, size, "no message%s reached %s", e->subject ? " with that subject" : "", e->addr);
		return n > 0;
	case SC_EXPECT_NOT_DELIVERED:
		n = deliveries(w, e->addr, 0, NULL);
		snprintf(why, size, "%d message%s reached %s", n, n == 1 ? "" : "s", e->addr);
		return n == 0;
	case SC_EXPECT_BOUNCE:
		n = deliveries(w, e->addr, 1, NULL);
		snprintf(why, size, "no bounce reached %s", e->addr);
		return n > 0;
	case SC_EXPECT_NO_BOUNCE:
		n = deliveries(w, e->addr, 1, NULL);
		snprintf(why, size, "%d bounce%s reached %s", n, n == 1 ? "" : "s", e->addr ? e->addr : "anyone");
		return n == 0;
	case SC_EXPECT_MAILDROP:
		mb = world_mailbox(w, e->addr);
		n = mb ? (int)mailbox_count(mb) : -1;
		if (n < 0)
			snprintf(why, size, "%s has no mailbox", e->addr);
		else
			snprintf(why, size, "the maildrop holds %d message%s", n, n == 1 ? "" : "s");
		return n == e->n;
	case SC_EXPECT_POP3_ENDED:
		snprintf(why, size, "the last POP3 session ended in %s", pop3_end(w)[0] ? pop3_end(w) : "no session");
		return str_ieq(pop3_end(w), e->state);
	case SC_EXPECT_QUEUE:
		n = (int)queued(w);
		snprintf(why, size, "the queue holds %d message%s", n, n == 1 ? "" : "s");
		return n == e->n;
	case SC_EXPECT_REPLY:
	case SC_EXPECT_NO_REPLY:
		n = replies(w->trace, e->n, e->hop);
		snprintf(why, size, "reply %d was sent %d time%s", e->n, n, n == 1 ? "" : "s");
		return e->kind == SC_EXPECT_REPLY ? n > 0 : n == 0;
	case SC_EXPECT_SECRET_SEEN:
	case SC_EXPECT_NO_SECRET_SEEN: {
		observe_link_t l = { e->a_hop, e->b_hop };
		observe_secret_t first;
		n = (int)observe_secrets(w, w->trace, trace_count(w->trace), l, &first, 1);
		if (n)
			snprintf(why, size, "an observer on %s read %.120s", observe_link_name(l), first.text);
		else
			snprintf(why, size, "an observer on %s read no secret", observe_link_name(l));
		return e->kind == SC_EXPECT_SECRET_SEEN ? n > 0 : n == 0;
	}
	}
	return 0;
}

int run_to_end(run_t *r)
{
	world_t *w = r->w;
	/* Step to each next event, so the clock ends at the last one, not the horizon. */
	for (int64_t t; (t = sched_next_time(w->sched)) >= 0 && t <= RUN_HORIZON_US;) {
		sched_run(w->sched, t, 0);
		net_reap(w->net);   /* finished connections and their sessions */
	}
	r->ended = 1;
	/* Questions not tied to a moment are asked at the end. */
	for (size_t i = 0; i < r->sc->nnotes; i++)
		if (!r->note_fired[i] && r->sc->notes[i].question)
			emit_note(r, &r->sc->notes[i], r->note_hop[i]);
	int failed = 0;
	sb_clear(&r->report);
	for (size_t i = 0; i < r->sc->nexpects; i++) {
		const sc_expect_t *e = &r->sc->expects[i];
		char why[200];
		int ok = expect_holds(r, e, why, sizeof why);
		failed += !ok;
		const char *src = e->source ? e->source : "expectation";
		trace_meta_t m = { .kind = EV_EXPECT, .explain = ok ? "note:expect-held" : "note:expect-failed" };
		if (ok) {
			trace_emit(w->trace, &m, "held: %s", src);
			sb_printf(&r->report, "held: %s\n", src);
		} else {
			trace_emit(w->trace, &m, "FAILED: %s (%s)", src, why);
			sb_printf(&r->report, "%s:%d: FAILED: %s (%s)\n", r->sc->path ? r->sc->path : r->sc->name,
				  e->line, src, why);
		}
	}
	return failed;
}
