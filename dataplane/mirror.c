/* SPDX-License-Identifier: BSD-3-Clause */
#include "mirror.h"

#include <errno.h>
#include <pthread.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

#include <rte_lcore.h>
#include <rte_malloc.h>
#include <rte_mempool.h>
#include <rte_pcapng.h>
#include <rte_ring.h>

#include "counter.h"
#include "drop_reasons.h"
#include "mirror_pcapng.h"
#include "mirror_tap.h"
#include "pkt_meta.h"

/* Copies in flight: the ring, the worker's cache and the writer's burst. */
#define POOL_SIZE (2 * MIRROR_RING_SIZE - 1)
#define POOL_CACHE 64
#define WRITE_BURST 32
/* The writer naps while the ring is empty, doubling up to the longest
 * nap: an idle mirror costs next to nothing; a busy one never sleeps. */
#define NAP_MIN_US 50
#define NAP_MAX_US 5000

struct dp_mirror {
	struct rte_ring *ring;            /* worker -> writer */
	struct rte_mempool *pool;         /* the copies */
	rte_pcapng_t *pcapng;             /* NULL: no file */
	int tap;                          /* -1: no TAP */
	char *pcapng_path, *tap_name;     /* as configured, for reloads */
	uint16_t *port_ids;               /* dataplane port index -> DPDK port */
	uint16_t n_ports;
	pthread_t writer;
	bool writer_started;
	bool stop;
	uint64_t mirrored, full;          /* the worker's */
	uint64_t errors;                  /* the writer's */
};

static void nap(unsigned us)
{
	struct timespec ts = { .tv_nsec = (long)us * 1000 };

	nanosleep(&ts, NULL);
}

/* Writes one burst of copies to every target, then frees them. */
static void write_burst(struct dp_mirror *m, struct rte_mbuf **copies, unsigned n)
{
	for (unsigned i = 0; i < n; i++) {
		uint32_t reason = copies[i]->hash.usr, len;
		const uint8_t *frame;
		char text[96];

		if (m->tap >= 0) {
			frame = mirror_pcapng_frame(copies[i], &len);
			/* Shorter than an Ethernet header: the file keeps it,
			 * the kernel would refuse it. */
			if (frame && len >= 14 && mirror_tap_write(m->tap, frame, len) < 0)
				counter_add(&m->errors, 1);
		}
		if (m->pcapng && reason != MIRROR_NOT_DROPPED) {
			snprintf(text, sizeof(text), "dropped: %s",
				 vg_drop_name((enum vg_drop_reason)(reason - 1)));
			if (mirror_pcapng_comment(copies[i], text) < 0)
				counter_add(&m->errors, 1);
		}
	}
	if (m->pcapng && rte_pcapng_write_packets(m->pcapng, copies, (uint16_t)n) < 0)
		counter_add(&m->errors, n);
	/* 22.11's rte_pcapng_write_packets leaves the mbufs to the caller. */
	rte_pktmbuf_free_bulk(copies, n);
}

/* The writer thread: empties the ring until told to stop, then once more
 * so that every copy queued before the worker stopped is written. */
static void *writer(void *arg)
{
	struct dp_mirror *m = arg;
	struct rte_mbuf *copies[WRITE_BURST];
	unsigned us = NAP_MIN_US, n;

	while (!__atomic_load_n(&m->stop, __ATOMIC_ACQUIRE)) {
		n = rte_ring_sc_dequeue_burst(m->ring, (void **)copies, WRITE_BURST, NULL);
		if (n) {
			write_burst(m, copies, n);
			us = NAP_MIN_US;
			continue;
		}
		nap(us);
		us = us * 2 > NAP_MAX_US ? NAP_MAX_US : us * 2;
	}
	while ((n = rte_ring_sc_dequeue_burst(m->ring, (void **)copies, WRITE_BURST, NULL)))
		write_burst(m, copies, n);
	return NULL;
}

static int open_targets(struct dp_mirror *m, const struct vg_mirror *cfg, const char *gateway,
			const struct dp_port *ports, char *why, size_t size)
{
	int r;

	if (cfg->pcapng) {
		m->pcapng = mirror_pcapng_open(cfg->pcapng, gateway, ports, m->n_ports, &r);
		if (!m->pcapng) {
			snprintf(why, size, "cannot write pcapng file %s: %s", cfg->pcapng,
				 strerror(-r));
			return r;
		}
	}
	if (cfg->tap) {
		r = mirror_tap_open(cfg->tap);
		if (r < 0) {
			snprintf(why, size, "cannot open TAP interface %s: %s", cfg->tap,
				 strerror(-r));
			return r;
		}
		m->tap = r;
	}
	return 0;
}

struct dp_mirror *dp_mirror_new(const struct vg_mirror *cfg, const char *gateway,
				const struct dp_port *ports, uint16_t n_ports,
				char *why, size_t size)
{
	struct dp_mirror *m = calloc(1, sizeof(*m));
	int r;

	snprintf(why, size, "out of memory");
	if (!m)
		return NULL;
	m->tap = -1;
	m->n_ports = n_ports;
	m->port_ids = calloc(n_ports ? n_ports : 1, sizeof(*m->port_ids));
	m->pcapng_path = cfg->pcapng ? strdup(cfg->pcapng) : NULL;
	m->tap_name = cfg->tap ? strdup(cfg->tap) : NULL;
	m->ring = rte_ring_create("vg_mirror", MIRROR_RING_SIZE, (int)rte_socket_id(),
				  RING_F_SP_ENQ | RING_F_SC_DEQ);
	/* Room for the largest frame, the EPB around it and a comment. */
	m->pool = rte_pktmbuf_pool_create("vg_mirror", POOL_SIZE, POOL_CACHE, 0,
					  RTE_MBUF_DEFAULT_BUF_SIZE, (int)rte_socket_id());
	if (!m->port_ids || (cfg->pcapng && !m->pcapng_path) || (cfg->tap && !m->tap_name) ||
	    !m->ring || !m->pool)
		goto fail;
	for (uint16_t i = 0; i < n_ports; i++)
		m->port_ids[i] = ports[i].port_id;
	if (open_targets(m, cfg, gateway, ports, why, size) < 0)
		goto fail;
	r = rte_ctrl_thread_create(&m->writer, "vg-mirror", NULL, writer, m);
	if (r != 0) {
		snprintf(why, size, "cannot start the mirror's writer: %s", strerror(r));
		goto fail;
	}
	m->writer_started = true;
	return m;
fail:
	dp_mirror_free(m);
	return NULL;
}

void dp_mirror_free(struct dp_mirror *m)
{
	if (!m)
		return;
	if (m->writer_started) {
		__atomic_store_n(&m->stop, true, __ATOMIC_RELEASE);
		pthread_join(m->writer, NULL);
	}
	if (m->pcapng)
		rte_pcapng_close(m->pcapng);     /* closes the file too */
	if (m->tap >= 0)
		close(m->tap);
	rte_ring_free(m->ring);
	rte_mempool_free(m->pool);
	free(m->port_ids);
	free(m->pcapng_path);
	free(m->tap_name);
	free(m);
}

void dp_mirror_copy(struct dp_mirror *m, uint16_t port, struct rte_mbuf *const *pkts,
		    const uint8_t *reasons, uint16_t n, uint32_t snaplen, uint64_t tsc)
{
	struct rte_mbuf *copies[VG_BURST];
	/* A copy must stay one segment (an EPB is one block): no frame the
	 * pipeline forwards is longer than VG_FRAME_MAX. */
	uint32_t keep = snaplen < VG_FRAME_MAX ? snaplen : VG_FRAME_MAX;
	unsigned k = 0, queued;

	if (port >= m->n_ports)
		return;
	for (uint16_t i = 0; i < n && k < VG_BURST; i++) {
		struct rte_mbuf *mc = rte_pcapng_copy(m->port_ids[port], 0, pkts[i], m->pool,
						      keep, tsc, RTE_PCAPNG_DIRECTION_IN);

		if (!mc)
			continue;             /* the pool is empty: counted below */
		mc->hash.usr = reasons[i];
		copies[k++] = mc;
	}
	queued = rte_ring_sp_enqueue_burst(m->ring, (void **)copies, k, NULL);
	if (queued < k)
		rte_pktmbuf_free_bulk(copies + queued, k - queued);
	counter_add(&m->mirrored, queued);
	if (queued < n)
		counter_add(&m->full, n - queued);
}

void dp_mirror_stats(const struct dp_mirror *m, struct dp_mirror_stats *s)
{
	s->mirrored = counter_read(&m->mirrored);
	s->full = counter_read(&m->full);
	s->errors = counter_read(&m->errors);
}

static bool same(const char *a, const char *b)
{
	return (!a && !b) || (a && b && strcmp(a, b) == 0);
}

bool dp_mirror_same_targets(const struct dp_mirror *m, const struct vg_mirror *cfg)
{
	if (!m)
		return !cfg->present;
	return cfg->present && same(m->pcapng_path, cfg->pcapng) && same(m->tap_name, cfg->tap);
}

const char *dp_mirror_pcapng(const struct dp_mirror *m)
{
	return m->pcapng_path;
}

const char *dp_mirror_tap(const struct dp_mirror *m)
{
	return m->tap_name;
}
