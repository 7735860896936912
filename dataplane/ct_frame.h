/* SPDX-License-Identifier: BSD-3-Clause */
#ifndef VG_CT_FRAME_H
#define VG_CT_FRAME_H

/*
 * What connection tracking reads from a frame the pipeline has parsed
 * (node_parse) and placed (identity, destination): the session key, and
 * for TCP the segment. Every length is checked before a byte is read; the
 * bytes past the headers node_parse checked (the ICMP identifier, the
 * header an ICMP error quotes, TCP options) are checked here.
 */

#include <stdint.h>

#include "ct_table.h"
#include "pkt_meta.h"

enum ct_frame_kind {
	CT_FRAME_UNTRACKED,         /* no session can hold it */
	CT_FRAME_FLOW,              /* TCP, UDP, ICMP echo: the key of its session */
	CT_FRAME_RELATED,           /* an ICMP error: the key of the quoted packet */
};

/* The key of frame m into k, and the endpoint (0 or 1) of the sender. */
enum ct_frame_kind ct_frame_key(const uint8_t *frame, const struct pkt_meta *m,
				struct ct_key *k, int *src_ep);

/* The TCP segment of frame m (a TCP frame with its header checked). */
void ct_frame_tcp(const uint8_t *frame, const struct pkt_meta *m, struct ct_tcp_seg *s);

/* ICMP and ICMPv6 echo types. */
#define ICMP_ECHO_REQUEST 8
#define ICMP_ECHO_REPLY 0
#define ICMPV6_ECHO_REQUEST 128
#define ICMPV6_ECHO_REPLY 129

#endif
