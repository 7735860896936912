/* SPDX-License-Identifier: BSD-3-Clause */
#ifndef VG_XDP_SESSIONS_H
#define VG_XDP_SESSIONS_H

/*
 * The XDP engine's sessions after a reload: each session's opening packet
 * is classified again under the new rules, as the DPDK engine does on a
 * session's first frame after a reload.
 */

#include "vg_config.h"

/* Removes from the session map fd every session that no stateful allow
 * rule of cfg would open. Returns how many were removed, or a negative
 * errno. */
int xdp_sessions_recheck(int fd, const struct vg_config *cfg);

#endif
