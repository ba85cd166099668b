/* smtp_server.c — one SMTP server session (RFC 5321): the state machine, the
 * DATA phase and the Received: header. The commands are in smtp_server_cmd.c.
 *
 *                 EHLO/HELO            MAIL             RCPT 2xx          DATA
 *   greet -> INIT ---------> READY ----------> MAIL ------------> RCPT -------> DATA
 *                            |  ^  ^                 RSET, EHLO     |            |
 *                       AUTH |  |  +--------------------------------+            |
 *                            v  |  +------------ final "." (any reply) ----------+
 *                            AUTH
 *   READY --STARTTLS (220)--> INIT: everything is forgotten, a new EHLO is due
 *   any state --QUIT, 421, lost--> QUIT (further input is ignored)
 *
 *   INIT  -> READY  [proceed_helo]
 *   INIT  -> QUIT   [proceed_quit, smtp_server_shutdown, smtp_server_idle_timeout, smtp_server_lost]
 *   READY -> READY  [proceed_helo, proceed_rset, auth_finish (initial response)]
 *   READY -> AUTH   [proceed_auth: 334 prompt]
 *   READY -> MAIL   [proceed_mail]
 *   READY -> INIT   [proceed_starttls: 220, RFC 3207 4.2; input after it is discarded]
 *   AUTH  -> AUTH   [smtp_server_auth_line: LOGIN user name, 334 password prompt]
 *   AUTH  -> READY  [auth_finish: 235, 535, 501, 500]
 *   MAIL  -> RCPT   [proceed_rcpt: the first 2xx from hooks->rcpt]
 *   MAIL  -> READY  [proceed_helo, proceed_rset]
 *   RCPT  -> RCPT   [proceed_rcpt]
 *   RCPT  -> READY  [proceed_helo, proceed_rset]
 *   RCPT  -> DATA   [proceed_data: 354]
 *   DATA  -> READY  [data_end: hooks->message's reply, or the remembered error]
 *   any   -> QUIT   [proceed_quit: 221; shutdown, idle: 421; lost]
 *
 * Invariants (asserted in smtp_server_enter_state):
 *   INIT   no EHLO/HELO name, no transaction
 *   READY  EHLO/HELO name known, no transaction
 *   AUTH   after EHLO, not authenticated, no transaction, AUTH offered
 *   MAIL   reverse-path and id known, no recipient
 *   RCPT   reverse-path known, 1..SMTP_RECIPIENTS_MAX recipients
 *   DATA   as RCPT; lines end only at CR LF, and a bare LF or CR inside a
 *          line makes the message refused after the final dot (no SMTP smuggling)
 *   QUIT   no transaction
 */
#include "smtp/smtp_server.h"

#include <assert.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "smtp/smtp_server_int.h"

static const char *const state_names[SMTP_S__COUNT] = {
	[SMTP_S_INIT] = "INIT",
	[SMTP_S_READY] = "READY",
	[SMTP_S_AUTH] = "AUTH",
	[SMTP_S_MAIL] = "MAIL",
	[SMTP_S_RCPT] = "RCPT",
	[SMTP_S_DATA] = "DATA",
	[SMTP_S_QUIT] = "QUIT",
};

#define TO(st) (1u << (st))
/* The transitions of the diagram above, and no others. */
static const unsigned allowed[SMTP_S__COUNT] = {
	[SMTP_S_INIT] = TO(SMTP_S_READY) | TO(SMTP_S_QUIT),
	[SMTP_S_READY] = TO(SMTP_S_INIT) | TO(SMTP_S_READY) | TO(SMTP_S_AUTH) | TO(SMTP_S_MAIL) |
			 TO(SMTP_S_QUIT),
	[SMTP_S_AUTH] = TO(SMTP_S_AUTH) | TO(SMTP_S_READY) | TO(SMTP_S_QUIT),
	[SMTP_S_MAIL] = TO(SMTP_S_RCPT) | TO(SMTP_S_READY) | TO(SMTP_S_QUIT),
	[SMTP_S_RCPT] = TO(SMTP_S_RCPT) | TO(SMTP_S_READY) | TO(SMTP_S_DATA) | TO(SMTP_S_QUIT),
	[SMTP_S_DATA] = TO(SMTP_S_READY) | TO(SMTP_S_QUIT),
	[SMTP_S_QUIT] = 0,
};

static void assert_invariants(const smtp_server_t *s, smtp_server_state_t st)
{
	int no_tx = s->mail_from == NULL && s->nrcpt == 0;
	switch (st) {
	case SMTP_S_INIT:
		assert(s->helo == NULL && s->auth_user == NULL && no_tx);
		break;
	case SMTP_S_READY:
		assert(s->helo != NULL && no_tx);
		break;
	case SMTP_S_AUTH:
		assert(s->esmtp && s->auth_user == NULL && no_tx && s->hooks.auth);
		break;
	case SMTP_S_MAIL:
		assert(s->mail_from != NULL && s->id[0] && s->nrcpt == 0);
		break;
	case SMTP_S_RCPT:
	case SMTP_S_DATA:
		assert(s->mail_from != NULL && s->nrcpt >= 1 && s->nrcpt <= SMTP_RECIPIENTS_MAX);
		break;
	case SMTP_S_QUIT:
		assert(no_tx);
		break;
	case SMTP_S__COUNT:
		assert(!"no such state");
	}
	(void)s;
	(void)no_tx;
}

void smtp_server_enter_state(smtp_server_t *s, smtp_server_state_t to)
{
	smtp_server_state_t from = s->state;
	assert(to < SMTP_S__COUNT && (allowed[from] & TO(to)));
	(void)allowed;          /* with NDEBUG */
	assert_invariants(s, to);
	if (to == SMTP_S_DATA) {
		/* RFC 5321 4.5.3.1.6 and 2.3.8: text lines, ended by CR LF only */
		linebuf_set_mode(s->lb, LB_CRLF_ONLY);
		linebuf_set_max(s->lb, SMTP_TEXT_LINE_MAX);
		s->body_size = 0;
		s->in_headers = 1;
		s->nreceived = 0;
		s->data_error = NULL;
		sb_clear(&s->body);
	} else {
		/* commands: bare LF tolerated (nc without -C); 512 octets checked per
		 * verb, the buffer takes an AUTH line (RFC 4954 4) */
		linebuf_set_mode(s->lb, LB_LF_OK);
		linebuf_set_max(s->lb, SMTP_AUTH_LINE_MAX);
	}
	if (to == SMTP_S_MAIL)
		s->dot_code = 0;        /* a new transaction */
	s->state = to;
	if (from != to && s->hooks.on_state)
		s->hooks.on_state(s->ctx, from, to);
}

static int line_code(const char *line, size_t len)
{
	if (len < 3 || line[0] < '2' || line[0] > '5')
		return 0;
	return (line[0] - '0') * 100 + (line[1] - '0') * 10 + (line[2] - '0');
}

void smtp_server_reply_line(smtp_server_t *s, strbuf_t *out, const char *line, size_t len)
{
	s->last_code = line_code(line, len);
	sb_append(out, line, len);
	sb_append(out, "\r\n", 2);
	if (s->hooks.on_line_out)
		s->hooks.on_line_out(s->ctx, line, len);
}

void smtp_server_reply(smtp_server_t *s, strbuf_t *out, const char *fmt, ...)
{
	/* RFC 5321 4.5.3.1.5: a reply line is at most 512 octets with its CRLF;
	 * one that echoes a long argument (EHLO) is cut to fit. */
	char line[SMTP_REPLY_LINE_MAX - 1];
	va_list ap;
	va_start(ap, fmt);
	int n = vsnprintf(line, sizeof line, fmt, ap);
	va_end(ap);
	assert(n >= 0);
	size_t len = (size_t)n < sizeof line ? (size_t)n : sizeof line - 1;
	smtp_server_reply_line(s, out, line, len);
}

/* Abandon the transaction (RSET, EHLO, end of data, QUIT). */
void smtp_server_tx_clear(smtp_server_t *s)
{
	free(s->mail_from);
	s->mail_from = NULL;
	for (size_t i = 0; i < s->nrcpt; i++)
		free(s->rcpt[i]);
	s->nrcpt = 0;
	s->declared_size = 0;
	s->id[0] = '\0';
	sb_free(&s->body);
}

const smtp_tx_t *smtp_server_tx(smtp_server_t *s)
{
	s->tx = (smtp_tx_t){
		.helo = s->helo ? s->helo : "",
		.esmtp = s->esmtp,
		.auth_user = s->auth_user,
		.peer_addr = s->peer_addr,
		.peer_name = s->peer_name,
		.mail_from = s->mail_from,
		.declared_size = s->declared_size,
		.rcpt = (const char *const *)s->rcpt,
		.nrcpt = s->nrcpt,
		.id = s->id,
	};
	return &s->tx;
}

smtp_server_t *smtp_server_new(const smtp_server_config_t *cfg, const smtp_server_hooks_t *hooks,
			       void *ctx, const char *peer_addr, const char *peer_name)
{
	assert(cfg && cfg->hostname && hooks);
	assert(hooks->rcpt && hooks->message && hooks->make_id && hooks->now);
	smtp_server_t *s = xcalloc(1, sizeof *s);
	s->hooks = *hooks;
	s->ctx = ctx;
	s->hostname = xstrdup(cfg->hostname);
	s->max_size = cfg->max_size > 0 ? cfg->max_size : SMTP_MESSAGE_SIZE_MAX;
	s->lb = linebuf_new(SMTP_AUTH_LINE_MAX, LB_LF_OK);
	s->peer_addr = xstrdup(peer_addr ? peer_addr : "");
	s->peer_name = xstrdup(peer_name ? peer_name : "");
	s->state = SMTP_S_INIT;
	s->offer_starttls = cfg->offer_starttls;
	s->auth_needs_tls = cfg->auth_needs_tls;
	s->tls = cfg->tls_active;
	return s;
}

void smtp_server_free(smtp_server_t *s)
{
	if (!s)
		return;
	smtp_server_tx_clear(s);
	smtp_server_auth_clear(s);
	linebuf_free(s->lb);
	sb_free(&s->line);
	free(s->hostname);
	free(s->peer_addr);
	free(s->peer_name);
	free(s->helo);
	free(s->auth_user);
	free(s);
}

static void smtp_server_greet_body(smtp_server_t *s, strbuf_t *out)
{
	assert(s->state == SMTP_S_INIT);
	smtp_server_reply(s, out, "220 %s ESMTP mailpath", s->hostname);
}

/* RFC 5321 4.4: this hop's trace field, RFC 3848 for the with-keyword. */
static void received_header(smtp_server_t *s, strbuf_t *msg)
{
	char date[64];
	fmt_rfc5322_date(s->hooks.now(s->ctx), date, sizeof date);
	/* RFC 3848: S for TLS, A for an authenticated client */
	const char *with = s->auth_user ? (s->tls ? "ESMTPSA" : "ESMTPA")
			   : s->esmtp ? (s->tls ? "ESMTPS" : "ESMTP") : "SMTP";
	sb_printf(msg, "Received: from %s (%s [%s])\r\n", s->helo,
		  s->peer_name[0] ? s->peer_name : "unknown", s->peer_addr);
	sb_printf(msg, "\tby %s (mailpath) with %s id %s", s->hostname, with, s->id);
	/* one recipient may be named; more would disclose the Bcc: list */
	if (s->nrcpt == 1)
		sb_printf(msg, "\r\n\tfor <%s>; %s\r\n", s->rcpt[0], date);
	else
		sb_printf(msg, ";\r\n\t%s\r\n", date);
}

static void data_end(smtp_server_t *s, strbuf_t *out)
{
	if (s->data_error) {
		s->dot_code = line_code(s->data_error, strlen(s->data_error));
		smtp_server_reply(s, out, "%s", s->data_error);
	} else {
		strbuf_t msg = STRBUF_INIT, reply = STRBUF_INIT;
		received_header(s, &msg);
		sb_append(&msg, sb_str(&s->body), s->body.len);
		sb_free(&s->body);
		int code = s->hooks.message(s->ctx, smtp_server_tx(s), msg.buf, msg.len, &reply);
		assert(code >= 200 && code <= 599 && reply.len >= 3);
		s->dot_code = code;
		s->nstored += code / 100 == 2;
		smtp_server_reply_line(s, out, reply.buf, reply.len);
		sb_free(&reply);
		sb_free(&msg);
	}
	smtp_server_tx_clear(s);
	smtp_server_enter_state(s, SMTP_S_READY);
}

static void data_fail(smtp_server_t *s, const char *reply)
{
	if (!s->data_error)
		s->data_error = reply;
	sb_free(&s->body);      /* stop storing: memory stays bounded */
}

/* One content line, its CR LF removed. The server cannot interrupt: the first
 * error is remembered and told after the final dot. */
static void data_line(smtp_server_t *s, const char *line, size_t len, int overlong, strbuf_t *out)
{
	if (s->hooks.on_line_in)
		s->hooks.on_line_in(s->ctx, line, len, 1);
	if (!overlong && len == 1 && line[0] == '.') {
		data_end(s, out);   /* RFC 5321 4.1.1.4: the message ends at "." alone */
		return;
	}
	if (overlong)           /* RFC 5321 4.5.3.1.6 */
		data_fail(s, "500 5.5.2 Error: line too long");
	/* RFC 5321 2.3.8 and 4.1.1.4: CR and LF occur only together, as CR LF.
	 * A bare one is refused, never stored: a later hop or a POP3 client that
	 * ends lines at LF (or CR) alone would read "\n.\r\n" as the end of
	 * the message and what follows as commands (SMTP smuggling). */
	if (memchr(line, '\n', len))
		data_fail(s, SMTP_REPLY_BARE_LF);
	else if (memchr(line, '\r', len))
		data_fail(s, SMTP_REPLY_BARE_CR);
	if (len > 0 && line[0] == '.') {
		line++;         /* RFC 5321 4.5.2: remove a leading dot */
		len--;
	}
	if (s->in_headers) {
		if (len == 0)
			s->in_headers = 0;
		else if (len >= 9 && str_iprefix(line, "Received:") && ++s->nreceived > SMTP_RECEIVED_MAX)
			data_fail(s, "554 5.4.6 Too many hops");    /* RFC 5321 6.3 */
	}
	s->body_size += len + 2;
	if (s->body_size > (size_t)s->max_size)         /* RFC 1870 */
		data_fail(s, "552 5.3.4 Error: message too big");
	if (s->data_error)
		return;
	sb_append(&s->body, line, len);
	sb_append(&s->body, "\r\n", 2);
}

static void smtp_server_feed_body(smtp_server_t *s, const char *p, size_t n, strbuf_t *out)
{
	if (s->state == SMTP_S_QUIT)
		return;         /* after 221 or 421 the input is ignored */
	linebuf_feed(s->lb, p, n);
	const char *line;
	size_t len;
	int overlong;
	while (s->state != SMTP_S_QUIT && linebuf_next(s->lb, &line, &len, &overlong)) {
		if (s->state == SMTP_S_DATA)
			data_line(s, line, len, overlong, out);
		else if (s->state == SMTP_S_AUTH)
			smtp_server_auth_line(s, line, len, overlong, out);
		else
			smtp_server_command(s, line, len, overlong, out);
	}
}

/* 421 (out != NULL) or a lost connection: the session ends here. */
static void close_session(smtp_server_t *s, strbuf_t *out, const char *enh, const char *why)
{
	if (s->state == SMTP_S_QUIT)
		return;
	smtp_server_tx_clear(s);
	smtp_server_auth_clear(s);
	if (out)
		smtp_server_reply(s, out, "421 %s %s %s", enh, s->hostname, why);
	smtp_server_enter_state(s, SMTP_S_QUIT);
}

static void smtp_server_shutdown_body(smtp_server_t *s, strbuf_t *out)
{
	close_session(s, out, "4.3.2", "Service shutting down");
}

static void smtp_server_idle_timeout_body(smtp_server_t *s, strbuf_t *out)
{
	/* RFC 5321 4.5.3.2.7 */
	close_session(s, out, "4.4.2", "Error: timeout exceeded");
}

static void smtp_server_lost_body(smtp_server_t *s)
{
	s->lost = 1;
	close_session(s, NULL, NULL, NULL);
}

smtp_server_state_t smtp_server_state(const smtp_server_t *s)
{
	return s->state;
}

const char *smtp_server_state_name(smtp_server_state_t st)
{
	assert(st < SMTP_S__COUNT);
	return state_names[st];
}

static int smtp_server_starttls_now_body(smtp_server_t *s)
{
	int now = s->starttls_now;
	s->starttls_now = 0;
	return now;
}

int smtp_server_tls(const smtp_server_t *s)
{
	return s->tls;
}

int smtp_server_done(const smtp_server_t *s)
{
	return s->state == SMTP_S_QUIT;
}

size_t smtp_server_pending(const smtp_server_t *s)
{
	return linebuf_pending(s->lb) + s->body.len + s->line.len;
}

/* What the server knows: what it answered last, and what it has stored. */
void smtp_server_belief(const smtp_server_t *s, char *buf, size_t size)
{
	if (s->dot_code && (s->state == SMTP_S_DATA || s->state == SMTP_S_READY)) {
		if (s->dot_code / 100 == 2)
			snprintf(buf, size, "message stored, %d sent: it is ours to deliver now", s->dot_code);
		else
			snprintf(buf, size, "message refused after the dot (%d sent)", s->dot_code);
		return;
	}
	switch (s->state) {
	case SMTP_S_INIT: snprintf(buf, size, "220 sent, waiting for EHLO"); break;
	case SMTP_S_READY: snprintf(buf, size, "client introduced itself; no transaction"); break;
	case SMTP_S_AUTH: snprintf(buf, size, "in an AUTH exchange (%d sent)", s->last_code); break;
	case SMTP_S_MAIL: snprintf(buf, size, "sender <%s> accepted, waiting for RCPT", s->mail_from ? s->mail_from : ""); break;
	case SMTP_S_RCPT:
		snprintf(buf, size, "%zu recipient%s accepted (last reply %d), waiting for DATA", s->nrcpt,
			 s->nrcpt == 1 ? "" : "s", s->last_code);
		break;
	case SMTP_S_DATA: snprintf(buf, size, "354 sent, receiving the message"); break;
	case SMTP_S_QUIT:
	case SMTP_S__COUNT:
		if (s->lost && s->nstored)
			snprintf(buf, size, "connection lost; the message was stored (250 sent)");
		else if (s->lost)
			snprintf(buf, size, "connection lost; nothing stored");
		else
			snprintf(buf, size, "%d sent, closing; %zu message%s stored", s->last_code, s->nstored,
				 s->nstored == 1 ? "" : "s");
		break;
	}
}

/* ---- the change counter (core/changes.h): every mutating call ------- */

void smtp_server_greet(smtp_server_t *s, strbuf_t *out)
{
	changes_enter(&s->changes);
	smtp_server_greet_body(s, out);
	changes_leave(&s->changes);
}

void smtp_server_feed(smtp_server_t *s, const char *p, size_t n, strbuf_t *out)
{
	changes_enter(&s->changes);
	smtp_server_feed_body(s, p, n, out);
	changes_leave(&s->changes);
}

void smtp_server_shutdown(smtp_server_t *s, strbuf_t *out)
{
	changes_enter(&s->changes);
	smtp_server_shutdown_body(s, out);
	changes_leave(&s->changes);
}

void smtp_server_idle_timeout(smtp_server_t *s, strbuf_t *out)
{
	changes_enter(&s->changes);
	smtp_server_idle_timeout_body(s, out);
	changes_leave(&s->changes);
}

void smtp_server_lost(smtp_server_t *s)
{
	changes_enter(&s->changes);
	smtp_server_lost_body(s);
	changes_leave(&s->changes);
}

int smtp_server_starttls_now(smtp_server_t *s)
{
	changes_enter(&s->changes);
	int r = smtp_server_starttls_now_body(s);
	changes_leave(&s->changes);
	return r;
}

uint64_t smtp_server_changes(const smtp_server_t *s)
{
	return changes_stamp(&s->changes);
}
