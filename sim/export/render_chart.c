/* render_chart.c — what the sequence charts (render_msc.c, render_mermaid.c)
 * share: the hosts of a trace in order of appearance, and the trace read as
 * chart steps.
 *
 *   event                          step
 *   cmd, reply, dns, tcp           an arrow from -> to
 *   content lines of one session   one arrow: the line, or "(N lines of content)";
 *                                  the final "." is an arrow of its own
 *   state, queue, delivery, action a mark on its host (a state: the server's)
 *   a note on a host               a mark on that host
 *   fault without a host           a banner across the chart
 *   other notes, teach, question,  left out (the markdown handout has them)
 *   expect */
#include "export/render.h"

#include <string.h>

static const char *const hop_titles[HOP__COUNT] = {
	[HOP_NONE] = "",
	[HOP_1] = "Smith writes the message and presses Send",
	[HOP_2] = "submission: Smith's client to the ISP's SMTP host",
	[HOP_3] = "relay: the ISP host looks up the MX and relays",
	[HOP_4] = "final delivery into the mailbox",
	[HOP_5A] = "POP3: login and retrieval",
	[HOP_5B] = "POP3: DELE, QUIT and UPDATE",
};

const char *render_hop_title(hop_t h)
{
	return (unsigned)h < HOP__COUNT ? hop_titles[h] : "";
}

int render_host_index(const render_hosts_t *h, const char *name)
{
	for (size_t i = 0; name && name[0] && i < h->n; i++)
		if (strcmp(h->name[i], name) == 0)
			return (int)i;
	return -1;
}

/* The order of the path: by the first hop a host takes part in (hop 1
 * before hop 2 ...), then by its first event in that hop; hosts seen only
 * outside the hops (a fault) come last. */
typedef struct host_rank {
	int hop;                 /* HOP__COUNT when none */
	size_t first;            /* its first event in that hop */
} host_rank_t;

static void add_host(render_hosts_t *h, host_rank_t *rank, const char *name, hop_t hop, size_t i)
{
	if (!name[0])
		return;
	int k = render_host_index(h, name);
	if (k < 0) {
		if (h->n == RENDER_HOSTS_MAX)
			return;
		k = (int)h->n++;
		h->name[k] = name;
		rank[k] = (host_rank_t){ .hop = HOP__COUNT, .first = i };
	}
	if (hop != HOP_NONE && (int)hop < rank[k].hop)
		rank[k] = (host_rank_t){ .hop = (int)hop, .first = i };
}

static int before(const host_rank_t *a, const host_rank_t *b)
{
	return a->hop != b->hop ? a->hop < b->hop : a->first < b->first;
}

/* Narration shows only where it happens on a host. */
static int charted(const trace_event_t *ev)
{
	if (ev->kind == EV_NOTE)
		return ev->from[0] || ev->to[0];
	return ev->kind != EV_TEACH && ev->kind != EV_QUESTION && ev->kind != EV_EXPECT;
}

void render_hosts(const trace_t *t, render_hosts_t *h)
{
	host_rank_t rank[RENDER_HOSTS_MAX];
	h->n = 0;
	for (size_t i = 0; i < trace_count(t); i++) {
		const trace_event_t *ev = trace_get(t, i);
		if (!charted(ev))
			continue;
		add_host(h, rank, ev->from, ev->hop, i);
		add_host(h, rank, ev->to, ev->hop, i);
	}
	for (size_t i = 1; i < h->n; i++) {   /* insertion sort: a handful of hosts */
		for (size_t j = i; j > 0 && before(&rank[j], &rank[j - 1]); j--) {
			host_rank_t r = rank[j];
			const char *name = h->name[j];
			rank[j] = rank[j - 1];
			h->name[j] = h->name[j - 1];
			rank[j - 1] = r;
			h->name[j - 1] = name;
		}
	}
}

static int is_dot(const trace_event_t *ev)
{
	const char *k = ev->explain ? ev->explain : "";
	size_t n = strlen(k);
	return n >= 4 && strcmp(k + n - 4, ":dot") == 0;
}

size_t render_content_run(const trace_t *t, size_t i)
{
	const trace_event_t *first = trace_get(t, i);
	size_t n = 0;
	for (const trace_event_t *ev = first; ev; ev = trace_get(t, i + n)) {
		if (ev->kind != EV_DATA || is_dot(ev) || ev->session != first->session ||
		    strcmp(ev->from, first->from) != 0)
			break;
		n++;
	}
	return n;
}

static render_line_t line_of(ev_kind_t k)
{
	switch (k) {
	case EV_CONNECT:
	case EV_ACCEPT:
	case EV_CLOSE: return RENDER_LINE_TCP;
	case EV_REFUSED:
	case EV_ABORT: return RENDER_LINE_LOST;
	default: return RENDER_LINE_PROTO;
	}
}

/* Protocol lines speak for themselves; the rest say what they are. */
static const char *label_prefix(const trace_event_t *ev)
{
	switch (ev->kind) {
	case EV_CMD:
	case EV_REPLY:
	case EV_DATA:
	case EV_DNS_QUERY:
	case EV_DNS_ANSWER:
	case EV_ACTION:
		return "";
	case EV_FAULT:   /* "fault greylist: ..." says it already */
		return str_iprefix(ev->text, "fault") ? "" : render_prefix(ev);
	default:
		return render_prefix(ev);
	}
}

static void set_label(render_step_t *st, const trace_event_t *ev, size_t lines)
{
	sb_clear(&st->label);
	if (lines > 1) {
		sb_printf(&st->label, "(%zu lines of content)", lines);
		return;
	}
	sb_puts(&st->label, label_prefix(ev));
	str_visible(ev->text, strlen(ev->text), &st->label);
}

int render_chart_step(const trace_t *t, size_t *i, render_step_t *st)
{
	const trace_event_t *ev;
	for (; (ev = trace_get(t, *i)) != NULL; (*i)++) {
		if (!charted(ev))
			continue;
		const char *host = ev->from[0] ? ev->from : ev->to;
		if (!host[0] && ev->kind != EV_FAULT)
			continue;
		size_t lines = ev->kind == EV_DATA && !is_dot(ev) ? render_content_run(t, *i) : 1;
		st->ev = ev;
		st->line = line_of(ev->kind);
		st->reply = ev->kind == EV_REPLY || ev->kind == EV_DNS_ANSWER || ev->kind == EV_ACCEPT ||
			    (ev->kind == EV_DATA && strcmp(ev->proto, "POP3") == 0);
		st->from = host;
		st->to = ev->to;
		if (!host[0])
			st->kind = RENDER_BANNER;
		else if (ev->kind != EV_STATE && ev->from[0] && ev->to[0] && strcmp(ev->from, ev->to) != 0)
			st->kind = RENDER_ARROW;
		else
			st->kind = RENDER_MARK;
		set_label(st, ev, lines);
		*i += lines;
		return 1;
	}
	return 0;
}
