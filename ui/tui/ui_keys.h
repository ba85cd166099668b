/* ui_keys.h — the one key table (htop's Action.c): a key maps to an action,
 * an action runs on the UI's control state and returns the panes it made
 * dirty (UI_DIRTY_* of ui_model.h). Actions that need the simulator (a
 * fault re-runs the scenario, a new scenario is loaded) leave a request
 * for the loop in ui.c. No curses beyond the KEY_* codes. */
#ifndef MP_UI_KEYS_H
#define MP_UI_KEYS_H

#include <stddef.h>

#include "tui/ui_model.h"

typedef enum ui_overlay {
	UI_OV_NONE, UI_OV_HELP, UI_OV_FAULTS, UI_OV_MESSAGE, UI_OV_SCENARIOS,
	UI_OV_QUIZ,         /* the quiz's score per topic */
} ui_overlay_t;

typedef enum ui_request {
	UI_REQ_NONE,
	UI_REQ_FAULT,       /* request_arg: a fault_kind_t, or FAULT__COUNT to clear */
	UI_REQ_SCENARIO,    /* request_arg: index of a bundled scenario */
	UI_REQ_WHATIF,      /* request_arg: a fault_kind_t: split into the run without and with it */
	UI_REQ_WHATIF_END,  /* back to one run */
} ui_request_t;

struct ui_whatif;

typedef struct ui_ctl {
	ui_model_t *model;
	ui_overlay_t overlay;
	int sel;            /* the chosen item, or the first line shown */
	int nitems;         /* items (lines) in the open overlay */
	int page;           /* items the overlay shows at once (set by the drawing) */
	int quit;
	ui_request_t request;
	int request_arg;
	struct ui_model_quiz *quiz;   /* quiz mode (NULL: not available, e.g. live) */
	int quiz_summary;   /* the summary was shown at this end: not again until it moves */
	int faults_whatif;  /* the fault menu was opened by 'w': the pick splits */
	struct ui_whatif *whatif;   /* the split is shown (owned by the loop), or NULL */
} ui_ctl_t;

typedef enum ui_action {
	UI_ACT_NONE = 0,
	UI_ACT_PLAY,
	UI_ACT_FORWARD,
	UI_ACT_BACK,
	UI_ACT_PAGE_DOWN,
	UI_ACT_PAGE_UP,
	UI_ACT_NEXT_BLOCK,
	UI_ACT_PREV_BLOCK,
	UI_ACT_HOME,
	UI_ACT_END,
	UI_ACT_FASTER,
	UI_ACT_SLOWER,
	UI_ACT_FAULTS,
	UI_ACT_MESSAGE,
	UI_ACT_SCENARIOS,
	UI_ACT_HELP,
	UI_ACT_QUIT,
	UI_ACT_CLOSE,
	UI_ACT_UP,
	UI_ACT_DOWN,
	UI_ACT_PICK,
	UI_ACT_REDRAW,
	UI_ACT_OBSERVER,
	UI_ACT_QUIZ,
	UI_ACT_WHATIF,
	UI_ACT__COUNT
} ui_action_t;

typedef struct ui_key {
	int key;            /* a character or a curses KEY_* code */
	const char *name;   /* "Space", "n", "Right", "PgDn" (ASCII) */
	ui_action_t action;
} ui_key_t;

void ui_keys_ctl_init(ui_ctl_t *c, ui_model_t *m);
ui_action_t ui_keys_action(int key);              /* UI_ACT_NONE for unknown keys */
unsigned ui_keys_run(ui_ctl_t *c, ui_action_t a);
unsigned ui_keys_press(ui_ctl_t *c, int key);     /* action + run (a question takes keys first) */
/* After every key and animation frame: the quiz asks when the path stopped
 * before a question, and shows its summary at the end. */
unsigned ui_keys_after(ui_ctl_t *c);

size_t ui_keys_count(void);
const ui_key_t *ui_keys_at(size_t i);
const char *ui_keys_help(ui_action_t a);          /* "one event forward" */
const char *ui_keys_brief(ui_action_t a);         /* "step" for the status line, or NULL */
/* Items in the fault menu: every fault of the catalogue, then "clear". */
int ui_keys_fault_items(void);

/* Escape sequences curses did not decode. When TERM does not match what the
 * terminal sends (TERM=xterm-256color inside tmux: End arrives as ESC [ 4 ~),
 * curses hands over ESC and then the bytes one by one; the reader collects
 * them here and never lets them pass as separate keys. b[0..n) are the bytes
 * read so far, b[0] = ESC; `ended`: no more byte came in time. Returns
 *   a key: Esc (27) for a lone ESC, a KEY_* code for a known sequence
 *          (Home ESC [1~ [7~ [H O H, End ESC [4~ [8~ [F O F, ...);
 *   UI_KEYS_IGNORE: a sequence no key stands for (CSI ESC [ params final,
 *          SS3 ESC O x, Alt+key ESC x): skip it whole;
 *   UI_KEYS_MORE: a sequence has begun; read another byte (never when ended).
 * *used: the bytes that belong to the sequence; those after it are keys
 * again. At most UI_KEYS_SEQ_MAX bytes are collected. */
#define UI_KEYS_SEQ_MAX 32
enum { UI_KEYS_MORE = -2, UI_KEYS_IGNORE = -3 };
int ui_keys_escape(const unsigned char *b, size_t n, int ended, size_t *used);

#endif
