/* SPDX-License-Identifier: BSD-3-Clause */
/* A vTPM's identity: an EK certified by the platform CA, and an AK that is
 * certified only after credential activation proved it lives in the same
 * TPM as that EK (the root TPM wraps a secret to the EK, bound to the AK's
 * name; only that TPM, holding that AK, can unwrap it). */
#include <errno.h>
#include <stdio.h>
#include <string.h>

#include "vtpmd.h"

static int certify(struct vtpmd *d, struct guest_vtpm *v, const char *role,
		   const uint8_t x[32], const uint8_t y[32], enum vt_cert_kind kind,
		   const char *file)
{
	uint8_t der[VT_CERT_DER_MAX];
	size_t len = sizeof(der);
	char cn[VT_CERT_CN_MAX + 1];
	int r;

	snprintf(cn, sizeof(cn), "%s%s%s", v->guest->name, role ? " " : "", role ? role : "");
	r = vt_cert_issue(&d->ca, d->ca_der, d->ca_len, cn, x, y, kind,
			  VTPM_CERT_DAYS, der, &len);
	if (r == 0)
		r = state_write(v->dir, file, der, len);
	return r < 0 ? guest_vtpm_fail(v, r, "cannot certify its %s key: %s",
				       role ? role : "TLS", strerror(-r)) : 0;
}

/* The root TPM wraps a random secret for (EK, AK name); the vTPM must give
 * it back. */
static int activate(struct vtpmd *d, struct guest_vtpm *v, struct vt_tpm *guest,
		    const uint8_t ak_name[VT_NAME_LEN])
{
	uint8_t secret[VT_DIGEST_LEN], back[VT_DIGEST_LEN];
	struct vt_blob cred, enc;
	int r = vt_random(d->root, secret, sizeof(secret));

	if (r == 0)
		r = vt_make_credential(d->root, v->ek_x, v->ek_y, ak_name, VT_NAME_LEN,
				       secret, &cred, &enc);
	if (r < 0)
		return guest_vtpm_fail(v, r, "cannot make a credential for its EK: %s", strerror(-r));
	r = vt_activate_credential(guest, &cred, &enc, back);
	if (r == 0) {
		uint8_t diff = 0;

		for (size_t i = 0; i < sizeof(secret); i++)   /* constant time */
			diff |= secret[i] ^ back[i];
		r = diff ? -EACCES : 0;
	}
	explicit_bzero(secret, sizeof(secret));
	explicit_bzero(back, sizeof(back));
	return r < 0 ? guest_vtpm_fail(v, r, "credential activation failed: its AK is not "
			    "proven to live beside its EK (%s)", strerror(-r)) : 0;
}

int vtpm_provision(struct vtpmd *d, struct guest_vtpm *v, struct vt_tpm *guest)
{
	uint8_t ak_name[VT_NAME_LEN];
	int r = vt_ek_provision(guest, v->ek_x, v->ek_y);

	if (r < 0)
		return guest_vtpm_fail(v, r, "cannot create its EK: %s", strerror(-r));
	if ((r = certify(d, v, "EK", v->ek_x, v->ek_y, VT_CERT_EK, "ek.der")) < 0)
		return r;
	r = vt_ak_provision(guest, v->ak_x, v->ak_y, ak_name);
	if (r < 0)
		return guest_vtpm_fail(v, r, "cannot create its AK: %s", strerror(-r));
	if ((r = activate(d, v, guest, ak_name)) < 0)
		return r;
	if ((r = certify(d, v, "AK", v->ak_x, v->ak_y, VT_CERT_AK, "ak.der")) < 0)
		return r;
	/* The agent's TLS client key: in the vTPM too, certified with the
	 * guest's bare name, which authd matches against the policy. */
	r = vt_tls_key_provision(guest, v->tls_x, v->tls_y);
	if (r < 0)
		return guest_vtpm_fail(v, r, "cannot create its TLS key: %s", strerror(-r));
	return certify(d, v, NULL, v->tls_x, v->tls_y, VT_CERT_TLS_CLIENT, "tls.der");
}

/* The key a stored certificate certifies, after checking it is the CA's. */
static int certified_key(struct vtpmd *d, struct guest_vtpm *v, const char *file,
			 uint8_t x[32], uint8_t y[32])
{
	uint8_t der[VT_CERT_DER_MAX];
	long n = state_read(v->dir, file, der, sizeof(der));
	int r;

	if (n < 0)
		return guest_vtpm_fail(v, (int)n, "cannot read %s: %s", file, strerror((int)-n));
	r = vt_cert_verify(d->ca_der, d->ca_len, der, (size_t)n);
	if (r == 0)
		r = vt_cert_public(der, (size_t)n, x, y);
	return r < 0 ? guest_vtpm_fail(v, r, "%s is not a valid certificate of the platform CA: %s",
			    file, strerror(-r)) : 0;
}

int vtpm_check_identity(struct vtpmd *d, struct guest_vtpm *v, struct vt_tpm *guest)
{
	uint8_t cx[32], cy[32], x[32], y[32];
	int r;

	if ((r = certified_key(d, v, "ek.der", cx, cy)) < 0)
		return r;
	if ((r = vt_ek_public(guest, x, y, NULL)) < 0)
		return guest_vtpm_fail(v, r, "cannot read its EK: %s", strerror(-r));
	if (memcmp(x, cx, 32) != 0 || memcmp(y, cy, 32) != 0)
		return guest_vtpm_fail(v, -EKEYREJECTED, "its EK does not match its EK certificate");
	memcpy(v->ek_x, x, 32);
	memcpy(v->ek_y, y, 32);
	if ((r = certified_key(d, v, "ak.der", cx, cy)) < 0)
		return r;
	if ((r = vt_ak_public(guest, x, y, NULL)) < 0)
		return guest_vtpm_fail(v, r, "cannot read its AK: %s", strerror(-r));
	if (memcmp(x, cx, 32) != 0 || memcmp(y, cy, 32) != 0)
		return guest_vtpm_fail(v, -EKEYREJECTED, "its AK does not match its AK certificate");
	memcpy(v->ak_x, x, 32);
	memcpy(v->ak_y, y, 32);
	if ((r = certified_key(d, v, "tls.der", cx, cy)) < 0)
		return r;
	if ((r = vt_tls_key_public(guest, x, y)) < 0)
		return guest_vtpm_fail(v, r, "cannot read its TLS key: %s", strerror(-r));
	if (memcmp(x, cx, 32) != 0 || memcmp(y, cy, 32) != 0)
		return guest_vtpm_fail(v, -EKEYREJECTED,
				       "its TLS key does not match its TLS certificate");
	memcpy(v->tls_x, x, 32);
	memcpy(v->tls_y, y, 32);
	return 0;
}
