/* SPDX-License-Identifier: BSD-3-Clause */
#ifndef VG_COUNTER_H
#define VG_COUNTER_H

/* Counters have one writer (the worker) and readers elsewhere (the control
 * thread): relaxed atomic stores and loads, no read-modify-write. */

#include <stdint.h>

static inline void counter_add(uint64_t *c, uint64_t v)
{
	__atomic_store_n(c, __atomic_load_n(c, __ATOMIC_RELAXED) + v, __ATOMIC_RELAXED);
}

static inline uint64_t counter_read(const uint64_t *c)
{
	return __atomic_load_n(c, __ATOMIC_RELAXED);
}

#endif
