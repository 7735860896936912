/* SPDX-License-Identifier: BSD-3-Clause */
#ifndef VT_CERT_H
#define VT_CERT_H

/*
 * X.509 certificates of the platform CA. The CA's ECC P-256 private key
 * lives in a TPM and never leaves it: every signature is asked of a
 * struct vt_signer. Certificates are DER, ECDSA with SHA-256, and every
 * key they certify is a P-256 point given as two 32-byte big-endian
 * coordinates.
 *
 * Every function returns 0 (or a length where said) on success and a
 * negative errno on failure; nothing is written to an output on failure.
 * Whatever parses a certificate treats it as hostile input.
 * Calls are serialised internally (signing uses one wolfCrypt device).
 */

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

/* Enough for any certificate issued here; parsers refuse larger input. */
#define VT_CERT_DER_MAX 2048
/* A PEM certificate of VT_CERT_DER_MAX bytes, with its NUL. */
#define VT_CERT_PEM_MAX 2900
/* The longest subject common name (wolfSSL holds 63 characters). */
#define VT_CERT_CN_MAX 63
/* Validity bounds in days. */
#define VT_CERT_DAYS_MAX 36500

struct vt_signer {
	/* Signs a SHA-256 digest with the CA key: writes r and s (each
	 * 32 bytes, big-endian) and returns 0, or a negative errno. */
	int (*sign)(void *ctx, const uint8_t digest[32], uint8_t r[32],
		    uint8_t s[32]);
	void *ctx;
	uint8_t x[32], y[32];   /* the CA's public point */
};

/* What an end-entity certificate's key is for. */
enum vt_cert_kind {
	VT_CERT_EK,             /* keyEncipherment, keyAgreement */
	VT_CERT_AK,             /* digitalSignature */
	VT_CERT_TLS_CLIENT,     /* digitalSignature, extKeyUsage clientAuth */
	VT_CERT_TLS_SERVER,     /* digitalSignature, extKeyUsage serverAuth */
};

/* True when cn is 1 to VT_CERT_CN_MAX printable ASCII characters
 * (0x20-0x7e) that neither start nor end with a space. */
bool vt_cert_cn_valid(const char *cn);

/*
 * The self-signed CA certificate for ca's key: subject and issuer CN=cn,
 * basicConstraints CA:TRUE and pathLen 0 (critical), keyUsage keyCertSign
 * and cRLSign (critical), a subject key identifier, a random positive
 * 16-byte serial, valid from a day ago for days days. *len holds der's
 * size on entry and the certificate's length on return.
 * -EINVAL: bad cn, days or point; -ENOSPC: der too small (a buffer of
 * VT_CERT_DER_MAX bytes always suffices); the signer's own error when it
 * fails, -EKEYREJECTED when its signature does not verify with the CA's
 * point; -EIO when wolfCrypt fails.
 */
int vt_cert_ca_self(const struct vt_signer *ca, const char *cn,
		    unsigned days, uint8_t *der, size_t *len);

/*
 * An end-entity certificate for the P-256 point (x, y), signed by ca,
 * whose certificate is ca_der (its subject becomes the issuer, its
 * subject key identifier the authority key identifier). CN=cn,
 * basicConstraints CA:FALSE, key usage as kind says, random serial.
 * Errors as vt_cert_ca_self; also -EINVAL when the point is not on the
 * curve or ca_der does not certify ca's public point, -EBADMSG when
 * ca_der cannot be parsed.
 */
int vt_cert_issue(const struct vt_signer *ca, const uint8_t *ca_der,
		  size_t ca_len, const char *cn, const uint8_t x[32],
		  const uint8_t y[32], enum vt_cert_kind kind, unsigned days,
		  uint8_t *der, size_t *len);

/*
 * 0 when der is a certificate signed by the CA whose certificate is
 * ca_der, valid now. -EKEYREJECTED: not signed by that CA (bad
 * signature, other issuer, or ca_der is no CA); -EKEYEXPIRED: outside
 * its validity; -EBADMSG: either cannot be parsed; -EINVAL: bad
 * arguments; -ENOMEM.
 */
int vt_cert_verify(const uint8_t *ca_der, size_t ca_len,
		   const uint8_t *der, size_t len);

/* The certified P-256 point. -EBADMSG when der is not a certificate or
 * its key is not a valid P-256 point (-EPROTONOSUPPORT: another key
 * type or curve). */
int vt_cert_public(const uint8_t *der, size_t len, uint8_t x[32],
		   uint8_t y[32]);

/* The subject's common name, NUL-terminated in cn (size bytes). Returns
 * its length; -EBADMSG when der is not a certificate or has no valid CN
 * (see vt_cert_cn_valid); -ENOSPC when cn is too small. */
int vt_cert_subject_cn(const uint8_t *der, size_t len, char *cn, size_t size);

/* A new P-256 key pair for a daemon to have certified: the private key's
 * DER (SEC1) in der (*der_len bytes in, its length out), its point in x, y.
 * 0, or -EIO. The caller wipes der when done. */
int vt_cert_new_key(uint8_t *der, size_t *der_len, uint8_t x[32], uint8_t y[32]);

/* vtpmd's answer to a certificate request (CTL_ISSUE_*_CERT): the DER of
 * its "certificate" and "ca_certificate" (PEM strings) into cert and ca,
 * VT_CERT_DER_MAX bytes each. 0, or -EBADMSG when answer (maybe NULL)
 * lacks either. */
struct json_object;
int vt_cert_issued(struct json_object *answer, uint8_t *cert, int *cert_len,
		   uint8_t *ca, int *ca_len);

/* PEM text ("-----BEGIN CERTIFICATE-----"...) of a DER certificate,
 * NUL-terminated in pem (size bytes). Returns its length without the
 * NUL; -ENOSPC when pem is too small; -EINVAL on bad arguments. */
int vt_cert_to_pem(const uint8_t *der, size_t len, char *pem, size_t size);

/* The DER of the first certificate in PEM text (pem_len bytes). Returns
 * its length; -EBADMSG when there is none (or it is larger than
 * VT_CERT_DER_MAX); -ENOSPC when der (size bytes) is too small. */
int vt_cert_from_pem(const char *pem, size_t pem_len, uint8_t *der,
		     size_t size);

#endif
