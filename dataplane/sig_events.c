/* SPDX-License-Identifier: BSD-3-Clause */
#include "sig_events.h"

#include <netinet/in.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <rte_cycles.h>
#include <rte_log.h>

#include "counter.h"

/* Its own log type: the ring is linked into programs without main.c. */
RTE_LOG_REGISTER(vg_logtype_sig, vmgate.dataplane.signatures, INFO);

struct slot {
	uint64_t seq;                 /* 2n + 1 while event n is written; 2n + 2 after */
	struct sig_event e;
};

struct sig_events {
	uint64_t head;                /* events recorded */
	uint64_t tsc_hz;
	uint64_t tsc0;                /* the TSC at real0 */
	struct timespec real0;
	uint64_t log_window;          /* TSC the current second of logging began */
	uint64_t logged_in_window;
	uint64_t unlogged;            /* all time */
	uint64_t unlogged_since;      /* since the last line */
	struct slot ring[SIG_EVENTS_MAX];
};

struct sig_events *sig_events_new(uint64_t tsc_hz)
{
	struct sig_events *ev = calloc(1, sizeof(*ev));

	if (!ev)
		return NULL;
	ev->tsc_hz = tsc_hz ? tsc_hz : 1;
	ev->tsc0 = rte_rdtsc();
	clock_gettime(CLOCK_REALTIME, &ev->real0);
	return ev;
}

void sig_events_free(struct sig_events *ev)
{
	free(ev);
}

/* At most SIG_EVENTS_LOG_PER_S lines in any second of TSC. */
static void log_event(struct sig_events *ev, const struct sig_event *e, const char *src,
		      const char *dst)
{
	char more[64] = "";

	if (e->tsc - ev->log_window >= ev->tsc_hz) {
		ev->log_window = e->tsc;
		ev->logged_in_window = 0;
	}
	if (ev->logged_in_window >= SIG_EVENTS_LOG_PER_S) {
		counter_add(&ev->unlogged, 1);
		ev->unlogged_since++;
		return;
	}
	ev->logged_in_window++;
	if (ev->unlogged_since)
		snprintf(more, sizeof(more), " (and %llu earlier matches not logged)",
			 (unsigned long long)ev->unlogged_since);
	rte_log(RTE_LOG_WARNING, vg_logtype_sig, "vmgate-dataplane: signature '%s' %s: "
		"%s frame of rule '%s', %s port %u -> %s port %u%s\n",
		e->signature, e->action == VG_SIG_DROP ? "dropped it" : "alert",
		e->proto == IPPROTO_TCP ? "TCP" : "UDP", e->rule, src, e->sport, dst, e->dport,
		more);
	ev->unlogged_since = 0;
}

void sig_events_record(struct sig_events *ev, struct sig_event *e, const char *src,
		       const char *dst)
{
	uint64_t n = ev->head;
	struct slot *s = &ev->ring[n % SIG_EVENTS_MAX];

	e->number = n;
	__atomic_store_n(&s->seq, 2 * n + 1, __ATOMIC_RELAXED);
	__atomic_thread_fence(__ATOMIC_RELEASE);
	s->e = *e;
	__atomic_store_n(&s->seq, 2 * n + 2, __ATOMIC_RELEASE);
	__atomic_store_n(&ev->head, n + 1, __ATOMIC_RELEASE);
	log_event(ev, e, src, dst);
}

unsigned sig_events_read(const struct sig_events *ev, struct sig_event *out)
{
	uint64_t head = __atomic_load_n(&ev->head, __ATOMIC_ACQUIRE);
	uint64_t first = head > SIG_EVENTS_MAX ? head - SIG_EVENTS_MAX : 0;
	unsigned got = 0;

	for (uint64_t n = first; n < head; n++) {
		const struct slot *s = &ev->ring[n % SIG_EVENTS_MAX];
		uint64_t seq = __atomic_load_n(&s->seq, __ATOMIC_ACQUIRE);

		if (seq != 2 * n + 2)
			continue;       /* being written, or already overwritten */
		out[got] = s->e;
		__atomic_thread_fence(__ATOMIC_ACQUIRE);
		if (__atomic_load_n(&s->seq, __ATOMIC_RELAXED) == seq)
			got++;
	}
	return got;
}

uint64_t sig_events_total(const struct sig_events *ev)
{
	return __atomic_load_n(&ev->head, __ATOMIC_ACQUIRE);
}

uint64_t sig_events_unlogged(const struct sig_events *ev)
{
	return counter_read(&ev->unlogged);
}

struct timespec sig_events_time(const struct sig_events *ev, uint64_t tsc)
{
	/* In floating point: a TSC from another clock (tests) must not overflow. */
	double t = (double)ev->real0.tv_sec + ev->real0.tv_nsec / 1e9 +
		   (double)(int64_t)(tsc - ev->tsc0) / (double)ev->tsc_hz;
	struct timespec ts;

	if (t < 0)
		t = 0;
	ts.tv_sec = (time_t)t;
	ts.tv_nsec = (long)((t - (double)ts.tv_sec) * 1e9);
	return ts;
}
