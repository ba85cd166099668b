/* agent.c — Smith's e-mail client and the supervisor's POP3 client on
 * simulated connections. What the people do (write, press Send, check mail)
 * is traced at hop 1 and 5a; what their programs say is traced by the
 * servers that hear it. */
#include "world/agent.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "core/tls_record.h"
#include "pop3/pop3_client.h"
#include "smtp/smtp_client.h"
#include "world/tls_sim.h"

typedef struct send_job {
	agents_t *ag;
	char *from;
	char **rcpt;
	size_t nrcpt;
	strbuf_t msg;
	smtp_client_t *cl;
	char *auth_user, *auth_pass;   /* AUTH PLAIN as the sender, or NULL */
	int raw;                       /* bare LF and CR sent as they are */
	int tls, port;
	int pipelining;                /* RFC 2920 when the server offers it */
	int finished;
	size_t slot;                   /* index in agents.sends */
} send_job_t;

typedef struct check_job {
	agents_t *ag;
	char *login, *password;
	pop3_client_job_t job;
	const char **seen;
	pop3_client_t *cl;
	conn_t *conn;
	strbuf_t out;
	char *person;
	char *server;                  /* the host it connects to: the name TLS expects */
	int port;
	int finished;
} check_job_t;

struct agents {
	world_t *w;
	send_job_t **sends;
	size_t nsends;
	check_job_t **checks;
	size_t nchecks;
	char **seen_login;      /* uids already downloaded, per login (UIDL) */
	char **seen_uid;
	size_t nseen;
	uint32_t serial;
};

static void note(world_t *w, hop_t hop, ev_kind_t kind, const char *from, const char *to, const char *key,
		 const char *detail, const char *text)
{
	trace_meta_t m = { .hop = hop, .kind = kind, .from = from, .to = to, .explain = key, .detail = detail };
	trace_emit_text(w->trace, &m, text, strlen(text));
}

/* "smith@isp.example" -> "Smith"; others by their local part. */
static void person_of(const char *addr, char *buf, size_t size)
{
	size_t n = strcspn(addr, "@");
	snprintf(buf, size, "%.*s", (int)n, addr);
	if (buf[0] >= 'a' && buf[0] <= 'z')
		buf[0] = (char)(buf[0] - 'a' + 'A');
}

static void header_list(strbuf_t *out, const char *name, const char *const *v, size_t n)
{
	if (!n)
		return;
	sb_printf(out, "%s: ", name);
	for (size_t i = 0; i < n; i++)
		sb_printf(out, "%s%s", i ? ", " : "", v[i]);
	sb_puts(out, "\r\n");
}

void agents_compose(world_t *w, const agent_send_t *spec, uint32_t serial, strbuf_t *out)
{
	char date[64], person[64];
	int64_t now = w->epoch + sched_now(w->sched) / 1000000;
	fmt_rfc5322_date(now, date, sizeof date);
	person_of(spec->from, person, sizeof person);
	/* RFC 5322 3.6: Date and From are required; Bcc recipients are only in
	 * the envelope (RCPT TO), never in the header we send. */
	sb_printf(out, "Date: %s\r\n", date);
	sb_printf(out, "From: %s <%s>\r\n", person, spec->from);
	header_list(out, "To", spec->to, spec->nto);
	header_list(out, "Cc", spec->cc, spec->ncc);
	sb_printf(out, "Subject: %s\r\n", spec->subject ? spec->subject : "");
	sb_printf(out, "Message-ID: <%lld.%u@%s>\r\n", (long long)now, serial, node_name(w->smith_pc));
	sb_puts(out, "MIME-Version: 1.0\r\n");
	const char *boundary = "=_mailpath_attachment";
	if (spec->attach_octets > 0)
		sb_printf(out, "Content-Type: multipart/mixed; boundary=\"%s\"\r\n\r\n--%s\r\n", boundary, boundary);
	sb_puts(out, "Content-Type: text/plain; charset=utf-8\r\nContent-Transfer-Encoding: 8bit\r\n\r\n");
	const char *b = spec->body ? spec->body : "";
	/* Lines end at CR LF; an ordinary client also ends one at a bare LF (RFC
	 * 5321 2.3.8). A raw send keeps a bare LF or CR inside its line. */
	while (*b) {
		const char *end = spec->raw ? strstr(b, "\r\n") : strchr(b, '\n');
		size_t n = end ? (size_t)(end - b) : strlen(b);
		size_t skip = end ? (spec->raw ? 2 : 1) : 0;
		if (!spec->raw && end && n > 0 && b[n - 1] == '\r')
			n--, skip++;
		sb_append(out, b, n);
		sb_puts(out, "\r\n");
		b += n + skip;
	}
	if (spec->attach_octets > 0) {
		sb_printf(out, "\r\n--%s\r\nContent-Type: application/pdf; name=\"report.pdf\"\r\n"
			  "Content-Transfer-Encoding: base64\r\n"
			  "Content-Disposition: attachment; filename=\"report.pdf\"\r\n\r\n", boundary);
		static const char line[] =
			"JVBERi0xLjQKJcfsj6IKNSAwIG9iago8PC9MZW5ndGggNiAwIFIvRmlsdGVyIC9GbGF0ZURlY29k\r\n";
		long lines = (spec->attach_octets * 4 / 3 + 75) / 76;
		for (long i = 0; i < lines; i++)
			sb_append(out, line, sizeof line - 1);
		sb_printf(out, "--%s--\r\n", boundary);
	}
}

/* ---- Smith's client: SMTP submission --------------------------------- */

/* What Smith's client believes (world view). */
static void send_belief(const void *obj, char *buf, size_t size)
{
	const send_job_t *j = obj;
	if (j->cl)
		smtp_client_belief(j->cl, buf, size);
	else if (j->finished)
		snprintf(buf, size, "could not connect: the message stays in the outbox");
	else
		snprintf(buf, size, "connecting to %s", node_name(j->ag->w->isp));
}

/* 1 connecting, 2 could not connect, then the client's own counter (+ 2). */
static uint64_t send_changes(const void *obj)
{
	const send_job_t *j = obj;
	uint64_t g = j->cl ? smtp_client_changes(j->cl) : 0;
	if (j->cl)
		return g ? g + 2 : 0;
	return j->finished ? 2 : 1;
}

static void check_belief(const void *obj, char *buf, size_t size);

static void send_result(send_job_t *j)
{
	world_t *w = j->ag->w;
	const char *pc = node_name(w->smith_pc);
	strbuf_t sb = STRBUF_INIT;
	if (smtp_client_accepted(j->cl)) {
		sb_puts(&sb, "Smith's client shows the message as sent: the ISP's host took responsibility for it");
		for (size_t i = 0; i < j->nrcpt; i++) {
			const smtp_result_t *r = smtp_client_rcpt_result(j->cl, i);
			if (r && r->code >= 300)
				sb_printf(&sb, "; but <%s> was refused: %s", j->rcpt[i], r->text);
		}
		note(w, HOP_2, EV_NOTE, pc, "", "mail:submitted", NULL, sb_str(&sb));
	} else {
		const smtp_result_t *r = j->nrcpt ? smtp_client_rcpt_result(j->cl, 0) : NULL;
		sb_printf(&sb, "Smith's client shows an error and keeps the message in her outbox: %s",
			  r && r->code ? r->text : "the connection was lost");
		note(w, HOP_2, EV_NOTE, pc, "", "mail:rejected", NULL, sb_str(&sb));
	}
	sb_free(&sb);
}

static void send_finish(send_job_t *j)
{
	if (j->finished)
		return;
	j->finished = 1;
	if (j->cl)
		send_result(j);
	world_believe_end(j->ag->w, j);
}

static void send_open(void *ctx, conn_t *c)
{
	send_job_t *j = ctx;
	(void)c;
	world_t *w = j->ag->w;
	smtp_client_job_t job = { .helo = node_name(w->smith_pc), .mail_from = j->from,
				  .rcpt = (const char *const *)j->rcpt, .nrcpt = j->nrcpt,
				  .msg = j->msg.buf, .len = j->msg.len };
	job.auth_user = j->auth_user;
	job.auth_pass = j->auth_pass;
	job.raw = j->raw;
	job.tls = j->tls && j->port != 465 ? SMTP_TLS_ENCRYPT : SMTP_TLS_NONE;
	job.tls_active = j->tls && j->port == 465;
	job.pipelining = j->pipelining;
	j->cl = smtp_client_new(&job, NULL, j);
	if (job.tls_active)     /* RFC 8314: TLS from the first byte */
		tls_sim_client_hello(w, c, node_name(w->isp));
}

/* Smith's client checks the certificate: a mail client always does. */
static void send_tls(void *ctx, conn_t *c, int msg, const char *info)
{
	send_job_t *j = ctx;
	world_t *w = j->ag->w;
	if (j->finished || !j->cl || msg != TLSREC_SERVER_FLIGHT)
		return;
	if (tls_sim_client_flight(w, c, info, node_name(w->isp), 1) < 0) {
		char text[400];
		snprintf(text, sizeof text, "the server's certificate names %s, not %s: her client will not "
			 "send her password to it", info, node_name(w->isp));
		smtp_client_tls_failed(j->cl, 454, text);
		conn_close(c);
		send_finish(j);
		return;
	}
	if (smtp_client_state(j->cl) != SMTP_C_TLS)
		return;         /* implicit TLS: the greeting comes next */
	strbuf_t out = STRBUF_INIT;
	smtp_client_tls_ready(j->cl, &out);
	conn_send(c, out.buf, out.len);
	sb_free(&out);
}

/* RFC 2920: the client's side of a pipelined batch, which the server's
 * trace cannot show: the batch leaving in one write, and the replies
 * catching up with it. */
static void pipelining_notes(send_job_t *j, size_t before, const strbuf_t *out)
{
	world_t *w = j->ag->w;
	size_t after = smtp_client_pending_replies(j->cl);
	char text[600];
	if (before == 0 && after > 1) {
		snprintf(text, sizeof text, "Smith's client pipelines (RFC 2920): MAIL FROM, %zu RCPT TO and DATA "
			 "leave in one write of %zu octets, before any reply has come back", j->nrcpt, out->len);
		note(w, HOP_2, EV_NOTE, node_name(w->smith_pc), node_name(w->isp), "smtp:pipelining", NULL, text);
	} else if (before > 0 && after == 0) {
		strbuf_t sb = STRBUF_INIT;
		sb_printf(&sb, "The replies catch up: Smith's client reads them in the order of its commands");
		for (size_t i = 0; i < j->nrcpt; i++) {
			const smtp_result_t *r = smtp_client_rcpt_result(j->cl, i);
			if (r && r->code >= 300)
				sb_printf(&sb, "; <%s> was refused (%d)", j->rcpt[i], r->code);
		}
		sb_printf(&sb, "; %zu recipient%s accepted", smtp_client_naccepted(j->cl),
			  smtp_client_naccepted(j->cl) == 1 ? "" : "s");
		note(w, HOP_2, EV_NOTE, node_name(w->smith_pc), "", "smtp:pipelining", NULL, sb_str(&sb));
		sb_free(&sb);
	}
}

static void send_data(void *ctx, conn_t *c, const char *p, size_t n)
{
	send_job_t *j = ctx;
	if (j->finished || !j->cl)
		return;
	strbuf_t out = STRBUF_INIT;
	size_t before = smtp_client_pending_replies(j->cl);
	smtp_client_feed(j->cl, p, n, &out);
	if (j->pipelining)
		pipelining_notes(j, before, &out);
	if (out.len)
		conn_send(c, out.buf, out.len);
	sb_free(&out);
	if (smtp_client_starttls_now(j->cl))
		tls_sim_client_hello(j->ag->w, c, node_name(j->ag->w->isp));
	if (smtp_client_done(j->cl)) {
		conn_close(c);
		send_finish(j);
	}
}

static void send_close(void *ctx, conn_t *c)
{
	send_job_t *j = ctx;
	(void)c;
	if (j->cl && !j->finished)
		smtp_client_lost(j->cl);
	send_finish(j);
}

static void send_abort(void *ctx, conn_t *c, const char *why)
{
	send_job_t *j = ctx;
	(void)c;
	if (j->finished)
		return;
	if (j->cl) {
		smtp_client_lost(j->cl);
		send_finish(j);
		return;
	}
	j->finished = 1;
	world_believe_end(j->ag->w, j);
	char text[300];
	snprintf(text, sizeof text, "Smith's client cannot reach %s (%s) and keeps the message in her outbox",
		 node_name(j->ag->w->isp), why);
	note(j->ag->w, HOP_2, EV_NOTE, node_name(j->ag->w->smith_pc), "", "mail:rejected", NULL, text);
}

static void send_job_free(send_job_t *j)
{
	for (size_t k = 0; k < j->nrcpt; k++)
		free(j->rcpt[k]);
	free(j->rcpt);
	free(j->from);
	free(j->auth_user);
	free(j->auth_pass);
	sb_free(&j->msg);
	world_believe_end(j->ag->w, j);
	smtp_client_free(j->cl);
	free(j);
}

/* The connection is gone for good (net_reap): so is the job. */
static void send_release(void *ctx, conn_t *c)
{
	send_job_t *j = ctx;
	agents_t *a = j->ag;
	(void)c;
	a->sends[j->slot] = a->sends[--a->nsends];
	a->sends[j->slot]->slot = j->slot;
	send_job_free(j);
}

static const conn_handlers_t send_handlers = {
	.on_release = send_release,
	.on_open = send_open, .on_data = send_data, .on_close = send_close, .on_abort = send_abort,
	.on_tls = send_tls,
};

void agents_send(agents_t *a, const agent_send_t *spec)
{
	world_t *w = a->w;
	send_job_t *j = xcalloc(1, sizeof *j);
	j->ag = a;
	j->raw = spec->raw;
	j->from = xstrdup(spec->from);
	size_t n = spec->nto + spec->ncc + spec->nbcc;
	j->rcpt = xcalloc(n ? n : 1, sizeof *j->rcpt);
	for (size_t i = 0; i < spec->nto; i++)
		j->rcpt[j->nrcpt++] = xstrdup(spec->to[i]);
	for (size_t i = 0; i < spec->ncc; i++)
		j->rcpt[j->nrcpt++] = xstrdup(spec->cc[i]);
	for (size_t i = 0; i < spec->nbcc; i++)
		j->rcpt[j->nrcpt++] = xstrdup(spec->bcc[i]);
	mailbox_t *mb = spec->auth ? world_mailbox(w, spec->from) : NULL;
	if (mb) {
		j->auth_user = xstrdup(mailbox_login(mb));
		j->auth_pass = xstrdup(mailbox_password(mb));
	}
	j->tls = spec->tls;
	j->port = spec->port ? spec->port : 25;
	a->sends = xgrow(a->sends, a->nsends, sizeof *a->sends);
	j->slot = a->nsends;
	a->sends[a->nsends++] = j;
	j->pipelining = spec->pipelining;
	agents_compose(w, spec, ++a->serial, &j->msg);

	char person[64], text[600];
	person_of(spec->from, person, sizeof person);
	strbuf_t to = STRBUF_INIT;
	for (size_t i = 0; i < j->nrcpt; i++)
		sb_printf(&to, "%s%s", i ? ", " : "", j->rcpt[i]);
	snprintf(text, sizeof text, "%s writes a message to %s: \"%s\"%s", person, sb_str(&to),
		 spec->subject ? spec->subject : "", spec->attach_octets > 0 ? " (with an attachment)" : "");
	note(w, HOP_1, EV_ACTION, "", node_name(w->smith_pc), "mail:write", j->msg.buf, text);
	snprintf(text, sizeof text, "%s presses Send: her client connects to %s (port %d) and speaks SMTP%s",
		 person, node_name(w->isp), spec->port ? spec->port : 25,
		 !spec->tls ? "" : j->port == 465 ? " inside TLS from the first byte"
						  : ", asking for TLS (STARTTLS) before anything secret");
	note(w, HOP_1, EV_ACTION, "", node_name(w->smith_pc), "mail:send", NULL, text);
	sb_free(&to);
	world_believe(w, VIEW_SUBMIT, 0, send_belief, send_changes, j);
	net_connect(w->net, w->smith_pc, node_name(w->isp), spec->port ? spec->port : 25, &send_handlers, j,
		    HOP_2, "SMTP");
}

/* ---- the supervisor's client: POP3 ----------------------------------- */

static void check_line_out(void *ctx, const char *line, size_t len)
{
	check_job_t *j = ctx;
	/* 5b: removing what was downloaded, and the QUIT that makes it happen. */
	if (j->conn && pop3_client_login_ok(j->cl) &&
	    (str_iprefix(line, "DELE") || str_iprefix(line, "QUIT") || str_iprefix(line, "RSET")))
		conn_set_hop(j->conn, HOP_5B);
	(void)len;
}

static void check_message(void *ctx, const char *uid, const char *data, size_t len)
{
	check_job_t *j = ctx;
	agents_t *a = j->ag;
	const char *subj = "";
	size_t slen = 0;
	for (const char *p = data; p && p < data + len;) {
		const char *eol = memchr(p, '\n', (size_t)(data + len - p));
		if (!eol || eol - p <= 1)
			break;
		if (str_iprefix(p, "Subject: ")) {
			subj = p + 9;
			slen = (size_t)(eol - subj) - (eol[-1] == '\r');
		}
		p = eol + 1;
	}
	char text[400];
	snprintf(text, sizeof text, "%s's client downloads a message: \"%.*s\" (%zu octets)%s", j->person,
		 (int)(slen > 200 ? 200 : slen), subj, len, j->job.keep ? "; it will leave it on the server" : "");
	note(a->w, HOP_5A, EV_NOTE, node_name(a->w->boss_pc), "", "mail:retrieved", NULL, text);
	if (uid && uid[0]) {
		a->seen_login = xgrow(a->seen_login, a->nseen, sizeof *a->seen_login);
		a->seen_uid = xgrow(a->seen_uid, a->nseen, sizeof *a->seen_uid);
		a->seen_login[a->nseen] = xstrdup(j->login);
		a->seen_uid[a->nseen++] = xstrdup(uid);
	}
}

static void check_vanish(void *ctx)
{
	check_job_t *j = ctx;
	char text[300];
	snprintf(text, sizeof text, "%s's client vanishes before QUIT (the laptop lid is closed): "
		 "the server never reaches UPDATE", j->person);
	note(j->ag->w, HOP_5B, EV_NOTE, node_name(j->ag->w->boss_pc), "", "fault:drop-before-quit", NULL, text);
	j->finished = 1;
	conn_abort(j->conn, "the client vanished");
}

static const pop3_client_hooks_t check_hooks = {
	.on_line_out = check_line_out,
	.on_message = check_message,
	.on_vanish = check_vanish,
};

static void check_finish(check_job_t *j)
{
	if (j->finished)
		return;
	j->finished = 1;
	world_believe_end(j->ag->w, j);
	if (j->cl && !pop3_client_login_ok(j->cl)) {
		char text[400];
		snprintf(text, sizeof text, "%s's client reports: %s", j->person,
			 pop3_client_error(j->cl)[0] ? pop3_client_error(j->cl) : "the server could not be reached");
		note(j->ag->w, HOP_5A, EV_NOTE, node_name(j->ag->w->boss_pc), "", "mail:check", NULL, text);
	}
}

/* What the mail reader believes (world view). */
static void check_belief(const void *obj, char *buf, size_t size)
{
	const check_job_t *j = obj;
	if (j->cl)
		pop3_client_belief(j->cl, buf, size);
	else if (j->finished)
		snprintf(buf, size, "could not connect");
	else
		snprintf(buf, size, "connecting to the POP3 server");
}

static uint64_t check_changes(const void *obj)
{
	const check_job_t *j = obj;
	uint64_t g = j->cl ? pop3_client_changes(j->cl) : 0;
	if (j->cl)
		return g ? g + 2 : 0;
	return j->finished ? 2 : 1;
}

static void check_open(void *ctx, conn_t *c)
{
	check_job_t *j = ctx;
	j->conn = c;
	j->cl = pop3_client_new(&j->job, &check_hooks, j);
	if (j->job.tls == POP3_TLS_IMPLICIT)
		tls_sim_client_hello(j->ag->w, c, j->server);
}

static void check_finish(check_job_t *j);

/* The supervisor's client checks the certificate, as mail clients do. */
static void check_tls(void *ctx, conn_t *c, int msg, const char *info)
{
	check_job_t *j = ctx;
	if (j->finished || !j->cl || msg != TLSREC_SERVER_FLIGHT)
		return;
	if (tls_sim_client_flight(j->ag->w, c, info, j->server, 1) < 0) {
		char text[400];
		snprintf(text, sizeof text, "the server's certificate names %s, not %s: the client will not "
			 "send the password to it", info, j->server);
		pop3_client_tls_failed(j->cl, text);
		conn_close(c);
		check_finish(j);
		return;
	}
	if (pop3_client_state(j->cl) != POP3_C_TLS)
		return;         /* implicit TLS: the greeting comes next */
	pop3_client_tls_ready(j->cl, &j->out);
	conn_send(c, j->out.buf, j->out.len);
	sb_clear(&j->out);
}

static void check_data(void *ctx, conn_t *c, const char *p, size_t n)
{
	check_job_t *j = ctx;
	if (j->finished || !j->cl)
		return;
	pop3_client_feed(j->cl, p, n, &j->out);
	if (j->finished)
		return;   /* vanished */
	if (j->out.len)
		conn_send(c, j->out.buf, j->out.len);
	sb_clear(&j->out);
	if (pop3_client_starttls_now(j->cl))
		tls_sim_client_hello(j->ag->w, c, j->server);
	if (pop3_client_done(j->cl)) {
		conn_close(c);
		check_finish(j);
	}
}

static void check_close(void *ctx, conn_t *c)
{
	check_job_t *j = ctx;
	if (j->finished)
		return;
	if (j->cl)
		pop3_client_lost(j->cl);
	conn_close(c);
	check_finish(j);
}

static void check_abort(void *ctx, conn_t *c, const char *why)
{
	check_job_t *j = ctx;
	(void)c;
	(void)why;
	if (j->finished)
		return;
	if (j->cl)
		pop3_client_lost(j->cl);
	check_finish(j);
}

static const conn_handlers_t check_handlers = {
	.on_open = check_open, .on_data = check_data, .on_close = check_close, .on_abort = check_abort,
	.on_tls = check_tls,
};

void agents_check(agents_t *a, const agent_check_t *spec)
{
	world_t *w = a->w;
	check_job_t *j = xcalloc(1, sizeof *j);
	j->ag = a;
	a->checks = xgrow(a->checks, a->nchecks, sizeof *a->checks);
	a->checks[a->nchecks++] = j;
	const char *login = spec->login ? spec->login : "boss";
	mailbox_t *mb = mailstore_by_login(w->corp_store, login);
	node_t *client = w->boss_pc, *server = w->corp;
	if (!mb && (mb = mailstore_by_login(w->isp_store, login)) != NULL) {
		client = w->smith_pc;
		server = w->isp;
	}
	j->login = xstrdup(login);
	j->password = xstrdup(spec->password ? spec->password : mb ? mailbox_password(mb) : "");
	char person[64];
	person_of(login, person, sizeof person);
	j->person = xstrdup(person);
	j->seen = xcalloc(a->nseen + 1, sizeof *j->seen);
	size_t nseen = 0;
	for (size_t i = 0; i < a->nseen; i++)
		if (!strcmp(a->seen_login[i], login))
			j->seen[nseen++] = a->seen_uid[i];
	j->job = (pop3_client_job_t){ .user = j->login, .pass = j->password, .keep = spec->keep,
				      .use_uidl = spec->uidl, .seen = j->seen, .nseen = nseen,
				      .top_lines = spec->top_lines, .rset = spec->rset,
				      .drop_before_quit = spec->drop_before_quit };
	j->port = spec->port ? spec->port : 110;
	j->job.tls = !spec->tls ? POP3_TLS_NONE : j->port == 995 ? POP3_TLS_IMPLICIT : POP3_TLS_STLS;
	j->server = xstrdup(node_name(server));
	char text[300];
	/* the seed's Smith is a woman ("her personal computer"), her supervisor a man */
	const char *pos = !strcmp(login, "smith") ? "her" : "his";
	snprintf(text, sizeof text, "%s checks %s mail: %s POP3 client connects to %s (port %d)%s", person, pos,
		 pos, node_name(server), j->port,
		 j->job.tls == POP3_TLS_IMPLICIT ? " inside TLS from the first byte"
		 : j->job.tls == POP3_TLS_STLS ? ", asking for TLS (STLS) before the password" : "");
	note(w, HOP_5A, EV_ACTION, "", node_name(client), "mail:check", NULL, text);
	world_believe(w, VIEW_POP3, 0, check_belief, check_changes, j);
	net_connect(w->net, client, node_name(server), j->port, &check_handlers, j, HOP_5A, "POP3");
}

agents_t *agents_new(world_t *w)
{
	agents_t *a = xcalloc(1, sizeof *a);
	a->w = w;
	return a;
}

void agents_free(agents_t *a)
{
	if (!a)
		return;
	for (size_t i = 0; i < a->nsends; i++)
		send_job_free(a->sends[i]);
	free(a->sends);
	for (size_t i = 0; i < a->nchecks; i++) {
		check_job_t *j = a->checks[i];
		world_believe_end(a->w, j);
		pop3_client_free(j->cl);
		sb_free(&j->out);
		free(j->login);
		free(j->password);
		free(j->person);
		free(j->server);
		free(j->seen);
		free(j);
	}
	free(a->checks);
	for (size_t i = 0; i < a->nseen; i++) {
		free(a->seen_login[i]);
		free(a->seen_uid[i]);
	}
	free(a->seen_login);
	free(a->seen_uid);
	free(a);
}
