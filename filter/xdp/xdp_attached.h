/* SPDX-License-Identifier: BSD-3-Clause */
#ifndef VG_XDP_ATTACHED_H
#define VG_XDP_ATTACHED_H

/*
 * The maps of a running vmgate-xdp, found from outside it through the
 * program attached to a guest's interface (no pinning, no bpffs): how
 * --stats, --grant and --revoke reach them.
 */

#include <stddef.h>

#include "vg_config.h"

struct xdp_attached {
	int counters, grants, sessions;   /* map fds; -1: not found */
};

/* The maps of the vmgate-xdp program attached to the first guest of cfg
 * with an interface. 0, or a negative errno with a message in err (no
 * such interface, nothing attached, another program attached). */
int xdp_attached_open(const struct vg_config *cfg, struct xdp_attached *a,
		      char *err, size_t size);
void xdp_attached_close(struct xdp_attached *a);

#endif
