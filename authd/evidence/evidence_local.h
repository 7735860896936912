/* SPDX-License-Identifier: BSD-3-Clause */
#ifndef VG_EVIDENCE_LOCAL_H
#define VG_EVIDENCE_LOCAL_H

/*
 * Shared by the two verifiers (a guest's evidence, the gateway's): the
 * verdicts, and the checks both make. Same return convention as
 * evidence.h: 0, -EACCES with out set to the refusal, or another negative
 * errno with out set to EV_FAIL_INTERNAL.
 */

#include "evidence.h"

/* Sets out to EV_OK and "<who>: <text>"; returns 0. */
int ev_accept(struct evidence_result *out, const char *who);

/* Sets out to reason and "<who>: <text>: <detail>"; returns -EACCES. */
int ev_refuse(struct evidence_result *out, enum evidence_reason reason,
	      const char *who, const char *fmt, ...)
	__attribute__((format(printf, 4, 5)));

/* Sets out to EV_FAIL_INTERNAL and "<who>: <what>: <strerror(-err)>";
 * returns err. */
int ev_internal(struct evidence_result *out, int err, const char *who,
		const char *what);

/* The AK certificate: verifies against the CA (AK_CHAIN), is issued to
 * "<name> AK" (AK_NAME), and certifies a P-256 point, into (x, y). */
int ev_ak_check(const uint8_t *ca_der, size_t ca_len, const uint8_t *ak_der,
		size_t ak_len, const char *name, const char *who,
		uint8_t x[VT_COORD_LEN], uint8_t y[VT_COORD_LEN],
		struct evidence_result *out);

/*
 * The quote, signed by (x, y), over the PCRs listed, for this nonce and
 * session. With replayed values (the event log was sound), they must be
 * what was quoted (REPLAY); with values NULL (the log was not), the
 * quoted values are not judged and 0 means only that every check before
 * them passed.
 */
int ev_quote_check(const uint8_t x[VT_COORD_LEN], const uint8_t y[VT_COORD_LEN],
		   const struct vt_quote *q, const uint8_t *nonce,
		   const uint8_t *exporter, const uint32_t *pcrs, size_t n,
		   const uint8_t (*values)[VT_DIGEST_LEN], const char *who,
		   struct evidence_result *out);

/* The replayed values of the n PCRs listed, in that order, into out. */
int ev_replay_selected(const struct evlog *log, uint32_t mask, const uint32_t *pcrs,
		       size_t n, uint8_t out[VT_PCR_COUNT][VT_DIGEST_LEN]);

#endif
