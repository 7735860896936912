/* SPDX-License-Identifier: BSD-3-Clause */
#ifndef VT_CERT_LOCAL_H
#define VT_CERT_LOCAL_H

/* Shared by the certificate library's files; not part of its interface. */

#include <wolfssl/options.h>
#include <wolfssl/wolfcrypt/ecc.h>
#include <wolfssl/wolfcrypt/random.h>

#include <stdbool.h>

#include "vt_cert.h"

/* Initialises wolfSSL once per process. 0 or -EIO. */
int cert_wolf_init(void);

/* The negative errno for a wolfSSL or wolfCrypt error code (see
 * vt_cert.h for what each means to callers). */
int cert_errno(int wolf_rc);

/*
 * The CA key as wolfCrypt sees it while one certificate is signed: a
 * public-only ecc_key bound to a crypto-callback device that hands every
 * ECDSA signature to the signer. Only one signing is under way at a
 * time (cert_signing_begin takes a lock that cert_signing_end releases).
 */
struct cert_signing {
	const struct vt_signer *signer;
	ecc_key key;
	WC_RNG rng;
	int signer_err;         /* the signer's error, when it failed */
	bool locked, rng_ready, registered, key_ready;
};

/* Takes the lock and prepares cs for ca. 0, or -EINVAL when ca's point is
 * not on P-256, -EIO when wolfCrypt fails; cert_signing_end is needed in
 * every case. */
int cert_signing_begin(struct cert_signing *cs, const struct vt_signer *ca);
void cert_signing_end(struct cert_signing *cs);

/* Imports the P-256 point (x, y) into key (initialised here) and checks
 * that it is on the curve. 0 or -EINVAL; key needs wc_ecc_free either
 * way. */
int cert_import_point(ecc_key *key, int dev_id, const uint8_t x[32],
		      const uint8_t y[32]);

/* Marks basicConstraints critical in the TBSCertificate tbs (*len bytes of
 * a buffer of size), which wolfSSL encoded. 0, or -ENOSPC, -ENOMEM, -EIO
 * when tbs has no such extension. */
int cert_mark_ca_critical(uint8_t *tbs, size_t *len, size_t size);

#endif
