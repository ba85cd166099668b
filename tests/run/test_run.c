/* test_run.c — the whole path, end to end, in the simulated world: the
 * default world delivers Smith's message to boss's mailbox through
 * 2 -> 3 -> (DNS) -> 3 -> 4 and boss's client retrieves and deletes it;
 * each fault behaves as a real MTA would; runs are deterministic. The
 * scenarios are built in code so that this suite does not depend on the
 * scenario language. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "teach/explain.h"
#include "pop3/mailbox.h"
#include "export/render.h"
#include "run/run.h"
#include "suites.h"
#include "world/world.h"

static char *to_boss[] = { "boss@corp.example" };

/* Smith sends "Progress report" to boss at 0s; boss checks mail at 10m. */
static void story(scenario_t *sc, sc_send_t *send, sc_check_t *check)
{
	memset(sc, 0, sizeof *sc);
	memset(send, 0, sizeof *send);
	memset(check, 0, sizeof *check);
	sc->name = "test";
	sc->title = "test story";
	send->to = to_boss;
	send->nto = 1;
	send->subject = "Progress report";
	send->body = "Hi,\nthe report is nearly done.\n.hidden line starting with a dot\nSmith";
	send->port = 25;
	check->at_us = 10LL * 60 * 1000000;
	check->top_lines = -1;
	sc->sends = send;
	sc->nsends = 1;
	sc->checks = check;
	sc->nchecks = 1;
}

/* Count events of a kind whose text starts with prefix (NULL: any) at hop. */
static int count(const trace_t *t, ev_kind_t kind, hop_t hop, const char *prefix)
{
	int n = 0;
	for (size_t i = 0; i < trace_count(t); i++) {
		const trace_event_t *ev = trace_get(t, i);
		if (ev->kind == kind && (hop == HOP_NONE || ev->hop == hop) &&
		    (!prefix || !strncmp(ev->text, prefix, strlen(prefix))))
			n++;
	}
	return n;
}

static const trace_event_t *last_delivery(const trace_t *t, const char *mailbox)
{
	const trace_event_t *found = NULL;
	for (size_t i = 0; i < trace_count(t); i++) {
		const trace_event_t *ev = trace_get(t, i);
		if (ev->kind == EV_DELIVER && strstr(ev->text, mailbox))
			found = ev;
	}
	return found;
}

static int count_lines_starting(const char *msg, const char *prefix)
{
	int n = 0;
	size_t pl = strlen(prefix);
	for (const char *p = msg; p && *p; p = strchr(p, '\n'), p = p ? p + 1 : NULL)
		if (!strncmp(p, prefix, pl))
			n++;
	return n;
}

static run_t *run_with(scenario_t *sc, fault_kind_t fault, int with_fault)
{
	static fault_t f;
	f.kind = fault;
	f.at_us = 0;
	run_opts_t opts = { .faults = &f, .nfaults = with_fault ? 1 : 0 };
	run_t *r = run_new(sc, &opts);
	run_to_end(r);
	return r;
}

static void test_default_path(void)
{
	scenario_t sc;
	sc_send_t send;
	sc_check_t check;
	story(&sc, &send, &check);
	run_t *r = run_with(&sc, 0, 0);
	const trace_t *t = run_trace(r);
	/* every hop of the seed's path appears */
	for (hop_t h = HOP_1; h <= HOP_5B; h++) {
		int n = 0;
		for (size_t i = 0; i < trace_count(t); i++)
			n += trace_get(t, i)->hop == h;
		CU_ASSERT(n > 0);
	}
	/* 2 -> 3: submission; 3: DNS MX; 3 -> 4: relay */
	CU_ASSERT_EQUAL(count(t, EV_CMD, HOP_2, "MAIL FROM:<smith@isp.example>"), 1);
	CU_ASSERT_EQUAL(count(t, EV_DNS_QUERY, HOP_3, "MX corp.example"), 1);
	CU_ASSERT_EQUAL(count(t, EV_CMD, HOP_3, "RCPT TO:<boss@corp.example>"), 1);
	CU_ASSERT_EQUAL(count(t, EV_REPLY, HOP_3, "250 2.0.0"), 1);
	/* the stored message: two Received: lines (3 then 4 on top), a Return-Path */
	const trace_event_t *d = last_delivery(t, "boss@corp.example");
	CU_ASSERT_PTR_NOT_NULL_FATAL(d);
	CU_ASSERT_PTR_NOT_NULL_FATAL(d->detail);
	CU_ASSERT(!strncmp(d->detail, "Return-Path: <smith@isp.example>\r\n", 34));
	CU_ASSERT_EQUAL(count_lines_starting(d->detail, "Received: "), 2);
	const char *r1 = strstr(d->detail, "Received: from smtp.isp.example");
	const char *r2 = strstr(d->detail, "Received: from smith-pc.isp.example");
	CU_ASSERT(r1 && r2 && r1 < r2);
	/* the dotted body line arrives un-stuffed */
	CU_ASSERT_PTR_NOT_NULL(strstr(d->detail, "\r\n.hidden line starting with a dot\r\n"));
	/* POP3: the three states, retrieved and deleted, maildrop empty */
	CU_ASSERT(count(t, EV_STATE, HOP_5A, "AUTHORIZATION") >= 1);
	CU_ASSERT_EQUAL(count(t, EV_STATE, HOP_5A, "TRANSACTION"), 1);
	CU_ASSERT_EQUAL(count(t, EV_STATE, HOP_5B, "UPDATE"), 1);
	CU_ASSERT_EQUAL(count(t, EV_CMD, HOP_5A, "RETR 1"), 1);
	CU_ASSERT_EQUAL(count(t, EV_CMD, HOP_5B, "DELE 1"), 1);
	run_free(r);
}

static void test_unknown_user_bounces(void)
{
	scenario_t sc;
	sc_send_t send;
	sc_check_t check;
	story(&sc, &send, &check);
	static char *nobody[] = { "nobody@corp.example" };
	send.to = nobody;
	sc.nchecks = 0;
	run_t *r = run_with(&sc, 0, 0);
	const trace_t *t = run_trace(r);
	/* the ISP accepted it (store and forward), the corporate host refused it */
	CU_ASSERT_EQUAL(count(t, EV_REPLY, HOP_2, "250 2.1.5"), 1);
	CU_ASSERT_EQUAL(count(t, EV_REPLY, HOP_3, "550 5.1.1"), 1);
	const trace_event_t *b = last_delivery(t, "smith@isp.example");
	CU_ASSERT_PTR_NOT_NULL_FATAL(b);
	CU_ASSERT_PTR_NOT_NULL(strstr(b->detail, "Reporting-MTA: dns; smtp.isp.example"));
	CU_ASSERT_PTR_NOT_NULL(strstr(b->detail, "Final-Recipient: rfc822; nobody@corp.example"));
	CU_ASSERT_PTR_NOT_NULL(strstr(b->detail, "Status: 5.1.1"));
	CU_ASSERT_PTR_NOT_NULL(strstr(b->detail, "Diagnostic-Code: smtp; 550 5.1.1"));
	CU_ASSERT_PTR_NOT_NULL(strstr(b->detail, "Subject: Progress report"));  /* third part */
	CU_ASSERT_PTR_NOT_NULL(strstr(b->detail, "Return-Path: <>"));
	run_free(r);
}

static void test_greylist_then_success(void)
{
	scenario_t sc;
	sc_send_t send;
	sc_check_t check;
	story(&sc, &send, &check);
	run_t *r = run_with(&sc, FAULT_GREYLIST, 1);
	const trace_t *t = run_trace(r);
	CU_ASSERT_EQUAL(count(t, EV_REPLY, HOP_3, "451 4.7.1"), 1);
	CU_ASSERT_EQUAL(count(t, EV_QUEUE, HOP_3, NULL) > 0, 1);
	CU_ASSERT_EQUAL(count(t, EV_CMD, HOP_3, "RCPT TO:<boss@corp.example>"), 2);
	const trace_event_t *d = last_delivery(t, "boss@corp.example");
	CU_ASSERT_PTR_NOT_NULL(d);
	CU_ASSERT(d && d->t_us >= 300LL * 1000000);   /* after the 5-minute retry */
	run_free(r);
}

static void test_corp_down_then_back(void)
{
	scenario_t sc;
	sc_send_t send;
	sc_check_t check;
	story(&sc, &send, &check);
	sc_rule_t rule = { .kind = SC_RULE_HOST_DOWN, .host = "mail.corp.example", .from_us = 0,
			   .to_us = 12LL * 60 * 1000000 };
	sc.rules = &rule;
	sc.nrules = 1;
	check.at_us = 60LL * 60 * 1000000;
	run_t *r = run_with(&sc, 0, 0);
	const trace_t *t = run_trace(r);
	CU_ASSERT(count(t, EV_REFUSED, HOP_3, NULL) >= 2);   /* 0 s and 5 min: timed out */
	CU_ASSERT_EQUAL(count(t, EV_DELIVER, HOP_NONE, NULL), 1);   /* delivered once it is back */
	CU_ASSERT_PTR_NULL(last_delivery(t, "smith@isp.example"));  /* no bounce */
	run_free(r);
}

static void test_size_exceeded(void)
{
	scenario_t sc;
	sc_send_t send;
	sc_check_t check;
	story(&sc, &send, &check);
	run_t *r = run_with(&sc, FAULT_SIZE_EXCEEDED, 1);
	const trace_t *t = run_trace(r);
	CU_ASSERT_EQUAL(count(t, EV_REPLY, HOP_2, "552 5.3.4"), 1);
	CU_ASSERT_EQUAL(count(t, EV_CMD, HOP_2, "DATA"), 0);
	CU_ASSERT_PTR_NULL(last_delivery(t, "boss@corp.example"));
	run_free(r);
}

static void test_link_drop_delivers_once(void)
{
	scenario_t sc;
	sc_send_t send;
	sc_check_t check;
	story(&sc, &send, &check);
	check.at_us = 30LL * 60 * 1000000;
	run_t *r = run_with(&sc, FAULT_LINK_DROP, 1);
	const trace_t *t = run_trace(r);
	CU_ASSERT(count(t, EV_ABORT, HOP_3, NULL) >= 1);
	CU_ASSERT_EQUAL(count(t, EV_DELIVER, HOP_NONE, NULL), 1);
	run_free(r);
}

static void test_drop_before_quit_keeps_mail(void)
{
	scenario_t sc;
	sc_send_t send;
	sc_check_t check;
	story(&sc, &send, &check);
	run_t *r = run_with(&sc, FAULT_DROP_BEFORE_QUIT, 1);
	const trace_t *t = run_trace(r);
	CU_ASSERT_EQUAL(count(t, EV_CMD, HOP_5B, "DELE 1"), 1);
	CU_ASSERT_EQUAL(count(t, EV_STATE, HOP_NONE, "UPDATE"), 0);
	CU_ASSERT_EQUAL(count(t, EV_CMD, HOP_NONE, "QUIT"), 2);  /* SMTP 2->3 and 3->4 only */
	run_free(r);
}

static void test_bad_password(void)
{
	scenario_t sc;
	sc_send_t send;
	sc_check_t check;
	story(&sc, &send, &check);
	run_t *r = run_with(&sc, FAULT_BAD_PASSWORD, 1);
	const trace_t *t = run_trace(r);
	CU_ASSERT_EQUAL(count(t, EV_REPLY, HOP_5A, "-ERR [AUTH]"), 1);
	CU_ASSERT_EQUAL(count(t, EV_STATE, HOP_NONE, "TRANSACTION"), 0);
	run_free(r);
}

static char *render(run_t *r, const scenario_t *sc, int json)
{
	char *buf = NULL;
	size_t len = 0;
	FILE *f = open_memstream(&buf, &len);
	if (json)
		render_json(run_trace(r), f);
	else
		render_text(run_trace(r), sc, f);
	fclose(f);
	return buf;
}

static void test_deterministic(void)
{
	scenario_t sc;
	sc_send_t send;
	sc_check_t check;
	story(&sc, &send, &check);
	char *out[2];
	for (int k = 0; k < 2; k++) {
		run_t *r = run_with(&sc, FAULT_GREYLIST, 1);
		out[k] = render(r, &sc, 1);
		run_free(r);
	}
	CU_ASSERT_STRING_EQUAL(out[0], out[1]);
	CU_ASSERT(strlen(out[0]) > 1000);
	free(out[0]);
	free(out[1]);
}

/* Every event of every bundled scenario, and of the default scenario with
 * each fault, has an explanation the UI and `mailpath explain` can show. */
static void check_explained(const trace_t *t, const char *what)
{
	for (size_t i = 0; i < trace_count(t); i++) {
		const trace_event_t *ev = trace_get(t, i);
		if (!explain_find(ev->explain)) {
			fprintf(stderr, "\n%s: event %zu (%s \"%s\") has no explanation '%s'\n", what, i,
				ev_kind_name(ev->kind), ev->text, ev->explain ? ev->explain : "(null)");
			CU_FAIL("an event without explanation");
			return;
		}
	}
	CU_PASS("all explained");
}

static void test_every_event_explained(void)
{
	CU_ASSERT_FATAL(scenario_bundled_count() >= 15);
	for (size_t k = 0; k < scenario_bundled_count(); k++) {
		strbuf_t err = STRBUF_INIT;
		scenario_t *sc = scenario_load(scenario_bundled_name(k), &err);
		CU_ASSERT_PTR_NOT_NULL(sc);
		if (sc) {
			run_t *r = run_new(sc, NULL);
			CU_ASSERT_EQUAL(run_to_end(r), 0);   /* the lesson's expectations hold */
			check_explained(run_trace(r), scenario_bundled_name(k));
			run_free(r);
		}
		scenario_free(sc);
		sb_free(&err);
	}
	strbuf_t err = STRBUF_INIT;
	scenario_t *sc = scenario_load("default", &err);
	CU_ASSERT_PTR_NOT_NULL_FATAL(sc);
	for (int f = 0; f < FAULT__COUNT; f++) {
		fault_t fault = { .kind = (fault_kind_t)f };
		run_opts_t opts = { .faults = &fault, .nfaults = 1 };
		run_t *r = run_new(sc, &opts);
		run_to_end(r);
		check_explained(run_trace(r), fault_name((fault_kind_t)f));
		run_free(r);
	}
	scenario_free(sc);
	sb_free(&err);
}

/* Each kind of expectation can fail, and then says so. */
static void test_expectations_can_fail(void)
{
	scenario_t sc;
	sc_send_t send;
	sc_check_t check;
	story(&sc, &send, &check);
	sc_expect_t ex[] = {
		{ .kind = SC_EXPECT_DELIVERED, .addr = "postmaster@corp.example", .source = "a" },
		{ .kind = SC_EXPECT_NOT_DELIVERED, .addr = "boss@corp.example", .source = "b" },
		{ .kind = SC_EXPECT_BOUNCE, .addr = "smith@isp.example", .source = "c" },
		{ .kind = SC_EXPECT_NO_BOUNCE, .addr = "smith@isp.example", .source = "d" },
		{ .kind = SC_EXPECT_MAILDROP, .addr = "boss@corp.example", .n = 3, .source = "e" },
		{ .kind = SC_EXPECT_POP3_ENDED, .state = "TRANSACTION", .source = "f" },
		{ .kind = SC_EXPECT_QUEUE, .n = 1, .source = "g" },
		{ .kind = SC_EXPECT_REPLY, .n = 451, .source = "h" },
		{ .kind = SC_EXPECT_NO_REPLY, .n = 250, .source = "i" },
	};
	sc.expects = ex;
	sc.nexpects = sizeof ex / sizeof ex[0];
	run_t *r = run_new(&sc, NULL);
	/* d holds (no bounce in the plain story); the other eight fail */
	CU_ASSERT_EQUAL(run_to_end(r), 8);
	CU_ASSERT_PTR_NOT_NULL(strstr(run_report(r), "held: d"));
	CU_ASSERT_PTR_NOT_NULL(strstr(run_report(r), "FAILED: e (the maildrop holds 0 messages)"));
	run_free(r);
}

CU_TestInfo run_tests[] = {
	{ "every event of every bundled scenario has an explanation", test_every_event_explained },
	{ "every kind of expectation can fail", test_expectations_can_fail },
	{ "default world: Smith's message reaches boss and is retrieved", test_default_path },
	{ "unknown user: 550 5.1.1 at hop 4, a DSN in Smith's mailbox", test_unknown_user_bounces },
	{ "greylisting: 451, retried after 5 minutes, delivered", test_greylist_then_success },
	{ "corporate host down: deferred, retried, delivered once back", test_corp_down_then_back },
	{ "size exceeded: 552 5.3.4 at MAIL, nothing sent", test_size_exceeded },
	{ "link drop mid-DATA: retried and delivered exactly once", test_link_drop_delivers_once },
	{ "drop before QUIT: DELE but no UPDATE", test_drop_before_quit_keeps_mail },
	{ "bad password: -ERR [AUTH], never TRANSACTION", test_bad_password },
	{ "same scenario, seed and faults: identical output", test_deterministic },
	CU_TEST_INFO_NULL,
};
