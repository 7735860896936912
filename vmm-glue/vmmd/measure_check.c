/* SPDX-License-Identifier: BSD-3-Clause */
/* Before a privileged operation: vmmd and the launcher it would run must
 * be the binaries vtpmd measured into the root TPM at its start (PCR 23,
 * root_tpm.measure). vmmd hashes both files now and looks for each hash
 * among the gateway events of vtpmd's quote; a binary replaced since, or
 * never measured, refuses the operation. */
#include <errno.h>
#include <fcntl.h>
#include <string.h>
#include <unistd.h>

#include <json-c/json.h>
#include <wolfssl/options.h>
#include <wolfssl/wolfcrypt/random.h>
#include <wolfssl/wolfcrypt/sha256.h>

#include "hex.h"
#include "file_digest.h"
#include "vmmd.h"

/* The PCR vtpmd extends with the gateway's binaries (docs/vtpm.md). */
#define PCR_GATEWAY 23

/* SHA-256 of the file at path as lowercase hex. */
static int file_sha256_hex(const char *path, char hex[2 * WC_SHA256_DIGEST_SIZE + 1])
{
	uint8_t digest[WC_SHA256_DIGEST_SIZE];
	int r = vg_sha256_file(path, digest);

	if (r == 0)
		vg_hex_encode(digest, sizeof(digest), hex);
	return r;
}

/* True when events holds a PCR 23 event of digest hex. */
static bool measured(struct json_object *events, const char *hex)
{
	size_t n = events ? json_object_array_length(events) : 0;

	for (size_t i = 0; i < n; i++) {
		struct json_object *e = json_object_array_get_idx(events, i), *pcr, *sha;

		if (json_object_object_get_ex(e, "pcr", &pcr) &&
		    json_object_get_int(pcr) == PCR_GATEWAY &&
		    json_object_object_get_ex(e, "sha256", &sha) &&
		    strcmp(json_object_get_string(sha), hex) == 0)
			return true;
	}
	return false;
}

/* A fresh quote's event log from vtpmd (a fresh nonce: vtpmd's answer is
 * about the root TPM now, not replayed). */
static int gateway_events(const struct vmmd *d, struct json_object **doc,
			  struct json_object **events)
{
	struct ctl_quote req = { .len = CTL_QUALIFYING_MAX };
	WC_RNG rng;
	int r;

	if (wc_InitRng(&rng) != 0)
		return -EIO;
	r = wc_RNG_GenerateBlock(&rng, req.qualifying, sizeof(req.qualifying)) ? -EIO : 0;
	wc_FreeRng(&rng);
	if (r == 0)
		r = vtpmd_ask(d, CTL_GATEWAY_QUOTE, &req, sizeof(req), doc);
	if (r == 0 && (!json_object_object_get_ex(*doc, "events", events) ||
		       !json_object_is_type(*events, json_type_array)))
		r = -EBADMSG;
	return r;
}

int measure_check(const struct vmmd *d, char *detail, size_t size)
{
	/* /proc/self/exe: the file this process runs, even if its path has
	 * been replaced since. */
	const char *files[2] = { "/proc/self/exe", d->launcher };
	const char *what[2] = { "vmgate-vmmd", "the launcher" };
	char hex[2 * WC_SHA256_DIGEST_SIZE + 1];
	struct json_object *doc = NULL, *events = NULL;
	int r = gateway_events(d, &doc, &events);

	if (r < 0) {
		snprintf(detail, size, "no quote of the gateway's measurements from vmgate-vtpmd: %s",
			 strerror(-r));
		json_object_put(doc);
		return r;
	}
	for (int i = 0; i < 2 && r == 0; i++) {
		r = file_sha256_hex(files[i], hex);
		if (r < 0)
			snprintf(detail, size, "cannot hash %s (%s): %s", what[i],
				 i ? d->launcher : d->self,
				 strerror(-r));
		else if (!measured(events, hex)) {
			snprintf(detail, size, "%s (%s, sha256 %.16s...) is not among the gateway's "
				 "measurements in the root TPM", what[i],
				 i ? d->launcher : d->self, hex);
			r = -EKEYREJECTED;
		}
	}
	json_object_put(doc);
	return r;
}
