/* SPDX-License-Identifier: BSD-3-Clause */
#ifndef VG_PIPELINE_H
#define VG_PIPELINE_H

/*
 * The steps a burst of frames from one port goes through, in order, one
 * file each. A step looks only at frames whose verdict is still
 * VERDICT_CONTINUE; it may drop them (with a reason) or send them (to a
 * port), and leaves the rest for the next step. The last, ct_create, looks
 * back at what the rules sent, to open sessions.
 *
 *   parse -> identity -> meter -> neigh -> dst -> conntrack -> grant -> acl
 *   -> bpf -> inspect -> ct_create -> mirror
 */

#include <stdint.h>

#include <rte_mbuf.h>

#include "ct_table.h"
#include "grants.h"
#include "meters.h"
#include "pkt_meta.h"
#include "policy.h"
#include "sig_events.h"
#include "topology.h"

struct dp_mirror;

struct pipeline_ctx {
	const struct dp_topology *topo;
	struct dp_policy *pol;          /* rule hit counters are written */
	struct dp_grants *grants;
	struct ct_table *ct;            /* NULL: no connection tracking */
	struct dp_meters *meters;       /* the worker's; NULL: no rate limits */
	struct sig_events *events;      /* signature matches; NULL: not recorded */
	struct dp_mirror *mirror;       /* NULL: nothing is mirrored */
	uint16_t in_port;               /* guest index; n_guests: punt port */
	uint64_t now;                   /* TSC */
};

typedef void pipeline_step(const struct pipeline_ctx *c, struct rte_mbuf **pkts,
			   struct pkt_meta *meta, uint16_t n);

pipeline_step node_parse;      /* node_parse.c: headers, lengths, kinds */
pipeline_step node_identity;   /* node_identity.c: source is the port's own */
pipeline_step node_meter;      /* node_meter.c: the guest's rate limit */
pipeline_step node_neigh;      /* node_neigh.c: ARP and ND answered here */
pipeline_step node_dst;        /* node_dst.c: the owner of the destination */
pipeline_step node_conntrack;  /* node_conntrack.c: frames of sessions pass */
pipeline_step node_grant;      /* node_grant.c: the pair holds a live grant */
pipeline_step node_acl;        /* node_acl.c: rules, first match wins */
pipeline_step node_bpf;        /* node_bpf.c: the rule's eBPF programs */
pipeline_step node_inspect;    /* node_inspect.c: the rule's payload signatures */
pipeline_step node_ct_create;  /* node_ct_create.c: stateful rules open sessions */
pipeline_step node_mirror;     /* node_mirror.c: copies to the mirror */

/* All steps in order. */
void pipeline_run(const struct pipeline_ctx *c, struct rte_mbuf **pkts,
		  struct pkt_meta *meta, uint16_t n);

#endif
