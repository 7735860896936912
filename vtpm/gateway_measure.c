/* SPDX-License-Identifier: BSD-3-Clause */
/* The gateway's own measurement: what runs as the gateway, hashed into the
 * root TPM before vtpmd does anything else, so that keys sealed to it and
 * quotes of it change when a binary or the policy changes. */
#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <string.h>
#include <unistd.h>

#include <wolfssl/options.h>
#include <wolfssl/wolfcrypt/sha256.h>

#include "file_digest.h"
#include "vtpmd.h"

static int measure(struct vtpmd *d, uint32_t pcr, const char *path, const char *what)
{
	struct gateway_event *e = &d->events[d->n_events];
	int r;

	if (d->n_events == VTPMD_MAX_EVENTS)
		return -E2BIG;
	r = vg_sha256_file(path, e->digest);
	if (r < 0) {
		VTPMD_LOG("cannot measure %s: %s", what, strerror(-r));
		return r;
	}
	r = vt_pcr_extend(d->root, pcr, e->digest);
	if (r < 0) {
		VTPMD_LOG("cannot extend PCR %u with %s: %s", pcr, what, strerror(-r));
		return r;
	}
	e->pcr = pcr;
	snprintf(e->what, sizeof(e->what), "%s", what);
	d->n_events++;
	return 0;
}

int gateway_measure(struct vtpmd *d)
{
	char self[PATH_MAX];
	ssize_t n = readlink("/proc/self/exe", self, sizeof(self) - 1);
	int r;

	if (n < 0)
		return -errno;
	self[n] = '\0';
	d->n_events = 0;
	if ((r = vt_pcr_reset(d->root, VT_PCR_GATEWAY)) < 0 ||
	    (r = vt_pcr_reset(d->root, VT_PCR_POLICY)) < 0) {
		VTPMD_LOG("cannot reset PCRs %d and %d of the root TPM: %s",
			  VT_PCR_GATEWAY, VT_PCR_POLICY, strerror(-r));
		return r;
	}
	/* /proc/self/exe is the file this process was started from. */
	if ((r = measure(d, VT_PCR_GATEWAY, "/proc/self/exe", self)) < 0)
		return r;
	for (size_t i = 0; i < d->cfg->root_tpm.n_measure; i++)
		if ((r = measure(d, VT_PCR_GATEWAY, d->cfg->root_tpm.measure[i],
				 d->cfg->root_tpm.measure[i])) < 0)
			return r;
	if ((r = measure(d, VT_PCR_POLICY, d->config_path, d->config_path)) < 0)
		return r;
	/* What agents are provisioned to expect of the gateway. */
	return vt_pcr_read(d->root, VT_PCR_GATEWAY, d->gateway_pcr23);
}
