/* ui_model_int.h — the model's insides, shared by ui_model.c (cursor,
 * playing, tokens, lines) and ui_model_pane.c (state, explanation, message).
 * Nothing outside ui_model*.c includes it. */
#ifndef MP_UI_MODEL_INT_H
#define MP_UI_MODEL_INT_H

#include "tui/ui_model.h"

struct ui_model {
	const trace_t *trace;
	size_t cursor;          /* the event shown; (size_t)-1 only inside goto */
	size_t seen;            /* trace_count at the last refresh */
	int playing;
	int speed;              /* index into the speed table */
	int sub;                /* quarter frames since the event began (playing) */
	int follow;             /* keep the cursor on the newest event */
	int live;               /* the trace grows while shown */
	int ascii;
	size_t barrier;         /* the cursor stops before this event (quiz); SIZE_MAX: none */
	int blocked;            /* a forward move stopped at the barrier */
	int clipped;            /* a step went back past the trace's window (serve) */
	strbuf_t explain_text;  /* a note's visible text */
	ui_message_t msg;
	int observer;           /* 0 off, else 1 + an index of ui_model_observer_links */
	struct eaves *eaves;    /* its capture, rebuilt when the trace changes */
	size_t eaves_seen;      /* trace_count it was built from */
};

/* ui_model_observer.c */
void ui_model_observer_rebuild(ui_model_t *m);

ui_class_t ui_model_event_class(const trace_event_t *ev);
ui_node_t ui_model_host_node(const char *name);
void ui_model_message_clear(ui_model_t *m);

#endif
