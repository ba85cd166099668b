/* ui_model_observer.c — the model's eavesdropper: which link the passive
 * observer sits on (key e cycles 2-3, 3-4, 4-5, 3-dns, off), its capture
 * (sim/lesson/eavesdrop), and whether a link's conversation is inside TLS at
 * the cursor (the lock on the path). Curses-free, like the rest of the model. */
#include "tui/ui_model.h"

#include "lesson/eavesdrop.h"
#include "tui/ui_model_int.h"

#include <string.h>

static const char *const links[] = { "2-3", "3-4", "4-5", "3-dns" };
#define NLINKS (int)(sizeof links / sizeof links[0])
/* How far back the lock looks for the link's latest line (the UI stays fast). */
#define LOCK_LOOKBACK 4000

void ui_model_observer_rebuild(ui_model_t *m)
{
	eaves_free(m->eaves);
	m->eaves = NULL;
	observe_link_t l;
	if (m->observer > 0 && m->trace && observe_link_parse(links[m->observer - 1], &l) == 0)
		m->eaves = eaves_new(NULL, m->trace, l);
	m->eaves_seen = m->trace ? trace_count(m->trace) : 0;
}

unsigned ui_model_observer_cycle(ui_model_t *m)
{
	m->observer = (m->observer + 1) % (NLINKS + 1);
	ui_model_observer_rebuild(m);
	return UI_DIRTY_ALL & ~(unsigned)UI_DIRTY_LAYOUT;
}

const struct eaves *ui_model_eaves(const ui_model_t *m)
{
	return m->eaves;
}

const char *ui_model_observer_name(const ui_model_t *m)
{
	return m->observer > 0 ? links[m->observer - 1] : "";
}

int ui_model_link_tls(const ui_model_t *m, int i)
{
	observe_link_t l;
	if (i < 1 || i > 3 || !m->trace || ui_model_count(m) == 0 || observe_link_parse(links[i - 1], &l) != 0)
		return 0;
	size_t cur = ui_model_cursor(m);
	for (size_t k = 0; k <= cur && k < LOCK_LOOKBACK; k++) {
		const trace_event_t *ev = trace_get(m->trace, cur - k);
		if (!ev || !observe_crosses(NULL, ev, l))
			continue;
		if (ev->kind == EV_CLOSE || ev->kind == EV_ABORT || ev->kind == EV_CONNECT)
			return 0;
		if (ev->kind == EV_TLS)
			return ev->explain && !strcmp(ev->explain, "tls:Finished");
		if (ev->kind == EV_CMD || ev->kind == EV_REPLY || ev->kind == EV_DATA)
			return ev->tls;
	}
	return 0;
}
