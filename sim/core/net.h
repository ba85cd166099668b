/* net.h — the virtual network: nodes (hosts with a name and an address),
 * links between them (latency and a fault state) and connections carrying
 * byte streams.
 *
 * Bytes sent on a connection arrive after the link latency and never reorder.
 * Connecting to a host that is down, or across a link that is down, times out
 * (NET_CONNECT_TIMEOUT); connecting to a port nobody listens on is refused
 * after one round trip. A link set to drop after N bytes aborts every
 * connection crossing it once N more bytes have crossed: both ends see it.
 * The exact timing rules are written at the top of net.c. */
#ifndef MP_NET_H
#define MP_NET_H

#include <stddef.h>
#include <stdint.h>

#include "core/trace.h"

struct sched;
struct rng;

#define NET_DEFAULT_LATENCY_US 10000            /* 10 ms where no link was set */
#define NET_CONNECT_TIMEOUT_US (30LL * 1000000) /* Postfix smtp_connect_timeout */

typedef struct net net_t;
typedef struct node node_t;
typedef struct conn conn_t;

typedef enum link_state {
	LINK_UP,
	LINK_DOWN,
	LINK_SLOW,       /* latency multiplied by the slow factor */
} link_state_t;

typedef struct conn_handlers {
	void (*on_open)(void *ctx, conn_t *c);                       /* established */
	void (*on_data)(void *ctx, conn_t *c, const char *p, size_t n);
	void (*on_close)(void *ctx, conn_t *c);                      /* peer closed (after its data) */
	void (*on_abort)(void *ctx, conn_t *c, const char *why);     /* lost, refused, timed out */
	/* A message of the simulated TLS handshake arrived (tls_record.h: msg,
	 * and info: the SNI or the certificate's name). NULL: ignored. */
	void (*on_tls)(void *ctx, conn_t *c, int msg, const char *info);
	/* Optional: the connection is finished and about to be freed (net_reap);
	 * the owner frees what it keeps for it and never uses c again. Only a
	 * connection whose every end has on_release is ever freed before net_free. */
	void (*on_release)(void *ctx, conn_t *c);
} conn_handlers_t;

/* Called on the listening side when a connection is established; it must set
 * *h and *hctx to the server side's handlers (on_open is then called too). */
typedef void (*net_accept_fn)(void *ctx, conn_t *c, conn_handlers_t *h, void **hctx);

net_t *net_new(struct sched *s, trace_t *t, struct rng *r);
void net_free(net_t *n);
struct sched *net_sched(net_t *n);
trace_t *net_trace(net_t *n);
struct rng *net_rng(net_t *n);

/* Adding a name that exists returns that node (with addr updated if given). */
node_t *net_add_node(net_t *n, const char *name, const char *addr);
/* A name matches case-insensitively, ignoring a trailing dot; or an address. */
node_t *net_find(net_t *n, const char *name_or_addr);
const char *node_name(const node_t *nd);
const char *node_addr(const node_t *nd);
void node_set_up(node_t *nd, int up);            /* traced as EV_FAULT when it changes */
int node_is_up(const node_t *nd);

void net_set_latency(net_t *n, node_t *a, node_t *b, int64_t latency_us);
/* The one-way latency now (times the slow factor while LINK_SLOW). */
int64_t net_latency(net_t *n, const node_t *a, const node_t *b);
link_state_t net_link_state(net_t *n, const node_t *a, const node_t *b);
/* Both hosts up and the link between them not down. */
int net_reachable(net_t *n, const node_t *a, const node_t *b);
void net_set_link(net_t *n, node_t *a, node_t *b, link_state_t st);   /* traced */
void net_set_slow_factor(net_t *n, node_t *a, node_t *b, int factor);
/* Abort connections between a and b once `bytes` more bytes have crossed (0 = off). */
void net_drop_after(net_t *n, node_t *a, node_t *b, size_t bytes);

/* fn replaces an earlier listener on that port; fn NULL stops listening. */
void net_listen(node_t *nd, int port, net_accept_fn fn, void *ctx);

/* Open a connection from `from` to the host named or numbered `to` on port.
 * hop and proto label the trace events (connect, accept, close, abort).
 * Returns NULL only when `to` is unknown (then on_abort is scheduled anyway). */
conn_t *net_connect(net_t *n, node_t *from, const char *to, int port,
		    const conn_handlers_t *h, void *ctx, hop_t hop, const char *proto);

void conn_send(conn_t *c, const char *p, size_t n);
/* After conn_close or conn_abort this end gets no more callbacks. */
void conn_close(conn_t *c);                   /* orderly close by this side */
/* This side vanishes: traced with why; the peer gets on_abort, the caller none. */
void conn_abort(conn_t *c, const char *why);
uint32_t conn_id(const conn_t *c);            /* session number in the trace */
/* Simulated TLS (tls_record.h). After conn_set_tls(c, 1) what this end sends
 * crosses the wire as application-data records (the peer still receives the
 * plaintext: no cryptography); conn_send_tls sends one handshake message,
 * delivered to the peer's on_tls, as the given wire octets. */
void conn_set_tls(conn_t *c, int on);
int conn_tls(const conn_t *c);
void conn_send_tls(conn_t *c, int msg, const char *info, const char *wire, size_t wlen);
/* Free the connections that are finished on both ends, with nothing in
 * flight, calling their on_release. Only from the top level (between
 * scheduler steps), never from a callback. O(finished connections). */
void net_reap(net_t *n);
hop_t conn_hop(const conn_t *c);
void conn_set_hop(conn_t *c, hop_t hop);      /* POP3 moves from 5a to 5b */
node_t *conn_local(const conn_t *c);          /* this side's node */
node_t *conn_peer(const conn_t *c);
int conn_port(const conn_t *c);
int conn_is_open(const conn_t *c);

/* ---- the capture tap (pcap exports) ----
 *
 * The segments a real TCP would put on the wire for each connection, handed
 * to a tap as they are SENT (the capture point is the sender's interface):
 *   net_connect         SYN from the client (even when nobody will answer)
 *   the SYN arrives     SYN|ACK from the server, or RST|ACK when no one listens
 *   on_open (client)    ACK from the client: the handshake is complete
 *   conn_send           ACK|PSH with the bytes (as one segment; the tap's
 *                       reader splits at its MSS)
 *   conn_close          FIN|ACK; when the FIN arrives the peer sends an ACK
 *   conn_abort, a link or host fault
 *                       RST|ACK from the end that notices (conn_abort: the
 *                       caller; link drop: the end that got the last bytes;
 *                       link down: the client; host down: the surviving peer)
 * A connection to an unknown host, or to a host without an address, puts
 * nothing on the wire. Sequence numbers are relative, as Wireshark shows
 * them: an end's SYN is 0 and its first data byte 1; ack is what this end
 * has received (arrived) so far, plus one for the peer's SYN and FIN. The
 * client's port is NET_EPHEMERAL_PORT(conn id), the server's the port it
 * listens on. The tap runs inside the simulator: it must not call back into
 * the network. */
#define NET_TCP_FIN 0x01
#define NET_TCP_SYN 0x02
#define NET_TCP_RST 0x04
#define NET_TCP_PSH 0x08
#define NET_TCP_ACK 0x10
#define NET_EPHEMERAL_PORT(id) (49152 + (int)((id) % 16384u))

typedef struct net_segment {
	int64_t t_us;           /* simulated time it is sent */
	uint32_t conn;          /* conn_id(): the session number in the trace */
	const node_t *src, *dst;
	int sport, dport;
	unsigned flags;         /* NET_TCP_* */
	uint32_t seq, ack;      /* relative (see above); ack meaningful with NET_TCP_ACK */
	const char *data;       /* the payload, or NULL */
	size_t len;
} net_segment_t;

typedef void (*net_tap_fn)(void *ctx, const net_segment_t *seg);

/* One tap per network; fn NULL removes it. */
void net_set_tap(net_t *n, net_tap_fn fn, void *ctx);
/* The tap (NULL when none) and, through ctx, its context. */
net_tap_fn net_tap(const net_t *n, void **ctx);

#endif
