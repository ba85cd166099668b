/* smtp_client.c — one SMTP client session (RFC 5321) fed with the server's
 * bytes. One command, one reply, so the trace reads like a textbook dialogue;
 * with PIPELINING (RFC 2920, when the job asks and the server offers it) MAIL,
 * the RCPTs and DATA leave in one write and the replies are read in order:
 * the state then says which reply is awaited, not which command was sent last.
 *
 *   GREETING --220--> EHLO --2xx--> [AUTH --235-->] MAIL --2xx--> RCPT (one per
 *   recipient) --any accepted--> DATA --354--> BODY --reply to "."--> QUIT --> DONE
 *                      |5xx
 *                      v
 *                     HELO --2xx--> MAIL
 *
 *   With TLS (RFC 3207): EHLO --STARTTLS offered--> STARTTLS --220--> TLS
 *   --handshake (the caller's)--> EHLO again, then as above.
 *
 *   GREETING -> EHLO   [on_reply: 220, send EHLO]
 *   EHLO     -> STARTTLS [after_hello: TLS wanted and offered]
 *   STARTTLS -> TLS    [on_reply: 220; the caller does the handshake]
 *   STARTTLS -> AUTH, MAIL [on_reply: refused, TLS only "may"]
 *   TLS      -> EHLO   [smtp_client_tls_ready: extensions forgotten]
 *   EHLO     -> HELO   [on_reply: 5xx, send HELO (RFC 5321 3.2)]
 *   EHLO     -> AUTH   [after_hello: AUTH PLAIN offered and credentials given]
 *   EHLO, HELO, AUTH -> MAIL [send_mail]
 *   MAIL     -> RCPT   [send_rcpt]
 *   RCPT     -> RCPT   [send_rcpt: the next recipient]
 *   RCPT     -> DATA   [after the last RCPT, when at least one was accepted]
 *   DATA     -> BODY   [send_body: 354]
 *   any but DONE -> QUIT [send_quit: a refusal, no recipient left, the reply to ".",
 *                        a malformed reply]
 *   any      -> DONE   [the reply to QUIT; 421 at any point; smtp_client_lost]
 *
 * Invariants (asserted in enter_state):
 *   AUTH        credentials given and AUTH PLAIN offered
 *   RCPT        the recipient asked about exists
 *   DATA, BODY  at least one recipient accepted at RCPT
 *   QUIT, DONE  every recipient has its final result
 */
#include "smtp/smtp_client.h"

#include <assert.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "core/changes.h"
#include "core/linebuf.h"

/* A reply line we accept; longer lines are cut (the code is what counts). */
#define REPLY_BUFFER_MAX SMTP_CLIENT_REPLY_MAX

struct smtp_client {
	changes_t changes;      /* core/changes.h: for the world view */
	smtp_client_job_t job;
	smtp_client_hooks_t hooks;
	void *ctx;
	smtp_client_state_t state;
	linebuf_t *lb;
	/* the reply being assembled (RFC 5321 4.2.1: "NNN-" continues it) */
	int in_multi;
	int code;
	size_t nlines;
	char last[SMTP_REPLY_LINE_MAX];
	/* EHLO extensions */
	int ext_size, ext_auth_plain, ext_starttls;
	int tls;                        /* inside TLS */
	int tls_declined;               /* STARTTLS was refused: go on in clear ("may") */
	int starttls_now;
	/* recipients */
	size_t next_rcpt;               /* the one the pending RCPT asked about */
	size_t naccepted;
	unsigned char *final;           /* results[i] will not change any more */
	smtp_result_t *results;
	int accepted;                   /* 2xx after the final dot */
	/* RFC 2920 */
	int ext_pipelining;
	size_t awaiting;                /* replies still due for the batch */
	size_t swallow;                 /* replies to read and ignore, then QUIT */
	/* what the client knows of how it ended */
	int lost;
	smtp_client_state_t lost_in;
};

static const char *const state_names[SMTP_C__COUNT] = {
	[SMTP_C_GREETING] = "GREETING",
	[SMTP_C_EHLO] = "EHLO",
	[SMTP_C_HELO] = "HELO",
	[SMTP_C_AUTH] = "AUTH",
	[SMTP_C_MAIL] = "MAIL",
	[SMTP_C_RCPT] = "RCPT",
	[SMTP_C_DATA] = "DATA",
	[SMTP_C_BODY] = "BODY",
	[SMTP_C_QUIT] = "QUIT",
	[SMTP_C_DONE] = "DONE",
	[SMTP_C_STARTTLS] = "STARTTLS",
	[SMTP_C_TLS] = "TLS",
};

#define TO(st) (1u << (st))
#define ENDS (TO(SMTP_C_QUIT) | TO(SMTP_C_DONE))
static const unsigned allowed[SMTP_C__COUNT] = {
	[SMTP_C_GREETING] = TO(SMTP_C_EHLO) | ENDS,
	[SMTP_C_EHLO] = TO(SMTP_C_HELO) | TO(SMTP_C_AUTH) | TO(SMTP_C_MAIL) | TO(SMTP_C_STARTTLS) | ENDS,
	[SMTP_C_HELO] = TO(SMTP_C_MAIL) | ENDS,
	[SMTP_C_AUTH] = TO(SMTP_C_MAIL) | ENDS,
	[SMTP_C_MAIL] = TO(SMTP_C_RCPT) | ENDS,
	[SMTP_C_RCPT] = TO(SMTP_C_RCPT) | TO(SMTP_C_DATA) | ENDS,
	[SMTP_C_DATA] = TO(SMTP_C_BODY) | ENDS,
	[SMTP_C_BODY] = ENDS,
	[SMTP_C_QUIT] = TO(SMTP_C_DONE),
	[SMTP_C_DONE] = 0,
	[SMTP_C_STARTTLS] = TO(SMTP_C_TLS) | TO(SMTP_C_AUTH) | TO(SMTP_C_MAIL) | ENDS,
	[SMTP_C_TLS] = TO(SMTP_C_EHLO) | TO(SMTP_C_DONE),
};

static int all_final(const smtp_client_t *c)
{
	for (size_t i = 0; i < c->job.nrcpt; i++)
		if (!c->final[i])
			return 0;
	return 1;
}

static void enter_state(smtp_client_t *c, smtp_client_state_t to)
{
	smtp_client_state_t from = c->state;
	assert(to < SMTP_C__COUNT && (allowed[from] & TO(to)));
	(void)allowed, (void)all_final;         /* with NDEBUG */
	switch (to) {
	case SMTP_C_AUTH:
		assert(c->job.auth_user && c->job.auth_pass && c->ext_auth_plain);
		break;
	case SMTP_C_STARTTLS:
		assert(c->job.tls != SMTP_TLS_NONE && !c->tls && c->ext_starttls);
		break;
	case SMTP_C_RCPT:
		assert(c->next_rcpt < c->job.nrcpt);
		break;
	case SMTP_C_DATA:
	case SMTP_C_BODY:
		assert(c->naccepted >= 1);
		break;
	case SMTP_C_QUIT:
	case SMTP_C_DONE:
		assert(all_final(c));
		break;
	default:
		break;
	}
	c->state = to;
	if (from != to && c->hooks.on_state)
		c->hooks.on_state(c->ctx, from, to);
}

static void put_line(smtp_client_t *c, strbuf_t *out, const char *line, size_t len, int is_data)
{
	sb_append(out, line, len);
	sb_append(out, "\r\n", 2);
	if (c->hooks.on_line_out)
		c->hooks.on_line_out(c->ctx, line, len, is_data);
}

static void send_cmd(smtp_client_t *c, strbuf_t *out, const char *fmt, ...)
	__attribute__((format(printf, 3, 4)));

static void send_cmd(smtp_client_t *c, strbuf_t *out, const char *fmt, ...)
{
	char line[SMTP_AUTH_LINE_MAX];
	va_list ap;
	va_start(ap, fmt);
	int n = vsnprintf(line, sizeof line, fmt, ap);
	va_end(ap);
	assert(n >= 0 && (size_t)n < sizeof line);
	put_line(c, out, line, (size_t)n, 0);
}

/* Every recipient without a final result gets this one. */
static void fail_pending(smtp_client_t *c, int code, const char *text)
{
	for (size_t i = 0; i < c->job.nrcpt; i++) {
		if (c->final[i])
			continue;
		c->results[i].code = code;
		snprintf(c->results[i].text, sizeof c->results[i].text, "%s", text);
		c->final[i] = 1;
	}
}

static void send_quit(smtp_client_t *c, strbuf_t *out)
{
	send_cmd(c, out, "QUIT");
	enter_state(c, SMTP_C_QUIT);
}

/* A refusal that ends the session (greeting, EHLO/HELO, AUTH, MAIL, DATA). */
static void refused(smtp_client_t *c, strbuf_t *out)
{
	fail_pending(c, c->code, c->last);
	send_quit(c, out);
}

/* RFC 5321 4.5.2 and 2.3.8: the message as CRLF lines, bare LF made CRLF.
 * A raw job ends lines at CRLF only and sends a bare LF or CR as it is. */
static size_t next_line(const char *p, size_t n, int raw, size_t *used)
{
	const char *nl = memchr(p, '\n', n);
	while (raw && nl && (nl == p || nl[-1] != '\r'))
		nl = memchr(nl + 1, '\n', n - (size_t)(nl + 1 - p));
	if (!nl) {
		*used = n;
		return n;
	}
	*used = (size_t)(nl - p) + 1;
	size_t len = (size_t)(nl - p);
	return len > 0 && p[len - 1] == '\r' ? len - 1 : len;
}

static size_t message_size(const smtp_client_job_t *job)
{
	size_t size = 0, used;
	for (size_t off = 0; off < job->len; off += used)
		size += next_line(job->msg + off, job->len - off, job->raw, &used) + 2;
	return size;
}

static void send_body(smtp_client_t *c, strbuf_t *out)
{
	strbuf_t line = STRBUF_INIT;
	size_t used;
	for (size_t off = 0; off < c->job.len; off += used) {
		const char *p = c->job.msg + off;
		size_t len = next_line(p, c->job.len - off, c->job.raw, &used);
		sb_clear(&line);
		if (len > 0 && p[0] == '.')
			sb_putc(&line, '.');    /* RFC 5321 4.5.2: double a leading dot */
		sb_append(&line, p, len);
		put_line(c, out, line.buf, line.len, 1);
	}
	sb_free(&line);
	put_line(c, out, ".", 1, 1);
	enter_state(c, SMTP_C_BODY);
}

static void send_batch(smtp_client_t *c, strbuf_t *out);

static void send_mail(smtp_client_t *c, strbuf_t *out)
{
	if (c->job.pipelining && c->ext_pipelining && c->job.nrcpt > 0) {
		send_batch(c, out);
		return;
	}
	if (c->ext_size)        /* RFC 1870 6 */
		send_cmd(c, out, "MAIL FROM:<%s> SIZE=%zu", c->job.mail_from, message_size(&c->job));
	else
		send_cmd(c, out, "MAIL FROM:<%s>", c->job.mail_from);
	enter_state(c, SMTP_C_MAIL);
}

static void send_rcpt(smtp_client_t *c, strbuf_t *out)
{
	send_cmd(c, out, "RCPT TO:<%s>", c->job.rcpt[c->next_rcpt]);
	enter_state(c, SMTP_C_RCPT);
}

/* RFC 2920 3.1: MAIL, every RCPT and DATA in one write (DATA ends the
 * group); the state is MAIL, awaiting MAIL's reply. */
static void send_batch(smtp_client_t *c, strbuf_t *out)
{
	if (c->ext_size)        /* RFC 1870 6 */
		send_cmd(c, out, "MAIL FROM:<%s> SIZE=%zu", c->job.mail_from, message_size(&c->job));
	else
		send_cmd(c, out, "MAIL FROM:<%s>", c->job.mail_from);
	for (size_t i = 0; i < c->job.nrcpt; i++)
		send_cmd(c, out, "RCPT TO:<%s>", c->job.rcpt[i]);
	send_cmd(c, out, "DATA");
	c->awaiting = c->job.nrcpt + 2;
	enter_state(c, SMTP_C_MAIL);
}

/* A reply of a batch (RFC 2920 3.2: in the order of the commands). */
static void on_batch_reply(smtp_client_t *c)
{
	c->awaiting--;
	if (c->state == SMTP_C_MAIL) {
		if (c->code / 100 != 2) {
			/* the RCPTs and DATA were refused too: read their replies */
			fail_pending(c, c->code, c->last);
			c->swallow = c->awaiting;
			c->awaiting = 0;
			return;
		}
		enter_state(c, SMTP_C_RCPT);
		return;
	}
	/* SMTP_C_RCPT */
	size_t i = c->next_rcpt++;
	if (c->code / 100 == 2) {
		c->naccepted++;
	} else {
		c->results[i].code = c->code;
		snprintf(c->results[i].text, sizeof c->results[i].text, "%s", c->last);
		c->final[i] = 1;
	}
	if (c->next_rcpt < c->job.nrcpt)
		return;
	if (c->naccepted > 0) {
		enter_state(c, SMTP_C_DATA);    /* DATA's reply is the next one */
	} else {
		c->swallow = c->awaiting;       /* DATA's reply: 503 or 554 */
		c->awaiting = 0;
	}
}

/* RFC 4616: AUTH PLAIN base64(NUL user NUL pass), sent as initial response. */
static void send_auth(smtp_client_t *c, strbuf_t *out)
{
	strbuf_t raw = STRBUF_INIT, b64 = STRBUF_INIT;
	sb_putc(&raw, '\0');
	sb_puts(&raw, c->job.auth_user);
	sb_putc(&raw, '\0');
	sb_puts(&raw, c->job.auth_pass);
	base64_encode((const unsigned char *)raw.buf, raw.len, &b64);
	send_cmd(c, out, "AUTH PLAIN %s", b64.buf);
	sb_free(&raw);
	sb_free(&b64);
	enter_state(c, SMTP_C_AUTH);
}

/* The client's own refusal: TLS is required and the server did not offer it. */
static void tls_required(smtp_client_t *c, strbuf_t *out)
{
	fail_pending(c, 454, "454 4.7.4 TLS is required, but STARTTLS was not offered: "
		     "the client will not send in clear");
	send_quit(c, out);
}

static void after_hello(smtp_client_t *c, strbuf_t *out)
{
	if (c->job.tls != SMTP_TLS_NONE && !c->tls && !c->tls_declined) {
		if (c->ext_starttls) {
			send_cmd(c, out, "STARTTLS");
			enter_state(c, SMTP_C_STARTTLS);
			return;
		}
		if (c->job.tls == SMTP_TLS_ENCRYPT) {
			tls_required(c, out);
			return;
		}
	}
	if (c->job.auth_user && c->job.auth_pass && c->ext_auth_plain)
		send_auth(c, out);
	else
		send_mail(c, out);
}

/* After the last RCPT: DATA if anyone was accepted (RFC 5321 3.3). */
static void after_rcpt(smtp_client_t *c, strbuf_t *out)
{
	if (c->next_rcpt < c->job.nrcpt) {
		send_rcpt(c, out);
	} else if (c->naccepted > 0) {
		send_cmd(c, out, "DATA");
		enter_state(c, SMTP_C_DATA);
	} else {
		send_quit(c, out);
	}
}

static void on_rcpt_reply(smtp_client_t *c, strbuf_t *out)
{
	size_t i = c->next_rcpt++;
	if (c->code / 100 == 2) {
		c->naccepted++;         /* final only after the dot */
	} else {
		c->results[i].code = c->code;
		snprintf(c->results[i].text, sizeof c->results[i].text, "%s", c->last);
		c->final[i] = 1;
	}
	after_rcpt(c, out);
}

/* A complete reply: the state machine's one input. */
static void on_reply(smtp_client_t *c, strbuf_t *out)
{
	int ok = c->code / 100 == 2;
	if (c->code == 421 && c->state != SMTP_C_QUIT) {
		/* RFC 5321 3.8: the server is closing; no QUIT */
		fail_pending(c, c->code, c->last);
		enter_state(c, SMTP_C_DONE);
		return;
	}
	if (c->swallow) {
		if (--c->swallow == 0)
			send_quit(c, out);
		return;
	}
	if (c->awaiting > 0 && (c->state == SMTP_C_MAIL || c->state == SMTP_C_RCPT)) {
		on_batch_reply(c);
		return;
	}
	if (c->state == SMTP_C_DATA)
		c->awaiting = 0;
	switch (c->state) {
	case SMTP_C_GREETING:
		if (c->code != 220) {
			refused(c, out);
			break;
		}
		send_cmd(c, out, "EHLO %s", c->job.helo);
		enter_state(c, SMTP_C_EHLO);
		break;
	case SMTP_C_EHLO:
		if (ok) {
			after_hello(c, out);
		} else if (c->code / 100 == 5) {
			send_cmd(c, out, "HELO %s", c->job.helo);
			enter_state(c, SMTP_C_HELO);
		} else {
			refused(c, out);
		}
		break;
	case SMTP_C_HELO:
		if (ok && c->job.tls == SMTP_TLS_ENCRYPT && !c->tls)
			tls_required(c, out);   /* HELO has no STARTTLS */
		else if (ok)
			send_mail(c, out);
		else
			refused(c, out);
		break;
	case SMTP_C_AUTH:
		if (ok)
			send_mail(c, out);
		else
			refused(c, out);
		break;
	case SMTP_C_STARTTLS:
		if (c->code == 220) {
			c->starttls_now = 1;
			enter_state(c, SMTP_C_TLS);
		} else if (c->job.tls == SMTP_TLS_ENCRYPT) {
			refused(c, out);
		} else {
			c->tls_declined = 1;    /* opportunistic: on in clear */
			after_hello(c, out);
		}
		break;
	case SMTP_C_TLS:
		break;          /* nothing may come now; the handshake is the caller's */
	case SMTP_C_MAIL:
		if (!ok)
			refused(c, out);
		else if (c->job.nrcpt == 0)
			send_quit(c, out);
		else
			send_rcpt(c, out);
		break;
	case SMTP_C_RCPT:
		on_rcpt_reply(c, out);
		break;
	case SMTP_C_DATA:
		if (c->code == 354)
			send_body(c, out);
		else
			refused(c, out);
		break;
	case SMTP_C_BODY:
		c->accepted = ok;
		refused(c, out);        /* the dot's reply, good or bad, is final */
		break;
	case SMTP_C_QUIT:
		enter_state(c, SMTP_C_DONE);
		break;
	case SMTP_C_DONE:
	case SMTP_C__COUNT:
		break;
	}
}

/* RFC 5321 4.2: three digits (Reply-code = %x32-35 %x30-35 %x30-39), then
 * SP, "-" or the end of the line. */
static int reply_code(const char *line, size_t len)
{
	if (len < 3)
		return -1;
	if (line[0] < '2' || line[0] > '5' || line[1] < '0' || line[1] > '5' || line[2] < '0' || line[2] > '9')
		return -1;
	if (len > 3 && line[3] != ' ' && line[3] != '-')
		return -1;
	return (line[0] - '0') * 100 + (line[1] - '0') * 10 + (line[2] - '0');
}

static void malformed(smtp_client_t *c, const char *line, size_t len, strbuf_t *out)
{
	strbuf_t vis = STRBUF_INIT;
	str_visible(line, len, &vis);
	char text[SMTP_REPLY_LINE_MAX];
	snprintf(text, sizeof text, "451 4.5.0 malformed reply: %s", vis.buf);
	sb_free(&vis);
	c->in_multi = 0;
	fail_pending(c, 451, text);
	if (c->state == SMTP_C_QUIT)
		enter_state(c, SMTP_C_DONE);
	else
		send_quit(c, out);
}

/* RFC 1870, RFC 4954: what the EHLO reply offers (lines after the first). */
static void ehlo_keyword(smtp_client_t *c, const char *kw, size_t len)
{
	char buf[256];
	snprintf(buf, sizeof buf, "%.*s", (int)len, kw);
	if (str_ieq(buf, "SIZE") || str_iprefix(buf, "SIZE "))
		c->ext_size = 1;
	if (str_ieq(buf, "STARTTLS"))
		c->ext_starttls = 1;
	if (str_ieq(buf, "PIPELINING"))
		c->ext_pipelining = 1;
	if (str_iprefix(buf, "AUTH ") || str_iprefix(buf, "AUTH=")) {
		char *save = NULL;
		for (char *m = strtok_r(buf + 5, " ", &save); m; m = strtok_r(NULL, " ", &save))
			if (str_ieq(m, "PLAIN"))
				c->ext_auth_plain = 1;
	}
}

static void reply_line(smtp_client_t *c, const char *line, size_t len, strbuf_t *out)
{
	if (c->hooks.on_line_in)
		c->hooks.on_line_in(c->ctx, line, len);
	int code = reply_code(line, len);
	if (code < 0 || (c->in_multi && code != c->code)) {
		malformed(c, line, len, out);
		return;
	}
	if (!c->in_multi)
		c->nlines = 0;
	c->code = code;
	snprintf(c->last, sizeof c->last, "%.*s", (int)len, line);
	if (c->state == SMTP_C_EHLO && code == 250 && c->nlines > 0 && len > 4)
		ehlo_keyword(c, line + 4, len - 4);
	c->nlines++;
	c->in_multi = len > 3 && line[3] == '-';
	if (!c->in_multi)
		on_reply(c, out);
}

smtp_client_t *smtp_client_new(const smtp_client_job_t *job, const smtp_client_hooks_t *hooks, void *ctx)
{
	assert(job && job->helo && job->mail_from && (job->rcpt || job->nrcpt == 0));
	assert(job->msg || job->len == 0);
	smtp_client_t *c = xcalloc(1, sizeof *c);
	c->job = *job;
	if (hooks)
		c->hooks = *hooks;
	c->ctx = ctx;
	c->state = SMTP_C_GREETING;
	c->tls = job->tls_active;
	c->lb = linebuf_new(REPLY_BUFFER_MAX, LB_LF_OK);
	c->final = xcalloc(job->nrcpt ? job->nrcpt : 1, 1);
	c->results = xcalloc(job->nrcpt ? job->nrcpt : 1, sizeof *c->results);
	return c;
}

void smtp_client_free(smtp_client_t *c)
{
	if (!c)
		return;
	linebuf_free(c->lb);
	free(c->final);
	free(c->results);
	free(c);
}

static void smtp_client_feed_body(smtp_client_t *c, const char *p, size_t n, strbuf_t *out)
{
	if (c->state == SMTP_C_DONE)
		return;
	linebuf_feed(c->lb, p, n);
	const char *line;
	size_t len;
	int overlong;
	while (c->state != SMTP_C_DONE && linebuf_next(c->lb, &line, &len, &overlong))
		reply_line(c, line, len, out);
}

static void smtp_client_lost_body(smtp_client_t *c)
{
	if (c->state == SMTP_C_DONE)
		return;
	c->lost = 1;
	c->lost_in = c->state;
	fail_pending(c, 0, "");
	enter_state(c, SMTP_C_DONE);
}

smtp_client_state_t smtp_client_state(const smtp_client_t *c)
{
	return c->state;
}

const char *smtp_client_state_name(smtp_client_state_t st)
{
	assert(st < SMTP_C__COUNT);
	return state_names[st];
}

int smtp_client_done(const smtp_client_t *c)
{
	return c->state == SMTP_C_DONE;
}

const smtp_result_t *smtp_client_rcpt_result(const smtp_client_t *c, size_t i)
{
	assert(i < c->job.nrcpt);
	return &c->results[i];
}

int smtp_client_accepted(const smtp_client_t *c)
{
	return c->accepted;
}

static int smtp_client_starttls_now_body(smtp_client_t *c)
{
	int now = c->starttls_now;
	c->starttls_now = 0;
	return now;
}

static void smtp_client_tls_ready_body(smtp_client_t *c, strbuf_t *out)
{
	assert(c->state == SMTP_C_TLS);
	/* RFC 3207 4.2: discard what the server said before; ask again */
	c->tls = 1;
	c->ext_size = c->ext_auth_plain = c->ext_starttls = 0;
	linebuf_discard(c->lb);
	send_cmd(c, out, "EHLO %s", c->job.helo);
	enter_state(c, SMTP_C_EHLO);
}

static void smtp_client_tls_failed_body(smtp_client_t *c, int code, const char *text)
{
	if (c->state == SMTP_C_DONE)
		return;
	fail_pending(c, code, text);
	enter_state(c, SMTP_C_DONE);
}

int smtp_client_tls(const smtp_client_t *c)
{
	return c->tls;
}

size_t smtp_client_pending_replies(const smtp_client_t *c)
{
	return c->awaiting;
}

size_t smtp_client_naccepted(const smtp_client_t *c)
{
	return c->naccepted;
}

/* What the client knows: what it sent last and which reply it awaits. */
void smtp_client_belief(const smtp_client_t *c, char *buf, size_t size)
{
	switch (c->state) {
	case SMTP_C_GREETING: snprintf(buf, size, "connected, waiting for the 220 greeting"); break;
	case SMTP_C_EHLO: snprintf(buf, size, "EHLO sent, waiting for the reply"); break;
	case SMTP_C_HELO: snprintf(buf, size, "HELO sent (EHLO refused), waiting for the reply"); break;
	case SMTP_C_STARTTLS: snprintf(buf, size, "STARTTLS sent, waiting for 220 to start TLS"); break;
	case SMTP_C_TLS: snprintf(buf, size, "TLS handshake under way: EHLO again after it"); break;
	case SMTP_C_AUTH: snprintf(buf, size, "AUTH sent, waiting for 235"); break;
	case SMTP_C_MAIL:
		if (c->awaiting)
			snprintf(buf, size, "MAIL, %zu RCPT, DATA sent in one write; %zu replies due", c->job.nrcpt,
				 c->awaiting);
		else if (c->swallow)
			snprintf(buf, size, "MAIL refused (%d): reading the %zu replies still due", c->code, c->swallow);
		else
			snprintf(buf, size, "MAIL FROM sent, waiting for the reply");
		break;
	case SMTP_C_RCPT:
		if (c->awaiting)
			snprintf(buf, size, "batch sent; %zu accepted so far, %zu replies due", c->naccepted, c->awaiting);
		else if (c->swallow)
			snprintf(buf, size, "every RCPT refused: reading DATA's reply, then QUIT");
		else
			snprintf(buf, size, "RCPT TO:<%s> sent, waiting for the reply", c->job.rcpt[c->next_rcpt]);
		break;
	case SMTP_C_DATA:
		snprintf(buf, size, "%zu recipient%s accepted; DATA sent, waiting for 354", c->naccepted,
			 c->naccepted == 1 ? "" : "s");
		break;
	case SMTP_C_BODY: snprintf(buf, size, "sent the final dot, waiting for the reply"); break;
	case SMTP_C_QUIT:
		if (c->accepted)
			snprintf(buf, size, "the server took the message (%d); QUIT sent", c->code);
		else
			snprintf(buf, size, "message not handed over; QUIT sent");
		break;
	case SMTP_C_DONE:
	case SMTP_C__COUNT:
		if (c->lost && c->lost_in == SMTP_C_BODY && !c->accepted)
			snprintf(buf, size, "lost after the dot, no reply: must assume NOT delivered");
		else if (c->lost && !c->accepted)
			snprintf(buf, size, "connection lost: nothing handed over");
		else if (c->accepted)
			snprintf(buf, size, "done: the server has taken the message");
		else
			snprintf(buf, size, "done: the message was not accepted");
		break;
	}
}

/* ---- the change counter (core/changes.h): every mutating call ------- */

void smtp_client_feed(smtp_client_t *c, const char *p, size_t n, strbuf_t *out)
{
	changes_enter(&c->changes);
	smtp_client_feed_body(c, p, n, out);
	changes_leave(&c->changes);
}

void smtp_client_lost(smtp_client_t *c)
{
	changes_enter(&c->changes);
	smtp_client_lost_body(c);
	changes_leave(&c->changes);
}

int smtp_client_starttls_now(smtp_client_t *c)
{
	changes_enter(&c->changes);
	int r = smtp_client_starttls_now_body(c);
	changes_leave(&c->changes);
	return r;
}

void smtp_client_tls_ready(smtp_client_t *c, strbuf_t *out)
{
	changes_enter(&c->changes);
	smtp_client_tls_ready_body(c, out);
	changes_leave(&c->changes);
}

void smtp_client_tls_failed(smtp_client_t *c, int code, const char *text)
{
	changes_enter(&c->changes);
	smtp_client_tls_failed_body(c, code, text);
	changes_leave(&c->changes);
}

uint64_t smtp_client_changes(const smtp_client_t *c)
{
	return changes_stamp(&c->changes);
}
