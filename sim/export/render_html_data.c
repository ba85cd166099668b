/* render_html_data.c — the run as one JSON object for the HTML page
 * (render_html.c embeds it in a <script type="application/json">).
 *
 * Compact, so that a 100,000-event run still opens quickly: every event is
 * one array, its repeated strings (host names, protocols, explanations,
 * world views) are indexes into tables that hold each value once.
 *
 *   {"format":"mailpath-html","version":1,
 *    "name":..., "title":..., "description":...,
 *    "kinds":[ev_kind_name 0..], "hops":["","1","2","3","4","5a","5b"],
 *    "hosts":[...], "protos":[...],
 *    "ex":[[key,title,text,rfc],...]          title "" when the key has no entry
 *    "views":[[smtp_submit,smtp_relay,pop3,nqueue,[[id,rcpt,status]...],
 *              [[addr,count,octets]...]],...]
 *    "ev":[[t_us,hop,kind,from,to,text,proto,session,ex,view],...]   ex -1: none
 *    "detail":{"INDEX":"the stored message",...},
 *    "beliefs":[[submit client,server, relay client,server, pop3 client,server],...],
 *    "bel":[[event,belief],...]                each run of events sharing beliefs, from
 *                                              its first event (what each end of each
 *                                              session believes after the event)
 *    ... then render_html_lesson.c's keys: "quiz", "obs"}
 *
 * Later additions slot in as new top-level keys; what belongs to single
 * events goes in a sparse object keyed by the event index, like "detail".
 * The page ignores keys it does not know. */
#include "export/render.h"

#include <inttypes.h>
#include <stdlib.h>
#include <string.h>

#include "core/trace_json.h"
#include "teach/explain.h"

/* ---- a table of distinct strings, each with its index ---- */

typedef struct intern {
	size_t n, cap;          /* cap: slots, a power of two */
	char **key;             /* by index, in order of first use */
	size_t *slot;           /* index + 1, 0 = empty */
} intern_t;

static uint32_t hash(const char *s)
{
	uint32_t h = 2166136261u;   /* FNV-1a */
	for (; *s; s++)
		h = (h ^ (unsigned char)*s) * 16777619u;
	return h;
}

static void intern_grow(intern_t *in)
{
	size_t cap = in->cap ? in->cap * 2 : 64;
	free(in->slot);
	in->slot = xcalloc(cap, sizeof *in->slot);
	in->cap = cap;
	in->key = xrealloc(in->key, cap / 2 * sizeof *in->key);
	for (size_t i = 0; i < in->n; i++) {
		size_t s = hash(in->key[i]) & (cap - 1);
		while (in->slot[s])
			s = (s + 1) & (cap - 1);
		in->slot[s] = i + 1;
	}
}

/* The index of s, adding it when new. */
static size_t intern(intern_t *in, const char *s)
{
	if (in->n + 1 > in->cap / 2)
		intern_grow(in);
	size_t i = hash(s) & (in->cap - 1);
	for (; in->slot[i]; i = (i + 1) & (in->cap - 1))
		if (strcmp(in->key[in->slot[i] - 1], s) == 0)
			return in->slot[i] - 1;
	in->key[in->n] = xstrdup(s);
	in->slot[i] = ++in->n;
	return in->n - 1;
}

static void intern_free(intern_t *in)
{
	for (size_t i = 0; i < in->n; i++)
		free(in->key[i]);
	free(in->key);
	free(in->slot);
}

/* ---- JSON ---- */

static void str(const char *s, FILE *out)
{
	trace_json_string_html(s ? s : "", out);
}

static void str_array(const intern_t *in, FILE *out)
{
	fputc('[', out);
	for (size_t i = 0; i < in->n; i++) {
		if (i)
			fputc(',', out);
		str(in->key[i], out);
	}
	fputc(']', out);
}

/* One world view as a JSON array, into sb (its text is its identity). */
static void view_json(const world_view_t *v, strbuf_t *sb)
{
	FILE *mem;
	char *buf = NULL;
	size_t len = 0;
	mem = open_memstream(&buf, &len);
	if (!mem)
		return;
	fputc('[', mem);
	str(v->smtp_submit, mem);
	fputc(',', mem);
	str(v->smtp_relay, mem);
	fputc(',', mem);
	str(v->pop3, mem);
	fprintf(mem, ",%d,[", v->nqueue);
	for (int i = 0; i < v->nqueue && i < VIEW_QUEUE_MAX; i++) {
		fputs(i ? ",[" : "[", mem);
		str(v->queue[i].id, mem);
		fputc(',', mem);
		str(v->queue[i].rcpt, mem);
		fputc(',', mem);
		str(v->queue[i].status, mem);
		fputc(']', mem);
	}
	fputs("],[", mem);
	for (int i = 0; i < v->nbox && i < VIEW_BOX_MAX; i++) {
		fputs(i ? ",[" : "[", mem);
		str(v->box[i].addr, mem);
		fprintf(mem, ",%d,%ld]", v->box[i].count, v->box[i].octets);
	}
	fputs("]]", mem);
	fclose(mem);
	sb_clear(sb);
	sb_append(sb, buf, len);
	free(buf);
}

/* The explanation table: each key used by the trace, once. */
static void explanations(const intern_t *keys, FILE *out)
{
	fputs(",\n\"ex\":[", out);
	for (size_t i = 0; i < keys->n; i++) {
		const explain_t *e = explain_find(keys->key[i]);
		fputs(i ? ",\n[" : "\n[", out);
		str(keys->key[i], out);
		fputc(',', out);
		str(e ? e->title : "", out);
		fputc(',', out);
		str(e ? e->text : "", out);
		fputc(',', out);
		str(e ? e->rfc : "", out);
		fputc(']', out);
	}
	fputc(']', out);
}

typedef struct tables {
	intern_t hosts, protos, ex, views, beliefs;
	size_t *view_of;        /* trace view index -> distinct view index */
} tables_t;

static void build_tables(const trace_t *t, tables_t *tb)
{
	strbuf_t sb = STRBUF_INIT;
	size_t nv = trace_view_count(t);
	tb->view_of = xcalloc(nv ? nv : 1, sizeof *tb->view_of);
	for (size_t i = 0; i < nv; i++) {
		view_json(trace_view(t, i), &sb);
		tb->view_of[i] = intern(&tb->views, sb_str(&sb));
	}
	if (nv == 0) {
		view_json(trace_view(t, 0), &sb);   /* a zeroed view */
		intern(&tb->views, sb_str(&sb));
	}
	intern(&tb->hosts, "");
	intern(&tb->protos, "");
	for (size_t i = 0; i < trace_count(t); i++) {
		const trace_event_t *ev = trace_get(t, i);
		intern(&tb->hosts, ev->from);
		intern(&tb->hosts, ev->to);
		intern(&tb->protos, ev->proto ? ev->proto : "");
		if (ev->explain && *ev->explain)
			intern(&tb->ex, ev->explain);
	}
	sb_free(&sb);
}

static void events(const trace_t *t, tables_t *tb, FILE *out)
{
	size_t nv = trace_view_count(t);
	fputs(",\n\"ev\":[", out);
	for (size_t i = 0; i < trace_count(t); i++) {
		const trace_event_t *ev = trace_get(t, i);
		long ex = ev->explain && *ev->explain ? (long)intern(&tb->ex, ev->explain) : -1;
		size_t view = ev->view < nv ? tb->view_of[ev->view] : 0;
		fprintf(out, "%s[%" PRId64 ",%d,%d,%zu,%zu,", i ? ",\n" : "\n", ev->t_us, (int)ev->hop,
			(int)ev->kind, intern(&tb->hosts, ev->from), intern(&tb->hosts, ev->to));
		str(ev->text, out);
		fprintf(out, ",%zu,%" PRIu32 ",%ld,%zu]", intern(&tb->protos, ev->proto ? ev->proto : ""),
			ev->session, ex, view);
	}
	fputs("],\n\"detail\":{", out);
	int first = 1;
	for (size_t i = 0; i < trace_count(t); i++) {
		const trace_event_t *ev = trace_get(t, i);
		if (!ev->detail)
			continue;
		fprintf(out, "%s\"%zu\":", first ? "\n" : ",\n", i);
		str(ev->detail, out);
		first = 0;
	}
	fputc('}', out);
}

/* The beliefs of a view's three sessions as one JSON array, into sb. */
static void belief_json(const world_view_t *v, strbuf_t *sb)
{
	FILE *mem;
	char *buf = NULL;
	size_t len = 0;
	mem = open_memstream(&buf, &len);
	if (!mem)
		return;
	for (int s = 0; s < VIEW__SESSIONS; s++) {
		fputc(s ? ',' : '[', mem);
		str(v->belief[s].client, mem);
		fputc(',', mem);
		str(v->belief[s].server, mem);
	}
	fputc(']', mem);
	fclose(mem);
	sb_clear(sb);
	sb_append(sb, buf, len);
	free(buf);
}

/* What each end believes, stored once per distinct set and named only
 * where it changes: a 100,000-event run of one message has few. */
static void beliefs(const trace_t *t, tables_t *tb, FILE *out)
{
	strbuf_t sb = STRBUF_INIT;
	size_t nv = trace_view_count(t), n = trace_count(t);
	size_t *by_view = xcalloc(nv ? nv : 1, sizeof *by_view), *of = xcalloc(n ? n : 1, sizeof *of);
	for (size_t v = 0; v < (nv ? nv : 1); v++) {   /* the views in order, as build_tables reads them */
		belief_json(trace_view(t, v), &sb);
		by_view[v] = intern(&tb->beliefs, sb_str(&sb));
	}
	for (size_t i = 0; i < n; i++) {
		const trace_event_t *ev = trace_get(t, i);
		of[i] = ev && ev->view < nv ? by_view[ev->view] : by_view[0];
	}
	fputs(",\n\"beliefs\":[", out);
	for (size_t i = 0; i < tb->beliefs.n; i++)
		fprintf(out, "%s%s", i ? ",\n" : "\n", tb->beliefs.key[i]);
	fputs("],\n\"bel\":[", out);
	for (size_t i = 0, k = 0; i < n; i++)
		if (i == 0 || of[i] != of[i - 1])
			fprintf(out, "%s[%zu,%zu]", k++ ? "," : "", i, of[i]);
	fputc(']', out);
	free(of);
	free(by_view);
	sb_free(&sb);
}

void render_html_data(const trace_t *t, const scenario_t *sc, FILE *out)
{
	tables_t tb = { 0 };
	build_tables(t, &tb);
	fputs("{\"format\":\"mailpath-html\",\"version\":1,\"name\":", out);
	str(sc->name, out);
	fputs(",\"title\":", out);
	str(sc->title ? sc->title : sc->name, out);
	fputs(",\"description\":", out);
	str(sc->description, out);
	fputs(",\n\"kinds\":[", out);
	for (int k = 0; k < EV__COUNT; k++) {
		if (k)
			fputc(',', out);
		str(ev_kind_name((ev_kind_t)k), out);
	}
	fputs("],\"hops\":[", out);
	for (int h = 0; h < HOP__COUNT; h++) {
		if (h)
			fputc(',', out);
		str(hop_label((hop_t)h), out);
	}
	fputs("],\n\"hosts\":", out);
	str_array(&tb.hosts, out);
	fputs(",\"protos\":", out);
	str_array(&tb.protos, out);
	explanations(&tb.ex, out);
	fputs(",\n\"views\":[", out);
	for (size_t i = 0; i < tb.views.n; i++)
		fprintf(out, "%s%s", i ? ",\n" : "\n", tb.views.key[i]);
	fputc(']', out);
	events(t, &tb, out);
	beliefs(t, &tb, out);
	render_html_lesson_data(t, sc, out);
	fputs("}", out);
	intern_free(&tb.hosts);
	intern_free(&tb.protos);
	intern_free(&tb.ex);
	intern_free(&tb.views);
	intern_free(&tb.beliefs);
	free(tb.view_of);
}
