/* ui_draw.c — the screen's layout and its panes: title, transcript, state,
 * explanation and status (the path is ui_path.c, the overlays ui_overlay.c).
 * Each pane is a window; a dirty pane is erased, drawn and wnoutrefresh'ed,
 * then one doupdate shows the frame. */
#include "tui/ui_draw.h"
#include "tui/ui_whatif_draw.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "lesson/eavesdrop.h"
#include "tui/ui_overlay.h"
#include "tui/ui_path.h"
#include "tui/ui_quiz_pane.h"

enum { P_TITLE, P_PATH, P_SEP1, P_TRANS, P_STATE, P_SEP2, P_EXPLAIN, P_STATUS, P__COUNT };

/* Which panes each dirty flag redraws. */
static const unsigned pane_dirty[P__COUNT] = {
	[P_TITLE] = UI_DIRTY_TITLE,      [P_PATH] = UI_DIRTY_PATH,
	[P_SEP1] = UI_DIRTY_TRANSCRIPT,  [P_TRANS] = UI_DIRTY_TRANSCRIPT,
	[P_STATE] = UI_DIRTY_STATE,      [P_SEP2] = UI_DIRTY_EXPLAIN,
	[P_EXPLAIN] = UI_DIRTY_EXPLAIN,  [P_STATUS] = UI_DIRTY_STATUS | UI_DIRTY_TITLE,
};

struct ui_screen {
	ui_look_t look;
	int rows, cols;
	int wide;               /* state beside the explanation, times in the transcript */
	int small;              /* below UI_MIN_COLS x UI_MIN_ROWS */
	int div;                /* column of the divider before the state pane */
	WINDOW *win[P__COUNT];
	strbuf_t text;
};

ui_screen_t *ui_draw_new(int utf8, int color)
{
	ui_screen_t *s = xcalloc(1, sizeof *s);
	ui_text_look_init(&s->look, utf8, color);
	return s;
}

static void drop_windows(ui_screen_t *s)
{
	for (int i = 0; i < P__COUNT; i++) {
		if (s->win[i])
			delwin(s->win[i]);
		s->win[i] = NULL;
	}
}

void ui_draw_free(ui_screen_t *s)
{
	if (!s)
		return;
	drop_windows(s);
	sb_free(&s->text);
	free(s);
}

const ui_look_t *ui_draw_look(const ui_screen_t *s)
{
	return &s->look;
}

static void make(ui_screen_t *s, int p, int h, int w, int y, int x)
{
	s->win[p] = h > 0 && w > 0 ? newwin(h, w, y, x) : NULL;
}

static void layout(ui_screen_t *s)
{
	drop_windows(s);
	getmaxyx(stdscr, s->rows, s->cols);
	s->small = s->cols < UI_MIN_COLS || s->rows < UI_MIN_ROWS;
	if (s->small)
		return;
	int rows = s->rows, cols = s->cols;
	int ph = ui_path_height(cols, rows);
	s->wide = ph > 5;
	int top = 1 + ph + 1;
	make(s, P_TITLE, 1, cols, 0, 0);
	make(s, P_PATH, ph, cols, 1, 0);
	make(s, P_SEP1, 1, cols, 1 + ph, 0);
	make(s, P_STATUS, 1, cols, rows - 1, 0);
	if (s->wide) {
		int bottom = (rows - 10) / 3 > 10 ? (rows - 10) / 3 : 10;
		int trans = rows - top - 1 - bottom - 1;
		s->div = cols - 48;
		make(s, P_TRANS, trans, cols, top, 0);
		make(s, P_SEP2, 1, cols, top + trans, 0);
		make(s, P_EXPLAIN, bottom, s->div, top + trans + 1, 0);
		make(s, P_STATE, bottom, cols - s->div, top + trans + 1, s->div);
	} else {
		int expl = 5 + (rows - UI_MIN_ROWS) / 6;
		if (expl > 8)
			expl = 8;
		int mid = rows - top - 1 - expl - 1;
		s->div = cols - (cols >= 100 ? 38 : 31);
		make(s, P_TRANS, mid, s->div, top, 0);
		make(s, P_STATE, mid, cols - s->div, top, s->div);
		make(s, P_SEP2, 1, cols, top + mid, 0);
		make(s, P_EXPLAIN, expl, cols, top + mid + 1, 0);
	}
}

/* ---- title and status --------------------------------------------------- */

static void draw_title(ui_screen_t *s, const ui_ctl_t *c, const ui_info_t *info, WINDOW *w)
{
	const ui_look_t *lk = &s->look;
	const ui_model_t *m = c->model;
	attr_t ta = ui_text_attr(lk, C_TITLE);
	wbkgdset(w, ' ' | ta);
	werase(w);
	const trace_event_t *ev = ui_model_event(m);
	char when[32], right[160];
	fmt_sim_time(ev ? ev->t_us : 0, when, sizeof when);
	size_t n = ui_model_count(m);
	snprintf(right, sizeof right, " t=%s  %s %s  %zu/%zu ", when,
		 ui_model_playing(m) ? lk->g->play : lk->g->pause, ui_model_speed_label(m),
		 n ? ui_model_cursor(m) + 1 : 0, n);
	int rw = ui_text_width(lk, right);
	sb_clear(&s->text);
	for (size_t i = 0; i < info->nfaults; i++) {
		char at[32];
		fmt_sim_time(info->faults[i].at_us, at, sizeof at);
		sb_printf(&s->text, " %s@%s ", fault_name(info->faults[i].kind), at);
	}
	int fw = ui_text_width(lk, sb_str(&s->text));
	if (fw > s->cols / 2)
		fw = s->cols / 2;
	ui_text_put(w, lk, 0, s->cols - rw, rw, right, ta | A_BOLD);
	ui_text_put_cut(w, lk, 0, s->cols - rw - fw - 1, fw, sb_str(&s->text), ui_text_attr(lk, C_FAULT));
	char left[256];
	snprintf(left, sizeof left, " mailpath %s %s", lk->g->dot, info->title ? info->title : "");
	ui_text_put_cut(w, lk, 0, 0, s->cols - rw - fw - 2, left, ta | A_BOLD);
	wbkgdset(w, ' ');
}

static const struct status_item {
	ui_action_t action, pair;
	int priority;            /* lower: kept longer when the line is short */
} status_items[] = {
	{ UI_ACT_PLAY, UI_ACT_NONE, 0 },       { UI_ACT_FORWARD, UI_ACT_NONE, 1 },
	{ UI_ACT_BACK, UI_ACT_NONE, 1 },       { UI_ACT_NEXT_BLOCK, UI_ACT_PREV_BLOCK, 5 },
	{ UI_ACT_FASTER, UI_ACT_SLOWER, 7 },   { UI_ACT_FAULTS, UI_ACT_NONE, 3 },
	{ UI_ACT_MESSAGE, UI_ACT_NONE, 4 },    { UI_ACT_SCENARIOS, UI_ACT_NONE, 6 },
	{ UI_ACT_HELP, UI_ACT_NONE, 0 },       { UI_ACT_QUIT, UI_ACT_NONE, 0 },
};
#define NSTATUS (sizeof status_items / sizeof status_items[0])

static const char *key_glyph(const ui_look_t *lk, const char *name)
{
	if (strcmp(name, "Space") == 0)
		return "Spc";
	if (lk->utf8 && strcmp(name, "Right") == 0)
		return "\u2192";
	if (lk->utf8 && strcmp(name, "Left") == 0)
		return "\u2190";
	return name;
}

/* The keys of an action as the status line shows them: "n/→", "] [". */
static void keys_of(const ui_look_t *lk, ui_action_t a, ui_action_t pair, char *buf, size_t size)
{
	size_t len = 0;
	int shown = 0;
	buf[0] = '\0';
	for (size_t i = 0; i < ui_keys_count() && shown < 2; i++) {
		const ui_key_t *k = ui_keys_at(i);
		if (k->action != a || (shown && strlen(key_glyph(lk, k->name)) > 3))
			continue;
		if (shown && !(lk->utf8 && (k->key == KEY_RIGHT || k->key == KEY_LEFT)))
			continue;
		len += (size_t)snprintf(buf + len, size - len, "%s%s", shown ? "/" : "", key_glyph(lk, k->name));
		shown++;
	}
	for (size_t i = 0; pair && i < ui_keys_count(); i++)
		if (ui_keys_at(i)->action == pair) {
			snprintf(buf + len, size - len, " %s", key_glyph(lk, ui_keys_at(i)->name));
			break;
		}
}

static void draw_status(ui_screen_t *s, const ui_ctl_t *c, const ui_info_t *info, WINDOW *w)
{
	const ui_look_t *lk = &s->look;
	werase(w);
	if (info->flash && *info->flash) {
		ui_text_put_cut(w, lk, 0, 1, s->cols - 2, info->flash, ui_text_attr(lk, C_NOTE));
		return;
	}
	if (c->overlay != UI_OV_NONE) {
		const char *hint = c->overlay == UI_OV_FAULTS || c->overlay == UI_OV_SCENARIOS
					   ? " Up/Down choose   Enter pick   Esc close   q quit"
					   : " Up/Down PgUp/PgDn scroll   Esc close   q quit";
		ui_text_put_cut(w, lk, 0, 0, s->cols, hint, ui_text_attr(lk, C_DIM));
		return;
	}
	int x = ui_quiz_pane_status(w, lk, c, s->cols);   /* the score, in quiz mode */
	if (x < 0)
		return;
	char keys[NSTATUS][32], words[NSTATUS][32];
	int width[NSTATUS], keep[NSTATUS], total = x;
	for (size_t i = 0; i < NSTATUS; i++) {
		const struct status_item *it = &status_items[i];
		keys_of(lk, it->action, it->pair, keys[i], sizeof keys[i]);
		const char *brief = ui_keys_brief(it->action);
		if (it->action == UI_ACT_PLAY && ui_model_playing(c->model))
			brief = "pause";
		snprintf(words[i], sizeof words[i], "%s", brief ? brief : "");
		width[i] = ui_text_width(lk, keys[i]) + 1 + ui_text_width(lk, words[i]) + 2;
		keep[i] = 0;
	}
	/* Keep the most useful keys that fit, shown in their usual order. */
	for (int prio = 0; prio < 8; prio++)
		for (size_t i = 0; i < NSTATUS; i++)
			if (status_items[i].priority == prio && total + width[i] <= s->cols - 1) {
				keep[i] = 1;
				total += width[i];
			}
	x++;
	for (size_t i = 0; i < NSTATUS; i++) {
		if (!keep[i])
			continue;
		x += ui_text_put(w, lk, 0, x, s->cols - x, keys[i], ui_text_attr(lk, C_KEY));
		x += ui_text_put(w, lk, 0, x, s->cols - x, " ", A_NORMAL);
		x += ui_text_put(w, lk, 0, x, s->cols - x, words[i], A_NORMAL) + 2;
	}
}

/* ---- transcript ---------------------------------------------------------- */

static ui_role_t line_role(const ui_line_t *l)
{
	static const ui_role_t by_kind[EV__COUNT] = {
		[EV_NOTE] = C_NOTE, [EV_TEACH] = C_NOTE, [EV_QUESTION] = C_QUESTION, [EV_FAULT] = C_FAULT,
		[EV_CMD] = C_CMD, [EV_DATA] = C_DATA, [EV_STATE] = C_STATE_ON, [EV_ACTION] = C_HEADER,
	};
	if (l->cls)
		return ui_text_class_role(l->cls);
	return l->kind < EV__COUNT ? by_kind[l->kind] : C_NORMAL;
}

static void draw_line(ui_screen_t *s, const ui_model_t *m, WINDOW *w, int y, int width, size_t i, int current)
{
	const ui_look_t *lk = &s->look;
	ui_line_t l;
	ui_model_line(m, i, &l, &s->text);
	attr_t cur = ui_text_attr(lk, C_CURSOR);
	if (current) {
		wattrset(w, cur);
		mvwhline(w, y, 0, ' ', width);
		wattrset(w, A_NORMAL);
	}
	int x = 0;
	x += ui_text_put(w, lk, y, x, 1, current ? lk->g->mark : " ", current ? cur : A_NORMAL) + 1;
	if (s->wide) {
		char when[32];
		fmt_sim_time(trace_get(ui_model_trace(m), i)->t_us, when, sizeof when);
		ui_text_put(w, lk, y, x, 12, when, current ? cur : ui_text_attr(lk, C_DIM));
		x += 13;
	}
	ui_text_put(w, lk, y, x, 6, l.hops, current ? cur : ui_text_attr(lk, C_DIM));
	x += 6;
	const char *sym = ui_model_class_symbol(l.cls, !lk->utf8);
	int symw = ui_text_width(lk, sym);
	int room = width - x - (symw ? symw + 2 : 1);
	attr_t ta = current ? cur : l.tag[0] && l.tag[1] == ':' ? ui_text_attr(lk, C_DIM) | A_BOLD
							  : ui_text_attr(lk, C_DIM);
	x += ui_text_put(w, lk, y, x, room, l.tag, ta);
	x += ui_text_put(w, lk, y, x, 1, " ", A_NORMAL);
	if (!*l.text && l.kind == EV_DATA)      /* the empty line that ends the headers, say */
		ui_text_put(w, lk, y, x, width - x - 1, "(empty line)", current ? cur : ui_text_attr(lk, C_DIM));
	ui_text_put_cut(w, lk, y, x, width - x - (symw ? symw + 2 : 1), l.text,
			current ? cur : ui_text_attr(lk, line_role(&l)));
	if (symw)
		ui_text_put(w, lk, y, width - symw - 1, symw, sym, ui_text_attr(lk, ui_text_class_role(l.cls)) | A_BOLD);
}

static void draw_transcript(ui_screen_t *s, const ui_model_t *m, WINDOW *w)
{
	int h, width;
	getmaxyx(w, h, width);
	werase(w);
	size_t n = ui_model_count(m), k = ui_model_cursor(m);
	if (n == 0) {
		ui_text_put(w, &s->look, 0, 2, width - 2, "(no events)", ui_text_attr(&s->look, C_DIM));
		return;
	}
	size_t first = k + 1 > (size_t)h ? k + 1 - (size_t)h : 0;
	for (size_t i = first; i <= k; i++)
		draw_line(s, m, w, (int)(i - first), width, i, i == k);
}

/* ---- separators ------------------------------------------------------------ */

static void draw_sep1(ui_screen_t *s, WINDOW *w)
{
	const ui_look_t *lk = &s->look;
	attr_t fa = ui_text_attr(lk, C_FRAME), ha = ui_text_attr(lk, C_HEADER);
	werase(w);
	ui_text_repeat(w, 0, 0, s->cols, lk->g->h, fa);
	ui_text_put(w, lk, 0, 2, 14, " Transcript ", ha);
	if (!s->wide) {
		ui_text_repeat(w, 0, s->div, 1, lk->g->tee_down, fa);
		ui_text_put(w, lk, 0, s->div + 2, 12, " World ", ha);
	}
}

/* The heading over the state pane names the observer while one listens. */
static void draw_sep1_observer(ui_screen_t *s, const ui_model_t *m, WINDOW *w)
{
	draw_sep1(s, w);
	if (!*ui_model_observer_name(m) || s->wide)
		return;
	char buf[40];
	snprintf(buf, sizeof buf, " Observer on %s ", ui_model_observer_name(m));
	ui_text_put(w, &s->look, 0, s->div + 2, s->cols - s->div - 3, buf, ui_text_attr(&s->look, C_HEADER));
}

static void draw_sep2(ui_screen_t *s, const ui_explain_t *e, WINDOW *w)
{
	const ui_look_t *lk = &s->look;
	attr_t fa = ui_text_attr(lk, C_FRAME);
	werase(w);
	ui_text_repeat(w, 0, 0, s->cols, lk->g->h, fa);
	ui_text_repeat(w, 0, s->div, 1, s->wide ? lk->g->tee_down : lk->g->tee_up, fa);
	if (s->wide)
		ui_text_put(w, lk, 0, s->div + 2, 12, " World ", ui_text_attr(lk, C_HEADER));
	int end = s->wide ? s->div - 1 : s->cols - 1;
	char rfc[64] = "";
	if (e->rfc && *e->rfc)
		snprintf(rfc, sizeof rfc, " %s ", e->rfc);
	int rw = ui_text_width(lk, rfc);
	ui_text_put(w, lk, 0, end - rw, rw, rfc, ui_text_attr(lk, C_HEADER));
	ui_role_t role = e->kind == UI_EXPLAIN_QUESTION ? C_QUESTION : e->kind == UI_EXPLAIN_TEACH ? C_NOTE : C_HEADER;
	char title[256];
	snprintf(title, sizeof title, " %s ", e->title ? e->title : "");
	ui_text_put_cut(w, lk, 0, 2, end - rw - 4, title, ui_text_attr(lk, role));
}

/* ---- state and explanation -------------------------------------------------- */

static int count_rows(const ui_state_t *st, ui_srow_kind_t kind)
{
	int n = 0;
	for (int i = 0; i < st->n; i++)
		n += st->row[i].kind == kind;
	return n;
}

static void fit_state(ui_state_t *st, int h)
{
	/* Too many rows: drop the mailbox heading, then idle postmaster boxes, then queue items. */
	for (int pass = 0; pass < 3 && st->n > h; pass++)
		for (int i = st->n - 1; i >= 0 && st->n > h; i--) {
			const ui_srow_t *r = &st->row[i];
			int drop = pass == 0 ? r->kind == UI_SROW_BOXES
				   : pass == 1 ? r->kind == UI_SROW_BOX && !r->active && strncmp(r->label, "postmaster@", 11) == 0
					       : r->kind == UI_SROW_QITEM && i > 0 && st->row[i - 1].kind == UI_SROW_QITEM;
			if (drop) {
				memmove(&st->row[i], &st->row[i + 1], (size_t)(st->n - i - 1) * sizeof st->row[0]);
				st->n--;
			}
		}
}

/* POP3's three states (RFC 1939 3), the current one lit: on one line, or
 * one per row when the line is too short (tall). Returns the rows used. */
static int draw_pop3(ui_screen_t *s, WINDOW *w, int y, int x, int room, const ui_srow_t *r, int tall)
{
	const ui_look_t *lk = &s->look;
	const char *v = tall || ui_text_width(lk, r->value) <= room ? r->value : r->brief;
	const char *on = lk->utf8 ? "\u25cf" : "*";
	char word[64];
	int rows = 0;
	while (*v && room > 0 && rows < 3) {
		size_t n = strcspn(v, " ");
		snprintf(word, sizeof word, "%.*s", (int)n, v);
		int lit = strncmp(word, on, strlen(on)) == 0;
		ui_role_t role = lit ? (r->changed ? C_CHANGED : C_STATE_ON) : C_DIM;
		int used = ui_text_put(w, lk, y + rows, x, room, word, ui_text_attr(lk, role));
		if (tall) {
			rows++;
		} else {
			x += used + 1;
			room -= used + 1;
		}
		v += n;
		while (*v == ' ')
			v++;
	}
	return tall ? rows : 1;
}

/* "client sent the final dot, waiting for the reply", wrapped under its
 * label to at most two lines. Returns the rows used. */
static int draw_belief(ui_screen_t *s, WINDOW *w, int y, int x, int room, int rows_left, const ui_srow_t *r)
{
	const ui_look_t *lk = &s->look;
	const int lw = 7;
	ui_text_put(w, lk, y, x, lw, r->label, ui_text_attr(lk, C_HEADER));
	ui_role_t role = r->changed ? C_CHANGED : C_STATE_ON;
	const char *p = r->value;
	int rows = 0;
	while (*p && rows < 2 && rows < rows_left) {
		const char *next;
		size_t n = ui_text_wrap(lk, p, room - lw > 1 ? room - lw : 1, &next);
		sb_clear(&s->text);
		sb_append(&s->text, p, n);
		if (rows == 1 && *next)
			ui_text_put_cut(w, lk, y + rows, x + lw, room - lw, p, ui_text_attr(lk, role));
		else
			ui_text_put(w, lk, y + rows, x + lw, room - lw, sb_str(&s->text), ui_text_attr(lk, role));
		p = next;
		rows++;
	}
	return rows ? rows : 1;
}

static const ui_srow_t *find_row(const ui_state_t *st, ui_srow_kind_t kind)
{
	for (int i = 0; i < st->n; i++)
		if (st->row[i].kind == kind)
			return &st->row[i];
	return NULL;
}

/* Mailboxes: the long form ("1 message, 412 octets") only when every row has room. */
static int boxes_long(const ui_look_t *lk, const ui_state_t *st, int room)
{
	for (int i = 0; i < st->n; i++)
		if (st->row[i].kind == UI_SROW_BOX &&
		    ui_text_width(lk, st->row[i].label) + ui_text_width(lk, st->row[i].value) + 2 > room)
			return 0;
	return 1;
}

/* The eavesdropper's pane (key e): what the observer on its link captured up
 * to the cursor, newest at the bottom, then the secrets it read in clear. */
static void draw_observer(ui_screen_t *s, const ui_model_t *m, const eaves_t *e, WINDOW *w)
{
	static const char *const left[] = { "smith-pc.isp.example", "smtp.isp.example",
					     "mail.corp.example", "smtp.isp.example" };
	const ui_look_t *lk = &s->look;
	int h, width;
	getmaxyx(w, h, width);
	werase(w);
	for (int y = 0; y < h; y++)
		ui_text_repeat(w, y, 0, 1, lk->g->v, ui_text_attr(lk, C_FRAME));
	observe_link_t l = eaves_link(e);
	const char *lh = left[l.a == HOP_2 ? 0 : l.b == HOP_4 ? 1 : l.a == HOP_4 ? 2 : 3];
	size_t cur = ui_model_count(m) ? ui_model_cursor(m) : 0;
	size_t n = ui_model_count(m) ? eaves_upto(e, cur) : 0;
	observe_secret_t sec;
	size_t nsec = ui_model_count(m) ? eaves_secrets(e, cur, &sec, 1) : 0;
	int rows = h - 1;
	size_t first = n > (size_t)rows ? n - (size_t)rows : 0;
	for (size_t i = first, y = 0; i < n; i++, y++) {
		const eaves_seg_t *g = eaves_seg(e, i);
		int ltr = !strcmp(g->from, lh);
		const char *arrow = lk->utf8 ? (ltr ? "\xE2\x86\x92" : "\xE2\x86\x90") : (ltr ? ">" : "<");
		ui_role_t role = g->secret ? C_FAULT : g->readable ? C_NORMAL : C_DIM;
		ui_text_put(w, lk, (int)y, 2, 2, arrow, ui_text_attr(lk, C_DIM));
		ui_text_put_cut(w, lk, (int)y, 4, width - 5, g->text, ui_text_attr(lk, role));
	}
	char buf[400];
	if (nsec)
		snprintf(buf, sizeof buf, "secrets: %zu, first %s", nsec, sec.text);
	else
		snprintf(buf, sizeof buf, "secrets: none so far");
	ui_text_put_cut(w, lk, h - 1, 2, width - 3, buf, ui_text_attr(lk, nsec ? C_FAULT : C_STATE_ON) | A_BOLD);
}

static void draw_state(ui_screen_t *s, const ui_model_t *m, WINDOW *w)
{
	const eaves_t *obs = ui_model_eaves(m);
	if (obs) {
		draw_observer(s, m, obs, w);
		return;
	}
	const ui_look_t *lk = &s->look;
	int h, width;
	getmaxyx(w, h, width);
	werase(w);
	for (int y = 0; y < h; y++)
		ui_text_repeat(w, y, 0, 1, lk->g->v, ui_text_attr(lk, C_FRAME));
	const int x0 = 2, lw = 10, px = x0 + 5;
	ui_state_t st;
	ui_model_state(m, &st);
	const ui_srow_t *pop = find_row(&st, UI_SROW_POP3);
	/* a belief too long for its line takes a second one */
	int extra = 0;
	for (int i = 0; i < st.n; i++)
		extra += st.row[i].kind == UI_SROW_BELIEF &&
			 ui_text_width(lk, st.row[i].value) > width - x0 - 9;
	/* POP3's states one per row only where that costs no mailbox: the
	 * mailbox counts matter more than the long state names */
	int tall = 0;
	if (pop && ui_text_width(lk, pop->value) > width - px - 1) {
		ui_state_t t = st;
		fit_state(&t, h - 2 - extra);
		if (t.n <= h - 2 - extra && count_rows(&t, UI_SROW_BOX) == count_rows(&st, UI_SROW_BOX)) {
			st = t;
			tall = 1;
		}
	}
	if (!tall)
		fit_state(&st, h - extra);
	int longbox = boxes_long(lk, &st, width - x0 - 1);
	for (int i = 0, y = 0; i < st.n && y < h; i++) {
		const ui_srow_t *r = &st.row[i];
		int vx = x0 + lw + 1, room = width - vx - 1;
		ui_role_t vr = r->changed ? C_CHANGED : r->active ? C_STATE_ON : C_DIM;
		switch (r->kind) {
		case UI_SROW_SMTP:
		case UI_SROW_QUEUE:
			ui_text_put(w, lk, y, x0, lw, r->label, A_BOLD);
			ui_text_put_cut(w, lk, y, vx, room, r->value, ui_text_attr(lk, vr));
			break;
		case UI_SROW_POP3:
			ui_text_put(w, lk, y, x0, lw, r->label, A_BOLD);
			y += draw_pop3(s, w, y, px, width - px - 1, r, tall) - 1;
			break;
		case UI_SROW_QITEM: {
			char buf[200];
			snprintf(buf, sizeof buf, "%s %s", r->label, r->value);
			ui_text_put_cut(w, lk, y, x0 + 2, width - x0 - 3, buf, ui_text_attr(lk, vr));
			break;
		}
		case UI_SROW_BOXES:
			ui_text_put(w, lk, y, x0, width - x0 - 1, r->label, A_BOLD);
			break;
		case UI_SROW_BELIEF:
			y += draw_belief(s, w, y, x0, width - x0 - 1, h - y, r) - 1;
			break;
		case UI_SROW_BOX: {
			const char *v = longbox ? r->value : r->brief;
			int vw = ui_text_width(lk, v);
			ui_text_put_cut(w, lk, y, x0, width - x0 - vw - 2, r->label, A_NORMAL);
			ui_text_put(w, lk, y, width - vw - 1, vw, v, ui_text_attr(lk, vr));
			break;
		}
		}
		y++;
	}
}

static void draw_explain(ui_screen_t *s, const ui_explain_t *e, WINDOW *w)
{
	const ui_look_t *lk = &s->look;
	int h, width;
	getmaxyx(w, h, width);
	werase(w);
	ui_role_t role = e->kind == UI_EXPLAIN_QUESTION ? C_QUESTION : e->kind == UI_EXPLAIN_TEACH ? C_NOTE : C_NORMAL;
	const char *p = e->text && *e->text ? e->text : "(no explanation for this event)";
	if (!e->text || !*e->text)
		role = C_DIM;
	for (int y = 0; y < h && *p; y++) {
		const char *next;
		size_t len = ui_text_wrap(lk, p, width - 4, &next);
		while (*p == ' ')
			p++;
		sb_clear(&s->text);
		sb_append(&s->text, p, len);
		if (y == h - 1 && *next)
			sb_puts(&s->text, lk->g->ellipsis);
		ui_text_put(w, lk, y, 2, width - 3, sb_str(&s->text), ui_text_attr(lk, role));
		p = next;
	}
}

/* ---- the frame ------------------------------------------------------------- */

static void draw_small(ui_screen_t *s)
{
	const ui_look_t *lk = &s->look;
	char msg[160];
	snprintf(msg, sizeof msg, "Please enlarge the terminal to at least %d%s%d (now %d%s%d)", UI_MIN_COLS,
		 lk->g->times, UI_MIN_ROWS, s->cols, lk->g->times, s->rows);
	werase(stdscr);
	/* Wrapped to the width, centred both ways. */
	const char *lines[8];
	size_t lens[8];
	int n = 0;
	for (const char *p = msg; *p && n < 8;) {
		lines[n] = p;
		lens[n] = ui_text_wrap(lk, p, s->cols > 2 ? s->cols - 2 : 1, &p);
		n++;
	}
	for (int i = 0; i < n; i++) {
		sb_clear(&s->text);
		sb_append(&s->text, lines[i], lens[i]);
		int wd = ui_text_width(lk, sb_str(&s->text));
		int y = (s->rows - n) / 2 + i, x = (s->cols - wd) / 2;
		ui_text_put(stdscr, lk, y < 0 ? 0 : y, x < 0 ? 0 : x, s->cols, sb_str(&s->text), A_BOLD);
	}
	wnoutrefresh(stdscr);
}

void ui_draw_frame(ui_screen_t *s, ui_ctl_t *c, const ui_info_t *info, unsigned dirty)
{
	if ((dirty & UI_DIRTY_LAYOUT) || s->rows == 0) {
		layout(s);
		werase(stdscr);
		wnoutrefresh(stdscr);
		dirty = UI_DIRTY_ALL;
	}
	if (s->small) {
		draw_small(s);
		doupdate();
		return;
	}
	/* While "what if?" is split, the panes follow the run with the fault. */
	ui_model_t *pm = c->whatif ? ui_whatif_right(c->whatif) : c->model;
	ui_explain_t e;
	ui_model_explain(pm, &e);
	for (int p = 0; p < P__COUNT; p++) {
		WINDOW *w = s->win[p];
		if (!w || !(dirty & pane_dirty[p]))
			continue;
		switch (p) {
		case P_TITLE: draw_title(s, c, info, w); break;
		case P_PATH: ui_path_draw(w, &s->look, pm); break;
		case P_SEP1:
			if (c->whatif)
				draw_sep1(s, w);
			else
				draw_sep1_observer(s, c->model, w);
			break;
		case P_TRANS:
			if (c->whatif)
				ui_whatif_draw(&s->look, c->whatif, w);
			else
				draw_transcript(s, c->model, w);
			break;
		case P_STATE: draw_state(s, pm, w); break;
		case P_SEP2:
			if (!ui_quiz_pane_sep(w, &s->look, c, s->cols))
				draw_sep2(s, &e, w);
			break;
		case P_EXPLAIN:
			if (ui_quiz_pane_active(c))
				ui_quiz_pane_draw(w, &s->look, c, &e);
			else
				draw_explain(s, &e, w);
			break;
		case P_STATUS: draw_status(s, c, info, w); break;
		}
		wnoutrefresh(w);
	}
	if (c->overlay != UI_OV_NONE && (dirty & (UI_DIRTY_ALL & ~(unsigned)UI_DIRTY_LAYOUT)))
		ui_overlay_draw(&s->look, c, info);
	doupdate();
}
