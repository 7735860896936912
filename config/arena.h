/* SPDX-License-Identifier: BSD-3-Clause */
#ifndef VG_ARENA_H
#define VG_ARENA_H

/*
 * An arena owns all memory of one parsed configuration, so a config is
 * freed (or a half-built one thrown away) in one call. Allocations are
 * zeroed and 16-byte aligned; they return NULL when memory runs out.
 */

#include <stddef.h>

struct vg_arena;

struct vg_arena *vg_arena_new(void);
void vg_arena_free(struct vg_arena *arena);
void *vg_arena_alloc(struct vg_arena *arena, size_t size);
/* n elements of size bytes each; NULL on overflow too. */
void *vg_arena_array(struct vg_arena *arena, size_t n, size_t size);
char *vg_arena_strdup(struct vg_arena *arena, const char *s);

#endif
