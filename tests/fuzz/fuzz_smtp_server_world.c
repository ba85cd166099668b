/* fuzz_smtp_server_world.c — whole SMTP sessions from the fuzz input, fed to an MTA
 * of the default world exactly as `serve` feeds a real socket: the ISP host
 * (hop 2, Smith's computer as the peer) or, with the selector flag, the
 * corporate host (hop 3, the ISP as the peer, greylisting on). After the
 * input the session is timed out if still open, and the world runs on for
 * six simulated days so queued mail is relayed, retried or bounced.
 *
 * Properties: every reply is a CRLF line of at most 512 octets (RFC 5321
 * 4.5.3.1.5) starting with a reply code 2xx-5xx and SP or "-" (4.2);
 * nothing is sent after the close; the session closes once. */
#include "fuzz.h"

#include <string.h>

#include "world/mta.h"
#include "world/world.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	fuzz_feed_t f = fuzz_feed_opts(&data, &size);
	world_t *w = world_new_default(1);
	fuzz_wire_t wire;
	transport_t tr = fuzz_transport(&wire);
	mta_session_t *s;
	if (f.flag) {
		mta_set_greylist(w->corp_mta, 1);
		s = mta_session_new(w->corp_mta, &tr, "smtp.isp.example", "smtp.isp.example", "203.0.113.25",
				    HOP_3, 1);
	} else {
		s = mta_session_new(w->isp_mta, &tr, "smith-pc.isp.example", "smith-pc.isp.example",
				    "198.51.100.23", HOP_2, 1);
	}
	mta_session_start(s);
	const char *p = (const char *)data;
	size_t step = f.chunk ? f.chunk : size;
	for (size_t off = 0; off < size && !mta_session_done(s); off += step) {
		size_t n = size - off < step ? size - off : step;
		mta_session_input(s, p + off, n);
	}
	if (!mta_session_done(s))
		mta_session_idle(s);
	FUZZ_CHECK(mta_session_done(s), "the session is still open after 421");
	sched_run(w->sched, SCHED_US(6 * 24 * 3600), 0);
	fuzz_check_smtp_replies(wire.out.buf, wire.out.len);
	FUZZ_CHECK(!wire.sent_after_close, "bytes sent after the close");
	FUZZ_CHECK(wire.closes <= 1, "closed %d times", wire.closes);
	mta_session_free(s);
	fuzz_wire_free(&wire);
	world_free(w);
	return 0;
}
