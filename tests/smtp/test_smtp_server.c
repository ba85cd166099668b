/* test_smtp_server.c — CUnit suite for the SMTP server session: table-driven
 * { line in, reply expected, state expected } scripts through a fixture with
 * simple hooks (corp.example knows "boss" and "postmaster"; AUTH boss/s3cret). */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "core/proto_limits.h"
#include "smtp/smtp_server.h"
#include "suites.h"
#include "core/util.h"

#define HOST "mail.corp.example"
#define MAX_SIZE 100000L
#define NOW 1772442000          /* Mon, 02 Mar 2026 09:00:00 +0000 */
#define DATE "Mon, 02 Mar 2026 09:00:00 +0000"

typedef struct fx {
	smtp_server_t *s;
	strbuf_t out;           /* replies since the last step */
	strbuf_t msg;           /* what hooks->message received last */
	strbuf_t states;        /* "INIT>READY READY>MAIL ..." */
	int nmsg, nid;
	size_t lines_in, data_in, lines_out;
	long seen_size;         /* tx as the last RCPT hook saw it */
	char seen_from[64];
	char seen_addr[64];     /* the address the last RCPT hook was asked about */
	size_t seen_nrcpt;
} fx_t;

static int hook_rcpt(void *ctx, const smtp_tx_t *tx, const char *addr, strbuf_t *reply)
{
	fx_t *f = ctx;
	f->seen_size = tx->declared_size;
	snprintf(f->seen_from, sizeof f->seen_from, "%s", tx->mail_from);
	snprintf(f->seen_addr, sizeof f->seen_addr, "%s", addr);
	f->seen_nrcpt = tx->nrcpt;
	const char *at = strrchr(addr, '@');
	size_t local = at ? (size_t)(at - addr) : strlen(addr);
	int known = (!at || str_ieq(at + 1, "corp.example")) &&
		    ((local == 4 && str_iprefix(addr, "boss")) || (local == 10 && str_iprefix(addr, "postmaster")));
	if (known) {
		sb_puts(reply, "250 2.1.5 Ok");
		return 250;
	}
	sb_printf(reply, "550 5.1.1 <%s>: Recipient address rejected: User unknown", addr);
	return 550;
}

static int hook_auth(void *ctx, const char *user, const char *pass)
{
	(void)ctx;
	return strcmp(user, "boss") == 0 && strcmp(pass, "s3cret") == 0;
}

static int hook_message(void *ctx, const smtp_tx_t *tx, const char *msg, size_t len, strbuf_t *reply)
{
	fx_t *f = ctx;
	sb_clear(&f->msg);
	sb_append(&f->msg, msg, len);
	f->nmsg++;
	f->seen_nrcpt = tx->nrcpt;
	sb_printf(reply, "250 2.0.0 Ok: queued as %s", tx->id);
	return 250;
}

static void hook_make_id(void *ctx, char *buf, size_t size)
{
	fx_t *f = ctx;
	snprintf(buf, size, "4F2A1C0B%02X", ++f->nid);
}

static int64_t hook_now(void *ctx)
{
	(void)ctx;
	return NOW;
}

static void hook_state(void *ctx, smtp_server_state_t from, smtp_server_state_t to)
{
	fx_t *f = ctx;
	sb_printf(&f->states, "%s%s>%s", f->states.len ? " " : "", smtp_server_state_name(from),
		  smtp_server_state_name(to));
}

static void hook_line_in(void *ctx, const char *line, size_t len, int in_data)
{
	fx_t *f = ctx;
	(void)line, (void)len;
	f->lines_in++;
	f->data_in += in_data != 0;
}

static void hook_line_out(void *ctx, const char *line, size_t len)
{
	fx_t *f = ctx;
	(void)line, (void)len;
	f->lines_out++;
}

static void fx_open(fx_t *f, int with_auth, const char *peer_name)
{
	static const smtp_server_config_t cfg = { .hostname = HOST, .max_size = MAX_SIZE };
	smtp_server_hooks_t hooks = {
		.rcpt = hook_rcpt,
		.auth = with_auth ? hook_auth : NULL,
		.message = hook_message,
		.make_id = hook_make_id,
		.now = hook_now,
		.on_state = hook_state,
		.on_line_in = hook_line_in,
		.on_line_out = hook_line_out,
	};
	memset(f, 0, sizeof *f);
	f->s = smtp_server_new(&cfg, &hooks, f, "198.51.100.23", peer_name);
	smtp_server_greet(f->s, &f->out);
}

static void fx_close(fx_t *f)
{
	smtp_server_free(f->s);
	sb_free(&f->out);
	sb_free(&f->msg);
	sb_free(&f->states);
}

/* Feed bytes; the replies are left in f->out (cleared before). */
static void fx_feed(fx_t *f, const char *p, size_t n)
{
	sb_clear(&f->out);
	smtp_server_feed(f->s, p, n, &f->out);
}

static void fx_send(fx_t *f, const char *s)
{
	fx_feed(f, s, strlen(s));
}

static void check(int ok, int line, const char *what, const char *in, const char *got)
{
	char msg[600];
	snprintf(msg, sizeof msg, "%s; sent \"%.120s\", got \"%.300s\"", what, in, got);
	CU_assertImplementation(ok ? CU_TRUE : CU_FALSE, (unsigned)line, msg, __FILE__, "", CU_FALSE);
}

typedef struct step {
	const char *in;         /* a line, CRLF added */
	const char *reply;      /* prefix of the replies; NULL: no reply at all */
	smtp_server_state_t state;
} step_t;

static void run_steps_at(fx_t *f, const step_t *st, size_t n, int line)
{
	for (size_t i = 0; i < n; i++) {
		strbuf_t in = STRBUF_INIT;
		sb_printf(&in, "%s\r\n", st[i].in);
		fx_feed(f, in.buf, in.len);
		const char *got = sb_str(&f->out);
		if (st[i].reply)
			check(strncmp(got, st[i].reply, strlen(st[i].reply)) == 0 && f->out.len > 0,
			      line, st[i].reply, st[i].in, got);
		else
			check(f->out.len == 0, line, "no reply", st[i].in, got);
		check(smtp_server_state(f->s) == st[i].state, line,
		      smtp_server_state_name(st[i].state), st[i].in, smtp_server_state_name(smtp_server_state(f->s)));
		sb_free(&in);
	}
}

#define RUN_STEPS(f, steps) run_steps_at((f), (steps), sizeof(steps) / sizeof((steps)[0]), __LINE__)

/* ---- the tests ---- */

static void test_greeting_and_ehlo(void)
{
	fx_t f;
	fx_open(&f, 1, "smith-pc.isp.example");
	CU_ASSERT_STRING_EQUAL(sb_str(&f.out), "220 " HOST " ESMTP mailpath\r\n");
	fx_send(&f, "EHLO smith-pc.isp.example\r\n");
	CU_ASSERT_STRING_EQUAL(sb_str(&f.out),
			       "250-" HOST " Hello smith-pc.isp.example [198.51.100.23]\r\n"
			       "250-SIZE 100000\r\n"
			       "250-8BITMIME\r\n"
			       "250-PIPELINING\r\n"
			       "250-ENHANCEDSTATUSCODES\r\n"
			       "250-AUTH PLAIN LOGIN\r\n"
			       "250 HELP\r\n");
	CU_ASSERT_EQUAL(f.lines_out, 8);        /* greeting + 7: each line traced */
	CU_ASSERT_EQUAL(smtp_server_state(f.s), SMTP_S_READY);
	fx_send(&f, "HELO smith-pc.isp.example\r\n");
	CU_ASSERT_STRING_EQUAL(sb_str(&f.out), "250 " HOST "\r\n");
	fx_close(&f);
}

static void test_ehlo_without_auth(void)
{
	fx_t f;
	fx_open(&f, 0, "");
	fx_send(&f, "EHLO x\r\n");
	CU_ASSERT_PTR_NULL(strstr(sb_str(&f.out), "AUTH"));
	CU_ASSERT_PTR_NOT_NULL(strstr(sb_str(&f.out), "250 HELP\r\n"));
	static const step_t steps[] = {
		{ "AUTH PLAIN AGJvc3MAczNjcmV0", "503 5.5.1 ", SMTP_S_READY },
		{ "HELP", "214 2.0.0 Commands: HELO EHLO MAIL RCPT DATA RSET NOOP VRFY HELP QUIT\r\n", SMTP_S_READY },
	};
	RUN_STEPS(&f, steps);
	fx_close(&f);
}

static void test_happy_path(void)
{
	static const step_t steps[] = {
		{ "EHLO smith-pc.isp.example", "250-" HOST " Hello", SMTP_S_READY },
		{ "MAIL FROM:<smith@isp.example>", "250 2.1.0 Ok\r\n", SMTP_S_MAIL },
		{ "RCPT TO:<boss@corp.example>", "250 2.1.5 Ok\r\n", SMTP_S_RCPT },
		{ "RCPT TO:<nobody@corp.example>", "550 5.1.1 <nobody@corp.example>", SMTP_S_RCPT },
		{ "DATA", "354 End data with <CR><LF>.<CR><LF>\r\n", SMTP_S_DATA },
		{ "Subject: report", NULL, SMTP_S_DATA },
		{ "", NULL, SMTP_S_DATA },
		{ "..hidden", NULL, SMTP_S_DATA },
		{ ". not the end", NULL, SMTP_S_DATA },
		{ ".", "250 2.0.0 Ok: queued as 4F2A1C0B01\r\n", SMTP_S_READY },
		{ "QUIT", "221 2.0.0 " HOST " Service closing transmission channel\r\n", SMTP_S_QUIT },
		{ "NOOP", NULL, SMTP_S_QUIT },          /* after QUIT, input is ignored */
	};
	fx_t f;
	fx_open(&f, 1, "smith-pc.isp.example");
	RUN_STEPS(&f, steps);
	CU_ASSERT_EQUAL(f.nmsg, 1);
	/* RFC 5321 4.5.2: the hook sees the message unstuffed */
	const char *body = strstr(sb_str(&f.msg), "\r\nSubject:");
	CU_ASSERT_PTR_NOT_NULL_FATAL(body);
	CU_ASSERT_STRING_EQUAL(body + 2, "Subject: report\r\n\r\n.hidden\r\n not the end\r\n");
	CU_ASSERT_STRING_EQUAL(sb_str(&f.states),
			       "INIT>READY READY>MAIL MAIL>RCPT RCPT>DATA DATA>READY READY>QUIT");
	CU_ASSERT_EQUAL(f.data_in, 5);          /* 4 content lines and the final dot */
	CU_ASSERT(smtp_server_done(f.s));
	fx_close(&f);
}

static void test_sequencing(void)
{
	static const step_t steps[] = {
		{ "MAIL FROM:<smith@isp.example>", "503 5.5.1 ", SMTP_S_INIT },
		{ "RCPT TO:<boss@corp.example>", "503 5.5.1 ", SMTP_S_INIT },
		{ "DATA", "503 5.5.1 ", SMTP_S_INIT },
		{ "AUTH PLAIN", "503 5.5.1 ", SMTP_S_INIT },
		{ "RSET", "250 2.0.0 Ok\r\n", SMTP_S_INIT },
		{ "NOOP", "250 2.0.0 Ok\r\n", SMTP_S_INIT },
		{ "VRFY boss", "252 2.0.0 Cannot VRFY user, but will accept message and attempt delivery\r\n",
		  SMTP_S_INIT },
		{ "EHLO", "501 5.5.4 ", SMTP_S_INIT },
		{ "HELO ", "501 5.5.4 ", SMTP_S_INIT },
		{ "HELO smith-pc.isp.example", "250 " HOST "\r\n", SMTP_S_READY },
		{ "AUTH PLAIN", "503 5.5.1 ", SMTP_S_READY },   /* AUTH needs EHLO */
		{ "RCPT TO:<boss@corp.example>", "503 5.5.1 ", SMTP_S_READY },
		{ "DATA", "503 5.5.1 ", SMTP_S_READY },
		{ "MAIL FROM:<smith@isp.example>", "250 2.1.0 ", SMTP_S_MAIL },
		{ "MAIL FROM:<smith@isp.example>", "503 5.5.1 ", SMTP_S_MAIL },
		{ "DATA", "503 5.5.1 ", SMTP_S_MAIL },
		{ "RCPT TO:<nobody@corp.example>", "550 5.1.1 ", SMTP_S_MAIL },
		{ "DATA", "503 5.5.1 ", SMTP_S_MAIL },  /* every RCPT refused */
		{ "RCPT TO:<Postmaster>", "250 2.1.5 ", SMTP_S_RCPT },
		{ "DATA now", "501 5.5.4 ", SMTP_S_RCPT },
		{ "RSET", "250 2.0.0 Ok\r\n", SMTP_S_READY },
		{ "DATA", "503 5.5.1 ", SMTP_S_READY },  /* RSET ended the transaction */
		{ "EXPN staff", "502 5.5.1 Error: command not implemented\r\n", SMTP_S_READY },
		{ "STARTTLS", "502 5.5.1 Error: command not implemented\r\n", SMTP_S_READY },
		{ "VRFY", "501 5.5.4 ", SMTP_S_READY },
		{ "HELP", "214 2.0.0 Commands: HELO EHLO MAIL RCPT DATA RSET NOOP VRFY HELP QUIT AUTH\r\n",
		  SMTP_S_READY },
		{ "FOO bar", "500 5.5.2 Error: command not recognized\r\n", SMTP_S_READY },
		{ "", "500 5.5.2 Error: command not recognized\r\n", SMTP_S_READY },
		{ "MAILFROM:<smith@isp.example>", "500 5.5.2 ", SMTP_S_READY },
		{ "MAIL FROM:<smith@isp.example>", "250 2.1.0 ", SMTP_S_MAIL },
		{ "RCPT TO:<boss@corp.example>", "250 2.1.5 ", SMTP_S_RCPT },
		{ "HELO again.example", "250 " HOST "\r\n", SMTP_S_READY },    /* resets */
		{ "DATA", "503 5.5.1 ", SMTP_S_READY },
		{ "quit", "221 2.0.0 ", SMTP_S_QUIT },
	};
	fx_t f;
	fx_open(&f, 1, "");
	RUN_STEPS(&f, steps);
	CU_ASSERT_EQUAL(f.nmsg, 0);
	/* RFC 5321 4.5.1: <Postmaster> in any case reaches the hook as "postmaster" */
	fx_send(&f, "RSET\r\n");
	CU_ASSERT_EQUAL(f.out.len, 0);
	fx_close(&f);
	fx_open(&f, 1, "");
	fx_send(&f, "HELO x\r\nMAIL FROM:<>\r\nRCPT TO:<PostMaster>\r\n");
	CU_ASSERT_STRING_EQUAL(f.seen_addr, "postmaster");
	fx_close(&f);
}

static void test_case_insensitive_verbs(void)
{
	static const step_t steps[] = {
		{ "ehlo smith-pc.isp.example", "250-", SMTP_S_READY },
		{ "mAiL fRoM:<smith@isp.example>", "250 2.1.0 ", SMTP_S_MAIL },
		{ "rcpt to:<BOSS@corp.example>", "250 2.1.5 ", SMTP_S_RCPT },
		{ "Data", "354 ", SMTP_S_DATA },
		{ ".", "250 2.0.0 ", SMTP_S_READY },
		{ "rset", "250 2.0.0 ", SMTP_S_READY },
		{ "Quit", "221 2.0.0 ", SMTP_S_QUIT },
	};
	fx_t f;
	fx_open(&f, 1, "");
	RUN_STEPS(&f, steps);
	fx_close(&f);
}

static void test_mail_rcpt_syntax(void)
{
	static const step_t steps[] = {
		{ "EHLO smith-pc.isp.example", "250-", SMTP_S_READY },
		{ "MAIL FROM:smith@isp.example", "501 5.5.2 ", SMTP_S_READY },
		{ "MAIL FROM <smith@isp.example>", "501 5.5.2 ", SMTP_S_READY },
		{ "MAIL TO:<smith@isp.example>", "501 5.5.2 ", SMTP_S_READY },
		{ "MAIL FROM:<smith@isp.example", "501 5.5.2 ", SMTP_S_READY },
		{ "MAIL FROM:<smith@>", "501 5.1.7 ", SMTP_S_READY },
		{ "MAIL FROM:<smith>", "501 5.1.7 ", SMTP_S_READY },
		{ "MAIL FROM:<smith@isp..example>", "501 5.1.7 ", SMTP_S_READY },
		{ "MAIL FROM:<sm ith@isp.example>", "501 5.1.7 ", SMTP_S_READY },
		{ "MAIL FROM:<smith@-isp.example>", "501 5.1.7 ", SMTP_S_READY },
		{ "MAIL FROM:<smith@isp.example> SIZE=abc", "501 5.5.4 ", SMTP_S_READY },
		{ "MAIL FROM:<smith@isp.example> SIZE=100001",
		  "552 5.3.4 Message size exceeds fixed limit\r\n", SMTP_S_READY },
		{ "MAIL FROM:<smith@isp.example> SIZE=99999999999999999999999999", "552 5.3.4 ", SMTP_S_READY },
		{ "MAIL FROM:<smith@isp.example> FOO=bar", "555 5.5.4 Unsupported option: FOO\r\n", SMTP_S_READY },
		{ "MAIL FROM:<smith@isp.example> RET=HDRS", "555 5.5.4 ", SMTP_S_READY },
		{ "MAIL FROM:<smith@isp.example> BODY=BINARYMIME", "501 5.5.4 ", SMTP_S_READY },
		{ "MAIL FROM: <> SIZE=100000 BODY=8BITMIME AUTH=<>", "250 2.1.0 Ok\r\n", SMTP_S_MAIL },
		{ "RCPT TO:<>", "501 5.1.3 ", SMTP_S_MAIL },
		{ "RCPT TO:boss@corp.example", "501 5.5.2 ", SMTP_S_MAIL },
		{ "RCPT FROM:<boss@corp.example>", "501 5.5.2 ", SMTP_S_MAIL },
		{ "RCPT TO:<boss>", "501 5.1.3 ", SMTP_S_MAIL },
		{ "RCPT TO:<boss@[192.0.2.300]>", "501 5.1.3 ", SMTP_S_MAIL },
		{ "RCPT TO:<boss@corp.example> NOTIFY=NEVER", "555 5.5.4 Unsupported option: NOTIFY\r\n",
		  SMTP_S_MAIL },
		{ "RCPT TO:<a234567890123456789012345678901234567890123456789012345678901234567890@corp.example>",
		  "501 5.1.3 ", SMTP_S_MAIL },         /* RFC 5321 4.5.3.1.1: 64 octets */
		{ "RCPT TO:<@relay.example,@b.example:boss@corp.example>", "250 2.1.5 ", SMTP_S_RCPT },
		{ "RCPT TO: <boss@corp.example>", "250 2.1.5 ", SMTP_S_RCPT },
		{ "RCPT TO:<\"boss x\"@corp.example>", "550 5.1.1 <\"boss x\"@corp.example>", SMTP_S_RCPT },
		{ "RCPT TO:<postmaster@[192.0.2.25]>", "550 5.1.1 ", SMTP_S_RCPT },
	};
	fx_t f;
	fx_open(&f, 1, "");
	RUN_STEPS(&f, steps);
	/* what the hook was told: the null reverse-path and the declared size */
	CU_ASSERT_STRING_EQUAL(f.seen_from, "");
	CU_ASSERT_EQUAL(f.seen_size, 100000);
	CU_ASSERT_STRING_EQUAL(f.seen_addr, "postmaster@[192.0.2.25]");
	fx_close(&f);
}

static void test_auth(void)
{
	static const step_t steps[] = {
		{ "EHLO smith-pc.isp.example", "250-", SMTP_S_READY },
		{ "AUTH CRAM-MD5", "504 5.5.4 Unrecognized authentication type\r\n", SMTP_S_READY },
		{ "AUTH", "501 5.5.4 ", SMTP_S_READY },
		{ "AUTH PLAIN AGJvc3MAd3Jvbmc=", "535 5.7.8 Error: authentication failed\r\n", SMTP_S_READY },
		{ "AUTH PLAIN =", "535 5.7.8 ", SMTP_S_READY },
		{ "AUTH PLAIN b3RoZXIAYm9zcwBzM2NyZXQ=", "535 5.7.8 ", SMTP_S_READY },  /* authzid other */
		{ "AUTH PLAIN", "334 \r\n", SMTP_S_AUTH },
		{ "*", "501 5.7.0 Authentication cancelled\r\n", SMTP_S_READY },
		{ "AUTH PLAIN", "334 \r\n", SMTP_S_AUTH },
		{ "not base64!", "501 5.5.2 Error: invalid base64\r\n", SMTP_S_READY },
		{ "AUTH LOGIN", "334 VXNlcm5hbWU6\r\n", SMTP_S_AUTH },
		{ "Ym9zcw==", "334 UGFzc3dvcmQ6\r\n", SMTP_S_AUTH },
		{ "d3Jvbmc=", "535 5.7.8 Error: authentication failed\r\n", SMTP_S_READY },
		{ "AUTH LOGIN Ym9zcwB4", "334 UGFzc3dvcmQ6\r\n", SMTP_S_AUTH },      /* "boss\0x" */
		{ "czNjcmV0", "535 5.7.8 ", SMTP_S_READY },
		{ "auth login Ym9zcw==", "334 UGFzc3dvcmQ6\r\n", SMTP_S_AUTH },
		{ "czNjcmV0", "235 2.7.0 Authentication successful\r\n", SMTP_S_READY },
		{ "AUTH PLAIN AGJvc3MAczNjcmV0", "503 5.5.1 ", SMTP_S_READY },      /* already */
		{ "MAIL FROM:<boss@corp.example>", "250 2.1.0 ", SMTP_S_MAIL },
		{ "AUTH LOGIN", "503 5.5.1 ", SMTP_S_MAIL },                       /* in a transaction */
	};
	fx_t f;
	fx_open(&f, 1, "");
	RUN_STEPS(&f, steps);
	fx_close(&f);

	static const step_t plain_ok[] = {
		{ "EHLO smith-pc.isp.example", "250-", SMTP_S_READY },
		{ "AUTH PLAIN", "334 \r\n", SMTP_S_AUTH },
		{ "Ym9zcwBib3NzAHMzY3JldA==", "235 2.7.0 ", SMTP_S_READY },          /* authzid = user */
	};
	fx_open(&f, 1, "");
	RUN_STEPS(&f, plain_ok);
	CU_ASSERT_STRING_EQUAL(sb_str(&f.states), "INIT>READY READY>AUTH AUTH>READY");
	fx_close(&f);
}

/* RFC 4954 4: an AUTH line may exceed 512 octets; other commands may not. */
static void test_line_limits(void)
{
	fx_t f;
	fx_open(&f, 1, "");
	fx_send(&f, "EHLO x\r\n");
	strbuf_t line = STRBUF_INIT;
	sb_puts(&line, "AUTH PLAIN ");
	for (int i = 0; i < 200; i++)
		sb_puts(&line, "AAAA");
	sb_puts(&line, "\r\n");
	fx_feed(&f, line.buf, line.len);
	CU_ASSERT_STRING_EQUAL(sb_str(&f.out), "535 5.7.8 Error: authentication failed\r\n");
	sb_clear(&line);
	sb_puts(&line, "NOOP ");
	for (int i = 0; i < 505; i++)
		sb_putc(&line, 'x');
	fx_send(&f, sb_str(&line));
	fx_send(&f, "\r\n");    /* 5 + 505 + 2 = 512 octets: the limit itself */
	CU_ASSERT_STRING_EQUAL(sb_str(&f.out), "250 2.0.0 Ok\r\n");
	fx_send(&f, sb_str(&line));
	fx_send(&f, "y\r\n");   /* 513 */
	CU_ASSERT_STRING_EQUAL(sb_str(&f.out), "500 5.5.2 Error: line too long\r\n");
	CU_ASSERT_EQUAL(smtp_server_state(f.s), SMTP_S_READY);
	sb_free(&line);
	fx_close(&f);
}

/* 1 MB with no line end: no reply until it ends, then one 500; memory bounded. */
static void test_megabyte_command_line(void)
{
	enum { MB = 1024 * 1024, CHUNK = 8192 };
	char *junk = malloc(CHUNK);
	memset(junk, 'A', CHUNK);
	fx_t f;
	fx_open(&f, 1, "");
	fx_send(&f, "EHLO x\r\n");
	size_t worst = 0, replies = 0;
	for (size_t off = 0; off < MB; off += CHUNK) {
		fx_feed(&f, junk, CHUNK);
		replies += f.out.len;
		if (smtp_server_pending(f.s) > worst)
			worst = smtp_server_pending(f.s);
	}
	CU_ASSERT_EQUAL(replies, 0);
	CU_ASSERT(worst <= 2 * SMTP_AUTH_LINE_MAX + CHUNK);
	fx_send(&f, "\r\nNOOP\r\n");
	CU_ASSERT_STRING_EQUAL(sb_str(&f.out), "500 5.5.2 Error: line too long\r\n250 2.0.0 Ok\r\n");
	CU_ASSERT_EQUAL(smtp_server_state(f.s), SMTP_S_READY);
	fx_close(&f);
	free(junk);
}

static void test_binary_junk(void)
{
	fx_t f;
	fx_open(&f, 1, "");
	fx_feed(&f, "EH\0LO x\r\n", 9);
	CU_ASSERT_STRING_EQUAL(sb_str(&f.out), "500 5.5.2 Error: command not recognized\r\n");
	CU_ASSERT_EQUAL(smtp_server_state(f.s), SMTP_S_INIT);
	fx_send(&f, "EHLO x\r\n");
	fx_feed(&f, "MAIL FROM:<a\0@isp.example>\r\n", 28);
	CU_ASSERT_STRING_EQUAL(sb_str(&f.out), "501 5.1.7 Bad sender address syntax\r\n");
	/* every octet value, in every position of a line: replies, never a crash */
	char junk[256];
	for (int i = 0; i < 256; i++)
		junk[i] = (char)(255 - i);
	for (int k = 0; k < 8; k++) {
		fx_feed(&f, junk + k, sizeof junk - (size_t)k);
		CU_ASSERT(smtp_server_state(f.s) == SMTP_S_READY || smtp_server_state(f.s) == SMTP_S_INIT);
	}
	fx_send(&f, "\r\nNOOP\r\n");
	CU_ASSERT_PTR_NOT_NULL(strstr(sb_str(&f.out), "250 2.0.0 Ok\r\n"));
	fx_close(&f);
}

/* EHLO, MAIL, one RCPT per entry of rcpts, DATA: ready for content. */
static void fx_start_data(fx_t *f, const char *ehlo, const char *const *rcpts, size_t n)
{
	char line[256];
	snprintf(line, sizeof line, "%s\r\nMAIL FROM:<smith@isp.example>\r\n", ehlo);
	fx_send(f, line);
	for (size_t i = 0; i < n; i++) {
		snprintf(line, sizeof line, "RCPT TO:<%s>\r\n", rcpts[i]);
		fx_send(f, line);
	}
	fx_send(f, "DATA\r\n");
	CU_ASSERT_STRING_EQUAL(sb_str(&f->out), "354 End data with <CR><LF>.<CR><LF>\r\n");
}

static const char *const boss[] = { "boss@corp.example" };

/* RFC 5321 2.3.8, 4.1.1.4: a bare LF or CR inside DATA never ends the message
 * and makes it refused, with exactly one reply after the real final dot; the
 * commands smuggled behind "\n.\r\n" or "\r.\r\n" are never executed. */
static void test_no_smuggling(void)
{
	static const struct {
		const char *data;       /* content, up to (not including) the final dot */
		const char *reply;
	} cases[] = {
		{ "Subject: x\r\n\r\nTesting\n.\r\nMAIL FROM:<ceo@corp.example>\r\n"
		  "RCPT TO:<postmaster@corp.example>\r\nDATA\r\nFrom: ceo@corp.example\r\n\r\nsmuggled\r\n",
		  SMTP_REPLY_BARE_LF "\r\n" },
		{ "Subject: x\r\n\r\nTesting\r.\r\nMAIL FROM:<ceo@corp.example>\r\n"
		  "RCPT TO:<postmaster@corp.example>\r\nDATA\r\nsmuggled\r\n",
		  SMTP_REPLY_BARE_CR "\r\n" },
		{ "Subject: x\r\n\r\nTesting\n.\nMAIL FROM:<ceo@corp.example>\r\n", SMTP_REPLY_BARE_LF "\r\n" },
		{ "Subject: x\r\n\r\nTesting\r.\rQUIT\r\n", SMTP_REPLY_BARE_CR "\r\n" },
		{ "line one\r\n.\nQUIT\r\n", SMTP_REPLY_BARE_LF "\r\n" },
		{ "Subject: a\nBcc: x\r\n\r\nbody\r\n", SMTP_REPLY_BARE_LF "\r\n" },     /* in a header */
		{ "line\r\r\n", SMTP_REPLY_BARE_CR "\r\n" },                            /* CR before CR LF */
		{ "\n\r\n", SMTP_REPLY_BARE_LF "\r\n" },
		/* the first error is the one told */
		{ "a\rb\r\nc\nd\r\n", SMTP_REPLY_BARE_CR "\r\n" },
		{ "a\nb\r\nc\rd\r\n", SMTP_REPLY_BARE_LF "\r\n" },
		/* CR LF only: accepted */
		{ "Subject: x\r\n\r\nTesting\r\n..\r\nMAIL FROM:<ceo@corp.example>\r\n", NULL },
	};
	for (size_t i = 0; i < sizeof cases / sizeof cases[0]; i++) {
		fx_t f;
		fx_open(&f, 1, "");
		fx_start_data(&f, "EHLO x", boss, 1);
		size_t out_before = f.lines_out;
		fx_send(&f, cases[i].data);
		check(f.out.len == 0, __LINE__, "no reply before the dot", cases[i].data, sb_str(&f.out));
		CU_ASSERT_EQUAL(smtp_server_state(f.s), SMTP_S_DATA);
		/* the real final dot, then a command: one reply each */
		fx_send(&f, ".\r\nNOOP\r\n");
		strbuf_t want = STRBUF_INIT;
		if (cases[i].reply) {
			sb_printf(&want, "%s250 2.0.0 Ok\r\n", cases[i].reply);
			check(strcmp(sb_str(&f.out), want.buf) == 0, __LINE__, want.buf, cases[i].data,
			      sb_str(&f.out));
			CU_ASSERT_EQUAL(f.nmsg, 0);
		} else {
			CU_ASSERT_NSTRING_EQUAL(sb_str(&f.out), "250 2.0.0 Ok: queued as ", 24);
			CU_ASSERT_EQUAL(f.nmsg, 1);
		}
		CU_ASSERT_EQUAL(f.lines_out, out_before + 2);
		CU_ASSERT_STRING_EQUAL(f.seen_addr, "boss@corp.example");     /* no smuggled RCPT */
		CU_ASSERT_EQUAL(smtp_server_state(f.s), SMTP_S_READY);
		CU_ASSERT_STRING_EQUAL(sb_str(&f.states), "INIT>READY READY>MAIL MAIL>RCPT RCPT>DATA DATA>READY");
		fx_send(&f, "MAIL FROM:<smith@isp.example>\r\n");  /* a new transaction */
		CU_ASSERT_STRING_EQUAL(sb_str(&f.out), "250 2.1.0 Ok\r\n");
		sb_free(&want);
		fx_close(&f);
	}
}

/* The same, fed one octet at a time: the framing does not depend on chunks. */
static void test_no_smuggling_bytewise(void)
{
	static const char data[] = "Testing\n.\r\nRSET\r\nMAIL FROM:<ceo@corp.example>\r\n"
				   "RCPT TO:<postmaster@corp.example>\r\nDATA\r\nx\r\n.\r\n";
	fx_t f;
	fx_open(&f, 1, "");
	fx_start_data(&f, "EHLO x", boss, 1);
	strbuf_t all = STRBUF_INIT;
	for (size_t i = 0; i < sizeof data - 1; i++) {
		fx_feed(&f, data + i, 1);
		sb_append(&all, f.out.buf, f.out.len);
	}
	CU_ASSERT_STRING_EQUAL(sb_str(&all), SMTP_REPLY_BARE_LF "\r\n");
	CU_ASSERT_EQUAL(f.nmsg, 0);
	CU_ASSERT_EQUAL(smtp_server_state(f.s), SMTP_S_READY);
	sb_free(&all);
	fx_close(&f);
}

/* A known verb whose argument holds a control octet (below 32, or 127) or,
 * without SMTPUTF8, an 8-bit octet: 501 with the enhanced code of what is
 * bad, never 500 (the command was recognised), never an echo of the octet.
 * A control octet in the verb itself stays 500. */
static void test_control_octets_in_arguments(void)
{
	static const struct {
		const char *in;         /* without CRLF; "\x00" written as \0 below */
		size_t len;             /* 0: strlen(in) */
		smtp_server_state_t before;
		const char *reply;      /* the whole reply */
	} cases[] = {
#define L(s) s, sizeof s - 1
		{ L("MAIL FROM:<sm\x01ith@isp.example>"), SMTP_S_READY, "501 5.1.7 Bad sender address syntax" },
		{ L("MAIL FROM:<smith\x1f@isp.example>"), SMTP_S_READY, "501 5.1.7 Bad sender address syntax" },
		{ L("MAIL FROM:<smith@isp\x7f.example>"), SMTP_S_READY, "501 5.1.7 Bad sender address syntax" },
		{ L("MAIL FROM:<sm\0ith@isp.example>"), SMTP_S_READY, "501 5.1.7 Bad sender address syntax" },
		{ L("MAIL FROM:<\"sm\x01ith\"@isp.example>"), SMTP_S_READY, "501 5.1.7 Bad sender address syntax" },
		{ L("MAIL FROM:<smith@isp.example\x1b>"), SMTP_S_READY, "501 5.1.7 Bad sender address syntax" },
		{ L("MAIL FROM:<sm\xc3\xafth@isp.example>"), SMTP_S_READY, "501 5.1.7 Bad sender address syntax" },
		{ L("MAIL FROM:<\"sm\xc3\xafth\"@isp.example>"), SMTP_S_READY, "501 5.1.7 Bad sender address syntax" },
		{ L("MAIL FROM:<smith@isp.\xe9xample>"), SMTP_S_READY, "501 5.1.7 Bad sender address syntax" },
		{ L("MAIL FROM:\x01<smith@isp.example>"), SMTP_S_READY, "501 5.1.7 Bad sender address syntax" },
		{ L("MAIL FROM:<smith@isp.example> SIZE=1\x01"), SMTP_S_READY,
		  "501 5.5.4 Error: control character in parameters" },
		{ L("MAIL FROM:<smith@isp.example> X\x01=1"), SMTP_S_READY,
		  "501 5.5.4 Error: control character in parameters" },
		{ L("RCPT TO:<bo\x01ss@corp.example>"), SMTP_S_MAIL, "501 5.1.3 Bad recipient address syntax" },
		{ L("RCPT TO:<boss@corp.example\x7f>"), SMTP_S_MAIL, "501 5.1.3 Bad recipient address syntax" },
		{ L("RCPT TO:<bo\0ss@corp.example>"), SMTP_S_MAIL, "501 5.1.3 Bad recipient address syntax" },
		{ L("RCPT TO:<b\xc3\xb6ss@corp.example>"), SMTP_S_MAIL, "501 5.1.3 Bad recipient address syntax" },
		{ L("RCPT TO:<postmaster\x01>"), SMTP_S_MAIL, "501 5.1.3 Bad recipient address syntax" },
		{ L("RCPT TO:<boss@corp.example> X\x02"), SMTP_S_MAIL,
		  "501 5.5.4 Error: control character in parameters" },
		/* sequence first: 503 before the argument is judged */
		{ L("RCPT TO:<bo\x01ss@corp.example>"), SMTP_S_READY, "503 5.5.1 Error: need MAIL command" },
		{ L("MAIL FROM:<sm\x01ith@isp.example>"), SMTP_S_MAIL, "503 5.5.1 Error: nested MAIL command" },
		/* other verbs: a bad argument */
		{ L("EHLO sm\x01ith-pc"), SMTP_S_READY, "501 5.5.4 Error: control character in parameters" },
		{ L("VRFY bo\x7fss"), SMTP_S_READY, "501 5.5.4 Error: control character in parameters" },
		/* in the verb: not a command at all, as before */
		{ L("MA\x01IL FROM:<smith@isp.example>"), SMTP_S_READY, "500 5.5.2 Error: command not recognized" },
		{ L("MAIL\0FROM:<smith@isp.example>"), SMTP_S_READY, "500 5.5.2 Error: command not recognized" },
		{ L("\x7fQUIT"), SMTP_S_READY, "500 5.5.2 Error: command not recognized" },
		/* a TAB is white space, not a control octet here */
		{ L("MAIL FROM:<smith@isp.example>\t"), SMTP_S_READY, "250 2.1.0 Ok" },
#undef L
	};
	for (size_t i = 0; i < sizeof cases / sizeof cases[0]; i++) {
		fx_t f;
		fx_open(&f, 1, "");
		fx_send(&f, "EHLO x\r\n");
		if (cases[i].before == SMTP_S_MAIL)
			fx_send(&f, "MAIL FROM:<smith@isp.example>\r\n");
		CU_ASSERT_EQUAL_FATAL(smtp_server_state(f.s), cases[i].before);
		strbuf_t in = STRBUF_INIT, want = STRBUF_INIT;
		sb_append(&in, cases[i].in, cases[i].len);
		sb_puts(&in, "\r\n");
		sb_printf(&want, "%s\r\n", cases[i].reply);
		fx_feed(&f, in.buf, in.len);
		check(strcmp(sb_str(&f.out), want.buf) == 0, __LINE__, cases[i].reply, cases[i].in,
		      sb_str(&f.out));
		smtp_server_state_t after = cases[i].reply[0] == '2' ? SMTP_S_MAIL : cases[i].before;
		check(smtp_server_state(f.s) == after, __LINE__, smtp_server_state_name(after), cases[i].in,
		      smtp_server_state_name(smtp_server_state(f.s)));
		sb_free(&in);
		sb_free(&want);
		fx_close(&f);
	}
}

static void test_received_header(void)
{
	static const struct {
		const char *ehlo, *peer_name, *auth;
		size_t nrcpt;
		const char *expect;
	} cases[] = {
		{ "EHLO smith-pc.isp.example", "smith-pc.isp.example", NULL, 1,
		  "Received: from smith-pc.isp.example (smith-pc.isp.example [198.51.100.23])\r\n"
		  "\tby " HOST " (mailpath) with ESMTP id 4F2A1C0B01\r\n"
		  "\tfor <boss@corp.example>; " DATE "\r\n" },
		{ "HELO pc", "", NULL, 2,
		  "Received: from pc (unknown [198.51.100.23])\r\n"
		  "\tby " HOST " (mailpath) with SMTP id 4F2A1C0B01;\r\n"
		  "\t" DATE "\r\n" },
		{ "EHLO pc", "smith-pc.isp.example", "AUTH PLAIN AGJvc3MAczNjcmV0\r\n", 1,
		  "Received: from pc (smith-pc.isp.example [198.51.100.23])\r\n"
		  "\tby " HOST " (mailpath) with ESMTPA id 4F2A1C0B01\r\n"
		  "\tfor <boss@corp.example>; " DATE "\r\n" },
	};
	static const char *const two[] = { "boss@corp.example", "postmaster@corp.example" };
	static const char content[] = "Received: from elsewhere\r\nSubject: x\r\n\r\nbody\r\n";
	for (size_t i = 0; i < sizeof cases / sizeof cases[0]; i++) {
		fx_t f;
		fx_open(&f, 1, cases[i].peer_name);
		if (cases[i].auth) {
			fx_send(&f, cases[i].ehlo);
			fx_send(&f, "\r\n");
			fx_send(&f, cases[i].auth);
			CU_ASSERT_NSTRING_EQUAL(sb_str(&f.out), "235 ", 4);
		}
		fx_start_data(&f, cases[i].ehlo, two, cases[i].nrcpt);
		fx_send(&f, content);
		fx_send(&f, ".\r\n");
		strbuf_t want = STRBUF_INIT;
		sb_printf(&want, "%s%s", cases[i].expect, content);
		CU_ASSERT_STRING_EQUAL(sb_str(&f.msg), want.buf);  /* existing headers untouched */
		sb_free(&want);
		fx_close(&f);
	}
}

static void test_too_many_recipients(void)
{
	fx_t f;
	fx_open(&f, 1, "");
	fx_send(&f, "EHLO x\r\nMAIL FROM:<smith@isp.example>\r\n");
	for (int i = 0; i < SMTP_RECIPIENTS_MAX; i++) {
		fx_send(&f, "RCPT TO:<boss@corp.example>\r\n");
		CU_ASSERT_STRING_EQUAL(sb_str(&f.out), "250 2.1.5 Ok\r\n");
	}
	fx_send(&f, "RCPT TO:<boss@corp.example>\r\n");
	CU_ASSERT_STRING_EQUAL(sb_str(&f.out), "452 4.5.3 Error: too many recipients\r\n");
	CU_ASSERT_EQUAL(smtp_server_state(f.s), SMTP_S_RCPT);
	fx_send(&f, "DATA\r\nSubject: many\r\n\r\n.\r\n");
	CU_ASSERT_NSTRING_EQUAL(sb_str(&f.out), "354 ", 4);
	CU_ASSERT_PTR_NOT_NULL(strstr(sb_str(&f.out), "\r\n250 2.0.0 "));
	CU_ASSERT_EQUAL(f.seen_nrcpt, SMTP_RECIPIENTS_MAX);
	CU_ASSERT_PTR_NULL(strstr(sb_str(&f.msg), "\tfor <"));         /* several: no for-clause */
	fx_close(&f);
}

/* Errors inside DATA are told after the final dot, and the session goes on. */
static void test_data_errors(void)
{
	static const struct {
		int lines;              /* how many lines of `fill` */
		const char *fill;
		int line_len;           /* or, when > 0: one line of that many 'x' */
		const char *reply;      /* NULL: accepted */
	} cases[] = {
		{ 100, "Received: from a by b; " DATE, 0, NULL },
		{ 101, "Received: from a by b; " DATE, 0, "554 5.4.6 Too many hops\r\n" },
		{ 101, "received: from a by b; " DATE, 0, "554 5.4.6 Too many hops\r\n" },
		{ 1, "Subject: x", 998, NULL },
		{ 1, "Subject: x", 999, "500 5.5.2 Error: line too long\r\n" },
		/* 1587 * (61 + 2) + 2 + 15 + 2 = 100000 octets: the limit itself */
		{ 1587, "0123456789012345678901234567890123456789012345678901234567890", 15, NULL },
		{ 1587, "0123456789012345678901234567890123456789012345678901234567890", 16,
		  "552 5.3.4 Error: message too big\r\n" },
	};
	for (size_t i = 0; i < sizeof cases / sizeof cases[0]; i++) {
		fx_t f;
		fx_open(&f, 1, "");
		fx_start_data(&f, "EHLO x", boss, 1);
		strbuf_t data = STRBUF_INIT;
		for (int k = 0; k < cases[i].lines; k++)
			sb_printf(&data, "%s\r\n", cases[i].fill);
		sb_puts(&data, "\r\n");
		for (int k = 0; k < cases[i].line_len; k++)
			sb_putc(&data, 'x');
		sb_puts(&data, "\r\n");
		fx_feed(&f, data.buf, data.len);
		CU_ASSERT_EQUAL(f.out.len, 0);
		CU_ASSERT(smtp_server_pending(f.s) <= (size_t)MAX_SIZE + 2 * SMTP_AUTH_LINE_MAX);
		fx_send(&f, ".\r\n");
		if (cases[i].reply) {
			CU_ASSERT_STRING_EQUAL(sb_str(&f.out), cases[i].reply);
			CU_ASSERT_EQUAL(f.nmsg, 0);
		} else {
			CU_ASSERT_NSTRING_EQUAL(sb_str(&f.out), "250 2.0.0 ", 10);
			CU_ASSERT_EQUAL(f.nmsg, 1);
		}
		CU_ASSERT_EQUAL(smtp_server_state(f.s), SMTP_S_READY);
		fx_send(&f, "MAIL FROM:<smith@isp.example>\r\n");  /* a new transaction */
		CU_ASSERT_STRING_EQUAL(sb_str(&f.out), "250 2.1.0 Ok\r\n");
		sb_free(&data);
		fx_close(&f);
	}
}

/* A message far over the limit is not stored: memory stays bounded. */
static void test_huge_message_bounded(void)
{
	fx_t f;
	fx_open(&f, 1, "");
	fx_start_data(&f, "EHLO x", boss, 1);
	char line[802];
	memset(line, 'y', 800);
	memcpy(line + 800, "\r\n", 2);
	size_t worst = 0;
	for (int i = 0; i < 2000; i++) {        /* 1.6 MB, 16 times the limit */
		fx_feed(&f, line, sizeof line);
		if (smtp_server_pending(f.s) > worst)
			worst = smtp_server_pending(f.s);
	}
	CU_ASSERT(worst <= (size_t)MAX_SIZE + 2 * SMTP_TEXT_LINE_MAX);
	fx_send(&f, ".\r\n");
	CU_ASSERT_STRING_EQUAL(sb_str(&f.out), "552 5.3.4 Error: message too big\r\n");
	CU_ASSERT_EQUAL(f.nmsg, 0);
	fx_close(&f);
}

static void test_pipelining(void)
{
	fx_t f;
	fx_open(&f, 1, "");
	fx_send(&f, "EHLO x\r\nMAIL FROM:<smith@isp.example>\r\nRCPT TO:<boss@corp.example>\r\n"
		    "RCPT TO:<nobody@corp.example>\r\nDATA\r\nSubject: x\r\n\r\nbody\r\n.\r\n"
		    "NOOP\nQUIT\r\nNOOP\r\n");
	/* the first three octets of every reply line, in order */
	strbuf_t codes = STRBUF_INIT;
	for (const char *p = sb_str(&f.out); *p; p = strstr(p, "\r\n") + 2)
		sb_printf(&codes, "%.3s%c", p, p[3]);
	CU_ASSERT_STRING_EQUAL(sb_str(&codes), "250-250-250-250-250-250-250 250 250 550 354 250 250 221 ");
	CU_ASSERT(smtp_server_done(f.s));
	CU_ASSERT_EQUAL(f.nmsg, 1);
	sb_free(&codes);
	fx_close(&f);
}

static void test_shutdown_and_idle(void)
{
	fx_t f;
	fx_open(&f, 1, "");
	fx_start_data(&f, "EHLO x", boss, 1);
	fx_send(&f, "Subject: cut short\r\n");
	sb_clear(&f.out);
	smtp_server_shutdown(f.s, &f.out);
	CU_ASSERT_STRING_EQUAL(sb_str(&f.out), "421 4.3.2 " HOST " Service shutting down\r\n");
	CU_ASSERT(smtp_server_done(f.s));
	fx_send(&f, ".\r\nQUIT\r\n");
	CU_ASSERT_EQUAL(f.out.len, 0);          /* after 421, input is ignored */
	CU_ASSERT_EQUAL(f.nmsg, 0);             /* and nothing was delivered */
	fx_close(&f);

	fx_open(&f, 1, "");
	fx_send(&f, "EHLO x\r\n");
	sb_clear(&f.out);
	smtp_server_idle_timeout(f.s, &f.out);
	CU_ASSERT_STRING_EQUAL(sb_str(&f.out), "421 4.4.2 " HOST " Error: timeout exceeded\r\n");
	CU_ASSERT_EQUAL(smtp_server_state(f.s), SMTP_S_QUIT);
	fx_close(&f);

	fx_open(&f, 1, "");
	fx_start_data(&f, "EHLO x", boss, 1);
	smtp_server_lost(f.s);
	CU_ASSERT(smtp_server_done(f.s));
	CU_ASSERT_EQUAL(f.nmsg, 0);
	fx_close(&f);
}

static void test_bare_lf_commands(void)
{
	fx_t f;
	fx_open(&f, 1, "");
	fx_send(&f, "HELO nc\nNOOP\n");      /* `nc` without -C */
	CU_ASSERT_STRING_EQUAL(sb_str(&f.out), "250 " HOST "\r\n250 2.0.0 Ok\r\n");
	fx_close(&f);
}

static void test_empty_message(void)
{
	fx_t f;
	fx_open(&f, 1, "");
	fx_start_data(&f, "EHLO x", boss, 1);
	fx_send(&f, ".\r\n");
	CU_ASSERT_NSTRING_EQUAL(sb_str(&f.out), "250 2.0.0 ", 10);
	CU_ASSERT_NSTRING_EQUAL(sb_str(&f.msg), "Received: from x ", 17);
	CU_ASSERT_EQUAL(strstr(sb_str(&f.msg), DATE "\r\n") + strlen(DATE "\r\n"), f.msg.buf + f.msg.len);
	fx_close(&f);
}

CU_TestInfo smtp_server_tests[] = {
	{ "greeting, EHLO and HELO replies", test_greeting_and_ehlo },
	{ "no AUTH offered without the hook", test_ehlo_without_auth },
	{ "a whole session, dot-unstuffing", test_happy_path },
	{ "503 for every command out of sequence", test_sequencing },
	{ "verbs in any case", test_case_insensitive_verbs },
	{ "MAIL and RCPT syntax, parameters", test_mail_rcpt_syntax },
	{ "AUTH PLAIN and LOGIN", test_auth },
	{ "512-octet commands, 12288-octet AUTH", test_line_limits },
	{ "1 MB command line", test_megabyte_command_line },
	{ "NUL and binary junk", test_binary_junk },
	{ "control and 8-bit octets in arguments: 501", test_control_octets_in_arguments },
	{ "no SMTP smuggling: bare LF, bare CR", test_no_smuggling },
	{ "no SMTP smuggling, one octet at a time", test_no_smuggling_bytewise },
	{ "Received: header", test_received_header },
	{ "100 recipients, the 101st refused", test_too_many_recipients },
	{ "errors inside DATA told after the dot", test_data_errors },
	{ "a huge message stays bounded", test_huge_message_bounded },
	{ "pipelined commands", test_pipelining },
	{ "421 shutdown, idle; lost connection", test_shutdown_and_idle },
	{ "bare LF ends a command", test_bare_lf_commands },
	{ "empty message", test_empty_message },
	CU_TEST_INFO_NULL,
};
