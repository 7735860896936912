/* SPDX-License-Identifier: BSD-3-Clause */
#include "ports.h"

#include <errno.h>
#include <stdio.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include <rte_dev.h>
#include <rte_eth_vhost.h>
#include <rte_ethdev.h>
#include <rte_malloc.h>
#include <rte_mbuf.h>
#include <rte_rcu_qsbr.h>

#include "punt_port.h"

#define RING_SIZE 1024
#define POOL_SIZE 16383
#define POOL_CACHE 256

static int start_port(struct rte_mempool *pool, uint16_t port_id)
{
	struct rte_eth_conf conf = { 0 };
	int r;

	r = rte_eth_dev_configure(port_id, 1, 1, &conf);
	if (r == 0)
		r = rte_eth_rx_queue_setup(port_id, 0, RING_SIZE,
					   rte_eth_dev_socket_id(port_id), NULL, pool);
	if (r == 0)
		r = rte_eth_tx_queue_setup(port_id, 0, RING_SIZE,
					   rte_eth_dev_socket_id(port_id), NULL);
	if (r == 0)
		r = rte_eth_dev_start(port_id);
	return r;
}

int ports_probe(const char *name, const char *args, uint16_t *port_id)
{
	char devargs[512];
	int r;

	snprintf(devargs, sizeof(devargs), "%s,%s", name, args);
	r = rte_dev_probe(devargs);

	if (r < 0)
		return r;
	return rte_eth_dev_get_port_by_name(name, port_id);
}

/* The worker uses a guest port's vhost device directly (port_io.h). The
 * PMD raises a link event on the vhost thread from new_device and from
 * destroy_device, and the library frees a device only after destroy_device
 * returns: the new device is published, and before one goes the worker is
 * waited for (one round, RCU), so it never touches a freed device. */
static int link_event(uint16_t port_id, enum rte_eth_event_type type, void *arg,
		      void *ret)
{
	struct dataplane *dp = arg;

	(void)type;
	(void)ret;
	for (uint16_t i = 0; i < dp->n_ports; i++) {
		struct dp_port *p = &dp->ports[i];
		int vid, old;

		if (!p->vhost || p->port_id != port_id)
			continue;
		vid = rte_eth_vhost_get_vid_from_port_id(port_id);
		old = __atomic_exchange_n(&p->vid, vid, __ATOMIC_ACQ_REL);
		if (old >= 0 && old != vid)
			rte_rcu_qsbr_synchronize(dp->qsbr, RTE_QSBR_THRID_INVALID);
	}
	return 0;
}

static int guest_port(struct dataplane *dp, const struct vg_guest *g, uint16_t i)
{
	struct dp_port *p = &dp->ports[i];
	char name[32], args[256];
	struct stat st;
	int r;

	snprintf(name, sizeof(name), "net_vhost%u", i);
	snprintf(args, sizeof(args), "iface=%s,queues=1,client=%d", g->vhost_socket,
		 g->vhost_mode == VG_VHOST_CLIENT);
	snprintf(p->name, sizeof(p->name), "%s", g->name);
	snprintf(p->iface, sizeof(p->iface), "%s", g->vhost_socket);
	p->vhost_client = g->vhost_mode == VG_VHOST_CLIENT;
	p->vhost = true;
	p->vid = -1;
	/* A server's socket left by a dataplane that was killed would make
	 * the vhost library refuse to bind. */
	if (!p->vhost_client && stat(g->vhost_socket, &st) == 0 && S_ISSOCK(st.st_mode))
		unlink(g->vhost_socket);
	r = ports_probe(name, args, &p->port_id);
	if (r == 0)
		r = rte_eth_dev_callback_register(p->port_id, RTE_ETH_EVENT_INTR_LSC,
						  link_event, dp);
	if (r == 0)
		r = start_port(dp->pool, p->port_id);
	if (r < 0)
		DP_LOG(ERR, "guest %s: cannot open vhost-user port on %s: %s", g->name,
		       g->vhost_socket, strerror(-r));
	return r;
}

int ports_create(struct dataplane *dp, const struct vg_config *cfg)
{
	struct dp_port *punt;
	int r;

	dp->pool = rte_pktmbuf_pool_create("vg_mbufs", POOL_SIZE, POOL_CACHE, 0,
					   RTE_MBUF_DEFAULT_BUF_SIZE, (int)rte_socket_id());
	dp->n_ports = (uint16_t)(cfg->n_guests + 1);
	dp->ports = rte_zmalloc("vg_ports", sizeof(*dp->ports) * dp->n_ports, 0);
	if (!dp->pool || !dp->ports) {
		DP_LOG(ERR, "cannot allocate the mbuf pool or port table");
		return -ENOMEM;
	}
	for (uint16_t i = 0; i < cfg->n_guests; i++) {
		r = guest_port(dp, &cfg->guests[i], i);
		if (r < 0)
			return r;
	}
	punt = &dp->ports[cfg->n_guests];
	snprintf(punt->name, sizeof(punt->name), "punt");
	punt->vid = -1;
	r = punt_port_open(cfg, punt->iface, sizeof(punt->iface), &punt->port_id);
	if (r == 0)
		r = start_port(dp->pool, punt->port_id);
	if (r == 0)
		r = punt_port_configure(cfg, punt->iface);
	if (r < 0)
		DP_LOG(ERR, "cannot open the punt port: %s", strerror(-r));
	return r;
}

void ports_destroy(struct dataplane *dp)
{
	for (uint16_t i = 0; dp->ports && i < dp->n_ports; i++) {
		if (dp->ports[i].vhost)
			rte_eth_dev_callback_unregister(dp->ports[i].port_id,
							RTE_ETH_EVENT_INTR_LSC, link_event, dp);
		rte_eth_dev_stop(dp->ports[i].port_id);
		rte_eth_dev_close(dp->ports[i].port_id);
	}
	rte_free(dp->ports);
	dp->ports = NULL;
	rte_mempool_free(dp->pool);
}

void ports_refresh_links(struct dataplane *dp)
{
	for (uint16_t i = 0; i < dp->n_ports; i++) {
		struct rte_eth_link link;

		if (rte_eth_link_get_nowait(dp->ports[i].port_id, &link) == 0)
			__atomic_store_n(&dp->ports[i].link_up,
					 link.link_status == RTE_ETH_LINK_UP, __ATOMIC_RELAXED);
	}
}
