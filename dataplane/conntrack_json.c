/* SPDX-License-Identifier: BSD-3-Clause */
/* The conntrack document of the control socket: the live sessions, read
 * from the worker's table while it runs. */
#include <arpa/inet.h>
#include <netinet/in.h>
#include <string.h>

#include "control_json.h"
#include "ct_table.h"
#include "pkt_meta.h"

static void put(struct json_object *o, const char *k, struct json_object *v)
{
	json_object_object_add(o, k, v);
}

/* A copy of the session in slot i, or false when the slot is free. The
 * worker may be writing it: a key that changed during the copy is read
 * again, so that the addresses shown belong together; the counters of a
 * busy session are as fresh as the copy. */
static bool copy_session(const struct ct_table *t, uint32_t i, struct ct_session *out)
{
	for (int tries = 0; tries < 4; tries++) {
		const struct ct_session *s = ct_table_slot(t, i);

		if (!s)
			return false;
		memcpy(out, s, sizeof(*out));
		__atomic_thread_fence(__ATOMIC_ACQUIRE);
		if (out->used && memcmp(&out->key, &s->key, sizeof(out->key)) == 0)
			return true;
	}
	return false;
}

/* Endpoint ep of a session: its guest, address and port (or ICMP id). */
static struct json_object *endpoint_json(const struct dataplane *dp, const struct ct_key *k,
					 int ep)
{
	struct json_object *o = json_object_new_object();
	uint16_t guest = ep == 0 ? k->zone >> 8 : k->zone & 0xff;
	char addr[INET6_ADDRSTRLEN] = "?";

	inet_ntop(k->family == 4 ? AF_INET : AF_INET6, k->addr[ep], addr, sizeof(addr));
	put(o, "guest", guest < dp->topo->n_guests
			? json_object_new_string(dp->topo->guests[guest].name) : NULL);
	put(o, "addr", json_object_new_string(addr));
	put(o, k->proto == IPPROTO_TCP || k->proto == IPPROTO_UDP ? "port" : "id",
	    json_object_new_int(k->port[ep]));
	return o;
}

static const char *proto_name(uint8_t proto)
{
	switch (proto) {
	case IPPROTO_TCP: return "tcp";
	case IPPROTO_UDP: return "udp";
	case IPPROTO_ICMP: return "icmp";
	case IPPROTO_ICMPV6: return "icmpv6";
	default: return "?";
	}
}

static struct json_object *session_json(const struct dataplane *dp, const struct ct_session *s,
					uint64_t now, uint64_t hz)
{
	const struct dp_policy *pol = dp->policy;
	struct json_object *o = json_object_new_object();
	int orig = s->orig ? 1 : 0;

	put(o, "proto", json_object_new_string(proto_name(s->key.proto)));
	put(o, "from", endpoint_json(dp, &s->key, orig));
	put(o, "to", endpoint_json(dp, &s->key, !orig));
	put(o, "state", json_object_new_string(ct_state_name((enum ct_state)s->state)));
	/* A session allowed by an earlier policy is checked again at its
	 * next frame; until then its rule number means nothing now. */
	put(o, "rule", s->generation == pol->generation && s->rule >= 1 &&
		       s->rule <= pol->cfg->policy.n_rules
		       ? json_object_new_string(pol->cfg->policy.rules[s->rule - 1].name)
		       : NULL);
	put(o, "expires_in_s", json_object_new_uint64(s->expiry > now
						       ? (s->expiry - now) / hz : 0));
	put(o, "packets", json_object_new_uint64(s->packets[0]));
	put(o, "bytes", json_object_new_uint64(s->bytes[0]));
	put(o, "reply_packets", json_object_new_uint64(s->packets[1]));
	put(o, "reply_bytes", json_object_new_uint64(s->bytes[1]));
	return o;
}

struct json_object *conntrack_sessions_json(const struct dataplane *dp, uint16_t guest,
					    uint32_t limit, uint64_t now, uint64_t hz)
{
	struct json_object *doc = json_object_new_object();
	struct json_object *a = json_object_new_array();
	uint32_t cap = ct_table_capacity(dp->ct), matched = 0;
	struct ct_session s;

	for (uint32_t i = 0; i < cap; i++) {
		if (!copy_session(dp->ct, i, &s) || s.expiry <= now)
			continue;
		if (guest != VG_GUEST_NONE && s.key.zone >> 8 != guest &&
		    (s.key.zone & 0xff) != guest)
			continue;
		if (matched++ < limit)
			json_object_array_add(a, session_json(dp, &s, now, hz));
	}
	put(doc, "sessions", a);
	put(doc, "matched", json_object_new_uint64(matched));
	put(doc, "shown", json_object_new_uint64(json_object_array_length(a)));
	put(doc, "capacity", json_object_new_uint64(cap));
	return doc;
}
