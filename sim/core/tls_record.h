/* tls_record.h — what simulated TLS looks like on the wire: records with
 * valid headers (RFC 8446 5.1) shaped like a TLS 1.3 handshake, and
 * application-data records of the right sizes. mailpath does no
 * cryptography: the "ciphertext" is deterministic filler, so a capture
 * dissects as TLS in Wireshark and an observer learns sizes and timing only.
 *
 *   ClientHello     handshake record, in clear: SNI names the server wanted
 *   ServerHello     handshake record, in clear; then ChangeCipherSpec and one
 *                   encrypted record (the certificate travels encrypted in 1.3)
 *   Finished        ChangeCipherSpec and one encrypted record from the client
 *   application     one record per send (split at 2^14 octets), each the
 *                   plaintext plus its content type and a 16-octet AEAD tag */
#ifndef MP_TLS_RECORD_H
#define MP_TLS_RECORD_H

#include <stddef.h>
#include <stdint.h>

#include "core/util.h"

#define TLSREC_HEADER 5             /* type, version, length (RFC 8446 5.1) */
#define TLSREC_PLAIN_MAX 16384      /* 2^14 octets of plaintext per record */
#define TLSREC_APP_OVERHEAD 22      /* header + inner content type + AEAD tag */

/* What the handshake messages are, as the simulated network carries them. */
typedef enum tlsrec_msg {
	TLSREC_NONE,
	TLSREC_CLIENT_HELLO,        /* info: the SNI */
	TLSREC_SERVER_FLIGHT,       /* info: the name in the certificate */
	TLSREC_CLIENT_FINISHED,
	TLSREC_ALERT,               /* the client gives up (bad certificate) */
} tlsrec_msg_t;

/* Each appends the records to out and returns how many octets it added;
 * seed makes the filler reproducible. */
size_t tlsrec_client_hello(strbuf_t *out, const char *sni, uint64_t seed);
size_t tlsrec_server_flight(strbuf_t *out, const char *cert_name, uint64_t seed);
size_t tlsrec_client_finished(strbuf_t *out, uint64_t seed);
size_t tlsrec_alert(strbuf_t *out);
size_t tlsrec_app_data(strbuf_t *out, size_t plain, uint64_t seed);
/* Octets on the wire for `plain` octets of application data. */
size_t tlsrec_app_wire_len(size_t plain);

#endif
