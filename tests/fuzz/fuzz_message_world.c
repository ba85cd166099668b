/* fuzz_message_world.c — an arbitrary message (the fuzz input: headers and body)
 * travels the whole path: Smith's client submits it to the ISP host for
 * boss@corp.example and nobody@corp.example (who does not exist), the ISP
 * queues it, looks up the MX, relays it to the corporate host, which
 * counts its Received: fields and delivers it; the refusal of nobody comes
 * back to Smith as a bounce that quotes the message's header. Then boss
 * retrieves the message with POP3. Covers the header scanning (Subject:,
 * Received:), the queue, the relay client, the DSN and POP3's dot-stuffing.
 * With the selector flag the corporate host greylists the first attempt.
 *
 * Properties, when the ISP answered 250 to the final dot (store and forward,
 * RFC 5321 3.6 / 6.1: no mail silently lost):
 *   - the ISP's queue is empty six simulated days later;
 *   - Smith got exactly one bounce, and boss at most one message;
 *   - boss's copy ends with the submitted message byte for byte (unless it
 *     had a bare CR or LF, which the relay turns into CR LF lines);
 *   - POP3 RETR gives back exactly what is stored (RFC 1939 3 dot-stuffing). */
#include "fuzz.h"

#include <string.h>

#include "pop3/mailbox.h"
#include "world/mta.h"
#include "world/pop3_service.h"
#include "world/world.h"

static const char envelope[] =
	"EHLO smith-pc.isp.example\r\n"
	"MAIL FROM:<smith@isp.example>\r\n"
	"RCPT TO:<boss@corp.example>\r\n"
	"RCPT TO:<nobody@corp.example>\r\n"
	"DATA\r\n";

/* RFC 5321 4.5.2: double every dot that starts a (CR LF) line. */
static void dot_stuff(const char *p, size_t n, strbuf_t *out)
{
	for (size_t i = 0; i < n; i++) {
		if (p[i] == '.' && (i == 0 || (i >= 2 && p[i - 1] == '\n' && p[i - 2] == '\r')))
			sb_putc(out, '.');
		sb_putc(out, p[i]);
	}
}

static int submit(world_t *w, const char *msg, size_t len)
{
	fuzz_wire_t wire;
	transport_t tr = fuzz_transport(&wire);
	mta_session_t *s = mta_session_new(w->isp_mta, &tr, "smith-pc.isp.example", "smith-pc.isp.example",
					   "198.51.100.23", HOP_2, 1);
	mta_session_start(s);
	strbuf_t in = STRBUF_INIT;
	sb_append(&in, envelope, sizeof envelope - 1);
	dot_stuff(msg, len, &in);
	sb_puts(&in, ".\r\nQUIT\r\n");
	mta_session_input(s, in.buf, in.len);
	FUZZ_CHECK(mta_session_done(s), "the session did not end at QUIT");
	int accepted = fuzz_find(wire.out.buf, wire.out.len, "\r\n250 2.0.0 ") != NULL;
	sb_free(&in);
	mta_session_free(s);
	fuzz_wire_free(&wire);
	return accepted;
}

/* POP3 RETR 1 as boss; the response's body, un-stuffed, must be the message. */
static void check_retr(world_t *w, const mail_msg_t *m)
{
	fuzz_wire_t wire;
	transport_t tr = fuzz_transport(&wire);
	pop3_session_t *s = pop3_session_new(w->corp_pop3, &tr, "boss-pc.corp.example", HOP_5A, 2);
	pop3_session_start(s);
	static const char cmds[] = "USER boss\r\nPASS s3cret\r\nRETR 1\r\n";
	pop3_session_input(s, cmds, sizeof cmds - 1);
	const char *p = wire.out.buf ? wire.out.buf : "";
	const char *end = p + wire.out.len;
	for (int i = 0; i < 4 && p; i++) {   /* greeting, USER, PASS, RETR status */
		if (i == 3)
			FUZZ_CHECK(!strncmp(p, "+OK", 3), "RETR 1 refused: %.60s", p);
		p = fuzz_find(p, (size_t)(end - p), "\r\n");
		p = p ? p + 2 : NULL;
	}
	FUZZ_CHECK(p != NULL, "no RETR response");
	strbuf_t got = STRBUF_INIT;
	while (p < end) {
		const char *eol = fuzz_find(p, (size_t)(end - p), "\r\n");
		FUZZ_CHECK(eol != NULL, "an unterminated response line");
		size_t len = (size_t)(eol - p);
		if (len == 1 && p[0] == '.')
			break;
		if (len > 0 && p[0] == '.') {   /* RFC 1939 3: a leading dot was doubled */
			FUZZ_CHECK(len >= 2 && p[1] == '.', "a data line starting with a single dot");
			p++, len--;
		}
		sb_append(&got, p, len);
		sb_puts(&got, "\r\n");
		p = eol + 2;
	}
	FUZZ_CHECK(got.len == m->len && !memcmp(got.buf, m->data, m->len),
		   "RETR gave %zu octets, the maildrop holds %zu", got.len, m->len);
	sb_free(&got);
	pop3_session_free(s);
	fuzz_wire_free(&wire);
}

static size_t bounces_to(const mta_t *m, const char *addr)
{
	size_t n = 0;
	for (size_t i = 0; i < mta_delivery_count(m); i++) {
		const mta_delivery_t *d = mta_delivery(m, i);
		FUZZ_CHECK(d->subject != NULL, "a delivery without a subject string");
		n += d->is_bounce && str_ieq(d->addr, addr);
	}
	return n;
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	fuzz_feed_t f = fuzz_feed_opts(&data, &size);
	const char *msg = (const char *)data;
	/* The message as the server stores it: CR LF lines, the last one ended. */
	strbuf_t orig = STRBUF_INIT;
	sb_append(&orig, "", 0);
	sb_append(&orig, msg, size);
	if (size > 0 && !(size >= 2 && msg[size - 2] == '\r' && msg[size - 1] == '\n'))
		sb_puts(&orig, "\r\n");
	const char *o = orig.buf;
	world_t *w = world_new_default(1);
	if (f.flag)
		mta_set_greylist(w->corp_mta, 1);
	int accepted = submit(w, o, orig.len);
	sched_run(w->sched, SCHED_US(6 * 24 * 3600), 0);
	mailbox_t *boss = world_mailbox(w, "boss@corp.example");
	mailbox_t *smith = world_mailbox(w, "smith@isp.example");
	if (accepted) {
		FUZZ_CHECK(mta_queue_count(w->isp_mta) == 0, "%zu messages left in the queue",
			   mta_queue_count(w->isp_mta));
		FUZZ_CHECK(bounces_to(w->isp_mta, "smith@isp.example") == 1, "%zu bounces to Smith",
			   bounces_to(w->isp_mta, "smith@isp.example"));
		FUZZ_CHECK(mailbox_count(smith) == 1, "Smith's maildrop holds %zu messages", mailbox_count(smith));
		FUZZ_CHECK(mailbox_count(boss) <= 1, "boss's maildrop holds %zu messages", mailbox_count(boss));
	} else {
		FUZZ_CHECK(mailbox_count(boss) == 0 && mailbox_count(smith) == 0,
			   "a refused message was delivered");
	}
	if (mailbox_count(boss) == 1) {
		const mail_msg_t *m = mailbox_msg(boss, 0);
		int bare = 0;
		for (size_t i = 0; i < orig.len && !bare; i++)
			bare = (o[i] == '\r' && (i + 1 >= orig.len || o[i + 1] != '\n')) ||
			       (o[i] == '\n' && (i == 0 || o[i - 1] != '\r'));
		if (!bare)
			FUZZ_CHECK(m->len >= orig.len && !memcmp(m->data + m->len - orig.len, o, orig.len),
				   "boss's copy does not end with the message as submitted");
		check_retr(w, m);
	}
	sb_free(&orig);
	world_free(w);
	return 0;
}
