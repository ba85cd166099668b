/* ui.h — the animated path: the ncurses UI of `mailpath` / `mailpath play`.
 * It subscribes to a run's trace and never reaches into the simulator. */
#ifndef MP_UI_H
#define MP_UI_H

#include "run/run.h"

/* Load the scenario (a path or a bundled name), run it and let the user step
 * through its trace. Returns 0 when the user quits; 2 (after printing the
 * errors on stderr, before touching the terminal) when the scenario does not
 * load or the terminal cannot be used; 130 after Ctrl-C. */
int ui_play(const char *scenario, const run_opts_t *opts);
/* The same in quiz mode (key a toggles it): quiz is a quiz_mode_t of
 * lesson/quiz.h (QUIZ_MODE_DEFAULT: the scenario's key moments, else
 * replies), or -1 to start with the quiz off. */
int ui_play_quiz(const char *scenario, const run_opts_t *opts, int quiz);

/* Live mode, for `mailpath serve`: show a trace that grows while real clients
 * talk, the cursor following its end until the user steps back (End follows
 * again). The caller owns the event loop: it polls ui_live_fd() for keys,
 * waits at most ui_live_wait_ms(), then calls ui_live_pump(), which reads the
 * keys, follows the trace and draws what changed. SIGINT/SIGTERM stay the
 * caller's. Faults and scenarios cannot be changed live. */
typedef struct ui_live ui_live_t;
ui_live_t *ui_live_open(const trace_t *t, const char *title, const char *flash);  /* NULL: no terminal */
int ui_live_fd(const ui_live_t *u);
int ui_live_wait_ms(const ui_live_t *u);                        /* -1: only keys */
int ui_live_pump(ui_live_t *u);                                 /* 1: the user quit */
void ui_live_close(ui_live_t *u);

#endif
