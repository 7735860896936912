/* SPDX-License-Identifier: BSD-3-Clause */
#ifndef VG_TEST_EV_FIXTURE_H
#define VG_TEST_EV_FIXTURE_H

/*
 * What the evidence tests share: the TPMs with_swtpms.sh starts, a
 * platform CA whose key is in the root TPM (as vtpmd's) or in software
 * (another CA), AK certificates, and measured launch into a vTPM.
 */

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "evidence.h"
#include "vt_cert.h"

/* The TPM of VT_TEST_TCTI (which 1) or VT_TEST_TCTI<which>, opened; NULL
 * with a message when it cannot be. */
struct vt_tpm *ev_open(int which);

struct ev_ca {
	struct vt_signer signer;
	uint8_t der[VT_CERT_DER_MAX];
	size_t len;
	void *soft;             /* the software key, or NULL */
};

/* A CA whose key is the root TPM's platform CA key (vt_ca_sign). */
int ev_ca_tpm(struct ev_ca *ca, struct vt_tpm *root, const char *cn);
/* A CA whose key is a wolfCrypt key of this process. */
int ev_ca_soft(struct ev_ca *ca, const char *cn);
void ev_ca_free(struct ev_ca *ca);

/* An AK certificate from ca for (x, y) with CN cn, into der and *len. */
int ev_issue_ak(const struct ev_ca *ca, const char *cn, const uint8_t x[32],
		const uint8_t y[32], uint8_t der[VT_CERT_DER_MAX], size_t *len);

/* SHA-256 of a string's bytes. */
void ev_sha256_text(const char *text, uint8_t out[32]);

/* Extends digest into the part's PCR of the layout and, when log is not
 * NULL, appends the event to it. */
int ev_measure(struct vt_tpm *t, struct evlog *log, unsigned part,
	       const uint8_t digest[32]);

/* The same, for a PCR chosen by the caller (a part in the wrong place). */
int ev_measure_into(struct vt_tpm *t, struct evlog *log, unsigned pcr, unsigned part,
		    const uint8_t digest[32]);

#endif
