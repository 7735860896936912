/* SPDX-License-Identifier: BSD-3-Clause */
#ifndef VG_RELOAD_H
#define VG_RELOAD_H

#include "dataplane.h"

/* Publishes policy as the first one (no previous to wait for). */
void reload_publish_first(struct dataplane *dp, struct dp_policy *policy);

/* Reads the policy file again, compiles it off the packet path, publishes
 * it with one pointer swap and frees the old one once the worker has been
 * quiescent. An invalid file, or one that changes who is where (guests,
 * their groups, the gateway's identity) or the mirror's targets, is
 * refused and the running policy stays. Returns 0 or -errno; problems go to diag (FILE:LINE: message) and
 * dp->last_reload_error. */
int reload_policy(struct dataplane *dp, struct vg_diag *diag);

/* Frees the published policy at exit, once the worker has stopped. */
void reload_release(struct dataplane *dp);

#endif
