/* SPDX-License-Identifier: BSD-3-Clause */
#ifndef VT_TPM_H
#define VT_TPM_H

/*
 * TPM 2.0 operations on one TPM: the root TPM of the host, or a guest's
 * vTPM (an swtpm). One struct vt_tpm per TPM, used from one thread at a time.
 *
 * The TPM may have no resource manager (swtpm): every function flushes each
 * object and session it loaded before it returns, on error paths too.
 * Every key is derived from the TPM's seeds by a fixed template or is
 * created inside the TPM; private keys never leave it. Secrets (sealed
 * data, credentials, random bytes) cross the bus to the TPM only encrypted,
 * in sessions salted with the SRK or the EK.
 *
 * Return convention: 0 on success, a negative errno
 * on failure. Errors common to every function that talks to the TPM:
 *   -EINVAL   bad argument
 *   -ENOMEM   out of memory
 *   -ENOSPC   the TPM has no free object or session slot
 *   -EAGAIN   the TPM asked to retry (busy, self-test running)
 *   -EBUSY    the TPM is in dictionary-attack lockout
 *   -EIO      any other TPM or transport failure
 * vt_tpm_last_rc() gives the TPM response code behind the last failure.
 *
 * PCRs (sha256 bank): the gateway resets PCR 23 at start and extends it with
 * the hashes of its binaries, and seals its secrets to it; PCR 16 holds the
 * hash of the policy file it enforces. Both are resettable from locality 0.
 */

#include <stddef.h>
#include <stdint.h>

struct vt_tpm;

#define VT_DIGEST_LEN 32        /* SHA-256 */
#define VT_COORD_LEN 32         /* one coordinate of a P-256 point; r or s */
#define VT_NAME_LEN 34          /* TPM name of our keys: 0x000b || SHA-256 */
#define VT_SEAL_MAX 64          /* largest secret vt_seal() takes */
#define VT_NONCE_MAX 32         /* largest qualifying data of a quote */
#define VT_PCR_COUNT 24

#define VT_PCR_GATEWAY 23       /* measurements of the gateway's binaries */
#define VT_PCR_POLICY 16        /* hash of the enforced policy file */

#define VT_EK_HANDLE 0x81010001u /* guest vTPM: persistent endorsement key */
#define VT_AK_HANDLE 0x81010002u /* guest vTPM: persistent attestation key */

/* Bytes a caller stores or sends as they are (sealed object, credential). */
#define VT_BLOB_MAX 1024
struct vt_blob {
	size_t len;
	uint8_t data[VT_BLOB_MAX];
};

/* A quote: attest is the TPMS_ATTEST the TPM signed (the contents of its
 * TPM2B_ATTEST), r and s the ECDSA P-256 signature over its SHA-256. */
#define VT_ATTEST_MAX 1024
struct vt_quote {
	size_t attest_len;
	uint8_t attest[VT_ATTEST_MAX];
	uint8_t r[VT_COORD_LEN];
	uint8_t s[VT_COORD_LEN];
};

/* --- The TPM -------------------------------------------------------------- */

/* Connects through a tpm2-tss TCTI ("swtpm:path=...", "device:/dev/tpmrm0")
 * and starts the TPM up (a TPM already started is fine). 0 and *out, or
 * -ENODEV when the TCTI cannot reach a TPM, -EIO, -ENOMEM. */
int vt_tpm_open(const char *tcti, struct vt_tpm **out);

/* Disconnects; a software TPM (swtpm: or mssim: TCTI) is first shut down
 * in order (TPM2_Shutdown(STATE), so it does not count its next start as
 * an attack). NULL is allowed. */
void vt_tpm_close(struct vt_tpm *t);

/* The TPM response code (TSS2_RC) of the last failed TPM command, or 0. */
uint32_t vt_tpm_last_rc(const struct vt_tpm *t);

/* Fills buf with len bytes from the TPM's random number generator. They
 * cross the bus encrypted: fit for keys. */
int vt_random(struct vt_tpm *t, uint8_t *buf, size_t len);

/* --- Platform CA (root TPM) ----------------------------------------------- */

/* The CA key: ECDSA P-256, derived from the owner seed by a fixed template,
 * so it is the same key on every call and never leaves the TPM. */
int vt_ca_public(struct vt_tpm *t, uint8_t x[VT_COORD_LEN], uint8_t y[VT_COORD_LEN]);

/* Signs a SHA-256 digest with the CA key: ECDSA signature (r, s). */
int vt_ca_sign(struct vt_tpm *t, const uint8_t digest[VT_DIGEST_LEN],
	       uint8_t r[VT_COORD_LEN], uint8_t s[VT_COORD_LEN]);

/* --- PCRs (sha256 bank) --------------------------------------------------- */

/* Resets a PCR to zeros: -EPERM for a PCR that is not resettable here. */
int vt_pcr_reset(struct vt_tpm *t, uint32_t pcr);

/* Extends a PCR: new = SHA-256(old || digest). */
int vt_pcr_extend(struct vt_tpm *t, uint32_t pcr, const uint8_t digest[VT_DIGEST_LEN]);

/* Reads a PCR: -ENOENT when the TPM has no sha256 bank. */
int vt_pcr_read(struct vt_tpm *t, uint32_t pcr, uint8_t out[VT_DIGEST_LEN]);

/* --- Sealing -------------------------------------------------------------- */

/* Seals len (1..VT_SEAL_MAX) bytes to the current value of one PCR: only
 * this TPM, while the PCR holds that value, can unseal them. out is a
 * self-describing blob to store as it is; it holds no clear copy of the
 * secret. */
int vt_seal(struct vt_tpm *t, const uint8_t *secret, size_t len, uint32_t pcr,
	    struct vt_blob *out);

/* Unseals a blob of vt_seal() into secret (VT_SEAL_MAX bytes) and *len.
 * -EACCES when the PCR no longer holds the sealed value; -EBADMSG when the
 * blob is truncated, corrupted, not ours, or was sealed by another TPM. */
int vt_unseal(struct vt_tpm *t, const struct vt_blob *blob, uint8_t *secret,
	      size_t *len);

/* --- Quotes --------------------------------------------------------------- */

/* Quotes the sha256 PCRs listed (1..VT_PCR_COUNT distinct indices, any
 * order) with qualifying data (0..VT_NONCE_MAX bytes). ak_handle 0 signs
 * with the root TPM's AK (see vt_root_ak_public()); a persistent handle
 * (VT_AK_HANDLE on a guest vTPM) signs with that key. */
int vt_quote(struct vt_tpm *t, uint32_t ak_handle, const uint32_t *pcrs, size_t n,
	     const uint8_t *qualifying, size_t qlen, struct vt_quote *out);

/* The root TPM's AK: restricted ECDSA P-256, derived from the endorsement
 * seed by a fixed template. */
int vt_root_ak_public(struct vt_tpm *t, uint8_t x[VT_COORD_LEN], uint8_t y[VT_COORD_LEN]);

/* Verifies a quote in software, treating every field of q as hostile:
 * signed by the AK (ak_x, ak_y), over exactly the sha256 PCRs listed (any
 * order, distinct), with pcr_values[i] the expected value of pcrs[i], and
 * with this qualifying data. Returns 0, or the first failure:
 *   -EINVAL        bad arguments (including an AK that is not a P-256 point)
 *   -EBADMSG       attest is empty, too long, malformed or not a quote
 *   -EKEYREJECTED  the signature is not the AK's over these bytes
 *   -ESTALE        signed, but for other qualifying data (replay)
 *   -ERANGE        signed, but over another set of PCRs or another bank
 *   -EPERM         signed, but the PCRs held other values
 *   -ENOMEM, -EIO  the crypto library failed */
int vt_quote_verify(const uint8_t ak_x[VT_COORD_LEN], const uint8_t ak_y[VT_COORD_LEN],
		    const struct vt_quote *q, const uint8_t *qualifying, size_t qlen,
		    const uint32_t *pcrs, size_t n,
		    const uint8_t (*pcr_values)[VT_DIGEST_LEN]);

/* --- Guest vTPM identity -------------------------------------------------- */

/* Makes the EK (TCG EK template "L-2": ECC NIST P-256, PolicySecret of the
 * endorsement hierarchy) persistent at VT_EK_HANDLE, or reads the one there.
 * Its public point; -EEXIST when the handle holds another kind of key. */
int vt_ek_provision(struct vt_tpm *t, uint8_t x[VT_COORD_LEN], uint8_t y[VT_COORD_LEN]);

/* Makes an AK (restricted ECDSA P-256, created at random under the storage
 * key) persistent at VT_AK_HANDLE, or reads the one there. Its public point
 * and TPM name; -EEXIST when the handle holds another kind of key. */
int vt_ak_provision(struct vt_tpm *t, uint8_t x[VT_COORD_LEN], uint8_t y[VT_COORD_LEN],
		    uint8_t name[VT_NAME_LEN]);

/* The persistent EK or AK: public point and name (name may be NULL).
 * -ENOENT when it was not provisioned, -EEXIST when it is another key. */
int vt_ek_public(struct vt_tpm *t, uint8_t x[VT_COORD_LEN], uint8_t y[VT_COORD_LEN],
		 uint8_t name[VT_NAME_LEN]);
int vt_ak_public(struct vt_tpm *t, uint8_t x[VT_COORD_LEN], uint8_t y[VT_COORD_LEN],
		 uint8_t name[VT_NAME_LEN]);

/* --- Credential activation ------------------------------------------------ */

/* On the root TPM: wraps secret for the TPM whose EK is (ek_x, ek_y), to be
 * released only together with the key named ak_name (name_len bytes).
 * cred and enc_secret are the marshalled TPM2B_ID_OBJECT and
 * TPM2B_ENCRYPTED_SECRET. -EINVAL also for an EK that is not a P-256 point. */
int vt_make_credential(struct vt_tpm *root, const uint8_t ek_x[VT_COORD_LEN],
		       const uint8_t ek_y[VT_COORD_LEN], const uint8_t *ak_name,
		       size_t name_len, const uint8_t secret[VT_DIGEST_LEN],
		       struct vt_blob *cred, struct vt_blob *enc_secret);

/* On a guest vTPM: recovers the secret with the persistent EK and AK.
 * -EACCES when the credential was made for another EK or another AK name
 * (or altered), -EBADMSG when a blob is malformed, -ENOENT when the EK or
 * the AK is not provisioned. */
int vt_activate_credential(struct vt_tpm *guest, const struct vt_blob *cred,
			   const struct vt_blob *enc_secret,
			   uint8_t secret[VT_DIGEST_LEN]);

/* --- Guest TLS key -------------------------------------------------------- */

#define VT_TLS_HANDLE 0x81010003u /* guest vTPM: persistent TLS key */

/* Makes a TLS key (unrestricted ECDSA P-256 with SHA-256, created at random
 * under the storage key, empty password, NODA) persistent at VT_TLS_HANDLE,
 * or reads the one there. Its public point; -EEXIST when the handle holds
 * another kind of key. */
int vt_tls_key_provision(struct vt_tpm *t, uint8_t x[VT_COORD_LEN], uint8_t y[VT_COORD_LEN]);

/* The persistent TLS key's public point: -ENOENT when it was not
 * provisioned, -EEXIST when the handle holds another kind of key. */
int vt_tls_key_public(struct vt_tpm *t, uint8_t x[VT_COORD_LEN], uint8_t y[VT_COORD_LEN]);

/* Signs a SHA-256 digest (len must be VT_DIGEST_LEN, what TLS 1.3 signs
 * with P-256) with the persistent TLS key: ECDSA signature (r, s).
 * -EINVAL for any other length; -ENOENT, -EEXIST as vt_tls_key_public(). */
int vt_tls_sign(struct vt_tpm *t, const uint8_t *digest, size_t len,
		uint8_t r[VT_COORD_LEN], uint8_t s[VT_COORD_LEN]);

#endif
