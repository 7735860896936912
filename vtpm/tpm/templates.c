/* SPDX-License-Identifier: BSD-3-Clause */
/*
 * The templates of every key and sealed object. A primary key is a function
 * of its hierarchy's seed and its template, so these bytes are what makes
 * the CA, the SRK and the root AK the same key at every start: change one
 * and every certificate and sealed blob made before stops matching.
 */
#include <string.h>

#include "tpm_internal.h"

/* What every key of ours is: bound to this TPM and its parent, generated
 * inside it, usable with its (empty) password, and never counted by
 * dictionary-attack protection (an swtpm killed mid-command must not lock
 * the gateway out). */
#define KEY_ATTRS (TPMA_OBJECT_FIXEDTPM | TPMA_OBJECT_FIXEDPARENT | \
		   TPMA_OBJECT_SENSITIVEDATAORIGIN | TPMA_OBJECT_USERWITHAUTH | \
		   TPMA_OBJECT_NODA)

/* TCG EK Credential Profile, template L-2 (ECC NIST P-256): the standard
 * attributes, so that the same endorsement seed always gives the same EK. */
#define EK_ATTRS (TPMA_OBJECT_FIXEDTPM | TPMA_OBJECT_FIXEDPARENT | \
		  TPMA_OBJECT_SENSITIVEDATAORIGIN | TPMA_OBJECT_ADMINWITHPOLICY | \
		  TPMA_OBJECT_RESTRICTED | TPMA_OBJECT_DECRYPT)

/* PolicySecret(TPM_RH_ENDORSEMENT), SHA-256: the EK's authPolicy. */
static const uint8_t ek_policy[32] = {
	0x83, 0x71, 0x97, 0x67, 0x44, 0x84, 0xb3, 0xf8, 0x1a, 0x90, 0xcc, 0x8d,
	0x46, 0xa5, 0xd7, 0x24, 0xfd, 0x52, 0xd7, 0x6e, 0x06, 0x52, 0x0b, 0x64,
	0xf2, 0xa1, 0xda, 0x1b, 0x33, 0x14, 0x69, 0xaa,
};

/* Labels in the unique field keep our primaries apart from other users'
 * keys made from otherwise equal templates. */
static const char ca_label[] = "vmgate platform CA";
static const char root_ak_label[] = "vmgate root AK";

static void ecc_p256(TPMT_PUBLIC *p, TPMA_OBJECT attrs)
{
	p->type = TPM2_ALG_ECC;
	p->nameAlg = TPM2_ALG_SHA256;
	p->objectAttributes = attrs;
	p->parameters.eccDetail.curveID = TPM2_ECC_NIST_P256;
	p->parameters.eccDetail.kdf.scheme = TPM2_ALG_NULL;
	p->parameters.eccDetail.symmetric.algorithm = TPM2_ALG_NULL;
	p->parameters.eccDetail.scheme.scheme = TPM2_ALG_NULL;
}

static void ecdsa_sha256(TPMT_PUBLIC *p)
{
	p->parameters.eccDetail.scheme.scheme = TPM2_ALG_ECDSA;
	p->parameters.eccDetail.scheme.details.ecdsa.hashAlg = TPM2_ALG_SHA256;
}

static void aes128_cfb(TPMT_PUBLIC *p)
{
	p->parameters.eccDetail.symmetric.algorithm = TPM2_ALG_AES;
	p->parameters.eccDetail.symmetric.keyBits.aes = 128;
	p->parameters.eccDetail.symmetric.mode.aes = TPM2_ALG_CFB;
}

static void label(TPMT_PUBLIC *p, const char *text, size_t len)
{
	memcpy(p->unique.ecc.x.buffer, text, len);
	p->unique.ecc.x.size = (UINT16)len;
}

void vt_template(enum vt_key key, TPM2B_PUBLIC *out, ESYS_TR *hierarchy)
{
	TPMT_PUBLIC *p = &out->publicArea;
	ESYS_TR h = ESYS_TR_RH_OWNER;

	memset(out, 0, sizeof(*out));
	switch (key) {
	case VT_KEY_CA:
		ecc_p256(p, KEY_ATTRS | TPMA_OBJECT_SIGN_ENCRYPT);
		ecdsa_sha256(p);
		label(p, ca_label, sizeof(ca_label) - 1);
		break;
	case VT_KEY_SRK:
		ecc_p256(p, KEY_ATTRS | TPMA_OBJECT_RESTRICTED | TPMA_OBJECT_DECRYPT);
		aes128_cfb(p);
		break;
	case VT_KEY_ROOT_AK:
		ecc_p256(p, KEY_ATTRS | TPMA_OBJECT_RESTRICTED | TPMA_OBJECT_SIGN_ENCRYPT);
		ecdsa_sha256(p);
		label(p, root_ak_label, sizeof(root_ak_label) - 1);
		h = ESYS_TR_RH_ENDORSEMENT;
		break;
	case VT_KEY_EK:
		ecc_p256(p, EK_ATTRS);
		aes128_cfb(p);
		memcpy(p->authPolicy.buffer, ek_policy, sizeof(ek_policy));
		p->authPolicy.size = sizeof(ek_policy);
		/* L-2 fills the unique point with zeros. */
		p->unique.ecc.x.size = 32;
		p->unique.ecc.y.size = 32;
		h = ESYS_TR_RH_ENDORSEMENT;
		break;
	case VT_KEY_GUEST_AK:
		ecc_p256(p, KEY_ATTRS | TPMA_OBJECT_RESTRICTED | TPMA_OBJECT_SIGN_ENCRYPT);
		ecdsa_sha256(p);
		break;
	}
	if (hierarchy)
		*hierarchy = h;
}

void vt_template_sealed(const TPM2B_DIGEST *policy, TPM2B_PUBLIC *out)
{
	TPMT_PUBLIC *p = &out->publicArea;

	memset(out, 0, sizeof(*out));
	p->type = TPM2_ALG_KEYEDHASH;
	p->nameAlg = TPM2_ALG_SHA256;
	/* The caller supplies the data (no sensitiveDataOrigin), and only the
	 * PCR policy can authorise its use: with userWithAuth the empty
	 * password would unseal it whatever the PCRs hold. */
	p->objectAttributes = TPMA_OBJECT_FIXEDTPM | TPMA_OBJECT_FIXEDPARENT |
			      TPMA_OBJECT_ADMINWITHPOLICY | TPMA_OBJECT_NODA;
	p->parameters.keyedHashDetail.scheme.scheme = TPM2_ALG_NULL;
	p->authPolicy = *policy;
}

/* Whether two sets of ECC parameters are equal in every field in use. */
static bool ecc_params_equal(const TPMS_ECC_PARMS *a, const TPMS_ECC_PARMS *b)
{
	if (a->curveID != b->curveID || a->kdf.scheme != b->kdf.scheme ||
	    a->symmetric.algorithm != b->symmetric.algorithm ||
	    a->scheme.scheme != b->scheme.scheme)
		return false;
	if (a->symmetric.algorithm != TPM2_ALG_NULL &&
	    (a->symmetric.keyBits.sym != b->symmetric.keyBits.sym ||
	     a->symmetric.mode.sym != b->symmetric.mode.sym))
		return false;
	if (a->scheme.scheme != TPM2_ALG_NULL &&
	    a->scheme.details.anySig.hashAlg != b->scheme.details.anySig.hashAlg)
		return false;
	return true;
}

bool vt_public_is(const TPMT_PUBLIC *pub, enum vt_key key)
{
	TPM2B_PUBLIC want;
	const TPMT_PUBLIC *w = &want.publicArea;

	vt_template(key, &want, NULL);
	return pub->type == w->type && pub->nameAlg == w->nameAlg &&
	       pub->objectAttributes == w->objectAttributes &&
	       pub->authPolicy.size == w->authPolicy.size &&
	       memcmp(pub->authPolicy.buffer, w->authPolicy.buffer, w->authPolicy.size) == 0 &&
	       ecc_params_equal(&pub->parameters.eccDetail, &w->parameters.eccDetail);
}
