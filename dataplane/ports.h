/* SPDX-License-Identifier: BSD-3-Clause */
#ifndef VG_PORTS_H
#define VG_PORTS_H

#include "dataplane.h"

/* Creates the mbuf pool, one vhost-user port per guest of cfg (the
 * gateway as client unless the guest says server; a client reconnects by
 * itself whenever the guest's socket comes back) and the punt port, and
 * starts them. 0 or -errno (logged). */
int ports_create(struct dataplane *dp, const struct vg_config *cfg);
void ports_destroy(struct dataplane *dp);
/* Probes the virtual device name with args; its port id. 0 or -errno. */
int ports_probe(const char *name, const char *args, uint16_t *port_id);
/* Refreshes each port's link_up (vhost: a guest is connected). */
void ports_refresh_links(struct dataplane *dp);

#endif
