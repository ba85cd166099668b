/* test_trace.c — the trace: events copied and stamped, subscribers, the
 * deduplicated world views, hop labels and the JSON kind names. */
#include <string.h>

#include "core/sched.h"
#include "suites.h"
#include "core/trace.h"

static void test_emit_copies_and_stamps(void)
{
	sched_t *s = sched_new();
	trace_t *t = trace_new(s);
	sched_run(s, SCHED_MS(1500), 0);
	char from[32] = "smtp.isp.example", text[32] = "MAIL FROM:<smith@isp.example>";
	trace_meta_t m = { .hop = HOP_3, .kind = EV_CMD, .proto = "SMTP", .from = from,
			   .to = "mail.corp.example", .explain = "smtp:MAIL", .session = 4,
			   .detail = "whole\r\nmessage" };
	const trace_event_t *ev = trace_emit_text(t, &m, text, strlen(text));
	strcpy(from, "changed");
	strcpy(text, "changed");
	CU_ASSERT_EQUAL(ev->t_us, SCHED_MS(1500));
	CU_ASSERT_EQUAL(ev->index, 0);
	CU_ASSERT_EQUAL(ev->hop, HOP_3);
	CU_ASSERT_EQUAL(ev->kind, EV_CMD);
	CU_ASSERT_STRING_EQUAL(ev->proto, "SMTP");
	CU_ASSERT_STRING_EQUAL(ev->from, "smtp.isp.example");
	CU_ASSERT_STRING_EQUAL(ev->to, "mail.corp.example");
	CU_ASSERT_STRING_EQUAL(ev->text, "MAIL FROM:<smith@isp.example>");
	CU_ASSERT_STRING_EQUAL(ev->explain, "smtp:MAIL");
	CU_ASSERT_EQUAL(ev->session, 4);
	CU_ASSERT_STRING_EQUAL(ev->detail, "whole\r\nmessage");
	CU_ASSERT_PTR_EQUAL(trace_get(t, 0), ev);
	trace_free(t);
	sched_free(s);
}

static void test_missing_fields_are_empty(void)
{
	trace_t *t = trace_new(NULL);   /* no clock: time 0 */
	trace_meta_t m = { .kind = EV_NOTE };
	const trace_event_t *ev = trace_emit(t, &m, "%s has %d messages", "boss", 2);
	CU_ASSERT_EQUAL(ev->t_us, 0);
	CU_ASSERT_STRING_EQUAL(ev->text, "boss has 2 messages");
	CU_ASSERT_PTR_NOT_NULL_FATAL(ev->from);
	CU_ASSERT_PTR_NOT_NULL_FATAL(ev->to);
	CU_ASSERT_PTR_NOT_NULL_FATAL(ev->proto);
	CU_ASSERT_PTR_NOT_NULL_FATAL(ev->explain);
	CU_ASSERT_STRING_EQUAL(ev->from, "");
	CU_ASSERT_STRING_EQUAL(ev->to, "");
	CU_ASSERT_STRING_EQUAL(ev->proto, "");
	CU_ASSERT_STRING_EQUAL(ev->explain, "");
	CU_ASSERT_PTR_NULL(ev->detail);
	ev = trace_emit(t, &m, "%s", "");
	CU_ASSERT_STRING_EQUAL(ev->text, "");
	ev = trace_emit_text(t, &m, "250 OK\r\nignored", 6);   /* exactly len bytes */
	CU_ASSERT_STRING_EQUAL(ev->text, "250 OK");
	CU_ASSERT_EQUAL(ev->index, 2);
	CU_ASSERT_EQUAL(trace_count(t), 3);
	CU_ASSERT_PTR_NULL(trace_get(t, 3));
	trace_free(t);
}

static void test_pointers_stay_valid(void)
{
	trace_t *t = trace_new(NULL);
	trace_meta_t m = { .kind = EV_DATA };
	const trace_event_t *first = trace_emit(t, &m, "line %d", 0);
	for (int i = 1; i < 5000; i++)
		trace_emit(t, &m, "line %d", i);
	CU_ASSERT_EQUAL(trace_count(t), 5000);
	CU_ASSERT_PTR_EQUAL(trace_get(t, 0), first);
	CU_ASSERT_STRING_EQUAL(first->text, "line 0");
	CU_ASSERT_STRING_EQUAL(trace_get(t, 4321)->text, "line 4321");
	CU_ASSERT_EQUAL(trace_get(t, 4321)->index, 4321);
	trace_free(t);
}

typedef struct seen {
	const trace_t *t;
	int calls;
	const trace_event_t *last;
	size_t count_at_call;
	int id;
	int *order;      /* shared: ids in call order */
	int *order_n;
} seen_t;

static void subscriber(void *ctx, const trace_event_t *ev)
{
	seen_t *s = ctx;
	s->calls++;
	s->last = ev;
	s->count_at_call = trace_count(s->t);
	if (*s->order_n < 8)
		s->order[(*s->order_n)++] = s->id;
}

static void test_subscribers(void)
{
	trace_t *t = trace_new(NULL);
	int order[8], order_n = 0;
	seen_t a = { .t = t, .id = 1, .order = order, .order_n = &order_n };
	seen_t b = { .t = t, .id = 2, .order = order, .order_n = &order_n };
	trace_meta_t m = { .kind = EV_REPLY };
	trace_emit(t, &m, "before anyone listens");
	trace_subscribe(t, subscriber, &b);
	trace_subscribe(t, subscriber, &a);
	const trace_event_t *ev = trace_emit(t, &m, "220 mail.corp.example ESMTP");
	CU_ASSERT_EQUAL(a.calls, 1);              /* not called for the earlier event */
	CU_ASSERT_EQUAL(b.calls, 1);
	CU_ASSERT_PTR_EQUAL(a.last, ev);          /* the stored event, not a temporary */
	CU_ASSERT_EQUAL(a.count_at_call, 2);      /* called after the append */
	CU_ASSERT_EQUAL(order_n, 2);
	CU_ASSERT_EQUAL(order[0], 2);             /* in subscription order */
	CU_ASSERT_EQUAL(order[1], 1);
	trace_free(t);
}

/* A pretend world: the viewer reports a POP3 state and a mailbox count. */
typedef struct world {
	const char *pop3;
	int msgs;
	int calls;
} world_t;

static void viewer(void *ctx, world_view_t *v)
{
	world_t *w = ctx;
	w->calls++;
	strncpy(v->pop3, w->pop3, sizeof v->pop3 - 1);
	v->nbox = 1;
	strcpy(v->box[0].addr, "boss@corp.example");
	v->box[0].count = w->msgs;
}

static void test_views_deduplicated(void)
{
	trace_t *t = trace_new(NULL);
	world_t w = { .pop3 = "AUTHORIZATION" };
	trace_meta_t m = { .kind = EV_STATE, .hop = HOP_5A };
	CU_ASSERT_EQUAL(trace_view_count(t), 0);
	trace_set_viewer(t, viewer, &w);
	/* { world before the event, view index expected, views stored } */
	static const struct {
		const char *pop3;
		int msgs;
		uint32_t view;
		size_t nviews;
	} steps[] = {
		{ "AUTHORIZATION", 0, 0, 1 },
		{ "AUTHORIZATION", 0, 0, 1 },   /* unchanged: no new view */
		{ "TRANSACTION", 0, 1, 2 },
		{ "TRANSACTION", 1, 2, 3 },
		{ "TRANSACTION", 1, 2, 3 },
		{ "UPDATE", 0, 3, 4 },
	};
	for (size_t i = 0; i < sizeof steps / sizeof steps[0]; i++) {
		w.pop3 = steps[i].pop3;
		w.msgs = steps[i].msgs;
		const trace_event_t *ev = trace_emit(t, &m, "%s", steps[i].pop3);
		CU_ASSERT_EQUAL(ev->view, steps[i].view);
		CU_ASSERT_EQUAL(trace_view_count(t), steps[i].nviews);
	}
	CU_ASSERT_EQUAL(w.calls, 6);
	CU_ASSERT_STRING_EQUAL(trace_view(t, 1)->pop3, "TRANSACTION");
	CU_ASSERT_EQUAL(trace_view(t, 1)->box[0].count, 0);
	CU_ASSERT_EQUAL(trace_view(t, 2)->box[0].count, 1);
	CU_ASSERT_STRING_EQUAL(trace_view(t, trace_get(t, 5)->view)->pop3, "UPDATE");
	world_view_t zero;
	memset(&zero, 0, sizeof zero);
	CU_ASSERT_EQUAL(memcmp(trace_view(t, 4), &zero, sizeof zero), 0);
	CU_ASSERT_EQUAL(memcmp(trace_view(t, (size_t)-1), &zero, sizeof zero), 0);
	trace_free(t);
}

static void test_hop_labels(void)
{
	static const struct { hop_t hop; const char *label; } table[] = {
		{ HOP_NONE, "" }, { HOP_1, "1" }, { HOP_2, "2" }, { HOP_3, "3" },
		{ HOP_4, "4" }, { HOP_5A, "5a" }, { HOP_5B, "5b" },
	};
	for (size_t i = 0; i < sizeof table / sizeof table[0]; i++) {
		hop_t h = HOP__COUNT;
		CU_ASSERT_STRING_EQUAL(hop_label(table[i].hop), table[i].label);
		CU_ASSERT_EQUAL(hop_parse(table[i].label, &h), 0);
		CU_ASSERT_EQUAL(h, table[i].hop);
	}
	hop_t h = HOP_2;
	CU_ASSERT_EQUAL(hop_parse("5B", &h), 0);
	CU_ASSERT_EQUAL(h, HOP_5B);
	static const char *const bad[] = { "5", "6", "0", "5c", "a", " 3", "33" };
	for (size_t i = 0; i < sizeof bad / sizeof bad[0]; i++) {
		h = HOP_2;
		CU_ASSERT_EQUAL(hop_parse(bad[i], &h), -1);
		CU_ASSERT_EQUAL(h, HOP_2);   /* untouched on failure */
	}
}

/* The JSON "kind" names are a contract with every consumer of --format json. */
static void test_kind_names(void)
{
	static const char *const names[EV__COUNT] = {
		[EV_NOTE] = "note", [EV_ACTION] = "action", [EV_CONNECT] = "connect",
		[EV_ACCEPT] = "accept", [EV_REFUSED] = "refused", [EV_CLOSE] = "close",
		[EV_ABORT] = "abort", [EV_CMD] = "cmd", [EV_REPLY] = "reply", [EV_DATA] = "data",
		[EV_STATE] = "state", [EV_DNS_QUERY] = "dns-query", [EV_DNS_ANSWER] = "dns-answer",
		[EV_QUEUE] = "queue", [EV_DELIVER] = "deliver", [EV_BOUNCE] = "bounce",
		[EV_FAULT] = "fault", [EV_TEACH] = "teach", [EV_QUESTION] = "question",
		[EV_EXPECT] = "expect", [EV_TLS] = "tls",
	};
	for (int k = 0; k < EV__COUNT; k++) {
		CU_ASSERT_PTR_NOT_NULL_FATAL(names[k]);
		CU_ASSERT_STRING_EQUAL(ev_kind_name((ev_kind_t)k), names[k]);
	}
}

CU_TestInfo trace_tests[] = {
	{ "emit copies strings and stamps the clock", test_emit_copies_and_stamps },
	{ "missing fields are empty strings, never NULL", test_missing_fields_are_empty },
	{ "event pointers stay valid as the trace grows", test_pointers_stay_valid },
	{ "subscribers see each stored event, in order", test_subscribers },
	{ "views are stored only when the world changed", test_views_deduplicated },
	{ "hop labels and parsing", test_hop_labels },
	{ "kind names used in JSON", test_kind_names },
	CU_TEST_INFO_NULL,
};
