/* net_conn.c — connections of the virtual network: the connect handshake,
 * byte streams that arrive after the link latency in order, orderly close,
 * aborts, and what link and host faults do to open connections. The timing
 * rules are written out at the top of net.c.
 *
 * A connection is a pair of ends; conn_t is one end (end[0] the client,
 * end[1] the server). Bytes and the FIN travel as segments queued on the
 * receiving end; each segment has one scheduled delivery event, and since
 * arrival times never decrease and ties run FIFO, events and queue agree.
 *
 * For the capture tap (net.h) each end also counts, as TCP would, what it has
 * sent and received; tap_segment() turns that into relative sequence and
 * acknowledgement numbers. The tap only watches: it changes no timing. */
#include <assert.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "core/net.h"
#include "core/net_conn_int.h"
#include "core/net_internal.h"
#include "core/sched.h"
#include "core/tls_record.h"
#include "core/util.h"

#define WHY_LOST "connection lost"
#define WHY_LINK_DOWN "connection lost: link down"
#define WHY_HOST_DOWN "host down"
#define WHY_REFUSED "connection refused"
#define WHY_TIMEOUT "connection timed out"

/* ---- helpers ---- */

static conn_t *peer_of(conn_t *c)
{
	return &c->pair->end[1 - c->side];
}

static int64_t now(const net_t *n)
{
	return sched_now(n->sched);
}

static int64_t latency(net_t *n, const pair_t *p)
{
	return net_latency(n, p->end[0].local, p->end[1].local);
}

static const char *end_name(const conn_t *c)
{
	return c->local ? c->local->name : c->pair->to_name;
}

static void tcp_event(const conn_t *from, ev_kind_t kind, const char *key, const char *text)
{
	pair_t *p = from->pair;
	if (!p->net->trace)
		return;
	const conn_t *to = &p->end[1 - from->side];
	trace_meta_t m = { .hop = p->hop, .kind = kind, .proto = p->proto,
			   .from = end_name(from), .to = end_name(to), .explain = key,
			   .session = p->id };
	trace_emit_text(p->net->trace, &m, text, strlen(text));
}

/* Hand the segment this end sends now to the tap, if there is one. */
static void tap_segment(conn_t *from, unsigned flags, const char *data, size_t len)
{
	pair_t *p = from->pair;
	void *ctx;
	net_tap_fn tap = net_tap(p->net, &ctx);
	const conn_t *to = &p->end[1 - from->side];
	if (!tap || !from->local || !to->local)
		return;   /* no tap, or an unknown host: nothing on the wire */
	int client_port = NET_EPHEMERAL_PORT(p->id);
	net_segment_t seg = {
		.t_us = now(p->net), .conn = p->id, .src = from->local, .dst = to->local,
		.sport = from->side == 0 ? client_port : p->port,
		.dport = from->side == 0 ? p->port : client_port,
		.flags = flags,
		/* RFC 9293 3.4: SYN and FIN each take one sequence number */
		.seq = from->syn_sent ? 1 + from->tx + from->fin_sent : 0,
		.ack = flags & NET_TCP_ACK ? 1 + from->rx + from->fin_rcvd : 0,
		.data = data, .len = len,
	};
	if (flags & NET_TCP_SYN)
		from->syn_sent = 1;
	if (flags & NET_TCP_FIN)
		from->fin_sent = 1;
	from->tx += (uint32_t)len;
	tap(ctx, &seg);
}

/* May this end still hear from the network? */
static int listening(const conn_t *c)
{
	return !c->dead && !c->closed && (c->side == 0 || c->open);
}

static void deliver_abort(conn_t *c, const char *why)
{
	int call = listening(c);
	c->dead = c->doomed = 1;
	if (call && c->h.on_abort)
		c->h.on_abort(c->hctx, c, why);
}

COUNTED(ev_abort_lost, 0)
static void ev_abort_lost_run(void *arg)
{
	deliver_abort(arg, WHY_LOST);
}

COUNTED(ev_abort_link_down, 0)
static void ev_abort_link_down_run(void *arg)
{
	deliver_abort(arg, WHY_LINK_DOWN);
}

COUNTED(ev_abort_host_down, 0)
static void ev_abort_host_down_run(void *arg)
{
	deliver_abort(arg, WHY_HOST_DOWN);
}

/* ---- segments ---- */

COUNTED(ev_segment, 0)
static void ev_segment_run(void *arg)
{
	conn_t *c = arg;
	seg_t *s = c->head;
	assert(s);
	c->head = s->next;
	if (!c->head)
		c->tail = NULL;
	if (!c->dead) {
		/* TCP takes the bytes whatever the application does; a FIN is acked */
		c->rx += (uint32_t)s->wire;
		if (s->fin) {
			c->fin_rcvd = 1;
			tap_segment(c, NET_TCP_ACK, NULL, 0);
		}
	}
	if (listening(c) && c->open) {
		if (s->fin) {
			c->got_fin = 1;
			if (c->h.on_close)
				c->h.on_close(c->hctx, c);
		} else if (s->msg) {
			if (c->h.on_tls)
				c->h.on_tls(c->hctx, c, s->msg, s->info ? s->info : "");
		} else if (s->len && c->h.on_data) {
			c->h.on_data(c->hctx, c, s->data, s->len);
		}
	}
	free(s->info);
	free(s);
}

/* Queue bytes (or the FIN) towards `to`; returns the arrival time. wire is
 * what TCP counts (the TLS records), len what the application receives. */
static int64_t enqueue_wire(conn_t *to, int fin, const char *p, size_t len, size_t wire)
{
	net_t *n = to->pair->net;
	seg_t *s = xmalloc(sizeof *s + len);
	s->next = NULL;
	s->fin = fin;
	s->msg = 0;
	s->info = NULL;
	s->wire = wire;
	s->len = len;
	if (len)
		memcpy(s->data, p, len);
	if (to->tail)
		to->tail->next = s;
	else
		to->head = s;
	to->tail = s;
	int64_t at = now(n) + latency(n, to->pair);
	if (at < to->last_arrival)
		at = to->last_arrival;   /* bytes never overtake earlier bytes */
	to->last_arrival = at;
	net_pair_at(to->pair, at, ev_segment, to);
	return at;
}

static int64_t enqueue(conn_t *to, int fin, const char *p, size_t len)
{
	return enqueue_wire(to, fin, p, len, len);
}

/* ---- connecting ---- */

COUNTED(ev_timeout, 0)
static void ev_timeout_run(void *arg)
{
	conn_t *c = arg;
	if (c->dead)
		return;
	char text[64];
	snprintf(text, sizeof text, "connection timed out after %llds",
		 (long long)(NET_CONNECT_TIMEOUT_US / 1000000));
	tcp_event(c, EV_REFUSED, "tcp:timeout", text);
	deliver_abort(c, WHY_TIMEOUT);
}

COUNTED(ev_refused, 0)
static void ev_refused_run(void *arg)
{
	conn_t *c = arg;
	if (c->dead)
		return;
	tcp_event(peer_of(c), EV_REFUSED, "tcp:refused", "connection refused");
	deliver_abort(c, WHY_REFUSED);
}

COUNTED(ev_established, 0)
static void ev_established_run(void *arg)
{
	conn_t *c = arg;
	if (!c->dead)
		tap_segment(c, NET_TCP_ACK, NULL, 0);   /* the handshake's third segment */
	if (c->dead || c->closed)
		return;
	c->open = 1;
	if (c->h.on_open)
		c->h.on_open(c->hctx, c);
}

static void schedule_timeout(pair_t *p)
{
	net_pair_at(p, p->t_connect + NET_CONNECT_TIMEOUT_US, ev_timeout, &p->end[0]);
}

/* The SYN reaches the server. */
COUNTED(ev_syn, 1)
static void ev_syn_run(void *arg)
{
	pair_t *p = arg;
	net_t *n = p->net;
	conn_t *cl = &p->end[0], *sv = &p->end[1];
	if (cl->dead)
		return;   /* the client vanished before its SYN arrived */
	if (!net_reachable(n, cl->local, sv->local)) {
		schedule_timeout(p);
		return;
	}
	const listener_t *ls = net_listener(sv->local, p->port);
	if (!ls) {
		tap_segment(sv, NET_TCP_RST | NET_TCP_ACK, NULL, 0);
		net_pair_at(p, now(n) + latency(n, p), ev_refused, cl);
		return;
	}
	tap_segment(sv, NET_TCP_SYN | NET_TCP_ACK, NULL, 0);
	sv->open = 1;
	ls->fn(ls->ctx, sv, &sv->h, &sv->hctx);
	tcp_event(sv, EV_ACCEPT, "tcp:accept", "connection established");
	net_pair_at(p, now(n) + latency(n, p), ev_established, cl);
	if (listening(sv) && sv->h.on_open)
		sv->h.on_open(sv->hctx, sv);
}

static pair_t *new_pair(net_t *n, node_t *from, node_t *to, const char *to_name, int port,
			hop_t hop, const char *proto)
{
	pair_t *p = xcalloc(1, sizeof *p);
	p->net = n;
	p->id = ++n->next_id;
	p->slot = n->npairs;
	p->hop = hop;
	p->proto = proto ? proto : "";
	p->port = port;
	p->t_connect = now(n);
	p->to_name = xstrdup(to ? to->name : to_name);
	for (int side = 0; side < 2; side++) {
		p->end[side].pair = p;
		p->end[side].side = side;
	}
	p->end[0].local = from;
	p->end[1].local = to;
	if (n->npairs == n->cappairs) {
		n->cappairs = n->cappairs ? n->cappairs * 2 : 64;
		n->pairs = xrealloc(n->pairs, n->cappairs * sizeof *n->pairs);
	}
	n->pairs[n->npairs++] = p;
	n->nlive++;
	return p;
}

conn_t *net_connect(net_t *n, node_t *from, const char *to, int port,
		    const conn_handlers_t *h, void *ctx, hop_t hop, const char *proto)
{
	assert(from && to && h);
	node_t *srv = net_find(n, to);
	pair_t *p = new_pair(n, from, srv, to, port, hop, proto);
	conn_t *c = &p->end[0];
	c->h = *h;
	c->hctx = ctx;
	char text[400];
	snprintf(text, sizeof text, "connect to %s port %d", p->to_name, port);
	tcp_event(c, EV_CONNECT, "tcp:connect", text);
	if (from->up)
		tap_segment(c, NET_TCP_SYN, NULL, 0);   /* sent, even if it is lost */
	if (!srv || !net_reachable(n, from, srv)) {
		/* nobody answers: the SYN is lost and the client times out */
		schedule_timeout(p);
		return srv ? c : NULL;
	}
	net_pair_at(p, now(n) + latency(n, p), ev_syn, p);
	return c;
}

/* ---- sending, closing, aborting ---- */

COUNTED(ev_drop, 1)
static void ev_drop_run(void *arg)
{
	pair_t *p = arg;
	conn_t *recv = &p->end[p->drop_recv], *send = peer_of(recv);
	tcp_event(send, EV_ABORT, "tcp:abort", WHY_LINK_DOWN);
	if (!recv->dead)
		tap_segment(recv, NET_TCP_RST | NET_TCP_ACK, NULL, 0);
	deliver_abort(recv, WHY_LINK_DOWN);
	deliver_abort(send, WHY_LINK_DOWN);
}

static int crosses(const pair_t *p, const link_t *l)
{
	const node_t *a = p->end[0].local, *b = p->end[1].local;
	return (a == l->a && b == l->b) || (a == l->b && b == l->a);
}

/* Still carrying something: not finished by both sides, not aborted. */
static int alive(const pair_t *p)
{
	return !p->end[0].doomed && !p->end[1].doomed &&
	       !(p->end[0].closed && p->end[1].closed);
}

/* The link's byte budget ran out while `recv` was receiving. */
static void drop_link(net_t *n, const link_t *l, conn_t *recv)
{
	for (size_t i = 0; i < n->npairs; i++) {
		pair_t *p = n->pairs[i];
		if (!p || !crosses(p, l) || !alive(p) || (!p->end[1].open && p != recv->pair))
			continue;
		p->drop_recv = p == recv->pair ? recv->side : 1;
		int64_t at = now(n) + latency(n, p);
		int64_t last = p->end[p->drop_recv].last_arrival;
		p->end[0].doomed = p->end[1].doomed = 1;
		net_pair_at(p, at > last ? at : last, ev_drop, p);
	}
}

/* Put wire octets on the link; the peer gets p/len (or, for a handshake
 * message, msg and info). A link's byte budget counts wire octets; a cut
 * TLS record cannot be decrypted, so the peer then gets nothing of it. */
static void send_wire(conn_t *c, const char *wire, size_t wlen, const char *p, size_t len,
		      int msg, const char *info)
{
	conn_t *peer = peer_of(c);
	link_t *l = net_link_find(c->pair->net, c->local, peer->local);
	int plain = wire == p;
	if (l && l->drop_left) {
		if (wlen < l->drop_left) {
			l->drop_left -= wlen;
		} else {
			size_t cut = l->drop_left;
			l->drop_left = 0;   /* one shot */
			tap_segment(c, NET_TCP_ACK | NET_TCP_PSH, wire, cut);   /* the rest is lost */
			enqueue_wire(peer, 0, p, plain ? cut : 0, cut);
			drop_link(c->pair->net, l, peer);
			return;
		}
	}
	tap_segment(c, NET_TCP_ACK | NET_TCP_PSH, wire, wlen);
	enqueue_wire(peer, 0, p, len, wlen);
	if (msg) {
		peer->tail->msg = msg;
		peer->tail->info = xstrdup(info ? info : "");
	}
}

static uint64_t tls_seed(const conn_t *c)
{
	return ((uint64_t)c->pair->id << 33) ^ ((uint64_t)c->side << 32) ^ c->tx;
}

void conn_send(conn_t *c, const char *p, size_t len)
{
	if (c->dead || c->doomed || c->closed || c->got_fin || len == 0)
		return;
	if (!c->tls) {
		send_wire(c, p, len, p, len, 0, NULL);
		return;
	}
	strbuf_t rec = STRBUF_INIT;
	tlsrec_app_data(&rec, len, tls_seed(c));
	send_wire(c, rec.buf, rec.len, p, len, 0, NULL);
	sb_free(&rec);
}

void conn_send_tls(conn_t *c, int msg, const char *info, const char *wire, size_t wlen)
{
	if (c->dead || c->doomed || c->closed || c->got_fin || wlen == 0)
		return;
	send_wire(c, wire, wlen, NULL, 0, msg, info);
}

void conn_set_tls(conn_t *c, int on)
{
	c->tls = on != 0;
}

int conn_tls(const conn_t *c)
{
	return c->tls;
}

void conn_close(conn_t *c)
{
	if (c->dead || c->closed)
		return;
	c->closed = 1;
	if (c->doomed) {
		net_pair_maybe_reap(c->pair);
		return;
	}
	if (!c->pair->close_traced) {
		c->pair->close_traced = 1;
		tcp_event(c, EV_CLOSE, "tcp:close", "connection closed");
	}
	tap_segment(c, NET_TCP_FIN | NET_TCP_ACK, NULL, 0);
	enqueue(peer_of(c), 1, NULL, 0);
	net_pair_maybe_reap(c->pair);
}

void conn_abort(conn_t *c, const char *why)
{
	if (c->dead)
		return;
	int was_doomed = c->doomed;
	c->dead = c->doomed = 1;
	conn_t *peer = peer_of(c);
	net_pair_maybe_reap(c->pair);
	if (was_doomed || peer->dead)
		return;
	tcp_event(c, EV_ABORT, "tcp:abort", why && *why ? why : WHY_LOST);
	tap_segment(c, NET_TCP_RST | NET_TCP_ACK, NULL, 0);
	peer->doomed = 1;
	net_pair_at(c->pair, now(c->pair->net) + latency(c->pair->net, c->pair), ev_abort_lost, peer);
}

/* ---- faults on open connections ---- */

void net_conn_link_down(net_t *n, link_t *l)
{
	for (size_t i = 0; i < n->npairs; i++) {
		pair_t *p = n->pairs[i];
		if (!p || !crosses(p, l) || !alive(p) || !p->end[1].open)
			continue;   /* a pending SYN finds the link down and times out */
		tcp_event(&p->end[0], EV_ABORT, "tcp:abort", WHY_LINK_DOWN);
		if (!p->end[0].dead)
			tap_segment(&p->end[0], NET_TCP_RST | NET_TCP_ACK, NULL, 0);
		for (int side = 0; side < 2; side++) {
			p->end[side].doomed = 1;
			net_pair_at(p, now(n), ev_abort_link_down, &p->end[side]);
		}
	}
}

void net_conn_host_down(net_t *n, node_t *nd)
{
	for (size_t i = 0; i < n->npairs; i++) {
		pair_t *p = n->pairs[i];
		if (!p || (p->end[0].local != nd && p->end[1].local != nd) || !alive(p))
			continue;
		if (!p->end[1].open && p->end[1].local == nd)
			continue;   /* the SYN finds the server down and times out */
		conn_t *here = p->end[0].local == nd ? &p->end[0] : &p->end[1];
		char text[300];
		snprintf(text, sizeof text, "connection lost: %s is down", nd->name);
		tcp_event(here, EV_ABORT, "tcp:abort", text);
		conn_t *there = peer_of(here);
		if (!there->dead && there->local && there->local->up)
			tap_segment(there, NET_TCP_RST | NET_TCP_ACK, NULL, 0);
		for (int side = 0; side < 2; side++) {
			conn_t *c = &p->end[side];
			c->doomed = 1;
			if (c->local == nd)
				net_pair_at(c->pair, now(n), ev_abort_host_down, c);
			else
				net_pair_at(p, now(n) + latency(n, p), ev_abort_lost, c);
		}
	}
}

