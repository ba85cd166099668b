/* render_markdown.c — the annotated transcript as a Markdown handout: the
 * title and description, one section each time the story moves to another
 * hop, every event as a list item (time, who speaks to whom, the exact line
 * as code), and under an event whose topic appears for the first time its
 * explanation with the RFC section (explain_find(ev->explain)). A run of
 * message content becomes one code block. Teaching notes and faults are
 * quotes where they happen; the questions and the expectations close the
 * handout. Text outside code is escaped, so a protocol line can never turn
 * into Markdown. */
#include "export/render.h"

#include <stdlib.h>
#include <string.h>

#include "teach/explain.h"

typedef struct md {
	FILE *out;
	const trace_t *t;
	const char **explained;     /* topics explained so far */
	size_t nexplained;
	hop_t section;
	int seen[HOP__COUNT];       /* hops that had a section already */
	int in_list;
} md_t;

/* ---- escaping ---- */

static void put_escaped(FILE *out, const char *s)
{
	for (; *s; s++) {
		if (strchr("\\`*_[]<>#|~", *s))
			fputc('\\', out);
		fputc(*s, out);
	}
}

/* A code span for one protocol line, with a fence longer than any run of
 * backticks inside it (CommonMark 6.1). */
static void put_code(FILE *out, const char *text)
{
	strbuf_t v = STRBUF_INIT;
	str_visible(text, strlen(text), &v);
	const char *s = sb_str(&v);
	size_t run = 0, longest = 0;
	for (const char *p = s; *p; p++) {
		run = *p == '`' ? run + 1 : 0;
		longest = run > longest ? run : longest;
	}
	if (!*s) {
		fputs("*(an empty line)*", out);
	} else {
		int pad = longest > 0 || *s == ' ';
		for (size_t i = 0; i <= longest; i++)
			fputc('`', out);
		fprintf(out, "%s%s%s", pad ? " " : "", s, pad ? " " : "");
		for (size_t i = 0; i <= longest; i++)
			fputc('`', out);
	}
	sb_free(&v);
}

/* ---- explanations ---- */

static void explain_once(md_t *m, const char *key, const char *indent)
{
	if (!key || !*key)
		return;
	for (size_t i = 0; i < m->nexplained; i++)
		if (strcmp(m->explained[i], key) == 0)
			return;
	const explain_t *e = explain_find(key);
	if (!e)
		return;
	m->explained = xgrow(m->explained, m->nexplained, sizeof *m->explained);
	m->explained[m->nexplained++] = key;
	fprintf(m->out, "%s> **", indent);
	put_escaped(m->out, e->title);
	fputs("** — ", m->out);
	put_escaped(m->out, e->text);
	if (e->rfc && *e->rfc) {
		fputs(" *(", m->out);
		put_escaped(m->out, e->rfc);
		fputs(")*", m->out);
	}
	fputc('\n', m->out);
}

/* ---- structure ---- */

static void end_list(md_t *m)
{
	if (m->in_list)
		fputc('\n', m->out);
	m->in_list = 0;
}

/* A section starts where a hop first appears; a later event of an earlier
 * hop (the hops overlap) stays in the current section, labelled. */
static void section(md_t *m, hop_t hop)
{
	if (hop == HOP_NONE || m->seen[hop])
		return;
	end_list(m);
	m->section = hop;
	m->seen[hop] = 1;
	fprintf(m->out, "### Hop %s — ", hop_label(hop));
	put_escaped(m->out, render_hop_title(hop));
	fputs("\n\n", m->out);
}

static void hop_tag(md_t *m, hop_t hop)
{
	if (hop != HOP_NONE && hop != m->section)
		fprintf(m->out, "(hop %s) ", hop_label(hop));
}

static void who(md_t *m, const trace_event_t *ev)
{
	if (ev->from[0] && ev->to[0] && strcmp(ev->from, ev->to) != 0)
		fprintf(m->out, "%s → %s", ev->from, ev->to);
	else
		fputs(ev->from[0] ? ev->from : ev->to, m->out);
}

/* One event as a list item, with its explanation the first time. */
static void item(md_t *m, const trace_event_t *ev)
{
	char t[32];
	fmt_sim_time(ev->t_us, t, sizeof t);
	m->in_list = 1;
	fprintf(m->out, "- `%s` ", t);
	hop_tag(m, ev->hop);
	who(m, ev);
	fputs(": ", m->out);
	if (ev->kind == EV_ACTION || ev->kind == EV_NOTE) {
		put_escaped(m->out, ev->text);
	} else {
		put_escaped(m->out, render_prefix(ev));
		put_code(m->out, ev->text);
	}
	fputc('\n', m->out);
	explain_once(m, ev->explain, "  ");
}

/* A quote outside the list: a teaching note, a fault (explained), a narration. */
static void quote(md_t *m, const char *label, const trace_event_t *ev)
{
	end_list(m);
	fputs(">", m->out);
	if (*label)
		fprintf(m->out, " **%s**", label);
	fputc(' ', m->out);
	put_escaped(m->out, ev->text);
	fputs("\n\n", m->out);
	if (ev->kind == EV_FAULT && explain_find(ev->explain)) {
		explain_once(m, ev->explain, "");
		fputc('\n', m->out);
	}
}

/* Lines of message content as one code block; returns how many events. */
static size_t content_block(md_t *m, size_t i)
{
	size_t n = render_content_run(m->t, i);
	const trace_event_t *first = trace_get(m->t, i);
	strbuf_t text = STRBUF_INIT;
	for (size_t k = 0; k < n; k++) {
		/* visible characters, but a tab (folded headers) stays a tab */
		for (const char *p = trace_get(m->t, i + k)->text;; p++) {
			size_t len = strcspn(p, "\t");
			str_visible(p, len, &text);
			p += len;
			if (!*p)
				break;
			sb_putc(&text, '\t');
		}
		sb_putc(&text, '\n');
	}
	size_t run = 0, fence = 3;   /* CommonMark 4.5: longer than any backtick run */
	for (const char *p = sb_str(&text); *p; p++) {
		run = *p == '`' ? run + 1 : 0;
		fence = run + 1 > fence ? run + 1 : fence;
	}
	char t[32];
	fmt_sim_time(first->t_us, t, sizeof t);
	end_list(m);
	fprintf(m->out, "`%s` ", t);
	hop_tag(m, first->hop);
	who(m, first);
	fprintf(m->out, ": %zu lines of content\n\n", n);
	for (size_t k = 0; k < fence; k++)
		fputc('`', m->out);
	fprintf(m->out, "text\n%s", sb_str(&text));
	for (size_t k = 0; k < fence; k++)
		fputc('`', m->out);
	fputs("\n\n", m->out);
	for (size_t k = 0; k < n; k++) {
		size_t before = m->nexplained;
		explain_once(m, trace_get(m->t, i + k)->explain, "");
		if (m->nexplained != before)
			fputc('\n', m->out);
	}
	sb_free(&text);
	return n;
}

/* ---- the handout ---- */

static void header(md_t *m, const scenario_t *sc)
{
	fputs("# ", m->out);
	put_escaped(m->out, sc->title ? sc->title : sc->name ? sc->name : "mailpath");
	fputs("\n\n", m->out);
	if (sc->description) {
		put_escaped(m->out, sc->description);
		fputs("\n\n", m->out);
	}
	render_hosts_t h;
	render_hosts(m->t, &h);
	fprintf(m->out, "*The transcript of `mailpath run %s`.*", sc->name ? sc->name : "");
	if (h.n) {
		fputs(" Hosts: ", m->out);
		for (size_t i = 0; i < h.n; i++)
			fprintf(m->out, "%s%s", i ? ", " : "", h.name[i]);
		fputc('.', m->out);
	}
	fputs("\n\n## Transcript\n\n", m->out);
}

/* The questions, then the expectations: what closes the handout. */
static void closing(md_t *m, ev_kind_t kind, const char *title, const char *bullet)
{
	int n = 0;
	for (size_t i = 0; i < trace_count(m->t); i++) {
		const trace_event_t *ev = trace_get(m->t, i);
		if (ev->kind != kind)
			continue;
		if (n++ == 0)
			fprintf(m->out, "## %s\n\n", title);
		if (*bullet)
			fprintf(m->out, "%s ", bullet);
		else
			fprintf(m->out, "%d. ", n);
		put_escaped(m->out, ev->text);
		fputc('\n', m->out);
	}
	if (n)
		fputc('\n', m->out);
}

static int is_header_note(const trace_event_t *ev, size_t i)
{
	return ev->kind == EV_NOTE && ev->explain && !strcmp(ev->explain, "note:scenario") &&
	       ev->t_us == 0 && i < 2;
}

static size_t event(md_t *m, size_t i)
{
	const trace_event_t *ev = trace_get(m->t, i);
	switch (ev->kind) {
	case EV_QUESTION:
	case EV_EXPECT:
		return 1;   /* at the end */
	case EV_NOTE:
		if (ev->from[0] || ev->to[0])
			break;   /* narration at a host: an item */
		if (!is_header_note(ev, i))
			quote(m, "", ev);
		return 1;
	case EV_TEACH:
		section(m, ev->hop);
		quote(m, "Note.", ev);
		return 1;
	case EV_FAULT:
		quote(m, "Fault.", ev);
		return 1;
	default:
		break;
	}
	section(m, ev->hop);
	if (ev->kind == EV_DATA && render_content_run(m->t, i) > 1)
		return content_block(m, i);
	item(m, ev);
	return 1;
}

void render_markdown(const trace_t *t, const scenario_t *sc, FILE *out)
{
	md_t m = { .out = out, .t = t };
	header(&m, sc);
	for (size_t i = 0; i < trace_count(t);)
		i += event(&m, i);
	end_list(&m);
	closing(&m, EV_QUESTION, "Questions for students", "");
	closing(&m, EV_EXPECT, "What the scenario expects", "-");
	free(m.explained);
}
