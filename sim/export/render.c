/* render.c — text and JSON Lines renderers of a trace. */
#include "export/render.h"

#include <string.h>

#include "core/util.h"

const char *render_prefix(const trace_event_t *ev)
{
	switch (ev->kind) {
	case EV_CMD: return "C: ";
	case EV_REPLY: return "S: ";
	case EV_DATA: return strcmp(ev->proto, "SMTP") == 0 ? "C: " : "S: ";
	case EV_STATE: return strcmp(ev->proto, "POP3") == 0 ? "POP3 state: " : "SMTP state: ";
	case EV_DNS_QUERY:
	case EV_DNS_ANSWER: return "DNS: ";
	case EV_CONNECT:
	case EV_ACCEPT:
	case EV_REFUSED:
	case EV_CLOSE:
	case EV_ABORT: return "TCP: ";
	case EV_QUEUE: return "queue: ";
	case EV_DELIVER: return "mailbox: ";
	case EV_BOUNCE: return "bounce: ";
	case EV_FAULT: return "FAULT: ";
	case EV_TEACH: return "NOTE: ";
	case EV_QUESTION: return "QUESTION: ";
	case EV_EXPECT: return "EXPECT ";
	case EV_TLS: return "TLS: ";
	default: return "";
	}
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

/* RFC 8259 7: escape quotes, backslashes and control characters; bytes that
 * are not valid UTF-8 become U+FFFD so that every line is valid JSON. */
static void json_string(const char *s, FILE *out)
{
	fputc('"', out);
	for (const unsigned char *p = (const unsigned char *)s; *p;) {
		unsigned char c = *p;
		if (c == '"' || c == '\\') {
			fprintf(out, "\\%c", c);
		} else if (c < 0x20 || c == 0x7F) {
			fprintf(out, "\\u%04x", c);
		} else if (c >= 0x80) {
			size_t len = c >= 0xF0 && c <= 0xF4 ? 4 : c >= 0xE0 ? 3 : c >= 0xC2 && c < 0xE0 ? 2 : 0;
			size_t k = 1;
			while (len && k < len && (p[k] & 0xC0) == 0x80)
				k++;
			if (len && k == len) {
				fwrite(p, 1, len, out);
				p += len;
				continue;
			}
			fputs("\\ufffd", out);
		} else {
			fputc(c, out);
		}
		p++;
	}
	fputc('"', out);
}

void render_json_event(const trace_event_t *ev, FILE *out)
{
	fprintf(out, "{\"t\":%lld.%06lld,\"hop\":", (long long)(ev->t_us / 1000000), (long long)(ev->t_us % 1000000));
	json_string(hop_label(ev->hop), out);
	fputs(",\"kind\":", out);
	json_string(ev_kind_name(ev->kind), out);
	fputs(",\"from\":", out);
	json_string(ev->from, out);
	fputs(",\"to\":", out);
	json_string(ev->to, out);
	fputs(",\"text\":", out);
	json_string(ev->text, out);
	fputs(",\"proto\":", out);
	json_string(ev->proto ? ev->proto : "", out);
	fprintf(out, ",\"session\":%u,\"explain\":", ev->session);
	json_string(ev->explain ? ev->explain : "", out);
	/* only on lines inside TLS, so plaintext lessons keep their lines */
	fputs(ev->tls ? ",\"tls\":true}\n" : "}\n", out);
}

void render_json_string(const char *s, FILE *out)
{
	json_string(s, out);
}

void render_json(const trace_t *t, FILE *out)
{
	for (size_t i = 0; i < trace_count(t); i++)
		render_json_event(trace_get(t, i), out);
}
