/* test_ui_whatif.c — "what if?" without a terminal: the split starts where
 * the runs part, steps both runs together and back again exactly; and the
 * world pane's beliefs follow the cursor, stepping back included. */
#include <string.h>

#include "run/fault.h"
#include "run/run.h"
#include "run/scenario.h"
#include "suites.h"
#include "tui/ui_model.h"
#include "tui/ui_whatif.h"

static run_t *run_with(scenario_t *sc, const fault_t *f, size_t nf)
{
	run_opts_t o = { .faults = f, .nfaults = nf };
	run_t *r = run_new(sc, &o);
	run_to_end(r);
	return r;
}

static void test_split_starts_where_runs_part(void)
{
	strbuf_t err = STRBUF_INIT;
	scenario_t *sc = scenario_load("default", &err);
	CU_ASSERT_PTR_NOT_NULL_FATAL(sc);
	fault_t grey = { .kind = FAULT_GREYLIST };
	run_t *a = run_with(sc, NULL, 0), *b = run_with(sc, &grey, 1);
	ui_model_t *m = ui_model_new(run_trace(a));
	ui_whatif_t *w = ui_whatif_new(m, run_trace(b), "+greylist");
	CU_ASSERT_FALSE(ui_whatif_alike(w));
	CU_ASSERT_EQUAL(ui_whatif_cursor(w), ui_whatif_divergence(w));
	strbuf_t lt = STRBUF_INIT, rt = STRBUF_INIT;
	ui_wrow_t row;
	ui_whatif_row(w, ui_whatif_cursor(w), &row, &lt, &rt);
	CU_ASSERT_EQUAL(row.mark, '+');
	CU_ASSERT_FALSE(row.has_left);
	CU_ASSERT_EQUAL(row.right.kind, EV_FAULT);
	/* step on until the 451 on the right; the left run has no such line */
	int found = 0;
	for (int i = 0; i < 200 && !found; i++) {
		ui_whatif_step(w, 1);
		ui_whatif_row(w, ui_whatif_cursor(w), &row, &lt, &rt);
		found = row.mark == '+' && strncmp(row.right.text, "451 4.7.1", 9) == 0;
	}
	CU_ASSERT_TRUE(found);
	/* both runs' cursors follow; back and forth gives the same place */
	size_t k = ui_whatif_cursor(w), lc = ui_model_cursor(m);
	size_t rc = ui_model_cursor(ui_whatif_right(w));
	CU_ASSERT_STRING_EQUAL(ui_model_event(ui_whatif_right(w))->text, row.right.text);
	CU_ASSERT_NOT_EQUAL(ui_whatif_step(w, -3), 0);
	CU_ASSERT(ui_model_cursor(m) <= lc);
	ui_whatif_step(w, 3);
	CU_ASSERT_EQUAL(ui_whatif_cursor(w), k);
	CU_ASSERT_EQUAL(ui_model_cursor(m), lc);
	CU_ASSERT_EQUAL(ui_model_cursor(ui_whatif_right(w)), rc);
	CU_ASSERT_EQUAL(ui_whatif_goto(w, ui_whatif_count(w) + 5) != 0, 1);
	CU_ASSERT_EQUAL(ui_whatif_cursor(w), ui_whatif_count(w) - 1);
	sb_free(&lt);
	sb_free(&rt);
	ui_whatif_free(w);
	ui_model_free(m);
	run_free(a);
	run_free(b);
	scenario_free(sc);
	sb_free(&err);
}

static int belief_rows(const ui_model_t *m, ui_state_t *st)
{
	ui_model_state(m, st);
	int n = 0;
	for (int i = 0; i < st->n; i++)
		n += st->row[i].kind == UI_SROW_BELIEF;
	return n;
}

/* At the final dot's 250 of the submission: the client still waits, the
 * server has stored it; stepping away and back shows the same again. */
static void test_beliefs_follow_the_cursor(void)
{
	strbuf_t err = STRBUF_INIT;
	scenario_t *sc = scenario_load("default", &err);
	CU_ASSERT_PTR_NOT_NULL_FATAL(sc);
	run_t *a = run_with(sc, NULL, 0);
	ui_model_t *m = ui_model_new(run_trace(a));
	size_t at = 0;
	for (size_t i = 0; i < ui_model_count(m); i++) {
		const trace_event_t *ev = trace_get(run_trace(a), i);
		if (ev->kind == EV_REPLY && ev->hop == HOP_2 && strncmp(ev->text, "250 2.0.0", 9) == 0) {
			at = i;
			break;
		}
	}
	CU_ASSERT_FATAL(at > 0);
	ui_model_goto(m, at);
	ui_state_t st, again;
	CU_ASSERT_EQUAL(belief_rows(m, &st), 2);
	int seen = 0;
	for (int i = 0; i < st.n; i++) {
		if (st.row[i].kind != UI_SROW_BELIEF)
			continue;
		if (!strcmp(st.row[i].label, "client"))
			seen += !strcmp(st.row[i].value, "sent the final dot, waiting for the reply");
		if (!strcmp(st.row[i].label, "server"))
			seen += !strncmp(st.row[i].value, "message stored, 250 sent", 24);
	}
	CU_ASSERT_EQUAL(seen, 2);
	ui_model_goto(m, at + 20);
	ui_model_goto(m, at);
	belief_rows(m, &again);
	CU_ASSERT_EQUAL(memcmp(&st, &again, sizeof st), 0);
	ui_model_free(m);
	run_free(a);
	scenario_free(sc);
	sb_free(&err);
}

CU_TestInfo ui_whatif_tests[] = {
	{ "the split starts where the runs part", test_split_starts_where_runs_part },
	{ "beliefs follow the cursor", test_beliefs_follow_the_cursor },
	CU_TEST_INFO_NULL,
};
