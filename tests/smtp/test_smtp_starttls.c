/* test_smtp_starttls.c — STARTTLS (RFC 3207) in the SMTP state machines,
 * table-driven: { bytes in, replies expected, state expected, switch now? }
 * through a server that offers STARTTLS and AUTH; then the client's side. */
#include <string.h>

#include "smtp/smtp_client.h"
#include "smtp/smtp_server.h"
#include "suites.h"
#include "core/util.h"

static int h_rcpt(void *ctx, const smtp_tx_t *tx, const char *addr, strbuf_t *reply)
{
	(void)ctx, (void)tx, (void)addr;
	sb_puts(reply, "250 2.1.5 Ok");
	return 250;
}

static int h_auth(void *ctx, const char *user, const char *pass)
{
	(void)ctx;
	return !strcmp(user, "smith") && !strcmp(pass, "s3cret");
}

static int h_message(void *ctx, const smtp_tx_t *tx, const char *msg, size_t len, strbuf_t *reply)
{
	(void)ctx, (void)tx, (void)msg, (void)len;
	sb_puts(reply, "250 2.0.0 Ok");
	return 250;
}

static void h_id(void *ctx, char *buf, size_t size)
{
	(void)ctx;
	snprintf(buf, size, "ABC");
}

static int64_t h_now(void *ctx)
{
	(void)ctx;
	return 1772442000;
}

static const smtp_server_hooks_t hooks = {
	.rcpt = h_rcpt, .auth = h_auth, .message = h_message, .make_id = h_id, .now = h_now,
};

typedef struct step {
	const char *in;         /* bytes from the client */
	const char *out;        /* exactly the replies expected */
	smtp_server_state_t st;
	int now;                /* smtp_server_starttls_now() after it */
} step_t;

static void script(int offer, const step_t *steps, size_t n)
{
	smtp_server_config_t cfg = { .hostname = "smtp.isp.example", .offer_starttls = offer };
	smtp_server_t *s = smtp_server_new(&cfg, &hooks, NULL, "198.51.100.23", "smith-pc.isp.example");
	strbuf_t out = STRBUF_INIT;
	smtp_server_greet(s, &out);
	for (size_t i = 0; i < n; i++) {
		sb_clear(&out);
		smtp_server_feed(s, steps[i].in, strlen(steps[i].in), &out);
		if (strcmp(sb_str(&out), steps[i].out) != 0)
			fprintf(stderr, "\nstep %zu (%s): got [%s]\n", i, steps[i].in, sb_str(&out));
		CU_ASSERT_STRING_EQUAL(sb_str(&out), steps[i].out);
		CU_ASSERT_EQUAL(smtp_server_state(s), steps[i].st);
		CU_ASSERT_EQUAL(smtp_server_starttls_now(s), steps[i].now);
	}
	sb_free(&out);
	smtp_server_free(s);
}

#define EHLO_REPLY(tls) \
	"250-smtp.isp.example Hello me [198.51.100.23]\r\n250-SIZE 10485760\r\n250-8BITMIME\r\n" \
	"250-PIPELINING\r\n250-ENHANCEDSTATUSCODES\r\n" tls "250-AUTH PLAIN LOGIN\r\n250 HELP\r\n"

static void test_server_rules(void)
{
	static const step_t steps[] = {
		/* RFC 3207 4: an extension of EHLO, not before it */
		{ "STARTTLS\r\n", "503 5.5.1 Error: send EHLO first\r\n", SMTP_S_INIT, 0 },
		{ "HELO me\r\n", "250 smtp.isp.example\r\n", SMTP_S_READY, 0 },
		{ "STARTTLS\r\n", "503 5.5.1 Error: send EHLO first\r\n", SMTP_S_READY, 0 },
		{ "EHLO me\r\n", EHLO_REPLY("250-STARTTLS\r\n"), SMTP_S_READY, 0 },
		{ "STARTTLS now\r\n", "501 5.5.4 Syntax: STARTTLS\r\n", SMTP_S_READY, 0 },
		{ "MAIL FROM:<smith@isp.example>\r\n", "250 2.1.0 Ok\r\n", SMTP_S_MAIL, 0 },
		{ "STARTTLS\r\n", "503 5.5.1 Error: MAIL transaction in progress\r\n", SMTP_S_MAIL, 0 },
		{ "RSET\r\n", "250 2.0.0 Ok\r\n", SMTP_S_READY, 0 },
		/* the switch: a command pipelined after it is discarded, never executed */
		{ "STARTTLS\r\nMAIL FROM:<evil@example>\r\n", "220 2.0.0 Ready to start TLS\r\n", SMTP_S_INIT, 1 },
		/* everything before is forgotten: a new EHLO is required (4.2) */
		{ "MAIL FROM:<smith@isp.example>\r\n", "503 5.5.1 Error: send HELO/EHLO first\r\n", SMTP_S_INIT, 0 },
		{ "EHLO me\r\n", EHLO_REPLY(""), SMTP_S_READY, 0 },
		/* not twice */
		{ "STARTTLS\r\n", "503 5.5.1 Error: TLS already active\r\n", SMTP_S_READY, 0 },
		{ "AUTH PLAIN AHNtaXRoAHMzY3JldA==\r\n", "235 2.7.0 Authentication successful\r\n", SMTP_S_READY, 0 },
	};
	script(1, steps, sizeof steps / sizeof steps[0]);
}

static void test_server_not_offered(void)
{
	static const step_t steps[] = {
		{ "EHLO me\r\n", EHLO_REPLY(""), SMTP_S_READY, 0 },
		{ "STARTTLS\r\n", "502 5.5.1 Error: command not implemented\r\n", SMTP_S_READY, 0 },
	};
	script(0, steps, sizeof steps / sizeof steps[0]);
}

static void test_server_forgets_auth(void)
{
	/* AUTH before STARTTLS (a careless client) is forgotten by the switch */
	static const step_t steps[] = {
		{ "EHLO me\r\n", EHLO_REPLY("250-STARTTLS\r\n"), SMTP_S_READY, 0 },
		{ "AUTH PLAIN AHNtaXRoAHMzY3JldA==\r\n", "235 2.7.0 Authentication successful\r\n", SMTP_S_READY, 0 },
		{ "STARTTLS\r\n", "220 2.0.0 Ready to start TLS\r\n", SMTP_S_INIT, 1 },
		{ "EHLO me\r\n", EHLO_REPLY(""), SMTP_S_READY, 0 },
		{ "AUTH PLAIN AHNtaXRoAHMzY3JldA==\r\n", "235 2.7.0 Authentication successful\r\n", SMTP_S_READY, 0 },
	};
	script(1, steps, sizeof steps / sizeof steps[0]);
}

/* ---- the client ---- */

static const char *const rcpts[] = { "boss@corp.example" };

static smtp_client_t *client(int tls, strbuf_t *out)
{
	smtp_client_job_t job = { .helo = "smith-pc", .mail_from = "smith@isp.example", .rcpt = rcpts,
				  .nrcpt = 1, .msg = "Subject: x\r\n\r\nhi\r\n", .len = 19,
				  .auth_user = "smith", .auth_pass = "s3cret", .tls = tls };
	smtp_client_t *c = smtp_client_new(&job, NULL, NULL);
	smtp_client_feed(c, "220 smtp.isp.example ESMTP\r\n", 28, out);
	return c;
}

static void feed(smtp_client_t *c, const char *s, strbuf_t *out)
{
	sb_clear(out);
	smtp_client_feed(c, s, strlen(s), out);
}

static void test_client_starttls_before_auth(void)
{
	strbuf_t out = STRBUF_INIT;
	smtp_client_t *c = client(SMTP_TLS_ENCRYPT, &out);
	CU_ASSERT_STRING_EQUAL(sb_str(&out), "EHLO smith-pc\r\n");
	feed(c, "250-smtp.isp.example\r\n250-STARTTLS\r\n250 AUTH PLAIN\r\n", &out);
	CU_ASSERT_STRING_EQUAL(sb_str(&out), "STARTTLS\r\n");     /* not AUTH: not yet */
	CU_ASSERT_EQUAL(smtp_client_state(c), SMTP_C_STARTTLS);
	feed(c, "220 2.0.0 Ready to start TLS\r\n", &out);
	CU_ASSERT_STRING_EQUAL(sb_str(&out), "");
	CU_ASSERT_EQUAL(smtp_client_state(c), SMTP_C_TLS);
	CU_ASSERT_EQUAL(smtp_client_starttls_now(c), 1);
	CU_ASSERT_EQUAL(smtp_client_starttls_now(c), 0);
	sb_clear(&out);
	smtp_client_tls_ready(c, &out);
	CU_ASSERT_STRING_EQUAL(sb_str(&out), "EHLO smith-pc\r\n"); /* again, RFC 3207 4.2 */
	feed(c, "250-smtp.isp.example\r\n250 AUTH PLAIN\r\n", &out);
	CU_ASSERT(str_iprefix(sb_str(&out), "AUTH PLAIN "));
	CU_ASSERT_EQUAL(smtp_client_tls(c), 1);
	smtp_client_free(c);
	sb_free(&out);
}

static void test_client_required_not_offered(void)
{
	strbuf_t out = STRBUF_INIT;
	smtp_client_t *c = client(SMTP_TLS_ENCRYPT, &out);
	feed(c, "250-smtp.isp.example\r\n250 AUTH PLAIN\r\n", &out);
	CU_ASSERT_STRING_EQUAL(sb_str(&out), "QUIT\r\n");        /* never AUTH in clear */
	CU_ASSERT_EQUAL(smtp_client_rcpt_result(c, 0)->code, 454);
	smtp_client_free(c);
	sb_free(&out);
}

static void test_client_may_goes_on_in_clear(void)
{
	strbuf_t out = STRBUF_INIT;
	smtp_client_t *c = client(SMTP_TLS_MAY, &out);
	feed(c, "250-smtp.isp.example\r\n250 AUTH PLAIN\r\n", &out);
	CU_ASSERT(str_iprefix(sb_str(&out), "AUTH PLAIN "));
	smtp_client_free(c);
	c = client(SMTP_TLS_MAY, &out);
	feed(c, "250-smtp.isp.example\r\n250-STARTTLS\r\n250 AUTH PLAIN\r\n", &out);
	feed(c, "454 4.7.0 TLS not available\r\n", &out);           /* refused: on in clear */
	CU_ASSERT(str_iprefix(sb_str(&out), "AUTH PLAIN "));
	CU_ASSERT_EQUAL(smtp_client_tls(c), 0);
	smtp_client_free(c);
	sb_free(&out);
}

CU_TestInfo smtp_starttls_tests[] = {
	{ "server: STARTTLS by RFC 3207 (after EHLO, once, pipelining discarded)", test_server_rules },
	{ "server: not offered is 502", test_server_not_offered },
	{ "server: the switch forgets AUTH and EHLO", test_server_forgets_auth },
	{ "client: STARTTLS before AUTH, EHLO again", test_client_starttls_before_auth },
	{ "client: required but not offered: QUIT, 454", test_client_required_not_offered },
	{ "client: may goes on in clear", test_client_may_goes_on_in_clear },
	CU_TEST_INFO_NULL,
};
