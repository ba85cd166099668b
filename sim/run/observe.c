/* observe.c — the observer's view of a link (see observe.h). A host belongs
 * to a box of the picture: smith-pc 2, smtp.isp 3, mail.corp 4, boss-pc 5,
 * ns.isp the resolver; an event crosses a link when its two ends are the
 * link's two boxes. Secrets are recognised the way a sniffer (dsniff) does:
 * per session, USER then PASS; AUTH PLAIN with its response; AUTH LOGIN with
 * its two responses. Lines inside TLS are records to the observer: no secret. */
#include "run/observe.h"

#include <stdio.h>
#include <string.h>

#include "run/scenario.h"
#include "core/util.h"

static const struct {
	const char *name;
	observe_link_t l;
} names[] = {
	{ "2-3", { HOP_2, HOP_3 } },
	{ "3-4", { HOP_3, HOP_4 } },
	{ "4-5", { HOP_4, HOP_5A } },
	{ "3-dns", { HOP_3, SC_HOP_DNS } },
};
#define NNAMES (sizeof names / sizeof names[0])

int observe_link_parse(const char *s, observe_link_t *out)
{
	const char *dash = s ? strchr(s, '-') : NULL;
	for (size_t i = 0; dash && i < NNAMES; i++) {
		const char *n = names[i].name, *nd = strchr(n, '-');
		size_t la = (size_t)(nd - n);
		int fwd = (size_t)(dash - s) == la && !strncmp(s, n, la) && str_ieq(dash + 1, nd + 1);
		int back = (size_t)(dash - s) == strlen(nd + 1) && !strncmp(s, nd + 1, strlen(nd + 1)) &&
			   strlen(dash + 1) == la && !strncmp(dash + 1, n, la);
		if (fwd || back) {
			*out = names[i].l;
			return 0;
		}
	}
	return -1;
}

const char *observe_link_name(observe_link_t l)
{
	for (size_t i = 0; i < NNAMES; i++)
		if (names[i].l.a == l.a && names[i].l.b == l.b)
			return names[i].name;
	return "?";
}

/* The box of a host name, or -1. Without a world (a front end holding only
 * the trace), the default world's names: scenarios never rename them. */
static int box_of(world_t *w, const char *host)
{
	static const char *const dflt[] = {
		"smith-pc.isp.example", "smtp.isp.example", "mail.corp.example", "boss-pc.corp.example",
		"ns.isp.example",
	};
	static const int boxes[] = { HOP_2, HOP_3, HOP_4, HOP_5A, SC_HOP_DNS };
	if (!host[0])
		return -1;
	for (int i = 0; i < 5; i++) {
		node_t *n = !w ? NULL : i == 0 ? w->smith_pc : i == 1 ? w->isp : i == 2 ? w->corp
			    : i == 3 ? w->boss_pc : w->ns;
		if (str_ieq(host, n ? node_name(n) : dflt[i]))
			return boxes[i];
	}
	return -1;
}

static int travels(ev_kind_t k)
{
	switch (k) {
	case EV_CONNECT: case EV_ACCEPT: case EV_REFUSED: case EV_CLOSE: case EV_ABORT:
	case EV_CMD: case EV_REPLY: case EV_DATA: case EV_DNS_QUERY: case EV_DNS_ANSWER:
	case EV_TLS:
		return 1;
	default:
		return 0;
	}
}

int observe_crosses(world_t *w, const trace_event_t *ev, observe_link_t l)
{
	if (!travels(ev->kind))
		return 0;
	int a = box_of(w, ev->from), b = box_of(w, ev->to);
	if (a < 0 || b < 0)
		return 0;
	return ((hop_t)a == l.a && (hop_t)b == l.b) || ((hop_t)a == l.b && (hop_t)b == l.a);
}

/* What one session has said so far, as far as credentials go. */
typedef struct sess {
	unsigned id;
	char user[128];          /* POP3 USER, or the AUTH LOGIN user name */
	int auth;                /* 0, or AUTH_PLAIN / AUTH_LOGIN awaiting responses */
	char from[128], to[128]; /* SMTP: the envelope of the message in DATA */
	int subject_seen;        /* its Subject: was read (one secret per message) */
} sess_t;

enum { AUTH_NONE, AUTH_PLAIN, AUTH_LOGIN_USER, AUTH_LOGIN_PASS };
#define SESSIONS_MAX 64

static sess_t *sess_of(sess_t *ss, size_t *n, unsigned id)
{
	for (size_t i = 0; i < *n; i++)
		if (ss[i].id == id)
			return &ss[i];
	sess_t *s = &ss[*n < SESSIONS_MAX ? (*n)++ : SESSIONS_MAX - 1];
	memset(s, 0, sizeof *s);
	s->id = id;
	return s;
}

/* base64 to visible text; 0, or -1 when it is not base64. */
static int decoded(const char *b64, strbuf_t *out)
{
	strbuf_t raw = STRBUF_INIT;
	int rc = base64_decode(b64, strlen(b64), &raw);
	if (rc == 0)
		sb_append(out, raw.buf ? raw.buf : "", raw.len);
	sb_free(&raw);
	return rc;
}

/* RFC 4616: [authzid] NUL authcid NUL passwd -> "authcid / passwd". */
static int plain_secret(const char *b64, char *text, size_t size)
{
	strbuf_t d = STRBUF_INIT;
	int ok = decoded(b64, &d) == 0;
	const char *p = d.buf, *end = d.buf + d.len;
	const char *n1 = ok && p ? memchr(p, '\0', d.len) : NULL;
	const char *n2 = n1 ? memchr(n1 + 1, '\0', (size_t)(end - n1 - 1)) : NULL;
	if (n2)
		snprintf(text, size, "AUTH PLAIN %.*s / %.*s", (int)(n2 - n1 - 1), n1 + 1,
			 (int)(end - n2 - 1), n2 + 1);
	sb_free(&d);
	return n2 != NULL;
}

/* One client line of a session seen in clear: a secret into text, 1. */
static int secret_in(sess_t *s, const trace_event_t *ev, char *text, size_t size)
{
	const char *line = ev->text;
	int smtp = !strcmp(ev->proto, "SMTP");
	if (smtp && s->auth != AUTH_NONE && !strcmp(ev->explain, "smtp:auth-response")) {
		strbuf_t d = STRBUF_INIT;
		int r = 0;
		if (s->auth == AUTH_PLAIN) {
			r = plain_secret(line, text, size);
			s->auth = AUTH_NONE;
		} else if (s->auth == AUTH_LOGIN_USER && decoded(line, &d) == 0) {
			snprintf(s->user, sizeof s->user, "%s", sb_str(&d));
			s->auth = AUTH_LOGIN_PASS;
		} else if (s->auth == AUTH_LOGIN_PASS && decoded(line, &d) == 0) {
			snprintf(text, size, "AUTH LOGIN %s / %s", s->user, sb_str(&d));
			s->auth = AUTH_NONE;
			r = 1;
		}
		sb_free(&d);
		return r;
	}
	if (smtp && str_iprefix(line, "AUTH PLAIN")) {
		const char *init = line + 10;
		init += strspn(init, " ");
		s->auth = *init ? AUTH_NONE : AUTH_PLAIN;
		return *init && plain_secret(init, text, size);
	}
	if (smtp && str_iprefix(line, "AUTH LOGIN")) {
		const char *init = line + 10;
		init += strspn(init, " ");
		strbuf_t d = STRBUF_INIT;
		if (*init && decoded(init, &d) == 0) {   /* an initial response is the user name */
			snprintf(s->user, sizeof s->user, "%s", sb_str(&d));
			s->auth = AUTH_LOGIN_PASS;
		} else {
			s->auth = AUTH_LOGIN_USER;
		}
		sb_free(&d);
		return 0;
	}
	if (smtp && str_iprefix(line, "MAIL FROM:")) {
		snprintf(s->from, sizeof s->from, "%.*s", (int)strcspn(line + 10, " "), line + 10);
		s->to[0] = '\0';
		s->subject_seen = 0;
		return 0;
	}
	if (smtp && str_iprefix(line, "RCPT TO:") && !s->to[0]) {
		snprintf(s->to, sizeof s->to, "%.*s", (int)strcspn(line + 8, " "), line + 8);
		return 0;
	}
	if (!smtp && (str_iprefix(line, "RETR ") || str_iprefix(line, "TOP "))) {
		s->subject_seen = 0;
		return 0;
	}
	if (!smtp && str_iprefix(line, "USER ")) {
		snprintf(s->user, sizeof s->user, "%s", line + 5);
		return 0;
	}
	if (!smtp && str_iprefix(line, "PASS ")) {
		snprintf(text, size, "PASS %s (POP3, %s)", line + 5, s->user[0] ? s->user : "?");
		return 1;
	}
	return 0;
}

/* A line of a message in clear: its Subject: is the secret's name. */
static int message_in(sess_t *s, const trace_event_t *ev, char *text, size_t size)
{
	if (s->subject_seen || !str_iprefix(ev->text, "Subject:"))
		return 0;
	s->subject_seen = 1;
	const char *subj = ev->text + 8;
	subj += strspn(subj, " ");
	if (!strcmp(ev->proto, "SMTP"))
		snprintf(text, size, "message \"%.80s\" %.80s -> %.80s (SMTP DATA)", subj, s->from, s->to);
	else
		snprintf(text, size, "message \"%.100s\" (POP3, %.100s)", subj, s->user[0] ? s->user : "?");
	return 1;
}

size_t observe_secrets(world_t *w, const trace_t *t, size_t upto, observe_link_t l,
		       observe_secret_t *out, size_t max)
{
	sess_t ss[SESSIONS_MAX];
	size_t nss = 0, n = 0;
	for (size_t i = 0; i < upto && i < trace_count(t); i++) {
		const trace_event_t *ev = trace_get(t, i);
		if ((ev->kind != EV_CMD && ev->kind != EV_DATA) || ev->tls || !observe_crosses(w, ev, l))
			continue;
		char text[sizeof out->text];
		sess_t *s = sess_of(ss, &nss, ev->session);
		if (ev->kind == EV_DATA ? !message_in(s, ev, text, sizeof text) : !secret_in(s, ev, text, sizeof text))
			continue;
		if (n < max) {
			out[n].event = i;
			snprintf(out[n].text, sizeof out[n].text, "%s", text);
		}
		n++;
	}
	return n;
}
