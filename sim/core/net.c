/* net.c — the virtual network: nodes, links, connections carrying bytes.
 *
 * Timing (L = the link's latency, times the slow factor when LINK_SLOW):
 *   net_connect at t0     EV_CONNECT; the SYN reaches the server at t0 + L.
 *   server, at t0 + L     listener found: accept fn, EV_ACCEPT, server on_open.
 *   client, at t0 + 2L    on_open (one round trip).
 *   no listener           client on_abort "connection refused" at t0 + 2L, EV_REFUSED.
 *   host or link down     (at t0 or when the SYN arrives): client on_abort
 *                         "connection timed out" at t0 + NET_CONNECT_TIMEOUT_US.
 *   unknown host          net_connect returns NULL, and the placeholder
 *                         connection it made times out as above.
 *   conn_send at t        the bytes reach the peer at max(t + L, the previous
 *                         arrival in that direction): they never reorder.
 *   conn_close at t       EV_CLOSE (first close only); the peer gets on_close
 *                         after every byte sent before it.
 *   conn_abort(c) at t    EV_ABORT; the caller gets no callback; the peer gets
 *                         on_abort "connection lost" at t + L.
 *   link drop after N     the N-th byte still arrives; at its arrival time
 *                         EV_ABORT and BOTH ends get on_abort "connection lost:
 *                         link down"; nothing sent later is delivered. Other
 *                         connections on the link die at now + L. One shot.
 *   link set DOWN         connections across it: EV_ABORT, both ends get
 *                         on_abort "connection lost: link down" now.
 *   host set down         its connections: EV_ABORT; its own ends get on_abort
 *                         "host down" now, the peers "connection lost" at + L.
 * Every callback runs from a scheduled event, never from inside conn_send,
 * conn_close, conn_abort or net_connect. An end that called conn_close or
 * conn_abort gets no more callbacks; a closed or aborted end ignores
 * conn_send. A server end gets callbacks only once accepted. Connections stay
 * allocated until net_free, so pointers held by pending events stay valid
 * (the scheduler must not run again after net_free). */
#include "core/net.h"

#include <assert.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "core/net_internal.h"
#include "core/sched.h"
#include "core/util.h"

/* ---- links ---- */

static link_t *find_link(net_t *n, const node_t *a, const node_t *b, int create)
{
	for (size_t i = 0; i < n->nlinks; i++) {
		link_t *l = &n->links[i];
		if ((l->a == a && l->b == b) || (l->a == b && l->b == a))
			return l;
	}
	if (!create)
		return NULL;
	n->links = xgrow(n->links, n->nlinks, sizeof *n->links);
	link_t *l = &n->links[n->nlinks++];
	*l = (link_t){ .a = (node_t *)a, .b = (node_t *)b, .latency = NET_DEFAULT_LATENCY_US,
		       .state = LINK_UP, .slow = NET_SLOW_FACTOR_DEFAULT };
	return l;
}

link_t *net_link_find(net_t *n, const node_t *a, const node_t *b)
{
	return find_link(n, a, b, 0);
}

int64_t net_latency(net_t *n, const node_t *a, const node_t *b)
{
	const link_t *l = find_link(n, a, b, 0);
	if (!l)
		return NET_DEFAULT_LATENCY_US;
	return l->state == LINK_SLOW ? l->latency * l->slow : l->latency;
}

link_state_t net_link_state(net_t *n, const node_t *a, const node_t *b)
{
	const link_t *l = find_link(n, a, b, 0);
	return l ? l->state : LINK_UP;
}

int net_reachable(net_t *n, const node_t *a, const node_t *b)
{
	return a && b && a->up && b->up && net_link_state(n, a, b) != LINK_DOWN;
}

void net_set_latency(net_t *n, node_t *a, node_t *b, int64_t latency_us)
{
	assert(latency_us >= 0);
	find_link(n, a, b, 1)->latency = latency_us;
}

void net_set_slow_factor(net_t *n, node_t *a, node_t *b, int factor)
{
	assert(factor >= 1);
	find_link(n, a, b, 1)->slow = factor;
}

static void fault_event(net_t *n, const node_t *a, const node_t *b, const char *key,
			const char *text)
{
	if (!n->trace)
		return;
	trace_meta_t m = { .hop = HOP_NONE, .kind = EV_FAULT, .proto = "",
			   .from = a ? a->name : "", .to = b ? b->name : "", .explain = key };
	trace_emit_text(n->trace, &m, text, strlen(text));
}

void net_set_link(net_t *n, node_t *a, node_t *b, link_state_t st)
{
	link_t *l = find_link(n, a, b, 1);
	if (l->state == st)
		return;
	l->state = st;
	char text[600];
	switch (st) {
	case LINK_DOWN:
		snprintf(text, sizeof text, "link %s - %s is down", a->name, b->name);
		fault_event(n, a, b, "net:link-down", text);
		net_conn_link_down(n, l);
		break;
	case LINK_UP:
		snprintf(text, sizeof text, "link %s - %s is up", a->name, b->name);
		fault_event(n, a, b, "net:link-up", text);
		break;
	case LINK_SLOW:
		snprintf(text, sizeof text, "link %s - %s is slow: latency x%d (%lld ms)",
			 a->name, b->name, l->slow, (long long)(l->latency * l->slow / 1000));
		fault_event(n, a, b, "net:link-slow", text);
		break;
	}
}

void net_drop_after(net_t *n, node_t *a, node_t *b, size_t bytes)
{
	link_t *l = find_link(n, a, b, 1);
	l->drop_left = bytes;
	if (bytes == 0)
		return;
	char text[600];
	snprintf(text, sizeof text, "link %s - %s will drop its connections after %zu more bytes",
		 a->name, b->name, bytes);
	fault_event(n, a, b, "net:link-drop", text);
}

/* ---- the network and its nodes ---- */

/* The network with its capture tap. The tap is kept beside struct net (whose
 * definition net_conn.c shares) and reached through net_tap(): a net_t * is
 * the address of a net_box_t, its first member. */
typedef struct net_box {
	struct net net;
	net_tap_fn tap;
	void *tap_ctx;
} net_box_t;

net_t *net_new(struct sched *s, trace_t *t, struct rng *r)
{
	assert(s);
	net_box_t *box = xcalloc(1, sizeof *box);
	net_t *n = &box->net;
	n->sched = s;
	n->trace = t;
	n->rng = r;
	return n;
}

void net_set_tap(net_t *n, net_tap_fn fn, void *ctx)
{
	net_box_t *box = (net_box_t *)n;
	box->tap = fn;
	box->tap_ctx = fn ? ctx : NULL;
}

net_tap_fn net_tap(const net_t *n, void **ctx)
{
	const net_box_t *box = (const net_box_t *)n;
	if (ctx)
		*ctx = box->tap_ctx;
	return box->tap;
}

void net_free(net_t *n)
{
	if (!n)
		return;
	net_conn_free_all(n);
	for (size_t i = 0; i < n->nnodes; i++) {
		node_t *nd = n->nodes[i];
		free(nd->name);
		free(nd->addr);
		free(nd->listeners);
		free(nd);
	}
	free(n->nodes);
	free(n->links);
	free((net_box_t *)n);
}

struct sched *net_sched(net_t *n)
{
	return n->sched;
}

trace_t *net_trace(net_t *n)
{
	return n->trace;
}

struct rng *net_rng(net_t *n)
{
	return n->rng;
}

node_t *net_add_node(net_t *n, const char *name, const char *addr)
{
	assert(name && *name);
	node_t *nd = net_find(n, name);
	if (nd) {
		/* a second declaration of the same host updates its address */
		if (addr) {
			free(nd->addr);
			nd->addr = xstrdup(addr);
		}
		return nd;
	}
	nd = xcalloc(1, sizeof *nd);
	nd->net = n;
	nd->name = xstrdup(name);
	nd->addr = xstrdup(addr ? addr : "");
	nd->up = 1;
	n->nodes = xgrow(n->nodes, n->nnodes, sizeof *n->nodes);
	n->nodes[n->nnodes++] = nd;
	return nd;
}

/* Host names compare case-insensitively, ignoring one trailing dot. */
static int name_matches(const char *name, const char *s)
{
	size_t ln = strlen(name), ls = strlen(s);
	if (ls > 0 && s[ls - 1] == '.')
		ls--;
	if (ln != ls)
		return 0;
	for (size_t i = 0; i < ln; i++) {
		char a = name[i], b = s[i];
		if (a >= 'A' && a <= 'Z')
			a = (char)(a - 'A' + 'a');
		if (b >= 'A' && b <= 'Z')
			b = (char)(b - 'A' + 'a');
		if (a != b)
			return 0;
	}
	return 1;
}

node_t *net_find(net_t *n, const char *name_or_addr)
{
	if (!name_or_addr || !*name_or_addr)
		return NULL;
	for (size_t i = 0; i < n->nnodes; i++)
		if (name_matches(n->nodes[i]->name, name_or_addr))
			return n->nodes[i];
	for (size_t i = 0; i < n->nnodes; i++)
		if (strcmp(n->nodes[i]->addr, name_or_addr) == 0)
			return n->nodes[i];
	return NULL;
}

const char *node_name(const node_t *nd)
{
	return nd ? nd->name : "";
}

const char *node_addr(const node_t *nd)
{
	return nd ? nd->addr : "";
}

int node_is_up(const node_t *nd)
{
	return nd->up;
}

void node_set_up(node_t *nd, int up)
{
	up = up != 0;
	if (nd->up == up)
		return;
	nd->up = up;
	char text[300];
	snprintf(text, sizeof text, up ? "%s is up again" : "%s is down", nd->name);
	fault_event(nd->net, nd, NULL, up ? "net:host-up" : "net:host-down", text);
	if (!up)
		net_conn_host_down(nd->net, nd);
}

void net_listen(node_t *nd, int port, net_accept_fn fn, void *ctx)
{
	for (size_t i = 0; i < nd->nlisteners; i++) {
		if (nd->listeners[i].port == port) {
			if (fn) {
				nd->listeners[i].fn = fn;
				nd->listeners[i].ctx = ctx;
			} else {
				nd->listeners[i] = nd->listeners[--nd->nlisteners];
			}
			return;
		}
	}
	if (!fn)
		return;
	nd->listeners = xgrow(nd->listeners, nd->nlisteners, sizeof *nd->listeners);
	nd->listeners[nd->nlisteners++] = (listener_t){ .port = port, .fn = fn, .ctx = ctx };
}

const listener_t *net_listener(const node_t *nd, int port)
{
	for (size_t i = 0; i < nd->nlisteners; i++)
		if (nd->listeners[i].port == port)
			return &nd->listeners[i];
	return NULL;
}
