/* render.c — text and JSON Lines renderers of a trace. */
#include "export/render.h"

#include <string.h>

#include "core/trace_json.h"
#include "core/util.h"

const char *render_prefix(const trace_event_t *ev)
{
	return trace_prefix(ev);
}

static void wrap(const char *text, const char *indent, FILE *out)
{
	size_t col = 0;
	const char *p = text;
	fputs(indent, out);
	while (*p) {
		while (*p == ' ')
			p++;
		size_t n = strcspn(p, " ");
		if (!n)
			break;
		if (col && col + 1 + n > 72) {
			fprintf(out, "\n%s", indent);
			col = 0;
		} else if (col) {
			fputc(' ', out);
			col++;
		}
		fwrite(p, 1, n, out);
		col += n;
		p += n;
	}
	fputc('\n', out);
}

void render_text_header(const scenario_t *sc, FILE *out)
{
	fprintf(out, "mailpath run %s: %s\n", sc->name ? sc->name : "", sc->title ? sc->title : "");
	if (sc->description)
		wrap(sc->description, "  ", out);
	fputc('\n', out);
}

void render_text_event(const trace_event_t *ev, FILE *out)
{
	char t[32];
	fmt_sim_time(ev->t_us, t, sizeof t);
	strbuf_t who = STRBUF_INIT, text = STRBUF_INIT;
	if (ev->from[0] && ev->to[0] && strcmp(ev->from, ev->to) != 0)
		sb_printf(&who, "%s -> %s", ev->from, ev->to);
	else
		sb_puts(&who, ev->from[0] ? ev->from : ev->to);
	str_visible(ev->text, strlen(ev->text), &text);
	/* a line carried inside TLS: the ends read it, an observer does not */
	fprintf(out, "%11s  %-3s %-42s %s%s%s\n", t, hop_label(ev->hop), sb_str(&who), ev->tls ? "[TLS] " : "",
		render_prefix(ev), sb_str(&text));
	sb_free(&who);
	sb_free(&text);
}

void render_text(const trace_t *t, const scenario_t *sc, FILE *out)
{
	render_text_header(sc, out);
	for (size_t i = 0; i < trace_count(t); i++) {
		const trace_event_t *ev = trace_get(t, i);
		/* The title and description are in the header already. */
		if (ev->kind == EV_NOTE && ev->explain && !strcmp(ev->explain, "note:scenario") && ev->t_us == 0 &&
		    i < 2)
			continue;
		render_text_event(ev, out);
	}
}

void render_json_event(const trace_event_t *ev, FILE *out)
{
	trace_json_event(NULL, ev, out);
	fputc('\n', out);
}

void render_json_string(const char *s, FILE *out)
{
	trace_json_string(s, out);
}

void render_json(const trace_t *t, FILE *out)
{
	for (size_t i = 0; i < trace_count(t); i++) {
		trace_json_event(t, trace_get(t, i), out);
		fputc('\n', out);
	}
}
