/* ui_model.c — the UI's model: a cursor over the trace, playing and speed,
 * and where each event's token travels. No curses here: everything is
 * testable without a terminal (tests/ui/test_ui_model.c). The panes' contents
 * (state rows, explanation, message) are in ui_model_pane.c.
 *
 * Playing is a small clock of quarter frames: every tick (one animation
 * frame of UI_FRAME_MS) adds the speed's step; an event first lets its token
 * travel for `travel` frames, then holds for `hold` frames, then the cursor
 * moves on. Paused, the token has arrived (frame == travel), so the screen of
 * event k is the same however one got there. */
#include "tui/ui_model.h"
#include "tui/ui_model_int.h"

#include <assert.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#define UI_FRAME_MS 40
#define QUARTERS 4

/* How long each kind of event is shown while playing, in frames. */
static const struct timing {
	int travel, hold;
} timing[EV__COUNT] = {
	[EV_NOTE] = { 0, 30 },     [EV_ACTION] = { 10, 24 },
	[EV_CONNECT] = { 8, 6 },   [EV_ACCEPT] = { 8, 6 },    [EV_REFUSED] = { 8, 20 },
	[EV_CLOSE] = { 8, 4 },     [EV_ABORT] = { 8, 24 },
	[EV_CMD] = { 10, 10 },     [EV_REPLY] = { 10, 10 },   [EV_DATA] = { 4, 2 },
	[EV_STATE] = { 0, 10 },    [EV_DNS_QUERY] = { 10, 10 }, [EV_DNS_ANSWER] = { 10, 14 },
	[EV_QUEUE] = { 0, 20 },    [EV_DELIVER] = { 0, 30 },  [EV_BOUNCE] = { 0, 30 },
	[EV_FAULT] = { 0, 30 },    [EV_TEACH] = { 0, 80 },    [EV_QUESTION] = { 0, 80 },
	[EV_EXPECT] = { 0, 20 },
};

static const struct speed {
	const char *label;
	int step;                /* quarter frames per tick */
} speeds[] = {
	{ .label = "1/4x", .step = 1 }, { .label = "1/2x", .step = 2 }, { .label = "1x", .step = 4 },
	{ .label = "2x", .step = 8 },   { .label = "4x", .step = 16 },  { .label = "8x", .step = 32 },
	{ .label = "16x", .step = 64 },
};
#define SPEED_DEFAULT 2
#define NSPEEDS ((int)(sizeof speeds / sizeof speeds[0]))

ui_model_t *ui_model_new(const trace_t *t)
{
	ui_model_t *m = xcalloc(1, sizeof *m);
	m->trace = t;
	m->speed = SPEED_DEFAULT;
	m->seen = trace_count(t);
	m->cursor = (size_t)-1;
	m->barrier = SIZE_MAX;
	ui_model_goto(m, 0);
	return m;
}

void ui_model_free(ui_model_t *m)
{
	if (!m)
		return;
	ui_model_message_clear(m);
	sb_free(&m->explain_text);
	m->observer = 0;
	ui_model_observer_rebuild(m);
	free(m);
}

unsigned ui_model_set_trace(ui_model_t *m, const trace_t *t)
{
	size_t keep = m->cursor;
	m->trace = t;
	m->seen = trace_count(t);
	m->cursor = (size_t)-1;
	ui_model_goto(m, keep);
	ui_model_observer_rebuild(m);
	return UI_DIRTY_ALL & ~(unsigned)UI_DIRTY_LAYOUT;
}

const trace_t *ui_model_trace(const ui_model_t *m) { return m->trace; }
void ui_model_set_ascii(ui_model_t *m, int ascii) { m->ascii = ascii; }
int ui_model_ascii(const ui_model_t *m) { return m->ascii; }
size_t ui_model_count(const ui_model_t *m) { return trace_count(m->trace); }
size_t ui_model_cursor(const ui_model_t *m) { return m->cursor; }
const trace_event_t *ui_model_event(const ui_model_t *m) { return trace_get(m->trace, m->cursor); }

static const struct timing *timing_of(const ui_model_t *m)
{
	static const struct timing none = { 0, 10 };
	const trace_event_t *ev = ui_model_event(m);
	return ev && ev->kind < EV__COUNT ? &timing[ev->kind] : &none;
}

static int arrived(const ui_model_t *m)
{
	return timing_of(m)->travel * QUARTERS;
}

/* ---- the cursor -------------------------------------------------------- */

unsigned ui_model_goto(ui_model_t *m, size_t i)
{
	size_t n = ui_model_count(m), first = trace_first(m->trace);
	if (n == 0)
		i = 0;
	else if (i >= n)
		i = n - 1;
	if (m->cursor != (size_t)-1 && i > m->cursor && i >= m->barrier) {
		/* A question waits before event `barrier`: stop just before it. */
		i = m->barrier > m->cursor ? m->barrier - 1 : m->cursor;
		m->blocked = 1;
		m->playing = 0;
	}
	if (i < first && n > 0) {   /* serve keeps a window of the newest events */
		i = first;
		m->clipped = 1;
	}
	if (i == m->cursor)
		return m->blocked ? UI_DIRTY_TITLE | UI_DIRTY_STATUS : 0;
	m->cursor = i;
	/* Playing: the new event's token sets off; paused: it has arrived. */
	m->sub = m->playing ? 0 : arrived(m);
	if (n && i + 1 < n)
		m->follow = 0;
	return UI_DIRTY_EVENT;
}

unsigned ui_model_step(ui_model_t *m, int delta)
{
	if (delta < 0 && (size_t)-delta > m->cursor)
		return ui_model_goto(m, 0);
	return ui_model_goto(m, m->cursor + (size_t)(ptrdiff_t)delta);
}

unsigned ui_model_home(ui_model_t *m)
{
	return ui_model_goto(m, 0);
}

unsigned ui_model_end(ui_model_t *m)
{
	size_t n = ui_model_count(m);
	unsigned d = ui_model_goto(m, n ? n - 1 : 0);
	if (m->live)
		m->follow = 1;
	return d;
}

/* Events belong to one block per (session, hop): "] [" jump between blocks. */
static int same_block(const trace_event_t *a, const trace_event_t *b)
{
	return a->session == b->session && a->hop == b->hop;
}

/* Narration belongs to no block: "]" never stops on it. */
static int narration(const trace_event_t *ev)
{
	return ev->kind == EV_NOTE || ev->kind == EV_TEACH || ev->kind == EV_QUESTION || ev->kind == EV_EXPECT;
}

static int block_start(const trace_t *t, size_t i)
{
	const trace_event_t *ev = trace_get(t, i);
	if (narration(ev))
		return 0;
	while (i-- > trace_first(t)) {
		const trace_event_t *before = trace_get(t, i);
		if (!narration(before))
			return !same_block(ev, before);
	}
	return 1;
}

unsigned ui_model_session(ui_model_t *m, int dir)
{
	size_t n = ui_model_count(m);
	if (n == 0)
		return 0;
	size_t i = m->cursor;
	if (dir > 0) {
		for (i++; i < n && !block_start(m->trace, i); i++)
			;
		return i < n ? ui_model_goto(m, i) : ui_model_goto(m, n - 1);
	}
	if (i == 0)
		return 0;
	for (i--; i > 0 && !block_start(m->trace, i); i--)
		;
	return ui_model_goto(m, i);
}

/* ---- playing ----------------------------------------------------------- */

unsigned ui_model_play(ui_model_t *m, int on)
{
	on = on != 0;
	if (on == m->playing)
		return 0;
	size_t n = ui_model_count(m);
	if (on && n == 0)
		return 0;
	m->playing = on;
	if (on && m->cursor + 1 >= n && !m->follow) {
		/* Play at the end starts the story again. */
		m->cursor = (size_t)-1;
		ui_model_goto(m, 0);
		m->sub = 0;
		return UI_DIRTY_EVENT;
	}
	if (!on)
		m->sub = arrived(m);
	return UI_DIRTY_TITLE | UI_DIRTY_PATH | UI_DIRTY_STATUS;
}

unsigned ui_model_toggle_play(ui_model_t *m)
{
	return ui_model_play(m, !m->playing);
}

int ui_model_playing(const ui_model_t *m) { return m->playing; }

unsigned ui_model_speed(ui_model_t *m, int delta)
{
	int s = m->speed + delta;
	if (s < 0)
		s = 0;
	if (s >= NSPEEDS)
		s = NSPEEDS - 1;
	if (s == m->speed)
		return 0;
	m->speed = s;
	return UI_DIRTY_TITLE;
}

const char *ui_model_speed_label(const ui_model_t *m)
{
	return speeds[m->speed].label;
}

int ui_model_frame_ms(const ui_model_t *m)
{
	return m->playing ? UI_FRAME_MS : -1;
}

unsigned ui_model_tick(ui_model_t *m)
{
	if (!m->playing)
		return 0;
	const struct timing *tm = timing_of(m);
	int before = m->sub / QUARTERS;
	m->sub += speeds[m->speed].step;
	if (m->sub < (tm->travel + tm->hold) * QUARTERS) {
		int now = m->sub / QUARTERS;
		return now != before && before < tm->travel ? UI_DIRTY_PATH : 0;
	}
	if (m->cursor + 1 >= ui_model_count(m)) {
		/* The end: stop, unless following a live trace. */
		m->sub = (tm->travel + tm->hold) * QUARTERS;
		if (m->follow)
			return 0;
		m->playing = 0;
		m->sub = arrived(m);
		return UI_DIRTY_TITLE | UI_DIRTY_STATUS;
	}
	if (m->cursor + 1 >= m->barrier) {
		m->blocked = 1;
		m->playing = 0;
		m->sub = arrived(m);
		return UI_DIRTY_TITLE | UI_DIRTY_STATUS;
	}
	m->cursor++;
	m->sub = 0;
	const trace_event_t *ev = ui_model_event(m);
	if (ev->kind == EV_QUESTION) {
		/* A question stops the film: time for the class to answer. */
		m->playing = 0;
		m->sub = arrived(m);
	}
	return UI_DIRTY_EVENT;
}

void ui_model_set_barrier(ui_model_t *m, size_t i)
{
	m->barrier = i;
}

int ui_model_take_blocked(ui_model_t *m)
{
	int b = m->blocked;
	m->blocked = 0;
	return b;
}

void ui_model_set_follow(ui_model_t *m, int on)
{
	m->live = m->live || on;
	m->follow = on != 0;
	if (on)
		ui_model_end(m);
}

int ui_model_following(const ui_model_t *m) { return m->follow; }

unsigned ui_model_refresh(ui_model_t *m)
{
	size_t n = ui_model_count(m);
	if (n == m->seen)
		return 0;
	int was_empty = m->seen == 0;
	m->seen = n;
	if (m->observer)
		ui_model_observer_rebuild(m);
	unsigned d = UI_DIRTY_TITLE;
	if (m->cursor != (size_t)-1 && m->cursor < trace_first(m->trace)) {
		/* the event shown left the window: show the oldest still held */
		m->cursor = trace_first(m->trace);
		m->clipped = 1;
		d |= UI_DIRTY_EVENT;
	}
	if (m->follow && !m->playing)
		d |= ui_model_goto(m, n - 1);
	else if (was_empty)
		d |= UI_DIRTY_EVENT;
	return d;
}

/* ---- tokens and transcript lines -------------------------------------- */

ui_class_t ui_model_reply_class(const char *text)
{
	if (!text)
		return UI_CLASS_NONE;
	if (strncmp(text, "+OK", 3) == 0)
		return UI_CLASS_OK;
	if (strncmp(text, "-ERR", 4) == 0)
		return UI_CLASS_FAIL;
	if (text[0] == '+' && (text[1] == ' ' || text[1] == '\0'))
		return UI_CLASS_MORE;      /* RFC 1734 / 5034: a POP3 AUTH challenge */
	if (text[0] < '1' || text[0] > '5' || text[1] < '0' || text[1] > '9' ||
	    text[2] < '0' || text[2] > '9')
		return UI_CLASS_NONE;
	/* RFC 5321 4.2.1: the first digit says whether the command succeeded. */
	static const ui_class_t by_digit[] = {
		['2'] = UI_CLASS_OK, ['3'] = UI_CLASS_MORE, ['4'] = UI_CLASS_TEMP, ['5'] = UI_CLASS_FAIL,
	};
	return by_digit[(unsigned char)text[0]];
}

const char *ui_model_class_symbol(ui_class_t c, int ascii)
{
	static const char *const utf8[UI_CLASS__COUNT] = {
		[UI_CLASS_NONE] = "", [UI_CLASS_OK] = "\u2713", [UI_CLASS_MORE] = "\u2026",
		[UI_CLASS_TEMP] = "\u26a0", [UI_CLASS_FAIL] = "\u2717",
	};
	static const char *const plain[UI_CLASS__COUNT] = {
		[UI_CLASS_NONE] = "", [UI_CLASS_OK] = "[OK]", [UI_CLASS_MORE] = "[..]",
		[UI_CLASS_TEMP] = "[TEMP]", [UI_CLASS_FAIL] = "[FAIL]",
	};
	assert(c < UI_CLASS__COUNT);
	return ascii ? plain[c] : utf8[c];
}

/* The class an event shows with, reply or not. */
ui_class_t ui_model_event_class(const trace_event_t *ev)
{
	const char *key = ev->explain ? ev->explain : "";
	switch (ev->kind) {
	case EV_REPLY:
		return ui_model_reply_class(ev->text);
	case EV_REFUSED:
	case EV_ABORT:
	case EV_BOUNCE:
		return UI_CLASS_FAIL;
	case EV_DELIVER:
		return UI_CLASS_OK;
	case EV_EXPECT:
		return strstr(ev->text, "FAIL") ? UI_CLASS_FAIL : UI_CLASS_OK;
	case EV_DNS_ANSWER:
		if (strcmp(key, "dns:NXDOMAIN") == 0 || strcmp(key, "dns:NODATA") == 0)
			return UI_CLASS_FAIL;
		if (strcmp(key, "dns:SERVFAIL") == 0 || strcmp(key, "dns:timeout") == 0)
			return UI_CLASS_TEMP;
		return UI_CLASS_OK;
	case EV_QUEUE:
		return strstr(key, "deferred") || strstr(key, "retry") ? UI_CLASS_TEMP
		       : strstr(key, "expired") || strstr(key, "bounced") ? UI_CLASS_FAIL
									 : UI_CLASS_NONE;
	default:
		return UI_CLASS_NONE;
	}
}

const char *ui_model_node_label(ui_node_t n, hop_t hop)
{
	static const char *const label[UI_NODE__COUNT] = {
		[UI_NODE_NONE] = "", [UI_NODE_SMITH] = "1", [UI_NODE_CLIENT] = "2", [UI_NODE_ISP] = "3",
		[UI_NODE_CORP] = "4", [UI_NODE_BOSS] = "5", [UI_NODE_DNS] = "ns",
	};
	assert(n < UI_NODE__COUNT);
	if (n == UI_NODE_BOSS && (hop == HOP_5A || hop == HOP_5B))
		return hop_label(hop);
	return label[n];
}

/* The hosts of the default world (DESIGN.md), by name and by address. */
static const struct host {
	const char *name, *addr;
	ui_node_t node;
} hosts[] = {
	{ .name = "smith-pc.isp.example", .addr = "198.51.100.23", .node = UI_NODE_CLIENT },
	{ .name = "smtp.isp.example", .addr = "203.0.113.25", .node = UI_NODE_ISP },
	{ .name = "ns.isp.example", .addr = "203.0.113.53", .node = UI_NODE_DNS },
	{ .name = "mail.corp.example", .addr = "192.0.2.25", .node = UI_NODE_CORP },
	{ .name = "boss-pc.corp.example", .addr = "192.0.2.77", .node = UI_NODE_BOSS },
};

ui_node_t ui_model_host_node(const char *name)
{
	if (!name || !*name)
		return UI_NODE_NONE;
	for (size_t i = 0; i < sizeof hosts / sizeof hosts[0]; i++)
		if (str_ieq(name, hosts[i].name) || strcmp(name, hosts[i].addr) == 0)
			return hosts[i].node;
	return UI_NODE_NONE;
}

/* Who is the client and who the server at each hop (when names do not say). */
static const struct { ui_node_t client, server; } hop_nodes[HOP__COUNT] = {
	[HOP_1] = { UI_NODE_SMITH, UI_NODE_CLIENT }, [HOP_2] = { UI_NODE_CLIENT, UI_NODE_ISP },
	[HOP_3] = { UI_NODE_ISP, UI_NODE_CORP },     [HOP_4] = { UI_NODE_CORP, UI_NODE_CORP },
	[HOP_5A] = { UI_NODE_BOSS, UI_NODE_CORP },   [HOP_5B] = { UI_NODE_BOSS, UI_NODE_CORP },
};

typedef enum { DIR_NONE, DIR_UP, DIR_DOWN, DIR_LOCAL } dir_t;

static const dir_t kind_dir[EV__COUNT] = {
	[EV_ACTION] = DIR_UP, [EV_CONNECT] = DIR_UP, [EV_ACCEPT] = DIR_DOWN, [EV_REFUSED] = DIR_DOWN,
	[EV_CLOSE] = DIR_UP, [EV_ABORT] = DIR_UP, [EV_CMD] = DIR_UP, [EV_REPLY] = DIR_DOWN,
	[EV_DATA] = DIR_UP, [EV_STATE] = DIR_LOCAL, [EV_DNS_QUERY] = DIR_UP,
	[EV_DNS_ANSWER] = DIR_DOWN, [EV_QUEUE] = DIR_LOCAL, [EV_DELIVER] = DIR_LOCAL,
	[EV_BOUNCE] = DIR_LOCAL, [EV_FAULT] = DIR_LOCAL,
};

static int is_pop3(const trace_event_t *ev)
{
	return (ev->proto && strcmp(ev->proto, "POP3") == 0) || ev->hop == HOP_5A || ev->hop == HOP_5B;
}

static dir_t event_dir(const trace_event_t *ev)
{
	if (ev->kind >= EV__COUNT)
		return DIR_NONE;
	if (ev->kind == EV_DATA && is_pop3(ev))
		return DIR_DOWN;          /* RFC 1939 7: RETR and TOP send the message */
	if (ev->kind == EV_ACTION && ev->hop != HOP_1)
		return DIR_LOCAL;         /* the boss at his own computer */
	if (ev->kind == EV_NOTE)
		return (ev->from && *ev->from) || (ev->to && *ev->to) ? DIR_LOCAL : DIR_NONE;
	return kind_dir[ev->kind];
}

void ui_model_endpoints(const trace_event_t *ev, ui_node_t *from, ui_node_t *to)
{
	dir_t dir = event_dir(ev);
	ui_node_t f = ui_model_host_node(ev->from), t = ui_model_host_node(ev->to);
	ui_node_t client = UI_NODE_NONE, server = UI_NODE_NONE;
	if (ev->kind == EV_DNS_QUERY || ev->kind == EV_DNS_ANSWER) {
		client = f && f != UI_NODE_DNS ? f : t && t != UI_NODE_DNS ? t : UI_NODE_ISP;
		server = UI_NODE_DNS;
	} else if (ev->hop < HOP__COUNT) {
		client = hop_nodes[ev->hop].client;
		server = hop_nodes[ev->hop].server;
	}
	if (dir == DIR_NONE || (dir == DIR_LOCAL && !f && !t && !server)) {
		*from = *to = UI_NODE_NONE;
		return;
	}
	if (dir == DIR_LOCAL) {
		*from = *to = f ? f : t ? t : server;
		return;
	}
	ui_node_t ff = dir == DIR_UP ? client : server, ft = dir == DIR_UP ? server : client;
	if (!f)
		f = ff;
	if (!t)
		t = ft;
	if (f == t) {
		f = ff;
		t = ft;
	}
	*from = f;
	*to = t;
}

static const char *const kind_tag[EV__COUNT] = {
	[EV_NOTE] = "note",  [EV_ACTION] = "do",     [EV_CONNECT] = "tcp",   [EV_ACCEPT] = "tcp",
	[EV_REFUSED] = "tcp", [EV_CLOSE] = "tcp",    [EV_ABORT] = "tcp",     [EV_CMD] = "C:",
	[EV_REPLY] = "S:",   [EV_DATA] = "C:",       [EV_STATE] = "state",   [EV_DNS_QUERY] = "dns",
	[EV_DNS_ANSWER] = "dns", [EV_QUEUE] = "queue", [EV_DELIVER] = "store", [EV_BOUNCE] = "bounce",
	[EV_FAULT] = "FAULT", [EV_TEACH] = "teach",  [EV_QUESTION] = "ask",  [EV_EXPECT] = "check",
};

static void hops_text(const ui_model_t *m, const trace_event_t *ev, char *buf, size_t size)
{
	const char *arrow = m->ascii ? "->" : "\u2192";
	ui_node_t f, t;
	ui_model_endpoints(ev, &f, &t);
	if (ev->kind == EV_STATE && ev->hop < HOP__COUNT && hop_nodes[ev->hop].client != hop_nodes[ev->hop].server) {
		/* A state belongs to the session on a link, not to one direction. */
		snprintf(buf, size, "%s-%s", ui_model_node_label(hop_nodes[ev->hop].client, ev->hop),
			 ui_model_node_label(hop_nodes[ev->hop].server, ev->hop));
	} else if (f && f != t) {
		snprintf(buf, size, "%s%s%s", ui_model_node_label(f, ev->hop), arrow,
			 ui_model_node_label(t, ev->hop));
	} else if (f) {
		snprintf(buf, size, "%s", ui_model_node_label(f, ev->hop));
	} else {
		snprintf(buf, size, "%s", hop_label(ev->hop < HOP__COUNT ? ev->hop : HOP_NONE));
	}
}

void ui_model_line(const ui_model_t *m, size_t i, ui_line_t *out, strbuf_t *text)
{
	const trace_event_t *ev = trace_get(m->trace, i);
	assert(ev);
	memset(out, 0, sizeof *out);
	out->index = i;
	out->kind = ev->kind;
	out->cls = ui_model_event_class(ev);
	out->tag = ev->kind < EV__COUNT && kind_tag[ev->kind] ? kind_tag[ev->kind] : "";
	if (ev->kind == EV_DATA && event_dir(ev) == DIR_DOWN)
		out->tag = "S:";
	hops_text(m, ev, out->hops, sizeof out->hops);
	sb_clear(text);
	if (ev->kind == EV_STATE && ev->proto && *ev->proto)
		sb_printf(text, "%s ", ev->proto);
	str_visible(ev->text, strlen(ev->text), text);
	out->text = sb_str(text);
}

void ui_model_line_format(const ui_line_t *l, strbuf_t *out)
{
	sb_printf(out, "%s %s %s", l->hops, l->tag, l->text ? l->text : "");
}

void ui_model_token(const ui_model_t *m, ui_token_t *out)
{
	memset(out, 0, sizeof *out);
	const trace_event_t *ev = ui_model_event(m);
	if (!ev)
		return;
	ui_model_endpoints(ev, &out->from, &out->to);
	out->visible = out->from != UI_NODE_NONE;
	hops_text(m, ev, out->hops, sizeof out->hops);
	out->cls = ui_model_event_class(ev);
	out->kind = ev->kind;
	const struct timing *tm = timing_of(m);
	out->frames = tm->travel > 0 ? tm->travel : 1;
	out->frame = m->sub / QUARTERS;
	if (out->frame > out->frames || tm->travel == 0)
		out->frame = out->frames;
	strbuf_t sb = STRBUF_INIT;
	if (ev->kind == EV_STATE && ev->proto && *ev->proto)
		sb_printf(&sb, "%s state ", ev->proto);
	str_visible(ev->text, strlen(ev->text), &sb);
	snprintf(out->label, sizeof out->label, "%s", sb_str(&sb));
	if (sb.len >= sizeof out->label) {
		/* Cut on a character boundary, and say so. */
		size_t cut = sizeof out->label - 4;
		while (cut > 0 && ((unsigned char)out->label[cut] & 0xC0) == 0x80)
			cut--;
		memcpy(out->label + cut, m->ascii ? "..." : "\u2026", 4);   /* both 3 bytes + NUL */
	}
	sb_free(&sb);
}

const world_view_t *ui_model_view(const ui_model_t *m)
{
	const trace_event_t *ev = ui_model_event(m);
	return trace_view(m->trace, ev ? ev->view : 0);
}

int ui_model_take_clipped(ui_model_t *m)
{
	int c = m->clipped;
	m->clipped = 0;
	return c;
}
