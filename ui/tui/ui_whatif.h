/* ui_whatif.h — "what if?" in the UI: the run as it is (left) and the same
 * run with a fault added (right), aligned by sim/lesson/diff and stepped
 * together. The cursor is a step of the alignment; each run's own model
 * follows it (the left event at or before it, the right one likewise), so
 * the panes of either run show the world as it was there. Curses-free. */
#ifndef MP_UI_WHATIF_H
#define MP_UI_WHATIF_H

#include <stddef.h>

#include "core/trace.h"
#include "core/util.h"
#include "tui/ui_model.h"

typedef struct ui_whatif ui_whatif_t;

/* One row of the split transcript. */
typedef struct ui_wrow {
	char mark;              /* '=' both, '-' left only, '+' right only */
	int has_left, has_right;
	int shifted;            /* both, at different times */
	ui_line_t left, right;  /* texts point into the caller's strbufs */
} ui_wrow_t;

/* left is the model of the shown run (its cursor is moved); right must
 * outlive the what-if. Starts at the first divergence. */
ui_whatif_t *ui_whatif_new(ui_model_t *left, const trace_t *right, const char *label);
void ui_whatif_free(ui_whatif_t *w);
const char *ui_whatif_label(const ui_whatif_t *w);     /* "+greylist@0.504s" */
/* The right run's model: the panes follow it while the split is shown. */
ui_model_t *ui_whatif_right(ui_whatif_t *w);

size_t ui_whatif_count(const ui_whatif_t *w);           /* steps of the alignment */
size_t ui_whatif_cursor(const ui_whatif_t *w);
size_t ui_whatif_divergence(const ui_whatif_t *w);      /* count when alike */
int ui_whatif_alike(const ui_whatif_t *w);
/* Moves return the dirty panes (0: nothing moved). */
unsigned ui_whatif_goto(ui_whatif_t *w, size_t k);
unsigned ui_whatif_step(ui_whatif_t *w, int delta);
void ui_whatif_row(const ui_whatif_t *w, size_t k, ui_wrow_t *out, strbuf_t *ltext, strbuf_t *rtext);

#endif
