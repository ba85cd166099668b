/* trace.c — the ordered list of everything that happened in a run.
 *
 * Events live in chunks of TRACE_CHUNK that never move, so a pointer returned
 * by trace_emit() or trace_get(), or handed to a subscriber, stays valid until
 * trace_free() (or until its chunk leaves the window). Strings are copied into
 * the chunk's arena; from/to/text are never NULL ("" instead), proto and
 * explain are static strings ("" when none), detail is NULL or a copy.
 *
 * After each append the viewer (if any) fills a zeroed world_view_t, unless
 * the stamp says the world has not changed; the view is stored (core/viewlog)
 * only when it differs from the last one stored, and the event's `view` is
 * the index of the stored view that describes the world after it. Then the
 * subscribers are called with the stored event. Each step is O(1). */
#include "core/trace.h"

#include <assert.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "core/sched.h"
#include "core/util.h"
#include "core/viewlog.h"

#define TRACE_CHUNK 1024
#define TRACE_SUBSCRIBERS_MAX 8
#define ARENA_BLOCK 16384

/* The strings of a chunk's events live in its arena: bump-allocated blocks,
 * freed with the chunk. */
typedef struct ablock {
	struct ablock *next;
	size_t used, cap;
	char data[];
} ablock_t;

typedef struct chunk {
	trace_event_t ev[TRACE_CHUNK];
	ablock_t *arena;
	size_t bytes;
} chunk_t;

struct trace {
	const struct sched *clock;
	chunk_t **chunks;               /* chunks[0] holds events from first */
	size_t nchunks, capchunks;
	size_t count;                   /* events appended, dropped ones included */
	size_t first;                   /* the oldest event still held */
	size_t window;                  /* 0: keep everything */
	size_t bytes;
	viewlog_t *views;
	struct {
		trace_subscriber_fn fn;
		void *ctx;
	} subs[TRACE_SUBSCRIBERS_MAX];
	int nsubs;
	trace_viewer_fn viewer;
	void *viewer_ctx;
	trace_stamp_fn stamp;
	void *stamp_ctx;
	uint64_t last_stamp;
	size_t last_view;
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
	t->views = viewlog_new();
	return t;
}

static void chunk_free(chunk_t *c)
{
	if (!c)
		return;
	for (ablock_t *b = c->arena, *next; b; b = next) {
		next = b->next;
		free(b);
	}
	free(c);
}

void trace_free(trace_t *t)
{
	if (!t)
		return;
	for (size_t c = 0; c < t->nchunks; c++)
		chunk_free(t->chunks[c]);
	free(t->chunks);
	viewlog_free(t->views);
	free(t);
}

static char *arena_alloc(chunk_t *c, size_t n)
{
	ablock_t *b = c->arena;
	if (!b || b->cap - b->used < n) {
		size_t cap = n > ARENA_BLOCK / 4 ? n : ARENA_BLOCK;
		ablock_t *nb = xmalloc(sizeof *nb + cap);
		nb->used = 0;
		nb->cap = cap;
		c->bytes += sizeof *nb + cap;
		if (b && cap != ARENA_BLOCK) {
			/* a big string gets a block of its own, behind the current one */
			nb->next = b->next;
			b->next = nb;
			nb->used = n;
			return nb->data;
		}
		nb->next = b;
		c->arena = b = nb;
	}
	char *p = b->data + b->used;
	b->used += n;
	return p;
}

static char *arena_strndup(chunk_t *c, const char *s, size_t n)
{
	if (n == 0)
		return (char *)"";   /* never written through: the event fields are read-only */
	char *p = arena_alloc(c, n + 1);
	memcpy(p, s, n);
	p[n] = '\0';
	return p;
}

/* Drop the oldest chunks while more than the window is held. */
static void trim(trace_t *t)
{
	while (t->nchunks > 1 && t->count - t->first - TRACE_CHUNK >= t->window) {
		chunk_t *c = t->chunks[0];
		t->bytes -= c->bytes + sizeof *c;
		chunk_free(c);
		memmove(t->chunks, t->chunks + 1, (t->nchunks - 1) * sizeof *t->chunks);
		t->nchunks--;
		t->first += TRACE_CHUNK;
	}
	const trace_event_t *oldest = trace_get(t, t->first);
	if (oldest)
		viewlog_drop_before(t->views, oldest->view);
}

static trace_event_t *new_slot(trace_t *t, chunk_t **cp)
{
	size_t c = (t->count - t->first) / TRACE_CHUNK;
	if (c == t->nchunks) {
		if (t->window && t->nchunks > 1)
			trim(t);
		c = (t->count - t->first) / TRACE_CHUNK;
	}
	if (c == t->nchunks) {
		if (t->nchunks == t->capchunks) {
			t->capchunks = t->capchunks ? t->capchunks * 2 : 16;
			t->chunks = xrealloc(t->chunks, t->capchunks * sizeof *t->chunks);
		}
		chunk_t *ch = xmalloc(sizeof *ch);
		ch->arena = NULL;
		ch->bytes = 0;
		t->bytes += sizeof *ch;
		t->chunks[t->nchunks++] = ch;
	}
	*cp = t->chunks[c];
	return &t->chunks[c]->ev[(t->count - t->first) % TRACE_CHUNK];
}

/* Ask the viewer for the world after the newest event; store it if new.
 * With a stamp function, an unchanged stamp means an unchanged world. */
static uint32_t current_view(trace_t *t)
{
	if (!t->viewer)
		return 0;
	if (t->stamp && viewlog_count(t->views) > 0) {
		uint64_t s = t->stamp(t->stamp_ctx);
		if (s == t->last_stamp)
			return (uint32_t)t->last_view;
		t->last_stamp = s;
	} else if (t->stamp) {
		t->last_stamp = t->stamp(t->stamp_ctx);
	}
	world_view_t v;
	memset(&v, 0, sizeof v);
	t->viewer(t->viewer_ctx, &v);
	t->last_view = viewlog_append(t->views, &v);
	return (uint32_t)t->last_view;
}

const trace_event_t *trace_emit_text(trace_t *t, const trace_meta_t *m, const char *text, size_t len)
{
	chunk_t *c;
	trace_event_t *ev = new_slot(t, &c);
	size_t before = c->bytes;
	const char *from = m->from ? m->from : "", *to = m->to ? m->to : "";
	*ev = (trace_event_t){
		.index = (uint32_t)t->count,
		.t_us = t->clock ? sched_now(t->clock) : 0,
		.hop = m->hop,
		.kind = m->kind,
		.proto = m->proto ? m->proto : "",
		.from = arena_strndup(c, from, strlen(from)),
		.to = arena_strndup(c, to, strlen(to)),
		.text = arena_strndup(c, text ? text : "", text ? len : 0),
		.explain = m->explain ? m->explain : "",
		.session = m->session,
		.detail = NULL,
		.tls = m->tls != 0,
	};
	if (m->detail) {
		size_t dl = strlen(m->detail) + 1;
		ev->detail = arena_alloc(c, dl);
		memcpy(ev->detail, m->detail, dl);
	}
	t->bytes += c->bytes - before;
	t->count++;
	ev->view = current_view(t);
	for (int i = 0; i < t->nsubs; i++)
		t->subs[i].fn(t->subs[i].ctx, ev);
	return ev;
}

const trace_event_t *trace_emit(trace_t *t, const trace_meta_t *m, const char *fmt, ...)
{
	char small[512];
	va_list ap;
	va_start(ap, fmt);
	int n = vsnprintf(small, sizeof small, fmt, ap);
	va_end(ap);
	if (n < 0)
		n = 0;
	if ((size_t)n < sizeof small)
		return trace_emit_text(t, m, small, (size_t)n);
	char *big = xmalloc((size_t)n + 1);
	va_start(ap, fmt);
	vsnprintf(big, (size_t)n + 1, fmt, ap);
	va_end(ap);
	const trace_event_t *ev = trace_emit_text(t, m, big, (size_t)n);
	free(big);
	return ev;
}

size_t trace_count(const trace_t *t)
{
	return t->count;
}

size_t trace_first(const trace_t *t)
{
	return t->first;
}

const trace_event_t *trace_get(const trace_t *t, size_t i)
{
	if (i >= t->count || i < t->first)
		return NULL;
	size_t k = i - t->first;
	return &t->chunks[k / TRACE_CHUNK]->ev[k % TRACE_CHUNK];
}

void trace_set_window(trace_t *t, size_t events)
{
	t->window = events;
}

size_t trace_bytes(const trace_t *t)
{
	return t->bytes + t->capchunks * sizeof *t->chunks + viewlog_bytes(t->views);
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

void trace_set_view_stamp(trace_t *t, trace_stamp_fn fn, void *ctx)
{
	t->stamp = fn;
	t->stamp_ctx = ctx;
}

size_t trace_view_count(const trace_t *t)
{
	return viewlog_count(t->views);
}

const world_view_t *trace_view(const trace_t *t, size_t i)
{
	static const world_view_t zero;
	const world_view_t *v = viewlog_get(t->views, i);
	return v ? v : &zero;
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
