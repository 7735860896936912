/* SPDX-License-Identifier: BSD-3-Clause */
#ifndef VG_XDP_ENGINE_H
#define VG_XDP_ENGINE_H

/*
 * The XDP engine's loader: the BPF object loaded once, its maps filled
 * from a validated config, the program attached to every guest's
 * interface, reloads into the idle policy slot and one flip.
 *
 * Creators return a pointer or NULL; the rest 0 or a negative errno, with
 * a message in err.
 */

#include <stddef.h>

#include "vg_config.h"

enum xdp_mode {
	XDP_MODE_AUTO,       /* native where the driver has it, else generic */
	XDP_MODE_NATIVE,
	XDP_MODE_GENERIC,
};

struct xdp_engine;

/* Loads the BPF object at path (verified by the kernel) and checks that
 * cfg is what the engine can enforce, resolving each guest's interface.
 * Nothing is attached yet. Takes cfg on success. NULL and err otherwise. */
struct xdp_engine *xdp_engine_open(const char *object, const struct vg_config *cfg,
				   char *err, size_t size);

/* Fills the maps and attaches the program to every guest's interface in
 * mode; on failure nothing stays attached. */
int xdp_engine_attach(struct xdp_engine *e, enum xdp_mode mode, char *err, size_t size);

/* Replaces the policy by cfg (same guests, interfaces and gateway
 * identity): its rules go to the idle slot, then one word flips the
 * program to them; sessions the new rules would not open are removed.
 * Takes cfg on success; on failure the running policy stays. */
int xdp_engine_reload(struct xdp_engine *e, const struct vg_config *cfg,
		      char *err, size_t size);

/* The map of that name ("vg_counters", "vg_grants", "vg_sessions", ...),
 * or -ENOENT. */
int xdp_engine_map_fd(const struct xdp_engine *e, const char *name);
const struct vg_config *xdp_engine_config(const struct xdp_engine *e);

/* Detaches from every interface and frees everything. */
void xdp_engine_close(struct xdp_engine *e);

#endif
