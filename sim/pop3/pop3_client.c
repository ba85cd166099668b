/* pop3_client.c — the supervisor's POP3 client (RFC 1939), a state machine
 * fed with the server's bytes. One command, one response; each state names
 * the command whose response the client awaits.
 *
 *  GREETING -> USER -> PASS -> STAT -> [UIDL] -> LIST --+
 *                                                        v
 *        +--> for each message: [TOP] -> RETR -> [DELE] -+
 *        |                                               v
 *        +------------------------------ [RSET] -> QUIT or vanish -> DONE
 *
 *  GREETING -> CAPA      [on_status]    job->tls == POP3_TLS_STLS (RFC 2595 4)
 *  CAPA     -> STLS      [on_response]  STLS listed; else give up: no login in clear
 *  STLS     -> TLS       [on_status]    +OK: the caller runs the handshake
 *  TLS      -> USER      [pop3_client_tls_ready]
 *  GREETING -> USER      [on_status]    +OK greeting
 *  USER     -> PASS      [on_status]
 *  PASS     -> STAT      [on_status]    login_ok
 *  STAT     -> UIDL|LIST [on_status]    UIDL when job->use_uidl
 *  UIDL     -> LIST      [after_uidl]   a -ERR only loses the uids
 *  LIST     -> TOP|RETR  [next_message] skipping seen uids
 *  TOP      -> RETR      [after_top]    a -ERR does not matter
 *  RETR     -> DELE      [after_retr]   unless job->keep; -ERR skips the message
 *  DELE     -> TOP|RETR  [next_message]
 *  *        -> RSET      [next_message] no message left, job->rset
 *  *        -> QUIT      [finish, give_up] -ERR before LIST, or junk: give up
 *  *        -> DONE      [finish]       job->drop_before_quit: on_vanish instead of QUIT
 *  QUIT     -> DONE      [on_status]    the QUIT reply
 *  *        -> DONE      [pop3_client_lost]
 *
 * Invariants, asserted in enter_state(): DONE is final; TOP, RETR and DELE
 * work on a listed message (cur < nmsgs); nothing after PASS without login_ok,
 * except QUIT and DONE. */
#include <assert.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "core/changes.h"
#include "core/linebuf.h"
#include "pop3/pop3_client.h"
#include "core/proto_limits.h"

/* Longer lines are cut, never a crash (limits in proto_limits.h). */
#define CLIENT_LINE_MAX POP3_CLIENT_LINE_MAX
#define UID_MAX POP3_UID_MAX

typedef struct listed {
	unsigned long num;
	char uid[UID_MAX + 1];  /* "" unless UIDL named it */
} listed_t;

struct pop3_client {
	changes_t changes;      /* core/changes.h: for the world view */
	char *user, *pass;
	char **seen;
	size_t nseen;
	pop3_client_job_t job;  /* its pointers point at the copies above */
	pop3_client_hooks_t hooks;
	void *ctx;
	linebuf_t *lb;
	strbuf_t *out;          /* where commands go during feed */
	pop3_client_state_t state;
	int multiline;          /* reading the body of a multi-line response */
	strbuf_t body;          /* RETR's message, un-stuffed */
	listed_t *uids;         /* from UIDL */
	size_t nuids, capuids;
	listed_t *msgs;         /* from LIST */
	size_t nmsgs, capmsgs;
	size_t cur;             /* msgs[cur] is the message being worked on */
	int login_ok;
	int cap_stls;           /* CAPA listed STLS */
	int starttls_now;
	int gave_up;            /* QUIT after a failure: its reply keeps the error */
	char *error;
	size_t retrieved, deleted;
	int vanished, lost;     /* left without QUIT; the connection was lost */
};

static const char *const state_names[POP3_C__COUNT] = {
	[POP3_C_GREETING] = "GREETING", [POP3_C_USER] = "USER",
	[POP3_C_PASS] = "PASS", [POP3_C_STAT] = "STAT", [POP3_C_UIDL] = "UIDL",
	[POP3_C_LIST] = "LIST", [POP3_C_TOP] = "TOP", [POP3_C_RETR] = "RETR",
	[POP3_C_DELE] = "DELE", [POP3_C_RSET] = "RSET", [POP3_C_QUIT] = "QUIT",
	[POP3_C_DONE] = "DONE", [POP3_C_CAPA] = "CAPA", [POP3_C_STLS] = "STLS",
	[POP3_C_TLS] = "TLS",
};

const char *pop3_client_state_name(pop3_client_state_t st)
{
	assert(st < POP3_C__COUNT);
	return state_names[st];
}

static void enter_state(pop3_client_t *c, pop3_client_state_t to)
{
	pop3_client_state_t from = c->state;
	assert(from != POP3_C_DONE);
	switch (to) {
	case POP3_C_TOP:
	case POP3_C_RETR:
	case POP3_C_DELE:
		assert(c->cur < c->nmsgs);
		/* fall through */
	case POP3_C_STAT:
	case POP3_C_UIDL:
	case POP3_C_LIST:
	case POP3_C_RSET:
		assert(c->login_ok);
		break;
	default:
		break;
	}
	c->state = to;
	if (c->hooks.on_state)
		c->hooks.on_state(c->ctx, from, to);
}

static void set_error(pop3_client_t *c, const char *line, size_t len)
{
	free(c->error);
	c->error = xstrndup(line, len);
}

__attribute__((format(printf, 3, 4)))
static void send_cmd(pop3_client_t *c, pop3_client_state_t st, const char *fmt, ...)
{
	char line[POP3_COMMAND_LINE_MAX - 1];
	va_list ap;
	va_start(ap, fmt);
	int n = vsnprintf(line, sizeof line, fmt, ap);
	va_end(ap);
	assert(n >= 0);
	size_t len = (size_t)n < sizeof line ? (size_t)n : sizeof line - 1;
	len = strcspn(line, "\r\n") < len ? strcspn(line, "\r\n") : len;  /* no injection */
	enter_state(c, st);
	sb_append(c->out, line, len);
	sb_append(c->out, "\r\n", 2);
	if (c->hooks.on_line_out)
		c->hooks.on_line_out(c->ctx, line, len);
}

/* ---- the plan ---------------------------------------------------------- */

static const char *uid_of(const pop3_client_t *c, unsigned long num)
{
	for (size_t i = 0; i < c->nuids; i++)
		if (c->uids[i].num == num)
			return c->uids[i].uid;
	return "";
}

static int seen_before(const pop3_client_t *c, const char *uid)
{
	if (!c->job.use_uidl || !*uid)
		return 0;
	for (size_t i = 0; i < c->nseen; i++)
		if (strcmp(c->seen[i], uid) == 0)
			return 1;
	return 0;
}

static void finish(pop3_client_t *c)
{
	if (!c->job.drop_before_quit) {
		send_cmd(c, POP3_C_QUIT, "QUIT");
		return;
	}
	/* The lesson: no QUIT, no UPDATE (RFC 1939 6): nothing is deleted. */
	c->vanished = 1;
	if (c->hooks.on_vanish)
		c->hooks.on_vanish(c->ctx);
	if (c->state != POP3_C_DONE)
		enter_state(c, POP3_C_DONE);
}

static void give_up(pop3_client_t *c)
{
	c->gave_up = 1;
	send_cmd(c, POP3_C_QUIT, "QUIT");
}

static void work_on(pop3_client_t *c)
{
	unsigned long num = c->msgs[c->cur].num;
	if (c->job.top_lines >= 0)
		send_cmd(c, POP3_C_TOP, "TOP %lu %d", num, c->job.top_lines);
	else
		send_cmd(c, POP3_C_RETR, "RETR %lu", num);
}

/* The next listed message from c->cur on, or RSET / QUIT when none is left. */
static void next_message(pop3_client_t *c)
{
	while (c->cur < c->nmsgs && seen_before(c, c->msgs[c->cur].uid))
		c->cur++;
	if (c->cur < c->nmsgs)
		work_on(c);
	else if (c->job.rset)
		send_cmd(c, POP3_C_RSET, "RSET");
	else
		finish(c);
}

/* ---- multi-line bodies (RFC 1939 3) --------------------------------- */

/* A decimal number at *p, then one space or the end; -1 when not. */
static int parse_num(const char **p, unsigned long *v)
{
	unsigned long x = 0;
	const char *s = *p;
	if (*s < '0' || *s > '9')
		return -1;
	for (; *s >= '0' && *s <= '9'; s++)
		x = x < 100000000UL ? x * 10 + (unsigned long)(*s - '0') : x;
	if (*s == ' ')
		s++;
	*p = s;
	*v = x;
	return 0;
}

static listed_t *push_listed(listed_t **v, size_t *n, size_t *cap)
{
	if (*n == *cap) {
		*cap = *cap ? 2 * *cap : 16;
		*v = xrealloc(*v, *cap * sizeof **v);
	}
	listed_t *e = &(*v)[(*n)++];
	memset(e, 0, sizeof *e);
	return e;
}

/* "num size" (LIST) or "num uid" (UIDL); malformed lines are ignored. */
static void body_line(pop3_client_t *c, const char *p, size_t n)
{
	if (c->state == POP3_C_CAPA) {
		if (n == 4 && !memcmp(p, "STLS", 4))
			c->cap_stls = 1;
		return;
	}
	if (c->state == POP3_C_RETR) {
		sb_append(&c->body, p, n);
		sb_append(&c->body, "\r\n", 2);
		return;
	}
	if (c->state != POP3_C_LIST && c->state != POP3_C_UIDL)
		return;     /* TOP: shown through on_line_in only */
	char buf[128];
	if (n >= sizeof buf)
		return;
	memcpy(buf, p, n);
	buf[n] = '\0';
	const char *s = buf;
	unsigned long num;
	if (parse_num(&s, &num) < 0 || num == 0)
		return;
	if (c->state == POP3_C_LIST) {
		push_listed(&c->msgs, &c->nmsgs, &c->capmsgs)->num = num;
		return;
	}
	size_t ulen = strcspn(s, " ");
	if (ulen == 0 || ulen > UID_MAX)
		return;
	listed_t *e = push_listed(&c->uids, &c->nuids, &c->capuids);
	e->num = num;
	memcpy(e->uid, s, ulen);
}

/* ---- responses ---------------------------------------------------------- */

static void after_list(pop3_client_t *c)
{
	for (size_t i = 0; i < c->nmsgs; i++)
		snprintf(c->msgs[i].uid, sizeof c->msgs[i].uid, "%s", uid_of(c, c->msgs[i].num));
	c->cur = 0;
	next_message(c);
}

static void after_retr(pop3_client_t *c, int ok)
{
	listed_t *m = &c->msgs[c->cur];
	if (!ok) {              /* skip this message */
		c->cur++;
		next_message(c);
		return;
	}
	c->retrieved++;
	if (c->hooks.on_message)
		c->hooks.on_message(c->ctx, m->uid, sb_str(&c->body), c->body.len);
	sb_clear(&c->body);
	if (c->job.keep) {
		c->cur++;
		next_message(c);
	} else {
		send_cmd(c, POP3_C_DELE, "DELE %lu", m->num);
	}
}

/* The whole response to the command of c->state: ok is its +OK. */
static void on_response(pop3_client_t *c, int ok)
{
	switch (c->state) {
	case POP3_C_GREETING:
		if (!ok) give_up(c);
		else if (c->job.tls == POP3_TLS_STLS) send_cmd(c, POP3_C_CAPA, "CAPA");
		else send_cmd(c, POP3_C_USER, "USER %s", c->user);
		break;
	case POP3_C_CAPA:
		if (ok && c->cap_stls) {
			send_cmd(c, POP3_C_STLS, "STLS");
		} else {
			static const char why[] = "the server does not offer STLS: "
						  "the client will not send the password in clear";
			set_error(c, why, sizeof why - 1);
			give_up(c);
		}
		break;
	case POP3_C_STLS:
		if (ok) {
			c->starttls_now = 1;
			enter_state(c, POP3_C_TLS);
		} else {
			give_up(c);
		}
		break;
	case POP3_C_TLS:
		break;
	case POP3_C_USER:
		if (ok) send_cmd(c, POP3_C_PASS, "PASS %s", c->pass); else give_up(c);
		break;
	case POP3_C_PASS:
		c->login_ok = ok;
		if (ok) send_cmd(c, POP3_C_STAT, "STAT"); else give_up(c);
		break;
	case POP3_C_STAT:
		if (!ok) give_up(c);
		else if (c->job.use_uidl) send_cmd(c, POP3_C_UIDL, "UIDL");
		else send_cmd(c, POP3_C_LIST, "LIST");
		break;
	case POP3_C_UIDL:
		send_cmd(c, POP3_C_LIST, "LIST");
		break;
	case POP3_C_LIST:
		if (ok) after_list(c); else give_up(c);
		break;
	case POP3_C_TOP:
		send_cmd(c, POP3_C_RETR, "RETR %lu", c->msgs[c->cur].num);
		break;
	case POP3_C_RETR:
		after_retr(c, ok);
		break;
	case POP3_C_DELE:
		c->deleted += ok != 0;
		c->cur++;
		next_message(c);
		break;
	case POP3_C_RSET:
		finish(c);
		break;
	case POP3_C_QUIT:
		enter_state(c, POP3_C_DONE);
		break;
	default:
		assert(!"a response in DONE");
	}
}

static int is_multiline(const pop3_client_t *c)
{
	return c->state == POP3_C_UIDL || c->state == POP3_C_LIST || c->state == POP3_C_CAPA ||
	       c->state == POP3_C_TOP || c->state == POP3_C_RETR;
}

/* "+OK" or "-ERR", alone or followed by a space. */
static int status_is(const char *line, size_t len, const char *word)
{
	size_t w = strlen(word);
	return len >= w && memcmp(line, word, w) == 0 && (len == w || line[w] == ' ');
}

static void status_line(pop3_client_t *c, const char *line, size_t len)
{
	if (c->hooks.on_line_in)
		c->hooks.on_line_in(c->ctx, line, len, 0);
	if (status_is(line, len, "+OK")) {
		if (is_multiline(c)) {
			c->multiline = 1;
			sb_clear(&c->body);
		} else {
			on_response(c, 1);
		}
		return;
	}
	if (!(c->state == POP3_C_QUIT && c->gave_up))
		set_error(c, line, len);
	if (status_is(line, len, "-ERR") || c->state == POP3_C_QUIT)
		on_response(c, 0);
	else            /* junk where a status was due: give up cleanly */
		give_up(c);
}

static void data_line(pop3_client_t *c, const char *line, size_t len)
{
	if (c->hooks.on_line_in)
		c->hooks.on_line_in(c->ctx, line, len, 1);
	if (len == 1 && line[0] == '.') {
		c->multiline = 0;
		on_response(c, 1);
		return;
	}
	/* RFC 1939 3: remove the stuffed termination octet */
	if (len > 0 && line[0] == '.')
		body_line(c, line + 1, len - 1);
	else
		body_line(c, line, len);
}

/* ---- the client ------------------------------------------------------- */

pop3_client_t *pop3_client_new(const pop3_client_job_t *job, const pop3_client_hooks_t *hooks,
			       void *ctx)
{
	assert(job);
	pop3_client_t *c = xcalloc(1, sizeof *c);
	c->job = *job;
	c->user = xstrdup(job->user ? job->user : "");
	c->pass = xstrdup(job->pass ? job->pass : "");
	c->nseen = job->seen ? job->nseen : 0;
	c->seen = xcalloc(c->nseen ? c->nseen : 1, sizeof *c->seen);
	for (size_t i = 0; i < c->nseen; i++)
		c->seen[i] = xstrdup(job->seen[i] ? job->seen[i] : "");
	c->job.user = c->user;
	c->job.pass = c->pass;
	c->job.seen = (const char *const *)c->seen;
	if (hooks)
		c->hooks = *hooks;
	c->ctx = ctx;
	c->lb = linebuf_new(CLIENT_LINE_MAX, LB_LF_OK);
	c->state = POP3_C_GREETING;
	return c;
}

void pop3_client_free(pop3_client_t *c)
{
	if (!c)
		return;
	for (size_t i = 0; i < c->nseen; i++)
		free(c->seen[i]);
	free(c->seen);
	free(c->user);
	free(c->pass);
	linebuf_free(c->lb);
	sb_free(&c->body);
	free(c->uids);
	free(c->msgs);
	free(c->error);
	free(c);
}

static void pop3_client_feed_body(pop3_client_t *c, const char *p, size_t n, strbuf_t *out)
{
	if (c->state == POP3_C_DONE)
		return;
	linebuf_feed(c->lb, p, n);
	c->out = out;
	const char *line;
	size_t len;
	int overlong;
	while (c->state != POP3_C_DONE) {
		/* RFC 1939 3: CRLF ends a body line; a status line may end in LF */
		linebuf_set_mode(c->lb, c->multiline ? LB_CRLF_ONLY : LB_LF_OK);
		if (!linebuf_next(c->lb, &line, &len, &overlong))
			break;
		if (c->multiline)
			data_line(c, line, len);
		else
			status_line(c, line, len);
	}
	c->out = NULL;
}

static void pop3_client_lost_body(pop3_client_t *c)
{
	if (c->state == POP3_C_DONE)
		return;
	c->multiline = 0;
	c->lost = 1;
	enter_state(c, POP3_C_DONE);
}

pop3_client_state_t pop3_client_state(const pop3_client_t *c) { return c->state; }
int pop3_client_done(const pop3_client_t *c) { return c->state == POP3_C_DONE; }
int pop3_client_login_ok(const pop3_client_t *c) { return c->login_ok; }

static int pop3_client_starttls_now_body(pop3_client_t *c)
{
	int now = c->starttls_now;
	c->starttls_now = 0;
	return now;
}

static void pop3_client_tls_ready_body(pop3_client_t *c, strbuf_t *out)
{
	assert(c->state == POP3_C_TLS);
	/* RFC 2595 4: what CAPA said before TLS is forgotten */
	c->cap_stls = 0;
	linebuf_discard(c->lb);
	c->out = out;
	send_cmd(c, POP3_C_USER, "USER %s", c->user);
	c->out = NULL;
}

static void pop3_client_tls_failed_body(pop3_client_t *c, const char *why)
{
	if (c->state == POP3_C_DONE)
		return;
	set_error(c, why, strlen(why));
	enter_state(c, POP3_C_DONE);
}
const char *pop3_client_error(const pop3_client_t *c) { return c->error ? c->error : ""; }
size_t pop3_client_retrieved(const pop3_client_t *c) { return c->retrieved; }
size_t pop3_client_deleted(const pop3_client_t *c) { return c->deleted; }

void pop3_client_belief(const pop3_client_t *c, char *buf, size_t size)
{
	unsigned long num = c->cur < c->nmsgs ? c->msgs[c->cur].num : 0;
	switch (c->state) {
	case POP3_C_GREETING: snprintf(buf, size, "connected, waiting for +OK"); break;
	case POP3_C_CAPA: snprintf(buf, size, "CAPA sent: does the server offer STLS?"); break;
	case POP3_C_STLS: snprintf(buf, size, "STLS sent, waiting for +OK to start TLS"); break;
	case POP3_C_TLS: snprintf(buf, size, "TLS handshake under way: nothing secret sent yet"); break;
	case POP3_C_USER: snprintf(buf, size, "USER %s sent, waiting for +OK", c->user); break;
	case POP3_C_PASS: snprintf(buf, size, "PASS sent, waiting to be let in"); break;
	case POP3_C_STAT: snprintf(buf, size, "logged in; STAT sent: how many messages?"); break;
	case POP3_C_UIDL: snprintf(buf, size, "UIDL sent: which messages are new?"); break;
	case POP3_C_LIST: snprintf(buf, size, "LIST sent: %zu retrieved so far", c->retrieved); break;
	case POP3_C_TOP: snprintf(buf, size, "TOP %lu sent: headers first", num); break;
	case POP3_C_RETR: snprintf(buf, size, "RETR %lu sent, receiving the message", num); break;
	case POP3_C_DELE: snprintf(buf, size, "DELE %lu sent: marks it, removes nothing yet", num); break;
	case POP3_C_RSET: snprintf(buf, size, "RSET sent: the deletion marks are undone"); break;
	case POP3_C_QUIT:
		if (c->login_ok)
			snprintf(buf, size, "QUIT sent: expecting %zu message%s to be removed", c->deleted,
				 c->deleted == 1 ? "" : "s");
		else
			snprintf(buf, size, "QUIT sent: giving up (%s)", c->error && *c->error ? c->error : "refused");
		break;
	case POP3_C_DONE:
	case POP3_C__COUNT:
		if (c->vanished)
			snprintf(buf, size, "gone without QUIT: %zu retrieved, believes %zu deleted", c->retrieved,
				 c->deleted);
		else if (c->lost)
			snprintf(buf, size, "connection lost: %zu retrieved", c->retrieved);
		else
			snprintf(buf, size, "done: %zu retrieved, %zu deleted", c->retrieved, c->deleted);
		break;
	}
}

/* ---- the change counter (core/changes.h): every mutating call ------- */

void pop3_client_feed(pop3_client_t *c, const char *p, size_t n, strbuf_t *out)
{
	changes_enter(&c->changes);
	pop3_client_feed_body(c, p, n, out);
	changes_leave(&c->changes);
}

void pop3_client_lost(pop3_client_t *c)
{
	changes_enter(&c->changes);
	pop3_client_lost_body(c);
	changes_leave(&c->changes);
}

int pop3_client_starttls_now(pop3_client_t *c)
{
	changes_enter(&c->changes);
	int r = pop3_client_starttls_now_body(c);
	changes_leave(&c->changes);
	return r;
}

void pop3_client_tls_ready(pop3_client_t *c, strbuf_t *out)
{
	changes_enter(&c->changes);
	pop3_client_tls_ready_body(c, out);
	changes_leave(&c->changes);
}

void pop3_client_tls_failed(pop3_client_t *c, const char *why)
{
	changes_enter(&c->changes);
	pop3_client_tls_failed_body(c, why);
	changes_leave(&c->changes);
}

uint64_t pop3_client_changes(const pop3_client_t *c)
{
	return changes_stamp(&c->changes);
}
