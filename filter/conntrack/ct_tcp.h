/* SPDX-License-Identifier: BSD-3-Clause */
#ifndef VG_CT_TCP_H
#define VG_CT_TCP_H

/*
 * The TCP state machine of one session, with window checks after Guido
 * van Rooij's "Real Stateful TCP Packet Filtering in IP Filter" (as Linux
 * and the BSDs do): per direction, the highest sequence sent (end), the
 * highest sequence the peer's window allows (maxend) and the largest
 * window advertised (maxwin). A segment must fall inside what the other
 * side can accept and acknowledge only what was sent.
 *
 * Direction 0 is the side that sent the first SYN, 1 the other.
 */

#include <stdbool.h>
#include <stdint.h>

/* Session states, with the name shown to operators. The TCP states come
 * first; UDP and ICMP sessions have one state each. */
#define CT_STATES(_) \
	_(SYN_SENT,    "syn_sent")    \
	_(SYN_RECV,    "syn_recv")    \
	_(ESTABLISHED, "established") \
	_(FIN_WAIT,    "fin_wait")    \
	_(CLOSING,     "closing")     \
	_(TIME_WAIT,   "time_wait")   \
	_(CLOSED,      "closed")      \
	_(UDP,         "udp")         \
	_(ICMP,        "icmp")

enum ct_state {
#define _(id, name) CT_##id,
	CT_STATES(_)
#undef _
	CT_STATE_MAX
};

const char *ct_state_name(enum ct_state s);

#define CT_TCP_FIN 0x01
#define CT_TCP_SYN 0x02
#define CT_TCP_RST 0x04
#define CT_TCP_ACK 0x10

/* What the state machine needs of one segment (host byte order). */
struct ct_tcp_seg {
	uint32_t seq, ack;
	uint32_t len;            /* payload bytes */
	uint16_t win;            /* as on the wire, unscaled */
	uint8_t flags;
	int8_t wscale;           /* SYN's window scale option; -1: none */
};

struct ct_tcp_dir {
	uint32_t end;            /* highest sequence sent, + 1 */
	uint32_t maxend;         /* highest sequence the peer accepts */
	uint32_t maxwin;         /* largest window advertised (scaled) */
	uint32_t fin_end;        /* sequence after our FIN */
	uint8_t wscale;
	bool fin;                /* sent a FIN */
	bool fin_acked;          /* and the peer acknowledged it */
	bool syn_wscale;         /* its SYN carried a window scale option */
};

struct ct_tcp {
	struct ct_tcp_dir dir[2];
};

/* The verdict on one segment. */
enum ct_tcp_verdict {
	CT_TCP_OK,               /* passes; *state may have moved */
	CT_TCP_INVALID,          /* not possible in this state */
	CT_TCP_OUT_OF_WINDOW,    /* outside the windows */
	CT_TCP_REOPEN,           /* a new SYN on a closed session: start afresh */
};

/* Starts tracking at the SYN (no ACK) from direction 0. */
void ct_tcp_init(struct ct_tcp *t, const struct ct_tcp_seg *syn);

/* Checks the segment from direction dir against the session and, when it
 * passes, records it and moves *state. */
enum ct_tcp_verdict ct_tcp_track(struct ct_tcp *t, enum ct_state *state, int dir,
				 const struct ct_tcp_seg *s);

#endif
