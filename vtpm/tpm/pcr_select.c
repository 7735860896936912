/* SPDX-License-Identifier: BSD-3-Clause */
/* The sha256 PCR selection for a list of PCR indices. */
#include <errno.h>
#include <string.h>

#include "tpm_internal.h"

int vt_pcr_select(const uint32_t *pcrs, size_t n, TPML_PCR_SELECTION *out)
{
	TPMS_PCR_SELECTION *s = &out->pcrSelections[0];

	if (!pcrs || n == 0 || n > VT_PCR_COUNT)
		return -EINVAL;
	memset(out, 0, sizeof(*out));
	out->count = 1;
	s->hash = TPM2_ALG_SHA256;
	s->sizeofSelect = VT_PCR_COUNT / 8;
	for (size_t i = 0; i < n; i++) {
		uint8_t bit;

		if (pcrs[i] >= VT_PCR_COUNT)
			return -EINVAL;
		bit = (uint8_t)(1u << (pcrs[i] % 8));
		if (s->pcrSelect[pcrs[i] / 8] & bit)
			return -EINVAL;
		s->pcrSelect[pcrs[i] / 8] |= bit;
	}
	return 0;
}
