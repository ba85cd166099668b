/* pop3_service.c — POP3 sessions on transports, traced: every command and
 * response line and every state change, with hop 5a or 5b. */
#include "world/pop3_service.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "core/tls_record.h"
#include "pop3/pop3_server.h"
#include "teach/tracekey.h"
#include "world/tls_sim.h"

struct pop3_service {
	world_t *w;
	node_t *node;
	char *hostname;
	mailstore_t *store;
	char last_end[16];
	char *cert_name;
	pop3_session_t **sessions;   /* simulated sessions, freed with the service */
	size_t nsessions;
};

struct pop3_session {
	pop3_service_t *svc;
	transport_t tr;
	pop3_server_t *srv;
	strbuf_t out;
	char *peer_name;
	hop_t hop;
	uint32_t session;
	int closed;
	int implicit_tls;            /* port 995: TLS first, then the greeting */
	int tls_phase;
};

enum { TLS_IDLE, TLS_WAIT_HELLO, TLS_WAIT_FINISHED, TLS_ON };

static void emit(pop3_session_t *s, ev_kind_t kind, int inbound, const char *explain, const char *line,
		 size_t len)
{
	const char *me = s->svc->hostname;
	trace_meta_t meta = { .hop = s->hop, .kind = kind, .proto = "POP3",
			      .from = inbound ? s->peer_name : me, .to = inbound ? me : s->peer_name,
			      .explain = explain, .session = s->session, .tls = pop3_server_tls(s->srv) };
	trace_emit_text(s->svc->w->trace, &meta, line, len);
}

static void hook_line_in(void *ctx, const char *line, size_t len)
{
	pop3_session_t *s = ctx;
	char verb[16];
	tracekey_verb(line, len, verb, sizeof verb);
	/* 5b: the client removes what it downloaded (DELE), undoes it (RSET), or
	 * ends the session so that the server deletes (QUIT -> UPDATE). */
	if (pop3_server_state(s->srv) == POP3_S_TRANSACTION &&
	    (!strcmp(verb, "DELE") || !strcmp(verb, "QUIT") || !strcmp(verb, "RSET")))
		s->hop = HOP_5B;
	emit(s, EV_CMD, 1, tracekey("pop3", verb, strlen(verb), "pop3:unknown"), line, len);
}

static void hook_line_out(void *ctx, const char *line, size_t len, int is_data)
{
	pop3_session_t *s = ctx;
	const char *key;
	if (is_data) {
		key = len == 1 && line[0] == '.' ? "pop3:dot"
		      : len > 1 && line[0] == '.' ? "pop3:dot-stuffed" : "pop3:data";
		emit(s, EV_DATA, 0, key, line, len);
		return;
	}
	if (len >= 4 && !strncmp(line, "-ERR", 4)) {
		/* RFC 3206 response codes get their own explanation. */
		const char *code = len > 5 && line[5] == '[' ? line + 5 : NULL;
		const char *end = code ? memchr(code, ']', len - 5) : NULL;
		key = end ? tracekey("pop3", code, (size_t)(end - code) + 1, "pop3:-ERR") : "pop3:-ERR";
	} else {
		key = "pop3:+OK";
	}
	emit(s, EV_REPLY, 0, key, line, len);
}

static void hook_state(void *ctx, pop3_server_state_t from, pop3_server_state_t to)
{
	pop3_session_t *s = ctx;
	if (to == POP3_S_CLOSED) {
		snprintf(s->svc->last_end, sizeof s->svc->last_end, "%s", pop3_server_state_name(from));
		return;
	}
	const char *name = pop3_server_state_name(to);
	snprintf(s->svc->w->pop3_state, sizeof s->svc->w->pop3_state, "%s", name);
	s->svc->w->view_gen++;
	emit(s, EV_STATE, 0, tracekey("pop3:state", name, strlen(name), "pop3:state:AUTHORIZATION"), name,
	     strlen(name));
}

static const pop3_server_hooks_t hooks = {
	.on_state = hook_state,
	.on_line_in = hook_line_in,
	.on_line_out = hook_line_out,
};

static void flush(pop3_session_t *s)
{
	if (s->out.len && !s->closed)
		s->tr.send(s->tr.tctx, s->out.buf, s->out.len);
	sb_clear(&s->out);
	/* RFC 2595 4: the +OK went in clear; now the transport switches */
	if (pop3_server_starttls_now(s->srv) && !s->closed) {
		s->tls_phase = TLS_WAIT_HELLO;
		if (s->tr.starttls)
			s->tr.starttls(s->tr.tctx);
	}
	if (pop3_server_done(s->srv) && !s->closed) {
		s->closed = 1;
		world_believe_end(s->svc->w, s);
		s->tr.close(s->tr.tctx);
	}
}

/* What the server end believes (world view). */
static void session_belief(const void *obj, char *buf, size_t size)
{
	const pop3_session_t *s = obj;
	pop3_server_belief(s->srv, buf, size);
}

static uint64_t session_changes(const void *obj)
{
	const pop3_session_t *s = obj;
	return pop3_server_changes(s->srv);
}

static pop3_session_t *session_new(pop3_service_t *svc, const transport_t *tr, const char *peer_name,
				   hop_t hop, uint32_t session, int implicit_tls)
{
	pop3_session_t *s = xcalloc(1, sizeof *s);
	s->svc = svc;
	s->tr = *tr;
	s->peer_name = xstrdup(peer_name);
	s->hop = hop;
	s->session = session;
	pop3_server_config_t cfg = { .hostname = svc->hostname, .offer_stls = svc->w->tls_offer,
				     .tls_active = implicit_tls, .auth_needs_tls = svc->w->tls_auth_only };
	s->srv = pop3_server_new(&cfg, svc->store, &hooks, s);
	s->implicit_tls = implicit_tls;
	s->tls_phase = implicit_tls ? TLS_WAIT_HELLO : TLS_IDLE;
	world_believe(svc->w, VIEW_POP3, 1, session_belief, session_changes, s);
	return s;
}

pop3_session_t *pop3_session_new(pop3_service_t *svc, const transport_t *tr, const char *peer_name,
				 hop_t hop, uint32_t session)
{
	return session_new(svc, tr, peer_name, hop, session, 0);
}

pop3_session_t *pop3_session_new_tls(pop3_service_t *svc, const transport_t *tr, const char *peer_name,
				     hop_t hop, uint32_t session)
{
	return session_new(svc, tr, peer_name, hop, session, 1);
}

void pop3_session_start(pop3_session_t *s)
{
	pop3_server_greet(s->srv, &s->out);
	flush(s);
}

void pop3_session_input(pop3_session_t *s, const char *p, size_t n)
{
	if (s->closed)
		return;
	pop3_server_feed(s->srv, p, n, &s->out);
	flush(s);
}

void pop3_session_lost(pop3_session_t *s)
{
	if (s->closed)
		return;
	s->closed = 1;
	pop3_server_lost(s->srv);
	world_believe_end(s->svc->w, s);
}

int pop3_session_done(const pop3_session_t *s)
{
	return s->closed;
}

void pop3_session_free(pop3_session_t *s)
{
	if (!s)
		return;
	world_believe_end(s->svc->w, s);
	pop3_server_free(s->srv);
	sb_free(&s->out);
	free(s->peer_name);
	free(s);
}

/* ---- simulated connections ------------------------------------------- */

static void tr_send(void *tctx, const char *p, size_t n)
{
	conn_send(tctx, p, n);
}

static void tr_close(void *tctx)
{
	conn_close(tctx);
}

static void on_open(void *ctx, conn_t *c)
{
	pop3_session_t *s = ctx;
	(void)c;
	if (!s->implicit_tls)   /* RFC 8314 3: on 995 the greeting comes inside TLS */
		pop3_session_start(s);
}

static void on_tls(void *ctx, conn_t *c, int msg, const char *info)
{
	pop3_session_t *s = ctx;
	if (s->closed)
		return;
	if (msg == TLSREC_CLIENT_HELLO && s->tls_phase == TLS_WAIT_HELLO) {
		tls_sim_server_hello(s->svc->w, c, info, s->svc->cert_name ? s->svc->cert_name : s->svc->hostname);
		s->tls_phase = TLS_WAIT_FINISHED;
	} else if (msg == TLSREC_CLIENT_FINISHED && s->tls_phase == TLS_WAIT_FINISHED) {
		tls_sim_server_finished(s->svc->w, c);
		s->tls_phase = TLS_ON;
		if (s->implicit_tls)
			pop3_session_start(s);
	}
}

static void on_data(void *ctx, conn_t *c, const char *p, size_t n)
{
	(void)c;
	pop3_session_input(ctx, p, n);
}

static void on_close(void *ctx, conn_t *c)
{
	pop3_session_t *s = ctx;
	if (!s->closed) {
		pop3_session_lost(s);
		conn_close(c);
	}
}

static void on_abort(void *ctx, conn_t *c, const char *why)
{
	(void)c;
	(void)why;
	pop3_session_lost(ctx);
}

static void on_accept(void *ctx, conn_t *c, conn_handlers_t *h, void **hctx)
{
	pop3_service_t *svc = ctx;
	transport_t tr = { .send = tr_send, .close = tr_close, .tctx = c };
	pop3_session_t *s = session_new(svc, &tr, node_name(conn_peer(c)), conn_hop(c), conn_id(c),
					conn_port(c) == 995);
	svc->sessions = xgrow(svc->sessions, svc->nsessions, sizeof *svc->sessions);
	svc->sessions[svc->nsessions++] = s;
	h->on_open = on_open;
	h->on_data = on_data;
	h->on_close = on_close;
	h->on_abort = on_abort;
	h->on_tls = on_tls;
	*hctx = s;
}

pop3_service_t *pop3_service_new(world_t *w, node_t *node, const char *hostname, mailstore_t *store)
{
	pop3_service_t *svc = xcalloc(1, sizeof *svc);
	svc->w = w;
	svc->node = node;
	svc->hostname = xstrdup(hostname);
	svc->store = store;
	return svc;
}

void pop3_service_free(pop3_service_t *svc)
{
	if (!svc)
		return;
	for (size_t i = 0; i < svc->nsessions; i++)
		pop3_session_free(svc->sessions[i]);
	free(svc->sessions);
	free(svc->hostname);
	free(svc->cert_name);
	free(svc);
}

void pop3_service_set_cert_name(pop3_service_t *svc, const char *name)
{
	free(svc->cert_name);
	svc->cert_name = xstrdup(name);
}

void pop3_service_listen(pop3_service_t *svc, int port)
{
	net_listen(svc->node, port, on_accept, svc);
}

const char *pop3_service_last_end(const pop3_service_t *svc)
{
	return svc->last_end;
}
