/* SPDX-License-Identifier: BSD-3-Clause */
/*
 * What PCRs 8 and 9 of a guest's vTPM hold right after an approved
 * measured launch, from vtpmd's own policy (the file measured into the
 * root TPM's PCR 16), never from what a requester says: from zeros, PCR 8
 * extended with an approved kernel then an approved command line, PCR 9
 * with an approved initrd then an approved disk, each part only when the
 * policy approves values for it (the launch refuses any other set of
 * parts). A part with several approved values gives several acceptable
 * PCR values; any one of them is a match.
 */
#include <errno.h>
#include <stdio.h>
#include <string.h>

#include <wolfssl/options.h>
#include <wolfssl/wolfcrypt/hash.h>
#include <wolfssl/wolfcrypt/sha256.h>

#include "hex.h"
#include "vtpmd.h"

/* More approved combinations than this for one PCR are refused rather
 * than searched (rolling updates approve two or three values per part). */
#define COMBOS_MAX 4096

/* out = SHA-256(in || digest): one PCR extension. */
static int extend(const uint8_t in[VT_DIGEST_LEN], const uint8_t digest[VT_DIGEST_LEN],
		  uint8_t out[VT_DIGEST_LEN])
{
	uint8_t buf[2 * VT_DIGEST_LEN];

	memcpy(buf, in, VT_DIGEST_LEN);
	memcpy(buf + VT_DIGEST_LEN, digest, VT_DIGEST_LEN);
	return wc_Sha256Hash(buf, sizeof(buf), out) == 0 ? 0 : -EIO;
}

/* out = in extended with the i-th approved value of d; in itself when d
 * approves none (the part is not launched, so not extended). */
static int step(const uint8_t in[VT_DIGEST_LEN], const struct vg_digests *d, size_t i,
		uint8_t out[VT_DIGEST_LEN])
{
	if (!d->n) {
		memcpy(out, in, VT_DIGEST_LEN);
		return 0;
	}
	return extend(in, d->values[i], out);
}

/* Whether value is zeros extended with one approved value of a (if it has
 * any), then one of b (if it has any). 1 yes, 0 no, -E2BIG, -EIO. The
 * number of values checked goes to *combos, and the first to first. */
static int chain_match(const struct vg_digests *a, const struct vg_digests *b,
		       const uint8_t value[VT_DIGEST_LEN], size_t *combos,
		       uint8_t first[VT_DIGEST_LEN])
{
	static const uint8_t zeros[VT_DIGEST_LEN];
	size_t na = a->n ? a->n : 1, nb = b->n ? b->n : 1;

	*combos = na * nb;
	if (*combos > COMBOS_MAX)
		return -E2BIG;
	for (size_t i = 0; i < na; i++) {
		uint8_t mid[VT_DIGEST_LEN], end[VT_DIGEST_LEN];

		if (step(zeros, a, i, mid) < 0)
			return -EIO;
		for (size_t j = 0; j < nb; j++) {
			if (step(mid, b, j, end) < 0)
				return -EIO;
			if (i == 0 && j == 0)
				memcpy(first, end, VT_DIGEST_LEN);
			if (memcmp(end, value, VT_DIGEST_LEN) == 0)
				return 1;
		}
	}
	return 0;
}

/* Checks one PCR; on a mismatch, the reason in why. */
static int check_one(unsigned pcr, const char *parts, const struct vg_digests *a,
		     const struct vg_digests *b, const uint8_t value[VT_DIGEST_LEN],
		     char *why, size_t size)
{
	char have[2 * VT_DIGEST_LEN + 1], want[2 * VT_DIGEST_LEN + 1];
	uint8_t first[VT_DIGEST_LEN];
	size_t combos = 0;
	int r = chain_match(a, b, value, &combos, first);

	if (r == 1)
		return 0;
	if (r == -E2BIG) {
		snprintf(why, size, "PCR %u: the policy approves more than %d combinations of "
			 "the %s", pcr, COMBOS_MAX, parts);
		return -EACCES;
	}
	if (r < 0) {
		snprintf(why, size, "PCR %u: cannot compute the approved values", pcr);
		return r;
	}
	vg_hex_encode(value, VT_DIGEST_LEN, have);
	vg_hex_encode(first, VT_DIGEST_LEN, want);
	if (combos == 1)
		snprintf(why, size, "PCR %u holds %s, not %s, what the approved %s give", pcr,
			 have, want, parts);
	else
		snprintf(why, size, "PCR %u holds %s, none of the %zu values the approved %s "
			 "give", pcr, have, combos, parts);
	return -EACCES;
}

int launch_pcrs_check(const struct vg_guest *g, const uint8_t pcr8[VT_DIGEST_LEN],
		      const uint8_t pcr9[VT_DIGEST_LEN], char *why, size_t size)
{
	const struct vg_measurements *m = &g->measurements;
	int r;

	if (!m->kernel.n && !m->cmdline.n && !m->initrd.n && !m->disk.n) {
		snprintf(why, size, "the policy approves no launch measurement for the guest");
		return -EACCES;
	}
	r = check_one(VTPM_PCR_KERNEL_CMDLINE, "kernel and command line", &m->kernel,
		      &m->cmdline, pcr8, why, size);
	if (r == 0)
		r = check_one(VTPM_PCR_INITRD_DISK, "initrd and disk", &m->initrd, &m->disk,
			      pcr9, why, size);
	return r;
}
