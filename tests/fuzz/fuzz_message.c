/* fuzz_message.c — an arbitrary message (the fuzz input: headers and body)
 * through the two state machines that carry it byte for byte: submitted
 * dot-stuffed to the SMTP server (sim/smtp/smtp_server) for boss, stored as
 * the corporate host stores it (Return-Path: added) in a mail store of its
 * own, then retrieved with POP3 RETR from the POP3 server (sim/pop3). No
 * world, no trace, nothing kept between inputs: >= 10,000 executions per
 * second under ASan (README.md). The whole path (queue, DNS, relay, bounce,
 * greylisting with the selector flag) is fuzzed by message_world (slower).
 *
 * Properties, RFC 5321 4.5.2 and RFC 1939 3 (transparency):
 *   - a message the server takes (250 to the final dot) is stored once,
 *     one it refuses not at all;
 *   - what it hands over is its Received: line, then the message as
 *     submitted byte for byte (unless the message had a bare CR or LF);
 *   - RETR gives back, un-stuffed, exactly what the maildrop holds. */
#include "fuzz.h"

#include <stdio.h>
#include <string.h>

#include "pop3/mailbox.h"
#include "pop3/pop3_server.h"
#include "smtp/smtp_server.h"

static const char envelope[] =
	"EHLO smith-pc.isp.example\r\n"
	"MAIL FROM:<smith@isp.example>\r\n"
	"RCPT TO:<boss@corp.example>\r\n"
	"DATA\r\n";

typedef struct got {
	mailbox_t *boss;
	int messages;
} got_t;

static int h_rcpt(void *ctx, const smtp_tx_t *tx, const char *addr, strbuf_t *reply)
{
	(void)ctx, (void)tx, (void)addr;
	sb_puts(reply, "250 2.1.5 Ok");
	return 250;
}

static int h_message(void *ctx, const smtp_tx_t *tx, const char *msg, size_t len, strbuf_t *reply)
{
	got_t *g = ctx;
	strbuf_t full = STRBUF_INIT;
	sb_printf(&full, "Return-Path: <%s>\r\n", tx->mail_from);
	sb_append(&full, msg, len);
	FUZZ_CHECK(mailbox_deliver(g->boss, full.buf, full.len) == 0, "the maildrop refused the message");
	sb_free(&full);
	g->messages++;
	sb_printf(reply, "250 2.0.0 Ok: queued as %s", tx->id);
	return 250;
}

static void h_make_id(void *ctx, char *buf, size_t size)
{
	(void)ctx;
	snprintf(buf, size, "4F2A1C0B3D");
}

static int64_t h_now(void *ctx)
{
	(void)ctx;
	return 1795856400LL;
}

static const smtp_server_hooks_t smtp_hooks = {
	.rcpt = h_rcpt, .message = h_message, .make_id = h_make_id, .now = h_now,
};

/* RFC 5321 4.5.2: double every dot that starts a (CR LF) line; the runs
 * between are copied whole. */
static void dot_stuff(const char *p, size_t n, strbuf_t *out)
{
	size_t from = 0;
	for (size_t i = 0; i < n; i++) {
		if (p[i] == '.' && (i == 0 || (i >= 2 && p[i - 1] == '\n' && p[i - 2] == '\r'))) {
			sb_append(out, p + from, i - from);
			sb_putc(out, '.');
			from = i;
		}
	}
	sb_append(out, p + from, n - from);
}

/* 1 when the server answered 250 to the final dot. */
static int submit(got_t *g, const char *msg, size_t len)
{
	smtp_server_config_t cfg = { .hostname = "mail.corp.example", .max_size = 1024L * 1024 };
	smtp_server_t *s = smtp_server_new(&cfg, &smtp_hooks, g, "198.51.100.23", "smith-pc.isp.example");
	strbuf_t out = STRBUF_INIT, in = STRBUF_INIT;
	smtp_server_greet(s, &out);
	sb_append(&in, envelope, sizeof envelope - 1);
	dot_stuff(msg, len, &in);
	sb_puts(&in, ".\r\nQUIT\r\n");
	smtp_server_feed(s, in.buf, in.len, &out);
	FUZZ_CHECK(smtp_server_done(s), "the session did not end at QUIT");
	int accepted = fuzz_find(out.buf, out.len, "\r\n250 2.0.0 ") != NULL;
	fuzz_check_smtp_replies(out.buf, out.len);
	sb_free(&in);
	sb_free(&out);
	smtp_server_free(s);
	return accepted;
}

/* POP3 RETR 1 as boss; the response's body, un-stuffed, must be the message. */
static void check_retr(mailstore_t *ms, const mail_msg_t *m)
{
	static const pop3_server_config_t cfg = { .hostname = "mail.corp.example" };
	static const pop3_server_hooks_t none = { 0 };
	strbuf_t out = STRBUF_INIT;
	pop3_server_t *s = pop3_server_new(&cfg, ms, &none, NULL);
	pop3_server_greet(s, &out);
	static const char cmds[] = "USER boss\r\nPASS s3cret\r\nRETR 1\r\n";
	pop3_server_feed(s, cmds, sizeof cmds - 1, &out);
	const char *p = out.buf ? out.buf : "";
	const char *end = p + out.len;
	for (int i = 0; i < 4 && p; i++) {   /* greeting, USER, PASS, RETR status */
		if (i == 3)
			FUZZ_CHECK(!strncmp(p, "+OK", 3), "RETR 1 refused: %.60s", p);
		p = fuzz_find(p, (size_t)(end - p), "\r\n");
		p = p ? p + 2 : NULL;
	}
	FUZZ_CHECK(p != NULL, "no RETR response");
	strbuf_t got = STRBUF_INIT;
	int ended = 0;
	while (p < end) {
		const char *eol = fuzz_find(p, (size_t)(end - p), "\r\n");
		FUZZ_CHECK(eol != NULL, "an unterminated response line");
		size_t len = (size_t)(eol - p);
		if (len == 1 && p[0] == '.') {
			ended = 1;
			break;
		}
		if (len > 0 && p[0] == '.') {   /* RFC 1939 3: a leading dot was doubled */
			FUZZ_CHECK(len >= 2 && p[1] == '.', "a data line starting with a single dot");
			p++, len--;
		}
		sb_append(&got, p, len);
		sb_puts(&got, "\r\n");
		p = eol + 2;
	}
	FUZZ_CHECK(ended, "RETR's response does not end with a dot line");
	FUZZ_CHECK(got.len == m->len && !memcmp(got.buf, m->data, m->len),
		   "RETR gave %zu octets, the maildrop holds %zu", got.len, m->len);
	sb_free(&got);
	pop3_server_free(s);
	sb_free(&out);
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	fuzz_feed_t f = fuzz_feed_opts(&data, &size);
	(void)f;
	const char *msg = (const char *)data;
	/* The message as the server stores it: CR LF lines, the last one ended. */
	strbuf_t orig = STRBUF_INIT;
	sb_append(&orig, "", 0);
	sb_append(&orig, msg, size);
	if (size > 0 && !(size >= 2 && msg[size - 2] == '\r' && msg[size - 1] == '\n'))
		sb_puts(&orig, "\r\n");
	const char *o = orig.buf;
	mailstore_t *ms = mailstore_new();
	got_t g = { .boss = mailstore_add(ms, "boss@corp.example", "boss", "s3cret", -1) };
	int accepted = submit(&g, o, orig.len);
	FUZZ_CHECK(g.messages == accepted && mailbox_count(g.boss) == (size_t)accepted,
		   "%s, %d messages taken, %zu stored", accepted ? "250" : "refused", g.messages,
		   mailbox_count(g.boss));
	if (!accepted) {
		sb_free(&orig);
		mailstore_free(ms);
		return 0;
	}
	const mail_msg_t *m = mailbox_msg(g.boss, 0);
	int bare = 0;
	for (size_t i = 0; i < orig.len && !bare; i++)
		bare = (o[i] == '\r' && (i + 1 >= orig.len || o[i + 1] != '\n')) ||
		       (o[i] == '\n' && (i == 0 || o[i - 1] != '\r'));
	if (!bare)
		FUZZ_CHECK(m->len >= orig.len && !memcmp(m->data + m->len - orig.len, o, orig.len),
			   "the stored copy does not end with the message as submitted");
	check_retr(ms, m);
	sb_free(&orig);
	mailstore_free(ms);
	return 0;
}
