/* test_smtp_client.c — CUnit suite for the SMTP client session: scripted
 * server replies in, the exact commands it writes out, its state, and the
 * per-recipient results. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "smtp/smtp_client.h"
#include "suites.h"
#include "core/util.h"

#define GREETING "220 mail.corp.example ESMTP mailpath\r\n"
#define EHLO_REPLY "250-mail.corp.example Hello smtp.isp.example [203.0.113.25]\r\n" \
		   "250-SIZE 10485760\r\n250-PIPELINING\r\n250 HELP\r\n"

/* 17 + 2 + 9 + 5 = 33 octets */
static const char report[] = "Subject: report\r\n\r\n.hidden\r\nend\r\n";

typedef struct fx {
	smtp_client_t *c;
	strbuf_t out;
	strbuf_t states;
	size_t data_out, cmds_out, lines_in;
} fx_t;

static void hook_state(void *ctx, smtp_client_state_t from, smtp_client_state_t to)
{
	fx_t *f = ctx;
	sb_printf(&f->states, "%s%s>%s", f->states.len ? " " : "", smtp_client_state_name(from),
		  smtp_client_state_name(to));
}

static void hook_line_out(void *ctx, const char *line, size_t len, int is_data)
{
	fx_t *f = ctx;
	(void)line, (void)len;
	if (is_data)
		f->data_out++;
	else
		f->cmds_out++;
}

static void hook_line_in(void *ctx, const char *line, size_t len)
{
	fx_t *f = ctx;
	(void)line, (void)len;
	f->lines_in++;
}

static const char *const boss[] = { "boss@corp.example" };
static const char *const boss_nobody[] = { "boss@corp.example", "nobody@corp.example" };

static smtp_client_job_t job(const char *const *rcpt, size_t n, const char *msg)
{
	return (smtp_client_job_t){
		.helo = "smtp.isp.example",
		.mail_from = "smith@isp.example",
		.rcpt = rcpt,
		.nrcpt = n,
		.msg = msg,
		.len = strlen(msg),
	};
}

static void fx_open(fx_t *f, const smtp_client_job_t *j)
{
	static const smtp_client_hooks_t hooks = {
		.on_state = hook_state,
		.on_line_out = hook_line_out,
		.on_line_in = hook_line_in,
	};
	memset(f, 0, sizeof *f);
	f->c = smtp_client_new(j, &hooks, f);
}

static void fx_close(fx_t *f)
{
	smtp_client_free(f->c);
	sb_free(&f->out);
	sb_free(&f->states);
}

static void fx_feed(fx_t *f, const char *s)
{
	sb_clear(&f->out);
	smtp_client_feed(f->c, s, strlen(s), &f->out);
}

typedef struct step {
	const char *in;         /* server bytes, exactly */
	const char *out;        /* what the client writes, exactly ("" for nothing) */
	smtp_client_state_t state;
} step_t;

static void run_steps_at(fx_t *f, const step_t *st, size_t n, int line)
{
	for (size_t i = 0; i < n; i++) {
		fx_feed(f, st[i].in);
		char msg[700];
		snprintf(msg, sizeof msg, "server \"%.150s\": want \"%.150s\" in %s, got \"%.150s\" in %s",
			 st[i].in, st[i].out, smtp_client_state_name(st[i].state), sb_str(&f->out),
			 smtp_client_state_name(smtp_client_state(f->c)));
		int ok = strcmp(sb_str(&f->out), st[i].out) == 0 && smtp_client_state(f->c) == st[i].state;
		CU_assertImplementation(ok ? CU_TRUE : CU_FALSE, (unsigned)line, msg, __FILE__, "", CU_FALSE);
	}
}

#define RUN_STEPS(f, steps) run_steps_at((f), (steps), sizeof(steps) / sizeof((steps)[0]), __LINE__)

static void check_result(const fx_t *f, size_t i, int code, const char *text)
{
	const smtp_result_t *r = smtp_client_rcpt_result(f->c, i);
	CU_ASSERT_EQUAL(r->code, code);
	CU_ASSERT_STRING_EQUAL(r->text, text);
}

static void test_whole_session(void)
{
	static const step_t steps[] = {
		{ GREETING, "EHLO smtp.isp.example\r\n", SMTP_C_EHLO },
		{ EHLO_REPLY, "MAIL FROM:<smith@isp.example> SIZE=33\r\n", SMTP_C_MAIL },
		{ "250 2.1.0 Ok\r\n", "RCPT TO:<boss@corp.example>\r\n", SMTP_C_RCPT },
		{ "250 2.1.5 Ok\r\n", "DATA\r\n", SMTP_C_DATA },
		/* RFC 5321 4.5.2: ".hidden" goes out as "..hidden" */
		{ "354 End data with <CR><LF>.<CR><LF>\r\n",
		  "Subject: report\r\n\r\n..hidden\r\nend\r\n.\r\n", SMTP_C_BODY },
		{ "250 2.0.0 Ok: queued as 4F2A1C0B01\r\n", "QUIT\r\n", SMTP_C_QUIT },
		{ "221 2.0.0 mail.corp.example Service closing transmission channel\r\n", "", SMTP_C_DONE },
		{ "250 late\r\n", "", SMTP_C_DONE },
	};
	smtp_client_job_t j = job(boss, 1, report);
	fx_t f;
	fx_open(&f, &j);
	RUN_STEPS(&f, steps);
	CU_ASSERT(smtp_client_done(f.c));
	CU_ASSERT(smtp_client_accepted(f.c));
	check_result(&f, 0, 250, "250 2.0.0 Ok: queued as 4F2A1C0B01");
	CU_ASSERT_EQUAL(f.data_out, 5);         /* 4 content lines and the dot */
	CU_ASSERT_EQUAL(f.cmds_out, 5);         /* EHLO MAIL RCPT DATA QUIT */
	CU_ASSERT_EQUAL(f.lines_in, 10);        /* the late line is ignored */
	CU_ASSERT_STRING_EQUAL(sb_str(&f.states), "GREETING>EHLO EHLO>MAIL MAIL>RCPT RCPT>DATA "
			       "DATA>BODY BODY>QUIT QUIT>DONE");
	fx_close(&f);
}

static void test_helo_fallback(void)
{
	static const step_t steps[] = {
		{ GREETING, "EHLO smtp.isp.example\r\n", SMTP_C_EHLO },
		{ "502 5.5.1 Error: command not implemented\r\n", "HELO smtp.isp.example\r\n", SMTP_C_HELO },
		{ "250 mail.corp.example\r\n", "MAIL FROM:<smith@isp.example>\r\n", SMTP_C_MAIL },
	};
	smtp_client_job_t j = job(boss, 1, report);
	fx_t f;
	fx_open(&f, &j);
	RUN_STEPS(&f, steps);
	fx_close(&f);
}

/* The transcript up to the first RCPT for two recipients. */
static const step_t to_rcpt[] = {
	{ GREETING, "EHLO smtp.isp.example\r\n", SMTP_C_EHLO },
	{ EHLO_REPLY, "MAIL FROM:<smith@isp.example> SIZE=33\r\n", SMTP_C_MAIL },
	{ "250 2.1.0 Ok\r\n", "RCPT TO:<boss@corp.example>\r\n", SMTP_C_RCPT },
};

static void test_one_recipient_refused(void)
{
	static const step_t steps[] = {
		{ "250 2.1.5 Ok\r\n", "RCPT TO:<nobody@corp.example>\r\n", SMTP_C_RCPT },
		{ "550 5.1.1 <nobody@corp.example>: Recipient address rejected\r\n", "DATA\r\n", SMTP_C_DATA },
		{ "354 go\r\n", "Subject: report\r\n\r\n..hidden\r\nend\r\n.\r\n", SMTP_C_BODY },
		{ "250 2.0.0 Ok: queued as 7\r\n", "QUIT\r\n", SMTP_C_QUIT },
		{ "221 bye\r\n", "", SMTP_C_DONE },
	};
	smtp_client_job_t j = job(boss_nobody, 2, report);
	fx_t f;
	fx_open(&f, &j);
	RUN_STEPS(&f, to_rcpt);
	RUN_STEPS(&f, steps);
	check_result(&f, 0, 250, "250 2.0.0 Ok: queued as 7");
	check_result(&f, 1, 550, "550 5.1.1 <nobody@corp.example>: Recipient address rejected");
	CU_ASSERT(smtp_client_accepted(f.c));
	fx_close(&f);
}

static void test_451_at_rcpt(void)
{
	static const step_t steps[] = {
		{ "451 4.7.1 <boss@corp.example>: Recipient address rejected: Greylisted\r\n",
		  "QUIT\r\n", SMTP_C_QUIT },            /* nobody accepted: no DATA */
		{ "221 2.0.0 Bye\r\n", "", SMTP_C_DONE },
	};
	smtp_client_job_t j = job(boss, 1, report);
	fx_t f;
	fx_open(&f, &j);
	RUN_STEPS(&f, to_rcpt);
	RUN_STEPS(&f, steps);
	check_result(&f, 0, 451, "451 4.7.1 <boss@corp.example>: Recipient address rejected: Greylisted");
	CU_ASSERT_FALSE(smtp_client_accepted(f.c));
	fx_close(&f);
}

static void test_552_after_dot(void)
{
	static const step_t steps[] = {
		{ "250 2.1.5 Ok\r\n", "RCPT TO:<nobody@corp.example>\r\n", SMTP_C_RCPT },
		{ "250 2.1.5 Ok\r\n", "DATA\r\n", SMTP_C_DATA },
		{ "354 go\r\n", "Subject: report\r\n\r\n..hidden\r\nend\r\n.\r\n", SMTP_C_BODY },
		{ "552 5.2.2 <boss@corp.example>: mailbox full\r\n", "QUIT\r\n", SMTP_C_QUIT },
		{ "500 what\r\n", "", SMTP_C_DONE },     /* any reply to QUIT ends it */
	};
	smtp_client_job_t j = job(boss_nobody, 2, report);
	fx_t f;
	fx_open(&f, &j);
	RUN_STEPS(&f, to_rcpt);
	RUN_STEPS(&f, steps);
	check_result(&f, 0, 552, "552 5.2.2 <boss@corp.example>: mailbox full");
	check_result(&f, 1, 552, "552 5.2.2 <boss@corp.example>: mailbox full");
	CU_ASSERT_FALSE(smtp_client_accepted(f.c));
	fx_close(&f);
}

static void test_421_mid_session(void)
{
	static const step_t steps[] = {
		{ "250 2.1.5 Ok\r\n", "RCPT TO:<nobody@corp.example>\r\n", SMTP_C_RCPT },
		{ "421 4.3.2 mail.corp.example Service shutting down\r\n", "", SMTP_C_DONE },
		{ "221 late\r\n", "", SMTP_C_DONE },
	};
	smtp_client_job_t j = job(boss_nobody, 2, report);
	fx_t f;
	fx_open(&f, &j);
	RUN_STEPS(&f, to_rcpt);
	RUN_STEPS(&f, steps);
	/* boss was accepted but had no final result yet: 421 for both */
	check_result(&f, 0, 421, "421 4.3.2 mail.corp.example Service shutting down");
	check_result(&f, 1, 421, "421 4.3.2 mail.corp.example Service shutting down");
	fx_close(&f);
}

static void test_lost_connection(void)
{
	static const step_t steps[] = {
		{ "250 2.1.5 Ok\r\n", "RCPT TO:<nobody@corp.example>\r\n", SMTP_C_RCPT },
		{ "550 5.1.1 unknown\r\n", "DATA\r\n", SMTP_C_DATA },
		{ "354 go\r\n", "Subject: report\r\n\r\n..hidden\r\nend\r\n.\r\n", SMTP_C_BODY },
	};
	smtp_client_job_t j = job(boss_nobody, 2, report);
	fx_t f;
	fx_open(&f, &j);
	RUN_STEPS(&f, to_rcpt);
	RUN_STEPS(&f, steps);
	smtp_client_lost(f.c);
	CU_ASSERT(smtp_client_done(f.c));
	check_result(&f, 0, 0, "");             /* unanswered: the caller retries */
	check_result(&f, 1, 550, "550 5.1.1 unknown");
	CU_ASSERT_FALSE(smtp_client_accepted(f.c));
	fx_close(&f);
}

/* A multiline EHLO reply in three pieces, AUTH PLAIN offered and used. */
static void test_multiline_split_and_auth(void)
{
	static const step_t steps[] = {
		{ GREETING, "EHLO smtp.isp.example\r\n", SMTP_C_EHLO },
		{ "250-smtp.isp.example Hello\r\n250-SI", "", SMTP_C_EHLO },
		{ "ZE 1000\r\n250-AUTH LOGIN PLAIN\r\n25", "", SMTP_C_EHLO },
		{ "0 HELP\r\n", "AUTH PLAIN AHNtaXRoAHMzY3JldA==\r\n", SMTP_C_AUTH },
		{ "235 2.7.0 Authentication successful\r\n", "MAIL FROM:<smith@isp.example> SIZE=33\r\n",
		  SMTP_C_MAIL },
	};
	smtp_client_job_t j = job(boss, 1, report);
	j.auth_user = "smith";
	j.auth_pass = "s3cret";
	fx_t f;
	fx_open(&f, &j);
	RUN_STEPS(&f, steps);
	fx_close(&f);
}

static void test_auth_refused_or_not_offered(void)
{
	static const step_t refused[] = {
		{ GREETING, "EHLO smtp.isp.example\r\n", SMTP_C_EHLO },
		{ "250-x\r\n250 AUTH PLAIN LOGIN\r\n", "AUTH PLAIN AHNtaXRoAHMzY3JldA==\r\n", SMTP_C_AUTH },
		{ "535 5.7.8 Error: authentication failed\r\n", "QUIT\r\n", SMTP_C_QUIT },
	};
	static const step_t not_offered[] = {
		{ GREETING, "EHLO smtp.isp.example\r\n", SMTP_C_EHLO },
		{ "250-x\r\n250 AUTH LOGIN\r\n", "MAIL FROM:<smith@isp.example>\r\n", SMTP_C_MAIL },
	};
	smtp_client_job_t j = job(boss, 1, report);
	j.auth_user = "smith";
	j.auth_pass = "s3cret";
	fx_t f;
	fx_open(&f, &j);
	RUN_STEPS(&f, refused);
	check_result(&f, 0, 535, "535 5.7.8 Error: authentication failed");
	fx_close(&f);
	fx_open(&f, &j);
	RUN_STEPS(&f, not_offered);
	fx_close(&f);
}

/* Refusals before any recipient was asked about: that reply for all. */
static void test_refused_early(void)
{
	static const struct {
		const char *reply;      /* after the greeting, EHLO, MAIL as needed */
		int at;                 /* 0 greeting, 1 EHLO, 2 MAIL */
		int code;
	} cases[] = {
		{ "554 5.7.1 go away\r\n", 0, 554 },
		{ "451 4.3.0 try later\r\n", 1, 451 },
		{ "553 5.7.1 <smith@isp.example>: Sender address rejected\r\n", 2, 553 },
	};
	static const char *const replies[] = { GREETING, EHLO_REPLY };
	for (size_t i = 0; i < sizeof cases / sizeof cases[0]; i++) {
		smtp_client_job_t j = job(boss_nobody, 2, report);
		fx_t f;
		fx_open(&f, &j);
		for (int k = 0; k < cases[i].at; k++)
			fx_feed(&f, replies[k]);
		fx_feed(&f, cases[i].reply);
		CU_ASSERT_STRING_EQUAL(sb_str(&f.out), "QUIT\r\n");
		CU_ASSERT_EQUAL(smtp_client_state(f.c), SMTP_C_QUIT);
		for (size_t r = 0; r < 2; r++)
			CU_ASSERT_EQUAL(smtp_client_rcpt_result(f.c, r)->code, cases[i].code);
		fx_close(&f);
	}
}

static void test_data_refused(void)
{
	static const step_t steps[] = {
		{ "250 2.1.5 Ok\r\n", "RCPT TO:<nobody@corp.example>\r\n", SMTP_C_RCPT },
		{ "550 5.1.1 unknown\r\n", "DATA\r\n", SMTP_C_DATA },
		{ "554 5.5.1 Error: no valid recipients\r\n", "QUIT\r\n", SMTP_C_QUIT },
	};
	smtp_client_job_t j = job(boss_nobody, 2, report);
	fx_t f;
	fx_open(&f, &j);
	RUN_STEPS(&f, to_rcpt);
	RUN_STEPS(&f, steps);
	check_result(&f, 0, 554, "554 5.5.1 Error: no valid recipients");
	check_result(&f, 1, 550, "550 5.1.1 unknown");
	fx_close(&f);
}

static void test_malformed_reply(void)
{
	static const struct {
		const char *reply;
		size_t len;
		const char *text;
	} cases[] = {
		{ "hello there\r\n", 13, "451 4.5.0 malformed reply: hello there" },
		{ "25\r\n", 4, "451 4.5.0 malformed reply: 25" },
		{ "250x\r\n", 6, "451 4.5.0 malformed reply: 250x" },
		{ "250-a\r\n251 b\r\n", 14, "451 4.5.0 malformed reply: 251 b" },
		{ "2\0" "250 x\r\n", 9, "451 4.5.0 malformed reply: 2^@250 x" },
	};
	for (size_t i = 0; i < sizeof cases / sizeof cases[0]; i++) {
		smtp_client_job_t j = job(boss_nobody, 2, report);
		fx_t f;
		fx_open(&f, &j);
		RUN_STEPS(&f, to_rcpt);
		sb_clear(&f.out);
		smtp_client_feed(f.c, cases[i].reply, cases[i].len, &f.out);
		CU_ASSERT_STRING_EQUAL(sb_str(&f.out), "QUIT\r\n");
		CU_ASSERT_EQUAL(smtp_client_state(f.c), SMTP_C_QUIT);
		for (size_t r = 0; r < 2; r++) {
			CU_ASSERT_EQUAL(smtp_client_rcpt_result(f.c, r)->code, 451);
			CU_ASSERT_STRING_EQUAL(smtp_client_rcpt_result(f.c, r)->text, cases[i].text);
		}
		fx_feed(&f, "221 bye\r\n");
		CU_ASSERT(smtp_client_done(f.c));
		fx_close(&f);
	}
}

/* A message without a final CRLF gets one; a lone "." line is doubled. */
static void test_body_edges(void)
{
	static const step_t steps[] = {
		{ GREETING, "EHLO smtp.isp.example\r\n", SMTP_C_EHLO },
		{ "250 ok\r\n", "MAIL FROM:<>\r\n", SMTP_C_MAIL },
		{ "250 ok\r\n", "RCPT TO:<boss@corp.example>\r\n", SMTP_C_RCPT },
		{ "250 ok\r\n", "DATA\r\n", SMTP_C_DATA },
		{ "354 go\r\n", "Subject: x\r\n\r\n..\r\n...\r\n\r\nno newline\r\n.\r\n", SMTP_C_BODY },
	};
	smtp_client_job_t j = job(boss, 1, "Subject: x\r\n\r\n.\r\n..\r\n\r\nno newline");
	j.mail_from = "";       /* a bounce: the null reverse-path */
	fx_t f;
	fx_open(&f, &j);
	RUN_STEPS(&f, steps);
	fx_close(&f);
}

/* RFC 5321 2.3.8: an ordinary client sends a bare LF as CR LF (and stuffs the
 * dot behind it); a raw job (an attacker's tool, for the lessons) sends the
 * bare LF and bare CR as they are, and ends lines at CR LF only. */
static void test_bare_line_ends(void)
{
	static const char msg[] = "Subject: x\r\n\r\nTesting\n.\r\nMAIL FROM:<ceo@corp.example>\r\na\rb\r\n";
	static const struct {
		int raw;
		const char *mail, *data;
	} cases[] = {
		{ 0, "MAIL FROM:<smith@isp.example> SIZE=61\r\n",
		  "Subject: x\r\n\r\nTesting\r\n..\r\nMAIL FROM:<ceo@corp.example>\r\na\rb\r\n.\r\n" },
		{ 1, "MAIL FROM:<smith@isp.example> SIZE=60\r\n",
		  "Subject: x\r\n\r\nTesting\n.\r\nMAIL FROM:<ceo@corp.example>\r\na\rb\r\n.\r\n" },
	};
	for (size_t i = 0; i < sizeof cases / sizeof cases[0]; i++) {
		const step_t steps[] = {
			{ GREETING, "EHLO smtp.isp.example\r\n", SMTP_C_EHLO },
			{ "250-x\r\n250 SIZE 100000\r\n", cases[i].mail, SMTP_C_MAIL },
			{ "250 ok\r\n", "RCPT TO:<boss@corp.example>\r\n", SMTP_C_RCPT },
			{ "250 ok\r\n", "DATA\r\n", SMTP_C_DATA },
			{ "354 go\r\n", cases[i].data, SMTP_C_BODY },
		};
		smtp_client_job_t j = job(boss, 1, msg);
		j.raw = cases[i].raw;
		fx_t f;
		fx_open(&f, &j);
		RUN_STEPS(&f, steps);
		fx_close(&f);
	}
}

CU_TestInfo smtp_client_tests[] = {
	{ "a whole session, SIZE, dot-stuffing", test_whole_session },
	{ "HELO when EHLO gets 5xx", test_helo_fallback },
	{ "one recipient refused among two", test_one_recipient_refused },
	{ "451 at RCPT: no DATA", test_451_at_rcpt },
	{ "552 after the final dot", test_552_after_dot },
	{ "421 mid-session", test_421_mid_session },
	{ "lost connection", test_lost_connection },
	{ "multiline reply across feeds, AUTH PLAIN", test_multiline_split_and_auth },
	{ "AUTH refused, AUTH PLAIN not offered", test_auth_refused_or_not_offered },
	{ "refused at greeting, EHLO, MAIL", test_refused_early },
	{ "DATA refused", test_data_refused },
	{ "malformed replies", test_malformed_reply },
	{ "body without final CRLF, lone dots", test_body_edges },
	{ "bare LF made CRLF; raw keeps bare LF and CR", test_bare_line_ends },
	CU_TEST_INFO_NULL,
};
