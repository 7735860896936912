/* SPDX-License-Identifier: BSD-3-Clause */
#ifndef VG_NODE_PARSE_H
#define VG_NODE_PARSE_H

#include <stdint.h>

#include "pkt_meta.h"

/* Parses one frame of len bytes (Ethernet, ARP, IPv4, IPv6, TCP, UDP,
 * ICMP, ICMPv6) into m. Every byte is guest-controlled: a frame that is
 * truncated, malformed or of a kind the gateway does not carry leaves with
 * VERDICT_DROP and its reason; otherwise m->verdict is VERDICT_CONTINUE. */
void parse_frame(const uint8_t *frame, uint32_t len, struct pkt_meta *m);

#endif
