/* SPDX-License-Identifier: BSD-3-Clause */
/*
 * The request "save key for GUEST" (CTL_VTPM_SAVE_KEY): the key of a saved
 * guest's file (vmgate-launch). A new key is 32 random bytes from the root
 * TPM, sealed by it, together with the guest's name, to the gateway's
 * measurements (PCR 23), as the vTPM state keys are; the sealed form goes
 * into the file's header and nowhere else. Unsealing gives the key back
 * only on a root TPM that sealed it, while the gateway's measurements are
 * the same, and only for the guest it was made for. Only root and vtpmd's
 * user reach this socket; the key is never logged.
 */
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <json-c/json.h>

#include "hex.h"
#include "vtpmd.h"

#define KEY_LEN 32

/* secret = key || name; -EINVAL when that does not fit a sealed secret. */
static int make(struct vtpmd *d, const char *name, uint8_t key[KEY_LEN], struct vt_blob *sealed)
{
	uint8_t secret[VT_SEAL_MAX];
	size_t n = strlen(name);
	int r;

	if (KEY_LEN + n > sizeof(secret))
		return -EINVAL;
	r = vt_random(d->root, key, KEY_LEN);
	if (r == 0) {
		memcpy(secret, key, KEY_LEN);
		memcpy(secret + KEY_LEN, name, n);
		r = vt_seal(d->root, secret, KEY_LEN + n, VT_PCR_GATEWAY, sealed);
	}
	explicit_bzero(secret, sizeof(secret));
	return r;
}

/* The key sealed in req, if it was sealed for name; why when not. */
static int open_sealed(struct vtpmd *d, const struct ctl_save_key *req, const char *name,
		       uint8_t key[KEY_LEN], char *why, size_t size)
{
	uint8_t secret[VT_SEAL_MAX];
	struct vt_blob blob;
	size_t len = 0, n = strlen(name);
	int r;

	if (req->sealed_len > sizeof(blob.data) || req->sealed_len > CTL_SEALED_MAX) {
		snprintf(why, size, "the sealed key is too large");
		return -EINVAL;
	}
	memcpy(blob.data, req->sealed, req->sealed_len);
	blob.len = req->sealed_len;
	r = vt_unseal(d->root, &blob, secret, &len);
	if (r == 0 && (len != KEY_LEN + n || memcmp(secret + KEY_LEN, name, n) != 0)) {
		snprintf(why, size, "the key was sealed for another guest");
		r = -EACCES;
	} else if (r == -EACCES) {
		snprintf(why, size, "the root TPM refuses to unseal it: the gateway's "
			 "measurements changed since it was sealed");
	} else if (r < 0) {
		snprintf(why, size, "it is corrupted or not this root TPM's: %s", strerror(-r));
	} else {
		memcpy(key, secret, KEY_LEN);
	}
	explicit_bzero(secret, sizeof(secret));
	return r;
}

static char *reply_json(const char *name, const uint8_t key[KEY_LEN], const struct vt_blob *sealed,
			const char *error)
{
	struct json_object *o = json_object_new_object();
	char hex[2 * VT_BLOB_MAX + 1], *s;

	if (error) {
		json_object_object_add(o, "error", json_object_new_string(error));
	} else {
		json_object_object_add(o, "name", json_object_new_string(name));
		vg_hex_encode(key, KEY_LEN, hex);
		json_object_object_add(o, "key", json_object_new_string(hex));
		if (sealed) {
			vg_hex_encode(sealed->data, sealed->len, hex);
			json_object_object_add(o, "sealed", json_object_new_string(hex));
		}
	}
	s = strdup(json_object_to_json_string_ext(o, JSON_C_TO_STRING_PLAIN));
	/* json-c frees its strings without wiping them. */
	explicit_bzero(hex, sizeof(hex));
	json_object_put(o);
	return s;
}

int save_key_answer(struct vtpmd *d, const struct guest_vtpm *v, const struct ctl_save_key *req,
		    char **reply)
{
	const char *name = v->guest->name;
	uint8_t key[KEY_LEN];
	struct vt_blob sealed;
	char why[300];
	int r;

	if (req->sealed_len == 0) {
		r = make(d, name, key, &sealed);
		if (r < 0)
			snprintf(why, sizeof(why), "cannot make a sealed key: %s", strerror(-r));
	} else {
		r = open_sealed(d, req, name, key, why, sizeof(why));
	}
	if (r < 0) {
		VTPMD_LOG("save key of '%s' refused: %s", name, why);
		*reply = reply_json(name, NULL, NULL, why);
		return r;
	}
	*reply = reply_json(name, key, req->sealed_len ? NULL : &sealed, NULL);
	explicit_bzero(key, sizeof(key));
	VTPMD_LOG("save key of '%s' %s", name, req->sealed_len ? "unsealed" : "made and sealed");
	return *reply ? 0 : -ENOMEM;
}
