/* SPDX-License-Identifier: BSD-3-Clause */
#ifndef VG_BENCH_ATTEST_H
#define VG_BENCH_ATTEST_H

/*
 * The attestation cost benchmark (bench/attest_cost.c): authd's side (the
 * verifier) and an agent's side of one bare TLS handshake or one whole
 * attestation, over a connected stream socket, with the identities both
 * sides need made once beforehand.
 *
 * Every function returns 0 on success and a negative errno on failure.
 */

#include <stddef.h>
#include <stdint.h>

#include "att_tls.h"
#include "evlog.h"
#include "vg_config.h"
#include "vt_cert.h"
#include "vt_tpm.h"

#define BENCH_GUEST "web"
#define BENCH_GATEWAY "gw"
#define BENCH_IO_MS 5000

/* What the two ends share, made by bench_ids_make(): one software CA
 * (authd's and the guest's TLS certificates, the guest's AK certificate),
 * a guest vTPM with its EK and AK provisioned and its launch measured,
 * the event log of that launch, and a policy approving it. */
struct bench_ids {
	struct att_tls_ctx *server_tls;         /* authd's: P-256 key in memory */
	struct att_tls_ctx *client_tls;         /* the agent's: software key too */
	uint8_t ca_der[VT_CERT_DER_MAX];
	size_t ca_len;
	uint8_t ak_der[VT_CERT_DER_MAX];
	size_t ak_len;
	uint8_t evlog[EVLOG_BYTES_MAX];
	size_t evlog_len;
	const struct vg_config *cfg;
	struct vt_tpm *vtpm;                    /* used by the agent's thread only */
	/* One quote of PCRs 8 and 9 made at setup, for timing its check alone. */
	struct vt_quote sample;
	uint8_t sample_qualifying[32];
};

/* attest_ids.c: everything above, the vTPM reached through tcti. */
int bench_ids_make(struct bench_ids *ids, const char *tcti);
void bench_ids_free(struct bench_ids *ids);

/* Where an attestation's CPU goes on authd's side, summed over calls:
 * the TLS handshake, drawing the nonce, evidence_verify. */
struct verifier_cost {
	uint64_t handshake_ns, nonce_ns, verify_ns;
};

/* attest_verifier.c: authd's side on fd. */
int verifier_handshake(const struct bench_ids *ids, int fd);
int verifier_attest(const struct bench_ids *ids, int fd, struct verifier_cost *cost);

/* attest_steps.c: the steps of evidence_verify timed alone, mean CPU ns
 * over n runs each: the AK certificate's signature (vt_cert_verify), its
 * name (vt_cert_subject_cn), its key (vt_cert_public), the quote
 * (vt_quote_verify), the event log (evlog_parse, evlog_replay); and one
 * P-256 point validation (wc_ecc_check_key), which both the key and the
 * quote steps include. */
struct verifier_steps {
	uint64_t ak_cert_ns, ak_name_ns, ak_key_ns, quote_ns, log_ns, point_check_ns;
};
int verifier_steps_ns(const struct bench_ids *ids, unsigned n, struct verifier_steps *out);

/* attest_agent.c: the agent's side on fd, until the verifier has closed. */
int agent_handshake(const struct bench_ids *ids, int fd);
int agent_attest(const struct bench_ids *ids, int fd);

/* The calling thread's CPU time, in nanoseconds. */
uint64_t bench_thread_cpu_ns(void);

#endif
