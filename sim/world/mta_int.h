/* mta_int.h — what mta.c (the server side) and mta_queue.c (the queue and
 * the relay client) share. Not for other modules. */
#ifndef MP_MTA_INT_H
#define MP_MTA_INT_H

#include "world/mta.h"
#include "core/proto_limits.h"
#include "core/sched.h"
#include "core/util.h"
#include "teach/tracekey.h"

#define MTA_RULES_MAX 8

typedef enum qr_status { QR_PENDING, QR_SENT, QR_FAILED } qr_status_t;

typedef struct queue_rcpt {
	char *addr;
	qr_status_t status;
	char reply[SMTP_REPLY_LINE_MAX];   /* the reply that decided, or why it failed */
	char remote[300];                  /* "mail.corp.example[192.0.2.25]" or "" */
	char dsn[12];                      /* RFC 3463 status: "5.1.1" */
	int from_smtp;                     /* reply came from a remote SMTP server */
	int bounced;                       /* a bounce was already sent for it */
} queue_rcpt_t;

/* A destination (a domain): how many deliveries are under way, and who waits. */
typedef struct queue_dest {
	char *domain;
	int active;
	int64_t dead_until_us;             /* no host answered: no new connection before */
	struct queue_entry *wait_head, *wait_tail;
} queue_dest_t;

typedef struct queue_entry {
	struct queue_entry *next, *prev;
	struct mta *m;
	char id[16];
	char *mail_from;
	char *domain;
	queue_rcpt_t *rcpt;
	size_t nrcpt;
	char *msg;
	size_t len;
	int64_t arrived_us;
	int64_t backoff_us;
	int attempts;
	int busy;                          /* an attempt is under way */
	int waiting;                       /* in its destination's line for a connection */
	struct queue_entry *wnext;         /* the next in that line */
	size_t dest;                       /* index in mta.dests */
	char status[48];
	sched_handle_t timer;
} queue_entry_t;

struct mta {
	world_t *w;
	mta_config_t cfg;                  /* strings below are owned copies */
	char *hostname, *local_domain, *relay_domain, *customer_prefix;
	int greylist;
	char **grey_seen;
	size_t ngrey;
	mta_reply_rule_t rules[MTA_RULES_MAX];
	int nrules;
	int drop_mid_data;
	int relay_tls;                     /* SMTP_TLS_* for the relay client */
	int no_starttls, strip_starttls;
	char *cert_name;
	int drop_after_dot;                /* break the first session that stores a message, after its 250 */
	int64_t lifetime_us;
	queue_entry_t *queue, *queue_tail;   /* in order of arrival; O(1) in and out */
	size_t nqueue;
	uint64_t queue_gen;                /* bumped when the queue's view changes */
	mta_delivery_t *deliveries;
	size_t ndeliveries;
	mta_session_t **sessions;          /* simulated sessions, freed with the MTA */
	size_t nsessions;
	void **attempts;                   /* relay attempts, freed with the MTA */
	size_t nattempts;
	size_t nsunk;                      /* sink: recipients accepted */
	queue_dest_t *dests;               /* destinations seen (few: one per domain) */
	size_t ndests;
	size_t nactive, nwaiting;          /* entries being delivered / waiting a turn */
	int dest_limit;                    /* parallel deliveries per destination; 0: no limit */
	tracekey_cache_t keys;             /* explain keys of the lines it traces */
};

/* mta.c */
int mta_is_local(const mta_t *m, const char *addr);
/* Store a message in a local mailbox with Return-Path:, trace and record it.
 * Returns 0, or -1 when the mailbox is unknown or full. */
int mta_deliver_local(mta_t *m, const char *mail_from, const char *rcpt, const char *msg, size_t len,
		      int is_bounce);
void mta_make_id(mta_t *m, char *buf, size_t size);
void mta_trace(mta_t *m, hop_t hop, ev_kind_t kind, const char *explain, const char *detail,
	       const char *fmt, ...) __attribute__((format(printf, 6, 7)));

/* mta_queue.c */
/* Take responsibility for a message to remote recipients: queue and relay. */
void mta_queue_message(mta_t *m, const char *id, const char *mail_from, const char *const *rcpt,
		       size_t nrcpt, const char *msg, size_t len);
void mta_queue_free_all(mta_t *m);
/* A bounce (RFC 3464 DSN) to mail_from for the failed recipients of e. */
void mta_bounce(mta_t *m, const queue_entry_t *e);

#endif
