/* SPDX-License-Identifier: BSD-3-Clause */
#ifndef VG_ACL_COMPILE_H
#define VG_ACL_COMPILE_H

#include <stdint.h>

#include "vg_config.h"

struct rte_acl_ctx;

/*
 * Compiles the rules of cfg into a new rte_acl context named by
 * generation: one ACL entry per (source range x destination range) of a
 * rule, in the rule's direction only (replies of stateful rules pass by
 * their session, not by a rule). Priority follows rule order; an entry's
 * userdata is its rule index + 1.
 * Returns 0 and *ctx (NULL when cfg has no rules) or a negative errno with
 * *err a static message.
 */
int acl_compile(const struct vg_config *cfg, uint64_t generation,
		struct rte_acl_ctx **ctx, uint32_t *n_entries, const char **err);

#endif
