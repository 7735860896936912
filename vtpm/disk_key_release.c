/* SPDX-License-Identifier: BSD-3-Clause */
/*
 * The request "disk key for GUEST" (CTL_VTPM_DISK_KEY). The key goes out
 * only when, at this moment, the guest's vTPM PCRs 8 and 9 hold what an
 * approved measured launch of the guest yields (launch_pcrs.c): the
 * launcher has reset the vTPM and extended approved parts, and nothing
 * else since. Every refusal is logged with its reason and answered with
 * -EACCES and that reason; the key itself is never logged, and reaches no
 * file but its sealed form.
 */
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <json-c/json.h>

#include "hex.h"
#include "vtpmd.h"

#define PCR_READ_MS 2000

/* {"error": why}. */
static char *error_reply(const char *why)
{
	struct json_object *o = json_object_new_object();
	char *s;

	json_object_object_add(o, "error", json_object_new_string(why));
	s = strdup(json_object_to_json_string_ext(o, JSON_C_TO_STRING_PLAIN));
	json_object_put(o);
	return s;
}

/* Whether v may have its key now; the reason in why when not. */
static int may_release(struct vtpmd *d, struct guest_vtpm *v, char *why, size_t size)
{
	uint8_t pcr8[VT_DIGEST_LEN], pcr9[VT_DIGEST_LEN];
	char sock[PATH_MAX];
	int r;

	if (!v->guest->launch.data_disk) {
		snprintf(why, size, "the guest has no launch.data_disk in the policy");
		return -EACCES;
	}
	if (v->state != VTPM_RUNNING) {
		snprintf(why, size, "its vTPM is %s, not running", vtpm_state_name(v->state));
		return -EACCES;
	}
	if ((size_t)snprintf(sock, sizeof(sock), "%s/%s.sock", d->run_dir, v->guest->name) >=
	    sizeof(sock)) {
		snprintf(why, size, "its vTPM's socket path is too long");
		return -ENAMETOOLONG;
	}
	r = guest_pcr_read(sock, pcr8, pcr9, PCR_READ_MS);
	if (r == -ETIMEDOUT) {
		snprintf(why, size, "its vTPM did not answer within %d ms (a running guest's "
			 "launcher holds it)", PCR_READ_MS);
		return -EACCES;
	}
	if (r == -EAGAIN) {
		snprintf(why, size, "its vTPM was reset and not started: no launch was measured");
		return -EACCES;
	}
	if (r < 0) {
		snprintf(why, size, "cannot read its PCRs 8 and 9: %s", strerror(-r));
		return r;
	}
	return launch_pcrs_check(v->guest, pcr8, pcr9, why, size);
}

int disk_key_release(struct vtpmd *d, struct guest_vtpm *v, char **reply)
{
	uint8_t key[VTPM_DISK_KEY_LEN];
	char why[400], hex[2 * VTPM_DISK_KEY_LEN + 1];
	size_t size;
	int r = may_release(d, v, why, sizeof(why));

	if (r == 0)
		r = disk_key_get(d, v, key, why, sizeof(why));
	if (r < 0) {
		VTPMD_LOG("disk key of '%s' refused: %s", v->guest->name, why);
		*reply = error_reply(why);
		return r;
	}
	vg_hex_encode(key, sizeof(key), hex);
	explicit_bzero(key, sizeof(key));
	size = strlen(v->guest->name) + sizeof(hex) + 32;
	*reply = malloc(size);
	if (*reply)
		snprintf(*reply, size, "{\"name\":\"%s\",\"key\":\"%s\"}", v->guest->name, hex);
	explicit_bzero(hex, sizeof(hex));
	if (!*reply)
		return -ENOMEM;
	VTPMD_LOG("disk key of '%s' released: its PCRs 8 and 9 are those of an approved launch",
		  v->guest->name);
	return 0;
}
