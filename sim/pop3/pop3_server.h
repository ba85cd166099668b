/* pop3_server.h — one POP3 server session (RFC 1939, RFC 2449 CAPA, RFC 3206
 * response codes) as a state machine fed with bytes.
 *
 * AUTHORIZATION -> TRANSACTION -> UPDATE. The maildrop is locked when the
 * session enters TRANSACTION and the messages present then are the session's
 * (mail delivered later is seen by the next session). Marked messages are
 * removed only in UPDATE, entered only by QUIT from TRANSACTION. */
#ifndef MP_POP3_SERVER_H
#define MP_POP3_SERVER_H

#include <stddef.h>
#include <stdint.h>

#include "pop3/mailbox.h"
#include "core/util.h"

typedef enum pop3_server_state {
	POP3_S_AUTHORIZATION,
	POP3_S_TRANSACTION,
	POP3_S_UPDATE,
	POP3_S_CLOSED,       /* after QUIT's reply, or the connection was lost */
	POP3_S__COUNT
} pop3_server_state_t;

typedef struct pop3_server_hooks {
	void (*on_state)(void *ctx, pop3_server_state_t from, pop3_server_state_t to);
	void (*on_line_in)(void *ctx, const char *line, size_t len);
	/* is_data: a line of a multiline response's body (RETR, TOP, LIST, UIDL, CAPA) */
	void (*on_line_out)(void *ctx, const char *line, size_t len, int is_data);
	/* Called in UPDATE with how many messages were removed. */
	void (*on_update)(void *ctx, const char *user, size_t removed);
} pop3_server_hooks_t;

typedef struct pop3_server_config {
	const char *hostname;        /* "mail.corp.example", named in the greeting */
	int offer_stls;              /* RFC 2595 4: CAPA lists STLS (until TLS is on) */
	int tls_active;              /* the session began inside TLS (RFC 8314: port 995) */
	int auth_needs_tls;          /* USER and PASS refused before TLS: -ERR [AUTH] */
} pop3_server_config_t;

typedef struct pop3_server pop3_server_t;

pop3_server_t *pop3_server_new(const pop3_server_config_t *cfg, mailstore_t *store,
			       const pop3_server_hooks_t *hooks, void *ctx);
void pop3_server_free(pop3_server_t *s);   /* releases the lock, removes nothing */
/* A new session is CLOSED (and not done) until greeted: greet sends the
 * greeting and reports CLOSED -> AUTHORIZATION through on_state. */
void pop3_server_greet(pop3_server_t *s, strbuf_t *out);
void pop3_server_feed(pop3_server_t *s, const char *p, size_t n, strbuf_t *out);
/* Connection lost, or the autologout timer fired: nothing is removed and the
 * lock is released (RFC 1939 3 and 6). State becomes CLOSED. */
void pop3_server_lost(pop3_server_t *s);

/* RFC 2595 4: 1 once, right after "+OK Begin TLS negotiation" was appended
 * to out: the caller sends out in clear, then switches its transport to TLS
 * (transport_t.starttls). A pending USER and anything pipelined after STLS
 * are forgotten. */
int pop3_server_starttls_now(pop3_server_t *s);
int pop3_server_tls(const pop3_server_t *s);

pop3_server_state_t pop3_server_state(const pop3_server_t *s);
const char *pop3_server_state_name(pop3_server_state_t st);  /* "AUTHORIZATION", ... */
int pop3_server_done(const pop3_server_t *s);  /* CLOSED: the caller closes */
/* What the server believes now, in one sentence for the world pane:
 * "UPDATE, removing 1 message". */
void pop3_server_belief(const pop3_server_t *s, char *buf, size_t size);
/* Changes whenever the belief may have (0 while the object is in a call). */
uint64_t pop3_server_changes(const pop3_server_t *s);

#endif
