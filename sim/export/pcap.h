/* pcap.h — a capture of the simulated network as a classic libpcap file, so
 * that Wireshark (or tshark) dissects a run as SMTP, IMF, POP and DNS.
 *
 * The writer receives the segments of the network's tap (net.h) and the DNS
 * messages of the resolver's tap (dns.h) and builds real packets from them:
 * IPv4 (RFC 791) carrying TCP (RFC 9293) or UDP (RFC 768) with every checksum
 * computed, DNS in its wire format (RFC 1035 4). The link type is
 * LINKTYPE_RAW: each packet starts with its IPv4 header. Timestamps are the
 * world's epoch plus the simulated time the packet was sent, in
 * microseconds. TCP payloads larger than PCAP_MSS are split into several
 * segments; the SYN and SYN|ACK announce that MSS. Initial sequence numbers
 * are derived from the connection number and the port, so the same run gives
 * the same file byte for byte. A packet between hosts without an IPv4
 * address is left out.
 *
 * A capture grows: packets wait in time order in the writer (DNS answers
 * reach the tap late) until pcap_flush() writes those sent before a time, or
 * pcap_close() writes the rest. Write errors are remembered and reported by
 * pcap_flush() and pcap_close(). */
#ifndef MP_PCAP_H
#define MP_PCAP_H

#include <stddef.h>
#include <stdint.h>
#include <stdio.h>

#include "core/dns.h"
#include "core/net.h"

#define PCAP_LINKTYPE_RAW 101
#define PCAP_SNAPLEN 65535
#define PCAP_MSS 1460            /* Ethernet's MTU less the IPv4 and TCP headers */
#define PCAP_EPHEMERAL_DNS_PORT(id) (33000 + (int)((id) % 28000u))

typedef struct pcap_writer pcap_writer_t;

/* Create (truncate) path and write the file header. NULL on error, with the
 * reason in err ("x.pcap: Permission denied"). */
pcap_writer_t *pcap_open(const char *path, int64_t epoch, char *err, size_t errsize);
/* Write to an open stream, which pcap_close() leaves open (tests, pipes). */
pcap_writer_t *pcap_open_stream(FILE *f, int64_t epoch);

/* Hook the writer to a network's and a resolver's taps (either may be NULL). */
void pcap_attach(pcap_writer_t *pw, net_t *net, dns_t *dns);
/* The taps themselves: ctx is the writer. */
void pcap_tap_tcp(void *ctx, const net_segment_t *seg);
void pcap_tap_dns(void *ctx, const dns_message_t *m);

/* Write the packets sent before until_us (simulated time) and flush the
 * stream. 0, or -1 when a write failed (now or earlier). */
int pcap_flush(pcap_writer_t *pw, int64_t until_us);
/* Write every packet, close the file, free the writer. 0 or -1 as above. */
int pcap_close(pcap_writer_t *pw);
/* Packets captured so far (written or waiting). */
size_t pcap_count(const pcap_writer_t *pw);

/* ---- the building blocks (pcap_build.c) ---- */

/* RFC 1071: the ones' complement sum of p, folded, starting from sum (use 0
 * for a fresh sum), and returned complemented: the Internet checksum. */
uint16_t pcap_checksum(const void *p, size_t n, uint32_t sum);
/* "192.0.2.25" -> 4 bytes in network order; -1 when it is not an address. */
int pcap_parse_ipv4(const char *s, unsigned char out[4]);

typedef struct pcap_ip {
	unsigned char src[4], dst[4];
	int proto;                   /* 6 TCP, 17 UDP */
	uint16_t id;                 /* the IPv4 identification field */
} pcap_ip_t;

/* An IPv4 packet with a TCP segment: flags NET_TCP_*, absolute seq and ack,
 * the MSS option when SYN is set. Returns its length (at most 20 + 24 + n),
 * written to buf, which must be large enough. */
size_t pcap_build_tcp(unsigned char *buf, const pcap_ip_t *ip, int sport, int dport,
		      unsigned flags, uint32_t seq, uint32_t ack, const void *data, size_t n);
/* An IPv4 packet with a UDP datagram (the checksum computed, never 0). */
size_t pcap_build_udp(unsigned char *buf, const pcap_ip_t *ip, int sport, int dport,
		      const void *data, size_t n);
/* The DNS message in its wire format (RFC 1035 4.1); returns its length, or
 * 0 when it does not fit in size bytes. */
size_t pcap_build_dns(unsigned char *buf, size_t size, const dns_message_t *m);

#endif
