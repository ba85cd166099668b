/* render_mermaid.c — a trace as a Mermaid sequenceDiagram (for slides,
 * wikis and Markdown renderers that draw Mermaid), from the same steps as
 * the ASCII chart (render_chart.c):
 *
 *   a command, a DNS query      A->>B: text       (solid, arrowhead)
 *   a reply, a DNS answer       B-->>A: text      (dotted, arrowhead)
 *   TCP connect, accept, close  A-)B / B--)A      (open arrowhead)
 *   refused, timed out, lost    A-xB              (a cross)
 *   a mark on one host          Note over B: text
 *   a fault, a pause, a hop     Note over FIRST,LAST: text
 *
 * Participants are named by their host's first label ("smtp", "mail"), or
 * h1, h2... where that is not a usable or unique identifier. Text is written
 * with Mermaid's entity codes for the characters its grammar would take as
 * syntax (# ; < > & %). */
#include "export/render.h"

#include <string.h>

#define MERMAID_ID_MAX 24
#define MERMAID_PAUSE_US 1000000

typedef struct mermaid {
	FILE *out;
	render_hosts_t hosts;
	char id[RENDER_HOSTS_MAX][MERMAID_ID_MAX];
} mermaid_t;

static int reserved(const char *s)
{
	static const char *const words[] = {
		"end", "loop", "alt", "else", "opt", "par", "and", "rect", "note", "critical",
		"break", "participant", "actor", "title", "activate", "deactivate", "autonumber",
		"box", "over", "left", "right", "of", "as", "links", "link", "create", "destroy",
		"properties", "details", "sequenceDiagram",
	};
	for (size_t i = 0; i < sizeof words / sizeof words[0]; i++)
		if (str_ieq(s, words[i]))
			return 1;
	return 0;
}

static void make_id(mermaid_t *m, size_t i)
{
	char *id = m->id[i];
	const char *host = m->hosts.name[i];
	size_t n = 0;
	for (; host[n] && host[n] != '.' && n + 1 < MERMAID_ID_MAX; n++) {
		char c = host[n];
		int ok = (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9');
		id[n] = ok ? c : '_';
	}
	id[n] = '\0';
	int usable = (id[0] >= 'a' && id[0] <= 'z') || (id[0] >= 'A' && id[0] <= 'Z');
	for (size_t j = 0; j < i && usable; j++)
		usable = strcmp(m->id[j], id) != 0;
	if (!usable || reserved(id))
		snprintf(id, MERMAID_ID_MAX, "h%zu", i + 1);
}

/* Text for a message or a note: Mermaid's entity codes where needed. */
static void put_text(FILE *out, const char *s)
{
	for (; *s; s++) {
		switch (*s) {
		case '#': fputs("#35;", out); break;
		case ';': fputs("#59;", out); break;
		case '<': fputs("#lt;", out); break;
		case '>': fputs("#gt;", out); break;
		case '&': fputs("#amp;", out); break;
		case '%': fputs("#37;", out); break;
		default: fputc(*s, out);
		}
	}
	fputc('\n', out);
}

static const char *id_of(const mermaid_t *m, const char *host)
{
	int i = render_host_index(&m->hosts, host);
	return i < 0 ? NULL : m->id[i];
}

static void note_across(const mermaid_t *m, const char *text)
{
	fprintf(m->out, "    Note over %s,%s: ", m->id[0], m->id[m->hosts.n - 1]);
	put_text(m->out, text);
}

static const char *arrow_of(const render_step_t *st)
{
	switch (st->line) {
	case RENDER_LINE_TCP: return st->reply ? "--)" : "-)";
	case RENDER_LINE_LOST: return "-x";
	default: return st->reply ? "-->>" : "->>";
	}
}

static void step(const mermaid_t *m, const render_step_t *st)
{
	const char *a = id_of(m, st->from), *b = id_of(m, st->to);
	if (st->kind == RENDER_ARROW && a && b) {
		fprintf(m->out, "    %s%s%s: ", a, arrow_of(st), b);
		put_text(m->out, sb_str(&st->label));
	} else if (st->kind == RENDER_MARK && a) {
		fprintf(m->out, "    Note over %s: ", a);
		put_text(m->out, sb_str(&st->label));
	} else {
		note_across(m, sb_str(&st->label));
	}
}

static void header(mermaid_t *m, const scenario_t *sc)
{
	fprintf(m->out, "%%%% mailpath run %s\n", sc->name ? sc->name : "");
	fputs("sequenceDiagram\n", m->out);
	if (sc->title) {
		fputs("    title ", m->out);
		put_text(m->out, sc->title);
	}
	for (size_t i = 0; i < m->hosts.n; i++) {
		make_id(m, i);
		fprintf(m->out, "    participant %s as ", m->id[i]);
		put_text(m->out, m->hosts.name[i]);
	}
}

void render_mermaid(const trace_t *t, const scenario_t *sc, FILE *out)
{
	mermaid_t m = { .out = out };
	render_hosts(t, &m.hosts);
	header(&m, sc);
	if (m.hosts.n == 0)
		return;
	render_step_t st = { .label = STRBUF_INIT };
	int seen_hop[HOP__COUNT] = { 0 };
	int64_t last_t = 0;
	char text[160];
	for (size_t i = 0; render_chart_step(t, &i, &st);) {
		if (st.ev->t_us - last_t >= MERMAID_PAUSE_US) {
			fmt_sim_time(st.ev->t_us, text, sizeof text);
			note_across(&m, text);
		}
		last_t = st.ev->t_us;
		if (st.ev->hop != HOP_NONE && !seen_hop[st.ev->hop]) {
			seen_hop[st.ev->hop] = 1;
			snprintf(text, sizeof text, "hop %s: %s", hop_label(st.ev->hop),
				 render_hop_title(st.ev->hop));
			note_across(&m, text);
		}
		step(&m, &st);
	}
	sb_free(&st.label);
}
