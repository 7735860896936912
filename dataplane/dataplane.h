/* SPDX-License-Identifier: BSD-3-Clause */
#ifndef VG_DATAPLANE_H
#define VG_DATAPLANE_H

/*
 * The dataplane process: ports, the topology they carry, the published
 * policy, the grants, and the two threads that share them: the worker (the
 * main lcore: receive, pipeline, transmit) and the control thread (the
 * control socket, reloads, link states).
 */

#include <stdbool.h>
#include <stdint.h>
#include <time.h>

#include <rte_log.h>

#include "drop_reasons.h"
#include "grants.h"
#include "policy.h"
#include "topology.h"

extern int vg_logtype_dp;
#define DP_LOG(level, fmt, ...) \
	rte_log(RTE_LOG_##level, vg_logtype_dp, "vmgate-dataplane: " fmt "\n", ##__VA_ARGS__)

struct port_stats {
	uint64_t rx_packets, rx_bytes;
	uint64_t tx_packets, tx_bytes;
	uint64_t drops[VG_DROP_MAX];       /* frames received here and dropped */
};

struct dp_port {
	uint16_t port_id;                  /* DPDK's */
	char name[VG_NAME_MAX + 1];        /* the guest's, or "punt" */
	char iface[108];                   /* vhost-user socket or TAP name */
	bool vhost;                        /* a guest's vhost-user port */
	bool vhost_client;
	bool link_up;                      /* refreshed by the control thread */
	int vid;                           /* vhost device; -1: none (ports.c) */
	struct port_stats stats;           /* written by the worker only */
};

struct ct_table;
struct dp_mirror;
struct rte_mempool;
struct sig_events;
struct rte_rcu_qsbr;

struct dataplane {
	const char *config_path;
	struct dp_topology *topo;          /* fixed for the process's life */
	struct dp_policy *policy;          /* published with RCU (reload.c) */
	struct dp_grants *grants;
	struct ct_table *ct;               /* sessions; the worker writes it */
	struct sig_events *events;         /* signature matches; the worker writes it */
	struct dp_mirror *mirror;          /* NULL: no mirror section */
	struct dp_port *ports;             /* n_guests guest ports, then punt */
	uint16_t n_ports;
	struct rte_mempool *pool;
	struct rte_rcu_qsbr *qsbr;
	bool stop;                         /* set by signals, read by both threads */
	bool reload_requested;             /* SIGHUP */
	time_t started;
	uint64_t reloads, reload_failures;
	char last_reload_error[512];
	/* Worker accounting: cycles spent on bursts that carried frames. */
	uint64_t busy_cycles, frames;
	uint64_t idle_sleeps;
};

/* worker.c: the packet loop on the calling lcore until dp->stop. */
int worker_run(void *dp);

#endif
