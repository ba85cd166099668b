/* diff.h — what changes between two runs ("what if?"): two traces aligned
 * as diff(1) aligns two files, and what differs in their outcome.
 *
 * Two events match when their hop, kind, from, to and text match; their
 * times may differ (the "shift"). The alignment is Myers' O((N+M)D) diff in
 * linear space, so two long runs that differ a little cost little. For the
 * reader the alignment becomes lines: the common prefix folded into one, then
 * "-" (left only), "+" (right only) and "=" (both) lines, long "=" runs
 * folded again around a few lines of context. */
#ifndef MP_DIFF_H
#define MP_DIFF_H

#include <stddef.h>
#include <stdint.h>
#include <stdio.h>

#include "core/trace.h"

typedef enum diff_op {
	DIFF_SAME,      /* in both runs */
	DIFF_LEFT,      /* only in the left run ("-") */
	DIFF_RIGHT,     /* only in the right run ("+") */
	DIFF_FOLD,      /* a run of alike events shown as one line */
} diff_op_t;

/* One step of the alignment: left[i] and/or right[j]. */
typedef struct diff_edit {
	diff_op_t op;   /* SAME, LEFT or RIGHT */
	size_t i, j;    /* event indices; only the side(s) the op names count */
} diff_edit_t;

/* One line for the reader. A fold names its last event on each side. */
typedef struct diff_line {
	diff_op_t op;
	size_t count;                   /* DIFF_FOLD: how many alike events */
	const trace_event_t *left;      /* NULL for DIFF_RIGHT */
	const trace_event_t *right;     /* NULL for DIFF_LEFT */
} diff_line_t;

/* One difference of outcome: "451 at hop 3", "0", "1". */
typedef struct diff_outcome {
	char what[128];
	char left[96];
	char right[96];
} diff_outcome_t;

typedef struct diff diff_t;

#define DIFF_CONTEXT 3      /* "=" lines kept around a fold */

/* Align two traces (which must outlive the diff). */
diff_t *diff_new(const trace_t *left, const trace_t *right);
void diff_free(diff_t *d);

/* The traces: side 0 the left, 1 the right. */
const trace_t *diff_trace(const diff_t *d, int side);
size_t diff_edit_count(const diff_t *d);
const diff_edit_t *diff_edit(const diff_t *d, size_t k);
/* The first edit that is not SAME (diff_edit_count when the events are alike). */
size_t diff_divergence(const diff_t *d);

size_t diff_line_count(const diff_t *d);
const diff_line_t *diff_line(const diff_t *d, size_t k);

size_t diff_outcome_count(const diff_t *d);
const diff_outcome_t *diff_outcome(const diff_t *d, size_t k);

/* 1 when the runs are alike: the same events at the same times, and the
 * same outcome. */
int diff_alike(const diff_t *d);

/* The reader's forms. Labels name the runs ("default+greylist"). */
void diff_print_text(const diff_t *d, const char *left_label, const char *right_label, FILE *out);
/* JSON Lines: one object per line ({"op":"=","left":{..},"right":{..}},
 * "fold" with "count"), then {"outcome":{...}}. */
void diff_print_json(const diff_t *d, const char *left_label, const char *right_label, FILE *out);
/* "3→4", "4", "5a" ...: who an event is between, by the boxes of the path. */
void diff_who(const trace_event_t *ev, char *buf, size_t size);

#endif
