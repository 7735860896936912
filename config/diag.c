/* SPDX-License-Identifier: BSD-3-Clause */
#include "diag.h"

#include <stdarg.h>
#include <stdlib.h>
#include <string.h>

struct vg_diag {
	struct vg_diag_entry *entries;
	size_t n;        /* stored */
	size_t dropped;  /* past the cap, or lost to a failed allocation */
};

struct vg_diag *vg_diag_new(void)
{
	return calloc(1, sizeof(struct vg_diag));
}

void vg_diag_free(struct vg_diag *diag)
{
	if (!diag)
		return;
	for (size_t i = 0; i < diag->n; i++) {
		free((char *)diag->entries[i].file);
		free((char *)diag->entries[i].message);
	}
	free(diag->entries);
	free(diag);
}

void vg_diag_add(struct vg_diag *diag, const char *file, unsigned line,
		 const char *fmt, ...)
{
	struct vg_diag_entry *e, *grown;
	char *msg = NULL;
	va_list ap;

	if (diag->n >= VG_DIAG_MAX)
		goto lost;
	va_start(ap, fmt);
	if (vasprintf(&msg, fmt, ap) < 0)
		msg = NULL;
	va_end(ap);
	grown = realloc(diag->entries, (diag->n + 1) * sizeof(*grown));
	if (!msg || !grown)
		goto lost_msg;
	diag->entries = grown;
	e = &diag->entries[diag->n];
	e->file = strdup(file ? file : "");
	if (!e->file)
		goto lost_msg;
	e->line = line;
	e->message = msg;
	diag->n++;
	return;
lost_msg:
	free(msg);
lost:
	diag->dropped++;
}

size_t vg_diag_count(const struct vg_diag *diag)
{
	return diag->n + diag->dropped;
}

const struct vg_diag_entry *vg_diag_get(const struct vg_diag *diag, size_t i)
{
	return i < diag->n ? &diag->entries[i] : NULL;
}

static int by_line(const void *a, const void *b)
{
	const struct vg_diag_entry *const *x = a, *const *y = b;

	if ((*x)->line != (*y)->line)
		return (*x)->line < (*y)->line ? -1 : 1;
	/* Stable for equal lines: keep the order they were found in. */
	return *x < *y ? -1 : (*x > *y);
}

void vg_diag_print(const struct vg_diag *diag, FILE *out)
{
	const struct vg_diag_entry **order = calloc(diag->n ? diag->n : 1,
						    sizeof(*order));

	for (size_t i = 0; i < diag->n; i++)
		if (order)
			order[i] = &diag->entries[i];
	if (order)
		qsort(order, diag->n, sizeof(*order), by_line);
	for (size_t i = 0; i < diag->n; i++) {
		const struct vg_diag_entry *e = order ? order[i] : &diag->entries[i];

		fprintf(out, "%s:%u: %s\n", e->file, e->line, e->message);
	}
	if (diag->dropped)
		fprintf(out, "(%zu more problems not shown)\n", diag->dropped);
	free(order);
}
