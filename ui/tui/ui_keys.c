/* ui_keys.c — the key table and the actions (htop's Action.c). A key maps
 * to one action; an action runs either on the path (no overlay open) or on
 * the open overlay (a menu, the help, the message inspector), and returns
 * what must be redrawn. Unknown keys do nothing. */
#include "tui/ui_keys.h"

#include <assert.h>
#include <curses.h>
#include <string.h>

#include "run/fault.h"
#include "run/scenario.h"
#include "tui/ui_model_quiz.h"
#include "tui/ui_whatif.h"

#define CTRL(c) ((c) & 0x1f)
#define KEY_ESC 27

static const ui_key_t keys[] = {
	{ .key = ' ', .name = "Space", .action = UI_ACT_PLAY },
	{ .key = 'n', .name = "n", .action = UI_ACT_FORWARD },
	{ .key = KEY_RIGHT, .name = "Right", .action = UI_ACT_FORWARD },
	{ .key = KEY_NPAGE, .name = "PgDn", .action = UI_ACT_PAGE_DOWN },
	{ .key = 'p', .name = "p", .action = UI_ACT_BACK },
	{ .key = KEY_LEFT, .name = "Left", .action = UI_ACT_BACK },
	{ .key = KEY_PPAGE, .name = "PgUp", .action = UI_ACT_PAGE_UP },
	{ .key = ']', .name = "]", .action = UI_ACT_NEXT_BLOCK },
	{ .key = '[', .name = "[", .action = UI_ACT_PREV_BLOCK },
	{ .key = KEY_HOME, .name = "Home", .action = UI_ACT_HOME },
	{ .key = KEY_END, .name = "End", .action = UI_ACT_END },
	{ .key = '+', .name = "+", .action = UI_ACT_FASTER },
	{ .key = '=', .name = "=", .action = UI_ACT_FASTER },
	{ .key = '-', .name = "-", .action = UI_ACT_SLOWER },
	{ .key = 'f', .name = "f", .action = UI_ACT_FAULTS },
	{ .key = 'w', .name = "w", .action = UI_ACT_WHATIF },
	{ .key = 'm', .name = "m", .action = UI_ACT_MESSAGE },
	{ .key = 's', .name = "s", .action = UI_ACT_SCENARIOS },
	{ .key = 'e', .name = "e", .action = UI_ACT_OBSERVER },
	{ .key = 'a', .name = "a", .action = UI_ACT_QUIZ },
	{ .key = '?', .name = "?", .action = UI_ACT_HELP },
	{ .key = KEY_F(1), .name = "F1", .action = UI_ACT_HELP },
	{ .key = 'q', .name = "q", .action = UI_ACT_QUIT },
	{ .key = KEY_ESC, .name = "Esc", .action = UI_ACT_CLOSE },
	{ .key = KEY_UP, .name = "Up", .action = UI_ACT_UP },
	{ .key = 'k', .name = "k", .action = UI_ACT_UP },
	{ .key = KEY_DOWN, .name = "Down", .action = UI_ACT_DOWN },
	{ .key = 'j', .name = "j", .action = UI_ACT_DOWN },
	{ .key = '\n', .name = "Enter", .action = UI_ACT_PICK },
	{ .key = '\r', .name = "Enter", .action = UI_ACT_PICK },
	{ .key = KEY_ENTER, .name = "Enter", .action = UI_ACT_PICK },
	{ .key = CTRL('l'), .name = "C-l", .action = UI_ACT_REDRAW },
};

/* What terminals send for the keys above when curses does not know it (the
 * bytes after ESC): xterm and tmux (CSI and SS3 forms), rxvt (7~ 8~), the
 * Linux console ([[A), VT100 application keypad (O k, O m, O M). */
static const struct escape {
	const char *seq;
	int key;
} escapes[] = {
	{ .seq = "[A", .key = KEY_UP }, { .seq = "OA", .key = KEY_UP },
	{ .seq = "[B", .key = KEY_DOWN }, { .seq = "OB", .key = KEY_DOWN },
	{ .seq = "[C", .key = KEY_RIGHT }, { .seq = "OC", .key = KEY_RIGHT },
	{ .seq = "[D", .key = KEY_LEFT }, { .seq = "OD", .key = KEY_LEFT },
	{ .seq = "[H", .key = KEY_HOME }, { .seq = "OH", .key = KEY_HOME },
	{ .seq = "[1~", .key = KEY_HOME }, { .seq = "[7~", .key = KEY_HOME },
	{ .seq = "[F", .key = KEY_END }, { .seq = "OF", .key = KEY_END },
	{ .seq = "[4~", .key = KEY_END }, { .seq = "[8~", .key = KEY_END },
	{ .seq = "[5~", .key = KEY_PPAGE }, { .seq = "[6~", .key = KEY_NPAGE },
	{ .seq = "OP", .key = KEY_F(1) }, { .seq = "[11~", .key = KEY_F(1) }, { .seq = "[[A", .key = KEY_F(1) },
	{ .seq = "OM", .key = KEY_ENTER }, { .seq = "Ok", .key = '+' }, { .seq = "Om", .key = '-' },
};

/* ECMA-48 5.4: a control sequence (CSI = ESC [) is parameter bytes 0x30-0x3F,
 * intermediate bytes 0x20-0x2F, then one final byte 0x40-0x7E; an SS3
 * sequence (ESC O) is read the same way (ESC O 2 P from older xterms). */
static int control_sequence(const unsigned char *b, size_t n, int ended, size_t *used)
{
	for (size_t i = 2; i < n; i++) {
		if (b[i] >= 0x20 && b[i] <= 0x3f)
			continue;
		/* a final byte ends it; any other byte is not part of it */
		*used = b[i] >= 0x40 && b[i] <= 0x7e ? i + 1 : i;
		return UI_KEYS_IGNORE;
	}
	if (ended || n >= UI_KEYS_SEQ_MAX) {
		*used = n;
		return UI_KEYS_IGNORE;
	}
	return UI_KEYS_MORE;
}

int ui_keys_escape(const unsigned char *b, size_t n, int ended, size_t *used)
{
	assert(n >= 1 && b[0] == KEY_ESC);
	*used = 1;
	if (n == 1)
		return ended ? KEY_ESC : UI_KEYS_MORE;
	int begun = 0;          /* the bytes so far begin a known sequence */
	for (size_t i = 0; i < sizeof escapes / sizeof escapes[0]; i++) {
		size_t len = strlen(escapes[i].seq);
		if (n - 1 >= len && memcmp(b + 1, escapes[i].seq, len) == 0) {
			*used = 1 + len;
			return escapes[i].key;
		}
		begun |= n - 1 < len && memcmp(b + 1, escapes[i].seq, n - 1) == 0;
	}
	if (begun && !ended)
		return UI_KEYS_MORE;
	if (b[1] == '[' || b[1] == 'O')
		return control_sequence(b, n, ended, used);
	if (b[1] >= 0x20 && b[1] <= 0x7e) {     /* Alt+key: no action has one */
		*used = 2;
		return UI_KEYS_IGNORE;
	}
	return KEY_ESC;         /* ESC, then another ESC or a control key: two keys */
}

/* ---- actions on the path (no overlay open) ------------------------------ */

/* While "what if?" is split, the cursor keys step both runs together. */
static unsigned on_play(ui_ctl_t *c) { return c->whatif ? 0 : ui_model_toggle_play(c->model); }
static unsigned on_forward(ui_ctl_t *c)
{
	return c->whatif ? ui_whatif_step(c->whatif, 1) : ui_model_step(c->model, 1);
}
static unsigned on_back(ui_ctl_t *c)
{
	return c->whatif ? ui_whatif_step(c->whatif, -1) : ui_model_step(c->model, -1);
}
static unsigned on_next_block(ui_ctl_t *c) { return c->whatif ? 0 : ui_model_session(c->model, 1); }
static unsigned on_prev_block(ui_ctl_t *c) { return c->whatif ? 0 : ui_model_session(c->model, -1); }
static unsigned on_home(ui_ctl_t *c)
{
	return c->whatif ? ui_whatif_goto(c->whatif, 0) : ui_model_home(c->model);
}
static unsigned on_end(ui_ctl_t *c)
{
	return c->whatif ? ui_whatif_goto(c->whatif, ui_whatif_count(c->whatif)) : ui_model_end(c->model);
}
static unsigned on_quit(ui_ctl_t *c);

/* Esc with no window open: back from the split to one run; else quit. */
static unsigned on_close_path(ui_ctl_t *c)
{
	if (!c->whatif)
		return on_quit(c);
	c->request = UI_REQ_WHATIF_END;
	return UI_DIRTY_ALL & ~(unsigned)UI_DIRTY_LAYOUT;
}
static unsigned on_faster(ui_ctl_t *c) { return ui_model_speed(c->model, 1); }
static unsigned on_slower(ui_ctl_t *c) { return ui_model_speed(c->model, -1); }
static unsigned on_redraw(ui_ctl_t *c) { (void)c; return UI_DIRTY_ALL; }
static unsigned on_observer(ui_ctl_t *c) { return ui_model_observer_cycle(c->model); }

static unsigned on_quit(ui_ctl_t *c)
{
	c->quit = 1;
	return 0;
}

int ui_keys_fault_items(void)
{
	return FAULT__COUNT + 1;
}

static unsigned open_overlay(ui_ctl_t *c, ui_overlay_t ov, int nitems)
{
	if (c->overlay == ov) {      /* the same key again closes it */
		c->overlay = UI_OV_NONE;
		return UI_DIRTY_ALL & ~(unsigned)UI_DIRTY_LAYOUT;
	}
	ui_model_play(c->model, 0);
	c->overlay = ov;
	c->sel = 0;
	c->nitems = nitems;
	return UI_DIRTY_ALL & ~(unsigned)UI_DIRTY_LAYOUT;
}

static unsigned on_faults(ui_ctl_t *c)
{
	if (c->whatif)
		return 0;       /* one question at a time: Esc first */
	c->faults_whatif = 0;
	return open_overlay(c, UI_OV_FAULTS, ui_keys_fault_items());
}
/* The same menu; the pick splits the transcript instead of re-running. */
static unsigned on_whatif(ui_ctl_t *c)
{
	unsigned d = open_overlay(c, UI_OV_FAULTS, FAULT__COUNT);
	c->faults_whatif = c->overlay == UI_OV_FAULTS;
	return d;
}
static unsigned on_scenarios(ui_ctl_t *c)
{
	return open_overlay(c, UI_OV_SCENARIOS, (int)scenario_bundled_count());
}
static unsigned on_help(ui_ctl_t *c) { return open_overlay(c, UI_OV_HELP, 0); }

static unsigned on_message(ui_ctl_t *c)
{
	int n = c->overlay == UI_OV_MESSAGE ? 0 : (int)ui_model_message(c->model)->n;
	return open_overlay(c, UI_OV_MESSAGE, n);
}

/* Quiz mode on or off; off after answering shows the score. */
static unsigned on_quiz(ui_ctl_t *c)
{
	if (!c->quiz)
		return 0;
	if (c->overlay == UI_OV_QUIZ)
		c->overlay = UI_OV_NONE;
	size_t right, asked;
	ui_model_quiz_score(c->quiz, -1, &right, &asked);
	unsigned d = ui_model_quiz_toggle(c->quiz, c->model);
	if (ui_model_quiz_phase(c->quiz) == UI_QUIZ_OFF && asked)
		d |= open_overlay(c, UI_OV_QUIZ, 0);
	return d;
}

/* ---- actions on an open overlay ---------------------------------------- */

static unsigned move_sel(ui_ctl_t *c, int delta)
{
	int last = c->nitems > 0 ? c->nitems - 1 : 0;
	if (c->overlay == UI_OV_MESSAGE || c->overlay == UI_OV_HELP) {
		/* Scrolling text: stop when the last line is in view. */
		int page = c->page > 0 ? c->page : 1;
		last = c->nitems > page ? c->nitems - page : 0;
	}
	int s = c->sel + delta;
	if (s < 0)
		s = 0;
	if (s > last)
		s = last;
	if (s == c->sel)
		return 0;
	c->sel = s;
	return UI_DIRTY_OVERLAY;
}

static int page_of(const ui_ctl_t *c)
{
	return c->page > 1 ? c->page - 1 : 1;
}

static unsigned ov_up(ui_ctl_t *c) { return move_sel(c, -1); }
static unsigned ov_down(ui_ctl_t *c) { return move_sel(c, 1); }
static unsigned ov_page_up(ui_ctl_t *c) { return move_sel(c, -page_of(c)); }
static unsigned ov_page_down(ui_ctl_t *c) { return move_sel(c, page_of(c)); }
static unsigned ov_home(ui_ctl_t *c) { return move_sel(c, -c->sel); }
static unsigned ov_end(ui_ctl_t *c) { return move_sel(c, c->nitems); }

static unsigned ov_close(ui_ctl_t *c)
{
	c->overlay = UI_OV_NONE;
	return UI_DIRTY_ALL & ~(unsigned)UI_DIRTY_LAYOUT;
}

static unsigned ov_pick(ui_ctl_t *c)
{
	if (c->overlay == UI_OV_FAULTS) {
		c->request = c->faults_whatif ? UI_REQ_WHATIF : UI_REQ_FAULT;
		c->request_arg = c->sel;
	} else if (c->overlay == UI_OV_SCENARIOS) {
		c->request = UI_REQ_SCENARIO;
		c->request_arg = c->sel;
	}
	return ov_close(c);
}

typedef unsigned (*action_fn)(ui_ctl_t *c);

static const struct action {
	const char *help;       /* for the help overlay */
	const char *brief;      /* for the status line; NULL: not shown there */
	action_fn on_path;      /* no overlay open */
	action_fn on_overlay;   /* an overlay is open */
} actions[UI_ACT__COUNT] = {
	[UI_ACT_PLAY] = { "play / pause the animation", "play", on_play, NULL },
	[UI_ACT_FORWARD] = { "one event forward", "step", on_forward, ov_down },
	[UI_ACT_BACK] = { "one event back (the screen as it was)", "back", on_back, ov_up },
	[UI_ACT_PAGE_DOWN] = { "one event forward; a page down in lists", NULL, on_forward, ov_page_down },
	[UI_ACT_PAGE_UP] = { "one event back; a page up in lists", NULL, on_back, ov_page_up },
	[UI_ACT_NEXT_BLOCK] = { "next session or hop", "hop", on_next_block, NULL },
	[UI_ACT_PREV_BLOCK] = { "previous session or hop", NULL, on_prev_block, NULL },
	[UI_ACT_HOME] = { "the first event", NULL, on_home, ov_home },
	[UI_ACT_END] = { "the last event", NULL, on_end, ov_end },
	[UI_ACT_FASTER] = { "play faster", "speed", on_faster, NULL },
	[UI_ACT_SLOWER] = { "play slower", NULL, on_slower, NULL },
	[UI_ACT_FAULTS] = { "inject a fault here and re-run", "fault", on_faults, on_faults },
	[UI_ACT_MESSAGE] = { "inspect the message: envelope and headers", "message", on_message, on_message },
	[UI_ACT_SCENARIOS] = { "pick another scenario", "scenario", on_scenarios, on_scenarios },
	[UI_ACT_HELP] = { "this help", "help", on_help, on_help },
	[UI_ACT_QUIT] = { "quit", "quit", on_quit, on_quit },
	[UI_ACT_CLOSE] = { "close a window; leave what if; with neither, quit", NULL, on_close_path, ov_close },
	[UI_ACT_UP] = { "move up in lists", NULL, NULL, ov_up },
	[UI_ACT_DOWN] = { "move down in lists", NULL, NULL, ov_down },
	[UI_ACT_PICK] = { "choose in a menu", NULL, NULL, ov_pick },
	[UI_ACT_REDRAW] = { "redraw the screen", NULL, on_redraw, on_redraw },
	[UI_ACT_OBSERVER] = { "eavesdropper: an observer on 2-3, 3-4, 4-5, 3-dns, off", NULL, on_observer, NULL },
	[UI_ACT_QUIZ] = { "quiz: predict each answer before it is shown", "quiz", on_quiz, on_quiz },
	[UI_ACT_WHATIF] = { "what if: pick a fault, see both runs side by side", "what if", on_whatif, on_whatif },
};

void ui_keys_ctl_init(ui_ctl_t *c, ui_model_t *m)
{
	*c = (ui_ctl_t){ .model = m, .overlay = UI_OV_NONE, .page = 1 };
}

ui_action_t ui_keys_action(int key)
{
	for (size_t i = 0; i < sizeof keys / sizeof keys[0]; i++)
		if (keys[i].key == key)
			return keys[i].action;
	return UI_ACT_NONE;
}

unsigned ui_keys_run(ui_ctl_t *c, ui_action_t a)
{
	assert(a < UI_ACT__COUNT);
	if (a == UI_ACT_NONE)
		return 0;
	action_fn fn = c->overlay == UI_OV_NONE ? actions[a].on_path : actions[a].on_overlay;
	return fn ? fn(c) : 0;
}

/* A question on screen takes the keys it needs: typing (or choosing), Enter,
 * Esc (give up: the answer is shown, counted wrong); the rest go on to the
 * table, where moving forward stops at the question again. In the reveal,
 * a forward key goes on. *taken says whether the key was used here. */
static unsigned quiz_key(ui_ctl_t *c, int key, int *taken)
{
	ui_model_quiz_t *z = c->quiz;
	ui_quiz_phase_t ph = z && c->overlay == UI_OV_NONE ? ui_model_quiz_phase(z) : UI_QUIZ_OFF;
	ui_action_t a = ui_keys_action(key);
	*taken = 0;
	if (ph == UI_QUIZ_REVEAL) {
		/* Any move leaves the reveal (then moves); Enter and Esc only leave it. */
		if (a == UI_ACT_NONE || a == UI_ACT_HELP || a == UI_ACT_QUIT || a == UI_ACT_REDRAW ||
		    a == UI_ACT_QUIZ || a == UI_ACT_MESSAGE)
			return 0;
		*taken = a == UI_ACT_PICK || key == KEY_ESC;   /* Esc here never quits */
		return ui_model_quiz_continue(z);
	}
	if (ph != UI_QUIZ_ASK)
		return 0;
	const quiz_question_t *q = ui_model_quiz_current(z);
	*taken = 1;
	if (a == UI_ACT_PICK)
		return ui_model_quiz_submit(z, c->model);
	if (key == KEY_ESC)
		return ui_model_quiz_give_up(z, c->model);
	if (key == KEY_UP || key == KEY_DOWN)
		return ui_model_quiz_pick(z, key == KEY_UP ? -1 : 1);
	if (q->nchoices && key >= '1' && key < '1' + (int)q->nchoices && key <= '9')
		return ui_model_quiz_pick(z, key - '1' - ui_model_quiz_choice(z));
	if (!q->nchoices && (key == KEY_BACKSPACE || key == 127 || key == '\b'))
		return ui_model_quiz_type(z, '\b');
	if (!q->nchoices && key >= 0x20 && key < 0x7F)
		return ui_model_quiz_type(z, key);
	*taken = 0;
	return 0;
}

unsigned ui_keys_press(ui_ctl_t *c, int key)
{
	int taken;
	unsigned d = quiz_key(c, key, &taken);
	if (!taken)
		d |= ui_keys_run(c, ui_keys_action(key));
	return d | ui_keys_after(c);
}

unsigned ui_keys_after(ui_ctl_t *c)
{
	if (!c->quiz)
		return 0;
	unsigned d = ui_model_quiz_sync(c->quiz, c->model);
	size_t right, asked;
	ui_model_quiz_score(c->quiz, -1, &right, &asked);
	if (!ui_model_quiz_done(c->quiz, c->model) || !asked) {
		c->quiz_summary = 0;
		return d;
	}
	if (!c->quiz_summary && c->overlay == UI_OV_NONE) {
		c->quiz_summary = 1;
		d |= open_overlay(c, UI_OV_QUIZ, 0);
	}
	return d;
}

size_t ui_keys_count(void)
{
	return sizeof keys / sizeof keys[0];
}

const ui_key_t *ui_keys_at(size_t i)
{
	return i < ui_keys_count() ? &keys[i] : NULL;
}

const char *ui_keys_help(ui_action_t a)
{
	return a < UI_ACT__COUNT && actions[a].help ? actions[a].help : "";
}

const char *ui_keys_brief(ui_action_t a)
{
	return a < UI_ACT__COUNT ? actions[a].brief : NULL;
}
