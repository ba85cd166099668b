/* test_util.c — growable strings, base64 (RFC 4648), RFC 5322 dates, the
 * simulated-time format and str_visible. */
#include <stdlib.h>
#include <string.h>

#include "suites.h"
#include "core/util.h"

/* RFC 4648 section 10 test vectors, both ways. */
static void test_base64_rfc4648_vectors(void)
{
	static const struct { const char *plain, *coded; } vec[] = {
		{ "", "" }, { "f", "Zg==" }, { "fo", "Zm8=" }, { "foo", "Zm9v" },
		{ "foob", "Zm9vYg==" }, { "fooba", "Zm9vYmE=" }, { "foobar", "Zm9vYmFy" },
	};
	for (size_t i = 0; i < sizeof vec / sizeof vec[0]; i++) {
		strbuf_t enc = STRBUF_INIT, dec = STRBUF_INIT;
		base64_encode((const unsigned char *)vec[i].plain, strlen(vec[i].plain), &enc);
		CU_ASSERT_STRING_EQUAL(sb_str(&enc), vec[i].coded);
		CU_ASSERT_EQUAL(base64_decode(vec[i].coded, strlen(vec[i].coded), &dec), 0);
		CU_ASSERT_EQUAL(dec.len, strlen(vec[i].plain));
		CU_ASSERT_STRING_EQUAL(sb_str(&dec), vec[i].plain);
		sb_free(&enc);
		sb_free(&dec);
	}
}

/* AUTH PLAIN carries NUL bytes: "\0smith\0s3cret" (RFC 4616). */
static void test_base64_binary(void)
{
	static const char plain[] = "\0smith\0s3cret";
	strbuf_t enc = STRBUF_INIT, dec = STRBUF_INIT;
	base64_encode((const unsigned char *)plain, sizeof plain - 1, &enc);
	CU_ASSERT_STRING_EQUAL(sb_str(&enc), "AHNtaXRoAHMzY3JldA==");
	CU_ASSERT_EQUAL(base64_decode(enc.buf, enc.len, &dec), 0);
	CU_ASSERT_EQUAL(dec.len, sizeof plain - 1);
	CU_ASSERT_EQUAL(memcmp(dec.buf, plain, sizeof plain - 1), 0);
	sb_clear(&dec);
	CU_ASSERT_EQUAL(base64_decode("AP8=", 4, &dec), 0);
	CU_ASSERT_EQUAL(dec.len, 2);
	CU_ASSERT_EQUAL((unsigned char)dec.buf[0], 0x00);
	CU_ASSERT_EQUAL((unsigned char)dec.buf[1], 0xFF);
	sb_free(&enc);
	sb_free(&dec);
}

static void test_base64_invalid_rejected(void)
{
	static const char *const bad[] = {
		"Zg=",          /* not a multiple of four */
		"Zg",           /* unpadded */
		"Zm9v!A==",     /* outside the alphabet */
		"Zm 9",         /* a space */
		"Z===",         /* padding too early in the group */
		"====",
		"Zg==Zg==",     /* padding before the end */
		"Zm=v",         /* data after padding */
		"Zm9-",         /* base64url is another alphabet */
	};
	for (size_t i = 0; i < sizeof bad / sizeof bad[0]; i++) {
		strbuf_t out = STRBUF_INIT;
		CU_ASSERT_EQUAL(base64_decode(bad[i], strlen(bad[i]), &out), -1);
		sb_free(&out);
	}
	strbuf_t out = STRBUF_INIT;
	CU_ASSERT_EQUAL(base64_decode("Zm\0v", 4, &out), -1);   /* an embedded NUL */
	sb_free(&out);
}

static void test_strbuf_growth(void)
{
	strbuf_t sb = STRBUF_INIT;
	CU_ASSERT_STRING_EQUAL(sb_str(&sb), "");
	for (int i = 0; i < 10000; i++)
		sb_putc(&sb, (char)('a' + i % 26));
	CU_ASSERT_EQUAL(sb.len, 10000);
	CU_ASSERT(sb.cap > sb.len);
	CU_ASSERT_EQUAL(sb.buf[10000], '\0');
	CU_ASSERT_EQUAL(sb.buf[9999], 'a' + 9999 % 26);
	CU_ASSERT_EQUAL(strlen(sb_str(&sb)), 10000);
	size_t cap = sb.cap;
	sb_clear(&sb);
	CU_ASSERT_EQUAL(sb.len, 0);
	CU_ASSERT_EQUAL(sb.cap, cap);   /* memory kept */
	CU_ASSERT_STRING_EQUAL(sb_str(&sb), "");
	sb_printf(&sb, "%s %d %s", "250", 2, "OK");
	sb_printf(&sb, "%0300d", 7);     /* longer than the first allocation */
	CU_ASSERT_EQUAL(sb.len, 8 + 300);
	CU_ASSERT_EQUAL(strncmp(sb.buf, "250 2 OK000", 11), 0);
	CU_ASSERT_EQUAL(sb.buf[sb.len - 1], '7');
	sb_consume(&sb, 4);
	CU_ASSERT_EQUAL(strncmp(sb_str(&sb), "2 OK0", 5), 0);
	CU_ASSERT_EQUAL(sb.len, 304);
	sb_consume(&sb, 1000);
	CU_ASSERT_EQUAL(sb.len, 0);
	CU_ASSERT_STRING_EQUAL(sb_str(&sb), "");
	sb_puts(&sb, "kept");
	char *p = sb_steal(&sb);
	CU_ASSERT_STRING_EQUAL(p, "kept");
	CU_ASSERT_PTR_NULL(sb.buf);
	CU_ASSERT_EQUAL(sb.len, 0);
	free(p);
	p = sb_steal(&sb);                /* empty: still a string to free */
	CU_ASSERT_STRING_EQUAL(p, "");
	free(p);
	sb_free(&sb);
}

static void test_string_helpers(void)
{
	CU_ASSERT_TRUE(str_ieq("MAIL", "mail"));
	CU_ASSERT_FALSE(str_ieq("MAIL", "mai"));
	CU_ASSERT_FALSE(str_ieq("RCPT", "RCPTS"));
	CU_ASSERT_TRUE(str_iprefix("mail from:<a@b>", "MAIL FROM:"));
	CU_ASSERT_FALSE(str_iprefix("MAIL", "MAIL FROM:"));
	CU_ASSERT_STRING_EQUAL(str_domain("boss@corp.example"), "corp.example");
	CU_ASSERT_STRING_EQUAL(str_domain("\"a@b\"@corp.example"), "corp.example");
	CU_ASSERT_STRING_EQUAL(str_domain("postmaster"), "");
	char s[] = "Mail.CORP.example";
	str_lower(s);
	CU_ASSERT_STRING_EQUAL(s, "mail.corp.example");
	char *d = xstrndup("HELO there", 4);
	CU_ASSERT_STRING_EQUAL(d, "HELO");
	free(d);
	CU_ASSERT_PTR_NULL(xstrdup(NULL));
}

static void test_rfc5322_date(void)
{
	static const struct { int64_t t; const char *s; } table[] = {
		{ 0, "Thu, 01 Jan 1970 00:00:00 +0000" },
		{ 1772442000, "Mon, 02 Mar 2026 09:00:00 +0000" },
		{ 951868799, "Tue, 29 Feb 2000 23:59:59 +0000" },   /* a leap day */
	};
	for (size_t i = 0; i < sizeof table / sizeof table[0]; i++) {
		char buf[64];
		fmt_rfc5322_date(table[i].t, buf, sizeof buf);
		CU_ASSERT_STRING_EQUAL(buf, table[i].s);
	}
}

static void test_sim_time(void)
{
	/* util.h: "+0.412s", "+5m00.620s", "+2h03m05s" */
	static const struct { int64_t us; const char *s; } table[] = {
		{ 0, "+0.000s" },
		{ 412000, "+0.412s" },
		{ 59999999, "+59.999s" },
		{ 60000000, "+1m00.000s" },
		{ 300620000, "+5m00.620s" },
		{ 312345678, "+5m12.345s" },
		{ 3599999999LL, "+59m59.999s" },
		{ (2 * 3600 + 3 * 60 + 5) * 1000000LL, "+2h03m05s" },
		{ 100 * 3600 * 1000000LL, "+100h00m00s" },
	};
	for (size_t i = 0; i < sizeof table / sizeof table[0]; i++) {
		char buf[32];
		fmt_sim_time(table[i].us, buf, sizeof buf);
		CU_ASSERT_STRING_EQUAL(buf, table[i].s);
	}
}

static void test_str_visible(void)
{
	static const struct { const char *in; size_t n; const char *out; } table[] = {
		{ "QUIT\r\n", 6, "QUIT\\r\\n" },
		{ "a\tb", 3, "a\\tb" },
		{ "\x1b[2J", 4, "^[[2J" },                       /* ESC cannot reach the terminal */
		{ "bell\a", 5, "bell^G" },
		{ "nul\0x", 5, "nul^@x" },
		{ "del\x7f", 4, "del^?" },
		{ "caf\xc3\xa9", 5, "caf\xc3\xa9" },             /* valid UTF-8 kept */
		{ "\xe2\x82\xac 5", 5, "\xe2\x82\xac 5" },
		{ "\xf0\x9f\x93\xa7", 4, "\xf0\x9f\x93\xa7" },   /* U+1F4E7 envelope */
		{ "\xff", 1, "\\xFF" },
		{ "\xc3(", 2, "\\xC3(" },                        /* bad continuation */
		{ "\xe2\x82", 2, "\\xE2\\x82" },                 /* cut short */
		{ "\xc0\xaf", 2, "\\xC0\\xAF" },                 /* overlong '/' */
		{ "\xe0\x80\xaf", 3, "\\xE0\\x80\\xAF" },        /* overlong, three bytes */
		{ "\xed\xa0\x80", 3, "\\xED\\xA0\\x80" },        /* a UTF-16 surrogate */
		{ "\xf4\x90\x80\x80", 4, "\\xF4\\x90\\x80\\x80" }, /* above U+10FFFF */
		{ "\xc2\x9b" "2J", 4, "\\xC2\\x9B2J" },          /* C1 CSI is a control */
		{ "", 0, "" },
	};
	for (size_t i = 0; i < sizeof table / sizeof table[0]; i++) {
		strbuf_t sb = STRBUF_INIT;
		str_visible(table[i].in, table[i].n, &sb);
		CU_ASSERT_PTR_NOT_NULL(sb.buf);
		CU_ASSERT_STRING_EQUAL(sb_str(&sb), table[i].out);
		sb_free(&sb);
	}
}

CU_TestInfo util_tests[] = {
	{ "base64: RFC 4648 section 10 vectors both ways", test_base64_rfc4648_vectors },
	{ "base64: binary with NUL bytes", test_base64_binary },
	{ "base64: invalid input rejected", test_base64_invalid_rejected },
	{ "strbuf grows, clears, consumes, steals", test_strbuf_growth },
	{ "case-insensitive and address helpers", test_string_helpers },
	{ "RFC 5322 date of known times", test_rfc5322_date },
	{ "simulated time format", test_sim_time },
	{ "str_visible: controls, ESC, invalid UTF-8", test_str_visible },
	CU_TEST_INFO_NULL,
};
