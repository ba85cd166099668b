/* test_viewlog.c — world views stored as checkpoints and deltas read back
 * exactly as they were appended, in any order; a trace's window drops the
 * oldest events and views. */
#include <stdio.h>
#include <string.h>

#include "core/trace.h"
#include "core/viewlog.h"
#include "suites.h"

/* A view that differs from view k-1 in a few places, as the world's do. */
static void make_view(world_view_t *v, int k)
{
	memset(v, 0, sizeof *v);
	snprintf(v->smtp_submit, sizeof v->smtp_submit, "%s", k % 3 ? "DATA" : "READY");
	snprintf(v->pop3, sizeof v->pop3, "%s", k % 7 ? "" : "TRANSACTION");
	v->nqueue = k / 2;
	for (int i = 0; i < VIEW_QUEUE_MAX && i < v->nqueue; i++) {
		snprintf(v->queue[i].id, sizeof v->queue[i].id, "Q%d", k / 2 + i);
		snprintf(v->queue[i].status, sizeof v->queue[i].status, "attempt %d", (k + i) % 5);
	}
	v->nbox = 2;
	v->box[0].count = k;
	v->box[0].octets = 1000L * k;
	v->box[VIEW_BOX_MAX - 1].octets = k;   /* the last bytes of the struct change too */
}

static void test_read_back_in_any_order(void)
{
	enum { N = 1000 };
	viewlog_t *l = viewlog_new();
	world_view_t v, w;
	for (int k = 0; k < N; k++) {
		make_view(&v, k);
		CU_ASSERT_EQUAL(viewlog_append(l, &v), (size_t)k);
	}
	CU_ASSERT_EQUAL(viewlog_count(l), N);
	/* forwards, backwards, and jumping about (the UI stepping back) */
	for (int k = 0; k < N; k++) {
		make_view(&w, k);
		CU_ASSERT_EQUAL(memcmp(viewlog_get(l, (size_t)k), &w, sizeof w), 0);
	}
	for (int k = N - 1; k >= 0; k--) {
		make_view(&w, k);
		CU_ASSERT_EQUAL(memcmp(viewlog_get(l, (size_t)k), &w, sizeof w), 0);
	}
	for (int j = 0; j < N; j++) {
		int k = (j * 389) % N;
		make_view(&w, k);
		CU_ASSERT_EQUAL(memcmp(viewlog_get(l, (size_t)k), &w, sizeof w), 0);
	}
	CU_ASSERT_PTR_NULL(viewlog_get(l, N));
	/* deltas: far less than a whole view each */
	CU_ASSERT(viewlog_bytes(l) < N * sizeof(world_view_t) / 4);
	viewlog_free(l);
}

static void test_same_view_not_stored(void)
{
	viewlog_t *l = viewlog_new();
	world_view_t v;
	make_view(&v, 1);
	CU_ASSERT_EQUAL(viewlog_append(l, &v), 0);
	CU_ASSERT_EQUAL(viewlog_append(l, &v), 0);
	make_view(&v, 2);
	CU_ASSERT_EQUAL(viewlog_append(l, &v), 1);
	CU_ASSERT_EQUAL(viewlog_count(l), 2);
	viewlog_free(l);
}

static void test_drop_before(void)
{
	viewlog_t *l = viewlog_new();
	world_view_t v, w;
	for (int k = 0; k < 200; k++) {
		make_view(&v, k);
		viewlog_append(l, &v);
	}
	viewlog_drop_before(l, 150);
	CU_ASSERT_PTR_NULL(viewlog_get(l, 0));
	CU_ASSERT_PTR_NULL(viewlog_get(l, 100));
	for (int k = 150; k < 200; k++) {
		make_view(&w, k);
		CU_ASSERT_EQUAL(memcmp(viewlog_get(l, (size_t)k), &w, sizeof w), 0);
	}
	viewlog_free(l);
}

typedef struct world_stub {
	int k;              /* the view it shows */
	int asked;          /* times the viewer was called */
	uint64_t stamp;
} world_stub_t;

static void viewer(void *ctx, world_view_t *v)
{
	world_stub_t *w = ctx;
	w->asked++;
	make_view(v, w->k);
}

/* serve's window: the newest events stay, the oldest go with their views. */
static void test_trace_window(void)
{
	trace_t *t = trace_new(NULL);
	world_stub_t ws = { 0 };
	trace_set_viewer(t, viewer, &ws);
	trace_set_window(t, 2048);
	trace_meta_t m = { .kind = EV_NOTE };
	for (ws.k = 0; ws.k < 10000; ws.k++)
		trace_emit(t, &m, "event %d", ws.k);
	CU_ASSERT_EQUAL(trace_count(t), 10000);
	CU_ASSERT(trace_first(t) > 0);
	CU_ASSERT(trace_count(t) - trace_first(t) >= 2048);
	CU_ASSERT(trace_count(t) - trace_first(t) <= 2048 + 2 * 1024);
	CU_ASSERT_PTR_NULL(trace_get(t, 0));
	CU_ASSERT_PTR_NULL(trace_get(t, trace_first(t) - 1));
	const trace_event_t *ev = trace_get(t, 9999);
	CU_ASSERT_PTR_NOT_NULL_FATAL(ev);
	CU_ASSERT_STRING_EQUAL(ev->text, "event 9999");
	world_view_t w;
	make_view(&w, 9999);
	CU_ASSERT_EQUAL(memcmp(trace_view(t, ev->view), &w, sizeof w), 0);
	ev = trace_get(t, trace_first(t));
	make_view(&w, (int)trace_first(t));
	CU_ASSERT_EQUAL(memcmp(trace_view(t, ev->view), &w, sizeof w), 0);
	CU_ASSERT(trace_bytes(t) < 2 * 1024 * 1024);   /* bounded: not 10 000 events' worth */
	trace_free(t);
}

static uint64_t stamp(void *ctx)
{
	return ((world_stub_t *)ctx)->stamp;
}

/* An unchanged stamp: the viewer is not asked, the event keeps the view. */
static void test_stamp_skips_viewer(void)
{
	trace_t *t = trace_new(NULL);
	world_stub_t ws = { .k = 1, .stamp = 5 };
	trace_set_viewer(t, viewer, &ws);
	trace_set_view_stamp(t, stamp, &ws);
	trace_meta_t m = { .kind = EV_NOTE };
	const trace_event_t *a = trace_emit(t, &m, "a");
	ws.k = 2;                  /* the world changed but the stamp says not: not asked */
	const trace_event_t *b = trace_emit(t, &m, "b");
	CU_ASSERT_EQUAL(ws.asked, 1);
	CU_ASSERT_EQUAL(a->view, b->view);
	ws.stamp = 6;
	const trace_event_t *c = trace_emit(t, &m, "c");
	CU_ASSERT_EQUAL(ws.asked, 2);
	CU_ASSERT_NOT_EQUAL(c->view, b->view);
	CU_ASSERT_EQUAL(trace_view(t, c->view)->box[0].count, 2);
	trace_free(t);
}

CU_TestInfo viewlog_tests[] = {
	{ "views read back in any order", test_read_back_in_any_order },
	{ "an unchanged view is not stored", test_same_view_not_stored },
	{ "old blocks dropped", test_drop_before },
	{ "a trace window", test_trace_window },
	{ "the stamp skips the viewer", test_stamp_skips_viewer },
	CU_TEST_INFO_NULL,
};
