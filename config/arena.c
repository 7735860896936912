/* SPDX-License-Identifier: BSD-3-Clause */
#include "arena.h"

#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#define CHUNK_SIZE (64 * 1024)
#define ALIGN 16

struct chunk {
	struct chunk *next;
	size_t size, used;
	_Alignas(ALIGN) unsigned char data[];
};

struct vg_arena {
	struct chunk *head;
};

struct vg_arena *vg_arena_new(void)
{
	return calloc(1, sizeof(struct vg_arena));
}

void vg_arena_free(struct vg_arena *arena)
{
	if (!arena)
		return;
	for (struct chunk *c = arena->head, *next; c; c = next) {
		next = c->next;
		free(c);
	}
	free(arena);
}

void *vg_arena_alloc(struct vg_arena *arena, size_t size)
{
	struct chunk *c = arena->head;
	size_t need = (size + ALIGN - 1) & ~(size_t)(ALIGN - 1);
	void *p;

	if (need < size)
		return NULL;
	if (!c || c->size - c->used < need) {
		size_t cap = need > CHUNK_SIZE ? need : CHUNK_SIZE;

		if (cap > SIZE_MAX - sizeof(*c))
			return NULL;
		c = malloc(sizeof(*c) + cap);
		if (!c)
			return NULL;
		c->size = cap;
		c->used = 0;
		c->next = arena->head;
		arena->head = c;
	}
	p = c->data + c->used;
	c->used += need;
	memset(p, 0, size);
	return p;
}

void *vg_arena_array(struct vg_arena *arena, size_t n, size_t size)
{
	if (size && n > SIZE_MAX / size)
		return NULL;
	return vg_arena_alloc(arena, n * size > 0 ? n * size : 1);
}

char *vg_arena_strdup(struct vg_arena *arena, const char *s)
{
	size_t len = strlen(s) + 1;
	char *p = vg_arena_alloc(arena, len);

	if (p)
		memcpy(p, s, len);
	return p;
}
