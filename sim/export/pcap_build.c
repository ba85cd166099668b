/* pcap_build.c — the packets of a capture, byte by byte: the Internet
 * checksum, IPv4 and TCP/UDP headers, and DNS messages in wire format.
 *
 *   IPv4 (RFC 791 3.1), 20 bytes: version 4, IHL 5, total length, an
 *        identification that counts up, DF, TTL 64, protocol, header checksum.
 *   TCP (RFC 9293 3.1), 20 bytes (+4: the MSS option on a SYN), window 65535,
 *        checksum over the pseudo-header, the header and the data.
 *   UDP (RFC 768), 8 bytes, checksum over the pseudo-header too; a computed
 *        0 is sent as 0xFFFF.
 *   DNS (RFC 1035 4.1): header, one question, the answers with a pointer to
 *        the question's name, class IN, TTL 3600. */
#include "export/pcap.h"

#include <assert.h>
#include <string.h>

#define IP_HDR 20
#define TCP_HDR 20
#define UDP_HDR 8
#define DNS_TTL 3600

static void put16(unsigned char *p, unsigned v)
{
	p[0] = (unsigned char)(v >> 8);
	p[1] = (unsigned char)v;
}

static void put32(unsigned char *p, uint32_t v)
{
	put16(p, (unsigned)(v >> 16));
	put16(p + 2, (unsigned)(v & 0xFFFF));
}

/* RFC 1071 4.1: add 16-bit words; an odd last byte is padded with zero. */
static uint32_t sum16(const unsigned char *p, size_t n, uint32_t sum)
{
	for (; n > 1; p += 2, n -= 2) {
		sum += (uint32_t)p[0] << 8 | p[1];
		sum = (sum & 0xFFFF) + (sum >> 16);
	}
	if (n)
		sum += (uint32_t)p[0] << 8;
	return sum;
}

uint16_t pcap_checksum(const void *p, size_t n, uint32_t sum)
{
	sum = sum16(p, n, sum);
	while (sum >> 16)
		sum = (sum & 0xFFFF) + (sum >> 16);
	return (uint16_t)~sum;
}

int pcap_parse_ipv4(const char *s, unsigned char out[4])
{
	for (int i = 0; i < 4; i++) {
		unsigned v = 0;
		int digits = 0;
		while (*s >= '0' && *s <= '9' && digits < 4) {
			v = v * 10 + (unsigned)(*s++ - '0');
			digits++;
		}
		if (!digits || digits > 3 || v > 255 || *s != (i < 3 ? '.' : '\0'))
			return -1;
		out[i] = (unsigned char)v;
		s += i < 3;
	}
	return 0;
}

/* The IPv4 header for a payload of n bytes, its checksum computed. */
static void ip_header(unsigned char *b, const pcap_ip_t *ip, size_t payload)
{
	b[0] = 0x45;                    /* version 4, 5 words of header */
	b[1] = 0;
	put16(b + 2, (unsigned)(IP_HDR + payload));
	put16(b + 4, ip->id);
	put16(b + 6, 0x4000);           /* DF: never fragmented */
	b[8] = 64;
	b[9] = (unsigned char)ip->proto;
	put16(b + 10, 0);
	memcpy(b + 12, ip->src, 4);
	memcpy(b + 16, ip->dst, 4);
	put16(b + 10, pcap_checksum(b, IP_HDR, 0));
}

/* RFC 9293 3.1 / RFC 768: the pseudo-header's share of the checksum. */
static uint32_t pseudo_sum(const pcap_ip_t *ip, size_t len)
{
	unsigned char ph[12];
	memcpy(ph, ip->src, 4);
	memcpy(ph + 4, ip->dst, 4);
	ph[8] = 0;
	ph[9] = (unsigned char)ip->proto;
	put16(ph + 10, (unsigned)len);
	return sum16(ph, sizeof ph, 0);
}

size_t pcap_build_tcp(unsigned char *buf, const pcap_ip_t *ip, int sport, int dport,
		      unsigned flags, uint32_t seq, uint32_t ack, const void *data, size_t n)
{
	assert(ip->proto == 6 && n <= PCAP_SNAPLEN - IP_HDR - TCP_HDR - 4);
	size_t hdr = TCP_HDR + (flags & NET_TCP_SYN ? 4 : 0);
	unsigned char *t = buf + IP_HDR;
	put16(t, (unsigned)sport);
	put16(t + 2, (unsigned)dport);
	put32(t + 4, seq);
	put32(t + 8, flags & NET_TCP_ACK ? ack : 0);
	t[12] = (unsigned char)(hdr / 4 << 4);
	t[13] = (unsigned char)(flags & 0x3F);
	put16(t + 14, 65535);           /* the window */
	put16(t + 16, 0);
	put16(t + 18, 0);               /* no urgent data */
	if (flags & NET_TCP_SYN) {
		t[20] = 2;                  /* RFC 9293 3.2: kind 2, length 4: MSS */
		t[21] = 4;
		put16(t + 22, PCAP_MSS);
	}
	if (n)
		memcpy(t + hdr, data, n);
	put16(t + 16, pcap_checksum(t, hdr + n, pseudo_sum(ip, hdr + n)));
	ip_header(buf, ip, hdr + n);
	return IP_HDR + hdr + n;
}

size_t pcap_build_udp(unsigned char *buf, const pcap_ip_t *ip, int sport, int dport,
		      const void *data, size_t n)
{
	assert(ip->proto == 17 && n <= PCAP_SNAPLEN - IP_HDR - UDP_HDR);
	unsigned char *u = buf + IP_HDR;
	put16(u, (unsigned)sport);
	put16(u + 2, (unsigned)dport);
	put16(u + 4, (unsigned)(UDP_HDR + n));
	put16(u + 6, 0);
	if (n)
		memcpy(u + UDP_HDR, data, n);
	uint16_t sum = pcap_checksum(u, UDP_HDR + n, pseudo_sum(ip, UDP_HDR + n));
	put16(u + 6, sum ? sum : 0xFFFF);   /* RFC 768: 0 means "no checksum" */
	ip_header(buf, ip, UDP_HDR + n);
	return IP_HDR + UDP_HDR + n;
}

/* ---- DNS ---- */

/* RFC 1035 3.1: a name as labels of at most 63 bytes, ending with the root.
 * Returns the bytes written, or 0 when it does not fit or is not a name. */
static size_t put_name(unsigned char *b, size_t room, const char *name)
{
	size_t len = 0;
	while (*name) {
		size_t n = strcspn(name, ".");
		if (n == 0 || n > 63 || len + 1 + n + 1 > room || len + 1 + n + 1 > 255)
			return 0;
		b[len++] = (unsigned char)n;
		memcpy(b + len, name, n);
		len += n;
		name += n + (name[n] == '.');
	}
	if (len + 1 > room)
		return 0;
	b[len++] = 0;
	return len;
}

static unsigned dns_flags(const dns_message_t *m)
{
	if (!m->response)
		return 0x0100;               /* RD: recursion desired */
	unsigned rcode = m->rcode == DNS_NXDOMAIN ? 3 : m->rcode == DNS_SERVFAIL ? 2 : 0;
	return 0x8000 | 0x0100 | 0x0080 | rcode;   /* QR, RD, RA (a resolver) */
}

/* One answer record; returns its length or 0 when it does not fit. */
static size_t put_answer(unsigned char *b, size_t room, int type, int pref, const char *data)
{
	if (room < 12 + 2)
		return 0;
	put16(b, 0xC00C);                /* RFC 1035 4.1.4: the name at offset 12 */
	put16(b + 2, (unsigned)type);
	put16(b + 4, 1);                 /* class IN */
	put32(b + 6, DNS_TTL);
	size_t rdlen;
	if (type == DNS_TYPE_MX) {
		put16(b + 12, (unsigned)pref);
		size_t n = put_name(b + 14, room - 14, data);
		if (!n)
			return 0;
		rdlen = 2 + n;
	} else {
		if (room < 12 + 4 || pcap_parse_ipv4(data, b + 12) != 0)
			return 0;
		rdlen = 4;
	}
	put16(b + 10, (unsigned)rdlen);
	return 12 + rdlen;
}

size_t pcap_build_dns(unsigned char *buf, size_t size, const dns_message_t *m)
{
	int nans = m->response ? m->nanswers : 0;
	if (size < 12)
		return 0;
	put16(buf, m->id);
	put16(buf + 2, dns_flags(m));
	put16(buf + 4, 1);               /* one question */
	put16(buf + 6, (unsigned)nans);
	put16(buf + 8, 0);
	put16(buf + 10, 0);
	size_t len = 12, n = put_name(buf + len, size - len, m->qname);
	if (!n || len + n + 4 > size)
		return 0;
	len += n;
	put16(buf + len, (unsigned)m->qtype);
	put16(buf + len + 2, 1);
	len += 4;
	for (int i = 0; i < nans; i++) {
		n = put_answer(buf + len, size - len, m->answer[i].type, m->answer[i].pref,
			       m->answer[i].data);
		if (!n)
			return 0;
		len += n;
	}
	return len;
}
