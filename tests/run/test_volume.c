/* test_volume.c — generated volume in the scenario language (repeat, {n},
 * domains, {d}, watch) and what the queue does with many messages: at most
 * 20 deliveries per destination, a dead destination deferred without
 * connections, and views that stay true (the stamp hides no change). */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "core/trace.h"
#include "run/run.h"
#include "run/scenario.h"
#include "suites.h"
#include "world/mta.h"
#include "world/world.h"

static char *errors_of(const char *text)
{
	strbuf_t e = STRBUF_INIT;
	scenario_t *sc = scenario_parse("v.scn", text, strlen(text), &e);
	CU_ASSERT((sc == NULL) == (e.len > 0));
	scenario_free(sc);
	char *s = xstrdup(sb_str(&e));
	sb_free(&e);
	return s;
}

static void expect_error(const char *text, const char *want)
{
	char *got = errors_of(text);
	if (strcmp(got, want) != 0)
		fprintf(stderr, "\n got: %s\nwant: %s\n", got, want);
	CU_ASSERT_STRING_EQUAL(got, want);
	free(got);
}

static void test_errors(void)
{
	expect_error("title \"t\"\nsend to boss@corp.example every 1s\n",
		     "v.scn:2:27: 'every' spaces the messages of a 'repeat N'\n");
	expect_error("title \"t\"\nsend to \"r{n}@site{d}.example\" repeat 3\n",
		     "v.scn:2:1: {d} names a generated domain: add a 'domains N' line above this send\n");
	expect_error("title \"t\"\nsend to \"r{x}@corp.example\" repeat 3\n",
		     "v.scn:2:1: 'r{x}@corp.example': a pattern holds only {n} (the repetition) and {d} "
		     "(the generated domain)\n");
	expect_error("title \"t\"\nsend to boss@corp.example repeat 0\n",
		     "v.scn:2:34: '0' is out of range (1 to 1000000)\n");
	expect_error("title \"t\"\nsend to boss@corp.example repeat 600000\n"
		     "send to boss@corp.example repeat 500000\n",
		     "v.scn:3:34: too many generated messages (1100000 in all; at most 1000000 per file)\n");
	expect_error("title \"t\"\ndomains 10001\n", "v.scn:2:9: '10001' is out of range (1 to 10000)\n");
	expect_error("title \"t\"\ndomains 3 pattern \"site.example\"\n",
		     "v.scn:2:19: the pattern needs {d} (the domain's number) and no {n}: \"site{d}.example\"\n");
	expect_error("title \"t\"\ndomains 3\ndomains 4\n", "v.scn:3:1: a second 'domains' line (one per file)\n");
	expect_error("title \"t\"\nwatch mailbox every 1m\n",
		     "v.scn:2:7: 'mailbox': only the queue can be watched (usage: watch queue every TIME)\n");
	expect_error("title \"t\"\nwatch queue every 10ms\n",
		     "v.scn:2:19: watch at most once a second (every 1s or more)\n");
	/* the 1000-line cap is for hand-written lines; repeat goes far beyond */
	char *ok = errors_of("title \"t\"\ndomains 300\n"
			     "send to \"reader{n}@site{d}.example\" subject \"News {n}\" repeat 1000000\n");
	CU_ASSERT_STRING_EQUAL(ok, "");
	free(ok);
}

static run_t *run_text(const char *text, scenario_t **scp)
{
	strbuf_t e = STRBUF_INIT;
	*scp = scenario_parse("v.scn", text, strlen(text), &e);
	CU_ASSERT_STRING_EQUAL(sb_str(&e), "");
	sb_free(&e);
	CU_ASSERT_PTR_NOT_NULL_FATAL(*scp);
	run_t *r = run_new(*scp, NULL);
	run_to_end(r);
	return r;
}

static size_t count_key(const trace_t *t, const char *key, const char *text_has)
{
	size_t n = 0;
	for (size_t i = 0; i < trace_count(t); i++) {
		const trace_event_t *ev = trace_get(t, i);
		n += !strcmp(ev->explain, key) && (!text_has || strstr(ev->text, text_has));
	}
	return n;
}

/* repeat 5 every 1m: five separate messages, a minute apart, numbered. */
static void test_repeat(void)
{
	scenario_t *sc;
	run_t *r = run_text("title \"t\"\nsend to boss@corp.example subject \"Report {n}\" repeat 5 every 1m\n"
			    "expect maildrop boss@corp.example 5\n", &sc);
	const trace_t *t = run_trace(r);
	CU_ASSERT_EQUAL(count_key(t, "mail:write", NULL), 5);
	CU_ASSERT_EQUAL(count_key(t, "mail:write", "\"Report 5\""), 1);
	int64_t last = -1;
	int k = 0;
	for (size_t i = 0; i < trace_count(t); i++) {
		const trace_event_t *ev = trace_get(t, i);
		if (strcmp(ev->explain, "mail:write"))
			continue;
		CU_ASSERT_EQUAL(ev->t_us, (int64_t)k++ * 60 * 1000000);
		CU_ASSERT(ev->t_us > last);
		last = ev->t_us;
	}
	CU_ASSERT_STRING_EQUAL(run_report(r), "held: expect maildrop boss@corp.example 5\n");
	run_free(r);
	scenario_free(sc);
}

/* domains 3: each generated domain has its MX and a host that accepts. */
static void test_domains(void)
{
	scenario_t *sc;
	run_t *r = run_text("title \"t\"\ndomains 3\n"
			    "send to \"reader{n}@site{d}.example\" repeat 7 every 1s\nexpect queue 0\n", &sc);
	const trace_t *t = run_trace(r);
	world_t *w = run_world(r);
	CU_ASSERT_EQUAL_FATAL(w->ngen_mta, 3);
	CU_ASSERT_STRING_EQUAL(mta_hostname(w->gen_mta[2]), "mx.site3.example");
	CU_ASSERT_EQUAL(mta_sink_count(w->gen_mta[0]), 3);   /* messages 1, 4, 7 */
	CU_ASSERT_EQUAL(mta_sink_count(w->gen_mta[1]), 2);
	CU_ASSERT_EQUAL(mta_sink_count(w->gen_mta[2]), 2);
	CU_ASSERT_EQUAL(count_key(t, "queue:sent", "to=<reader7@site1.example>"), 1);
	CU_ASSERT_EQUAL(count_key(t, "mail:bounce", NULL), 0);
	run_free(r);
	scenario_free(sc);
}

/* 30 messages at once, one destination: never more than 20 under way; all
 * delivered; the watch counts the queue down to 0. */
static void test_concurrency_and_watch(void)
{
	scenario_t *sc;
	run_t *r = run_text("title \"t\"\nsend to boss@corp.example repeat 30\nwatch queue every 1s\n"
			    "expect maildrop boss@corp.example 30\n", &sc);
	const trace_t *t = run_trace(r);
	CU_ASSERT_EQUAL(count_key(t, "queue:concurrency", NULL), 10);
	CU_ASSERT_EQUAL(count_key(t, "queue:concurrency", "20 deliveries to corp.example"), 10);
	CU_ASSERT(count_key(t, "queue:watch", "queue length: 0 messages") == 1);
	CU_ASSERT_STRING_EQUAL(run_report(r), "held: expect maildrop boss@corp.example 30\n");
	run_free(r);
	scenario_free(sc);
}

/* A dead destination: while it is marked, messages are deferred without a
 * connection; after it is back they are delivered, each once. */
static void test_dead_destination(void)
{
	scenario_t *sc;
	run_t *r = run_text("title \"t\"\nfault host mail.corp.example down from 0s to 20m\n"
			    "send to boss@corp.example repeat 10 every 1m\n"
			    "expect maildrop boss@corp.example 10\nexpect queue 0\n", &sc);
	const trace_t *t = run_trace(r);
	CU_ASSERT(count_key(t, "queue:dead", NULL) > 0);
	CU_ASSERT_EQUAL(count_key(t, "mail:deliver", NULL), 10);
	CU_ASSERT_STRING_EQUAL(run_report(r), "held: expect maildrop boss@corp.example 10\n"
			       "held: expect queue 0\n");
	run_free(r);
	scenario_free(sc);
}

/* The view stamp never hides a change: every bundled lesson's views equal
 * those of a run that asks the viewer after every event. */
static void test_stamp_hides_nothing(void)
{
	for (size_t k = 0; k < scenario_bundled_count(); k++) {
		if (!strcmp(scenario_bundled_name(k), "outage-backlog"))
			continue;   /* the same code paths, 2 million events */
		strbuf_t err = STRBUF_INIT;
		scenario_t *sc = scenario_load(scenario_bundled_name(k), &err);
		sb_free(&err);
		CU_ASSERT_PTR_NOT_NULL_FATAL(sc);
		run_t *a = run_new(sc, NULL), *b = run_new(sc, NULL);
		trace_set_view_stamp(run_world(b)->trace, NULL, NULL);   /* ask every time */
		run_to_end(a);
		run_to_end(b);
		const trace_t *ta = run_trace(a), *tb = run_trace(b);
		CU_ASSERT_EQUAL_FATAL(trace_count(ta), trace_count(tb));
		int same = 1;
		for (size_t i = 0; i < trace_count(ta) && same; i++) {
			world_view_t va = *trace_view(ta, trace_get(ta, i)->view);
			same = memcmp(&va, trace_view(tb, trace_get(tb, i)->view), sizeof va) == 0;
			if (!same)
				fprintf(stderr, "\n%s: event %zu: the views differ\n", sc->name, i);
		}
		CU_ASSERT(same);
		run_free(a);
		run_free(b);
		scenario_free(sc);
	}
}

CU_TestInfo volume_tests[] = {
	{ "repeat, domains and watch: errors", test_errors },
	{ "repeat N every TIME", test_repeat },
	{ "domains N: MX and a host each", test_domains },
	{ "20 deliveries per destination; watch", test_concurrency_and_watch },
	{ "a dead destination", test_dead_destination },
	{ "the view stamp hides no change", test_stamp_hides_nothing },
	CU_TEST_INFO_NULL,
};
