/* mta.h — a mail transfer agent: an SMTP server (with its policy), a queue
 * and an SMTP client that relays (store and forward).
 *
 * The ISP host (3) is an MTA that relays for its customers and authenticated
 * users and delivers isp.example locally; the corporate host (4) is an MTA
 * that delivers corp.example into its mailboxes and relays for nobody; a
 * backup MX accepts mail for one domain and relays it on to a better MX.
 *
 * Sessions are fed with bytes through a transport, so the same code serves
 * a connection of the simulated network and a real TCP socket. */
#ifndef MP_MTA_H
#define MP_MTA_H

#include <stddef.h>
#include <stdint.h>

#include "smtp/smtp_server.h"
#include "core/transport.h"
#include "world/world.h"

typedef struct mta mta_t;
typedef struct mta_session mta_session_t;

typedef struct mta_config {
	const char *hostname;        /* "smtp.isp.example" */
	node_t *node;
	const char *local_domain;    /* delivered into store: "isp.example" (NULL: none) */
	mailstore_t *store;
	const char *customer_prefix; /* peer addresses starting with this are customers */
	int relay_customers;         /* relay any domain for customers and AUTH users */
	const char *relay_domain;    /* backup MX: accept for this domain, relay it on */
	int offer_auth;              /* AUTH PLAIN LOGIN against store's logins */
	long max_size;               /* SIZE; 0 = the default */
	hop_t in_hop;                /* sessions it receives: 2 (ISP), 3 (corp) */
	hop_t out_hop;               /* its relay sessions: 3 */
	hop_t deliver_hop;           /* its local deliveries: 4 (corp), 3 (ISP) */
	int is_relay_target;         /* 1: its server state shows as "3->4" in the view */
	int sink;                    /* a generated domain's host: accepts every recipient of
	                                local_domain and counts what it accepts (no store) */
} mta_config_t;

/* A scripted reply (scenario rule): answer `text` to the Nth matching command. */
typedef struct mta_reply_rule {
	char verb[8];                /* "RCPT" or "." (end of data) */
	int attempt;                 /* 1: the first time only; 0: every time */
	int seen;
	char line[160];              /* "451 4.7.1 Greylisted, try again later" */
} mta_reply_rule_t;

mta_t *mta_new(world_t *w, const mta_config_t *cfg);
void mta_free(mta_t *m);
const char *mta_hostname(const mta_t *m);
/* Accept simulated connections on a port of the MTA's node. */
void mta_listen(mta_t *m, int port);

/* Policy knobs the faults turn. */
void mta_set_customer_prefix(mta_t *m, const char *prefix);   /* NULL: nobody */
void mta_set_greylist(mta_t *m, int on);
void mta_set_max_size(mta_t *m, long max);
void mta_add_reply_rule(mta_t *m, const char *verb, int attempt, int code, const char *text);
/* Drop the relay connection in the middle of DATA on its first attempt. */
void mta_set_drop_mid_data(mta_t *m, int on);
/* Simulated TLS. relay: SMTP_TLS_NONE, _MAY or _ENCRYPT for its relay client
 * (smtp/smtp_client.h); no_starttls: its server does not offer STARTTLS;
 * strip: a man-in-the-middle in front of it deletes STARTTLS from its EHLO
 * reply; cert_name: the name in its certificate (NULL: its host name). */
void mta_set_relay_tls(mta_t *m, int level);
void mta_set_no_starttls(mta_t *m, int on);
void mta_set_strip_starttls(mta_t *m, int on);
void mta_set_cert_name(mta_t *m, const char *name);
/* The drop-after-dot fault: the first session in which this MTA stores a
 * message breaks right after its 250 to the final dot is sent; the reply
 * never reaches the client (RFC 1047). */
void mta_set_drop_after_dot(mta_t *m, int on);
/* Queue timing (the lessons use a shorter lifetime than a real MTA's 5 days). */
void mta_set_queue_lifetime(mta_t *m, int64_t us);
/* Parallel deliveries per destination domain (default QUEUE_DEST_CONCURRENCY); 0: no limit. */
void mta_set_dest_concurrency(mta_t *m, int limit);

/* A session on a transport. label names the peer in the trace
 * ("smith-pc.isp.example", "127.0.0.1:53422"); peer_name is its name as a
 * server would find it in the DNS ("" when unknown), for Received:. The
 * session traces every line with the given hop, from the peer to the MTA. */
mta_session_t *mta_session_new(mta_t *m, const transport_t *tr, const char *label, const char *peer_name,
			       const char *peer_addr, hop_t hop, uint32_t session);
/* The same, on a connection that began inside TLS (RFC 8314: port 465). */
mta_session_t *mta_session_new_tls(mta_t *m, const transport_t *tr, const char *label, const char *peer_name,
				   const char *peer_addr, hop_t hop, uint32_t session);
void mta_session_start(mta_session_t *s);         /* the 220 greeting */
void mta_session_input(mta_session_t *s, const char *p, size_t n);
void mta_session_lost(mta_session_t *s);          /* the peer vanished */
void mta_session_shutdown(mta_session_t *s);      /* 421 4.3.2 and close */
void mta_session_idle(mta_session_t *s);          /* 421 4.4.2 and close */
int mta_session_done(const mta_session_t *s);
void mta_session_free(mta_session_t *s);

/* Accept a message as if it had arrived (bounces, the queue). 0 ok. */
size_t mta_queue_count(const mta_t *m);
void mta_queue_view(const mta_t *m, world_view_t *v);   /* O(VIEW_QUEUE_MAX) */
uint64_t mta_queue_generation(const mta_t *m);          /* changes with the view */
/* The queue in numbers: entries being delivered, waiting for a connection
 * (the per-destination limit), and deferred (waiting for their retry time). */
void mta_queue_stats(const mta_t *m, size_t *active, size_t *waiting, size_t *deferred);
/* Deliveries recorded for expectations: every message stored locally. */
typedef struct mta_delivery {
	char *addr;
	char *subject;
	int is_bounce;
} mta_delivery_t;
size_t mta_delivery_count(const mta_t *m);
size_t mta_sink_count(const mta_t *m);   /* messages a sink accepted */
const mta_delivery_t *mta_delivery(const mta_t *m, size_t i);

#endif
