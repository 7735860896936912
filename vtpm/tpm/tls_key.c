/* SPDX-License-Identifier: BSD-3-Clause */
/* The guest's TLS key, persistent at VT_TLS_HANDLE: an ordinary ECDSA
 * P-256 signing key under the storage key, so that the guest's side of the
 * TLS handshake is signed inside its vTPM and the private key never reaches
 * the guest's memory. Unlike the AK it is not restricted: it signs digests
 * made outside the TPM (the handshake transcript), which is why it is a key
 * of its own and never the AK. */
#include <errno.h>
#include <string.h>

#include "tpm_internal.h"

/* Bound to this TPM and its parent, generated inside it, usable with the
 * empty password, never counted by dictionary-attack protection. */
#define TLS_ATTRS (TPMA_OBJECT_FIXEDTPM | TPMA_OBJECT_FIXEDPARENT | \
		   TPMA_OBJECT_SENSITIVEDATAORIGIN | TPMA_OBJECT_USERWITHAUTH | \
		   TPMA_OBJECT_NODA | TPMA_OBJECT_SIGN_ENCRYPT)

static void tls_template(TPM2B_PUBLIC *out)
{
	TPMT_PUBLIC *p = &out->publicArea;

	memset(out, 0, sizeof(*out));
	p->type = TPM2_ALG_ECC;
	p->nameAlg = TPM2_ALG_SHA256;
	p->objectAttributes = TLS_ATTRS;
	p->parameters.eccDetail.curveID = TPM2_ECC_NIST_P256;
	p->parameters.eccDetail.kdf.scheme = TPM2_ALG_NULL;
	p->parameters.eccDetail.symmetric.algorithm = TPM2_ALG_NULL;
	p->parameters.eccDetail.scheme.scheme = TPM2_ALG_ECDSA;
	p->parameters.eccDetail.scheme.details.ecdsa.hashAlg = TPM2_ALG_SHA256;
}

/* Whether a public area is a key of the TLS template (every field but the
 * point). */
static bool is_tls_key(const TPMT_PUBLIC *p)
{
	const TPMS_ECC_PARMS *e = &p->parameters.eccDetail;

	return p->type == TPM2_ALG_ECC && p->nameAlg == TPM2_ALG_SHA256 &&
	       p->objectAttributes == TLS_ATTRS && p->authPolicy.size == 0 &&
	       e->curveID == TPM2_ECC_NIST_P256 && e->kdf.scheme == TPM2_ALG_NULL &&
	       e->symmetric.algorithm == TPM2_ALG_NULL &&
	       e->scheme.scheme == TPM2_ALG_ECDSA &&
	       e->scheme.details.ecdsa.hashAlg == TPM2_ALG_SHA256;
}

/* Opens the persistent TLS key into *key and checks what it is: 0,
 * -ENOENT when there is none, -EEXIST when the handle holds another kind
 * of key. Its point into (x, y) when x is not NULL. */
static int tls_open(struct vt_tpm *t, struct vt_handle *key, uint8_t x[VT_COORD_LEN],
		    uint8_t y[VT_COORD_LEN])
{
	TPM2B_PUBLIC *pub VT_ESYS_OUT = NULL;
	int r = vt_persistent_open(t, VT_TLS_HANDLE, key);

	if (r < 0)
		return r;
	r = vt_rc_errno(t, Esys_ReadPublic(t->esys, key->tr, ESYS_TR_NONE, ESYS_TR_NONE,
					   ESYS_TR_NONE, &pub, NULL, NULL));
	if (r < 0)
		return r;
	if (!is_tls_key(&pub->publicArea))
		return -EEXIST;
	return x ? vt_point_out(pub, x, y) : 0;
}

/* Creates a TLS key under the SRK and loads it into *key; its public area
 * into *pub (free with Esys_Free). */
static int tls_create(struct vt_tpm *t, struct vt_handle *key, TPM2B_PUBLIC **pub)
{
	const TPM2B_SENSITIVE_CREATE no_auth = { 0 };
	const TPML_PCR_SELECTION no_pcrs = { 0 };
	const TPM2B_DATA no_info = { 0 };
	TPM2B_PRIVATE *priv VT_ESYS_OUT = NULL;
	TPM2B_PUBLIC template;
	VT_LOADED(srk, t);
	int r;

	tls_template(&template);
	r = vt_primary_create(t, VT_KEY_SRK, &srk, NULL);
	if (r < 0)
		return r;
	r = vt_rc_errno(t, Esys_Create(t->esys, srk.tr, ESYS_TR_PASSWORD, ESYS_TR_NONE,
				       ESYS_TR_NONE, &no_auth, &template, &no_info,
				       &no_pcrs, &priv, pub, NULL, NULL, NULL));
	if (r < 0)
		return r;
	return vt_rc_errno(t, Esys_Load(t->esys, srk.tr, ESYS_TR_PASSWORD, ESYS_TR_NONE,
					ESYS_TR_NONE, priv, *pub, &key->tr));
}

int vt_tls_key_provision(struct vt_tpm *t, uint8_t x[VT_COORD_LEN], uint8_t y[VT_COORD_LEN])
{
	TPM2B_PUBLIC *pub VT_ESYS_OUT = NULL;
	VT_PERSISTENT(persistent, t);
	VT_LOADED(key, t);
	int r;

	if (!t || !x || !y)
		return -EINVAL;
	r = tls_open(t, &persistent, x, y);
	if (r != -ENOENT)
		return r;
	r = tls_create(t, &key, &pub);
	if (r == 0)
		r = vt_persist(t, key.tr, VT_TLS_HANDLE);
	return r < 0 ? r : vt_point_out(pub, x, y);
}

int vt_tls_key_public(struct vt_tpm *t, uint8_t x[VT_COORD_LEN], uint8_t y[VT_COORD_LEN])
{
	VT_PERSISTENT(key, t);

	if (!t || !x || !y)
		return -EINVAL;
	return tls_open(t, &key, x, y);
}

int vt_tls_sign(struct vt_tpm *t, const uint8_t *digest, size_t len,
		uint8_t r_out[VT_COORD_LEN], uint8_t s_out[VT_COORD_LEN])
{
	VT_PERSISTENT(key, t);
	int r;

	/* ECDSA over P-256 with TLS 1.3 signs SHA-256 digests only: anything
	 * else is a caller's mistake, not something to truncate. */
	if (!t || !digest || len != VT_DIGEST_LEN || !r_out || !s_out)
		return -EINVAL;
	r = tls_open(t, &key, NULL, NULL);
	if (r < 0)
		return r;
	return vt_sign_digest(t, key.tr, digest, r_out, s_out);
}
