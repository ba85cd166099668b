/* explain_serve.c — the teaching texts for what only `serve` shows: the real
 * TLS handshake (OpenSSL) between a real client and mailpath. */
#include "teach/explain_tables.h"

const explain_t explain_serve_table[] = {
	EXPLAIN("tls:real-handshake", "A real TLS handshake: version and cipher suite",
		"Your client and mailpath serve really negotiated TLS (OpenSSL). The version is TLS 1.3 "
		"or 1.2 (mailpath refuses older ones). The cipher suite names how the records are "
		"protected: TLS_AES_256_GCM_SHA384 is AES in GCM mode with a 256-bit key, SHA-384 for "
		"the key schedule; in TLS 1.2 names like ECDHE-ECDSA-AES128-GCM-SHA256 also say how "
		"the keys were agreed (ephemeral elliptic-curve Diffie-Hellman) and signed. From here "
		"on, the lines marked TLS crossed the loopback as records: tshark -i lo sees their "
		"sizes, never the password. The certificate is self-signed unless you gave --tls-cert: "
		"compare its SHA-256 with the one serve printed before you accept it.",
		"RFC 8446 4.1, B.4; RFC 5246 7.4; RFC 8314 3"),
	EXPLAIN("tls:handshake-failed", "The TLS handshake failed",
		"The connection was closed before any mail was exchanged: the client sent something "
		"that is not a TLS ClientHello (plain SMTP to an implicit-TLS port, say), offered only "
		"versions or ciphers the server refuses (TLS 1.1 and older), went away mid-handshake, "
		"or never finished it before the idle timeout. Only that connection is lost; the "
		"server goes on serving the others.",
		"RFC 8446 6.2; RFC 8996; RFC 8314 3"),
};

const size_t explain_serve_count = sizeof explain_serve_table / sizeof explain_serve_table[0];
