/* test_pop3_auth_tls.c — serve --tls-auth-only in the POP3 server: USER and
 * PASS are refused before STLS with -ERR [AUTH] (RFC 2595 4, RFC 3206 4) and
 * accepted inside TLS. Table-driven { line in, response expected }. */
#include <string.h>

#include "pop3/pop3_server.h"
#include "suites.h"
#include "core/util.h"

typedef struct step {
	const char *in, *out;
} step_t;

#define REFUSED "-ERR [AUTH] TLS required: send STLS first\r\n"

static void script(const pop3_server_config_t *cfg, const step_t *steps, size_t n)
{
	mailstore_t *ms = mailstore_new();
	mailstore_add(ms, "boss@corp.example", "boss", "s3cret", 1000000);
	pop3_server_t *s = pop3_server_new(cfg, ms, NULL, NULL);
	strbuf_t out = STRBUF_INIT;
	pop3_server_greet(s, &out);
	for (size_t i = 0; i < n; i++) {
		sb_clear(&out);
		pop3_server_feed(s, steps[i].in, strlen(steps[i].in), &out);
		if (strcmp(sb_str(&out), steps[i].out) != 0)
			fprintf(stderr, "\nstep %zu (%s): got [%s]\n", i, steps[i].in, sb_str(&out));
		CU_ASSERT_STRING_EQUAL(sb_str(&out), steps[i].out);
	}
	sb_free(&out);
	pop3_server_free(s);
	mailstore_free(ms);
}

static void test_login_only_after_stls(void)
{
	static const step_t steps[] = {
		{ "USER boss\r\n", REFUSED },
		{ "PASS s3cret\r\n", REFUSED },
		{ "STLS\r\n", "+OK Begin TLS negotiation\r\n" },
		{ "USER boss\r\n", "+OK\r\n" },
		{ "PASS s3cret\r\n", "+OK boss's maildrop has 0 messages (0 octets)\r\n" },
	};
	pop3_server_config_t cfg = { .hostname = "mail.corp.example", .offer_stls = 1, .auth_needs_tls = 1 };
	script(&cfg, steps, sizeof steps / sizeof steps[0]);
}

static void test_login_on_implicit_tls(void)
{
	static const step_t steps[] = {
		{ "USER boss\r\n", "+OK\r\n" },
		{ "PASS s3cret\r\n", "+OK boss's maildrop has 0 messages (0 octets)\r\n" },
	};
	pop3_server_config_t cfg = { .hostname = "mail.corp.example", .tls_active = 1, .auth_needs_tls = 1 };
	script(&cfg, steps, sizeof steps / sizeof steps[0]);
}

CU_TestInfo pop3_auth_tls_tests[] = {
	{ "auth_needs_tls: USER/PASS -ERR [AUTH] before STLS, +OK after", test_login_only_after_stls },
	{ "auth_needs_tls: USER/PASS taken on implicit TLS", test_login_on_implicit_tls },
	CU_TEST_INFO_NULL,
};
