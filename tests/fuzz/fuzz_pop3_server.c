/* fuzz_pop3_server.c — whole POP3 sessions from the fuzz input, fed to the
 * POP3 server state machine (sim/pop3/pop3_server) directly, against a mail
 * store of its own: boss's maildrop holding three messages (one with a line
 * that starts with a dot, one with a long line). No world and no trace, and
 * the store is built afresh for every input (a few allocations), so nothing
 * carries over from one input to the next and each costs only the session
 * (>= 10,000 executions per second under ASan; README.md). The same session
 * through the world's POP3 service is fuzzed by pop3_server_world (slower).
 * After the input the connection is lost (or, with the selector flag, the
 * session is freed as `serve` frees a dead client).
 *
 * Properties: the output is CRLF lines of at most 1000 octets; boss's maildrop changed only if the
 * session went through UPDATE, and only by the count UPDATE reported (RFC
 * 1939 6); no message appeared; afterwards boss can log in again, so the
 * lock was released (RFC 1939 8). */
#include "fuzz.h"

#include <string.h>

#include "core/proto_limits.h"
#include "pop3/mailbox.h"
#include "pop3/pop3_server.h"

static const char *const messages[] = {
	"Return-Path: <smith@isp.example>\r\nFrom: smith@isp.example\r\nTo: boss@corp.example\r\n"
	"Subject: Progress report\r\n\r\nHi,\r\n\r\nthree chapters are drafted.\r\n",
	"Return-Path: <smith@isp.example>\r\nSubject: dots\r\n\r\n.a line with a leading dot\r\n.\r\n..\r\n",
	"Return-Path: <>\r\nSubject: Undelivered Mail Returned to Sender\r\n\r\n"
	"xxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxx"
	"xxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxx\r\n",
};

typedef struct watch {
	int updates;
	size_t removed;
} watch_t;

static void on_update(void *ctx, const char *user, size_t removed)
{
	watch_t *w = ctx;
	(void)user;
	w->updates++;
	w->removed += removed;
}

static const pop3_server_hooks_t hooks = { .on_update = on_update };
static const pop3_server_config_t config = { .hostname = "mail.corp.example" };

/* A second session logs in as boss: 1 when PASS was accepted. */
static int boss_can_log_in(mailstore_t *ms)
{
	watch_t w = { 0 };
	strbuf_t out = STRBUF_INIT;
	pop3_server_t *s = pop3_server_new(&config, ms, &hooks, &w);
	pop3_server_greet(s, &out);
	static const char login[] = "USER boss\r\nPASS s3cret\r\n";
	pop3_server_feed(s, login, sizeof login - 1, &out);
	int ok = pop3_server_state(s) == POP3_S_TRANSACTION;
	pop3_server_free(s);
	sb_free(&out);
	return ok;
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	fuzz_feed_t f = fuzz_feed_opts(&data, &size);
	mailstore_t *ms = mailstore_new();
	mailbox_t *boss = mailstore_add(ms, "boss@corp.example", "boss", "s3cret", 50L * 1024 * 1024);
	mailstore_add(ms, "postmaster@corp.example", "postmaster", "s3cret", 50L * 1024 * 1024);
	for (size_t i = 0; i < sizeof messages / sizeof messages[0]; i++)
		mailbox_deliver(boss, messages[i], strlen(messages[i]));
	size_t before = mailbox_count(boss);

	watch_t w = { 0 };
	strbuf_t out = STRBUF_INIT;
	pop3_server_t *s = pop3_server_new(&config, ms, &hooks, &w);
	pop3_server_greet(s, &out);
	const char *p = (const char *)data;
	size_t step = f.chunk ? f.chunk : size;
	for (size_t off = 0; off < size && !pop3_server_done(s); off += step) {
		size_t n = size - off < step ? size - off : step;
		pop3_server_feed(s, p + off, n, &out);
	}
	if (f.flag) {
		pop3_server_free(s);
		s = NULL;
	} else {
		pop3_server_lost(s);
	}
	fuzz_check_crlf_lines("POP3 responses", out.buf ? out.buf : "", out.len, SMTP_TEXT_LINE_MAX);
	FUZZ_CHECK(w.updates <= 1, "UPDATE entered %d times", w.updates);
	FUZZ_CHECK(mailbox_count(boss) == before - w.removed,
		   "boss's maildrop went from %zu to %zu messages, UPDATE removed %zu", before,
		   mailbox_count(boss), w.removed);
	FUZZ_CHECK(boss_can_log_in(ms), "boss cannot log in after the session: the lock was kept");
	pop3_server_free(s);
	sb_free(&out);
	mailstore_free(ms);
	return 0;
}
