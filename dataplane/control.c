/* SPDX-License-Identifier: BSD-3-Clause */
#include "control.h"

#include <errno.h>
#include <poll.h>
#include <stdlib.h>
#include <string.h>

#include <rte_cycles.h>

#include "config_json.h"
#include "control_json.h"
#include "pkt_meta.h"
#include "ctl_proto.h"
#include "ctl_server.h"
#include "ports.h"
#include "reload.h"

#define TICK_MS 100

static char *take_json(struct json_object *o)
{
	char *s = o ? strdup(json_object_to_json_string_ext(o, JSON_C_TO_STRING_PLAIN)) : NULL;

	json_object_put(o);
	return s;
}

static int do_reload(struct dataplane *dp, char **reply)
{
	struct vg_diag *diag = vg_diag_new();
	struct json_object *o = json_object_new_object();
	int r = diag ? reload_policy(dp, diag) : -ENOMEM;

	json_object_object_add(o, "generation", json_object_new_uint64(dp->policy->generation));
	json_object_object_add(o, "rules", json_object_new_uint64(dp->policy->n_rules));
	if (r < 0) {
		json_object_object_add(o, "error", json_object_new_string(dp->last_reload_error));
		if (diag)
			json_object_object_add(o, "problems", vg_diag_to_json(diag));
	}
	vg_diag_free(diag);
	*reply = take_json(o);
	return r;
}

/* A guest's index by name, or VG_GUEST_NONE. */
static uint16_t guest_index(const struct dataplane *dp, const char *name)
{
	for (uint16_t i = 0; i < dp->topo->n_guests; i++)
		if (strcmp(dp->topo->guests[i].name, name) == 0)
			return i;
	return VG_GUEST_NONE;
}

static int do_grant(struct dataplane *dp, uint16_t type, const struct ctl_grant *req,
		    char **reply)
{
	char a_name[sizeof(req->a)], b_name[sizeof(req->b)];
	uint16_t a, b = VG_GUEST_NONE;
	struct json_object *o;
	int r;

	/* The request crossed a trust boundary: names must end inside it. */
	if (!memchr(req->a, '\0', sizeof(req->a)) || !memchr(req->b, '\0', sizeof(req->b)))
		return -EINVAL;
	memcpy(a_name, req->a, sizeof(a_name));
	memcpy(b_name, req->b, sizeof(b_name));
	a = guest_index(dp, a_name);
	if (b_name[0])
		b = guest_index(dp, b_name);
	if (a == VG_GUEST_NONE || (b_name[0] && b == VG_GUEST_NONE))
		return -ENOENT;
	if (type == CTL_GRANT_ADD)
		r = b == VG_GUEST_NONE ? -EINVAL
		    : dp_grants_add(dp->grants, a, b, req->ttl_s, rte_rdtsc());
	else
		r = dp_grants_revoke(dp->grants, a, b, rte_rdtsc());
	if (r < 0)
		return r;
	o = json_object_new_object();
	json_object_object_add(o, "a", json_object_new_string(a_name));
	json_object_object_add(o, "b", b_name[0] ? json_object_new_string(b_name) : NULL);
	if (type == CTL_GRANT_ADD)
		json_object_object_add(o, "ttl_s", json_object_new_uint64(req->ttl_s));
	else
		json_object_object_add(o, "revoked", json_object_new_int(r));
	*reply = take_json(o);
	return 0;
}

#define CONNTRACK_LIST_DEFAULT 1000
#define CONNTRACK_LIST_MAX 65536

static int do_conntrack(struct dataplane *dp, const struct ctl_conntrack *req,
			char **reply)
{
	uint16_t g = VG_GUEST_NONE;
	uint32_t limit = req->limit ? req->limit : CONNTRACK_LIST_DEFAULT;

	if (!memchr(req->guest, '\0', sizeof(req->guest)) || limit > CONNTRACK_LIST_MAX)
		return -EINVAL;
	if (req->guest[0]) {
		g = guest_index(dp, req->guest);
		if (g == VG_GUEST_NONE)
			return -ENOENT;
	}
	*reply = take_json(conntrack_sessions_json(dp, g, limit, rte_rdtsc(),
						   rte_get_tsc_hz()));
	return 0;
}

int control_handle(void *arg, uint16_t type, const void *payload, size_t len,
		   char **reply)
{
	struct dataplane *dp = arg;

	(void)len;       /* the server checked it against the type */
	switch (type) {
	case CTL_STATUS:
		*reply = take_json(status_json(dp));
		return 0;
	case CTL_PORTS:
		*reply = take_json(ports_json(dp));
		return 0;
	case CTL_GUESTS:
		*reply = take_json(guests_json(dp));
		return 0;
	case CTL_RULES:
		*reply = take_json(rules_json(dp));
		return 0;
	case CTL_STATS:
		*reply = take_json(stats_json(dp));
		return 0;
	case CTL_GRANTS:
		*reply = take_json(grants_json(dp));
		return 0;
	case CTL_BPF:
		*reply = take_json(bpf_json(dp));
		return 0;
	case CTL_SIGNATURES:
		*reply = take_json(signatures_json(dp));
		return 0;
	case CTL_CONNTRACK:
		return do_conntrack(dp, payload, reply);
	case CTL_RELOAD:
		return do_reload(dp, reply);
	case CTL_GRANT_ADD:
	case CTL_GRANT_DEL:
		return do_grant(dp, type, payload, reply);
	default:
		return -EOPNOTSUPP;
	}
}

void *control_thread(void *arg)
{
	struct control_args *ca = arg;
	struct dataplane *dp = ca->dp;
	struct pollfd p = { .fd = ctl_server_fd(ca->srv), .events = POLLIN };

	while (!__atomic_load_n(&dp->stop, __ATOMIC_RELAXED)) {
		if (__atomic_exchange_n(&dp->reload_requested, false, __ATOMIC_ACQ_REL)) {
			struct vg_diag *diag = vg_diag_new();

			if (diag) {
				reload_policy(dp, diag);
				vg_diag_free(diag);
			}
		}
		ports_refresh_links(dp);
		if (poll(&p, 1, TICK_MS) > 0)
			ctl_server_serve(ca->srv, control_handle, dp);
	}
	return NULL;
}
