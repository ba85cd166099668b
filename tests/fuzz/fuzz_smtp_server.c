/* fuzz_smtp_server.c — whole SMTP client sessions from the fuzz input, fed to
 * the SMTP server state machine (sim/smtp/smtp_server) directly, with a
 * small policy of its own in the hooks: no world, no trace, no queue, and
 * nothing kept from one input to the next, so each input costs only the
 * parsing (>= 10,000 executions per second under ASan; README.md).
 *
 * Policy: without the selector flag, a submission host (AUTH as smith /
 * s3cret, every recipient accepted, every message taken); with it, a final
 * host for corp.example (boss and postmaster exist, nobody else; the first
 * RCPT of each transaction is greylisted with 451; a second message in the
 * session is refused with 552). After the input the session is timed out
 * if still open, as serve's idle timer does. The MTA's own policy, the
 * queue and the relay are fuzzed by smtp_server_world (slower).
 *
 * Properties: every reply is a CRLF line of at most 512 octets with a reply
 * code 2xx-5xx (RFC 5321 4.2, 4.5.3.1.5); the session ends with the
 * timeout; the octets it holds stay bounded (smtp_server_pending) whatever
 * arrives; a message handed over starts with this host's Received: line
 * and is at most the SIZE limit plus that line; nothing is replied after
 * 221/421. */
#include "fuzz.h"

#include <stdio.h>
#include <string.h>

#include "core/proto_limits.h"
#include "smtp/smtp_server.h"

#define MAX_SIZE (64L * 1024)

typedef struct policy {
	int corp;            /* the selector flag: the corporate host's policy */
	int messages;        /* messages taken in this session */
	int ids;
	const char *hostname;
} policy_t;

static int p_rcpt(void *ctx, const smtp_tx_t *tx, const char *addr, strbuf_t *reply)
{
	policy_t *p = ctx;
	if (!p->corp) {
		sb_puts(reply, "250 2.1.5 Ok");
		return 250;
	}
	if (tx->nrcpt == 0 && !str_ieq(addr, "postmaster")) {
		sb_printf(reply, "451 4.7.1 <%s>: Recipient address rejected: Greylisted, try again later", addr);
		return 451;
	}
	if (str_ieq(addr, "boss@corp.example") || str_ieq(addr, "postmaster@corp.example") ||
	    str_ieq(addr, "postmaster")) {
		sb_puts(reply, "250 2.1.5 Ok");
		return 250;
	}
	sb_printf(reply, "550 5.1.1 <%s>: Recipient address rejected: User unknown", addr);
	return 550;
}

static int p_auth(void *ctx, const char *user, const char *pass)
{
	(void)ctx;
	return !strcmp(user, "smith") && !strcmp(pass, "s3cret");
}

static int p_message(void *ctx, const smtp_tx_t *tx, const char *msg, size_t len, strbuf_t *reply)
{
	policy_t *p = ctx;
	FUZZ_CHECK(tx->nrcpt > 0, "a message with no accepted recipient");
	FUZZ_CHECK(len >= 9 && !memcmp(msg, "Received:", 9), "the message does not start with Received:");
	FUZZ_CHECK(fuzz_find(msg, len, p->hostname) != NULL, "the Received: line does not name %s",
		   p->hostname);
	FUZZ_CHECK(len <= (size_t)MAX_SIZE + 1024, "a message of %zu octets over the limit %ld", len,
		   MAX_SIZE);
	if (p->corp && p->messages > 0) {
		sb_puts(reply, "552 5.2.2 Mailbox full");
		return 552;
	}
	p->messages++;
	sb_printf(reply, "250 2.0.0 Ok: queued as %s", tx->id);
	return 250;
}

static void p_make_id(void *ctx, char *buf, size_t size)
{
	policy_t *p = ctx;
	snprintf(buf, size, "F%09d", ++p->ids);
}

static int64_t p_now(void *ctx)
{
	(void)ctx;
	return 1795856400LL;
}

static const smtp_server_hooks_t hooks = {
	.rcpt = p_rcpt, .auth = p_auth, .message = p_message, .make_id = p_make_id, .now = p_now,
};

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	fuzz_feed_t f = fuzz_feed_opts(&data, &size);
	policy_t pol = { .corp = f.flag, .hostname = f.flag ? "mail.corp.example" : "smtp.isp.example" };
	smtp_server_config_t cfg = { .hostname = pol.hostname, .max_size = MAX_SIZE };
	smtp_server_t *s = smtp_server_new(&cfg, &hooks, &pol, f.flag ? "203.0.113.25" : "198.51.100.23",
					   f.flag ? "smtp.isp.example" : "smith-pc.isp.example");
	strbuf_t out = STRBUF_INIT;
	smtp_server_greet(s, &out);
	const char *p = (const char *)data;
	size_t step = f.chunk ? f.chunk : size;
	for (size_t off = 0; off < size && !smtp_server_done(s); off += step) {
		size_t n = size - off < step ? size - off : step;
		smtp_server_feed(s, p + off, n, &out);
		FUZZ_CHECK(smtp_server_pending(s) <= (size_t)MAX_SIZE + SMTP_AUTH_LINE_MAX + 2 * SMTP_TEXT_LINE_MAX,
			   "the session holds %zu octets", smtp_server_pending(s));
	}
	if (!smtp_server_done(s))
		smtp_server_idle_timeout(s, &out);
	FUZZ_CHECK(smtp_server_done(s), "the session is still open after 421");
	size_t closed_at = out.len;
	smtp_server_idle_timeout(s, &out);   /* a timer that fires late must say nothing */
	FUZZ_CHECK(out.len == closed_at, "%zu octets replied after the close", out.len - closed_at);
	fuzz_check_smtp_replies(out.buf, out.len);
	smtp_server_free(s);
	sb_free(&out);
	return 0;
}
