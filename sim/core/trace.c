/* trace.c — the ordered list of everything that happened in a run.
 *
 * Events live in chunks of TRACE_CHUNK that never move, so a pointer returned
 * by trace_emit() or trace_get(), or handed to a subscriber, stays valid until
 * trace_free(). Strings are copied; from/to/text are never NULL ("" instead),
 * proto and explain are static strings ("" when none), detail is NULL or a copy.
 *
 * After each append the viewer (if any) fills a zeroed world_view_t; the view
 * is stored only when it differs (memcmp) from the last one stored, and the
 * event's `view` is the index of the stored view that describes the world
 * after it. Then the subscribers are called with the stored event. */
#include "core/trace.h"

#include <assert.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "core/sched.h"
#include "core/util.h"

#define TRACE_CHUNK 1024
#define TRACE_SUBSCRIBERS_MAX 8

struct trace {
	const struct sched *clock;
	trace_event_t **chunks;
	size_t nchunks;
	size_t count;
	world_view_t *views;
	size_t nviews, capviews;
	struct {
		trace_subscriber_fn fn;
		void *ctx;
	} subs[TRACE_SUBSCRIBERS_MAX];
	int nsubs;
	trace_viewer_fn viewer;
	void *viewer_ctx;
};

static const char *const hop_labels[HOP__COUNT] = {
	[HOP_NONE] = "", [HOP_1] = "1", [HOP_2] = "2", [HOP_3] = "3",
	[HOP_4] = "4", [HOP_5A] = "5a", [HOP_5B] = "5b",
};

static const char *const kind_names[EV__COUNT] = {
	[EV_NOTE] = "note",
	[EV_ACTION] = "action",
	[EV_CONNECT] = "connect",
	[EV_ACCEPT] = "accept",
	[EV_REFUSED] = "refused",
	[EV_CLOSE] = "close",
	[EV_ABORT] = "abort",
	[EV_CMD] = "cmd",
	[EV_REPLY] = "reply",
	[EV_DATA] = "data",
	[EV_STATE] = "state",
	[EV_DNS_QUERY] = "dns-query",
	[EV_DNS_ANSWER] = "dns-answer",
	[EV_QUEUE] = "queue",
	[EV_DELIVER] = "deliver",
	[EV_BOUNCE] = "bounce",
	[EV_FAULT] = "fault",
	[EV_TEACH] = "teach",
	[EV_QUESTION] = "question",
	[EV_EXPECT] = "expect",
	[EV_TLS] = "tls",
};

trace_t *trace_new(const struct sched *clock)
{
	trace_t *t = xcalloc(1, sizeof *t);
	t->clock = clock;
	return t;
}

static void event_free_strings(trace_event_t *ev)
{
	free(ev->from);
	free(ev->to);
	free(ev->text);
	free(ev->detail);
}

void trace_free(trace_t *t)
{
	if (!t)
		return;
	for (size_t i = 0; i < t->count; i++)
		event_free_strings(&t->chunks[i / TRACE_CHUNK][i % TRACE_CHUNK]);
	for (size_t c = 0; c < t->nchunks; c++)
		free(t->chunks[c]);
	free(t->chunks);
	free(t->views);
	free(t);
}

static trace_event_t *new_slot(trace_t *t)
{
	size_t c = t->count / TRACE_CHUNK;
	if (c == t->nchunks) {
		t->chunks = xrealloc(t->chunks, (t->nchunks + 1) * sizeof *t->chunks);
		t->chunks[t->nchunks++] = xmalloc(TRACE_CHUNK * sizeof **t->chunks);
	}
	return &t->chunks[c][t->count % TRACE_CHUNK];
}

/* Ask the viewer for the world after the newest event; store it if new. */
static uint32_t current_view(trace_t *t)
{
	if (t->viewer) {
		world_view_t v;
		memset(&v, 0, sizeof v);
		t->viewer(t->viewer_ctx, &v);
		if (t->nviews == 0 || memcmp(&v, &t->views[t->nviews - 1], sizeof v) != 0) {
			if (t->nviews == t->capviews) {
				t->capviews = t->capviews ? t->capviews * 2 : 64;
				t->views = xrealloc(t->views, t->capviews * sizeof *t->views);
			}
			t->views[t->nviews++] = v;
		}
	}
	return t->nviews ? (uint32_t)(t->nviews - 1) : 0;
}

const trace_event_t *trace_emit_text(trace_t *t, const trace_meta_t *m, const char *text, size_t len)
{
	trace_event_t *ev = new_slot(t);
	*ev = (trace_event_t){
		.index = (uint32_t)t->count,
		.t_us = t->clock ? sched_now(t->clock) : 0,
		.hop = m->hop,
		.kind = m->kind,
		.proto = m->proto ? m->proto : "",
		.from = xstrdup(m->from ? m->from : ""),
		.to = xstrdup(m->to ? m->to : ""),
		.text = xstrndup(text ? text : "", text ? len : 0),
		.explain = m->explain ? m->explain : "",
		.session = m->session,
		.detail = xstrdup(m->detail),
		.tls = m->tls != 0,
	};
	t->count++;
	ev->view = current_view(t);
	for (int i = 0; i < t->nsubs; i++)
		t->subs[i].fn(t->subs[i].ctx, ev);
	return ev;
}

const trace_event_t *trace_emit(trace_t *t, const trace_meta_t *m, const char *fmt, ...)
{
	strbuf_t sb = STRBUF_INIT;
	va_list ap;
	va_start(ap, fmt);
	int n = vsnprintf(NULL, 0, fmt, ap);
	va_end(ap);
	if (n > 0) {
		sb.cap = (size_t)n + 1;
		sb.buf = xmalloc(sb.cap);
		va_start(ap, fmt);
		vsnprintf(sb.buf, sb.cap, fmt, ap);
		va_end(ap);
		sb.len = (size_t)n;
	}
	const trace_event_t *ev = trace_emit_text(t, m, sb_str(&sb), sb.len);
	sb_free(&sb);
	return ev;
}

size_t trace_count(const trace_t *t)
{
	return t->count;
}

const trace_event_t *trace_get(const trace_t *t, size_t i)
{
	if (i >= t->count)
		return NULL;
	return &t->chunks[i / TRACE_CHUNK][i % TRACE_CHUNK];
}

void trace_subscribe(trace_t *t, trace_subscriber_fn fn, void *ctx)
{
	/* a ninth subscriber is a programmer's mistake */
	assert(fn && t->nsubs < TRACE_SUBSCRIBERS_MAX);
	t->subs[t->nsubs].fn = fn;
	t->subs[t->nsubs].ctx = ctx;
	t->nsubs++;
}

void trace_set_viewer(trace_t *t, trace_viewer_fn fn, void *ctx)
{
	t->viewer = fn;
	t->viewer_ctx = ctx;
}

size_t trace_view_count(const trace_t *t)
{
	return t->nviews;
}

const world_view_t *trace_view(const trace_t *t, size_t i)
{
	static const world_view_t zero;
	return i < t->nviews ? &t->views[i] : &zero;
}

const char *hop_label(hop_t h)
{
	return (unsigned)h < HOP__COUNT ? hop_labels[h] : "";
}

int hop_parse(const char *s, hop_t *out)
{
	for (int h = 0; h < HOP__COUNT; h++) {
		if (str_ieq(s, hop_labels[h])) {
			*out = (hop_t)h;
			return 0;
		}
	}
	return -1;
}

const char *ev_kind_name(ev_kind_t k)
{
	return (unsigned)k < EV__COUNT ? kind_names[k] : "?";
}

int view_session_of(const trace_event_t *ev)
{
	if (!ev->proto)
		return -1;
	if (strcmp(ev->proto, "POP3") == 0)
		return VIEW_POP3;
	if (strcmp(ev->proto, "SMTP") == 0)
		return ev->hop == HOP_2 ? VIEW_SUBMIT : VIEW_RELAY;
	return -1;
}
