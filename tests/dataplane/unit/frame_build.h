/* SPDX-License-Identifier: BSD-3-Clause */
#ifndef VG_TEST_FRAME_BUILD_H
#define VG_TEST_FRAME_BUILD_H

/*
 * Crafted frames for the dataplane tests, written into a caller's buffer:
 * well-formed by default (lengths, IPv4 header checksum, L4 checksums), so
 * a test breaks exactly the one field it is about. Builders return the
 * frame length; buffers of FRAME_BUF bytes always suffice.
 */

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include <rte_ether.h>

#define FRAME_BUF 2048
#define ETH_LEN 14
#define IPV4_LEN 20
#define IPV6_LEN 40

/* One packet of a flow: Ethernet, IPv4 or IPv6, then TCP, UDP, ICMP or
 * ICMPv6 (or any other protocol, whose payload follows the IP header). */
struct flow {
	struct rte_ether_addr src_mac, dst_mac;
	int family;                   /* 4 or 6 */
	uint8_t src_ip[16], dst_ip[16];   /* IPv4 in the first 4 bytes */
	uint8_t proto;                /* IPPROTO_* */
	uint16_t sport, dport;        /* ICMP: type, code */
	uint8_t tcp_flags;
	uint16_t payload;             /* L4 payload bytes (a pattern) */
	/* Fragments: offset in 8-byte units, more-fragments flag. A non-zero
	 * offset writes payload bytes only, no L4 header. IPv6 carries them
	 * in a fragment header. */
	bool fragment;
	uint16_t frag_offset;
	bool more_frags;
	bool hop_by_hop;              /* IPv6: an 8-byte hop-by-hop header */
	uint32_t seq, ack;            /* TCP; 0: 1000, and 2000 with ACK */
	uint16_t win;                 /* TCP; 0: 65535 */
	uint16_t icmp_id;             /* ICMP echo; 0: 0x1234 */
	/* ICMP errors: the bytes after the ICMP header (the packet quoted),
	 * instead of the payload pattern. */
	const uint8_t *quote;
	uint16_t quote_len;
};

size_t frame_flow(const struct flow *f, uint8_t *buf);

/* An ARP packet with the given opcode and addresses (IPv4 network order). */
size_t frame_arp(uint8_t *buf, const struct rte_ether_addr *eth_dst,
		 const struct rte_ether_addr *eth_src, uint16_t op,
		 const struct rte_ether_addr *sha, uint32_t sip_be,
		 const struct rte_ether_addr *tha, uint32_t tip_be);

/* An IPv6 neighbour solicitation from src (MAC and address) for target, to
 * the target's solicited-node group, hop limit 255, with a source
 * link-layer address option. */
size_t frame_ns(uint8_t *buf, const struct rte_ether_addr *src_mac,
		const uint8_t src_ip[16], const uint8_t target[16]);

/* Recomputes the IPv4 header checksum of the frame (header at ETH_LEN)
 * over the length its IHL gives, at least 20 bytes. */
void frame_ipv4_cksum(uint8_t *buf);

/* Address literals: "10.0.0.1" in network order; "fd00::1" into out. */
uint32_t ip4(const char *text);
void ip6(const char *text, uint8_t out[16]);
struct rte_ether_addr mac(const char *text);

#endif
