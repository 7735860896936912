/* SPDX-License-Identifier: BSD-3-Clause */
#ifndef VMGATECTL_VMMD_CALL_H
#define VMGATECTL_VMMD_CALL_H

#include "vmgatectl.h"
#include "vmm_api.h"

/* One request to vmgate-vmmd as the operator of o's credentials: TLS 1.3
 * on vmmd.sock, vmmd's certificate checked against the platform CA (from
 * vmgate-vtpmd) and its name, our key used on the token. Returns the exit
 * status: 0 with *reply set (caller puts it), 1 when the request failed or
 * was refused (printed; with --json vmmd's error document too), 2 when
 * credentials are missing. name is NULL for requests without a guest. */
int vmmd_call(const struct ctl_opts *o, enum vmm_req_type type, const char *name,
	      struct json_object **reply);

#endif
