/* test_hostile.c — hostile input from a peer or a file: what a real server
 * meets on the Internet and a student types by mistake. Whatever arrives, a
 * session answers with a well-formed reply and stays usable, memory stays
 * bounded, a message arrives byte for byte, and a scenario file gets its
 * errors as FILE:LINE:COL lines — never a crash, never a hang.
 *
 *   a 1 MB line without LF       (command, DATA, POP3, scenario)
 *   NUL bytes                    (commands, data, POP3, scenario)
 *   invalid UTF-8                (commands, data, scenario, the transcript)
 *   10 000 recipients            (RFC 5321 4.5.3.1.8: 100 buffered, 452 after)
 *   a scenario of 10 000 lines, unterminated quotes, binary junk */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "pop3/mailbox.h"
#include "world/mta.h"
#include "world/pop3_service.h"
#include "core/proto_limits.h"
#include "export/render.h"
#include "core/rng.h"
#include "run/scenario.h"
#include "smtp/smtp_server.h"
#include "suites.h"
#include "world/world.h"

#define MEGABYTE (1024 * 1024)

/* ---- the peer's end of a session -------------------------------------- */

typedef struct wire {
	strbuf_t out;
	int closed;
} wire_t;

static void wire_send(void *t, const char *p, size_t n)
{
	sb_append(&((wire_t *)t)->out, p, n);
}

static void wire_close(void *t)
{
	((wire_t *)t)->closed = 1;
}

/* The number of CRLF lines the peer received that start with prefix. */
static int count_lines(const wire_t *w, const char *prefix)
{
	int n = 0;
	size_t pl = strlen(prefix);
	const char *p = w->out.buf, *end = p + w->out.len;
	while (p && p < end) {
		if ((size_t)(end - p) >= pl && !memcmp(p, prefix, pl))
			n++;
		const char *nl = memchr(p, '\n', (size_t)(end - p));
		p = nl ? nl + 1 : NULL;
	}
	return n;
}

/* The last line received, without its CRLF ("" when none). */
static const char *last_line(const wire_t *w, char *buf, size_t size)
{
	buf[0] = '\0';
	if (w->out.len < 2)
		return buf;
	const char *end = w->out.buf + w->out.len - 2;
	const char *p = end;
	while (p > w->out.buf && p[-1] != '\n')
		p--;
	snprintf(buf, size, "%.*s", (int)(end - p), p);
	return buf;
}

/* Every line received is CRLF-terminated and within limit octets. */
static int lines_within(const wire_t *w, size_t limit)
{
	const char *p = w->out.buf, *end = p + w->out.len;
	while (p && p < end) {
		const char *nl = memchr(p, '\n', (size_t)(end - p));
		if (!nl || nl == p || nl[-1] != '\r' || (size_t)(nl + 1 - p) > limit)
			return 0;
		p = nl + 1;
	}
	return 1;
}

/* ---- an SMTP session at the ISP host, from Smith's computer ------------ */

typedef struct smtp_fix {
	world_t *w;
	wire_t wire;
	mta_session_t *s;
} smtp_fix_t;

static void smtp_open(smtp_fix_t *f)
{
	memset(f, 0, sizeof *f);
	f->w = world_new_default(1);
	transport_t tr = { .send = wire_send, .close = wire_close, .tctx = &f->wire };
	f->s = mta_session_new(f->w->isp_mta, &tr, "smith-pc.isp.example", "smith-pc.isp.example",
			       "198.51.100.23", HOP_2, 1);
	mta_session_start(f->s);
}

static void smtp_in(smtp_fix_t *f, const char *p, size_t n)
{
	mta_session_input(f->s, p, n);
}

static void smtp_puts(smtp_fix_t *f, const char *s)
{
	smtp_in(f, s, strlen(s));
}

static void smtp_close(smtp_fix_t *f)
{
	mta_session_free(f->s);
	world_free(f->w);
	sb_free(&f->wire.out);
}

/* Run the world until the queue has done its work. */
static void smtp_settle(smtp_fix_t *f)
{
	sched_run(f->w->sched, SCHED_US(3600), 0);
}

/* ---- SMTP: one hostile command line, then the session is still usable -- */

typedef struct hostile_cmd {
	const char *name;
	const char *before;        /* sent first, answered normally */
	const char *line;          /* the hostile line, with its CRLF */
	size_t len;
	const char *reply;         /* what the reply to it starts with */
} hostile_cmd_t;

#define LINE(s) (s), sizeof(s) - 1

static const hostile_cmd_t hostile_cmds[] = {
	{ "NUL in the verb", "", LINE("EH\0LO smith-pc\r\n"), "500 5.5.2" },
	{ "a line of one NUL", "EHLO smith-pc\r\n", LINE("\0\r\n"), "500 5.5.2" },
	{ "NUL in MAIL FROM", "EHLO smith-pc\r\n", LINE("MAIL FROM:<smith\0@isp.example>\r\n"), "501 5.1.7" },
	{ "NUL in RCPT TO", "EHLO smith-pc\r\nMAIL FROM:<smith@isp.example>\r\n",
	  LINE("RCPT TO:<boss@corp.example\0>\r\n"), "501 5.1.3" },
	{ "a control octet in MAIL FROM", "EHLO smith-pc\r\n", LINE("MAIL FROM:<sm\x01ith@isp.example>\r\n"),
	  "501 5.1.7 Bad sender address syntax" },
	{ "a bare CR in a command", "EHLO smith-pc\r\n", LINE("NOOP\rQUIT\r\n"), "500 5.5.2" },
	{ "escape sequences in a command", "EHLO smith-pc\r\n", LINE("\x1b[2J\x1b[31mHELP\r\n"), "500 5.5.2" },
	{ "invalid UTF-8 in MAIL FROM", "EHLO smith-pc\r\n", LINE("MAIL FROM:<\xff\xfe@isp.example>\r\n"),
	  "501 5.1.7" },
	{ "invalid UTF-8 in RCPT TO", "EHLO smith-pc\r\nMAIL FROM:<smith@isp.example>\r\n",
	  LINE("RCPT TO:<\xc3\x28@corp.example>\r\n"), "501 5.1.3" },
	{ "an overlong UTF-8 '<' in MAIL FROM", "EHLO smith-pc\r\n",
	  LINE("MAIL FROM:\xc0\xbcsmith@isp.example>\r\n"), "501 5.5.2" },
	{ "a 600-octet command", "EHLO smith-pc\r\n",
	  LINE("NOOP xxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxx"
	       "xxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxx"
	       "xxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxx"
	       "xxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxx"
	       "xxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxx"
	       "xxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxx"
	       "xxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxx\r\n"), "500 5.5.2 Error: line too long" },
};

static void test_smtp_hostile_lines(void)
{
	char buf[600];
	for (size_t i = 0; i < sizeof hostile_cmds / sizeof hostile_cmds[0]; i++) {
		const hostile_cmd_t *t = &hostile_cmds[i];
		smtp_fix_t f;
		smtp_open(&f);
		smtp_puts(&f, t->before);
		size_t before = f.wire.out.len;
		smtp_in(&f, t->line, t->len);
		CU_ASSERT_TRUE_FATAL(f.wire.out.len > before);
		if (strncmp(last_line(&f.wire, buf, sizeof buf), t->reply, strlen(t->reply)) != 0)
			fprintf(stderr, "\n%s: got '%s', wanted '%s...'\n", t->name, buf, t->reply);
		CU_ASSERT_STRING_EQUAL(last_line(&f.wire, buf, strlen(t->reply) + 1), t->reply);
		/* one line in, one reply out: nothing after the NUL is taken as a command */
		CU_ASSERT_EQUAL(count_lines(&f.wire, t->reply), 1);
		smtp_puts(&f, "NOOP\r\n");
		CU_ASSERT_STRING_EQUAL(last_line(&f.wire, buf, sizeof buf), "250 2.0.0 Ok");
		CU_ASSERT_TRUE(lines_within(&f.wire, SMTP_REPLY_LINE_MAX));
		smtp_close(&f);
	}
}

/* RFC 5321 4.5.3.1.5: a reply that echoes the client's EHLO name still fits 512 octets. */
static void test_smtp_long_ehlo_reply_fits(void)
{
	smtp_fix_t f;
	smtp_open(&f);
	strbuf_t line = STRBUF_INIT;
	sb_puts(&line, "EHLO ");
	while (line.len < SMTP_COMMAND_LINE_MAX - 2)
		sb_putc(&line, 'a');
	sb_puts(&line, "\r\n");
	smtp_in(&f, line.buf, line.len);
	CU_ASSERT_EQUAL(count_lines(&f.wire, "250-smtp.isp.example Hello aaaa"), 1);
	CU_ASSERT_TRUE(lines_within(&f.wire, SMTP_REPLY_LINE_MAX));
	sb_free(&line);
	smtp_close(&f);
}

/* Stub hooks for a bare smtp_server: everyone is accepted. */
static int stub_rcpt(void *ctx, const smtp_tx_t *tx, const char *addr, strbuf_t *reply)
{
	(void)ctx, (void)tx, (void)addr;
	sb_puts(reply, "250 2.1.5 Ok");
	return 250;
}

static int stub_message(void *ctx, const smtp_tx_t *tx, const char *msg, size_t len, strbuf_t *reply)
{
	(void)tx;
	sb_append(ctx, msg, len);
	sb_puts(reply, "250 2.0.0 Ok");
	return 250;
}

static void stub_id(void *ctx, char *buf, size_t size)
{
	(void)ctx;
	snprintf(buf, size, "ABCDEF0123");
}

static int64_t stub_now(void *ctx)
{
	(void)ctx;
	return WORLD_EPOCH_DEFAULT;
}

static const smtp_server_hooks_t stub_hooks = {
	.rcpt = stub_rcpt, .message = stub_message, .make_id = stub_id, .now = stub_now,
};

/* Feed n octets of c, in chunks of `chunk`. */
static void feed_smtp_junk(smtp_server_t *s, char c, size_t n, size_t chunk, strbuf_t *out)
{
	char *junk = xmalloc(chunk);
	memset(junk, c, chunk);
	for (size_t off = 0; off < n; off += chunk)
		smtp_server_feed(s, junk, n - off < chunk ? n - off : chunk, out);
	free(junk);
}

/* A 1 MB command line without LF: held in bounded memory, answered once it ends. */
static void test_smtp_megabyte_line(void)
{
	static const size_t chunks[] = { 1, 4096, MEGABYTE };
	for (size_t i = 0; i < sizeof chunks / sizeof chunks[0]; i++) {
		strbuf_t msg = STRBUF_INIT, out = STRBUF_INIT;
		smtp_server_config_t cfg = { .hostname = "smtp.isp.example" };
		smtp_server_t *s = smtp_server_new(&cfg, &stub_hooks, &msg, "198.51.100.23", "");
		smtp_server_greet(s, &out);
		smtp_server_feed(s, "EHLO smith-pc\r\n", 15, &out);
		size_t before = out.len;
		size_t n = chunks[i] == 1 ? 64 * 1024 : MEGABYTE;   /* byte by byte: 64 KB is enough */
		feed_smtp_junk(s, 'A', n, chunks[i], &out);
		CU_ASSERT_EQUAL(out.len, before);       /* nothing to answer until the line ends */
		/* one line buffer (AUTH lines may be long) and the last command */
		CU_ASSERT_TRUE(smtp_server_pending(s) <= SMTP_AUTH_LINE_MAX + SMTP_COMMAND_LINE_MAX);
		smtp_server_feed(s, "\r\nNOOP\r\n", 8, &out);
		CU_ASSERT_PTR_NOT_NULL(strstr(out.buf + before, "500 5.5.2 Error: line too long\r\n250 2.0.0 Ok\r\n"));
		CU_ASSERT_EQUAL(smtp_server_state(s), SMTP_S_READY);
		smtp_server_free(s);
		sb_free(&out);
		sb_free(&msg);
	}
}

/* A 1 MB line without LF inside DATA: refused after the dot, nothing delivered. */
static void test_smtp_megabyte_data_line(void)
{
	smtp_fix_t f;
	smtp_open(&f);
	smtp_puts(&f, "EHLO smith-pc\r\nMAIL FROM:<smith@isp.example>\r\nRCPT TO:<boss@corp.example>\r\n"
		      "DATA\r\nSubject: huge\r\n\r\n");
	char *junk = xmalloc(MEGABYTE);
	memset(junk, 'B', MEGABYTE);
	smtp_in(&f, junk, MEGABYTE);
	free(junk);
	smtp_puts(&f, "\r\n.\r\nQUIT\r\n");
	char buf[200];
	CU_ASSERT_EQUAL(count_lines(&f.wire, "500 5.5.2 Error: line too long"), 1);
	CU_ASSERT_EQUAL(count_lines(&f.wire, "250 2.0.0 Ok: queued"), 0);
	CU_ASSERT_STRING_EQUAL(last_line(&f.wire, buf, 4), "221");
	smtp_settle(&f);
	CU_ASSERT_EQUAL(mailbox_count(world_mailbox(f.w, "boss@corp.example")), 0);
	CU_ASSERT_EQUAL(mta_queue_count(f.w->isp_mta), 0);
	smtp_close(&f);
}

/* SMTP smuggling (RFC 5321 2.3.8, 4.1.1.4): at the ISP (hop 2) and at the
 * corporate host (hop 3), a bare LF or CR inside DATA gets one 550 after the
 * real final dot; the smuggled transaction behind it never runs, nothing is
 * delivered or queued. */
static void test_smtp_smuggling_both_hosts(void)
{
	static const char *const payloads[] = {
		"Testing\n.\r\nMAIL FROM:<ceo@corp.example>\r\nRCPT TO:<boss@corp.example>\r\nDATA\r\n"
		"From: ceo@corp.example\r\nSubject: smuggled\r\n\r\nPay now.\r\n",
		"Testing\r.\r\nMAIL FROM:<ceo@corp.example>\r\nRCPT TO:<boss@corp.example>\r\nDATA\r\n"
		"Subject: smuggled\r\n\r\nPay now.\r\n",
	};
	static const char *const replies[] = { SMTP_REPLY_BARE_LF, SMTP_REPLY_BARE_CR };
	for (int host = 0; host < 2; host++) {
		for (size_t i = 0; i < 2; i++) {
			smtp_fix_t f;
			memset(&f, 0, sizeof f);
			f.w = world_new_default(1);
			transport_t tr = { .send = wire_send, .close = wire_close, .tctx = &f.wire };
			f.s = host == 0 ? mta_session_new(f.w->isp_mta, &tr, "smith-pc.isp.example",
							  "smith-pc.isp.example", "198.51.100.23", HOP_2, 1)
					: mta_session_new(f.w->corp_mta, &tr, "smtp.isp.example",
							  "smtp.isp.example", "203.0.113.25", HOP_3, 1);
			mta_session_start(f.s);
			smtp_puts(&f, "EHLO x\r\nMAIL FROM:<smith@isp.example>\r\nRCPT TO:<boss@corp.example>\r\n"
				      "DATA\r\nSubject: report\r\n\r\n");
			size_t before = f.wire.out.len;
			smtp_puts(&f, payloads[i]);
			CU_ASSERT_EQUAL(f.wire.out.len, before);        /* nothing before the dot */
			smtp_puts(&f, ".\r\nQUIT\r\n");
			char buf[200];
			CU_ASSERT_EQUAL(count_lines(&f.wire, replies[i]), 1);
			CU_ASSERT_EQUAL(count_lines(&f.wire, "250 2.0.0"), 0);
			CU_ASSERT_EQUAL(count_lines(&f.wire, "250 2.1.0"), 1);       /* only the real MAIL */
			CU_ASSERT_STRING_EQUAL(last_line(&f.wire, buf, 4), "221");
			smtp_settle(&f);
			CU_ASSERT_EQUAL(mailbox_count(world_mailbox(f.w, "boss@corp.example")), 0);
			CU_ASSERT_EQUAL(mta_queue_count(f.w->isp_mta), 0);
			smtp_close(&f);
		}
	}
}

/* NUL octets and invalid UTF-8 in a message travel 2 -> 3 -> 4 byte for byte. */
static void test_smtp_binary_data_delivered(void)
{
	static const char body[] = "Subject: caf\xc3\xa9 \xff\xfe\r\n\r\nNUL \0 inside\r\n\0\r\n\xc0\xaf\xed\xa0\x80\r\n";
	smtp_fix_t f;
	smtp_open(&f);
	smtp_puts(&f, "EHLO smith-pc\r\nMAIL FROM:<smith@isp.example>\r\nRCPT TO:<boss@corp.example>\r\nDATA\r\n");
	smtp_in(&f, body, sizeof body - 1);
	smtp_puts(&f, ".\r\nQUIT\r\n");
	CU_ASSERT_EQUAL(count_lines(&f.wire, "250 2.0.0 Ok: queued"), 1);
	smtp_settle(&f);
	mailbox_t *boss = world_mailbox(f.w, "boss@corp.example");
	CU_ASSERT_EQUAL_FATAL(mailbox_count(boss), 1);
	const mail_msg_t *m = mailbox_msg(boss, 0);
	CU_ASSERT_TRUE_FATAL(m->len > sizeof body - 1);
	CU_ASSERT_EQUAL(memcmp(m->data + m->len - (sizeof body - 1), body, sizeof body - 1), 0);
	/* The transcript shows the bytes as escapes: nothing that upsets a terminal. */
	char *text = NULL;
	size_t len = 0;
	FILE *out = open_memstream(&text, &len);
	CU_ASSERT_PTR_NOT_NULL_FATAL(out);
	for (size_t i = 0; i < trace_count(f.w->trace); i++)
		render_text_event(trace_get(f.w->trace, i), out);
	fclose(out);
	CU_ASSERT_PTR_NOT_NULL(strstr(text, "caf\xc3\xa9 \\xFF\\xFE"));
	CU_ASSERT_PTR_NULL(memchr(text, 0xff, len));
	CU_ASSERT_PTR_NULL(memchr(text, 0x1b, len));
	free(text);
	smtp_close(&f);
}

/* RFC 5321 4.5.3.1.8: 100 recipients are buffered; the rest get 452 4.5.3. */
static void test_smtp_ten_thousand_recipients(void)
{
	smtp_fix_t f;
	smtp_open(&f);
	strbuf_t in = STRBUF_INIT;
	sb_puts(&in, "EHLO smith-pc\r\nMAIL FROM:<smith@isp.example>\r\n");
	for (int i = 0; i < 10000; i++)
		sb_printf(&in, "RCPT TO:<user%d@corp.example>\r\n", i);
	sb_puts(&in, "DATA\r\nSubject: to everyone\r\n\r\nHello.\r\n.\r\nQUIT\r\n");
	smtp_in(&f, in.buf, in.len);
	sb_free(&in);
	CU_ASSERT_EQUAL(count_lines(&f.wire, "250 2.1.5"), SMTP_RECIPIENTS_MAX);
	CU_ASSERT_EQUAL(count_lines(&f.wire, "452 4.5.3"), 10000 - SMTP_RECIPIENTS_MAX);
	CU_ASSERT_EQUAL(count_lines(&f.wire, "250 2.0.0 Ok: queued"), 1);
	smtp_settle(&f);
	/* none of them exists at corp.example: one bounce lists the hundred */
	mailbox_t *smith = world_mailbox(f.w, "smith@isp.example");
	CU_ASSERT_EQUAL_FATAL(mailbox_count(smith), 1);
	const mail_msg_t *dsn = mailbox_msg(smith, 0);
	CU_ASSERT_PTR_NOT_NULL(strstr(dsn->data, "Final-Recipient: rfc822; user0@corp.example"));
	CU_ASSERT_PTR_NOT_NULL(strstr(dsn->data, "Final-Recipient: rfc822; user99@corp.example"));
	CU_ASSERT_PTR_NULL(strstr(dsn->data, "user100@corp.example"));
	CU_ASSERT_EQUAL(mta_queue_count(f.w->isp_mta), 0);
	smtp_close(&f);
}

/* ---- POP3 ---------------------------------------------------------------- */

typedef struct pop3_fix {
	world_t *w;
	wire_t wire;
	pop3_session_t *s;
} pop3_fix_t;

static void pop3_open(pop3_fix_t *f)
{
	memset(f, 0, sizeof *f);
	f->w = world_new_default(1);
	transport_t tr = { .send = wire_send, .close = wire_close, .tctx = &f->wire };
	f->s = pop3_session_new(f->w->corp_pop3, &tr, "boss-pc.corp.example", HOP_5A, 1);
	pop3_session_start(f->s);
}

static void pop3_in(pop3_fix_t *f, const char *p, size_t n)
{
	pop3_session_input(f->s, p, n);
}

static void pop3_close(pop3_fix_t *f)
{
	pop3_session_free(f->s);
	world_free(f->w);
	sb_free(&f->wire.out);
}

static const hostile_cmd_t hostile_pop3[] = {
	{ "NUL in USER", "", LINE("USER bo\0ss\r\n"), "-ERR invalid characters" },
	{ "NUL in PASS", "USER boss\r\n", LINE("PASS s3cret\0\r\n"), "-ERR invalid characters" },
	{ "invalid UTF-8 as the user name", "USER \xff\xfe\xfd\r\n", LINE("PASS s3cret\r\n"), "-ERR [AUTH]" },
	{ "escape sequences", "", LINE("\x1b[2J\r\n"), "-ERR invalid characters" },
	{ "NUL in RETR", "USER boss\r\nPASS s3cret\r\n", LINE("RETR 1\0\r\n"), "-ERR invalid characters" },
	{ "a number past 2^64", "USER boss\r\nPASS s3cret\r\n", LINE("RETR 18446744073709551617\r\n"), "-ERR" },
	{ "a negative number", "USER boss\r\nPASS s3cret\r\n", LINE("DELE -1\r\n"), "-ERR" },
	{ "a 300-octet command", "",
	  LINE("USER xxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxx"
	       "xxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxx"
	       "xxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxx"
	       "xxxxxxxxxxxxxxxxxxxxxxxxxxxxxx\r\n"), "-ERR line too long" },
};

static void test_pop3_hostile_lines(void)
{
	char buf[600];
	for (size_t i = 0; i < sizeof hostile_pop3 / sizeof hostile_pop3[0]; i++) {
		const hostile_cmd_t *t = &hostile_pop3[i];
		pop3_fix_t f;
		pop3_open(&f);
		mailbox_deliver(world_mailbox(f.w, "boss@corp.example"), "Subject: x\r\n\r\nx\r\n", 17);
		pop3_in(&f, t->before, strlen(t->before));
		size_t before = f.wire.out.len;
		pop3_in(&f, t->line, t->len);
		CU_ASSERT_TRUE_FATAL(f.wire.out.len > before);
		if (strncmp(last_line(&f.wire, buf, sizeof buf), t->reply, strlen(t->reply)) != 0)
			fprintf(stderr, "\n%s: got '%s', wanted '%s...'\n", t->name, buf, t->reply);
		CU_ASSERT_STRING_EQUAL(last_line(&f.wire, buf, strlen(t->reply) + 1), t->reply);
		CU_ASSERT_EQUAL(count_lines(&f.wire, "-ERR"), 1);
		/* still usable, and nothing was deleted */
		pop3_in(&f, "QUIT\r\n", 6);
		CU_ASSERT_STRING_EQUAL(last_line(&f.wire, buf, 4), "+OK");
		CU_ASSERT_EQUAL(mailbox_count(world_mailbox(f.w, "boss@corp.example")), 1);
		CU_ASSERT_TRUE(lines_within(&f.wire, POP3_RESPONSE_LINE_MAX));
		pop3_close(&f);
	}
}

/* A 1 MB line without LF to the POP3 server, then a real login. */
static void test_pop3_megabyte_line(void)
{
	pop3_fix_t f;
	pop3_open(&f);
	size_t before = f.wire.out.len;
	char *junk = xmalloc(MEGABYTE);
	memset(junk, 'U', MEGABYTE);
	for (size_t off = 0; off < MEGABYTE; off += 4096)
		pop3_in(&f, junk + off, 4096);
	free(junk);
	CU_ASSERT_EQUAL(f.wire.out.len, before);
	pop3_in(&f, "\r\nUSER boss\r\nPASS s3cret\r\nSTAT\r\n", 32);
	CU_ASSERT_EQUAL(count_lines(&f.wire, "-ERR line too long"), 1);
	char buf[100];
	CU_ASSERT_STRING_EQUAL(last_line(&f.wire, buf, sizeof buf), "+OK 0 0");
	pop3_close(&f);
}

/* RETR gives a message with NUL octets and invalid UTF-8 back byte for byte. */
static void test_pop3_binary_message(void)
{
	static const char msg[] = "Subject: \xff\r\n\r\n\0\r\n.\0dot\r\nend \xc3\r\n";
	pop3_fix_t f;
	pop3_open(&f);
	mailbox_deliver(world_mailbox(f.w, "boss@corp.example"), msg, sizeof msg - 1);
	pop3_in(&f, "USER boss\r\nPASS s3cret\r\n", 24);
	size_t before = f.wire.out.len;
	pop3_in(&f, "RETR 1\r\n", 8);
	static const char want[] = "Subject: \xff\r\n\r\n\0\r\n..\0dot\r\nend \xc3\r\n.\r\n";   /* RFC 1939 3 */
	const char *got = f.wire.out.buf + before;
	const char *body = memchr(got, '\n', f.wire.out.len - before);
	CU_ASSERT_PTR_NOT_NULL(body);
	if (body) {
		body++;
		CU_ASSERT_EQUAL((size_t)(f.wire.out.buf + f.wire.out.len - body), sizeof want - 1);
		CU_ASSERT_EQUAL(memcmp(body, want, sizeof want - 1), 0);
	}
	pop3_close(&f);
}

/* ---- scenario files -------------------------------------------------------- */

typedef struct hostile_scn {
	const char *name;
	const char *text;
	size_t len;
	const char *error;        /* the first error line starts with this */
} hostile_scn_t;

static const hostile_scn_t hostile_scns[] = {
	{ "unterminated quote", LINE("title \"The mail path\n"), "t.scn:1:7: unterminated string" },
	{ "unterminated quote, later line", LINE("title \"t\"\nnote \"no end\n"), "t.scn:2:6: unterminated string" },
	{ "a quote escaped at the end", LINE("title \"t\\\"\n"), "t.scn:1:7: unterminated string" },
	{ "NUL byte", LINE("title \"t\"\n\0\n"), "t.scn:2:1: NUL byte" },
	{ "NUL inside a string", LINE("title \"a\0b\"\n"), "t.scn:1:9: NUL byte" },
	{ "invalid UTF-8", LINE("title \"caf\xff\"\n"), "t.scn:1:11: invalid UTF-8" },
	{ "truncated UTF-8 at the end", LINE("title \"t\"\n# caf\xc3"), "t.scn:2:6: invalid UTF-8" },
	{ "a control character", LINE("title \"t\"\nsend\x07\n"), "t.scn:2:5: control character" },
	{ "binary junk", LINE("\x7f" "ELF\x02\x01\x01\0\0\0\0\0\0\0\0\0"), "t.scn:1:1:" },
};

/* The errors are FILE:LINE:COL lines, at most 100 and a last word. */
static int error_lines(const strbuf_t *errors)
{
	int n = 0;
	const char *p = errors->buf, *end = p + errors->len;
	while (p && p < end) {
		unsigned line, col;
		char colon;
		if (sscanf(p, "t.scn:%u:%u%c", &line, &col, &colon) != 3 || line < 1 || col < 1 || colon != ':')
			return -1;
		n++;
		const char *nl = memchr(p, '\n', (size_t)(end - p));
		p = nl ? nl + 1 : NULL;
	}
	return n;
}

static void test_scenario_hostile(void)
{
	for (size_t i = 0; i < sizeof hostile_scns / sizeof hostile_scns[0]; i++) {
		const hostile_scn_t *t = &hostile_scns[i];
		strbuf_t errors = STRBUF_INIT;
		scenario_t *sc = scenario_parse("t.scn", t->text, t->len, &errors);
		CU_ASSERT_PTR_NULL(sc);
		if (strncmp(sb_str(&errors), t->error, strlen(t->error)) != 0)
			fprintf(stderr, "\n%s: got '%s', wanted '%s...'\n", t->name, sb_str(&errors), t->error);
		CU_ASSERT_EQUAL(strncmp(sb_str(&errors), t->error, strlen(t->error)), 0);
		CU_ASSERT_TRUE(error_lines(&errors) >= 1);
		scenario_free(sc);
		sb_free(&errors);
	}
}

/* 64 KB of random bytes: errors, bounded, every one at its place. */
static void test_scenario_random_junk(void)
{
	for (uint64_t seed = 1; seed <= 8; seed++) {
		rng_t r;
		rng_seed(&r, seed);
		char *junk = xmalloc(64 * 1024);
		for (size_t i = 0; i < 64 * 1024; i++)
			junk[i] = (char)(rng_next(&r) & 0xff);
		strbuf_t errors = STRBUF_INIT;
		scenario_t *sc = scenario_parse("t.scn", junk, 64 * 1024, &errors);
		CU_ASSERT_PTR_NULL(sc);
		int n = error_lines(&errors);
		CU_ASSERT_TRUE(n >= 1 && n <= 101);
		scenario_free(sc);
		sb_free(&errors);
		free(junk);
	}
}

/* A scenario of 10 000 lines: comments are fine; 10 000 notes hit the limit. */
static void test_scenario_ten_thousand_lines(void)
{
	strbuf_t text = STRBUF_INIT, errors = STRBUF_INIT;
	sb_puts(&text, "title \"long\"\n");
	for (int i = 1; i < 10000; i++)
		sb_printf(&text, "# comment %d\n", i);
	scenario_t *sc = scenario_parse("t.scn", text.buf, text.len, &errors);
	CU_ASSERT_PTR_NOT_NULL(sc);
	CU_ASSERT_EQUAL(errors.len, 0);
	scenario_free(sc);

	sb_clear(&text);
	sb_puts(&text, "title \"long\"\n");
	for (int i = 1; i < 10000; i++)
		sb_printf(&text, "note at %ds \"note %d\"\n", i, i);
	sc = scenario_parse("t.scn", text.buf, text.len, &errors);
	CU_ASSERT_PTR_NULL(sc);
	CU_ASSERT_EQUAL(strncmp(sb_str(&errors), "t.scn:1002:1: too many notes", 28), 0);
	CU_ASSERT_EQUAL(error_lines(&errors), 101);
	CU_ASSERT_PTR_NOT_NULL(strstr(sb_str(&errors), "too many errors"));
	scenario_free(sc);
	sb_free(&text);
	sb_free(&errors);
}

/* One line of 1 MB without LF; a file over 1 MB is refused before parsing. */
static void test_scenario_megabyte(void)
{
	strbuf_t text = STRBUF_INIT, errors = STRBUF_INIT;
	sb_puts(&text, "title \"");
	while (text.len < MEGABYTE)
		sb_puts(&text, "xxxxxxxxxxxxxxxx");
	scenario_t *sc = scenario_parse("t.scn", text.buf, text.len, &errors);
	CU_ASSERT_PTR_NULL(sc);
	CU_ASSERT_EQUAL(strncmp(sb_str(&errors), "t.scn:1:1: line too long", 24), 0);
	scenario_free(sc);

	char path[] = "/tmp/mailpath-hostile-XXXXXX";
	int fd = mkstemp(path);
	CU_ASSERT_TRUE_FATAL(fd >= 0);
	FILE *f = fdopen(fd, "w");
	if (!f) {
		CU_FAIL("fdopen");
		close(fd);
		unlink(path);
		sb_free(&text);
		sb_free(&errors);
		return;
	}
	fputs("title \"big\"\n", f);
	for (int i = 0; i < 40000; i++)
		fputs("# a comment line to make the file larger than a megabyte\n", f);
	fclose(f);
	sb_clear(&errors);
	sc = scenario_load(path, &errors);
	CU_ASSERT_PTR_NULL(sc);
	CU_ASSERT_PTR_NOT_NULL(strstr(sb_str(&errors), "too large"));
	scenario_free(sc);
	unlink(path);
	sb_free(&text);
	sb_free(&errors);
}

CU_TestInfo hostile_tests[] = {
	{ "SMTP: NUL, CR, escapes, invalid UTF-8, overlong: one reply, still usable", test_smtp_hostile_lines },
	{ "SMTP: a reply echoing a 505-octet EHLO name fits 512 octets", test_smtp_long_ehlo_reply_fits },
	{ "SMTP: a 1 MB command line without LF: bounded, then 500", test_smtp_megabyte_line },
	{ "SMTP: a 1 MB line inside DATA: 500 after the dot, nothing delivered", test_smtp_megabyte_data_line },
	{ "SMTP: smuggling with bare LF/CR at the ISP and the corporate host: one 550", test_smtp_smuggling_both_hosts },
	{ "SMTP: NUL and invalid UTF-8 in a message arrive byte for byte", test_smtp_binary_data_delivered },
	{ "SMTP: 10 000 recipients: 100 accepted, 9 900 get 452", test_smtp_ten_thousand_recipients },
	{ "POP3: NUL, escapes, invalid UTF-8, huge numbers: -ERR, still usable", test_pop3_hostile_lines },
	{ "POP3: a 1 MB line without LF, then a login", test_pop3_megabyte_line },
	{ "POP3: RETR of a message with NUL and invalid UTF-8", test_pop3_binary_message },
	{ "scenario: unterminated quotes, NUL, invalid UTF-8, binary junk", test_scenario_hostile },
	{ "scenario: 64 KB of random bytes: at most 101 error lines", test_scenario_random_junk },
	{ "scenario: 10 000 lines", test_scenario_ten_thousand_lines },
	{ "scenario: a 1 MB line, a file over 1 MB", test_scenario_megabyte },
	CU_TEST_INFO_NULL,
};
