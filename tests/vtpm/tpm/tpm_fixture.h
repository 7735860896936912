/* SPDX-License-Identifier: BSD-3-Clause */
#ifndef VT_TEST_TPM_FIXTURE_H
#define VT_TEST_TPM_FIXTURE_H

/*
 * What the TPM tests share: the two software TPMs that with_swtpm.sh
 * starts, a look at what is left loaded in a TPM, and checks made with
 * wolfCrypt directly (not through the code under test).
 */

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "vt_tpm.h"

/* The TPM of VT_TEST_TCTI (which 1) or VT_TEST_TCTI2 (which 2), opened;
 * NULL with a message when it cannot be. */
struct vt_tpm *fx_open(int which);

/* Like fx_open(), but through tpm2-tss's pcap TCTI, which records every
 * command and response into a file of VT_TEST_DIR whose path goes into
 * path (PATH_MAX bytes). An swtpm serves one connection at a time: close
 * any other context of the same TPM first. */
struct vt_tpm *fx_open_recorded(int which, char *path);

/* The contents of a file (free them), and their length in *len. */
uint8_t *fx_read_file(const char *path, size_t *len);

/* The number of transient objects, or of loaded sessions, in the TPM; -1
 * when it cannot be asked. */
int fx_transient_objects(struct vt_tpm *t);
int fx_loaded_sessions(struct vt_tpm *t);

void fx_sha256(const void *data, size_t len, uint8_t out[VT_DIGEST_LEN]);

/* Whether (r, s) is an ECDSA P-256 signature of digest by (x, y). */
bool fx_ecdsa_ok(const uint8_t x[32], const uint8_t y[32], const uint8_t digest[32],
		 const uint8_t r[32], const uint8_t s[32]);

/* A P-256 key in software, to sign attest bytes the tests craft. */
struct fx_soft_key;
struct fx_soft_key *fx_soft_key_new(void);
void fx_soft_key_free(struct fx_soft_key *k);
void fx_soft_key_public(const struct fx_soft_key *k, uint8_t x[32], uint8_t y[32]);

/* Signs q->attest (attest_len bytes, SHA-256) into q->r and q->s. */
void fx_soft_sign(struct fx_soft_key *k, struct vt_quote *q);

/* Whether needle occurs in haystack. */
bool fx_contains(const uint8_t *haystack, size_t len, const uint8_t *needle, size_t nlen);

#endif
