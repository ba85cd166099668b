/* tls_record.c — simulated TLS on the wire (see tls_record.h). The layouts
 * follow RFC 8446 4.1.2 (ClientHello), 4.1.3 (ServerHello), 4.2 (the
 * extensions: server_name RFC 6066 3, supported_groups, signature_algorithms,
 * supported_versions, key_share), 5.1 (records) and D.4 (the compatibility
 * ChangeCipherSpec). Lengths are filled in after the body is written. */
#include "core/tls_record.h"

#include <string.h>

#define CT_CCS 20
#define CT_ALERT 21
#define CT_HANDSHAKE 22
#define CT_APPDATA 23

static uint64_t mix(uint64_t *s)
{
	/* splitmix64: reproducible filler, not secrecy */
	uint64_t z = (*s += 0x9E3779B97F4A7C15u);
	z = (z ^ (z >> 30)) * 0xBF58476D1CE4E5B9u;
	z = (z ^ (z >> 27)) * 0x94D049BB133111EBu;
	return z ^ (z >> 31);
}

static void put8(strbuf_t *o, unsigned v)
{
	sb_putc(o, (char)(v & 0xFF));
}

static void put16(strbuf_t *o, unsigned v)
{
	put8(o, v >> 8);
	put8(o, v);
}

static void filler(strbuf_t *o, size_t n, uint64_t *seed)
{
	for (size_t i = 0; i < n; i++)
		put8(o, (unsigned)(mix(seed) & 0xFF));
}

/* Write a 16- or 24-bit length at o->buf[at] for what follows it. */
static void len_at(strbuf_t *o, size_t at, int bytes)
{
	size_t n = o->len - at - (size_t)bytes;
	for (int i = bytes - 1; i >= 0; i--, n >>= 8)
		o->buf[at + (size_t)i] = (char)(n & 0xFF);
}

static size_t record_open(strbuf_t *o, unsigned type, unsigned version)
{
	put8(o, type);
	put16(o, version);
	size_t at = o->len;
	put16(o, 0);
	return at;
}

static void ext_open(strbuf_t *o, unsigned type, size_t *at)
{
	put16(o, type);
	*at = o->len;
	put16(o, 0);
}

size_t tlsrec_client_hello(strbuf_t *out, const char *sni, uint64_t seed)
{
	size_t start = out->len, rec = record_open(out, CT_HANDSHAKE, 0x0301), ext, e, l;
	put8(out, 1);                   /* client_hello */
	size_t hs = out->len;
	put8(out, 0), put16(out, 0);
	put16(out, 0x0303);             /* legacy_version */
	filler(out, 32, &seed);         /* random */
	put8(out, 32);
	filler(out, 32, &seed);         /* legacy_session_id (middlebox compatibility) */
	put16(out, 6);
	put16(out, 0x1301), put16(out, 0x1302), put16(out, 0x1303);
	put8(out, 1), put8(out, 0);     /* compression: null */
	ext = out->len;
	put16(out, 0);
	if (sni && *sni) {              /* RFC 6066 3: server_name */
		size_t n = strlen(sni);
		ext_open(out, 0x0000, &e);
		put16(out, (unsigned)n + 3);
		put8(out, 0);
		put16(out, (unsigned)n);
		sb_append(out, sni, n);
		len_at(out, e, 2);
	}
	ext_open(out, 0x000a, &e);      /* supported_groups: x25519 */
	put16(out, 2), put16(out, 0x001d);
	len_at(out, e, 2);
	ext_open(out, 0x000d, &e);      /* signature_algorithms */
	put16(out, 4), put16(out, 0x0804), put16(out, 0x0403);
	len_at(out, e, 2);
	ext_open(out, 0x002b, &e);      /* supported_versions: TLS 1.3 */
	put8(out, 2), put16(out, 0x0304);
	len_at(out, e, 2);
	ext_open(out, 0x0033, &e);      /* key_share */
	l = out->len;
	put16(out, 0);
	put16(out, 0x001d), put16(out, 32);
	filler(out, 32, &seed);
	len_at(out, l, 2);
	len_at(out, e, 2);
	len_at(out, ext, 2);
	len_at(out, hs, 3);
	len_at(out, rec, 2);
	return out->len - start;
}

static void ccs(strbuf_t *out)
{
	size_t rec = record_open(out, CT_CCS, 0x0303);
	put8(out, 1);
	len_at(out, rec, 2);
}

static void encrypted(strbuf_t *out, size_t n, uint64_t *seed)
{
	size_t rec = record_open(out, CT_APPDATA, 0x0303);
	filler(out, n, seed);
	len_at(out, rec, 2);
}

size_t tlsrec_server_flight(strbuf_t *out, const char *cert_name, uint64_t seed)
{
	size_t start = out->len, rec = record_open(out, CT_HANDSHAKE, 0x0303), ext, e, l;
	put8(out, 2);                   /* server_hello */
	size_t hs = out->len;
	put8(out, 0), put16(out, 0);
	put16(out, 0x0303);
	filler(out, 32, &seed);
	put8(out, 32);
	filler(out, 32, &seed);
	put16(out, 0x1301);             /* TLS_AES_128_GCM_SHA256 */
	put8(out, 0);
	ext = out->len;
	put16(out, 0);
	ext_open(out, 0x002b, &e);
	put16(out, 0x0304);
	len_at(out, e, 2);
	ext_open(out, 0x0033, &e);
	l = out->len;
	put16(out, 0x001d), put16(out, 32);
	filler(out, 32, &seed);
	(void)l;
	len_at(out, e, 2);
	len_at(out, ext, 2);
	len_at(out, hs, 3);
	len_at(out, rec, 2);
	ccs(out);
	/* EncryptedExtensions, Certificate (about 800 octets and the name),
	 * CertificateVerify, Finished: one encrypted record */
	encrypted(out, 1100 + (cert_name ? strlen(cert_name) : 0), &seed);
	return out->len - start;
}

size_t tlsrec_client_finished(strbuf_t *out, uint64_t seed)
{
	size_t start = out->len;
	ccs(out);
	encrypted(out, 32 + 4 + 1 + 16, &seed);   /* Finished, content type, tag */
	return out->len - start;
}

size_t tlsrec_alert(strbuf_t *out)
{
	/* before the client's keys: a plaintext alert, fatal bad_certificate */
	size_t start = out->len, rec = record_open(out, CT_ALERT, 0x0303);
	put8(out, 2), put8(out, 42);
	len_at(out, rec, 2);
	return out->len - start;
}

size_t tlsrec_app_data(strbuf_t *out, size_t plain, uint64_t seed)
{
	size_t start = out->len;
	do {
		size_t n = plain > TLSREC_PLAIN_MAX ? TLSREC_PLAIN_MAX : plain;
		encrypted(out, n + 1 + 16, &seed);
		plain -= n;
	} while (plain > 0);
	return out->len - start;
}

size_t tlsrec_app_wire_len(size_t plain)
{
	size_t records = plain == 0 ? 1 : (plain + TLSREC_PLAIN_MAX - 1) / TLSREC_PLAIN_MAX;
	return plain + records * TLSREC_APP_OVERHEAD;
}
