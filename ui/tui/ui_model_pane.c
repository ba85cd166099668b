/* ui_model_pane.c — what the state pane, the explain pane and the message
 * inspector show at the cursor. Pure functions of (trace, cursor), like the
 * rest of the model (ui_model.c); all text is made visible (str_visible). */
#include "tui/ui_model.h"
#include "tui/ui_model_int.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "teach/explain.h"

/* ---- the state pane ---------------------------------------------------- */

_Static_assert(sizeof(((ui_srow_t *)0)->brief) == sizeof(((ui_srow_t *)0)->value),
	       "brief is copied from value");

static ui_srow_t *add_row(ui_state_t *st, ui_srow_kind_t kind, const char *label)
{
	if (st->n >= UI_SROW_MAX)
		return NULL;
	ui_srow_t *r = &st->row[st->n++];
	memset(r, 0, sizeof *r);
	r->kind = kind;
	snprintf(r->label, sizeof r->label, "%s", label);
	return r;
}

static void smtp_row(ui_state_t *st, const char *label, const char *now, const char *before)
{
	ui_srow_t *r = add_row(st, UI_SROW_SMTP, label);
	if (!r)
		return;
	snprintf(r->value, sizeof r->value, "%s", *now ? now : "-");
	memcpy(r->brief, r->value, sizeof r->brief);   /* same size */
	r->active = *now && strcmp(now, "QUIT") != 0;
	r->changed = strcmp(now, before) != 0;
}

/* RFC 1939 3: AUTHORIZATION, then TRANSACTION, then UPDATE. */
static void pop3_row(const ui_model_t *m, ui_state_t *st, const char *now, const char *before)
{
	static const char *const full[] = { "AUTHORIZATION", "TRANSACTION", "UPDATE" };
	static const char *const brief[] = { "AUTH", "TRANS", "UPDATE" };
	ui_srow_t *r = add_row(st, UI_SROW_POP3, "POP3");
	if (!r)
		return;
	const char *on = m->ascii ? "*" : "\u25cf", *off = m->ascii ? "o" : "\u25cb";
	size_t vl = 0, bl = 0;
	for (int i = 0; i < 3; i++) {
		int lit = strcmp(now, full[i]) == 0;
		vl += (size_t)snprintf(r->value + vl, sizeof r->value - vl, "%s%s%s", i ? " " : "",
				       lit ? on : off, full[i]);
		bl += (size_t)snprintf(r->brief + bl, sizeof r->brief - bl, "%s%s%s", i ? " " : "",
				       lit ? on : off, brief[i]);
		r->active |= lit;
	}
	if (strcmp(now, "CLOSED") == 0)
		snprintf(r->value + vl, sizeof r->value - vl, "  (closed)");
	r->changed = strcmp(now, before) != 0;
}

static void queue_rows(ui_state_t *st, const world_view_t *v, const world_view_t *pv)
{
	ui_srow_t *r = add_row(st, UI_SROW_QUEUE, "ISP queue");
	if (!r)
		return;
	if (v->nqueue == 0)
		snprintf(r->value, sizeof r->value, "empty");
	else
		snprintf(r->value, sizeof r->value, "%d message%s", v->nqueue, v->nqueue == 1 ? "" : "s");
	memcpy(r->brief, r->value, sizeof r->brief);   /* same size */
	r->active = v->nqueue > 0;
	r->changed = v->nqueue != pv->nqueue;
	for (int i = 0; i < v->nqueue && i < VIEW_QUEUE_MAX; i++) {
		ui_srow_t *q = add_row(st, UI_SROW_QITEM, v->queue[i].rcpt);
		if (!q)
			return;
		snprintf(q->value, sizeof q->value, "%s", v->queue[i].status);
		snprintf(q->brief, sizeof q->brief, "%s", v->queue[i].status);
		q->active = 1;
		q->changed = i >= pv->nqueue || strcmp(v->queue[i].status, pv->queue[i].status) != 0;
	}
}

static void box_rows(ui_state_t *st, const world_view_t *v, const world_view_t *pv)
{
	if (v->nbox == 0 || !add_row(st, UI_SROW_BOXES, "Mailboxes"))
		return;
	for (int i = 0; i < v->nbox && i < VIEW_BOX_MAX; i++) {
		ui_srow_t *b = add_row(st, UI_SROW_BOX, v->box[i].addr);
		if (!b)
			return;
		int c = v->box[i].count;
		snprintf(b->value, sizeof b->value, "%d message%s, %ld octets", c, c == 1 ? "" : "s",
			 v->box[i].octets);
		snprintf(b->brief, sizeof b->brief, "%d", c);
		b->active = c > 0;
		b->changed = i >= pv->nbox || c != pv->box[i].count;
	}
}

/* The session at hand: the cursor's, else the latest before it. */
static int session_at_hand(const ui_model_t *m)
{
	size_t k = m->cursor + 1;
	for (size_t steps = 0; k-- > 0 && steps < 4096; steps++) {
		const trace_event_t *ev = trace_get(m->trace, k);
		int vs = ev && ev->session ? view_session_of(ev) : -1;
		if (vs >= 0)
			return vs;
	}
	return -1;
}

/* What the client and the server of the session at hand believe. */
static void belief_rows(const ui_model_t *m, ui_state_t *st, const world_view_t *v, const world_view_t *pv)
{
	static const char *const sides[2] = { "client", "server" };
	int vs = session_at_hand(m);
	if (vs < 0)
		return;
	for (int side = 0; side < 2; side++) {
		const char *now = side ? v->belief[vs].server : v->belief[vs].client;
		const char *before = side ? pv->belief[vs].server : pv->belief[vs].client;
		if (!*now)
			continue;
		ui_srow_t *r = add_row(st, UI_SROW_BELIEF, sides[side]);
		if (!r)
			return;
		snprintf(r->value, sizeof r->value, "%s", now);
		memcpy(r->brief, r->value, sizeof r->brief);   /* same size */
		r->active = 1;
		r->changed = strcmp(now, before) != 0;
	}
}

void ui_model_state(const ui_model_t *m, ui_state_t *out)
{
	const trace_event_t *ev = ui_model_event(m);
	const world_view_t *v = ui_model_view(m);
	const trace_event_t *prev = ev && m->cursor > 0 ? trace_get(m->trace, m->cursor - 1) : NULL;
	const world_view_t *pv = prev ? trace_view(m->trace, prev->view) : v;
	const char *arrow = m->ascii ? "->" : "\u2192";
	char label[24];
	memset(out, 0, sizeof *out);
	snprintf(label, sizeof label, "SMTP 2%s3", arrow);
	smtp_row(out, label, v->smtp_submit, pv->smtp_submit);
	snprintf(label, sizeof label, "SMTP 3%s4", arrow);
	smtp_row(out, label, v->smtp_relay, pv->smtp_relay);
	pop3_row(m, out, v->pop3, pv->pop3);
	belief_rows(m, out, v, pv);
	queue_rows(out, v, pv);
	box_rows(out, v, pv);
}

/* ---- the explain pane -------------------------------------------------- */

void ui_model_explain(ui_model_t *m, ui_explain_t *out)
{
	static const char *const note_title[EV__COUNT] = {
		[EV_NOTE] = "What happens now", [EV_TEACH] = "Teaching note",
		[EV_QUESTION] = "Question for the class",
	};
	const trace_event_t *ev = ui_model_event(m);
	memset(out, 0, sizeof *out);
	out->rfc = "";
	if (!ev) {
		out->title = "Nothing has happened yet";
		out->text = "This run has no events.";
		return;
	}
	const explain_t *e = ev->explain && *ev->explain ? explain_find(ev->explain) : NULL;
	if (ev->kind == EV_NOTE || ev->kind == EV_TEACH || ev->kind == EV_QUESTION) {
		sb_clear(&m->explain_text);
		str_visible(ev->text, strlen(ev->text), &m->explain_text);
		out->kind = ev->kind == EV_QUESTION ? UI_EXPLAIN_QUESTION
			    : ev->kind == EV_TEACH  ? UI_EXPLAIN_TEACH
						    : UI_EXPLAIN_TOPIC;
		out->title = note_title[ev->kind];
		out->text = sb_str(&m->explain_text);
		return;
	}
	if (e) {
		out->kind = UI_EXPLAIN_TOPIC;
		out->title = e->title;
		out->text = e->text;
		out->rfc = e->rfc ? e->rfc : "";
		return;
	}
	out->kind = UI_EXPLAIN_NONE;
	out->title = ev->explain && *ev->explain ? ev->explain : ev_kind_name(ev->kind);
	out->text = "";
}

/* ---- the message inspector --------------------------------------------- */

void ui_model_message_clear(ui_model_t *m)
{
	for (size_t i = 0; i < m->msg.n; i++) {
		free(m->msg.lines[i].text);
		free(m->msg.lines[i].note);
	}
	free(m->msg.lines);
	memset(&m->msg, 0, sizeof m->msg);
}

static void mline(ui_model_t *m, ui_mline_kind_t kind, const char *p, size_t n, char *note)
{
	strbuf_t sb = STRBUF_INIT;
	/* A tab is folding white space (RFC 5322 2.2.3): shown as spaces, not "\t". */
	for (size_t i = 0; i < n;) {
		size_t run = 0;
		while (i + run < n && p[i + run] != '\t')
			run++;
		str_visible(p + i, run, &sb);
		i += run;
		if (i < n) {
			sb_puts(&sb, "    ");
			i++;
		}
	}
	if (!sb.buf)
		sb_puts(&sb, "");
	m->msg.lines = xgrow(m->msg.lines, m->msg.n, sizeof *m->msg.lines);
	m->msg.lines[m->msg.n++] = (ui_mline_t){ .kind = kind, .text = sb_steal(&sb), .note = note };
}

/* The host named after `word` ("by", "from") in a Received: field. */
static void received_host(const char *field, const char *word, char *out, size_t size)
{
	size_t wl = strlen(word);
	out[0] = '\0';
	for (const char *p = field; *p; p++) {
		if ((p == field || p[-1] == ' ' || p[-1] == '\t' || p[-1] == ':') && str_iprefix(p, word) &&
		    (p[wl] == ' ' || p[wl] == '\t')) {
			p += wl;
			while (*p == ' ' || *p == '\t')
				p++;
			size_t n = strcspn(p, " \t;()\r\n");
			snprintf(out, size, "%.*s", (int)n, p);
			return;
		}
	}
}

/* RFC 5321 4.4: each SMTP server prepends a Received: line when it accepts a message. */
static char *received_note(const ui_model_t *m, const char *field)
{
	char by[128], from[128];
	received_host(field, "by", by, sizeof by);
	received_host(field, "from", from, sizeof from);
	ui_node_t nb = ui_model_host_node(by), nf = ui_model_host_node(from);
	strbuf_t sb = STRBUF_INIT;
	sb_printf(&sb, "added by %s%s%s", nb ? ui_model_node_label(nb, HOP_NONE) : "", nb ? " " : "",
		  *by ? by : "?");
	if (*from)
		sb_printf(&sb, " on receipt from %s%s%s", nf ? ui_model_node_label(nf, HOP_NONE) : "",
			  nf ? (m->ascii ? " " : "\u00a0") : "", from);
	return sb_steal(&sb);
}

/* Split a message into header and body lines; Received: and Return-Path:
 * are trace fields (RFC 5322 3.6.7), labelled with the hop that added them. */
static void add_message_text(ui_model_t *m, const char *msg, const char *deliverer)
{
	int in_body = 0, in_trace = 0;
	const char *p = msg;
	while (*p) {
		const char *eol = strchr(p, '\n');
		size_t n = eol ? (size_t)(eol - p) : strlen(p);
		size_t vis = n && p[n - 1] == '\r' ? n - 1 : n;
		if (!in_body && vis == 0) {
			in_body = 1;
			mline(m, UI_M_BODY, "", 0, NULL);
		} else if (in_body) {
			mline(m, UI_M_BODY, p, vis, NULL);
		} else if (p[0] == ' ' || p[0] == '\t') {
			mline(m, in_trace ? UI_M_TRACE : UI_M_HEADER, p, vis, NULL);   /* RFC 5322 2.2.3 */
		} else if (str_iprefix(p, "Received:")) {
			/* Unfold the whole field to find its "by" and "from" hosts. */
			strbuf_t field = STRBUF_INIT;
			const char *q = p;
			do {
				const char *e = strchr(q, '\n');
				size_t k = e ? (size_t)(e - q) : strlen(q);
				sb_append(&field, q, k && q[k - 1] == '\r' ? k - 1 : k);
				sb_putc(&field, ' ');
				q = e ? e + 1 : q + k;
			} while (*q == ' ' || *q == '\t');
			in_trace = 1;
			mline(m, UI_M_TRACE, p, vis, received_note(m, sb_str(&field)));
			sb_free(&field);
		} else if (str_iprefix(p, "Return-Path:")) {
			in_trace = 1;
			strbuf_t note = STRBUF_INIT;
			ui_node_t nd = ui_model_host_node(deliverer);
			sb_printf(&note, "added at final delivery by %s%s%s", nd ? ui_model_node_label(nd, HOP_NONE) : "",
				  nd ? " " : "", deliverer && *deliverer ? deliverer : "the last host");
			mline(m, UI_M_TRACE, p, vis, sb_steal(&note));
		} else {
			in_trace = 0;
			mline(m, UI_M_HEADER, p, vis, NULL);
		}
		p = eol ? eol + 1 : p + n;
	}
}

/* The envelope of the SMTP transaction in `session` before event `upto`:
 * MAIL FROM and its RCPT TO commands (RFC 5321 3.3). */
static void add_envelope(ui_model_t *m, uint32_t session, const char *server, size_t upto)
{
	size_t first = upto + 1;
	for (size_t i = upto + 1; i-- > 0;) {
		const trace_event_t *ev = trace_get(m->trace, i);
		if (ev->kind != EV_CMD || !str_iprefix(ev->text, "MAIL FROM:"))
			continue;
		if (session ? ev->session == session : (!server || !*server || str_ieq(ev->to, server))) {
			first = i;
			session = ev->session;
			break;
		}
	}
	mline(m, UI_M_SECTION, "Envelope (RFC 5321: what the servers act on)", 44, NULL);
	if (first > upto) {
		mline(m, UI_M_ENVELOPE, "(not in the trace)", 18, NULL);
		return;
	}
	for (size_t i = first; i <= upto; i++) {
		const trace_event_t *ev = trace_get(m->trace, i);
		if (ev->kind == EV_CMD && ev->session == session &&
		    (str_iprefix(ev->text, "MAIL FROM:") || str_iprefix(ev->text, "RCPT TO:")))
			mline(m, UI_M_ENVELOPE, ev->text, strlen(ev->text), NULL);
		if (ev->kind == EV_CMD && ev->session == session && str_ieq(ev->text, "DATA"))
			break;
	}
}

static void build_delivery(ui_model_t *m, size_t at)
{
	const trace_event_t *ev = trace_get(m->trace, at);
	char when[32];
	fmt_sim_time(ev->t_us, when, sizeof when);
	snprintf(m->msg.title, sizeof m->msg.title, "Delivered by %s at %s (event %zu)",
		 ev->from, when, at + 1);
	add_envelope(m, 0, ev->from, at);
	mline(m, UI_M_SECTION, "Message (RFC 5322: what the reader sees)", 40, NULL);
	add_message_text(m, ev->detail, ev->from);
}

static int is_final_dot(const trace_event_t *ev)
{
	return strcmp(ev->text, ".") == 0;
}

/* A message in flight: the content lines of one session so far. */
static void build_data(ui_model_t *m, size_t at)
{
	const trace_event_t *last = trace_get(m->trace, at);
	uint32_t session = last->session;
	size_t first = at;
	for (size_t i = at; i-- > 0;) {
		const trace_event_t *ev = trace_get(m->trace, i);
		if (ev->session != session || ev->hop != last->hop)
			continue;
		if (ev->kind != EV_DATA)
			break;
		first = i;
	}
	int pop3 = last->proto && strcmp(last->proto, "POP3") == 0;
	strbuf_t body = STRBUF_INIT;
	int done = 0;
	for (size_t i = first; i <= at; i++) {
		const trace_event_t *ev = trace_get(m->trace, i);
		if (ev->kind != EV_DATA || ev->session != session)
			continue;
		if (is_final_dot(ev)) {
			done = 1;
			break;
		}
		/* RFC 5321 4.5.2 / RFC 1939 3: remove a leading dot. */
		const char *t = ev->text[0] == '.' ? ev->text + 1 : ev->text;
		sb_puts(&body, t);
		sb_puts(&body, "\r\n");
	}
	char hops[24];
	ui_node_t f, t;
	ui_model_endpoints(last, &f, &t);
	snprintf(hops, sizeof hops, "%s%s%s", ui_model_node_label(f, last->hop), m->ascii ? "->" : "\u2192",
		 ui_model_node_label(t, last->hop));
	snprintf(m->msg.title, sizeof m->msg.title, "%s %s %s (%s)", pop3 ? "Retrieved over" : "Sent over",
		 hops, done ? "complete" : "so far", pop3 ? "POP3 RETR" : "SMTP DATA");
	if (!pop3) {
		add_envelope(m, session, NULL, at);
	} else {
		static const char none[] = "(POP3 carries no envelope: Return-Path: keeps its sender)";
		mline(m, UI_M_SECTION, "Envelope", 8, NULL);
		mline(m, UI_M_ENVELOPE, none, sizeof none - 1, NULL);
	}
	mline(m, UI_M_SECTION, "Message (RFC 5322: what the reader sees)", 40, NULL);
	/* Over POP3 the server is the host that made the final delivery. */
	add_message_text(m, sb_str(&body), pop3 ? last->from : NULL);
	sb_free(&body);
}

const ui_message_t *ui_model_message(ui_model_t *m)
{
	ui_model_message_clear(m);
	size_t n = ui_model_count(m);
	for (size_t i = n ? m->cursor + 1 : 0; i-- > 0;) {
		const trace_event_t *ev = trace_get(m->trace, i);
		if (ev->kind == EV_DELIVER && ev->detail) {
			build_delivery(m, i);
			return &m->msg;
		}
		if (ev->kind == EV_DATA) {
			build_data(m, i);
			return &m->msg;
		}
	}
	return &m->msg;
}
