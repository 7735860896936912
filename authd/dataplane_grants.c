/* SPDX-License-Identifier: BSD-3-Clause */
/* Installing and revoking pair grants in the dataplane, through its
 * control socket. */
#include <errno.h>
#include <stdlib.h>
#include <string.h>

#include <json-c/json.h>

#include "authd.h"
#include "ctl_client.h"
#include "ctl_proto.h"

static int call(const struct authd *a, uint16_t type, const char *x, const char *y,
		uint32_t ttl_s)
{
	struct ctl_grant req = { .ttl_s = ttl_s };
	char path[PATH_MAX], *reply = NULL;
	int status, r;

	snprintf(req.a, sizeof(req.a), "%s", x);
	snprintf(req.b, sizeof(req.b), "%s", y ? y : "");
	r = ctl_socket_path(a->cfg->gateway.runtime_dir, "dataplane", path, sizeof(path));
	if (r == 0)
		r = ctl_call(path, type, &req, sizeof(req), &status, &reply);
	free(reply);
	if (r < 0)
		return r;
	return status;
}

int dataplane_grant(const struct authd *a, const char *x, const char *y, uint32_t ttl_s)
{
	int r = call(a, CTL_GRANT_ADD, x, y, ttl_s);

	if (r < 0)
		AUTHD_LOG("cannot grant %s <-> %s in the dataplane: %s", x, y, strerror(-r));
	return r;
}

int dataplane_revoke_all(const struct authd *a, const char *x)
{
	int r = call(a, CTL_GRANT_DEL, x, NULL, 0);

	/* The dataplane keeps grants it could not be told to revoke: say so
	 * loudly, they lapse at their TTL at the latest. */
	if (r < 0)
		AUTHD_LOG("CANNOT REVOKE the grants of %s in the dataplane: %s (they "
			  "expire at their TTL)", x, strerror(-r));
	return r;
}

static size_t guest_index(const struct authd *a, const char *name)
{
	for (size_t i = 0; name && i < a->cfg->n_guests; i++)
		if (strcmp(a->cfg->guests[i].name, name) == 0)
			return i;
	return SIZE_MAX;
}

int dataplane_adopt_grants(struct authd *a)
{
	char path[PATH_MAX], *text = NULL;
	struct json_object *arr;
	int status, r, n = 0;

	r = ctl_socket_path(a->cfg->gateway.runtime_dir, "dataplane", path, sizeof(path));
	if (r == 0)
		r = ctl_call(path, CTL_GRANTS, NULL, 0, &status, &text);
	if (r == 0 && status < 0)
		r = status;
	arr = r == 0 && text ? json_tokener_parse(text) : NULL;
	free(text);
	if (!arr)
		return r < 0 ? r : -EBADMSG;
	for (size_t k = 0; k < json_object_array_length(arr); k++) {
		struct json_object *g = json_object_array_get_idx(arr, k), *e;
		size_t x = guest_index(a, json_object_get_string(json_object_object_get(g, "a")));
		size_t y = guest_index(a, json_object_get_string(json_object_object_get(g, "b")));

		/* Grants without expiry are an operator's, not ours to renew. */
		if (x == SIZE_MAX || y == SIZE_MAX || a->n_pairs == AUTHD_PAIRS_MAX ||
		    !json_object_object_get_ex(g, "expires_in_s", &e) || !e)
			continue;
		a->pairs[a->n_pairs++] = (struct pair){
			.a = x, .b = y, .expires = authd_now() + json_object_get_double(e),
		};
		n++;
	}
	json_object_put(arr);
	return n;
}
