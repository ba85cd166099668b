/* trace_json.c — one trace event as JSON, and the prefix of a line. */
#include "core/trace_json.h"

#include <string.h>

const char *trace_prefix(const trace_event_t *ev)
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

static void json_string(const char *s, int html, FILE *out);

void trace_json_string(const char *s, FILE *out)
{
	json_string(s, 0, out);
}

void trace_json_string_html(const char *s, FILE *out)
{
	json_string(s, 1, out);
}

/* RFC 8259 7: escape quotes, backslashes and control characters; bytes that
 * are not valid UTF-8 become U+FFFD so that every line is valid JSON. */
static void json_string(const char *s, int html, FILE *out)
{
	fputc('"', out);
	for (const unsigned char *p = (const unsigned char *)s; *p;) {
		const unsigned char *run = p;
		while (*run >= 0x20 && *run < 0x7F && *run != '"' && *run != '\\' &&
		       !(html && (*run == '<' || *run == '>' || *run == '&')))
			run++;
		if (run > p) {          /* plain ASCII, the common case, in one write */
			fwrite(p, 1, (size_t)(run - p), out);
			p = run;
			continue;
		}
		unsigned char c = *p;
		if (c == '"' || c == '\\') {
			fprintf(out, "\\%c", c);
		} else if (c < 0x20 || c == 0x7F || (html && (c == '<' || c == '>' || c == '&'))) {
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

void trace_json_event(const trace_t *t, const trace_event_t *ev, FILE *out)
{
	fprintf(out, "{\"t\":%lld.%06lld,\"hop\":", (long long)(ev->t_us / 1000000), (long long)(ev->t_us % 1000000));
	trace_json_string(hop_label(ev->hop), out);
	fputs(",\"kind\":", out);
	trace_json_string(ev_kind_name(ev->kind), out);
	fputs(",\"from\":", out);
	trace_json_string(ev->from, out);
	fputs(",\"to\":", out);
	trace_json_string(ev->to, out);
	fputs(",\"text\":", out);
	trace_json_string(ev->text, out);
	fputs(",\"proto\":", out);
	trace_json_string(ev->proto ? ev->proto : "", out);
	fprintf(out, ",\"session\":%u,\"explain\":", ev->session);
	trace_json_string(ev->explain ? ev->explain : "", out);
	int vs = view_session_of(ev);
	if (t && ev->kind == EV_STATE && vs >= 0) {
		/* What each end of this session believes after this event. */
		const view_belief_t *b = &trace_view(t, ev->view)->belief[vs];
		fputs(",\"client_believes\":", out);
		trace_json_string(b->client, out);
		fputs(",\"server_believes\":", out);
		trace_json_string(b->server, out);
	}
	/* only on lines inside TLS, so plaintext lessons keep their lines */
	if (ev->tls)
		fputs(",\"tls\":true", out);
	fputc('}', out);
}
