/* SPDX-License-Identifier: BSD-3-Clause */
/* One request for a key to vmgate-vtpmd, on its control socket under the
 * runtime directory (the data disk key, a saved guest's key). The answer is
 * checked to be for this guest before use, and every copy of a key but
 * the caller's is wiped. */
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "ctl_client.h"
#include "ctl_proto.h"
#include "hex.h"
#include "launch.h"

/* Wipes a string whose bytes the caller no longer needs. */
static void wipe_free(char *s)
{
	if (!s)
		return;
	explicit_bzero(s, strlen(s));
	free(s);
}

int vtpmd_key_call(const struct launch *l, uint16_t type, const void *req, size_t len,
		   struct json_object **reply, char *why, size_t size)
{
	struct json_object *o, *e, *n;
	char path[PATH_MAX], *text = NULL;
	int status = 0, r = ctl_socket_path(l->cfg->gateway.runtime_dir, "vtpmd", path,
					    sizeof(path));

	*reply = NULL;
	if (r == 0)
		r = ctl_call(path, type, req, len, &status, &text);
	if (r < 0) {
		snprintf(why, size, "cannot ask vmgate-vtpmd (%s): %s", path, strerror(-r));
		return r;
	}
	o = text ? json_tokener_parse(text) : NULL;
	wipe_free(text);
	if (status < 0) {
		if (o && json_object_object_get_ex(o, "error", &e) &&
		    json_object_is_type(e, json_type_string))
			snprintf(why, size, "%s", json_object_get_string(e));
		else
			snprintf(why, size, "%s", strerror(-status));
		json_object_put(o);
		return status;
	}
	if (!o || !json_object_object_get_ex(o, "name", &n) ||
	    !json_object_is_type(n, json_type_string) ||
	    strcmp(json_object_get_string(n), l->guest->name) != 0) {
		snprintf(why, size, "vmgate-vtpmd answered out of protocol for '%s'",
			 l->guest->name);
		json_object_put(o);
		return -EBADMSG;
	}
	*reply = o;
	return 0;
}

int vtpmd_key_field(struct json_object *o, const char *field, uint8_t *out, size_t len)
{
	struct json_object *k;
	const char *s;
	int n;

	if (!json_object_object_get_ex(o, field, &k) || !json_object_is_type(k, json_type_string))
		return -EBADMSG;
	s = json_object_get_string(k);
	n = strlen(s) == 2 * len ? vg_hex_decode(s, out, len) : -EINVAL;
	/* json-c frees its string without wiping it. */
	explicit_bzero((char *)s, strlen(s));
	return n == (int)len ? 0 : -EBADMSG;
}
