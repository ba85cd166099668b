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

static void pad_to(strbuf_t *b, size_t from, size_t width)
{
	static const char spaces[] = "                                                  ";
	size_t have = b->len - from;
	while (have < width) {
		size_t n = width - have < sizeof spaces - 1 ? width - have : sizeof spaces - 1;
		sb_append(b, spaces, n);
		have += n;
	}
}

/* One line of the transcript: "%11s  %-3s %-42s %s%s%s\n", built by hand (it
 * is the inner loop of a long run). */
static void text_line(const trace_event_t *ev, strbuf_t *b)
{
	char t[32];
	fmt_sim_time(ev->t_us, t, sizeof t);
	size_t tl = strlen(t);
	if (tl < 11)
		pad_to(b, b->len, 11 - tl);
	sb_append(b, t, tl);
	sb_puts(b, "  ");
	size_t at = b->len;
	sb_puts(b, hop_label(ev->hop));
	pad_to(b, at, 3);
	sb_putc(b, ' ');
	at = b->len;
	if (ev->from[0] && ev->to[0] && strcmp(ev->from, ev->to) != 0) {
		sb_puts(b, ev->from);
		sb_puts(b, " -> ");
		sb_puts(b, ev->to);
	} else {
		sb_puts(b, ev->from[0] ? ev->from : ev->to);
	}
	pad_to(b, at, 42);
	sb_putc(b, ' ');
	/* a line carried inside TLS: the ends read it, an observer does not */
	if (ev->tls)
		sb_puts(b, "[TLS] ");
	sb_puts(b, render_prefix(ev));
	str_visible(ev->text, strlen(ev->text), b);
	sb_putc(b, '\n');
}

void render_text_event_buf(const trace_event_t *ev, strbuf_t *b)
{
	text_line(ev, b);
}

void render_text_event(const trace_event_t *ev, FILE *out)
{
	strbuf_t b = STRBUF_INIT;
	text_line(ev, &b);
	fwrite(b.buf, 1, b.len, out);
	sb_free(&b);
}

void render_text(const trace_t *t, const scenario_t *sc, FILE *out)
{
	render_text_header(sc, out);
	strbuf_t b = STRBUF_INIT;
	for (size_t i = trace_first(t); i < trace_count(t); i++) {
		const trace_event_t *ev = trace_get(t, i);
		/* The title and description are in the header already. */
		if (ev->kind == EV_NOTE && ev->explain && !strcmp(ev->explain, "note:scenario") && ev->t_us == 0 &&
		    i < 2)
			continue;
		text_line(ev, &b);
		if (b.len >= 1 << 16) {
			fwrite(b.buf, 1, b.len, out);
			sb_clear(&b);
		}
	}
	fwrite(b.buf ? b.buf : "", 1, b.len, out);
	sb_free(&b);
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
	for (size_t i = trace_first(t); i < trace_count(t); i++) {
		trace_json_event(t, trace_get(t, i), out);
		fputc('\n', out);
	}
}
