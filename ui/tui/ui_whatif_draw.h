/* ui_whatif_draw.h — the split transcript of "what if?" in a curses window. */
#ifndef MP_UI_WHATIF_DRAW_H
#define MP_UI_WHATIF_DRAW_H

#include "tui/ui_text.h"
#include "tui/ui_whatif.h"

void ui_whatif_draw(const ui_look_t *lk, ui_whatif_t *wi, WINDOW *w);

#endif
