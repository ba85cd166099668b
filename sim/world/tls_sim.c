/* tls_sim.c — the simulated TLS handshake (see tls_sim.h): the records on the
 * wire come from core/tls_record.c, the events of the trace from here. Each
 * event is an EV_TLS with proto "TLS" at the connection's hop and session,
 * from the side that sent the message to the side that received it. */
#include "world/tls_sim.h"

#include <stdio.h>
#include <string.h>

#include "core/tls_record.h"
#include "core/util.h"

static uint64_t seed_of(const conn_t *c, unsigned step)
{
	return (uint64_t)conn_id(c) << 8 | step;
}

/* An event received by c's end, sent by its peer (inbound), or the
 * client's own decision (inbound 0: from this end, to its peer). */
static void event(world_t *w, conn_t *c, int inbound, const char *key, const char *text)
{
	const char *me = node_name(conn_local(c)), *peer = conn_peer(c) ? node_name(conn_peer(c)) : "";
	trace_meta_t m = { .hop = conn_hop(c), .kind = EV_TLS, .proto = "TLS",
			   .from = inbound ? peer : me, .to = inbound ? me : peer,
			   .explain = key, .session = conn_id(c) };
	trace_emit_text(w->trace, &m, text, strlen(text));
}

void tls_sim_client_hello(world_t *w, conn_t *c, const char *sni)
{
	(void)w;
	strbuf_t rec = STRBUF_INIT;
	tlsrec_client_hello(&rec, sni, seed_of(c, 1));
	conn_send_tls(c, TLSREC_CLIENT_HELLO, sni, rec.buf, rec.len);
	sb_free(&rec);
}

void tls_sim_server_hello(world_t *w, conn_t *c, const char *sni, const char *cert_name)
{
	char text[400];
	snprintf(text, sizeof text, "ClientHello: TLS 1.3, server name (SNI) %s, a key share", sni);
	event(w, c, 1, "tls:ClientHello", text);
	strbuf_t rec = STRBUF_INIT;
	tlsrec_server_flight(&rec, cert_name, seed_of(c, 2));
	conn_send_tls(c, TLSREC_SERVER_FLIGHT, cert_name, rec.buf, rec.len);
	sb_free(&rec);
	conn_set_tls(c, 1);
}

int tls_sim_client_flight(world_t *w, conn_t *c, const char *cert_name, const char *expected, int verify)
{
	char text[600];
	snprintf(text, sizeof text, "ServerHello: TLS 1.3, TLS_AES_128_GCM_SHA256; certificate for %s, "
		 "signed by a CA the client trusts", cert_name);
	event(w, c, 1, "tls:ServerHello", text);
	if (!str_ieq(cert_name, expected)) {
		if (verify) {
			snprintf(text, sizeof text, "the certificate names %s, not %s: the client refuses "
				 "(alert bad_certificate) and closes", cert_name, expected);
			event(w, c, 0, "tls:bad-certificate", text);
			strbuf_t rec = STRBUF_INIT;
			tlsrec_alert(&rec);
			conn_send_tls(c, TLSREC_ALERT, "", rec.buf, rec.len);
			sb_free(&rec);
			return -1;
		}
		snprintf(text, sizeof text, "the certificate names %s, not %s: opportunistic TLS does not "
			 "check the name, so the client carries on", cert_name, expected);
		event(w, c, 0, "tls:unverified", text);
	}
	strbuf_t rec = STRBUF_INIT;
	tlsrec_client_finished(&rec, seed_of(c, 3));
	conn_send_tls(c, TLSREC_CLIENT_FINISHED, "", rec.buf, rec.len);
	sb_free(&rec);
	conn_set_tls(c, 1);
	return 0;
}

void tls_sim_server_finished(world_t *w, conn_t *c)
{
	event(w, c, 1, "tls:Finished", "Finished: the handshake is complete; from here on both "
	      "directions are encrypted");
}
