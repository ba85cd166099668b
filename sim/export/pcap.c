/* pcap.c — the capture writer: the classic libpcap file format, packets held
 * in time order until they are flushed, and the two taps that turn the
 * network's segments and the resolver's messages into packets.
 *
 * The file (little-endian, microsecond timestamps):
 *   header   magic a1b2c3d4, version 2.4, zone 0, sigfigs 0, snaplen, linktype
 *   record   seconds, microseconds, captured length, original length, bytes
 *
 * Why a queue: the taps see TCP segments at the moment they are sent, in time
 * order, but a DNS answer only when it arrives, one latency after it was
 * sent. Packets are inserted by time (stably: equal times keep the order the
 * taps saw), and only flushed up to a time the caller knows is complete. */
#include "export/pcap.h"

#include <errno.h>
#include <stdlib.h>
#include <string.h>

#include "core/util.h"

#define PCAP_MAGIC 0xA1B2C3D4u
#define IP_PROTO_TCP 6
#define IP_PROTO_UDP 17
#define DNS_PORT 53
#define DNS_UDP_MAX 512          /* RFC 1035 2.3.4 */

typedef struct packet {
	int64_t t_us;
	size_t len;
	unsigned char data[];
} packet_t;

struct pcap_writer {
	FILE *f;
	int own;                 /* pcap_close closes f */
	int failed;              /* a write failed */
	int64_t epoch;
	uint16_t ip_id;
	packet_t **queue;        /* waiting, in time order */
	size_t nqueue, cap;
	size_t count;
};

/* ---- the file ---- */

static void le32(unsigned char *p, uint32_t v)
{
	for (int i = 0; i < 4; i++)
		p[i] = (unsigned char)(v >> (8 * i));
}

static void write_bytes(pcap_writer_t *pw, const void *p, size_t n)
{
	if (!pw->failed && fwrite(p, 1, n, pw->f) != n)
		pw->failed = 1;
}

static void write_header(pcap_writer_t *pw)
{
	unsigned char h[24];
	le32(h, PCAP_MAGIC);
	le32(h + 4, 2 | 4u << 16);       /* version 2.4: major, then minor (16 bits each) */
	le32(h + 8, 0);                  /* thiszone: timestamps are UTC */
	le32(h + 12, 0);                 /* sigfigs */
	le32(h + 16, PCAP_SNAPLEN);
	le32(h + 20, PCAP_LINKTYPE_RAW);
	write_bytes(pw, h, sizeof h);
}

static void write_packet(pcap_writer_t *pw, const packet_t *pk)
{
	unsigned char h[16];
	int64_t usec = pk->t_us < 0 ? 0 : pk->t_us;
	le32(h, (uint32_t)(pw->epoch + usec / 1000000));
	le32(h + 4, (uint32_t)(usec % 1000000));
	le32(h + 8, (uint32_t)pk->len);
	le32(h + 12, (uint32_t)pk->len);
	write_bytes(pw, h, sizeof h);
	write_bytes(pw, pk->data, pk->len);
}

static pcap_writer_t *writer_new(FILE *f, int own, int64_t epoch)
{
	pcap_writer_t *pw = xcalloc(1, sizeof *pw);
	pw->f = f;
	pw->own = own;
	pw->epoch = epoch;
	write_header(pw);
	return pw;
}

pcap_writer_t *pcap_open(const char *path, int64_t epoch, char *err, size_t errsize)
{
	FILE *f = fopen(path, "wb");
	if (!f) {
		snprintf(err, errsize, "%s: %s", path, strerror(errno));
		return NULL;
	}
	return writer_new(f, 1, epoch);
}

pcap_writer_t *pcap_open_stream(FILE *f, int64_t epoch)
{
	return writer_new(f, 0, epoch);
}

/* ---- the queue ---- */

static void add_packet(pcap_writer_t *pw, int64_t t_us, const unsigned char *p, size_t len)
{
	packet_t *pk = xmalloc(sizeof *pk + len);
	pk->t_us = t_us;
	pk->len = len;
	memcpy(pk->data, p, len);
	if (pw->nqueue == pw->cap) {
		pw->cap = pw->cap ? 2 * pw->cap : 64;
		pw->queue = xrealloc(pw->queue, pw->cap * sizeof *pw->queue);
	}
	size_t i = pw->nqueue++;
	for (; i > 0 && pw->queue[i - 1]->t_us > t_us; i--)
		pw->queue[i] = pw->queue[i - 1];
	pw->queue[i] = pk;
	pw->count++;
}

static void write_until(pcap_writer_t *pw, int64_t until_us, int all)
{
	size_t k = 0;
	while (k < pw->nqueue && (all || pw->queue[k]->t_us < until_us)) {
		write_packet(pw, pw->queue[k]);
		free(pw->queue[k]);
		k++;
	}
	if (k == 0)
		return;         /* the queue may be NULL: no pointer arithmetic on it */
	memmove(pw->queue, pw->queue + k, (pw->nqueue - k) * sizeof *pw->queue);
	pw->nqueue -= k;
}

int pcap_flush(pcap_writer_t *pw, int64_t until_us)
{
	write_until(pw, until_us, 0);
	if (fflush(pw->f) != 0)
		pw->failed = 1;
	return pw->failed ? -1 : 0;
}

int pcap_close(pcap_writer_t *pw)
{
	if (!pw)
		return 0;
	write_until(pw, 0, 1);
	if (fflush(pw->f) != 0)
		pw->failed = 1;
	if (pw->own && fclose(pw->f) != 0)
		pw->failed = 1;
	int rc = pw->failed ? -1 : 0;
	free(pw->queue);
	free(pw);
	return rc;
}

size_t pcap_count(const pcap_writer_t *pw)
{
	return pw->count;
}

/* ---- the taps ---- */

/* A connection end's initial sequence number: fixed by the connection and
 * the port, well mixed (splitmix64's finalizer), so runs are reproducible. */
static uint32_t initial_seq(uint32_t conn, int port)
{
	uint64_t x = ((uint64_t)conn << 16 | (uint16_t)port) + 0x9E3779B97F4A7C15u;
	x = (x ^ (x >> 30)) * 0xBF58476D1CE4E5B9u;
	x = (x ^ (x >> 27)) * 0x94D049BB133111EBu;
	return (uint32_t)(x ^ (x >> 31));
}

static int addresses(pcap_ip_t *ip, const node_t *src, const node_t *dst)
{
	return pcap_parse_ipv4(node_addr(src), ip->src) == 0 &&
	       pcap_parse_ipv4(node_addr(dst), ip->dst) == 0;
}

void pcap_tap_tcp(void *ctx, const net_segment_t *seg)
{
	pcap_writer_t *pw = ctx;
	pcap_ip_t ip = { .proto = IP_PROTO_TCP };
	if (!addresses(&ip, seg->src, seg->dst))
		return;
	uint32_t seq = initial_seq(seg->conn, seg->sport) + seg->seq;
	uint32_t ack = initial_seq(seg->conn, seg->dport) + seg->ack;
	size_t off = 0;
	do {   /* at least once: a segment without payload is one packet */
		size_t n = seg->len - off > PCAP_MSS ? PCAP_MSS : seg->len - off;
		unsigned flags = seg->flags;
		if (off + n < seg->len)
			flags &= ~(unsigned)NET_TCP_PSH;   /* push only with the last piece */
		unsigned char buf[20 + 24 + PCAP_MSS];
		ip.id = pw->ip_id++;
		size_t len = pcap_build_tcp(buf, &ip, seg->sport, seg->dport, flags,
					    seq + (uint32_t)off, ack, seg->data ? seg->data + off : NULL, n);
		add_packet(pw, seg->t_us, buf, len);
		off += n;
	} while (off < seg->len);
}

void pcap_tap_dns(void *ctx, const dns_message_t *m)
{
	pcap_writer_t *pw = ctx;
	pcap_ip_t ip = { .proto = IP_PROTO_UDP };
	const node_t *src = m->response ? m->server : m->client;
	const node_t *dst = m->response ? m->client : m->server;
	unsigned char msg[DNS_UDP_MAX], buf[20 + 8 + DNS_UDP_MAX];
	size_t n = pcap_build_dns(msg, sizeof msg, m);
	if (!n || !addresses(&ip, src, dst))
		return;   /* not a name, more than fits in UDP, or no address */
	int port = PCAP_EPHEMERAL_DNS_PORT(m->id);
	ip.id = pw->ip_id++;
	size_t len = pcap_build_udp(buf, &ip, m->response ? DNS_PORT : port,
				    m->response ? port : DNS_PORT, msg, n);
	add_packet(pw, m->t_us, buf, len);
}

void pcap_attach(pcap_writer_t *pw, net_t *net, dns_t *dns)
{
	if (net)
		net_set_tap(net, pcap_tap_tcp, pw);
	if (dns)
		dns_set_tap(dns, pcap_tap_dns, pw);
}
