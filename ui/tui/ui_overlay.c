/* ui_overlay.c — the help, the fault menu, the scenario picker and the
 * message inspector, each a framed window over the centre of the screen.
 * Every overlay is a list of rows; menus light the chosen row, text views
 * scroll from the first row shown (ui_ctl_t.sel). */
#include "tui/ui_overlay.h"

#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "run/scenario.h"
#include "tui/ui_model_quiz.h"

typedef struct row {
	char *text;
	ui_role_t role;
} row_t;

typedef struct rows {
	row_t *r;
	int n;
} rows_t;

static void add(rows_t *rs, ui_role_t role, const char *fmt, ...) __attribute__((format(printf, 3, 4)));

static void add(rows_t *rs, ui_role_t role, const char *fmt, ...)
{
	strbuf_t sb = STRBUF_INIT;
	va_list ap;
	va_start(ap, fmt);
	char tmp[2048];
	vsnprintf(tmp, sizeof tmp, fmt, ap);
	va_end(ap);
	sb_puts(&sb, tmp);
	rs->r = xrealloc(rs->r, (size_t)(rs->n + 1) * sizeof *rs->r);
	rs->r[rs->n++] = (row_t){ .text = sb_steal(&sb), .role = role };
}

static void rows_free(rows_t *rs)
{
	for (int i = 0; i < rs->n; i++)
		free(rs->r[i].text);
	free(rs->r);
}

/* ---- the contents -------------------------------------------------------- */

/* The help lists every key of the table, related actions on one line. */
static const struct help_line {
	ui_action_t a, b;
	const char *text;       /* NULL: the action's own help */
} help_lines[] = {
	{ UI_ACT_PLAY, UI_ACT_NONE, NULL },
	{ UI_ACT_FORWARD, UI_ACT_PAGE_DOWN, NULL },
	{ UI_ACT_BACK, UI_ACT_PAGE_UP, NULL },
	{ UI_ACT_NEXT_BLOCK, UI_ACT_PREV_BLOCK, "next / previous session or hop" },
	{ UI_ACT_HOME, UI_ACT_END, "the first / the last event" },
	{ UI_ACT_FASTER, UI_ACT_SLOWER, "play faster / slower" },
	{ UI_ACT_FAULTS, UI_ACT_NONE, NULL },
	{ UI_ACT_WHATIF, UI_ACT_NONE, NULL },
	{ UI_ACT_MESSAGE, UI_ACT_NONE, NULL },
	{ UI_ACT_SCENARIOS, UI_ACT_NONE, NULL },
	{ UI_ACT_OBSERVER, UI_ACT_NONE, NULL },
	{ UI_ACT_QUIZ, UI_ACT_NONE, "quiz on/off: predict, then see (Enter answers, Esc gives up)" },
	{ UI_ACT_HELP, UI_ACT_REDRAW, "this help / redraw the screen" },
	{ UI_ACT_UP, UI_ACT_DOWN, "in a window: move up / down" },
	{ UI_ACT_PICK, UI_ACT_CLOSE, "in a window: choose / close it" },
	{ UI_ACT_QUIT, UI_ACT_NONE, NULL },
};

static void key_names(ui_action_t a, char *keys, size_t size, size_t *len)
{
	for (size_t i = 0; a && i < ui_keys_count(); i++) {
		const ui_key_t *k = ui_keys_at(i);
		if (k->action != a || strstr(keys, k->name))
			continue;
		*len += (size_t)snprintf(keys + *len, size - *len, "%s%s", *len ? " " : "", k->name);
	}
}

static void help_rows(const ui_look_t *lk, rows_t *rs)
{
	for (size_t i = 0; i < sizeof help_lines / sizeof help_lines[0]; i++) {
		const struct help_line *h = &help_lines[i];
		char keys[96] = "";
		size_t len = 0;
		key_names(h->a, keys, sizeof keys, &len);
		key_names(h->b, keys, sizeof keys, &len);
		add(rs, C_NORMAL, " %-18s %s", keys, h->text ? h->text : ui_keys_help(h->a));
	}
	const char *ok = ui_model_class_symbol(UI_CLASS_OK, !lk->utf8);
	const char *more = ui_model_class_symbol(UI_CLASS_MORE, !lk->utf8);
	const char *temp = ui_model_class_symbol(UI_CLASS_TEMP, !lk->utf8);
	const char *fail = ui_model_class_symbol(UI_CLASS_FAIL, !lk->utf8);
	add(rs, C_HEADER, " Replies: a symbol and a colour, never a colour alone");
	add(rs, C_REPLY_OK, "   %-6s 2xx, +OK   done", ok);
	add(rs, C_REPLY_MORE, "   %-6s 3xx        go on, send the rest", more);
	add(rs, C_REPLY_TEMP, "   %-6s 4xx        not now: try again later", temp);
	add(rs, C_REPLY_ERROR, "   %-6s 5xx, -ERR  refused", fail);
	add(rs, C_HEADER, " The path: 1 Smith  2 her client  3 her ISP's SMTP host (and its resolver)");
	add(rs, C_NORMAL, "   4 the corporate SMTP host and mailboxes  5a/5b the boss's POP3 client");
}

static int injected(const ui_info_t *info, int kind)
{
	for (size_t i = 0; i < info->nfaults; i++)
		if ((int)info->faults[i].kind == kind)
			return 1;
	return 0;
}

static void fault_rows(rows_t *rs, const ui_info_t *info)
{
	for (int k = 0; k < FAULT__COUNT; k++)
		add(rs, C_NORMAL, " %s %-18s %s", injected(info, k) ? "*" : " ", fault_name((fault_kind_t)k),
		    fault_summary((fault_kind_t)k));
	add(rs, C_NORMAL, "   %-18s %s", "(none)", "remove the faults injected here, and re-run");
}

static void scenario_rows(rows_t *rs, const ui_info_t *info)
{
	for (size_t i = 0; i < scenario_bundled_count(); i++) {
		const char *name = scenario_bundled_name(i);
		int cur = info->scenario && strcmp(name, info->scenario) == 0;
		add(rs, C_NORMAL, " %s %-20s %s", cur ? "*" : " ", name, scenario_bundled_title(i));
	}
}

static void message_rows(const ui_look_t *lk, ui_model_t *m, rows_t *rs)
{
	static const ui_role_t by_kind[] = {
		[UI_M_SECTION] = C_HEADER, [UI_M_ENVELOPE] = C_CMD, [UI_M_TRACE] = C_ACTIVE,
		[UI_M_HEADER] = C_NORMAL, [UI_M_BODY] = C_NORMAL,
	};
	const ui_message_t *msg = ui_model_message(m);
	if (msg->n == 0) {
		add(rs, C_DIM, " No message has been sent yet at this point of the story.");
		add(rs, C_DIM, " Step on (n) until Smith's client sends DATA, then press m again.");
		return;
	}
	for (size_t i = 0; i < msg->n; i++) {
		const ui_mline_t *l = &msg->lines[i];
		if (l->kind == UI_M_SECTION && i > 0)
			add(rs, C_NORMAL, "%s", "");
		/* The hop that added a trace field is said just above it. */
		if (l->note)
			add(rs, C_NOTE, " %s %s", lk->utf8 ? "\u2193" : "v", l->note);
		add(rs, by_kind[l->kind], " %s", l->text);
	}
}

/* The score per topic, and what to revisit. */
static void quiz_rows(const ui_ctl_t *c, rows_t *rs)
{
	size_t right, asked;
	ui_model_quiz_score(c->quiz, -1, &right, &asked);
	add(rs, C_HEADER, " Your predictions: %zu of %zu right (%zu%%)", right, asked,
	    asked ? right * 100 / asked : 100);
	int revisit = 0;
	for (int k = 0; k < QUIZ__KINDS; k++) {
		size_t r, a;
		ui_model_quiz_score(c->quiz, k, &r, &a);
		if (!a)
			continue;
		add(rs, r == a ? C_REPLY_OK : C_REPLY_TEMP, "   %-24s %zu/%zu%s", quiz_kind_topic((quiz_kind_t)k), r, a,
		    r == a ? "" : "   revisit");
		revisit |= r < a;
	}
	add(rs, C_DIM, revisit ? " Step back (p) to see the lines again; 'mailpath explain TOPIC' says more."
			      : " Every prediction right.");
	add(rs, C_DIM, " a: quiz off/on   Esc: close");
}

/* ---- the frame -------------------------------------------------------------- */

static void draw_rows(WINDOW *w, const ui_look_t *lk, const rows_t *rs, int first, int page, int width, int chosen)
{
	for (int i = 0; i < page && first + i < rs->n; i++) {
		const row_t *r = &rs->r[first + i];
		attr_t a = first + i == chosen ? ui_text_attr(lk, C_CURSOR) : ui_text_attr(lk, r->role);
		if (first + i == chosen) {
			wattrset(w, a);
			mvwhline(w, 1 + i, 1, ' ', width - 2);
			wattrset(w, A_NORMAL);
		}
		ui_text_put_cut(w, lk, 1 + i, 1, width - 3, r->text, a);
	}
}

typedef struct frame {
	char title[256], foot[128];
	int menu;           /* a row is chosen (else the text scrolls) */
	int full;           /* covers the screen between the title and the status line */
} frame_t;

static void contents(const ui_look_t *lk, ui_ctl_t *c, const ui_info_t *info, rows_t *rs, frame_t *f)
{
	switch (c->overlay) {
	case UI_OV_HELP:
		help_rows(lk, rs);
		snprintf(f->title, sizeof f->title, " mailpath: keys ");
		break;
	case UI_OV_FAULTS: {
		const trace_event_t *ev = ui_model_event(c->model);
		char when[32];
		fmt_sim_time(ev ? ev->t_us : 0, when, sizeof when);
		fault_rows(rs, info);
		if (c->faults_whatif) {
			if (rs->n > 0)
				free(rs->r[--rs->n].text);      /* no "(none)" here */
			snprintf(f->title, sizeof f->title, " What if? A fault at t=%s (event %zu) ", when,
				 ev ? ui_model_cursor(c->model) + 1 : 0);
			snprintf(f->foot, sizeof f->foot, " Enter: both runs side by side; Esc: back ");
		} else {
			snprintf(f->title, sizeof f->title, " Inject a fault at t=%s (event %zu) ", when,
				 ev ? ui_model_cursor(c->model) + 1 : 0);
			snprintf(f->foot, sizeof f->foot, " Enter: re-run with it; the story is the same up to here ");
		}
		f->menu = 1;
		break;
	}
	case UI_OV_SCENARIOS:
		scenario_rows(rs, info);
		snprintf(f->title, sizeof f->title, " Scenarios ");
		f->menu = 1;
		break;
	case UI_OV_MESSAGE: {
		message_rows(lk, c->model, rs);
		const ui_message_t *msg = ui_model_message(c->model);
		snprintf(f->title, sizeof f->title, " %s ", msg->n ? msg->title : "The message");
		f->full = 1;
		break;
	}
	case UI_OV_QUIZ:
		if (c->quiz)
			quiz_rows(c, rs);
		snprintf(f->title, sizeof f->title, " Quiz: the score ");
		break;
	case UI_OV_NONE:
		break;
	}
}

void ui_overlay_draw(const ui_look_t *lk, ui_ctl_t *c, const ui_info_t *info)
{
	rows_t rs = { NULL, 0 };
	frame_t f = { "", "", 0, 0 };
	if (c->overlay == UI_OV_NONE)
		return;
	contents(lk, c, info, &rs, &f);
	/* The inspector covers all but the title and status lines; the others are centred. */
	int wd = f.full ? COLS : COLS - 4 < 100 ? COLS - 4 : 100;
	int h = f.full ? LINES - 2 : rs.n + 2 < LINES - 2 ? rs.n + 2 : LINES - 2;
	WINDOW *w = newwin(h, wd, f.full ? 1 : (LINES - h) / 2, (COLS - wd) / 2);
	if (!w) {
		rows_free(&rs);
		return;
	}
	c->nitems = rs.n;
	c->page = h - 2;
	int first = c->sel;
	if (f.menu)
		first = c->sel >= c->page ? c->sel - c->page + 1 : 0;
	else if (first > rs.n - c->page)
		first = rs.n - c->page > 0 ? rs.n - c->page : 0;
	werase(w);
	ui_text_box(w, lk, 0, 0, h, wd, ui_text_attr(lk, C_HEADER));
	draw_rows(w, lk, &rs, first, c->page, wd, f.menu ? c->sel : -1);
	ui_text_put_cut(w, lk, 0, 2, wd - 4, f.title, ui_text_attr(lk, C_HEADER));
	if (!f.menu && rs.n > c->page)
		snprintf(f.foot, sizeof f.foot, " lines %d-%d of %d ", first + 1,
			 first + c->page < rs.n ? first + c->page : rs.n, rs.n);
	int fw = ui_text_width(lk, f.foot);
	ui_text_put(w, lk, h - 1, wd - fw - 2 > 1 ? wd - fw - 2 : 1, wd - 3, f.foot, ui_text_attr(lk, C_DIM));
	wnoutrefresh(w);
	delwin(w);
	rows_free(&rs);
}
