/* net_conn_int.h — the connections of the virtual network, shared by
 * net_conn.c (handshake, bytes, close, faults) and net_reap.c (counting what is
 * in flight, freeing what is finished, accessors). Not for other modules. */
#ifndef MP_NET_CONN_INT_H
#define MP_NET_CONN_INT_H

#include <stddef.h>
#include <stdint.h>

#include "core/net.h"
#include "core/net_internal.h"

typedef struct seg {
	struct seg *next;
	int fin;
	int msg;                /* a TLS handshake message (tlsrec_msg_t), or 0 */
	char *info;             /* its SNI or certificate name */
	size_t wire;            /* octets on the wire (TLS records), for TCP's count */
	size_t len;
	char data[];
} seg_t;

struct conn {
	struct pair *pair;
	int side;               /* 0 client, 1 server */
	node_t *local;          /* NULL for the server end of an unknown host */
	conn_handlers_t h;
	void *hctx;
	int open;               /* established on this side */
	int closed;             /* this side called conn_close */
	int got_fin;            /* on_close was delivered */
	int doomed;             /* an abort is on its way: sends are ignored */
	int dead;               /* aborted: no more callbacks */
	seg_t *head, *tail;     /* segments in flight towards this end */
	int64_t last_arrival;
	int tls;                /* sends go out as TLS records */
	/* TCP's view, for the tap only */
	uint32_t tx, rx;        /* payload bytes sent / arrived */
	unsigned char syn_sent, fin_sent, fin_rcvd;
};

typedef struct pair {
	net_t *net;
	uint32_t id;
	hop_t hop;
	const char *proto;
	int port;
	int64_t t_connect;
	char *to_name;          /* the name the client asked for */
	int close_traced;
	int drop_recv;          /* which end receives the bytes that tripped a drop */
	int pending;            /* scheduled events that will touch it */
	int queued;             /* in net.reap */
	size_t slot;            /* index in net.pairs */
	struct conn end[2];
} pair_t;


/* net_reap.c */
/* Schedule fn(arg) for pair p at `at`, counted until it runs. */
void net_pair_at(pair_t *p, int64_t at, void (*fn)(void *), void *arg);
/* At the start of a counted event: its pair, with the count taken back. */
pair_t *net_pair_ran(void *arg, int is_pair);
/* Queue p for net_reap() if both ends are finished and nothing is in flight. */
void net_pair_maybe_reap(pair_t *p);

/* A counted event: NAME runs NAME_run(arg), then offers its pair to net_reap. */
#define COUNTED(name, is_pair)                                   \
	static void name##_run(void *arg);                       \
	static void name(void *arg)                              \
	{                                                        \
		pair_t *p_ = net_pair_ran(arg, is_pair);         \
		name##_run(arg);                                 \
		net_pair_maybe_reap(p_);                         \
	}

#endif
