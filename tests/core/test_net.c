/* test_net.c — the virtual network: handshake timing, delivery after the
 * latency, bytes that never reorder, refused and timed-out connects, close
 * after pending data, aborts, a link that drops mid-stream, hosts going down,
 * and the trace events of all of it. */
#include <stdio.h>
#include <string.h>

#include "core/net.h"
#include "core/rng.h"
#include "core/sched.h"
#include "suites.h"
#include "core/trace.h"

#define L SCHED_MS(10)   /* the latency of the test link */

/* What one end of a connection saw, in order. */
typedef struct rec {
	int64_t t;
	char what[8];        /* "open", "data", "close", "abort" */
	char text[128];      /* data bytes, or the abort reason */
} rec_t;

typedef struct side {
	sched_t *s;
	conn_t *c;
	const char *greeting;   /* sent from on_open */
	rec_t r[32];
	int n;
	int accepts;
} side_t;

typedef struct world {
	sched_t *s;
	trace_t *t;
	rng_t rng;
	net_t *net;
	node_t *cli, *srv;
	side_t client, server;
} world_t;

static void log_rec(side_t *sd, const char *what, const char *p, size_t n)
{
	if (sd->n == 32)
		return;
	rec_t *r = &sd->r[sd->n++];
	r->t = sched_now(sd->s);
	snprintf(r->what, sizeof r->what, "%s", what);
	snprintf(r->text, sizeof r->text, "%.*s", (int)n, p);
}

static void h_open(void *ctx, conn_t *c)
{
	side_t *sd = ctx;
	log_rec(sd, "open", "", 0);
	if (sd->greeting)
		conn_send(c, sd->greeting, strlen(sd->greeting));
}

static void h_data(void *ctx, conn_t *c, const char *p, size_t n)
{
	(void)c;
	log_rec(ctx, "data", p, n);
}

static void h_close(void *ctx, conn_t *c)
{
	(void)c;
	log_rec(ctx, "close", "", 0);
}

static void h_abort(void *ctx, conn_t *c, const char *why)
{
	(void)c;
	log_rec(ctx, "abort", why, strlen(why));
}

static const conn_handlers_t handlers = {
	.on_open = h_open, .on_data = h_data, .on_close = h_close, .on_abort = h_abort,
};

static void accept_fn(void *ctx, conn_t *c, conn_handlers_t *h, void **hctx)
{
	side_t *sd = ctx;
	sd->accepts++;
	sd->c = c;
	*h = handlers;
	*hctx = sd;
}

static void world_init(world_t *w)
{
	memset(w, 0, sizeof *w);
	w->s = sched_new();
	w->t = trace_new(w->s);
	rng_seed(&w->rng, 1);
	w->net = net_new(w->s, w->t, &w->rng);
	w->cli = net_add_node(w->net, "smtp.isp.example", "203.0.113.25");
	w->srv = net_add_node(w->net, "mail.corp.example", "192.0.2.25");
	net_set_latency(w->net, w->cli, w->srv, L);
	net_listen(w->srv, 25, accept_fn, &w->server);
	w->client.s = w->server.s = w->s;
	w->server.greeting = "220 mail.corp.example ESMTP\r\n";
}

static void world_free(world_t *w)
{
	net_free(w->net);
	trace_free(w->t);
	sched_free(w->s);
}

static conn_t *dial(world_t *w, const char *to, int port)
{
	w->client.c = net_connect(w->net, w->cli, to, port, &handlers, &w->client, HOP_3, "SMTP");
	return w->client.c;
}

static void send_str(conn_t *c, const char *s)
{
	conn_send(c, s, strlen(s));
}

/* The first trace event of a kind, or NULL. */
static const trace_event_t *find_ev(const trace_t *t, ev_kind_t kind)
{
	for (size_t i = 0; i < trace_count(t); i++)
		if (trace_get(t, i)->kind == kind)
			return trace_get(t, i);
	return NULL;
}

static int count_ev(const trace_t *t, ev_kind_t kind)
{
	int n = 0;
	for (size_t i = 0; i < trace_count(t); i++)
		n += trace_get(t, i)->kind == kind;
	return n;
}

static void assert_rec(const rec_t *r, int64_t t, const char *what, const char *text)
{
	CU_ASSERT_EQUAL(r->t, t);
	CU_ASSERT_STRING_EQUAL(r->what, what);
	CU_ASSERT_STRING_EQUAL(r->text, text);
}

static void test_handshake_timing_and_trace(void)
{
	world_t w;
	world_init(&w);
	conn_t *c = dial(&w, "mail.corp.example", 25);
	CU_ASSERT_PTR_NOT_NULL_FATAL(c);
	CU_ASSERT_EQUAL(w.client.n + w.server.n, 0);   /* no callback from inside net_connect */
	CU_ASSERT_FALSE(conn_is_open(c));
	sched_run_idle(w.s);
	CU_ASSERT_EQUAL(w.server.accepts, 1);
	CU_ASSERT_EQUAL_FATAL(w.server.n, 1);
	assert_rec(&w.server.r[0], L, "open", "");             /* accepted after one latency */
	CU_ASSERT_EQUAL_FATAL(w.client.n, 2);
	assert_rec(&w.client.r[0], 2 * L, "open", "");         /* one round trip */
	assert_rec(&w.client.r[1], 2 * L, "data", "220 mail.corp.example ESMTP\r\n");
	CU_ASSERT_TRUE(conn_is_open(c));
	CU_ASSERT_PTR_EQUAL(conn_local(c), w.cli);
	CU_ASSERT_PTR_EQUAL(conn_peer(c), w.srv);
	CU_ASSERT_PTR_EQUAL(conn_local(w.server.c), w.srv);
	CU_ASSERT_EQUAL(conn_port(c), 25);
	CU_ASSERT_EQUAL(conn_id(c), conn_id(w.server.c));

	const trace_event_t *ev = find_ev(w.t, EV_CONNECT);
	CU_ASSERT_PTR_NOT_NULL_FATAL(ev);
	CU_ASSERT_STRING_EQUAL(ev->text, "connect to mail.corp.example port 25");
	CU_ASSERT_STRING_EQUAL(ev->from, "smtp.isp.example");
	CU_ASSERT_STRING_EQUAL(ev->to, "mail.corp.example");
	CU_ASSERT_STRING_EQUAL(ev->explain, "tcp:connect");
	CU_ASSERT_STRING_EQUAL(ev->proto, "SMTP");
	CU_ASSERT_EQUAL(ev->hop, HOP_3);
	CU_ASSERT_EQUAL(ev->session, 1);
	CU_ASSERT_EQUAL(ev->t_us, 0);
	ev = find_ev(w.t, EV_ACCEPT);
	CU_ASSERT_PTR_NOT_NULL_FATAL(ev);
	CU_ASSERT_STRING_EQUAL(ev->text, "connection established");
	CU_ASSERT_STRING_EQUAL(ev->explain, "tcp:accept");
	CU_ASSERT_EQUAL(ev->session, 1);
	CU_ASSERT_EQUAL(ev->t_us, L);
	world_free(&w);
}

static void test_delivery_after_latency(void)
{
	world_t w;
	world_init(&w);
	conn_t *c = dial(&w, "192.0.2.25", 25);   /* by address */
	sched_run_idle(w.s);
	sched_run(w.s, SCHED_MS(100), 0);
	send_str(c, "EHLO smtp.isp.example\r\n");
	CU_ASSERT_EQUAL(w.server.n, 1);            /* nothing delivered synchronously */
	sched_run_idle(w.s);
	CU_ASSERT_EQUAL_FATAL(w.server.n, 2);
	assert_rec(&w.server.r[1], SCHED_MS(100) + L, "data", "EHLO smtp.isp.example\r\n");
	/* the slow link multiplies the latency by 50 (the default factor) */
	net_set_link(w.net, w.cli, w.srv, LINK_SLOW);
	CU_ASSERT_EQUAL(net_latency(w.net, w.srv, w.cli), 50 * L);
	send_str(w.server.c, "250 ok\r\n");
	int64_t sent = sched_now(w.s);
	sched_run_idle(w.s);
	assert_rec(&w.client.r[w.client.n - 1], sent + 50 * L, "data", "250 ok\r\n");
	world_free(&w);
}

static void test_bytes_never_reorder(void)
{
	world_t w;
	world_init(&w);
	conn_t *c = dial(&w, "mail.corp.example", 25);
	sched_run_idle(w.s);
	int64_t t0 = sched_now(w.s);
	net_set_link(w.net, w.cli, w.srv, LINK_SLOW);
	send_str(c, "one ");          /* arrives at t0 + 50L */
	net_set_link(w.net, w.cli, w.srv, LINK_UP);
	send_str(c, "two ");          /* would arrive at t0 + L: must wait for "one " */
	send_str(c, "three");
	sched_run_idle(w.s);
	CU_ASSERT_EQUAL_FATAL(w.server.n, 4);
	assert_rec(&w.server.r[1], t0 + 50 * L, "data", "one ");
	assert_rec(&w.server.r[2], t0 + 50 * L, "data", "two ");
	assert_rec(&w.server.r[3], t0 + 50 * L, "data", "three");
	world_free(&w);
}

/* { how the path is broken, abort reason, when, trace kind, explanation } */
static void break_host(world_t *w) { node_set_up(w->srv, 0); }
static void break_link(world_t *w) { net_set_link(w->net, w->cli, w->srv, LINK_DOWN); }
static void break_nothing(world_t *w) { (void)w; }

static void test_connect_failures(void)
{
	static const struct {
		const char *name;
		void (*breakit)(world_t *);
		const char *to;
		int port;
		int64_t when;
		const char *why, *key, *text;
	} table[] = {
		{ "host down", break_host, "mail.corp.example", 25, NET_CONNECT_TIMEOUT_US,
		  "connection timed out", "tcp:timeout", "connection timed out after 30s" },
		{ "link down", break_link, "mail.corp.example", 25, NET_CONNECT_TIMEOUT_US,
		  "connection timed out", "tcp:timeout", "connection timed out after 30s" },
		{ "closed port", break_nothing, "mail.corp.example", 110, 2 * L,
		  "connection refused", "tcp:refused", "connection refused" },
		{ "unknown host", break_nothing, "192.0.2.99", 25, NET_CONNECT_TIMEOUT_US,
		  "connection timed out", "tcp:timeout", "connection timed out after 30s" },
	};
	for (size_t i = 0; i < sizeof table / sizeof table[0]; i++) {
		world_t w;
		world_init(&w);
		table[i].breakit(&w);
		conn_t *c = dial(&w, table[i].to, table[i].port);
		CU_ASSERT_EQUAL(c == NULL, strcmp(table[i].name, "unknown host") == 0);
		CU_ASSERT_EQUAL(w.client.n, 0);
		sched_run_idle(w.s);
		CU_ASSERT_EQUAL(w.server.accepts, 0);
		CU_ASSERT_EQUAL_FATAL(w.client.n, 1);
		assert_rec(&w.client.r[0], table[i].when, "abort", table[i].why);
		const trace_event_t *ev = find_ev(w.t, EV_REFUSED);
		CU_ASSERT_PTR_NOT_NULL_FATAL(ev);
		CU_ASSERT_STRING_EQUAL(ev->explain, table[i].key);
		CU_ASSERT_STRING_EQUAL(ev->text, table[i].text);
		CU_ASSERT_EQUAL(ev->t_us, table[i].when);
		CU_ASSERT_EQUAL(ev->session, 1);
		CU_ASSERT_PTR_NOT_NULL(find_ev(w.t, EV_CONNECT));
		CU_ASSERT_PTR_NULL(find_ev(w.t, EV_ACCEPT));
		world_free(&w);
	}
}

static void test_host_down_and_up_traced(void)
{
	world_t w;
	world_init(&w);
	node_set_up(w.srv, 0);
	node_set_up(w.srv, 0);   /* no change: not traced again */
	CU_ASSERT_FALSE(node_is_up(w.srv));
	CU_ASSERT_EQUAL(count_ev(w.t, EV_FAULT), 1);
	const trace_event_t *ev = find_ev(w.t, EV_FAULT);
	CU_ASSERT_STRING_EQUAL(ev->explain, "net:host-down");
	CU_ASSERT_STRING_EQUAL(ev->text, "mail.corp.example is down");
	/* the SYN in flight meets a host that went down: time out */
	node_set_up(w.srv, 1);
	dial(&w, "mail.corp.example", 25);
	sched_run(w.s, L / 2, 0);
	node_set_up(w.srv, 0);
	sched_run_idle(w.s);
	CU_ASSERT_EQUAL(w.server.accepts, 0);
	CU_ASSERT_EQUAL_FATAL(w.client.n, 1);
	assert_rec(&w.client.r[0], NET_CONNECT_TIMEOUT_US, "abort", "connection timed out");
	CU_ASSERT_STRING_EQUAL(trace_get(w.t, 1)->explain, "net:host-up");
	world_free(&w);
}

static void test_close_after_pending_data(void)
{
	world_t w;
	world_init(&w);
	conn_t *c = dial(&w, "mail.corp.example", 25);
	sched_run_idle(w.s);
	int64_t t0 = sched_now(w.s);
	net_set_link(w.net, w.cli, w.srv, LINK_SLOW);
	send_str(w.server.c, "221 2.0.0 Bye\r\n");
	net_set_link(w.net, w.cli, w.srv, LINK_UP);
	conn_close(w.server.c);
	send_str(w.server.c, "ignored after close");
	CU_ASSERT_FALSE(conn_is_open(w.server.c));
	sched_run_idle(w.s);
	CU_ASSERT_EQUAL_FATAL(w.client.n, 4);
	assert_rec(&w.client.r[2], t0 + 50 * L, "data", "221 2.0.0 Bye\r\n");
	assert_rec(&w.client.r[3], t0 + 50 * L, "close", "");
	CU_ASSERT_FALSE(conn_is_open(c));
	conn_close(c);   /* the other side closes too: no callback to the closed server */
	send_str(c, "too late");
	sched_run_idle(w.s);
	CU_ASSERT_EQUAL(w.server.n, 1);
	CU_ASSERT_EQUAL(count_ev(w.t, EV_CLOSE), 1);
	const trace_event_t *ev = find_ev(w.t, EV_CLOSE);
	CU_ASSERT_STRING_EQUAL(ev->explain, "tcp:close");
	CU_ASSERT_STRING_EQUAL(ev->from, "mail.corp.example");
	CU_ASSERT_EQUAL(ev->t_us, t0);
	world_free(&w);
}

static void test_abort_seen_by_peer_only(void)
{
	world_t w;
	world_init(&w);
	conn_t *c = dial(&w, "mail.corp.example", 25);
	sched_run_idle(w.s);
	int64_t t0 = sched_now(w.s);
	conn_abort(c, "client vanished");
	send_str(c, "ignored");
	send_str(w.server.c, "+OK also lost\r\n");   /* still allowed: the RST is on its way */
	sched_run_idle(w.s);
	CU_ASSERT_EQUAL(w.client.n, 2);               /* open and greeting; no abort callback */
	CU_ASSERT_EQUAL_FATAL(w.server.n, 2);
	assert_rec(&w.server.r[1], t0 + L, "abort", "connection lost");
	const trace_event_t *ev = find_ev(w.t, EV_ABORT);
	CU_ASSERT_PTR_NOT_NULL_FATAL(ev);
	CU_ASSERT_STRING_EQUAL(ev->text, "client vanished");
	CU_ASSERT_STRING_EQUAL(ev->explain, "tcp:abort");
	CU_ASSERT_STRING_EQUAL(ev->from, "smtp.isp.example");
	CU_ASSERT_EQUAL(ev->t_us, t0);
	world_free(&w);
}

/* After conn_close an end gets no callback at all, whatever the peer does. */
static void test_closed_end_hears_nothing(void)
{
	world_t w;
	world_init(&w);
	conn_t *c = dial(&w, "mail.corp.example", 25);
	sched_run_idle(w.s);
	conn_close(c);
	send_str(w.server.c, "250 in flight\r\n");
	conn_abort(w.server.c, "server crashed");
	node_set_up(w.cli, 0);
	sched_run_idle(w.s);
	CU_ASSERT_EQUAL(w.client.n, 2);   /* open and greeting only */
	CU_ASSERT_EQUAL(w.server.n, 1);   /* open only: the aborting side hears nothing */
	CU_ASSERT_EQUAL(count_ev(w.t, EV_CLOSE), 1);
	CU_ASSERT_EQUAL(count_ev(w.t, EV_ABORT), 1);
	world_free(&w);
}

static void test_drop_mid_stream_both_ends(void)
{
	world_t w;
	world_init(&w);
	conn_t *c = dial(&w, "mail.corp.example", 25);
	sched_run_idle(w.s);
	net_drop_after(w.net, w.cli, w.srv, 10);
	const trace_event_t *fault = find_ev(w.t, EV_FAULT);
	CU_ASSERT_PTR_NOT_NULL_FATAL(fault);
	CU_ASSERT_STRING_EQUAL(fault->explain, "net:link-drop");
	int64_t t0 = sched_now(w.s);
	send_str(c, "DATA\r\n");                 /* 6 of 10 */
	send_str(c, "Subject: hi\r\n");          /* 4 more cross, then the link drops */
	send_str(c, "never\r\n");
	send_str(w.server.c, "never either\r\n");
	CU_ASSERT_FALSE(conn_is_open(c));
	sched_run_idle(w.s);
	CU_ASSERT_EQUAL_FATAL(w.server.n, 4);
	assert_rec(&w.server.r[1], t0 + L, "data", "DATA\r\n");
	assert_rec(&w.server.r[2], t0 + L, "data", "Subj");
	assert_rec(&w.server.r[3], t0 + L, "abort", "connection lost: link down");
	CU_ASSERT_EQUAL_FATAL(w.client.n, 3);
	assert_rec(&w.client.r[2], t0 + L, "abort", "connection lost: link down");
	CU_ASSERT_FALSE(conn_is_open(w.server.c));
	const trace_event_t *ev = find_ev(w.t, EV_ABORT);
	CU_ASSERT_PTR_NOT_NULL_FATAL(ev);
	CU_ASSERT_STRING_EQUAL(ev->text, "connection lost: link down");
	CU_ASSERT_EQUAL(ev->t_us, t0 + L);
	CU_ASSERT_EQUAL(count_ev(w.t, EV_ABORT), 1);
	/* one shot: the next connection carries everything */
	memset(&w.server.r, 0, sizeof w.server.r);
	w.server.n = 0;
	conn_t *c2 = dial(&w, "mail.corp.example", 25);
	sched_run_idle(w.s);
	send_str(c2, "a long line that is longer than ten bytes\r\n");
	sched_run_idle(w.s);
	CU_ASSERT_EQUAL_FATAL(w.server.n, 2);
	CU_ASSERT_STRING_EQUAL(w.server.r[1].text, "a long line that is longer than ten bytes\r\n");
	CU_ASSERT_STRING_EQUAL(w.client.r[w.client.n - 1].text, "220 mail.corp.example ESMTP\r\n");
	CU_ASSERT_TRUE(conn_is_open(c2));
	CU_ASSERT_EQUAL(conn_id(c2), 2);
	world_free(&w);
}

static void test_host_down_aborts_open_connections(void)
{
	world_t w;
	world_init(&w);
	conn_t *c = dial(&w, "mail.corp.example", 25);
	sched_run_idle(w.s);
	int64_t t0 = sched_now(w.s);
	send_str(c, "RCPT TO:<boss@corp.example>\r\n");
	node_set_up(w.srv, 0);
	sched_run_idle(w.s);
	CU_ASSERT_EQUAL_FATAL(w.client.n, 3);
	assert_rec(&w.client.r[2], t0 + L, "abort", "connection lost");
	CU_ASSERT_EQUAL_FATAL(w.server.n, 2);   /* the line in flight never arrives */
	assert_rec(&w.server.r[1], t0, "abort", "host down");
	const trace_event_t *ev = find_ev(w.t, EV_ABORT);
	CU_ASSERT_PTR_NOT_NULL_FATAL(ev);
	CU_ASSERT_STRING_EQUAL(ev->text, "connection lost: mail.corp.example is down");
	CU_ASSERT_FALSE(conn_is_open(c));
	world_free(&w);
}

static void test_link_down_aborts_open_connections(void)
{
	world_t w;
	world_init(&w);
	conn_t *c = dial(&w, "mail.corp.example", 25);
	sched_run_idle(w.s);
	int64_t t0 = sched_now(w.s);
	net_set_link(w.net, w.srv, w.cli, LINK_DOWN);   /* either order names the link */
	CU_ASSERT_EQUAL(net_link_state(w.net, w.cli, w.srv), LINK_DOWN);
	CU_ASSERT_FALSE(net_reachable(w.net, w.cli, w.srv));
	send_str(c, "ignored");
	sched_run_idle(w.s);
	assert_rec(&w.client.r[w.client.n - 1], t0, "abort", "connection lost: link down");
	assert_rec(&w.server.r[w.server.n - 1], t0, "abort", "connection lost: link down");
	const trace_event_t *f = find_ev(w.t, EV_FAULT);
	CU_ASSERT_STRING_EQUAL(f->explain, "net:link-down");
	CU_ASSERT_STRING_EQUAL(f->text, "link mail.corp.example - smtp.isp.example is down");
	net_set_link(w.net, w.cli, w.srv, LINK_UP);
	CU_ASSERT_STRING_EQUAL(trace_get(w.t, trace_count(w.t) - 1)->explain, "net:link-up");
	world_free(&w);
}

static void test_sessions_and_hops(void)
{
	world_t w;
	world_init(&w);
	net_listen(w.srv, 110, accept_fn, &w.server);
	conn_t *a = net_connect(w.net, w.cli, "mail.corp.example", 25, &handlers, &w.client, HOP_3, "SMTP");
	conn_t *b = net_connect(w.net, w.cli, "mail.corp.example", 110, &handlers, &w.client, HOP_5A, "POP3");
	CU_ASSERT_EQUAL(conn_id(a), 1);
	CU_ASSERT_EQUAL(conn_id(b), 2);
	sched_run_idle(w.s);
	CU_ASSERT_EQUAL(conn_hop(b), HOP_5A);
	conn_set_hop(b, HOP_5B);
	CU_ASSERT_EQUAL(conn_hop(w.server.c), HOP_5B);   /* both ends share it */
	conn_close(b);
	const trace_event_t *ev = find_ev(w.t, EV_CLOSE);
	CU_ASSERT_PTR_NOT_NULL_FATAL(ev);
	CU_ASSERT_EQUAL(ev->hop, HOP_5B);
	CU_ASSERT_EQUAL(ev->session, 2);
	CU_ASSERT_STRING_EQUAL(ev->proto, "POP3");
	world_free(&w);
}

static void test_nodes_and_latency(void)
{
	world_t w;
	world_init(&w);
	CU_ASSERT_PTR_EQUAL(net_find(w.net, "MAIL.corp.example."), w.srv);
	CU_ASSERT_PTR_EQUAL(net_find(w.net, "203.0.113.25"), w.cli);
	CU_ASSERT_PTR_NULL(net_find(w.net, "nowhere.example"));
	CU_ASSERT_PTR_NULL(net_find(w.net, ""));
	CU_ASSERT_STRING_EQUAL(node_name(w.srv), "mail.corp.example");
	CU_ASSERT_STRING_EQUAL(node_addr(w.srv), "192.0.2.25");
	node_t *ns = net_add_node(w.net, "ns.isp.example", "203.0.113.53");
	CU_ASSERT_EQUAL(net_latency(w.net, w.cli, ns), NET_DEFAULT_LATENCY_US);
	CU_ASSERT_EQUAL(net_latency(w.net, w.srv, w.cli), L);           /* symmetric */
	net_set_slow_factor(w.net, w.cli, w.srv, 3);
	net_set_link(w.net, w.cli, w.srv, LINK_SLOW);
	CU_ASSERT_EQUAL(net_latency(w.net, w.cli, w.srv), 3 * L);
	net_set_link(w.net, w.cli, w.srv, LINK_UP);
	CU_ASSERT_EQUAL(net_latency(w.net, w.cli, w.srv), L);
	CU_ASSERT_PTR_EQUAL(net_sched(w.net), w.s);
	CU_ASSERT_PTR_EQUAL(net_trace(w.net), w.t);
	world_free(&w);
}

CU_TestInfo net_tests[] = {
	{ "connect: accept after L, open after 2L, traced", test_handshake_timing_and_trace },
	{ "bytes arrive after the latency", test_delivery_after_latency },
	{ "bytes never reorder when the latency drops", test_bytes_never_reorder },
	{ "down host, down link, closed port, unknown host", test_connect_failures },
	{ "host down/up traced; a SYN in flight times out", test_host_down_and_up_traced },
	{ "close arrives after the data sent before it", test_close_after_pending_data },
	{ "abort: the peer sees it, the caller does not", test_abort_seen_by_peer_only },
	{ "a closed end hears nothing more", test_closed_end_hears_nothing },
	{ "drop after N bytes: both ends, nothing after", test_drop_mid_stream_both_ends },
	{ "a host going down aborts its connections", test_host_down_aborts_open_connections },
	{ "a link going down aborts its connections", test_link_down_aborts_open_connections },
	{ "session numbers, hops and protocols on events", test_sessions_and_hops },
	{ "nodes by name or address; latency", test_nodes_and_latency },
	CU_TEST_INFO_NULL,
};
