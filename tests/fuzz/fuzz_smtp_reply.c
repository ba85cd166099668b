/* fuzz_smtp_reply.c — the SMTP client (the ISP's relay) fed with server
 * replies from the fuzz input: greeting, EHLO capabilities, AUTH, MAIL,
 * three RCPTs, DATA, the reply to the final dot and QUIT, in any order and
 * any shape. After the input the connection is lost.
 *
 * Properties: the client's state machine never trips its own invariants;
 * what it sends is CRLF lines, commands within 512 octets (RFC 5321
 * 4.5.3.1.4) and content within 1000 (4.5.3.1.6); once done, every
 * recipient has a final result whose code is 0 or a three-digit reply
 * code with the reply's text; a message the server accepted after the dot
 * has at least one recipient with a 2xx result. */
#include "fuzz.h"

#include <string.h>

#include "core/proto_limits.h"
#include "smtp/smtp_client.h"

static const char *const rcpts[] = { "boss@corp.example", "nobody@corp.example", "postmaster" };
static const char message[] =
	"From: smith@isp.example\r\nTo: boss@corp.example\r\nSubject: Progress report\r\n\r\n"
	"Hi,\r\n.a line with a leading dot\r\n.\r\nbare LF\nend\r\n";

typedef struct seen {
	int commands_too_long;
} seen_t;

static void on_line_out(void *ctx, const char *line, size_t len, int is_data)
{
	seen_t *sn = ctx;
	if (!is_data && len + 2 > SMTP_COMMAND_LINE_MAX && strncmp(line, "AUTH ", 5) != 0)
		sn->commands_too_long = 1;
}

static const smtp_client_hooks_t hooks = { .on_line_out = on_line_out };

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	fuzz_feed_t f = fuzz_feed_opts(&data, &size);
	smtp_client_job_t job = {
		.helo = "smtp.isp.example",
		.mail_from = f.flag ? "" : "smith@isp.example",
		.rcpt = rcpts,
		.nrcpt = sizeof rcpts / sizeof rcpts[0],
		.msg = message,
		.len = sizeof message - 1,
		.auth_user = f.flag ? NULL : "smith",
		.auth_pass = f.flag ? NULL : "s3cret",
	};
	seen_t sn = { 0 };
	smtp_client_t *c = smtp_client_new(&job, &hooks, &sn);
	strbuf_t out = STRBUF_INIT;
	const char *p = (const char *)data;
	size_t step = f.chunk ? f.chunk : size;
	for (size_t off = 0; off < size && !smtp_client_done(c); off += step) {
		size_t n = size - off < step ? size - off : step;
		smtp_client_feed(c, p + off, n, &out);
	}
	smtp_client_lost(c);
	FUZZ_CHECK(smtp_client_done(c), "not done after the connection was lost");
	fuzz_check_crlf_lines("client output", out.buf ? out.buf : "", out.len, SMTP_TEXT_LINE_MAX);
	FUZZ_CHECK(!sn.commands_too_long, "a command line over 512 octets");
	int any_2xx = 0;
	for (size_t i = 0; i < job.nrcpt; i++) {
		const smtp_result_t *r = smtp_client_rcpt_result(c, i);
		size_t tl = strnlen(r->text, sizeof r->text);
		FUZZ_CHECK(tl < sizeof r->text, "result text of recipient %zu not terminated", i);
		FUZZ_CHECK(r->code == 0 || (r->code >= 200 && r->code <= 559), "recipient %zu: code %d", i, r->code);
		if (r->code != 0)
			FUZZ_CHECK(tl >= 3 && (r->text[0] - '0') * 100 + (r->text[1] - '0') * 10 +
						  (r->text[2] - '0') == r->code,
				   "recipient %zu: code %d, text '%s'", i, r->code, r->text);
		any_2xx |= r->code / 100 == 2;
	}
	FUZZ_CHECK(!smtp_client_accepted(c) || any_2xx, "accepted, but no recipient has a 2xx result");
	sb_free(&out);
	smtp_client_free(c);
	return 0;
}
