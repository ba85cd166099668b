/* ui_overlay.h — windows drawn over the screen: the help (generated from
 * the key table), the fault menu, the scenario picker and the message
 * inspector. Drawing an overlay tells the control state how many lines it
 * has and how many fit (ui_ctl_t.nitems, .page), for scrolling. */
#ifndef MP_UI_OVERLAY_H
#define MP_UI_OVERLAY_H

#include "tui/ui_draw.h"

void ui_overlay_draw(const ui_look_t *lk, ui_ctl_t *c, const ui_info_t *info);

#endif
