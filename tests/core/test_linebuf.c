/* test_linebuf.c — CUnit suite for the linebuf module: framing, line ends per
 * mode, overlong lines, bounded memory. */
#include <stdlib.h>
#include <string.h>

#include "core/linebuf.h"
#include "suites.h"
#include "core/util.h"

/* Every complete line, made visible, joined with "|"; "!" after an overlong one. */
static void drain(linebuf_t *lb, strbuf_t *got)
{
	const char *line;
	size_t len;
	int overlong;
	while (linebuf_next(lb, &line, &len, &overlong)) {
		if (got->buf)   /* a line was seen, even an empty one */
			sb_putc(got, '|');
		str_visible(line, len, got);
		if (overlong)
			sb_putc(got, '!');
	}
}

static const struct {
	linebuf_mode_t mode;
	size_t max;
	const char *in;
	const char *lines;      /* drained after the whole input */
	size_t pending;         /* octets left over */
} cases[] = {
	{ LB_LF_OK, 512, "EHLO a\r\nNOOP\nQUI", "EHLO a|NOOP", 3 },
	{ LB_LF_OK, 512, "\r\n\n", "|", 0 },
	{ LB_LF_OK, 512, "a\rb\r\n", "a\\rb", 0 },             /* a lone CR is content */
	{ LB_CRLF_ONLY, 1000, "one\ntwo\r\n", "one\\ntwo", 0 },  /* a bare LF is not an end */
	{ LB_CRLF_ONLY, 1000, "x\n.\r\n", "x\\n.", 0 },         /* no smuggled dot line */
	{ LB_CRLF_ONLY, 1000, "x\r\n.\r\n", "x|.", 0 },
	{ LB_CRLF_ONLY, 1000, "end\r", "", 4 },                  /* CR waits for its LF */
	/* max 10: 8 octets of content + CRLF fit, 9 do not */
	{ LB_LF_OK, 10, "12345678\r\n", "12345678", 0 },
	{ LB_LF_OK, 10, "123456789\r\nok\r\n", "12345678!|ok", 0 },
	{ LB_LF_OK, 10, "0123456789abcdefghij\nok\n", "01234567!|ok", 0 },
	{ LB_CRLF_ONLY, 10, "0123456789abcdefghij\nstill\r\nok\r\n", "01234567!|ok", 0 },
};

static void test_table(void)
{
	for (size_t i = 0; i < sizeof cases / sizeof cases[0]; i++) {
		linebuf_t *lb = linebuf_new(cases[i].max, cases[i].mode);
		strbuf_t got = STRBUF_INIT;
		linebuf_feed(lb, cases[i].in, strlen(cases[i].in));
		drain(lb, &got);
		CU_ASSERT_STRING_EQUAL(sb_str(&got), cases[i].lines);
		CU_ASSERT_EQUAL(linebuf_pending(lb), cases[i].pending);
		sb_free(&got);
		linebuf_free(lb);
	}
}

/* The same table fed one octet at a time gives the same lines. */
static void test_table_bytewise(void)
{
	for (size_t i = 0; i < sizeof cases / sizeof cases[0]; i++) {
		linebuf_t *lb = linebuf_new(cases[i].max, cases[i].mode);
		strbuf_t got = STRBUF_INIT;
		for (const char *p = cases[i].in; *p; p++) {
			linebuf_feed(lb, p, 1);
			drain(lb, &got);
		}
		CU_ASSERT_STRING_EQUAL(sb_str(&got), cases[i].lines);
		sb_free(&got);
		linebuf_free(lb);
	}
}

/* The mode applies to lines not yet returned: DATA content that arrives in
 * the same feed as DATA is split by CRLF only. */
static void test_mode_switch_is_lazy(void)
{
	linebuf_t *lb = linebuf_new(1000, LB_LF_OK);
	const char *in = "DATA\nbody\n.\r\n.\r\nQUIT\n";
	const char *line;
	size_t len;
	int overlong;
	linebuf_feed(lb, in, strlen(in));
	CU_ASSERT_FATAL(linebuf_next(lb, &line, &len, &overlong));
	CU_ASSERT_EQUAL(len, 4);
	CU_ASSERT_NSTRING_EQUAL(line, "DATA", 4);
	linebuf_set_mode(lb, LB_CRLF_ONLY);
	CU_ASSERT_FATAL(linebuf_next(lb, &line, &len, &overlong));
	CU_ASSERT_EQUAL(len, 6);
	CU_ASSERT_NSTRING_EQUAL(line, "body\n.", 6);
	CU_ASSERT_FATAL(linebuf_next(lb, &line, &len, &overlong));
	CU_ASSERT_EQUAL(len, 1);
	linebuf_set_mode(lb, LB_LF_OK);
	CU_ASSERT_FATAL(linebuf_next(lb, &line, &len, &overlong));
	CU_ASSERT_EQUAL(len, 4);
	CU_ASSERT_NSTRING_EQUAL(line, "QUIT", 4);
	CU_ASSERT_FALSE(linebuf_next(lb, &line, &len, &overlong));
	linebuf_free(lb);
}

/* 1 MB without a line end, in chunks or at once, costs one line buffer once
 * drained. Without any LF even a single feed is cut at once; bare LFs in
 * LB_CRLF_ONLY mode cost at most the feed itself until the next call. */
static void feed_megabyte(linebuf_mode_t mode, char fill, size_t chunk)
{
	enum { MB = 1024 * 1024, MAX = 1000 };
	char *junk = malloc(MB);
	memset(junk, fill, MB);
	linebuf_t *lb = linebuf_new(MAX, mode);
	strbuf_t got = STRBUF_INIT;
	size_t after_feed = 0, after_drain = 0;
	for (size_t off = 0; off < MB; off += chunk) {
		linebuf_feed(lb, junk + off, chunk);
		if (linebuf_pending(lb) > after_feed)
			after_feed = linebuf_pending(lb);
		drain(lb, &got);
		if (linebuf_pending(lb) > after_drain)
			after_drain = linebuf_pending(lb);
	}
	CU_ASSERT(after_drain <= MAX);
	CU_ASSERT(after_feed <= (fill == '\n' ? chunk : 0) + 2 * MAX);
	CU_ASSERT_EQUAL(got.len, 0);
	linebuf_feed(lb, "\r\nnext\r\n", 8);
	const char *line;
	size_t len;
	int overlong;
	CU_ASSERT_FATAL(linebuf_next(lb, &line, &len, &overlong));
	CU_ASSERT_EQUAL(len, MAX - 2);
	CU_ASSERT_EQUAL(overlong, 1);
	CU_ASSERT_FATAL(linebuf_next(lb, &line, &len, &overlong));
	CU_ASSERT_EQUAL(len, 4);
	CU_ASSERT_EQUAL(overlong, 0);
	sb_free(&got);
	linebuf_free(lb);
	free(junk);
}

static void test_bounded_memory(void)
{
	feed_megabyte(LB_LF_OK, 'x', 4096);
	feed_megabyte(LB_LF_OK, 'x', 1024 * 1024);      /* one single feed */
	feed_megabyte(LB_CRLF_ONLY, 'x', 4096);
	feed_megabyte(LB_CRLF_ONLY, '\n', 4096);         /* bare LFs in DATA: one line */
	feed_megabyte(LB_CRLF_ONLY, '\n', 1024 * 1024);
}

/* An overlong line whose dropped part ends with CR, and its LF in the next feed. */
static void test_overlong_crlf_across_feeds(void)
{
	linebuf_t *lb = linebuf_new(10, LB_CRLF_ONLY);
	strbuf_t got = STRBUF_INIT;
	linebuf_feed(lb, "0123456789abcdef\r", 17);
	drain(lb, &got);
	CU_ASSERT_EQUAL(got.len, 0);
	linebuf_feed(lb, "\nz\r\n", 4);
	drain(lb, &got);
	CU_ASSERT_STRING_EQUAL(sb_str(&got), "01234567!|z");
	sb_free(&got);
	linebuf_free(lb);
}

/* NUL octets are content like any other. */
static void test_nul_bytes(void)
{
	linebuf_t *lb = linebuf_new(512, LB_LF_OK);
	const char *line;
	size_t len;
	int overlong;
	linebuf_feed(lb, "a\0b\r\n", 5);
	CU_ASSERT_FATAL(linebuf_next(lb, &line, &len, &overlong));
	CU_ASSERT_EQUAL(len, 3);
	CU_ASSERT_EQUAL(memcmp(line, "a\0b", 3), 0);
	linebuf_free(lb);
}

CU_TestInfo linebuf_tests[] = {
	{ "lines per mode and limit", test_table },
	{ "the same, one octet at a time", test_table_bytewise },
	{ "a mode change applies to the next line", test_mode_switch_is_lazy },
	{ "1 MB without a line end stays bounded", test_bounded_memory },
	{ "overlong line, CR LF split across feeds", test_overlong_crlf_across_feeds },
	{ "NUL octets", test_nul_bytes },
	CU_TEST_INFO_NULL,
};
