/* fuzz_pop3_server_world.c — whole POP3 sessions from the fuzz input against the
 * corporate POP3 server of the default world, boss's maildrop holding three
 * messages (one with a line that starts with a dot, one with a long line).
 * After the input the connection is lost (or, with the selector flag, the
 * session is freed as `serve` frees a dead client).
 *
 * Properties: the output is CRLF lines of at most 1000 octets; nothing is
 * sent after the close; boss's maildrop changed only if the session ended
 * in UPDATE (RFC 1939 6); afterwards boss can log in again, so the lock was
 * released (RFC 1939 8). */
#include "fuzz.h"

#include <string.h>

#include "pop3/mailbox.h"
#include "world/pop3_service.h"
#include "core/proto_limits.h"
#include "world/world.h"

static const char *const messages[] = {
	"Return-Path: <smith@isp.example>\r\nFrom: smith@isp.example\r\nTo: boss@corp.example\r\n"
	"Subject: Progress report\r\n\r\nHi,\r\n\r\nthree chapters are drafted.\r\n",
	"Return-Path: <smith@isp.example>\r\nSubject: dots\r\n\r\n.a line with a leading dot\r\n.\r\n..\r\n",
	"Return-Path: <>\r\nSubject: Undelivered Mail Returned to Sender\r\n\r\n"
	"xxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxx"
	"xxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxx\r\n",
};

/* A second session logs in as boss: 1 when PASS was accepted. */
static int boss_can_log_in(world_t *w)
{
	fuzz_wire_t wire;
	transport_t tr = fuzz_transport(&wire);
	pop3_session_t *s = pop3_session_new(w->corp_pop3, &tr, "boss-pc.corp.example", HOP_5A, 2);
	pop3_session_start(s);
	static const char login[] = "USER boss\r\nPASS s3cret\r\nQUIT\r\n";
	pop3_session_input(s, login, sizeof login - 1);
	/* greeting, USER, PASS, QUIT: the third line answers PASS */
	const char *p = wire.out.buf ? wire.out.buf : "";
	for (int i = 0; i < 2 && p; i++) {
		p = strstr(p, "\r\n");
		p = p ? p + 2 : NULL;
	}
	int ok = p && !strncmp(p, "+OK", 3);
	pop3_session_free(s);
	fuzz_wire_free(&wire);
	return ok;
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	fuzz_feed_t f = fuzz_feed_opts(&data, &size);
	world_t *w = world_new_default(1);
	mailbox_t *boss = world_mailbox(w, "boss@corp.example");
	for (size_t i = 0; i < sizeof messages / sizeof messages[0]; i++)
		mailbox_deliver(boss, messages[i], strlen(messages[i]));
	size_t before = mailbox_count(boss);

	fuzz_wire_t wire;
	transport_t tr = fuzz_transport(&wire);
	pop3_session_t *s = pop3_session_new(w->corp_pop3, &tr, "boss-pc.corp.example", HOP_5A, 1);
	pop3_session_start(s);
	const char *p = (const char *)data;
	size_t step = f.chunk ? f.chunk : size;
	for (size_t off = 0; off < size && !pop3_session_done(s); off += step) {
		size_t n = size - off < step ? size - off : step;
		pop3_session_input(s, p + off, n);
	}
	int updated;
	if (f.flag) {
		updated = !strcmp(pop3_service_last_end(w->corp_pop3), "UPDATE");
		pop3_session_free(s);
		s = NULL;
	} else {
		pop3_session_lost(s);
		updated = !strcmp(pop3_service_last_end(w->corp_pop3), "UPDATE");
	}
	fuzz_check_crlf_lines("POP3 responses", wire.out.buf ? wire.out.buf : "", wire.out.len,
			      SMTP_TEXT_LINE_MAX);
	FUZZ_CHECK(!wire.sent_after_close, "bytes sent after the close");
	FUZZ_CHECK(wire.closes <= 1, "closed %d times", wire.closes);
	FUZZ_CHECK(updated || mailbox_count(boss) == before,
		   "boss's maildrop went from %zu to %zu messages without UPDATE", before, mailbox_count(boss));
	FUZZ_CHECK(mailbox_count(boss) <= before, "messages appeared in boss's maildrop");
	FUZZ_CHECK(boss_can_log_in(w), "boss cannot log in after the session: the lock was kept");
	pop3_session_free(s);
	fuzz_wire_free(&wire);
	world_free(w);
	return 0;
}
