/* dns.c — the ISP's resolver and its zone: MX and A records.
 *
 * DNS is UDP: no connection, just a query and an answer one round trip
 * (2 x the latency between the asking node and the resolver) apart. An MX
 * lookup of corp.example traces, all with proto "DNS" and the caller's hop:
 *
 *   client -> resolver  dns-query   MX corp.example?                    dns:query
 *   resolver -> client  dns-answer  corp.example. MX 10 mail.corp.example.  dns:MX
 *                                   (one per record, in the order they will be tried)
 *   client -> resolver  dns-query   A mail.corp.example?                dns:query
 *   resolver -> client  dns-answer  mail.corp.example. A 192.0.2.25     dns:A
 *                                   (one A round trip per exchanger, in order)
 * then the callback gets the result. The fallbacks (RFC 5321 5.1):
 *   no MX, but an A record     "corp.example. has no MX record: its A record
 *                              stands in (RFC 5321 5.1)" (dns:implicit-mx), then
 *                              the A round trip; result implicit, one entry of
 *                              preference 0 whose host is the domain.
 *   no such name               "corp.example: NXDOMAIN (no such domain)"  DNS_NXDOMAIN
 *   a name with neither        "corp.example: NODATA (no MX or A record)" DNS_NODATA
 *   dns_set_servfail           "corp.example: SERVFAIL (server failure)"  DNS_SERVFAIL
 *   resolver or link down      no answer: DNS_TIMEOUT_US after the query,
 *                              "no answer from ns.isp.example: timed out" (dns:timeout)
 * An exchanger without an address keeps addr "" (traced as NXDOMAIN, NODATA or
 * SERVFAIL for its A query). A name exists once a record was added for it and
 * until dns_set_nxdomain; names compare case-insensitively, a trailing dot
 * ignored. Lookups still pending at dns_free are dropped without a callback
 * (the scheduler must not run them afterwards). */
#include "core/dns.h"

#include <assert.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "core/rng.h"
#include "core/sched.h"
#include "core/util.h"

typedef enum rtype { RR_A, RR_MX } rtype_t;

typedef struct record {
	rtype_t type;
	char *owner;     /* normalized name */
	int pref;        /* MX only */
	char *value;     /* MX: exchanger (normalized); A: the address */
} record_t;

typedef struct lookup {
	dns_t *d;
	node_t *client;
	char *domain;
	hop_t hop;
	dns_mx_fn cb;
	void *ctx;
	int64_t t_query;
	int next_a;              /* the exchanger whose A record is asked next */
	uint16_t qid;            /* the ID of the query in flight (capture tap) */
	dns_mx_result_t res;
	struct lookup *next;
} lookup_t;

struct dns {
	net_t *net;
	node_t *server;
	record_t *recs;
	size_t nrecs;
	char **names;            /* names that exist */
	size_t nnames;
	int servfail;
	lookup_t *pending;
	uint16_t nqueries;       /* query IDs for the capture tap */
	dns_tap_fn tap;
	void *tap_ctx;
};

/* ---- the zone ---- */

/* Lowercase, without a trailing dot. */
static char *normalize(const char *name)
{
	char *s = xstrdup(name);
	str_lower(s);
	size_t len = strlen(s);
	if (len > 0 && s[len - 1] == '.')
		s[len - 1] = '\0';
	return s;
}

/* name is `domain` or lies below it. */
static int in_domain(const char *name, const char *domain)
{
	size_t ln = strlen(name), ld = strlen(domain);
	if (ln == ld)
		return strcmp(name, domain) == 0;
	return ln > ld && name[ln - ld - 1] == '.' && strcmp(name + ln - ld, domain) == 0;
}

static int name_exists(const dns_t *d, const char *name)
{
	for (size_t i = 0; i < d->nnames; i++)
		if (strcmp(d->names[i], name) == 0)
			return 1;
	return 0;
}

static void name_add(dns_t *d, const char *name)
{
	if (name_exists(d, name))
		return;
	d->names = xgrow(d->names, d->nnames, sizeof *d->names);
	d->names[d->nnames++] = xstrdup(name);
}

static void rec_free(record_t *r)
{
	free(r->owner);
	free(r->value);
}

/* Remove the records for which drop(record, key) holds. */
static void recs_remove(dns_t *d, int (*drop)(const record_t *, const char *), const char *key)
{
	size_t k = 0;
	for (size_t i = 0; i < d->nrecs; i++) {
		if (drop(&d->recs[i], key))
			rec_free(&d->recs[i]);
		else
			d->recs[k++] = d->recs[i];
	}
	d->nrecs = k;
}

static int is_mx_of(const record_t *r, const char *owner)
{
	return r->type == RR_MX && strcmp(r->owner, owner) == 0;
}

static int is_a_of(const record_t *r, const char *owner)
{
	return r->type == RR_A && strcmp(r->owner, owner) == 0;
}

static int is_under(const record_t *r, const char *domain)
{
	return in_domain(r->owner, domain);
}

static void rec_add(dns_t *d, rtype_t type, const char *owner, int pref, const char *value)
{
	name_add(d, owner);
	d->recs = xgrow(d->recs, d->nrecs, sizeof *d->recs);
	d->recs[d->nrecs++] = (record_t){ .type = type, .owner = xstrdup(owner), .pref = pref,
					  .value = xstrdup(value) };
}

void dns_add_mx(dns_t *d, const char *domain, int pref, const char *host)
{
	char *dom = normalize(domain), *h = normalize(host);
	record_t *same = NULL;
	for (size_t i = 0; i < d->nrecs && !same; i++)
		if (is_mx_of(&d->recs[i], dom) && strcmp(d->recs[i].value, h) == 0)
			same = &d->recs[i];
	if (same)
		same->pref = pref;   /* the same exchanger again: a new preference */
	else
		rec_add(d, RR_MX, dom, pref, h);
	free(dom);
	free(h);
}

void dns_remove_mx(dns_t *d, const char *domain)
{
	char *dom = normalize(domain);
	recs_remove(d, is_mx_of, dom);
	free(dom);
}

void dns_add_a(dns_t *d, const char *host, const char *addr)
{
	char *h = normalize(host);
	recs_remove(d, is_a_of, h);   /* one address per host */
	rec_add(d, RR_A, h, 0, addr);
	free(h);
}

void dns_remove_a(dns_t *d, const char *host)
{
	char *h = normalize(host);
	recs_remove(d, is_a_of, h);
	free(h);
}

void dns_set_nxdomain(dns_t *d, const char *domain)
{
	/* the domain and every name below it vanish, as in a real zone */
	char *dom = normalize(domain);
	recs_remove(d, is_under, dom);
	size_t k = 0;
	for (size_t i = 0; i < d->nnames; i++) {
		if (in_domain(d->names[i], dom))
			free(d->names[i]);
		else
			d->names[k++] = d->names[i];
	}
	d->nnames = k;
	free(dom);
}

void dns_set_servfail(dns_t *d, int on)
{
	d->servfail = on != 0;
}

static const record_t *find_a(const dns_t *d, const char *host)
{
	for (size_t i = 0; i < d->nrecs; i++)
		if (is_a_of(&d->recs[i], host))
			return &d->recs[i];
	return NULL;
}

/* ---- life cycle ---- */

dns_t *dns_new(net_t *n, node_t *server)
{
	assert(n && server);
	dns_t *d = xcalloc(1, sizeof *d);
	d->net = n;
	d->server = server;
	return d;
}

static void lookup_free(lookup_t *lk)
{
	free(lk->domain);
	free(lk);
}

void dns_free(dns_t *d)
{
	if (!d)
		return;
	for (size_t i = 0; i < d->nrecs; i++)
		rec_free(&d->recs[i]);
	free(d->recs);
	for (size_t i = 0; i < d->nnames; i++)
		free(d->names[i]);
	free(d->names);
	while (d->pending) {
		lookup_t *next = d->pending->next;
		lookup_free(d->pending);
		d->pending = next;
	}
	free(d);
}

node_t *dns_server(const dns_t *d)
{
	return d->server;
}

const char *dns_rcode_name(dns_rcode_t rc)
{
	static const char *const names[] = {
		[DNS_OK] = "NOERROR", [DNS_NXDOMAIN] = "NXDOMAIN", [DNS_NODATA] = "NODATA",
		[DNS_SERVFAIL] = "SERVFAIL", [DNS_TIMEOUT] = "TIMEOUT",
	};
	return (unsigned)rc < sizeof names / sizeof names[0] ? names[rc] : "?";
}

/* ---- the capture tap: the messages on the wire (dns.h) ---- */

void dns_set_tap(dns_t *d, dns_tap_fn fn, void *ctx)
{
	d->tap = fn;
	d->tap_ctx = fn ? ctx : NULL;
}

/* A message of the lookup's current query; an answer is stamped when the
 * resolver sent it, halfway between the query and the answer's arrival. */
static dns_message_t tap_message(const lookup_t *lk, int response, int qtype, const char *qname)
{
	int64_t t = sched_now(net_sched(lk->d->net));
	return (dns_message_t){
		.t_us = response ? lk->t_query + (t - lk->t_query) / 2 : t,
		.response = response, .id = lk->qid, .client = lk->client,
		.server = lk->d->server, .qname = qname, .qtype = qtype, .rcode = DNS_OK,
	};
}

static void tap_send(const lookup_t *lk, const dns_message_t *m)
{
	if (lk->d->tap)
		lk->d->tap(lk->d->tap_ctx, m);
}

static void tap_rcode(const lookup_t *lk, int qtype, const char *qname, dns_rcode_t rc)
{
	dns_message_t m = tap_message(lk, 1, qtype, qname);
	m.rcode = rc;
	tap_send(lk, &m);
}

/* ---- lookups ---- */

static void dns_trace(lookup_t *lk, ev_kind_t kind, const char *key, const char *text)
{
	trace_t *t = net_trace(lk->d->net);
	if (!t)
		return;
	int query = kind == EV_DNS_QUERY;
	const char *c = node_name(lk->client), *s = node_name(lk->d->server);
	trace_meta_t m = { .hop = lk->hop, .kind = kind, .proto = "DNS",
			   .from = query ? c : s, .to = query ? s : c, .explain = key };
	trace_emit_text(t, &m, text, strlen(text));
}

static void finish(lookup_t *lk, dns_rcode_t rc)
{
	dns_t *d = lk->d;
	lk->res.rcode = rc;
	if (rc != DNS_OK) {
		lk->res.n = 0;
		lk->res.implicit = 0;
	}
	for (lookup_t **pp = &d->pending; *pp; pp = &(*pp)->next) {
		if (*pp == lk) {
			*pp = lk->next;
			break;
		}
	}
	lk->cb(lk->ctx, &lk->res);
	lookup_free(lk);
}

static void ev_timeout(void *arg)
{
	lookup_t *lk = arg;
	char text[300];
	snprintf(text, sizeof text, "no answer from %s: timed out", node_name(lk->d->server));
	dns_trace(lk, EV_DNS_ANSWER, "dns:timeout", text);
	finish(lk, DNS_TIMEOUT);
}

static void send_query(lookup_t *lk, const char *type, const char *name, sched_fn answer)
{
	net_t *n = lk->d->net;
	char text[300];
	snprintf(text, sizeof text, "%s %s?", type, name);
	dns_trace(lk, EV_DNS_QUERY, "dns:query", text);
	lk->t_query = sched_now(net_sched(n));
	lk->qid = ++lk->d->nqueries;
	dns_message_t m = tap_message(lk, 0, type[0] == 'M' ? DNS_TYPE_MX : DNS_TYPE_A, name);
	tap_send(lk, &m);
	if (!net_reachable(n, lk->client, lk->d->server))
		sched_after(net_sched(n), DNS_TIMEOUT_US, ev_timeout, lk);
	else
		sched_after(net_sched(n), 2 * net_latency(n, lk->client, lk->d->server), answer, lk);
}

/* The answer is lost when the resolver or the path went down meanwhile. */
static int answer_lost(lookup_t *lk)
{
	net_t *n = lk->d->net;
	if (net_reachable(n, lk->client, lk->d->server))
		return 0;
	sched_at(net_sched(n), lk->t_query + DNS_TIMEOUT_US, ev_timeout, lk);
	return 1;
}

static void ev_a_answer(void *arg);

static void query_next_a(lookup_t *lk)
{
	if (lk->next_a == lk->res.n)
		finish(lk, DNS_OK);
	else
		send_query(lk, "A", lk->res.mx[lk->next_a].host, ev_a_answer);
}

static void ev_a_answer(void *arg)
{
	lookup_t *lk = arg;
	if (answer_lost(lk))
		return;
	dns_t *d = lk->d;
	const char *host = lk->res.mx[lk->next_a].host;
	const record_t *a = find_a(d, host);
	char text[400];
	dns_message_t m = tap_message(lk, 1, DNS_TYPE_A, host);
	if (d->servfail) {
		m.rcode = DNS_SERVFAIL;
		snprintf(text, sizeof text, "%s: SERVFAIL (server failure)", host);
		dns_trace(lk, EV_DNS_ANSWER, "dns:SERVFAIL", text);
	} else if (a) {
		m.nanswers = 1;
		m.answer[0].type = DNS_TYPE_A;
		m.answer[0].data = a->value;
		snprintf(lk->res.mx[lk->next_a].addr, sizeof lk->res.mx[0].addr, "%s", a->value);
		snprintf(text, sizeof text, "%s. A %s", host, a->value);
		dns_trace(lk, EV_DNS_ANSWER, "dns:A", text);
	} else if (!name_exists(d, host)) {
		m.rcode = DNS_NXDOMAIN;
		snprintf(text, sizeof text, "%s: NXDOMAIN (no such domain)", host);
		dns_trace(lk, EV_DNS_ANSWER, "dns:NXDOMAIN", text);
	} else {
		m.rcode = DNS_NODATA;
		snprintf(text, sizeof text, "%s: NODATA (no A record)", host);
		dns_trace(lk, EV_DNS_ANSWER, "dns:NODATA", text);
	}
	tap_send(lk, &m);
	lk->next_a++;
	query_next_a(lk);
}

static void swap_mx(dns_mx_result_t *r, int i, int j)
{
	unsigned char tmp[sizeof r->mx[0]];
	memcpy(tmp, &r->mx[i], sizeof tmp);
	memcpy(&r->mx[i], &r->mx[j], sizeof tmp);
	memcpy(&r->mx[j], tmp, sizeof tmp);
}

/* RFC 5321 5.1: lowest preference first; equal preferences in random order. */
static void sort_mx(dns_mx_result_t *r, struct rng *rng)
{
	for (int i = 1; i < r->n; i++)   /* insertion sort: stable, n <= 8 */
		for (int j = i; j > 0 && r->mx[j].pref < r->mx[j - 1].pref; j--)
			swap_mx(r, j, j - 1);
	for (int lo = 0; lo < r->n && rng;) {
		int hi = lo + 1;
		while (hi < r->n && r->mx[hi].pref == r->mx[lo].pref)
			hi++;
		for (int i = hi - 1; i > lo; i--) {   /* Fisher-Yates within [lo, hi) */
			swap_mx(r, i, lo + (int)rng_below(rng, (uint32_t)(i - lo + 1)));
		}
		lo = hi;
	}
}

static void answer_mx_records(lookup_t *lk)
{
	char text[600];
	for (int i = 0; i < lk->res.n; i++) {
		snprintf(text, sizeof text, "%s. MX %d %s.", lk->domain, lk->res.mx[i].pref,
			 lk->res.mx[i].host);
		dns_trace(lk, EV_DNS_ANSWER, "dns:MX", text);
	}
}

/* The resolver's answer to an MX query: the records, or none (NOERROR). */
static void tap_mx_answer(const lookup_t *lk)
{
	dns_message_t m = tap_message(lk, 1, DNS_TYPE_MX, lk->domain);
	m.rcode = lk->res.n ? DNS_OK : DNS_NODATA;
	m.nanswers = lk->res.n;
	for (int i = 0; i < lk->res.n; i++) {
		m.answer[i].type = DNS_TYPE_MX;
		m.answer[i].pref = lk->res.mx[i].pref;
		m.answer[i].data = lk->res.mx[i].host;
	}
	tap_send(lk, &m);
}

static void ev_mx_answer(void *arg)
{
	lookup_t *lk = arg;
	if (answer_lost(lk))
		return;
	dns_t *d = lk->d;
	dns_mx_result_t *r = &lk->res;
	char text[600];
	if (d->servfail) {
		tap_rcode(lk, DNS_TYPE_MX, lk->domain, DNS_SERVFAIL);
		snprintf(text, sizeof text, "%s: SERVFAIL (server failure)", lk->domain);
		dns_trace(lk, EV_DNS_ANSWER, "dns:SERVFAIL", text);
		finish(lk, DNS_SERVFAIL);
		return;
	}
	if (!name_exists(d, lk->domain)) {
		tap_rcode(lk, DNS_TYPE_MX, lk->domain, DNS_NXDOMAIN);
		snprintf(text, sizeof text, "%s: NXDOMAIN (no such domain)", lk->domain);
		dns_trace(lk, EV_DNS_ANSWER, "dns:NXDOMAIN", text);
		finish(lk, DNS_NXDOMAIN);
		return;
	}
	for (size_t i = 0; i < d->nrecs && r->n < DNS_MX_MAX; i++) {
		if (!is_mx_of(&d->recs[i], lk->domain))
			continue;
		r->mx[r->n].pref = d->recs[i].pref;
		snprintf(r->mx[r->n].host, sizeof r->mx[0].host, "%s", d->recs[i].value);
		r->n++;
	}
	tap_mx_answer(lk);   /* in zone order: the client sorts them next */
	if (r->n > 0) {
		sort_mx(r, net_rng(d->net));
		answer_mx_records(lk);
	} else if (find_a(d, lk->domain)) {
		snprintf(text, sizeof text,
			 "%s. has no MX record: its A record stands in (RFC 5321 5.1)", lk->domain);
		dns_trace(lk, EV_DNS_ANSWER, "dns:implicit-mx", text);
		r->implicit = 1;
		r->n = 1;
		r->mx[0].pref = 0;
		snprintf(r->mx[0].host, sizeof r->mx[0].host, "%s", lk->domain);
	} else {
		snprintf(text, sizeof text, "%s: NODATA (no MX or A record)", lk->domain);
		dns_trace(lk, EV_DNS_ANSWER, "dns:NODATA", text);
		finish(lk, DNS_NODATA);
		return;
	}
	lk->next_a = 0;
	query_next_a(lk);
}

void dns_lookup_mx(dns_t *d, node_t *client, const char *domain, hop_t hop,
		   dns_mx_fn cb, void *ctx)
{
	assert(client && domain && cb);
	lookup_t *lk = xcalloc(1, sizeof *lk);
	*lk = (lookup_t){ .d = d, .client = client, .domain = normalize(domain), .hop = hop,
			  .cb = cb, .ctx = ctx, .next = d->pending };
	d->pending = lk;
	send_query(lk, "MX", lk->domain, ev_mx_answer);
}
