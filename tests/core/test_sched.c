/* test_sched.c — the scheduler: (time, sequence) order, FIFO ties, lazy
 * cancel, the clock of run-until and run-n, no recursive dispatch. */
#include <stdint.h>
#include <string.h>

#include "core/sched.h"
#include "suites.h"

/* A log of which events ran, and when. */
typedef struct log {
	sched_t *s;
	int ids[2048];
	int64_t at[2048];
	int n;
} log_t;

typedef struct tag {
	log_t *log;
	int id;
} tag_t;

static void record(void *arg)
{
	tag_t *t = arg;
	t->log->ids[t->log->n] = t->id;
	t->log->at[t->log->n] = sched_now(t->log->s);
	t->log->n++;
}

static void test_time_order_and_fifo_ties(void)
{
	static const struct { int64_t at; int id; } plan[] = {
		{ 30, 1 }, { 10, 2 }, { 20, 3 }, { 10, 4 }, { 30, 5 }, { 10, 6 }, { 0, 7 },
	};
	static const int expect[] = { 7, 2, 4, 6, 3, 1, 5 };
	log_t log = { .s = sched_new() };
	tag_t tags[7];
	for (int i = 0; i < 7; i++) {
		tags[i] = (tag_t){ &log, plan[i].id };
		sched_at(log.s, plan[i].at, record, &tags[i]);
	}
	CU_ASSERT_EQUAL(sched_pending(log.s), 7);
	CU_ASSERT_EQUAL(sched_run_idle(log.s), 7);
	CU_ASSERT_EQUAL(log.n, 7);
	for (int i = 0; i < 7; i++)
		CU_ASSERT_EQUAL(log.ids[i], expect[i]);
	CU_ASSERT_EQUAL(sched_now(log.s), 30);   /* run_idle does not jump to FOREVER */
	CU_ASSERT_EQUAL(sched_next_time(log.s), -1);
	sched_free(log.s);
}

static void test_cancel(void)
{
	log_t log = { .s = sched_new() };
	tag_t a = { &log, 1 }, b = { &log, 2 }, c = { &log, 3 };
	sched_handle_t ha = sched_at(log.s, 10, record, &a);
	sched_handle_t hb = sched_at(log.s, 20, record, &b);
	sched_handle_t hc = sched_at(log.s, 30, record, &c);
	CU_ASSERT(ha != 0 && hb != 0 && hc != 0 && ha != hb && hb != hc);
	CU_ASSERT_EQUAL(sched_cancel(log.s, hb), 1);
	CU_ASSERT_EQUAL(sched_cancel(log.s, hb), 0);          /* already cancelled */
	CU_ASSERT_EQUAL(sched_cancel(log.s, 0), 0);           /* never a handle */
	CU_ASSERT_EQUAL(sched_cancel(log.s, hc + 100), 0);    /* unknown */
	CU_ASSERT_EQUAL(sched_pending(log.s), 2);
	CU_ASSERT_EQUAL(sched_cancel(log.s, ha), 1);          /* the earliest */
	CU_ASSERT_EQUAL(sched_next_time(log.s), 30);
	CU_ASSERT_EQUAL(sched_run_idle(log.s), 1);
	CU_ASSERT_EQUAL(log.n, 1);
	CU_ASSERT_EQUAL(log.ids[0], 3);
	CU_ASSERT_EQUAL(sched_cancel(log.s, hc), 0);          /* already ran */
	sched_free(log.s);
}

static void test_run_until_advances_clock(void)
{
	log_t log = { .s = sched_new() };
	tag_t t[3] = { { &log, 1 }, { &log, 2 }, { &log, 3 } };
	for (int i = 0; i < 3; i++)
		sched_at(log.s, SCHED_MS(10 * (i + 1)), record, &t[i]);
	CU_ASSERT_EQUAL(sched_run(log.s, SCHED_MS(20), 0), 2);   /* <= until runs */
	CU_ASSERT_EQUAL(log.at[0], SCHED_MS(10));
	CU_ASSERT_EQUAL(log.at[1], SCHED_MS(20));
	CU_ASSERT_EQUAL(sched_now(log.s), SCHED_MS(20));
	CU_ASSERT_EQUAL(sched_run(log.s, SCHED_MS(25), 0), 0);
	CU_ASSERT_EQUAL(sched_now(log.s), SCHED_MS(25));         /* nothing due: clock moves */
	CU_ASSERT_EQUAL(sched_run(log.s, SCHED_MS(5), 0), 0);
	CU_ASSERT_EQUAL(sched_now(log.s), SCHED_MS(25));         /* never backwards */
	CU_ASSERT_EQUAL(sched_next_time(log.s), SCHED_MS(30));
	/* sched_after counts from the advanced clock */
	tag_t late = { &log, 4 };
	sched_after(log.s, SCHED_MS(1), record, &late);
	CU_ASSERT_EQUAL(sched_next_time(log.s), SCHED_MS(26));
	CU_ASSERT_EQUAL(sched_run(log.s, SCHED_US(1), 0), 2);
	CU_ASSERT_EQUAL(log.ids[2], 4);
	CU_ASSERT_EQUAL(log.ids[3], 3);
	CU_ASSERT_EQUAL(sched_now(log.s), SCHED_US(1));
	sched_free(log.s);
}

static void test_run_n_keeps_clock_at_last_event(void)
{
	log_t log = { .s = sched_new() };
	tag_t t[4] = { { &log, 1 }, { &log, 2 }, { &log, 3 }, { &log, 4 } };
	for (int i = 0; i < 4; i++)
		sched_at(log.s, 100 * (i + 1), record, &t[i]);
	CU_ASSERT_EQUAL(sched_run_n(log.s, 2), 2);
	CU_ASSERT_EQUAL(log.n, 2);
	CU_ASSERT_EQUAL(sched_now(log.s), 200);
	CU_ASSERT_EQUAL(sched_run(log.s, 1000, 1), 1);           /* limit before until */
	CU_ASSERT_EQUAL(sched_now(log.s), 300);
	CU_ASSERT_EQUAL(sched_pending(log.s), 1);
	CU_ASSERT_EQUAL(sched_run_n(log.s, 5), 1);
	CU_ASSERT_EQUAL(sched_run_n(log.s, 5), 0);
	sched_free(log.s);
}

/* An event that schedules another for "now" and tries to run the scheduler. */
typedef struct nested {
	log_t *log;
	tag_t child;
	size_t inner_ran;
	int child_ran_inside;
} nested_t;

static void parent_event(void *arg)
{
	nested_t *ne = arg;
	ne->log->ids[ne->log->n] = 100;
	ne->log->at[ne->log->n++] = sched_now(ne->log->s);
	sched_after(ne->log->s, 0, record, &ne->child);
	sched_at(ne->log->s, 0, record, &ne->child);   /* in the past: means now */
	ne->inner_ran = sched_run_idle(ne->log->s);
	ne->child_ran_inside = ne->log->n > 1;
}

static void test_no_recursive_dispatch(void)
{
	log_t log = { .s = sched_new() };
	nested_t ne = { .log = &log, .child = { &log, 7 } };
	sched_at(log.s, 50, parent_event, &ne);
	CU_ASSERT_EQUAL(sched_run(log.s, 50, 0), 3);   /* children due by until run too */
	CU_ASSERT_EQUAL(ne.inner_ran, 0);
	CU_ASSERT_FALSE(ne.child_ran_inside);
	CU_ASSERT_EQUAL(log.n, 3);
	CU_ASSERT_EQUAL(log.ids[0], 100);
	CU_ASSERT_EQUAL(log.ids[1], 7);
	CU_ASSERT_EQUAL(log.at[2], 50);                /* the past was clamped to now */
	sched_free(log.s);
}

/* A thousand events at pseudo-random times, a third of them cancelled, some
 * more scheduled on the way: exactly the live ones run, in (time, seq) order. */
static void test_many_events_with_cancels(void)
{
	enum { N = 1200 };
	static log_t log;
	static tag_t tags[N];
	static sched_handle_t h[N];
	static int64_t when[N];
	static int cancelled[N];
	memset(&log, 0, sizeof log);
	memset(cancelled, 0, sizeof cancelled);
	log.s = sched_new();
	uint32_t x = 12345;
	for (int i = 0; i < N; i++) {
		x = x * 1103515245u + 12345u;
		when[i] = (x >> 16) % 97;   /* many ties */
		tags[i] = (tag_t){ &log, i };
		h[i] = sched_at(log.s, when[i], record, &tags[i]);
		if (i % 3 == 2) {
			int victim = (int)((x >> 8) % (uint32_t)(i + 1));
			cancelled[victim] |= sched_cancel(log.s, h[victim]);
		}
	}
	int live = 0;
	for (int i = 0; i < N; i++)
		live += !cancelled[i];
	CU_ASSERT_EQUAL(sched_pending(log.s), (size_t)live);
	CU_ASSERT_EQUAL(sched_run_idle(log.s), (size_t)live);
	CU_ASSERT_EQUAL(log.n, live);
	for (int k = 0; k < log.n; k++) {
		int id = log.ids[k];
		CU_ASSERT_FALSE(cancelled[id]);
		CU_ASSERT_EQUAL(log.at[k], when[id]);
		if (k > 0) {
			int prev = log.ids[k - 1];
			CU_ASSERT(when[prev] < when[id] || (when[prev] == when[id] && prev < id));
		}
	}
	sched_free(log.s);
}

/* Serve mode restarts a long idle timer on every byte: cancel + reschedule. */
static void test_restarted_timer_stays_cheap(void)
{
	log_t log = { .s = sched_new() };
	tag_t t = { &log, 1 };
	sched_handle_t h = sched_after(log.s, SCHED_US(300), record, &t);
	for (int i = 0; i < 100000; i++) {
		CU_ASSERT_FATAL(sched_cancel(log.s, h) == 1);
		h = sched_after(log.s, SCHED_US(300) + i, record, &t);
	}
	CU_ASSERT_EQUAL(sched_pending(log.s), 1);
	CU_ASSERT_EQUAL(sched_next_time(log.s), SCHED_US(300) + 99999);
	CU_ASSERT_EQUAL(sched_run_idle(log.s), 1);
	CU_ASSERT_EQUAL(log.n, 1);
	sched_free(log.s);
}

CU_TestInfo sched_tests[] = {
	{ "events run in time order, ties FIFO", test_time_order_and_fifo_ties },
	{ "cancel is lazy and exact", test_cancel },
	{ "run-until runs due events and advances the clock", test_run_until_advances_clock },
	{ "run-n stops after n with the clock at the last event", test_run_n_keeps_clock_at_last_event },
	{ "an event scheduled during dispatch waits: no recursion", test_no_recursive_dispatch },
	{ "1200 events with cancels keep (time, seq) order", test_many_events_with_cancels },
	{ "a restarted timer does not pile up", test_restarted_timer_stays_cheap },
	CU_TEST_INFO_NULL,
};
