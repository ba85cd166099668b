/* test_render_html.c — the web page of a run (render_html.c and
 * render_html_data.c), without a browser (tests/html.sh has the browser):
 * a message that says "</script>" cannot end the page's data block or
 * script; the questions and expectations are in the page as text, escaped;
 * a world view shown at many events is stored once; the same run gives the
 * same page byte for byte; a graded question's answer is only in the data,
 * not in the page's text; the observer's secrets carry the event where they
 * crossed; the beliefs of the last event are the world's. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "export/render.h"
#include "run/run.h"
#include "run/scenario.h"
#include "suites.h"

/* The page of a scenario given as text; the caller frees it. With find,
 * *at is the index of the first event whose text is find (-1: none), and
 * belief the POP3 client's belief after the last event. */
static char *page_at(const char *text, const char *find, long *at, char *belief, size_t size)
{
	strbuf_t err = STRBUF_INIT;
	scenario_t *sc = scenario_parse("t.scn", text, strlen(text), &err);
	CU_ASSERT_PTR_NOT_NULL_FATAL(sc);
	sb_free(&err);
	run_opts_t opts = { 0 };
	run_t *r = run_new(sc, &opts);
	run_to_end(r);
	char *buf = NULL;
	size_t len = 0;
	FILE *f = open_memstream(&buf, &len);
	render_html(run_trace(r), sc, f);
	fclose(f);
	const trace_t *t = run_trace(r);
	for (size_t i = 0; find && i < trace_count(t); i++)
		if (!strcmp(trace_get(t, i)->text, find)) {
			*at = (long)i;
			break;
		}
	if (belief && trace_count(t))
		snprintf(belief, size, "%s", trace_view(t, trace_get(t, trace_count(t) - 1)->view)->belief[VIEW_POP3].client);
	run_free(r);
	scenario_free(sc);
	return buf;
}

static char *page_of(const char *text)
{
	return page_at(text, NULL, NULL, NULL, 0);
}

static size_t count(const char *s, const char *what)
{
	size_t n = 0;
	for (const char *p = s; (p = strstr(p, what)); p += strlen(what))
		n++;
	return n;
}

/* The text of the data block: between its start tag and the next </script>. */
static char *data_block(const char *page)
{
	const char *start = strstr(page, "<script type=\"application/json\" id=\"mp-data\">");
	CU_ASSERT_PTR_NOT_NULL_FATAL(start);
	start = strchr(start, '>') + 1;
	const char *end = strstr(start, "</script>");
	CU_ASSERT_PTR_NOT_NULL_FATAL(end);
	return xstrndup(start, (size_t)(end - start));
}

static const char hostile[] =
	"title \"A message with markup\"\n"
	"send to boss@corp.example subject \"</script><script>alert(1)</script>\"\n"
	"body \"<!-- </SCRIPT> & <b>bold</b>\"\n"
	"check boss\n"
	"question \"Is <b>this</b> & that shown as text?\"\n"
	"expect delivered boss@corp.example\n";

static void test_markup_in_the_run_stays_text(void)
{
	char *page = page_of(hostile);
	/* only the data block and the page's script end with </script> */
	CU_ASSERT_EQUAL(count(page, "</script>"), 2);
	CU_ASSERT_EQUAL(count(page, "</SCRIPT>"), 0);
	CU_ASSERT_PTR_NULL(strstr(page, "<script>alert"));
	char *data = data_block(page);
	CU_ASSERT_PTR_NULL(strchr(data, '<'));
	CU_ASSERT_PTR_NULL(strchr(data, '>'));
	/* the subject line travels as JSON with \u003c escapes */
	CU_ASSERT_PTR_NOT_NULL(strstr(data, "\\u003c/script\\u003e\\u003cscript\\u003ealert(1)"));
	free(data);
	/* the question is in the page, escaped */
	CU_ASSERT_PTR_NOT_NULL(strstr(page, "Is &lt;b&gt;this&lt;/b&gt; &amp; that shown as text?"));
	free(page);
}

static void test_questions_and_expectations(void)
{
	char *page = page_of(hostile);
	const char *q = strstr(page, "<section id=\"questions\"");
	const char *e = strstr(page, "<section id=\"expectations\"");
	CU_ASSERT_PTR_NOT_NULL(q);
	CU_ASSERT_PTR_NOT_NULL(e);
	CU_ASSERT(q && e && q < e);
	/* the expectation held: its symbol is the check mark, not the cross */
	CU_ASSERT_PTR_NOT_NULL(e && strstr(e, "<span class=\"cls ok\">\u2713</span> held"));
	free(page);
}

static void test_views_stored_once(void)
{
	char *page = page_of("title \"t\"\nsend to boss@corp.example\ncheck boss\n");
	char *data = data_block(page);
	const char *views = strstr(data, "\"views\":[");
	const char *ev = strstr(data, "\"ev\":[");
	CU_ASSERT_PTR_NOT_NULL_FATAL(views);
	CU_ASSERT_PTR_NOT_NULL_FATAL(ev);
	/* one line per distinct view, each different from every other */
	size_t n = 0;
	char *lines[512];
	for (const char *p = strchr(views, '\n'); p && p < ev && n < 512; p = strchr(p + 1, '\n')) {
		size_t len = strcspn(p + 1, "\n");
		if (p + 1 >= ev)
			break;
		lines[n++] = xstrndup(p + 1, len);
	}
	CU_ASSERT(n > 3);
	for (size_t i = 0; i < n; i++)
		for (size_t j = i + 1; j < n; j++) {
			/* the last view ends with "]," missing: compare without separators */
			size_t a = strlen(lines[i]) - (lines[i][strlen(lines[i]) - 1] == ','),
			       b = strlen(lines[j]) - (lines[j][strlen(lines[j]) - 1] == ',');
			CU_ASSERT_FALSE(a == b && memcmp(lines[i], lines[j], a) == 0);
		}
	for (size_t i = 0; i < n; i++)
		free(lines[i]);
	free(data);
	free(page);
}

static void test_same_run_same_page(void)
{
	char *a = page_of(hostile), *b = page_of(hostile);
	CU_ASSERT_STRING_EQUAL(a, b);
	free(a);
	free(b);
}

static const char lesson[] =
	"title \"t\"\nsend to boss@corp.example\ncheck boss\n"
	"question \"Which animal?\" answer choice \"zebra\" among \"yak\" \"zebra\"\n"
	"question on USER \"What does the server answer to the password?\" answer code +OK\n";

static void test_graded_answers_only_in_the_data(void)
{
	char *page = page_of(lesson);
	char *data = data_block(page);
	/* the prompts are on the page, in the graded section */
	const char *quiz = strstr(page, "<section id=\"quiz\"");
	CU_ASSERT_PTR_NOT_NULL_FATAL(quiz);
	CU_ASSERT_PTR_NOT_NULL(strstr(quiz, "Which animal?"));
	/* the answer and its choices only in the data, for the script to reveal */
	CU_ASSERT_EQUAL(count(page, "zebra"), count(data, "zebra"));
	CU_ASSERT_PTR_NOT_NULL(strstr(data, "[\"yak\",\"zebra\"],\"zebra\","));
	free(data);
	free(page);
}

/* The number after the first occurrence of what in s, or -1. */
static long number_after(const char *s, const char *what)
{
	const char *p = strstr(s, what);
	return p ? strtol(p + strlen(what), NULL, 10) : -1;
}

static void test_observer_secrets_at_their_event(void)
{
	long pass = -1;
	char belief[VIEW_BELIEF_MAX] = "";
	char *page = page_at(lesson, "PASS s3cret", &pass, belief, sizeof belief);
	char *data = data_block(page);
	CU_ASSERT(pass > 0);
	/* on 4-5 the password crossed in clear at the PASS command's event */
	const char *link = strstr(data, "\"4-5\":{\"s\":[");
	CU_ASSERT_PTR_NOT_NULL_FATAL(link);
	const char *x = strstr(link, "\"x\":[");
	CU_ASSERT_PTR_NOT_NULL_FATAL(x);
	CU_ASSERT_EQUAL(number_after(x, "\"x\":[\n["), pass);
	CU_ASSERT_PTR_NOT_NULL(strstr(x, "\"PASS s3cret (POP3, boss)\""));
	/* ... and its segment, marked as a secret in clear (flags 1 | 2) */
	char seg[64];
	snprintf(seg, sizeof seg, "[%ld,0,3,\"PASS s3cret", pass);
	CU_ASSERT_PTR_NOT_NULL(strstr(link, seg));
	/* nothing crossed 3-dns in clear that is a secret */
	const char *dns = strstr(data, "\"3-dns\":{\"s\":[");
	CU_ASSERT_PTR_NOT_NULL_FATAL(dns);
	CU_ASSERT_PTR_NOT_NULL(strstr(dns, "\"x\":[]}"));
	/* the beliefs after the last event are among those stored */
	CU_ASSERT(belief[0] != '\0');
	CU_ASSERT_PTR_NOT_NULL(strstr(strstr(data, "\"beliefs\":["), belief));
	CU_ASSERT_PTR_NOT_NULL(strstr(data, "\"bel\":[[0,"));
	free(data);
	free(page);
}

CU_TestInfo render_html_tests[] = {
	{ "markup in the run stays text: no </script> from the trace", test_markup_in_the_run_stays_text },
	{ "questions, then expectations with their symbols", test_questions_and_expectations },
	{ "a world view is stored once", test_views_stored_once },
	{ "the same run gives the same page", test_same_run_same_page },
	{ "a graded question's answer is only in the data", test_graded_answers_only_in_the_data },
	{ "the observer's secrets at their events, the beliefs of the run", test_observer_secrets_at_their_event },
	CU_TEST_INFO_NULL,
};
