/* SPDX-License-Identifier: BSD-3-Clause */
#ifndef VG_PORT_IO_H
#define VG_PORT_IO_H

/*
 * Frames in and out of a port, for the worker. A guest port moves frames
 * through the vhost library directly: the vhost PMD's burst functions add
 * per-frame statistics and single frees that nobody here reads (about 45
 * cycles a frame), while the PMD still owns the socket, reconnection and
 * the device's life (ports.c). The punt port is a TAP behind its ethdev.
 */

#include <stdint.h>

#include <rte_ethdev.h>
#include <rte_mbuf.h>
#include <rte_vhost.h>

#include "dataplane.h"

#define PORT_IO_GUEST_RXQ 0        /* the guest's receive ring: we enqueue */
#define PORT_IO_GUEST_TXQ 1        /* the guest's transmit ring: we dequeue */

/* A guest that offloads its transport checksum (virtio's NEEDS_CSUM;
 * Linux does for TCP and UDP) sends frames whose checksum field holds
 * only the pseudo-header's sum, marked RX_L4_CKSUM_NONE by the vhost
 * library: the sum over the segment is filled in here, as the vhost PMD
 * did, so that what leaves is a complete frame. */
void port_io_complete_l4_csum(struct rte_mbuf *m);

static inline uint16_t port_rx(struct dataplane *dp, struct dp_port *p,
			       struct rte_mbuf **pkts, uint16_t n)
{
	int vid;

	if (!p->vhost)
		return rte_eth_rx_burst(p->port_id, 0, pkts, n);
	vid = __atomic_load_n(&p->vid, __ATOMIC_ACQUIRE);
	if (vid < 0)
		return 0;
	n = rte_vhost_dequeue_burst(vid, PORT_IO_GUEST_TXQ, dp->pool, pkts, n);
	for (uint16_t i = 0; i < n; i++)
		if ((pkts[i]->ol_flags & RTE_MBUF_F_RX_L4_CKSUM_MASK) ==
		    RTE_MBUF_F_RX_L4_CKSUM_NONE)
			port_io_complete_l4_csum(pkts[i]);
	return n;
}

/* Sends what the port takes of pkts[0..n) and returns how many: those
 * are gone (a guest port copies them into the guest and frees them, the
 * punt port's driver owns them); the rest stay the caller's. */
static inline uint16_t port_tx(struct dp_port *p, struct rte_mbuf **pkts, uint16_t n)
{
	uint16_t sent;
	int vid;

	if (!p->vhost)
		return rte_eth_tx_burst(p->port_id, 0, pkts, n);
	vid = __atomic_load_n(&p->vid, __ATOMIC_ACQUIRE);
	if (vid < 0)
		return 0;
	sent = rte_vhost_enqueue_burst(vid, PORT_IO_GUEST_RXQ, pkts, n);
	rte_pktmbuf_free_bulk(pkts, sent);
	return sent;
}

#endif
