/* trace_json.h — one trace event as a line of JSON (RFC 8259), and the
 * prefix that tells what a line is. The exports (sim/export) and the lessons
 * (sim/lesson: diff) print events the same way, so they live here, below both. */
#ifndef MP_TRACE_JSON_H
#define MP_TRACE_JSON_H

#include <stdio.h>

#include "core/trace.h"

/* {"t":..,"hop":..,"kind":..,"from":..,"to":..,"text":..,"proto":..,
 * "session":..,"explain":..} without a newline; a state event adds what
 * each end of its session believes then: "client_believes", "server_believes".
 * t may be NULL (no beliefs then). */
void trace_json_event(const trace_t *t, const trace_event_t *ev, FILE *out);
/* A JSON string: quotes, backslashes and control characters escaped; bytes
 * that are not UTF-8 become U+FFFD, so every line is valid JSON. */
void trace_json_string(const char *s, FILE *out);
/* The same, with '<', '>' and '&' escaped too: safe inside an HTML <script>. */
void trace_json_string_html(const char *s, FILE *out);
/* "C: ", "S: ", "DNS: ", "queue: ", "POP3 state: " ... ("" for a note). */
const char *trace_prefix(const trace_event_t *ev);

#endif
