/* SPDX-License-Identifier: BSD-3-Clause */
#ifndef VG_MIRROR_H
#define VG_MIRROR_H

/*
 * The mirror: copies of chosen frames (those of rules marked `mirror`,
 * and every dropped frame when `drops = true`) go to a pcapng file, a TAP
 * interface for an IDS, or both. The worker only copies (rte_pcapng_copy,
 * bounded by the snap length, into buffers of the mirror's own pool) and
 * queues the copies on a single-producer ring; a thread of the mirror's
 * own empties the ring and writes the targets. The worker never blocks:
 * when the ring or the pool is full the copy is counted (full) and lost,
 * never the frame.
 *
 * The targets are opened once, at start, and kept for the process's life;
 * a reload that changes them is refused (reload.c).
 *
 * Creators return a pointer or NULL; the rest returns nothing or a value.
 */

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include <rte_mbuf.h>

#include "dataplane.h"

#define MIRROR_RING_SIZE 2048      /* copies waiting for the writer */
#define MIRROR_NOT_DROPPED 0       /* reasons[]: a forwarded frame */

struct dp_mirror;

struct dp_mirror_stats {
	uint64_t mirrored;         /* copies queued for the targets */
	uint64_t full;             /* copies lost: the ring or the pool was full */
	uint64_t errors;           /* writes a target refused (per target) */
};

/* Opens the targets of cfg (the pcapng file, whose interfaces are the
 * dataplane's n_ports ports, and/or the TAP), creates the ring and the
 * pool, and starts the writer thread. NULL with why (size bytes) when a
 * target cannot be opened or memory runs out. */
struct dp_mirror *dp_mirror_new(const struct vg_mirror *cfg, const char *gateway,
				const struct dp_port *ports, uint16_t n_ports,
				char *why, size_t size);

/* Stops the writer once it has written what the ring holds, and closes
 * the targets: the file is complete when this returns. The worker must
 * have stopped. NULL is allowed. */
void dp_mirror_free(struct dp_mirror *m);

/* Worker only: copies of the n frames received on port (the dataplane's
 * port index), keeping snaplen bytes of each, stamped tsc. reasons[i] is
 * MIRROR_NOT_DROPPED, or 1 + the vg_drop_reason the frame was dropped for. */
void dp_mirror_copy(struct dp_mirror *m, uint16_t port, struct rte_mbuf *const *pkts,
		    const uint8_t *reasons, uint16_t n, uint32_t snaplen, uint64_t tsc);

/* The counters so far; any thread. */
void dp_mirror_stats(const struct dp_mirror *m, struct dp_mirror_stats *s);

/* Whether cfg names the targets m writes (m NULL: no mirror), so a
 * reload may keep m. */
bool dp_mirror_same_targets(const struct dp_mirror *m, const struct vg_mirror *cfg);

/* The targets m writes; NULL when it writes no such target. */
const char *dp_mirror_pcapng(const struct dp_mirror *m);
const char *dp_mirror_tap(const struct dp_mirror *m);

#endif
