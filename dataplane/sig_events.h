/* SPDX-License-Identifier: BSD-3-Clause */
#ifndef VG_SIG_EVENTS_H
#define VG_SIG_EVENTS_H

/*
 * Recent signature matches: a ring of the last SIG_EVENTS_MAX, written by
 * the worker alone and read by the control thread without a lock. Each
 * slot carries a sequence number, odd while it is being written, so a
 * reader keeps only the copies no write overlapped. Every match is also
 * logged, at most SIG_EVENTS_LOG_PER_S lines a second (the rest are
 * counted and said in the next line). The ring outlives reloads: events
 * copy the names they need.
 */

#include <stdbool.h>
#include <stdint.h>
#include <time.h>

#include "vg_config.h"

#define SIG_EVENTS_MAX 256
#define SIG_EVENTS_LOG_PER_S 10

struct sig_event {
	uint64_t number;              /* 0, 1, ... over the process's life */
	uint64_t tsc;
	char signature[VG_NAME_MAX + 1];
	char rule[VG_NAME_MAX + 1];
	uint16_t src, dst;            /* guest indexes or VG_GUEST_* */
	uint16_t sport, dport;
	uint8_t proto;                /* IPPROTO_TCP or IPPROTO_UDP */
	uint8_t action;               /* enum vg_sig_action */
};

struct sig_events;

/* A ring whose times are counted at tsc_hz; NULL when out of memory. */
struct sig_events *sig_events_new(uint64_t tsc_hz);
void sig_events_free(struct sig_events *ev);

/* Records e (its number is set here) at TSC e->tsc, and logs it within
 * the rate, naming its guests src and dst. Worker only. */
void sig_events_record(struct sig_events *ev, struct sig_event *e, const char *src,
		       const char *dst);

/* The events still in the ring, oldest first, into out (room for
 * SIG_EVENTS_MAX); returns how many. Any thread. */
unsigned sig_events_read(const struct sig_events *ev, struct sig_event *out);
/* Events recorded so far, and lines the log rate left out. */
uint64_t sig_events_total(const struct sig_events *ev);
uint64_t sig_events_unlogged(const struct sig_events *ev);

/* The wall-clock time of TSC tsc. */
struct timespec sig_events_time(const struct sig_events *ev, uint64_t tsc);

#endif
