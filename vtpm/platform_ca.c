/* SPDX-License-Identifier: BSD-3-Clause */
/* The platform CA: its key is derived inside the root TPM and signs
 * through it; only its certificate is stored. A stored certificate for
 * another key (another root TPM, or a file swapped in) is refused. */
#include <errno.h>
#include <string.h>

#include "vtpmd.h"

static int sign_with_root(void *ctx, const uint8_t digest[32], uint8_t r[32],
			  uint8_t s[32])
{
	return vt_ca_sign(ctx, digest, r, s);
}

/* A stored certificate, or -ENOENT. It must certify (x, y). */
static int load_cert(const char *dir, const char *name, const uint8_t x[32],
		     const uint8_t y[32], uint8_t *der, size_t *len)
{
	uint8_t cx[32], cy[32];
	long n = state_read(dir, name, der, VT_CERT_DER_MAX);

	if (n < 0)
		return (int)n;
	if (vt_cert_public(der, (size_t)n, cx, cy) < 0) {
		VTPMD_LOG("%s/%s is not a certificate", dir, name);
		return -EBADMSG;
	}
	if (memcmp(cx, x, 32) != 0 || memcmp(cy, y, 32) != 0) {
		VTPMD_LOG("%s/%s certifies another key than the root TPM's: refused",
			  dir, name);
		return -EKEYREJECTED;
	}
	*len = (size_t)n;
	return 0;
}

static int open_ca_cert(struct vtpmd *d, const char *dir)
{
	char cn[VT_CERT_CN_MAX + 1];
	int r = load_cert(dir, "ca.der", d->ca.x, d->ca.y, d->ca_der, &d->ca_len);

	if (r != -ENOENT)
		return r;
	snprintf(cn, sizeof(cn), "vmgate platform CA %s", d->cfg->gateway.name);
	d->ca_len = sizeof(d->ca_der);
	r = vt_cert_ca_self(&d->ca, cn, VTPM_CERT_DAYS, d->ca_der, &d->ca_len);
	if (r == 0)
		r = state_write(dir, "ca.der", d->ca_der, d->ca_len);
	if (r == 0)
		VTPMD_LOG("created the platform CA '%s'", cn);
	return r;
}

static int open_gateway_ak_cert(struct vtpmd *d, const char *dir)
{
	uint8_t x[32], y[32];
	char cn[VT_CERT_CN_MAX + 1];
	int r = vt_root_ak_public(d->root, x, y);

	if (r < 0)
		return r;
	r = load_cert(dir, "gateway-ak.der", x, y, d->gw_ak_der, &d->gw_ak_len);
	if (r == 0)
		r = vt_cert_verify(d->ca_der, d->ca_len, d->gw_ak_der, d->gw_ak_len);
	if (r != -ENOENT)
		return r;
	snprintf(cn, sizeof(cn), "%s AK", d->cfg->gateway.name);
	d->gw_ak_len = sizeof(d->gw_ak_der);
	r = vt_cert_issue(&d->ca, d->ca_der, d->ca_len, cn, x, y, VT_CERT_AK,
			  VTPM_CERT_DAYS, d->gw_ak_der, &d->gw_ak_len);
	return r == 0 ? state_write(dir, "gateway-ak.der", d->gw_ak_der, d->gw_ak_len) : r;
}

int platform_ca_open(struct vtpmd *d)
{
	const char *dir = d->cfg->root_tpm.state_dir;
	int r;

	d->ca.sign = sign_with_root;
	d->ca.ctx = d->root;
	if ((r = vt_ca_public(d->root, d->ca.x, d->ca.y)) < 0) {
		VTPMD_LOG("cannot derive the CA key in the root TPM: %s", strerror(-r));
		return r;
	}
	if ((r = open_ca_cert(d, dir)) < 0) {
		VTPMD_LOG("platform CA certificate in %s: %s", dir, strerror(-r));
		return r;
	}
	if ((r = open_gateway_ak_cert(d, dir)) < 0)
		VTPMD_LOG("gateway AK certificate in %s: %s", dir, strerror(-r));
	return r;
}
