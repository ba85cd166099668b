/* test_pop3_stls.c — STLS (RFC 2595 4) in the POP3 state machines,
 * table-driven { line in, response expected, switch now? }, then the
 * client: CAPA, STLS, then USER inside TLS; never USER without it. */
#include <string.h>

#include "pop3/pop3_client.h"
#include "pop3/pop3_server.h"
#include "suites.h"
#include "core/util.h"

typedef struct step {
	const char *in, *out;
	int now;
} step_t;

#define CAPA "+OK Capability list follows\r\nUSER\r\nTOP\r\nUIDL\r\nRESP-CODES\r\nAUTH-RESP-CODE\r\n" \
	     "PIPELINING\r\nIMPLEMENTATION mailpath\r\n"

static void script(int offer, const step_t *steps, size_t n)
{
	mailstore_t *ms = mailstore_new();
	mailstore_add(ms, "boss@corp.example", "boss", "s3cret", 1000000);
	pop3_server_config_t cfg = { .hostname = "mail.corp.example", .offer_stls = offer };
	pop3_server_t *s = pop3_server_new(&cfg, ms, NULL, NULL);
	strbuf_t out = STRBUF_INIT;
	pop3_server_greet(s, &out);
	for (size_t i = 0; i < n; i++) {
		sb_clear(&out);
		pop3_server_feed(s, steps[i].in, strlen(steps[i].in), &out);
		if (strcmp(sb_str(&out), steps[i].out) != 0)
			fprintf(stderr, "\nstep %zu (%s): got [%s]\n", i, steps[i].in, sb_str(&out));
		CU_ASSERT_STRING_EQUAL(sb_str(&out), steps[i].out);
		CU_ASSERT_EQUAL(pop3_server_starttls_now(s), steps[i].now);
	}
	sb_free(&out);
	pop3_server_free(s);
	mailstore_free(ms);
}

static void test_server_rules(void)
{
	static const step_t steps[] = {
		{ "CAPA\r\n", CAPA "STLS\r\n.\r\n", 0 },
		{ "STLS x\r\n", "-ERR usage: STLS\r\n", 0 },
		/* USER and the pipelined PASS are forgotten: nothing after STLS is acted on */
		{ "USER boss\r\n", "+OK\r\n", 0 },
		{ "STLS\r\nPASS s3cret\r\n", "+OK Begin TLS negotiation\r\n", 1 },
		{ "PASS s3cret\r\n", "-ERR USER first\r\n", 0 },
		{ "CAPA\r\n", CAPA ".\r\n", 0 },                  /* no STLS once TLS is on */
		{ "STLS\r\n", "-ERR Command not permitted when TLS active\r\n", 0 },
		{ "USER boss\r\n", "+OK\r\n", 0 },
		{ "PASS s3cret\r\n", "+OK boss's maildrop has 0 messages (0 octets)\r\n", 0 },
	};
	script(1, steps, sizeof steps / sizeof steps[0]);
}

static void test_server_only_in_authorization(void)
{
	static const step_t steps[] = {
		{ "USER boss\r\n", "+OK\r\n", 0 },
		{ "PASS s3cret\r\n", "+OK boss's maildrop has 0 messages (0 octets)\r\n", 0 },
		{ "STLS\r\n", "-ERR STLS is not valid in the TRANSACTION state\r\n", 0 },
	};
	script(1, steps, sizeof steps / sizeof steps[0]);
	static const step_t off[] = {
		{ "CAPA\r\n", CAPA ".\r\n", 0 },
		{ "STLS\r\n", "-ERR unknown command\r\n", 0 },
	};
	script(0, off, sizeof off / sizeof off[0]);
}

static void feed(pop3_client_t *c, const char *s, strbuf_t *out)
{
	sb_clear(out);
	pop3_client_feed(c, s, strlen(s), out);
}

static void test_client(void)
{
	pop3_client_job_t job = { .user = "boss", .pass = "s3cret", .top_lines = -1, .tls = POP3_TLS_STLS };
	strbuf_t out = STRBUF_INIT;
	pop3_client_t *c = pop3_client_new(&job, NULL, NULL);
	feed(c, "+OK ready\r\n", &out);
	CU_ASSERT_STRING_EQUAL(sb_str(&out), "CAPA\r\n");
	feed(c, CAPA "STLS\r\n.\r\n", &out);
	CU_ASSERT_STRING_EQUAL(sb_str(&out), "STLS\r\n");
	feed(c, "+OK Begin TLS negotiation\r\n", &out);
	CU_ASSERT_STRING_EQUAL(sb_str(&out), "");
	CU_ASSERT_EQUAL(pop3_client_starttls_now(c), 1);
	sb_clear(&out);
	pop3_client_tls_ready(c, &out);
	CU_ASSERT_STRING_EQUAL(sb_str(&out), "USER boss\r\n");
	pop3_client_free(c);
	/* no STLS on offer: the password is never sent */
	c = pop3_client_new(&job, NULL, NULL);
	feed(c, "+OK ready\r\n", &out);
	feed(c, CAPA ".\r\n", &out);
	CU_ASSERT_STRING_EQUAL(sb_str(&out), "QUIT\r\n");
	CU_ASSERT(strstr(pop3_client_error(c), "STLS") != NULL);
	pop3_client_free(c);
	sb_free(&out);
}

CU_TestInfo pop3_stls_tests[] = {
	{ "server: STLS by RFC 2595 (CAPA, once, pipelining discarded)", test_server_rules },
	{ "server: only in AUTHORIZATION, only when offered", test_server_only_in_authorization },
	{ "client: CAPA, STLS, then USER; never USER in clear", test_client },
	CU_TEST_INFO_NULL,
};
