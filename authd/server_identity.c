/* SPDX-License-Identifier: BSD-3-Clause */
/* authd's TLS identity: a P-256 key made at start, kept in memory only,
 * certified by the platform CA through vtpmd ("<gateway> authd"). */
#include <errno.h>
#include <string.h>
#include <unistd.h>

#include "att_tls.h"
#include "authd.h"
#include "vt_cert.h"

#define VTPMD_WAIT_S 30

int server_identity(struct authd *a)
{
	uint8_t key[256], cert[2048], x[32], y[32];
	size_t key_len = sizeof(key), cert_len = sizeof(cert);
	struct att_tls_cfg cfg = { 0 };
	int r = vt_cert_new_key(key, &key_len, x, y);

	if (r < 0)
		return r;
	/* vtpmd may still be starting: wait for it a while. */
	for (int i = 0; i < VTPMD_WAIT_S * 2; i++) {
		r = vtpmd_server_cert(a, x, y, cert, &cert_len);
		if (r != -ENOENT && r != -ECONNREFUSED)
			break;
		if (i == 0)
			AUTHD_LOG("waiting for vmgate-vtpmd to certify authd's key");
		usleep(500000);
	}
	if (r < 0) {
		explicit_bzero(key, sizeof(key));
		AUTHD_LOG("vmgate-vtpmd did not certify authd's key: %s", strerror(-r));
		return r;
	}
	cfg.ca = (struct att_tls_der){ a->ca_der, a->ca_len };
	cfg.chain[0] = (struct att_tls_der){ cert, cert_len };
	cfg.chain_len = 1;
	cfg.key = (struct att_tls_der){ key, key_len };
	a->tls = att_tls_server_new(&cfg, &r);
	explicit_bzero(key, sizeof(key));
	if (!a->tls)
		AUTHD_LOG("cannot set up TLS: %s", strerror(-r));
	return a->tls ? 0 : r;
}
