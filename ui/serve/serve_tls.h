/* serve_tls.h — real TLS for `mailpath serve` (OpenSSL): the server's
 * certificate (a fresh self-signed one, or the user's) and non-blocking TLS
 * connections driven by serve's one poll() loop. sim/ never sees OpenSSL:
 * the protocol sessions only say "switch to TLS now" through their transport. */
#ifndef MP_SERVE_TLS_H
#define MP_SERVE_TLS_H

#include <stddef.h>
#include <sys/types.h>

typedef struct serve_tls serve_tls_t;     /* one SSL_CTX and its certificate */
typedef struct tls_conn tls_conn_t;       /* one TLS connection on a socket */

/* With cert == NULL: a fresh self-signed certificate (EC P-256, in memory)
 * whose subjectAltName lists names[0..n) plus localhost, 127.0.0.1 and ::1.
 * Otherwise the user's PEM certificate (chain) and key. TLS 1.2 and 1.3 only.
 * NULL and a message in err on failure. */
serve_tls_t *serve_tls_new(const char *cert_file, const char *key_file, const char *const *names, size_t n,
			   char *err, size_t errsize);
void serve_tls_free(serve_tls_t *t);
/* "AB:CD:..." — SHA-256 of the certificate (DER), as browsers show it. */
const char *serve_tls_fingerprint(const serve_tls_t *t);
const char *serve_tls_subject(const serve_tls_t *t);   /* "CN=smtp.isp.example" */

enum {
	TLS_IO_DONE = 1,      /* handshake: finished */
	TLS_IO_AGAIN = 0,     /* would block: poll (tls_conn_wants_write says for what) */
	TLS_IO_EOF = -1,      /* the peer closed */
	TLS_IO_FAILED = -2,   /* protocol error: tls_conn_error says which */
};

tls_conn_t *tls_conn_new(serve_tls_t *t, int fd);
void tls_conn_free(tls_conn_t *c);        /* a close_notify if it can, never blocks */
int tls_conn_handshake(tls_conn_t *c);    /* TLS_IO_DONE, _AGAIN or _FAILED */
/* > 0 octets read, or TLS_IO_AGAIN / _EOF / _FAILED. */
ssize_t tls_conn_read(tls_conn_t *c, char *buf, size_t size);
/* > 0 octets written (a prefix of p), or TLS_IO_AGAIN / _FAILED. When it
 * returned AGAIN, call again with (at least) the same octets. */
ssize_t tls_conn_write(tls_conn_t *c, const char *p, size_t n);
int tls_conn_wants_write(const tls_conn_t *c);   /* the last AGAIN waits for POLLOUT */
int tls_conn_pending(const tls_conn_t *c);       /* decrypted octets wait inside */
const char *tls_conn_version(const tls_conn_t *c);  /* "TLSv1.3" */
const char *tls_conn_cipher(const tls_conn_t *c);   /* "TLS_AES_256_GCM_SHA384" */
const char *tls_conn_sni(const tls_conn_t *c);      /* the server name the client asked for, or "" */
const char *tls_conn_error(const tls_conn_t *c);    /* why it failed, "" if it did not */

#endif
