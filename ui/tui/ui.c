/* ui.c — the loop of the animated path. It loads the scenario, runs it to
 * the end (a run is a pure function of scenario, seed and faults), and lets
 * the user step through the trace.
 *
 * Paused, the loop blocks in getch; playing, it wakes once per animation
 * frame (timeout). Keys go through the key table (ui_keys.c); actions that
 * need the simulator leave a request, handled here: a fault re-runs the
 * scenario with that fault at the cursor's time and keeps the cursor, since
 * the trace is identical up to there; a scenario is loaded and run.
 *
 * The terminal is restored on q, on Ctrl-C (SIGINT: a flag, then a clean
 * return) and on a fatal signal (endwin in the handler, then the signal is
 * raised again with its default action). */
#include "tui/ui.h"

#include <curses.h>
#include <langinfo.h>
#include <locale.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "tui/ui_draw.h"
#include "tui/ui_keys.h"
#include "tui/ui_model.h"
#include "tui/ui_model_quiz.h"
#include "tui/ui_whatif.h"

typedef struct app {
	scenario_t *sc;
	run_t *run;
	run_opts_t base;        /* the caller's options */
	fault_t *faults;        /* the caller's faults, then those injected here */
	size_t nbase, nfaults;
	ui_model_t *model;
	ui_model_quiz_t *quiz;
	ui_ctl_t ctl;
	char flash[200];
	run_t *wrun;            /* what if: the run with the fault, while split */
} app_t;

/* The only file-scope state: what a signal handler may touch. */
static volatile sig_atomic_t interrupted;

static const int fatal_signals[] = { SIGTERM, SIGHUP, SIGQUIT, SIGSEGV, SIGBUS, SIGFPE, SIGILL, SIGABRT };
#define NFATAL (sizeof fatal_signals / sizeof fatal_signals[0])

static void on_interrupt(int sig)
{
	(void)sig;
	interrupted = 1;
}

static void on_fatal(int sig)
{
	endwin();
	signal(sig, SIG_DFL);
	raise(sig);
}

typedef struct saved_signals {
	struct sigaction intr, fatal[NFATAL];
} saved_signals_t;

static void signals_install(saved_signals_t *saved)
{
	struct sigaction sa;
	memset(&sa, 0, sizeof sa);
	sigemptyset(&sa.sa_mask);
	sa.sa_handler = on_interrupt;       /* no SA_RESTART: getch returns */
	interrupted = 0;
	sigaction(SIGINT, &sa, &saved->intr);
	sa.sa_handler = on_fatal;
	sa.sa_flags = SA_RESETHAND;
	for (size_t i = 0; i < NFATAL; i++)
		sigaction(fatal_signals[i], &sa, &saved->fatal[i]);
}

static void signals_restore(const saved_signals_t *saved)
{
	sigaction(SIGINT, &saved->intr, NULL);
	for (size_t i = 0; i < NFATAL; i++)
		sigaction(fatal_signals[i], &saved->fatal[i], NULL);
}

/* ---- runs ------------------------------------------------------------------ */

static run_t *start_run(const app_t *a)
{
	run_opts_t o = a->base;
	o.faults = a->faults;
	o.nfaults = a->nfaults;
	run_t *r = run_new(a->sc, &o);
	run_to_end(r);
	return r;
}

/* Replace the run; the model follows the new trace before the old one goes.
 * The quiz keeps the answers given before event `keep` (0: none). */
static void swap_run(app_t *a, run_t *r, size_t keep)
{
	ui_model_set_trace(a->model, run_trace(r));
	ui_model_quiz_set_run(a->quiz, run_trace(r), a->sc, keep);
	run_free(a->run);
	a->run = r;
}

/* Back to one run: the cursor stays where the left run was. */
static unsigned whatif_end(app_t *a)
{
	if (!a->ctl.whatif)
		return 0;
	ui_whatif_free(a->ctl.whatif);
	a->ctl.whatif = NULL;
	run_free(a->wrun);
	a->wrun = NULL;
	snprintf(a->flash, sizeof a->flash, "One run again. w: another what if.");
	return UI_DIRTY_ALL & ~(unsigned)UI_DIRTY_LAYOUT;
}

/* What if this fault struck here? The same run with it, side by side. */
static unsigned whatif_begin(app_t *a, int kind)
{
	if (kind < 0 || kind >= FAULT__COUNT)
		return 0;
	whatif_end(a);
	const trace_event_t *ev = ui_model_event(a->model);
	fault_t *f = xcalloc(a->nfaults + 1, sizeof *f);
	if (a->nfaults)
		memcpy(f, a->faults, a->nfaults * sizeof *f);
	f[a->nfaults] = (fault_t){ .kind = (fault_kind_t)kind, .at_us = ev ? ev->t_us : 0 };
	run_opts_t o = a->base;
	o.faults = f;
	o.nfaults = a->nfaults + 1;
	a->wrun = run_new(a->sc, &o);
	run_to_end(a->wrun);
	free(f);
	char when[32], label[96];
	fmt_sim_time(ev ? ev->t_us : 0, when, sizeof when);
	snprintf(label, sizeof label, "+%s@%s", fault_name((fault_kind_t)kind), when);
	a->ctl.whatif = ui_whatif_new(a->model, run_trace(a->wrun), label);
	snprintf(a->flash, sizeof a->flash, "%s: left as it ran, right with the fault, from where they part.",
		 ui_whatif_alike(a->ctl.whatif) ? "Alike" : "They differ");
	return UI_DIRTY_ALL & ~(unsigned)UI_DIRTY_LAYOUT;
}

static unsigned inject_fault(app_t *a, int kind)
{
	const trace_event_t *ev = ui_model_event(a->model);
	char when[32];
	fmt_sim_time(ev ? ev->t_us : 0, when, sizeof when);
	if (kind >= FAULT__COUNT) {
		a->nfaults = a->nbase;
		snprintf(a->flash, sizeof a->flash, "Re-ran without the faults injected here.");
	} else {
		a->faults = xgrow(a->faults, a->nfaults, sizeof *a->faults);
		a->faults[a->nfaults++] = (fault_t){ .kind = (fault_kind_t)kind, .at_us = ev ? ev->t_us : 0 };
		snprintf(a->flash, sizeof a->flash,
			 "Re-ran with %s from t=%s: the same story up to here. Step on (n) or play (Space).",
			 fault_name((fault_kind_t)kind), when);
	}
	swap_run(a, start_run(a), ui_model_cursor(a->model) + 1);
	return UI_DIRTY_ALL & ~(unsigned)UI_DIRTY_LAYOUT;
}

static unsigned load_scenario(app_t *a, size_t i)
{
	const char *name = scenario_bundled_name(i);
	strbuf_t err = STRBUF_INIT;
	scenario_t *sc = name ? scenario_load(name, &err) : NULL;
	if (!sc) {
		snprintf(a->flash, sizeof a->flash, "Cannot load %s: %s", name ? name : "?", sb_str(&err));
		sb_free(&err);
		return UI_DIRTY_STATUS;
	}
	sb_free(&err);
	scenario_t *old = a->sc;
	a->sc = sc;
	a->nfaults = a->nbase;
	swap_run(a, start_run(a), 0);
	scenario_free(old);
	ui_model_home(a->model);
	snprintf(a->flash, sizeof a->flash, "Scenario %s: press Space to play, n to step.", sc->name);
	return UI_DIRTY_ALL & ~(unsigned)UI_DIRTY_LAYOUT;
}

static unsigned handle_request(app_t *a)
{
	ui_request_t req = a->ctl.request;
	int arg = a->ctl.request_arg;
	a->ctl.request = UI_REQ_NONE;
	if (req == UI_REQ_WHATIF)
		return whatif_begin(a, arg);
	if (req == UI_REQ_WHATIF_END)
		return whatif_end(a);
	whatif_end(a);
	if (req == UI_REQ_FAULT)
		return inject_fault(a, arg);
	if (req == UI_REQ_SCENARIO && arg >= 0)
		return load_scenario(a, (size_t)arg);
	return 0;
}

/* ---- the terminal ------------------------------------------------------------ */

/* ESC on its own is the Esc key once curses has waited this long for the
 * rest of a sequence it knows (ESCDELAY). The rest of one it does not know
 * was sent in the same write as the ESC: it is read with the same timeout. */
#define ESC_DELAY_MS 25
#define ESC_FOLLOW_MS 25

static int locale_is_utf8(void)
{
	const char *cs = nl_langinfo(CODESET);
	return cs && (str_ieq(cs, "UTF-8") || str_ieq(cs, "utf8"));
}

static SCREEN *terminal_open(int *utf8, int *color)
{
	setlocale(LC_ALL, "");
	setlocale(LC_NUMERIC, "C");     /* numbers in traces stay the same everywhere */
	*utf8 = locale_is_utf8();
	SCREEN *scr = newterm(NULL, stdout, stdin);
	if (!scr)
		return NULL;
	set_term(scr);
	cbreak();
	noecho();
	nonl();
	keypad(stdscr, TRUE);
	set_escdelay(ESC_DELAY_MS);
	curs_set(0);
	*color = has_colors() && !getenv("NO_COLOR");
	if (*color) {
		start_color();
		use_default_colors();
	}
	return scr;
}

/* One key, as getch, except that an escape sequence curses did not decode
 * (TERM does not match the terminal) is collected whole and looked up by
 * ui_keys_escape: a key, or UI_KEYS_IGNORE for a sequence that is none.
 * ERR: nothing came within wait_ms (-1: wait for a key). */
static int read_key(int wait_ms)
{
	timeout(wait_ms);
	int ch = getch();
	if (ch != '\033')
		return ch;
	unsigned char b[UI_KEYS_SEQ_MAX] = { '\033' };
	size_t n = 1, used = 1;
	int key;
	timeout(ESC_FOLLOW_MS);
	while ((key = ui_keys_escape(b, n, 0, &used)) == UI_KEYS_MORE) {
		ch = getch();
		if (ch < 0 || ch > 0xff) {          /* no more in time, or a key curses decoded */
			if (ch != ERR)
				ungetch(ch);
			key = ui_keys_escape(b, n, 1, &used);
			break;
		}
		b[n++] = (unsigned char)ch;
	}
	while (n > used)                        /* bytes after the sequence: keys again */
		ungetch(b[--n]);
	return key;
}

static void loop(app_t *a, ui_screen_t *screen)
{
	unsigned dirty = UI_DIRTY_ALL;
	while (!a->ctl.quit && !interrupted) {
		dirty |= ui_model_refresh(a->model);
		if (dirty) {
			ui_info_t info = {
				.title = a->sc->title ? a->sc->title : a->sc->name, .scenario = a->sc->name,
				.faults = a->faults, .nfaults = a->nfaults, .flash = a->flash,
			};
			ui_draw_frame(screen, &a->ctl, &info, dirty);
			dirty = 0;
		}
		int ch = read_key(ui_model_frame_ms(a->model));
		if (ch == ERR) {                    /* a frame is due (or a signal came) */
			dirty |= ui_model_tick(a->model);
			dirty |= ui_keys_after(&a->ctl);   /* the quiz may stop the film */
			continue;
		}
		if (ch == UI_KEYS_IGNORE)
			continue;
		if (ch == KEY_RESIZE) {
			dirty |= UI_DIRTY_ALL;
			continue;
		}
		if (a->flash[0]) {
			a->flash[0] = '\0';
			dirty |= UI_DIRTY_STATUS;
		}
		dirty |= ui_keys_press(&a->ctl, ch);
		if (a->ctl.request != UI_REQ_NONE)
			dirty |= handle_request(a) | ui_keys_after(&a->ctl);
	}
}

int ui_play(const char *scenario, const run_opts_t *opts)
{
	return ui_play_quiz(scenario, opts, -1);
}

int ui_play_quiz(const char *scenario, const run_opts_t *opts, int quiz)
{
	strbuf_t err = STRBUF_INIT;
	app_t a;
	memset(&a, 0, sizeof a);
	a.sc = scenario_load(scenario ? scenario : "default", &err);
	if (!a.sc) {
		fputs(sb_str(&err), stderr);
		sb_free(&err);
		return 2;
	}
	sb_free(&err);
	if (opts)
		a.base = *opts;
	a.nbase = a.nfaults = a.base.nfaults;
	a.faults = xcalloc(a.nfaults ? a.nfaults : 1, sizeof *a.faults);
	if (a.nfaults)
		memcpy(a.faults, a.base.faults, a.nfaults * sizeof *a.faults);
	a.run = start_run(&a);
	a.model = ui_model_new(run_trace(a.run));
	ui_keys_ctl_init(&a.ctl, a.model);
	a.quiz = ui_model_quiz_new(quiz >= 0 ? (quiz_mode_t)quiz : QUIZ_MODE_DEFAULT);
	ui_model_quiz_set_run(a.quiz, run_trace(a.run), a.sc, 0);
	a.ctl.quiz = a.quiz;
	if (quiz >= 0)
		ui_model_quiz_toggle(a.quiz, a.model);

	saved_signals_t saved;
	signals_install(&saved);
	int utf8 = 0, color = 0, rc = 0;
	SCREEN *scr = terminal_open(&utf8, &color);
	if (!scr) {
		signals_restore(&saved);
		fprintf(stderr, "mailpath: cannot use this terminal (TERM=%s)\n",
			getenv("TERM") ? getenv("TERM") : "");
		rc = 2;
	} else {
		ui_model_set_ascii(a.model, !utf8);
		ui_screen_t *screen = ui_draw_new(utf8, color);
		snprintf(a.flash, sizeof a.flash, "%s", quiz >= 0
			 ? "Quiz: the story stops before each answer: predict it. Space/n: go   a: quiz off"
			 : "Space: play the story   n: one step   ?: help   q: quit");
		loop(&a, screen);
		ui_draw_free(screen);
		endwin();
		delscreen(scr);
		signals_restore(&saved);
		rc = interrupted ? 130 : 0;
	}
	ui_model_quiz_free(a.quiz);
	whatif_end(&a);
	ui_model_free(a.model);
	run_free(a.run);
	scenario_free(a.sc);
	free(a.faults);
	return rc;
}

/* ---- live mode (serve) ------------------------------------------------------ */

struct ui_live {
	SCREEN *scr;
	ui_screen_t *screen;
	ui_model_t *model;
	ui_ctl_t ctl;
	const trace_t *trace;
	char title[160];
	char flash[200];
	unsigned dirty;
	long long next_frame_ms;
	struct sigaction fatal[NFATAL];
};

static long long mono_ms(void)
{
	struct timespec ts;
	clock_gettime(CLOCK_MONOTONIC, &ts);
	return (long long)ts.tv_sec * 1000 + ts.tv_nsec / 1000000;
}

ui_live_t *ui_live_open(const trace_t *t, const char *title, const char *flash)
{
	ui_live_t *u = xcalloc(1, sizeof *u);
	u->trace = t;
	int utf8 = 0, color = 0;
	u->scr = terminal_open(&utf8, &color);
	if (!u->scr) {
		free(u);
		return NULL;
	}
	/* Only the fatal signals: SIGINT and SIGTERM belong to serve. */
	struct sigaction sa;
	memset(&sa, 0, sizeof sa);
	sigemptyset(&sa.sa_mask);
	sa.sa_handler = on_fatal;
	sa.sa_flags = SA_RESETHAND;
	for (size_t i = 0; i < NFATAL; i++)
		if (fatal_signals[i] != SIGTERM)
			sigaction(fatal_signals[i], &sa, &u->fatal[i]);
	u->model = ui_model_new(t);
	ui_model_set_ascii(u->model, !utf8);
	ui_model_set_follow(u->model, 1);
	ui_keys_ctl_init(&u->ctl, u->model);
	u->screen = ui_draw_new(utf8, color);
	snprintf(u->title, sizeof u->title, "%s", title ? title : "serve");
	snprintf(u->flash, sizeof u->flash, "%s", flash ? flash : "");
	u->dirty = UI_DIRTY_ALL;
	return u;
}

int ui_live_fd(const ui_live_t *u)
{
	(void)u;
	return fileno(stdin);
}

int ui_live_wait_ms(const ui_live_t *u)
{
	return ui_model_frame_ms(u->model);
}

int ui_live_pump(ui_live_t *u)
{
	for (int ch; (ch = read_key(0)) != ERR;) {
		if (ch == UI_KEYS_IGNORE)
			continue;
		if (ch == KEY_RESIZE) {
			u->dirty |= UI_DIRTY_ALL;
			continue;
		}
		if (ch == KEY_END)
			ui_model_set_follow(u->model, 1);
		else if (ch == KEY_LEFT || ch == KEY_PPAGE || ch == 'p' || ch == KEY_HOME || ch == '[')
			ui_model_set_follow(u->model, 0);
		if (u->flash[0]) {
			u->flash[0] = '\0';
			u->dirty |= UI_DIRTY_STATUS;
		}
		u->dirty |= ui_keys_press(&u->ctl, ch);
		if (u->ctl.request != UI_REQ_NONE) {
			u->ctl.request = UI_REQ_NONE;
			snprintf(u->flash, sizeof u->flash,
				 "Live: faults are set when serve starts (--fault), scenarios too.");
			u->dirty |= UI_DIRTY_STATUS;
		}
		if (u->ctl.quit)
			return 1;
	}
	int frame = ui_model_frame_ms(u->model);
	if (frame >= 0 && mono_ms() >= u->next_frame_ms) {   /* playing: one frame when due */
		u->dirty |= ui_model_tick(u->model);
		u->next_frame_ms = mono_ms() + frame;
	}
	u->dirty |= ui_model_refresh(u->model);
	if (ui_model_take_clipped(u->model)) {
		snprintf(u->flash, sizeof u->flash, "Events before #%zu are no longer kept: serve holds "
			 "the newest ones (--trace-window); --trace FILE keeps them all.",
			 trace_first(u->trace) + 1);
		u->dirty |= UI_DIRTY_STATUS;
	}
	if (u->dirty) {
		ui_info_t info = { .title = u->title, .scenario = "serve", .flash = u->flash };
		ui_draw_frame(u->screen, &u->ctl, &info, u->dirty);
		u->dirty = 0;
	}
	return 0;
}

void ui_live_close(ui_live_t *u)
{
	if (!u)
		return;
	ui_draw_free(u->screen);
	endwin();
	delscreen(u->scr);
	for (size_t i = 0; i < NFATAL; i++)
		if (fatal_signals[i] != SIGTERM)
			sigaction(fatal_signals[i], &u->fatal[i], NULL);
	ui_model_free(u->model);
	free(u);
}
