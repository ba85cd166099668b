/* smtp_client.h — one SMTP client session (RFC 5321) as a state machine fed
 * with the server's bytes: EHLO (HELO when EHLO gets 5xx), optional AUTH
 * PLAIN, MAIL FROM (with SIZE= when offered), one RCPT per recipient, DATA
 * with dot-stuffing, QUIT. Multiline replies are assembled before the state
 * machine sees them. One command, one reply — what a student reads in the
 * trace — unless the job asks for PIPELINING (RFC 2920) and the server offers
 * it: then MAIL, every RCPT and DATA go out in one write and the replies are
 * matched to them in order as they come back. */
#ifndef MP_SMTP_CLIENT_H
#define MP_SMTP_CLIENT_H

#include <stddef.h>
#include <stdint.h>

#include "core/proto_limits.h"
#include "core/util.h"

typedef enum smtp_client_state {
	SMTP_C_GREETING,  /* waiting for 220 */
	SMTP_C_EHLO,
	SMTP_C_HELO,
	SMTP_C_AUTH,
	SMTP_C_MAIL,
	SMTP_C_RCPT,
	SMTP_C_DATA,      /* DATA sent, waiting for 354 */
	SMTP_C_BODY,      /* content sent, waiting for the reply to the final dot */
	SMTP_C_QUIT,      /* QUIT sent, waiting for 221 */
	SMTP_C_DONE,
	SMTP_C_STARTTLS,  /* STARTTLS sent, waiting for 220 (RFC 3207) */
	SMTP_C_TLS,       /* 220 received: the caller runs the TLS handshake */
	SMTP_C__COUNT
} smtp_client_state_t;

typedef struct smtp_client_job {
	const char *helo;                 /* our host name, for EHLO/HELO */
	const char *mail_from;            /* "" for the null reverse-path (bounces) */
	const char *const *rcpt;          /* forward-paths without <> */
	size_t nrcpt;
	const char *msg;                  /* the message: CRLF lines, NOT dot-stuffed */
	size_t len;
	const char *auth_user;            /* AUTH PLAIN when both are set and offered */
	const char *auth_pass;
	int raw;                          /* lines end at CRLF only: a bare LF or CR is sent
					   * as is (an attacker's tool, for the lessons) */
	int tls;                          /* SMTP_TLS_*: STARTTLS when offered, or required */
	int tls_active;                   /* the connection began inside TLS (port 465) */
	int pipelining;                   /* RFC 2920: batch MAIL, RCPT..., DATA when offered */
} smtp_client_job_t;

/* RFC 3207, as Postfix's smtp_tls_security_level: none, may (opportunistic:
 * STARTTLS when offered, else in clear), encrypt (no TLS, no mail). */
enum { SMTP_TLS_NONE, SMTP_TLS_MAY, SMTP_TLS_ENCRYPT };

/* The reply that decided something; code 0 when the connection was lost
 * before any reply (the caller treats it as temporary). */
typedef struct smtp_result {
	int code;
	char text[SMTP_REPLY_LINE_MAX];   /* the reply's last line, without CRLF */
} smtp_result_t;

typedef struct smtp_client_hooks {
	void (*on_state)(void *ctx, smtp_client_state_t from, smtp_client_state_t to);
	void (*on_line_out)(void *ctx, const char *line, size_t len, int is_data);
	void (*on_line_in)(void *ctx, const char *line, size_t len);
} smtp_client_hooks_t;

typedef struct smtp_client smtp_client_t;

/* The job's strings must outlive the client. */
smtp_client_t *smtp_client_new(const smtp_client_job_t *job, const smtp_client_hooks_t *hooks, void *ctx);
void smtp_client_free(smtp_client_t *c);
/* Server bytes in; commands (and content) appended to out. */
void smtp_client_feed(smtp_client_t *c, const char *p, size_t n, strbuf_t *out);
/* The connection was lost: unanswered recipients get code 0. */
void smtp_client_lost(smtp_client_t *c);

smtp_client_state_t smtp_client_state(const smtp_client_t *c);
const char *smtp_client_state_name(smtp_client_state_t st);
int smtp_client_done(const smtp_client_t *c);
/* Final outcome for recipient i: 250 after the final dot was accepted, or the
 * reply that refused it (at MAIL, RCPT, DATA or after the dot), or code 0. */
const smtp_result_t *smtp_client_rcpt_result(const smtp_client_t *c, size_t i);
/* 1 when the server took responsibility (250 after the final dot). */
int smtp_client_accepted(const smtp_client_t *c);
/* Replies still due for a pipelined batch (0 when not pipelining). */
size_t smtp_client_pending_replies(const smtp_client_t *c);
/* How many recipients RCPT accepted so far. */
size_t smtp_client_naccepted(const smtp_client_t *c);
/* What the client believes now, in one sentence for the world pane: "sent
 * the final dot, waiting for the reply". Writes at most size bytes. */
void smtp_client_belief(const smtp_client_t *c, char *buf, size_t size);
/* Changes whenever the belief may have (0 while the object is in a call). */
uint64_t smtp_client_changes(const smtp_client_t *c);

/* STARTTLS: 1 once, right after the 220 (state TLS). The caller runs the
 * handshake, then calls smtp_client_tls_ready (the client forgets the EHLO
 * extensions and sends EHLO again, RFC 3207 4.2) or smtp_client_tls_failed
 * (every recipient gets code/text; state DONE, the caller closes). */
int smtp_client_starttls_now(smtp_client_t *c);
void smtp_client_tls_ready(smtp_client_t *c, strbuf_t *out);
void smtp_client_tls_failed(smtp_client_t *c, int code, const char *text);
int smtp_client_tls(const smtp_client_t *c);

#endif
