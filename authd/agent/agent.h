/* SPDX-License-Identifier: BSD-3-Clause */
#ifndef VG_AGENT_H
#define VG_AGENT_H

/*
 * vmgate-agent: runs in a guest. Connects to the gateway's authd over TLS
 * 1.3 with the guest's certificate (its key in the guest's vTPM), checks
 * the gateway's quote against the reference it was provisioned with, then
 * answers every challenge with a quote of its vTPM bound to the session,
 * asks for the pairs it wants, and asks to be challenged again the moment
 * its launch PCRs change. Reconnects after any failure, backing off.
 *
 * Prints one line per event on stdout ("attested ttl=300", "pair db
 * granted ttl=300", "verdict failed: measurement", ...).
 */

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "att_msg.h"
#include "evlog.h"
#include "vt_tpm.h"

#define AGENT_MAX_PEERS 16
#define AGENT_TICK_MS 200       /* how often the launch PCRs are read */

struct agent {
	const char *name, *gateway, *tcti, *host;
	uint16_t port;
	const char *peers[AGENT_MAX_PEERS];
	size_t n_peers;
	const char *evlog_path;
	uint8_t ca_der[2048], ak_der[2048], tls_der[2048];
	size_t ca_len, ak_len, tls_len;
	uint8_t gateway_pcr23[32];
	struct vt_tpm *tpm;
	struct att_tls_ctx *tls;
	bool attested;                  /* the last session attested at least once */
	uint8_t frame[ATT_FRAME_MAX];
};

/* agent_session.c: one connection, from TCP connect until it ends.
 * Returns 0 when the agent should stop, a negative errno otherwise (the
 * caller backs off and connects again). */
int agent_session(struct agent *ag, volatile int *stopping);

#endif
