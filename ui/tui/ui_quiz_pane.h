/* ui_quiz_pane.h — quiz mode on screen: the question in place of the
 * explanation (prompt, choices or the typed answer, why a try was not
 * taken), the reveal (right or wrong, then the real line's explanation), and
 * the score at the left of the status line. The state is ui_model_quiz's. */
#ifndef MP_UI_QUIZ_PANE_H
#define MP_UI_QUIZ_PANE_H

#include "tui/ui_keys.h"
#include "tui/ui_text.h"

/* 1 when the quiz owns the explanation pane now (a question or a reveal). */
int ui_quiz_pane_active(const ui_ctl_t *c);
/* The separator above the pane while a question is asked; 0: not asking. */
int ui_quiz_pane_sep(WINDOW *w, const ui_look_t *lk, const ui_ctl_t *c, int cols);
void ui_quiz_pane_draw(WINDOW *w, const ui_look_t *lk, const ui_ctl_t *c, const ui_explain_t *e);
/* The score at the left of the status line: the columns used (0: quiz off),
 * or -1 when the line is the question's own (keys to answer). */
int ui_quiz_pane_status(WINDOW *w, const ui_look_t *lk, const ui_ctl_t *c, int cols);

#endif
