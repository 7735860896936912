/* SPDX-License-Identifier: BSD-3-Clause */
#ifndef SIMGUEST_COUNTERS_H
#define SIMGUEST_COUNTERS_H

#include <stdbool.h>
#include <stdint.h>
#include <stdio.h>

/* _(ID, name, is_drop, what it counts).  Every lost frame has a reason. */
#define SG_COUNTERS(_) \
	_(RX, "rx", false, "frames from the backend written to the TAP") \
	_(TX, "tx", false, "frames from the TAP put on the transmitq") \
	_(DROP_RX_BAD_LEN, "drop_rx_bad_len", true, \
	  "receiveq used length outside the posted buffer") \
	_(DROP_RX_TAP, "drop_rx_tap", true, "the TAP refused a received frame") \
	_(DROP_TX_NO_BACKEND, "drop_tx_no_backend", true, \
	  "TAP frames read while no backend was connected") \
	_(DROP_TX_INFLIGHT, "drop_tx_inflight", true, \
	  "transmit frames lost when the backend went away") \
	_(TX_RING_FULL, "tx_ring_full", false, \
	  "times the transmitq was full and TAP reading paused") \
	_(PROTO_ERROR, "proto_error", false, \
	  "connections dropped because the backend broke the protocol")

enum sg_counter {
#define SG_COUNTER_ENUM(id, name, drop, what) SG_##id,
	SG_COUNTERS(SG_COUNTER_ENUM)
#undef SG_COUNTER_ENUM
	SG_COUNTER_MAX
};

/* Prints "rx N tx N drops N", then one line per other non-zero counter. */
void counters_print(const uint64_t *c, FILE *out);

#endif
