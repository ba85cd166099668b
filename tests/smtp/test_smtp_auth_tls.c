/* test_smtp_auth_tls.c — serve --tls-auth-only in the SMTP server: AUTH is
 * neither offered nor accepted before STARTTLS (530 5.7.0, RFC 3207 4), and
 * works inside TLS; plain mail without AUTH is unaffected. Table-driven:
 * { bytes in, replies expected }. */
#include <string.h>

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
	const char *in, *out;
} step_t;

#define EHLO_REPLY(ext) \
	"250-smtp.isp.example Hello me [127.0.0.1]\r\n250-SIZE 10485760\r\n250-8BITMIME\r\n" \
	"250-PIPELINING\r\n250-ENHANCEDSTATUSCODES\r\n" ext "250 HELP\r\n"
#define AUTH_SMITH "AUTH PLAIN AHNtaXRoAHMzY3JldA==\r\n"

static void script(const smtp_server_config_t *cfg, const step_t *steps, size_t n)
{
	smtp_server_t *s = smtp_server_new(cfg, &hooks, NULL, "127.0.0.1", "localhost");
	strbuf_t out = STRBUF_INIT;
	smtp_server_greet(s, &out);
	for (size_t i = 0; i < n; i++) {
		sb_clear(&out);
		smtp_server_feed(s, steps[i].in, strlen(steps[i].in), &out);
		if (strcmp(sb_str(&out), steps[i].out) != 0)
			fprintf(stderr, "\nstep %zu (%s): got [%s]\n", i, steps[i].in, sb_str(&out));
		CU_ASSERT_STRING_EQUAL(sb_str(&out), steps[i].out);
	}
	sb_free(&out);
	smtp_server_free(s);
}

static void test_auth_only_after_starttls(void)
{
	static const step_t steps[] = {
		{ "EHLO me\r\n", EHLO_REPLY("250-STARTTLS\r\n") },   /* no AUTH offered in clear */
		{ AUTH_SMITH, "530 5.7.0 Must issue a STARTTLS command first\r\n" },
		{ "AUTH LOGIN\r\n", "530 5.7.0 Must issue a STARTTLS command first\r\n" },
		{ "MAIL FROM:<smith@isp.example>\r\n", "250 2.1.0 Ok\r\n" },   /* mail without AUTH: as before */
		{ "RSET\r\n", "250 2.0.0 Ok\r\n" },
		{ "STARTTLS\r\n", "220 2.0.0 Ready to start TLS\r\n" },
		{ "EHLO me\r\n", EHLO_REPLY("250-AUTH PLAIN LOGIN\r\n") },
		{ AUTH_SMITH, "235 2.7.0 Authentication successful\r\n" },
	};
	smtp_server_config_t cfg = { .hostname = "smtp.isp.example", .offer_starttls = 1, .auth_needs_tls = 1 };
	script(&cfg, steps, sizeof steps / sizeof steps[0]);
}

static void test_auth_on_implicit_tls(void)
{
	static const step_t steps[] = {
		{ "EHLO me\r\n", EHLO_REPLY("250-AUTH PLAIN LOGIN\r\n") },
		{ AUTH_SMITH, "235 2.7.0 Authentication successful\r\n" },
	};
	smtp_server_config_t cfg = { .hostname = "smtp.isp.example", .tls_active = 1, .auth_needs_tls = 1 };
	script(&cfg, steps, sizeof steps / sizeof steps[0]);
}

static void test_auth_in_clear_by_default(void)
{
	static const step_t steps[] = {
		{ "EHLO me\r\n", EHLO_REPLY("250-STARTTLS\r\n250-AUTH PLAIN LOGIN\r\n") },
		{ AUTH_SMITH, "235 2.7.0 Authentication successful\r\n" },
	};
	smtp_server_config_t cfg = { .hostname = "smtp.isp.example", .offer_starttls = 1 };
	script(&cfg, steps, sizeof steps / sizeof steps[0]);
}

CU_TestInfo smtp_auth_tls_tests[] = {
	{ "auth_needs_tls: 530 5.7.0 before STARTTLS, 235 after", test_auth_only_after_starttls },
	{ "auth_needs_tls: AUTH offered and taken on implicit TLS", test_auth_on_implicit_tls },
	{ "by default AUTH in clear stays allowed", test_auth_in_clear_by_default },
	CU_TEST_INFO_NULL,
};
