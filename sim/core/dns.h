/* dns.h — the ISP's resolver (ns.isp.example) and its zone data.
 *
 * A lookup is a round trip over the link from the asking node to the resolver;
 * the query and the answer are traced (EV_DNS_QUERY / EV_DNS_ANSWER, proto
 * "DNS") in zone-file syntax: "MX corp.example?" and
 * "corp.example. MX 10 mail.corp.example." For MX lookups the resolver also
 * looks up the address of each exchanger, as a resolver's additional section
 * would. RFC 5321 5.1: MX records are tried in preference order (equal
 * preferences in random order, from the run's PRNG); no MX but an A record is
 * an implicit MX of preference 0; NXDOMAIN is permanent; a resolver that is
 * down answers nothing, and the lookup times out (temporary). */
#ifndef MP_DNS_H
#define MP_DNS_H

#include <stdint.h>

#include "core/net.h"

#define DNS_TIMEOUT_US (5LL * 1000000)   /* resolv.conf's default timeout */
#define DNS_MX_MAX 8

typedef enum dns_rcode {
	DNS_OK,
	DNS_NXDOMAIN,    /* the domain does not exist: permanent */
	DNS_NODATA,      /* the domain exists, but has neither MX nor A */
	DNS_SERVFAIL,    /* server failure: temporary */
	DNS_TIMEOUT,     /* no answer: temporary */
} dns_rcode_t;

typedef struct dns_mx_result {
	dns_rcode_t rcode;
	int implicit;          /* 1 when the A record stood in for a missing MX */
	int n;
	struct {
		int pref;
		char host[256];
		char addr[64];     /* "" when the exchanger has no A record */
	} mx[DNS_MX_MAX];
} dns_mx_result_t;

typedef struct dns dns_t;
typedef void (*dns_mx_fn)(void *ctx, const dns_mx_result_t *r);

dns_t *dns_new(net_t *n, node_t *server);
void dns_free(dns_t *d);
node_t *dns_server(const dns_t *d);

void dns_add_mx(dns_t *d, const char *domain, int pref, const char *host);
void dns_remove_mx(dns_t *d, const char *domain);     /* all MX records of domain */
void dns_add_a(dns_t *d, const char *host, const char *addr);
void dns_remove_a(dns_t *d, const char *host);
void dns_set_nxdomain(dns_t *d, const char *domain);  /* domain and its records vanish */
void dns_set_servfail(dns_t *d, int on);              /* every answer is SERVFAIL */

/* Look up the mail exchangers for domain, asked by `client`; cb runs later. */
void dns_lookup_mx(dns_t *d, node_t *client, const char *domain, hop_t hop,
		   dns_mx_fn cb, void *ctx);

const char *dns_rcode_name(dns_rcode_t rc);   /* "NOERROR", "NXDOMAIN", ... */

/* ---- the capture tap (pcap exports) ----
 * Each DNS message the lookups put on the wire, as it is SENT: a query when
 * the asking node sends it (also when it will be lost), an answer when the
 * resolver sends it, one latency later (the tap is called when the answer
 * arrives, so answers reach it up to one latency late: a reader that wants
 * time order sorts by t_us). A lost answer or a timeout sends nothing. Every
 * record of an answer belongs to the question's name. Query IDs count up
 * from 1 per resolver. */
#define DNS_TYPE_A 1
#define DNS_TYPE_MX 15

typedef struct dns_message {
	int64_t t_us;              /* simulated time it is sent */
	int response;              /* 0 query (client -> server), 1 answer */
	uint16_t id;
	const node_t *client, *server;
	const char *qname;         /* without the trailing dot */
	int qtype;                 /* DNS_TYPE_MX or DNS_TYPE_A */
	dns_rcode_t rcode;         /* answers: DNS_OK, DNS_NODATA, DNS_NXDOMAIN, DNS_SERVFAIL */
	int nanswers;
	struct {
		int type;              /* DNS_TYPE_MX or DNS_TYPE_A */
		int pref;              /* MX */
		const char *data;      /* MX: the exchanger; A: the dotted address */
	} answer[DNS_MX_MAX];
} dns_message_t;

typedef void (*dns_tap_fn)(void *ctx, const dns_message_t *m);

/* One tap per resolver; fn NULL removes it. */
void dns_set_tap(dns_t *d, dns_tap_fn fn, void *ctx);

#endif
