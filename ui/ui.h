/* ui.h — the animated path: the ncurses UI of `mailpath` / `mailpath play`.
 * It subscribes to a run's trace and never reaches into the simulator. */
#ifndef MP_UI_H
#define MP_UI_H

#include "run.h"

/* Load the scenario (a path or a bundled name), run it and let the user step
 * through its trace. Returns 0 when the user quits; 2 (after printing the
 * errors on stderr, before touching the terminal) when the scenario does not
 * load or the terminal cannot be used; 130 after Ctrl-C. */
int ui_play(const char *scenario, const run_opts_t *opts);

#endif
