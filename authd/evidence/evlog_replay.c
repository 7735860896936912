/* SPDX-License-Identifier: BSD-3-Clause */
/* Replaying an event log: the PCR values a TPM that saw exactly these
 * extensions holds. */
#include <errno.h>
#include <string.h>

#include <wolfssl/options.h>
#include <wolfssl/wolfcrypt/sha256.h>

#include "evlog.h"

/* value = SHA-256(value || digest), as TPM2_PCR_Extend does. */
static int extend(uint8_t value[EVLOG_DIGEST_LEN], const uint8_t digest[EVLOG_DIGEST_LEN])
{
	wc_Sha256 sha;
	int ret = wc_InitSha256(&sha);

	if (ret == 0)
		ret = wc_Sha256Update(&sha, value, EVLOG_DIGEST_LEN);
	if (ret == 0)
		ret = wc_Sha256Update(&sha, digest, EVLOG_DIGEST_LEN);
	if (ret == 0)
		ret = wc_Sha256Final(&sha, value);
	wc_Sha256Free(&sha);
	return ret == 0 ? 0 : -EIO;
}

int evlog_replay(const struct evlog *log, uint32_t pcr_mask,
		 uint8_t values[EVLOG_PCR_COUNT][EVLOG_DIGEST_LEN])
{
	int r;

	if (!log || !values || log->n > EVLOG_MAX)
		return -EINVAL;
	memset(values, 0, EVLOG_PCR_COUNT * EVLOG_DIGEST_LEN);
	for (size_t i = 0; i < log->n; i++) {
		const struct evlog_entry *e = &log->e[i];

		if (e->pcr >= EVLOG_PCR_COUNT || !(pcr_mask & (1u << e->pcr)))
			return -ERANGE;
	}
	for (size_t i = 0; i < log->n; i++)
		if ((r = extend(values[log->e[i].pcr], log->e[i].digest)) < 0)
			return r;
	return 0;
}
