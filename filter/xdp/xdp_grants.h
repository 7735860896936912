/* SPDX-License-Identifier: BSD-3-Clause */
#ifndef VG_XDP_GRANTS_H
#define VG_XDP_GRANTS_H

/*
 * Pair grants in the XDP engine's grant map: what vmgatectl grant and
 * revoke do for the DPDK engine. Expiry is CLOCK_MONOTONIC, the clock the
 * program reads. 0 (or a count) or a negative errno.
 */

#include <stdint.h>

#include "vg_config.h"

/* Grants guests a and b (indexes, a != b) to talk for ttl_s seconds (0:
 * until revoked). */
int xdp_grant_add(int fd, const struct vg_config *cfg, uint32_t a, uint32_t b,
		  uint32_t ttl_s);
/* Revokes a's grant with b, or every grant of a when b is UINT32_MAX;
 * returns how many live grants were removed. */
int xdp_grant_revoke(int fd, const struct vg_config *cfg, uint32_t a, uint32_t b);

#endif
