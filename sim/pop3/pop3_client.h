/* pop3_client.h — the supervisor's POP3 client as a state machine fed with
 * the server's bytes: USER/PASS, STAT, (UIDL), LIST, (TOP), RETR each message,
 * DELE each (unless keeping mail), QUIT — with the variations the lessons ask
 * for. One command, one response. */
#ifndef MP_POP3_CLIENT_H
#define MP_POP3_CLIENT_H

#include <stddef.h>
#include <stdint.h>

#include "core/util.h"

typedef enum pop3_client_state {
	POP3_C_GREETING,
	POP3_C_USER,
	POP3_C_PASS,
	POP3_C_STAT,
	POP3_C_UIDL,
	POP3_C_LIST,
	POP3_C_TOP,
	POP3_C_RETR,
	POP3_C_DELE,
	POP3_C_RSET,
	POP3_C_QUIT,
	POP3_C_DONE,
	POP3_C_CAPA,      /* CAPA sent: does the server offer STLS? */
	POP3_C_STLS,      /* STLS sent (RFC 2595 4) */
	POP3_C_TLS,       /* +OK to STLS: the caller runs the TLS handshake */
	POP3_C__COUNT
} pop3_client_state_t;

typedef struct pop3_client_job {
	const char *user;
	const char *pass;
	int keep;                   /* leave mail on the server: no DELE */
	int use_uidl;               /* UIDL first; skip messages whose uid is in seen */
	const char *const *seen;
	size_t nseen;
	int top_lines;              /* >= 0: TOP n top_lines before each RETR; -1: no TOP */
	int rset;                   /* after the DELEs, RSET (undoes them) */
	int drop_before_quit;       /* vanish after the last command instead of QUIT */
	int tls;                    /* POP3_TLS_*: STLS before USER, or TLS from the start */
} pop3_client_job_t;

/* RFC 2595 (STLS on 110; a client that asks for it never logs in without it)
 * and RFC 8314 (implicit TLS on 995: the caller's handshake comes first). */
enum { POP3_TLS_NONE, POP3_TLS_STLS, POP3_TLS_IMPLICIT };

typedef struct pop3_client_hooks {
	void (*on_state)(void *ctx, pop3_client_state_t from, pop3_client_state_t to);
	void (*on_line_out)(void *ctx, const char *line, size_t len);
	/* is_data: a line of a multiline response's body */
	void (*on_line_in)(void *ctx, const char *line, size_t len, int is_data);
	/* A whole message was retrieved (un-stuffed, CRLF lines). uid "" without UIDL. */
	void (*on_message)(void *ctx, const char *uid, const char *data, size_t len);
	/* The client wants to vanish now (drop_before_quit): the caller aborts. */
	void (*on_vanish)(void *ctx);
} pop3_client_hooks_t;

typedef struct pop3_client pop3_client_t;

/* The job's strings are copied. The client waits for the greeting; with
 * drop_before_quit it calls on_vanish and becomes DONE (the caller aborts the
 * connection). Hooks must not free the client. */

pop3_client_t *pop3_client_new(const pop3_client_job_t *job, const pop3_client_hooks_t *hooks, void *ctx);
void pop3_client_free(pop3_client_t *c);
void pop3_client_feed(pop3_client_t *c, const char *p, size_t n, strbuf_t *out);
void pop3_client_lost(pop3_client_t *c);

pop3_client_state_t pop3_client_state(const pop3_client_t *c);
const char *pop3_client_state_name(pop3_client_state_t st);
int pop3_client_done(const pop3_client_t *c);
int pop3_client_login_ok(const pop3_client_t *c);     /* PASS got +OK */
/* The last -ERR line (or a junk line where a status line was due), or "";
 * after a failure the reply to the QUIT that follows does not replace it. */
const char *pop3_client_error(const pop3_client_t *c);
size_t pop3_client_retrieved(const pop3_client_t *c); /* messages retrieved */
size_t pop3_client_deleted(const pop3_client_t *c);   /* DELE answered +OK */
/* STLS: 1 once, right after its +OK (state TLS); the caller runs the
 * handshake, then pop3_client_tls_ready (USER follows, inside TLS) or
 * pop3_client_tls_failed (state DONE, the caller closes). */
int pop3_client_starttls_now(pop3_client_t *c);
void pop3_client_tls_ready(pop3_client_t *c, strbuf_t *out);
void pop3_client_tls_failed(pop3_client_t *c, const char *why);
/* What the client believes now, in one sentence for the world pane:
 * "QUIT sent: expecting the server to remove 1 message". */
void pop3_client_belief(const pop3_client_t *c, char *buf, size_t size);
/* Changes whenever the belief may have (0 while the object is in a call). */
uint64_t pop3_client_changes(const pop3_client_t *c);

#endif
