/* ui_whatif_draw.c — the split transcript of "what if?": the run as it ran
 * on the left, the run with the fault on the right, one step of their
 * alignment per row ('=' both, '-' only left, '+' only right), the rows up
 * to the cursor, the current one lit. */
#include "tui/ui_whatif_draw.h"

#include <stdio.h>

static void half(const ui_look_t *lk, WINDOW *w, int y, int x, int room, const ui_line_t *l, attr_t a)
{
	strbuf_t sb = STRBUF_INIT;
	ui_model_line_format(l, &sb);
	ui_text_put_cut(w, lk, y, x, room, sb_str(&sb), a);
	sb_free(&sb);
}

static attr_t mark_attr(const ui_look_t *lk, char mark, int current)
{
	if (current)
		return ui_text_attr(lk, C_CURSOR);
	return ui_text_attr(lk, mark == '-' ? C_REPLY_ERROR : mark == '+' ? C_REPLY_OK : C_DIM);
}

void ui_whatif_draw(const ui_look_t *lk, ui_whatif_t *wi, WINDOW *w)
{
	int h, width;
	getmaxyx(w, h, width);
	werase(w);
	int mid = width / 2;
	char head[160];
	snprintf(head, sizeof head, " what if %s  (n/p both, Esc one run)", ui_whatif_label(wi));
	ui_text_put_cut(w, lk, 0, 0, mid - 1, " as it ran", ui_text_attr(lk, C_HEADER));
	ui_text_put_cut(w, lk, 0, mid + 1, width - mid - 1, head, ui_text_attr(lk, C_HEADER));
	ui_text_put(w, lk, 0, mid, 1, lk->g->v, ui_text_attr(lk, C_FRAME));
	if (h < 2 || ui_whatif_count(wi) == 0)
		return;
	size_t k = ui_whatif_cursor(wi), rows = (size_t)(h - 1);
	size_t first = k + 1 > rows ? k + 1 - rows : 0;
	strbuf_t lt = STRBUF_INIT, rt = STRBUF_INIT;
	for (size_t i = first; i <= k; i++) {
		int y = (int)(i - first) + 1, cur = i == k;
		ui_wrow_t r;
		ui_whatif_row(wi, i, &r, &lt, &rt);
		attr_t a = cur ? ui_text_attr(lk, C_CURSOR) : A_NORMAL;
		if (cur) {
			wattrset(w, a);
			mvwhline(w, y, 0, ' ', width);
			wattrset(w, A_NORMAL);
		}
		char mk[2] = { r.mark, '\0' };
		ui_text_put(w, lk, y, 0, 1, mk, mark_attr(lk, r.mark, cur) | A_BOLD);
		if (r.has_left)
			half(lk, w, y, 2, mid - 3, &r.left, r.mark == '-' && !cur ? mark_attr(lk, '-', 0) : a);
		ui_text_put(w, lk, y, mid, 1, r.shifted ? "~" : lk->g->v, ui_text_attr(lk, C_FRAME));
		if (r.has_right)
			half(lk, w, y, mid + 2, width - mid - 3, &r.right, r.mark == '+' && !cur ? mark_attr(lk, '+', 0) : a);
	}
	sb_free(&lt);
	sb_free(&rt);
}
