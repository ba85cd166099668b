/* render.h — the headless renderers of a trace: the narrated text transcript
 * a student can read on its own, and JSON Lines (one event per line). Both
 * read only the trace, so they show exactly what the UI shows. */
#ifndef MP_RENDER_H
#define MP_RENDER_H

#include <stdio.h>

#include "scenario.h"
#include "trace.h"

void render_text_header(const scenario_t *sc, FILE *out);
void render_text_event(const trace_event_t *ev, FILE *out);
void render_text(const trace_t *t, const scenario_t *sc, FILE *out);
void render_json_event(const trace_event_t *ev, FILE *out);
void render_json(const trace_t *t, FILE *out);
/* The prefix that tells what a line is: "C: ", "S: ", "DNS: ", "queue: " ... */
const char *render_prefix(const trace_event_t *ev);

#endif
