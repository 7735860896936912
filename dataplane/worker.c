/* SPDX-License-Identifier: BSD-3-Clause */
/* The worker: receive a burst from each port, run the pipeline, transmit
 * by destination port, report quiescence, and sleep when there is nothing
 * to do so an idle gateway costs (almost) no CPU. */
#include <stdbool.h>
#include <time.h>

#include <rte_cycles.h>
#include <rte_ethdev.h>
#include <rte_mbuf.h>
#include <rte_rcu_qsbr.h>

#include "counter.h"
#include "ct_settings.h"
#include "ct_table.h"
#include "dataplane.h"
#include "meters.h"
#include "pipeline.h"
#include "port_io.h"

#define IDLE_POLLS_BEFORE_SLEEP 256
#define SLEEP_MIN_US 8
#define SLEEP_MAX_US 2000          /* bounds the wake-up latency when idle */
#define PUNT_POLL_EVERY 16
#define CT_EXPIRE_PER_ROUND 64     /* session slots looked at per round */

/* Frames of one burst, grouped by the port they leave on. */
struct tx_queues {
	struct rte_mbuf *pkts[VG_BURST];
	uint16_t n;
};

static void transmit(struct dataplane *dp, struct dp_port *in, uint16_t out_idx,
		     struct tx_queues *q)
{
	struct dp_port *out = &dp->ports[out_idx];
	bool up = __atomic_load_n(&out->link_up, __ATOMIC_RELAXED);
	uint16_t sent = 0;
	uint64_t bytes = 0;

	/* Sent mbufs belong to the driver: count bytes before sending and
	 * take back those of the frames it did not take. */
	for (uint16_t i = 0; i < q->n; i++)
		bytes += rte_pktmbuf_pkt_len(q->pkts[i]);
	if (up)
		sent = port_tx(out, q->pkts, q->n);
	for (uint16_t i = sent; i < q->n; i++)
		bytes -= rte_pktmbuf_pkt_len(q->pkts[i]);
	counter_add(&out->stats.tx_packets, sent);
	counter_add(&out->stats.tx_bytes, bytes);
	if (sent < q->n) {
		counter_add(&in->stats.drops[up ? VG_DROP_TX_FULL : VG_DROP_PORT_DOWN],
			    (uint64_t)(q->n - sent));
		rte_pktmbuf_free_bulk(q->pkts + sent, q->n - sent);
	}
	q->n = 0;
}

static void process(struct dataplane *dp, struct dp_policy *pol, struct dp_meters *meters,
		    uint16_t in_idx, struct rte_mbuf **pkts, uint16_t n, uint64_t now,
		    struct tx_queues *queues)
{
	struct pipeline_ctx c = { .topo = dp->topo, .pol = pol, .grants = dp->grants,
				  .ct = dp->ct, .meters = meters, .events = dp->events,
				  .mirror = dp->mirror,
				  .in_port = in_idx,
				  .now = now };
	struct dp_port *in = &dp->ports[in_idx];
	struct pkt_meta meta[VG_BURST];
	uint16_t touched[VG_BURST], n_touched = 0;
	uint64_t bytes = 0;

	pipeline_run(&c, pkts, meta, n);
	for (uint16_t i = 0; i < n; i++) {
		bytes += rte_pktmbuf_pkt_len(pkts[i]);
		if (meta[i].verdict == VERDICT_TX) {
			struct tx_queues *q = &queues[meta[i].out_port];

			if (q->n == 0)
				touched[n_touched++] = meta[i].out_port;
			q->pkts[q->n++] = pkts[i];
		} else {
			/* A step that leaves a frame undecided is a bug: drop it. */
			enum vg_drop_reason r = meta[i].verdict == VERDICT_DROP
					      ? meta[i].reason : VG_DROP_DEFAULT_DENY;

			counter_add(&in->stats.drops[r], 1);
			rte_pktmbuf_free(pkts[i]);
		}
	}
	counter_add(&in->stats.rx_packets, n);
	counter_add(&in->stats.rx_bytes, bytes);
	for (uint16_t t = 0; t < n_touched; t++)
		transmit(dp, in, touched[t], &queues[touched[t]]);
}

static void configure_sessions(struct ct_table *ct, const struct vg_config *cfg)
{
	struct ct_limits limits;
	struct ct_timeouts timeouts;

	ct_settings(cfg, &limits, &timeouts);
	ct_table_configure(ct, limits.per_guest, &timeouts);
}

static void sleep_us(unsigned us)
{
	struct timespec ts = { .tv_nsec = (long)us * 1000 };

	nanosleep(&ts, NULL);
}

int worker_run(void *arg)
{
	struct dataplane *dp = arg;
	struct tx_queues *queues = calloc(dp->n_ports, sizeof(*queues));
	/* Rate limit buckets: this thread's alone, kept across reloads. */
	struct dp_meters *meters = dp_meters_new(dp->topo->n_guests);
	unsigned empty = 0, nap = SLEEP_MIN_US, round = 0;
	uint64_t ct_generation = 0;

	if (!queues || !meters) {
		free(queues);
		dp_meters_free(meters);
		return -ENOMEM;
	}
	rte_rcu_qsbr_thread_register(dp->qsbr, 0);
	rte_rcu_qsbr_thread_online(dp->qsbr, 0);
	while (!__atomic_load_n(&dp->stop, __ATOMIC_RELAXED)) {
		struct dp_policy *pol = __atomic_load_n(&dp->policy, __ATOMIC_ACQUIRE);
		uint64_t start = rte_rdtsc();
		uint32_t got = 0;

		/* The table's writer takes a new policy's share and timeouts. */
		if (pol->generation != ct_generation) {
			configure_sessions(dp->ct, pol->cfg);
			ct_generation = pol->generation;
		}

		/* The punt port is a TAP: each poll is a system call. Under load
		 * it is polled one round in PUNT_POLL_EVERY; control traffic
		 * waits microseconds at most. */
		uint16_t ports = (++round % PUNT_POLL_EVERY == 0 || empty)
				 ? dp->n_ports : dp->n_ports - 1;

		for (uint16_t p = 0; p < ports; p++) {
			struct rte_mbuf *pkts[VG_BURST];
			uint16_t n = port_rx(dp, &dp->ports[p], pkts, VG_BURST);

			if (n) {
				process(dp, pol, meters, p, pkts, n, start, queues);
				got += n;
			}
		}
		/* A bounded slice of the session table per round: expiry
		 * never pauses traffic. */
		ct_expire(dp->ct, start, CT_EXPIRE_PER_ROUND);
		rte_rcu_qsbr_quiescent(dp->qsbr, 0);
		if (got) {
			counter_add(&dp->busy_cycles, rte_rdtsc() - start);
			counter_add(&dp->frames, got);
			empty = 0;
			nap = SLEEP_MIN_US;
			continue;
		}
		if (pol->cfg->gateway.idle == VG_IDLE_POLL || ++empty < IDLE_POLLS_BEFORE_SLEEP)
			continue;
		/* Offline while asleep, so a reload need not wait for us. */
		rte_rcu_qsbr_thread_offline(dp->qsbr, 0);
		sleep_us(nap);
		rte_rcu_qsbr_thread_online(dp->qsbr, 0);
		counter_add(&dp->idle_sleeps, 1);
		nap = nap * 2 > SLEEP_MAX_US ? SLEEP_MAX_US : nap * 2;
	}
	rte_rcu_qsbr_thread_offline(dp->qsbr, 0);
	rte_rcu_qsbr_thread_unregister(dp->qsbr, 0);
	free(queues);
	dp_meters_free(meters);
	return 0;
}
