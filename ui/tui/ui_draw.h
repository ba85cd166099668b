/* ui_draw.h — the screen: its panes as curses windows, laid out for the
 * terminal's size, each redrawn only when marked dirty, with one
 * wnoutrefresh per pane and one doupdate per frame.
 *
 *   title    mailpath · scenario title          t=+0.412s ▶ 1x  14/63
 *   path     the five boxes, links, the token and its label (ui_path.c)
 *   ─ Transcript ──────────────────┬─ World ───────────  (narrow)
 *   transcript (lines up to the     │ state: SMTP sessions, POP3,
 *   cursor, the current one lit)    │ the ISP queue, the mailboxes
 *   ─ explanation title ───────────┴──── RFC 5321 4.1.1.3 ─
 *   explain  the teaching text of the current event
 *   status   the keys
 *
 * Wide terminals (120x32 and more) use the room: full host names and
 * addresses, a longer transcript with times, the state beside the
 * explanation. Below 80x24 only a request to enlarge the terminal. */
#ifndef MP_UI_DRAW_H
#define MP_UI_DRAW_H

#include <stddef.h>

#include "run/fault.h"
#include "tui/ui_keys.h"
#include "tui/ui_text.h"

#define UI_MIN_COLS 80
#define UI_MIN_ROWS 24

/* What the loop knows beyond the model. */
typedef struct ui_info {
	const char *title;          /* the scenario's title */
	const char *scenario;       /* its name */
	const fault_t *faults;      /* faults of this run beyond the scenario's */
	size_t nfaults;
	const char *flash;          /* a one-off message for the status line, or "" */
} ui_info_t;

typedef struct ui_screen ui_screen_t;

ui_screen_t *ui_draw_new(int utf8, int color);
void ui_draw_free(ui_screen_t *s);
const ui_look_t *ui_draw_look(const ui_screen_t *s);
/* Draw what is dirty (UI_DIRTY_LAYOUT: the terminal changed size). */
void ui_draw_frame(ui_screen_t *s, ui_ctl_t *c, const ui_info_t *info, unsigned dirty);

#endif
