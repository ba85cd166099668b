/* explain_tls.c — the teaching texts for TLS on the mail path: the
 * (simulated) handshake, STLS, implicit TLS, the faults that attack it, and
 * what a passive observer on a link sees. */
#include "teach/explain_tables.h"

const explain_t explain_tls_table[] = {
	EXPLAIN("tls:ClientHello", "ClientHello — the client proposes TLS",
		"The first message of the TLS handshake, in clear: the versions and ciphers the client "
		"accepts, a key share, and the name of the server it wants (SNI). It proves nothing yet. "
		"An eavesdropper reads the server name; from here on it sees only record sizes and "
		"times. mailpath simulates the handshake: the records look real, the cryptography is "
		"not there.",
		"RFC 8446 4.1.2; RFC 6066 3"),
	EXPLAIN("tls:ServerHello", "ServerHello — the server answers, with its certificate",
		"The server picks the version and cipher and sends its key share; then, encrypted, its "
		"certificate, a signature proving it holds the certificate's private key, and its "
		"Finished. It proves that whoever answers owns a certificate for the name in it, signed "
		"by a CA the client trusts. It does not prove that this name is the one the client "
		"wanted: the client must check that, and opportunistic SMTP often does not.",
		"RFC 8446 4.1.3, 4.4; RFC 6125 6"),
	EXPLAIN("tls:Finished", "Finished — the handshake is complete",
		"The client's Finished proves that both sides saw the same handshake, so nobody "
		"tampered with it. From now on both directions are encrypted and protected: an "
		"observer sees TLS records of some size, never the lines. It does not hide who talks "
		"to whom, when, or how much (metadata).",
		"RFC 8446 4.4.4"),
	EXPLAIN("tls:bad-certificate", "The certificate names another host: refused",
		"The certificate is valid but for another name, so the server may be an impostor. A "
		"client that verifies (a mail client, a POP3 client) stops with a bad_certificate "
		"alert before sending anything secret.",
		"RFC 8446 6.2; RFC 6125 6.6"),
	EXPLAIN("tls:unverified", "The certificate is not checked (opportunistic TLS)",
		"Between MTAs TLS is usually opportunistic: encrypt when possible, but do not check the "
		"certificate's name, because a failure would only push the mail back to plaintext. "
		"This stops a passive eavesdropper, not an active man-in-the-middle. DANE (RFC 7672) "
		"and MTA-STS (RFC 8461) let a domain say which certificate to expect.",
		"RFC 7435 1; RFC 3207 4.1"),
	EXPLAIN("pop3:STLS", "STLS — switch POP3 to TLS",
		"Offered by CAPA (the STLS line) and allowed only in the AUTHORIZATION state, before "
		"the login: after +OK the TLS handshake starts, the client forgets the capabilities it "
		"learnt and sends USER and PASS inside TLS. A second STLS is refused. Port 995 (POP3S) "
		"does without it: TLS from the first byte, as RFC 8314 recommends.",
		"RFC 2595 4; RFC 8314 3.3"),
	EXPLAIN("tls:implicit", "Implicit TLS: ports 465 and 995",
		"On 465 (submission) and 995 (POP3) the TLS handshake comes first and the greeting "
		"arrives inside TLS. Nothing can be stripped, because nothing is said in clear; RFC 8314 "
		"prefers it to STARTTLS for mail clients.",
		"RFC 8314 3"),
	EXPLAIN("fault:no-starttls", "Fault: the corporate host does not offer STARTTLS",
		"Its EHLO reply has no STARTTLS line. An opportunistic relay (may) sends the message "
		"in clear; one that requires TLS (encrypt) refuses and keeps it queued; the "
		"supervisor's POP3 still works on 995.",
		"RFC 3207 4; RFC 7435"),
	EXPLAIN("fault:strip-starttls", "Fault: a man-in-the-middle strips STARTTLS",
		"Someone on link 3-4 deletes 250-STARTTLS from the corporate host's EHLO reply. The "
		"ISP, relaying opportunistically, believes TLS is not available and sends in clear: a "
		"silent downgrade. Requiring TLS (relay-tls encrypt) turns it into a queued message; "
		"MTA-STS (RFC 8461) and DANE (RFC 7672) let an MTA know that a domain requires TLS.",
		"RFC 3207 6; RFC 8461; RFC 7672"),
	EXPLAIN("fault:bad-certificate", "Fault: a certificate for the wrong name",
		"The corporate host presents a certificate that names imposter.example. A client that "
		"verifies the name refuses; opportunistic TLS between MTAs carries on, encrypted but "
		"not authenticated.",
		"RFC 6125 6; RFC 7435"),
	EXPLAIN("tls:eavesdropper", "The eavesdropper's view",
		"A passive observer on a link reads every byte that crosses it. In clear that is every "
		"command, the message itself, and the passwords: USER/PASS as typed, AUTH PLAIN and "
		"AUTH LOGIN as base64, which is an encoding, not encryption. Inside TLS it sees records "
		"of some size, and still who talks to whom and when.",
		"RFC 7258; RFC 4954 4"),
};

const size_t explain_tls_count = sizeof explain_tls_table / sizeof explain_tls_table[0];
