/* SPDX-License-Identifier: BSD-3-Clause */
/* Asking vmgate-vtpmd for a saved guest's file key (CTL_VTPM_SAVE_KEY): a
 * new one with its sealed form when saving, the unsealed one when
 * restoring. */
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "ctl_proto.h"
#include "hex.h"
#include "launch.h"

int save_key_new(const struct launch *l, uint8_t key[SAVE_KEY_LEN], uint8_t *sealed,
		 size_t *sealed_len, char *why, size_t size)
{
	struct ctl_save_key *req = calloc(1, sizeof(*req));
	struct json_object *o = NULL, *s;
	const char *hex;
	int r = req ? 0 : -ENOMEM;

	if (r == 0) {
		snprintf(req->guest.name, sizeof(req->guest.name), "%s", l->guest->name);
		r = vtpmd_key_call(l, CTL_VTPM_SAVE_KEY, req, sizeof(*req), &o, why, size);
	}
	free(req);
	if (r < 0)
		return r;
	r = vtpmd_key_field(o, "key", key, SAVE_KEY_LEN);
	if (r == 0 && (!json_object_object_get_ex(o, "sealed", &s) ||
		       !json_object_is_type(s, json_type_string)))
		r = -EBADMSG;
	if (r == 0) {
		hex = json_object_get_string(s);
		r = strlen(hex) <= 2 * SAVE_SEALED_MAX ? vg_hex_decode(hex, sealed, SAVE_SEALED_MAX)
						       : -EINVAL;
		*sealed_len = r > 0 ? (size_t)r : 0;
		r = r > 0 ? 0 : -EBADMSG;
	}
	json_object_put(o);
	if (r < 0) {
		explicit_bzero(key, SAVE_KEY_LEN);
		snprintf(why, size, "vmgate-vtpmd answered without a save key for '%s'",
			 l->guest->name);
	}
	return r;
}

int save_key_open(const struct launch *l, const uint8_t *sealed, size_t sealed_len,
		  uint8_t key[SAVE_KEY_LEN], char *why, size_t size)
{
	struct ctl_save_key *req = calloc(1, sizeof(*req));
	struct json_object *o = NULL;
	int r = req ? 0 : -ENOMEM;

	if (r == 0 && (sealed_len == 0 || sealed_len > sizeof(req->sealed)))
		r = -EBADMSG;
	if (r == 0) {
		snprintf(req->guest.name, sizeof(req->guest.name), "%s", l->guest->name);
		req->sealed_len = (uint32_t)sealed_len;
		memcpy(req->sealed, sealed, sealed_len);
		r = vtpmd_key_call(l, CTL_VTPM_SAVE_KEY, req, sizeof(*req), &o, why, size);
	} else if (r == -EBADMSG) {
		snprintf(why, size, "the file's sealed key has a wrong size");
	}
	free(req);
	if (r < 0)
		return r;
	r = vtpmd_key_field(o, "key", key, SAVE_KEY_LEN);
	json_object_put(o);
	if (r < 0)
		snprintf(why, size, "vmgate-vtpmd answered without the key for '%s'", l->guest->name);
	return r;
}
