/* SPDX-License-Identifier: BSD-3-Clause */
#ifndef VG_ECC_TABLES_H
#define VG_ECC_TABLES_H

/*
 * Debian's wolfSSL is built with FP_ECC: per thread, it counts how often
 * each point is multiplied and, on a point's second use, builds a table of
 * its multiples (several milliseconds, cold) that makes later uses faster.
 * A long-running verifier (authd) gains from that; a process that checks a
 * handful of signatures now and then (the guest agent) only pays for it,
 * the generator and the CA's key reaching their second use within its
 * first attestation.
 *
 * vg_ecc_tables_off() turns the tables off for the calling thread: from
 * then on vg_ecc_before_verify(), which every ECDSA verification in vmgate
 * calls first (certificates, quotes, the TLS peer's), forgets the thread's
 * points, so none reaches a second use. Without the call it does nothing.
 */
void vg_ecc_tables_off(void);
void vg_ecc_before_verify(void);

#endif
