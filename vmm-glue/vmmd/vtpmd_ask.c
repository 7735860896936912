/* SPDX-License-Identifier: BSD-3-Clause */
/* Requests to vmgate-vtpmd, the only process that talks to the root TPM. */
#include <errno.h>
#include <stdlib.h>

#include <json-c/json.h>

#include "ctl_client.h"
#include "vmmd.h"

int vtpmd_ask(const struct vmmd *d, uint16_t type, const void *req, size_t len,
	      struct json_object **out)
{
	char path[PATH_MAX], *text = NULL;
	int status = 0, r;

	*out = NULL;
	r = ctl_socket_path(d->cfg->gateway.runtime_dir, "vtpmd", path, sizeof(path));
	if (r == 0)
		r = ctl_call(path, type, req, len, &status, &text);
	if (r < 0)
		return r;
	*out = text ? json_tokener_parse(text) : NULL;
	free(text);
	if (status < 0)
		return status;
	return *out ? 0 : -EBADMSG;
}
