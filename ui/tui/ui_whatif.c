/* ui_whatif.c — two runs stepped together (ui_whatif.h). */
#include "tui/ui_whatif.h"

#include <stdio.h>
#include <stdlib.h>

#include "lesson/diff.h"

struct ui_whatif {
	ui_model_t *left;       /* the caller's */
	ui_model_t *right;      /* ours */
	diff_t *diff;
	size_t cursor;
	char label[96];
};

ui_whatif_t *ui_whatif_new(ui_model_t *left, const trace_t *right, const char *label)
{
	ui_whatif_t *w = xcalloc(1, sizeof *w);
	w->left = left;
	w->right = ui_model_new(right);
	ui_model_set_ascii(w->right, ui_model_ascii(left));
	ui_model_play(left, 0);
	w->diff = diff_new(ui_model_trace(left), right);
	snprintf(w->label, sizeof w->label, "%s", label ? label : "");
	size_t d = diff_divergence(w->diff), n = diff_edit_count(w->diff);
	ui_whatif_goto(w, d < n ? d : n ? n - 1 : 0);
	return w;
}

void ui_whatif_free(ui_whatif_t *w)
{
	if (!w)
		return;
	ui_model_free(w->right);
	diff_free(w->diff);
	free(w);
}

const char *ui_whatif_label(const ui_whatif_t *w) { return w->label; }
ui_model_t *ui_whatif_right(ui_whatif_t *w) { return w->right; }
size_t ui_whatif_count(const ui_whatif_t *w) { return diff_edit_count(w->diff); }
size_t ui_whatif_cursor(const ui_whatif_t *w) { return w->cursor; }
size_t ui_whatif_divergence(const ui_whatif_t *w) { return diff_divergence(w->diff); }
int ui_whatif_alike(const ui_whatif_t *w) { return diff_alike(w->diff); }

/* The event of one side at or before step k (0 when none). */
static size_t side_index(const ui_whatif_t *w, size_t k, int right)
{
	const diff_edit_t *e = diff_edit(w->diff, k);
	if (!e)
		return 0;
	size_t i = right ? e->j : e->i;
	int own = right ? e->op != DIFF_LEFT : e->op != DIFF_RIGHT;
	return own || i == 0 ? i : i - 1;
}

unsigned ui_whatif_goto(ui_whatif_t *w, size_t k)
{
	size_t n = ui_whatif_count(w);
	if (n == 0)
		return 0;
	if (k >= n)
		k = n - 1;
	unsigned dirty = k != w->cursor ? UI_DIRTY_EVENT : 0;
	w->cursor = k;
	dirty |= ui_model_goto(w->left, side_index(w, k, 0));
	dirty |= ui_model_goto(w->right, side_index(w, k, 1));
	return dirty;
}

unsigned ui_whatif_step(ui_whatif_t *w, int delta)
{
	if (delta < 0 && (size_t)-delta > w->cursor)
		return ui_whatif_goto(w, 0);
	return ui_whatif_goto(w, (size_t)((ptrdiff_t)w->cursor + delta));
}

void ui_whatif_row(const ui_whatif_t *w, size_t k, ui_wrow_t *out, strbuf_t *ltext, strbuf_t *rtext)
{
	const diff_edit_t *e = diff_edit(w->diff, k);
	*out = (ui_wrow_t){ .mark = '=' };
	if (!e)
		return;
	out->mark = e->op == DIFF_LEFT ? '-' : e->op == DIFF_RIGHT ? '+' : '=';
	out->has_left = e->op != DIFF_RIGHT;
	out->has_right = e->op != DIFF_LEFT;
	if (out->has_left)
		ui_model_line(w->left, e->i, &out->left, ltext);
	if (out->has_right)
		ui_model_line(w->right, e->j, &out->right, rtext);
	if (out->has_left && out->has_right)
		out->shifted = trace_get(ui_model_trace(w->left), e->i)->t_us !=
			       trace_get(ui_model_trace(w->right), e->j)->t_us;
}
