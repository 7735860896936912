/* SPDX-License-Identifier: BSD-3-Clause */
/* Installing and revoking pair grants in the dataplane, through its
 * control socket. */
#include <errno.h>
#include <stdlib.h>
#include <string.h>

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
