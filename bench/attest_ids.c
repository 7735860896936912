/* SPDX-License-Identifier: BSD-3-Clause */
/* The identities of the attestation benchmark: one software CA standing
 * for the platform CA (verifying its certificates costs the same as
 * verifying vtpmd's), authd's and the guest's TLS certificates and keys,
 * the guest's vTPM provisioned and launched as vtpmd and vmgate-measure
 * would, and a policy approving that launch. */
#include <errno.h>
#include <stdio.h>
#include <string.h>

#include <wolfssl/options.h>
#include <wolfssl/wolfcrypt/asn_public.h>
#include <wolfssl/wolfcrypt/ecc.h>
#include <wolfssl/wolfcrypt/hash.h>
#include <wolfssl/wolfcrypt/random.h>

#include "attest_bench.h"
#include "diag.h"
#include "hex.h"

#define DAYS 30

struct soft_key {
	ecc_key key;
	uint8_t x[32], y[32];
	uint8_t der[256];
	size_t der_len;
};

/* Only setup signs with these, in the main thread. */
static WC_RNG rng;

static int key_make(struct soft_key *k)
{
	word32 xl = 32, yl = 32;
	int n;

	if (wc_ecc_init(&k->key) != 0 ||
	    wc_ecc_make_key_ex(&rng, 32, &k->key, ECC_SECP256R1) != 0 ||
	    wc_ecc_export_public_raw(&k->key, k->x, &xl, k->y, &yl) != 0)
		return -EIO;
	n = wc_EccKeyToDer(&k->key, k->der, sizeof(k->der));
	if (n <= 0)
		return -EIO;
	k->der_len = (size_t)n;
	return 0;
}

/* The CA's signature as a TPM gives it: r and s, 32 bytes each. */
static int ca_sign(void *ctx, const uint8_t digest[32], uint8_t r[32], uint8_t s[32])
{
	struct soft_key *k = ctx;
	uint8_t sig[ECC_MAX_SIG_SIZE], rr[32], ss[32];
	word32 sig_len = sizeof(sig), rl = sizeof(rr), sl = sizeof(ss);

	if (wc_ecc_sign_hash(digest, 32, sig, &sig_len, &rng, &k->key) != 0 ||
	    wc_ecc_sig_to_rs(sig, sig_len, rr, &rl, ss, &sl) != 0)
		return -EIO;
	memset(r, 0, 32);
	memset(s, 0, 32);
	memcpy(r + 32 - rl, rr, rl);
	memcpy(s + 32 - sl, ss, sl);
	return 0;
}

/* A TLS context holding a certificate for key, issued by the CA. */
static struct att_tls_ctx *tls_ctx(const struct bench_ids *ids, const struct vt_signer *ca,
				   const struct soft_key *key, const char *cn,
				   enum vt_cert_kind kind)
{
	uint8_t der[VT_CERT_DER_MAX];
	size_t len = sizeof(der);
	struct att_tls_cfg cfg = { 0 };
	int r = vt_cert_issue(ca, ids->ca_der, ids->ca_len, cn, key->x, key->y, kind, DAYS,
			      der, &len);

	if (r < 0) {
		fprintf(stderr, "attest-cost: certificate for '%s': %s\n", cn, strerror(-r));
		return NULL;
	}
	cfg.ca = (struct att_tls_der){ ids->ca_der, ids->ca_len };
	cfg.chain[0] = (struct att_tls_der){ der, len };
	cfg.chain_len = 1;
	cfg.key = (struct att_tls_der){ key->der, key->der_len };
	return kind == VT_CERT_TLS_SERVER ? att_tls_server_new(&cfg, NULL)
					  : att_tls_client_new(&cfg, NULL);
}

/* The launch parts, in the order a measured launch extends them (PCR 8:
 * kernel then command line; PCR 9: initrd then disk). */
static const struct {
	unsigned part;
	const char *content;
} launch[] = {
	{ EVLOG_KERNEL, "vmlinuz-6.1.0-13-amd64" },
	{ EVLOG_CMDLINE, "console=ttyS0 quiet" },
	{ EVLOG_INITRD, "initrd.img-6.1.0-13-amd64" },
	{ EVLOG_DISK, "web.qcow2" },
};

/* Extends each part into the vTPM and the event log; hex[i] gets its
 * digest for the policy. */
static int measure_launch(struct bench_ids *ids, char hex[][65])
{
	struct evlog log;
	uint8_t d[32];
	int r, n;

	evlog_init(&log);
	for (size_t i = 0; i < sizeof(launch) / sizeof(launch[0]); i++) {
		unsigned pcr = (unsigned)evlog_part_pcr(launch[i].part);

		if (wc_Sha256Hash((const byte *)launch[i].content,
				  (word32)strlen(launch[i].content), d) != 0)
			return -EIO;
		if ((r = vt_pcr_extend(ids->vtpm, pcr, d)) < 0 ||
		    (r = evlog_append(&log, pcr, launch[i].part, d)) < 0)
			return r;
		vg_hex_encode(d, 32, hex[i]);
	}
	n = evlog_encode(&log, ids->evlog, sizeof(ids->evlog));
	if (n < 0)
		return n;
	ids->evlog_len = (size_t)n;
	return 0;
}

/* A quote of the launch PCRs, kept to time its verification alone. */
static int sample_quote(struct bench_ids *ids)
{
	static const uint32_t pcrs[2] = { EVLOG_PCR_KERNEL_CMDLINE, EVLOG_PCR_INITRD_DISK };

	memset(ids->sample_qualifying, 0x5a, sizeof(ids->sample_qualifying));
	return vt_quote(ids->vtpm, VT_AK_HANDLE, pcrs, 2, ids->sample_qualifying,
			sizeof(ids->sample_qualifying), &ids->sample);
}

/* The policy: guest 'web' approves exactly its launch, over the default
 * attestation PCRs 8 and 9. */
static const struct vg_config *policy(char hex[][65])
{
	char text[1024];
	struct vg_diag *diag = vg_diag_new();
	const struct vg_config *cfg;

	snprintf(text, sizeof(text),
		 "gateway = { name = \"" BENCH_GATEWAY "\"; control_ipv4 = \"192.0.2.1/24\"; };\n"
		 "guests = ({ name = \"" BENCH_GUEST "\"; mac = \"52:54:00:00:00:01\";\n"
		 "  ipv4 = \"192.0.2.10/24\";\n"
		 "  measurements = { kernel = \"%s\"; cmdline = \"%s\"; initrd = \"%s\";\n"
		 "                   disk = \"%s\"; }; });\n",
		 hex[0], hex[1], hex[2], hex[3]);
	cfg = vg_config_load_string(text, strlen(text), "attest_cost.conf", diag);
	if (!cfg)
		vg_diag_print(diag, stderr);
	vg_diag_free(diag);
	return cfg;
}

int bench_ids_make(struct bench_ids *ids, const char *tcti)
{
	struct soft_key ca_key, server_key, client_key;
	struct vt_signer ca = { .sign = ca_sign, .ctx = &ca_key };
	uint8_t ek_x[32], ek_y[32], ak_x[32], ak_y[32], ak_name[VT_NAME_LEN];
	char hex[4][65];
	int r;

	memset(ids, 0, sizeof(*ids));
	memset(&ca_key, 0, sizeof(ca_key));
	memset(&server_key, 0, sizeof(server_key));
	memset(&client_key, 0, sizeof(client_key));
	if (wc_InitRng(&rng) != 0)
		return -EIO;
	if ((r = key_make(&ca_key)) < 0 || (r = key_make(&server_key)) < 0 ||
	    (r = key_make(&client_key)) < 0)
		goto out;
	memcpy(ca.x, ca_key.x, 32);
	memcpy(ca.y, ca_key.y, 32);
	ids->ca_len = sizeof(ids->ca_der);
	if ((r = vt_cert_ca_self(&ca, "vmgate platform CA " BENCH_GATEWAY, DAYS, ids->ca_der,
				 &ids->ca_len)) < 0)
		goto out;
	/* authd's CN is "<gateway> authd", the guest's its name. */
	ids->server_tls = tls_ctx(ids, &ca, &server_key, BENCH_GATEWAY " authd",
				  VT_CERT_TLS_SERVER);
	ids->client_tls = tls_ctx(ids, &ca, &client_key, BENCH_GUEST, VT_CERT_TLS_CLIENT);
	r = -EIO;
	if (!ids->server_tls || !ids->client_tls)
		goto out;
	if ((r = vt_tpm_open(tcti, &ids->vtpm)) < 0) {
		fprintf(stderr, "attest-cost: cannot open the vTPM '%s': %s\n", tcti,
			strerror(-r));
		goto out;
	}
	ids->ak_len = sizeof(ids->ak_der);
	if ((r = vt_ek_provision(ids->vtpm, ek_x, ek_y)) < 0 ||
	    (r = vt_ak_provision(ids->vtpm, ak_x, ak_y, ak_name)) < 0 ||
	    (r = vt_cert_issue(&ca, ids->ca_der, ids->ca_len, BENCH_GUEST " AK", ak_x, ak_y,
			       VT_CERT_AK, DAYS, ids->ak_der, &ids->ak_len)) < 0 ||
	    (r = measure_launch(ids, hex)) < 0)
		goto out;
	ids->cfg = policy(hex);
	r = ids->cfg ? 0 : -EINVAL;
	if (r == 0)
		r = sample_quote(ids);
out:
	wc_ecc_free(&ca_key.key);
	wc_ecc_free(&server_key.key);
	wc_ecc_free(&client_key.key);
	wc_FreeRng(&rng);
	if (r < 0)
		fprintf(stderr, "attest-cost: setup failed: %s\n", strerror(-r));
	return r;
}

void bench_ids_free(struct bench_ids *ids)
{
	att_tls_ctx_free(ids->server_tls);
	att_tls_ctx_free(ids->client_tls);
	/* An orderly TPM2_Shutdown: the next start is no dictionary attack. */
	vt_tpm_close(ids->vtpm);
	if (ids->cfg)
		vg_config_free(ids->cfg);
	memset(ids, 0, sizeof(*ids));
}
