/* smtp_server.h — one SMTP server session (RFC 5321, 1870, 2920, 3463, 4954,
 * 6152) as a state machine fed with bytes; it knows nothing of sockets,
 * timers or screens. The same code serves a virtual connection in the
 * simulator and a real TCP connection in `serve` mode.
 *
 * Policy (who may relay, which users exist, greylisting, quotas) is the
 * caller's, through the hooks; syntax, sequencing, limits and the exact
 * replies are this module's. */
#ifndef MP_SMTP_SERVER_H
#define MP_SMTP_SERVER_H

#include <stddef.h>
#include <stdint.h>

#include "core/util.h"

/* The reply after the final dot to a message with a line end other than
 * CR LF inside it (RFC 5321 2.3.8, 4.1.1.4; the words of Postfix 3.9's
 * smtpd_forbid_bare_newline). Permanent: the message is refused whole. */
#define SMTP_REPLY_BARE_LF "550 5.5.2 Error: bare <LF> received"
#define SMTP_REPLY_BARE_CR "550 5.5.2 Error: bare <CR> received"

typedef enum smtp_server_state {
	SMTP_S_INIT,      /* greeted; waiting for EHLO/HELO */
	SMTP_S_READY,     /* after EHLO/HELO: no transaction */
	SMTP_S_AUTH,      /* inside an AUTH exchange (334 continuations) */
	SMTP_S_MAIL,      /* MAIL accepted: reverse-path known */
	SMTP_S_RCPT,      /* at least one RCPT accepted */
	SMTP_S_DATA,      /* 354 sent: receiving the message */
	SMTP_S_QUIT,      /* 221 or 421 sent: the caller closes the connection */
	SMTP_S__COUNT
} smtp_server_state_t;

/* What the hooks see of the session and its transaction. */
typedef struct smtp_tx {
	const char *helo;            /* EHLO/HELO argument */
	int esmtp;                   /* 1 after EHLO */
	const char *auth_user;       /* NULL unless authenticated */
	const char *peer_addr;       /* "198.51.100.23" */
	const char *peer_name;       /* "smith-pc.isp.example", or "" when unknown */
	const char *mail_from;       /* reverse-path without <>, "" for the null path */
	long declared_size;          /* MAIL FROM SIZE=, 0 if none */
	const char *const *rcpt;     /* accepted forward-paths, without <> */
	size_t nrcpt;
	const char *id;              /* this transaction's queue id */
} smtp_tx_t;

typedef struct smtp_server_hooks {
	/* RCPT: decide for one syntactically valid address. Append one reply
	 * line without CRLF to `reply` ("250 2.1.5 Ok", "550 5.1.1 <x>: ...")
	 * and return its code. Required. */
	int (*rcpt)(void *ctx, const smtp_tx_t *tx, const char *addr, strbuf_t *reply);
	/* AUTH: 1 when user/pass are right. NULL: AUTH is not offered. */
	int (*auth)(void *ctx, const char *user, const char *pass);
	/* End of data: the message with this server's Received: line already
	 * prepended. Append one reply line to `reply`, return its code. Only a
	 * 250 means the caller took responsibility for the message. Required. */
	int (*message)(void *ctx, const smtp_tx_t *tx, const char *msg, size_t len, strbuf_t *reply);
	/* A new queue id for a transaction ("4F2A1C0B3D"). Required. */
	void (*make_id)(void *ctx, char *buf, size_t size);
	/* Unix time now, for the Received: date. Required. */
	int64_t (*now)(void *ctx);
	/* Tracing; any may be NULL. A line is passed without its CRLF. */
	void (*on_state)(void *ctx, smtp_server_state_t from, smtp_server_state_t to);
	void (*on_line_in)(void *ctx, const char *line, size_t len, int in_data);
	void (*on_line_out)(void *ctx, const char *line, size_t len);
} smtp_server_hooks_t;

typedef struct smtp_server_config {
	const char *hostname;        /* "smtp.isp.example": greeting, 221, 421, Received: */
	long max_size;               /* SIZE limit in octets; 0 = SMTP_MESSAGE_SIZE_MAX */
	int auth_needs_esmtp;        /* unused yet: keep 0 */
	int offer_starttls;          /* RFC 3207: EHLO offers STARTTLS (until TLS is on) */
	int tls_active;              /* the session began inside TLS (RFC 8314: port 465) */
	int auth_needs_tls;          /* AUTH refused before TLS (530 5.7.0, RFC 3207 4) */
} smtp_server_config_t;

typedef struct smtp_server smtp_server_t;

smtp_server_t *smtp_server_new(const smtp_server_config_t *cfg, const smtp_server_hooks_t *hooks,
			       void *ctx, const char *peer_addr, const char *peer_name);
void smtp_server_free(smtp_server_t *s);

/* The 220 greeting. */
void smtp_server_greet(smtp_server_t *s, strbuf_t *out);
/* Bytes from the client; complete CRLF-terminated replies are appended to out. */
void smtp_server_feed(smtp_server_t *s, const char *p, size_t n, strbuf_t *out);
/* 421 4.3.2 (shutting down) / 421 4.4.2 (idle timeout); state becomes QUIT. */
void smtp_server_shutdown(smtp_server_t *s, strbuf_t *out);
void smtp_server_idle_timeout(smtp_server_t *s, strbuf_t *out);
/* The connection was lost: any transaction is abandoned, nothing delivered. */
void smtp_server_lost(smtp_server_t *s);

/* RFC 3207: 1 once, right after the "220 2.0.0 Ready to start TLS" was
 * appended to out. The caller sends out in clear, then tells its transport
 * to switch (transport_t.starttls); the session has already forgotten
 * everything (state INIT, a new EHLO is due) and discarded any command
 * pipelined after STARTTLS. */
int smtp_server_starttls_now(smtp_server_t *s);
int smtp_server_tls(const smtp_server_t *s);                /* TLS is on */

smtp_server_state_t smtp_server_state(const smtp_server_t *s);
const char *smtp_server_state_name(smtp_server_state_t st);  /* "INIT", "READY", ... */
int smtp_server_done(const smtp_server_t *s);               /* state == QUIT */
/* What the server believes now, in one sentence for the world pane:
 * "message stored, 250 sent". Writes at most size bytes. */
void smtp_server_belief(const smtp_server_t *s, char *buf, size_t size);
/* Changes whenever the belief may have (0 while the object is in a call). */
uint64_t smtp_server_changes(const smtp_server_t *s);
/* Octets held for the session: the line buffer and the message being
 * received. Bounded whatever arrives (about max_size + one line). */
size_t smtp_server_pending(const smtp_server_t *s);

#endif
