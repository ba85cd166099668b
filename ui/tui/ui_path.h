/* ui_path.h — the path across the top of the screen: five boxes (1 Smith,
 * 2 her client, 3 the ISP's SMTP host with its resolver, 4 the corporate
 * SMTP host with the mailboxes, 5a/5b the boss's POP3 client), the links
 * between them, and the token travelling along its link with its label. */
#ifndef MP_UI_PATH_H
#define MP_UI_PATH_H

#include "tui/ui_model.h"
#include "tui/ui_text.h"

/* Rows the path needs in a terminal of cols x rows (5 narrow, 7 wide). */
int ui_path_height(int cols, int rows);
/* Draw into w (its whole width, ui_path_height rows). */
void ui_path_draw(WINDOW *w, const ui_look_t *lk, const ui_model_t *m);

#endif
