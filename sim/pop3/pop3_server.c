/* pop3_server.c — one POP3 server session (RFC 1939, RFC 2449 CAPA, RFC 3206
 * response codes), a state machine fed with bytes.
 *
 *            greet              PASS ok              QUIT
 *  (new) ----------> AUTHORIZATION -------> TRANSACTION -------> UPDATE
 *                         |                      |                 |
 *                         | QUIT, lost           | lost            | reply sent
 *                         v                      v                 v
 *                       CLOSED <-----------------+-----------------+
 *
 *  CLOSED        -> AUTHORIZATION  [pop3_server_greet]  (a new session is CLOSED)
 *  AUTHORIZATION -> TRANSACTION    [proceed_pass]       maildrop locked, snapshot taken
 *  AUTHORIZATION -> CLOSED         [proceed_quit, pop3_server_lost]
 *  TRANSACTION   -> UPDATE         [proceed_quit]       marked messages removed
 *  TRANSACTION   -> CLOSED         [pop3_server_lost]   nothing removed, lock released
 *  UPDATE        -> CLOSED         [proceed_quit]       lock released
 *  AUTHORIZATION -> AUTHORIZATION  [proceed_stls]       RFC 2595 4: TLS begins;
 *                                  USER and anything pipelined after STLS forgotten
 *
 * Invariants, asserted in enter_state():
 *  AUTHORIZATION  entered once, from the new session; no maildrop, no snapshot.
 *  TRANSACTION    the session holds the maildrop's lock; the snapshot is the
 *                 messages present at login (RFC 1939 4: later mail waits for
 *                 the next session); message numbers never change.
 *  UPDATE         only from TRANSACTION, still holding the lock (RFC 1939 6).
 *  CLOSED         the lock is released; no further input is read.
 *
 * Commands go through one table of { verb, check, proceed }: check_* answers
 * -ERR and refuses (state, arguments, message numbers); proceed_* does the
 * work. Keywords are case-insensitive (RFC 1939 3). The TRANSACTION commands
 * and the snapshot are in pop3_server_txn.c. */
#include <assert.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "pop3/pop3_server_int.h"

static const char *const state_names[POP3_S__COUNT] = {
	[POP3_S_AUTHORIZATION] = "AUTHORIZATION",
	[POP3_S_TRANSACTION] = "TRANSACTION",
	[POP3_S_UPDATE] = "UPDATE",
	[POP3_S_CLOSED] = "CLOSED",
};

const char *pop3_server_state_name(pop3_server_state_t st)
{
	assert(st < POP3_S__COUNT);
	return state_names[st];
}

/* ---- states ------------------------------------------------------------ */

static void enter_state(pop3_server_t *s, pop3_server_state_t to)
{
	pop3_server_state_t from = s->state;
	switch (to) {
	case POP3_S_AUTHORIZATION:
		assert(from == POP3_S_CLOSED && !s->opened);
		assert(!s->mb && !s->snap);
		s->opened = 1;
		break;
	case POP3_S_TRANSACTION:
		assert(from == POP3_S_AUTHORIZATION);
		assert(s->mb && mailbox_locked(s->mb));
		break;
	case POP3_S_UPDATE:
		assert(from == POP3_S_TRANSACTION);
		assert(s->mb && mailbox_locked(s->mb));
		break;
	case POP3_S_CLOSED:
		assert(from != POP3_S_CLOSED && s->opened);
		assert(!s->mb);
		break;
	default:
		assert(!"no such state");
	}
	s->state = to;
	if (s->hooks.on_state)
		s->hooks.on_state(s->ctx, from, to);
}

/* Give the maildrop back (RFC 1939 8); the snapshot goes with it. */
static void release_maildrop(pop3_server_t *s)
{
	if (s->mb)
		mailbox_unlock(s->mb);
	s->mb = NULL;
	free(s->snap);
	s->snap = NULL;
	s->nsnap = 0;
	s->ndele = 0;
}

/* ---- output ---------------------------------------------------------- */

void pop3_server_send_line(pop3_server_t *s, const char *p, size_t n, int is_data)
{
	size_t start = s->out->len;
	sb_append(s->out, p, n);
	if (s->hooks.on_line_out)
		s->hooks.on_line_out(s->ctx, s->out->buf + start, n, is_data);
	sb_append(s->out, "\r\n", 2);
}

void pop3_server_say(pop3_server_t *s, int is_data, const char *fmt, ...)
{
	/* RFC 2449 4: a response line is at most 512 octets with its CRLF */
	char line[POP3_RESPONSE_LINE_MAX - 1];
	va_list ap;
	va_start(ap, fmt);
	int n = vsnprintf(line, sizeof line, fmt, ap);
	va_end(ap);
	assert(n >= 0);
	size_t len = (size_t)n < sizeof line ? (size_t)n : sizeof line - 1;
	pop3_server_send_line(s, line, len, is_data);
}

/* ---- checks: each answers -ERR and refuses, or lets the command proceed */

static int args_ok(pop3_server_t *s, const pop3_server_cmd_t *c)
{
	if (c->argc >= c->def->min_args && c->argc <= c->def->max_args)
		return 1;
	reply(s, "-ERR usage: %s", c->def->usage);
	return 0;
}

static int in_state(pop3_server_t *s, const pop3_server_cmd_t *c, pop3_server_state_t st)
{
	if (s->state == st)
		return 1;
	reply(s, "-ERR %s is not valid in the %s state", c->def->verb,
	      pop3_server_state_name(s->state));
	return 0;
}

static int check_any(pop3_server_t *s, pop3_server_cmd_t *c)
{
	return args_ok(s, c);
}

static int check_authorization(pop3_server_t *s, pop3_server_cmd_t *c)
{
	return in_state(s, c, POP3_S_AUTHORIZATION) && args_ok(s, c);
}

/* RFC 2595 4: a server may refuse a password in clear; RFC 3206 4: [AUTH]. */
static int check_login(pop3_server_t *s, pop3_server_cmd_t *c)
{
	if (!check_authorization(s, c))
		return 0;
	if (s->auth_needs_tls && !s->tls) {
		reply(s, "-ERR [AUTH] TLS required: send STLS first");
		return 0;
	}
	return 1;
}

static int check_pass(pop3_server_t *s, pop3_server_cmd_t *c)
{
	if (!check_login(s, c))
		return 0;
	if (!s->user) {
		reply(s, "-ERR USER first");
		return 0;
	}
	return 1;
}

int pop3_server_check_transaction(pop3_server_t *s, pop3_server_cmd_t *c)
{
	return in_state(s, c, POP3_S_TRANSACTION) && args_ok(s, c);
}

/* ---- AUTHORIZATION (RFC 1939 4, 7) ------------------------------------ */

static void proceed_user(pop3_server_t *s, pop3_server_cmd_t *c)
{
	/* Whether the user exists is not revealed before PASS. */
	free(s->user);
	s->user = xstrdup(c->argv[0]);
	reply(s, "+OK");
}

static mailbox_t *find_maildrop(pop3_server_t *s, const char *name)
{
	mailbox_t *mb = mailstore_by_login(s->store, name);
	return mb ? mb : mailstore_by_addr(s->store, name);
}

static void proceed_pass(pop3_server_t *s, pop3_server_cmd_t *c)
{
	mailbox_t *mb = find_maildrop(s, s->user);
	free(s->user);
	s->user = NULL;         /* after a failure, USER comes again */
	if (!mb || !mailbox_password_ok(mb, c->rest)) {
		/* RFC 3206 4: AUTH, the credentials are wrong */
		reply(s, "-ERR [AUTH] Invalid login or password");
		return;
	}
	if (mailbox_lock(mb) < 0) {
		/* RFC 3206 4: IN-USE; RFC 1939 8: exclusive access */
		reply(s, "-ERR [IN-USE] Maildrop already locked");
		return;
	}
	s->mb = mb;
	pop3_server_take_snapshot(s);
	size_t octets;
	size_t n = pop3_server_live(s, &octets);
	reply(s, "+OK %s's maildrop has %zu message%s (%zu octets)",
	      mailbox_login(mb), n, n == 1 ? "" : "s", octets);
	enter_state(s, POP3_S_TRANSACTION);
}

static void proceed_apop(pop3_server_t *s, pop3_server_cmd_t *c)
{
	(void)c;    /* no timestamp in the greeting, no MD5 in mailpath */
	reply(s, "-ERR APOP not supported");
}

/* RFC 2595 4: only in AUTHORIZATION, and not once TLS is on. */
static int check_stls(pop3_server_t *s, pop3_server_cmd_t *c)
{
	if (!s->offer_stls && !s->tls) {
		reply(s, "-ERR unknown command");
		return 0;
	}
	if (!check_authorization(s, c))
		return 0;
	if (s->tls) {
		reply(s, "-ERR Command not permitted when TLS active");
		return 0;
	}
	return 1;
}

static void proceed_stls(pop3_server_t *s, pop3_server_cmd_t *c)
{
	(void)c;
	reply(s, "+OK Begin TLS negotiation");
	free(s->user);
	s->user = NULL;
	linebuf_discard(s->lb);     /* nothing pipelined after STLS is acted on */
	s->tls = 1;
	s->starttls_now = 1;
}

static void proceed_capa(pop3_server_t *s, pop3_server_cmd_t *c)
{
	/* RFC 2449 5: the capabilities, one per line; STLS (RFC 2595 4) until
	 * TLS is on. No SASL. */
	static const char *const caps[] = {
		"USER", "TOP", "UIDL", "RESP-CODES", "AUTH-RESP-CODE",
		"PIPELINING", "IMPLEMENTATION mailpath",
	};
	(void)c;
	reply(s, "+OK Capability list follows");
	for (size_t i = 0; i < sizeof caps / sizeof caps[0]; i++)
		data_line(s, "%s", caps[i]);
	if (s->offer_stls && !s->tls)
		data_line(s, "STLS");
	pop3_server_send_line(s, ".", 1, 1);
}

/* RFC 1939 6: UPDATE removes the marked messages, then the lock goes. */
static void update(pop3_server_t *s)
{
	s->marked = 0;
	for (size_t i = 0; i < s->nsnap; i++)
		s->marked += s->snap[i].deleted != 0;
	enter_state(s, POP3_S_UPDATE);
	size_t marked;
	size_t removed = pop3_server_remove_marked(s, &marked);
	s->removed = removed;
	if (s->hooks.on_update)
		s->hooks.on_update(s->ctx, mailbox_login(s->mb), removed);
	size_t left = mailbox_count(s->mb);
	release_maildrop(s);
	if (removed != marked)
		reply(s, "-ERR some deleted messages not removed");
	else
		reply(s, "+OK %s POP3 server signing off (%zu message%s left)",
		      s->hostname, left, left == 1 ? "" : "s");
}

static void proceed_quit(pop3_server_t *s, pop3_server_cmd_t *c)
{
	(void)c;
	if (s->state == POP3_S_TRANSACTION)
		update(s);
	else
		reply(s, "+OK %s POP3 server signing off", s->hostname);
	enter_state(s, POP3_S_CLOSED);
}

#define ARGS_ANY ((size_t)-1)

static const pop3_server_verb_t verbs[] = {
	{ .verb = "USER", .check = check_login, .proceed = proceed_user,
	  .min_args = 1, .max_args = 1, .usage = "USER name" },
	{ .verb = "PASS", .check = check_pass, .proceed = proceed_pass,
	  .min_args = 1, .max_args = ARGS_ANY, .usage = "PASS password" },
	{ .verb = "APOP", .check = check_authorization, .proceed = proceed_apop,
	  .min_args = 0, .max_args = ARGS_ANY, .usage = "APOP name digest" },
	{ .verb = "CAPA", .check = check_any, .proceed = proceed_capa,
	  .min_args = 0, .max_args = 0, .usage = "CAPA" },
	{ .verb = "STLS", .check = check_stls, .proceed = proceed_stls,
	  .min_args = 0, .max_args = 0, .usage = "STLS" },
	{ .verb = "QUIT", .check = check_any, .proceed = proceed_quit,
	  .min_args = 0, .max_args = 0, .usage = "QUIT" },
	{ .verb = "STAT", .check = pop3_server_check_transaction, .proceed = pop3_server_proceed_stat,
	  .min_args = 0, .max_args = 0, .usage = "STAT" },
	{ .verb = "LIST", .check = pop3_server_check_opt_msg, .proceed = pop3_server_proceed_list,
	  .min_args = 0, .max_args = 1, .usage = "LIST [msg]" },
	{ .verb = "RETR", .check = pop3_server_check_msg, .proceed = pop3_server_proceed_retr,
	  .min_args = 1, .max_args = 1, .usage = "RETR msg" },
	{ .verb = "DELE", .check = pop3_server_check_msg, .proceed = pop3_server_proceed_dele,
	  .min_args = 1, .max_args = 1, .usage = "DELE msg" },
	{ .verb = "NOOP", .check = pop3_server_check_transaction, .proceed = pop3_server_proceed_noop,
	  .min_args = 0, .max_args = 0, .usage = "NOOP" },
	{ .verb = "RSET", .check = pop3_server_check_transaction, .proceed = pop3_server_proceed_rset,
	  .min_args = 0, .max_args = 0, .usage = "RSET" },
	{ .verb = "TOP", .check = pop3_server_check_top, .proceed = pop3_server_proceed_top,
	  .min_args = 2, .max_args = 2, .usage = "TOP msg lines" },
	{ .verb = "UIDL", .check = pop3_server_check_opt_msg, .proceed = pop3_server_proceed_uidl,
	  .min_args = 0, .max_args = 1, .usage = "UIDL [msg]" },
};

/* ---- one command line ----------------------------------------------- */

/* Split "VERB arg arg" (RFC 1939 3: separated by spaces). */
static const pop3_server_verb_t *parse_command(pop3_server_cmd_t *c, const char *line, size_t len)
{
	assert(len < sizeof c->raw);
	memcpy(c->raw, line, len);
	c->raw[len] = '\0';
	memcpy(c->words, c->raw, len + 1);
	const char *sp = strchr(c->raw, ' ');
	c->rest = sp ? sp + 1 : "";
	char *save = NULL;
	char *verb = strtok_r(c->words, " ", &save);
	if (!verb)
		return NULL;
	for (char *a; (a = strtok_r(NULL, " ", &save)) != NULL; c->argc++)
		if (c->argc < POP3_SERVER_ARGS_MAX)
			c->argv[c->argc] = a;
	for (size_t i = 0; i < sizeof verbs / sizeof verbs[0]; i++)
		if (str_ieq(verbs[i].verb, verb))
			return &verbs[i];
	return NULL;
}

/* NUL, CR and other controls have no place in a command line. */
static int has_controls(const char *p, size_t n)
{
	for (size_t i = 0; i < n; i++) {
		unsigned char ch = (unsigned char)p[i];
		if (ch < 0x20 || ch == 0x7F)
			return 1;
	}
	return 0;
}

static void handle_line(pop3_server_t *s, const char *line, size_t len, int overlong)
{
	if (s->hooks.on_line_in)
		s->hooks.on_line_in(s->ctx, line, len);
	if (overlong || len >= POP3_COMMAND_LINE_MAX) {
		/* RFC 2449 4: a command line is at most 255 octets */
		reply(s, "-ERR line too long");
		return;
	}
	if (has_controls(line, len)) {
		reply(s, "-ERR invalid characters in command");
		return;
	}
	pop3_server_cmd_t c = { .def = NULL };
	c.def = parse_command(&c, line, len);
	if (!c.def) {
		reply(s, "-ERR unknown command");
		return;
	}
	if (c.def->check(s, &c))
		c.def->proceed(s, &c);
}

/* ---- the session -------------------------------------------------------- */

pop3_server_t *pop3_server_new(const pop3_server_config_t *cfg, mailstore_t *store,
			       const pop3_server_hooks_t *hooks, void *ctx)
{
	assert(cfg && store);
	pop3_server_t *s = xcalloc(1, sizeof *s);
	s->hostname = xstrdup(cfg->hostname ? cfg->hostname : "localhost");
	s->store = store;
	if (hooks)
		s->hooks = *hooks;
	s->ctx = ctx;
	s->lb = linebuf_new(POP3_COMMAND_LINE_MAX, LB_LF_OK);
	s->state = POP3_S_CLOSED;
	s->offer_stls = cfg->offer_stls;
	s->auth_needs_tls = cfg->auth_needs_tls;
	s->tls = cfg->tls_active;
	return s;
}

void pop3_server_free(pop3_server_t *s)
{
	if (!s)
		return;
	release_maildrop(s);
	linebuf_free(s->lb);
	free(s->user);
	free(s->hostname);
	free(s);
}

static void pop3_server_greet_body(pop3_server_t *s, strbuf_t *out)
{
	assert(!s->opened);
	s->out = out;
	/* RFC 1939 4: the greeting; no APOP timestamp (APOP is not offered) */
	reply(s, "+OK %s POP3 server ready", s->hostname);
	enter_state(s, POP3_S_AUTHORIZATION);
	s->out = NULL;
}

static void pop3_server_feed_body(pop3_server_t *s, const char *p, size_t n, strbuf_t *out)
{
	assert(s->opened);
	if (s->state == POP3_S_CLOSED)
		return;
	linebuf_feed(s->lb, p, n);
	s->out = out;
	const char *line;
	size_t len;
	int overlong;
	while (s->state != POP3_S_CLOSED && linebuf_next(s->lb, &line, &len, &overlong))
		handle_line(s, line, len, overlong);
	s->out = NULL;
}

static void pop3_server_lost_body(pop3_server_t *s)
{
	if (s->state == POP3_S_CLOSED)
		return;
	/* RFC 1939 6: without QUIT there is no UPDATE; nothing is removed */
	s->lost = 1;
	s->was_txn = s->state == POP3_S_TRANSACTION;
	release_maildrop(s);
	free(s->user);
	s->user = NULL;
	enter_state(s, POP3_S_CLOSED);
}

pop3_server_state_t pop3_server_state(const pop3_server_t *s)
{
	return s->state;
}

static int pop3_server_starttls_now_body(pop3_server_t *s)
{
	int now = s->starttls_now;
	s->starttls_now = 0;
	return now;
}

int pop3_server_tls(const pop3_server_t *s)
{
	return s->tls;
}

int pop3_server_done(const pop3_server_t *s)
{
	return s->opened && s->state == POP3_S_CLOSED;
}

void pop3_server_belief(const pop3_server_t *s, char *buf, size_t size)
{
	switch (s->state) {
	case POP3_S_AUTHORIZATION:
		if (s->user)
			snprintf(buf, size, "AUTHORIZATION: user %s named, waiting for PASS", s->user);
		else
			snprintf(buf, size, "AUTHORIZATION: waiting for USER and PASS");
		break;
	case POP3_S_TRANSACTION:
		snprintf(buf, size, "TRANSACTION: maildrop locked, %zu message%s, %zu marked", s->nsnap,
			 s->nsnap == 1 ? "" : "s", s->ndele);
		break;
	case POP3_S_UPDATE:
		snprintf(buf, size, "UPDATE, removing %zu message%s", s->marked, s->marked == 1 ? "" : "s");
		break;
	case POP3_S_CLOSED:
	case POP3_S__COUNT:
		if (s->lost && s->was_txn)
			snprintf(buf, size, "lost without QUIT: no UPDATE, nothing removed");
		else if (s->lost || !s->opened)
			snprintf(buf, size, "connection closed");
		else
			snprintf(buf, size, "signed off: %zu message%s removed", s->removed, s->removed == 1 ? "" : "s");
		break;
	}
}

/* ---- the change counter (core/changes.h): every mutating call ------- */

void pop3_server_greet(pop3_server_t *s, strbuf_t *out)
{
	changes_enter(&s->changes);
	pop3_server_greet_body(s, out);
	changes_leave(&s->changes);
}

void pop3_server_feed(pop3_server_t *s, const char *p, size_t n, strbuf_t *out)
{
	changes_enter(&s->changes);
	pop3_server_feed_body(s, p, n, out);
	changes_leave(&s->changes);
}

void pop3_server_lost(pop3_server_t *s)
{
	changes_enter(&s->changes);
	pop3_server_lost_body(s);
	changes_leave(&s->changes);
}

int pop3_server_starttls_now(pop3_server_t *s)
{
	changes_enter(&s->changes);
	int r = pop3_server_starttls_now_body(s);
	changes_leave(&s->changes);
	return r;
}

uint64_t pop3_server_changes(const pop3_server_t *s)
{
	return changes_stamp(&s->changes);
}
