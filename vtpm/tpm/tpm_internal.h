/* SPDX-License-Identifier: BSD-3-Clause */
#ifndef VT_TPM_INTERNAL_H
#define VT_TPM_INTERNAL_H

/*
 * Shared by the files of vtpm/tpm (and its white-box tests): the context,
 * scope-bound flushing of what a function loads, the key templates, and
 * conversions between TPM structures and the byte arrays of vt_tpm.h.
 * Same return convention as vt_tpm.h.
 */

#include <stdbool.h>
#include <tss2_esys.h>
#include <tss2_tctildr.h>

#include "vt_tpm.h"

struct vt_tpm {
	TSS2_TCTI_CONTEXT *tcti;
	ESYS_CONTEXT *esys;
	bool software;          /* an swtpm: ours to shut down on close */
	TSS2_RC last_rc;
};

/* --- Response codes (tpm_rc.c) -------------------------------------------- */

/* The error number of a response code without its handle, session or
 * parameter number: TPM2_RC_INTEGRITY for any 0x?9f, etc. Codes of other
 * layers (ESAPI, TCTI) come back unchanged. */
TSS2_RC vt_rc_base(TSS2_RC rc);

/* Records rc as the last failure of t and returns its generic errno (see
 * vt_tpm.h); 0 for TSS2_RC_SUCCESS. */
int vt_rc_errno(struct vt_tpm *t, TSS2_RC rc);

/* --- Scope-bound handles (handles.c) -------------------------------------- */

/* An object or session a function loaded: flushed when the variable goes
 * out of scope (VT_LOADED), or, for a persistent object's ESAPI reference,
 * only closed (VT_PERSISTENT). tr stays ESYS_TR_NONE until something is
 * loaded. */
struct vt_handle {
	ESYS_CONTEXT *esys;
	ESYS_TR tr;
};

void vt_handle_flush(struct vt_handle *h);
void vt_handle_close(struct vt_handle *h);

#define VT_LOADED(name, t) \
	struct vt_handle name __attribute__((cleanup(vt_handle_flush))) = \
		{ (t) ? (t)->esys : NULL, ESYS_TR_NONE }
#define VT_PERSISTENT(name, t) \
	struct vt_handle name __attribute__((cleanup(vt_handle_close))) = \
		{ (t) ? (t)->esys : NULL, ESYS_TR_NONE }

/* Memory ESAPI returned (any out pointer): freed at scope end. */
void vt_esys_free(void *pp);
#define VT_ESYS_OUT __attribute__((cleanup(vt_esys_free)))

/* ESAPI output that held a secret: wiped, then freed at scope end. */
void vt_esys_free_sensitive(TPM2B_SENSITIVE_DATA **pp);
void vt_esys_free_digest(TPM2B_DIGEST **pp);

/* --- Templates (templates.c) ---------------------------------------------- */

enum vt_key {
	VT_KEY_CA,       /* owner: unrestricted ECDSA P-256 signing */
	VT_KEY_SRK,      /* owner: restricted decrypt P-256, AES-128-CFB */
	VT_KEY_ROOT_AK,  /* endorsement: restricted ECDSA P-256 signing */
	VT_KEY_EK,       /* endorsement: TCG EK template L-2 */
	VT_KEY_GUEST_AK, /* ordinary key under the SRK: restricted ECDSA P-256 */
};

/* The template of a key, and the hierarchy a primary key is derived in. */
void vt_template(enum vt_key key, TPM2B_PUBLIC *out, ESYS_TR *hierarchy);

/* The template of a sealed-data object usable only under policy. */
void vt_template_sealed(const TPM2B_DIGEST *policy, TPM2B_PUBLIC *out);

/* Whether a public area is an instance of the key's template (every field
 * but the unique point). */
bool vt_public_is(const TPMT_PUBLIC *pub, enum vt_key key);

/* --- Primary keys (primary.c) --------------------------------------------- */

/* Derives a primary key (CA, SRK, root AK or EK) into *out; its public area
 * into *pub when pub is not NULL (free with Esys_Free). */
int vt_primary_create(struct vt_tpm *t, enum vt_key key, struct vt_handle *out,
		      TPM2B_PUBLIC **pub);

/* --- Sessions (session.c) ------------------------------------------------- */

/* Starts a SHA-256 session of a type (TPM2_SE_HMAC, _POLICY, _TRIAL). With
 * a salt key the session is salted with it, and crypt (TPMA_SESSION_DECRYPT,
 * _ENCRYPT or both, 0 for none) encrypts the first command or response
 * parameter, so that secrets do not cross the bus in clear. */
int vt_session_start(struct vt_tpm *t, TPM2_SE type, ESYS_TR salt_key,
		     TPMA_SESSION crypt, struct vt_handle *out);

/* Adds PolicyPCR(sha256:{pcr}, current values) to a policy session. */
int vt_policy_pcr(struct vt_tpm *t, ESYS_TR session, uint32_t pcr);

/* --- PCR selections (pcr_select.c) ---------------------------------------- */

/* A sha256 selection of the n PCRs listed: -EINVAL for an empty list, an
 * index >= VT_PCR_COUNT or a repeated index. */
int vt_pcr_select(const uint32_t *pcrs, size_t n, TPML_PCR_SELECTION *out);

/* --- Byte arrays (ecc_point.c) -------------------------------------------- */

/* sign_digest.c: an ECDSA P-256 signature of a SHA-256 digest by the loaded
 * unrestricted key (null hash-check ticket). */
int vt_sign_digest(struct vt_tpm *t, ESYS_TR key, const uint8_t digest[VT_DIGEST_LEN],
		   uint8_t r_out[VT_COORD_LEN], uint8_t s_out[VT_COORD_LEN]);

/* A P-256 coordinate or signature half from the TPM, left-padded to 32
 * bytes: -EIO when it is longer. */
int vt_param_out(const TPM2B_ECC_PARAMETER *p, uint8_t out[VT_COORD_LEN]);

/* The public point of an ECC key: -EIO when it is not a P-256 key. */
int vt_point_out(const TPM2B_PUBLIC *pub, uint8_t x[VT_COORD_LEN], uint8_t y[VT_COORD_LEN]);

/* Copies a point into unique.ecc of a public area. */
void vt_point_in(const uint8_t x[VT_COORD_LEN], const uint8_t y[VT_COORD_LEN],
		 TPM2B_PUBLIC *pub);

/* The name ESAPI holds for an object: -EIO when it is not VT_NAME_LEN
 * bytes. */
int vt_name_out(struct vt_tpm *t, ESYS_TR tr, uint8_t name[VT_NAME_LEN]);

/* --- Persistent objects (persistent.c) ------------------------------------ */

/* An ESAPI reference to the persistent object at handle: -ENOENT when there
 * is none. */
int vt_persistent_open(struct vt_tpm *t, TPM2_HANDLE handle, struct vt_handle *out);

/* Makes a loaded object persistent at handle (owner authorisation). */
int vt_persist(struct vt_tpm *t, ESYS_TR object, TPM2_HANDLE handle);

/* Public point and name of the persistent key at handle, which must be an
 * instance of key's template: -ENOENT, -EEXIST when it is another key. */
int vt_persistent_public(struct vt_tpm *t, TPM2_HANDLE handle, enum vt_key key,
			 uint8_t x[VT_COORD_LEN], uint8_t y[VT_COORD_LEN],
			 uint8_t name[VT_NAME_LEN]);

/* --- Software verification (ecdsa_verify.c) ------------------------------ */

/* Whether (r, s) is an ECDSA signature of digest by the P-256 key (x, y):
 * 0, -EKEYREJECTED, -EINVAL when (x, y) is not a valid point, -ENOMEM. */
int vt_ecdsa_verify(const uint8_t x[VT_COORD_LEN], const uint8_t y[VT_COORD_LEN],
		    const uint8_t digest[VT_DIGEST_LEN], const uint8_t r[VT_COORD_LEN],
		    const uint8_t s[VT_COORD_LEN]);

#endif
