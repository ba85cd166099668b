/* eavesdrop.c — the observer's capture (see eavesdrop.h).
 *
 * A segment is what one write put on the wire: consecutive protocol lines of
 * one session, in one direction, at one moment, all in clear or all inside
 * TLS (a server's multi-line EHLO reply, a client's whole message). Inside
 * TLS it is one application-data record per write (tls_record.h), so the
 * observer learns its size: the lines' octets with their CRLFs plus the
 * record overhead. The handshake's messages are shown as what crosses in
 * clear: the ClientHello's server name, then records. */
#include "lesson/eavesdrop.h"

#include <stdlib.h>
#include <string.h>

#include "core/tls_record.h"
#include "core/util.h"

struct eaves {
	world_t *w;
	const trace_t *t;
	observe_link_t l;
	eaves_seg_t *segs;
	size_t n, cap;
};

static eaves_seg_t *push(eaves_t *e, const trace_event_t *ev, size_t i)
{
	if (e->n == e->cap) {
		e->cap = e->cap ? 2 * e->cap : 64;
		e->segs = xrealloc(e->segs, e->cap * sizeof *e->segs);
	}
	eaves_seg_t *s = &e->segs[e->n++];
	*s = (eaves_seg_t){ .event = i, .last = i, .t_us = ev->t_us, .from = ev->from, .to = ev->to };
	return s;
}

static int is_line(const trace_event_t *ev)
{
	return ev->kind == EV_CMD || ev->kind == EV_REPLY || ev->kind == EV_DATA;
}

/* Does ev continue the segment s (same write)? */
static int continues(const eaves_t *e, const eaves_seg_t *s, const trace_event_t *ev)
{
	const trace_event_t *first = trace_get(e->t, s->event);
	return is_line(first) && is_line(ev) && first->session == ev->session && first->t_us == ev->t_us &&
	       !strcmp(first->from, ev->from) && first->tls == ev->tls;
}

/* What the observer reads of a line in clear, with credentials decoded. */
static void mark_line(const trace_event_t *ev, strbuf_t *out, int *secret)
{
	strbuf_t vis = STRBUF_INIT, raw = STRBUF_INIT;
	str_visible(ev->text, strlen(ev->text), &vis);
	sb_puts(out, sb_str(&vis));
	const char *b64 = NULL;
	if (!strcmp(ev->explain, "smtp:auth-response"))
		b64 = ev->text;
	else if (str_iprefix(ev->text, "AUTH PLAIN ") || str_iprefix(ev->text, "AUTH LOGIN "))
		b64 = ev->text + 11 + strspn(ev->text + 11, " ");
	if (b64 && *b64 && base64_decode(b64, strlen(b64), &raw) == 0) {
		sb_clear(&vis);
		str_visible(raw.buf ? raw.buf : "", raw.len, &vis);
		sb_printf(out, "  <-- base64 of \"%s\": an encoding, not encryption", sb_str(&vis));
		*secret = 1;
	} else if (!strcmp(ev->proto, "POP3") && str_iprefix(ev->text, "PASS ")) {
		sb_puts(out, "  <-- the password, as typed");
		*secret = 1;
	}
	sb_free(&vis);
	sb_free(&raw);
}

/* The certificate's name in a ServerHello event's text. */
static void cert_of(const char *text, char *buf, size_t size)
{
	const char *p = strstr(text, "certificate for ");
	p = p ? p + 16 : "";
	snprintf(buf, size, "%.*s", (int)strcspn(p, ", "), p);
}

/* A handshake event: what crossed in clear, and its size. */
static void tls_segment(eaves_seg_t *s, const trace_event_t *ev, strbuf_t *out)
{
	strbuf_t rec = STRBUF_INIT;
	char name[256];
	if (!strcmp(ev->explain, "tls:ClientHello")) {
		s->bytes = tlsrec_client_hello(&rec, ev->to, 0);
		sb_printf(out, "[TLS ClientHello, %zu bytes: server name %s, in clear]", s->bytes, ev->to);
		s->readable = 1;
	} else if (!strcmp(ev->explain, "tls:ServerHello")) {
		cert_of(ev->text, name, sizeof name);
		s->bytes = tlsrec_server_flight(&rec, name, 0);
		sb_printf(out, "[TLS ServerHello and an encrypted record (the certificate), %zu bytes]", s->bytes);
	} else if (!strcmp(ev->explain, "tls:bad-certificate")) {
		s->bytes = tlsrec_alert(&rec);
		sb_printf(out, "[TLS alert, %zu bytes]", s->bytes);
	} else {
		s->bytes = tlsrec_client_finished(&rec, 0);
		sb_printf(out, "[TLS record, %zu bytes]", s->bytes);
	}
	sb_free(&rec);
}

/* Close the segment being built: its text and, inside TLS, its size. */
static void finish(eaves_seg_t *s, strbuf_t *text, size_t plain, int tls)
{
	if (tls) {
		s->bytes = tlsrec_app_wire_len(plain);
		sb_clear(text);
		sb_printf(text, "[TLS record, %zu bytes]", s->bytes);
	} else if (plain) {
		s->bytes = plain;
	}
	s->text = sb_steal(text);
}

eaves_t *eaves_new(world_t *w, const trace_t *t, observe_link_t l)
{
	eaves_t *e = xcalloc(1, sizeof *e);
	e->w = w;
	e->t = t;
	e->l = l;
	strbuf_t text = STRBUF_INIT;
	size_t plain = 0;
	int tls = 0;
	eaves_seg_t *cur = NULL;
	for (size_t i = 0; i < trace_count(t); i++) {
		const trace_event_t *ev = trace_get(t, i);
		if (!observe_crosses(w, ev, l) || !strcmp(ev->explain, "tls:unverified"))
			continue;
		if (cur && continues(e, cur, ev)) {
			sb_puts(&text, " | ");
		} else {
			if (cur)
				finish(cur, &text, plain, tls);
			cur = push(e, ev, i);
			plain = 0;
			tls = ev->tls && is_line(ev);
			cur->readable = !tls;
		}
		cur->last = i;
		if (ev->kind == EV_TLS) {
			tls_segment(cur, ev, &text);
		} else if (is_line(ev)) {
			plain += strlen(ev->text) + 2;
			if (!tls)
				mark_line(ev, &text, &cur->secret);
		} else {
			/* TCP and DNS headers are never encrypted */
			sb_puts(&text, ev->kind == EV_DNS_QUERY || ev->kind == EV_DNS_ANSWER ? "DNS " : "TCP ");
			str_visible(ev->text, strlen(ev->text), &text);
		}
	}
	if (cur)
		finish(cur, &text, plain, tls);
	sb_free(&text);
	return e;
}

void eaves_free(eaves_t *e)
{
	if (!e)
		return;
	for (size_t i = 0; i < e->n; i++)
		free(e->segs[i].text);
	free(e->segs);
	free(e);
}

observe_link_t eaves_link(const eaves_t *e)
{
	return e->l;
}

size_t eaves_count(const eaves_t *e)
{
	return e->n;
}

const eaves_seg_t *eaves_seg(const eaves_t *e, size_t i)
{
	return i < e->n ? &e->segs[i] : NULL;
}

size_t eaves_upto(const eaves_t *e, size_t event)
{
	size_t n = 0;
	while (n < e->n && e->segs[n].event <= event)
		n++;
	return n;
}

size_t eaves_secrets(const eaves_t *e, size_t event, observe_secret_t *out, size_t max)
{
	return observe_secrets(e->w, e->t, event + 1, e->l, out, max);
}

#define PRINT_SECRETS_MAX 64

void eaves_print(const eaves_t *e, FILE *out)
{
	fprintf(out, "A passive observer on link %s captured %zu segment%s (TLS in this world is "
		"simulated: records of the right sizes, no real cryptography):\n",
		observe_link_name(e->l), e->n, e->n == 1 ? "" : "s");
	for (size_t i = 0; i < e->n; i++) {
		const eaves_seg_t *s = &e->segs[i];
		char t[32];
		fmt_sim_time(s->t_us, t, sizeof t);
		fprintf(out, "%11s  %s -> %s  %s\n", t, s->from, s->to, s->text);
	}
	observe_secret_t sec[PRINT_SECRETS_MAX];
	size_t n = eaves_secrets(e, trace_count(e->t), sec, PRINT_SECRETS_MAX);
	fputc('\n', out);
	if (n == 0)
		fputs("secrets: none\n", out);
	for (size_t i = 0; i < n && i < PRINT_SECRETS_MAX; i++)
		fprintf(out, "secret: %s\n", sec[i].text);
}
