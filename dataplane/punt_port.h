/* SPDX-License-Identifier: BSD-3-Clause */
#ifndef VG_PUNT_PORT_H
#define VG_PUNT_PORT_H

#include <stddef.h>
#include <stdint.h>

#include "vg_config.h"

/* The punt port: a kernel TAP whose kernel side holds the gateway's control
 * MAC and addresses, so the control daemons use ordinary sockets. */

/* Creates the TAP device (named "vg-" and the gateway name, cut to fit) as a
 * DPDK port; its name goes to iface. 0 or -errno. */
int punt_port_open(const struct vg_config *cfg, char *iface, size_t size,
		   uint16_t *port_id);
/* Gives the kernel interface the control addresses and brings it up. */
int punt_port_configure(const struct vg_config *cfg, const char *iface);

#endif
