/* SPDX-License-Identifier: BSD-3-Clause */
#ifndef VG_XDP_COUNTERS_H
#define VG_XDP_COUNTERS_H

/*
 * The XDP engine's counters (per-CPU, summed here): every drop reason by
 * the DPDK engine's names, then forwarded, answered and to_host.
 */

#include <stdint.h>
#include <stdio.h>

#include "xdp_maps.h"

/* Sums the per-CPU counters of map fd into out. 0 or a negative errno. */
int xdp_counters_read(int fd, uint64_t out[XDP_CNT_MAX]);
/* The counter's name ("spoof_ip", "forwarded"). */
const char *xdp_counter_name(unsigned slot);
/* Prints "NAME COUNT" per counter to f (json: one JSON object). 0 or a
 * negative errno. */
int xdp_counters_print(int fd, FILE *f, int json);

#endif
