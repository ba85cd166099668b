/* smtp_server_int.h — private to sim/smtp_server*.c: the session struct shared
 * by the state machine (smtp_server.c) and the command table
 * (smtp_server_cmd.c). Nobody else includes this file. */
#ifndef MP_SMTP_SERVER_INT_H
#define MP_SMTP_SERVER_INT_H

#include <stddef.h>

#include "core/changes.h"
#include "core/linebuf.h"
#include "core/proto_limits.h"
#include "smtp/smtp_server.h"
#include "core/util.h"

typedef enum smtp_auth_step {
	SMTP_AUTH_PLAIN,        /* waiting for the PLAIN response */
	SMTP_AUTH_LOGIN_USER,   /* 334 VXNlcm5hbWU6 sent */
	SMTP_AUTH_LOGIN_PASS,   /* 334 UGFzc3dvcmQ6 sent */
} smtp_auth_step_t;

struct smtp_server {
	changes_t changes;      /* core/changes.h: for the world view */
	smtp_server_hooks_t hooks;
	void *ctx;
	char *hostname;
	long max_size;
	linebuf_t *lb;
	strbuf_t line;                  /* the current command line, NUL-terminated */
	smtp_server_state_t state;

	/* session */
	char *peer_addr, *peer_name;
	char *helo;                     /* NULL until EHLO/HELO */
	int esmtp;
	char *auth_user;
	int offer_starttls;             /* RFC 3207 */
	int auth_needs_tls;             /* AUTH only inside TLS */
	int tls;                        /* inside TLS */
	int starttls_now;               /* the 220 to STARTTLS was just given */

	/* transaction (MAIL, RCPT, DATA) */
	char *mail_from;                /* NULL outside a transaction */
	long declared_size;
	char *rcpt[SMTP_RECIPIENTS_MAX];
	size_t nrcpt;
	char id[64];
	smtp_tx_t tx;                   /* the hooks' view, see smtp_server_tx() */

	/* AUTH exchange */
	smtp_auth_step_t auth_step;
	char *auth_login_user;          /* LOGIN: the decoded user name ... */
	size_t auth_login_len;          /* ... and its length (it may hold a NUL) */

	/* DATA: the first error is remembered and told after the final dot */
	strbuf_t body;
	size_t body_size;
	int in_headers;
	unsigned nreceived;
	const char *data_error;         /* the whole reply line, or NULL */

	/* what the server knows, for smtp_server_belief() */
	int last_code;                  /* the code of the last reply line sent */
	int dot_code;                   /* the reply to the final dot of this transaction, 0 before */
	size_t nstored;                 /* messages taken (250 after the dot) in this session */
	int lost;                       /* the connection was lost */
};

/* smtp_server.c */
void smtp_server_enter_state(smtp_server_t *s, smtp_server_state_t to);
void smtp_server_reply(smtp_server_t *s, strbuf_t *out, const char *fmt, ...)
	__attribute__((format(printf, 3, 4)));
void smtp_server_reply_line(smtp_server_t *s, strbuf_t *out, const char *line, size_t len);
void smtp_server_tx_clear(smtp_server_t *s);
const smtp_tx_t *smtp_server_tx(smtp_server_t *s);

/* smtp_server_cmd.c */
void smtp_server_command(smtp_server_t *s, const char *line, size_t len, int overlong, strbuf_t *out);

/* smtp_server_auth.c (RFC 4954) */
void smtp_server_proceed_auth(smtp_server_t *s, const char *arg, strbuf_t *out);
void smtp_server_auth_line(smtp_server_t *s, const char *line, size_t len, int overlong, strbuf_t *out);
void smtp_server_auth_clear(smtp_server_t *s);

/* smtp_server_path.c (RFC 5321 4.1.2) */
typedef enum smtp_path {
	SMTP_PATH_OK,           /* *addr is the mailbox, "" for <> */
	SMTP_PATH_SYNTAX,       /* no <...> where a path belongs */
	SMTP_PATH_BAD,          /* <...> present but too long or a bad route */
} smtp_path_t;
/* p at '<'. On OK, *addr is allocated (caller frees; the mailbox is not yet
 * validated) and *rest points after '>' (at "" or at the space before the
 * parameters); else *addr is NULL. The source route of RFC 5321 4.1.2 is
 * accepted and dropped. */
smtp_path_t smtp_server_parse_path(const char *p, char **addr, const char **rest);
/* Local-part "@" ( Domain / address-literal ), with the lengths of 4.5.3.1. */
int smtp_server_mailbox_ok(const char *mailbox);
/* RFC 1870 SIZE=value: 0 and *size set, 1 over max, -1 not a number. */
int smtp_server_parse_size(const char *val, long max, long *size);

#endif
