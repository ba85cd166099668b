/* test_diff.c — two runs aligned: alike runs fold into one line, an insertion
 * is one '+' line, the alignment is a shortest edit script (Myers), times
 * may differ without breaking a match, the common prefix folds and a fault
 * injected there is shown after it, long '=' runs keep their context, and
 * the outcome names what differs. Traces are built by hand. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "core/sched.h"
#include "core/trace.h"
#include "lesson/diff.h"
#include "suites.h"

/* One event per letter of s: kind reply at hop 3, text the letter. */
static trace_t *letters(sched_t *clock, const char *s)
{
	trace_t *t = trace_new(clock);
	trace_meta_t m = { .hop = HOP_3, .kind = EV_REPLY, .proto = "SMTP", .from = "mail.corp.example",
			   .to = "smtp.isp.example" };
	for (const char *p = s; *p; p++)
		trace_emit(t, &m, "%c", *p);
	return t;
}

static size_t count_ops(const diff_t *d, diff_op_t op)
{
	size_t n = 0;
	for (size_t k = 0; k < diff_edit_count(d); k++)
		n += diff_edit(d, k)->op == op;
	return n;
}

/* Every SAME edit pairs equal events, indices only grow, and every event of
 * both sides is used exactly once. */
static void check_script(const diff_t *d, const trace_t *a, const trace_t *b)
{
	size_t i = 0, j = 0;
	for (size_t k = 0; k < diff_edit_count(d); k++) {
		const diff_edit_t *e = diff_edit(d, k);
		if (e->op != DIFF_RIGHT) {
			CU_ASSERT_EQUAL(e->i, i);
			i++;
		}
		if (e->op != DIFF_LEFT) {
			CU_ASSERT_EQUAL(e->j, j);
			j++;
		}
		if (e->op == DIFF_SAME)
			CU_ASSERT_STRING_EQUAL(trace_get(a, e->i)->text, trace_get(b, e->j)->text);
	}
	CU_ASSERT_EQUAL(i, trace_count(a));
	CU_ASSERT_EQUAL(j, trace_count(b));
}

static void test_alike_runs_fold_to_one_line(void)
{
	trace_t *a = letters(NULL, "abcdefgh"), *b = letters(NULL, "abcdefgh");
	diff_t *d = diff_new(a, b);
	CU_ASSERT_TRUE(diff_alike(d));
	CU_ASSERT_EQUAL(diff_line_count(d), 1);
	CU_ASSERT_EQUAL(diff_line(d, 0)->op, DIFF_FOLD);
	CU_ASSERT_EQUAL(diff_line(d, 0)->count, 8);
	CU_ASSERT_STRING_EQUAL(diff_line(d, 0)->left->text, "h");
	CU_ASSERT_EQUAL(diff_divergence(d), diff_edit_count(d));
	CU_ASSERT_EQUAL(diff_outcome_count(d), 0);
	diff_free(d);
	trace_free(a);
	trace_free(b);
}

static void test_one_insertion_is_one_plus_line(void)
{
	trace_t *a = letters(NULL, "abcdef"), *b = letters(NULL, "abcXdef");
	diff_t *d = diff_new(a, b);
	CU_ASSERT_FALSE(diff_alike(d));
	CU_ASSERT_EQUAL(count_ops(d, DIFF_RIGHT), 1);
	CU_ASSERT_EQUAL(count_ops(d, DIFF_LEFT), 0);
	CU_ASSERT_EQUAL(diff_divergence(d), 3);
	/* fold(abc), +X, = d, = e, = f */
	CU_ASSERT_EQUAL(diff_line_count(d), 5);
	CU_ASSERT_EQUAL(diff_line(d, 0)->op, DIFF_FOLD);
	CU_ASSERT_EQUAL(diff_line(d, 0)->count, 3);
	CU_ASSERT_EQUAL(diff_line(d, 1)->op, DIFF_RIGHT);
	CU_ASSERT_PTR_NULL(diff_line(d, 1)->left);
	CU_ASSERT_STRING_EQUAL(diff_line(d, 1)->right->text, "X");
	check_script(d, a, b);
	diff_free(d);
	trace_free(a);
	trace_free(b);
}

/* Myers' own example: ABCABBA vs CBABAC has a shortest edit script of 5. */
static void test_shortest_edit_script(void)
{
	trace_t *a = letters(NULL, "ABCABBA"), *b = letters(NULL, "CBABAC");
	diff_t *d = diff_new(a, b);
	CU_ASSERT_EQUAL(count_ops(d, DIFF_LEFT) + count_ops(d, DIFF_RIGHT), 5);
	CU_ASSERT_EQUAL(count_ops(d, DIFF_SAME), 4);
	check_script(d, a, b);
	diff_free(d);
	trace_free(a);
	trace_free(b);
	/* nothing in common: all of one, then all of the other */
	a = letters(NULL, "abc"), b = letters(NULL, "xyz");
	d = diff_new(a, b);
	CU_ASSERT_EQUAL(count_ops(d, DIFF_LEFT), 3);
	CU_ASSERT_EQUAL(count_ops(d, DIFF_RIGHT), 3);
	CU_ASSERT_EQUAL(diff_line(d, 0)->op, DIFF_LEFT);
	CU_ASSERT_EQUAL(diff_line(d, 3)->op, DIFF_RIGHT);
	check_script(d, a, b);
	diff_free(d);
	trace_free(a);
	trace_free(b);
}

/* A long run with a few changes: the script is still minimal. */
static void test_long_runs(void)
{
	size_t n = 20000;
	char *s = malloc(n + 1), *t = malloc(n + 1);
	for (size_t i = 0; i < n; i++)
		s[i] = t[i] = (char)('a' + (i * 7 + i / 26) % 26);
	s[n] = t[n] = '\0';
	t[100] = '#';           /* one changed */
	t[15000] = '#';         /* another */
	trace_t *a = letters(NULL, s), *b = letters(NULL, t);
	diff_t *d = diff_new(a, b);
	CU_ASSERT_EQUAL(count_ops(d, DIFF_LEFT), 2);
	CU_ASSERT_EQUAL(count_ops(d, DIFF_RIGHT), 2);
	check_script(d, a, b);
	/* the 14899 alike events between the changes fold around 3 + 3 context */
	int found = 0;
	for (size_t k = 0; k < diff_line_count(d); k++)
		found |= diff_line(d, k)->op == DIFF_FOLD && diff_line(d, k)->count == 15000 - 101 - 2 * DIFF_CONTEXT;
	CU_ASSERT_TRUE(found);
	diff_free(d);
	trace_free(a);
	trace_free(b);
	free(s);
	free(t);
}

/* Times may differ: the events still match, but the runs are not alike. */
static void test_shifted_times_match(void)
{
	sched_t *c1 = sched_new(), *c2 = sched_new();
	trace_t *a = letters(c1, "ab"), *b = letters(c2, "a");
	sched_run(c2, 5000000, 0);
	trace_meta_t m = { .hop = HOP_3, .kind = EV_REPLY, .proto = "SMTP", .from = "mail.corp.example",
			   .to = "smtp.isp.example" };
	trace_emit(b, &m, "b");
	diff_t *d = diff_new(a, b);
	CU_ASSERT_EQUAL(count_ops(d, DIFF_SAME), 2);
	CU_ASSERT_FALSE(diff_alike(d));
	diff_free(d);
	trace_free(a);
	trace_free(b);
	sched_free(c1);
	sched_free(c2);
}

/* The fault that causes the difference is shown after the common prefix. */
static void test_fault_after_the_fold(void)
{
	trace_t *a = letters(NULL, "abcdX"), *b = trace_new(NULL);
	trace_meta_t f = { .kind = EV_FAULT };
	trace_emit(b, &f, "fault greylist");
	trace_meta_t m = { .hop = HOP_3, .kind = EV_REPLY, .proto = "SMTP", .from = "mail.corp.example",
			   .to = "smtp.isp.example" };
	for (const char *p = "abcdY"; *p; p++)
		trace_emit(b, &m, "%c", *p);
	diff_t *d = diff_new(a, b);
	CU_ASSERT_EQUAL(diff_line(d, 0)->op, DIFF_FOLD);
	CU_ASSERT_EQUAL(diff_line(d, 0)->count, 4);
	CU_ASSERT_EQUAL(diff_line(d, 1)->op, DIFF_RIGHT);
	CU_ASSERT_EQUAL(diff_line(d, 1)->right->kind, EV_FAULT);
	CU_ASSERT_EQUAL(diff_line(d, 2)->op, DIFF_LEFT);
	CU_ASSERT_STRING_EQUAL(diff_line(d, 2)->left->text, "X");
	CU_ASSERT_EQUAL(diff_line(d, 3)->op, DIFF_RIGHT);
	diff_free(d);
	trace_free(a);
	trace_free(b);
}

static void test_outcome_names_replies(void)
{
	trace_t *a = trace_new(NULL), *b = trace_new(NULL);
	trace_meta_t m = { .hop = HOP_3, .kind = EV_REPLY, .proto = "SMTP", .from = "mail.corp.example",
			   .to = "smtp.isp.example" };
	trace_emit(a, &m, "250 2.1.5 Ok");
	trace_emit(b, &m, "451 4.7.1 Greylisted, try again later");
	trace_emit(b, &m, "250 2.1.5 Ok");
	diff_t *d = diff_new(a, b);
	int seen = 0;
	for (size_t k = 0; k < diff_outcome_count(d); k++) {
		const diff_outcome_t *o = diff_outcome(d, k);
		if (!strcmp(o->what, "451 at hop 3")) {
			CU_ASSERT_STRING_EQUAL(o->left, "0");
			CU_ASSERT_STRING_EQUAL(o->right, "1");
			seen = 1;
		}
		CU_ASSERT_NOT_EQUAL(strcmp(o->what, "250 at hop 3"), 0);   /* 1 vs 1: alike */
	}
	CU_ASSERT_TRUE(seen);
	diff_free(d);
	trace_free(a);
	trace_free(b);
}

CU_TestInfo diff_tests[] = {
	{ "alike runs fold to one line", test_alike_runs_fold_to_one_line },
	{ "one insertion is one + line", test_one_insertion_is_one_plus_line },
	{ "a shortest edit script (Myers)", test_shortest_edit_script },
	{ "long runs, few changes", test_long_runs },
	{ "shifted times still match", test_shifted_times_match },
	{ "a fault is shown after the fold", test_fault_after_the_fold },
	{ "the outcome names the replies that differ", test_outcome_names_replies },
	CU_TEST_INFO_NULL,
};
