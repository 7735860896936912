/* SPDX-License-Identifier: BSD-3-Clause */
#ifndef VG_VMMD_CLIENT_H
#define VG_VMMD_CLIENT_H

/*
 * The attestation service's side of vmgate-vmmd's management API
 * (docs/vmmd.md): authd asks vmmd to restart a guest whose attestation
 * failed. Its identity is a fresh P-256 key, in memory only, certified by
 * the platform CA through vtpmd as "<gateway> attestation" (a TLS client
 * certificate); vmmd must present the CA's certificate for
 * "<gateway> vmmd".
 *
 * Functions return 0 or a negative errno; creators return a pointer or
 * NULL (with *err set).
 */

#include <stddef.h>
#include <stdint.h>

#include "vg_config.h"

#define VMMD_CLIENT_CONNECT_MS 5000
/* A restart waits out a stop (grace period, then SIGKILL) and a start. */
#define VMMD_CLIENT_REPLY_MS 30000

struct att_tls_ctx;

/* A TLS client context with the attestation service's identity, from
 * vtpmd (waiting for it at most its control timeout). NULL with *err:
 * vtpmd's error, -EBADMSG for a reply without certificates, -ENOMEM. */
struct att_tls_ctx *vmmd_client_identity(const struct vg_config *cfg, int *err);

/* Sends one encoded request (len bytes) to <runtime_dir>/vmmd.sock over
 * TLS with ctx, after checking vmmd's certificate names "<gateway> vmmd".
 * On 0, *status is vmmd's (0 or -errno) and *text its JSON (malloc'd,
 * NUL-terminated). Otherwise -errno of the exchange: -ENOENT or
 * -ECONNREFUSED (vmmd not there), -EKEYREJECTED (not vmmd's certificate),
 * -ECONNREFUSED / -ECONNRESET (vmmd refused us), -ETIMEDOUT, -EPROTO. */
int vmmd_client_call(const struct vg_config *cfg, struct att_tls_ctx *ctx,
		     const uint8_t *req, size_t len, int *status, char **text);

/* The whole restart request for guest with reason (made printable and cut
 * to fit): identity, request, reply. Returns vmmd's status (0: stopped and
 * relaunched) or the local -errno; what happened, for logs, in result:
 * vmmd's detail or error, or why vmmd could not be asked. */
int vmmd_client_restart(const struct vg_config *cfg, const char *guest,
			const char *reason, char *result, size_t size);

#endif
