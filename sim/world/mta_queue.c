/* mta_queue.c — store and forward: the queue of an MTA, its relay client and
 * its bounces.
 *
 *   queued --attempt--> lookup MX --connect--> SMTP client --> sent     (removed)
 *                          |            |            |------> 5xx      (bounced, removed)
 *                          |            |            `------> 4xx/lost (deferred)
 *                          |            `-- no MX host answers ------> (deferred)
 *                          |-- NXDOMAIN / no data -----------------> (bounced)
 *                          `-- timeout / SERVFAIL -----------------> (deferred)
 *   deferred --backoff (5 min, doubling, at most 4000 s)--> attempt
 *   deferred past the queue lifetime --> expired (bounced, removed)
 *
 * RFC 5321 4.5.4.1 (retry strategy), 5.1 (MX order, implicit MX, never relay
 * to an MX no better than oneself), 6.1 (reliable delivery: a 250 is a
 * promise), 6.2/RFC 3464 (bounces; never bounce a bounce). Queue events are
 * traced in Postfix's log style, which a mail engineer reads at a glance. */
#include "world/mta_int.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "core/dns.h"
#include "core/tls_record.h"
#include "smtp/smtp_client.h"
#include "world/tls_sim.h"

typedef struct attempt {
	mta_t *m;
	queue_entry_t *e;
	dns_mx_result_t mx;
	int mx_i;
	int opened;
	int finished;
	int dropped;
	conn_t *conn;
	smtp_client_t *cl;
	strbuf_t out;
	const char **rcpt;        /* pending recipients of this attempt */
	size_t *idx;              /* their index in e->rcpt */
	size_t n;
	char remote[300];         /* "mail.corp.example[192.0.2.25]" */
	char remote_host[256];    /* "mail.corp.example": the name TLS asks for */
	char last_error[400];
	size_t slot;              /* index in m->attempts */
	int conns;                /* its connections not yet released */
} attempt_t;

static void attempt_start(void *arg);
static void attempt_free(attempt_t *a);

/* What the relay client believes (world view). */
static void attempt_belief(const void *obj, char *buf, size_t size)
{
	const attempt_t *a = obj;
	if (a->cl)
		smtp_client_belief(a->cl, buf, size);
	else if (a->finished)
		snprintf(buf, size, "could not connect: the message stays queued");
	else
		snprintf(buf, size, "connecting to %s", a->remote);
}

/* 1 connecting, 2 could not connect, then the client's own counter (+ 2). */
static uint64_t attempt_changes(const void *obj)
{
	const attempt_t *a = obj;
	uint64_t g = a->cl ? smtp_client_changes(a->cl) : 0;
	if (a->cl)
		return g ? g + 2 : 0;
	return a->finished ? 2 : 1;
}

static void set_dsn_from_reply(queue_rcpt_t *r)
{
	/* "550 5.1.1 <x>: ..." -> "5.1.1"; no enhanced code -> class.0.0 */
	const char *p = r->reply;
	if (strlen(p) > 9 && p[3] == ' ' && p[4] >= '2' && p[4] <= '5' && p[5] == '.') {
		size_t n = strcspn(p + 4, " ");
		snprintf(r->dsn, sizeof r->dsn, "%.*s", (int)(n < 11 ? n : 11), p + 4);
	} else {
		snprintf(r->dsn, sizeof r->dsn, "%c.0.0", p[0] == '5' ? '5' : '4');
	}
}

/* ---- queue entries --------------------------------------------------- */

static void entry_free(queue_entry_t *e)
{
	for (size_t i = 0; i < e->nrcpt; i++)
		free(e->rcpt[i].addr);
	free(e->rcpt);
	free(e->mail_from);
	free(e->domain);
	free(e->msg);
	free(e);
}

static void entry_remove(mta_t *m, queue_entry_t *e)
{
	*(e->prev ? &e->prev->next : &m->queue) = e->next;
	*(e->next ? &e->next->prev : &m->queue_tail) = e->prev;
	m->nqueue--;
	m->queue_gen++;
	sched_cancel(m->w->sched, e->timer);
	mta_trace(m, m->cfg.out_hop, EV_QUEUE, "queue:sent", NULL, "%s: removed from the queue", e->id);
	entry_free(e);
}

static size_t dest_of(mta_t *m, const char *domain)
{
	for (size_t i = 0; i < m->ndests; i++)
		if (str_ieq(m->dests[i].domain, domain))
			return i;
	m->dests = xgrow(m->dests, m->ndests, sizeof *m->dests);
	m->dests[m->ndests] = (queue_dest_t){ .domain = xstrdup(domain) };
	return m->ndests++;
}

void mta_queue_free_all(mta_t *m)
{
	for (size_t i = 0; i < m->ndests; i++)
		free(m->dests[i].domain);
	free(m->dests);
	m->dests = NULL;
	m->ndests = 0;
	while (m->queue) {
		queue_entry_t *e = m->queue;
		m->queue = e->next;
		entry_free(e);
	}
	m->queue_tail = NULL;
	for (size_t i = 0; i < m->nattempts; i++)
		attempt_free(m->attempts[i]);
	free(m->attempts);
	m->attempts = NULL;
	m->nattempts = 0;
}

static void attempt_free(attempt_t *a)
{
	world_believe_end(a->m->w, a);
	smtp_client_free(a->cl);
	sb_free(&a->out);
	free(a->rcpt);
	free(a->idx);
	free(a);
}

/* A connection of a finished attempt is gone for good (net_reap); the last
 * one takes the attempt with it. */
static void relay_release(void *ctx, conn_t *c)
{
	attempt_t *a = ctx;
	(void)c;
	if (--a->conns > 0 || !a->finished)
		return;
	mta_t *m = a->m;
	m->attempts[a->slot] = m->attempts[--m->nattempts];
	((attempt_t *)m->attempts[a->slot])->slot = a->slot;
	attempt_free(a);
}

static queue_entry_t *entry_new(mta_t *m, const char *id, const char *mail_from, const char *domain,
				const char *msg, size_t len)
{
	queue_entry_t *e = xcalloc(1, sizeof *e);
	e->m = m;
	snprintf(e->id, sizeof e->id, "%s", id);
	e->mail_from = xstrdup(mail_from);
	e->domain = xstrdup(domain);
	e->msg = xmalloc(len + 1);      /* a message may hold NUL octets: not a string copy */
	memcpy(e->msg, msg, len);
	e->msg[len] = '\0';
	e->len = len;
	e->arrived_us = sched_now(m->w->sched);
	e->dest = dest_of(m, domain);
	snprintf(e->status, sizeof e->status, "queued");
	e->prev = m->queue_tail;
	*(m->queue_tail ? &m->queue_tail->next : &m->queue) = e;
	m->queue_tail = e;
	m->nqueue++;
	m->queue_gen++;
	return e;
}

void mta_queue_message(mta_t *m, const char *id, const char *mail_from, const char *const *rcpt,
		       size_t nrcpt, const char *msg, size_t len)
{
	/* One entry per destination domain, as an MTA's per-destination queues. */
	int *done = xcalloc(nrcpt, sizeof *done);
	int first = 1;
	for (size_t i = 0; i < nrcpt; i++) {
		if (done[i])
			continue;
		char newid[16];
		if (first)
			snprintf(newid, sizeof newid, "%s", id);
		else
			mta_make_id(m, newid, sizeof newid);
		first = 0;
		const char *domain = str_domain(rcpt[i]);
		queue_entry_t *e = entry_new(m, newid, mail_from, domain, msg, len);
		strbuf_t to = STRBUF_INIT;
		for (size_t j = i; j < nrcpt; j++) {
			if (done[j] || !str_ieq(str_domain(rcpt[j]), domain))
				continue;
			done[j] = 1;
			e->rcpt = xgrow(e->rcpt, e->nrcpt, sizeof *e->rcpt);
			queue_rcpt_t *r = &e->rcpt[e->nrcpt++];
			memset(r, 0, sizeof *r);
			r->addr = xstrdup(rcpt[j]);
			sb_printf(&to, "%s<%s>", to.len ? ", " : "", rcpt[j]);
		}
		mta_trace(m, m->cfg.out_hop, EV_QUEUE, "queue:queued", NULL,
			  "%s: from=<%s>, to=%s, size=%zu: queued for delivery to %s", e->id, mail_from,
			  sb_str(&to), len, domain);
		sb_free(&to);
		e->timer = sched_after(m->w->sched, 0, attempt_start, e);
	}
	free(done);
}

static void defer(mta_t *m, queue_entry_t *e)
{
	int64_t now = sched_now(m->w->sched);
	if (now - e->arrived_us >= m->lifetime_us) {
		for (size_t i = 0; i < e->nrcpt; i++) {
			queue_rcpt_t *r = &e->rcpt[i];
			if (r->status != QR_PENDING)
				continue;
			r->status = QR_FAILED;
			snprintf(r->dsn, sizeof r->dsn, "4.4.7");
			mta_trace(m, m->cfg.out_hop, EV_QUEUE, "queue:expired", NULL,
				  "%s: to=<%s>, status=expired, returned to sender (%s)", e->id, r->addr, r->reply);
		}
		mta_bounce(m, e);
		entry_remove(m, e);
		return;
	}
	e->backoff_us = e->backoff_us ? e->backoff_us * 2 : QUEUE_RETRY_FIRST_S * 1000000LL;
	if (e->backoff_us > QUEUE_RETRY_MAX_S * 1000000LL)
		e->backoff_us = QUEUE_RETRY_MAX_S * 1000000LL;
	char when[20];
	fmt_sim_time(now + e->backoff_us, when, sizeof when);
	snprintf(e->status, sizeof e->status, "deferred, retry at %s", when);
	m->queue_gen++;
	mta_trace(m, m->cfg.out_hop, EV_QUEUE, "queue:deferred", NULL,
		  "%s: deferred: the message stays in the queue; next attempt in %lld s (at %s)", e->id,
		  (long long)(e->backoff_us / 1000000), when);
	e->timer = sched_after(m->w->sched, e->backoff_us, attempt_start, e);
}

/* ---- one delivery attempt -------------------------------------------- */

static void attempt_finish(attempt_t *a)
{
	if (a->finished)
		return;
	a->finished = 1;
	mta_t *m = a->m;
	world_believe_end(m->w, a);
	queue_entry_t *e = a->e;
	a->e = NULL;
	e->busy = 0;
	m->nactive--;
	queue_dest_t *d = &m->dests[e->dest];
	d->active--;
	/* A connection is free: the next in line gets it; when the destination
	 * is dead, the whole line is deferred. */
	int dead = sched_now(m->w->sched) < d->dead_until_us;
	while (d->wait_head) {
		queue_entry_t *next = d->wait_head;
		d->wait_head = next->wnext;
		if (!d->wait_head)
			d->wait_tail = NULL;
		next->wnext = NULL;
		next->waiting = 0;
		m->nwaiting--;
		next->timer = sched_after(m->w->sched, 0, attempt_start, next);
		if (!dead)
			break;
	}
	int failed = 0, pending = 0;
	for (size_t i = 0; i < e->nrcpt; i++) {
		failed += e->rcpt[i].status == QR_FAILED && !e->rcpt[i].bounced;
		pending += e->rcpt[i].status == QR_PENDING;
	}
	if (failed)
		mta_bounce(m, e);
	if (pending)
		defer(m, e);
	else
		entry_remove(m, e);
}

/* Every pending recipient of the attempt gets the same outcome. */
static void settle_all(attempt_t *a, qr_status_t st, const char *dsn, const char *why)
{
	for (size_t k = 0; k < a->n; k++) {
		queue_rcpt_t *r = &a->e->rcpt[a->idx[k]];
		snprintf(r->reply, sizeof r->reply, "%s", why);
		snprintf(r->dsn, sizeof r->dsn, "%s", dsn);
		r->from_smtp = 0;
		r->status = st;
		mta_trace(a->m, a->m->cfg.out_hop, EV_QUEUE,
			  st == QR_FAILED ? "queue:bounced" : "queue:deferred", NULL,
			  "%s: to=<%s>, dsn=%s, status=%s (%s)", a->e->id, r->addr, dsn,
			  st == QR_FAILED ? "bounced" : "deferred", why);
	}
}

static void collect(attempt_t *a)
{
	for (size_t k = 0; k < a->n; k++) {
		queue_rcpt_t *r = &a->e->rcpt[a->idx[k]];
		const smtp_result_t *res = smtp_client_rcpt_result(a->cl, k);
		snprintf(r->remote, sizeof r->remote, "%s", a->remote);
		if (!res || res->code == 0) {
			snprintf(r->reply, sizeof r->reply, "lost connection with %s", a->remote);
			snprintf(r->dsn, sizeof r->dsn, "4.4.2");
			r->from_smtp = 0;
		} else {
			snprintf(r->reply, sizeof r->reply, "%s", res->text);
			r->from_smtp = 1;
			set_dsn_from_reply(r);
			if (res->code >= 200 && res->code < 300)
				r->status = QR_SENT;
			else if (res->code >= 500)
				r->status = QR_FAILED;
		}
		const char *st = r->status == QR_SENT ? "sent" : r->status == QR_FAILED ? "bounced" : "deferred";
		mta_trace(a->m, a->m->cfg.out_hop, EV_QUEUE,
			  r->status == QR_SENT ? "queue:sent" : r->status == QR_FAILED ? "queue:bounced"
										: "queue:deferred",
			  NULL, "%s: to=<%s>, relay=%s:25, dsn=%s, status=%s (%s)", a->e->id, r->addr,
			  a->remote, r->dsn, st, r->reply);
	}
	attempt_finish(a);
}

static void try_next_mx(attempt_t *a);

static void relay_open(void *ctx, conn_t *c)
{
	attempt_t *a = ctx;
	(void)c;
	if (a->finished)
		return;
	a->opened = 1;
	smtp_client_job_t job = { .helo = a->m->hostname, .mail_from = a->e->mail_from,
				  .rcpt = a->rcpt, .nrcpt = a->n, .msg = a->e->msg, .len = a->e->len,
				  .tls = a->m->relay_tls };
	a->cl = smtp_client_new(&job, NULL, a);
}

static void relay_data(void *ctx, conn_t *c, const char *p, size_t n)
{
	attempt_t *a = ctx;
	if (a->finished || !a->cl)
		return;
	smtp_client_feed(a->cl, p, n, &a->out);
	if (a->m->drop_mid_data && a->e->attempts == 1 && !a->dropped &&
	    smtp_client_state(a->cl) == SMTP_C_BODY && a->out.len > 1) {
		/* The link-drop fault: the line fails half-way through the content. */
		a->dropped = 1;
		net_drop_after(a->m->w->net, conn_local(c), conn_peer(c), a->out.len / 2);
	}
	if (a->out.len)
		conn_send(c, a->out.buf, a->out.len);
	sb_clear(&a->out);
	if (smtp_client_starttls_now(a->cl))    /* RFC 3207: after the 220 */
		tls_sim_client_hello(a->m->w, c, a->remote_host);
	if (smtp_client_done(a->cl)) {
		conn_close(c);
		collect(a);
	}
}

/* Opportunistic TLS between MTAs (RFC 3207, RFC 7435): the relay does not
 * check the certificate's name; MTA-STS and DANE are what would make it. */
static void relay_tls(void *ctx, conn_t *c, int msg, const char *info)
{
	attempt_t *a = ctx;
	if (a->finished || !a->cl || msg != TLSREC_SERVER_FLIGHT || smtp_client_state(a->cl) != SMTP_C_TLS)
		return;
	tls_sim_client_flight(a->m->w, c, info, a->remote_host, 0);
	smtp_client_tls_ready(a->cl, &a->out);
	conn_send(c, a->out.buf, a->out.len);
	sb_clear(&a->out);
}

static void relay_close(void *ctx, conn_t *c)
{
	attempt_t *a = ctx;
	(void)c;
	if (a->finished)
		return;
	if (a->cl) {
		smtp_client_lost(a->cl);
		collect(a);
	}
}

static void relay_abort(void *ctx, conn_t *c, const char *why)
{
	attempt_t *a = ctx;
	(void)c;
	if (a->finished)
		return;
	if (a->opened && a->cl) {
		smtp_client_lost(a->cl);
		collect(a);
		return;
	}
	snprintf(a->last_error, sizeof a->last_error, "connect to %s:25: %s", a->remote, why);
	a->mx_i++;
	try_next_mx(a);
}

static const conn_handlers_t relay_handlers = {
	.on_open = relay_open,
	.on_data = relay_data,
	.on_close = relay_close,
	.on_abort = relay_abort,
	.on_tls = relay_tls,
	.on_release = relay_release,
};

static void try_next_mx(attempt_t *a)
{
	while (a->mx_i < a->mx.n && !a->mx.mx[a->mx_i].addr[0])
		a->mx_i++;
	if (a->mx_i >= a->mx.n) {
		/* Postfix marks such a destination dead for a while: what waits for it
		 * is deferred without a connection of its own. */
		a->m->dests[a->e->dest].dead_until_us = sched_now(a->m->w->sched) + QUEUE_RETRY_FIRST_S * 1000000LL;
		settle_all(a, QR_PENDING, "4.4.1",
			   a->last_error[0] ? a->last_error : "no mail exchanger could be reached");
		attempt_finish(a);
		return;
	}
	snprintf(a->remote, sizeof a->remote, "%s[%s]", a->mx.mx[a->mx_i].host, a->mx.mx[a->mx_i].addr);
	snprintf(a->remote_host, sizeof a->remote_host, "%s", a->mx.mx[a->mx_i].host);
	a->opened = 0;
	world_believe(a->m->w, VIEW_RELAY, 0, attempt_belief, attempt_changes, a);
	a->conns++;
	a->conn = net_connect(a->m->w->net, a->m->cfg.node, a->mx.mx[a->mx_i].addr, 25, &relay_handlers, a,
			      a->m->cfg.out_hop, "SMTP");
}

static void on_mx(void *ctx, const dns_mx_result_t *r)
{
	attempt_t *a = ctx;
	char why[300];
	a->mx = *r;
	switch (r->rcode) {
	case DNS_NXDOMAIN:
	case DNS_NODATA:
		snprintf(why, sizeof why, "Host or domain name not found. Name service error for "
			 "name=%s type=MX: Host not found", a->e->domain);
		settle_all(a, QR_FAILED, "5.4.4", why);
		attempt_finish(a);
		return;
	case DNS_SERVFAIL:
	case DNS_TIMEOUT:
		snprintf(why, sizeof why, "Host or domain name not found. Name service error for "
			 "name=%s type=MX: Host not found, try again", a->e->domain);
		settle_all(a, QR_PENDING, "4.4.3", why);
		attempt_finish(a);
		return;
	case DNS_OK:
		break;
	}
	/* RFC 5321 5.1: a host that is itself an MX only tries better ones. */
	for (int i = 0; i < a->mx.n; i++) {
		if (str_ieq(a->mx.mx[i].host, a->m->hostname)) {
			a->mx.n = i;
			break;
		}
	}
	a->mx_i = 0;
	try_next_mx(a);
}

static void attempt_start(void *arg)
{
	queue_entry_t *e = arg;
	mta_t *m = e->m;
	e->timer = 0;
	if (e->busy || e->waiting)
		return;
	queue_dest_t *d = &m->dests[e->dest];
	if (sched_now(m->w->sched) < d->dead_until_us) {
		char until[20];
		fmt_sim_time(d->dead_until_us, until, sizeof until);
		e->attempts++;
		mta_trace(m, m->cfg.out_hop, EV_QUEUE, "queue:dead", NULL,
			  "%s: delivery attempt %d: no connection: %s is marked unreachable until %s "
			  "(a recent attempt found no host)", e->id, e->attempts, e->domain, until);
		defer(m, e);
		return;
	}
	if (m->dest_limit > 0 && d->active >= m->dest_limit) {
		/* Postfix's default_destination_concurrency_limit: at most 20
		 * deliveries to one domain at a time; the rest wait their turn. */
		e->waiting = 1;
		*(d->wait_tail ? &d->wait_tail->wnext : &d->wait_head) = e;
		d->wait_tail = e;
		m->nwaiting++;
		snprintf(e->status, sizeof e->status, "waiting for a connection");
		m->queue_gen++;
		mta_trace(m, m->cfg.out_hop, EV_QUEUE, "queue:concurrency", NULL,
			  "%s: waits: %d deliveries to %s are already under way (at most %d in "
			  "parallel per destination)", e->id, d->active, e->domain, m->dest_limit);
		return;
	}
	d->active++;
	m->nactive++;
	e->busy = 1;
	e->attempts++;
	snprintf(e->status, sizeof e->status, "attempt %d under way", e->attempts);
	m->queue_gen++;
	attempt_t *a = xcalloc(1, sizeof *a);
	a->m = m;
	a->e = e;
	m->attempts = xgrow(m->attempts, m->nattempts, sizeof *m->attempts);
	a->slot = m->nattempts;
	m->attempts[m->nattempts++] = a;
	a->rcpt = xcalloc(e->nrcpt, sizeof *a->rcpt);
	a->idx = xcalloc(e->nrcpt, sizeof *a->idx);
	for (size_t i = 0; i < e->nrcpt; i++) {
		if (e->rcpt[i].status != QR_PENDING)
			continue;
		a->rcpt[a->n] = e->rcpt[i].addr;
		a->idx[a->n++] = i;
	}
	char n[16];
	snprintf(n, sizeof n, "%d", e->attempts);
	mta_trace(m, m->cfg.out_hop, EV_QUEUE, e->attempts == 1 ? "queue:lookup" : "queue:retry", NULL,
		  "%s: delivery attempt %s: %s looks up the mail exchanger (MX) of %s", e->id, n,
		  m->hostname, e->domain);
	dns_lookup_mx(m->w->dns, m->cfg.node, e->domain, m->cfg.out_hop, on_mx, a);
}

size_t mta_queue_count(const mta_t *m)
{
	return m->nqueue;
}

/* The first VIEW_QUEUE_MAX entries, and the count: O(1) in the queue's length. */
void mta_queue_view(const mta_t *m, world_view_t *v)
{
	int k = v->nqueue;
	for (const queue_entry_t *e = m->queue; e && k < VIEW_QUEUE_MAX; e = e->next, k++) {
		str_copy(v->queue[k].id, sizeof v->queue[k].id, e->id);
		size_t n = str_copy(v->queue[k].rcpt, sizeof v->queue[k].rcpt, e->nrcpt ? e->rcpt[0].addr : "");
		if (e->nrcpt > 1)
			str_copy(v->queue[k].rcpt + n, sizeof v->queue[k].rcpt - n, " +");
		str_copy(v->queue[k].status, sizeof v->queue[k].status, e->status);
	}
	v->nqueue += (int)m->nqueue;
}

uint64_t mta_queue_generation(const mta_t *m)
{
	return m->queue_gen;
}

void mta_queue_stats(const mta_t *m, size_t *active, size_t *waiting, size_t *deferred)
{
	*active = m->nactive;
	*waiting = m->nwaiting;
	*deferred = m->nqueue - m->nactive - m->nwaiting;
}

void mta_set_dest_concurrency(mta_t *m, int limit)
{
	m->dest_limit = limit;
}
