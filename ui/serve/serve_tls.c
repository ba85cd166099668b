/* serve_tls.c — real TLS for `mailpath serve`, with OpenSSL.
 *
 * The certificate: without --tls-cert, a fresh self-signed one made at
 * start-up and kept in memory (EC P-256: a few milliseconds), valid from an
 * hour ago for 30 days, for the world's host names plus localhost, 127.0.0.1
 * and ::1 (RFC 6125: clients match subjectAltName, not the CN). Its SHA-256
 * fingerprint is what a careful user pins.
 *
 * The connections: every socket is non-blocking; SSL_accept, SSL_read and
 * SSL_write report SSL_ERROR_WANT_READ/WRITE and the caller polls for that,
 * so one slow or silent peer never stops the loop (RFC 8314 and RFC 3207
 * say nothing about this; a server with one thread must). */
#include "serve/serve_tls.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <openssl/err.h>
#include <openssl/evp.h>
#include <openssl/rand.h>
#include <openssl/ssl.h>
#include <openssl/x509.h>
#include <openssl/x509v3.h>

#include "core/util.h"

#define TLS_CERT_DAYS 30

struct serve_tls {
	SSL_CTX *ctx;
	char fingerprint[32 * 3];
	char subject[256];
};

struct tls_conn {
	SSL *ssl;
	int want_write;
	char error[160];
};

static void openssl_error(char *err, size_t errsize, const char *what)
{
	unsigned long e = ERR_get_error();
	char buf[200] = "";
	if (e)
		ERR_error_string_n(e, buf, sizeof buf);
	snprintf(err, errsize, "%s%s%s", what, buf[0] ? ": " : "", buf);
	ERR_clear_error();
}

/* ---- the self-signed certificate --------------------------------------- */

static int add_ext(X509 *x, int nid, const char *value)
{
	X509V3_CTX v3;
	X509V3_set_ctx_nodb(&v3);
	X509V3_set_ctx(&v3, x, x, NULL, NULL, 0);
	X509_EXTENSION *ext = X509V3_EXT_conf_nid(NULL, &v3, nid, value);
	if (!ext)
		return -1;
	int ok = X509_add_ext(x, ext, -1);
	X509_EXTENSION_free(ext);
	return ok ? 0 : -1;
}

static void san_list(const char *const *names, size_t n, strbuf_t *sb)
{
	for (size_t i = 0; i < n; i++)
		if (names[i] && names[i][0])
			sb_printf(sb, "DNS:%s,", names[i]);
	sb_printf(sb, "DNS:localhost,IP:127.0.0.1,IP:::1");
}

static int make_self_signed(SSL_CTX *ctx, const char *const *names, size_t n, char *err, size_t errsize)
{
	EVP_PKEY *key = EVP_EC_gen("P-256");
	X509 *x = X509_new();
	int rc = -1;
	unsigned char serial[16];
	strbuf_t san = { 0 };
	if (!key || !x || RAND_bytes(serial, sizeof serial) != 1) {
		openssl_error(err, errsize, "cannot make a key");
		goto out;
	}
	serial[0] &= 0x7f;   /* RFC 5280 4.1.2.2: a positive integer */
	BIGNUM *bn = BN_bin2bn(serial, sizeof serial, NULL);
	ASN1_INTEGER *sn = bn ? BN_to_ASN1_INTEGER(bn, NULL) : NULL;
	BN_free(bn);
	if (!sn || !X509_set_serialNumber(x, sn)) {
		ASN1_INTEGER_free(sn);
		openssl_error(err, errsize, "cannot number the certificate");
		goto out;
	}
	ASN1_INTEGER_free(sn);
	X509_set_version(x, 2);   /* v3: extensions */
	X509_gmtime_adj(X509_getm_notBefore(x), -3600);
	X509_gmtime_adj(X509_getm_notAfter(x), (long)TLS_CERT_DAYS * 86400);
	X509_NAME *name = X509_get_subject_name(x);
	const char *cn = n && names[0] ? names[0] : "localhost";
	X509_NAME_add_entry_by_txt(name, "O", MBSTRING_ASC, (const unsigned char *)"mailpath (self-signed)", -1, -1, 0);
	X509_NAME_add_entry_by_txt(name, "CN", MBSTRING_ASC, (const unsigned char *)cn, -1, -1, 0);
	X509_set_issuer_name(x, name);
	X509_set_pubkey(x, key);
	san_list(names, n, &san);
	if (add_ext(x, NID_subject_alt_name, sb_str(&san)) || add_ext(x, NID_basic_constraints, "critical,CA:FALSE") ||
	    add_ext(x, NID_key_usage, "critical,digitalSignature") || add_ext(x, NID_ext_key_usage, "serverAuth") ||
	    !X509_sign(x, key, EVP_sha256())) {
		openssl_error(err, errsize, "cannot sign the certificate");
		goto out;
	}
	if (SSL_CTX_use_certificate(ctx, x) != 1 || SSL_CTX_use_PrivateKey(ctx, key) != 1) {
		openssl_error(err, errsize, "cannot use the certificate");
		goto out;
	}
	rc = 0;
out:
	sb_free(&san);
	X509_free(x);
	EVP_PKEY_free(key);
	return rc;
}

static int load_files(SSL_CTX *ctx, const char *cert, const char *key, char *err, size_t errsize)
{
	char what[300];
	if (SSL_CTX_use_certificate_chain_file(ctx, cert) != 1) {
		snprintf(what, sizeof what, "--tls-cert %s", cert);
		openssl_error(err, errsize, what);
		return -1;
	}
	if (SSL_CTX_use_PrivateKey_file(ctx, key, SSL_FILETYPE_PEM) != 1) {
		snprintf(what, sizeof what, "--tls-key %s", key);
		openssl_error(err, errsize, what);
		return -1;
	}
	if (SSL_CTX_check_private_key(ctx) != 1) {
		openssl_error(err, errsize, "--tls-key does not match --tls-cert");
		return -1;
	}
	return 0;
}

static void describe(serve_tls_t *t)
{
	X509 *x = SSL_CTX_get0_certificate(t->ctx);
	unsigned char md[EVP_MAX_MD_SIZE];
	unsigned int len = 0;
	size_t k = 0;
	t->fingerprint[0] = '\0';
	if (x && X509_digest(x, EVP_sha256(), md, &len) == 1)
		for (unsigned i = 0; i < len; i++)
			k += (size_t)snprintf(t->fingerprint + k, sizeof t->fingerprint - k, "%s%02X", i ? ":" : "", md[i]);
	t->subject[0] = '\0';
	if (x)
		X509_NAME_oneline(X509_get_subject_name(x), t->subject, sizeof t->subject);
}

serve_tls_t *serve_tls_new(const char *cert_file, const char *key_file, const char *const *names, size_t n,
			   char *err, size_t errsize)
{
	SSL_CTX *ctx = SSL_CTX_new(TLS_server_method());
	if (!ctx) {
		openssl_error(err, errsize, "cannot start OpenSSL");
		return NULL;
	}
	/* RFC 8996: TLS 1.0 and 1.1 are deprecated; RFC 8314 4.1: 1.2 or later. */
	SSL_CTX_set_min_proto_version(ctx, TLS1_2_VERSION);
	SSL_CTX_set_max_proto_version(ctx, TLS1_3_VERSION);
	SSL_CTX_set_options(ctx, SSL_OP_NO_RENEGOTIATION | SSL_OP_CIPHER_SERVER_PREFERENCE);
	/* out buffers move and grow between retries of one SSL_write */
	SSL_CTX_set_mode(ctx, SSL_MODE_ENABLE_PARTIAL_WRITE | SSL_MODE_ACCEPT_MOVING_WRITE_BUFFER);
	int rc = cert_file ? load_files(ctx, cert_file, key_file, err, errsize)
			   : make_self_signed(ctx, names, n, err, errsize);
	if (rc != 0) {
		SSL_CTX_free(ctx);
		return NULL;
	}
	serve_tls_t *t = xcalloc(1, sizeof *t);
	t->ctx = ctx;
	describe(t);
	return t;
}

void serve_tls_free(serve_tls_t *t)
{
	if (!t)
		return;
	SSL_CTX_free(t->ctx);
	free(t);
}

const char *serve_tls_fingerprint(const serve_tls_t *t)
{
	return t->fingerprint;
}

const char *serve_tls_subject(const serve_tls_t *t)
{
	return t->subject;
}

/* ---- connections ----------------------------------------------------- */

tls_conn_t *tls_conn_new(serve_tls_t *t, int fd)
{
	SSL *ssl = SSL_new(t->ctx);
	if (!ssl)
		return NULL;
	if (SSL_set_fd(ssl, fd) != 1) {
		SSL_free(ssl);
		return NULL;
	}
	SSL_set_accept_state(ssl);
	tls_conn_t *c = xcalloc(1, sizeof *c);
	c->ssl = ssl;
	return c;
}

void tls_conn_free(tls_conn_t *c)
{
	if (!c)
		return;
	if (SSL_is_init_finished(c->ssl) && !(SSL_get_shutdown(c->ssl) & SSL_SENT_SHUTDOWN))
		(void)SSL_shutdown(c->ssl);   /* non-blocking: one try at a close_notify */
	ERR_clear_error();
	SSL_free(c->ssl);
	free(c);
}

/* What an SSL_* call that returned rc <= 0 means for the loop. */
static int classify(tls_conn_t *c, int rc, const char *what)
{
	int e = SSL_get_error(c->ssl, rc);
	c->want_write = 0;
	switch (e) {
	case SSL_ERROR_WANT_READ:
		return TLS_IO_AGAIN;
	case SSL_ERROR_WANT_WRITE:
		c->want_write = 1;
		return TLS_IO_AGAIN;
	case SSL_ERROR_ZERO_RETURN:
		return TLS_IO_EOF;
	case SSL_ERROR_SYSCALL:
		if (!ERR_peek_error()) {
			snprintf(c->error, sizeof c->error, "%s: the peer vanished", what);
			ERR_clear_error();
			return TLS_IO_EOF;
		}
		/* fall through */
	default: {
		unsigned long err = ERR_get_error();
		const char *reason = err ? ERR_reason_error_string(err) : NULL;
		snprintf(c->error, sizeof c->error, "%s: %s", what, reason ? reason : "protocol error");
		ERR_clear_error();
		return TLS_IO_FAILED;
	}
	}
}

int tls_conn_handshake(tls_conn_t *c)
{
	ERR_clear_error();
	int rc = SSL_do_handshake(c->ssl);
	if (rc == 1) {
		c->want_write = 0;
		return TLS_IO_DONE;
	}
	int r = classify(c, rc, "handshake");
	return r == TLS_IO_EOF ? TLS_IO_FAILED : r;
}

ssize_t tls_conn_read(tls_conn_t *c, char *buf, size_t size)
{
	size_t got = 0;
	ERR_clear_error();
	if (SSL_read_ex(c->ssl, buf, size, &got) == 1) {
		c->want_write = 0;
		return (ssize_t)got;
	}
	return classify(c, 0, "read");
}

ssize_t tls_conn_write(tls_conn_t *c, const char *p, size_t n)
{
	size_t put = 0;
	ERR_clear_error();
	if (SSL_write_ex(c->ssl, p, n, &put) == 1) {
		c->want_write = 0;
		return (ssize_t)put;
	}
	int r = classify(c, 0, "write");
	return r == TLS_IO_EOF ? TLS_IO_FAILED : r;
}

int tls_conn_wants_write(const tls_conn_t *c)
{
	return c->want_write;
}

int tls_conn_pending(const tls_conn_t *c)
{
	return SSL_has_pending(c->ssl);
}

const char *tls_conn_version(const tls_conn_t *c)
{
	return SSL_get_version(c->ssl);
}

const char *tls_conn_cipher(const tls_conn_t *c)
{
	const char *name = SSL_get_cipher_name(c->ssl);
	return name ? name : "";
}

const char *tls_conn_sni(const tls_conn_t *c)
{
	const char *name = SSL_get_servername(c->ssl, TLSEXT_NAMETYPE_host_name);
	return name ? name : "";
}

const char *tls_conn_error(const tls_conn_t *c)
{
	return c->error;
}
