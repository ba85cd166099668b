/* test_pcap.c — the capture: the Internet checksum against RFC 1071's
 * example and a known IPv4 header, the libpcap file header and record
 * timestamps, a whole TCP conversation through the virtual network (the
 * handshake, sequence and acknowledgement numbers, FIN and ACK), payloads
 * split at the MSS, a refused and a lost connection, DNS messages in wire
 * format (RFC 1035 4.1) from the resolver's tap, and packets written in time
 * order even when the taps see them late. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "core/dns.h"
#include "core/net.h"
#include "export/pcap.h"
#include "core/rng.h"
#include "core/sched.h"
#include "suites.h"
#include "core/trace.h"

#define L SCHED_MS(10)
#define EPOCH 1000000000LL
#define MAXPKT 64

/* ---- reading a capture back ---- */

typedef struct cap {
	char *buf;
	size_t len;
	FILE *f;
	pcap_writer_t *pw;
} cap_t;

typedef struct pkt {
	uint32_t sec, usec;
	const unsigned char *ip;
	size_t len;
} pkt_t;

static uint32_t le32(const unsigned char *p)
{
	return (uint32_t)p[0] | (uint32_t)p[1] << 8 | (uint32_t)p[2] << 16 | (uint32_t)p[3] << 24;
}

static uint32_t be16(const unsigned char *p)
{
	return (uint32_t)p[0] << 8 | p[1];
}

static uint32_t be32(const unsigned char *p)
{
	return be16(p) << 16 | be16(p + 2);
}

static void cap_open(cap_t *c)
{
	memset(c, 0, sizeof *c);
	c->f = open_memstream(&c->buf, &c->len);
	c->pw = pcap_open_stream(c->f, EPOCH);
}

static void cap_close(cap_t *c)
{
	CU_ASSERT_EQUAL(pcap_close(c->pw), 0);
	fclose(c->f);
}

/* The records after the 24-byte file header. */
static size_t records(const cap_t *c, pkt_t *out, size_t max)
{
	size_t n = 0;
	for (size_t off = 24; off + 16 <= c->len && n < max;) {
		const unsigned char *h = (const unsigned char *)c->buf + off;
		out[n] = (pkt_t){ .sec = le32(h), .usec = le32(h + 4), .ip = h + 16, .len = le32(h + 8) };
		CU_ASSERT_EQUAL(le32(h + 8), le32(h + 12));   /* nothing cut off */
		off += 16 + out[n++].len;
	}
	return n;
}

/* TCP fields of an IPv4 packet. */
static const unsigned char *tcp(const pkt_t *p)
{
	return p->ip + 20;
}

static unsigned flags(const pkt_t *p)
{
	return tcp(p)[13];
}

static uint32_t seq(const pkt_t *p)
{
	return be32(tcp(p) + 4);
}

static uint32_t ack(const pkt_t *p)
{
	return be32(tcp(p) + 8);
}

static size_t payload_len(const pkt_t *p)
{
	return p->len - 20 - (size_t)(tcp(p)[12] >> 4) * 4;
}

static const char *payload(const pkt_t *p)
{
	return (const char *)tcp(p) + (tcp(p)[12] >> 4) * 4;
}

/* Verifying a checksum: summed with the data it covers, it gives 0. */
static int ip_checksum_ok(const pkt_t *p)
{
	return p->ip[0] == 0x45 && be16(p->ip + 2) == p->len && pcap_checksum(p->ip, 20, 0) == 0;
}

static int l4_checksum_ok(const pkt_t *p)
{
	size_t n = p->len - 20;
	unsigned char *b = malloc(12 + n);
	memcpy(b, p->ip + 12, 8);          /* source and destination */
	b[8] = 0;
	b[9] = p->ip[9];
	b[10] = (unsigned char)(n >> 8);
	b[11] = (unsigned char)n;
	memcpy(b + 12, p->ip + 20, n);
	int ok = pcap_checksum(b, 12 + n, 0) == 0;
	free(b);
	return ok;
}

/* ---- checksums and addresses ---- */

static void test_checksum_known_values(void)
{
	/* RFC 1071 3: the words 0001 f203 f4f5 f6f7 sum to ddf2 */
	static const unsigned char rfc1071[] = { 0x00, 0x01, 0xf2, 0x03, 0xf4, 0xf5, 0xf6, 0xf7 };
	CU_ASSERT_EQUAL(pcap_checksum(rfc1071, sizeof rfc1071, 0), 0x220d);
	/* an IPv4 header with its checksum field zeroed: b861 is the known answer */
	unsigned char ip[20] = { 0x45, 0x00, 0x00, 0x73, 0x00, 0x00, 0x40, 0x00, 0x40, 0x11,
				 0x00, 0x00, 0xc0, 0xa8, 0x00, 0x01, 0xc0, 0xa8, 0x00, 0xc7 };
	CU_ASSERT_EQUAL(pcap_checksum(ip, sizeof ip, 0), 0xb861);
	ip[10] = 0xb8;
	ip[11] = 0x61;
	CU_ASSERT_EQUAL(pcap_checksum(ip, sizeof ip, 0), 0);   /* and it verifies */
	/* an odd length pads with a zero byte */
	static const unsigned char odd[] = { 0x12, 0x34, 0x56 };
	CU_ASSERT_EQUAL(pcap_checksum(odd, 3, 0), (uint16_t)~(0x1234 + 0x5600));
}

static void test_parse_ipv4(void)
{
	static const struct {
		const char *in;
		int ok;
		unsigned char out[4];
	} cases[] = {
		{ "192.0.2.25", 0, { 192, 0, 2, 25 } },
		{ "0.0.0.0", 0, { 0, 0, 0, 0 } },
		{ "255.255.255.255", 0, { 255, 255, 255, 255 } },
		{ "256.1.1.1", -1, { 0 } },
		{ "1.2.3", -1, { 0 } },
		{ "1.2.3.4.5", -1, { 0 } },
		{ "1..3.4", -1, { 0 } },
		{ "mail.corp.example", -1, { 0 } },
		{ "", -1, { 0 } },
		{ "1.2.3.4 ", -1, { 0 } },
	};
	for (size_t i = 0; i < sizeof cases / sizeof cases[0]; i++) {
		unsigned char out[4] = { 0 };
		CU_ASSERT_EQUAL(pcap_parse_ipv4(cases[i].in, out), cases[i].ok);
		if (cases[i].ok == 0)
			CU_ASSERT_EQUAL(memcmp(out, cases[i].out, 4), 0);
	}
}

/* ---- the file ---- */

static void test_file_header(void)
{
	cap_t c;
	cap_open(&c);
	cap_close(&c);
	/* libpcap's classic format, little-endian: magic, 2.4, zone, sigfigs,
	 * snaplen 65535, LINKTYPE_RAW (101) */
	static const unsigned char want[24] = {
		0xd4, 0xc3, 0xb2, 0xa1, 0x02, 0x00, 0x04, 0x00, 0, 0, 0, 0, 0, 0, 0, 0,
		0xff, 0xff, 0x00, 0x00, 101, 0, 0, 0,
	};
	CU_ASSERT_EQUAL_FATAL(c.len, 24);
	CU_ASSERT_EQUAL(memcmp(c.buf, want, 24), 0);
	free(c.buf);

	char err[200] = "";
	CU_ASSERT_PTR_NULL(pcap_open("/nonexistent-dir/x.pcap", 0, err, sizeof err));
	CU_ASSERT_EQUAL(strncmp(err, "/nonexistent-dir/x.pcap: ", 25), 0);
}

static const node_t *fake_node(net_t *n, const char *name, const char *addr)
{
	return net_add_node(n, name, addr);
}

/* The taps can see packets late (a DNS answer): the file is in time order,
 * and a flush writes only what was sent before the time it is given. */
static void test_time_order_and_flush(void)
{
	sched_t *s = sched_new();
	net_t *net = net_new(s, NULL, NULL);
	const node_t *a = fake_node(net, "a.example", "192.0.2.1");
	const node_t *b = fake_node(net, "b.example", "192.0.2.2");
	cap_t c;
	cap_open(&c);
	net_segment_t seg = { .t_us = SCHED_MS(5), .conn = 1, .src = a, .dst = b, .sport = 49153,
			      .dport = 25, .flags = NET_TCP_SYN };
	pcap_tap_tcp(c.pw, &seg);
	dns_message_t m = { .t_us = SCHED_MS(3) + 1500000, .id = 7, .client = a, .server = b,
			    .qname = "corp.example", .qtype = DNS_TYPE_MX };
	pcap_tap_dns(c.pw, &m);
	m.t_us = SCHED_MS(3);
	pcap_tap_dns(c.pw, &m);
	CU_ASSERT_EQUAL(pcap_count(c.pw), 3);
	CU_ASSERT_EQUAL(pcap_flush(c.pw, SCHED_MS(5)), 0);   /* only the packet at 3 ms */
	pkt_t p[4];
	CU_ASSERT_EQUAL(records(&c, p, 4), 1);
	cap_close(&c);
	CU_ASSERT_EQUAL_FATAL(records(&c, p, 4), 3);
	CU_ASSERT_EQUAL(p[0].ip[9], 17);                      /* UDP first ... */
	CU_ASSERT_EQUAL(p[0].sec, EPOCH);
	CU_ASSERT_EQUAL(p[0].usec, 3000);
	CU_ASSERT_EQUAL(p[1].ip[9], 6);                       /* ... then the TCP SYN */
	CU_ASSERT_EQUAL(p[1].usec, 5000);
	CU_ASSERT_EQUAL(p[2].sec, EPOCH + 1);                 /* seconds carry over */
	CU_ASSERT_EQUAL(p[2].usec, 503000);
	for (int i = 0; i < 3; i++) {
		CU_ASSERT_TRUE(ip_checksum_ok(&p[i]));
		CU_ASSERT_TRUE(l4_checksum_ok(&p[i]));
	}
	CU_ASSERT_EQUAL(be16(p[0].ip + 20 + 2), 53);          /* to the DNS port */
	free(c.buf);
	net_free(net);
	sched_free(s);
}

/* ---- a conversation through the virtual network ---- */

typedef struct conv {
	sched_t *s;
	trace_t *t;
	rng_t rng;
	net_t *net;
	node_t *cli, *srv;
	cap_t cap;
	size_t big;              /* the client sends this many bytes once open */
} conv_t;

static void srv_open(void *ctx, conn_t *c)
{
	(void)ctx;
	conn_send(c, "220 hi\r\n", 8);
}

static void srv_data(void *ctx, conn_t *c, const char *p, size_t n)
{
	(void)ctx;
	(void)p;
	(void)n;
	conn_send(c, "250 ok\r\n", 8);
	conn_close(c);
}

static void cli_open(void *ctx, conn_t *c)
{
	conv_t *v = ctx;
	if (!v->big)
		return;
	char *b = malloc(v->big);
	memset(b, 'x', v->big);
	conn_send(c, b, v->big);
	free(b);
}

static void cli_data(void *ctx, conn_t *c, const char *p, size_t n)
{
	conv_t *v = ctx;
	if (!v->big && n == 8 && memcmp(p, "220", 3) == 0)
		conn_send(c, "EHLO x\r\n", 8);
}

static void cli_close(void *ctx, conn_t *c)
{
	(void)ctx;
	conn_close(c);
}

static const conn_handlers_t cli_handlers = { .on_open = cli_open, .on_data = cli_data,
					      .on_close = cli_close };
static const conn_handlers_t srv_handlers = { .on_open = srv_open, .on_data = srv_data };

static void srv_accept(void *ctx, conn_t *c, conn_handlers_t *h, void **hctx)
{
	(void)c;
	*h = srv_handlers;
	*hctx = ctx;
}

static void conv_init(conv_t *v)
{
	memset(v, 0, sizeof *v);
	v->s = sched_new();
	v->t = trace_new(v->s);
	rng_seed(&v->rng, 1);
	v->net = net_new(v->s, v->t, &v->rng);
	v->cli = net_add_node(v->net, "smtp.isp.example", "203.0.113.25");
	v->srv = net_add_node(v->net, "mail.corp.example", "192.0.2.25");
	net_set_latency(v->net, v->cli, v->srv, L);
	net_listen(v->srv, 25, srv_accept, v);
	cap_open(&v->cap);
	pcap_attach(v->cap.pw, v->net, NULL);
}

/* Run, close the capture, return its packets. */
static size_t conv_run(conv_t *v, int port, pkt_t *p)
{
	net_connect(v->net, v->cli, "mail.corp.example", port, &cli_handlers, v, HOP_3, "SMTP");
	sched_run_idle(v->s);
	cap_close(&v->cap);
	return records(&v->cap, p, MAXPKT);
}

static void conv_free(conv_t *v)
{
	free(v->cap.buf);
	net_free(v->net);
	trace_free(v->t);
	sched_free(v->s);
}

static int from_client(const pkt_t *p)
{
	return be16(tcp(p) + 2) == 25;
}

#define SYN NET_TCP_SYN
#define ACK NET_TCP_ACK
#define FIN NET_TCP_FIN
#define PSH NET_TCP_PSH
#define RST NET_TCP_RST

static void test_conversation_numbers(void)
{
	conv_t v;
	conv_init(&v);
	pkt_t p[MAXPKT];
	size_t n = conv_run(&v, 25, p);
	/* who sends what, in order, with which relative seq and ack (RFC 9293:
	 * SYN and FIN take one number each; an ACK names the next byte expected) */
	static const struct {
		int client;
		unsigned flags;
		uint32_t seq, ack;
		const char *data;
	} want[] = {
		{ 1, SYN, 0, 0, "" },
		{ 0, SYN | ACK, 0, 1, "" },
		{ 0, ACK | PSH, 1, 1, "220 hi\r\n" },        /* the greeting leaves at accept */
		{ 1, ACK, 1, 1, "" },                        /* the handshake's ACK */
		{ 1, ACK | PSH, 1, 9, "EHLO x\r\n" },        /* acks the 8-byte greeting */
		{ 0, ACK | PSH, 9, 9, "250 ok\r\n" },
		{ 0, FIN | ACK, 17, 9, "" },
		{ 1, ACK, 9, 18, "" },                       /* the FIN took one number */
		{ 1, FIN | ACK, 9, 18, "" },
		{ 0, ACK, 18, 10, "" },
	};
	CU_ASSERT_EQUAL_FATAL(n, sizeof want / sizeof want[0]);
	uint32_t isn_c = seq(&p[0]), isn_s = seq(&p[1]);
	CU_ASSERT_NOT_EQUAL(isn_c, isn_s);
	for (size_t i = 0; i < n; i++) {
		uint32_t own = want[i].client ? isn_c : isn_s, peer = want[i].client ? isn_s : isn_c;
		CU_ASSERT_EQUAL(from_client(&p[i]), want[i].client);
		CU_ASSERT_EQUAL(flags(&p[i]), want[i].flags);
		CU_ASSERT_EQUAL(seq(&p[i]) - own, want[i].seq);
		if (want[i].flags & ACK)
			CU_ASSERT_EQUAL(ack(&p[i]) - peer, want[i].ack);
		CU_ASSERT_EQUAL(payload_len(&p[i]), strlen(want[i].data));
		CU_ASSERT_EQUAL(memcmp(payload(&p[i]), want[i].data, strlen(want[i].data)), 0);
		CU_ASSERT_TRUE(ip_checksum_ok(&p[i]));
		CU_ASSERT_TRUE(l4_checksum_ok(&p[i]));
	}
	/* addresses and ports: 203.0.113.25:49153 -> 192.0.2.25:25 */
	static const unsigned char cli_ip[4] = { 203, 0, 113, 25 }, srv_ip[4] = { 192, 0, 2, 25 };
	CU_ASSERT_EQUAL(memcmp(p[0].ip + 12, cli_ip, 4), 0);
	CU_ASSERT_EQUAL(memcmp(p[0].ip + 16, srv_ip, 4), 0);
	CU_ASSERT_EQUAL(be16(tcp(&p[0])), NET_EPHEMERAL_PORT(1));
	/* the SYN announces the MSS; timestamps are when each one is sent */
	CU_ASSERT_EQUAL(tcp(&p[0])[20], 2);
	CU_ASSERT_EQUAL(be16(tcp(&p[0]) + 22), PCAP_MSS);
	CU_ASSERT_EQUAL(p[0].usec, 0);
	CU_ASSERT_EQUAL(p[1].usec, L);                   /* the SYN arrived after L */
	CU_ASSERT_EQUAL(p[3].usec, 2 * L);
	conv_free(&v);
}

static void test_payload_split_at_mss(void)
{
	conv_t v;
	conv_init(&v);
	v.big = 2 * PCAP_MSS + 1080;
	pkt_t p[MAXPKT];
	size_t n = conv_run(&v, 25, p);
	size_t sizes[8], k = 0;
	uint32_t next = 0;
	for (size_t i = 0; i < n && k < 8; i++) {
		if (!from_client(&p[i]) || payload_len(&p[i]) == 0)
			continue;
		if (k > 0)
			CU_ASSERT_EQUAL(seq(&p[i]), next);      /* contiguous */
		next = seq(&p[i]) + (uint32_t)payload_len(&p[i]);
		sizes[k++] = payload_len(&p[i]);
		CU_ASSERT_TRUE(l4_checksum_ok(&p[i]));
		CU_ASSERT_EQUAL((flags(&p[i]) & PSH) != 0, k == 3);   /* push with the last */
	}
	CU_ASSERT_EQUAL_FATAL(k, 3);
	CU_ASSERT_EQUAL(sizes[0], PCAP_MSS);
	CU_ASSERT_EQUAL(sizes[1], PCAP_MSS);
	CU_ASSERT_EQUAL(sizes[2], 1080);
	conv_free(&v);
}

static void test_refused_and_lost(void)
{
	conv_t v;
	conv_init(&v);
	pkt_t p[MAXPKT];
	size_t n = conv_run(&v, 26, p);                  /* nobody listens on 26 */
	CU_ASSERT_EQUAL_FATAL(n, 2);
	CU_ASSERT_EQUAL(flags(&p[0]), SYN);
	CU_ASSERT_EQUAL(flags(&p[1]), RST | ACK);
	CU_ASSERT_EQUAL(ack(&p[1]), seq(&p[0]) + 1);
	conv_free(&v);

	conv_init(&v);
	node_set_up(v.srv, 0);
	n = conv_run(&v, 25, p);                         /* the SYN leaves, nothing comes back */
	CU_ASSERT_EQUAL_FATAL(n, 1);
	CU_ASSERT_EQUAL(flags(&p[0]), SYN);
	conv_free(&v);
}

/* ---- DNS ---- */

static void test_dns_wire_format(void)
{
	dns_message_t m = { .id = 0x1234, .qname = "corp.example", .qtype = DNS_TYPE_MX };
	unsigned char b[512];
	/* RFC 1035 4.1: header (RD set), one question: 4corp7example0, MX, IN */
	static const unsigned char query[] = {
		0x12, 0x34, 0x01, 0x00, 0, 1, 0, 0, 0, 0, 0, 0,
		4, 'c', 'o', 'r', 'p', 7, 'e', 'x', 'a', 'm', 'p', 'l', 'e', 0, 0, 15, 0, 1,
	};
	CU_ASSERT_EQUAL_FATAL(pcap_build_dns(b, sizeof b, &m), sizeof query);
	CU_ASSERT_EQUAL(memcmp(b, query, sizeof query), 0);

	m.response = 1;
	m.nanswers = 1;
	m.answer[0].type = DNS_TYPE_MX;
	m.answer[0].pref = 10;
	m.answer[0].data = "mail.corp.example";
	static const unsigned char answer[] = {
		0xc0, 0x0c, 0, 15, 0, 1, 0, 0, 0x0e, 0x10, 0, 21, 0, 10,
		4, 'm', 'a', 'i', 'l', 4, 'c', 'o', 'r', 'p', 7, 'e', 'x', 'a', 'm', 'p', 'l', 'e', 0,
	};
	size_t len = pcap_build_dns(b, sizeof b, &m);
	CU_ASSERT_EQUAL_FATAL(len, sizeof query + sizeof answer);
	CU_ASSERT_EQUAL(be16(b + 2), 0x8180);            /* QR RD RA, NOERROR */
	CU_ASSERT_EQUAL(be16(b + 6), 1);                 /* one answer */
	CU_ASSERT_EQUAL(memcmp(b + sizeof query, answer, sizeof answer), 0);

	m.qtype = DNS_TYPE_A;
	m.answer[0].type = DNS_TYPE_A;
	m.answer[0].data = "192.0.2.25";
	len = pcap_build_dns(b, sizeof b, &m);
	CU_ASSERT_EQUAL(len, sizeof query + 16);
	CU_ASSERT_EQUAL(memcmp(b + len - 4, "\xc0\x00\x02\x19", 4), 0);

	static const struct {
		dns_rcode_t rc;
		unsigned flags;
	} rcodes[] = {
		{ DNS_NODATA, 0x8180 }, { DNS_NXDOMAIN, 0x8183 }, { DNS_SERVFAIL, 0x8182 },
	};
	for (size_t i = 0; i < sizeof rcodes / sizeof rcodes[0]; i++) {
		m.rcode = rcodes[i].rc;
		m.nanswers = 0;
		CU_ASSERT_EQUAL(pcap_build_dns(b, sizeof b, &m), sizeof query);
		CU_ASSERT_EQUAL(be16(b + 2), rcodes[i].flags);
	}
	/* a label longer than 63 bytes is not a name; nor does it fit in 20 bytes */
	m.qname = "a234567890123456789012345678901234567890123456789012345678901234.example";
	CU_ASSERT_EQUAL(pcap_build_dns(b, sizeof b, &m), 0);
	m.qname = "corp.example";
	CU_ASSERT_EQUAL(pcap_build_dns(b, 20, &m), 0);
}

typedef struct dns_seen {
	dns_message_t m[8];
	char qname[8][64];
	int n;
	int results;
} dns_seen_t;

static void on_dns(void *ctx, const dns_message_t *m)
{
	dns_seen_t *d = ctx;
	if (d->n == 8)
		return;
	d->m[d->n] = *m;
	snprintf(d->qname[d->n], sizeof d->qname[0], "%s", m->qname);
	d->n++;
}

static void on_mx(void *ctx, const dns_mx_result_t *r)
{
	(void)r;
	((dns_seen_t *)ctx)->results++;
}

static void test_dns_tap(void)
{
	sched_t *s = sched_new();
	rng_t rng;
	rng_seed(&rng, 1);
	net_t *net = net_new(s, NULL, &rng);
	node_t *isp = net_add_node(net, "smtp.isp.example", "203.0.113.25");
	node_t *ns = net_add_node(net, "ns.isp.example", "203.0.113.53");
	net_set_latency(net, isp, ns, SCHED_MS(1));
	dns_t *d = dns_new(net, ns);
	dns_add_mx(d, "corp.example", 10, "mail.corp.example");
	dns_add_a(d, "mail.corp.example", "192.0.2.25");
	dns_seen_t seen = { .n = 0 };
	dns_set_tap(d, on_dns, &seen);
	dns_lookup_mx(d, isp, "corp.example", HOP_3, on_mx, &seen);
	dns_lookup_mx(d, isp, "nowhere.example", HOP_3, on_mx, &seen);
	sched_run_idle(s);
	CU_ASSERT_EQUAL(seen.results, 2);
	/* MX query, MX query, MX answer and at once the A query, NXDOMAIN, A answer */
	CU_ASSERT_EQUAL_FATAL(seen.n, 6);
	CU_ASSERT_FALSE(seen.m[0].response);
	CU_ASSERT_PTR_EQUAL(seen.m[0].client, isp);
	CU_ASSERT_PTR_EQUAL(seen.m[0].server, ns);
	CU_ASSERT_EQUAL(seen.m[2].id, seen.m[0].id);     /* an answer carries its query's ID */
	CU_ASSERT_TRUE(seen.m[2].response);
	CU_ASSERT_EQUAL(seen.m[2].t_us, SCHED_MS(1));    /* sent by the resolver after one latency */
	CU_ASSERT_EQUAL(seen.m[2].nanswers, 1);
	CU_ASSERT_EQUAL(seen.m[2].answer[0].pref, 10);
	CU_ASSERT_STRING_EQUAL(seen.qname[3], "mail.corp.example");
	CU_ASSERT_FALSE(seen.m[3].response);
	CU_ASSERT_EQUAL(seen.m[3].qtype, DNS_TYPE_A);
	CU_ASSERT_EQUAL(seen.m[3].t_us, SCHED_MS(2));    /* asked when the MX answer arrived */
	CU_ASSERT_NOT_EQUAL(seen.m[3].id, seen.m[0].id);
	CU_ASSERT_NOT_EQUAL(seen.m[3].id, seen.m[1].id);
	CU_ASSERT_EQUAL(seen.m[4].id, seen.m[1].id);
	CU_ASSERT_EQUAL(seen.m[4].rcode, DNS_NXDOMAIN);
	CU_ASSERT_EQUAL(seen.m[5].id, seen.m[3].id);
	CU_ASSERT_EQUAL(seen.m[5].answer[0].type, DNS_TYPE_A);
	CU_ASSERT_STRING_EQUAL(seen.m[5].answer[0].data, "192.0.2.25");
	dns_free(d);
	net_free(net);
	sched_free(s);
}

CU_TestInfo pcap_tests[] = {
	{ "checksum: RFC 1071's example, a known IPv4 header", test_checksum_known_values },
	{ "dotted IPv4 addresses", test_parse_ipv4 },
	{ "file header: classic libpcap, LINKTYPE_RAW; open errors", test_file_header },
	{ "packets in time order; flush up to a time", test_time_order_and_flush },
	{ "a conversation: handshake, seq/ack, FIN, checksums", test_conversation_numbers },
	{ "payloads split at the MSS", test_payload_split_at_mss },
	{ "refused: RST; host down: a lone SYN", test_refused_and_lost },
	{ "DNS wire format: query, MX, A, rcodes", test_dns_wire_format },
	{ "the resolver's tap: IDs, answers stamped when sent", test_dns_tap },
	CU_TEST_INFO_NULL,
};
