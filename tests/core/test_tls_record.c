/* test_tls_record.c — simulated TLS on the wire: every flight is a run of
 * records whose headers are valid (RFC 8446 5.1: a known content type,
 * version 0x0301/0x0303, a length that matches, at most 2^14 + 256), and
 * application data costs exactly what tlsrec_app_wire_len says. */
#include <string.h>

#include "core/tls_record.h"
#include "suites.h"

/* memmem is not C11: does buf hold s? */
static int contains(const strbuf_t *b, const char *s)
{
	size_t n = strlen(s);
	for (size_t i = 0; i + n <= b->len; i++)
		if (!memcmp(b->buf + i, s, n))
			return 1;
	return 0;
}

/* The records of buf: their content types, or -1 when a header is wrong. */
static int records(const strbuf_t *b, int *types, int max)
{
	const unsigned char *p = (const unsigned char *)b->buf;
	size_t off = 0;
	int n = 0;
	while (off < b->len) {
		if (off + 5 > b->len || n == max)
			return -1;
		unsigned type = p[off], ver = (unsigned)p[off + 1] << 8 | p[off + 2];
		size_t len = (size_t)p[off + 3] << 8 | p[off + 4];
		if (type < 20 || type > 23 || (ver != 0x0301 && ver != 0x0303) || len == 0 ||
		    len > 16384 + 256 || off + 5 + len > b->len)
			return -1;
		types[n++] = (int)type;
		off += 5 + len;
	}
	return n;
}

static void test_handshake_records(void)
{
	strbuf_t b = STRBUF_INIT;
	int t[8];
	size_t n = tlsrec_client_hello(&b, "smtp.isp.example", 1);
	CU_ASSERT_EQUAL(n, b.len);
	CU_ASSERT_EQUAL(records(&b, t, 8), 1);
	CU_ASSERT_EQUAL(t[0], 22);
	CU_ASSERT_EQUAL((unsigned char)b.buf[5], 1);                  /* client_hello */
	CU_ASSERT(contains(&b, "smtp.isp.example"));   /* SNI, in clear */
	/* the handshake length (24 bits) is the record's minus its 4-octet header */
	size_t hs = (size_t)(unsigned char)b.buf[6] << 16 | (size_t)(unsigned char)b.buf[7] << 8 |
		    (unsigned char)b.buf[8];
	CU_ASSERT_EQUAL(hs + 4 + 5, b.len);
	sb_clear(&b);
	tlsrec_server_flight(&b, "mail.corp.example", 2);
	CU_ASSERT_EQUAL(records(&b, t, 8), 3);
	CU_ASSERT(t[0] == 22 && t[1] == 20 && t[2] == 23);
	CU_ASSERT(!contains(&b, "mail.corp.example"));  /* encrypted in 1.3 */
	sb_clear(&b);
	tlsrec_client_finished(&b, 3);
	CU_ASSERT_EQUAL(records(&b, t, 8), 2);
	CU_ASSERT(t[0] == 20 && t[1] == 23);
	sb_free(&b);
}

static void test_app_data_sizes(void)
{
	static const size_t sizes[] = { 1, 6, 500, 16384, 16385, 40000 };
	for (size_t i = 0; i < sizeof sizes / sizeof sizes[0]; i++) {
		strbuf_t b = STRBUF_INIT;
		int t[8];
		size_t n = tlsrec_app_data(&b, sizes[i], 7);
		CU_ASSERT_EQUAL(n, tlsrec_app_wire_len(sizes[i]));
		int nrec = records(&b, t, 8);
		CU_ASSERT_EQUAL(nrec, (int)((sizes[i] + 16383) / 16384));
		CU_ASSERT_EQUAL(n, sizes[i] + (size_t)nrec * TLSREC_APP_OVERHEAD);
		sb_free(&b);
	}
}

CU_TestInfo tls_record_tests[] = {
	{ "handshake flights are valid records; SNI in clear, certificate not", test_handshake_records },
	{ "application data: one record per 2^14 octets, the right sizes", test_app_data_sizes },
	CU_TEST_INFO_NULL,
};
