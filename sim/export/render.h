/* render.h — the headless renderers of a trace: the narrated text transcript
 * a student can read on its own, and JSON Lines (one event per line). Both
 * read only the trace, so they show exactly what the UI shows. */
#ifndef MP_RENDER_H
#define MP_RENDER_H

#include <stddef.h>
#include <stdio.h>

#include "run/scenario.h"
#include "core/trace.h"
#include "core/util.h"

void render_text_header(const scenario_t *sc, FILE *out);
/* The same line, appended to b (a caller that writes many reuses b). */
void render_text_event_buf(const trace_event_t *ev, strbuf_t *b);
void render_text_event(const trace_event_t *ev, FILE *out);
void render_text(const trace_t *t, const scenario_t *sc, FILE *out);
void render_json_event(const trace_event_t *ev, FILE *out);
void render_json(const trace_t *t, FILE *out);
/* A JSON string, quoted and escaped as in the JSON Lines (for other JSON output). */
void render_json_string(const char *s, FILE *out);
/* The prefix that tells what a line is: "C: ", "S: ", "DNS: ", "queue: " ... */
const char *render_prefix(const trace_event_t *ev);

/* ---- exports: the same trace as a chart or a handout ----
 * render_msc: an ASCII sequence chart, one lifeline per host, an arrow per
 * command, reply, DNS message and TCP event, 80 columns wide.
 * render_mermaid: the same as a Mermaid sequenceDiagram.
 * render_markdown: the annotated transcript, with each explanation the first
 * time its topic appears, the teaching notes, questions and expectations. */
void render_msc(const trace_t *t, const scenario_t *sc, FILE *out);
void render_mermaid(const trace_t *t, const scenario_t *sc, FILE *out);
void render_markdown(const trace_t *t, const scenario_t *sc, FILE *out);
/* render_html: one self-contained page (inline CSS and script, no outside
 * request) that steps through the run like the terminal UI; the trace is
 * embedded as JSON (render_html_data.c), the page's CSS and script come from
 * sim/export/html/ (bundled at build time by .ci/bundle-html). */
void render_html(const trace_t *t, const scenario_t *sc, FILE *out);
void render_html_data(const trace_t *t, const scenario_t *sc, FILE *out);
/* The part of the data that sim/lesson derives: the quiz and the observer's
 * captures per link (render_html_lesson.c). */
void render_html_lesson_data(const trace_t *t, const scenario_t *sc, FILE *out);

/* What the charts share (render_chart.c). A chart reads the trace as steps:
 * an arrow between two hosts, a mark on one host, or a banner across all;
 * consecutive content lines of one session become one step. */
#define RENDER_HOSTS_MAX 16

typedef struct render_hosts {
	size_t n;
	const char *name[RENDER_HOSTS_MAX];   /* in the order of the path */
} render_hosts_t;

typedef enum render_step_kind {
	RENDER_ARROW,        /* from -> to */
	RENDER_MARK,         /* on host `from` */
	RENDER_BANNER,       /* across the chart: a fault without a host */
} render_step_kind_t;

typedef enum render_line {
	RENDER_LINE_PROTO,   /* a command, reply, content or DNS message */
	RENDER_LINE_TCP,     /* connect, accept, close */
	RENDER_LINE_LOST,    /* refused, timed out, aborted */
} render_line_t;

typedef struct render_step {
	render_step_kind_t kind;
	render_line_t line;
	int reply;           /* an answer: a reply, DNS answer, accept */
	const trace_event_t *ev;   /* the first event of the step */
	const char *from, *to;
	strbuf_t label;      /* the text to show, visible characters only */
} render_step_t;

void render_hosts(const trace_t *t, render_hosts_t *h);
int render_host_index(const render_hosts_t *h, const char *name);   /* -1: none */
/* The step starting at or after event *i, skipping what charts leave out
 * (notes, teaching notes, questions, expectations); *i moves past it.
 * Returns 0 at the end. st->label must be initialised (STRBUF_INIT) and is
 * overwritten; the caller frees it. */
int render_chart_step(const trace_t *t, size_t *i, render_step_t *st);
/* How many content lines (EV_DATA) from event i on belong together: same
 * session, same sender, up to the final dot (not counted). 0 when event i is
 * not content, or is the dot. */
size_t render_content_run(const trace_t *t, size_t i);
/* "submission: Smith's client to the ISP's SMTP host", "" for HOP_NONE. */
const char *render_hop_title(hop_t h);

#endif
