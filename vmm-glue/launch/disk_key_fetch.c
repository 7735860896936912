/* SPDX-License-Identifier: BSD-3-Clause */
/* Asking vmgate-vtpmd for a guest's data disk key, on its control socket
 * under the runtime directory. The answer is checked before use (64 hex
 * digits, for this guest), and every copy of the key but the caller's is
 * wiped. */
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <json-c/json.h>

#include "ctl_client.h"
#include "ctl_proto.h"
#include "launch.h"

/* Wipes a string whose bytes the caller no longer needs (json-c's copies
 * of the key go with the object; this one is ours). */
static void wipe_free(char *s)
{
	if (!s)
		return;
	explicit_bzero(s, strlen(s));
	free(s);
}

static bool is_key(const char *s)
{
	if (!s || strlen(s) != LAUNCH_DISK_KEY_HEX)
		return false;
	for (size_t i = 0; i < LAUNCH_DISK_KEY_HEX; i++)
		if (!((s[i] >= '0' && s[i] <= '9') || (s[i] >= 'a' && s[i] <= 'f')))
			return false;
	return true;
}

/* The reason of a refusal: the reply's "error", or the status. */
static void reason(struct json_object *o, int status, char *why, size_t size)
{
	struct json_object *e;

	if (o && json_object_object_get_ex(o, "error", &e) && json_object_is_type(e, json_type_string))
		snprintf(why, size, "%s", json_object_get_string(e));
	else
		snprintf(why, size, "%s", strerror(-status));
}

int disk_key_fetch(const struct launch *l, char key[LAUNCH_DISK_KEY_HEX + 1], char *why,
		   size_t size)
{
	struct ctl_vtpm req = { 0 };
	struct json_object *o = NULL, *k, *n;
	char path[PATH_MAX], *text = NULL;
	int status = 0, r;

	snprintf(req.name, sizeof(req.name), "%s", l->guest->name);
	r = ctl_socket_path(l->cfg->gateway.runtime_dir, "vtpmd", path, sizeof(path));
	if (r == 0)
		r = ctl_call(path, CTL_VTPM_DISK_KEY, &req, sizeof(req), &status, &text);
	if (r < 0) {
		snprintf(why, size, "cannot ask vmgate-vtpmd (%s): %s", path, strerror(-r));
		return r;
	}
	o = text ? json_tokener_parse(text) : NULL;
	wipe_free(text);
	if (status < 0) {
		reason(o, status, why, size);
		r = status == -EACCES ? -EACCES : status;
	} else if (!o || !json_object_object_get_ex(o, "key", &k) ||
		   !json_object_is_type(k, json_type_string) || !is_key(json_object_get_string(k)) ||
		   !json_object_object_get_ex(o, "name", &n) || !json_object_is_type(n, json_type_string) ||
		   strcmp(json_object_get_string(n), l->guest->name) != 0) {
		snprintf(why, size, "vmgate-vtpmd answered without a disk key for '%s'",
			 l->guest->name);
		r = -EBADMSG;
	} else {
		memcpy(key, json_object_get_string(k), LAUNCH_DISK_KEY_HEX + 1);
		/* json-c frees its string without wiping it. */
		explicit_bzero((char *)json_object_get_string(k), LAUNCH_DISK_KEY_HEX);
		r = 0;
	}
	json_object_put(o);
	return r;
}
