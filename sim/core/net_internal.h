/* net_internal.h — what net.c (nodes, links, faults) and net_conn.c
 * (connections) share. Nothing outside the net module includes this. */
#ifndef MP_NET_INTERNAL_H
#define MP_NET_INTERNAL_H

#include "core/net.h"

#define NET_SLOW_FACTOR_DEFAULT 50

typedef struct listener {
	int port;
	net_accept_fn fn;
	void *ctx;
} listener_t;

struct node {
	net_t *net;
	char *name;
	char *addr;
	int up;
	listener_t *listeners;
	size_t nlisteners;
};

typedef struct link {
	node_t *a, *b;          /* unordered: latency is symmetric */
	int64_t latency;
	link_state_t state;
	int slow;               /* latency factor while LINK_SLOW */
	size_t drop_left;       /* bytes until every connection drops; 0 = off */
} link_t;

struct pair;

struct net {
	struct sched *sched;
	trace_t *trace;
	struct rng *rng;
	node_t **nodes;
	size_t nnodes;
	link_t *links;
	size_t nlinks;
	struct pair **pairs;    /* connections in order of creation (NULL: released) */
	size_t npairs, nlive, cappairs;
	uint32_t next_id;       /* session numbers: never reused */
	struct pair **reap;     /* finished pairs, released by net_reap() */
	size_t nreap, capreap;
};

const listener_t *net_listener(const node_t *nd, int port);
link_t *net_link_find(net_t *n, const node_t *a, const node_t *b);   /* NULL: default link */

/* net_conn.c */
void net_conn_free_all(net_t *n);
void net_conn_host_down(net_t *n, node_t *nd);
void net_conn_link_down(net_t *n, link_t *l);

#endif
