/* mta.c — an MTA's receiving side: SMTP server sessions on a transport,
 * the relay and recipient policy, and local delivery into the mail store.
 * The queue and the relay client are in mta_queue.c.
 *
 * Policy at RCPT (RFC 5321 3.6.2: a relay must be authorised):
 *   scripted rule for RCPT               -> the rule's reply
 *   local domain, unknown user           -> 550 5.1.1
 *   local domain, mailbox over quota     -> 452 4.2.2
 *   greylisting, first attempt           -> 451 4.7.1
 *   local domain / relay domain          -> 250 2.1.5
 *   customer or AUTH user, any domain    -> 250 2.1.5 (DNS is asked later)
 *   anything else                        -> 550 5.7.1 relay access denied */
#include "world/mta_int.h"

#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "core/tls_record.h"
#include "teach/tracekey.h"
#include "world/tls_sim.h"

struct mta_session {
	mta_t *m;
	transport_t tr;
	smtp_server_t *srv;
	strbuf_t out;
	char *label;          /* the peer in the trace */
	char *peer_addr;
	hop_t hop;
	uint32_t session;
	int closed;
	int implicit_tls;     /* port 465: TLS first, then the greeting */
	int tls_phase;        /* TLS_IDLE ... TLS_ON */
	int drop_pending;     /* drop-after-dot: break before the reply leaves */
	size_t slot;          /* index in m->sessions (simulated sessions) */
};

/* The server side of the simulated handshake. */
enum { TLS_IDLE, TLS_WAIT_HELLO, TLS_WAIT_FINISHED, TLS_ON };

void mta_trace(mta_t *m, hop_t hop, ev_kind_t kind, const char *explain, const char *detail,
	       const char *fmt, ...)
{
	va_list ap;
	va_start(ap, fmt);
	char tmp[1024];
	int n = vsnprintf(tmp, sizeof tmp, fmt, ap);
	va_end(ap);
	size_t len = n < 0 ? 0 : (size_t)n < sizeof tmp ? (size_t)n : sizeof tmp - 1;
	trace_meta_t meta = { .hop = hop, .kind = kind, .proto = "SMTP", .from = m->hostname,
			      .to = m->hostname, .explain = explain, .detail = detail };
	trace_emit_text(m->w->trace, &meta, tmp, len);
}

void mta_make_id(mta_t *m, char *buf, size_t size)
{
	snprintf(buf, size, "%010llX", (unsigned long long)(rng_next(&m->w->rng) & 0xFFFFFFFFFFULL));
}

static void hook_make_id(void *ctx, char *buf, size_t size)
{
	mta_make_id(((mta_session_t *)ctx)->m, buf, size);
}

static int64_t hook_now(void *ctx)
{
	mta_session_t *s = ctx;
	return s->m->w->epoch + sched_now(s->m->w->sched) / 1000000;
}

/* ---- policy ---------------------------------------------------------- */

int mta_is_local(const mta_t *m, const char *addr)
{
	return m->local_domain && str_ieq(str_domain(addr), m->local_domain);
}

static int is_customer(const mta_t *m, const char *peer_addr)
{
	return m->customer_prefix && peer_addr &&
	       strncmp(peer_addr, m->customer_prefix, strlen(m->customer_prefix)) == 0;
}

static int rule_reply(mta_t *m, const char *verb, strbuf_t *reply)
{
	for (int i = 0; i < m->nrules; i++) {
		mta_reply_rule_t *r = &m->rules[i];
		if (!str_ieq(r->verb, verb))
			continue;
		r->seen++;
		if (r->attempt == 0 || r->attempt == r->seen) {
			sb_puts(reply, r->line);
			return atoi(r->line);
		}
	}
	return 0;
}

static int greylisted(mta_t *m, const smtp_tx_t *tx, const char *addr)
{
	if (!m->greylist)
		return 0;
	strbuf_t key = STRBUF_INIT;
	sb_printf(&key, "%s/%s/%s", tx->peer_addr, tx->mail_from, addr);
	for (size_t i = 0; i < m->ngrey; i++) {
		if (str_ieq(m->grey_seen[i], sb_str(&key))) {
			sb_free(&key);
			return 0;
		}
	}
	m->grey_seen = xgrow(m->grey_seen, m->ngrey, sizeof *m->grey_seen);
	m->grey_seen[m->ngrey++] = sb_steal(&key);
	return 1;
}

static int hook_rcpt(void *ctx, const smtp_tx_t *tx, const char *addr_in, strbuf_t *reply)
{
	mta_session_t *s = ctx;
	mta_t *m = s->m;
	char addr[300];
	/* RFC 5321 4.1.1.3: <postmaster> without a domain must be accepted. */
	if (!strchr(addr_in, '@') && m->local_domain)
		snprintf(addr, sizeof addr, "%s@%s", addr_in, m->local_domain);
	else
		snprintf(addr, sizeof addr, "%s", addr_in);
	int code = rule_reply(m, "RCPT", reply);
	if (code)
		return code;
	if (mta_is_local(m, addr) && m->cfg.sink) {
		/* a generated domain's host: every recipient exists */
	} else if (mta_is_local(m, addr)) {
		mailbox_t *mb = mailstore_by_addr(m->cfg.store, addr);
		if (!mb) {
			sb_printf(reply, "550 5.1.1 <%s>: Recipient address rejected: "
				  "User unknown in local recipient table", addr_in);
			return 550;
		}
		if (mailbox_is_full(mb)) {
			sb_printf(reply, "452 4.2.2 <%s>: Recipient address rejected: Mailbox full", addr_in);
			return 452;
		}
	} else if (!(m->relay_domain && str_ieq(str_domain(addr), m->relay_domain)) &&
		   !(m->cfg.relay_customers && (is_customer(m, tx->peer_addr) || tx->auth_user))) {
		sb_printf(reply, "550 5.7.1 <%s>: Relay access denied", addr_in);
		return 550;
	}
	if (greylisted(m, tx, addr)) {
		sb_printf(reply, "451 4.7.1 <%s>: Recipient address rejected: "
			  "Greylisted, try again later", addr_in);
		return 451;
	}
	sb_puts(reply, "250 2.1.5 Ok");
	return 250;
}

static int hook_auth(void *ctx, const char *user, const char *pass)
{
	mta_session_t *s = ctx;
	mailbox_t *mb = mailstore_by_login(s->m->cfg.store, user);
	return mb && mailbox_password_ok(mb, pass);
}

/* The Subject: of a message, for the delivery record ("" when none). */
static char *subject_of(const char *msg, size_t len)
{
	const char *p = msg, *end = msg + len;
	while (p < end) {
		const char *eol = memchr(p, '\n', (size_t)(end - p));
		size_t l = eol ? (size_t)(eol - p) : (size_t)(end - p);
		if (l == 0 || (l == 1 && p[0] == '\r'))
			break;   /* end of the header */
		if (l > 8 && str_iprefix(p, "Subject:")) {
			const char *v = p + 8;
			while (v < p + l && (*v == ' ' || *v == '\t'))
				v++;
			size_t vl = (size_t)(p + l - v);
			if (vl && v[vl - 1] == '\r')
				vl--;
			return xstrndup(v, vl);
		}
		p = eol ? eol + 1 : end;
	}
	return xstrdup("");
}

int mta_deliver_local(mta_t *m, const char *mail_from, const char *rcpt, const char *msg, size_t len,
		      int is_bounce)
{
	if (m->cfg.sink) {
		m->nsunk++;
		mta_trace(m, m->cfg.deliver_hop, EV_DELIVER, "mail:deliver", NULL,
			  "%s delivers the message to %s (a generated domain: its host counts what "
			  "it accepts, %zu so far, and keeps no mailbox)", m->hostname, rcpt, m->nsunk);
		return 0;
	}
	mailbox_t *mb = mailstore_by_addr(m->cfg.store, rcpt);
	if (!mb)
		return -1;
	strbuf_t full = STRBUF_INIT;
	/* RFC 5321 4.4: the final delivery adds Return-Path: with the reverse-path. */
	sb_printf(&full, "Return-Path: <%s>\r\n", mail_from);
	sb_append(&full, msg, len);
	if (mailbox_deliver(mb, full.buf, full.len) != 0) {
		sb_free(&full);
		return -1;
	}
	mta_trace(m, m->cfg.deliver_hop, EV_DELIVER, "mail:deliver", sb_str(&full),
		  "%s stores the message in %s's mailbox (now %zu message%s, %ld octets)",
		  m->hostname, mailbox_addr(mb), mailbox_count(mb), mailbox_count(mb) == 1 ? "" : "s",
		  mailbox_octets(mb));
	sb_free(&full);
	m->deliveries = xgrow(m->deliveries, m->ndeliveries, sizeof *m->deliveries);
	mta_delivery_t *d = &m->deliveries[m->ndeliveries++];
	d->addr = xstrdup(mailbox_addr(mb));
	d->subject = subject_of(msg, len);
	d->is_bounce = is_bounce;
	return 0;
}

static int hook_message(void *ctx, const smtp_tx_t *tx, const char *msg, size_t len, strbuf_t *reply)
{
	mta_session_t *s = ctx;
	mta_t *m = s->m;
	int code = rule_reply(m, ".", reply);
	if (code)
		return code;
	/* Refuse what cannot be stored before taking responsibility for it. */
	for (size_t i = 0; i < tx->nrcpt; i++) {
		const char *r = tx->rcpt[i];
		char addr[300];
		snprintf(addr, sizeof addr, strchr(r, '@') ? "%s" : "%s@%s", r, m->local_domain ? m->local_domain : "");
		mailbox_t *mb = mta_is_local(m, addr) && !m->cfg.sink ? mailstore_by_addr(m->cfg.store, addr) : NULL;
		if (mb && mailbox_octets(mb) + (long)len + 64 > mailbox_quota(mb)) {
			sb_printf(reply, "552 5.2.2 <%s>: Mailbox full", r);
			return 552;
		}
	}
	const char **remote = xcalloc(tx->nrcpt, sizeof *remote);
	char (*addrs)[300] = xcalloc(tx->nrcpt, sizeof *addrs);
	size_t nremote = 0;
	for (size_t i = 0; i < tx->nrcpt; i++) {
		const char *r = tx->rcpt[i];
		snprintf(addrs[i], sizeof addrs[i], strchr(r, '@') ? "%s" : "%s@%s", r,
			 m->local_domain ? m->local_domain : "");
		if (mta_is_local(m, addrs[i]))
			mta_deliver_local(m, tx->mail_from, addrs[i], msg, len, tx->mail_from[0] == '\0');
		else
			remote[nremote++] = addrs[i];
	}
	if (nremote)
		mta_queue_message(m, tx->id, tx->mail_from, remote, nremote, msg, len);
	if (m->drop_after_dot && s->tr.abort) {
		m->drop_after_dot = 0;          /* one shot */
		s->drop_pending = 1;
	}
	free(remote);
	free(addrs);
	sb_printf(reply, "250 2.0.0 Ok: queued as %s", tx->id);
	return 250;
}

/* ---- tracing hooks --------------------------------------------------- */

static void emit(mta_session_t *s, ev_kind_t kind, int inbound, const char *explain,
		 const char *line, size_t len)
{
	const char *me = s->m->hostname;
	trace_meta_t meta = { .hop = s->hop, .kind = kind, .proto = "SMTP",
			      .from = inbound ? s->label : me, .to = inbound ? me : s->label,
			      .explain = explain, .session = s->session, .tls = smtp_server_tls(s->srv) };
	trace_emit_text(s->m->w->trace, &meta, line, len);
}

static void hook_line_in(void *ctx, const char *line, size_t len, int in_data)
{
	mta_session_t *s = ctx;
	if (in_data) {
		const char *key = memchr(line, '\n', len) || memchr(line, '\r', len) ? "smtp:bare-line-end"
				  : len == 1 && line[0] == '.' ? "smtp:dot"
				  : len > 1 && line[0] == '.' ? "smtp:dot-stuffed" : "smtp:data";
		emit(s, EV_DATA, 1, key, line, len);
		return;
	}
	char verb[16];
	tracekey_verb(line, len, verb, sizeof verb);
	const char *key = smtp_server_state(s->srv) == SMTP_S_AUTH
				  ? "smtp:auth-response"
				  : tracekey_cached(&s->m->keys, "smtp", verb, strlen(verb), "smtp:unknown");
	emit(s, EV_CMD, 1, key, line, len);
}

static void hook_line_out(void *ctx, const char *line, size_t len)
{
	mta_session_t *s = ctx;
	int bare = (len == strlen(SMTP_REPLY_BARE_LF) && !memcmp(line, SMTP_REPLY_BARE_LF, len)) ||
		   (len == strlen(SMTP_REPLY_BARE_CR) && !memcmp(line, SMTP_REPLY_BARE_CR, len));
	emit(s, EV_REPLY, 0, bare ? "smtp:smuggling" : tracekey_cached(&s->m->keys, "smtp", line, len < 3 ? len : 3, "smtp:unknown"),
	     line, len);
}

static void hook_state(void *ctx, smtp_server_state_t from, smtp_server_state_t to)
{
	mta_session_t *s = ctx;
	(void)from;
	const char *name = smtp_server_state_name(to);
	char *view = s->m->cfg.is_relay_target ? s->m->w->smtp_relay_state : s->m->w->smtp_submit_state;
	str_copy(view, sizeof s->m->w->smtp_relay_state, name);
	s->m->w->view_gen++;
	emit(s, EV_STATE, 0, tracekey_cached(&s->m->keys, "smtp:state", name, strlen(name), "smtp:state:READY"), name,
	     strlen(name));
}

static const smtp_server_hooks_t server_hooks = {
	.rcpt = hook_rcpt,
	.auth = hook_auth,
	.message = hook_message,
	.make_id = hook_make_id,
	.now = hook_now,
	.on_state = hook_state,
	.on_line_in = hook_line_in,
	.on_line_out = hook_line_out,
};

/* ---- sessions -------------------------------------------------------- */

/* The strip-starttls fault: a man-in-the-middle deletes the offer in transit. */
static void strip_starttls(mta_session_t *s)
{
	static const char offer[] = "250-STARTTLS\r\n";
	char *at = s->out.len ? strstr(s->out.buf, offer) : NULL;
	if (!at || smtp_server_tls(s->srv))
		return;
	size_t off = (size_t)(at - s->out.buf), n = sizeof offer - 1;
	memmove(at, at + n, s->out.len - off - n + 1);
	s->out.len -= n;
	trace_meta_t meta = { .hop = s->hop, .kind = EV_FAULT, .proto = "SMTP", .from = s->m->hostname,
			      .to = s->label, .explain = "fault:strip-starttls", .session = s->session };
	static const char text[] = "a man-in-the-middle on the link deletes 250-STARTTLS from the "
				   "EHLO reply: the client never learns that TLS was offered";
	trace_emit_text(s->m->w->trace, &meta, text, sizeof text - 1);
}

/* What the server end believes (world view). */
static void session_belief(const void *obj, char *buf, size_t size)
{
	const mta_session_t *s = obj;
	smtp_server_belief(s->srv, buf, size);
}

static uint64_t session_changes(const void *obj)
{
	const mta_session_t *s = obj;
	return smtp_server_changes(s->srv);
}

/* drop-after-dot: the 250 was traced as sent, but the connection breaks
 * before it leaves; the client never hears it (RFC 1047). */
static void break_after_dot(mta_session_t *s)
{
	s->drop_pending = 0;
	sb_clear(&s->out);
	s->closed = 1;
	trace_meta_t m = { .hop = s->hop, .kind = EV_FAULT, .explain = "fault:drop-after-dot",
			   .from = s->m->hostname, .to = s->label };
	trace_emit(s->m->w->trace, &m, "the connection to %s breaks: the 250 is lost on its way back, "
		   "but the message is already stored", s->label);
	s->tr.abort(s->tr.tctx, "connection lost after the 250 was sent");
	smtp_server_lost(s->srv);
	world_believe_end(s->m->w, s);
}

static void flush(mta_session_t *s)
{
	if (s->m->strip_starttls)
		strip_starttls(s);
	if (s->drop_pending && !s->closed) {
		break_after_dot(s);
		return;
	}
	if (s->out.len && !s->closed)
		s->tr.send(s->tr.tctx, s->out.buf, s->out.len);
	sb_clear(&s->out);
	/* RFC 3207: the 220 went in clear; now the transport switches */
	if (smtp_server_starttls_now(s->srv) && !s->closed) {
		s->tls_phase = TLS_WAIT_HELLO;
		if (s->tr.starttls)
			s->tr.starttls(s->tr.tctx);
	}
	if (smtp_server_done(s->srv) && !s->closed) {
		s->closed = 1;
		world_believe_end(s->m->w, s);
		s->tr.close(s->tr.tctx);
	}
}

static mta_session_t *session_new(mta_t *m, const transport_t *tr, const char *label, const char *peer_name,
				  const char *peer_addr, hop_t hop, uint32_t session, int implicit_tls)
{
	mta_session_t *s = xcalloc(1, sizeof *s);
	s->m = m;
	s->tr = *tr;
	s->label = xstrdup(label);
	s->peer_addr = xstrdup(peer_addr);
	s->hop = hop;
	s->session = session;
	smtp_server_hooks_t hooks = server_hooks;
	if (!m->cfg.offer_auth)
		hooks.auth = NULL;
	smtp_server_config_t cfg = { .hostname = m->hostname, .max_size = m->cfg.max_size,
				     .offer_starttls = m->w->tls_offer && !m->no_starttls,
				     .tls_active = implicit_tls, .auth_needs_tls = m->w->tls_auth_only };
	s->srv = smtp_server_new(&cfg, &hooks, s, peer_addr, peer_name);
	s->implicit_tls = implicit_tls;
	s->tls_phase = implicit_tls ? TLS_WAIT_HELLO : TLS_IDLE;
	world_believe(m->w, hop == HOP_2 ? VIEW_SUBMIT : VIEW_RELAY, 1, session_belief, session_changes, s);
	return s;
}

mta_session_t *mta_session_new(mta_t *m, const transport_t *tr, const char *label, const char *peer_name,
			       const char *peer_addr, hop_t hop, uint32_t session)
{
	return session_new(m, tr, label, peer_name, peer_addr, hop, session, 0);
}

mta_session_t *mta_session_new_tls(mta_t *m, const transport_t *tr, const char *label, const char *peer_name,
				   const char *peer_addr, hop_t hop, uint32_t session)
{
	return session_new(m, tr, label, peer_name, peer_addr, hop, session, 1);
}

void mta_session_start(mta_session_t *s)
{
	/* The world view shows the new session from its greeting on. */
	char *view = s->m->cfg.is_relay_target ? s->m->w->smtp_relay_state : s->m->w->smtp_submit_state;
	snprintf(view, sizeof s->m->w->smtp_relay_state, "%s", smtp_server_state_name(SMTP_S_INIT));
	s->m->w->view_gen++;
	smtp_server_greet(s->srv, &s->out);
	flush(s);
}

void mta_session_input(mta_session_t *s, const char *p, size_t n)
{
	if (s->closed)
		return;
	smtp_server_feed(s->srv, p, n, &s->out);
	flush(s);
}

void mta_session_lost(mta_session_t *s)
{
	if (s->closed)
		return;
	s->closed = 1;
	smtp_server_lost(s->srv);
	world_believe_end(s->m->w, s);
}

void mta_session_shutdown(mta_session_t *s)
{
	if (s->closed)
		return;
	smtp_server_shutdown(s->srv, &s->out);
	flush(s);
}

void mta_session_idle(mta_session_t *s)
{
	if (s->closed)
		return;
	smtp_server_idle_timeout(s->srv, &s->out);
	flush(s);
}

int mta_session_done(const mta_session_t *s)
{
	return s->closed;
}

void mta_session_free(mta_session_t *s)
{
	if (!s)
		return;
	world_believe_end(s->m->w, s);
	smtp_server_free(s->srv);
	sb_free(&s->out);
	free(s->label);
	free(s->peer_addr);
	free(s);
}

/* ---- simulated connections ------------------------------------------- */

static void conn_tr_send(void *tctx, const char *p, size_t n)
{
	conn_send(tctx, p, n);
}

static void conn_tr_abort(void *tctx, const char *why)
{
	conn_abort(tctx, why);
}

static void conn_tr_close(void *tctx)
{
	conn_close(tctx);
}

static void on_sim_open(void *ctx, conn_t *c)
{
	mta_session_t *s = ctx;
	(void)c;
	if (!s->implicit_tls)   /* RFC 8314 3: on 465 the greeting comes inside TLS */
		mta_session_start(s);
}

static void on_sim_tls(void *ctx, conn_t *c, int msg, const char *info)
{
	mta_session_t *s = ctx;
	if (s->closed)
		return;
	if (msg == TLSREC_CLIENT_HELLO && s->tls_phase == TLS_WAIT_HELLO) {
		tls_sim_server_hello(s->m->w, c, info, s->m->cert_name ? s->m->cert_name : s->m->hostname);
		s->tls_phase = TLS_WAIT_FINISHED;
	} else if (msg == TLSREC_CLIENT_FINISHED && s->tls_phase == TLS_WAIT_FINISHED) {
		tls_sim_server_finished(s->m->w, c);
		s->tls_phase = TLS_ON;
		if (s->implicit_tls)
			mta_session_start(s);
	}
}

static void on_sim_data(void *ctx, conn_t *c, const char *p, size_t n)
{
	(void)c;
	mta_session_input(ctx, p, n);
}

static void on_sim_close(void *ctx, conn_t *c)
{
	mta_session_t *s = ctx;
	(void)c;
	if (!s->closed) {
		/* The client closed without QUIT: abandon any transaction. */
		mta_session_lost(s);
		conn_close(c);
	}
}

static void on_sim_abort(void *ctx, conn_t *c, const char *why)
{
	(void)c;
	(void)why;
	mta_session_lost(ctx);
}

/* The connection is finished for good (net_reap): the session goes too. */
static void on_sim_release(void *ctx, conn_t *c)
{
	mta_session_t *s = ctx;
	mta_t *m = s->m;
	(void)c;
	m->sessions[s->slot] = m->sessions[--m->nsessions];
	m->sessions[s->slot]->slot = s->slot;
	mta_session_free(s);
}

static void on_accept(void *ctx, conn_t *c, conn_handlers_t *h, void **hctx)
{
	mta_t *m = ctx;
	transport_t tr = { .send = conn_tr_send, .close = conn_tr_close, .tctx = c, .abort = conn_tr_abort };
	node_t *peer = conn_peer(c);
	mta_session_t *s = session_new(m, &tr, node_name(peer), node_name(peer), node_addr(peer), conn_hop(c),
				       conn_id(c), conn_port(c) == 465);
	m->sessions = xgrow(m->sessions, m->nsessions, sizeof *m->sessions);
	s->slot = m->nsessions;
	m->sessions[m->nsessions++] = s;
	h->on_release = on_sim_release;
	h->on_open = on_sim_open;
	h->on_data = on_sim_data;
	h->on_close = on_sim_close;
	h->on_abort = on_sim_abort;
	h->on_tls = on_sim_tls;
	*hctx = s;
}

void mta_listen(mta_t *m, int port)
{
	net_listen(m->cfg.node, port, on_accept, m);
}

/* ---- the MTA --------------------------------------------------------- */

mta_t *mta_new(world_t *w, const mta_config_t *cfg)
{
	mta_t *m = xcalloc(1, sizeof *m);
	m->w = w;
	m->cfg = *cfg;
	m->dest_limit = QUEUE_DEST_CONCURRENCY;
	m->hostname = xstrdup(cfg->hostname);
	m->local_domain = xstrdup(cfg->local_domain);
	m->relay_domain = xstrdup(cfg->relay_domain);
	m->customer_prefix = xstrdup(cfg->customer_prefix);
	m->lifetime_us = QUEUE_LIFETIME_S * 1000000LL;
	return m;
}

void mta_free(mta_t *m)
{
	if (!m)
		return;
	for (size_t i = 0; i < m->nsessions; i++)
		mta_session_free(m->sessions[i]);
	free(m->sessions);
	mta_queue_free_all(m);
	for (size_t i = 0; i < m->ngrey; i++)
		free(m->grey_seen[i]);
	free(m->grey_seen);
	for (size_t i = 0; i < m->ndeliveries; i++) {
		free(m->deliveries[i].addr);
		free(m->deliveries[i].subject);
	}
	free(m->deliveries);
	free(m->hostname);
	free(m->local_domain);
	free(m->relay_domain);
	free(m->customer_prefix);
	free(m->cert_name);
	free(m);
}

const char *mta_hostname(const mta_t *m)
{
	return m->hostname;
}

void mta_set_customer_prefix(mta_t *m, const char *prefix)
{
	free(m->customer_prefix);
	m->customer_prefix = xstrdup(prefix);
}

void mta_set_greylist(mta_t *m, int on)
{
	m->greylist = on;
}

void mta_set_max_size(mta_t *m, long max)
{
	m->cfg.max_size = max;
}

void mta_add_reply_rule(mta_t *m, const char *verb, int attempt, int code, const char *text)
{
	if (m->nrules >= MTA_RULES_MAX)
		return;
	mta_reply_rule_t *r = &m->rules[m->nrules++];
	snprintf(r->verb, sizeof r->verb, "%s", verb);
	r->attempt = attempt;
	r->seen = 0;
	snprintf(r->line, sizeof r->line, "%d %s", code, text ? text : "");
}

void mta_set_relay_tls(mta_t *m, int level)
{
	m->relay_tls = level;
}

void mta_set_no_starttls(mta_t *m, int on)
{
	m->no_starttls = on;
}

void mta_set_strip_starttls(mta_t *m, int on)
{
	m->strip_starttls = on;
}

void mta_set_cert_name(mta_t *m, const char *name)
{
	free(m->cert_name);
	m->cert_name = xstrdup(name);
}

void mta_set_drop_mid_data(mta_t *m, int on)
{
	m->drop_mid_data = on;
}

void mta_set_drop_after_dot(mta_t *m, int on)
{
	m->drop_after_dot = on;
}

void mta_set_queue_lifetime(mta_t *m, int64_t us)
{
	m->lifetime_us = us;
}

size_t mta_delivery_count(const mta_t *m)
{
	return m->ndeliveries;
}

const mta_delivery_t *mta_delivery(const mta_t *m, size_t i)
{
	return i < m->ndeliveries ? &m->deliveries[i] : NULL;
}

size_t mta_sink_count(const mta_t *m)
{
	return m->nsunk;
}
