/* SPDX-License-Identifier: BSD-3-Clause */
/* The steps of authd's evidence_verify, each timed alone in a loop on the
 * verifier's thread after the run (its caches as warm as they were), to
 * show where the verification's CPU goes: the same public calls that
 * authd/evidence makes, on the guest's own certificate, quote and log. */
#include <errno.h>
#include <string.h>

#include <wolfssl/options.h>
#include <wolfssl/wolfcrypt/ecc.h>

#include "attest_bench.h"
#include "evlog.h"

/* Mean CPU ns of n runs of step. */
#define TIME_STEP(n, out, step) do { \
	uint64_t t0_ = bench_thread_cpu_ns(); \
	for (unsigned i_ = 0; i_ < (n); i_++) \
		if ((step) < 0) \
			return -EIO; \
	(out) = (bench_thread_cpu_ns() - t0_) / (n); \
} while (0)

/* A P-256 point validated as vt_cert_public and vt_quote_verify do. */
static int point_check(const uint8_t x[32], const uint8_t y[32])
{
	ecc_key key;
	int r;

	if (wc_ecc_init(&key) != 0)
		return -ENOMEM;
	r = wc_ecc_import_unsigned(&key, x, y, NULL, ECC_SECP256R1) == 0 &&
	    wc_ecc_check_key(&key) == 0 ? 0 : -EIO;
	wc_ecc_free(&key);
	return r;
}

static int log_replay(const struct bench_ids *ids, uint8_t values[][32])
{
	struct evlog log;
	int r = evlog_parse(ids->evlog, ids->evlog_len, &log);

	return r < 0 ? r : evlog_replay(&log, ids->cfg->attestation.pcr_mask, values);
}

int verifier_steps_ns(const struct bench_ids *ids, unsigned n, struct verifier_steps *out)
{
	static const uint32_t pcrs[2] = { EVLOG_PCR_KERNEL_CMDLINE, EVLOG_PCR_INITRD_DISK };
	uint8_t x[32], y[32], values[EVLOG_PCR_COUNT][32], quoted[2][32];
	char cn[VT_CERT_CN_MAX + 1];

	memset(out, 0, sizeof(*out));
	if (n == 0 || vt_cert_public(ids->ak_der, ids->ak_len, x, y) < 0 ||
	    log_replay(ids, values) < 0)
		return -EINVAL;
	memcpy(quoted[0], values[pcrs[0]], 32);
	memcpy(quoted[1], values[pcrs[1]], 32);
	TIME_STEP(n, out->ak_cert_ns, vt_cert_verify(ids->ca_der, ids->ca_len, ids->ak_der,
						     ids->ak_len));
	TIME_STEP(n, out->ak_name_ns, vt_cert_subject_cn(ids->ak_der, ids->ak_len, cn,
							 sizeof(cn)));
	TIME_STEP(n, out->ak_key_ns, vt_cert_public(ids->ak_der, ids->ak_len, x, y));
	TIME_STEP(n, out->quote_ns, vt_quote_verify(x, y, &ids->sample, ids->sample_qualifying,
						    32, pcrs, 2,
						    (const uint8_t (*)[32])quoted));
	TIME_STEP(n, out->log_ns, log_replay(ids, values));
	TIME_STEP(n, out->point_check_ns, point_check(x, y));
	return 0;
}
